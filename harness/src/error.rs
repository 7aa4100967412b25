//! The one error type of the harness.
//!
//! Every message says what went wrong and, where there is one, what to do about it:
//!
//! ```
//! use c2d_harness::Error;
//!
//! let err = Error::NotFound("#dial".into());
//! assert!(err.to_string().contains("`#dial`"));
//! ```

use std::fmt;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

/// What can go wrong while finding, starting, driving or stopping the browser.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A browser or driver program is at none of the places looked at.
    ProgramNotFound {
        /// What was looked for ("chromium", "geckodriver").
        program: &'static str,
        /// The places looked at, in order.
        tried: Vec<PathBuf>,
        /// How to install it or point at it.
        hint: &'static str,
    },
    /// The browser cannot do this (e.g. Firefox has no log endpoint).
    Unsupported(String),
    /// A program could not be started at all.
    Spawn {
        /// The program.
        program: PathBuf,
        /// Why the operating system refused.
        source: io::Error,
    },
    /// chromedriver exited before it said it was ready.
    DriverExited {
        /// Its exit status, as text.
        status: String,
        /// The last lines it printed.
        output: String,
    },
    /// chromedriver kept running but never said it was ready.
    DriverNotReady {
        /// How long we waited.
        waited: Duration,
        /// The last lines it printed.
        output: String,
    },
    /// chromedriver is up but could not start Chromium.
    SessionNotCreated {
        /// chromedriver's explanation.
        message: String,
        /// The last lines chromedriver (and Chromium) printed.
        output: String,
    },
    /// No usable HTTP answer from chromedriver.
    Http {
        /// The WebDriver command, e.g. `POST /session/{id}/url`.
        command: String,
        /// What the HTTP client said.
        detail: String,
    },
    /// chromedriver answered with a WebDriver error.
    WebDriver {
        /// The WebDriver command, e.g. `POST /session/{id}/url`.
        command: String,
        /// The W3C error code, e.g. `javascript error`, `stale element reference`.
        error: String,
        /// chromedriver's message.
        message: String,
    },
    /// chromedriver answered, but not in the shape the W3C spec promises.
    Protocol {
        /// The WebDriver command.
        command: String,
        /// What was wrong with the answer.
        detail: String,
    },
    /// No element matches this CSS selector.
    NotFound(String),
    /// Something awaited did not happen in time.
    Timeout {
        /// What was awaited, e.g. `CSS selector \`#late\``.
        what: String,
        /// How long we waited.
        waited: Duration,
    },
    /// The profile directory could not be created.
    Profile {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The extension directory or its manifest is unusable.
    Extension {
        /// The directory or file.
        path: PathBuf,
        /// What is wrong with it.
        detail: String,
    },
    /// No TCP port could be bound on 127.0.0.1.
    NoPort(io::Error),
    /// A manifest `key` that is not base64.
    InvalidKey(String),
    /// The browser did not shut down cleanly (its profile may not be flushed).
    Shutdown {
        /// What went wrong.
        detail: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::ProgramNotFound {
                program,
                tried,
                hint,
            } => write!(f, "{program} not found (looked at {}): {hint}", list(tried)),
            Error::Unsupported(what) => write!(f, "not supported: {what}"),
            Error::Spawn { program, source } => write!(
                f,
                "could not start {}: {source}; check that it is an executable file",
                program.display()
            ),
            Error::DriverExited { status, output } => write!(
                f,
                "the WebDriver driver exited before it was ready ({status}); its output:\n{output}"
            ),
            Error::DriverNotReady { waited, output } => write!(
                f,
                "the WebDriver driver did not report ready within {waited:?}; is the machine \
                 overloaded? its output so far:\n{output}"
            ),
            Error::SessionNotCreated { message, output } => write!(
                f,
                "the driver could not start the browser: {message}\ncheck that the browser \
                 and its driver match (same major version for chromium and chromedriver) and \
                 that the arguments are valid; the driver's output:\n{output}"
            ),
            Error::Http { command, detail } => write!(
                f,
                "{command}: no answer from the driver ({detail}); it may have crashed \
                 or the browser was already quit"
            ),
            Error::WebDriver {
                command,
                error,
                message,
            } => write!(f, "{command} failed: {error}: {message}"),
            Error::Protocol { command, detail } => {
                write!(f, "{command}: unexpected answer from the driver: {detail}")
            }
            Error::NotFound(css) => write!(
                f,
                "no element matches CSS selector `{css}`: check the selector, or use \
                 wait_for if the page adds the element later"
            ),
            Error::Timeout { what, waited } => {
                write!(f, "timed out after {waited:?} waiting for {what}")
            }
            Error::Profile { path, source } => write!(
                f,
                "could not prepare the profile directory {}: {source}",
                path.display()
            ),
            Error::Extension { path, detail } => {
                write!(f, "extension at {}: {detail}", path.display())
            }
            Error::NoPort(source) => write!(
                f,
                "could not bind a port on 127.0.0.1 ({source}); the loopback interface must be up"
            ),
            Error::InvalidKey(detail) => write!(
                f,
                "the manifest key is not a base64 public key ({detail}); make one with \
                 `openssl genrsa 2048 | openssl rsa -pubout -outform DER | base64 -w0`"
            ),
            Error::Shutdown { detail } => write!(
                f,
                "the browser did not shut down cleanly, so its profile may not be \
                 flushed: {detail}"
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Spawn { source, .. } | Error::Profile { source, .. } | Error::NoPort(source) => {
                Some(source)
            }
            _ => None,
        }
    }
}

fn list(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    shown.join(", ")
}
