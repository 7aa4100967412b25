//! The `/__sim/status` page: a small self-refreshing HTML view of the phone for people watching a
//! demo. Every piece of text on it is escaped (log lines carry client-controlled paths).
//!
//! ```text
//! Simulated Htek phone
//! Brand: Htek   Call: dialing 206 on account 1   Last key: MUTE   Commands accepted: 2
//! Screen: (only while a Yealink asks "Allow remote control? (127.0.0.1)")
//! Faults: delay 0 ms, drop next 0
//! Last 20 requests: {"time_ms":...,"path":"/Phone_ActionURL&Command=1&Number=206&Account=1",...}
//! ```

use crate::brand::Brand;
use crate::config::Faults;
use crate::http::escape_html;
use crate::state::{CallState, LogEntry};

/// How many log lines the page shows.
pub(crate) const LOG_LINES: usize = 20;

/// What the page shows of the phone.
pub(crate) struct Phone<'a> {
    pub(crate) brand: Brand,
    pub(crate) state: &'a CallState,
    pub(crate) faults: &'a Faults,
    /// The prompt on the screen, if any.
    pub(crate) screen: Option<&'a str>,
}

/// The whole page.
pub(crate) fn page(phone: &Phone<'_>, recent: &[&LogEntry]) -> String {
    let (state, faults) = (phone.state, phone.faults);
    let screen = match phone.screen {
        Some(text) => format!(
            "<dt>Screen</dt><dd id=\"screen\">{}</dd>\n",
            escape_html(text)
        ),
        None => String::new(),
    };
    let last_key = state.last_key.as_deref().unwrap_or("none");
    let mut log = String::new();
    for entry in recent.iter().rev() {
        let line = serde_json::to_string(entry).unwrap_or_default();
        log.push_str(&escape_html(&line));
        log.push('\n');
    }
    if log.is_empty() {
        log.push_str("(no requests yet)\n");
    }
    format!(
        "<!doctype html>
<html lang=\"en\">
<head>
<meta charset=\"utf-8\">
<meta http-equiv=\"refresh\" content=\"1\">
<title>Simulated {brand} phone</title>
<style>
body {{ font: 15px/1.4 system-ui, sans-serif; margin: 1.5em; }}
dt {{ font-weight: bold; }}
pre {{ background: #f4f4f4; padding: .5em; overflow-x: auto; font-size: 12px; }}
</style>
</head>
<body>
<h1>Simulated {brand} phone</h1>
<dl>
<dt>Brand</dt><dd id=\"brand\">{brand}</dd>
<dt>Call</dt><dd id=\"call\">{call}</dd>
<dt>Last key</dt><dd id=\"last-key\">{last_key}</dd>
<dt>Commands accepted</dt><dd id=\"commands\">{commands}</dd>
{screen}<dt>Faults</dt><dd id=\"faults\">delay {delay} ms, drop next {drop}</dd>
</dl>
<h2>Last {LOG_LINES} requests, newest first</h2>
<pre id=\"log\">{log}</pre>
</body>
</html>
",
        brand = phone.brand.name(),
        call = escape_html(&state.call.to_string()),
        last_key = escape_html(last_key),
        commands = state.commands,
        delay = faults.delay.as_millis(),
        drop = faults.drop_next,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{AuthSeen, Call};

    #[test]
    fn page_escapes_client_text() {
        let state = CallState {
            call: Call::Dialing {
                number: "206".into(),
                account: 2,
                account_auto: false,
            },
            last_key: Some("<b>".into()),
            commands: 4,
        };
        let entry = LogEntry {
            time_ms: 0,
            peer: "127.0.0.1:1".into(),
            method: "GET".into(),
            path: "/<script>alert(1)</script>".into(),
            user: None,
            auth: AuthSeen::None,
            status: 404,
            action: None,
            silent: false,
            reused: false,
            body: None,
        };
        let phone = Phone {
            brand: Brand::Htek,
            state: &state,
            faults: &Faults::default(),
            screen: None,
        };
        let html = page(&phone, &[&entry]);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("&lt;b&gt;"));
        assert!(html.contains("dialing 206 on account 2"));
        assert!(html.contains("http-equiv=\"refresh\""));
        assert!(html.contains("<dd id=\"commands\">4</dd>"));
        assert!(html.contains("<h1>Simulated Htek phone</h1>"));
        assert!(html.contains("<dd id=\"brand\">Htek</dd>"));
        assert!(!html.contains("id=\"screen\""));
    }

    #[test]
    fn empty_log_says_so() {
        let phone = Phone {
            brand: Brand::Htek,
            state: &CallState::default(),
            faults: &Faults::default(),
            screen: None,
        };
        let html = page(&phone, &[]);
        assert!(html.contains("(no requests yet)"));
        assert!(html.contains("<dd id=\"call\">idle</dd>"));
    }

    #[test]
    fn brand_and_screen_are_shown() {
        let phone = Phone {
            brand: Brand::Yealink,
            state: &CallState::default(),
            faults: &Faults::default(),
            screen: Some("Allow remote control? (127.0.0.1)"),
        };
        let html = page(&phone, &[]);
        assert!(
            html.contains("<title>Simulated Yealink phone</title>"),
            "{html}"
        );
        assert!(html.contains("<dd id=\"brand\">Yealink</dd>"), "{html}");
        assert!(
            html.contains("<dd id=\"screen\">Allow remote control? (127.0.0.1)</dd>"),
            "{html}"
        );
    }
}
