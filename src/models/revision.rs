//! Revisions: every change to a record, with who, when, the state before and after, and the reason.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::Conn;
use crate::db::MultiBackend;
use crate::schema::{data_version, revisions};

#[derive(Queryable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = revisions)]
pub struct Revision {
    pub id: i32,
    pub subject_kind: String,
    pub subject_id: i32,
    pub tie_id: Option<i32>,
    pub version: i32,
    /// `create`, `update`, `publish`, `import`, …
    pub action: String,
    pub changed_by: Option<i32>,
    pub changed_at: NaiveDateTime,
    pub reason: String,
    pub before_json: Option<String>,
    pub after_json: String,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = revisions)]
pub struct NewRevision<'a> {
    pub subject_kind: &'a str,
    pub subject_id: i32,
    pub tie_id: Option<i32>,
    pub version: i32,
    pub action: &'a str,
    pub changed_by: Option<i32>,
    pub changed_at: NaiveDateTime,
    pub reason: &'a str,
    pub before_json: Option<String>,
    pub after_json: String,
}

impl NewRevision<'_> {
    /// Record the change, bump the data's version, update the search entries of the record and
    /// refresh the stored assessment of the tie it touches (`assessment_store`), in the caller's
    /// transaction: call it once the record is written.
    pub fn insert(&self, conn: &mut Conn) -> QueryResult<()> {
        self.insert_without_assessment(conn)?;
        match (self.tie_id, self.subject_kind) {
            (Some(tie_id), _) => crate::assessment_store::refresh_tie(conn, tie_id),
            (None, "place") => crate::assessment_store::refresh_place(conn, self.subject_id),
            _ => Ok(()),
        }
    }

    /// `insert` for a draft's revision (a record created or updated before it is published):
    /// nothing public changed, so the data's version, the search entries and the stored
    /// assessments stay as they are (all three read published records only) and no cached page
    /// is rendered again. The version's row is still taken, so writes keep their one order.
    pub fn insert_draft(&self, conn: &mut Conn) -> QueryResult<()> {
        diesel::insert_into(revisions::table)
            .values(self)
            .execute(conn)?;
        diesel::update(data_version::table.find(1))
            .set(data_version::version.eq(data_version::version))
            .execute(conn)
            .map(|_| ())
    }

    /// `insert` for bulk writers (import, generate), which refresh the stored assessments of
    /// all they wrote once, before they commit (`assessment_store::refresh_ties`/`refresh_all`).
    pub fn insert_without_assessment(&self, conn: &mut Conn) -> QueryResult<()> {
        diesel::insert_into(revisions::table)
            .values(self)
            .execute(conn)?;
        diesel::update(data_version::table.find(1))
            .set(data_version::version.eq(data_version::version + 1))
            .execute(conn)?;
        crate::search::index::record_changed(conn, self.subject_kind, self.subject_id, self.tie_id)
    }
}

/// The data's version: it grows with every revision, in the order the writes committed (each
/// write holds the one `data_version` row from its revision to its commit). Caches of rendered
/// pages and the search index are valid while it is unchanged.
pub fn data_version(conn: &mut Conn) -> QueryResult<i64> {
    data_version::table
        .find(1)
        .select(data_version::version)
        .first(conn)
}

impl Revision {
    /// The most recent public changes to ties and their records, newest first (saving a draft
    /// is not a public change).
    pub fn latest_on_ties(conn: &mut Conn, limit: i64) -> QueryResult<Vec<Revision>> {
        // Written as the partial index `revisions_latest_public_idx` states it, so that both
        // databases can prove the query is within the index (a bound list cannot be).
        revisions::table
            .filter(revisions::tie_id.is_not_null())
            .filter(diesel::dsl::sql::<diesel::sql_types::Bool>(
                LATEST_PUBLIC_ACTIONS,
            ))
            .order((revisions::changed_at.desc(), revisions::id.desc()))
            .limit(limit)
            .load(conn)
    }

    /// When anything public last changed (for `Last-Modified` and the cite box): saving a draft
    /// must not show, even as a moved date.
    pub fn last_change(conn: &mut Conn) -> QueryResult<Option<NaiveDateTime>> {
        revisions::table
            .filter(revisions::action.eq_any(PUBLIC_ACTIONS))
            .select(diesel::dsl::max(revisions::changed_at))
            .get_result(conn)
    }

    /// When anything public about one tie last changed (drafts do not count).
    pub fn last_change_of_tie(conn: &mut Conn, tie_id: i32) -> QueryResult<Option<NaiveDateTime>> {
        revisions::table
            .filter(revisions::tie_id.eq(tie_id))
            .filter(revisions::action.eq_any(PUBLIC_ACTIONS))
            .select(diesel::dsl::max(revisions::changed_at))
            .get_result(conn)
    }

    /// How many revisions there are (tests use it to see that nothing was written).
    pub fn count(conn: &mut Conn) -> QueryResult<i64> {
        revisions::table.count().get_result(conn)
    }
}

/// The revision actions that show on public history pages; edits of drafts stay private.
pub const PUBLIC_ACTIONS: [&str; 3] = ["import", "publish", "correct"];

/// `PUBLIC_ACTIONS` as SQL, in the words of the index `revisions_latest_public_idx`.
const LATEST_PUBLIC_ACTIONS: &str = "action IN ('import', 'publish', 'correct')";

impl Revision {
    /// The public revisions of a tie and everything in it, newest first.
    pub fn public_of_tie(conn: &mut Conn, tie_id: i32) -> QueryResult<Vec<Revision>> {
        PublicRevisions {
            tie_id: Some(tie_id),
            ..Default::default()
        }
        .all(conn)
    }

    /// The public revisions of one record of a tie, newest first.
    pub fn public_of_subject(
        conn: &mut Conn,
        subject_kind: &str,
        subject_id: i32,
    ) -> QueryResult<Vec<Revision>> {
        PublicRevisions {
            subject_kind: Some(subject_kind.to_string()),
            subject_id: Some(subject_id),
            ..Default::default()
        }
        .all(conn)
    }

    /// The corrections of published records of a tie, newest first.
    pub fn corrections_of_tie(conn: &mut Conn, tie_id: i32) -> QueryResult<Vec<Revision>> {
        revisions::table
            .filter(revisions::tie_id.eq(tie_id))
            .filter(revisions::action.eq("correct"))
            .order((revisions::changed_at.desc(), revisions::id.desc()))
            .load(conn)
    }
}

/// Which public changes of ties and their records a list shows (imports, publications and
/// corrections: never a draft's edits): those of one tie and everything in it, of one kind of
/// record, of one record; every one when nothing is set. Newest first.
#[derive(Clone, Debug, Default)]
pub struct PublicRevisions {
    pub tie_id: Option<i32>,
    /// `tie`, `agreement`, `procedure_step`, `roadmap`, `milestone`, `activity` or `report`.
    pub subject_kind: Option<String>,
    pub subject_id: Option<i32>,
}

impl PublicRevisions {
    fn filtered(&self) -> revisions::BoxedQuery<'static, MultiBackend> {
        let mut query = revisions::table
            .filter(revisions::tie_id.is_not_null())
            .filter(revisions::action.eq_any(PUBLIC_ACTIONS))
            .into_boxed();
        if let Some(tie_id) = self.tie_id {
            query = query.filter(revisions::tie_id.eq(tie_id));
        }
        if let Some(kind) = &self.subject_kind {
            query = query.filter(revisions::subject_kind.eq(kind.clone()));
        }
        if let Some(id) = self.subject_id {
            query = query.filter(revisions::subject_id.eq(id));
        }
        query
    }

    fn newest_first(&self) -> revisions::BoxedQuery<'static, MultiBackend> {
        self.filtered()
            .order((revisions::changed_at.desc(), revisions::id.desc()))
    }

    /// How many there are.
    pub fn count(&self, conn: &mut Conn) -> QueryResult<i64> {
        self.filtered().count().get_result(conn)
    }

    /// All of them, newest first.
    pub fn all(&self, conn: &mut Conn) -> QueryResult<Vec<Revision>> {
        self.newest_first().load(conn)
    }

    /// `limit` of them from `offset`, newest first.
    pub fn page(&self, conn: &mut Conn, offset: i64, limit: i64) -> QueryResult<Vec<Revision>> {
        self.newest_first().offset(offset).limit(limit).load(conn)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_latest_changes_filter_names_the_public_actions() {
        let listed = super::PUBLIC_ACTIONS
            .iter()
            .map(|a| format!("'{a}'"))
            .collect::<Vec<_>>()
            .join(", ");
        assert_eq!(
            super::LATEST_PUBLIC_ACTIONS,
            format!("action IN ({listed})")
        );
    }
}
