//! `cargo xtask scan`: the finder from the command line, for anyone checking what it finds.
//!
//! ```text
//! echo "Tel. 030 1234567 x 12" | cargo xtask scan --region DE
//! {"start":5,"end":21,"raw":"030 1234567 x 12","e164":"+49301234567","ext":"12"}
//!
//! echo '{"id":1,"text":"Tél. 01 42 68 53 00","region":"FR"}' | cargo xtask scan --jsonl
//! {"id":1,"matches":[{"start":6,"end":20,"raw":"01 42 68 53 00","e164":"+33142685300","ext":null}]}
//! ```
//!
//! Offsets are UTF-8 byte offsets into the text. `--region` takes a region code, `auto` (with
//! `--lang` and `--domain` as hints) or nothing (international numbers only); in `--jsonl` mode a
//! line's own `"region"` wins over it. `--why` adds how each number was written, where its
//! country came from, its label and confidence. `--context TEXT` (in `--jsonl` mode a line's
//! `"context"`) is the text's record, as the page layer sends it: a table row's cells joined by
//! tabs, a card's text; the countries it names, its ISO codes and flags and the calling codes of
//! its `+CC` numbers are tried first for national numbers.
//!
//! ```text
//! echo "(0171) 5550123" | cargo xtask scan --region US --context "Anna Schmidt, Germany"
//! {"start":0,"end":14,"raw":"(0171) 5550123","e164":"+491715550123","ext":null}
//! ```

use click_to_dial::detect::{
    find, plan::Region, record_regions, Found, Hints, Options, RegionChoice,
};
use serde_json::{json, Value};
use std::io::{BufRead, Read, Write};

/// The command's flags.
#[derive(Debug, Default, PartialEq)]
struct Flags {
    region: Option<String>,
    jsonl: bool,
    language: Option<String>,
    domain: Option<String>,
    context: Option<String>,
    why: bool,
}

/// `cargo xtask scan [--region CC|auto] [--jsonl] [--lang TAG] [--domain HOST] [--context TEXT]
/// [--why]`.
pub fn scan(args: &[String]) -> Result<(), String> {
    let flags = parse_flags(args)?;
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if flags.jsonl {
        for (number, line) in stdin.lock().lines().enumerate() {
            let line = line.map_err(|e| format!("stdin: {e}"))?;
            if line.trim().is_empty() {
                continue;
            }
            let answer =
                scan_json_line(&line, &flags).map_err(|e| format!("line {}: {e}", number + 1))?;
            writeln!(out, "{answer}").map_err(|e| e.to_string())?;
        }
    } else {
        let mut text = String::new();
        stdin
            .lock()
            .read_to_string(&mut text)
            .map_err(|e| format!("stdin is not UTF-8 text: {e}"))?;
        let regions = regions_of(flags.context.as_deref());
        for found in find(&text, &options(flags.region.as_deref(), &flags, &regions)?) {
            writeln!(out, "{}", match_text(&found, flags.why)).map_err(|e| e.to_string())?;
        }
    }
    out.flush().map_err(|e| e.to_string())
}

fn parse_flags(args: &[String]) -> Result<Flags, String> {
    let mut flags = Flags::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().cloned().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--region" => flags.region = Some(value("--region")?),
            "--lang" => flags.language = Some(value("--lang")?),
            "--domain" => flags.domain = Some(value("--domain")?),
            "--context" => flags.context = Some(value("--context")?),
            "--jsonl" => flags.jsonl = true,
            "--why" => flags.why = true,
            other => {
                return Err(format!(
                    "scan: unknown flag {other:?} (see `cargo xtask help`)"
                ))
            }
        }
    }
    Ok(flags)
}

/// The regions a record's text points to (none without one).
fn regions_of(context: Option<&str>) -> Vec<&'static Region> {
    let mut out = [None; 3];
    let n = context.map_or(0, |c| record_regions(c, &mut out));
    out[..n].iter().flatten().copied().collect()
}

/// The finder's options for `region`, the flags' hints and the record's `regions`.
fn options<'a>(
    region: Option<&str>,
    flags: &'a Flags,
    regions: &'a [&'static Region],
) -> Result<Options<'a>, String> {
    let region = match region {
        None | Some("") => RegionChoice::None,
        Some(auto) if auto.eq_ignore_ascii_case("auto") => RegionChoice::Auto,
        Some(code) => {
            RegionChoice::Fixed(Region::find(code).ok_or(format!("unknown region {code:?}"))?)
        }
    };
    Ok(Options {
        region,
        hints: Hints {
            language: flags.language.as_deref(),
            domain: flags.domain.as_deref(),
            regions,
            also: &[],
        },
        ..Options::default()
    })
}

/// Answers one `{"id", "text", "region", "context"}` line with `{"id", "matches"}`.
fn scan_json_line(line: &str, flags: &Flags) -> Result<String, String> {
    let input: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let text = input["text"].as_str().ok_or("\"text\" must be a string")?;
    let region = match &input["region"] {
        Value::String(region) => Some(region.as_str()),
        Value::Null => flags.region.as_deref(),
        _ => return Err("\"region\" must be a string or null".to_string()),
    };
    let context = match &input["context"] {
        Value::String(context) => Some(context.as_str()),
        Value::Null => flags.context.as_deref(),
        _ => return Err("\"context\" must be a string or null".to_string()),
    };
    let regions = regions_of(context);
    let matches: Vec<String> = find(text, &options(region, flags, &regions)?)
        .iter()
        .map(|f| match_text(f, flags.why))
        .collect();
    Ok(format!(
        "{{\"id\":{},\"matches\":[{}]}}",
        input["id"],
        matches.join(",")
    ))
}

/// One match as a line of JSON.
fn match_text(found: &Found, why: bool) -> String {
    match match_json(found, why) {
        Value::String(text) => text,
        other => other.to_string(),
    }
}

/// One match as the command prints it, its keys in the order the issue gives them
/// (`start`, `end`, `raw`, `e164`, `ext`, then `why`).
fn match_json(found: &Found, why: bool) -> Value {
    let mut fields = vec![
        ("start", json!(found.span.start)),
        ("end", json!(found.span.end)),
        ("raw", json!(found.raw)),
        ("e164", json!(found.number.e164())),
        ("ext", json!(found.number.extension)),
    ];
    if why {
        fields.push((
            "why",
            json!({
                "written": format!("{:?}", found.reason.written),
                "region": format!("{:?}", found.reason.region),
                "label": found.reason.label.map(|l| format!("{l:?}")),
                "confidence": found.reason.confidence,
            }),
        ));
    }
    Value::String(ordered_object(&fields))
}

/// A JSON object written with its keys in the given order.
fn ordered_object(fields: &[(&str, Value)]) -> String {
    let body: Vec<String> = fields
        .iter()
        .map(|(key, value)| format!("{}:{value}", Value::from(*key)))
        .collect();
    format!("{{{}}}", body.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(args: &[&str]) -> Flags {
        parse_flags(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn json_lines() {
        let f = flags(&["--region", "DE", "--jsonl"]);
        for (line, expected) in [
            (
                r#"{"id":1,"text":"Tel. 030 1234567 x 12","region":null}"#,
                r#"{"id":1,"matches":[{"start":5,"end":21,"raw":"030 1234567 x 12","e164":"+49301234567","ext":"12"}]}"#,
            ),
            (
                r#"{"id":"b","text":"Tél. 01 42 68 53 00","region":"FR"}"#,
                r#"{"id":"b","matches":[{"start":6,"end":20,"raw":"01 42 68 53 00","e164":"+33142685300","ext":null}]}"#,
            ),
            (
                r#"{"id":2,"text":"INV-2024-000123"}"#,
                r#"{"id":2,"matches":[]}"#,
            ),
            (
                r#"{"id":4,"text":"(0171) 5550123","region":"US","context":"Anna\tGermany"}"#,
                r#"{"id":4,"matches":[{"start":0,"end":14,"raw":"(0171) 5550123","e164":"+491715550123","ext":null}]}"#,
            ),
            (
                r#"{"id":5,"text":"(0171) 5550123","region":"US"}"#,
                r#"{"id":5,"matches":[]}"#,
            ),
        ] {
            assert_eq!(
                scan_json_line(line, &f).unwrap().to_string(),
                expected,
                "{line}"
            );
        }
        assert!(scan_json_line(r#"{"id":3}"#, &f).is_err());
        assert!(scan_json_line(r#"{"id":3,"text":"x","region":"XX"}"#, &f).is_err());
    }

    #[test]
    fn flag_errors() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(parse_flags(&args(&["--region"])).is_err());
        assert!(parse_flags(&args(&["--bogus"])).is_err());
        assert!(flags(&["--why"]).why);
    }
}
