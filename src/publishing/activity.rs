//! Activities: what happened within a tie (visits, exchanges, events…), who took part, its cost.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::fields::{
    FieldSpec, FieldType::*, Texts, Vocab, count, opt_amount, opt_day, opt_text, optional,
    required, show, text, texts,
};
use super::store::{insert_row, publish_row, update_row};
use super::{Kind, Loaded, Parent, RecordKind};
use crate::auth::CurrentUser;
use crate::db::AnyConnection as Conn;
use crate::schema::activities;

/// An activity's fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Activity {
    pub occurred_on: NaiveDate,
    /// One of `models::activity::KINDS`.
    pub kind: String,
    pub title: String,
    pub description: String,
    pub participants_government: i32,
    pub participants_business: i32,
    pub participants_academia: i32,
    pub participants_community: i32,
    pub participants_youth: i32,
    pub cost_amount: Option<f64>,
    /// ISO 4217, upper case.
    pub cost_currency: Option<String>,
    pub evidence_link: Option<String>,
}

/// The columns a form sets.
macro_rules! changes {
    ($s:expr) => {
        (
            activities::occurred_on.eq($s.occurred_on),
            activities::kind.eq($s.kind.clone()),
            activities::title.eq($s.title.clone()),
            activities::description.eq($s.description.clone()),
            activities::participants_government.eq($s.participants_government),
            activities::participants_business.eq($s.participants_business),
            activities::participants_academia.eq($s.participants_academia),
            activities::participants_community.eq($s.participants_community),
            activities::participants_youth.eq($s.participants_youth),
            activities::cost_amount.eq($s.cost_amount),
            activities::cost_currency.eq($s.cost_currency.clone()),
            activities::evidence_link.eq($s.evidence_link.clone()),
        )
    };
}

impl RecordKind for Activity {
    const KIND: Kind = Kind::Activity;
    /// The participants' fields are one per sector of `models::activity::SECTORS`.
    const FIELDS: &'static [FieldSpec] = &[
        required("occurred_on", Date),
        required("kind", Choice(Vocab::ActivityKind)),
        required("title", Text),
        optional("description", Textarea),
        optional("participants_government", Count),
        optional("participants_business", Count),
        optional("participants_academia", Count),
        optional("participants_community", Count),
        optional("participants_youth", Count),
        optional("cost_amount", Amount),
        optional("cost_currency", Text),
        optional("evidence_link", Url),
    ];

    fn from_texts(t: &Texts) -> Self {
        Activity {
            occurred_on: opt_day(t, "occurred_on").unwrap_or_default(),
            kind: text(t, "kind"),
            title: text(t, "title"),
            description: text(t, "description"),
            participants_government: count(t, "participants_government"),
            participants_business: count(t, "participants_business"),
            participants_academia: count(t, "participants_academia"),
            participants_community: count(t, "participants_community"),
            participants_youth: count(t, "participants_youth"),
            cost_amount: opt_amount(t, "cost_amount"),
            cost_currency: opt_text(t, "cost_currency"),
            evidence_link: opt_text(t, "evidence_link"),
        }
    }

    fn texts(&self) -> Texts {
        texts([
            ("occurred_on", self.occurred_on.to_string()),
            ("kind", self.kind.clone()),
            ("title", self.title.clone()),
            ("description", self.description.clone()),
            (
                "participants_government",
                self.participants_government.to_string(),
            ),
            (
                "participants_business",
                self.participants_business.to_string(),
            ),
            (
                "participants_academia",
                self.participants_academia.to_string(),
            ),
            (
                "participants_community",
                self.participants_community.to_string(),
            ),
            ("participants_youth", self.participants_youth.to_string()),
            ("cost_amount", show(&self.cost_amount)),
            ("cost_currency", show(&self.cost_currency)),
            ("evidence_link", show(&self.evidence_link)),
        ])
    }

    fn load(conn: &mut Conn, id: i32) -> QueryResult<Option<Loaded<Self>>> {
        let Some(a) = activities::table
            .find(id)
            .first::<crate::models::activity::Activity>(conn)
            .optional()?
        else {
            return Ok(None);
        };
        Ok(Some(Loaded {
            fields: Activity {
                occurred_on: a.occurred_on,
                kind: a.kind,
                title: a.title,
                description: a.description,
                participants_government: a.participants_government,
                participants_business: a.participants_business,
                participants_academia: a.participants_academia,
                participants_community: a.participants_community,
                participants_youth: a.participants_youth,
                cost_amount: a.cost_amount,
                cost_currency: a.cost_currency,
                evidence_link: a.evidence_link,
            },
            tie_id: a.tie_id,
            roadmap_id: None,
            published_at: a.published_at,
            version: a.version,
            author_id: a.created_by,
            independent: false,
        }))
    }

    fn ids_of_tie(conn: &mut Conn, tie_id: i32) -> QueryResult<Vec<i32>> {
        activities::table
            .filter(activities::tie_id.eq(tie_id))
            .select(activities::id)
            .order(activities::id)
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
            activities,
            now,
            (
                changes!(self),
                activities::tie_id.eq(parent.tie().id),
                activities::created_by.eq(Some(user.id)),
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
        update_row!(conn, activities, id, version, now, changes!(self))
    }

    fn set_published(
        conn: &mut Conn,
        id: i32,
        version: i32,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        publish_row!(conn, activities, id, version, now)
    }
}
