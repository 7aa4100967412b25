//! The commands sent to the phone: a found or typed number turned into the prepared [`Call`]
//! (the request for the phone's brand, the credentials, the outcome if it works, the number's
//! facts for the dial policy), the other commands (hang up, a key, a DTMF tone, the connection
//! check), and the double-click [`RepeatGuard`]. [`outcome`] is what a command came to, in words for the user; [`dispatch`]
//! is what happens to a command from the request to its outcome (policy, guard, cancel window,
//! DTMF, history), with no I/O.
//!
//! ```
//! use click_to_dial::command::{dial_call, Source};
//! use click_to_dial::settings::Settings;
//! let settings = Settings {
//!     phone_address: "192.168.0.124".into(),
//!     credentials_for: "http://192.168.0.124".into(),
//!     ..Settings::default()
//! };
//! let call = dial_call(&settings, "+1 206 555 0100", Source::Page, None, "en-US").unwrap();
//! assert_eq!(call.request.target, "/Phone_ActionURL&Command=1&Number=12065550100");
//! ```

pub mod dispatch;
pub mod outcome;

use crate::auth::Credentials;
use crate::command::outcome::{CommandKind, Outcome};
use crate::detect::parse;
use crate::dial::rules::{plan, split_extension, DialingRules};
use crate::dial::{policy, rules};
use crate::phone::exchange::Finish;
use crate::phone::profile::{Command, PhoneRequest};
use crate::phone::{Account, Brand, DialString, Key, Tones};
use crate::settings::Settings;

/// A command ready to send to the user's phone, and what to tell the user when it succeeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub request: PhoneRequest,
    /// The phone's brand: how its answers end in words.
    pub brand: Brand,
    pub credentials: Credentials,
    /// The phone's address as shown to the user.
    pub phone: String,
    pub kind: CommandKind,
    pub on_success: Outcome,
    /// Tones to send as DTMF keys once the call is answered (an extension, a meeting's code).
    pub dtmf: Option<Tones>,
    /// For a dial, what dials it again the same way ([`Dialed::again`]), kept in the history.
    pub again: Option<String>,
    /// What the numbering plans say about the number dialed (nothing for other commands),
    /// for the [`policy`].
    pub facts: policy::Facts,
}

/// Whether the text to dial must be a number the finder recognises (a page's click) or may
/// also be a short internal number or code typed by the user (the popup).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Page,
    Typed,
}

/// A number to dial after the dialing rules: what the user sees and what the phone gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dialed {
    /// The number as shown: E.164 when the finder read it, else the typed digits.
    pub shown: String,
    pub dial: DialString,
    pub dtmf: Option<Tones>,
    /// Costly, a feature code, abroad: for the [`policy`].
    pub facts: policy::Facts,
    /// What dials it again the same way, for the history's Redial: `shown` and what was read
    /// with it (`+49301234567;ext=42`, a meeting's code `+16465588656,,85012345678#`).
    pub again: String,
}

/// Applies the dialing rules of `settings` to `text`.
///
/// # Errors
/// [`Outcome::NotANumber`] when `text` is not a number (or, typed, has nothing to dial).
pub fn dialed(
    settings: &Settings,
    text: &str,
    source: Source,
    browser_language: &str,
) -> Result<Dialed, Outcome> {
    let not_a_number = || Outcome::NotANumber {
        text: text.chars().take(40).collect(),
    };
    let home = settings.home_region(browser_language);
    let cleaned = strip_scheme(text.trim());
    let (main, extension) = split_extension(cleaned);
    let rules: &DialingRules = &settings.dialing;
    if let Ok(number) = parse(main, Some(home)) {
        let plan = plan(&number, extension, home, rules).map_err(|_| not_a_number())?;
        let shown = number.e164();
        let again = match extension.or(number.extension.as_deref()) {
            Some(code) if code.starts_with(',') => format!("{shown}{code}"),
            Some(ext) if !ext.is_empty() => format!("{shown};ext={ext}"),
            _ => shown.clone(),
        };
        return Ok(Dialed {
            again,
            shown,
            facts: policy::Facts::of(&number, home, plan.dial.as_str()),
            dial: plan.dial,
            dtmf: plan.dtmf,
        });
    }
    if source == Source::Page {
        return Err(not_a_number());
    }
    // Typed: an internal number or a code (206, *97#), dialed as typed, after the rewrite rules.
    let typed = DialString::reduce(cleaned).map_err(|_| not_a_number())?;
    let dial = rules::rewrite(typed.as_str(), &rules.rewrite).map_err(|_| not_a_number())?;
    Ok(Dialed {
        again: typed.to_string(),
        shown: typed.to_string(),
        facts: policy::Facts::of_code(dial.as_str()),
        dial,
        dtmf: None,
    })
}

/// `tel:`, `callto:` and `sip:` links pasted whole.
fn strip_scheme(text: &str) -> &str {
    for scheme in ["tel:", "callto:", "sip:"] {
        if text
            .get(..scheme.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(scheme))
        {
            let rest = &text[scheme.len()..];
            return rest.split('@').next().unwrap_or(rest);
        }
    }
    text
}

/// Prepares dialing `text` (a number as a page or the user wrote it) with `settings`, on
/// `account` (else the one in the settings).
///
/// Every command is built here and in [`hang_up_call`], [`key_call`], [`probe_call`], and none
/// is built when the settings' credentials were typed for another phone than the one set
/// ([`Settings::credentials_for`]): the login goes to no other host.
///
/// # Errors
/// The outcome to tell the user instead: the phone is not set up, its credentials were saved
/// for another address ([`Outcome::CredentialsForAnotherPhone`]), or `text` is not a number.
pub fn dial_call(
    settings: &Settings,
    text: &str,
    source: Source,
    account: Option<Account>,
    browser_language: &str,
) -> Result<Call, Outcome> {
    let dialed = dialed(settings, text, source, browser_language)?;
    let command = Command::Dial {
        number: dialed.dial.clone(),
        account: account.unwrap_or(settings.account),
    };
    let mut call = call(settings, &command, CommandKind::Dial, |phone| {
        Outcome::Dialing {
            number: dialed.shown.clone(),
            dialed: dialed.dial.to_string(),
            phone,
        }
    })?;
    call.dtmf = dialed.dtmf;
    call.facts = dialed.facts;
    call.again = Some(dialed.again);
    Ok(call)
}

/// What the options page's rule tester shows: what `text` dials with `settings`, and which
/// rewrite rule (its index) fired, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleTrial {
    pub dialed: Dialed,
    pub fired: Option<usize>,
}

/// Dials `text` on paper, as typed in the popup, and says which rewrite rule fired.
///
/// # Errors
/// The outcome that dialing it would have ([`Outcome::NotANumber`]).
pub fn try_rules(
    settings: &Settings,
    text: &str,
    browser_language: &str,
) -> Result<RuleTrial, Outcome> {
    let dialed = dialed(settings, text, Source::Typed, browser_language)?;
    let mut unruled = settings.clone();
    unruled.dialing.rewrite.clear();
    let before = self::dialed(&unruled, text, Source::Typed, browser_language)?;
    let fired = settings
        .dialing
        .rewrite
        .iter()
        .position(|rule| rule.apply(before.dial.as_str()).is_some());
    Ok(RuleTrial { dialed, fired })
}

/// Prepares hanging up with `settings`.
///
/// # Errors
/// [`Outcome::NotConfigured`] while the phone is not set up.
pub fn hang_up_call(settings: &Settings) -> Result<Call, Outcome> {
    call(settings, &Command::HangUp, CommandKind::HangUp, |phone| {
        Outcome::HungUp { phone }
    })
}

/// Prepares the connection check: the brand's request that proves address, brand and login
/// without dialing or pressing anything (Htek: the bare Action URI path, which the phone
/// authenticates and then refuses as "no command"; see each brand's module).
///
/// # Errors
/// [`Outcome::NotConfigured`] while the phone is not set up.
pub fn probe_call(settings: &Settings) -> Result<Call, Outcome> {
    call(settings, &Command::Probe, CommandKind::Probe, |phone| {
        Outcome::Connected { phone }
    })
}

/// Prepares pressing `key` with `settings`.
///
/// # Errors
/// [`Outcome::NotConfigured`] while the phone is not set up, [`Outcome::KeyNotOnBrand`] when
/// the phone's brand has no such key.
pub fn key_call(settings: &Settings, key: Key) -> Result<Call, Outcome> {
    call(
        settings,
        &Command::Key(key),
        CommandKind::Key(key),
        |phone| Outcome::KeySent {
            key: key.wire().to_string(),
            label: key.label().to_string(),
            phone,
        },
    )
}

/// Prepares sending the DTMF tone of keypad key `key` in the call, as the phone's brand does
/// it (a key press, Snom's `key_dtmf`, Poly's `sendDTMF`).
///
/// # Errors
/// [`Outcome::NotConfigured`] while the phone is not set up, [`Outcome::KeyNotOnBrand`] for a
/// key that sends no tone.
pub fn dtmf_call(settings: &Settings, key: Key) -> Result<Call, Outcome> {
    call(
        settings,
        &Command::Dtmf(key),
        CommandKind::Key(key),
        |phone| Outcome::KeySent {
            key: key.wire().to_string(),
            label: key.label().to_string(),
            phone,
        },
    )
}

/// One step of sending tones: a key press, or a pause before the next ([`Tones`]' `,`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Key(Key),
    Pause,
}

/// The key presses and pauses that send `tones`.
pub fn tone_steps(tones: &Tones) -> Vec<Tone> {
    tones
        .as_str()
        .chars()
        .filter_map(|c| match c {
            ',' => Some(Tone::Pause),
            c => Key::dtmf(c).map(Tone::Key),
        })
        .collect()
}

impl Call {
    /// What this command came to, its phone's answer read as `finish`.
    pub fn outcome(&self, finish: Finish) -> Outcome {
        Outcome::from_finish(
            finish,
            self.kind,
            self.brand,
            &self.phone,
            &self.credentials.username,
            self.on_success.clone(),
        )
    }
}

/// Lets a dial through once: the same digits again while they are being dialed, or within
/// [`RepeatGuard::WINDOW_MS`] after its answer, are a double click, not a second call.
///
/// ```
/// use click_to_dial::command::RepeatGuard;
/// let mut guard = RepeatGuard::default();
/// assert!(guard.admit("0301234567", 1000.0));
/// assert!(!guard.admit("0301234567", 1300.0)); // a double click
/// guard.finished("0301234567", 1500.0);
/// assert!(guard.admit("0891234567", 1600.0)); // another number
/// assert!(guard.admit("0301234567", 2600.0)); // later: a new call
/// ```
#[derive(Debug, Default)]
pub struct RepeatGuard {
    recent: Vec<(String, Option<f64>)>,
}

impl RepeatGuard {
    /// How long after a dial's answer the same dial is not sent again.
    pub const WINDOW_MS: f64 = 1000.0;

    /// Whether `dial` may go out at `now_ms`; if so it counts as in flight until
    /// [`RepeatGuard::finished`].
    pub fn admit(&mut self, dial: &str, now_ms: f64) -> bool {
        self.recent
            .retain(|(_, done)| done.is_none_or(|at| now_ms - at < Self::WINDOW_MS));
        if self.recent.iter().any(|(d, _)| d == dial) {
            return false;
        }
        self.recent.push((dial.to_string(), None));
        true
    }

    /// `dial` got its answer (or failed) at `now_ms`.
    pub fn finished(&mut self, dial: &str, now_ms: f64) {
        for (d, done) in &mut self.recent {
            if d == dial && done.is_none() {
                *done = Some(now_ms);
            }
        }
    }
}

fn call(
    settings: &Settings,
    command: &Command,
    kind: CommandKind,
    on_success: impl FnOnce(String) -> Outcome,
) -> Result<Call, Outcome> {
    let address = settings.phone().ok_or(Outcome::NotConfigured)?;
    let phone = settings.phone_label(&address.to_string());
    if settings.credentials_for != address.base_url() {
        // Typed for another phone: no command, so no Authorization, neither Basic nor an
        // answer to this host's Digest challenge.
        return Err(Outcome::CredentialsForAnotherPhone { phone });
    }
    let request = settings
        .brand
        .request(&settings.setup(&address), command)
        .map_err(|unsupported| Outcome::unsupported(settings.brand, unsupported))?;
    Ok(Call {
        request,
        brand: settings.brand,
        credentials: settings.credentials(),
        on_success: on_success(phone.clone()),
        phone,
        kind,
        dtmf: None,
        again: None,
        facts: policy::Facts::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Scheme;

    #[test]
    fn the_rule_tester_names_the_rule_that_fired() {
        let mut settings = configured();
        settings.dialing.outside_line = "0".into();
        settings.dialing.rewrite = vec![
            rules::RewriteRule::new("00800", "0800"),
            rules::RewriteRule::new("0030", "030"),
            rules::RewriteRule::new("206$", "7206"),
        ];
        for (typed, dial, fired) in [
            ("+49 30 1234567", "0301234567", Some(1)),
            ("+33 1 23 45 67 89", "00033123456789", None),
            ("206", "7206", Some(2)),
            ("2061", "2061", None),
        ] {
            let trial = try_rules(&settings, typed, "de-DE").unwrap();
            assert_eq!(
                (trial.dialed.dial.as_str(), trial.fired),
                (dial, fired),
                "{typed}"
            );
        }
        assert!(matches!(
            try_rules(&settings, "hello", "de-DE"),
            Err(Outcome::NotANumber { .. })
        ));
    }

    fn configured() -> Settings {
        Settings {
            phone_address: "10.0.0.7:8080".into(),
            password: "secret".into(),
            account: crate::phone::Account::Line(2),
            default_country: "DE".into(),
            credentials_for: "http://10.0.0.7:8080".into(),
            ..Settings::default()
        }
    }

    /// No command is built, so no Authorization goes anywhere, when the credentials were typed
    /// for another phone than the one set: the user is told to enter them again.
    #[test]
    fn credentials_go_only_to_the_phone_they_were_typed_for() {
        type Build = fn(&Settings) -> Result<Call, Outcome>;
        let builds: [(&str, Build); 5] = [
            ("dial", |s| {
                dial_call(s, "+49 30 1234567", Source::Page, None, "de")
            }),
            ("typed", |s| dial_call(s, "206", Source::Typed, None, "de")),
            ("hang up", hang_up_call),
            ("key", |s| key_call(s, Key::Mute)),
            ("check", probe_call),
        ];
        // (phone, scheme, credentials typed for, builds?)
        let cases = [
            ("10.0.0.7:8080", Scheme::Http, "http://10.0.0.7:8080", true),
            (
                "10.0.0.7:8080",
                Scheme::Https,
                "https://10.0.0.7:8080",
                true,
            ),
            ("10.0.0.7:8080", Scheme::Http, "", false),
            ("10.6.6.6:8080", Scheme::Http, "http://10.0.0.7:8080", false),
            ("10.0.0.7:8081", Scheme::Http, "http://10.0.0.7:8080", false),
            ("10.0.0.7", Scheme::Http, "http://10.0.0.7:8080", false),
            (
                "10.0.0.7:8080",
                Scheme::Https,
                "http://10.0.0.7:8080",
                false,
            ),
            (
                "10.0.0.7:8080",
                Scheme::Http,
                "https://10.0.0.7:8080",
                false,
            ),
            (
                "10.0.0.7:8080",
                Scheme::Http,
                "http://10.0.0.7:8080/",
                false,
            ),
        ];
        for (phone, scheme, typed_for, builds_it) in cases {
            let settings = Settings {
                phone_address: phone.into(),
                scheme,
                credentials_for: typed_for.into(),
                ..configured()
            };
            for (what, build) in builds {
                let built = build(&settings);
                let case = format!("{what}: {phone} {scheme:?} typed for {typed_for:?}");
                if builds_it {
                    let call = built.unwrap_or_else(|e| panic!("{case}: {e:?}"));
                    assert!(call.request.url.starts_with(typed_for), "{case}");
                    assert_eq!(call.credentials, Credentials::new("admin", "secret"));
                } else {
                    assert_eq!(
                        built,
                        Err(Outcome::CredentialsForAnotherPhone {
                            phone: phone.into()
                        }),
                        "{case}"
                    );
                }
            }
        }
        // Not set up comes first; then the named outcome, in words, kept out of the history.
        let nothing = Settings {
            credentials_for: "http://10.0.0.7:8080".into(),
            ..Settings::default()
        };
        assert_eq!(hang_up_call(&nothing), Err(Outcome::NotConfigured));
        let outcome = Outcome::CredentialsForAnotherPhone {
            phone: "10.6.6.6".into(),
        };
        assert_eq!(
            outcome.message(),
            "The password was saved for another phone address; enter it again in the options."
        );
        assert_eq!(outcome.title(), "Password not sent");
        assert_eq!(
            serde_json::to_value(&outcome).unwrap()["kind"],
            outcome.kind()
        );
        assert!(!outcome.is_success() && outcome.notifies());
        assert_eq!(
            crate::command::outcome::CallRecord::of("1", &outcome, 0.0),
            None
        );
    }

    #[test]
    fn dial_call_builds_the_request_from_settings() {
        let call = dial_call(&configured(), "+49 30 1234567", Source::Page, None, "en-US").unwrap();
        assert_eq!(
            call.request.url,
            "http://10.0.0.7:8080/Phone_ActionURL&Command=1&Number=0301234567&Account=2"
        );
        assert_eq!(call.credentials, Credentials::new("admin", "secret"));
        assert_eq!(call.kind, CommandKind::Dial);
        assert_eq!(
            call.on_success,
            Outcome::Dialing {
                number: "+49301234567".into(),
                dialed: "0301234567".into(),
                phone: "10.0.0.7:8080".into()
            }
        );
        let other = dial_call(
            &configured(),
            "030 1234567",
            Source::Typed,
            Some(Account::Auto),
            "de",
        )
        .unwrap();
        assert_eq!(
            other.request.target,
            "/Phone_ActionURL&Command=1&Number=0301234567"
        );
    }

    #[test]
    fn dial_call_refusals() {
        assert_eq!(
            dial_call(
                &Settings::default(),
                "+49 30 1234567",
                Source::Page,
                None,
                "de-DE"
            ),
            Err(Outcome::NotConfigured)
        );
        for (text, source) in [
            ("", Source::Page),
            ("", Source::Typed),
            ("hello", Source::Typed),
            ("1&Command=2", Source::Typed),
            ("+49301234567/../../x", Source::Typed),
            ("030 1234567?Command=2", Source::Typed),
            ("206", Source::Page),
            ("*97#", Source::Page),
        ] {
            assert!(
                matches!(
                    dial_call(&configured(), text, source, None, "de"),
                    Err(Outcome::NotANumber { .. })
                ),
                "{text:?} {source:?}"
            );
        }
    }

    /// What the popup's number field makes of pasted and typed text (home DE, default rules).
    #[test]
    fn typed_numbers() {
        for (typed, shown, dial) in [
            ("+49 30 1234567", "+49301234567", "0301234567"),
            ("  +49 (0)30 123 45-67 ", "+49301234567", "0301234567"),
            ("(030) 123 4567", "+49301234567", "0301234567"),
            ("tel:+49-30-1234567", "+49301234567", "0301234567"),
            ("+1 (206) 555-0100", "+12065550100", "0012065550100"),
            ("0049 30 1234567", "+49301234567", "0301234567"),
            ("+49 30 1234567 ext. 89", "+49301234567", "0301234567"),
            ("206", "206", "206"),
            ("*97#", "*97#", "*97#"),
            ("２０６", "206", "206"),
        ] {
            let got = dialed(&configured(), typed, Source::Typed, "de").unwrap();
            assert_eq!(
                (got.shown.as_str(), got.dial.as_str()),
                (shown, dial),
                "{typed:?}"
            );
        }
    }

    #[test]
    fn dialing_rules_come_from_the_settings() {
        let mut settings = configured();
        settings.dialing = DialingRules {
            outside_line: "0".into(),
            extension: rules::ExtensionMode::Dtmf,
            rewrite: vec![rules::RewriteRule::new("0206", "206")],
            ..DialingRules::default()
        };
        let call = dial_call(&settings, "+49 30 1234567 x 12", Source::Typed, None, "de").unwrap();
        assert_eq!(
            call.request.target,
            "/Phone_ActionURL&Command=1&Number=00301234567&Account=2"
        );
        assert_eq!(call.dtmf.as_ref().map(Tones::as_str), Some("12"));
        assert_eq!(
            tone_steps(call.dtmf.as_ref().unwrap()),
            [Tone::Key(Key::Digit1), Tone::Key(Key::Digit2)]
        );
        // Typed internal numbers get no outside line, but the rewrite rules.
        let internal = dial_call(&settings, "0206", Source::Typed, None, "de").unwrap();
        assert_eq!(
            internal.request.target,
            "/Phone_ActionURL&Command=1&Number=206&Account=2"
        );
    }

    #[test]
    fn hang_up_and_keys() {
        let call = hang_up_call(&configured()).unwrap();
        assert_eq!(
            call.request.url,
            "http://10.0.0.7:8080/Phone_ActionURL&Command=2"
        );
        assert_eq!(
            hang_up_call(&Settings::default()),
            Err(Outcome::NotConfigured)
        );
        let mute = key_call(&configured(), Key::Mute).unwrap();
        assert_eq!(mute.request.target, "/Phone_ActionURL&Command=3&key=MUTE");
        assert_eq!(mute.kind, CommandKind::Key(Key::Mute));
        let bare = Settings {
            key_form: crate::phone::htek::KeyForm::Bare,
            ..configured()
        };
        assert_eq!(
            key_call(&bare, Key::Pound).unwrap().request.target,
            "/Phone_ActionURL&key=POUND"
        );
    }

    /// Every command reaches each brand's phone in that brand's shape, built from the same
    /// settings; what a brand cannot do is a named outcome, with nothing sent.
    #[test]
    fn each_brand_gets_its_own_request() {
        let settings = |brand| Settings {
            brand,
            account: Account::Auto,
            ..configured()
        };
        let targets = |brand| {
            let s = settings(brand);
            [
                dial_call(&s, "+49 30 1234567", Source::Page, None, "de").map(|c| c.request),
                hang_up_call(&s).map(|c| c.request),
                key_call(&s, Key::Mute).map(|c| c.request),
                dtmf_call(&s, Key::Pound).map(|c| c.request),
                probe_call(&s).map(|c| c.request),
            ]
            .map(|r| r.map(|r| format!("{} {}", r.method.as_str(), r.target)))
        };
        let no_key = |brand, key: Key| {
            Err(Outcome::KeyNotOnBrand {
                key: key.wire().into(),
                label: key.label(),
                brand,
            })
        };
        for (brand, expected) in [
            (
                Brand::Htek,
                [
                    Ok("GET /Phone_ActionURL&Command=1&Number=0301234567"),
                    Ok("GET /Phone_ActionURL&Command=2"),
                    Ok("GET /Phone_ActionURL&Command=3&key=MUTE"),
                    Ok("GET /Phone_ActionURL&Command=3&key=POUND"),
                    Ok("GET /Phone_ActionURL"),
                ],
            ),
            (
                Brand::Yealink,
                [
                    Ok("GET /servlet?key=number=0301234567"),
                    Ok("GET /servlet?key=CALLEND"),
                    Ok("GET /servlet?key=MUTE"),
                    Ok("GET /servlet?key=POUND"),
                    Ok("GET /servlet?phonecfg=get"),
                ],
            ),
            (
                Brand::Snom,
                [
                    Ok("GET /command.htm?number=0301234567"),
                    Ok("GET /command.htm?key=CANCEL"),
                    Ok("GET /command.htm?key=MUTE"),
                    Ok("GET /command.htm?key_dtmf=%23"),
                    Ok("GET /command.htm"),
                ],
            ),
            (
                Brand::Grandstream,
                [
                    Ok("GET /cgi-bin/api-make_call?phonenumber=0301234567&password=secret"),
                    Ok("GET /cgi-bin/api-phone_operation?cmd=endcall&passcode=secret"),
                    Ok("GET /cgi-bin/api-send_key?keys=MUTE&passcode=secret"),
                    Ok("GET /cgi-bin/api-send_key?keys=SHARP&passcode=secret"),
                    Ok("GET /cgi-bin/api-get_line_status?passcode=secret"),
                ],
            ),
            (
                Brand::Fanvil,
                [
                    Ok("GET /cgi-bin/ConfigManApp.com?key=0301234567;ENTER"),
                    Ok("GET /cgi-bin/ConfigManApp.com?key=RELEASE"),
                    Ok("GET /cgi-bin/ConfigManApp.com?key=MUTE"),
                    Ok("GET /cgi-bin/ConfigManApp.com?key=%23"),
                    Ok("GET /cgi-bin/ConfigManApp.com"),
                ],
            ),
            (
                Brand::Poly,
                [
                    Ok("POST /api/v1/callctrl/dial"),
                    Ok("GET /api/v1/webCallControl/callStatus"),
                    Err(()),
                    Ok("POST /api/v1/callctrl/sendDTMF"),
                    Ok("GET /api/v1/mgmt/device/info"),
                ],
            ),
        ] {
            let got = targets(brand);
            for (got, expected) in got.into_iter().zip(expected) {
                match expected {
                    Ok(target) => assert_eq!(got, Ok(target.to_string()), "{brand}"),
                    Err(()) => assert_eq!(got, no_key(brand, Key::Mute), "{brand}"),
                }
            }
        }
        // The brand goes with the call, and tells its outcome.
        let call = hang_up_call(&settings(Brand::Yealink)).unwrap();
        assert_eq!(call.brand, Brand::Yealink);
        assert_eq!(
            call.outcome(Finish::Forbidden),
            Outcome::RemoteControlOff {
                phone: "10.0.0.7:8080".into(),
                brand: Brand::Yealink
            }
        );
        assert_eq!(call.outcome(Finish::Done), call.on_success);
        // Yealink dials on an account by its SIP URI, and names what is missing.
        let yealink = Settings {
            account: Account::Line(2),
            account_uris: vec!["501@pbx.test".into()],
            ..settings(Brand::Yealink)
        };
        assert_eq!(
            dial_call(&yealink, "206", Source::Typed, None, "de"),
            Err(Outcome::NoAccountUri {
                account: 2,
                brand: Brand::Yealink
            })
        );
        let on_one = dial_call(&yealink, "206", Source::Typed, Some(Account::Line(1)), "de");
        assert_eq!(
            on_one.unwrap().request.target,
            "/servlet?key=number=206&outgoing_uri=501%40pbx.test"
        );
        let fanvil = Settings {
            account: Account::Line(1),
            ..settings(Brand::Fanvil)
        };
        assert_eq!(
            dial_call(&fanvil, "206", Source::Typed, None, "de"),
            Err(Outcome::NoAccountChoice {
                brand: Brand::Fanvil
            })
        );
    }

    /// Grandstream's password travels in the query: only to the phone it was typed for, never
    /// in the URL shown.
    #[test]
    fn grandstream_sends_the_password_only_where_it_was_typed() {
        let typed_for = Settings {
            brand: Brand::Grandstream,
            ..configured()
        };
        let call = hang_up_call(&typed_for).unwrap();
        assert!(call.request.url.ends_with("passcode=secret"));
        assert!(!call.request.shown.contains("secret"));
        assert!(!call.request.identity().contains("secret"));
        let moved = Settings {
            phone_address: "10.6.6.6:8080".into(),
            ..typed_for
        };
        assert_eq!(
            hang_up_call(&moved),
            Err(Outcome::CredentialsForAnotherPhone {
                phone: "10.6.6.6:8080".into()
            })
        );
    }

    #[test]
    fn a_double_click_dials_once() {
        let mut guard = RepeatGuard::default();
        assert!(guard.admit("1", 0.0));
        // A slow phone: still in flight after 7 s, a third click does not dial either.
        assert!(!guard.admit("1", 300.0));
        assert!(!guard.admit("1", 7000.0));
        guard.finished("1", 7100.0);
        assert!(!guard.admit("1", 7900.0));
        assert!(guard.admit("1", 8200.0));
        assert!(guard.admit("2", 9300.0));
    }

    /// The desk Htek (10.0.0.5, "desk") and the conference-room Yealink (10.0.0.8, "room").
    fn two_phones() -> Settings {
        let mut settings = Settings {
            phone_address: "10.0.0.5".into(),
            password: "desk".into(),
            credentials_for: "http://10.0.0.5".into(),
            ..Settings::default()
        };
        settings.other_phones.push(crate::settings::PhoneEntry {
            id: "2".into(),
            name: "Conference room".into(),
            phone_address: "10.0.0.8".into(),
            brand: Brand::Yealink,
            password: "room".into(),
            credentials_for: "http://10.0.0.8".into(),
            ..crate::settings::PhoneEntry::default()
        });
        settings
    }

    #[test]
    fn a_call_on_another_phone_goes_to_it_with_its_own_login_and_names_it() {
        let settings = two_phones();
        let desk = dial_call(&settings, "+1 206 555 0100", Source::Page, None, "en").unwrap();
        assert!(
            desk.request.url.starts_with("http://10.0.0.5/"),
            "{}",
            desk.request.url
        );
        assert_eq!(desk.credentials, Credentials::new("admin", "desk"));
        assert_eq!(desk.phone, "Desk phone (10.0.0.5)");
        let room = settings.on_phone("2").unwrap();
        let call = dial_call(&room, "+1 206 555 0100", Source::Page, None, "en").unwrap();
        assert!(
            call.request.url.starts_with("http://10.0.0.8/servlet?key="),
            "{}",
            call.request.url
        );
        assert_eq!(
            (call.brand, call.credentials.clone()),
            (Brand::Yealink, Credentials::new("admin", "room"))
        );
        assert_eq!(call.phone, "Conference room (10.0.0.8)");
        assert!(call.on_success.message().contains("Conference room"));
        let hang_up = hang_up_call(&room).unwrap();
        assert!(hang_up.request.url.starts_with("http://10.0.0.8/"));
        // A phone whose login was typed for another phone's address sends nothing.
        let mut crossed = two_phones();
        crossed.other_phones[0].credentials_for = "http://10.0.0.5".into();
        let room = crossed.on_phone("2").unwrap();
        assert_eq!(
            hang_up_call(&room).unwrap_err(),
            Outcome::CredentialsForAnotherPhone {
                phone: "Conference room (10.0.0.8)".into()
            }
        );
    }
}
