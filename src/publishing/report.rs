//! Evaluation reports: a Markdown body, a rating and a comment on each of the five success
//! indicators, and the factors observed. The author, and whether the report is independent,
//! come from the account that writes it, never from the form.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::fields::{
    FieldSpec, FieldType::*, Texts, Vocab, get, opt_day, opt_rating, optional, required, show,
    text, texts,
};
use super::store::{insert_row, publish_row, update_row};
use super::{Kind, Loaded, Parent, RecordKind};
use crate::auth::{CurrentUser, Role};
use crate::db::AnyConnection as Conn;
use crate::schema::{report_factors, reports};

/// A rating (0–3, or none) and a comment on one indicator.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rating {
    pub rating: Option<i32>,
    pub comment: String,
}

/// A report's fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    pub title: String,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub body_md: String,
    /// One per indicator of `models::report::INDICATORS`, in that order.
    pub commitment: Rating,
    pub participation: Rating,
    pub mou: Rating,
    pub benefit: Rating,
    pub results: Rating,
    /// Tags of `models::report::factors()`, sorted, each once.
    pub factors: Vec<String>,
}

/// The columns a form sets (the body's HTML is rendered here, inside the save).
macro_rules! changes {
    ($s:expr) => {
        (
            reports::title.eq($s.title.clone()),
            reports::period_start.eq($s.period_start),
            reports::period_end.eq($s.period_end),
            reports::body_md.eq($s.body_md.clone()),
            reports::body_html.eq(Some(crate::markdown::to_safe_html(&$s.body_md))),
            reports::rating_commitment.eq($s.commitment.rating),
            reports::rating_participation.eq($s.participation.rating),
            reports::rating_mou.eq($s.mou.rating),
            reports::rating_benefit.eq($s.benefit.rating),
            reports::rating_results.eq($s.results.rating),
            (
                reports::comment_commitment.eq($s.commitment.comment.clone()),
                reports::comment_participation.eq($s.participation.comment.clone()),
                reports::comment_mou.eq($s.mou.comment.clone()),
                reports::comment_benefit.eq($s.benefit.comment.clone()),
                reports::comment_results.eq($s.results.comment.clone()),
            ),
        )
    };
}

fn rating(t: &Texts, rating: &str, comment: &str) -> Rating {
    Rating {
        rating: opt_rating(t, rating),
        comment: text(t, comment),
    }
}

impl Report {
    /// The factors replace the stored ones.
    fn save_factors(&self, conn: &mut Conn, id: i32) -> QueryResult<()> {
        diesel::delete(report_factors::table.filter(report_factors::report_id.eq(id)))
            .execute(conn)?;
        for f in self.factors.iter().filter(|f| !f.is_empty()) {
            diesel::insert_into(report_factors::table)
                .values((
                    report_factors::report_id.eq(id),
                    report_factors::factor.eq(f),
                ))
                .execute(conn)?;
        }
        Ok(())
    }
}

impl RecordKind for Report {
    const KIND: Kind = Kind::Report;
    /// A rating and a comment per indicator of `models::report::INDICATORS`.
    const FIELDS: &'static [FieldSpec] = &[
        required("title", Text),
        optional("period_start", Date),
        optional("period_end", Date),
        required("body_md", Markdown),
        optional("rating_commitment", Choice(Vocab::Rating)),
        optional("comment_commitment", Textarea),
        optional("rating_participation", Choice(Vocab::Rating)),
        optional("comment_participation", Textarea),
        optional("rating_mou", Choice(Vocab::Rating)),
        optional("comment_mou", Textarea),
        optional("rating_benefit", Choice(Vocab::Rating)),
        optional("comment_benefit", Textarea),
        optional("rating_results", Choice(Vocab::Rating)),
        optional("comment_results", Textarea),
        optional("factors", Choices(Vocab::Factor)),
    ];
    const DATE_ORDER: &'static [(&'static str, &'static str)] = &[("period_start", "period_end")];

    fn from_texts(t: &Texts) -> Self {
        Report {
            title: text(t, "title"),
            period_start: opt_day(t, "period_start"),
            period_end: opt_day(t, "period_end"),
            body_md: text(t, "body_md"),
            commitment: rating(t, "rating_commitment", "comment_commitment"),
            participation: rating(t, "rating_participation", "comment_participation"),
            mou: rating(t, "rating_mou", "comment_mou"),
            benefit: rating(t, "rating_benefit", "comment_benefit"),
            results: rating(t, "rating_results", "comment_results"),
            factors: get(t, "factors")
                .lines()
                .filter(|f| !f.is_empty())
                .map(str::to_string)
                .collect(),
        }
    }

    fn texts(&self) -> Texts {
        texts([
            ("title", self.title.clone()),
            ("period_start", show(&self.period_start)),
            ("period_end", show(&self.period_end)),
            ("body_md", self.body_md.clone()),
            ("factors", self.factors.join("\n")),
            ("rating_commitment", show(&self.commitment.rating)),
            ("comment_commitment", self.commitment.comment.clone()),
            ("rating_participation", show(&self.participation.rating)),
            ("comment_participation", self.participation.comment.clone()),
            ("rating_mou", show(&self.mou.rating)),
            ("comment_mou", self.mou.comment.clone()),
            ("rating_benefit", show(&self.benefit.rating)),
            ("comment_benefit", self.benefit.comment.clone()),
            ("rating_results", show(&self.results.rating)),
            ("comment_results", self.results.comment.clone()),
        ])
    }

    fn load(conn: &mut Conn, id: i32) -> QueryResult<Option<Loaded<Self>>> {
        let Some(r) = reports::table
            .find(id)
            .first::<crate::models::report::Report>(conn)
            .optional()?
        else {
            return Ok(None);
        };
        let factors: Vec<String> = report_factors::table
            .filter(report_factors::report_id.eq(id))
            .select(report_factors::factor)
            .order(report_factors::factor)
            .load(conn)?;
        let rated = |rating: Option<i32>, comment: &str| Rating {
            rating,
            comment: comment.to_string(),
        };
        Ok(Some(Loaded {
            fields: Report {
                commitment: rated(r.rating_commitment, &r.comment_commitment),
                participation: rated(r.rating_participation, &r.comment_participation),
                mou: rated(r.rating_mou, &r.comment_mou),
                benefit: rated(r.rating_benefit, &r.comment_benefit),
                results: rated(r.rating_results, &r.comment_results),
                title: r.title,
                period_start: r.period_start,
                period_end: r.period_end,
                body_md: r.body_md,
                factors,
            },
            tie_id: r.tie_id,
            roadmap_id: None,
            published_at: r.published_at,
            version: r.version,
            author_id: r.author_id,
            independent: r.independent,
        }))
    }

    fn ids_of_tie(conn: &mut Conn, tie_id: i32) -> QueryResult<Vec<i32>> {
        reports::table
            .filter(reports::tie_id.eq(tie_id))
            .select(reports::id)
            .order(reports::id)
            .load(conn)
    }

    fn insert(
        &self,
        conn: &mut Conn,
        parent: Parent<'_>,
        user: &CurrentUser,
        now: NaiveDateTime,
    ) -> QueryResult<i32> {
        let id = insert_row!(
            conn,
            reports,
            now,
            (
                changes!(self),
                (
                    reports::tie_id.eq(parent.tie().id),
                    reports::author_id.eq(Some(user.id)),
                    reports::author_name.eq(user.display_name.clone()),
                    reports::independent.eq(user.role == Role::Evaluator),
                ),
            )
        )?;
        self.save_factors(conn, id)?;
        Ok(id)
    }

    fn update(
        &self,
        conn: &mut Conn,
        id: i32,
        version: i32,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let updated = update_row!(conn, reports, id, version, now, changes!(self))?;
        if updated {
            self.save_factors(conn, id)?;
        }
        Ok(updated)
    }

    fn set_published(
        conn: &mut Conn,
        id: i32,
        version: i32,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        publish_row!(conn, reports, id, version, now)
    }
}
