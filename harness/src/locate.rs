//! Finding the browser, the driver and a free port.
//!
//! Environment variables win over the usual places, so CI or a developer can point the
//! harness at another build without touching code:
//!
//! ```no_run
//! let chromium = c2d_harness::find_chromium()?;         // $CHROMIUM, /usr/bin/chromium, PATH
//! let driver = c2d_harness::find_chromedriver()?;       // $CHROMEDRIVER, PATH, /usr/bin/chromedriver
//! let firefox = c2d_harness::find_firefox()?;           // $FIREFOX, /usr/bin/firefox-esr, PATH
//! let gecko = c2d_harness::find_geckodriver()?;         // $GECKODRIVER, PATH, ~/.cargo/bin
//! let port = c2d_harness::free_port();
//! # Ok::<(), c2d_harness::Error>(())
//! ```

use std::env;
use std::net::{Ipv4Addr, TcpListener};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::Error;

/// Where a program may be: an explicit path or a name to look up on `PATH`.
enum Place {
    Path(PathBuf),
    OnPath(&'static str),
}

/// Finds the Chromium binary: `$CHROMIUM`, else `/usr/bin/chromium`, else `chromium` on `PATH`.
///
/// A set `$CHROMIUM` that points nowhere is an error, not a reason to look elsewhere.
///
/// # Errors
/// [`Error::ChromiumNotFound`] with the places looked at.
pub fn find_chromium() -> Result<PathBuf, Error> {
    let places = [
        Place::Path("/usr/bin/chromium".into()),
        Place::OnPath("chromium"),
    ];
    find("CHROMIUM", &places).map_err(|tried| Error::ProgramNotFound {
        program: "chromium",
        tried,
        hint: "install it with `apt-get install chromium` or set CHROMIUM to the browser binary",
    })
}

/// Finds chromedriver: `$CHROMEDRIVER`, else `chromedriver` on `PATH`, else
/// `/usr/bin/chromedriver`.
///
/// # Errors
/// [`Error::ChromedriverNotFound`] with the places looked at.
pub fn find_chromedriver() -> Result<PathBuf, Error> {
    let places = [
        Place::OnPath("chromedriver"),
        Place::Path("/usr/bin/chromedriver".into()),
    ];
    find("CHROMEDRIVER", &places).map_err(|tried| Error::ProgramNotFound {
        program: "chromedriver",
        tried,
        hint: "install it with `apt-get install chromium-driver` or set CHROMEDRIVER",
    })
}

/// Finds Firefox: `$FIREFOX`, else `/usr/bin/firefox-esr`, else `firefox` on `PATH`.
///
/// # Errors
/// [`Error::ProgramNotFound`] with the places looked at.
pub fn find_firefox() -> Result<PathBuf, Error> {
    let places = [
        Place::Path("/usr/bin/firefox-esr".into()),
        Place::OnPath("firefox-esr"),
        Place::OnPath("firefox"),
    ];
    find("FIREFOX", &places).map_err(|tried| Error::ProgramNotFound {
        program: "firefox",
        tried,
        hint: "install it with `apt-get install firefox-esr` or set FIREFOX to the browser binary",
    })
}

/// Finds geckodriver: `$GECKODRIVER`, else `geckodriver` on `PATH`, else `~/.cargo/bin`.
///
/// # Errors
/// [`Error::ProgramNotFound`] with the places looked at.
pub fn find_geckodriver() -> Result<PathBuf, Error> {
    let cargo_bin = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_default()
        .join("bin/geckodriver");
    let places = [Place::OnPath("geckodriver"), Place::Path(cargo_bin)];
    find("GECKODRIVER", &places).map_err(|tried| Error::ProgramNotFound {
        program: "geckodriver",
        tried,
        hint: "install it with `cargo install geckodriver` or set GECKODRIVER",
    })
}

/// A loopback TCP port that was free a moment ago (the OS picks it).
///
/// Another process may take it before you bind it; [`Browser::launch`](crate::Browser::launch)
/// retries with a new port when that happens.
///
/// # Panics
/// If no port can be bound on 127.0.0.1 at all, which means the machine has no working
/// loopback interface; nothing in this crate can work then.
pub fn free_port() -> u16 {
    match try_free_port() {
        Ok(port) => port,
        Err(err) => panic!("{err}"),
    }
}

/// [`free_port`] without the panic.
pub(crate) fn try_free_port() -> Result<u16, Error> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(Error::NoPort)?;
    let addr = listener.local_addr().map_err(Error::NoPort)?;
    Ok(addr.port())
}

/// Looks in `$var` (if set) or else in `places`; the error lists every path looked at.
fn find(var: &str, places: &[Place]) -> Result<PathBuf, Vec<PathBuf>> {
    if let Some(value) = env::var_os(var).filter(|v| !v.is_empty()) {
        let path = PathBuf::from(value);
        return if is_executable(&path) {
            Ok(path)
        } else {
            Err(vec![PathBuf::from(format!("${var}={}", path.display()))])
        };
    }
    let mut tried = Vec::new();
    for place in places {
        match place {
            Place::Path(path) if is_executable(path) => return Ok(path.clone()),
            Place::Path(path) => tried.push(path.clone()),
            Place::OnPath(name) => match on_path(name) {
                Some(path) => return Ok(path),
                None => tried.push(PathBuf::from(format!("`{name}` on PATH"))),
            },
        }
    }
    Err(tried)
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = env::var_os("PATH")?;
    env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    path.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_ports_are_bindable() {
        let port = free_port();
        assert!(TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_ok());
    }

    #[test]
    fn missing_places_are_all_reported() {
        let places = [
            Place::Path("/nonexistent/chromium".into()),
            Place::OnPath("surely-not-a-program-c2d"),
        ];
        let tried = find("C2D_HARNESS_UNSET_VARIABLE", &places).unwrap_err();
        assert_eq!(tried.len(), 2);
        let message = Error::ProgramNotFound {
            program: "chromium",
            tried,
            hint: "install it with `apt-get install chromium`",
        }
        .to_string();
        assert!(message.contains("/nonexistent/chromium"), "{message}");
        assert!(message.contains("apt-get install chromium"), "{message}");
    }

    #[test]
    fn sh_is_found_on_path() {
        assert!(on_path("sh").is_some());
    }
}
