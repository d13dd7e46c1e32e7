//! Activities: what actually happened within a tie (visits, exchanges, events, training, projects).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::Conn;
use crate::schema::activities;

#[derive(Queryable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = activities)]
pub struct Activity {
    pub id: i32,
    pub tie_id: i32,
    pub occurred_on: NaiveDate,
    /// visit, exchange, event, training, project or other.
    pub kind: String,
    pub title: String,
    pub description: String,
    pub participants_government: i32,
    pub participants_business: i32,
    pub participants_academia: i32,
    pub participants_community: i32,
    pub participants_youth: i32,
    pub cost_amount: Option<f64>,
    pub cost_currency: Option<String>,
    pub evidence_link: Option<String>,
    pub published_at: Option<NaiveDateTime>,
    pub created_by: Option<i32>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub const KINDS: [&str; 6] = ["visit", "exchange", "event", "training", "project", "other"];
pub const SECTORS: [&str; 5] = ["government", "business", "academia", "community", "youth"];

impl Activity {
    /// Participants by sector, in the order of `SECTORS`.
    pub fn participants(&self) -> [(&'static str, i32); 5] {
        [
            ("government", self.participants_government),
            ("business", self.participants_business),
            ("academia", self.participants_academia),
            ("community", self.participants_community),
            ("youth", self.participants_youth),
        ]
    }

    /// Whether anyone from outside government took part.
    pub fn has_non_government_participants(&self) -> bool {
        self.participants().iter().skip(1).any(|(_, n)| *n > 0)
    }

    /// The published activities of a tie, newest first.
    pub fn published_for_tie(conn: &mut Conn, tie_id: i32) -> QueryResult<Vec<Activity>> {
        activities::table
            .filter(activities::tie_id.eq(tie_id))
            .filter(activities::published_at.is_not_null())
            .order((activities::occurred_on.desc(), activities::id.desc()))
            .load(conn)
    }
}

/// What the assessment needs to know about a published activity.
#[derive(Debug, Clone, Serialize)]
pub struct ActivityEvidence {
    pub occurred_on: NaiveDate,
    pub non_government: bool,
    pub cost_disclosed: bool,
}

impl ActivityEvidence {
    /// The evidence of many ties' published activities, in one narrow query.
    pub fn for_ties(
        conn: &mut Conn,
        tie_ids: &[i32],
    ) -> QueryResult<std::collections::HashMap<i32, Vec<ActivityEvidence>>> {
        // tie, date, business, academia, community, youth, cost
        type Row = (i32, NaiveDate, i32, i32, i32, i32, Option<f64>);
        let rows: Vec<Row> = activities::table
            .filter(activities::tie_id.eq_any(tie_ids))
            .filter(activities::published_at.is_not_null())
            .select((
                activities::tie_id,
                activities::occurred_on,
                activities::participants_business,
                activities::participants_academia,
                activities::participants_community,
                activities::participants_youth,
                activities::cost_amount,
            ))
            .load(conn)?;
        let mut out: std::collections::HashMap<i32, Vec<ActivityEvidence>> =
            std::collections::HashMap::new();
        for (tie, occurred_on, b, a, c, y, cost) in rows {
            out.entry(tie).or_default().push(ActivityEvidence {
                occurred_on,
                non_government: b + a + c + y > 0,
                cost_disclosed: cost.is_some(),
            });
        }
        Ok(out)
    }
}

super::recent_published!(activities, title);
