//! The fuzz corpora (fuzz/corpus/*) and the XSS payloads (tools/xss/payloads.txt) replayed as
//! ordinary tests: the same checks as the fuzz targets, plus a real import of every CSV input.

use crate::common;

use std::path::Path;

use common::TestDb;
use pantau::fuzz_checks;

fn corpus(name: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(name);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The payloads file, decoded as tools/browser/xss.mjs decodes it: `#` comment lines, escapes
/// `\n \r \t \\ \# \uXXXX`, and `$ID` replaced by the payload's number.
fn payloads() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/xss/payloads.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut units: Vec<u16> = Vec::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '\\' {
                let mut buf = [0u16; 2];
                units.extend_from_slice(c.encode_utf16(&mut buf));
                continue;
            }
            match chars.next() {
                Some('n') => units.push(b'\n' as u16),
                Some('r') => units.push(b'\r' as u16),
                Some('t') => units.push(b'\t' as u16),
                Some('\\') => units.push(b'\\' as u16),
                Some('#') => units.push(b'#' as u16),
                Some('u') => {
                    let hex: String = (0..4).filter_map(|_| chars.next()).collect();
                    units.push(u16::from_str_radix(&hex, 16).expect("\\uXXXX"));
                }
                other => panic!("unknown escape \\{other:?} in {line}"),
            }
        }
        let decoded = String::from_utf16_lossy(&units);
        out.push(decoded.replace("$ID", &(out.len() + 1).to_string()));
    }
    out
}

#[test]
fn markdown_corpus_and_xss_payloads_stay_harmless() {
    // It renders Markdown: not beside a test that counts renders.
    let _turn = common::shared();
    let inputs = corpus("markdown");
    for (name, data) in &inputs {
        let r = std::panic::catch_unwind(|| fuzz_checks::markdown(data));
        assert!(r.is_ok(), "fuzz/corpus/markdown/{name}");
    }
    let payloads = payloads();
    assert!(payloads.len() >= 200, "{} payloads", payloads.len());
    for p in &payloads {
        fuzz_checks::markdown(p.as_bytes());
        // Raw HTML straight into the sanitiser as well (not only through Markdown).
        let html = pantau::markdown::sanitize(p);
        assert!(
            fuzz_checks::active_content(&html).is_none(),
            "{p:?} -> {html}"
        );
    }
    println!(
        "markdown: {} corpus inputs and {} XSS payloads, 0 with active content, all stable",
        inputs.len(),
        payloads.len()
    );
}

#[test]
fn csv_corpus_parses_or_names_the_line_and_imports_the_same_way() {
    let inputs = corpus("csv_import");
    let db = TestDb::new();
    let mut conn = db.connect();
    pantau::db::run_migrations(&mut conn).unwrap();
    let (mut accepted, mut refused) = (0, 0);
    for (name, data) in &inputs {
        fuzz_checks::csv_import(data);
        let Some(at) = data.iter().position(|b| *b == 0).or(Some(data.len())) else {
            continue;
        };
        let places = String::from_utf8_lossy(&data[..at]).to_string();
        let ties = String::from_utf8_lossy(data.get(at + 1..).unwrap_or(&[])).to_string();
        let parsed = pantau::import::validate(&places, &ties);
        match pantau::import::import(&mut conn, &places, &ties) {
            Ok(_) => {
                assert!(parsed.is_ok(), "{name}: imported what validate refused");
                accepted += 1;
            }
            Err(pantau::import::Error::Input(e)) => {
                // What the files alone show is refused the same way; the rest needs the database.
                if let Err(pe) = parsed {
                    assert_eq!(pe, e, "{name}");
                }
                refused += 1;
            }
            Err(e) => panic!("{name}: not an input error but {e}"),
        }
    }
    println!(
        "csv import: {} corpus inputs, {accepted} imported, {refused} refused with their line, 0 panics",
        inputs.len()
    );
    assert!(accepted > 0 && refused > 0, "the corpus has both kinds");
}
