//! Fuzz target: Markdown rendered and sanitised never holds active content and is stable.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pantau::fuzz_checks::markdown(data));
