//! The nouns of DESIGN.md, one module each; every module owns the queries about its noun.

pub mod activity;
pub mod agreement;
pub mod audit;
pub mod place;
pub mod procedure;
pub mod region;
pub mod report;
pub mod revision;
pub mod roadmap;
pub mod session;
pub mod source;
pub mod submission;
pub mod tie;
pub mod user;

pub use crate::db::AnyConnection as Conn;

/// Defines `recent_published(conn, tie_ids, limit)` for a table of a tie's records: the published
/// rows (of some ties, or all) as `(id, tie_id, title, updated_at)`, newest first, for feeds.
macro_rules! recent_published {
    ($table:ident, $title:ident) => {
        pub fn recent_published(
            conn: &mut super::Conn,
            tie_ids: Option<&[i32]>,
            limit: i64,
        ) -> diesel::QueryResult<Vec<(i32, i32, String, chrono::NaiveDateTime)>> {
            use crate::schema::$table;
            use diesel::prelude::*;
            let mut query = $table::table
                .filter($table::published_at.is_not_null())
                .select((
                    $table::id,
                    $table::tie_id,
                    $table::$title,
                    $table::updated_at,
                ))
                .order($table::updated_at.desc())
                .limit(limit)
                .into_boxed();
            if let Some(ids) = tie_ids {
                query = query.filter($table::tie_id.eq_any(ids.to_vec()));
            }
            query.load(conn)
        }
    };
}
pub(crate) use recent_published;
