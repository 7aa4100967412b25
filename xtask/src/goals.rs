//! Issue 17's table of goals. Each benchmark hands back its rows ([`Row`]): the figure as it
//! measured it, the goal, whether this run met it and, where it did not, what bounds it (a
//! breakdown the same run measured). Each `cargo xtask bench <what>` prints its own rows at its
//! end; `cargo xtask bench` runs every benchmark and prints all the rows in one table.

use c2d_harness::BrowserKind;
use std::fmt::Write as _;

/// Issue 17's goal for the first screen, in ms after the page is parsed: on the 10,000-row
/// table and on the page of 20 iframes.
pub const FIRST_SCREEN_MS: f64 = 50.0;

/// One figure of the table.
pub struct Row {
    /// What is measured, as the issue names it.
    pub figure: String,
    /// The measured figure: the median with its spread, per browser where it applies.
    pub measured: String,
    /// The goal, as the issue writes it.
    pub goal: String,
    pub met: bool,
    /// For a goal not met: what this run measured that bounds the figure, one line each.
    pub bound: Vec<String>,
}

impl Row {
    /// A row; `bound` is kept only when the goal is not met.
    pub fn new(
        figure: impl Into<String>,
        measured: impl Into<String>,
        goal: impl Into<String>,
        met: bool,
        bound: Vec<String>,
    ) -> Row {
        Row {
            figure: figure.into(),
            measured: measured.into(),
            goal: goal.into(),
            met,
            bound: if met { Vec::new() } else { bound },
        }
    }
}

/// The rows as a table, then, for each goal not met, what bounds it.
pub fn table(title: &str, rows: &[Row]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n{title}\n");
    let width = |pick: fn(&Row) -> &str, least: usize| {
        rows.iter()
            .map(|r| pick(r).chars().count())
            .max()
            .unwrap_or(0)
            .max(least)
    };
    let figure_width = width(|r| &r.figure, 6);
    let measured_width = width(|r| &r.measured, 8);
    let goal_width = width(|r| &r.goal, 4);
    let _ = writeln!(
        out,
        "  {:<figure_width$}  {:<measured_width$}  {:<goal_width$}",
        "figure", "measured", "goal"
    );
    for row in rows {
        let _ = writeln!(
            out,
            "  {:<figure_width$}  {:<measured_width$}  {:<goal_width$}  {}",
            row.figure,
            row.measured,
            row.goal,
            if row.met { "met" } else { "NOT met" }
        );
    }
    let missed: Vec<&Row> = rows.iter().filter(|r| !r.met).collect();
    let met = rows.len() - missed.len();
    let _ = writeln!(out, "\n  {met} of {} goals met", rows.len());
    if !missed.is_empty() {
        let _ = writeln!(
            out,
            "\n  what bounds each goal not met (measured in this run):"
        );
        for row in missed {
            let _ = writeln!(out, "  - {}:", row.figure.trim());
            if row.bound.is_empty() {
                let _ = writeln!(out, "      (no breakdown measured)");
            }
            for line in &row.bound {
                let _ = writeln!(out, "      {line}");
            }
        }
    }
    out
}

/// "median unit (low-high)", the way every row writes a figure.
pub fn spread(values: &[f64], unit: &str, decimals: usize) -> String {
    if values.is_empty() {
        return "-".to_string();
    }
    let (median, low, high) = crate::tools::median_and_spread(values);
    if values.len() == 1 || low == high {
        format!("{median:.decimals$} {unit}")
    } else {
        format!("{median:.decimals$} {unit} ({low:.decimals$} to {high:.decimals$})")
    }
}

/// A figure measured in each browser, as a row writes it ("chromium 6 ms (4 to 7), firefox
/// 15 ms (14 to 17)"), and whether every browser measured it with a median of at most `goal`.
pub fn per_browser<T>(
    all: &[(BrowserKind, T)],
    values: impl Fn(&T) -> Vec<f64>,
    unit: &str,
    decimals: usize,
    goal: f64,
) -> (String, bool) {
    let measured = (all.iter())
        .map(|(kind, figures)| {
            format!(
                "{} {}",
                kind.name(),
                spread(&values(figures), unit, decimals)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let met = all.iter().all(|(_, figures)| {
        let values = values(figures);
        !values.is_empty() && crate::tools::median_and_spread(&values).0 <= goal
    });
    (measured, met)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_says_which_goals_are_met_and_what_bounds_the_others() {
        let rows = [
            Row::new("click, warm", "6 ms", "<= 50 ms", true, vec!["x".into()]),
            Row::new(
                "finder size",
                "84 KiB",
                "<= 60 KB",
                false,
                vec!["data 51 kB".into()],
            ),
            Row::new("other", "1", "0", false, Vec::new()),
        ];
        let text = table("goals", &rows);
        let line = |start: &str| {
            text.lines()
                .find(|l| l.trim_start().starts_with(start))
                .unwrap_or_else(|| panic!("no {start:?} in {text}"))
                .to_string()
        };
        assert!(line("click, warm").ends_with(" met"));
        assert!(line("finder size").ends_with("NOT met"));
        assert!(text.contains("1 of 3 goals met"));
        assert!(text.contains("- finder size:\n      data 51 kB"));
        assert!(text.contains("- other:\n      (no breakdown measured)"));
        // A met goal's breakdown is not printed.
        assert!(!text.contains("      x\n"));
        assert_eq!(spread(&[3.0, 1.0, 2.0], "ms", 0), "2 ms (1 to 3)");
        assert_eq!(spread(&[], "ms", 0), "-");
        let all = [
            (BrowserKind::Chromium, vec![4.0, 6.0, 7.0]),
            (BrowserKind::Firefox, vec![15.0]),
        ];
        assert_eq!(
            per_browser(&all, Vec::clone, "ms", 0, 20.0),
            ("chromium 6 ms (4 to 7), firefox 15 ms".to_string(), true)
        );
        assert!(!per_browser(&all, Vec::clone, "ms", 0, 10.0).1);
        let none = [(BrowserKind::Chromium, Vec::new())];
        assert!(!per_browser(&none, Vec::clone, "ms", 0, 10.0).1);
    }
}
