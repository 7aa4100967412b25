//! The crate's shape, checked: every module of `src/` sits in one layer, no module imports from a
//! layer above its own, no modules of one parent import each other in a loop, and ARCHITECTURE.md
//! names every file of `src/`.
//!
//! The layers, lowest first (ARCHITECTURE.md draws them):
//!
//! | layer | modules | what they are |
//! |---|---|---|
//! | 0 | `text`, `uri`, `auth`, `detect`, `phone`, `store` | words, URLs (percent-encoding, http parts), auth headers, the finder, the phone's wire formats and the dial string, the storage keys |
//! | 1 | `dial`, `pages`, `incoming`, `bridge` | one concern each, with its own settings type |
//! | 2 | `settings` | the aggregate: versions, migration, the form, policy locks, files |
//! | 3 | `command` | the prepared command (`Call`), the repeat guard, `command::outcome` |
//! | 4 | `message` | the typed requests and replies between the extension's parts |
//! | 5 | `web` | the only browser boundary (wasm32) |
//!
//! A module reaches another through a `crate::` or `super::` path in its code (comments are not
//! read); the check works on the text of the files, so it needs no build and sees every `cfg`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every top-level module and its layer.
const LAYERS: &[(&str, u8)] = &[
    ("text", 0),
    ("uri", 0),
    ("auth", 0),
    ("detect", 0),
    ("phone", 0),
    ("store", 0),
    ("dial", 1),
    ("pages", 1),
    ("incoming", 1),
    ("bridge", 1),
    ("settings", 2),
    ("command", 3),
    ("message", 4),
    ("web", 5),
];

/// A module: its path below the crate (`["web", "options", "form"]`) and its file.
struct Module {
    path: Vec<String>,
    file: PathBuf,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every module file of `src/` (`lib.rs` is the crate root, path `[]`).
fn modules() -> Vec<Module> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = src();
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let relative = file.strip_prefix(&root).unwrap().with_extension("");
            let mut path: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if path
                .last()
                .is_some_and(|last| last == "mod" || last == "lib")
            {
                path.pop();
            }
            Module { path, file }
        })
        .collect()
}

/// The modules `module` reaches: each `crate::a::b` or `super::a` path in its code, resolved to
/// the longest module path that exists.
fn reached(module: &Module, known: &BTreeSet<Vec<String>>) -> BTreeSet<Vec<String>> {
    let text = std::fs::read_to_string(&module.file).unwrap();
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        for head in ["crate::", "super::"] {
            for (at, _) in code.match_indices(head) {
                let before = code[..at].chars().next_back();
                if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
                    continue; // `my_crate::`, `super::super::` (read from its first `super`)
                }
                let mut path: Vec<String> = if head == "crate::" {
                    Vec::new()
                } else {
                    module.path[..module.path.len().saturating_sub(1)].to_vec()
                };
                let tail = &code[at + head.len()..];
                let segments = tail.split("::").map(|part| {
                    part.chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect::<String>()
                });
                for segment in segments {
                    match segment.as_str() {
                        "super" => {
                            path.pop();
                        }
                        s if s.starts_with(|c: char| c.is_ascii_lowercase()) => path.push(segment),
                        _ => break,
                    }
                }
                while !path.is_empty() && !known.contains(&path) {
                    path.pop();
                }
                if !path.is_empty() && path != module.path {
                    out.insert(path);
                }
            }
        }
    }
    out
}

/// Who reaches whom, per module.
fn graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let modules = modules();
    let known: BTreeSet<Vec<String>> = modules.iter().map(|m| m.path.clone()).collect();
    modules
        .iter()
        .map(|m| (m.path.clone(), reached(m, &known)))
        .collect()
}

fn layer_of(top: &str) -> Option<u8> {
    LAYERS
        .iter()
        .find(|(name, _)| *name == top)
        .map(|&(_, l)| l)
}

#[test]
fn every_top_level_module_has_a_layer() {
    let tops: BTreeSet<String> = modules()
        .into_iter()
        .filter_map(|m| m.path.first().cloned())
        .collect();
    let unplaced: Vec<&String> = tops.iter().filter(|t| layer_of(t).is_none()).collect();
    assert!(
        unplaced.is_empty(),
        "src/ has modules without a layer: {unplaced:?}; add each to LAYERS in tests/layers.rs \
         and to the picture in ARCHITECTURE.md"
    );
    assert_eq!(
        tops.len(),
        LAYERS.len(),
        "LAYERS names a module src/ does not have"
    );
}

#[test]
fn no_import_goes_up_a_layer() {
    let mut up = Vec::new();
    for (from, targets) in graph() {
        let Some(from_layer) = from.first().and_then(|t| layer_of(t)) else {
            continue;
        };
        for to in targets {
            let to_layer = layer_of(&to[0]).unwrap_or(u8::MAX);
            if to_layer > from_layer {
                up.push(format!(
                    "{} (layer {from_layer}) uses {} (layer {to_layer})",
                    from.join("::"),
                    to.join("::")
                ));
            }
        }
    }
    assert!(
        up.is_empty(),
        "imports that go up a layer:\n{}",
        up.join("\n")
    );
}

#[test]
fn no_modules_of_one_parent_import_each_other_in_a_loop() {
    let graph = graph();
    let parents: BTreeSet<Vec<String>> = graph
        .keys()
        .filter(|p| !p.is_empty())
        .map(|p| p[..p.len() - 1].to_vec())
        .collect();
    let mut loops = Vec::new();
    for parent in parents {
        let n = parent.len();
        // The children of `parent`, each with what it (or anything below it) reaches among them.
        let mut siblings: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (from, targets) in &graph {
            if from.len() <= n || from[..n] != parent[..] {
                continue;
            }
            for to in targets {
                if to.len() > n && to[..n] == parent[..] && to[n] != from[n] {
                    siblings.entry(&from[n]).or_default().insert(&to[n]);
                }
            }
        }
        for (&a, targets) in &siblings {
            for &b in targets {
                if a < b && reaches(&siblings, b, a) {
                    loops.push(format!("{}: {a} <-> {b}", display(&parent)));
                }
            }
        }
    }
    assert!(
        loops.is_empty(),
        "modules that import each other:\n{}",
        loops.join("\n")
    );
}

/// Whether `from` reaches `to` in `edges`.
fn reaches(edges: &BTreeMap<&str, BTreeSet<&str>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut todo = vec![from];
    while let Some(at) = todo.pop() {
        if at == to {
            return true;
        }
        if seen.insert(at) {
            todo.extend(edges.get(at).into_iter().flatten().copied());
        }
    }
    false
}

fn display(path: &[String]) -> String {
    if path.is_empty() {
        "crate".into()
    } else {
        path.join("::")
    }
}

/// ARCHITECTURE.md's map of the parts is a table with one row per top-level module
/// (`` | `src/detect/` | ... ``); that row names each file of the module by its path below the
/// module's folder (`find.rs`, `plan/dfa.rs`), a folder module by its folder (`options/`).
#[test]
fn architecture_md_names_every_file_of_src() {
    let map =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
            .unwrap();
    let root = src();
    let mut missing = Vec::new();
    for module in modules() {
        let Some(top) = module.path.first() else {
            continue;
        };
        let row = map.lines().find(|line| {
            line.starts_with(&format!("| `src/{top}/`"))
                || line.starts_with(&format!("| `src/{top}.rs`"))
        });
        let Some(row) = row else {
            let line = format!("src/{top}: no row in the map");
            if !missing.contains(&line) {
                missing.push(line);
            }
            continue;
        };
        let relative = module.file.strip_prefix(root.join(top)).ok();
        let Some(name) = relative.map(|r| r.to_string_lossy().replace('\\', "/")) else {
            continue; // the top-level file itself, named by the row's first cell
        };
        // A folder module (`options/mod.rs`) is named as its folder (`options/`).
        let named = match name.strip_suffix("mod.rs") {
            Some("") => continue,
            Some(folder) => folder.to_string(),
            None => name,
        };
        if !row.contains(&format!("`{named}`")) {
            missing.push(format!("src/{top}/{named}"));
        }
    }
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md's map does not name:\n{}",
        missing.join("\n")
    );
}
