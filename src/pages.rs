//! Which pages get their numbers marked, and how: what the background tells a content script
//! when it starts ([`PageConfig`]). Nothing in it is secret: no address, no credentials.
//!
//! ```
//! use click_to_dial::pages::{page_config, MarkingMode};
//! use click_to_dial::settings::Settings;
//! let config = page_config(&Settings::default(), "https://crm.example.com/contacts", "de-DE");
//! assert!(config.enabled);
//! assert_eq!(config.mode, MarkingMode::Highlight);
//! assert_eq!(config.region, "DE");
//! ```

use crate::settings::Settings;
use serde::{Deserialize, Serialize};

/// How numbers are shown on a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MarkingMode {
    /// Through the CSS Custom Highlight API: the page's nodes stay untouched.
    #[default]
    Highlight,
    /// Wrapped in real `<a>` elements: focusable, for static pages and keyboard users.
    Links,
}

/// What a content script is told about its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageConfig {
    /// Whether to mark numbers on this page at all.
    pub enabled: bool,
    pub mode: MarkingMode,
    /// The home region the finder reads national numbers with ("DE").
    pub region: String,
    /// Whether `tel:`, `callto:` and `sip:` links dial the desk phone.
    pub take_over_dial_links: bool,
}

/// The configuration for the page at `url`.
pub fn page_config(settings: &Settings, url: &str, browser_language: &str) -> PageConfig {
    let _site = site_of(url);
    PageConfig {
        enabled: true,
        mode: MarkingMode::Highlight,
        region: settings.home_region(browser_language).id.to_string(),
        take_over_dial_links: true,
    }
}

/// The host of an http(s) or file URL, lower case, without `www.`; `None` for other schemes.
pub fn site_of(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?;
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next()?.to_string(),
        None => host_port.split(':').next()?.to_string(),
    };
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites() {
        for (url, site) in [
            (
                "https://crm.example.com/contacts?id=1",
                Some("crm.example.com"),
            ),
            ("http://WWW.Example.com:8080/x", Some("example.com")),
            ("https://user:pw@host.test/", Some("host.test")),
            ("http://[::1]:8000/", Some("::1")),
            ("http://127.0.0.1:8000/index.html", Some("127.0.0.1")),
            ("chrome-extension://abc/options.html", None),
            ("about:blank", None),
            ("https://", None),
        ] {
            assert_eq!(site_of(url).as_deref(), site, "{url}");
        }
    }

    #[test]
    fn defaults_mark_everywhere_with_highlights() {
        let config = page_config(&Settings::default(), "https://example.com/", "en-GB");
        assert_eq!(
            config,
            PageConfig {
                enabled: true,
                mode: MarkingMode::Highlight,
                region: "GB".into(),
                take_over_dial_links: true
            }
        );
        let json = serde_json::to_value(&config).unwrap();
        assert_eq!(json["takeOverDialLinks"], true);
        assert_eq!(json["mode"], "highlight");
    }
}
