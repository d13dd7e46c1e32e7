//! Procedure steps: where a tie stands on the way to (and through) its agreement, with a date,
//! a link and a stored PDF.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::fields::{
    FieldSpec, FieldType::*, Texts, Vocab, opt_partial, opt_text, optional, required, show, text,
    texts,
};
use super::store::{insert_row, publish_row, update_row};
use super::{Document, Kind, Loaded, Parent, RecordKind, StoredDocument};
use crate::auth::CurrentUser;
use crate::db::AnyConnection as Conn;
use crate::i18n::PartialDate;
use crate::schema::procedure_steps;

/// A procedure step's fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Step {
    /// One of `models::procedure::STEPS`.
    pub step: String,
    pub occurred_on: Option<PartialDate>,
    pub link: Option<String>,
    pub note: String,
    /// The stored document (kept by `store_document`, never by a form).
    pub document: StoredDocument,
}

/// The columns a form sets.
macro_rules! changes {
    ($s:expr) => {
        (
            procedure_steps::step.eq($s.step.clone()),
            procedure_steps::occurred_on.eq($s.occurred_on.map(|d| d.date)),
            procedure_steps::occurred_precision.eq($s.occurred_on.map(|d| d.precision.as_str())),
            procedure_steps::link.eq($s.link.clone()),
            procedure_steps::note.eq($s.note.clone()),
        )
    };
}

impl RecordKind for Step {
    const KIND: Kind = Kind::Step;
    const FIELDS: &'static [FieldSpec] = &[
        required("step", Choice(Vocab::Step)),
        optional("occurred_on", PartialDate),
        optional("link", Url),
        optional("document", File),
        optional("note", Textarea),
    ];

    fn from_texts(t: &Texts) -> Self {
        Step {
            step: text(t, "step"),
            occurred_on: opt_partial(t, "occurred_on"),
            link: opt_text(t, "link"),
            note: text(t, "note"),
            document: StoredDocument::default(),
        }
    }

    fn texts(&self) -> Texts {
        texts([
            ("step", self.step.clone()),
            (
                "occurred_on",
                self.occurred_on.map(|d| d.iso()).unwrap_or_default(),
            ),
            ("link", show(&self.link)),
            ("note", self.note.clone()),
            ("document_name", show(&self.document.name)),
            ("document_sha256", show(&self.document.sha256)),
        ])
    }

    fn load(conn: &mut Conn, id: i32) -> QueryResult<Option<Loaded<Self>>> {
        let Some(crate::models::procedure::StepForEditing {
            step: p,
            document_name,
        }) = crate::models::procedure::ProcedureStep::by_id(conn, id)?
        else {
            return Ok(None);
        };
        Ok(Some(Loaded {
            fields: Step {
                occurred_on: p.occurred(),
                step: p.step,
                link: p.link,
                note: p.note,
                document: StoredDocument {
                    name: document_name,
                    sha256: p.document_sha256,
                },
            },
            tie_id: p.tie_id,
            roadmap_id: None,
            published_at: p.published_at,
            version: p.version,
            author_id: None,
            independent: false,
        }))
    }

    fn ids_of_tie(conn: &mut Conn, tie_id: i32) -> QueryResult<Vec<i32>> {
        procedure_steps::table
            .filter(procedure_steps::tie_id.eq(tie_id))
            .select(procedure_steps::id)
            .order(procedure_steps::id)
            .load(conn)
    }

    fn insert(
        &self,
        conn: &mut Conn,
        parent: Parent<'_>,
        user: &CurrentUser,
        now: NaiveDateTime,
    ) -> QueryResult<i32> {
        insert_row!(
            conn,
            procedure_steps,
            now,
            (
                changes!(self),
                procedure_steps::tie_id.eq(parent.tie().id),
                procedure_steps::created_by.eq(Some(user.id)),
            )
        )
    }

    fn update(
        &self,
        conn: &mut Conn,
        id: i32,
        version: i32,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        update_row!(conn, procedure_steps, id, version, now, changes!(self))
    }

    fn set_published(
        conn: &mut Conn,
        id: i32,
        version: i32,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        publish_row!(conn, procedure_steps, id, version, now)
    }

    fn store_document(conn: &mut Conn, id: i32, doc: &Document) -> QueryResult<()> {
        diesel::update(procedure_steps::table.find(id))
            .set((
                procedure_steps::document.eq(Some(doc.bytes.as_slice())),
                procedure_steps::document_media_type.eq(Some("application/pdf")),
                procedure_steps::document_name.eq(Some(doc.name.as_str())),
                procedure_steps::document_sha256.eq(Some(doc.sha256.as_str())),
            ))
            .execute(conn)
            .map(|_| ())
    }

    fn document(conn: &mut Conn, id: i32) -> QueryResult<Option<(String, Vec<u8>)>> {
        let row: Option<(Option<String>, Option<Vec<u8>>)> = procedure_steps::table
            .find(id)
            .select((procedure_steps::document_name, procedure_steps::document))
            .first(conn)
            .optional()?;
        Ok(row.and_then(|(name, bytes)| Some((name.unwrap_or_default(), bytes?))))
    }
}
