//! Which pages get their numbers marked, and how: the user's page settings ([`PageSettings`]:
//! a marking mode, site allow and deny lists, a mode per site set from the popup) and what the
//! background tells a content script when it starts ([`PageConfig`]). Nothing a content script
//! is told is secret: no address, no credentials.
//!
//! ```
//! use click_to_dial::detect::plan::Region;
//! use click_to_dial::pages::{page_config, FinderPlace, MarkingMode, PageSettings, SiteMode};
//! let de = Region::find("DE").unwrap();
//! let mut pages = PageSettings::default();
//! let config = page_config(&pages, "https://crm.example.com/contacts", de, &[], FinderPlace::Page);
//! assert!(config.enabled);
//! assert_eq!((config.mode, config.region.as_str()), (MarkingMode::Highlight, "DE"));
//! pages.deny = vec!["*.example.com".into()];
//! assert!(!page_config(&pages, "https://crm.example.com/", de, &[], FinderPlace::Page).enabled);
//! pages.sites.insert("intranet.test".into(), SiteMode::Links);
//! assert_eq!(page_config(&pages, "http://intranet.test/", de, &[], FinderPlace::Page).mode, MarkingMode::Links);
//! ```

use crate::detect::plan::Region;
use crate::store::StoreKey;
use crate::uri::HttpUrl;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

/// How one site is treated, set from the popup (it wins over the default mode, not over the
/// deny list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SiteMode {
    /// No numbers marked on this site.
    Off,
    Highlight,
    Links,
}

/// The user's page settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PageSettings {
    /// How numbers are shown where no site mode says otherwise.
    pub mode: MarkingMode,
    /// Whether `tel:`, `callto:` and `sip:` links dial the desk phone.
    pub take_over_dial_links: bool,
    /// Sites whose numbers are marked; empty: every site. `example.com` or `*.example.com`.
    pub allow: Vec<String>,
    /// Sites whose numbers are never marked.
    pub deny: Vec<String>,
    /// A mode per site (as [`site_of`] names it), set from the popup.
    pub sites: BTreeMap<String, SiteMode>,
}

impl Default for PageSettings {
    fn default() -> Self {
        PageSettings {
            mode: MarkingMode::Highlight,
            take_over_dial_links: true,
            allow: Vec::new(),
            deny: Vec::new(),
            sites: BTreeMap::new(),
        }
    }
}

impl PageSettings {
    /// The popup's choice for `site`: "default" (follow the options), "highlight", "links" or
    /// "off".
    pub fn site_choice(&self, site: &str) -> &'static str {
        match self.sites.get(site) {
            None => "default",
            Some(SiteMode::Highlight) => "highlight",
            Some(SiteMode::Links) => "links",
            Some(SiteMode::Off) => "off",
        }
    }

    /// Sets the popup's choice for `site` (see [`PageSettings::site_choice`]).
    ///
    /// # Errors
    /// When `choice` is none of the four.
    pub fn set_site_choice(&mut self, site: &str, choice: &str) -> Result<(), String> {
        let mode = match choice {
            "default" => {
                self.sites.remove(site);
                return Ok(());
            }
            "highlight" => SiteMode::Highlight,
            "links" => SiteMode::Links,
            "off" => SiteMode::Off,
            other => return Err(format!("{other:?} is not a way to show numbers")),
        };
        self.sites.insert(site.to_string(), mode);
        Ok(())
    }
}

/// Whether `site` (a host, as [`site_of`] names it) is on `list`: an entry `example.com` is that
/// site, `*.example.com` that site and every subdomain.
pub fn listed(list: &[String], site: &str) -> bool {
    list.iter().any(|entry| match entry.strip_prefix("*.") {
        Some(domain) => site == domain || site.ends_with(&format!(".{domain}")),
        None => site == entry,
    })
}

/// Reads a site list as typed, one site a line (blank lines and surrounding spaces ignored,
/// `www.` and a scheme or path pasted along taken off).
///
/// # Errors
/// The first line that is not a host name or `*.` pattern.
pub fn parse_site_list(text: &str) -> Result<Vec<String>, BadSiteLine> {
    let mut sites = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let host = site_of(line)
            .or_else(|| site_of(&format!("http://{line}")))
            .filter(|host| {
                let name = host.strip_prefix("*.").unwrap_or(host);
                !name.is_empty()
                    && name.split('.').all(|label| {
                        !label.is_empty()
                            && label
                                .bytes()
                                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b':')
                    })
            })
            .ok_or_else(|| BadSiteLine {
                line: number + 1,
                text: line.to_string(),
            })?;
        if !sites.contains(&host) {
            sites.push(host);
        }
    }
    Ok(sites)
}

/// A line of a site list that names no site; `Display` says which, in the user's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", crate::t!("siteListBadLine", line, format!("{text:?}")))]
pub struct BadSiteLine {
    /// Counted from 1.
    pub line: usize,
    pub text: String,
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
    /// The user's other countries, read next ("AT", "CH").
    #[serde(default)]
    pub other_regions: Vec<String>,
    /// Whether `tel:`, `callto:` and `sip:` links dial the desk phone.
    pub take_over_dial_links: bool,
    /// Where the finder runs for this page.
    pub finder: FinderPlace,
    /// Whether the page layer announces how many numbers it marked, in the page's performance
    /// timeline: only where [`ANNOUNCE_MARKS`] is set (the tests and benchmarks).
    #[serde(default)]
    pub announce_marks: bool,
}

/// Set only by the tests and the benchmarks (from an extension page, `storage.local`): the page
/// layer then announces its count of marked numbers as a user-timing mark (`htek-c2d-marked`),
/// which they read. Unset for everyone else: the performance timeline is the page's, and the
/// analytics many sites run send every user-timing mark home, so a mark would tell every site
/// that the visitor runs this extension.
pub const ANNOUNCE_MARKS: StoreKey<bool> = StoreKey::local("announceMarks");

/// The attribute that brings the page layer's user style sheet into effect, for the moment a
/// click on a marked number is checked (`sightAt` and `asIfAllTookThePointer` in
/// `extension/page/layer.js`): `data-` and twelve lower-case letters, drawn at random by each
/// frame's page layer, so that a page that sees it come and go cannot tell whose it is (the
/// page's DOM carries no name of the extension). The background inserts [`SightAttribute::css`]
/// into that frame as a *user* style sheet (`scripting.insertCSS`, origin USER): a user sheet's
/// `!important` beats every `!important` of the page, in a cascade layer or a style attribute
/// too, so an overlay that lets the pointer through (`pointer-events: none`) cannot hide from
/// the hit test that looks for what covers a number. Chromium's `interactivity: inert` hides an
/// element from hit testing too: overridden the same way (the `inert` attribute is not: the
/// layer looks for inert elements over a number itself). A page's transition of pointer-events
/// can still keep the old value (a transition beats every `!important`): the layer sees it
/// running and asks. The layer knows the sheet is in effect when it beats the `!important` the
/// layer puts in the (marked) `<head>`'s style attribute for that moment; where the background
/// cannot insert it (Firefox's `about:srcdoc` frames), the layer's own author sheet stands in
/// and a click it cannot rule on asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SightAttribute(String);

impl SightAttribute {
    /// How many random letters follow `data-`.
    pub const LETTERS: usize = 12;

    /// `name` when it is `data-` and [`SightAttribute::LETTERS`] lower-case ASCII letters
    /// (nothing a content script sends can put anything else into the sheet).
    pub fn parse(name: &str) -> Option<SightAttribute> {
        drawn_letters(name.strip_prefix("data-")?).then(|| SightAttribute(name.to_string()))
    }

    /// The user style sheet: the elements that carry the attribute, what is inside them and
    /// their `::before`, `::after` and `::backdrop` take the pointer.
    pub fn css(&self) -> String {
        let selectors: Vec<String> = ["", " *"]
            .iter()
            .flat_map(|inside| {
                ["", "::before", "::after", "::backdrop"]
                    .iter()
                    .map(move |pseudo| format!("[{}]{inside}{pseudo}", self.0))
            })
            .collect();
        format!(
            "{} {{ pointer-events: auto !important; interactivity: auto !important; }}",
            selectors.join(", ")
        )
    }
}

/// The name of a frame's marks: its highlight's (`CSS.highlights`, which the page shares) and
/// its links' class ("links" mode), twelve lower-case letters drawn at random by the frame's
/// page layer (`MARK_NAME` in `extension/page/layer.js`), so that a page that finds them cannot
/// tell whose they are. The background inserts [`MarkName::css`] into the frame (an author
/// sheet, as the manifest's was, whose selector names the class: a page's
/// `a { text-decoration: none }` does not undo a link's mark; a page that finds the name at run
/// time and restyles the highlight transparent gets its clicks refused, as the click's check
/// reads the highlight's style).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkName(String);

impl MarkName {
    /// `name` when it is [`SightAttribute::LETTERS`] lower-case ASCII letters.
    pub fn parse(name: &str) -> Option<MarkName> {
        drawn_letters(name).then(|| MarkName(name.to_string()))
    }

    /// How marked numbers look: a dotted underline, and a link's pointer and hover.
    pub fn css(&self) -> String {
        let name = &self.0;
        format!(
            "::highlight({name}) {{ text-decoration: underline dotted #0f7b6c 2px; \
             text-underline-offset: 2px; }}\n\
             a.{name} {{ color: inherit; text-decoration: underline dotted #0f7b6c 2px; \
             text-underline-offset: 2px; cursor: pointer; }}\n\
             a.{name}:hover {{ background: rgba(15, 123, 108, 0.12); }}\n"
        )
    }
}

/// Whether `letters` are as the page layer draws a name: [`SightAttribute::LETTERS`]
/// lower-case ASCII letters, nothing that could reach further into a sheet.
fn drawn_letters(letters: &str) -> bool {
    letters.len() == SightAttribute::LETTERS && letters.bytes().all(|b| b.is_ascii_lowercase())
}

/// Where a page's numbers are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FinderPlace {
    /// In the content script, as WebAssembly: no message per batch.
    Page,
    /// In the background, one message per batch of texts.
    Background,
}

impl FinderPlace {
    /// Where the finder runs in a browser that compiles a content script's WebAssembly under
    /// the page's Content-Security-Policy (`follows_page_csp`: Chromium) or under the
    /// extension's own (Firefox). Chromium records a violation where the page's policy forbids
    /// it, which the page's `securitypolicyviolation` listeners and its report endpoint see: a
    /// site would learn that the visitor runs this extension. A content script cannot know a
    /// policy sent as a header, and reading headers takes the `webRequest` permission, which
    /// in Chromium made the first navigations after start-up hang (30 s, in about one test run
    /// of two). So in Chromium the finder always runs in the background.
    ///
    /// In Firefox only a tab's top frame runs it (`top_frame`): every frame that runs it
    /// compiles and instantiates its own copy, about 1.5 MB each (`cargo xtask bench tab`),
    /// and a page's frames (widgets, embedded panes, ads) hold few numbers; theirs are found in
    /// the background, whose one copy serves them all.
    pub fn for_frame(follows_page_csp: bool, top_frame: bool) -> FinderPlace {
        if follows_page_csp || !top_frame {
            FinderPlace::Background
        } else {
            FinderPlace::Page
        }
    }
}

/// The configuration for the page at `url` under the user's `pages` settings: the deny list
/// wins, then the allow list, then the site's own mode, then the default mode. Pages that are
/// not http(s) (such as `file:`) follow the default mode unless an allow list is set. National
/// numbers are read in `region`, then in `other_regions` (the user's countries).
pub fn page_config(
    pages: &PageSettings,
    url: &str,
    region: &Region,
    other_regions: &[&Region],
    finder: FinderPlace,
) -> PageConfig {
    let site = site_of(url);
    let denied = site.as_deref().is_some_and(|s| listed(&pages.deny, s));
    let allowed =
        pages.allow.is_empty() || site.as_deref().is_some_and(|s| listed(&pages.allow, s));
    let mode = match site.as_deref().and_then(|s| pages.sites.get(s)) {
        Some(SiteMode::Off) => None,
        Some(SiteMode::Links) => Some(MarkingMode::Links),
        Some(SiteMode::Highlight) => Some(MarkingMode::Highlight),
        None => Some(pages.mode),
    };
    PageConfig {
        enabled: !denied && allowed && mode.is_some(),
        mode: mode.unwrap_or(pages.mode),
        region: region.id.to_string(),
        other_regions: other_regions.iter().map(|r| r.id.to_string()).collect(),
        take_over_dial_links: pages.take_over_dial_links,
        finder,
        announce_marks: false,
    }
}

/// The host of an http(s) or file URL, lower case, without `www.`; `None` for other schemes.
pub fn site_of(url: &str) -> Option<String> {
    let host = HttpUrl::split(url)?.host;
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    let host = host.to_ascii_lowercase();
    let host = host.trim_end_matches('.');
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only `data-` and twelve lower-case letters make a sheet: nothing else a content script
    /// sends reaches the user style sheet.
    #[test]
    fn the_sight_attribute_is_letters_only() {
        let sight = SightAttribute::parse("data-qwertzuiopas").unwrap();
        let css = sight.css();
        assert!(css.starts_with("[data-qwertzuiopas], [data-qwertzuiopas]::before, "));
        assert!(css.contains("[data-qwertzuiopas] *::backdrop {"), "{css}");
        assert!(
            css.ends_with("{ pointer-events: auto !important; interactivity: auto !important; }")
        );
        for bad in [
            "data-htek-c2d-sight",
            "data-QWERTZUIOPAS",
            "data-qwertzuiopa",
            "data-qwertzuiopasd",
            "aria-qwertzuiopas",
            "data-qwertz] * {",
            "data-qwertzuiopa\u{e9}",
            "",
        ] {
            assert_eq!(SightAttribute::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_mark_name_is_letters_only() {
        let css = MarkName::parse("qwertzuiopas").unwrap().css();
        assert!(css.starts_with("::highlight(qwertzuiopas) { text-decoration: underline dotted"));
        assert!(css.contains("\na.qwertzuiopas:hover {"), "{css}");
        for bad in [
            "htek-c2d-number",
            "qwertzuiopa",
            "QWERTZUIOPAS",
            "qwertz) * {a",
            "",
        ] {
            assert_eq!(MarkName::parse(bad), None, "{bad:?}");
        }
    }

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

    fn config(pages: PageSettings, url: &str) -> (bool, MarkingMode) {
        let de = Region::find("DE").unwrap();
        let config = page_config(&pages, url, de, &[], FinderPlace::Page);
        (config.enabled, config.mode)
    }

    #[test]
    fn lists_and_site_modes() {
        use MarkingMode::{Highlight, Links};
        let lists = PageSettings {
            allow: vec!["crm.example.com".into(), "*.intranet.test".into()],
            deny: vec!["*.example.com".into()],
            ..PageSettings::default()
        };
        let mut with_sites = PageSettings::default();
        with_sites
            .sites
            .insert("static.test".into(), SiteMode::Links);
        with_sites.sites.insert("noisy.test".into(), SiteMode::Off);
        let links_default = PageSettings {
            mode: Links,
            ..PageSettings::default()
        };
        for (pages, url, expected) in [
            (
                &PageSettings::default(),
                "https://any.test/",
                (true, Highlight),
            ),
            (&lists, "https://crm.example.com/", (false, Highlight)), // deny wins
            (&lists, "https://a.intranet.test/x", (true, Highlight)),
            (&lists, "https://intranet.test/", (true, Highlight)),
            (&lists, "https://other.test/", (false, Highlight)), // not allowed
            (&with_sites, "https://static.test/", (true, Links)),
            (&with_sites, "https://www.static.test/", (true, Links)),
            (&with_sites, "https://noisy.test/", (false, Highlight)),
            (&links_default, "https://any.test/", (true, Links)),
            (&lists, "file:///home/me/list.html", (false, Highlight)),
            (
                &PageSettings::default(),
                "file:///home/me/list.html",
                (true, Highlight),
            ),
        ] {
            assert_eq!(config(pages.clone(), url), expected, "{url}");
        }
    }

    #[test]
    fn site_choices_round_trip() {
        let mut pages = PageSettings::default();
        for choice in ["highlight", "links", "off", "default"] {
            pages.set_site_choice("crm.test", choice).unwrap();
            assert_eq!(pages.site_choice("crm.test"), choice);
        }
        assert!(pages.sites.is_empty(), "default leaves no entry behind");
        assert!(pages.set_site_choice("crm.test", "blink").is_err());
    }

    #[test]
    fn site_lists_as_typed() {
        assert_eq!(
            parse_site_list("crm.example.com\n\n  *.Intranet.test \nhttps://www.hubspot.com/contacts\ncrm.example.com").unwrap(),
            ["crm.example.com", "*.intranet.test", "hubspot.com"]
        );
        assert_eq!(parse_site_list("").unwrap(), Vec::<String>::new());
        for bad in ["not a site", "exa mple.com", "a..b", "*."] {
            let error = parse_site_list(&format!("ok.test\n{bad}")).unwrap_err();
            assert_eq!(error.line, 2, "{bad}");
            assert!(error.to_string().starts_with("Line 2:"), "{bad}: {error}");
        }
    }

    #[test]
    fn the_finder_runs_in_the_page_only_in_a_top_frame_outside_the_pages_policy() {
        assert_eq!(FinderPlace::for_frame(true, true), FinderPlace::Background);
        assert_eq!(FinderPlace::for_frame(true, false), FinderPlace::Background);
        assert_eq!(FinderPlace::for_frame(false, true), FinderPlace::Page);
        assert_eq!(
            FinderPlace::for_frame(false, false),
            FinderPlace::Background
        );
    }
}
