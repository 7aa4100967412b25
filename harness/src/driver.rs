//! The chromedriver child process and everything it starts.
//!
//! chromedriver runs in a process group of its own, and Chromium (started by chromedriver)
//! inherits it, so stopping is one `kill(-pgid)`; nothing else on the machine is touched.
//! Chromium's two crashpad handlers leave the group (`setsid`), so chromedriver also gets
//! an environment variable unique to this browser, which they inherit: a process in the
//! group or with the variable is ours.
//!
//! A tiny watchdog shell, left in *our* process group, holds a pipe from us: when this
//! process dies without running `Drop` (Ctrl-C, an abort, SIGKILL), the pipe closes and
//! the watchdog kills the group, so no browser outlives its owner.
//!
//! ```text
//! us (pgid = ours) ── sh watchdog (pgid = ours; stdin: a pipe from us)
//!  └─ chromedriver --port=N --enable-chrome-logs (pgid = its pid; env C2D_HARNESS_BROWSER=<our pid>-<n>)
//!      └─ chromium (same pgid) ── zygotes, renderers, gpu, network and storage helpers
//!          └─ chrome_crashpad_handler ×2 (own session; same env)
//! ```

use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader, Read};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::procs;
use crate::wire;
use crate::Error;

/// The environment variable that marks every process of one browser.
const MARKER_VAR: &str = "C2D_HARNESS_BROWSER";
/// How many of chromedriver's (and Chromium's) last output lines to keep for error messages.
const OUTPUT_LINES: usize = 60;
/// How often to look again while waiting for something.
const POLL: Duration = Duration::from_millis(50);
/// How long killed processes may take to disappear.
const KILL_WAIT: Duration = Duration::from_secs(5);

/// Numbers the browsers of this process, for [`MARKER_VAR`].
static NEXT_BROWSER: AtomicU32 = AtomicU32::new(0);

/// A running chromedriver (and, once a session exists, its Chromium).
pub(crate) struct Driver {
    child: Child,
    watchdog: Option<Child>,
    output: Output,
    port: u16,
    /// `C2D_HARNESS_BROWSER=<our pid>-<n>`, in the environment of all our processes.
    marker: String,
}

impl Driver {
    /// Starts a WebDriver driver (chromedriver, geckodriver) on `port` in a new process group,
    /// with `flags` after `--port`.
    pub(crate) fn spawn(
        program: &Path,
        port: u16,
        flags: &[&str],
        env: &[(String, String)],
    ) -> Result<Driver, Error> {
        let number = NEXT_BROWSER.fetch_add(1, Ordering::Relaxed);
        let value = format!("{}-{number}", std::process::id());
        let mut child = Command::new(program)
            .arg(format!("--port={port}"))
            .args(flags)
            .env(MARKER_VAR, &value)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .map_err(|source| Error::Spawn {
                program: program.into(),
                source,
            })?;
        let output = Output::default();
        if let Some(stdout) = child.stdout.take() {
            output.capture(stdout);
        }
        if let Some(stderr) = child.stderr.take() {
            output.capture(stderr);
        }
        let watchdog = spawn_watchdog(child.id()).ok();
        Ok(Driver {
            child,
            watchdog,
            output,
            port,
            marker: format!("{MARKER_VAR}={value}"),
        })
    }

    /// `http://127.0.0.1:PORT`, where chromedriver listens.
    pub(crate) fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// chromedriver's process id (also the id of the process group).
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The last lines chromedriver and Chromium printed.
    pub(crate) fn output(&self) -> String {
        self.output.text()
    }

    /// Every live process of this browser: the group and the marked escapees.
    pub(crate) fn processes(&self) -> Vec<u32> {
        procs::live()
            .into_iter()
            .filter(|p| p.group == self.pid() || procs::has_env(p.pid, &self.marker))
            .map(|p| p.pid)
            .collect()
    }

    /// Waits until `GET /status` says `ready`, chromedriver exits, or `timeout` passes.
    pub(crate) fn wait_ready(&mut self, timeout: Duration) -> Result<(), Error> {
        let start = Instant::now();
        let url = format!("{}/status", self.base_url());
        loop {
            if let Some(status) = self.child.try_wait().ok().flatten() {
                return Err(Error::DriverExited {
                    status: status.to_string(),
                    output: self.output_after_exit(),
                });
            }
            if wire::status_ready(&url) {
                return Ok(());
            }
            if start.elapsed() >= timeout {
                return Err(Error::DriverNotReady {
                    waited: timeout,
                    output: self.output(),
                });
            }
            thread::sleep(POLL);
        }
    }

    /// Stops everything: asks chromedriver to exit, gives the group `grace` to empty by
    /// itself (Chromium's helper processes finish writing), then kills what is left.
    pub(crate) fn stop(&mut self, grace: Duration) {
        if self.child.try_wait().ok().flatten().is_none() {
            wire::shutdown_driver(&self.base_url());
        }
        let start = Instant::now();
        while self.group_alive() && start.elapsed() < grace {
            let _ = self.child.try_wait();
            thread::sleep(POLL);
        }
        self.kill();
    }

    /// Kills the group and the marked processes outside it, reaps chromedriver, waits
    /// (at most [`KILL_WAIT`]) until none is left, and ends the watchdog.
    pub(crate) fn kill(&mut self) {
        procs::kill_group(self.pid());
        let _ = self.child.kill();
        let _ = self.child.wait();
        let start = Instant::now();
        loop {
            let left = self.processes();
            if left.is_empty() || start.elapsed() >= KILL_WAIT {
                break;
            }
            left.into_iter().for_each(procs::kill);
            thread::sleep(POLL);
        }
        if let Some(mut watchdog) = self.watchdog.take() {
            let _ = watchdog.kill();
            let _ = watchdog.wait();
        }
    }

    fn group_alive(&self) -> bool {
        procs::live().iter().any(|p| p.group == self.pid())
    }

    /// The output once the reader threads have had a moment to drain the pipes.
    pub(crate) fn output_after_exit(&self) -> String {
        thread::sleep(Duration::from_millis(100));
        self.output()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The last [`OUTPUT_LINES`] lines of several pipes, filled by one thread per pipe.
#[derive(Clone, Default)]
struct Output(Arc<Mutex<VecDeque<String>>>);

impl Output {
    /// Reads `pipe` line by line on a thread of its own until it closes.
    fn capture(&self, pipe: impl Read + Send + 'static) {
        let lines = self.clone();
        let _ = thread::Builder::new()
            .name("chromedriver-output".into())
            .spawn(move || {
                for line in BufReader::new(pipe).lines() {
                    match line {
                        Ok(line) => lines.push(line),
                        Err(_) => break,
                    }
                }
            });
    }

    fn push(&self, line: String) {
        if let Ok(mut lines) = self.0.lock() {
            if lines.len() == OUTPUT_LINES {
                lines.pop_front();
            }
            lines.push_back(line);
        }
    }

    fn text(&self) -> String {
        match self.0.lock() {
            Ok(lines) if !lines.is_empty() => lines.iter().cloned().collect::<Vec<_>>().join("\n"),
            _ => "(nothing)".into(),
        }
    }
}

/// A shell in our process group that kills group `pgid` when its stdin (a pipe whose
/// other end only we hold) closes, i.e. when we exit, however we exit. It ignores
/// SIGINT and SIGHUP so that a Ctrl-C reaches us first and it outlives us to clean up.
fn spawn_watchdog(pgid: u32) -> io::Result<Child> {
    Command::new("/bin/sh")
        .args([
            "-c",
            "trap '' INT HUP; read -r _; kill -KILL -\"$1\" 2>/dev/null",
            "c2d-harness-watchdog",
        ])
        .arg(pgid.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_keeps_the_last_lines() {
        let output = Output::default();
        assert_eq!(output.text(), "(nothing)");
        for n in 0..OUTPUT_LINES + 5 {
            output.push(format!("line {n}"));
        }
        let text = output.text();
        assert!(text.starts_with("line 5\n"), "{text}");
        assert!(
            text.ends_with(&format!("line {}", OUTPUT_LINES + 4)),
            "{text}"
        );
    }

    #[test]
    fn a_missing_program_is_a_spawn_error() {
        let err = Driver::spawn(Path::new("/nonexistent/chromedriver"), 1, &[], &[]).err();
        assert!(matches!(err, Some(Error::Spawn { .. })), "{err:?}");
    }
}
