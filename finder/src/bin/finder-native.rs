//! The finder natively, built in release mode like the wasm, for `cargo xtask bench finder`:
//! `finder-native PAGE RUNS REGION` scans the page as one text with the core's `Batch::scan`
//! (what the wasm's `find_batch` runs), prints a JSON header `{name, seconds}` (the median of
//! RUNS timed runs after one warm-up) and then, like the wasm in Node, one line per number found:
//! UTF-16 start, end, E.164 (tab-separated).

use click_to_dial::detect::batch::Batch;
use click_to_dial::detect::RegionChoice;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [page, runs, region] = args.as_slice() else {
        eprintln!("usage: finder-native PAGE RUNS REGION");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(page) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("cannot read {page}: {e}");
            std::process::exit(1);
        }
    };
    let runs: usize = runs.parse().unwrap_or(5);
    let texts = [text];
    let batch = Batch {
        texts: &texts,
        ..Batch::new(RegionChoice::from_code(region))
    };
    let mut found = batch.scan(); // warm-up
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        found = batch.scan();
        times.push(started.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let seconds = times.get(times.len() / 2).copied().unwrap_or(f64::NAN);
    println!("{{\"name\":\"click-to-dial finder, native (release)\",\"seconds\":{seconds}}}");
    for m in found {
        println!("{}\t{}\t{}", m.start, m.end, m.e164);
    }
}
