//! The nouns of DESIGN.md, one module each; every module owns the queries about its noun.

pub mod activity;
pub mod agreement;
pub mod audit;
pub mod place;
pub mod procedure;
pub mod report;
pub mod revision;
pub mod roadmap;
pub mod session;
pub mod source;
pub mod tie;
pub mod user;

pub use crate::db::AnyConnection as Conn;
