//! The options page: every setting grouped (Phone, Dialing rules, Pages, Privacy, Incoming
//! calls), the connection check, the rule tester, the Action URLs to paste into the phone and
//! the receiver's status, import and export, and the fields an organisation's policy locks.
//!
//! Every check is Rust in the core ([`validate`], [`managed::apply`], [`transfer::import`],
//! [`try_rules`], [`probe_call`]); this module moves values between the page and storage and
//! shows each error beside its field (`#<field>-error`). Nothing is saved while a field is
//! invalid, and a failed save or import leaves the saved settings as they were.
//!
//! The password goes only to the phone it was typed for: the page notes whether the person
//! typed into the password field, and [`settle_credentials`] drops a password carried over to
//! another address or scheme (the field is emptied, with a note). A settings file is not
//! applied when chosen: [`transfer::preview`] lists what it changes, and Apply saves it.

mod form;
mod incoming;
mod phones;

use form::{clear_errors, read_form, show_errors, show_form};

use crate::bridge::{SiteChoice, SITE_CHOICES};
use crate::command::outcome::Outcome;
use crate::command::{probe_call, try_rules};
use crate::detect::plan::Region;
use crate::phone::identify::{self, Identified, Seen};
use crate::phone::{Account, Brand, PhoneAddress};
use crate::settings::{
    brand_fit, managed, settle_credentials, transfer, validate, Field, Settings, SettingsForm,
    SETTINGS,
};
use crate::t;
use crate::web::dom::{
    append, by_id, create, document, localize_page, on, on_marked_click, page_ready, report_error,
    set_attributes, set_status, set_text, show_page_to_open,
};
use crate::web::store;
use crate::web::{
    apply_policy, bridge_sites, ext, http, load_applied_settings, load_stored_settings,
};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

thread_local! {
    /// The settings file whose changes are shown, until Apply or Cancel.
    static PENDING_IMPORT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Fills the options page and wires it. Called by options.js once the module loaded.
///
/// # Errors
/// When the page lacks one of its fields (a packaging bug).
#[wasm_bindgen]
pub async fn start_options() -> Result<(), JsError> {
    crate::web::use_browser_language();
    localize_page()?;
    let language = ext::ui_language();
    fill_accounts()?;
    fill_countries(&language)?;
    let applied = load_applied_settings().await;
    show_settings(&applied)?;
    show_brand_setup()?;
    for (id, event) in [
        (Field::Brand.id(), "change"),
        (Field::IncomingAddress.id(), "input"),
    ] {
        on(id, event, |_| report_error(show_brand_setup()))?;
    }
    phones::wire()?;
    // Another phone shown: its brand's setup steps (after the list has shown it).
    for (id, event) in [
        ("phone-pick", "change"),
        ("phone-add", "click"),
        ("phone-remove", "click"),
    ] {
        on(id, event, |_| report_error(show_brand_setup()))?;
    }
    on("settings-form", "submit", |event| {
        event.prevent_default();
        wasm_bindgen_futures::spawn_local(async { report_error(save().await) });
    })?;
    on("detect-brand", "click", |_| {
        wasm_bindgen_futures::spawn_local(async { report_error(detect_brand().await) });
    })?;
    on("check-connection", "click", |_| {
        wasm_bindgen_futures::spawn_local(async { report_error(check_connection().await) });
    })?;
    for id in ["rule-test", "rewrite-rules", "outside-line", "area-code"] {
        on(id, "input", |_| report_error(try_the_rules()))?;
    }
    show_bridge_sites().await?;
    on_marked_click("bridge-sites", "data-origin", |origin| {
        wasm_bindgen_futures::spawn_local(async move {
            report_error(forget_bridge_site(&origin).await);
        });
    })?;
    on("export", "click", |_| {
        wasm_bindgen_futures::spawn_local(async { report_error(export().await) });
    })?;
    on("import-file", "change", |_| {
        wasm_bindgen_futures::spawn_local(async { report_error(import().await) });
    })?;
    on("import-apply", "click", |_| {
        wasm_bindgen_futures::spawn_local(async { report_error(apply_import().await) });
    })?;
    on("import-cancel", "click", |_| report_error(cancel_import()))?;
    incoming::wire().await?;
    set_text("status", "")?;
    page_ready()?;
    Ok(())
}

/// The form as the page shows it, the policy's values where it locks a field.
async fn form_in_force() -> Result<(SettingsForm, Settings, managed::Applied), JsError> {
    let stored = load_stored_settings().await;
    let applied = apply_policy(&stored).await;
    let mut form = read_form(applied.settings.to_form())?;
    let policy_form = applied.settings.to_form();
    for field in &applied.locked {
        form.set(*field, policy_form.get(*field).to_string());
    }
    Ok((form, stored, applied))
}

/// Validates the form and saves it, or shows what is wrong and saves nothing. Settings the page
/// has no field for keep their stored values.
async fn save() -> Result<(), JsError> {
    incoming::token_if_on()?;
    let (mut form, stored, applied) = form_in_force().await?;
    // The phone fields validated here are the default phone's, whichever phone is shown.
    phones::default_into(&mut form)?;
    let policy_form = applied.settings.to_form();
    for field in &applied.locked {
        form.set(*field, policy_form.get(*field).to_string());
    }
    clear_errors()?;
    let typed = phones::default_password_typed();
    let default_id = phones::default_id();
    // The login the default phone's fields carry over is the one stored for that phone.
    let reference = applied.settings.on_phone(&default_id).unwrap_or_else(|| {
        let mut fresh = applied.settings.clone();
        fresh.credentials_for.clear();
        fresh
    });
    let checked = validate(&form).and_then(|settings| {
        // What the brand cannot do with these settings is named beside its field, too.
        let misfits = brand_fit(&settings);
        match misfits.is_empty() {
            true => Ok(settings),
            false => Err(misfits),
        }
    });
    match checked
        .map(|settings| settle_credentials(settings.keep_unformed(&stored), &reference, typed))
    {
        Err(errors) => {
            if errors.iter().any(|e| phones::is_phone_field(e.field)) {
                phones::show(&default_id)?;
            }
            show_errors(&errors)?;
            // A stored setting this page has no field for is named in the status line.
            let doc = document()?;
            match errors.iter().find(|e| {
                doc.get_element_by_id(&format!("{}-error", e.field.id()))
                    .is_none()
            }) {
                Some(unseen) => set_status("status", &t!("notSavedProblem", unseen), false),
                None => set_status("status", &t!("notSavedFields"), false),
            }
        }
        Ok(settled) => {
            let Some((settings, dropped_other)) = phones::apply(settled.settings, &stored)? else {
                return set_status("status", &t!("notSavedFields"), false);
            };
            save_settled(settings, settled.dropped_password, dropped_other).await
        }
    }
}

/// Stores settings the form made, and says what became of the passwords.
async fn save_settled(
    settings: Settings,
    dropped_password: bool,
    dropped_other: bool,
) -> Result<(), JsError> {
    match store::set(&SETTINGS, &settings).await {
        Ok(()) => {
            phones::load(&settings)?;
            show_brand_setup()?;
            if dropped_other {
                set_text("phone-name-error", &t!("passwordForNewAddress"))?;
            }
            if dropped_password {
                ask_for_the_password()?;
            }
            set_status("status", &t!("saved"), true)
        }
        Err(e) => set_status("status", &t!("notSavedStorage", e), false),
    }
}

/// What to set on the phone of the brand the form shows, with this computer's address as the
/// Incoming calls group gives it.
fn show_brand_setup() -> Result<(), JsError> {
    let name = by_id::<HtmlSelectElement>(Field::Brand.id())?.value();
    let brand: Brand = serde_json::from_value(name.clone().into()).unwrap_or_default();
    let computer = by_id::<HtmlInputElement>(Field::IncomingAddress.id())?.value();
    let steps: Element = by_id("brand-setup-steps")?;
    steps.set_text_content(None);
    let doc = document()?;
    for step in brand.setup_help(Some(&computer)) {
        let item = create(&doc, "li")?;
        item.set_text_content(Some(&step));
        append(&steps, &item)?;
    }
    steps
        .set_attribute("data-brand", &name)
        .map_err(|_| JsError::new("cannot mark the setup steps"))
}

/// Empties the password field and says why: the saved password was for another address.
fn ask_for_the_password() -> Result<(), JsError> {
    by_id::<HtmlInputElement>(Field::Password.id())?.set_value("");
    set_text(
        &format!("{}-error", Field::Password.id()),
        &t!("passwordForNewAddress"),
    )
}

/// Shows the settings in force, locks what the policy sets, and, when the saved password was
/// for another address (a file moved the phone), shows the field empty with a note.
fn show_settings(applied: &managed::Applied) -> Result<(), JsError> {
    clear_errors()?;
    show_form(&applied.settings.to_form())?;
    show_policy(applied)?;
    phones::load(&applied.settings)?;
    show_brand_setup()?;
    if applied.settings.phone().is_some() && !applied.settings.credentials_match() {
        ask_for_the_password()?;
    }
    Ok(())
}

/// Asks the phone, from this visible page, whether it takes the address and login the form
/// shows (saved or not); dials nothing and presses nothing.
async fn check_connection() -> Result<(), JsError> {
    let (form, _, applied) = form_in_force().await?;
    clear_errors()?;
    let settings = match validate(&form) {
        Ok(settings) => settle_credentials(
            settings,
            &phones::shown_in(&applied.settings),
            phones::shown_password_typed(),
        ),
        Err(errors) => {
            show_errors(&errors)?;
            return set_status("check-result", &t!("notSavedFields"), false);
        }
    };
    let button: web_sys::HtmlButtonElement = by_id("check-connection")?;
    button.set_disabled(true);
    set_status("check-result", &t!("checkConnectionBusy"), true)?;
    // A password shown for another address is not sent to the one typed now.
    let outcome = match probe_call(&settings.settings) {
        _ if settings.dropped_password => Outcome::CredentialsForAnotherPhone {
            phone: settings.settings.phone_address.clone(),
        },
        // From this page, whose fetch the browser lets ask about the local network; never
        // through the receiver, which runs for the background.
        Ok(call) => http::send(&call, settings.settings.timeout_seconds, http::Route::Any).await,
        Err(outcome) => outcome,
    };
    button.set_disabled(false);
    show_page_to_open("check-open-phone", outcome.page_to_open())?;
    by_id::<Element>("check-result")?
        .set_attribute("data-kind", outcome.kind())
        .map_err(|_| JsError::new("cannot mark the result"))?;
    set_status(
        "check-result",
        &t!("popupReport", outcome.title(), outcome.message()),
        outcome.is_success(),
    )
}

/// Detect: asks the phone at the address the form shows which brand it is (one harmless GET
/// per brand, no credentials: [`identify`]), says what it found, and sets "Phone brand" to it
/// unless a policy locks that field. Nothing is saved.
async fn detect_brand() -> Result<(), JsError> {
    let form = read_form(SettingsForm::default())?;
    let Ok(address) = form.phone_address.parse::<PhoneAddress>() else {
        return set_status("detect-result", &t!("detectNeedsAddress"), false);
    };
    let address = address.with_https(form.scheme.eq_ignore_ascii_case("https"));
    let button: web_sys::HtmlButtonElement = by_id("detect-brand")?;
    button.set_disabled(true);
    set_status("detect-result", &t!("detectBrandBusy"), true)?;
    let mut seen = Vec::new();
    for (brand, request) in identify::probes(&address) {
        let answer = http::status_of(&request, DETECT_TIMEOUT_SECONDS).await;
        seen.push((brand, answer.map_or(Seen::NoAnswer, Seen::Status)));
    }
    let found = identify::identify(&seen);
    button.set_disabled(false);
    if let Identified::One(brand) = found {
        let select: HtmlSelectElement = by_id(Field::Brand.id())?;
        if !select.disabled() {
            let value = serde_json::to_value(brand).unwrap_or_default();
            select.set_value(value.as_str().unwrap_or_default());
            show_brand_setup()?;
        }
    }
    set_status(
        "detect-result",
        &found.message(&address.to_string()),
        matches!(found, Identified::One(_)),
    )
}

/// How long Detect waits for each of its requests.
const DETECT_TIMEOUT_SECONDS: u32 = 4;

/// The rule tester: what the number typed beside the rules dials, and which rule fired.
fn try_the_rules() -> Result<(), JsError> {
    let typed = by_id::<HtmlInputElement>("rule-test")?.value();
    if typed.trim().is_empty() {
        return set_text("rule-test-result", "");
    }
    let mut form = read_form(SettingsForm::default())?;
    if form.phone_address.trim().is_empty() {
        form.phone_address = "192.0.2.1".into(); // the address plays no part in what is dialed
    }
    let line = match validate(&form) {
        Err(_) => t!("ruleTestFixFields"),
        Ok(settings) => match try_rules(&settings, &typed, &ext::ui_language()) {
            Err(outcome) => outcome.message(),
            Ok(trial) => match trial.fired {
                Some(index) => {
                    let rule = &settings.dialing.rewrite[index];
                    let shown = format!("{} -> {}", rule.pattern, rule.replacement);
                    t!("ruleTestDials", trial.dialed.dial, index + 1, shown)
                }
                None => t!("ruleTestDialsNoRule", trial.dialed.dial),
            },
        },
    };
    set_text("rule-test-result", &line)
}

/// The sites the bridge asked about (`<click-to-dial>` on a web app), each with a Forget button.
async fn show_bridge_sites() -> Result<(), JsError> {
    let choices = bridge_sites().await;
    let list: Element = by_id("bridge-sites")?;
    list.set_text_content(None);
    by_id::<HtmlElement>("bridge-sites-empty")?.set_hidden(!choices.0.is_empty());
    let doc = document()?;
    for (origin, choice) in &choices.0 {
        let item = create(&doc, "li")?;
        let text = create(&doc, "span")?;
        text.set_text_content(Some(&match choice {
            SiteChoice::Allow => t!("bridgeSiteAllowed", origin),
            SiteChoice::Never => t!("bridgeSiteNever", origin),
        }));
        let button = create(&doc, "button")?;
        button.set_text_content(Some(&t!("bridgeSiteForget")));
        set_attributes(
            &button,
            &[
                ("type", "button"),
                ("class", "small"),
                ("data-origin", origin),
                ("aria-label", &t!("bridgeSiteForgetLabel", origin)),
            ],
        )?;
        append(&item, &text)?;
        append(&item, &button)?;
        append(&list, &item)?;
    }
    Ok(())
}

/// Forgets what was said for `origin`: the site will be asked again.
async fn forget_bridge_site(origin: &str) -> Result<(), JsError> {
    let mut choices = bridge_sites().await;
    if choices.forget(origin) {
        store::set(&SITE_CHOICES, &choices)
            .await
            .map_err(|e| JsError::new(&e.to_string()))?;
    }
    show_bridge_sites().await
}

/// Saves the settings in force as a file, with the password only when the box is ticked.
async fn export() -> Result<(), JsError> {
    let with_password = by_id::<HtmlInputElement>("export-password")?.checked();
    let settings = load_applied_settings().await.settings;
    let file = transfer::export(&settings, with_password);
    download(transfer::FILE_NAME, &file)?;
    let message = if with_password {
        t!("exportedWithPassword", transfer::FILE_NAME)
    } else {
        t!("exported", transfer::FILE_NAME)
    };
    set_status("transfer-status", &message, true)
}

/// Offers `text` as a file download named `name`.
fn download(name: &str, text: &str) -> Result<(), JsError> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| JsError::new("cannot make the file"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| JsError::new("cannot make the file's address"))?;
    let link: web_sys::HtmlAnchorElement = document()?
        .create_element("a")
        .map_err(|_| JsError::new("cannot create a link"))?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Reads the chosen file, checks it, and shows what it changes, for Apply or Cancel; on any
/// problem nothing changes and every problem is named.
async fn import() -> Result<(), JsError> {
    let input: HtmlInputElement = by_id("import-file")?;
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return Ok(());
    };
    let text = match JsFuture::from(file.text()).await {
        Ok(text) => text.as_string().unwrap_or_default(),
        Err(e) => {
            return set_status(
                "transfer-status",
                &t!("importUnreadable", format!("{e:?}")),
                false,
            )
        }
    };
    input.set_value("");
    close_import_preview()?;
    let stored = load_stored_settings().await;
    match transfer::preview(&text, &stored) {
        Err(errors) => import_rejected(&errors),
        Ok(preview) if preview.changes.is_empty() => {
            set_status("transfer-status", &t!("importNoChanges"), true)
        }
        Ok(preview) => {
            show_import_preview(&preview)?;
            PENDING_IMPORT.set(Some(text));
            set_status("transfer-status", &t!("importCheckChanges"), true)
        }
    }
}

fn import_rejected(errors: &[transfer::ImportError]) -> Result<(), JsError> {
    let problems: Vec<String> = errors.iter().map(ToString::to_string).collect();
    set_status(
        "transfer-status",
        &t!("importRejected", problems.join(" · ")),
        false,
    )
}

/// The change list: one row per setting (where, now, from the file), and the note when the
/// stored password is dropped.
fn show_import_preview(preview: &transfer::Preview) -> Result<(), JsError> {
    let doc = document()?;
    let rows: Element = by_id("import-change-rows")?;
    rows.set_text_content(None);
    for change in &preview.changes {
        let row = create(&doc, "tr")?;
        set_attributes(&row, &[("data-field", change.field)])?;
        for (tag, text) in [
            ("th", change.field),
            ("td", &change.old),
            ("td", &change.new),
        ] {
            let cell = create(&doc, tag)?;
            cell.set_text_content(Some(text));
            append(&row, &cell)?;
        }
        append(&rows, &row)?;
    }
    by_id::<HtmlElement>("import-drops-password")?.set_hidden(!preview.drops_password);
    by_id::<HtmlElement>("import-preview")?.set_hidden(false);
    Ok(())
}

fn close_import_preview() -> Result<(), JsError> {
    PENDING_IMPORT.set(None);
    by_id::<HtmlElement>("import-preview")?.set_hidden(true);
    by_id::<Element>("import-change-rows")?.set_text_content(None);
    Ok(())
}

/// Apply: saves the file shown, checked again against the settings saved now.
async fn apply_import() -> Result<(), JsError> {
    let Some(text) = PENDING_IMPORT.take() else {
        return Ok(());
    };
    close_import_preview()?;
    let stored = load_stored_settings().await;
    let imported = match transfer::preview(&text, &stored) {
        Ok(preview) => preview.settings,
        Err(errors) => return import_rejected(&errors),
    };
    match store::set(&SETTINGS, &imported).await {
        Err(e) => set_status("transfer-status", &t!("notSavedStorage", e), false),
        Ok(()) => {
            show_settings(&apply_policy(&imported).await)?;
            show_brand_setup()?;
            incoming::show_setup()?;
            set_status("transfer-status", &t!("importedSaved"), true)
        }
    }
}

/// Cancel: the file is not applied.
fn cancel_import() -> Result<(), JsError> {
    close_import_preview()?;
    set_status("transfer-status", &t!("importCancelled"), true)
}

/// Locks the fields the organisation set, with a note beside each, and names the policy values
/// that were ignored.
fn show_policy(applied: &managed::Applied) -> Result<(), JsError> {
    let doc = document()?;
    by_id::<HtmlElement>("managed-note")?.set_hidden(applied.locked.is_empty());
    for field in &applied.locked {
        if let Some(element) = doc.get_element_by_id(field.id()) {
            let _ = element.set_attribute("disabled", "");
            let _ = element.set_attribute("data-managed", "true");
        }
        let note_id = format!("{}-managed", field.id());
        if doc.get_element_by_id(&note_id).is_none() {
            if let Some(error) = doc.get_element_by_id(&format!("{}-error", field.id())) {
                let note = doc
                    .create_element("p")
                    .map_err(|_| JsError::new("cannot create a note"))?;
                note.set_id(&note_id);
                note.set_class_name("managed");
                note.set_text_content(Some(&t!("managedLock")));
                let _ = error.before_with_node_1(&note);
            }
        }
    }
    for problem in &applied.problems {
        if let Some(element) = doc.get_element_by_id(&format!("{}-error", problem.field.id())) {
            element.set_text_content(Some(&t!("managedIgnored", problem)));
        }
    }
    Ok(())
}

fn fill_accounts() -> Result<(), JsError> {
    let select: HtmlSelectElement = by_id(Field::Account.id())?;
    for account in Account::ALL {
        let label = match account {
            Account::Auto => t!("optionsAccountAuto"),
            Account::Line(n) => t!("accountLabel", n),
        };
        add_option(&select, &String::from(account), &label)?;
    }
    Ok(())
}

/// The country list: "From the browser's language", then every region by name.
fn fill_countries(language: &str) -> Result<(), JsError> {
    let select: HtmlSelectElement = by_id(Field::DefaultCountry.id())?;
    add_option(&select, "", &t!("optionsCountryFromBrowser"))?;
    let mut regions: Vec<(String, &Region)> = Region::all()
        .iter()
        .map(|r| (ext::region_name(r.id, language), r))
        .collect();
    regions.sort_by_key(|(name, _)| name.to_lowercase());
    for (name, region) in regions {
        add_option(
            &select,
            region.id,
            &t!("optionsCountry", name, region.country_code),
        )?;
    }
    Ok(())
}

fn add_option(select: &HtmlSelectElement, value: &str, label: &str) -> Result<(), JsError> {
    let option = document()?
        .create_element("option")
        .map_err(|_| JsError::new("cannot create an option"))?;
    option
        .set_attribute("value", value)
        .map_err(|_| JsError::new("cannot set an option value"))?;
    option.set_text_content(Some(label));
    select
        .append_child(&option)
        .map_err(|_| JsError::new("cannot add an option"))?;
    Ok(())
}
