//! What the finder's wasm is made of: its linked module's data cut into parts by the linker's
//! map (`wasm-ld --Map`: where each input section landed in the file) and its code section,
//! each part compressed alone with `brotli -q 11`, as the bench reports it against the size
//! goal.

use std::io::Write as _;
use std::process::{Command, Stdio};

/// A part of the module, by what it holds.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Part {
    /// `detect::plan::tables::AUTOMATA`: the numbering plans' digit automata.
    Automata,
    /// The rest of `detect::plan::tables`: regions, calling codes, prefix rules, formats.
    RegionTables,
    /// `detect::country_names`: the CLDR country names in 16 languages.
    CountryNames,
    /// The core's unnamed constants: the strings of its word lists (labels, ID labels, places,
    /// copulas, extension words) and its messages.
    CoreConstants,
    /// Rust's own Unicode tables (`char::is_alphabetic` and the like).
    Unicode,
    /// Everything else in the data: the standard library's, wasm-bindgen's, the allocator's.
    OtherData,
    /// The code section.
    Code,
}

impl Part {
    pub fn name(self) -> &'static str {
        match self {
            Part::Automata => "numbering-plan automata",
            Part::RegionTables => "region tables (calling codes, prefixes, formats)",
            Part::CountryNames => "CLDR country names (16 languages)",
            Part::CoreConstants => "the core's other constants (label, ID and place words)",
            Part::Unicode => "Rust's Unicode tables",
            Part::OtherData => "other data (std, wasm-bindgen)",
            Part::Code => "code",
        }
    }
}

/// Which part an input section of the map is, from its line (`file:(section)`).
fn part_of(input: &str) -> Part {
    if input.contains("4plan6tables8AUTOMATA") {
        Part::Automata
    } else if input.contains("4plan6tables") {
        Part::RegionTables
    } else if input.contains("13country_names") {
        Part::CountryNames
    } else if input.contains("unicode_data") {
        Part::Unicode
    } else if input.contains("libclick_to_dial") {
        Part::CoreConstants
    } else {
        Part::OtherData
    }
}

/// The file ranges (offset, length) of each part, read from a `wasm-ld --Map` file: the input
/// sections of the DATA section, and the CODE section whole.
///
/// A line is `addr off size` in columns of 8, then at column 27 an output section, at 35 an
/// input section or at 43 a symbol.
pub fn ranges(map: &str) -> Result<Vec<(Part, usize, usize)>, String> {
    let mut ranges = Vec::new();
    let mut in_data = false;
    for line in map.lines() {
        let Some(rest) = line.get(27..) else {
            continue;
        };
        let mut fields = line[..27].split_whitespace();
        let (Some(_), Some(off), Some(size)) = (fields.next(), fields.next(), fields.next()) else {
            continue;
        };
        let (Ok(off), Ok(size)) = (
            usize::from_str_radix(off, 16),
            usize::from_str_radix(size, 16),
        ) else {
            continue;
        };
        let indent = rest.len() - rest.trim_start().len();
        match indent {
            0 => {
                let section = rest.trim();
                if section == "CODE" {
                    ranges.push((Part::Code, off, size));
                }
                // DATA's own line, then its output sections (.rodata, .data, .bss).
                in_data = section == "DATA"
                    || (in_data && matches!(section, ".rodata" | ".data" | ".bss" | ".tdata"));
            }
            8 if in_data && off > 0 => ranges.push((part_of(rest), off, size)),
            _ => {}
        }
    }
    if !ranges.iter().any(|(part, ..)| *part == Part::Code) {
        return Err("the linker map names no CODE section".into());
    }
    if !ranges.iter().any(|(part, ..)| *part == Part::Automata) {
        return Err("the linker map names no numbering-plan automata".into());
    }
    Ok(ranges)
}

/// Each part's bytes and their size compressed alone (`brotli -q 11`), largest first.
pub fn breakdown(wasm: &[u8], map: &str) -> Result<Vec<(Part, usize, usize)>, String> {
    let mut parts: std::collections::BTreeMap<Part, Vec<u8>> = Default::default();
    for (part, off, size) in ranges(map)? {
        let bytes = wasm
            .get(off..off + size)
            .ok_or_else(|| format!("the map's range {off:#x}+{size:#x} is outside the module"))?;
        parts.entry(part).or_default().extend_from_slice(bytes);
    }
    let mut sizes = Vec::new();
    for (part, bytes) in parts {
        sizes.push((part, bytes.len(), brotli(&bytes)?));
    }
    sizes.sort_by_key(|part| std::cmp::Reverse(part.2));
    Ok(sizes)
}

/// The size of `bytes` after `brotli -q 11`.
fn brotli(bytes: &[u8]) -> Result<usize, String> {
    let mut child = Command::new("brotli")
        .args(["-q", "11", "-c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run brotli: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("brotli has no stdin")?;
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    writer
        .join()
        .map_err(|_| "the writer to brotli panicked".to_string())?
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err("brotli failed".into());
    }
    Ok(output.stdout.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_is_cut_into_parts() {
        let map = "\
    Addr      Off     Size Out     In      Symbol
       -     1501    18bb7 CODE
       -     1503      1d2         /t/deps/finder_wasm.o:(_ZN11finder_wasm10find_batch)
       -    1a0b8    1b93d DATA
   40000    1a0b9    1b90c .rodata
   40000    1a0c2        5         /t/deps/finder_wasm.o:(.rodata..Lanon.b7.0)
   40000    1a0c2        5                 .Lanon.b7.0
   400fd    1a1bf      2a5         /t/deps/libclick_to_dial.rlib(c.o):(.rodata._ZN13click_to_dial6detect13country_names12ASCII_BLOCKS17h8cE)
   400fd    1a1bf      2a5                 _ZN13click_to_dial6detect13country_names12ASCII_BLOCKS17h8cE
   40400    1a500      100         /t/deps/libclick_to_dial.rlib(c.o):(.rodata._ZN13click_to_dial6detect4plan6tables8AUTOMATA17h1E)
   40500    1a600       40         /t/deps/libclick_to_dial.rlib(c.o):(.rodata._ZN13click_to_dial6detect4plan6tables7REGIONS17h2E)
   40540    1a640       10         /t/deps/libclick_to_dial.rlib(c.o):(.rodata..Lanon.3a.57)
   40550    1a650       20         /r/lib/libcore.rlib(core.o):(.rodata._RNvNtNtNtCs_4core7unicode12unicode_data10alphabetic7OFFSETS)
   5b928    1a0b8      1f5 .bss
   5b944        0        4         /r/lib/libstd.rlib(std.o):(.bss._RNvNtCs_3std5alloc4HOOK)
       -    359f5     2249 CUSTOM(__wasm_bindgen_unstable)
";
        let ranges = ranges(map).unwrap();
        assert_eq!(
            ranges,
            [
                (Part::Code, 0x1501, 0x18bb7),
                (Part::OtherData, 0x1a0c2, 5),
                (Part::CountryNames, 0x1a1bf, 0x2a5),
                (Part::Automata, 0x1a500, 0x100),
                (Part::RegionTables, 0x1a600, 0x40),
                (Part::CoreConstants, 0x1a640, 0x10),
                (Part::Unicode, 0x1a650, 0x20),
            ]
        );
        assert!(super::ranges("no map here").is_err());
    }
}
