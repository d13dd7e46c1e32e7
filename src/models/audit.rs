//! The audit log: who did what, when and from which address (never passwords or tokens).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::Conn;
use crate::schema::{audit_log, users};

#[derive(Queryable, Debug, Clone, Serialize)]
#[diesel(table_name = audit_log)]
pub struct AuditEntry {
    pub id: i32,
    pub at: NaiveDateTime,
    pub user_id: Option<i32>,
    pub ip: Option<String>,
    /// `sign-in`, `sign-in-failed`, `sign-out`, `create`, `update`, `correct`, `publish`, …
    pub action: String,
    /// What was acted on (`agreement 12`, or the e-mail tried at a failed sign-in).
    pub subject: String,
    pub detail: String,
}

/// An audit entry with the e-mail of its user, for the admin page.
#[derive(Debug, Clone, Serialize)]
pub struct AuditRow {
    pub entry: AuditEntry,
    pub email: Option<String>,
}

pub fn record(
    conn: &mut Conn,
    user_id: Option<i32>,
    ip: Option<&str>,
    action: &str,
    subject: &str,
    detail: &str,
) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(crate::db::now()),
            audit_log::user_id.eq(user_id),
            audit_log::ip.eq(ip),
            audit_log::action.eq(action),
            audit_log::subject.eq(subject),
            audit_log::detail.eq(detail),
        ))
        .execute(conn)
        .map(|_| ())
}

/// How many entries of `action` about `subject` were written since `since`.
pub fn count_for_subject(
    conn: &mut Conn,
    action: &str,
    subject: &str,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    audit_log::table
        .filter(audit_log::action.eq(action))
        .filter(audit_log::at.gt(since))
        .filter(audit_log::subject.eq(subject))
        .count()
        .get_result(conn)
}

/// How many entries of `action` came from `ip` since `since`.
pub fn count_for_ip(
    conn: &mut Conn,
    action: &str,
    ip: &str,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    audit_log::table
        .filter(audit_log::action.eq(action))
        .filter(audit_log::at.gt(since))
        .filter(audit_log::ip.eq(ip))
        .count()
        .get_result(conn)
}

/// The newest entries first, a page at a time.
pub fn latest(conn: &mut Conn, limit: i64, offset: i64) -> QueryResult<Vec<AuditRow>> {
    let rows: Vec<(AuditEntry, Option<String>)> = audit_log::table
        .left_join(users::table)
        .order((audit_log::at.desc(), audit_log::id.desc()))
        .limit(limit)
        .offset(offset)
        .select((audit_log::all_columns, users::email.nullable()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(entry, email)| AuditRow { entry, email })
        .collect())
}
