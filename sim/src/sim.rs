//! The running phone: routes each request, checks auth, applies commands, logs, injects faults.
//!
//! Order for an Htek Action URI request: method (405) → `drop_next` fault (close, no answer) →
//! `delay` fault → first-401 quirk → credentials (401) → command (400) → role (403) → state
//! change (200; the `silent_next` fault closes here without the answer). Nothing before the
//! last step touches the call state.
//!
//! The other brands (`crate::brand`) go the same way with their own parts: the brand's path
//! and method (404, 405) → faults → first-401 quirk (HTTP auth only) → credentials (401; for
//! Grandstream the query's password, refused with its JSON) → the brand reads the request (its
//! answer to a bad one) → for a command: the allow list (Yealink, Fanvil: 403) → the
//! "Allow remote control?" prompt (Yealink: 403 until OK is pressed on the screen) → role →
//! state change and the brand's answer. Key presses and operations then do to the call what the
//! brand's keys do (answer, hang up, DND), and each change sends the brand's event.
//!
//! ```
//! use std::time::Duration;
//! use htek_sim::{Config, Faults, Sim};
//!
//! let sim = Sim::start("127.0.0.1:0", Config { quiet: true, ..Config::default() })?;
//! sim.set_faults(Faults { delay: Duration::from_millis(300), ..Faults::default() });
//! assert!(sim.base_url().starts_with("http://127.0.0.1:"));
//! assert!(sim.log().is_empty());
//! # Ok::<(), std::io::Error>(())
//! ```

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::action::{parse_action_path, Action, ACTION_PREFIX};
use crate::auth::{AuthError, AuthMode, Authenticator, Role, Scheme, Verdict};
use crate::brand::{self, Ask, AuthStyle, Brand, Effect, Outcome, View};
use crate::config::{Config, Faults};
use crate::events::{self, Delivery, Happening, PhoneVars, SentEvent};
use crate::http::{self, ReadError, Request, Response};
use crate::state::Call;
use crate::state::{AuthSeen, CallState, LogEntry};
use crate::status;

/// How many log entries are kept in memory; older ones are forgotten.
const LOG_KEPT: usize = 10_000;

/// A simulated phone (an Htek unless [`Config::brand`] says otherwise) listening on loopback.
/// Dropping it stops the server and frees the port.
pub struct Sim {
    shared: Arc<Shared>,
    server: http::Server,
    /// With [`Config::tls`]: the HTTPS listener in front of `server` (then on an internal
    /// loopback port).
    front: Option<crate::tls::TlsFront>,
}

impl Sim {
    /// Starts a phone on `addr` (e.g. `"127.0.0.1:0"` for any free port), served by background
    /// threads.
    ///
    /// # Errors
    ///
    /// `InvalidInput` if `addr` is not a loopback address (127.0.0.0/8 or ::1); otherwise the
    /// bind error.
    pub fn start(addr: &str, config: Config) -> io::Result<Sim> {
        let tls = config.tls;
        let shared = Arc::new(Shared::new(config));
        let for_handler = Arc::clone(&shared);
        let plain = if tls { "127.0.0.1:0" } else { addr };
        let server = http::Server::start(
            plain,
            "htek-sim",
            Arc::new(move |stream, peer| for_handler.serve(stream, peer)),
        )?;
        let front = if tls {
            Some(crate::tls::TlsFront::start(addr, server.addr())?)
        } else {
            None
        };
        let sim = Sim {
            shared,
            server,
            front,
        };
        sim.shared.lock().vars.ip = sim.addr().ip().to_string();
        Ok(sim)
    }

    /// With [`Config::tls`], the certificate (DER) the phone shows, made at its start.
    pub fn certificate(&self) -> Option<&[u8]> {
        self.front.as_ref().map(|f| f.certificate.as_slice())
    }

    /// The Action URLs now, by event wire name.
    pub fn action_urls(&self) -> BTreeMap<String, String> {
        self.shared.lock().action_urls.clone()
    }

    /// Sets the Action URL of `event`, named as the brand's configuration names it (an empty
    /// `url` removes it).
    ///
    /// # Errors
    ///
    /// [`events::UrlError`] for an event the brand does not know or a URL that is not
    /// `http://` to loopback.
    pub fn set_action_url(&self, event: &str, url: &str) -> Result<(), events::UrlError> {
        let table = self.shared.config.brand.events();
        let mut inner = self.shared.lock();
        if url.is_empty() {
            if !table.knows(event) {
                return Err(events::UrlError::UnknownEvent(event.to_string()));
            }
            inner.action_urls.remove(event);
        } else {
            events::check_url_in(table, event, url)?;
            inner.action_urls.insert(event.to_string(), url.to_string());
        }
        Ok(())
    }

    /// The brand this phone is.
    pub fn brand(&self) -> Brand {
        self.shared.config.brand
    }

    /// The computer the "Allow remote control?" prompt on the (Yealink) screen asks about, if
    /// the prompt is showing.
    pub fn screen_prompt(&self) -> Option<IpAddr> {
        self.shared.lock().screen
    }

    /// Presses OK on the screen: the computer the prompt asks about is trusted from now on.
    /// Returns it; `None` when no prompt is showing.
    pub fn press_ok(&self) -> Option<IpAddr> {
        self.shared.press_screen(true)
    }

    /// Presses Cancel on the screen: the prompt goes away, the computer stays untrusted (its
    /// next command asks again). Returns it; `None` when no prompt is showing.
    pub fn press_cancel(&self) -> Option<IpAddr> {
        self.shared.press_screen(false)
    }

    /// The computers the (Yealink) phone trusts now.
    pub fn trusted(&self) -> Vec<IpAddr> {
        self.shared.lock().trusted.iter().copied().collect()
    }

    /// The Action URLs sent so far (since start or the last reset), oldest first, with their
    /// answers. Sending happens on a thread of its own: see [`Sim::wait_sent`].
    pub fn events_sent(&self) -> Vec<SentEvent> {
        self.shared.sent_list()
    }

    /// Waits until at least `count` Action URLs were sent (answered or failed), up to
    /// `timeout`; returns them all.
    pub fn wait_sent(&self, count: usize, timeout: Duration) -> Vec<SentEvent> {
        let deadline = Instant::now() + timeout;
        loop {
            let sent = self.events_sent();
            if sent.len() >= count || Instant::now() >= deadline {
                return sent;
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.front
            .as_ref()
            .map_or_else(|| self.server.addr(), crate::tls::TlsFront::addr)
    }

    /// `"127.0.0.1:41234"`, what goes after `http://` (IPv6 in brackets).
    pub fn host_port(&self) -> String {
        self.addr().to_string()
    }

    /// `"http://127.0.0.1:41234"` (`https://` with [`Config::tls`]).
    pub fn base_url(&self) -> String {
        let scheme = if self.front.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}", self.host_port())
    }

    /// The call state now.
    pub fn state(&self) -> CallState {
        self.shared.lock().state.clone()
    }

    /// Every request logged since start or the last reset, oldest first.
    pub fn log(&self) -> Vec<LogEntry> {
        self.shared.lock().log.iter().cloned().collect()
    }

    /// Accepted commands only (an action answered 2xx or 3xx: [`LogEntry::is_command`]).
    pub fn commands(&self) -> Vec<LogEntry> {
        self.shared
            .lock()
            .log
            .iter()
            .filter(|e| e.is_command())
            .cloned()
            .collect()
    }

    /// The first log entry (already logged or arriving within `timeout`) that matches `pred`.
    ///
    /// `pred` runs without any lock held, so it may call back into the `Sim`.
    pub fn wait_for(
        &self,
        timeout: Duration,
        pred: impl Fn(&LogEntry) -> bool,
    ) -> Option<LogEntry> {
        let deadline = Instant::now() + timeout;
        let mut checked = 0;
        loop {
            let (fresh, logged) = self.shared.entries_since(checked);
            if let Some(found) = fresh.into_iter().find(|e| pred(e)) {
                return Some(found);
            }
            checked = logged;
            if !self.shared.wait_past(logged, deadline) {
                return None;
            }
        }
    }

    /// Replaces the faults.
    pub fn set_faults(&self, faults: Faults) {
        self.shared.lock().faults = faults;
    }

    /// The faults now (`drop_next` counts down as connections are dropped).
    pub fn faults(&self) -> Faults {
        self.shared.lock().faults
    }

    /// Call state back to idle, log cleared, the screen's prompt gone and the trusted computers
    /// back to [`Config::trusted`]. Faults and the first-401 quirk are left as they are.
    pub fn reset(&self) {
        self.shared.reset();
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        self.server.stop();
    }
}

/// What the handler threads share with the [`Sim`].
struct Shared {
    config: Config,
    auth: Authenticator,
    inner: Mutex<Inner>,
    changed: Condvar,
    /// The Action URLs to send, in order, to the sender thread.
    outbox: Mutex<mpsc::Sender<Outgoing>>,
    /// What the sender thread sent, oldest first.
    sent: Arc<Mutex<Vec<SentEvent>>>,
}

#[derive(Default)]
struct Inner {
    state: CallState,
    log: VecDeque<LogEntry>,
    /// How many entries were ever logged (not reset): the last entry's sequence number + 1.
    logged: u64,
    faults: Faults,
    first_401_done: bool,
    action_urls: BTreeMap<String, String>,
    /// The phone's `$variables` (the call's are filled in per event).
    vars: PhoneVars,
    /// The current call's `$call_id` (Poly: its `CallHandle`).
    call_id: String,
    /// Whether the current call came in.
    incoming: bool,
    calls_made: u64,
    dnd: bool,
    /// The computer the "Allow remote control?" prompt asks about (Yealink).
    screen: Option<IpAddr>,
    /// The computers the Yealink trusts.
    trusted: BTreeSet<IpAddr>,
}

/// One Action URL for the sender thread (a `GET`, or a `POST` of `body`); `done` hears the
/// result.
struct Outgoing {
    event: String,
    url: String,
    body: Option<String>,
    done: Option<mpsc::Sender<SentEvent>>,
}

/// Sends the Action URLs one after the other (so they arrive in the order they happened) and
/// records each with its answer.
fn sender_loop(jobs: &mpsc::Receiver<Outgoing>, sent: &Mutex<Vec<SentEvent>>) {
    for job in jobs {
        let result = match &job.body {
            None => events::send(&job.url),
            Some(body) => events::post_xml(&job.url, body),
        };
        let (status, error) = match result {
            Ok(status) => (status, None),
            Err(e) => (0, Some(e)),
        };
        let record = SentEvent {
            time_ms: now_ms(),
            event: job.event,
            url: job.url,
            status,
            error,
            body: job.body,
        };
        {
            let mut list = sent.lock().unwrap_or_else(|e| e.into_inner());
            if list.len() >= LOG_KEPT {
                list.remove(0);
            }
            list.push(record.clone());
        }
        if let Some(done) = job.done {
            let _ = done.send(record);
        }
    }
}

/// The outcome of one request, before it is logged and answered.
struct Handled {
    /// `None`: close the connection without answering.
    response: Option<Response>,
    user: Option<String>,
    auth: AuthSeen,
    action: Option<Action>,
    /// The command was carried out and its answer left unsent (the `silent_next` fault).
    silent: bool,
}

impl Handled {
    fn plain(response: Response) -> Handled {
        Handled {
            response: Some(response),
            user: None,
            auth: AuthSeen::None,
            action: None,
            silent: false,
        }
    }

    /// The connection closed without an answer (the `drop_next` fault).
    fn dropped() -> Handled {
        Handled {
            response: None,
            ..Handled::plain(Response::text(500, ""))
        }
    }

    /// An answer to a request whose credentials passed (`user`, `auth`).
    fn answered(response: Response, user: Option<String>, auth: AuthSeen) -> Handled {
        Handled {
            user,
            auth,
            ..Handled::plain(response)
        }
    }
}

/// The most requests one kept-alive connection carries before the phone closes it.
const REQUESTS_PER_CONNECTION: usize = 100;

/// Where a request target goes.
#[derive(Debug, PartialEq, Eq)]
enum Route {
    Phone,
    Control,
    NotFound,
}

fn route(target: &str) -> Route {
    let phone_form = target
        .strip_prefix(ACTION_PREFIX)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('&'));
    if phone_form && !target.contains('?') {
        Route::Phone
    } else if target.starts_with("/__sim/") {
        Route::Control
    } else {
        Route::NotFound
    }
}

impl Shared {
    fn new(config: Config) -> Shared {
        let (mode, accounts) = match config.brand {
            Brand::Yealink | Brand::Fanvil => (AuthMode::Basic, config.accounts.clone()),
            Brand::Poly => (AuthMode::Basic, brand::poly::accounts(&config.accounts)),
            Brand::Htek | Brand::Snom | Brand::Grandstream => {
                (config.auth, config.accounts.clone())
            }
        };
        let auth = Authenticator::new(mode, &config.realm, accounts);
        let (outbox, jobs) = mpsc::channel();
        let sent = Arc::new(Mutex::new(Vec::new()));
        let for_sender = Arc::clone(&sent);
        // If the thread cannot start, jobs are dropped and nothing is sent.
        let _ = thread::Builder::new()
            .name("htek-sim-action-url".into())
            .spawn(move || sender_loop(&jobs, &for_sender));
        let inner = Inner {
            action_urls: config.action_urls.clone(),
            vars: config.brand.phone_vars(),
            trusted: config.trusted.iter().copied().collect(),
            ..Inner::default()
        };
        Shared {
            config,
            auth,
            inner: Mutex::new(inner),
            changed: Condvar::new(),
            outbox: Mutex::new(outbox),
            sent,
        }
    }

    fn sent_list(&self) -> Vec<SentEvent> {
        self.sent.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Queues the brand's event for `happening`, if the brand reports it and a URL is set for
    /// it, with the variables as they are for `call` now. With `wait`, the receiver hears the
    /// result.
    fn emit(
        &self,
        inner: &Inner,
        happening: Happening,
        call: &Call,
        wait: bool,
    ) -> Option<mpsc::Receiver<SentEvent>> {
        let table = self.config.brand.events();
        let event = table.name_for(happening)?;
        let template = inner.action_urls.get(event)?;
        let mut vars = inner.vars.clone();
        // `$remote` is the current call's (set by `new_call`); no call, no call variables.
        if let Some((number, name)) = call.party() {
            vars.display_remote = name.to_string();
            vars.remote_number = number.to_string();
            vars.call_id = inner.call_id.clone();
        } else {
            vars.remote.clear();
            vars.display_remote.clear();
            vars.call_id.clear();
        }
        let (url, body) = match table.delivery {
            Delivery::Get => (table.substitute(template, &vars), None),
            Delivery::PostXml => {
                let account = match call {
                    Call::Dialing { account, .. } => *account,
                    _ => 1,
                };
                let notice = brand::poly::Notice {
                    happening,
                    vars: &vars,
                    incoming: inner.incoming,
                    account,
                    time_ms: now_ms(),
                };
                (template.clone(), Some(brand::poly::event_xml(&notice)?))
            }
        };
        let (done, result) = if wait {
            let (tx, rx) = mpsc::channel();
            (Some(tx), Some(rx))
        } else {
            (None, None)
        };
        let job = Outgoing {
            event: event.to_string(),
            url,
            body,
            done,
        };
        let sent = self
            .outbox
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .send(job);
        sent.ok().and(result)
    }

    /// A new call: its `$call_id` (Poly: a `CallHandle`), its direction, and the `$remote` the
    /// phone shows (`remote` as given, else `sip:number@host`).
    fn new_call(&self, inner: &mut Inner, number: &str, remote: Option<&str>, incoming: bool) {
        inner.calls_made += 1;
        inner.call_id = match self.config.brand {
            Brand::Poly => brand::poly::call_handle(inner.calls_made),
            _ => format!("sim-{}@{}", inner.calls_made, inner.vars.ip),
        };
        inner.incoming = incoming;
        inner.vars.remote = match remote {
            Some(r) => r.to_string(),
            None => format!("sip:{number}@{}", inner.vars.active_host),
        };
    }

    /// After an accepted command: what its keys and operations do to the call, and the events
    /// a phone would report.
    fn events_for(&self, inner: &mut Inner, action: &Action, before: &Call) {
        let brand = self.config.brand;
        match action {
            Action::Dial { number, .. } => {
                self.new_call(inner, number, None, false);
                let call = inner.state.call.clone();
                self.emit(inner, Happening::Outgoing, &call, false);
            }
            Action::Hangup if before.is_active() => {
                self.emit(inner, Happening::Terminated, before, false);
            }
            Action::Hangup | Action::Dtmf { .. } => {}
            Action::Key { key } => self.apply_effect(inner, brand.key_effect(key)),
            Action::Keys { keys } => {
                for key in keys {
                    self.apply_effect(inner, brand.key_effect(key));
                }
            }
            Action::Operation { op } => self.apply_effect(inner, brand.operation_effect(op)),
        }
    }

    /// What a key or an operation does to the call now, and its event.
    fn apply_effect(&self, inner: &mut Inner, effect: Effect) {
        let before = inner.state.call.clone();
        let dnd = match effect {
            Effect::None => return,
            Effect::Answer => {
                if let Call::Ringing { number, name } = before {
                    inner.state.call = Call::Talking { number, name };
                    let call = inner.state.call.clone();
                    self.emit(inner, Happening::Established, &call, false);
                }
                return;
            }
            Effect::HangUp => {
                if before.is_active() {
                    inner.state.call = Call::HungUp;
                    self.emit(inner, Happening::Terminated, &before, false);
                }
                return;
            }
            Effect::DndOn => true,
            Effect::DndOff => false,
            Effect::DndToggle => !inner.dnd,
        };
        if std::mem::replace(&mut inner.dnd, dnd) != dnd {
            let happening = if dnd {
                Happening::DndOn
            } else {
                Happening::DndOff
            };
            self.emit(inner, happening, &Call::Idle, false);
        }
    }

    /// Presses OK (`trust`) or Cancel on the screen's prompt; the computer it asked about.
    fn press_screen(&self, trust: bool) -> Option<IpAddr> {
        let mut inner = self.lock();
        let ip = inner.screen.take()?;
        if trust {
            inner.trusted.insert(ip);
        }
        Some(ip)
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Clones of the entries with sequence number `from` or later, and the number logged so far.
    fn entries_since(&self, from: u64) -> (Vec<LogEntry>, u64) {
        let inner = self.lock();
        let len = inner.log.len() as u64;
        let first_seq = inner.logged - len;
        let skip = usize::try_from(from.saturating_sub(first_seq)).unwrap_or(usize::MAX);
        (inner.log.iter().skip(skip).cloned().collect(), inner.logged)
    }

    /// Waits until more than `logged` entries were ever logged; false at `deadline`.
    fn wait_past(&self, logged: u64, deadline: Instant) -> bool {
        let mut inner = self.lock();
        while inner.logged <= logged {
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                return false;
            };
            if left.is_zero() {
                return false;
            }
            inner = match self.changed.wait_timeout(inner, left) {
                Ok((guard, _)) => guard,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
        true
    }

    fn reset(&self) {
        let mut inner = self.lock();
        inner.state = CallState::default();
        inner.log.clear();
        inner.dnd = false;
        inner.incoming = false;
        inner.screen = None;
        inner.trusted = self.config.trusted.iter().copied().collect();
        self.sent.lock().unwrap_or_else(|e| e.into_inner()).clear();
        self.changed.notify_all();
    }

    /// Answers one connection: one request, or with `keep_alive` as many as come (up to
    /// [`REQUESTS_PER_CONNECTION`]), each within the read timeout of the one before.
    fn serve(&self, mut stream: TcpStream, peer: SocketAddr) {
        for served in 0..REQUESTS_PER_CONNECTION {
            let req = match http::read_request(&mut stream) {
                Ok(req) => req,
                Err(ReadError::Incomplete) => return,
                Err(e) => return self.refuse_unreadable(stream, peer, &e),
            };
            let handled = self.handle(&req, peer);
            let status = match (&handled.response, handled.silent) {
                (_, true) => 200,
                (Some(response), false) => response.status,
                (None, false) => 0,
            };
            let control = route(&req.target) == Route::Control;
            let body = (!control && !req.body.is_empty())
                .then(|| String::from_utf8_lossy(&req.body).into_owned());
            self.record(LogEntry {
                time_ms: now_ms(),
                peer: peer.to_string(),
                method: req.method.clone(),
                path: self.config.brand.log_target(&req.target),
                user: handled.user,
                auth: handled.auth,
                status,
                action: handled.action,
                silent: handled.silent,
                reused: served > 0,
                body,
            });
            // HTTP/1.1: a client that says `Connection: close` gets its answer and the close.
            let client_closes = req
                .header("Connection")
                .is_some_and(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case("close")));
            let keep =
                self.config.keep_alive && !client_closes && served + 1 < REQUESTS_PER_CONNECTION;
            match handled.response {
                Some(response) if keep => {
                    let bytes = response.kept_alive().for_method(&req.method).to_bytes();
                    if stream
                        .write_all(&bytes)
                        .and_then(|()| stream.flush())
                        .is_err()
                    {
                        return;
                    }
                }
                Some(response) => {
                    return http::answer(stream, &response.for_method(&req.method));
                }
                None => return http::close(stream),
            }
        }
    }

    /// Answers (and logs) a request that is not HTTP/1.x: 431 when too large, else 400. The log
    /// entry's method is the first word of the request line, its path the rest.
    fn refuse_unreadable(&self, stream: TcpStream, peer: SocketAddr, e: &ReadError) {
        let (status, line) = match e {
            ReadError::TooLarge => (431, String::new()),
            ReadError::Malformed { line, .. } => (400, line.clone()),
            ReadError::Incomplete => return,
        };
        let (method, path) = line.split_once(' ').unwrap_or((line.as_str(), ""));
        self.record(LogEntry {
            time_ms: now_ms(),
            peer: peer.to_string(),
            method: method.to_string(),
            path: path.to_string(),
            user: None,
            auth: AuthSeen::None,
            status,
            action: None,
            silent: false,
            reused: false,
            body: None,
        });
        http::answer(stream, &Response::text(status, &e.to_string()));
    }

    fn handle(&self, req: &Request, peer: SocketAddr) -> Handled {
        match (route(&req.target), self.config.brand) {
            (Route::Control, _) => Handled::plain(self.control(req)),
            (Route::Phone, Brand::Htek) => self.phone(req),
            (Route::NotFound, Brand::Htek) => Handled::plain(Response::text(404, "")),
            (_, brand) => self.brand_phone(brand, req, peer.ip()),
        }
    }

    /// A request to a phone of another brand than Htek (see the module doc for the order).
    fn brand_phone(&self, brand: Brand, req: &Request, ip: IpAddr) -> Handled {
        let ask = Ask::new(&req.method, &req.target, &req.body);
        if let Err(response) = brand.route(&ask, &self.config) {
            return Handled::plain(response);
        }
        let Some(delay) = self.take_faults() else {
            return Handled::dropped();
        };
        if !delay.is_zero() {
            thread::sleep(delay);
        }
        let credentials = match brand.auth_style() {
            AuthStyle::Http => self.http_credentials(req),
            AuthStyle::Query => brand::grandstream::credentials(&ask, &self.config.accounts)
                .map(|(user, role)| (user, role, AuthSeen::Query))
                .map_err(|(response, auth)| Handled {
                    auth,
                    ..Handled::plain(response)
                }),
        };
        let (user, role, seen) = match credentials {
            Ok(passed) => passed,
            Err(refused) => return refused,
        };
        let mut inner = self.lock();
        let outcome = {
            let view = View {
                call: &inner.state.call,
                call_id: &inner.call_id,
                incoming: inner.incoming,
                vars: &inner.vars,
                config: &self.config,
            };
            brand.handle(&ask, &view)
        };
        let (action, ok) = match outcome {
            Outcome::Answer(response) => {
                return Handled::answered(response, Some(user), seen);
            }
            Outcome::Act { action, ok } => (action, ok),
        };
        if let Some(refusal) = self.gate(&mut inner, brand, ip) {
            return Handled::answered(refusal, Some(user), seen);
        }
        if !role.may(&action) {
            // A refusal Grandstream answers with HTTP 200 must not read as a command.
            let logged = (brand != Brand::Grandstream).then_some(action);
            return Handled {
                action: logged,
                ..Handled::answered(brand.role_refusal(), Some(user), seen)
            };
        }
        let silent = self.carry_out(&mut inner, &action);
        drop(inner);
        Handled {
            response: (!silent).then_some(ok),
            user: Some(user),
            auth: seen,
            action: Some(action),
            silent,
        }
    }

    /// The brand's gates before a command: the allow list, then the screen's prompt. `Some`
    /// is the refusal.
    fn gate(&self, inner: &mut Inner, brand: Brand, ip: IpAddr) -> Option<Response> {
        let ip = ip.to_canonical();
        if brand.has_allow_list() && !brand::allows(&self.config.allow_ips, ip) {
            return Some(brand.not_allowed());
        }
        if brand == Brand::Snom && !self.config.http_commands {
            return Some(brand.not_allowed());
        }
        if brand.has_screen_prompt()
            && self.config.remote_control_prompt
            && !inner.trusted.contains(&ip)
        {
            // The first untrusted computer puts the question on the screen; until it is
            // answered, every untrusted computer is refused.
            inner.screen.get_or_insert(ip);
            return Some(brand::yealink::prompt_refusal());
        }
        None
    }

    /// Applies an accepted command and its effects; true when the `silent_next` fault takes
    /// its answer.
    fn carry_out(&self, inner: &mut Inner, action: &Action) -> bool {
        let before = inner.state.call.clone();
        inner.state.apply(action);
        self.events_for(inner, action, &before);
        if inner.faults.silent_next > 0 {
            inner.faults.silent_next -= 1;
            true
        } else {
            false
        }
    }

    /// Logs one request: in memory, and as a JSON line on stdout unless quiet.
    fn record(&self, entry: LogEntry) {
        if !self.config.quiet {
            if let Ok(line) = serde_json::to_string(&entry) {
                let mut out = io::stdout().lock();
                let _ = writeln!(out, "{line}");
                let _ = out.flush();
            }
        }
        let mut inner = self.lock();
        if inner.log.len() >= LOG_KEPT {
            inner.log.pop_front();
        }
        inner.log.push_back(entry);
        inner.logged += 1;
        self.changed.notify_all();
    }

    fn phone(&self, req: &Request) -> Handled {
        if req.method != "GET" {
            return Handled::plain(Response::text(405, "only GET").header("Allow", "GET"));
        }
        let Some(delay) = self.take_faults() else {
            return Handled::dropped();
        };
        if !delay.is_zero() {
            thread::sleep(delay);
        }
        match self.http_credentials(req) {
            Ok((user, role, auth)) => {
                let mut handled = self.command(req, role);
                handled.user = Some(user);
                handled.auth = auth;
                handled
            }
            Err(refused) => refused,
        }
    }

    /// The account an `Authorization` header (Basic or Digest) logs in, its role and how it
    /// passed; `Err` is the 401 (the first-401 quirk included).
    fn http_credentials(&self, req: &Request) -> Result<(String, Role, AuthSeen), Handled> {
        let header = req.header("Authorization");
        let verdict = if self.first_401_pending() {
            Verdict::Rejected(AuthError::FirstRequestQuirk)
        } else {
            self.auth.check(&req.method, &req.target, header)
        };
        match verdict {
            Verdict::Accepted { user, role, scheme } => {
                let auth = match scheme {
                    Scheme::Basic => AuthSeen::Basic,
                    Scheme::Digest => AuthSeen::Digest,
                };
                Ok((user, role, auth))
            }
            Verdict::Missing => Err(self.unauthorized(AuthSeen::None, "credentials required")),
            Verdict::Rejected(why) => {
                let seen = if header.is_some() {
                    AuthSeen::Rejected
                } else {
                    AuthSeen::None
                };
                Err(self.unauthorized(seen, &why.to_string()))
            }
        }
    }

    /// Applies the faults: `None` to drop this connection, else the delay to wait.
    fn take_faults(&self) -> Option<Duration> {
        let mut inner = self.lock();
        if inner.faults.drop_next > 0 {
            inner.faults.drop_next -= 1;
            return None;
        }
        Some(inner.faults.delay)
    }

    /// True once, for the first request to reach the auth check, when the quirk is on.
    fn first_401_pending(&self) -> bool {
        if !self.config.first_401 {
            return false;
        }
        let mut inner = self.lock();
        !std::mem::replace(&mut inner.first_401_done, true)
    }

    fn unauthorized(&self, auth: AuthSeen, why: &str) -> Handled {
        let mut response = Response::text(401, why);
        for challenge in self.auth.challenges() {
            response = response.header("WWW-Authenticate", challenge);
        }
        Handled {
            response: Some(response),
            user: None,
            auth,
            action: None,
            silent: false,
        }
    }

    /// After the credentials passed: parse, check the role, apply.
    fn command(&self, req: &Request, role: Role) -> Handled {
        let action = match parse_action_path(&req.target) {
            Ok(action) => action,
            Err(e) => return Handled::plain(Response::text(400, &e.to_string())),
        };
        let mut silent = false;
        let response = if role.may(&action) {
            let mut inner = self.lock();
            silent = self.carry_out(&mut inner, &action);
            drop(inner);
            Response::new(200, "text/html", "<html><body>OK</body></html>\n")
        } else {
            Response::text(403, "this account may only dial and hang up")
        };
        Handled {
            response: (!silent).then_some(response),
            user: None,
            auth: AuthSeen::None,
            action: Some(action),
            silent,
        }
    }

    /// The `/__sim/` paths: no auth, not part of the phone.
    fn control(&self, req: &Request) -> Response {
        let (path, query) = req
            .target
            .split_once('?')
            .unwrap_or((req.target.as_str(), ""));
        let allowed = match path {
            "/__sim/ring" | "/__sim/answer" | "/__sim/hangup" => "POST",
            "/__sim/action-urls" | "/__sim/screen" => "GET, POST",
            _ => "GET",
        };
        if !allowed.split(", ").any(|m| m == req.method) {
            let only = format!("only {allowed}");
            return Response::text(405, &only).header("Allow", allowed);
        }
        let response = match path {
            "/__sim/" | "/__sim/status" => self.status_page(),
            "/__sim/state" => json(&self.lock().state),
            "/__sim/log" => self.log_lines(),
            "/__sim/faults" => self.faults_from_query(query),
            "/__sim/reset" => {
                self.reset();
                json(&self.lock().state)
            }
            "/__sim/action-urls" if req.method == "POST" => self.set_action_urls(&req.body),
            "/__sim/action-urls" => json(&self.lock().action_urls),
            "/__sim/events-sent" => json(&self.sent_list()),
            "/__sim/ring" => self.ring(query),
            "/__sim/answer" => self.answer(),
            "/__sim/hangup" => self.hang_up(),
            "/__sim/screen" if req.method == "POST" => self.press(query),
            "/__sim/screen" => self.screen(),
            _ => Response::text(404, ""),
        };
        response.header("Access-Control-Allow-Origin", "*")
    }

    /// `POST /__sim/action-urls` with `{"event": "url", ...}`: all checked, then merged (an
    /// empty URL removes the event's). Answers the URLs now.
    fn set_action_urls(&self, body: &[u8]) -> Response {
        let Ok(urls) = serde_json::from_slice::<BTreeMap<String, String>>(body) else {
            return Response::text(400, "expected a JSON object {\"event\": \"url\"}");
        };
        let table = self.config.brand.events();
        for (event, url) in &urls {
            let checked = if url.is_empty() {
                if table.knows(event) {
                    Ok(())
                } else {
                    Err(events::UrlError::UnknownEvent(event.clone()))
                }
            } else {
                events::check_url_in(table, event, url)
            };
            if let Err(e) = checked {
                return Response::text(400, &e.to_string());
            }
        }
        let mut inner = self.lock();
        for (event, url) in urls {
            if url.is_empty() {
                inner.action_urls.remove(&event);
            } else {
                inner.action_urls.insert(event, url);
            }
        }
        json(&inner.action_urls)
    }

    /// `POST /__sim/ring?number=N&name=X[&remote=R]`: an incoming call.
    fn ring(&self, query: &str) -> Response {
        let mut number = None;
        let mut name = String::new();
        let mut remote = None;
        for (key, value) in http::query_pairs(query) {
            let Ok(value) = value else {
                return Response::text(400, &format!("{key}: bad percent escape"));
            };
            match key {
                "number" => number = Some(value),
                "name" => name = value,
                "remote" => remote = Some(value),
                other => {
                    return Response::text(
                        400,
                        &format!("unknown parameter {other:?}; use number, name, remote"),
                    )
                }
            }
        }
        let Some(number) = number.filter(|n| !n.is_empty()) else {
            return Response::text(400, "ring needs number=");
        };
        let mut inner = self.lock();
        self.new_call(&mut inner, &number, remote.as_deref(), true);
        inner.state.call = Call::Ringing { number, name };
        let call = inner.state.call.clone();
        let result = self.emit(&inner, Happening::Incoming, &call, true);
        drop(inner);
        self.control_answer(result)
    }

    /// `POST /__sim/answer`: the ringing call is answered (or the dialed one picks up).
    fn answer(&self) -> Response {
        let mut inner = self.lock();
        let Some((number, name)) = inner
            .state
            .call
            .party()
            .map(|(n, m)| (n.to_string(), m.to_string()))
        else {
            return Response::text(409, "no call to answer");
        };
        if let Call::Talking { .. } = inner.state.call {
            return Response::text(409, "the call is already answered");
        }
        inner.state.call = Call::Talking { number, name };
        let call = inner.state.call.clone();
        let result = self.emit(&inner, Happening::Established, &call, true);
        drop(inner);
        self.control_answer(result)
    }

    /// `POST /__sim/hangup`: the call ends.
    fn hang_up(&self) -> Response {
        let mut inner = self.lock();
        let before = inner.state.call.clone();
        if !before.is_active() {
            return Response::text(409, "no call to hang up");
        }
        inner.state.call = Call::HungUp;
        let result = self.emit(&inner, Happening::Terminated, &before, true);
        drop(inner);
        self.control_answer(result)
    }

    /// The state, and the Action URL sent for the change if one is set (waited for).
    fn control_answer(&self, result: Option<mpsc::Receiver<SentEvent>>) -> Response {
        let sent = result.and_then(|rx| rx.recv_timeout(events::SEND_TIMEOUT * 3).ok());
        let state = self.lock().state.clone();
        json(&serde_json::json!({ "state": state, "sent": sent }))
    }

    /// `GET /__sim/screen`: what the screen asks, and whom the phone trusts.
    fn screen(&self) -> Response {
        let inner = self.lock();
        json(&serde_json::json!({
            "prompt": inner.screen.map(|_| brand::yealink::PROMPT),
            "from": inner.screen,
            "trusted": inner.trusted,
        }))
    }

    /// `POST /__sim/screen?press=OK|CANCEL`: a soft key pressed on the prompt.
    fn press(&self, query: &str) -> Response {
        let trust = match query {
            "press=OK" => true,
            "press=CANCEL" => false,
            _ => return Response::text(400, "expected press=OK or press=CANCEL"),
        };
        if self.press_screen(trust).is_none() {
            return Response::text(409, "nothing on the screen to answer");
        }
        self.screen()
    }

    fn status_page(&self) -> Response {
        let inner = self.lock();
        let skip = inner.log.len().saturating_sub(status::LOG_LINES);
        let recent: Vec<&LogEntry> = inner.log.iter().skip(skip).collect();
        let screen = inner
            .screen
            .map(|ip| format!("{} ({ip})", brand::yealink::PROMPT));
        let html = status::page(
            &status::Phone {
                brand: self.config.brand,
                state: &inner.state,
                faults: &inner.faults,
                screen: screen.as_deref(),
            },
            &recent,
        );
        Response::new(200, "text/html; charset=utf-8", html)
    }

    fn log_lines(&self) -> Response {
        let inner = self.lock();
        let mut body = String::new();
        for entry in &inner.log {
            if let Ok(line) = serde_json::to_string(entry) {
                body.push_str(&line);
                body.push('\n');
            }
        }
        Response::new(200, "text/plain; charset=utf-8", body)
    }

    /// `/__sim/faults?delay_ms=N&drop=N&silent=N`: sets what is given, answers the faults now.
    fn faults_from_query(&self, query: &str) -> Response {
        let mut inner = self.lock();
        match parse_faults_query(query, inner.faults) {
            Ok(faults) => {
                inner.faults = faults;
                json(&serde_json::json!({
                    "delay_ms": u64::try_from(faults.delay.as_millis()).unwrap_or(u64::MAX),
                    "drop_next": faults.drop_next,
                    "silent_next": faults.silent_next,
                }))
            }
            Err(why) => Response::text(400, &why),
        }
    }
}

/// Applies `delay_ms=N`, `drop=N` and `silent=N` from a query string to `faults`.
fn parse_faults_query(query: &str, mut faults: Faults) -> Result<Faults, String> {
    for (name, value) in http::query_pairs(query) {
        let value = value.map_err(|e| format!("{name}: {e}"))?;
        match name {
            "delay_ms" => {
                let ms: u64 = value
                    .parse()
                    .map_err(|_| format!("delay_ms {value:?} is not a whole number"))?;
                faults.delay = Duration::from_millis(ms);
            }
            "drop" => {
                faults.drop_next = value
                    .parse()
                    .map_err(|_| format!("drop {value:?} is not a whole number"))?;
            }
            "silent" => {
                faults.silent_next = value
                    .parse()
                    .map_err(|_| format!("silent {value:?} is not a whole number"))?;
            }
            other => {
                return Err(format!(
                    "unknown parameter {other:?}; use delay_ms, drop and silent"
                ))
            }
        }
    }
    Ok(faults)
}

fn json(value: &impl serde::Serialize) -> Response {
    match serde_json::to_string(value) {
        Ok(body) => Response::new(200, "application/json", body),
        Err(e) => Response::text(500, &e.to_string()),
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|d| u64::try_from(d.as_millis()).ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_table() {
        let cases = [
            (
                "/Phone_ActionURL&Command=1&Number=206&Account=1",
                Route::Phone,
            ),
            ("/Phone_ActionURL&key=OK", Route::Phone),
            ("/Phone_ActionURL", Route::Phone),
            ("/Phone_ActionURL?Command=1&Number=206", Route::NotFound),
            ("/Phone_ActionURL&Command=1&Number=206?x=1", Route::NotFound),
            ("/Phone_ActionURLx", Route::NotFound),
            ("/phone_actionurl&Command=2", Route::NotFound),
            ("/", Route::NotFound),
            ("/__sim/state", Route::Control),
            ("/__sim/faults?drop=1", Route::Control),
            ("/__sim", Route::NotFound),
        ];
        for (target, expected) in cases {
            assert_eq!(route(target), expected, "{target}");
        }
    }

    #[test]
    fn faults_query_table() {
        let start = Faults {
            delay: Duration::from_millis(5),
            drop_next: 1,
            silent_next: 0,
        };
        let cases: &[(&str, Result<Faults, ()>)] = &[
            ("", Ok(start)),
            (
                "delay_ms=250",
                Ok(Faults {
                    delay: Duration::from_millis(250),
                    ..start
                }),
            ),
            (
                "drop=3",
                Ok(Faults {
                    drop_next: 3,
                    ..start
                }),
            ),
            (
                "silent=2",
                Ok(Faults {
                    silent_next: 2,
                    ..start
                }),
            ),
            ("delay_ms=0&drop=0", Ok(Faults::default())),
            ("silent=x", Err(())),
            ("drop=-1", Err(())),
            ("delay_ms=x", Err(())),
            ("speed=1", Err(())),
        ];
        for (query, expected) in cases {
            assert_eq!(
                &parse_faults_query(query, start).map_err(|_| ()),
                expected,
                "{query}"
            );
        }
    }
}
