//! Milestones: the measurable targets of a roadmap, public when their roadmap is.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::fields::{
    FieldSpec, FieldType::*, Texts, Vocab, opt_day, optional, required, show, text, texts,
};
use super::store::{insert_row, update_row};
use super::{Kind, Loaded, Parent, RecordKind};
use crate::auth::CurrentUser;
use crate::db::AnyConnection as Conn;
use crate::schema::{milestones, roadmaps};

/// A milestone's fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Milestone {
    pub title: String,
    /// The measurable target ("20 teachers trained").
    pub target: String,
    pub due_on: Option<NaiveDate>,
    /// One of `models::roadmap::MILESTONE_STATUSES`.
    pub status: String,
    pub evidence: String,
}

/// The columns a form sets.
macro_rules! changes {
    ($s:expr) => {
        (
            milestones::title.eq($s.title.clone()),
            milestones::target.eq($s.target.clone()),
            milestones::due_on.eq($s.due_on),
            milestones::status.eq($s.status.clone()),
            milestones::evidence.eq($s.evidence.clone()),
        )
    };
}

impl RecordKind for Milestone {
    const KIND: Kind = Kind::Milestone;
    const FIELDS: &'static [FieldSpec] = &[
        required("title", Text),
        required("target", Text),
        required("due_on", Date),
        required("status", Choice(Vocab::MilestoneStatus)),
        optional("evidence", Textarea),
    ];

    fn from_texts(t: &Texts) -> Self {
        Milestone {
            title: text(t, "title"),
            target: text(t, "target"),
            due_on: opt_day(t, "due_on"),
            status: text(t, "status"),
            evidence: text(t, "evidence"),
        }
    }

    fn texts(&self) -> Texts {
        texts([
            ("title", self.title.clone()),
            ("target", self.target.clone()),
            ("due_on", show(&self.due_on)),
            ("status", self.status.clone()),
            ("evidence", self.evidence.clone()),
        ])
    }

    fn load(conn: &mut Conn, id: i32) -> QueryResult<Option<Loaded<Self>>> {
        let Some(m) = milestones::table
            .find(id)
            .first::<crate::models::roadmap::Milestone>(conn)
            .optional()?
        else {
            return Ok(None);
        };
        let r: crate::models::roadmap::Roadmap = roadmaps::table.find(m.roadmap_id).first(conn)?;
        Ok(Some(Loaded {
            fields: Milestone {
                title: m.title,
                target: m.target,
                due_on: m.due_on,
                status: m.status,
                evidence: m.evidence,
            },
            tie_id: r.tie_id,
            roadmap_id: Some(r.id),
            published_at: r.published_at,
            version: m.version,
            author_id: None,
            independent: false,
        }))
    }

    /// The milestones of the tie's roadmaps.
    fn ids_of_tie(conn: &mut Conn, tie_id: i32) -> QueryResult<Vec<i32>> {
        let roadmap_ids: Vec<i32> = roadmaps::table
            .filter(roadmaps::tie_id.eq(tie_id))
            .select(roadmaps::id)
            .order(roadmaps::id)
            .load(conn)?;
        milestones::table
            .filter(milestones::roadmap_id.eq_any(&roadmap_ids))
            .select(milestones::id)
            .order(milestones::id)
            .load(conn)
    }

    fn insert(
        &self,
        conn: &mut Conn,
        parent: Parent<'_>,
        _user: &CurrentUser,
        now: NaiveDateTime,
    ) -> QueryResult<i32> {
        let roadmap_id = match parent {
            Parent::Roadmap(r, _) => r,
            Parent::Tie(_) => 0,
        };
        insert_row!(
            conn,
            milestones,
            now,
            (changes!(self), milestones::roadmap_id.eq(roadmap_id))
        )
    }

    fn update(
        &self,
        conn: &mut Conn,
        id: i32,
        version: i32,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        update_row!(conn, milestones, id, version, now, changes!(self))
    }

    /// A milestone is published with its roadmap, never by itself.
    fn set_published(
        _conn: &mut Conn,
        _id: i32,
        _version: i32,
        _now: NaiveDateTime,
    ) -> QueryResult<bool> {
        Ok(false)
    }
}
