//! Which brand a phone is, asked of its own web server: the options page's **Detect** button.
//!
//! Each brand has one path that only its phones serve and that does nothing when asked without
//! credentials (its connection check, or its Action URI with no command). [`probes`] are those
//! requests, sent with no login at all; [`identify`] reads which of them the phone did not
//! answer with `404 Not Found` (a `401` asking for the login counts: the path is there).
//! Yealink phones also serve Fanvil's older path (`/cgi-bin/ConfigManApp.com`), so a Yealink
//! answer wins over a Fanvil one.
//!
//! ```
//! use click_to_dial::phone::identify::{identify, Identified, Seen};
//! use click_to_dial::phone::Brand;
//! let seen = [
//!     (Brand::Htek, Seen::Status(404)),
//!     (Brand::Yealink, Seen::Status(401)),
//!     (Brand::Fanvil, Seen::Status(401)),
//!     (Brand::Poly, Seen::Status(404)),
//! ];
//! assert_eq!(identify(&seen), Identified::One(Brand::Yealink));
//! ```

use super::request::{Answer, Auth, PhoneRequest};
use super::{Brand, PhoneAddress};
use crate::t;

/// The path each brand's phones serve, asked without credentials: nothing is dialed, pressed or
/// changed (Grandstream's line status, Poly's device information, the others' bare command
/// paths).
pub const PATHS: [(Brand, &str); 6] = [
    (Brand::Htek, "/Phone_ActionURL"),
    (Brand::Yealink, "/servlet?phonecfg=get"),
    (Brand::Snom, "/command.htm"),
    (Brand::Grandstream, "/cgi-bin/api-get_line_status"),
    (Brand::Fanvil, "/cgi-bin/ConfigManApp.com"),
    (Brand::Poly, "/api/v1/mgmt/device/info"),
];

/// The requests to send, one per brand: GET, no `Authorization`, no password in the URL.
pub fn probes(address: &PhoneAddress) -> Vec<(Brand, PhoneRequest)> {
    PATHS
        .iter()
        .map(|&(brand, target)| {
            let mut request = PhoneRequest::get(address, target.to_string(), Answer::Htek);
            request.auth = Auth::None;
            (brand, request)
        })
        .collect()
}

/// How one probe went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// The phone answered with this status.
    Status(u16),
    /// No answer: unreachable, refused, or too slow.
    NoAnswer,
}

/// What the answers say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identified {
    /// Exactly one brand's path is there.
    One(Brand),
    /// More than one brand's paths are there (a server that answers everything).
    Several(Vec<Brand>),
    /// Something answered, but none of the paths is there.
    NoneKnown,
    /// Nothing answered at all.
    Unreachable,
}

/// Reads the probes' answers.
pub fn identify(seen: &[(Brand, Seen)]) -> Identified {
    if seen.iter().all(|(_, s)| *s == Seen::NoAnswer) {
        return Identified::Unreachable;
    }
    let there = |status: u16| status != 404 && status < 500;
    let mut brands: Vec<Brand> = seen
        .iter()
        .filter(|(_, s)| matches!(s, Seen::Status(status) if there(*status)))
        .map(|(brand, _)| *brand)
        .collect();
    if brands.contains(&Brand::Yealink) {
        brands.retain(|b| *b != Brand::Fanvil);
    }
    match brands.as_slice() {
        [] => Identified::NoneKnown,
        [one] => Identified::One(*one),
        _ => Identified::Several(brands),
    }
}

impl Identified {
    /// What the options page says, for the phone at `phone`.
    pub fn message(&self, phone: &str) -> String {
        match self {
            Identified::One(brand) => t!("detectFound", phone, brand.name()),
            Identified::Several(brands) => {
                let names: Vec<&str> = brands.iter().map(|b| b.name()).collect();
                t!("detectSeveral", phone, names.join(", "))
            }
            Identified::NoneKnown => t!("detectNoneKnown", phone),
            Identified::Unreachable => t!("detectUnreachable", phone),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(status: impl Fn(Brand) -> Seen) -> Vec<(Brand, Seen)> {
        PATHS.iter().map(|&(b, _)| (b, status(b))).collect()
    }

    #[test]
    fn each_brand_alone_is_found() {
        for (brand, _) in PATHS {
            let seen = all(|b| {
                if b == brand {
                    Seen::Status(401)
                } else {
                    Seen::Status(404)
                }
            });
            assert_eq!(identify(&seen), Identified::One(brand));
        }
    }

    #[test]
    fn what_the_answers_say() {
        // Grandstream answers 200 with an error in the body, Poly 200 to its check.
        let gs = all(|b| Seen::Status(if b == Brand::Grandstream { 200 } else { 404 }));
        assert_eq!(identify(&gs), Identified::One(Brand::Grandstream));
        // A Yealink serves the Fanvil path too.
        let yealink = all(|b| {
            Seen::Status(if matches!(b, Brand::Yealink | Brand::Fanvil) {
                401
            } else {
                404
            })
        });
        assert_eq!(identify(&yealink), Identified::One(Brand::Yealink));
        // A server that answers everything names no one brand.
        let everything = all(|_| Seen::Status(200));
        assert!(matches!(identify(&everything), Identified::Several(b) if b.len() == 5));
        assert_eq!(identify(&all(|_| Seen::Status(404))), Identified::NoneKnown);
        assert_eq!(identify(&all(|_| Seen::Status(500))), Identified::NoneKnown);
        assert_eq!(identify(&all(|_| Seen::NoAnswer)), Identified::Unreachable);
    }

    #[test]
    fn probes_carry_no_credentials() {
        let address: PhoneAddress = "10.0.0.7:8080".parse().unwrap();
        for (brand, request) in probes(&address) {
            assert_eq!(request.auth, Auth::None, "{brand:?}");
            assert!(request.body.is_none());
            assert!(!request.url.contains("pass"), "{}", request.url);
            assert!(
                request.url.starts_with("http://10.0.0.7:8080/"),
                "{}",
                request.url
            );
        }
    }

    #[test]
    fn the_words_name_the_phone_and_the_brand() {
        let found = Identified::One(Brand::Snom).message("10.0.0.7");
        assert!(
            found.contains("10.0.0.7") && found.contains("Snom"),
            "{found}"
        );
        let several = Identified::Several(vec![Brand::Htek, Brand::Poly]).message("p");
        assert!(several.contains("Htek, Poly"), "{several}");
    }
}
