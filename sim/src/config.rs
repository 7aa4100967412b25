//! How a simulated phone is set up: its brand, accounts, auth mode, the brand's switches
//! (allow list, on-screen prompt, REST API), quirks, faults, and the CLI flags that set them
//! (read with `lexopt`).
//!
//! ```
//! use htek_sim::{parse_args, AuthMode, Brand};
//!
//! let args = ["--auth", "digest", "--listen", "127.0.0.1:9000"].map(String::from);
//! let (listen, config, _faults) = parse_args(args)?;
//! assert_eq!(listen, "127.0.0.1:9000");
//! assert_eq!(config.auth, AuthMode::Digest);
//! assert!(parse_args(["--listen", "0.0.0.0:80"].map(String::from)).is_err());
//! let (_, yealink, _) = parse_args(["--brand", "yealink", "--no-prompt"].map(String::from))?;
//! assert_eq!((yealink.brand, yealink.realm.as_str()), (Brand::Yealink, "Yealink"));
//! assert!(!yealink.remote_control_prompt);
//! # Ok::<(), String>(())
//! ```

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use crate::auth::{AuthMode, Credential, Role};
use crate::brand::Brand;

/// The default `--listen` address.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8088";

/// The default allow list: this computer, by either loopback address.
pub const DEFAULT_ALLOW_IPS: &str = "127.0.0.1,::1";

/// Which phone it is, how it checks logins, its brand's switches, and whether it prints its log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Whose phone this is: which requests it answers and how, which events it sends. Htek by
    /// default.
    pub brand: Brand,
    /// HTTP auth for Htek and Snom; Yealink, Fanvil and Poly ask Basic whatever this says,
    /// Grandstream asks none.
    pub auth: AuthMode,
    pub realm: String,
    pub accounts: Vec<Credential>,
    /// The first Action URI request gets a 401 whatever its credentials, as some phones do.
    pub first_401: bool,
    /// No JSON log lines on stdout.
    pub quiet: bool,
    /// Keep connections open after an answer (`Connection: keep-alive`) and serve the next
    /// request on them, as many embedded web servers do; off: one request per connection.
    pub keep_alive: bool,
    /// The Action URL per event, named as the brand's configuration names it (Htek
    /// `incoming_call`, Yealink `action_url.incoming_call`, Snom `action_incoming_url`, ...:
    /// [`Brand::events`]), with `$variables`; loopback targets only
    /// ([`crate::events::check_url_in`]).
    pub action_urls: BTreeMap<String, String>,
    /// The computers allowed to send commands, for the brands that check (Yealink
    /// `features.action_uri_limit_ip`, Fanvil "Active URI limit IP", Grandstream "Action URI
    /// Allowed IP List"): addresses and IPv4
    /// patterns with `*` per octet, separated by commas, or `any`; empty allows none. This
    /// computer by default.
    pub allow_ips: String,
    /// Yealink `features.show_action_uri_option`: the first command from a computer not yet
    /// trusted asks "Allow remote control?" on the screen and is refused until OK is pressed
    /// there (`/__sim/screen?press=OK`). On by default.
    pub remote_control_prompt: bool,
    /// Computers the Yealink already trusts (OK was pressed for them), from the start and after
    /// each reset.
    pub trusted: Vec<IpAddr>,
    /// Poly `apps.restapi.enabled`: off, every `/api/` path is 404. On by default.
    pub rest_api: bool,
    /// Snom: whether the phone carries out HTTP commands (`command.htm`); off, as on newer
    /// models or with the HTTP server's remote control switched off, it answers 403 (the
    /// setting's name and the exact answer are not confirmed). On by default.
    pub http_commands: bool,
    /// Serve HTTPS with a self-signed certificate made at start (phones' web interfaces on
    /// HTTPS), instead of plain HTTP.
    pub tls: bool,
}

impl Default for Config {
    /// An Htek phone: Basic auth, realm "Htek", the factory accounts admin/admin (Admin) and
    /// user/1234 (Dialer); for the other brands' switches: this computer allowed, the Yealink
    /// prompt on, nobody trusted yet, the Poly REST API on.
    fn default() -> Config {
        Config {
            brand: Brand::Htek,
            auth: AuthMode::Basic,
            realm: "Htek".to_string(),
            accounts: vec![
                Credential::new("admin", "admin", Role::Admin),
                Credential::new("user", "1234", Role::Dialer),
            ],
            first_401: false,
            quiet: false,
            keep_alive: false,
            action_urls: BTreeMap::new(),
            allow_ips: DEFAULT_ALLOW_IPS.to_string(),
            remote_control_prompt: true,
            trusted: Vec::new(),
            rest_api: true,
            http_commands: true,
            tls: false,
        }
    }
}

impl Config {
    /// The default setup for a phone of `brand`: its realm ([`Brand::realm`]), everything else
    /// as [`Config::default`].
    ///
    /// ```
    /// use htek_sim::{Brand, Config};
    ///
    /// let snom = Config { quiet: true, ..Config::for_brand(Brand::Snom) };
    /// assert_eq!((snom.brand, snom.realm.as_str()), (Brand::Snom, "snom"));
    /// assert_eq!(Config::for_brand(Brand::Htek), Config::default());
    /// ```
    pub fn for_brand(brand: Brand) -> Config {
        Config {
            brand,
            realm: brand.realm().to_string(),
            ..Config::default()
        }
    }
}

/// Faults injected on demand into Action URI requests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Faults {
    /// Sleep this long before answering each Action URI request.
    pub delay: Duration,
    /// Close the next this-many Action URI connections without any answer.
    pub drop_next: u32,
    /// Carry out the next this-many accepted commands, then close the connection without an
    /// answer: a phone whose web server fails after it acted (did the client send it again?).
    pub silent_next: u32,
}

/// The usage text of the `htek-sim` binary.
pub fn usage() -> &'static str {
    "Usage: htek-sim [OPTIONS]

A simulated IP desk phone on a loopback address: an Htek by default, answering the Action URI
(/Phone_ActionURL&Command=1&Number=206&Account=1), or another brand's phone (--brand).

Options:
  --brand NAME         htek (default), yealink, snom, grandstream, fanvil or poly
  --listen ADDR        address to listen on, loopback only (default 127.0.0.1:8088)
  --auth basic|digest  authentication the phone asks for (default basic; Htek and Snom only:
                       Yealink, Fanvil and Poly ask Basic, Grandstream the password in the query)
  --admin USER:PASS    an account that may do everything (default admin:admin; repeatable)
  --dialer USER:PASS   an account that may only dial and hang up (default user:1234; repeatable)
  --realm R            realm in the challenges (default the brand's: Htek, Yealink, snom, ...)
  --first-401          answer the first phone request with 401, as some phones do
  --delay-ms N         wait N milliseconds before answering each phone request
  --drop N             close the next N phone connections without answering
  --silent N           carry out the next N commands, then close without answering
  --keep-alive         keep connections open for further requests (default: close)
  --quiet              do not print JSON log lines on stdout
  --action-url EVENT=URL
                       send GET URL (its $variables replaced) on EVENT, named as the brand's
                       configuration names it, e.g.
                       incoming_call=http://127.0.0.1:8765/TOKEN/incoming_call?remote=$remote
                       (Yealink action_url.incoming_call, Snom action_incoming_url, Poly
                       apps.telNotification.incomingEvent: an XML POST; loopback only; repeatable)
  --allow-ip LIST      Yealink, Fanvil and Grandstream allow list: addresses or 10.1.*.*
                       patterns, commas between, or any (default 127.0.0.1,::1); others get
                       403 (Grandstream: an error body with HTTP 200)
  --no-prompt          Yealink: never ask \"Allow remote control?\" (show_action_uri_option=0)
  --trust IP           Yealink: this computer is already trusted (repeatable)
  --no-rest-api        Poly: the REST API is off (apps.restapi.enabled=0): /api/ paths are 404
  --no-http-commands   Snom: HTTP commands are refused (403), as on newer models
  --tls                HTTPS with a self-signed certificate made at start, as phones serve
                       their web interface (a browser must accept it once)
  --help               print this help

The brands' phone requests:
  htek         GET /Phone_ActionURL&Command=1&Number=N&Account=A   Command=2   key=K
  yealink      GET /servlet?key=number=N[&outgoing_uri=201@pbx.example]   key=CALLEND   key=OK
  snom         GET /command.htm?number=N[&outgoing_uri=URI]   key=CANCEL   key=ENTER   key_dtmf=D
  grandstream  GET /cgi-bin/api-make_call?phonenumber=N&account=0&passcode=P
               /cgi-bin/api-phone_operation?cmd=endcall&passcode=P   api-send_key?keys=K&passcode=P
               /cgi-bin/api-get_line_status?passcode=P
  fanvil       GET /cgi-bin/ConfigManApp.com?key=N;ENTER   key=RELEASE   key=F_HOLD
  poly         POST /api/v1/callctrl/dial {\"data\":{\"Dest\":\"N\",\"Line\":\"1\",\"Type\":\"TEL\"}}
               GET /api/v1/webCallControl/callStatus   POST /api/v1/callctrl/endCall {\"data\":{\"Ref\":\"R\"}}
               POST /api/v1/callctrl/sendDTMF {\"data\":{\"Digits\":\"D\"}}   (Basic, user Polycom)

Control paths (no auth): /__sim/status /__sim/state /__sim/log
  /__sim/faults?delay_ms=N&drop=N&silent=N /__sim/reset
  GET|POST /__sim/action-urls ({\"event\": \"url\"}), GET /__sim/events-sent
  POST /__sim/ring?number=N&name=X[&remote=R] /__sim/answer /__sim/hangup
  GET /__sim/screen   POST /__sim/screen?press=OK|CANCEL   (Yealink: \"Allow remote control?\")
"
}

/// What the `htek-sim` command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Invocation {
    /// Run a phone on `listen`, set up as `config`, with `faults` from the start.
    Run {
        listen: String,
        config: Config,
        faults: Faults,
    },
    /// Print the usage text.
    Help,
}

/// A CLI flag problem.
#[derive(Clone, Debug, PartialEq, Eq)]
enum ArgError {
    Unknown(String),
    MissingValue(&'static str),
    NoValueWanted(&'static str),
    BadValue(&'static str, String, &'static str),
    NotLoopback(String),
    /// What `lexopt` could not read (e.g. `-x=1` after a short flag).
    Unreadable(String),
    /// An `--action-url` event the brand's configuration does not name.
    UnknownEvent(crate::brand::Brand, String),
}

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgError::Unknown(flag) => write!(f, "unknown flag {flag}"),
            ArgError::MissingValue(flag) => write!(f, "{flag} needs a value"),
            ArgError::NoValueWanted(flag) => write!(f, "{flag} takes no value"),
            ArgError::BadValue(flag, value, expected) => {
                write!(f, "{flag} {value:?}: expected {expected}")
            }
            ArgError::NotLoopback(addr) => write!(
                f,
                "--listen {addr}: not a loopback address; the simulator only listens on 127.0.0.0/8 or ::1"
            ),
            ArgError::Unreadable(why) => f.write_str(why),
            ArgError::UnknownEvent(brand, event) => write!(
                f,
                "--action-url {event}: not an event of the {brand} phone's configuration"
            ),
        }
    }
}

/// Reads the binary's flags (without the program name), with `lexopt`.
///
/// # Errors
///
/// A message naming the bad flag and what it expects, followed by the usage text.
pub fn parse_command_line(
    args: impl IntoIterator<Item = impl Into<OsString>>,
) -> Result<Invocation, String> {
    parse(args).map_err(|e| format!("htek-sim: {e}\n\n{}", usage()))
}

/// Parses the binary's flags (without the program name) into the listen address, the config
/// and the initial faults.
///
/// # Errors
///
/// A message naming the bad flag followed by the usage text; `--help` also returns the usage.
pub fn parse_args(
    args: impl IntoIterator<Item = String>,
) -> Result<(String, Config, Faults), String> {
    match parse_command_line(args)? {
        Invocation::Run {
            listen,
            config,
            faults,
        } => Ok((listen, config, faults)),
        Invocation::Help => Err(usage().to_string()),
    }
}

fn parse(args: impl IntoIterator<Item = impl Into<OsString>>) -> Result<Invocation, ArgError> {
    use lexopt::Arg::{Long, Short, Value};
    let mut parser = lexopt::Parser::from_args(args);
    let mut listen = None;
    let mut config = Config::default();
    let mut faults = Faults::default();
    let mut admins = Vec::new();
    let mut dialers = Vec::new();
    let mut realm = None;
    let mut action_urls = Vec::new();
    while let Some(arg) = parser
        .next()
        .map_err(|e| ArgError::Unreadable(e.to_string()))?
    {
        match arg {
            Long("help") | Short('h') => return Ok(Invocation::Help),
            Long("first-401") => {
                switch(&mut parser, "--first-401")?;
                config.first_401 = true;
            }
            Long("quiet") => {
                switch(&mut parser, "--quiet")?;
                config.quiet = true;
            }
            Long("keep-alive") => {
                switch(&mut parser, "--keep-alive")?;
                config.keep_alive = true;
            }
            Long("listen") => listen = Some(listen_addr(&value(&mut parser, "--listen")?)?),
            Long("auth") => config.auth = auth_mode(&value(&mut parser, "--auth")?)?,
            Long("admin") => admins.push(account(
                "--admin",
                &value(&mut parser, "--admin")?,
                Role::Admin,
            )?),
            Long("dialer") => dialers.push(account(
                "--dialer",
                &value(&mut parser, "--dialer")?,
                Role::Dialer,
            )?),
            Long("realm") => realm = Some(value(&mut parser, "--realm")?),
            Long("action-url") => action_urls.push(value(&mut parser, "--action-url")?),
            Long("brand") => {
                let name = value(&mut parser, "--brand")?;
                config.brand = name.parse().map_err(|_| {
                    ArgError::BadValue(
                        "--brand",
                        name,
                        "htek, yealink, snom, grandstream, fanvil or poly",
                    )
                })?;
            }
            Long("allow-ip") => config.allow_ips = value(&mut parser, "--allow-ip")?,
            Long("no-prompt") => {
                switch(&mut parser, "--no-prompt")?;
                config.remote_control_prompt = false;
            }
            Long("trust") => {
                let ip = value(&mut parser, "--trust")?;
                let parsed = ip
                    .parse::<IpAddr>()
                    .map_err(|_| ArgError::BadValue("--trust", ip, "an IP address"))?;
                config.trusted.push(parsed);
            }
            Long("tls") => {
                switch(&mut parser, "--tls")?;
                config.tls = true;
            }
            Long("no-rest-api") => {
                switch(&mut parser, "--no-rest-api")?;
                config.rest_api = false;
            }
            Long("no-http-commands") => {
                switch(&mut parser, "--no-http-commands")?;
                config.http_commands = false;
            }
            Long("delay-ms") => {
                let ms = number::<u64>("--delay-ms", &value(&mut parser, "--delay-ms")?)?;
                faults.delay = Duration::from_millis(ms);
            }
            Long("drop") => {
                faults.drop_next = number::<u32>("--drop", &value(&mut parser, "--drop")?)?;
            }
            Long("silent") => {
                faults.silent_next = number::<u32>("--silent", &value(&mut parser, "--silent")?)?;
            }
            Long(other) => return Err(ArgError::Unknown(format!("--{other}"))),
            Short(other) => return Err(ArgError::Unknown(format!("-{other}"))),
            Value(other) => return Err(ArgError::Unknown(other.to_string_lossy().into_owned())),
        }
    }
    if !admins.is_empty() || !dialers.is_empty() {
        config.accounts = merged_accounts(admins, dialers);
    }
    config.realm = realm.unwrap_or_else(|| Config::for_brand(config.brand).realm);
    for pair in action_urls {
        let (event, url) = action_url(config.brand, &pair)?;
        config.action_urls.insert(event, url);
    }
    Ok(Invocation::Run {
        listen: listen.unwrap_or_else(|| DEFAULT_LISTEN.to_string()),
        config,
        faults,
    })
}

/// A flag without a value: `--quiet=yes` is refused.
fn switch(parser: &mut lexopt::Parser, flag: &'static str) -> Result<(), ArgError> {
    match parser.optional_value() {
        Some(_) => Err(ArgError::NoValueWanted(flag)),
        None => Ok(()),
    }
}

/// The flag's value: after `=`, or the next argument.
fn value(parser: &mut lexopt::Parser, flag: &'static str) -> Result<String, ArgError> {
    let value = parser.value().map_err(|_| ArgError::MissingValue(flag))?;
    value
        .into_string()
        .map_err(|v| ArgError::BadValue(flag, v.to_string_lossy().into_owned(), "UTF-8 text"))
}

/// Given accounts replace the defaults of their role; roles not given keep their default.
fn merged_accounts(admins: Vec<Credential>, dialers: Vec<Credential>) -> Vec<Credential> {
    let defaults = Config::default().accounts;
    let keep = |role: Role, given: Vec<Credential>| {
        if given.is_empty() {
            defaults
                .iter()
                .filter(|c| c.role == role)
                .cloned()
                .collect()
        } else {
            given
        }
    };
    let mut accounts = keep(Role::Admin, admins);
    accounts.extend(keep(Role::Dialer, dialers));
    accounts
}

/// `EVENT=URL`, the event one of `brand`'s and the URL to loopback.
fn action_url(brand: Brand, v: &str) -> Result<(String, String), ArgError> {
    let bad = |why: &'static str| ArgError::BadValue("--action-url", v.to_string(), why);
    let (event, url) = v.split_once('=').ok_or_else(|| bad("EVENT=URL"))?;
    crate::events::check_url_in(brand.events(), event, url).map_err(|e| match e {
        crate::events::UrlError::UnknownEvent(_) if brand == Brand::Htek => {
            bad("a known event, e.g. incoming_call")
        }
        crate::events::UrlError::UnknownEvent(_) => ArgError::UnknownEvent(brand, event.into()),
        crate::events::UrlError::NotLoopback(_) => bad("a URL to a loopback address"),
        crate::events::UrlError::NotHttp => bad("an http:// URL"),
    })?;
    Ok((event.to_string(), url.to_string()))
}

fn number<T: std::str::FromStr>(flag: &'static str, v: &str) -> Result<T, ArgError> {
    v.parse()
        .map_err(|_| ArgError::BadValue(flag, v.to_string(), "a whole number"))
}

fn auth_mode(v: &str) -> Result<AuthMode, ArgError> {
    match v {
        "basic" => Ok(AuthMode::Basic),
        "digest" => Ok(AuthMode::Digest),
        _ => Err(ArgError::BadValue(
            "--auth",
            v.to_string(),
            "basic or digest",
        )),
    }
}

fn account(flag: &'static str, v: &str, role: Role) -> Result<Credential, ArgError> {
    match v.split_once(':') {
        Some((user, pass)) if !user.is_empty() => Ok(Credential::new(user, pass, role)),
        _ => Err(ArgError::BadValue(flag, v.to_string(), "USER:PASS")),
    }
}

/// An `IP:PORT` (or `localhost:PORT`) on loopback, normalized.
fn listen_addr(v: &str) -> Result<String, ArgError> {
    let candidate = match v.strip_prefix("localhost:") {
        Some(port) => format!("127.0.0.1:{port}"),
        None => v.to_string(),
    };
    let addr: SocketAddr = candidate.parse().map_err(|_| {
        ArgError::BadValue("--listen", v.to_string(), "IP:PORT, e.g. 127.0.0.1:8088")
    })?;
    if addr.ip().to_canonical().is_loopback() {
        Ok(addr.to_string())
    } else {
        Err(ArgError::NotLoopback(v.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn good_flags_table() {
        type Check = fn(&(String, Config, Faults)) -> bool;
        let cases: &[(&[&str], Check)] = &[
            (&[], |(l, c, f)| {
                l == DEFAULT_LISTEN && *c == Config::default() && *f == Faults::default()
            }),
            (&["--listen", "127.0.0.2:1"], |(l, ..)| l == "127.0.0.2:1"),
            (&["--listen=[::1]:9"], |(l, ..)| l == "[::1]:9"),
            (&["--listen", "localhost:80"], |(l, ..)| l == "127.0.0.1:80"),
            (&["--auth", "digest"], |(_, c, _)| {
                c.auth == AuthMode::Digest
            }),
            (&["--auth=basic"], |(_, c, _)| c.auth == AuthMode::Basic),
            (&["--realm", "Office"], |(_, c, _)| c.realm == "Office"),
            (&["--first-401", "--quiet"], |(_, c, _)| {
                c.first_401 && c.quiet
            }),
            (&["--delay-ms", "250"], |(.., f)| {
                f.delay == Duration::from_millis(250)
            }),
            (&["--drop", "3"], |(.., f)| f.drop_next == 3),
            (&["--silent", "2"], |(.., f)| f.silent_next == 2),
            (&["--keep-alive"], |(_, c, _)| c.keep_alive),
            (&["--brand", "yealink"], |(_, c, _)| {
                c.brand == Brand::Yealink && c.realm == "Yealink"
            }),
            (&["--brand=snom", "--realm", "Office"], |(_, c, _)| {
                c.brand == Brand::Snom && c.realm == "Office"
            }),
            (&["--realm", "Office", "--brand", "poly"], |(_, c, _)| {
                c.realm == "Office" && c.rest_api
            }),
            (&["--brand", "poly", "--no-rest-api"], |(_, c, _)| {
                !c.rest_api
            }),
            (&["--allow-ip", "10.1.*.*,any"], |(_, c, _)| {
                c.allow_ips == "10.1.*.*,any"
            }),
            (&["--no-prompt"], |(_, c, _)| !c.remote_control_prompt),
            (&["--brand", "snom", "--no-http-commands"], |(_, c, _)| {
                !c.http_commands
            }),
            (&["--trust", "127.0.0.1", "--trust=::1"], |(_, c, _)| {
                c.trusted
                    == [
                        IpAddr::from([127, 0, 0, 1]),
                        IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
                    ]
            }),
            (
                &[
                    "--action-url",
                    "action_url.incoming_call=http://127.0.0.1:9/x",
                    "--brand",
                    "yealink",
                ],
                |(_, c, _)| c.action_urls.contains_key("action_url.incoming_call"),
            ),
            (
                &[
                    "--brand",
                    "snom",
                    "--action-url",
                    "action_incoming_url=http://127.0.0.1:9/i?id=$call-id",
                ],
                |(_, c, _)| {
                    c.action_urls.get("action_incoming_url").map(String::as_str)
                        == Some("http://127.0.0.1:9/i?id=$call-id")
                },
            ),
            (&["--admin", "boss:s:e:c"], |(_, c, _)| {
                c.accounts
                    == vec![
                        Credential::new("boss", "s:e:c", Role::Admin),
                        Credential::new("user", "1234", Role::Dialer),
                    ]
            }),
            (&["--dialer", "a:1", "--dialer=b:"], |(_, c, _)| {
                c.accounts
                    == vec![
                        Credential::new("admin", "admin", Role::Admin),
                        Credential::new("a", "1", Role::Dialer),
                        Credential::new("b", "", Role::Dialer),
                    ]
            }),
        ];
        for (list, check) in cases {
            let parsed = parse_args(args(list));
            assert!(parsed.as_ref().is_ok_and(check), "{list:?} -> {parsed:?}");
        }
    }

    #[test]
    fn bad_flags_table() {
        let cases: &[(&[&str], ArgError)] = &[
            (&["--bogus"], ArgError::Unknown("--bogus".into())),
            (&["206"], ArgError::Unknown("206".into())),
            (&["--listen"], ArgError::MissingValue("--listen")),
            (
                &["--auth", "ntlm"],
                ArgError::BadValue("--auth", "ntlm".into(), "basic or digest"),
            ),
            (
                &["--delay-ms", "-1"],
                ArgError::BadValue("--delay-ms", "-1".into(), "a whole number"),
            ),
            (
                &["--drop", "x"],
                ArgError::BadValue("--drop", "x".into(), "a whole number"),
            ),
            (
                &["--admin", "nocolon"],
                ArgError::BadValue("--admin", "nocolon".into(), "USER:PASS"),
            ),
            (
                &["--dialer", ":pw"],
                ArgError::BadValue("--dialer", ":pw".into(), "USER:PASS"),
            ),
            (&["--quiet=yes"], ArgError::NoValueWanted("--quiet")),
            (
                &["--listen", "0.0.0.0:8088"],
                ArgError::NotLoopback("0.0.0.0:8088".into()),
            ),
            (
                &["--listen", "192.168.0.124:80"],
                ArgError::NotLoopback("192.168.0.124:80".into()),
            ),
            (
                &["--listen", "[::]:80"],
                ArgError::NotLoopback("[::]:80".into()),
            ),
            (
                &["--listen", "phone.local:80"],
                ArgError::BadValue(
                    "--listen",
                    "phone.local:80".into(),
                    "IP:PORT, e.g. 127.0.0.1:8088",
                ),
            ),
            (&["-x"], ArgError::Unknown("-x".into())),
            (&["--keep-alive=1"], ArgError::NoValueWanted("--keep-alive")),
            (
                &["--brand", "Yealink"],
                ArgError::BadValue(
                    "--brand",
                    "Yealink".into(),
                    "htek, yealink, snom, grandstream, fanvil or poly",
                ),
            ),
            (&["--brand"], ArgError::MissingValue("--brand")),
            (
                &["--trust", "localhost"],
                ArgError::BadValue("--trust", "localhost".into(), "an IP address"),
            ),
            (&["--no-prompt=1"], ArgError::NoValueWanted("--no-prompt")),
            (
                &[
                    "--brand",
                    "snom",
                    "--action-url",
                    "incoming_call=http://127.0.0.1/",
                ],
                ArgError::UnknownEvent(Brand::Snom, "incoming_call".into()),
            ),
            (
                &["--action-url", "action_incoming_url=http://127.0.0.1/"],
                ArgError::BadValue(
                    "--action-url",
                    "action_incoming_url=http://127.0.0.1/".into(),
                    "a known event, e.g. incoming_call",
                ),
            ),
        ];
        for (list, expected) in cases {
            assert_eq!(parse(args(list)).err().as_ref(), Some(expected), "{list:?}");
        }
        for help in [&["--help"][..], &["-h"], &["--quiet", "--help", "--bogus"]] {
            assert_eq!(parse(args(help)), Ok(Invocation::Help), "{help:?}");
        }
    }

    #[test]
    fn usage_names_every_brand_and_its_control_endpoints() {
        for brand in Brand::ALL {
            assert!(usage().contains(&format!("  {}", brand.id())), "{brand}");
        }
        for path in [
            "/__sim/screen",
            "press=OK",
            "--brand",
            "--allow-ip",
            "--no-rest-api",
        ] {
            assert!(usage().contains(path), "{path}");
        }
    }

    #[test]
    fn error_text_names_the_flag_and_shows_usage() {
        let msg = parse_args(args(&["--frobnicate"]))
            .err()
            .unwrap_or_default();
        assert!(
            msg.starts_with("htek-sim: unknown flag --frobnicate\n"),
            "{msg}"
        );
        assert!(msg.ends_with(usage()), "{msg}");
        let brand = parse_args(args(&[
            "--brand",
            "snom",
            "--action-url",
            "x=http://127.0.0.1/",
        ]))
        .err()
        .unwrap_or_default();
        assert!(
            brand.starts_with(
                "htek-sim: --action-url x: not an event of the Snom phone's configuration\n"
            ),
            "{brand}"
        );
        assert_eq!(
            parse_args(args(&["--help"])).err().as_deref(),
            Some(usage())
        );
    }
}
