//! `htek-sim`: run a simulated phone (an Htek, or `--brand`'s) on loopback until killed.
//!
//! ```text
//! $ htek-sim --auth digest --listen 127.0.0.1:8088
//! Simulated Htek phone on http://127.0.0.1:8088 - status page http://127.0.0.1:8088/__sim/status
//! $ htek-sim --brand yealink --listen 127.0.0.1:8089
//! Simulated Yealink phone on http://127.0.0.1:8089 - status page http://127.0.0.1:8089/__sim/status
//! {"time_ms":1700000000000,"peer":"127.0.0.1:50000","method":"GET",...}
//! ```
//!
//! Exit codes: 2 for bad flags, 1 when the address cannot be bound.

use std::io::Write;
use std::process::ExitCode;

use htek_sim::{parse_command_line, usage, Invocation, Sim};

fn main() -> ExitCode {
    let (listen, config, faults) = match parse_command_line(std::env::args_os().skip(1)) {
        Ok(Invocation::Run {
            listen,
            config,
            faults,
        }) => (listen, config, faults),
        Ok(Invocation::Help) => {
            let _ = std::io::stdout().write_all(usage().as_bytes());
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            say(&message);
            return ExitCode::from(2);
        }
    };
    let brand = config.brand;
    let sim = match Sim::start(&listen, config) {
        Ok(sim) => sim,
        Err(e) => {
            say(&format!("htek-sim: cannot listen on {listen}: {e}"));
            return ExitCode::from(1);
        }
    };
    sim.set_faults(faults);
    let url = sim.base_url();
    say(&format!(
        "Simulated {brand} phone on {url} - status page {url}/__sim/status"
    ));
    loop {
        std::thread::park();
    }
}

/// One line on stderr; a closed stderr is not worth a panic.
fn say(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", line.trim_end());
}
