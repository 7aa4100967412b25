//! `htek-c2d-receiver`: a native messaging host when the browser starts it (the browser passes
//! the extension's origin or, for Firefox, the manifest path and add-on id), or `install` /
//! `uninstall` for the host manifests.
//!
//! The first argument picks the mode; `install`'s flags are read with `lexopt`
//! ([`install::parse_args`]); the browser's arguments are not read at all (a Firefox manifest
//! path need not be UTF-8).
//!
//! Exit codes: 0 when the browser disconnects or install succeeds, 1 when the message stream
//! breaks or a manifest cannot be written, 2 for bad flags.

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use htek_c2d_receiver::{host, install, log, usage};

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    match args.first().and_then(|first| first.to_str()) {
        Some("--help" | "-h" | "help") => {
            let _ = std::io::stdout().write_all(usage().as_bytes());
            ExitCode::SUCCESS
        }
        Some("install" | "uninstall") => install_command(args),
        // Started by the browser (its arguments are the caller's origin or manifest and id).
        _ => {
            let code = host::run(std::io::stdin().lock(), std::io::stdout());
            ExitCode::from(u8::try_from(code).unwrap_or(1))
        }
    }
}

fn install_command(args: Vec<OsString>) -> ExitCode {
    let (action, options) = match install::parse_args(args) {
        Ok(parsed) => parsed,
        Err(e) => {
            log(&format!("{e}\n\n{}", usage()));
            return ExitCode::from(2);
        }
    };
    let exe = match options.exe.clone().map_or_else(install::current_exe, Ok) {
        Ok(exe) => exe,
        Err(e) => {
            log(&format!(
                "cannot tell where this program is: {e}; pass --exe"
            ));
            return ExitCode::from(1);
        }
    };
    let done =
        install::plan(&options, &exe).and_then(|files| install::apply(action, &options, &files));
    match done {
        Ok(lines) => {
            let mut out = std::io::stdout().lock();
            for line in lines {
                let _ = writeln!(out, "{line}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            log(&e);
            ExitCode::from(1)
        }
    }
}
