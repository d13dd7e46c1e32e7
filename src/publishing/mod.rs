//! Publishing the records of a tie: what each kind of record holds (typed fields, one module per
//! kind behind the [`RecordKind`] trait), how a form's text is checked and read into those
//! fields, and every write (create, edit, correct, publish) with optimistic locking, a revision
//! (before/after, who, reason) and an audit entry.
//!
//! Layout:
//! - [`kind`]: the kinds of record and their names in URLs, revisions and the audit log;
//! - [`fields`]: the fields of each kind as the domain knows them (name, type, required), their
//!   text form ([`Texts`]) and the checks of a submitted form ([`validate`]), which answer with
//!   [`Problem`]s the web layer puts into words;
//! - [`agreement`], [`step`], [`roadmap`], [`milestone`], [`activity`], [`report`]: one struct of
//!   typed fields per kind, with its rows in the database;
//! - [`document`]: uploaded PDFs;
//! - [`store`]: the one write path. Every write runs in one transaction that also writes the
//!   revision and the audit entry, and claims the submission key of a new-record form. Derived
//!   state (stored assessments, search entries) is refreshed by the revision itself
//!   (`models::revision::NewRevision::insert`), in the same transaction, for every writer.
//!
//! Labels, form widgets and translated text are the web layer's (`routes::publish`).

pub mod activity;
pub mod agreement;
pub mod document;
pub mod fields;
pub mod kind;
pub mod milestone;
pub mod report;
pub mod roadmap;
pub mod step;
pub mod store;

use chrono::NaiveDateTime;

use crate::auth::CurrentUser;
use crate::db::AnyConnection as Conn;
use crate::models::tie::Tie;

pub use document::{Document, MAX_DOCUMENT_BYTES, check_document};
pub use fields::{
    FieldSpec, FieldType, Problem, Problems, Texts, Vocab, is_url, validate, values_from_form,
};
pub use kind::Kind;
pub use store::{
    create, create_once, document, load, publish, published_documents, records_of_tie,
    render_missing_html, update,
};

/// What a publishing operation can fail with; the web layer maps it to its own error.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// The database refused or failed (`NotFound` when the record is gone).
    #[error("database")]
    Database(#[from] diesel::result::Error),
    /// A new-record form's submission key was claimed by another account or for another kind
    /// of record: nothing was made.
    #[error("the submission key belongs to another account or kind of record")]
    SubmissionTaken,
}

/// One kind of record: its typed fields and their rows. The shared write path ([`store`])
/// calls these inside its transaction; they never open one themselves.
pub trait RecordKind: Sized + Clone + std::fmt::Debug + Into<Fields> {
    const KIND: Kind;
    /// The form's fields, in form order.
    const FIELDS: &'static [FieldSpec];
    /// Pairs of day fields where the second may not come before the first.
    const DATE_ORDER: &'static [(&'static str, &'static str)] = &[];

    /// Checks between fields beyond the date order (values already checked one by one).
    fn cross_check(_texts: &Texts, _problems: &mut Problems) {}
    /// The fields of checked, normalised texts (see [`validate`]).
    fn from_texts(texts: &Texts) -> Self;
    /// The fields as text: what a form shows and a revision records.
    fn texts(&self) -> Texts;
    /// One row, draft or published.
    fn load(conn: &mut Conn, id: i32) -> diesel::QueryResult<Option<Loaded<Self>>>;
    /// The ids of a tie's records of this kind, oldest first.
    fn ids_of_tie(conn: &mut Conn, tie_id: i32) -> diesel::QueryResult<Vec<i32>>;
    /// A new row; its id.
    fn insert(
        &self,
        conn: &mut Conn,
        parent: Parent<'_>,
        user: &CurrentUser,
        now: NaiveDateTime,
    ) -> diesel::QueryResult<i32>;
    /// Overwrite row `id` if it is still at `version` (then at `version + 1`); whether it was.
    fn update(
        &self,
        conn: &mut Conn,
        id: i32,
        version: i32,
        now: NaiveDateTime,
    ) -> diesel::QueryResult<bool>;
    /// Mark draft `id` at `version` published; whether it was (false when it moved on, was
    /// published already, or the kind is published with another record).
    fn set_published(
        conn: &mut Conn,
        id: i32,
        version: i32,
        now: NaiveDateTime,
    ) -> diesel::QueryResult<bool>;
    /// Keep an uploaded document with row `id` (kinds without documents ignore it).
    fn store_document(_conn: &mut Conn, _id: i32, _doc: &Document) -> diesel::QueryResult<()> {
        Ok(())
    }
    /// A stored document: its name and bytes.
    fn document(_conn: &mut Conn, _id: i32) -> diesel::QueryResult<Option<(String, Vec<u8>)>> {
        Ok(None)
    }
}

/// A row as loaded: its typed fields and what the write path and the access rules need.
#[derive(Clone, Debug)]
pub struct Loaded<T> {
    pub fields: T,
    pub tie_id: i32,
    /// A roadmap's own id; a milestone's roadmap.
    pub roadmap_id: Option<i32>,
    /// For a milestone: when its roadmap was published.
    pub published_at: Option<NaiveDateTime>,
    pub version: i32,
    pub author_id: Option<i32>,
    pub independent: bool,
}

/// The typed fields of a record of any kind.
#[derive(Clone, Debug)]
pub enum Fields {
    Agreement(agreement::Agreement),
    Step(step::Step),
    Roadmap(roadmap::Roadmap),
    Milestone(milestone::Milestone),
    Activity(activity::Activity),
    Report(report::Report),
}

/// Run `$body` with `$K` naming the [`RecordKind`] type of `$kind`: the one place where a
/// runtime kind turns into its type.
macro_rules! with_kind {
    ($kind:expr, $K:ident => $body:expr) => {
        match $kind {
            $crate::publishing::Kind::Agreement => {
                type $K = $crate::publishing::agreement::Agreement;
                $body
            }
            $crate::publishing::Kind::Step => {
                type $K = $crate::publishing::step::Step;
                $body
            }
            $crate::publishing::Kind::Roadmap => {
                type $K = $crate::publishing::roadmap::Roadmap;
                $body
            }
            $crate::publishing::Kind::Milestone => {
                type $K = $crate::publishing::milestone::Milestone;
                $body
            }
            $crate::publishing::Kind::Activity => {
                type $K = $crate::publishing::activity::Activity;
                $body
            }
            $crate::publishing::Kind::Report => {
                type $K = $crate::publishing::report::Report;
                $body
            }
        }
    };
}
pub(crate) use with_kind;

/// Run `$body` with `$f` bound to the typed fields inside a [`Fields`].
macro_rules! each_fields {
    ($fields:expr, $f:ident => $body:expr) => {
        match $fields {
            $crate::publishing::Fields::Agreement($f) => $body,
            $crate::publishing::Fields::Step($f) => $body,
            $crate::publishing::Fields::Roadmap($f) => $body,
            $crate::publishing::Fields::Milestone($f) => $body,
            $crate::publishing::Fields::Activity($f) => $body,
            $crate::publishing::Fields::Report($f) => $body,
        }
    };
}
pub(crate) use each_fields;

impl From<agreement::Agreement> for Fields {
    fn from(f: agreement::Agreement) -> Fields {
        Fields::Agreement(f)
    }
}
impl From<step::Step> for Fields {
    fn from(f: step::Step) -> Fields {
        Fields::Step(f)
    }
}
impl From<roadmap::Roadmap> for Fields {
    fn from(f: roadmap::Roadmap) -> Fields {
        Fields::Roadmap(f)
    }
}
impl From<milestone::Milestone> for Fields {
    fn from(f: milestone::Milestone) -> Fields {
        Fields::Milestone(f)
    }
}
impl From<activity::Activity> for Fields {
    fn from(f: activity::Activity) -> Fields {
        Fields::Activity(f)
    }
}
impl From<report::Report> for Fields {
    fn from(f: report::Report) -> Fields {
        Fields::Report(f)
    }
}

impl Fields {
    pub fn kind(&self) -> Kind {
        match self {
            Fields::Agreement(_) => Kind::Agreement,
            Fields::Step(_) => Kind::Step,
            Fields::Roadmap(_) => Kind::Roadmap,
            Fields::Milestone(_) => Kind::Milestone,
            Fields::Activity(_) => Kind::Activity,
            Fields::Report(_) => Kind::Report,
        }
    }

    /// The fields as text (see [`RecordKind::texts`]).
    pub fn texts(&self) -> Texts {
        each_fields!(self, f => f.texts())
    }

    /// The fields of checked texts of a kind.
    pub fn from_texts(kind: Kind, texts: &Texts) -> Fields {
        with_kind!(kind, K => K::from_texts(texts).into())
    }

    /// The stored document, for the kinds that keep one.
    pub fn document(&self) -> Option<&StoredDocument> {
        match self {
            Fields::Agreement(a) => Some(&a.document),
            Fields::Step(s) => Some(&s.document),
            _ => None,
        }
    }
}

/// The name and SHA-256 of a record's stored document (none before one is attached).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredDocument {
    pub name: Option<String>,
    pub sha256: Option<String>,
}

impl StoredDocument {
    /// The file name, when there is one.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref().filter(|n| !n.is_empty())
    }

    /// The SHA-256 ("" when none).
    pub fn sha256(&self) -> &str {
        self.sha256.as_deref().unwrap_or("")
    }
}

/// A record as loaded for editing: its tie, its typed fields, and what decides who may touch it.
#[derive(Clone, Debug)]
pub struct Record {
    pub kind: Kind,
    pub id: i32,
    pub tie: Tie,
    /// The roadmap of a milestone (a roadmap's own id).
    pub roadmap_id: Option<i32>,
    pub fields: Fields,
    /// For a milestone: when its roadmap was published.
    pub published_at: Option<NaiveDateTime>,
    pub version: i32,
    pub author_id: Option<i32>,
    pub independent: bool,
}

impl Record {
    pub fn is_published(&self) -> bool {
        self.published_at.is_some()
    }

    /// The fields as text (what the edit form shows, what a revision records).
    pub fn texts(&self) -> Texts {
        self.fields.texts()
    }

    /// May this user see the record (drafts: only those who may edit it)?
    pub fn visible_to(&self, user: Option<&CurrentUser>) -> bool {
        self.is_published() || user.is_some_and(|u| self.editable_by(u))
    }

    /// May this user edit (and publish) the record?
    pub fn editable_by(&self, u: &CurrentUser) -> bool {
        if self.kind == Kind::Report {
            u.can_edit_report(
                self.author_id,
                self.independent,
                self.tie.place_id,
                self.tie.partner_id,
            )
        } else {
            u.can_edit_tie(self.tie.place_id, self.tie.partner_id)
        }
    }
}

/// Where a new record goes.
#[derive(Clone, Copy, Debug)]
pub enum Parent<'a> {
    Tie(&'a Tie),
    /// A milestone's roadmap (and its tie).
    Roadmap(i32, &'a Tie),
}

impl Parent<'_> {
    pub fn tie(&self) -> &Tie {
        match self {
            Parent::Tie(t) | Parent::Roadmap(_, t) => t,
        }
    }
}

/// What a save came to.
#[derive(Debug)]
pub enum Saved {
    Ok(i32),
    /// The record changed since the form was loaded; nothing was written.
    Conflict,
}

/// What saving a new-record form did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Created {
    /// A record was made.
    New(i32),
    /// The same form was saved before (its submission key was claimed): this is that record.
    Earlier(i32),
    /// The key was claimed by another account or for another kind of record: nothing was made.
    KeyTaken,
}

impl Created {
    /// The record's id; `KeyTaken` is a request to refuse.
    pub fn id(self) -> Result<i32, PublishError> {
        match self {
            Created::New(id) | Created::Earlier(id) => Ok(id),
            Created::KeyTaken => Err(PublishError::SubmissionTaken),
        }
    }
}
