//! PostgreSQL settings for the bulk load of `pantau generate`: the foreign keys of the loaded
//! tables set aside during the load and checked once, in one pass per key, before it commits.
//!
//! Checking a foreign key row by row costs PostgreSQL a query per row (about half a million at
//! national scale, more than the rows themselves); adding the key back checks every row in one
//! join. Both happen in the load's transaction, so the keys hold at every commit; meanwhile the
//! tables are locked against other sessions (the load runs with no server writing).

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, Text};

use crate::db::AnyConnection;

/// The tables the load writes many rows to.
const LOADED: [&str; 14] = [
    "places",
    "ties",
    "tie_fields",
    "agreements",
    "reported_statuses",
    "citations",
    "procedure_steps",
    "roadmaps",
    "milestones",
    "activities",
    "reports",
    "report_factors",
    "revisions",
    "tie_assessments",
];

/// A foreign key as statements that drop it and add it again unchanged.
#[derive(QueryableByName)]
struct ForeignKey {
    #[diesel(sql_type = Text)]
    drop_sql: String,
    #[diesel(sql_type = Text)]
    add_sql: String,
}

/// The foreign keys set aside by `begin`, to be added back by `finish`.
pub(super) struct SetAside(Vec<String>);

/// In the load's transaction: on PostgreSQL, no flush at commit (a crash loses the whole load,
/// never part of it), memory enough to build the search index's GIN index at once, and the
/// loaded tables' foreign keys dropped. Nothing on SQLite (its checks are cheap).
pub(super) fn begin(conn: &mut AnyConnection) -> QueryResult<SetAside> {
    let AnyConnection::Postgresql(c) = conn else {
        return Ok(SetAside(Vec::new()));
    };
    c.batch_execute(
        "SET LOCAL synchronous_commit = off; SET LOCAL maintenance_work_mem = '256MB'",
    )?;
    let keys: Vec<ForeignKey> = diesel::sql_query(
        "SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname) AS drop_sql, \
                format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) AS add_sql \
         FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY($1::text[]::regclass[]) \
         ORDER BY conrelid::regclass::text, conname",
    )
    .bind::<Array<Text>, _>(&LOADED[..])
    .load(c)?;
    for key in &keys {
        c.batch_execute(&key.drop_sql)?;
    }
    Ok(SetAside(keys.into_iter().map(|k| k.add_sql).collect()))
}

/// Add the foreign keys back, each checked over all its rows (an error if a row breaks one).
pub(super) fn finish(conn: &mut AnyConnection, keys: SetAside) -> QueryResult<()> {
    for add in &keys.0 {
        conn.batch_execute(add)?;
    }
    Ok(())
}
