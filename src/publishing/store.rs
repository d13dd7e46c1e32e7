//! The one write path of publishing: every create, edit, correction and publication runs in one
//! transaction with optimistic locking (a row is only changed at the version its form was
//! loaded at), writes a revision (before/after as JSON, who, why) and an audit entry, and —
//! for a new record — claims the form's submission key, so that a form sent twice makes one
//! record.
//!
//! Derived state that must commit or roll back with the record (stored assessments, search
//! entries) is refreshed by the revision (`NewRevision::insert`), which every writer records:
//! publishing, editorial pages, import and generate alike.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{
    Created, Document, Fields, Kind, Loaded, Parent, PublishError, Record, RecordKind, Saved,
    Texts, with_kind,
};
use crate::auth::CurrentUser;
use crate::db::AnyConnection as Conn;
use crate::models::revision::NewRevision;
use crate::models::tie::Tie;
use crate::models::{audit, submission};
use crate::schema::{agreements, procedure_steps, reports, roadmaps};

/// Insert a row of `$table` with its creation and update times; its id.
macro_rules! insert_row {
    ($conn:expr, $table:ident, $now:expr, $values:expr) => {
        diesel::insert_into($table::table)
            .values((
                $values,
                $table::created_at.eq($now),
                $table::updated_at.eq($now),
            ))
            .returning($table::id)
            .get_result::<i32>($conn)
    };
}

/// Optimistic locking: update row `$id` of `$table` only if it is still at `$version`, and move
/// it to the next version; whether it was.
macro_rules! update_row {
    ($conn:expr, $table:ident, $id:expr, $version:expr, $now:expr, $changes:expr) => {
        diesel::update(
            $table::table
                .filter($table::id.eq($id))
                .filter($table::version.eq($version)),
        )
        .set((
            $changes,
            $table::version.eq($version + 1),
            $table::updated_at.eq($now),
        ))
        .execute($conn)
        .map(|n| n == 1)
    };
}

/// Publish draft `$id` of `$table` if it is still at `$version` (the next version); whether it was.
macro_rules! publish_row {
    ($conn:expr, $table:ident, $id:expr, $version:expr, $now:expr) => {
        diesel::update(
            $table::table
                .filter($table::id.eq($id))
                .filter($table::version.eq($version))
                .filter($table::published_at.is_null()),
        )
        .set((
            $table::published_at.eq(Some($now)),
            $table::version.eq($version + 1),
            $table::updated_at.eq($now),
        ))
        .execute($conn)
        .map(|n| n == 1)
    };
}

pub(crate) use {insert_row, publish_row, update_row};

fn tie_by_id(conn: &mut Conn, id: i32) -> QueryResult<Tie> {
    crate::schema::ties::table.find(id).first(conn)
}

fn record<K: RecordKind>(conn: &mut Conn, id: i32, l: Loaded<K>) -> QueryResult<Record> {
    Ok(Record {
        kind: K::KIND,
        id,
        tie: tie_by_id(conn, l.tie_id)?,
        roadmap_id: l.roadmap_id,
        fields: l.fields.into(),
        published_at: l.published_at,
        version: l.version,
        author_id: l.author_id,
        independent: l.independent,
    })
}

/// Load one record with its tie.
pub fn load(conn: &mut Conn, kind: Kind, id: i32) -> QueryResult<Option<Record>> {
    with_kind!(kind, K => match K::load(conn, id)? {
        Some(l) => record(conn, id, l).map(Some),
        None => Ok(None),
    })
}

/// Every record of a tie (drafts included), for its manage page, kind by kind, oldest first.
pub fn records_of_tie(conn: &mut Conn, tie_id: i32) -> QueryResult<Vec<Record>> {
    let mut out = Vec::new();
    for kind in Kind::ALL {
        let ids = with_kind!(kind, K => K::ids_of_tie(conn, tie_id))?;
        for id in ids {
            if let Some(r) = load(conn, kind, id)? {
                out.push(r);
            }
        }
    }
    Ok(out)
}

/// A stored document: its name and bytes.
pub fn document(conn: &mut Conn, kind: Kind, id: i32) -> QueryResult<Option<(String, Vec<u8>)>> {
    with_kind!(kind, K => K::document(conn, id))
}

/// The stored documents of a tie's published agreements and steps: (kind, id, agreement kind or
/// step, SHA-256).
pub fn published_documents(
    conn: &mut Conn,
    tie_id: i32,
) -> QueryResult<Vec<(Kind, i32, String, String)>> {
    let a: Vec<(i32, String, Option<String>)> = agreements::table
        .filter(agreements::tie_id.eq(tie_id))
        .filter(agreements::published_at.is_not_null())
        .filter(agreements::document_sha256.is_not_null())
        .order(agreements::id)
        .select((
            agreements::id,
            agreements::kind,
            agreements::document_sha256,
        ))
        .load(conn)?;
    let s: Vec<(i32, String, Option<String>)> = procedure_steps::table
        .filter(procedure_steps::tie_id.eq(tie_id))
        .filter(procedure_steps::published_at.is_not_null())
        .filter(procedure_steps::document_sha256.is_not_null())
        .order(procedure_steps::id)
        .select((
            procedure_steps::id,
            procedure_steps::step,
            procedure_steps::document_sha256,
        ))
        .load(conn)?;
    Ok(a.into_iter()
        .map(|(id, k, sha)| (Kind::Agreement, id, k, sha.unwrap_or_default()))
        .chain(
            s.into_iter()
                .map(|(id, k, sha)| (Kind::Step, id, k, sha.unwrap_or_default())),
        )
        .collect())
}

/// Render the Markdown of rows saved before HTML was stored (after the migration that added
/// `body_html`, or rows written by an older version); returns how many. Run at start.
pub fn render_missing_html(conn: &mut Conn) -> QueryResult<usize> {
    let maps: Vec<(i32, String)> = roadmaps::table
        .filter(roadmaps::body_html.is_null())
        .select((roadmaps::id, roadmaps::body_md))
        .load(conn)?;
    let reps: Vec<(i32, String)> = reports::table
        .filter(reports::body_html.is_null())
        .select((reports::id, reports::body_md))
        .load(conn)?;
    let n = maps.len() + reps.len();
    conn.transaction(|conn| {
        for (id, md) in maps {
            diesel::update(roadmaps::table.find(id))
                .set(roadmaps::body_html.eq(Some(crate::markdown::to_safe_html(&md))))
                .execute(conn)?;
        }
        for (id, md) in reps {
            diesel::update(reports::table.find(id))
                .set(reports::body_html.eq(Some(crate::markdown::to_safe_html(&md))))
                .execute(conn)?;
        }
        QueryResult::Ok(())
    })?;
    Ok(n)
}

/// A revision's JSON: every text of the record (keys in order) and when it was published.
fn json(texts: &Texts, published_at: Option<NaiveDateTime>) -> String {
    let mut v = serde_json::to_value(texts).unwrap_or_default();
    if let (Some(obj), Some(at)) = (v.as_object_mut(), published_at) {
        obj.insert("published_at".into(), at.to_string().into());
    }
    v.to_string()
}

/// What one write did, for its revision and audit entry.
struct Change<'a> {
    kind: Kind,
    id: i32,
    tie_id: i32,
    /// create, update, correct or publish.
    action: &'a str,
    reason: &'a str,
    before: Option<&'a Record>,
}

/// The end of every write, inside its transaction: the revision (the record as it now is, which
/// also refreshes derived state), then the audit entry.
fn finish(
    conn: &mut Conn,
    change: Change<'_>,
    user: &CurrentUser,
    ip: Option<&str>,
) -> Result<(), PublishError> {
    let Change {
        kind,
        id,
        tie_id,
        action,
        reason,
        before,
    } = change;
    let after = load(conn, kind, id)?.ok_or(diesel::result::Error::NotFound)?;
    let revision = NewRevision {
        subject_kind: kind.subject(),
        subject_id: id,
        tie_id: Some(tie_id),
        version: after.version,
        action,
        changed_by: Some(user.id),
        changed_at: crate::db::now(),
        reason,
        before_json: before.map(|b| json(&b.texts(), b.published_at)),
        after_json: json(&after.texts(), after.published_at),
    };
    if after.published_at.is_none() {
        revision.insert_draft(conn)?;
    } else {
        revision.insert(conn)?;
    }
    audit::record(
        conn,
        Some(user.id),
        ip,
        action,
        &format!("{} {id}", kind.subject()),
        reason,
    )?;
    Ok(())
}

fn insert(
    conn: &mut Conn,
    fields: &Fields,
    parent: Parent<'_>,
    user: &CurrentUser,
    now: NaiveDateTime,
) -> QueryResult<i32> {
    super::each_fields!(fields, f => f.insert(conn, parent, user, now))
}

/// Record a new draft (a milestone of a published roadmap is public at once, so it is
/// recorded as published).
pub fn create(
    conn: &mut Conn,
    parent: Parent<'_>,
    fields: &Fields,
    doc: Option<&Document>,
    parent_published: bool,
    user: &CurrentUser,
    ip: Option<&str>,
) -> Result<i32, PublishError> {
    let kind = fields.kind();
    conn.transaction(|conn| {
        let id = insert(conn, fields, parent, user, crate::db::now())?;
        if let Some(doc) = doc {
            with_kind!(kind, K => K::store_document(conn, id, doc))?;
        }
        let action = if kind == Kind::Milestone && parent_published {
            "publish"
        } else {
            "create"
        };
        let change = Change {
            kind,
            id,
            tie_id: parent.tie().id,
            action,
            reason: "",
            before: None,
        };
        finish(conn, change, user, ip)?;
        Ok(id)
    })
}

#[allow(clippy::too_many_arguments)]
/// `create`, at most once per submission key: the key is claimed in the same transaction, so
/// that of any number of identical submissions (sequential or parallel) exactly one makes a
/// record and the others are told which. Without a key, a plain `create`.
pub fn create_once(
    conn: &mut Conn,
    key: Option<&str>,
    parent: Parent<'_>,
    fields: &Fields,
    doc: Option<&Document>,
    parent_published: bool,
    user: &CurrentUser,
    ip: Option<&str>,
) -> Result<Created, PublishError> {
    let kind = fields.kind();
    let attempt = conn.transaction(|conn| {
        if let Some(key) = key {
            submission::claim(conn, key, user.id, kind.subject())?;
        }
        let id = create(conn, parent, fields, doc, parent_published, user, ip)?;
        if let Some(key) = key {
            submission::complete(conn, key, id)?;
        }
        Ok::<_, PublishError>(id)
    });
    match (attempt, key) {
        (Ok(id), _) => Ok(Created::New(id)),
        (
            Err(PublishError::Database(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                info,
            ))),
            Some(key),
        ) => match submission::made_by(conn, key, user.id)? {
            Some((k, id)) if k == kind.subject() && id != 0 => Ok(Created::Earlier(id)),
            // Another account's key, or another kind of record's: not this form's to reuse.
            _ => {
                tracing::warn!(
                    user = user.id,
                    "a submission key was reused: {}",
                    info.message()
                );
                Ok(Created::KeyTaken)
            }
        },
        (Err(e), _) => Err(e),
    }
}

#[allow(clippy::too_many_arguments)]
/// Save an edit made on `before` (loaded at the version the form carried). A published record's
/// edit is a correction and needs a reason. Nothing is written when the version moved on.
pub fn update(
    conn: &mut Conn,
    before: &Record,
    form_version: i32,
    fields: &Fields,
    doc: Option<&Document>,
    reason: &str,
    user: &CurrentUser,
    ip: Option<&str>,
) -> Result<Saved, PublishError> {
    let (kind, id) = (before.kind, before.id);
    if fields.kind() != kind {
        return Err(diesel::result::Error::NotFound.into());
    }
    conn.transaction(|conn| {
        let now = crate::db::now();
        if !super::each_fields!(fields, f => f.update(conn, id, form_version, now))? {
            return Ok(Saved::Conflict);
        }
        if let Some(doc) = doc {
            with_kind!(kind, K => K::store_document(conn, id, doc))?;
        }
        let action = if before.is_published() {
            "correct"
        } else {
            "update"
        };
        let change = Change {
            kind,
            id,
            tie_id: before.tie.id,
            action,
            reason,
            before: Some(before),
        };
        finish(conn, change, user, ip)?;
        Ok(Saved::Ok(id))
    })
}

/// Publish a draft now.
pub fn publish(
    conn: &mut Conn,
    rec: &Record,
    form_version: i32,
    user: &CurrentUser,
    ip: Option<&str>,
) -> Result<Saved, PublishError> {
    conn.transaction(|conn| {
        let now = crate::db::now();
        if !with_kind!(rec.kind, K => K::set_published(conn, rec.id, form_version, now))? {
            return Ok(Saved::Conflict);
        }
        let change = Change {
            kind: rec.kind,
            id: rec.id,
            tie_id: rec.tie.id,
            action: "publish",
            reason: "",
            before: None,
        };
        finish(conn, change, user, ip)?;
        Ok(Saved::Ok(rec.id))
    })
}
