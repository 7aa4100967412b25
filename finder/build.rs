//! The finder's WebAssembly gets a 256 KiB stack instead of Rust's default 1 MiB.
//!
//! Firefox runs the finder in each tab's page (the content script), and each copy's linear
//! memory starts with its stack: the default made every copy at least 1.1 MiB, most of it a
//! stack the finder does not need (`cargo xtask bench finder`'s 5 MB page gives the same finds
//! with this one). wasm-ld places the stack first (`--stack-first`, as rustc links wasm32), so
//! an overflow would trap at address 0 instead of overwriting data.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-cdylib=-zstack-size=262144");
    }
}
