//! End-to-end tests of the options page an admin rolls out (issue 6): the connection check, the
//! rule tester, settings files, the phone's brand (issue 16), the organisation's policy, the
//! page in German, and the screenshots the README shows. The built extension in headless Chromium (and Firefox where
//! the test runs in both), against the simulated phone on 127.0.0.1.
#![cfg(not(target_arch = "wasm32"))]

use c2d_harness::dialer::{choose, wait_for_numbers, Extension, PhoneSettings, PATIENCE};
use c2d_harness::{Browser, BrowserKind, BrowserOptions};
use htek_sim::files::StaticServer;
use htek_sim::Faults;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;

mod common;

use common::{expected_numbers, fixtures, tempfile_dir, World, WAIT};

/// Clicks Check connection and returns the result's kind and text.
fn check(world: &World) -> (String, String) {
    let browser = &world.browser;
    browser
        .execute(
            "const r = document.getElementById('check-result'); r.textContent = ''; r.removeAttribute('data-kind');",
            vec![],
        )
        .unwrap();
    browser.find("#check-connection").unwrap().click().unwrap();
    browser
        .wait_until("a connection check result", PATIENCE, |b| {
            let result = b.find("#check-result")?;
            Ok(result
                .attribute("data-kind")?
                .map(|kind| (kind, result.text().unwrap_or_default())))
        })
        .unwrap()
}

fn fill(world: &World, address: &str, password: &str) {
    let settings = PhoneSettings {
        password: password.to_string(),
        ..PhoneSettings::new(address, "DE")
    };
    world
        .extension
        .fill_options(&world.browser, &settings)
        .unwrap();
}

fn check_connection_names_each_case(kind: BrowserKind) {
    let world = World::new(kind);
    let phone = world.phone.host_port();

    fill(&world, &phone, "admin");
    let (kind_seen, text) = check(&world);
    assert_eq!(kind_seen, "connected", "{text}");
    assert!(text.contains(&phone), "{text}");

    fill(&world, &phone, "wrong");
    assert_eq!(check(&world).0, "wrongCredentials");

    let pages = world.pages.base_url();
    fill(&world, pages.trim_start_matches("http://"), "admin");
    assert_eq!(
        check(&world).0,
        "notAPhone",
        "a web server that is no phone"
    );

    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().to_string()
    };
    fill(&world, &closed, "admin");
    assert_eq!(check(&world).0, "unreachable");

    world.phone.set_faults(Faults {
        delay: Duration::from_secs(3),
        ..Faults::default()
    });
    fill(&world, &phone, "admin");
    world
        .extension
        .set_field(&world.browser, "timeout-seconds", "1")
        .unwrap();
    let (kind_seen, text) = check(&world);
    assert_eq!(kind_seen, "timeout", "{text}");
    world.phone.set_faults(Faults::default());

    // A phone that asks for Digest (RFC 7616) is answered from the page too.
    let digest = htek_sim::Sim::start(
        "127.0.0.1:0",
        htek_sim::Config {
            quiet: true,
            auth: htek_sim::AuthMode::Digest,
            ..htek_sim::Config::default()
        },
    )
    .unwrap();
    fill(&world, &digest.host_port(), "admin");
    let (kind_seen, text) = check(&world);
    assert_eq!(
        kind_seen,
        "connected",
        "Digest: {text}; {:#?}",
        digest.log()
    );
    fill(&world, &digest.host_port(), "wrong");
    assert_eq!(check(&world).0, "wrongCredentials");

    // Nothing was dialed or pressed, and nothing was saved.
    let requests = world.phone_requests();
    assert!(requests.len() >= 3, "{requests:#?}");
    assert!(
        requests
            .iter()
            .all(|e| !e.is_command() && e.path == "/Phone_ActionURL"),
        "{requests:#?}"
    );
    let (phone_line, _) = world.extension.popup(&world.browser).unwrap();
    assert!(phone_line.starts_with("No phone"), "{phone_line}");
}

fn the_rule_tester_names_the_rule_that_fired(kind: BrowserKind) {
    let world = World::new(kind);
    let ext = &world.extension;
    ext.open_options(&world.browser).unwrap();
    choose(&world.browser, "default-country", "DE").unwrap();
    ext.set_field(&world.browser, "outside-line", "0").unwrap();
    ext.set_field(
        &world.browser,
        "rewrite-rules",
        "00800 -> 0800\n0030 -> 030",
    )
    .unwrap();
    ext.set_field(&world.browser, "rule-test", "+49 30 1234567")
        .unwrap();
    let result = |wanted: &str| {
        world
            .browser
            .wait_until(&format!("the tester to say {wanted:?}"), PATIENCE, |b| {
                let text = b.find("#rule-test-result")?.text()?;
                Ok(text.contains(wanted).then_some(text))
            })
            .unwrap()
    };
    let text = result("rule 2");
    assert!(
        text.contains("0301234567") && text.contains("0030 -> 030"),
        "{text}"
    );
    ext.set_field(&world.browser, "rule-test", "+33 1 23 45 67 89")
        .unwrap();
    assert!(result("no rewrite rule").contains("00033123456789"));
    ext.set_field(&world.browser, "rewrite-rules", "0030 030")
        .unwrap();
    result("Correct the marked fields");
}

/// Exports (password left out), then imports a bad file (refused, naming the field, nothing
/// changed) and a good one (saved).
fn settings_files_export_and_import(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("2"));
    let ext = &world.extension;
    let browser = &world.browser;
    ext.change_options(browser, &[("area-code", "30")]).unwrap();
    let exported = ext.export_settings(browser).unwrap();
    let file: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(file["format"], "htek-click-to-dial-settings");
    assert_eq!(file["version"], 8);
    assert_eq!(file["settings"]["phoneName"], "Desk phone");
    assert_eq!(file["settings"]["brand"], "htek");
    assert!(
        file["settings"].get("credentialsFor").is_none(),
        "{exported}"
    );
    assert_eq!(file["settings"]["phoneAddress"], world.phone.host_port());
    assert_eq!(file["settings"]["dialing"]["areaCode"], "30");
    assert!(file["settings"].get("password").is_none(), "{exported}");
    assert!(browser
        .find("#transfer-status")
        .unwrap()
        .text()
        .unwrap()
        .contains("click-to-dial-settings.json"));

    let dir = tempfile_dir();
    let import = |name: &str, contents: &Value| -> String {
        let path = dir.join(name);
        std::fs::write(&path, contents.to_string()).unwrap();
        ext.import_settings_file(browser, &path).unwrap()
    };
    let mut bad = file.clone();
    bad["settings"]["dialing"]["areaCode"] = json!("(040)");
    bad["settings"]["phoneAddress"] = json!("10.9.9.9");
    let status = import("bad.json", &bad);
    assert!(
        status.starts_with("Not imported, nothing changed") && status.contains("dialing.areaCode"),
        "{status}"
    );
    ext.open_options(browser).unwrap();
    let value = |id: &str| {
        browser
            .find(&format!("#{id}"))
            .unwrap()
            .property("value")
            .unwrap()
    };
    assert_eq!(value("area-code"), "30", "a refused file changes nothing");
    assert_eq!(value("phone-address"), json!(world.phone.host_port()));

    let mut good = file.clone();
    good["settings"]["dialing"]["areaCode"] = json!("40");
    assert_eq!(
        import("good.json", &good),
        "Check what the file changes, then Apply or Cancel."
    );
    let rows = browser
        .execute(
            "return [...document.querySelectorAll('#import-change-rows tr')]
               .map((row) => [...row.cells].map((cell) => cell.textContent).join(' | '));",
            vec![],
        )
        .unwrap();
    assert_eq!(rows, json!(["dialing.areaCode | 30 | 40"]));
    browser
        .execute(
            "document.getElementById('transfer-status').textContent = ''",
            vec![],
        )
        .unwrap();
    browser.find("#import-apply").unwrap().click().unwrap();
    let applied = browser
        .wait_until("the import applied", PATIENCE, |b| {
            let text = b.find("#transfer-status")?.text()?;
            Ok((!text.is_empty()).then_some(text))
        })
        .unwrap();
    assert_eq!(applied, "Imported and saved.");
    ext.open_options(browser).unwrap();
    assert_eq!(value("area-code"), "40");
    assert_eq!(
        value("password"),
        "admin",
        "a file without a password keeps the one set"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// The phone's brand (issue 16, item 2): chosen beside the address, with what to set up on
/// that brand's phone; an account the brand cannot dial on is named before anything is saved;
/// the connection check sends the brand's own probe (the simulated phone, an Htek, is not
/// that brand).
fn the_phone_brand_is_chosen_with_its_setup(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("2"));
    let ext = &world.extension;
    let browser = &world.browser;
    ext.open_options(browser).unwrap();
    let steps = || browser.find("#brand-setup-steps").unwrap().text().unwrap();
    assert!(steps().contains("Action URI"), "{}", steps());
    ext.set_field(browser, "incoming-address", "192.168.0.50")
        .unwrap();
    ext.set_field(browser, "brand", "yealink").unwrap();
    let yealink = steps();
    assert!(
        yealink.contains("Allow remote control?") && yealink.contains("192.168.0.50"),
        "{yealink}"
    );
    ext.set_field(browser, "brand", "poly").unwrap();
    assert!(steps().contains("Polycom"), "{}", steps());
    ext.set_field(browser, "brand", "grandstream").unwrap();
    assert!(steps().contains("HTTPS"), "{}", steps());

    // Yealink picks account 2 by its SIP URI: none given, nothing saved, the field says why.
    ext.set_field(browser, "brand", "yealink").unwrap();
    let status = ext.save_options(browser).unwrap();
    assert!(status.starts_with("Not saved"), "{status}");
    let error = browser.find("#account-uris-error").unwrap().text().unwrap();
    assert!(
        error.contains("Yealink") && error.contains("account 2"),
        "{error}"
    );
    ext.set_field(browser, "account-uris", "501@pbx.test\n502@pbx.test")
        .unwrap();
    assert_eq!(ext.save_options(browser).unwrap(), "Saved.");
    ext.open_options(browser).unwrap();
    let value = |id: &str| {
        browser
            .find(&format!("#{id}"))
            .unwrap()
            .property("value")
            .unwrap()
    };
    assert_eq!(value("brand"), "yealink");
    assert_eq!(value("account-uris"), "501@pbx.test\n502@pbx.test");

    // Yealink's probe (`/servlet?phonecfg=get`) reaches an Htek phone: not this brand.
    let (kind_seen, text) = check(&world);
    assert_eq!(kind_seen, "notThisBrand", "{text}");
    assert!(text.contains("Yealink"), "{text}");
    // Grandstream's (no HTTP auth, the password in the query) likewise.
    ext.set_field(browser, "brand", "grandstream").unwrap();
    assert_eq!(check(&world).0, "notThisBrand");
    // Back to Htek: connected, as before.
    ext.set_field(browser, "brand", "htek").unwrap();
    assert_eq!(check(&world).0, "connected");
}

/// What the page shows and allows before it is ready: `[ready, controls disabled, status]`.
fn page_state(browser: &Browser, status: &str) -> (bool, bool, String) {
    let state = browser
        .execute(
            "return [document.body.hasAttribute('data-ready'), \
             document.getElementById('page-controls')?.disabled === true, \
             document.getElementById(arguments[0]).textContent]",
            vec![json!(status)],
        )
        .unwrap();
    (
        state[0].as_bool().unwrap(),
        state[1].as_bool().unwrap(),
        state[2].as_str().unwrap().to_string(),
    )
}

/// Types `text` into `#id` at the first moment the page lets a person do it (the harness
/// looks every 50 ms), and says whether the page was ready then.
fn type_when_allowed(browser: &Browser, id: &str, text: &str) -> bool {
    let field = browser
        .wait_until(&format!("#{id} to take input"), WAIT, |b| {
            let field = b.find(&format!("#{id}"))?;
            let enabled = b.execute(
                "return !arguments[0].matches(':disabled')",
                vec![field.to_json()],
            )?;
            Ok((enabled == json!(true)).then_some(field))
        })
        .unwrap();
    field.clear().unwrap();
    field.send_keys(text).unwrap();
    browser
        .execute("return document.body.hasAttribute('data-ready')", vec![])
        .unwrap()
        == json!(true)
}

/// Issue 17: nothing a person types or saves while the options page and the popup load is
/// dropped. Right after the browser starts (Chromium reads the organisation's policy slowly
/// then, about 1.5 s here) the options page is opened and typed into and saved at the first
/// moment the page lets a person; the values are kept. Before it is ready the page shows
/// "Loading…" and its controls are disabled, not a form that forgets what is typed. Then the
/// popup: a number typed at its first moment and Enter dial it.
fn input_at_the_first_moment_is_kept(kind: BrowserKind) {
    let world = World::new(kind);
    let extension = &world.extension;
    let browser = &world.browser;
    let address = world.phone.host_port();

    browser.goto(&extension.url("options.html")).unwrap();
    let (ready, disabled, status) = page_state(browser, "status");
    if !ready {
        assert!(disabled, "the options page takes input before it is ready");
        assert_eq!(status, "Loading…", "what the page says while it loads");
    }
    let first_typed_when_ready = type_when_allowed(browser, "phone-address", &address);
    assert!(
        first_typed_when_ready,
        "the field took input before the page was ready"
    );
    for (id, typed) in [
        ("username", "admin"),
        ("password", "admin"),
        ("area-code", "30"),
    ] {
        type_when_allowed(browser, id, typed);
    }
    choose(browser, "default-country", "DE").unwrap();
    browser.find("#save").unwrap().click().unwrap();
    let saved = browser
        .wait_until("a status after Save", WAIT, |b| {
            let text = b.find("#status")?.text()?;
            Ok((!text.is_empty() && text != "Loading…").then_some(text))
        })
        .unwrap();
    assert_eq!(saved, "Saved.");
    extension.open_options(browser).unwrap();
    for (id, typed) in [
        ("phone-address", address.as_str()),
        ("username", "admin"),
        ("area-code", "30"),
        ("default-country", "DE"),
    ] {
        let kept = browser
            .execute(
                "return document.getElementById(arguments[0]).value",
                vec![json!(id)],
            )
            .unwrap();
        assert_eq!(kept, json!(typed), "#{id}");
    }

    browser.goto(&extension.url("popup.html")).unwrap();
    let (ready, disabled, _) = page_state(browser, "phone");
    assert!(
        ready || disabled,
        "the popup takes input before it is ready"
    );
    assert!(type_when_allowed(browser, "number", "030 1234567\u{E007}"));
    let dialed = world
        .phone
        .wait_for(WAIT, |e| e.is_command())
        .unwrap_or_else(|| panic!("no dial; log: {:#?}", world.phone.log()));
    // Dialed as the saved settings say: in area 30, without the area code.
    assert!(
        dialed.path.split('&').any(|part| part == "Number=1234567"),
        "{}",
        dialed.path
    );
}

in_both_browsers!(
    input_at_the_first_moment_is_kept,
    check_connection_names_each_case,
    the_rule_tester_names_the_rule_that_fired,
    settings_files_export_and_import,
    the_phone_brand_is_chosen_with_its_setup,
);

/// A Chromium build whose id is the test's own (another manifest key), so that the policy
/// written for it touches no other test's browser.
const POLICY_TEST_KEY: &str = include_str!("fixtures/policy-test-key.txt");

/// A policy file in Chromium's system policy directory for one extension id, removed on drop.
struct PolicyFile(PathBuf);

impl PolicyFile {
    /// Writes the policy as an admin does: directly as root, else through `sudo -n`.
    fn write(id: &str, policy: &Value) -> PolicyFile {
        let dir = Path::new("/etc/chromium/policies/managed");
        let path = dir.join(format!("htek-c2d-test-{id}.json"));
        let file = json!({ "3rdparty": { "extensions": { id: policy } } });
        let text = serde_json::to_string_pretty(&file).unwrap();
        let direct = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&path, &text));
        if let Err(error) = direct {
            let staged = tempfile_dir().join("policy.json");
            std::fs::write(&staged, &text).unwrap();
            let sudo = std::process::Command::new("sudo")
                .args(["-n", "install", "-D", "-m", "644"])
                .arg(&staged)
                .arg(&path)
                .status();
            assert!(
                sudo.is_ok_and(|s| s.success()),
                "cannot write {} ({error}); the policy test writes Chromium's system policy as an \
                 admin does: run the tests as root or with passwordless sudo",
                path.display()
            );
        }
        PolicyFile(path)
    }
}

impl Drop for PolicyFile {
    fn drop(&mut self) {
        if std::fs::remove_file(&self.0).is_err() && self.0.exists() {
            let _ = std::process::Command::new("sudo")
                .args(["-n", "rm", "-f"])
                .arg(&self.0)
                .status();
        }
    }
}

/// Copies the Chromium build under another key (another extension id).
fn build_with_test_key() -> (PathBuf, String) {
    let built = Extension::built(BrowserKind::Chromium).unwrap();
    let copy = tempfile_dir().join("extension");
    copy_dir(&built.dir, &copy);
    let manifest_path = copy.join("manifest.json");
    let mut manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest_path).unwrap()).unwrap();
    manifest["key"] = json!(POLICY_TEST_KEY.trim());
    std::fs::write(&manifest_path, manifest.to_string()).unwrap();
    let id = c2d_harness::extension_id(&copy).unwrap();
    (copy, id)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// What the policy tests push: a phone, its login and account, a country, a bad outside-line
/// prefix (to be ignored) and a deny list.
fn admin_policy(phone: &htek_sim::Sim) -> Value {
    json!({
        "phoneAddress": phone.host_port(),
        "username": "admin",
        "password": "admin",
        "account": "3",
        "defaultCountry": "DE",
        "outsideLine": "x",
        "denySites": ["bank.example"],
    })
}

/// [`admin_policy`] as the extension in `browser` must show and use it: the managed values
/// apply (a click dials through them) and show locked; the bad value is ignored and named;
/// fields the policy leaves alone stay the user's.
fn assert_the_policy_applies(
    extension: &Extension,
    browser: &Browser,
    phone: &htek_sim::Sim,
    pages: &StaticServer,
) {
    extension.open_options(browser).unwrap();
    let field = browser.find("#phone-address").unwrap();
    assert_eq!(field.property("value").unwrap(), json!(phone.host_port()));
    assert_eq!(field.property("disabled").unwrap(), json!(true));
    assert_eq!(
        browser
            .find("#phone-address-managed")
            .unwrap()
            .text()
            .unwrap(),
        "Set by your organisation."
    );
    assert!(browser
        .find("#managed-note")
        .unwrap()
        .is_displayed()
        .unwrap());
    let disabled = |css: &str| browser.find(css).unwrap().property("disabled").unwrap();
    assert_eq!(disabled("#account"), json!(true));
    assert_eq!(
        disabled("#area-code"),
        json!(false),
        "fields the policy leaves alone stay the user's"
    );
    assert_eq!(
        browser
            .find("#deny-sites")
            .unwrap()
            .property("value")
            .unwrap(),
        json!("bank.example")
    );
    let ignored = browser.find("#outside-line-error").unwrap().text().unwrap();
    assert!(
        ignored.starts_with("Your organisation's value for this field was ignored"),
        "{ignored}"
    );
    assert_eq!(disabled("#outside-line"), json!(false));

    // The policy locks the default phone only: a phone added is the user's to fill in, and
    // none can take the locked phone's place as the default.
    browser.find("#phone-add").unwrap().click().unwrap();
    let value = |css: &str| browser.find(css).unwrap().property("value").unwrap();
    assert_eq!(disabled("#phone-address"), json!(false));
    assert_eq!(value("#phone-address"), json!(""));
    assert!(!browser
        .find("#phone-address-managed")
        .unwrap()
        .is_displayed()
        .unwrap());
    assert_eq!(disabled("#phone-make-default"), json!(true));
    let default = browser
        .execute(
            "return document.getElementById('phone-pick').options[0].value",
            vec![],
        )
        .unwrap();
    c2d_harness::dialer::choose(browser, "phone-pick", default.as_str().unwrap()).unwrap();
    assert_eq!(disabled("#phone-address"), json!(true));
    assert_eq!(value("#phone-address"), json!(phone.host_port()));
    // The added phone, never saved, is dropped with the page.
    extension.open_options(browser).unwrap();

    // Saving the page cannot change a locked value (the page sends the policy's).
    extension
        .change_options(browser, &[("area-code", "40")])
        .unwrap();

    // The policy's phone and account dial, without the user ever saving them.
    browser
        .goto(&format!("{}/contacts.html", pages.base_url()))
        .unwrap();
    wait_for_numbers(browser, expected_numbers().len()).unwrap();
    let (raw, digits) = expected_numbers().into_iter().next().unwrap();
    c2d_harness::dialer::click_number(browser, &raw).unwrap();
    let wanted = format!("/Phone_ActionURL&Command=1&Number={digits}&Account=3");
    phone
        .wait_for(WAIT, |e| e.is_command() && e.path == wanted)
        .unwrap_or_else(|| panic!("the phone never got {wanted}: {:#?}", phone.log()));
}

fn quiet_phone() -> htek_sim::Sim {
    htek_sim::Sim::start(
        "127.0.0.1:0",
        htek_sim::Config {
            quiet: true,
            ..htek_sim::Config::default()
        },
    )
    .unwrap()
}

/// An admin's policy file configures the extension with no one touching the options page
/// (Chromium's system policy directory, `3rdparty.extensions.<id>`).
#[test]
fn chromium_a_policy_configures_and_locks_the_extension() {
    let phone = quiet_phone();
    let pages = StaticServer::start("127.0.0.1:0", fixtures()).unwrap();
    let (dir, id) = build_with_test_key();
    let _policy = PolicyFile::write(&id, &admin_policy(&phone));
    let extension = Extension::at(&dir, BrowserKind::Chromium).unwrap();
    let browser = extension.launch(None).unwrap();
    assert_the_policy_applies(&extension, &browser, &phone, &pages);
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
}

/// The same in Firefox, through its per-user managed storage manifest
/// (`~/.mozilla/managed-storage/<add-on id>.json`, `"type": "storage"`), which feeds
/// `storage.managed` as `policies.json`'s `3rdparty` does; `HOME` is the test's own directory,
/// so no other browser sees it.
#[test]
fn firefox_managed_storage_configures_and_locks_the_extension() {
    let phone = quiet_phone();
    let pages = StaticServer::start("127.0.0.1:0", fixtures()).unwrap();
    let home = tempfile_dir();
    let extension = Extension::built(BrowserKind::Firefox).unwrap();
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(extension.dir.join("manifest.json")).unwrap(),
    )
    .unwrap();
    let id = manifest["browser_specific_settings"]["gecko"]["id"]
        .as_str()
        .unwrap();
    let managed = home.join(".mozilla/managed-storage");
    std::fs::create_dir_all(&managed).unwrap();
    let file = json!({
        "name": id,
        "description": "click-to-dial settings from the organisation (test)",
        "type": "storage",
        "data": admin_policy(&phone),
    });
    std::fs::write(managed.join(format!("{id}.json")), file.to_string()).unwrap();
    let browser = Browser::launch(BrowserOptions {
        kind: BrowserKind::Firefox,
        env: vec![("HOME".into(), home.display().to_string())],
        ..BrowserOptions::with_extension(&extension.dir)
    })
    .unwrap();
    assert_the_policy_applies(&extension, &browser, &phone, &pages);
    let _ = std::fs::remove_dir_all(&home);
}

/// The options page and the popup in German: every word from the German locale file,
/// validation messages too.
#[test]
fn chromium_the_pages_speak_german() {
    let extension = Extension::built(BrowserKind::Chromium).unwrap();
    let browser = Browser::launch(BrowserOptions {
        extra_args: vec!["--lang=de".into(), "--accept-lang=de-DE,de".into()],
        env: ["LANGUAGE", "LANG", "LC_ALL"]
            .map(|name| (name.to_string(), "de_DE.UTF-8".to_string()))
            .to_vec(),
        ..BrowserOptions::with_extension(&extension.dir)
    })
    .unwrap();
    extension.open_options(&browser).unwrap();
    let text = |css: &str| browser.find(css).unwrap().text().unwrap();
    assert_eq!(text("#group-phone legend"), "Telefon");
    assert_eq!(text("#save"), "Speichern");
    assert_eq!(text("label[for=phone-address]"), "Adresse des Telefons");
    let status = extension.save_options(&browser).unwrap();
    assert_eq!(
        status,
        "Nicht gespeichert: Korrigieren Sie die unten markierten Felder."
    );
    assert!(
        text("#phone-address-error").starts_with("Geben Sie die Adresse"),
        "{}",
        text("#phone-address-error")
    );
    extension.open_popup(&browser).unwrap();
    assert!(
        text("#phone").starts_with("Noch kein Telefon"),
        "{}",
        text("#phone")
    );
    assert_eq!(text("#hang-up"), "Auflegen");
}

/// The README's pictures of the options page and the popup, taken from the built extension
/// each run so they stay current (`docs/screenshots/`).
#[test]
fn chromium_screenshots_for_the_readme() {
    let world = World::launched(BrowserKind::Chromium, |extension| {
        Browser::launch(BrowserOptions {
            extra_args: vec!["--window-size=900,3400".into(), "--lang=en-US".into()],
            ..BrowserOptions::with_extension(&extension.dir)
        })
    });
    world.set_up(world.settings("1"));
    let ext = &world.extension;
    ext.open_options(&world.browser).unwrap();
    ext.set_field(&world.browser, "rewrite-rules", "0049 -> 0")
        .unwrap();
    ext.set_field(&world.browser, "rule-test", "+49 30 1234567")
        .unwrap();
    world
        .browser
        .find("#check-connection")
        .unwrap()
        .click()
        .unwrap();
    world
        .browser
        .wait_until("the connection check", PATIENCE, |b| {
            b.find("#check-result")?.attribute("data-kind")
        })
        .unwrap();
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    std::fs::create_dir_all(&out).unwrap();
    let options = world
        .browser
        .find("main")
        .unwrap()
        .screenshot_png()
        .unwrap();
    assert!(options.starts_with(b"\x89PNG") && options.len() > 20_000);
    std::fs::write(out.join("options.png"), options).unwrap();

    world
        .browser
        .goto(&format!("{}/contacts.html", world.pages.base_url()))
        .unwrap();
    wait_for_numbers(&world.browser, expected_numbers().len()).unwrap();
    world.click(&expected_numbers()[0].0);
    world.outcome();
    let popup = world
        .browser
        .find("body")
        .unwrap()
        .screenshot_png()
        .unwrap();
    assert!(popup.starts_with(b"\x89PNG") && popup.len() > 10_000);
    std::fs::write(out.join("popup.png"), popup).unwrap();
}
