//! Does a page's Content-Security-Policy let a script in it compile WebAssembly?
//!
//! Chromium compiles a content script's WebAssembly under the page's policy: where the policy
//! forbids it, the attempt fails *and* the browser records a violation, which the page's
//! `securitypolicyviolation` listeners and its report endpoint see. A site would learn that a
//! visitor runs this extension. So the background decides before the content script tries:
//! from the policies the browser received with the page (response headers, including
//! report-only ones, which report the same violation) and those in its `<meta>` elements.
//!
//! The rule (CSP Level 3, "EnsureCSPDoesNotBlockWasmByteCompilation"): every policy must allow
//! it; a policy allows it when its `script-src` directive, or failing that its `default-src`,
//! lists `'unsafe-eval'` or `'wasm-unsafe-eval'`, or when it has neither directive. A header may
//! carry several policies separated by commas.
//!
//! ```
//! use click_to_dial::csp::allows_wasm;
//!
//! assert!(allows_wasm(["img-src *"]));
//! assert!(allows_wasm(["script-src 'self' 'wasm-unsafe-eval'"]));
//! assert!(!allows_wasm(["default-src 'self'; script-src 'self'"]));
//! ```

/// Whether all of `policies` (header or meta values, each possibly several policies joined by
/// commas) allow compiling WebAssembly.
pub fn allows_wasm<S: AsRef<str>>(policies: impl IntoIterator<Item = S>) -> bool {
    policies
        .into_iter()
        .all(|header| header.as_ref().split(',').all(policy_allows_wasm))
}

/// One serialized policy: `directive value; directive value`.
fn policy_allows_wasm(policy: &str) -> bool {
    let mut script_src = None;
    let mut default_src = None;
    for directive in policy.split(';') {
        let mut tokens = directive.split_ascii_whitespace();
        let Some(name) = tokens.next() else { continue };
        let slot = if name.eq_ignore_ascii_case("script-src") {
            &mut script_src
        } else if name.eq_ignore_ascii_case("default-src") {
            &mut default_src
        } else {
            continue;
        };
        // A repeated directive is ignored: the first one counts.
        if slot.is_none() {
            *slot = Some(tokens.any(|source| {
                source.eq_ignore_ascii_case("'unsafe-eval'")
                    || source.eq_ignore_ascii_case("'wasm-unsafe-eval'")
            }));
        }
    }
    script_src.or(default_src).unwrap_or(true)
}

#[cfg(test)]
mod tests {
    use super::allows_wasm;

    #[test]
    fn policies_as_sites_send_them() {
        let cases: &[(&[&str], bool, &str)] = &[
            (&[], true, "no policy"),
            (&[""], true, "an empty header"),
            (
                &["frame-ancestors 'none'"],
                true,
                "no script or default directive",
            ),
            (
                &["default-src 'self'; script-src 'self'"],
                false,
                "the strict fixture",
            ),
            (
                &["default-src 'self'"],
                false,
                "default-src stands for script-src",
            ),
            (&["default-src *"], false, "a wildcard host is not eval"),
            (
                &["default-src 'none'; script-src 'self' 'wasm-unsafe-eval'"],
                true,
                "script-src wins over default-src",
            ),
            (
                &["script-src 'self'; default-src 'unsafe-eval'"],
                false,
                "and in either order",
            ),
            (
                &["SCRIPT-SRC 'self' 'UNSAFE-EVAL'"],
                true,
                "names are case-insensitive",
            ),
            (
                &["script-src 'self' 'unsafe-inline' https:"],
                false,
                "inline is not eval",
            ),
            (
                &["script-src 'unsafe-eval'; script-src 'none'"],
                true,
                "the first of a repeated directive counts",
            ),
            (
                &["script-src 'unsafe-eval'", "script-src 'self'"],
                false,
                "every policy must allow it",
            ),
            (
                &["script-src 'unsafe-eval', script-src 'self'"],
                false,
                "also two policies in one header",
            ),
            (
                &["img-src *", "script-src 'wasm-unsafe-eval' 'self'"],
                true,
                "two policies that both allow",
            ),
            (
                &["script-src 'nonce-abc' 'strict-dynamic'"],
                false,
                "a strict-dynamic policy",
            ),
            (
                &["script-src 'wasm-eval'"],
                false,
                "the old keyword Chromium no longer reads",
            ),
            (
                &["script-src-elem 'self'"],
                true,
                "script-src-elem is not asked about WebAssembly",
            ),
        ];
        for (policies, expected, what) in cases {
            assert_eq!(
                allows_wasm(policies.iter()),
                *expected,
                "{what}: {policies:?}"
            );
        }
    }
}
