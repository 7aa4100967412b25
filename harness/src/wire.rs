//! The WebDriver wire: JSON over blocking HTTP to chromedriver on loopback.
//!
//! Each command is a method, a path under `/session/{id}` and maybe a JSON body; each
//! answer is `{"value": ...}`, or `{"value": {"error", "message"}}` for a failure, which
//! becomes [`Error::WebDriver`].
//!
//! ```text
//! POST /session/{id}/url  {"url": "data:text/html,hi"}   ->  {"value": null}
//! POST /session/{id}/element  {"using": "css selector", "value": "#x"}
//!      ->  {"value": {"error": "no such element", "message": "..."}}   (HTTP 404)
//! ```

use std::time::Duration;

use serde_json::{json, Value};
use ureq::Agent;

use crate::Error;

/// Longer than any timeout we give chromedriver (page load and scripts: 30 s), so that
/// chromedriver, not the HTTP client, reports a slow page or script.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(120);
/// Screenshots of big pages are large; anything past this is not a WebDriver answer.
const MAX_ANSWER: u64 = 512 * 1024 * 1024;

/// A WebDriver session at one chromedriver. Cheap to clone (elements hold one).
#[derive(Clone)]
pub(crate) struct Wire {
    agent: Agent,
    base: String,
    session: String,
}

impl Wire {
    /// `POST /session`: starts Chromium. Returns the wire and the matched capabilities.
    pub(crate) fn new_session(base: &str, capabilities: Value) -> Result<(Wire, Value), Error> {
        let agent = agent(COMMAND_TIMEOUT);
        let body = json!({ "capabilities": { "alwaysMatch": capabilities } });
        let answer = call(
            &agent,
            "POST /session",
            &format!("{base}/session"),
            Some(body),
        )?;
        let id = answer
            .get("sessionId")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::Protocol {
                command: "POST /session".into(),
                detail: format!("no sessionId in {answer}"),
            })?;
        let wire = Wire {
            agent,
            base: base.into(),
            session: id.into(),
        };
        let capabilities = answer.get("capabilities").cloned().unwrap_or(Value::Null);
        Ok((wire, capabilities))
    }

    /// `GET /session/{id}{path}`.
    pub(crate) fn get(&self, path: &str) -> Result<Value, Error> {
        self.send("GET", path, None)
    }

    /// `POST /session/{id}{path}` with a JSON body.
    pub(crate) fn post(&self, path: &str, body: Value) -> Result<Value, Error> {
        self.send("POST", path, Some(body))
    }

    /// `DELETE /session/{id}{path}`.
    pub(crate) fn delete(&self, path: &str) -> Result<Value, Error> {
        self.send("DELETE", path, None)
    }

    /// `DELETE /session/{id}`: closes Chromium. Bounded by `timeout`, so that a hung
    /// browser cannot hold up a `Drop` for long.
    pub(crate) fn delete_session(&self, timeout: Duration) -> Result<(), Error> {
        let url = format!("{}/session/{}", self.base, self.session);
        let answer = self
            .agent
            .delete(&url)
            .config()
            .timeout_global(Some(timeout))
            .build()
            .call();
        read("DELETE /session/{id}", answer).map(drop)
    }

    fn send(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, Error> {
        let command = format!("{method} /session/{{id}}{path}");
        let url = format!("{}/session/{}{path}", self.base, self.session);
        match method {
            "GET" => call_get(&self.agent, &command, &url),
            "DELETE" => call_delete(&self.agent, &command, &url),
            _ => call(&self.agent, &command, &url, body),
        }
    }
}

/// Whether chromedriver at `status_url` answers `{"value": {"ready": true}}`.
pub(crate) fn status_ready(status_url: &str) -> bool {
    let agent = agent(Duration::from_secs(2));
    call_get(&agent, "GET /status", status_url)
        .map(|value| value.get("ready") == Some(&Value::Bool(true)))
        .unwrap_or(false)
}

/// Asks chromedriver at `base` to quit its sessions and exit; errors are ignored because
/// the caller kills it next anyway.
pub(crate) fn shutdown_driver(base: &str) {
    let agent = agent(Duration::from_secs(10));
    let _ = call_get(&agent, "GET /shutdown", &format!("{base}/shutdown"));
}

/// An HTTP client for loopback: no proxy from the environment, HTTP errors as answers.
fn agent(timeout: Duration) -> Agent {
    Agent::config_builder()
        .proxy(None)
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .build()
        .into()
}

fn call(agent: &Agent, command: &str, url: &str, body: Option<Value>) -> Result<Value, Error> {
    let body = body.unwrap_or_else(|| json!({}));
    let answer = agent
        .post(url)
        .header("content-type", "application/json; charset=utf-8")
        .send(body.to_string());
    read(command, answer)
}

fn call_get(agent: &Agent, command: &str, url: &str) -> Result<Value, Error> {
    read(command, agent.get(url).call())
}

fn call_delete(agent: &Agent, command: &str, url: &str) -> Result<Value, Error> {
    read(command, agent.delete(url).call())
}

/// Turns an HTTP answer into the command's `value`, or the error it carries.
fn read(
    command: &str,
    answer: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<Value, Error> {
    let http_error = |err: ureq::Error| Error::Http {
        command: command.into(),
        detail: err.to_string(),
    };
    let mut answer = answer.map_err(http_error)?;
    let status = answer.status().as_u16();
    let text = answer
        .body_mut()
        .with_config()
        .limit(MAX_ANSWER)
        .read_to_string()
        .map_err(http_error)?;
    let parsed: Value = serde_json::from_str(&text).map_err(|err| Error::Protocol {
        command: command.into(),
        detail: format!("HTTP {status}, not JSON ({err}): {}", truncate(&text)),
    })?;
    into_value(command, status, parsed)
}

/// Splits `{"value": ...}` into success or [`Error::WebDriver`].
fn into_value(command: &str, status: u16, mut answer: Value) -> Result<Value, Error> {
    let value = answer.get_mut("value").map(Value::take);
    let value = value.ok_or_else(|| Error::Protocol {
        command: command.into(),
        detail: format!(
            "HTTP {status}, no \"value\" in {}",
            truncate(&answer.to_string())
        ),
    })?;
    if (200..300).contains(&status) {
        // A script may well return {"error": ...}: only the status marks a failure.
        return Ok(value);
    }
    match value.get("error").and_then(Value::as_str) {
        Some(error) => Err(Error::WebDriver {
            command: command.into(),
            error: error.into(),
            message: value
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("(no message)")
                .into(),
        }),
        None => Err(Error::Protocol {
            command: command.into(),
            detail: format!("HTTP {status} without an error code: {value}"),
        }),
    }
}

fn truncate(text: &str) -> String {
    const MAX: usize = 300;
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_errors_are_told_apart() {
        let ok = into_value("GET /url", 200, json!({"value": "about:blank"}));
        assert_eq!(ok.unwrap(), json!("about:blank"));

        let missing = json!({"value": {"error": "no such element", "message": "nope"}});
        match into_value("POST /element", 404, missing) {
            Err(Error::WebDriver { error, message, .. }) => {
                assert_eq!(error, "no such element");
                assert_eq!(message, "nope");
            }
            other => panic!("expected a WebDriver error, got {other:?}"),
        }

        let script = into_value("POST /execute/sync", 200, json!({"value": {"error": "x"}}));
        assert_eq!(script.unwrap(), json!({"error": "x"}));

        let shapeless = into_value("GET /url", 200, json!({"nothing": 1}));
        assert!(matches!(shapeless, Err(Error::Protocol { .. })));
    }

    #[test]
    fn a_dead_driver_is_an_http_error() {
        let port = crate::locate::try_free_port().unwrap();
        let agent = agent(Duration::from_secs(2));
        let err = call_get(
            &agent,
            "GET /status",
            &format!("http://127.0.0.1:{port}/status"),
        );
        assert!(matches!(err, Err(Error::Http { .. })), "{err:?}");
    }
}
