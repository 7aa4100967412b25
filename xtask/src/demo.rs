//! `cargo xtask sim` and `cargo xtask demo`: the simulated phone on its own, or the whole product
//! on one machine: the extension built, the simulated phone, the demo pages, and (where Chromium
//! runs headless) a scripted walk that clicks a number and shows the phone's log line.

use crate::cli::Args;
use crate::tools::{cargo, ensure_chromium, root, run, step, step_detail};
use c2d_harness::dialer::{click_number, wait_for_numbers, Extension, PhoneSettings};
use c2d_harness::BrowserKind;
use htek_sim::files::StaticServer;
use htek_sim::{Brand, Config, LogEntry, Sim};
use lexopt::Arg;
use std::ffi::OsString;
use std::path::Path;
use std::time::Duration;

/// `cargo xtask sim [FLAGS]`: runs the `htek-sim` binary with the given flags, as given.
pub fn sim(args: Vec<OsString>) -> Result<(), String> {
    run(cargo()
        .current_dir(root())
        .args(["run", "--quiet", "--package", "htek-sim", "--"])
        .args(args))
}

/// What follows `cargo xtask` in a correct `demo` command line.
pub const USAGE: &str =
    "demo [--brand NAME] [--once] [--walk | --no-walk] [--phone-port N] [--www-port N]";

/// Demo flags.
pub struct DemoOptions {
    /// The simulated phone's brand (Htek unless `--brand`).
    brand: Brand,
    once: bool,
    walk: bool,
    phone_port: u16,
    www_port: u16,
}

/// The flags of `cargo xtask demo`.
pub fn parse(mut args: Args) -> Result<DemoOptions, String> {
    let mut options = DemoOptions {
        brand: Brand::Htek,
        once: false,
        walk: std::env::var_os("DISPLAY").is_none()
            && std::env::var_os("WAYLAND_DISPLAY").is_none(),
        phone_port: 8088,
        www_port: 8000,
    };
    while let Some(arg) = args.next()? {
        match arg {
            Arg::Long("brand") => {
                options.brand = args.value(
                    "--brand",
                    "a phone brand: htek, yealink, snom, grandstream, fanvil or poly",
                )?;
            }
            Arg::Long("once") => options.once = true,
            Arg::Long("walk") => options.walk = true,
            Arg::Long("no-walk") => options.walk = false,
            Arg::Long("phone-port") => {
                options.phone_port = args.value("--phone-port", "a port number")?;
            }
            Arg::Long("www-port") => {
                options.www_port = args.value("--www-port", "a port number")?
            }
            other => return Err(crate::cli::unexpected(USAGE, other)),
        }
    }
    Ok(options)
}

/// `cargo xtask demo`.
pub fn demo(options: DemoOptions) -> Result<(), String> {
    let extension = crate::extension::build()?;
    let walk = options.walk && chromium_ready();
    let phone = Sim::start(
        &format!("127.0.0.1:{}", options.phone_port),
        phone_config(options.brand, false),
    )
    .map_err(|e| {
        format!(
            "cannot start the simulated phone on port {}: {e} (pass --phone-port N)",
            options.phone_port
        )
    })?;
    let pages = StaticServer::start(
        &format!("127.0.0.1:{}", options.www_port),
        crate::extension::www_dist(),
    )
    .map_err(|e| {
        format!(
            "cannot serve www/ on port {}: {e} (pass --www-port N)",
            options.www_port
        )
    })?;
    let page = demo_page(&pages, &phone);
    print_next_steps(&extension, &phone, &page);
    if walk {
        walk_through(&extension, &phone, &page)?;
    }
    if options.once {
        return Ok(());
    }
    step_detail("Running", "until Ctrl-C; the phone's log lines follow");
    loop {
        std::thread::park();
    }
}

/// Whether the scripted walk can run, installing Chromium when it is missing and we may.
fn chromium_ready() -> bool {
    match ensure_chromium() {
        Ok(()) => true,
        Err(e) => {
            step_detail("Note", &format!("no scripted walk: {e}"));
            false
        }
    }
}

fn demo_page(pages: &StaticServer, phone: &Sim) -> String {
    format!(
        "{}/index.html?phone={}",
        pages.base_url(),
        phone.host_port()
    )
}

/// The simulated phone of `brand`, trusting this computer (so a Yealink's on-screen question
/// does not stop the walk); `quiet` keeps its log lines off stdout.
fn phone_config(brand: Brand, quiet: bool) -> Config {
    Config {
        quiet,
        trusted: vec![std::net::IpAddr::from([127, 0, 0, 1])],
        ..Config::for_brand(brand)
    }
}

/// What the options page takes for `brand`: the login's user name (Poly's REST API: `Polycom`)
/// and the account (Fanvil has no choice; Yealink and Snom choose by SIP URI, none typed here:
/// the phone's default account).
fn login_and_account(brand: Brand) -> (&'static str, &'static str) {
    match brand {
        Brand::Poly => ("Polycom", "1"),
        Brand::Fanvil | Brand::Yealink | Brand::Snom => ("admin", "auto"),
        _ => ("admin", "1"),
    }
}

fn print_next_steps(extension: &Path, phone: &Sim, page: &str) {
    step("Demo ready");
    let brand = phone.brand();
    let (user, account) = login_and_account(brand);
    let account = if account == "auto" {
        "Let the phone choose"
    } else {
        "1"
    };
    println!(
        "
  The extension:        {ext}
  The simulated phone:  {phone_url}  ({name}; login {user}/admin; status page {phone_url}/__sim/status)
  The demo page:        {page}

  What to do next:
  1. Load the extension: open chrome://extensions, turn on Developer mode, click
     \"Load unpacked\" and pick {ext}.
  2. Its options page opens from the extension's Details (or the toolbar popup, \"Options\"):
     Phone brand {name}, Phone address {phone_addr}, Username {user}, Password admin,
     Account {account}, a Default country. Click Save.
  3. Open the demo page and click a number: the phone's status page shows it dialing.
",
        ext = extension.display(),
        name = brand.name(),
        phone_url = phone.base_url(),
        phone_addr = phone.host_port(),
    );
}

/// The scripted walk: the demo page in headless Chromium with the extension, a click on a
/// number, and the phone's log line that shows the dial.
fn walk_through(extension_dir: &Path, phone: &Sim, page: &str) -> Result<(), String> {
    step("Walking through it in headless Chromium");
    let extension =
        Extension::at(extension_dir, BrowserKind::Chromium).map_err(|e| e.to_string())?;
    let browser = extension
        .launch(None)
        .map_err(|e| format!("cannot start Chromium: {e}"))?;
    let brand = phone.brand();
    let (user, account) = login_and_account(brand);
    let settings = PhoneSettings {
        username: user.into(),
        account: account.into(),
        ..PhoneSettings::new(&phone.host_port(), "US")
    };
    let err = |e: c2d_harness::Error| e.to_string();
    extension.fill_options(&browser, &settings).map_err(err)?;
    extension
        .set_field(&browser, "brand", brand.id())
        .map_err(err)?;
    c2d_harness::dialer::choose(&browser, "account", account).map_err(err)?;
    let status = extension.save_options(&browser).map_err(err)?;
    println!(
        "  options page: set a {} phone at {} ({user}, account {account}, United States): {status}",
        brand.name(),
        phone.host_port()
    );
    browser.goto(page).map_err(|e| e.to_string())?;
    let numbers = wait_for_numbers(&browser, 10)
        .map_err(|e| format!("the demo page's numbers were not marked: {e}"))?;
    println!(
        "  demo page: {} numbers marked, e.g. {}",
        numbers.len(),
        numbers[..3].join(", ")
    );
    let target = "+49 30 1234567";
    click_number(&browser, target).map_err(|e| e.to_string())?;
    println!("  clicked {target}");
    let seen = phone
        .wait_for(Duration::from_secs(10), LogEntry::is_command)
        .ok_or("the simulated phone received no command after the click")?;
    println!(
        "  the phone received: {} {}{}  (user {})",
        seen.method,
        seen.path,
        seen.body
            .as_deref()
            .map(|body| format!(" {body}"))
            .unwrap_or_default(),
        seen.user.as_deref().unwrap_or("-")
    );
    println!("  its state: {}", phone.state().call);
    let outcome = extension
        .wait_for_outcome(&browser)
        .map_err(|e| e.to_string())?;
    println!("  the popup says: {outcome}");
    browser.quit().map_err(|e| e.to_string())?;
    Ok(())
}

/// The walk on its own, on free ports and a quiet phone: a check `cargo xtask test` runs.
pub fn walk_once(extension: &Path) -> Result<(), String> {
    let phone =
        Sim::start("127.0.0.1:0", phone_config(Brand::Htek, true)).map_err(|e| e.to_string())?;
    let pages = StaticServer::start("127.0.0.1:0", crate::extension::www_dist())
        .map_err(|e| e.to_string())?;
    walk_through(extension, &phone, &demo_page(&pages, &phone))
}
