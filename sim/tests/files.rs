//! The static file server: types, index files, 404, no-store, percent-decoding, and refusing
//! every way out of the root.

mod common;

use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use common::{exchange, get, request};
use htek_sim::files::StaticServer;

/// A fresh directory tree under the temp dir: `root/` with files, `secret.txt` beside it.
struct Tree {
    base: PathBuf,
}

impl Tree {
    fn new() -> Tree {
        static N: AtomicU32 = AtomicU32::new(0);
        let base = std::env::temp_dir().join(format!(
            "htek-sim-files-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let root = base.join("root");
        fs::create_dir_all(root.join("sub")).expect("mkdir");
        let files: &[(&str, &[u8])] = &[
            ("index.html", b"<h1>home</h1>"),
            ("app.js", b"console.log(1)"),
            ("mod.mjs", b"export {}"),
            ("style.css", b"body{}"),
            ("data.json", b"{}"),
            ("c2d_bg.wasm", b"\0asm\x01\0\0\0"),
            ("icon.png", b"\x89PNG"),
            ("logo.svg", b"<svg/>"),
            ("notes.txt", b"notes"),
            ("with space.txt", b"spaced"),
            ("sub/index.html", b"<h1>sub</h1>"),
            ("sub/page.html", b"<p>page</p>"),
        ];
        for (name, body) in files {
            fs::write(root.join(name), body).expect("write fixture");
        }
        fs::write(base.join("secret.txt"), "TOP SECRET").expect("write secret");
        Tree { base }
    }

    fn root(&self) -> PathBuf {
        self.base.join("root")
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.base);
    }
}

#[test]
fn serves_files_with_their_types_and_no_store() {
    let tree = Tree::new();
    let server = StaticServer::start("127.0.0.1:0", tree.root()).expect("start");
    let cases = [
        ("/index.html", "text/html; charset=utf-8", "<h1>home</h1>"),
        ("/", "text/html; charset=utf-8", "<h1>home</h1>"),
        ("/sub/", "text/html; charset=utf-8", "<h1>sub</h1>"),
        (
            "/sub/page.html?x=1#frag",
            "text/html; charset=utf-8",
            "<p>page</p>",
        ),
        (
            "/app.js",
            "text/javascript; charset=utf-8",
            "console.log(1)",
        ),
        ("/mod.mjs", "text/javascript; charset=utf-8", "export {}"),
        ("/style.css", "text/css; charset=utf-8", "body{}"),
        ("/data.json", "application/json", "{}"),
        ("/logo.svg", "image/svg+xml", "<svg/>"),
        ("/notes.txt", "text/plain; charset=utf-8", "notes"),
        ("/with%20space.txt", "text/plain; charset=utf-8", "spaced"),
        ("/%6Eotes.txt", "text/plain; charset=utf-8", "notes"),
    ];
    for (path, content_type, body) in cases {
        let reply = get(server.addr(), path, None);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("Content-Type"), Some(content_type), "{path}");
        assert_eq!(reply.header("Cache-Control"), Some("no-store"), "{path}");
        assert_eq!(reply.body, body, "{path}");
    }
    // Binary files: check the head only (the body is not UTF-8).
    for (path, content_type) in [
        ("/c2d_bg.wasm", "application/wasm"),
        ("/icon.png", "image/png"),
    ] {
        let raw = exchange(server.addr(), &format!("GET {path} HTTP/1.1\r\n\r\n"));
        let head = String::from_utf8_lossy(&raw);
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{path}");
        assert!(
            head.contains(&format!("Content-Type: {content_type}\r\n")),
            "{path}"
        );
    }
}

#[test]
fn a_policy_file_beside_a_page_becomes_its_csp_header() {
    let tree = Tree::new();
    let policy = "default-src 'self';\nscript-src 'self'\n";
    fs::write(tree.root().join("sub/page.html.csp"), policy).expect("write policy");
    let server = StaticServer::start("127.0.0.1:0", tree.root()).expect("start");
    let strict = get(server.addr(), "/sub/page.html", None);
    assert_eq!(
        strict.header("Content-Security-Policy"),
        Some("default-src 'self'; script-src 'self'")
    );
    assert_eq!(strict.body, "<p>page</p>");
    assert_eq!(strict.header("Content-Security-Policy-Report-Only"), None);
    let plain = get(server.addr(), "/index.html", None);
    assert_eq!(plain.header("Content-Security-Policy"), None);

    fs::write(
        tree.root().join("index.html.csp-report-only"),
        "script-src 'self'; report-uri /r\n",
    )
    .expect("write report-only policy");
    let reporting = get(server.addr(), "/index.html", None);
    assert_eq!(
        reporting.header("Content-Security-Policy-Report-Only"),
        Some("script-src 'self'; report-uri /r")
    );
    assert_eq!(reporting.header("Content-Security-Policy"), None);
}

#[test]
fn missing_files_are_404_and_directories_redirect() {
    let tree = Tree::new();
    let server = StaticServer::start("127.0.0.1:0", tree.root()).expect("start");
    for path in ["/nope.html", "/sub/nope.js", "/INDEX.HTML", "/%00"] {
        let status = get(server.addr(), path, None).status;
        assert!(status == 404 || status == 403, "{path}: {status}");
    }
    let reply = get(server.addr(), "/sub", None);
    assert_eq!(reply.status, 301);
    assert_eq!(reply.header("Location"), Some("/sub/"));
    assert_eq!(
        request(server.addr(), "POST", "/index.html", None).status,
        405
    );
    assert_eq!(get(server.addr(), "/%zz", None).status, 400);
}

#[test]
fn paths_out_of_the_root_are_refused() {
    let tree = Tree::new();
    let server = StaticServer::start("127.0.0.1:0", tree.root()).expect("start");
    let cases = [
        "/../secret.txt",
        "/sub/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/sub/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/sub%2f..%2f..%2fsecret.txt",
    ];
    for path in cases {
        let reply = get(server.addr(), path, None);
        assert_eq!(reply.status, 403, "{path}");
        assert!(!reply.body.contains("TOP SECRET"), "{path}");
    }
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_root_are_refused() {
    let tree = Tree::new();
    std::os::unix::fs::symlink(tree.base.join("secret.txt"), tree.root().join("link.txt"))
        .expect("symlink");
    let server = StaticServer::start("127.0.0.1:0", tree.root()).expect("start");
    let reply = get(server.addr(), "/link.txt", None);
    assert_eq!(reply.status, 403);
    assert!(!reply.body.contains("TOP SECRET"));
}

#[test]
fn start_checks_root_and_address_and_drop_frees_the_port() {
    let tree = Tree::new();
    assert!(StaticServer::start("127.0.0.1:0", tree.base.join("missing")).is_err());
    assert!(StaticServer::start("127.0.0.1:0", tree.root().join("index.html")).is_err());
    let err = StaticServer::start("0.0.0.0:0", tree.root())
        .err()
        .expect("refused");
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);

    let server = StaticServer::start("127.0.0.1:0", tree.root()).expect("start");
    let addr = server.addr();
    assert_eq!(server.base_url(), format!("http://{addr}"));
    drop(server);
    assert!(std::net::TcpStream::connect(addr).is_err());
}
