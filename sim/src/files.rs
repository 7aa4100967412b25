//! A static file server on loopback for the demo pages and the end-to-end test fixtures.
//!
//! GET only; `index.html` for `/` and directories; the right `Content-Type` for the web's usual
//! files; `Cache-Control: no-store`; 404 for missing files; 403 for any path that would leave the
//! root (`..`, encoded or not, backslashes, NUL, symlinks pointing out). A file `X` served
//! with a `Content-Security-Policy` header has the policy in a file `X.csp` beside it, one with
//! a `Content-Security-Policy-Report-Only` header in `X.csp-report-only` (fixtures for pages that
//! forbid WebAssembly or inline scripts, or only report it).
//!
//! ```
//! use htek_sim::files::StaticServer;
//!
//! let root = std::env::temp_dir();
//! let server = StaticServer::start("127.0.0.1:0", root)?;
//! assert!(server.base_url().starts_with("http://127.0.0.1:"));
//! # Ok::<(), std::io::Error>(())
//! ```

use std::fs;
use std::io;
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::http::{self, percent_decode, ReadError, Request, Response};

/// Serves the files under a root directory. Dropping it stops the server and frees the port.
pub struct StaticServer {
    server: http::Server,
}

impl StaticServer {
    /// Serves `root` on `addr` (loopback only; port 0 picks a free one).
    ///
    /// # Errors
    ///
    /// `InvalidInput` for a non-loopback address; `NotFound` or the like when `root` is not an
    /// existing directory; the bind error.
    pub fn start(addr: &str, root: PathBuf) -> io::Result<StaticServer> {
        let root = fs::canonicalize(&root)?;
        if !root.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} is not a directory", root.display()),
            ));
        }
        let root = Arc::new(root);
        let server = http::Server::start(
            addr,
            "htek-files",
            Arc::new(move |stream, _peer| serve(&root, stream)),
        )?;
        Ok(StaticServer { server })
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// `"http://127.0.0.1:41235"`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr())
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.server.stop();
    }
}

fn serve(root: &Path, mut stream: TcpStream) {
    let response = match http::read_request(&mut stream) {
        Ok(req) => respond(root, &req).for_method(&req.method),
        Err(ReadError::Incomplete) => return,
        Err(e) => Response::text(400, &e.to_string()),
    };
    http::answer(stream, &response);
}

/// The answer for one request.
fn respond(root: &Path, req: &Request) -> Response {
    if req.method != "GET" {
        return Response::text(405, "only GET").header("Allow", "GET");
    }
    let raw = req.target.split(['?', '#']).next().unwrap_or_default();
    if !raw.starts_with('/') {
        return Response::text(400, "the path must start with /");
    }
    let decoded = match percent_decode(raw) {
        Ok(d) => d,
        Err(e) => return Response::text(400, &e.to_string()),
    };
    let Some(relative) = safe_relative(&decoded) else {
        return Response::text(403, "the path leaves the served directory");
    };
    let mut path = root.join(relative);
    if path.is_dir() {
        if !raw.ends_with('/') {
            return Response::text(301, "").header("Location", format!("{raw}/"));
        }
        path.push("index.html");
    }
    read_file(root, &path)
}

/// The path below the root that `decoded` names, or `None` if it tries to climb out or holds
/// characters no served file name needs.
fn safe_relative(decoded: &str) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains(['\\', '\0']) || s.contains(':') && cfg!(windows) => return None,
            s => out.push(s),
        }
    }
    Some(out)
}

fn read_file(root: &Path, path: &Path) -> Response {
    let Ok(real) = fs::canonicalize(path) else {
        return Response::text(404, "");
    };
    // A symlink inside the root may still point out of it.
    if !real.starts_with(root) {
        return Response::text(403, "the path leaves the served directory");
    }
    match fs::read(&real) {
        Ok(body) => with_policy(Response::new(200, content_type(&real), body), &real),
        Err(_) => Response::text(404, ""),
    }
}

/// Adds the `Content-Security-Policy` kept in `<file>.csp` and the
/// `Content-Security-Policy-Report-Only` kept in `<file>.csp-report-only`, where there are.
fn with_policy(mut response: Response, file: &Path) -> Response {
    for (suffix, header) in [
        (".csp", "Content-Security-Policy"),
        (".csp-report-only", "Content-Security-Policy-Report-Only"),
    ] {
        let mut policy_file = file.as_os_str().to_owned();
        policy_file.push(suffix);
        if let Ok(policy) = fs::read_to_string(policy_file) {
            if !policy.trim().is_empty() {
                response = response.header(header, policy.trim().replace(['\r', '\n'], " "));
            }
        }
    }
    response
}

/// The `Content-Type` for a file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "wasm" => "application/wasm",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "txt" => "text/plain; charset=utf-8",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_table() {
        let cases = [
            ("index.html", "text/html; charset=utf-8"),
            ("a/b.HTML", "text/html; charset=utf-8"),
            ("app.js", "text/javascript; charset=utf-8"),
            ("mod.mjs", "text/javascript; charset=utf-8"),
            ("s.css", "text/css; charset=utf-8"),
            ("m.json", "application/json"),
            ("c2d_bg.wasm", "application/wasm"),
            ("icon.png", "image/png"),
            ("logo.svg", "image/svg+xml"),
            ("notes.txt", "text/plain; charset=utf-8"),
            ("blob", "application/octet-stream"),
            ("x.exe", "application/octet-stream"),
        ];
        for (name, expected) in cases {
            assert_eq!(content_type(Path::new(name)), expected, "{name}");
        }
    }

    #[test]
    fn safe_relative_table() {
        let cases: &[(&str, Option<&str>)] = &[
            ("/", Some("")),
            ("/index.html", Some("index.html")),
            ("/a/./b.js", Some("a/b.js")),
            ("//a//b", Some("a/b")),
            ("/../etc/passwd", None),
            ("/a/../../x", None),
            ("/a/..", None),
            ("/a\\..\\x", None),
            ("/a\0b", None),
            ("/..foo/x", Some("..foo/x")),
        ];
        for (input, expected) in cases {
            assert_eq!(
                safe_relative(input),
                expected.map(PathBuf::from),
                "{input:?}"
            );
        }
    }
}
