//! Roadmaps: a tie's operational plan for a period, with measurable milestones.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::Conn;
use crate::schema::{milestones, roadmaps};

#[derive(Queryable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = roadmaps)]
pub struct Roadmap {
    pub id: i32,
    pub tie_id: i32,
    pub title: String,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub body_md: String,
    pub budget_amount: Option<f64>,
    pub budget_currency: Option<String>,
    pub published_at: Option<NaiveDateTime>,
    pub created_by: Option<i32>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// `body_md` rendered and sanitised when saved (see `markdown::to_safe_html`).
    pub body_html: Option<String>,
}

#[derive(Queryable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = milestones)]
pub struct Milestone {
    pub id: i32,
    pub roadmap_id: i32,
    pub title: String,
    /// The measurable target ("20 teachers trained").
    pub target: String,
    pub due_on: Option<NaiveDate>,
    /// planned, in-progress, done or missed.
    pub status: String,
    pub evidence: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub const MILESTONE_STATUSES: [&str; 4] = ["planned", "in-progress", "done", "missed"];

/// A roadmap with its milestones.
#[derive(Debug, Clone, Serialize)]
pub struct RoadmapWithMilestones {
    pub roadmap: Roadmap,
    pub milestones: Vec<Milestone>,
}

impl Milestone {
    /// Measurable: a target and a due date.
    pub fn is_measurable(&self) -> bool {
        !self.target.trim().is_empty() && self.due_on.is_some()
    }
}

impl Roadmap {
    /// The published roadmaps of a tie, newest period first, with their milestones (2 queries).
    pub fn published_for_tie(
        conn: &mut Conn,
        tie_id: i32,
    ) -> QueryResult<Vec<RoadmapWithMilestones>> {
        let maps: Vec<Roadmap> = roadmaps::table
            .filter(roadmaps::tie_id.eq(tie_id))
            .filter(roadmaps::published_at.is_not_null())
            .order((roadmaps::period_start.desc(), roadmaps::id.desc()))
            .load(conn)?;
        let ids: Vec<i32> = maps.iter().map(|r| r.id).collect();
        let mut all: Vec<Milestone> = milestones::table
            .filter(milestones::roadmap_id.eq_any(&ids))
            .order((milestones::due_on.asc(), milestones::id))
            .load(conn)?;
        Ok(maps
            .into_iter()
            .map(|roadmap| {
                let (mine, rest): (Vec<_>, Vec<_>) =
                    all.drain(..).partition(|m| m.roadmap_id == roadmap.id);
                all = rest;
                RoadmapWithMilestones {
                    roadmap,
                    milestones: mine,
                }
            })
            .collect())
    }
}

/// What the assessment needs to know about a published roadmap.
#[derive(Debug, Clone, Serialize)]
pub struct RoadmapEvidence {
    pub roadmap_id: i32,
    pub published_at: NaiveDateTime,
    pub budget_disclosed: bool,
    /// Milestones with a measurable target and a due date.
    pub measurable_milestones: usize,
    /// Due dates of milestones marked done (a sign of life).
    pub done_on: Vec<NaiveDate>,
}

/// A milestone's roadmap, target, due date and status.
type MilestoneRow = (i32, String, Option<NaiveDate>, String);

impl RoadmapEvidence {
    /// The evidence of many ties' published roadmaps, in two narrow queries.
    pub fn for_ties(
        conn: &mut Conn,
        tie_ids: &[i32],
    ) -> QueryResult<std::collections::HashMap<i32, Vec<RoadmapEvidence>>> {
        let maps: Vec<(i32, i32, Option<NaiveDateTime>, Option<f64>)> = roadmaps::table
            .filter(roadmaps::tie_id.eq_any(tie_ids))
            .filter(roadmaps::published_at.is_not_null())
            .select((
                roadmaps::id,
                roadmaps::tie_id,
                roadmaps::published_at,
                roadmaps::budget_amount,
            ))
            .load(conn)?;
        let ids: Vec<i32> = maps.iter().map(|m| m.0).collect();
        let stones: Vec<MilestoneRow> = milestones::table
            .filter(milestones::roadmap_id.eq_any(&ids))
            .select((
                milestones::roadmap_id,
                milestones::target,
                milestones::due_on,
                milestones::status,
            ))
            .load(conn)?;
        // Milestones by roadmap, so that each roadmap looks at its own only (not at all of them).
        let mut by_roadmap: std::collections::HashMap<i32, Vec<&MilestoneRow>> =
            std::collections::HashMap::new();
        for s in &stones {
            by_roadmap.entry(s.0).or_default().push(s);
        }
        let mut out: std::collections::HashMap<i32, Vec<RoadmapEvidence>> =
            std::collections::HashMap::new();
        for (id, tie_id, published_at, budget) in maps {
            let mine = by_roadmap.get(&id).map(Vec::as_slice).unwrap_or_default();
            out.entry(tie_id).or_default().push(RoadmapEvidence {
                roadmap_id: id,
                published_at: published_at.unwrap_or_default(),
                budget_disclosed: budget.is_some(),
                measurable_milestones: mine
                    .iter()
                    .filter(|s| !s.1.trim().is_empty() && s.2.is_some())
                    .count(),
                done_on: mine
                    .iter()
                    .filter(|s| s.3 == "done")
                    .filter_map(|s| s.2)
                    .collect(),
            });
        }
        Ok(out)
    }
}

super::recent_published!(roadmaps, title);
