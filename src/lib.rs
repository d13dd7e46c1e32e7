//! Pantau Kota Kembar: a public record of Indonesia's sister-city ties, their agreements, plans,
//! activities and evaluations.

pub mod assessment;
pub mod assessment_store;
pub mod auth;
pub mod backup;
pub mod cache;
pub mod cache_turns;
pub mod config;
pub mod db;
pub mod drawings;
pub mod editorial;
pub mod error;
pub mod figures;
pub mod fuzz_checks;
pub mod generate;
pub mod i18n;
pub mod import;
pub mod input;
pub mod markdown;
pub mod models;
pub mod parallel;
pub mod publishing;
pub mod routes;
pub mod schema;
pub mod search;
pub mod startup;
pub mod text;
pub mod tie_query;
pub mod user_cli;
