//! End to end, incoming calls (issue 9): the simulated phone rings, the real receiver
//! (`htek-c2d-receiver`, registered into the test browser's profile with its own `install`
//! command) hears it, and the built extension shows the call: the notification, the popup's
//! line, "Open in CRM" opening exactly the page the template names, auto-open, missed calls
//! with call back; a request without the token shows nothing. Everything on 127.0.0.1.
#![cfg(not(target_arch = "wasm32"))]

use c2d_harness::dialer::PATIENCE;
use c2d_harness::{free_port, Browser, BrowserKind, BrowserOptions, WindowHandle};
use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

mod common;

use common::{tempfile_dir, World, WAIT};

/// The receiver binary: `$C2D_RECEIVER` when set (`cargo xtask test` builds it first), else
/// built here, in a target directory of its own (`target/receiver-for-tests`): a build of one
/// package resolves the core's dependencies alone, and in the shared target directory it would
/// overwrite the workspace's build of the core (its rlib has no hashed name: it is a cdylib too)
/// while `cargo test --workspace` still needs it.
fn receiver_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("C2D_RECEIVER") {
        let binary = PathBuf::from(path);
        assert!(
            binary.exists(),
            "C2D_RECEIVER={} does not exist",
            binary.display()
        );
        return binary;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = root.join("target/receiver-for-tests");
    let status = Command::new(env!("CARGO"))
        .args([
            "build",
            "--quiet",
            "-p",
            "htek-c2d-receiver",
            "--target-dir",
        ])
        .arg(&target)
        .current_dir(root)
        .status()
        .unwrap();
    assert!(status.success(), "cargo build -p htek-c2d-receiver");
    let binary = target.join("debug/htek-c2d-receiver");
    assert!(binary.exists(), "no receiver at {}", binary.display());
    binary
}

/// Registers the receiver for the browser that will use `profile`, with its own `install`.
fn install_receiver(kind: BrowserKind, profile: &Path) -> PathBuf {
    let (flag, dir) = match kind {
        BrowserKind::Chromium => ("--chromium-dir", profile.join("NativeMessagingHosts")),
        BrowserKind::Firefox => (
            "--firefox-dir",
            profile.join(".mozilla/native-messaging-hosts"),
        ),
    };
    let output = Command::new(receiver_binary())
        .arg("install")
        .arg(flag)
        .arg(&dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    dir
}

/// A POST to the simulated phone's control path (`/__sim/ring?...`).
fn sim_post(addr: SocketAddr, path: &str) {
    let answer = raw_request(
        addr,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: sim\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{path}: {answer}");
}

fn raw_request(addr: SocketAddr, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}

/// A world whose browser runs on `profile`, where the receiver is registered or not: Chromium
/// reads `<user-data-dir>/NativeMessagingHosts`, Firefox `~/.mozilla/native-messaging-hosts`,
/// so the profile stands in for the home directory.
fn world_on(kind: BrowserKind, profile: PathBuf) -> World {
    World::launched(kind, |extension| {
        Browser::launch(BrowserOptions {
            kind,
            profile_dir: Some(profile.clone()),
            // Tall enough for the README's picture of the whole group.
            extra_args: vec!["--window-size=900,3400".into()],
            env: match kind {
                BrowserKind::Firefox => vec![("HOME".into(), profile.display().to_string())],
                BrowserKind::Chromium => Vec::new(),
            },
            ..BrowserOptions::with_extension(&extension.dir)
        })
    })
}

/// The README's pictures of incoming calls (Chromium, `docs/screenshots/`).
fn screenshot(t: &Incoming, css: &str, name: &str) {
    if t.browser().kind() != BrowserKind::Chromium {
        return;
    }
    let png = t.browser().find(css).unwrap().screenshot_png().unwrap();
    assert!(png.starts_with(b"\x89PNG"), "{name}");
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join(name), png).unwrap();
}

struct Incoming {
    world: World,
    /// The receiver's port.
    port: u16,
    /// The CRM page the template names, for Anna calling from 0301234567.
    crm_for_anna: String,
}

impl Incoming {
    fn new(kind: BrowserKind) -> Incoming {
        let profile = tempfile_dir();
        install_receiver(kind, &profile);
        let world = world_on(kind, profile);
        let port = free_port();
        let crm = format!(
            "{}/crm.html?n={{number}}&who={{name}}",
            world.pages.base_url()
        );
        let crm_for_anna = format!("{}/crm.html?n=0301234567&who=Anna", world.pages.base_url());
        world.set_up(world.settings("1"));
        let status = world
            .extension
            .change_options(
                &world.browser,
                &[
                    ("incoming-enabled", "true"),
                    ("incoming-address", "127.0.0.1"),
                    ("incoming-port", &port.to_string()),
                    ("screen-pop-url", &crm),
                ],
            )
            .unwrap();
        assert_eq!(status, "Saved.");
        Incoming {
            world,
            port,
            crm_for_anna,
        }
    }

    fn browser(&self) -> &Browser {
        &self.world.browser
    }

    /// Waits until the options page (open) says the receiver listens; returns the line.
    fn wait_for_listening(&self) -> String {
        wait_for_receiver(&self.world, "listening")
    }

    /// The Action URLs the options page shows, by event, and the phone is set up with them.
    fn paste_urls_into_the_phone(&self) -> Vec<(String, String)> {
        let urls = self
            .browser()
            .execute(
                "return [...document.querySelectorAll('#setup-urls input[data-event]')].map(i => [i.dataset.event, i.value]);",
                vec![],
            )
            .unwrap();
        let urls: Vec<(String, String)> = urls
            .as_array()
            .unwrap()
            .iter()
            .map(|pair| {
                (
                    pair[0].as_str().unwrap().to_string(),
                    pair[1].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(urls.len(), 18, "{urls:?}");
        for (event, url) in &urls {
            self.world.phone.set_action_url(event, url).unwrap();
        }
        urls
    }

    fn ring(&self, number: &str, name: &str) {
        sim_post(
            self.world.phone.addr(),
            &format!("/__sim/ring?number={number}&name={name}"),
        );
    }

    fn sim(&self, path: &str) {
        sim_post(self.world.phone.addr(), path);
    }

    /// Waits until the open popup's line is in `state` (`idle`, `ringing`, `inCall`, `onHold`).
    fn wait_for_line(&self, state: &str) -> String {
        self.browser()
            .wait_until(&format!("the line to be {state}"), PATIENCE, |b| {
                let line = b.find("#line")?;
                let seen = line.attribute("data-state")?;
                Ok((seen.as_deref() == Some(state)).then(|| line.text().unwrap_or_default()))
            })
            .unwrap()
    }

    fn notifications(&self) -> Vec<String> {
        self.world.extension.notifications(self.browser()).unwrap()
    }

    /// Waits for a tab that is not one of `known` and returns its handle and URL once loaded.
    fn wait_for_new_tab(&self, known: &HashSet<WindowHandle>) -> (WindowHandle, String) {
        let browser = self.browser();
        let here = browser.current_tab().unwrap();
        let handle = browser
            .wait_until("a new tab", PATIENCE, |b| {
                Ok(b.window_handles()?.into_iter().find(|h| !known.contains(h)))
            })
            .unwrap();
        browser.switch_to(&handle).unwrap();
        let url = browser
            .wait_until("the new tab's page", PATIENCE, |b| {
                let url = b.current_url()?;
                Ok(url.starts_with("http").then_some(url))
            })
            .unwrap();
        browser.switch_to(&here).unwrap();
        (handle, url)
    }

    fn tabs(&self) -> HashSet<WindowHandle> {
        self.browser()
            .window_handles()
            .unwrap()
            .into_iter()
            .collect()
    }
}

fn an_incoming_call_end_to_end(kind: BrowserKind) {
    let t = Incoming::new(kind);
    let listening = t.wait_for_listening();
    assert!(
        listening.contains(&format!("127.0.0.1:{}", t.port)),
        "{listening}"
    );
    let urls = t.paste_urls_into_the_phone();
    assert!(
        urls.iter().any(|(e, u)| e == "incoming_call"
            && u.starts_with(&format!("http://127.0.0.1:{}/", t.port))
            && u.contains("/incoming_call?mac=$mac&")),
        "{urls:?}"
    );
    screenshot(&t, "#group-incoming", "incoming-options.png");
    let snippet = t
        .browser()
        .find("#setup-snippet")
        .unwrap()
        .property("value")
        .unwrap();
    assert!(snippet
        .as_str()
        .unwrap_or_default()
        .contains("Incoming Call = http://127.0.0.1:"));

    // The phone rings: the popup shows who, a notification is up.
    t.world.extension.open_popup(t.browser()).unwrap();
    assert_eq!(t.wait_for_line("idle"), "Idle");
    t.ring("0301234567", "Anna");
    let line = t.wait_for_line("ringing");
    assert_eq!(line, "Ringing: Anna (0301234567)");
    screenshot(&t, "#incoming", "incoming-popup.png");
    assert!(
        t.notifications()
            .iter()
            .any(|id| id.starts_with("incoming:")),
        "{:?}",
        t.notifications()
    );

    // "Open in CRM" opens exactly the template's page for Anna.
    let before = t.tabs();
    t.browser().find("#open-crm").unwrap().click().unwrap();
    let (tab, url) = t.wait_for_new_tab(&before);
    assert_eq!(url, t.crm_for_anna);
    let here = t.browser().current_tab().unwrap();
    t.browser().switch_to(&tab).unwrap();
    t.browser().close_tab().unwrap();
    t.browser().switch_to(&here).unwrap();

    // Answered, then hung up: back to idle, the notification gone, nothing missed.
    t.sim("/__sim/answer");
    assert_eq!(
        t.wait_for_line("inCall"),
        "In a call with Anna (0301234567)"
    );
    // The popup's Hold key: the phone gets F_HOLD, the line says on hold; again, back in the call.
    let holds = || {
        t.world
            .phone
            .commands()
            .iter()
            .filter(|e| e.path.ends_with("key=F_HOLD"))
            .count()
    };
    let hold = t.browser().find("button[data-key=\"F_HOLD\"]").unwrap();
    hold.click().unwrap();
    assert_eq!(t.wait_for_line("onHold"), "On hold: Anna (0301234567)");
    assert_eq!(holds(), 1);
    hold.click().unwrap();
    assert_eq!(
        t.wait_for_line("inCall"),
        "In a call with Anna (0301234567)"
    );
    assert_eq!(holds(), 2);
    t.sim("/__sim/hangup");
    assert_eq!(t.wait_for_line("idle"), "Idle");
    assert!(
        !t.notifications()
            .iter()
            .any(|id| id.starts_with("incoming:")),
        "{:?}",
        t.notifications()
    );
    assert!(
        t.browser().find("#missed li").is_err(),
        "nothing missed yet"
    );
    assert!(
        !t.notifications()
            .iter()
            .any(|id| id.starts_with("missedCall:")),
        "an answered call is not missed: {:?}",
        t.notifications()
    );

    // A request without this computer's token changes nothing.
    let receiver: SocketAddr = format!("127.0.0.1:{}", t.port).parse().unwrap();
    let answer = raw_request(
        receiver,
        "GET /0000000000000000wrongtoken00000/incoming_call?remote=sip:0999@pbx&display_remote=Mallory HTTP/1.1\r\nHost: x\r\n\r\n",
    );
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    std::thread::sleep(std::time::Duration::from_millis(500));
    t.world.extension.open_popup(t.browser()).unwrap();
    assert_eq!(t.wait_for_line("idle"), "Idle");
    assert!(!t
        .notifications()
        .iter()
        .any(|id| id.starts_with("incoming:")));

    // Auto-open: the CRM page opens by itself as the phone rings; unanswered, the call is missed.
    let status = t
        .world
        .extension
        .change_options(t.browser(), &[("screen-pop-auto", "true")])
        .unwrap();
    assert_eq!(status, "Saved.");
    t.world.extension.open_popup(t.browser()).unwrap();
    let before = t.tabs();
    t.ring("0301234567", "Anna");
    let (_, url) = t.wait_for_new_tab(&before);
    assert_eq!(url, t.crm_for_anna);
    t.wait_for_line("ringing");
    t.sim("/__sim/hangup");
    t.wait_for_line("idle");
    let missed = t
        .browser()
        .wait_until("a missed call", PATIENCE, |b| {
            let items = b.find_all("#missed li")?;
            Ok(items.first().map(|i| i.text().unwrap_or_default()))
        })
        .unwrap();
    assert!(missed.contains("Anna (0301234567)"), "{missed}");
    assert!(
        t.notifications()
            .iter()
            .any(|id| id.starts_with("missedCall:")),
        "{:?}",
        t.notifications()
    );

    // Call back dials the number at the phone.
    t.browser()
        .find("#missed button[data-number=\"0301234567\"]")
        .unwrap()
        .click()
        .unwrap();
    let dialed = t
        .browser()
        .wait_until("the call back at the phone", WAIT, |_| {
            Ok(t.world
                .phone_requests()
                .into_iter()
                .find(|e| e.is_command() && !e.path.contains("key=")))
        })
        .unwrap();
    assert!(
        dialed.path.contains("Command=1&Number=0301234567"),
        "{dialed:?}"
    );
    // The wrong-token request was the receiver's to refuse: the options page names it.
    t.world.extension.open_options(t.browser()).unwrap();
    let line = t.wait_for_listening();
    assert!(line.contains("token"), "{line}");

    // Clear forgets the missed calls.
    t.world.extension.open_popup(t.browser()).unwrap();
    t.browser().find("#clear-missed").unwrap().click().unwrap();
    t.browser()
        .wait_until("no missed calls", PATIENCE, |b| {
            Ok(b.find_all("#missed li")?.is_empty().then_some(()))
        })
        .unwrap();
}

/// Without the receiver registered, the options page says how to install it.
fn without_the_receiver_the_page_says_how_to_install_it(kind: BrowserKind) {
    let world = world_on(kind, tempfile_dir());
    world.set_up(world.settings("1"));
    let status = world
        .extension
        .change_options(
            &world.browser,
            &[
                ("incoming-enabled", "true"),
                ("incoming-address", "127.0.0.1"),
                ("incoming-port", &free_port().to_string()),
            ],
        )
        .unwrap();
    assert_eq!(status, "Saved.");
    let token = world
        .browser
        .find("#incoming-token")
        .unwrap()
        .property("value")
        .unwrap();
    assert_eq!(token.as_str().map(str::len), Some(32), "{token}");
    let line = wait_for_receiver(&world, "notInstalled");
    assert!(line.contains("htek-c2d-receiver install"), "{line}");
    assert!(world
        .browser
        .find("#connect-receiver")
        .unwrap()
        .is_displayed()
        .unwrap());
}

/// The lines the options page shows: (the brand's key, our events, the URL).
fn setup_lines(browser: &Browser) -> Vec<(String, String, String)> {
    let lines = browser
        .execute(
            "return [...document.querySelectorAll('#setup-urls input[data-event]')].map(i => [i.dataset.key, i.dataset.event, i.value]);",
            vec![],
        )
        .unwrap();
    lines
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let s = |i: usize| l[i].as_str().unwrap_or_default().to_string();
            (s(0), s(1), s(2))
        })
        .collect()
}

/// Issue 16, item 5: for each brand other than Htek, the brand chosen in the options page, the
/// lines it then shows pasted into that brand's simulated phone under the brand's own keys, a
/// ring pops the screen as Htek's does (the popup's line, the notification, Open in CRM opening
/// the template's page), and answer and hang-up come back to idle. Poly's lines carry its one
/// notification URL and its events come as XML POSTs.
fn every_brand_pops_the_screen(kind: BrowserKind) {
    use htek_sim::{Brand as SimBrand, Config, Sim};
    let t = Incoming::new(kind);
    t.wait_for_listening();
    let cases = [
        (SimBrand::Yealink, "action_url.incoming_call", 6),
        (SimBrand::Snom, "action_incoming_url", 6),
        (SimBrand::Grandstream, "incoming_call", 6),
        (SimBrand::Fanvil, "incoming_call", 6),
        (SimBrand::Poly, "apps.telNotification.incomingEvent", 3),
    ];
    for (brand, incoming_key, count) in cases {
        let browser = t.browser();
        t.world.extension.open_options(browser).unwrap();
        t.world
            .extension
            .set_field(browser, "brand", brand.id())
            .unwrap();
        let wait_for_lines =
            || {
                browser
                    .wait_until(&format!("{brand}'s lines"), PATIENCE, |b| {
                        let lines = setup_lines(b);
                        Ok((lines.first().map(|l| l.0.as_str()) == Some(incoming_key))
                            .then_some(lines))
                    })
                    .unwrap()
            };
        // The lines follow the select before anything is saved.
        let unsaved = wait_for_lines();
        c2d_harness::dialer::choose(browser, "account", "auto").unwrap();
        assert_eq!(t.world.extension.save_options(browser).unwrap(), "Saved.");
        let lines = wait_for_lines();
        assert_eq!(lines, unsaved, "{brand}");
        assert_eq!(lines.len(), count, "{brand}: {lines:?}");
        let phone = Sim::start(
            "127.0.0.1:0",
            Config {
                quiet: true,
                ..Config::for_brand(brand)
            },
        )
        .unwrap();
        for (key, event, url) in &lines {
            assert!(
                url.starts_with(&format!("http://127.0.0.1:{}/", t.port)),
                "{brand} {event}: {url}"
            );
            phone.set_action_url(key, url).unwrap();
        }
        if brand == SimBrand::Snom {
            assert!(lines[0].2.ends_with("&call_id=$call-id"), "{lines:?}");
        }
        let snippet = browser
            .find("#setup-snippet")
            .unwrap()
            .property("value")
            .unwrap();
        let snippet = snippet.as_str().unwrap_or_default();
        assert!(snippet.contains(incoming_key), "{brand}: {snippet}");

        t.world.extension.open_popup(browser).unwrap();
        assert_eq!(t.wait_for_line("idle"), "Idle", "{brand}");
        sim_post(phone.addr(), "/__sim/ring?number=0301234567&name=Anna");
        assert_eq!(
            t.wait_for_line("ringing"),
            "Ringing: Anna (0301234567)",
            "{brand}"
        );
        assert!(
            t.notifications()
                .iter()
                .any(|id| id.starts_with("incoming:")),
            "{brand}: {:?}",
            t.notifications()
        );
        let before = t.tabs();
        browser.find("#open-crm").unwrap().click().unwrap();
        let (tab, url) = t.wait_for_new_tab(&before);
        assert_eq!(url, t.crm_for_anna, "{brand}");
        let here = browser.current_tab().unwrap();
        browser.switch_to(&tab).unwrap();
        browser.close_tab().unwrap();
        browser.switch_to(&here).unwrap();
        sim_post(phone.addr(), "/__sim/answer");
        assert_eq!(
            t.wait_for_line("inCall"),
            "In a call with Anna (0301234567)",
            "{brand}"
        );
        sim_post(phone.addr(), "/__sim/hangup");
        assert_eq!(t.wait_for_line("idle"), "Idle", "{brand}");
        let sent = phone.events_sent();
        assert_eq!(sent.len(), 3, "{brand}: {sent:?}");
        assert!(sent.iter().all(|e| e.status == 200), "{brand}: {sent:?}");
    }
}

/// Each brand's lines name only `$variables` the brand's simulated phone substitutes, each
/// for the value our query parameter stands for, and only keys its configuration knows; every
/// event the sim sends has a line (Poly: one URL, its notification keys).
#[test]
fn every_brands_lines_match_its_simulated_phone() {
    use click_to_dial::incoming::{ActionUrlSetup, Event};
    use click_to_dial::phone::Brand;
    use htek_sim::events::{Happening, Var};
    let token = "0123456789abcdef0123456789abcdef";
    for brand in Brand::ALL {
        let sim: htek_sim::Brand = brand.name().to_ascii_lowercase().parse().unwrap();
        let table = sim.events();
        let setup = ActionUrlSetup::new("http://127.0.0.1:8765", token)
            .unwrap()
            .with_brand(brand);
        let lines = setup.lines();
        for line in &lines {
            assert!(table.knows(line.key), "{brand}: {}", line.key);
            let Some((_, query)) = line.url.split_once('?') else {
                assert_eq!(brand, Brand::Poly, "{}", line.url);
                assert!(table.vars.is_empty());
                continue;
            };
            for pair in query.split('&') {
                let (ours, theirs) = pair.split_once("=$").unwrap();
                let var = table
                    .vars
                    .iter()
                    .find(|(name, _)| *name == theirs)
                    .map(|(_, var)| *var)
                    .unwrap_or_else(|| panic!("{brand}: ${theirs} is not the sim's"));
                // The longest-first substitution must take this name whole.
                assert!(
                    table
                        .vars
                        .iter()
                        .find(|(name, _)| theirs.starts_with(name))
                        .is_some_and(|(name, _)| *name == theirs),
                    "{brand}: ${theirs} is read as a shorter variable"
                );
                let expected: &[Var] = match ours {
                    "mac" => &[Var::Mac],
                    "ip" => &[Var::Ip],
                    "model" => &[Var::Model],
                    "firmware" => &[Var::Firmware],
                    "active_url" => &[Var::ActiveUrl],
                    "active_user" => &[Var::ActiveUser],
                    "active_host" => &[Var::ActiveHost],
                    "local" => &[Var::Local, Var::ActiveUser],
                    "remote" => &[Var::Remote, Var::RemoteNumber],
                    "display_local" => &[Var::DisplayLocal],
                    "display_remote" => &[Var::DisplayRemote],
                    "call_id" => &[Var::CallId],
                    other => panic!("{brand}: unknown parameter {other}"),
                };
                assert!(
                    expected.contains(&var),
                    "{brand}: {ours}=${theirs} is {var:?}"
                );
            }
        }
        // The sim's CallId variable, where it has one, is used.
        let has_call_id = table.vars.iter().any(|(_, v)| *v == Var::CallId);
        let uses_call_id = lines.iter().all(|l| l.url.contains("call_id=$"));
        assert_eq!(has_call_id, uses_call_id, "{brand}");
        for happening in [
            Happening::Incoming,
            Happening::Outgoing,
            Happening::Established,
            Happening::Terminated,
            Happening::DndOn,
            Happening::DndOff,
        ] {
            if let Some(name) = table.name_for(happening) {
                let event = match happening {
                    Happening::Incoming => Event::IncomingCall,
                    Happening::Outgoing => Event::OutgoingCall,
                    Happening::Established => Event::CallEstablished,
                    Happening::Terminated => Event::CallTerminated,
                    Happening::DndOn => Event::OpenDnd,
                    Happening::DndOff => Event::CloseDnd,
                };
                assert!(
                    lines
                        .iter()
                        .any(|l| l.key == name && l.events.contains(&event)),
                    "{brand}: no line for {happening:?} ({name})"
                );
            }
        }
    }
}

/// With the receiver running, the extension's requests to a phone on HTTP go through it, and it
/// sends each once: a phone that carries out a dial and then closes the connection unanswered
/// dials once, and the person is told that it may have dialed. (Without the receiver the
/// browser itself sends such a request again: `tests/e2e_phone.rs`,
/// `a_phone_that_acts_and_closes_unanswered_may_be_sent_the_dial_again`.)
fn through_the_receiver_a_dial_goes_out_once(kind: BrowserKind) {
    let t = Incoming::new(kind);
    t.wait_for_listening();
    let world = &t.world;
    world.open_contacts();
    // An answered dial: through the receiver, with the phone's login, as before.
    world.click("+49 30 1234567");
    let outcome = world.outcome();
    assert!(outcome.starts_with("Dialing"), "{outcome}");
    assert_eq!(dials_of(world, "0301234567").len(), 1);
    // The phone dials and closes the connection without a word.
    world.phone.set_faults(htek_sim::Faults {
        silent_next: 1,
        ..htek_sim::Faults::default()
    });
    world.open_contacts(); // the outcome was read on the popup's page
    world.click("030 7654321");
    let outcome = t
        .browser()
        .wait_until("the outcome of the unanswered dial", WAIT, |_| {
            let outcome = world.outcome();
            Ok(outcome.contains("closed the connection").then_some(outcome))
        })
        .unwrap();
    assert!(
        outcome.contains("It may have carried out the command"),
        "{outcome}"
    );
    std::thread::sleep(Duration::from_secs(2));
    let sent: Vec<_> = world
        .phone_requests()
        .into_iter()
        .filter(|e| e.path.contains("Number=0307654321&"))
        .collect();
    assert_eq!(sent.len(), 1, "sent once, never again: {sent:#?}");
    assert!(sent[0].silent, "{sent:#?}");
}

/// Sets "Send to the phone only through the receiver" (incoming calls stay off) and saves.
fn only_through_the_receiver(world: &World) {
    world.set_up(world.settings("1"));
    let status = world
        .extension
        .change_options(&world.browser, &[("receiver-only", "true")])
        .unwrap();
    assert_eq!(status, "Saved.");
}

/// Waits until the options page (open) shows the receiver in `state`; returns the line.
fn wait_for_receiver(world: &World, state: &str) -> String {
    world
        .browser
        .wait_until(&format!("the receiver to be {state}"), PATIENCE, |b| {
            let status = b.find("#receiver-status")?;
            let shown = status.attribute("data-state")?;
            Ok((shown.as_deref() == Some(state)).then(|| status.text().unwrap_or_default()))
        })
        .unwrap()
}

/// The popup's outcome once it says `words` (it may first show the one before).
fn outcome_saying(world: &World, words: &str) -> String {
    world
        .browser
        .wait_until(&format!("an outcome that says {words:?}"), WAIT, |_| {
            let outcome = world.outcome();
            Ok(outcome.contains(words).then_some(outcome))
        })
        .unwrap()
}

/// The dials the phone got, of `number` as the phone dials it.
fn dials_of(world: &World, number: &str) -> Vec<htek_sim::LogEntry> {
    world
        .phone_requests()
        .into_iter()
        .filter(|e| e.path.contains(&format!("Command=1&Number={number}&")))
        .collect()
}

/// With "only through the receiver" (what an admin locks where a dial must never go out twice)
/// and no receiver, a click sends nothing to the phone, and the person reads why and what to
/// do; the options page says the receiver is not installed.
fn only_through_the_receiver_nothing_goes_out_without_it(kind: BrowserKind) {
    let world = world_on(kind, tempfile_dir());
    only_through_the_receiver(&world);
    let line = wait_for_receiver(&world, "notInstalled");
    assert!(line.contains("htek-c2d-receiver install"), "{line}");
    world.open_contacts();
    world.click("+49 30 1234567");
    let outcome = outcome_saying(&world, "receiver");
    assert!(
        outcome.contains("Not sent: the receiver is not running")
            && outcome.contains("htek-c2d-receiver install"),
        "{outcome}"
    );
    std::thread::sleep(Duration::from_secs(1));
    let sent = dials_of(&world, "0301234567");
    assert!(sent.is_empty(), "nothing without the receiver: {sent:#?}");
}

/// With "only through the receiver" and incoming calls off, the receiver runs to send: the
/// options page says so, and a phone that carries out a dial and closes the connection
/// unanswered gets it once (the browser alone sends it again:
/// `tests/e2e_phone.rs`, `a_phone_that_acts_and_closes_unanswered_may_be_sent_the_dial_again`).
fn only_through_the_receiver_a_dial_goes_out_once(kind: BrowserKind) {
    let profile = tempfile_dir();
    install_receiver(kind, &profile);
    let world = world_on(kind, profile);
    only_through_the_receiver(&world);
    let line = wait_for_receiver(&world, "sending");
    assert!(line.contains("Incoming calls are off"), "{line}");
    world.phone.set_faults(htek_sim::Faults {
        silent_next: 1,
        ..htek_sim::Faults::default()
    });
    world.open_contacts();
    world.click("+49 30 1234567");
    let outcome = outcome_saying(&world, "closed the connection");
    assert!(outcome.contains("sent once and not again"), "{outcome}");
    std::thread::sleep(Duration::from_secs(2));
    let sent = dials_of(&world, "0301234567");
    assert_eq!(sent.len(), 1, "sent once, never again: {sent:#?}");
    assert!(sent[0].silent, "{sent:#?}");
    // An answered dial, through the receiver too.
    world.open_contacts();
    world.click("030 7654321");
    let outcome = world.outcome();
    assert!(outcome.starts_with("Dialing"), "{outcome}");
    assert_eq!(dials_of(&world, "0307654321").len(), 1);
}

/// The tones a dial keeps for its answer (a meeting's code; an extension, with extensions sent
/// as tones) go by themselves once the phone reports that call answered, after their pauses
/// (`,,`: two of `PAUSE_MS`, two seconds each), once; a call that ends before its pause is over
/// gets none. (Without the receiver the popup's Send sends them: `tests/e2e_phone.rs`,
/// `marked_numbers_carry_their_extension_and_meeting_code`.)
fn tones_go_by_themselves_once_the_call_is_answered(kind: BrowserKind) {
    let t = Incoming::new(kind);
    t.wait_for_listening();
    t.paste_urls_into_the_phone();
    let world = &t.world;
    let keys = || -> Vec<String> {
        world
            .phone
            .commands()
            .into_iter()
            .filter(|e| e.path.starts_with("/Phone_ActionURL&Command=3&key="))
            .map(|e| e.path)
            .collect()
    };
    let dial = |marked: &str, dialed: &str| {
        world
            .browser
            .goto(&format!("{}/meeting.html", world.pages.base_url()))
            .unwrap();
        c2d_harness::dialer::wait_for_numbers(&world.browser, 5).unwrap();
        let path = format!("/Phone_ActionURL&Command=1&Number={dialed}&Account=1");
        let dials = || world.phone.log().iter().filter(|e| e.path == path).count();
        let before = dials();
        world.click(marked);
        world
            .phone
            .wait_for(WAIT, |_| dials() > before)
            .unwrap_or_else(|| {
                panic!("the phone never got {path} again: {:#?}", world.phone.log())
            });
    };

    // A meeting's one-tap number: the bridge rings, nothing else goes; answered, its code goes
    // as tones, after the two pauses written before it, then its passcode after four more.
    dial("+16465588656,,85012345678#,,,,*123456#", "0016465588656");
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(keys(), Vec::<String>::new(), "nothing before the answer");
    t.sim("/__sim/answer");
    std::thread::sleep(Duration::from_millis(2500));
    assert_eq!(
        keys(),
        Vec::<String>::new(),
        "nothing before the pauses are over"
    );
    let code: Vec<String> = "85012345678#*123456#"
        .chars()
        .map(|c| match c {
            '#' => "/Phone_ActionURL&Command=3&key=POUND".to_string(),
            '*' => "/Phone_ActionURL&Command=3&key=*".to_string(),
            d => format!("/Phone_ActionURL&Command=3&key={d}"),
        })
        .collect();
    let sent = world
        .browser
        .wait_until(
            "the meeting's code as tones",
            Duration::from_secs(30),
            |_| {
                let sent = keys();
                Ok((sent.len() >= code.len()).then_some(sent))
            },
        )
        .unwrap();
    assert_eq!(sent, code);
    t.sim("/__sim/hangup");
    t.world.extension.open_popup(t.browser()).unwrap();
    assert_eq!(t.wait_for_line("idle"), "Idle");
    let offered = t
        .browser()
        .find("#send-dtmf")
        .unwrap()
        .is_displayed()
        .unwrap();
    assert!(!offered, "sent once: the popup offers it no more");

    // An extension sent as tones, on a call that ends before its pause is over: none go.
    let status = world
        .extension
        .change_options(&world.browser, &[("extension", "dtmf")])
        .unwrap();
    assert_eq!(status, "Saved.");
    dial("+49 30 1234567 ext. 42", "0301234567");
    t.sim("/__sim/answer");
    t.sim("/__sim/hangup");
    std::thread::sleep(Duration::from_secs(4));
    assert_eq!(keys(), code, "no tones after the call ended");

    // The meeting again, hung up once its code went, during the four pauses before the
    // passcode: the passcode does not go (a look at the calls after each pause).
    let meeting_code = &code[..12];
    assert!(meeting_code.last().unwrap().ends_with("POUND"));
    dial("+16465588656,,85012345678#,,,,*123456#", "0016465588656");
    t.sim("/__sim/answer");
    let sent = world
        .browser
        .wait_until("the meeting's code again", Duration::from_secs(30), |_| {
            let sent = keys();
            Ok((sent.len() >= code.len() + meeting_code.len()).then_some(sent))
        })
        .unwrap();
    t.sim("/__sim/hangup");
    assert_eq!(&sent[code.len()..], meeting_code);
    std::thread::sleep(Duration::from_secs(10));
    assert_eq!(
        keys().len(),
        code.len() + meeting_code.len(),
        "no passcode after the call ended: {:?}",
        &keys()[code.len()..]
    );
}

in_both_browsers!(
    tones_go_by_themselves_once_the_call_is_answered,
    an_incoming_call_end_to_end,
    through_the_receiver_a_dial_goes_out_once,
    only_through_the_receiver_nothing_goes_out_without_it,
    only_through_the_receiver_a_dial_goes_out_once,
    without_the_receiver_the_page_says_how_to_install_it,
    every_brand_pops_the_screen,
);
