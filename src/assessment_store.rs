//! Stored assessments: the result of `assessment::assess` kept per tie in `tie_assessments`,
//! refreshed in the transaction of every write that touches a tie's records, and on each new day
//! for the ties whose state the date changes, so that lists filter, sort, count and page in SQL
//! (`tie_query`), and exports read what is stored instead of judging again (`stored_in_order`,
//! `each_summarised`).
//! The judgement itself is still made in one place, `assessment`.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use diesel::connection::DefaultLoadingMode;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::assessment::{
    ActivityStatus, AgreementStatus, Assessed, Assessment, CheckResult, METHODOLOGY_VERSION,
    Reason, assess_ties,
};
use crate::db::AnyConnection as Conn;
use crate::i18n::Lang;
use crate::models::tie::{Tie, TieSummary};
use crate::schema::{assessment_day, data_version, tie_assessments};

/// One tie's stored assessment, with the columns the tie list filters and sorts on.
#[derive(Queryable, Insertable, AsChangeset, Debug, Clone, PartialEq)]
#[diesel(table_name = tie_assessments)]
#[diesel(treat_none_as_null = true)]
pub struct StoredAssessment {
    pub tie_id: i32,
    pub methodology_version: String,
    /// The day this row was last written (its judgement is valid for `assessment_day`).
    pub assessed_on: NaiveDate,
    pub agreement_status: String,
    pub activity_status: String,
    pub score: i32,
    pub grade: String,
    pub ceremonial: bool,
    pub has_report: bool,
    /// Whether the roadmap check is met.
    pub roadmap: bool,
    pub recent_evaluation: bool,
    pub expires_on: Option<NaiveDate>,
    /// The reasons and every check's points, as JSON (see `Details`).
    pub details: String,
    /// The tie's `place_id` (the side whose figures the home page averages).
    pub place_id: i32,
    pub tie_slug: String,
    pub place_slug: String,
    pub partner_slug: String,
    pub place_name: String,
    pub partner_name: String,
    pub partner_country: String,
    /// The country of the far side (`TieSummary::near_far`), which the `country` filter reads.
    pub far_country: String,
    /// The kind of the near side, which the `kind` filter reads.
    pub near_kind: String,
    /// The year the first agreement on record was signed, which the `signed_from`/`signed_to`
    /// filters compare (`TieSummary::first_signed`; a start reported by sources never counts).
    pub signed_year: Option<i32>,
    /// The date the `signed` sort orders by (the first agreement's, as `signed_year`).
    pub signed_on: Option<NaiveDate>,
    /// The latest date any agreement was signed (the home page's ceremonial list, newest first).
    pub last_signed_on: Option<NaiveDate>,
    /// The latest reported status ('' when none).
    pub reported_status: String,
    /// The fields as `|culture|education|`.
    pub fields: String,
    /// The kinds of the agreements as `|loi|mou|`.
    pub agreement_kinds: String,
    /// What `q` looks in, folded (`tie_query::haystack`), per language.
    pub search_id: String,
    pub search_en: String,
}

/// The detail of a judgement kept beside its columns: every reason and check.
#[derive(Serialize)]
struct Details<'a> {
    agreement_reason: &'a Reason,
    activity_reason: &'a Reason,
    checks: &'a [CheckResult],
    disagreement: &'a Option<Reason>,
}

/// The same detail as read back from the store.
#[derive(Deserialize)]
struct StoredDetails {
    agreement_reason: Reason,
    activity_reason: Reason,
    checks: Vec<CheckResult>,
    disagreement: Option<Reason>,
}

/// The reasons an export shows, read back from the stored detail (the rest is skipped).
#[derive(Deserialize)]
struct SummaryDetails {
    agreement_reason: Reason,
    disagreement: Option<Reason>,
}

/// What an export shows of a tie's stored assessment: its statuses, score, grade and ceremonial
/// flag, and the reasons for its agreement status and for a disagreement (every check stays in
/// the store).
#[derive(Debug, Clone)]
pub struct AssessmentSummary {
    pub agreement_status: AgreementStatus,
    pub agreement_reason: Reason,
    pub activity_status: ActivityStatus,
    pub score: u32,
    pub grade: char,
    pub ceremonial: bool,
    pub disagreement: Option<Reason>,
    pub methodology_version: &'static str,
}

/// A stored row that cannot be read back as an assessment.
fn unreadable(tie_id: i32, what: impl std::fmt::Display) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(
        format!("the stored assessment of tie {tie_id}: {what}").into(),
    )
}

/// The columns a stored row is judged by: methodology version, agreement status, activity
/// status, score and grade, read back (a row of another methodology version is refused).
fn read_judgement(
    tie_id: i32,
    (version, agreement, activity, score, grade): (&str, &str, &str, i32, &str),
) -> QueryResult<(AgreementStatus, ActivityStatus, u32, char)> {
    let bad = |what: &str| unreadable(tie_id, what);
    if version != METHODOLOGY_VERSION {
        return Err(bad("made by another methodology version"));
    }
    Ok((
        AgreementStatus::parse(agreement).ok_or_else(|| bad("agreement status"))?,
        ActivityStatus::parse(activity).ok_or_else(|| bad("activity status"))?,
        u32::try_from(score).map_err(|_| bad("score"))?,
        grade.chars().next().ok_or_else(|| bad("grade"))?,
    ))
}

impl StoredAssessment {
    /// The assessment this row keeps, as `assessment::assess` made it for the day `today` (the
    /// stored day, `day`): statuses, score, grade, flags, every check and every reason.
    pub fn assessment(&self, today: NaiveDate) -> QueryResult<Assessment> {
        let (agreement_status, activity_status, score, grade) = read_judgement(
            self.tie_id,
            (
                &self.methodology_version,
                &self.agreement_status,
                &self.activity_status,
                self.score,
                &self.grade,
            ),
        )?;
        let details: StoredDetails =
            serde_json::from_str(&self.details).map_err(|e| unreadable(self.tie_id, e))?;
        Ok(Assessment {
            today,
            methodology_version: METHODOLOGY_VERSION,
            agreement_status,
            agreement_reason: details.agreement_reason,
            activity_status,
            activity_reason: details.activity_reason,
            score,
            grade,
            checks: details.checks,
            ceremonial: self.ceremonial,
            expires_on: self.expires_on,
            disagreement: details.disagreement,
            has_report: self.has_report,
            recent_evaluation: self.recent_evaluation,
        })
    }
}

/// These ties with their summaries and their stored assessments, in the order of `ids`: read,
/// not judged again (the store holds what `assessment::assess` made on the stored day). A fixed
/// number of statements whatever the number of ties: the stored rows, the ties, their summaries.
/// A tie without a stored row is left out (a tie made after the ids were read).
pub fn stored_in_order(
    conn: &mut Conn,
    ids: &[i32],
    today: NaiveDate,
) -> QueryResult<Vec<Assessed>> {
    let mut stored = HashMap::with_capacity(ids.len());
    for row in tie_assessments::table
        .filter(tie_assessments::tie_id.eq_any(ids))
        .load_iter::<StoredAssessment, DefaultLoadingMode>(conn)?
    {
        let row = row?;
        stored.insert(row.tie_id, row.assessment(today)?);
    }
    let mut out = Vec::with_capacity(ids.len());
    in_order(conn, ids, stored, true, |summary, assessment| {
        out.push(Assessed {
            summary,
            assessment,
        })
    })?;
    Ok(out)
}

/// Like `stored_in_order`, for a streamed export: each tie's summary (without the sources of its
/// reported statuses) and what the export shows of its stored assessment, handed to `each` in
/// the order of `ids`. Each stored row is read back as it comes from the database, so that
/// memory holds the summaries of these ties and no stored detail.
pub fn each_summarised(
    conn: &mut Conn,
    ids: &[i32],
    each: impl FnMut(TieSummary, AssessmentSummary),
) -> QueryResult<()> {
    use tie_assessments as ta;
    type Row = (i32, String, String, String, i32, String, bool, String);
    let mut stored = HashMap::with_capacity(ids.len());
    for row in ta::table
        .filter(ta::tie_id.eq_any(ids))
        .select((
            ta::tie_id,
            ta::methodology_version,
            ta::agreement_status,
            ta::activity_status,
            ta::score,
            ta::grade,
            ta::ceremonial,
            ta::details,
        ))
        .load_iter::<Row, DefaultLoadingMode>(conn)?
    {
        let (tie_id, version, agreement, activity, score, grade, ceremonial, details) = row?;
        let (agreement_status, activity_status, score, grade) =
            read_judgement(tie_id, (&version, &agreement, &activity, score, &grade))?;
        let details: SummaryDetails =
            serde_json::from_str(&details).map_err(|e| unreadable(tie_id, e))?;
        let summary = AssessmentSummary {
            agreement_status,
            agreement_reason: details.agreement_reason,
            activity_status,
            score,
            grade,
            ceremonial,
            disagreement: details.disagreement,
            methodology_version: METHODOLOGY_VERSION,
        };
        stored.insert(tie_id, summary);
    }
    in_order(conn, ids, stored, false, each)
}

/// These ties' summaries (`cited`: with the sources of their reported statuses) with what was
/// read of their stored rows, handed to `each` in the order of `ids`.
fn in_order<T>(
    conn: &mut Conn,
    ids: &[i32],
    mut stored: HashMap<i32, T>,
    cited: bool,
    mut each: impl FnMut(TieSummary, T),
) -> QueryResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let ties = Tie::by_ids(conn, ids)?;
    let summaries = if cited {
        Tie::summaries(conn, ties)?
    } else {
        Tie::summaries_uncited(conn, ties)?
    };
    let mut summaries: HashMap<i32, TieSummary> =
        summaries.into_iter().map(|s| (s.tie.id, s)).collect();
    for id in ids {
        if let (Some(summary), Some(row)) = (summaries.remove(id), stored.remove(id)) {
            each(summary, row);
        }
    }
    Ok(())
}

fn bars(items: impl Iterator<Item = String>) -> String {
    let mut v: Vec<String> = items.collect();
    v.sort();
    v.dedup();
    format!("|{}|", v.join("|"))
}

/// The stored form of a tie's assessment on `today`.
pub fn row(s: &TieSummary, a: &Assessment, today: NaiveDate) -> StoredAssessment {
    let (near, far) = s.near_far();
    let details = Details {
        agreement_reason: &a.agreement_reason,
        activity_reason: &a.activity_reason,
        checks: &a.checks,
        disagreement: &a.disagreement,
    };
    StoredAssessment {
        tie_id: s.tie.id,
        methodology_version: a.methodology_version.to_string(),
        assessed_on: today,
        agreement_status: a.agreement_status.as_str().to_string(),
        activity_status: a.activity_status.as_str().to_string(),
        score: a.score as i32,
        grade: a.grade.to_string(),
        ceremonial: a.ceremonial,
        has_report: a.has_report,
        roadmap: a.checks.iter().any(|c| c.key == "roadmap" && c.met),
        recent_evaluation: a.recent_evaluation,
        expires_on: a.expires_on,
        details: serde_json::to_string(&details).unwrap_or_default(),
        place_id: s.tie.place_id,
        tie_slug: s.tie.slug.clone(),
        place_slug: s.place.slug.clone(),
        partner_slug: s.partner.slug.clone(),
        place_name: s.place.name.clone(),
        partner_name: s.partner.name.clone(),
        partner_country: s.partner.country_code.clone(),
        far_country: far.country_code.clone(),
        near_kind: near.kind.clone(),
        signed_year: s.first_signed().map(|d| d.date.year()),
        signed_on: s.first_signed().map(|d| d.date),
        last_signed_on: s.agreements.iter().filter_map(|ag| ag.signed_on).max(),
        reported_status: s
            .latest_reported()
            .map(|r| r.status.status.clone())
            .unwrap_or_default(),
        fields: bars(s.fields.iter().cloned()),
        agreement_kinds: bars(s.agreements.iter().map(|a| a.kind.clone())),
        search_id: crate::tie_query::haystack(Lang::Id, s),
        search_en: crate::tie_query::haystack(Lang::En, s),
    }
}

/// A stored check read back (`assessment_store`), its key as the key of that check in `CHECKS`.
impl<'de> serde::Deserialize<'de> for CheckResult {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<CheckResult, D::Error> {
        #[derive(serde::Deserialize)]
        struct Stored {
            key: String,
            points: u32,
            met: bool,
            earned: u32,
            reason: Reason,
        }
        let s = <Stored as serde::Deserialize>::deserialize(d)?;
        let key = crate::assessment::CHECKS
            .iter()
            .find(|c| c.key == s.key)
            .map(|c| c.key)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown check {}", s.key)))?;
        Ok(CheckResult {
            key,
            points: s.points,
            met: s.met,
            earned: s.earned,
            reason: s.reason,
        })
    }
}

/// The day the stored assessments were judged on (`None` before the first refresh).
pub fn day(conn: &mut Conn) -> QueryResult<Option<NaiveDate>> {
    Ok(assessment_day::table
        .find(1)
        .select(assessment_day::day)
        .first::<Option<NaiveDate>>(conn)
        .optional()?
        .flatten())
}

/// The day a write judges on: the stored day, else today (UTC).
fn current_day(conn: &mut Conn) -> QueryResult<NaiveDate> {
    Ok(day(conn)?.unwrap_or_else(|| chrono::Utc::now().date_naive()))
}

fn same(old: &StoredAssessment, new: &StoredAssessment) -> bool {
    StoredAssessment {
        assessed_on: new.assessed_on,
        ..old.clone()
    } == *new
}

/// Assess these ties on `today` and write the rows that differ from the stored ones; `None`
/// means every tie. Returns how many rows changed (new rows included).
fn store(conn: &mut Conn, ids: Option<&[i32]>, today: NaiveDate) -> QueryResult<usize> {
    match ids {
        Some(ids) => store_these(conn, ids, today),
        None => {
            // Every tie, a chunk at a time, so memory stays bounded whatever the number of ties.
            let all: Vec<i32> = crate::schema::ties::table
                .select(crate::schema::ties::id)
                .order(crate::schema::ties::id)
                .load(conn)?;
            let mut changed = 0;
            for chunk in all.chunks(STORE_CHUNK) {
                changed += store_these(conn, chunk, today)?;
            }
            // Rows of ties that are gone (a foreign key cascades too; this covers every path).
            let ties = crate::schema::ties::table
                .filter(crate::schema::ties::id.eq(tie_assessments::tie_id))
                .select(crate::schema::ties::id);
            changed += diesel::delete(
                tie_assessments::table.filter(diesel::dsl::not(diesel::dsl::exists(ties))),
            )
            .execute(conn)?;
            Ok(changed)
        }
    }
}

/// How many ties a full refresh assesses at once.
const STORE_CHUNK: usize = 1000;

/// `store` for these ties.
fn store_these(conn: &mut Conn, ids: &[i32], today: NaiveDate) -> QueryResult<usize> {
    let ties = Tie::by_ids(conn, ids)?;
    let existing: Vec<StoredAssessment> = tie_assessments::table
        .filter(tie_assessments::tie_id.eq_any(ids))
        .load(conn)?;
    let mut existing: HashMap<i32, StoredAssessment> =
        existing.into_iter().map(|r| (r.tie_id, r)).collect();
    let mut new_rows = Vec::new();
    let mut changed = 0;
    for a in assess_ties(conn, ties, today)? {
        let new = row(&a.summary, &a.assessment, today);
        match existing.remove(&new.tie_id) {
            Some(old) if same(&old, &new) => {}
            Some(_) => {
                diesel::update(tie_assessments::table.find(new.tie_id))
                    .set(&new)
                    .execute(conn)?;
                changed += 1;
            }
            None => new_rows.push(new),
        }
    }
    // Rows of ties that are gone (a foreign key cascades too; this covers every path).
    let gone: Vec<i32> = existing.into_keys().collect();
    if !gone.is_empty() {
        diesel::delete(tie_assessments::table.filter(tie_assessments::tie_id.eq_any(&gone)))
            .execute(conn)?;
        changed += gone.len();
    }
    changed += new_rows.len();
    // Well under SQLite's limit of bound values per statement.
    for chunk in new_rows.chunks(500) {
        // A multi-row INSERT, which diesel builds per backend.
        let insert = diesel::insert_into(tie_assessments::table).values(chunk);
        match conn {
            Conn::Sqlite(c) => insert.execute(c)?,
            Conn::Postgresql(c) => insert.execute(c)?,
        };
    }
    Ok(changed)
}

/// Refresh the stored assessments of these ties, inside the caller's transaction (every write
/// that touches a tie's records calls this, or `refresh_tie`, before it commits).
pub fn refresh_ties(conn: &mut Conn, ids: &[i32]) -> QueryResult<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    let today = current_day(conn)?;
    store(conn, Some(ids), today)
}

pub fn refresh_tie(conn: &mut Conn, tie_id: i32) -> QueryResult<()> {
    refresh_ties(conn, &[tie_id]).map(|_| ())
}

/// Refresh the ties a place is party to (its names, kind and country are in their rows).
pub fn refresh_place(conn: &mut Conn, place_id: i32) -> QueryResult<()> {
    let ids: Vec<i32> = Tie::of_place(conn, place_id)?
        .iter()
        .map(|t| t.id)
        .collect();
    refresh_ties(conn, &ids).map(|_| ())
}

/// Refresh every tie on the stored day (bulk writers: import, generate, restore).
pub fn refresh_all(conn: &mut Conn) -> QueryResult<usize> {
    let today = current_day(conn)?;
    store(conn, None, today)
}

/// Recompute every tie on `today` and make it the stored day, in one transaction; returns how
/// many ties' stored state changed (`pantau reassess`, after a methodology change or a restore).
pub fn reassess(conn: &mut Conn, today: NaiveDate) -> QueryResult<usize> {
    conn.transaction(|conn| {
        // Taking the day's row first makes concurrent refreshes wait for this one.
        diesel::update(assessment_day::table.find(1))
            .set(assessment_day::day.eq(Some(today)))
            .execute(conn)?;
        wait_for_writers(conn)?;
        store(conn, None, today)
    })
}

/// Take the data version's row (every write holds it from its revision to its commit), after
/// the new day is set: a write that began before waits to be recomputed here (this transaction
/// reads its committed rows), one that comes after waits and judges on the new day. Pages cached
/// under the old day are not read again either way (their key holds the day).
fn wait_for_writers(conn: &mut Conn) -> QueryResult<()> {
    diesel::update(data_version::table.find(1))
        .set(data_version::version.eq(data_version::version + 1))
        .execute(conn)
        .map(|_| ())
}

/// Bring the stored assessments to `today` if they were judged on another day (at start, and
/// at the first list after midnight). Only ties whose state the date changes are written.
/// Returns how many changed, or `None` when the stored day was already `today`.
pub fn ensure_day(conn: &mut Conn, today: NaiveDate) -> QueryResult<Option<usize>> {
    if day(conn)? == Some(today) {
        return Ok(None);
    }
    conn.transaction(|conn| {
        // One conditional write: whichever process makes it does the work, the others find the
        // day set (and on SQLite the transaction writes first, so it never has to upgrade a read).
        let moved = diesel::update(
            assessment_day::table.find(1).filter(
                assessment_day::day
                    .is_null()
                    .or(assessment_day::day.ne(today)),
            ),
        )
        .set(assessment_day::day.eq(Some(today)))
        .execute(conn)?;
        if moved == 0 {
            return Ok(None);
        }
        wait_for_writers(conn)?;
        store(conn, None, today).map(Some)
    })
}

/// At start: recompute every tie if the store was made by another methodology version or does
/// not hold one row per tie (a restore, a first migration), else bring it to `today`. Returns
/// how many ties' stored state changed.
pub fn at_start(conn: &mut Conn, today: NaiveDate) -> QueryResult<usize> {
    let stale: i64 = tie_assessments::table
        .filter(tie_assessments::methodology_version.ne(crate::assessment::METHODOLOGY_VERSION))
        .count()
        .get_result(conn)?;
    let rows: i64 = tie_assessments::table.count().get_result(conn)?;
    if stale > 0 || rows != Tie::count(conn)? {
        return reassess(conn, today);
    }
    Ok(ensure_day(conn, today)?.unwrap_or(0))
}

/// The ties whose stored assessment differs from a fresh computation on the stored day (missing
/// and extra rows included): empty when the store is right. For tests and `pantau reassess --check`.
pub fn mismatches(conn: &mut Conn) -> QueryResult<Vec<i32>> {
    let today = current_day(conn)?;
    let stored: Vec<StoredAssessment> = tie_assessments::table.load(conn)?;
    let mut stored: HashMap<i32, StoredAssessment> =
        stored.into_iter().map(|r| (r.tie_id, r)).collect();
    let ties = Tie::all(conn)?;
    let mut wrong = Vec::new();
    for a in assess_ties(conn, ties, today)? {
        let fresh = row(&a.summary, &a.assessment, today);
        match stored.remove(&fresh.tie_id) {
            Some(old) if same(&old, &fresh) => {}
            _ => wrong.push(fresh.tie_id),
        }
    }
    wrong.extend(stored.into_keys());
    wrong.sort_unstable();
    Ok(wrong)
}
