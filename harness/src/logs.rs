//! Console lines from the browser's pages.
//!
//! chromedriver collects `console.*` calls, uncaught exceptions and failed loads (with
//! `goog:loggingPrefs: {"browser": "ALL"}`) and hands them out once each:
//!
//! ```no_run
//! # fn main() -> Result<(), c2d_harness::Error> {
//! # let browser = c2d_harness::Browser::launch(Default::default())?;
//! use c2d_harness::LogLevel;
//!
//! let errors: Vec<_> = browser
//!     .browser_logs()?
//!     .into_iter()
//!     .filter(|line| line.level == LogLevel::Severe)
//!     .collect();
//! assert!(errors.is_empty(), "the page logged errors: {errors:#?}");
//! # Ok(()) }
//! ```

use serde_json::Value;

/// How serious a console line is, in chromedriver's (java.util.logging) names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogLevel {
    /// `console.debug`.
    Debug,
    /// `console.log`, `console.info`.
    Info,
    /// `console.warn`.
    Warning,
    /// `console.error`, uncaught exceptions, failed loads.
    Severe,
    /// Any other level name.
    Other(String),
}

impl LogLevel {
    fn from_name(name: &str) -> LogLevel {
        match name {
            "DEBUG" | "FINE" | "FINER" | "FINEST" => LogLevel::Debug,
            "INFO" | "CONFIG" => LogLevel::Info,
            "WARNING" => LogLevel::Warning,
            "SEVERE" => LogLevel::Severe,
            other => LogLevel::Other(other.into()),
        }
    }
}

/// One console line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    /// How serious it is.
    pub level: LogLevel,
    /// The text, as chromedriver formats it: `URL LINE:COLUMN "text"` for `console-api`,
    /// `URL LINE:COLUMN Uncaught Error: ...` for `javascript`.
    pub message: String,
    /// Where it came from: `console-api`, `javascript`, `network`, ...
    pub source: String,
}

impl LogLine {
    /// Reads one entry of `POST /session/{id}/se/log`; missing fields become empty.
    pub(crate) fn from_json(entry: &Value) -> LogLine {
        let field = |name: &str| {
            entry
                .get(name)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        LogLine {
            level: LogLevel::from_name(&field("level")),
            message: field("message"),
            source: field("source"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn entries_are_read() {
        let entry = json!({"level": "SEVERE", "message": "data:, 0:16 \"boom\"",
                           "source": "console-api", "timestamp": 1});
        let line = LogLine::from_json(&entry);
        assert_eq!(line.level, LogLevel::Severe);
        assert_eq!(line.source, "console-api");
        assert!(line.message.ends_with("\"boom\""));
        assert_eq!(
            LogLine::from_json(&json!({"level": "ODD"})).level,
            LogLevel::Other("ODD".into())
        );
    }
}
