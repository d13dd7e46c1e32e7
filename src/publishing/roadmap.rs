//! Roadmaps: a tie's plan for a period, with a Markdown body and a budget (milestones are their
//! own kind, published with their roadmap).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::fields::{
    FieldSpec, FieldType::*, Texts, opt_amount, opt_day, opt_text, optional, required, show, text,
    texts,
};
use super::store::{insert_row, publish_row, update_row};
use super::{Kind, Loaded, Parent, RecordKind};
use crate::auth::CurrentUser;
use crate::db::AnyConnection as Conn;
use crate::schema::roadmaps;

/// A roadmap's fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Roadmap {
    pub title: String,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub body_md: String,
    pub budget_amount: Option<f64>,
    /// ISO 4217, upper case.
    pub budget_currency: Option<String>,
}

/// The columns a form sets (the body's HTML is rendered here, inside the save).
macro_rules! changes {
    ($s:expr) => {
        (
            roadmaps::title.eq($s.title.clone()),
            roadmaps::period_start.eq($s.period_start),
            roadmaps::period_end.eq($s.period_end),
            roadmaps::body_md.eq($s.body_md.clone()),
            roadmaps::body_html.eq(Some(crate::markdown::to_safe_html(&$s.body_md))),
            roadmaps::budget_amount.eq($s.budget_amount),
            roadmaps::budget_currency.eq($s.budget_currency.clone()),
        )
    };
}

impl RecordKind for Roadmap {
    const KIND: Kind = Kind::Roadmap;
    const FIELDS: &'static [FieldSpec] = &[
        required("title", Text),
        optional("period_start", Date),
        optional("period_end", Date),
        optional("body_md", Markdown),
        optional("budget_amount", Amount),
        optional("budget_currency", Text),
    ];
    const DATE_ORDER: &'static [(&'static str, &'static str)] = &[("period_start", "period_end")];

    fn from_texts(t: &Texts) -> Self {
        Roadmap {
            title: text(t, "title"),
            period_start: opt_day(t, "period_start"),
            period_end: opt_day(t, "period_end"),
            body_md: text(t, "body_md"),
            budget_amount: opt_amount(t, "budget_amount"),
            budget_currency: opt_text(t, "budget_currency"),
        }
    }

    fn texts(&self) -> Texts {
        texts([
            ("title", self.title.clone()),
            ("period_start", show(&self.period_start)),
            ("period_end", show(&self.period_end)),
            ("body_md", self.body_md.clone()),
            ("budget_amount", show(&self.budget_amount)),
            ("budget_currency", show(&self.budget_currency)),
        ])
    }

    fn load(conn: &mut Conn, id: i32) -> QueryResult<Option<Loaded<Self>>> {
        let Some(r) = roadmaps::table
            .find(id)
            .first::<crate::models::roadmap::Roadmap>(conn)
            .optional()?
        else {
            return Ok(None);
        };
        Ok(Some(Loaded {
            fields: Roadmap {
                title: r.title,
                period_start: r.period_start,
                period_end: r.period_end,
                body_md: r.body_md,
                budget_amount: r.budget_amount,
                budget_currency: r.budget_currency,
            },
            tie_id: r.tie_id,
            roadmap_id: Some(r.id),
            published_at: r.published_at,
            version: r.version,
            author_id: r.created_by,
            independent: false,
        }))
    }

    fn ids_of_tie(conn: &mut Conn, tie_id: i32) -> QueryResult<Vec<i32>> {
        roadmaps::table
            .filter(roadmaps::tie_id.eq(tie_id))
            .select(roadmaps::id)
            .order(roadmaps::id)
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
            roadmaps,
            now,
            (
                changes!(self),
                roadmaps::tie_id.eq(parent.tie().id),
                roadmaps::created_by.eq(Some(user.id)),
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
        update_row!(conn, roadmaps, id, version, now, changes!(self))
    }

    fn set_published(
        conn: &mut Conn,
        id: i32,
        version: i32,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        publish_row!(conn, roadmaps, id, version, now)
    }
}
