//! The `/__sim/status` page: a small self-refreshing HTML view of the phone for people watching a
//! demo. Every piece of text on it is escaped (log lines carry client-controlled paths).
//!
//! ```text
//! Simulated Htek phone
//! Call: dialing 206 on account 1   Last key: MUTE   Commands accepted: 2
//! Faults: delay 0 ms, drop next 0
//! Last 20 requests: {"time_ms":...,"path":"/Phone_ActionURL&Command=1&Number=206&Account=1",...}
//! ```

use crate::config::Faults;
use crate::http::escape_html;
use crate::state::{CallState, LogEntry};

/// How many log lines the page shows.
pub(crate) const LOG_LINES: usize = 20;

/// The whole page.
pub(crate) fn page(state: &CallState, faults: &Faults, recent: &[&LogEntry]) -> String {
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
<title>Simulated Htek phone</title>
<style>
body {{ font: 15px/1.4 system-ui, sans-serif; margin: 1.5em; }}
dt {{ font-weight: bold; }}
pre {{ background: #f4f4f4; padding: .5em; overflow-x: auto; font-size: 12px; }}
</style>
</head>
<body>
<h1>Simulated Htek phone</h1>
<dl>
<dt>Call</dt><dd id=\"call\">{call}</dd>
<dt>Last key</dt><dd id=\"last-key\">{last_key}</dd>
<dt>Commands accepted</dt><dd id=\"commands\">{commands}</dd>
<dt>Faults</dt><dd id=\"faults\">delay {delay} ms, drop next {drop}</dd>
</dl>
<h2>Last {LOG_LINES} requests, newest first</h2>
<pre id=\"log\">{log}</pre>
</body>
</html>
",
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
        };
        let html = page(&state, &Faults::default(), &[&entry]);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("&lt;b&gt;"));
        assert!(html.contains("dialing 206 on account 2"));
        assert!(html.contains("http-equiv=\"refresh\""));
        assert!(html.contains("<dd id=\"commands\">4</dd>"));
    }

    #[test]
    fn empty_log_says_so() {
        let html = page(&CallState::default(), &Faults::default(), &[]);
        assert!(html.contains("(no requests yet)"));
        assert!(html.contains("<dd id=\"call\">idle</dd>"));
    }
}
