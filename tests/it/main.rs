//! The test suite, as one binary (one link of the crate, one starter database per run): each
//! module is one area, started against the real server; helpers are in tests/common. Run one
//! area with `cargo test --test it access::`, one test with its name.

#[path = "../common/mod.rs"]
mod common;

mod access;
mod accounts;
mod api;
mod assessments;
mod backup;
mod cache;
mod cli;
mod concurrency;
mod crash;
mod drafts;
mod editorial;
mod feeds;
mod fuzz_corpus;
mod generate;
mod guard;
mod headers;
mod hostile;
mod import;
mod import_speed;
mod markdown;
mod names;
mod open_data;
mod oversight;
mod pages;
mod publishing;
mod regions;
mod reports;
mod search;
mod suggestions;
mod throttle;
mod tie_list;
mod user_cli;
mod walkthrough;
mod wording;
