//! Procedure steps: dated steps of the Indonesian procedure for a tie with a foreign local government.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::Conn;
use crate::i18n::PartialDate;
use crate::schema::procedure_steps;

/// The steps of the Indonesian procedure (GLOSSARY.md, "The procedure"), in the usual order
/// (sources disagree on it, and a tie may record them in any order).
pub const STEPS: [&str; 11] = [
    "exploration",
    "loi",
    "cooperation-plan",
    "home-affairs-consideration",
    "dprd-approval",
    "central-verification",
    "draft-agreement",
    "full-powers",
    "signing",
    "deposit",
    "implementation",
];

#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = procedure_steps)]
pub struct ProcedureStep {
    pub id: i32,
    pub tie_id: i32,
    pub step: String,
    pub occurred_on: Option<NaiveDate>,
    pub occurred_precision: Option<String>,
    pub link: Option<String>,
    pub document_sha256: Option<String>,
    pub note: String,
    pub published_at: Option<NaiveDateTime>,
    pub version: i32,
    pub updated_at: NaiveDateTime,
}

impl ProcedureStep {
    pub fn occurred(&self) -> Option<PartialDate> {
        PartialDate::from_db(self.occurred_on, self.occurred_precision.as_deref())
    }

    /// The published steps of a tie, in date order.
    pub fn published_for_tie(conn: &mut Conn, tie_id: i32) -> QueryResult<Vec<ProcedureStep>> {
        procedure_steps::table
            .filter(procedure_steps::tie_id.eq(tie_id))
            .filter(procedure_steps::published_at.is_not_null())
            .order((procedure_steps::occurred_on.asc(), procedure_steps::id))
            .select(ProcedureStep::as_select())
            .load(conn)
    }
}

/// A procedure step with the name of its stored document, for editing.
pub struct StepForEditing {
    pub step: ProcedureStep,
    pub document_name: Option<String>,
}

impl ProcedureStep {
    /// The names of the published steps of many ties, in one narrow query (for the assessment).
    pub fn published_steps_for_ties(
        conn: &mut Conn,
        tie_ids: &[i32],
    ) -> QueryResult<std::collections::HashMap<i32, Vec<String>>> {
        let rows: Vec<(i32, String)> = procedure_steps::table
            .filter(procedure_steps::tie_id.eq_any(tie_ids))
            .filter(procedure_steps::published_at.is_not_null())
            .select((procedure_steps::tie_id, procedure_steps::step))
            .load(conn)?;
        let mut out: std::collections::HashMap<i32, Vec<String>> = Default::default();
        for (tie, step) in rows {
            out.entry(tie).or_default().push(step);
        }
        Ok(out)
    }

    /// One step, draft or published (callers decide who may see it).
    pub fn by_id(conn: &mut Conn, id: i32) -> QueryResult<Option<StepForEditing>> {
        let Some(step) = procedure_steps::table
            .find(id)
            .select(ProcedureStep::as_select())
            .first(conn)
            .optional()?
        else {
            return Ok(None);
        };
        let document_name = procedure_steps::table
            .find(id)
            .select(procedure_steps::document_name)
            .first(conn)?;
        Ok(Some(StepForEditing {
            step,
            document_name,
        }))
    }
}
