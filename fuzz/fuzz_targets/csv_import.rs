//! Fuzz target: places.csv and ties.csv (split at the first NUL byte) parse or name their line.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pantau::fuzz_checks::csv_import(data));
