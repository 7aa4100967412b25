//! The tasks' command lines, read with [`lexopt`].
//!
//! lexopt rather than clap: it is one small crate with no dependencies and no proc macro, so
//! `cargo xtask` stays quick to build (the reproducibility check of `cargo xtask test` builds it
//! once more, in a fresh clone), the hand-written help in `main.rs` stays as it is, and `cargo
//! xtask sim` hands the rest of its command line to the simulated phone untouched
//! ([`lexopt::Parser::raw_args`]). What clap would add, [`Args`] does: every mistake names the
//! flag or the argument, says what was expected, and shows the task's usage.
//!
//! ```text
//! $ cargo xtask demo --phone-port x
//! error: --phone-port needs a port number, not "x" (invalid digit found in string)
//!   usage: cargo xtask demo [--once] [--walk | --no-walk] [--phone-port N] [--www-port N]
//!   `cargo xtask help` explains every task and flag
//! ```

use lexopt::Arg;
use std::ffi::OsString;
use std::fmt::Display;
use std::str::FromStr;

/// A task's arguments (those after the task's name), with the task's usage line for messages.
pub struct Args {
    parser: lexopt::Parser,
    /// `demo [--once] ...`: what follows `cargo xtask` in a correct command line.
    usage: &'static str,
}

impl Args {
    pub fn new(parser: lexopt::Parser, usage: &'static str) -> Args {
        Args { parser, usage }
    }

    /// The arguments `args`, as if they followed the task's name.
    #[cfg(test)]
    pub fn from<I: IntoIterator<Item = S>, S: Into<OsString>>(
        args: I,
        usage: &'static str,
    ) -> Args {
        // lexopt takes the first item as the program's name.
        let args = std::iter::once(OsString::from("xtask")).chain(args.into_iter().map(Into::into));
        Args::new(lexopt::Parser::from_iter(args), usage)
    }

    /// The same arguments, for a sub-task with its own usage (`bench finder`, `bench page`).
    pub fn with_usage(self, usage: &'static str) -> Args {
        Args { usage, ..self }
    }

    /// The next flag or argument, or `None` after the last.
    ///
    /// # Errors
    ///
    /// A value given to a flag that takes none (`--once=yes`), or an argument that is not UTF-8.
    pub fn next(&mut self) -> Result<Option<Arg<'_>>, String> {
        let usage = self.usage;
        self.parser.next().map_err(|e| misuse(usage, explain(e)))
    }

    /// Takes the next argument if it asks for help (`--help`, `-h`).
    pub fn wants_help(&mut self) -> bool {
        self.parser
            .try_raw_args()
            .and_then(|mut raw| raw.next_if(|arg| arg == "--help" || arg == "-h"))
            .is_some()
    }

    /// The value of `flag` (the next argument, or what follows `=`), parsed as a `T`; `what`
    /// says what it must be ("a port number").
    ///
    /// # Errors
    ///
    /// The value is missing, or it does not parse: the message says which flag and what it needs.
    pub fn value<T>(&mut self, flag: &str, what: &str) -> Result<T, String>
    where
        T: FromStr,
        T::Err: Display,
    {
        let raw = self
            .parser
            .value()
            .map_err(|_| self.fail(format!("{flag} needs {what}")))?;
        let text = raw
            .to_str()
            .ok_or_else(|| self.fail(format!("{flag} needs {what}, not {raw:?} (not UTF-8)")))?;
        text.parse()
            .map_err(|e| self.fail(format!("{flag} needs {what}, not {text:?} ({e})")))
    }

    /// The values of `flag` up to the next flag, at least one; `what` says what they are.
    ///
    /// # Errors
    ///
    /// There is none, or one is not UTF-8.
    pub fn values(&mut self, flag: &str, what: &str) -> Result<Vec<String>, String> {
        let usage = self.usage;
        let values = self
            .parser
            .values()
            .map_err(|_| misuse(usage, format!("{flag} needs {what}")))?;
        values
            .map(|value| {
                value
                    .into_string()
                    .map_err(|raw| misuse(usage, format!("{flag}: {raw:?} is not UTF-8")))
            })
            .collect()
    }

    /// The rest of the command line as it was given, for a program that reads it itself.
    ///
    /// # Errors
    ///
    /// A value was attached to the last flag read (`--flag=value`) and not taken.
    pub fn rest(&mut self) -> Result<Vec<OsString>, String> {
        let usage = self.usage;
        Ok(self
            .parser
            .raw_args()
            .map_err(|e| misuse(usage, explain(e)))?
            .collect())
    }

    /// Fails unless every argument was read: for tasks that take none.
    ///
    /// # Errors
    ///
    /// The first argument left, named.
    pub fn finish(mut self) -> Result<(), String> {
        let usage = self.usage;
        match self.next()? {
            None => Ok(()),
            Some(arg) => Err(unexpected(usage, arg)),
        }
    }

    /// A message about a mistake in the command line: `what`, then the usage.
    pub fn fail(&self, what: impl Display) -> String {
        misuse(self.usage, what)
    }
}

/// The message for an argument the task does not take (`arg`, as [`Args::next`] gave it), with
/// the task's usage.
pub fn unexpected(usage: &str, arg: Arg<'_>) -> String {
    misuse(usage, unknown(arg))
}

/// What is wrong with an argument nothing takes: "unknown flag --x", "unexpected argument "x"".
pub fn unknown(arg: Arg<'_>) -> String {
    match arg {
        Arg::Long(flag) => format!("unknown flag --{flag}"),
        Arg::Short(flag) => format!("unknown flag -{flag}"),
        Arg::Value(value) => format!("unexpected argument {value:?}"),
    }
}

/// `what` was wrong; the message adds the usage line and where every flag is explained.
fn misuse(usage: &str, what: impl Display) -> String {
    format!(
        "{what}\n  usage: cargo xtask {usage}\n  `cargo xtask help` explains every task and flag"
    )
}

/// lexopt's errors, in the words the other messages use.
fn explain(error: lexopt::Error) -> String {
    match error {
        lexopt::Error::UnexpectedValue { option, value } => {
            format!("{option} takes no value, not {value:?}")
        }
        lexopt::Error::MissingValue {
            option: Some(option),
        } => format!("{option} needs a value"),
        lexopt::Error::NonUnicodeValue(value) => format!("{value:?} is not UTF-8"),
        other => other.to_string(),
    }
}

/// The flags of a benchmark that takes only `--runs N` (at least 1), with its default.
pub fn runs_only(mut args: Args, usage: &str, default: usize) -> Result<usize, String> {
    let mut runs = default;
    while let Some(arg) = args.next()? {
        match arg {
            lexopt::Arg::Long("runs") => runs = args.value("--runs", "a number of runs")?,
            other => return Err(unexpected(usage, other)),
        }
    }
    if runs == 0 {
        return Err("--runs must be at least 1".into());
    }
    Ok(runs)
}

#[cfg(test)]
mod tests {
    use super::*;

    const USAGE: &str = "demo [--once] [--phone-port N]";

    /// Reads `--once` and `--phone-port N` as a task would.
    fn parse(args: &[&str]) -> Result<(bool, Option<u16>), String> {
        let mut args = Args::from(args.iter().copied(), USAGE);
        let (mut once, mut port) = (false, None);
        while let Some(arg) = args.next()? {
            match arg {
                Arg::Long("once") => once = true,
                Arg::Long("phone-port") => port = Some(args.value("--phone-port", "a port")?),
                other => return Err(unexpected(USAGE, other)),
            }
        }
        Ok((once, port))
    }

    #[test]
    fn flags_and_values() {
        assert_eq!(parse(&[]), Ok((false, None)));
        assert_eq!(
            parse(&["--once", "--phone-port", "8089"]),
            Ok((true, Some(8089)))
        );
        assert_eq!(parse(&["--phone-port=8089"]), Ok((false, Some(8089))));
    }

    #[test]
    fn each_mistake_is_named_with_the_usage() {
        for (args, says) in [
            (&["--bogus"][..], "unknown flag --bogus"),
            (&["-x"], "unknown flag -x"),
            (&["stray"], "unexpected argument \"stray\""),
            (&["--phone-port"], "--phone-port needs a port"),
            (
                &["--phone-port", "x"],
                "--phone-port needs a port, not \"x\" (invalid digit found in string)",
            ),
            (
                &["--phone-port", "70000"],
                "--phone-port needs a port, not \"70000\" (number too large",
            ),
            (&["--once=yes"], "--once takes no value, not \"yes\""),
        ] {
            let message = parse(args).unwrap_err();
            assert!(message.starts_with(says), "{args:?}: {message}");
            assert!(
                message.contains(&format!("usage: cargo xtask {USAGE}"))
                    && message.contains("cargo xtask help"),
                "{args:?}: {message}"
            );
        }
    }

    #[test]
    fn values_up_to_the_next_flag() {
        let mut args = Args::from(["--score", "a.jsonl", "b.jsonl", "--show", "2"], USAGE);
        assert!(matches!(args.next(), Ok(Some(Arg::Long("score")))));
        assert_eq!(
            args.values("--score", "files").unwrap(),
            ["a.jsonl", "b.jsonl"]
        );
        assert!(matches!(args.next(), Ok(Some(Arg::Long("show")))));
        let mut none = Args::from(["--score", "--show"], USAGE);
        none.next().unwrap();
        assert!(none
            .values("--score", "files")
            .unwrap_err()
            .starts_with("--score needs files"));
    }

    #[test]
    fn the_rest_is_untouched_and_help_is_taken_first_only() {
        let mut args = Args::from(["--help", "--port", "0", "-v", "x=y"], USAGE);
        assert!(args.wants_help());
        assert_eq!(args.rest().unwrap(), ["--port", "0", "-v", "x=y"]);
        let mut later = Args::from(["--once", "-h"], USAGE);
        assert!(!later.wants_help());
        assert!(parse(&["--once", "-h"])
            .unwrap_err()
            .starts_with("unknown flag -h"));
        assert!(Args::from(["x"], USAGE).finish().is_err());
        assert!(Args::from::<[&str; 0], _>([], USAGE).finish().is_ok());
    }
}
