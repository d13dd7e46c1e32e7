//! Agreements as written by an official: kind, dates, signatories, link, a stored PDF.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::fields::{
    FieldSpec, FieldType::*, Problem, Problems, Texts, Vocab, get, opt_day, opt_partial, opt_text,
    optional, required, show, text, texts,
};
use super::store::{insert_row, publish_row, update_row};
use super::{Document, Kind, Loaded, Parent, RecordKind, StoredDocument};
use crate::auth::CurrentUser;
use crate::db::AnyConnection as Conn;
use crate::i18n::PartialDate;
use crate::schema::agreements;

/// An agreement's fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Agreement {
    /// One of `models::agreement::KINDS`.
    pub kind: String,
    pub title: String,
    pub signed_on: Option<PartialDate>,
    pub in_force_from: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    /// The document says the agreement has no end date.
    pub open_ended: bool,
    pub signatories: String,
    pub link: Option<String>,
    pub note: String,
    /// The stored document (kept by `store_document`, never by a form).
    pub document: StoredDocument,
}

/// The columns a form sets.
macro_rules! changes {
    ($s:expr) => {
        (
            agreements::kind.eq($s.kind.clone()),
            agreements::title.eq($s.title.clone()),
            agreements::signed_on.eq($s.signed_on.map(|d| d.date)),
            agreements::signed_precision.eq($s.signed_on.map(|d| d.precision.as_str())),
            agreements::in_force_from.eq($s.in_force_from),
            agreements::expires_on.eq($s.expires_on),
            agreements::open_ended.eq($s.open_ended),
            agreements::signatories.eq($s.signatories.clone()),
            agreements::link.eq($s.link.clone()),
            agreements::note.eq($s.note.clone()),
        )
    };
}

impl RecordKind for Agreement {
    const KIND: Kind = Kind::Agreement;
    const FIELDS: &'static [FieldSpec] = &[
        required("kind", Choice(Vocab::AgreementKind)),
        optional("title", Text),
        optional("signed_on", PartialDate),
        optional("in_force_from", Date),
        optional("expires_on", Date),
        optional("open_ended", Choices(Vocab::Yes)),
        optional("signatories", Text),
        optional("link", Url),
        optional("document", File),
        optional("note", Textarea),
    ];
    const DATE_ORDER: &'static [(&'static str, &'static str)] = &[("in_force_from", "expires_on")];

    /// An open-ended term and an end date contradict each other.
    fn cross_check(t: &Texts, problems: &mut Problems) {
        if get(t, "open_ended") == "yes"
            && !get(t, "expires_on").is_empty()
            && !problems.contains_key("open_ended")
        {
            problems.insert("open_ended", Problem::OpenEndedWithEnd);
        }
    }

    fn from_texts(t: &Texts) -> Self {
        Agreement {
            kind: text(t, "kind"),
            title: text(t, "title"),
            signed_on: opt_partial(t, "signed_on"),
            in_force_from: opt_day(t, "in_force_from"),
            expires_on: opt_day(t, "expires_on"),
            open_ended: get(t, "open_ended") == "yes",
            signatories: text(t, "signatories"),
            link: opt_text(t, "link"),
            note: text(t, "note"),
            document: StoredDocument::default(),
        }
    }

    fn texts(&self) -> Texts {
        texts([
            ("kind", self.kind.clone()),
            ("title", self.title.clone()),
            (
                "signed_on",
                self.signed_on.map(|d| d.iso()).unwrap_or_default(),
            ),
            ("in_force_from", show(&self.in_force_from)),
            ("expires_on", show(&self.expires_on)),
            (
                "open_ended",
                if self.open_ended { "yes" } else { "" }.into(),
            ),
            ("signatories", self.signatories.clone()),
            ("link", show(&self.link)),
            ("note", self.note.clone()),
            ("document_name", show(&self.document.name)),
            ("document_sha256", show(&self.document.sha256)),
        ])
    }

    fn load(conn: &mut Conn, id: i32) -> QueryResult<Option<Loaded<Self>>> {
        let Some(a) = crate::models::agreement::Agreement::by_id(conn, id)? else {
            return Ok(None);
        };
        Ok(Some(Loaded {
            fields: Agreement {
                signed_on: a.signed(),
                kind: a.kind,
                title: a.title,
                in_force_from: a.in_force_from,
                expires_on: a.expires_on,
                open_ended: a.open_ended,
                signatories: a.signatories,
                link: a.link,
                note: a.note,
                document: StoredDocument {
                    name: a.document_name,
                    sha256: a.document_sha256,
                },
            },
            tie_id: a.tie_id,
            roadmap_id: None,
            published_at: a.published_at,
            version: a.version,
            author_id: None,
            independent: false,
        }))
    }

    fn ids_of_tie(conn: &mut Conn, tie_id: i32) -> QueryResult<Vec<i32>> {
        agreements::table
            .filter(agreements::tie_id.eq(tie_id))
            .select(agreements::id)
            .order(agreements::id)
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
            agreements,
            now,
            (
                changes!(self),
                agreements::tie_id.eq(parent.tie().id),
                agreements::created_by.eq(Some(user.id)),
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
        update_row!(conn, agreements, id, version, now, changes!(self))
    }

    fn set_published(
        conn: &mut Conn,
        id: i32,
        version: i32,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        publish_row!(conn, agreements, id, version, now)
    }

    fn store_document(conn: &mut Conn, id: i32, doc: &Document) -> QueryResult<()> {
        diesel::update(agreements::table.find(id))
            .set((
                agreements::document.eq(Some(doc.bytes.as_slice())),
                agreements::document_media_type.eq(Some("application/pdf")),
                agreements::document_name.eq(Some(doc.name.as_str())),
                agreements::document_sha256.eq(Some(doc.sha256.as_str())),
                agreements::document_size.eq(i32::try_from(doc.bytes.len()).ok()),
            ))
            .execute(conn)
            .map(|_| ())
    }

    fn document(conn: &mut Conn, id: i32) -> QueryResult<Option<(String, Vec<u8>)>> {
        let row: Option<(Option<String>, Option<Vec<u8>>)> = agreements::table
            .find(id)
            .select((agreements::document_name, agreements::document))
            .first(conn)
            .optional()?;
        Ok(row.and_then(|(name, bytes)| Some((name.unwrap_or_default(), bytes?))))
    }
}
