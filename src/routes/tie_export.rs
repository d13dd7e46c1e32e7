//! The tie list's exports, `/{lang}/ties.csv` and `/{lang}/ties.json`: every row the list's query
//! matches (all pages), in its order, streamed in pieces of `stream::ROWS_PER_PIECE` ties read
//! from the stored assessments (nothing is judged again), so that memory holds one piece whatever
//! the number of ties. The rows are also the `.xlsx` twin's (`routes::xlsx`).

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use super::export;
use super::stream::{self, Encoding, ROWS_PER_PIECE, Rows};
use super::{lang, with_db};
use crate::assessment_store::{AssessmentSummary, each_summarised};
use crate::db::AnyConnection;
use crate::error::{AppError, OwnBody};
use crate::i18n::Lang;
use crate::models::tie::TieSummary;
use crate::startup::AppState;
use crate::tie_query::TieQuery;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/{lang}/ties.csv",
        web::get().to(|req, path, state| export(req, path, state, Encoding::Csv)),
    )
    .route(
        "/{lang}/ties.json",
        web::get().to(|req, path, state| export(req, path, state, TIES_JSON)),
    );
}

/// The JSON export: pretty, its ties under `ties`.
const TIES_JSON: Encoding = Encoding::Json {
    key: "ties",
    pretty: true,
};

/// One tie as exported (CSV row, JSON object, xlsx row), with stable English field names, ISO
/// dates at their precision and codes for every vocabulary; the same file whatever the URL's
/// language: names and texts come as Indonesian and English columns, URLs are absolute.
#[derive(Serialize)]
pub struct ExportRow {
    pub id: String,
    /// The tie's page, in Indonesian (`url_en`: in English).
    pub url: String,
    pub url_en: String,
    /// The Indonesian place's name (`_en`: its English name, where it differs).
    pub indonesian_place: String,
    pub indonesian_place_en: String,
    pub indonesian_place_slug: String,
    pub partner: String,
    pub partner_en: String,
    pub partner_slug: String,
    pub partner_country: String,
    pub tie_kind: String,
    pub first_agreement_type: String,
    /// When the first agreement on record was signed, at its precision (`1993`, `1989-11`).
    pub first_agreement_signed_on: String,
    /// When sources date the tie's start, at its precision (also without an agreement on record).
    pub started_on: String,
    pub fields: String,
    pub reported_status: String,
    pub agreement_status: String,
    /// Why the agreement has its status, in Indonesian and in English.
    pub agreement_status_reason_id: String,
    pub agreement_status_reason_en: String,
    pub activity_status: String,
    pub score: u32,
    pub grade: String,
    pub ceremonial: bool,
    /// "Sources disagree: …" when a reported status contradicts the derived one, else empty.
    pub disagreement_id: String,
    pub disagreement_en: String,
    /// The version of the methodology that produced the statuses and the score.
    pub methodology_version: String,
}

impl ExportRow {
    /// The CSV columns, in order (the struct's field names).
    pub const COLUMNS: [&'static str; 26] = [
        "id",
        "url",
        "url_en",
        "indonesian_place",
        "indonesian_place_en",
        "indonesian_place_slug",
        "partner",
        "partner_en",
        "partner_slug",
        "partner_country",
        "tie_kind",
        "first_agreement_type",
        "first_agreement_signed_on",
        "started_on",
        "fields",
        "reported_status",
        "agreement_status",
        "agreement_status_reason_id",
        "agreement_status_reason_en",
        "activity_status",
        "score",
        "grade",
        "ceremonial",
        "disagreement_id",
        "disagreement_en",
        "methodology_version",
    ];

    /// The row of a tie with what its stored assessment says, with absolute URLs under `origin`
    /// (`https://pantau.example`).
    pub fn new(origin: &str, s: &TieSummary, a: &AssessmentSummary) -> ExportRow {
        let first = s.first_agreement();
        let disagreement = |lang| {
            a.disagreement
                .as_ref()
                .map(|r| r.text(lang))
                .unwrap_or_default()
        };
        ExportRow {
            id: s.tie.slug.clone(),
            url: format!("{origin}/id/ties/{}", s.tie.slug),
            url_en: format!("{origin}/en/ties/{}", s.tie.slug),
            indonesian_place: s.place.name_in(Lang::Id).to_string(),
            indonesian_place_en: s.place.name_in(Lang::En).to_string(),
            indonesian_place_slug: s.place.slug.clone(),
            partner: s.partner.name_in(Lang::Id).to_string(),
            partner_en: s.partner.name_in(Lang::En).to_string(),
            partner_slug: s.partner.slug.clone(),
            partner_country: s.partner.country_code.clone(),
            tie_kind: s.tie.kind.clone(),
            first_agreement_type: first.map(|ag| ag.kind.clone()).unwrap_or_default(),
            first_agreement_signed_on: first
                .and_then(|ag| ag.signed())
                .map(|d| d.iso())
                .unwrap_or_default(),
            started_on: s.started().map(|d| d.iso()).unwrap_or_default(),
            fields: s.fields.join(";"),
            reported_status: s
                .latest_reported()
                .map(|r| r.status.status.clone())
                .unwrap_or_else(|| "unknown".into()),
            agreement_status: a.agreement_status.as_str().into(),
            agreement_status_reason_id: a.agreement_reason.text(Lang::Id),
            agreement_status_reason_en: a.agreement_reason.text(Lang::En),
            activity_status: a.activity_status.as_str().into(),
            score: a.score,
            grade: a.grade.to_string(),
            ceremonial: a.ceremonial,
            disagreement_id: disagreement(Lang::Id),
            disagreement_en: disagreement(Lang::En),
            methodology_version: a.methodology_version.into(),
        }
    }
}

/// The export rows of these ties, in the order of `ids`, from their stored assessments.
fn rows_of(
    conn: &mut AnyConnection,
    ids: &[i32],
    origin: &str,
) -> Result<Vec<ExportRow>, AppError> {
    let mut rows = Vec::with_capacity(ids.len());
    each_summarised(conn, ids, |s, a| rows.push(ExportRow::new(origin, &s, &a)))?;
    Ok(rows)
}

fn bad_filter(lang: Lang, e: crate::tie_query::InvalidParam) -> HttpResponse {
    let mut res = HttpResponse::BadRequest()
        .content_type("application/problem+json")
        .json(serde_json::json!({
            "type": "about:blank",
            "title": lang.t("error-400-title"),
            "status": 400,
            "detail": e.message(lang),
            "parameter": e.name,
        }));
    res.extensions_mut().insert(OwnBody);
    res
}

/// The query of an export and every row it matches, in memory (the `.xlsx` twin, which its
/// writer needs whole), or the 400 problem document for a bad value.
pub(crate) async fn export_rows(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    lang: Lang,
) -> Result<Result<(TieQuery, Vec<ExportRow>), HttpResponse>, AppError> {
    let query = match TieQuery::parse(req.query_string()) {
        Ok(q) => q,
        Err(e) => return Ok(Err(bad_filter(lang, e))),
    };
    let origin = export::origin(req);
    let sql_query = query.clone();
    let rows = with_db(state, move |conn| {
        let ids = sql_query.ids(conn, lang, None)?;
        let mut rows = Vec::with_capacity(ids.len());
        for piece in ids.chunks(ROWS_PER_PIECE) {
            rows.extend(rows_of(conn, piece, &origin)?);
        }
        Ok(rows)
    })
    .await?;
    Ok(Ok((query, rows)))
}

/// The rows of a tie export: the ties matching the list's query, in its order.
struct TieRows {
    query: TieQuery,
    lang: Lang,
    today: chrono::NaiveDate,
    origin: String,
}

impl Rows for TieRows {
    type Row = ExportRow;
    const COLUMNS: &'static [&'static str] = &ExportRow::COLUMNS;

    fn ids(&mut self, conn: &mut AnyConnection) -> Result<Vec<i32>, AppError> {
        Ok(self.query.ids(conn, self.lang, None)?)
    }

    fn rows(&mut self, conn: &mut AnyConnection, ids: &[i32]) -> Result<Vec<ExportRow>, AppError> {
        rows_of(conn, ids, &self.origin)
    }

    fn envelope(&self, count: usize) -> serde_json::Value {
        let q = &self.query;
        serde_json::json!({
            "filters": q.filters(),
            "sort": format!("{}{}", if q.descending { "-" } else { "" }, q.sort),
            "count": count,
            "generated_at": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "as_of": self.today.to_string(),
            "methodology_version": crate::assessment::METHODOLOGY_VERSION,
            "licence": export::licence_json(),
            "attribution": self.lang.t("export-licence"),
        })
    }
}

/// Stream the export of `req`'s query, or answer its 400 or 304.
async fn export(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
    encoding: Encoding,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let query = match TieQuery::parse(req.query_string()) {
        Ok(q) => q,
        Err(e) => return Ok(bad_filter(lang, e)),
    };
    let (canonical, stem) = (query.to_query(false), query.file_stem());
    let rows = TieRows {
        query,
        lang,
        today: state.today(),
        origin: export::origin(&req),
    };
    stream::export(&req, &state, &canonical, &stem, encoding, rows).await
}
