//! The popup's control for the site in the current tab: numbers underlined, as links, off, or as
//! the options say. The choice is saved in the settings ([`PageSettings::sites`]) and the site's
//! open tabs are told to look again, so the page changes at once.
//!
//! Below it, when the site may dial through its page (the bridge), a line says so, with how
//! many requests past the person's gestures it made this session, and Revoke.
//!
//! Opened as a page rather than as the toolbar popup, `popup.html?site=<host>` names the site
//! and `popup.html?origin=<origin>` the site whose bridge line is shown.

use super::dom::{by_id, on, report_error, set_text};
use super::{ext, load_settings, store, to_js};
use crate::bridge::{origin_of, SiteChoice, SITE_CHOICES};
use crate::message::Notice;
use crate::pages::{site_of, PageSettings};
use crate::settings::SETTINGS;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlSelectElement};

/// A tab as `ext.js` describes it.
#[derive(Deserialize)]
struct Tab {
    id: f64,
    url: String,
}

/// Shows the control when the current tab is a web page, and wires it.
///
/// # Errors
/// When the popup lacks the control's elements (a packaging bug).
pub async fn show(pages: &PageSettings) -> Result<(), JsError> {
    if let Some(origin) = current_origin().await {
        show_bridge(&origin).await?;
    }
    let Some(site) = current_site().await else {
        return Ok(());
    };
    set_text("site-name", &site)?;
    let select: HtmlSelectElement = by_id("site-mode")?;
    select.set_value(pages.site_choice(&site));
    by_id::<Element>("site")?.remove_attribute("hidden").ok();
    on("site-mode", "change", move |_| {
        let site = site.clone();
        wasm_bindgen_futures::spawn_local(async move { report_error(choose(&site).await) });
    })
}

/// The bridge line: shown when `origin` may dial through its page; Revoke forgets that (the
/// site asks again next time).
async fn show_bridge(origin: &str) -> Result<(), JsError> {
    if super::bridge_sites().await.0.get(origin) != Some(&SiteChoice::Allow) {
        return Ok(());
    }
    let mut line = crate::t!("popupBridgeAllowed", origin);
    if let Some(&extra) = super::extra_bridge_dials().await.get(origin) {
        line.push(' ');
        line.push_str(&crate::t!("popupBridgeExtra", extra));
    }
    set_text("bridge-site-text", &line)?;
    by_id::<Element>("bridge-site")?
        .remove_attribute("hidden")
        .ok();
    let origin = origin.to_string();
    on("bridge-revoke", "click", move |_| {
        let origin = origin.clone();
        wasm_bindgen_futures::spawn_local(async move { report_error(revoke(&origin).await) });
    })
}

/// Forgets that `origin` may dial through its page.
async fn revoke(origin: &str) -> Result<(), JsError> {
    let mut sites = super::bridge_sites().await;
    sites.forget(origin);
    store::set(&SITE_CHOICES, &sites)
        .await
        .map_err(|e| JsError::new(&e.to_string()))?;
    by_id::<web_sys::HtmlButtonElement>("bridge-revoke")?.set_disabled(true);
    set_text("bridge-site-text", &crate::t!("popupBridgeRevoked", origin))
}

/// The origin of `?origin=` or of the tab the user is looking at.
async fn current_origin() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    let named = web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get("origin");
    if let Some(origin) = named.filter(|s| !s.is_empty()) {
        return origin_of(&origin);
    }
    let tab = ext::active_tab().await.ok()?;
    let tab: Tab = serde_wasm_bindgen::from_value(tab).ok()?;
    origin_of(&tab.url)
}

/// The site of `?site=` or of the tab the user is looking at.
async fn current_site() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    let named = web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get("site");
    if let Some(site) = named.filter(|s| !s.is_empty()) {
        return Some(site.to_ascii_lowercase());
    }
    let tab = ext::active_tab().await.ok()?;
    let tab: Tab = serde_wasm_bindgen::from_value(tab).ok()?;
    site_of(&tab.url)
}

/// Saves the choice now in the control and tells the site's tabs.
async fn choose(site: &str) -> Result<(), JsError> {
    let choice = by_id::<HtmlSelectElement>("site-mode")?.value();
    let mut settings = load_settings().await;
    settings
        .pages
        .set_site_choice(site, &choice)
        .map_err(|e| JsError::new(&e))?;
    if let Err(e) = store::set(&SETTINGS, &settings).await {
        super::log(&e.to_string());
        return set_text("outcome", &crate::t!("popupChoiceNotSaved"));
    }
    let tabs: Vec<Tab> = match ext::all_tabs().await {
        Ok(tabs) => serde_wasm_bindgen::from_value(tabs).unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let message = to_js(&Notice::PageSettingsChanged);
    for tab in tabs
        .iter()
        .filter(|tab| site_of(&tab.url).as_deref() == Some(site))
    {
        ext::tell_tab(tab.id, &message).await;
    }
    Ok(())
}
