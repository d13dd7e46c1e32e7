//! Ties: the relationship between an Indonesian place and its partner, its fields of cooperation
//! and the statuses reported by sources.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::Conn;
use super::agreement::Agreement;
use super::place::Place;
use super::source::{Citation, Source};
use crate::i18n::PartialDate;
use crate::schema::{reported_statuses, tie_fields, ties};

#[derive(Queryable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = ties)]
pub struct Tie {
    pub id: i32,
    /// The public identifier, `<indonesian_slug>--<partner_slug>`.
    pub slug: String,
    pub place_id: i32,
    pub partner_id: i32,
    /// `sister-city`, `sister-province`, `friendship-city` or `other`.
    pub kind: String,
    /// The reported start of the tie when the source names no agreement.
    pub started_on: Option<NaiveDate>,
    pub started_precision: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub const KINDS: [&str; 4] = ["sister-city", "sister-province", "friendship-city", "other"];

#[derive(Insertable, Debug)]
#[diesel(table_name = ties)]
pub struct NewTie<'a> {
    pub slug: &'a str,
    pub place_id: i32,
    pub partner_id: i32,
    pub kind: &'a str,
    pub started_on: Option<NaiveDate>,
    pub started_precision: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A status as a source reported it at the source's own date: historical evidence, never today's status.
#[derive(Queryable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = reported_statuses)]
pub struct ReportedStatus {
    pub id: i32,
    pub tie_id: i32,
    /// active, dormant, expired, terminated, proposed or unknown.
    pub status: String,
    pub note: String,
    /// `;`-separated factor tags the source names.
    pub factors: String,
    pub as_of: Option<NaiveDate>,
    pub as_of_precision: Option<String>,
    pub created_at: NaiveDateTime,
    /// The note in Indonesian, written for this site ('' = not given): shown on Indonesian pages
    /// with the source's own words (`note`) beside it.
    pub note_id: String,
}

pub const REPORTED_STATUSES: [&str; 6] = [
    "active",
    "dormant",
    "expired",
    "terminated",
    "proposed",
    "unknown",
];

#[derive(Insertable, Debug)]
#[diesel(table_name = reported_statuses)]
pub struct NewReportedStatus<'a> {
    pub tie_id: i32,
    pub status: &'a str,
    pub note: &'a str,
    pub factors: &'a str,
    pub created_at: NaiveDateTime,
    pub note_id: &'a str,
}

impl ReportedStatus {
    pub fn factor_tags(&self) -> Vec<&str> {
        self.factors
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    }

    pub fn as_of(&self) -> Option<PartialDate> {
        PartialDate::from_db(self.as_of, self.as_of_precision.as_deref())
    }
}

/// A reported status with the sources that report it.
#[derive(Debug, Clone, Serialize)]
pub struct Reported {
    pub status: ReportedStatus,
    pub citations: Vec<Citation>,
}

/// What a list row or a tie page needs about a tie, loaded for many ties in a fixed number of queries.
#[derive(Debug, Clone, Serialize)]
pub struct TieSummary {
    pub tie: Tie,
    pub place: Place,
    pub partner: Place,
    pub fields: Vec<String>,
    pub agreements: Vec<Agreement>,
    pub reported: Vec<Reported>,
}

impl TieSummary {
    /// The earliest agreement on record, if any.
    pub fn first_agreement(&self) -> Option<&Agreement> {
        self.agreements
            .iter()
            .filter(|a| a.signed_on.is_some())
            .min_by_key(|a| a.signed_on)
            .or_else(|| self.agreements.first())
    }

    /// When the first agreement on record was signed: what the tie list's "first agreement"
    /// filters (`signed_from`/`signed_to`), its `signed` sort and the home page's decades read.
    /// A start reported by sources without an agreement on record is not an agreement's date.
    pub fn first_signed(&self) -> Option<PartialDate> {
        self.first_agreement().and_then(|ag| ag.signed())
    }

    pub fn started(&self) -> Option<PartialDate> {
        PartialDate::from_db(self.tie.started_on, self.tie.started_precision.as_deref())
    }

    /// The place on the other side, seen from `place_id`.
    pub fn other_side(&self, place_id: i32) -> &Place {
        if self.place.id == place_id {
            &self.partner
        } else {
            &self.place
        }
    }

    pub fn latest_reported(&self) -> Option<&Reported> {
        self.reported.last()
    }

    /// The near side (the Indonesian place, or the first when both or neither are) and the far
    /// side, as the tie list's `kind` and `country` filters see them.
    pub fn near_far(&self) -> (&Place, &Place) {
        if self.place.is_indonesian() || !self.partner.is_indonesian() {
            (&self.place, &self.partner)
        } else {
            (&self.partner, &self.place)
        }
    }

    pub fn far(&self) -> &Place {
        self.near_far().1
    }
}

impl Tie {
    pub fn by_slug(conn: &mut Conn, slug: &str) -> QueryResult<Option<Tie>> {
        // No slug holds a NUL, and PostgreSQL refuses one in a text parameter (a 500 otherwise).
        if slug.contains('\0') {
            return Ok(None);
        }
        ties::table
            .filter(ties::slug.eq(slug))
            .first(conn)
            .optional()
    }

    pub fn count(conn: &mut Conn) -> QueryResult<i64> {
        ties::table.count().get_result(conn)
    }

    /// The ties a place is party to, on either side.
    pub fn of_place(conn: &mut Conn, place_id: i32) -> QueryResult<Vec<Tie>> {
        ties::table
            .filter(
                ties::place_id
                    .eq(place_id)
                    .or(ties::partner_id.eq(place_id)),
            )
            .order(ties::slug)
            .load(conn)
    }

    pub fn by_ids(conn: &mut Conn, ids: &[i32]) -> QueryResult<Vec<Tie>> {
        ties::table.filter(ties::id.eq_any(ids)).load(conn)
    }

    pub fn all(conn: &mut Conn) -> QueryResult<Vec<Tie>> {
        ties::table.order(ties::slug).load(conn)
    }

    /// How many ties have each latest reported status.
    pub fn count_by_reported_status(conn: &mut Conn) -> QueryResult<Vec<(String, i64)>> {
        // The latest reported status of each tie is the one with the highest id.
        let latest: Vec<(i32, i32, String)> = reported_statuses::table
            .select((
                reported_statuses::id,
                reported_statuses::tie_id,
                reported_statuses::status,
            ))
            .order((reported_statuses::tie_id, reported_statuses::id))
            .load(conn)?;
        let mut per_tie: HashMap<i32, String> = HashMap::new();
        for (_, tie, status) in latest {
            per_tie.insert(tie, status);
        }
        let with_none = Tie::count(conn)? - per_tie.len() as i64;
        let mut counts: Vec<(String, i64)> = super::tie::REPORTED_STATUSES
            .iter()
            .map(|s| {
                (
                    s.to_string(),
                    per_tie.values().filter(|v| v == s).count() as i64,
                )
            })
            .collect();
        if let Some(unknown) = counts.iter_mut().find(|(s, _)| s == "unknown") {
            unknown.1 += with_none;
        }
        Ok(counts)
    }

    /// Loads everything a summary needs for these ties: 5 queries whatever their number.
    pub fn summaries(conn: &mut Conn, ties: Vec<Tie>) -> QueryResult<Vec<TieSummary>> {
        Tie::summaries_with(conn, ties, true)
    }

    /// The summaries without the sources of the reported statuses (their `citations` are empty),
    /// for what shows none (the exports): 4 queries whatever the number of ties.
    pub fn summaries_uncited(conn: &mut Conn, ties: Vec<Tie>) -> QueryResult<Vec<TieSummary>> {
        Tie::summaries_with(conn, ties, false)
    }

    fn summaries_with(
        conn: &mut Conn,
        ties: Vec<Tie>,
        cited: bool,
    ) -> QueryResult<Vec<TieSummary>> {
        let ids: Vec<i32> = ties.iter().map(|t| t.id).collect();
        let mut place_ids: Vec<i32> = ties
            .iter()
            .flat_map(|t| [t.place_id, t.partner_id])
            .collect();
        place_ids.sort_unstable();
        place_ids.dedup();
        let places: HashMap<i32, Place> = Place::by_ids(conn, &place_ids)?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let mut fields: HashMap<i32, Vec<String>> = HashMap::new();
        for (tie, field) in tie_fields::table
            .filter(tie_fields::tie_id.eq_any(&ids))
            .order((tie_fields::tie_id, tie_fields::field))
            .load::<(i32, String)>(conn)?
        {
            fields.entry(tie).or_default().push(field);
        }
        let mut agreements = Agreement::published_for_ties(conn, &ids)?;
        let statuses: Vec<ReportedStatus> = reported_statuses::table
            .filter(reported_statuses::tie_id.eq_any(&ids))
            .order((reported_statuses::tie_id, reported_statuses::id))
            .load(conn)?;
        let status_ids: Vec<i32> = statuses.iter().map(|s| s.id).collect();
        let mut citations = if cited {
            Source::citations_for(conn, "reported_status", &status_ids)?
        } else {
            HashMap::new()
        };
        let mut reported: HashMap<i32, Vec<Reported>> = HashMap::new();
        for status in statuses {
            let citations = citations.remove(&status.id).unwrap_or_default();
            reported
                .entry(status.tie_id)
                .or_default()
                .push(Reported { status, citations });
        }
        let mut out = Vec::with_capacity(ties.len());
        for tie in ties {
            let (Some(place), Some(partner)) =
                (places.get(&tie.place_id), places.get(&tie.partner_id))
            else {
                return Err(diesel::result::Error::NotFound);
            };
            out.push(TieSummary {
                place: place.clone(),
                partner: partner.clone(),
                fields: fields.remove(&tie.id).unwrap_or_default(),
                agreements: agreements.remove(&tie.id).unwrap_or_default(),
                reported: reported.remove(&tie.id).unwrap_or_default(),
                tie,
            });
        }
        Ok(out)
    }
}
