//! Generated pages: the big CRM contact table of `cargo xtask bench page`, which the end-to-end
//! tests also open (`tests/page.rs`: every number marked under a strict CSP).
//!
//! ```
//! let (table, numbers) = c2d_harness::pages::contact_table(3, 1);
//! assert_eq!(numbers, 6);
//! assert!(table.starts_with("<table id=\"contacts\">"));
//! ```

use std::fmt::Write as _;

/// A contact table of `rows` rows from `seed`, and how many phone numbers it holds.
pub fn contact_table(rows: usize, seed: u64) -> (String, usize) {
    let mut random = Lcg(seed);
    let mut out = String::from(
        "<table id=\"contacts\">\n<thead><tr><th>Name</th><th>Company</th><th>Phone</th><th>Mobile</th>\
         <th>Last contact</th><th>Invoice</th><th>Amount</th></tr></thead>\n<tbody id=\"rows\">\n",
    );
    for row in 0..rows {
        let phone = random.phone(row);
        let mobile = random.mobile();
        let _ = writeln!(
            out,
            "<tr><td>Contact {row}</td><td>Company {} GmbH</td><td>{phone}</td><td>{mobile}</td>\
             <td>2026-{:02}-{:02}</td><td>INV-2024-{:06}</td><td>€{}.{:03},{:02}</td></tr>",
            random.below(900) + 100,
            random.below(12) + 1,
            random.below(28) + 1,
            random.below(1_000_000),
            random.below(99) + 1,
            random.below(1000),
            random.below(100),
        );
    }
    out.push_str("</tbody>\n</table>\n");
    (out, rows * 2)
}

/// A small deterministic generator (64-bit LCG).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A landline in one of the ways people write them.
    fn phone(&mut self, row: usize) -> String {
        let line = 1_000_000 + self.below(8_999_999);
        match row % 5 {
            0 => format!("+49 30 {line}"),
            1 => format!("030 {line}"),
            2 => format!("+49 (0)89 {line}"),
            3 => format!("+1 206 555 {:04}", self.below(10_000)),
            _ => format!("+44 20 7946 {:04}", self.below(10_000)),
        }
    }

    fn mobile(&mut self) -> String {
        format!("+49 151 {:08}", 10_000_000 + self.below(89_999_999))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_deterministic_and_counts_its_numbers() {
        let (a, numbers) = contact_table(50, 7);
        let (b, _) = contact_table(50, 7);
        assert_eq!(a, b);
        assert_eq!(numbers, 100);
        assert_eq!(a.matches("<tr><td>Contact").count(), 50);
        assert!(a.contains("+49 (0)89 ") && a.contains("INV-2024-") && a.contains("2026-"));
    }
}
