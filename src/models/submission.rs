//! Submissions: the key each "new record" form carries, claimed once, so that the same form sent
//! again (twice or fifty times at once) leads to the record the first one made.

use diesel::prelude::*;

use super::Conn;
use crate::schema::submissions;

/// Whether `key` looks like one the server hands out (64 hex digits).
pub fn is_well_formed(key: &str) -> bool {
    key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Claim `key` for `user_id`, inside the transaction that makes the record; the first statement
/// of that transaction, so that SQLite takes its write lock at once. Fails with a unique
/// violation when the key was claimed already (by a transaction that has committed by then).
pub fn claim(conn: &mut Conn, key: &str, user_id: i32, subject_kind: &str) -> QueryResult<()> {
    diesel::insert_into(submissions::table)
        .values((
            submissions::key.eq(key),
            submissions::user_id.eq(user_id),
            submissions::subject_kind.eq(subject_kind),
            submissions::subject_id.eq(0),
            submissions::created_at.eq(crate::db::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Note the record a claimed key made.
pub fn complete(conn: &mut Conn, key: &str, subject_id: i32) -> QueryResult<()> {
    diesel::update(submissions::table.find(key))
        .set(submissions::subject_id.eq(subject_id))
        .execute(conn)
        .map(|_| ())
}

/// The record an earlier submission of `key` by `user_id` made, if any.
pub fn made_by(conn: &mut Conn, key: &str, user_id: i32) -> QueryResult<Option<(String, i32)>> {
    submissions::table
        .find(key)
        .filter(submissions::user_id.eq(user_id))
        .select((submissions::subject_kind, submissions::subject_id))
        .first(conn)
        .optional()
}
