//! Agreements: the dated documents of a tie (LoI, MoU, implementing agreement, renewal, amendment, termination).

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::Conn;
use crate::i18n::PartialDate;
use crate::schema::agreements;

/// The kinds of agreement; `other` keeps documents the sources name otherwise.
pub const KINDS: [&str; 7] = [
    "loi",
    "mou",
    "implementing",
    "renewal",
    "amendment",
    "termination",
    "other",
];

/// An agreement as shown on public pages (the document bytes are not loaded here).
#[derive(Queryable, Selectable, Debug, Clone, Serialize)]
#[diesel(table_name = agreements)]
pub struct Agreement {
    pub id: i32,
    pub tie_id: i32,
    pub kind: String,
    pub title: String,
    pub signed_on: Option<NaiveDate>,
    pub signed_precision: Option<String>,
    pub in_force_from: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub signatories: String,
    pub link: Option<String>,
    pub document_media_type: Option<String>,
    pub document_name: Option<String>,
    pub document_sha256: Option<String>,
    pub note: String,
    pub published_at: Option<NaiveDateTime>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The official recorded, from the document's text, that the agreement has no end date.
    pub open_ended: bool,
    /// The stored document's size in bytes.
    pub document_size: Option<i32>,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = agreements)]
pub struct NewAgreement<'a> {
    pub tie_id: i32,
    pub kind: &'a str,
    pub signed_on: Option<NaiveDate>,
    pub signed_precision: Option<&'a str>,
    pub note: &'a str,
    pub published_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Agreement {
    pub fn signed(&self) -> Option<PartialDate> {
        PartialDate::from_db(self.signed_on, self.signed_precision.as_deref())
    }

    /// Whether the agreement's text is public (a stored document or a link).
    pub fn text_is_public(&self) -> bool {
        self.document_sha256.is_some() || self.link.as_deref().is_some_and(|l| !l.is_empty())
    }

    /// The published agreements of many ties, oldest first, grouped by tie.
    pub fn published_for_ties(
        conn: &mut Conn,
        tie_ids: &[i32],
    ) -> QueryResult<HashMap<i32, Vec<Agreement>>> {
        let rows: Vec<Agreement> = agreements::table
            .filter(agreements::tie_id.eq_any(tie_ids))
            .filter(agreements::published_at.is_not_null())
            .order((
                agreements::tie_id,
                agreements::signed_on.asc(),
                agreements::id,
            ))
            .select(Agreement::as_select())
            .load(conn)?;
        let mut out: HashMap<i32, Vec<Agreement>> = HashMap::new();
        for a in rows {
            out.entry(a.tie_id).or_default().push(a);
        }
        Ok(out)
    }
}

impl Agreement {
    /// One agreement, draft or published (callers decide who may see it).
    pub fn by_id(conn: &mut Conn, id: i32) -> QueryResult<Option<Agreement>> {
        agreements::table
            .find(id)
            .select(Agreement::as_select())
            .first(conn)
            .optional()
    }
}

super::recent_published!(agreements, kind);
