//! The API's endpoints: the lists (places, ties, reports, sources, public changes) with one paging
//! rule and `Link` headers, and the records (a place, a tie with everything its page shows, a report).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::dto::*;
use super::params::{self, BadParam, Paging, RecordPath, RevisionFilters, TieFilters};
use super::{LANG, fail, list_answer, ok, problem, refuse};
use crate::assessment::{assess_ties, place_figures};
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::models::activity::Activity;
use crate::models::place::Place;
use crate::models::procedure::ProcedureStep;
use crate::models::report::Report;
use crate::models::revision::{PublicRevisions, Revision};
use crate::models::roadmap::Roadmap;
use crate::models::source::Source;
use crate::models::tie::Tie;
use crate::routes::export::origin;
use crate::routes::with_db;
use crate::startup::AppState;
use crate::tie_query::TieQuery;

/// A slug as the site makes them (a-z, 0-9, -); anything else is a malformed id (400).
fn slug_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn malformed(what: &str) -> HttpResponse {
    problem(
        StatusCode::BAD_REQUEST,
        &format!("'{what}' is not a valid id."),
        vec![],
    )
}

/// A record takes no parameter: any is refused, named.
fn no_params(req: &HttpRequest) -> Option<HttpResponse> {
    params::pairs(req.query_string())
        .and_then(|p| params::only_known(&p, &[]))
        .err()
        .map(refuse)
}

/// A list's checked query: its pairs, page and page size.
type ListQuery = (Vec<(String, String)>, usize, usize);

/// The checked query of a list: its pairs, its page and its page size.
fn list_query(req: &HttpRequest, known: &[&str]) -> Result<ListQuery, BadParam> {
    let pairs = params::pairs(req.query_string())?;
    params::only_known(&pairs, known)?;
    let (page, per_page) = Paging::from_pairs(&pairs)?;
    Ok((pairs, page, per_page))
}

/// All places, Indonesian first, with their number of ties.
#[utoipa::path(
    get,
    path = "/api/v1/places",
    params(Paging),
    responses((status = 200, description = "The records asked for", body = PlaceList), (status = 304, description = "Not modified since the validators given"), (status = 400, description = "A parameter is not valid or not known", body = Problem, content_type = "application/problem+json"))
)]
pub async fn places(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let (pairs, page, per_page) = match list_query(&req, &params::PAGING_PARAMS) {
        Ok(q) => q,
        Err(e) => return refuse(e),
    };
    let result = with_db(&state, |conn| {
        Ok((
            Place::all_with_tie_counts(conn)?,
            Revision::last_change(conn)?,
        ))
    })
    .await;
    let (all, changed) = match result {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let origin = origin(&req);
    let total = all.len();
    let list = all
        .iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .map(|p| PlaceOut::new(&origin, &p.place, p.ties))
        .collect();
    list_answer(
        &req,
        &pairs,
        page,
        per_page,
        total,
        crate::routes::freshness(&state, changed),
        |next| {
            ok(&PlaceList {
                count: total,
                page,
                per_page,
                next,
                places: list,
            })
        },
    )
}

/// One place with its ties and figures.
#[utoipa::path(
    get,
    path = "/api/v1/places/{slug}",
    params(("slug" = String, Path, pattern = "^[a-z0-9-]{1,200}$", example = "bandung", description = "Place slug, e.g. bandung")),
    responses((status = 200, description = "The records asked for", body = PlaceDetail), (status = 400, description = "A malformed slug", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"))
)]
pub async fn place(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> HttpResponse {
    let slug = path.into_inner();
    if !slug_ok(&slug) {
        return malformed(&slug);
    }
    if let Some(refused) = no_params(&req) {
        return refused;
    }
    let today = state.today();
    let result = with_db(&state, move |conn| {
        let place = Place::by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
        // The ties' stored assessments, read rather than judged again.
        let ids: Vec<i32> = Tie::of_place(conn, place.id)?
            .iter()
            .map(|t| t.id)
            .collect();
        Ok((
            place,
            crate::assessment_store::stored_in_order(conn, &ids, today)?,
            Revision::last_change(conn)?,
        ))
    })
    .await;
    let origin = origin(&req);
    match result {
        Ok((place, assessed, changed)) => {
            let figures = place_figures(assessed.iter().map(|a| &a.assessment));
            super::changed(
                ok(&PlaceDetail {
                    place: PlaceOut::new(&origin, &place, assessed.len() as i64),
                    average_score: figures.average_score,
                    average_grade: figures.average_grade.map(|g| g.to_string()),
                    ceremonial_ties: figures.ceremonial,
                    ties: assessed.iter().map(|a| TieOut::new(&origin, a)).collect(),
                }),
                crate::routes::freshness(&state, changed),
            )
        }
        Err(e) => fail(e),
    }
}

/// Ties, with the same filters and sort as the tie list page (`/{lang}/ties`); paging as every list.
#[utoipa::path(
    get,
    path = "/api/v1/ties",
    params(TieFilters, Paging),
    responses((status = 200, description = "The records asked for", body = TieList), (status = 304, description = "Not modified since the validators given"), (status = 400, description = "A parameter is not valid or not known", body = Problem, content_type = "application/problem+json"))
)]
pub async fn ties(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let known = params::tie_params();
    let (pairs, page, per_page) = match list_query(&req, &known) {
        Ok(q) => q,
        Err(e) => return refuse(e),
    };
    // The filters go through the tie list's own parser; paging is the API's.
    let filters: Vec<&(String, String)> = pairs
        .iter()
        .filter(|(k, _)| !params::PAGING_PARAMS.contains(&k.as_str()))
        .collect();
    let query = match TieQuery::parse(&serde_urlencoded::to_string(&filters).unwrap_or_default()) {
        Ok(q) => q,
        Err(e) => {
            return problem(
                StatusCode::BAD_REQUEST,
                &e.message(LANG),
                vec![e.name.to_string()],
            );
        }
    };
    let today = state.today();
    // Filters, sort, count and the page itself in SQL over the stored assessments.
    let mut sql_query = query.clone();
    sql_query.page = page;
    sql_query.per_page = per_page;
    let result = with_db(&state, move |conn| {
        Ok((
            sql_query.page(conn, LANG, today, false)?,
            Revision::last_change(conn)?,
        ))
    })
    .await;
    let (found, changed) = match result {
        Ok(a) => a,
        Err(e) => return fail(e),
    };
    let total = found.total;
    let origin = origin(&req);
    let list = found.rows.iter().map(|a| TieOut::new(&origin, a)).collect();
    list_answer(
        &req,
        &pairs,
        page,
        per_page,
        total,
        crate::routes::freshness(&state, changed),
        |next| {
            ok(&TieList {
                filters: query
                    .filters()
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect(),
                count: total,
                page,
                per_page,
                next,
                ties: list,
            })
        },
    )
}

/// One tie with everything its page shows: agreements, procedure steps, reported statuses with
/// their dates and sources, roadmaps, activities, reports with their comments, and its history.
#[utoipa::path(
    get,
    path = "/api/v1/ties/{id}",
    params(("id" = String, Path, pattern = "^[a-z0-9-]{1,200}$", example = "surabaya--liverpool-gb", description = "Tie id, e.g. ikn-nusantara--astana-kz")),
    responses((status = 200, description = "The records asked for", body = TieDetail), (status = 400, description = "A malformed id", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"))
)]
pub async fn tie(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> HttpResponse {
    let slug = path.into_inner();
    if !slug_ok(&slug) {
        return malformed(&slug);
    }
    if let Some(refused) = no_params(&req) {
        return refused;
    }
    let today = state.today();
    let result = with_db(&state, move |conn| {
        let tie = Tie::by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
        let id = tie.id;
        let assessed = assess_ties(conn, vec![tie], today)?
            .pop()
            .ok_or(AppError::NotFound)?;
        Ok((
            assessed,
            ProcedureStep::published_for_tie(conn, id)?,
            Roadmap::published_for_tie(conn, id)?,
            Activity::published_for_tie(conn, id)?,
            Report::published_for_tie(conn, id)?,
            Revision::public_of_tie(conn, id)?,
            Revision::last_change(conn)?,
        ))
    })
    .await;
    let (a, steps, roadmaps, activities, reports, revisions, changed) = match result {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let origin = origin(&req);
    let s = &a.summary;
    super::changed(
        ok(&TieDetail {
            tie: TieOut::new(&origin, &a),
            activity_status_reason: a.assessment.activity_reason.text(LANG),
            score_version: crate::assessment::SCORE_VERSION.into(),
            score_checks: a
                .assessment
                .checks
                .iter()
                .map(|c| CheckOut {
                    check: c.key.into(),
                    points: c.points,
                    met: c.met,
                    earned: c.earned,
                    reason: c.reason.text(LANG),
                })
                .collect(),
            agreements: s
                .agreements
                .iter()
                .map(|ag| AgreementOut::new(&origin, ag))
                .collect(),
            procedure_steps: steps.iter().map(StepOut::new).collect(),
            reported_statuses: s.reported.iter().map(ReportedOut::new).collect(),
            roadmaps: roadmaps.iter().map(RoadmapOut::new).collect(),
            activities: activities.iter().map(ActivityOut::new).collect(),
            reports: reports
                .iter()
                .map(|r| ReportOut::new(&origin, r, &s.tie.slug))
                .collect(),
            revisions: revisions
                .iter()
                .map(|r| RevisionOut::new(r, Some(&s.tie.slug)))
                .collect(),
        }),
        crate::routes::freshness(&state, changed),
    )
}

/// Published evaluation reports, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/reports",
    params(Paging),
    responses((status = 200, description = "The records asked for", body = ReportList), (status = 304, description = "Not modified since the validators given"), (status = 400, description = "A parameter is not valid or not known", body = Problem, content_type = "application/problem+json"))
)]
pub async fn reports(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let (pairs, page, per_page) = match list_query(&req, &params::PAGING_PARAMS) {
        Ok(q) => q,
        Err(e) => return refuse(e),
    };
    let result = with_db(&state, move |conn| {
        let total = Report::count_published(conn)?;
        let list = Report::published_page(conn, ((page - 1) * per_page) as i64, per_page as i64)?;
        let ids: Vec<i32> = list.iter().map(|r| r.report.tie_id).collect();
        let ties = Tie::by_ids(conn, &ids)?;
        Ok((total, list, ties, Revision::last_change(conn)?))
    })
    .await;
    let (total, list, ties, changed) = match result {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let origin = origin(&req);
    let slug = |id: i32| {
        ties.iter()
            .find(|t| t.id == id)
            .map(|t| t.slug.clone())
            .unwrap_or_default()
    };
    let reports = list
        .iter()
        .map(|r| ReportOut::new(&origin, r, &slug(r.report.tie_id)))
        .collect();
    let total = total as usize;
    list_answer(
        &req,
        &pairs,
        page,
        per_page,
        total,
        crate::routes::freshness(&state, changed),
        |next| {
            ok(&ReportList {
                count: total,
                page,
                per_page,
                next,
                reports,
            })
        },
    )
}

/// One published evaluation report, with the comment on each indicator.
#[utoipa::path(
    get,
    path = "/api/v1/reports/{id}",
    params(("id" = i32, Path, minimum = 1, example = 1, description = "Report id")),
    responses((status = 200, description = "The records asked for", body = ReportOut), (status = 400, description = "A malformed id", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"))
)]
pub async fn report(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> HttpResponse {
    let Ok(id) = path.parse::<i32>() else {
        return malformed(&path);
    };
    if id < 1 {
        return malformed(&path);
    }
    if let Some(refused) = no_params(&req) {
        return refused;
    }
    let result = with_db(&state, move |conn| {
        let r = Report::published_by_id(conn, id)?.ok_or(AppError::NotFound)?;
        let tie = Tie::by_ids(conn, &[r.report.tie_id])?
            .pop()
            .ok_or(AppError::NotFound)?;
        Ok((r, tie, Revision::last_change(conn)?))
    })
    .await;
    match result {
        Ok((r, tie, changed)) => super::changed(
            ok(&ReportOut::new(&origin(&req), &r, &tie.slug)),
            crate::routes::freshness(&state, changed),
        ),
        Err(e) => fail(e),
    }
}

/// Every source cited (studies, articles, web pages), in the bibliography's order.
#[utoipa::path(
    get,
    path = "/api/v1/sources",
    params(Paging),
    responses((status = 200, description = "The records asked for", body = SourceList), (status = 304, description = "Not modified since the validators given"), (status = 400, description = "A parameter is not valid or not known", body = Problem, content_type = "application/problem+json"))
)]
pub async fn sources(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let (pairs, page, per_page) = match list_query(&req, &params::PAGING_PARAMS) {
        Ok(q) => q,
        Err(e) => return refuse(e),
    };
    let result = with_db(&state, |conn| {
        Ok((Source::all_with_counts(conn)?, Revision::last_change(conn)?))
    })
    .await;
    let (all, changed) = match result {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let total = all.len();
    let list = all
        .iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .map(|(s, _)| SourceOut::new(s))
        .collect();
    list_answer(
        &req,
        &pairs,
        page,
        per_page,
        total,
        crate::routes::freshness(&state, changed),
        |next| {
            ok(&SourceList {
                count: total,
                page,
                per_page,
                next,
                sources: list,
            })
        },
    )
}

/// A page of public changes: how many there are, the page, the ties they belong to, and when the
/// public data last changed.
type RevisionPage = (i64, Vec<Revision>, Vec<Tie>, Option<chrono::NaiveDateTime>);

/// A page of public changes as a list answer. `which` says whose (it may look the tie up);
/// with `record`, a record none of whose changes is public (none such, or a draft) is not found.
async fn revisions_answer(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    (pairs, page, per_page): ListQuery,
    record: bool,
    which: impl FnOnce(&mut AnyConnection) -> Result<PublicRevisions, AppError> + Send + 'static,
) -> HttpResponse {
    let found = with_db(state, move |conn| -> Result<RevisionPage, AppError> {
        let which = which(conn)?;
        let total = which.count(conn)?;
        if record && total == 0 {
            return Err(AppError::NotFound);
        }
        let list = which.page(conn, ((page - 1) * per_page) as i64, per_page as i64)?;
        let mut ids: Vec<i32> = list.iter().filter_map(|r| r.tie_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let ties = Tie::by_ids(conn, &ids)?;
        Ok((total, list, ties, Revision::last_change(conn)?))
    })
    .await;
    let (total, list, ties, changed) = match found {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let slug = |id: Option<i32>| {
        ties.iter()
            .find(|t| Some(t.id) == id)
            .map(|t| t.slug.as_str())
    };
    let revisions = list
        .iter()
        .map(|r| RevisionOut::new(r, slug(r.tie_id)))
        .collect();
    let total = total as usize;
    list_answer(
        req,
        &pairs,
        page,
        per_page,
        total,
        crate::routes::freshness(state, changed),
        |next| {
            ok(&RevisionList {
                count: total,
                page,
                per_page,
                next,
                revisions,
            })
        },
    )
}

/// The public changes of one tie and of its records (agreements, procedure steps, roadmaps and
/// their milestones, activities, reports; its reported statuses come with its import), newest
/// first: its history page (`/{lang}/ties/{id}/history`) as data. Edits of drafts never show.
#[utoipa::path(
    get,
    path = "/api/v1/ties/{id}/revisions",
    params(("id" = String, Path, pattern = "^[a-z0-9-]{1,200}$", example = "surabaya--liverpool-gb", description = "Tie id, e.g. ikn-nusantara--astana-kz"), Paging),
    responses((status = 200, description = "The public changes asked for, newest first", body = RevisionList, example = json!({"count": 1, "page": 1, "per_page": 100, "next": null, "revisions": [{"id": 4711, "subject_kind": "agreement", "subject_id": 12, "tie": "surabaya--liverpool-gb", "action": "correct", "changed_at": "2026-03-02T08:15:00Z", "reason": "The signature date was misread from the scan.", "before": {"kind": "mou", "signed_on": "1997-10-21"}, "after": {"kind": "mou", "signed_on": "1997-10-12"}}]})), (status = 304, description = "Not modified since the validators given"), (status = 400, description = "A malformed id, or a parameter that is not valid or not known", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such tie", body = Problem, content_type = "application/problem+json"))
)]
pub async fn tie_revisions(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> HttpResponse {
    let slug = path.into_inner();
    if !slug_ok(&slug) {
        return malformed(&slug);
    }
    let query = match list_query(&req, &params::PAGING_PARAMS) {
        Ok(q) => q,
        Err(e) => return refuse(e),
    };
    revisions_answer(&req, &state, query, false, move |conn| {
        let tie = Tie::by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
        Ok(PublicRevisions {
            tie_id: Some(tie.id),
            ..Default::default()
        })
    })
    .await
}

/// Every public change to ties and their records, newest first, or those of one kind of record
/// (`subject_kind`). Edits of drafts never show, nor who made a change.
#[utoipa::path(
    get,
    path = "/api/v1/revisions",
    params(RevisionFilters, Paging),
    responses((status = 200, description = "The public changes asked for, newest first", body = RevisionList, example = json!({"count": 1, "page": 1, "per_page": 100, "next": null, "revisions": [{"id": 4702, "subject_kind": "report", "subject_id": 3, "tie": "bandung--braunschweig-de", "action": "publish", "changed_at": "2026-02-27T10:02:41Z", "reason": null, "before": null, "after": {"title": "Evaluasi 2025", "independent": "true"}}]})), (status = 304, description = "Not modified since the validators given"), (status = 400, description = "A parameter is not valid or not known", body = Problem, content_type = "application/problem+json"))
)]
pub async fn revisions(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let checked = list_query(&req, &params::REVISION_PARAMS)
        .and_then(|q| RevisionFilters::from_pairs(&q.0).map(|kind| (q, kind)));
    let (query, kind) = match checked {
        Ok(q) => q,
        Err(e) => return refuse(e),
    };
    let which = PublicRevisions {
        subject_kind: kind.map(str::to_string),
        ..Default::default()
    };
    revisions_answer(&req, &state, query, false, move |_| Ok(which)).await
}

/// The public changes of one record, newest first, named as every revision names it: by its
/// `subject_kind` and `subject_id`. A record none of whose changes is public (there is no such
/// record, or it is a draft) is not found.
#[utoipa::path(
    get,
    path = "/api/v1/revisions/{subject_kind}/{subject_id}",
    params(RecordPath, Paging),
    responses((status = 200, description = "The record's public changes, newest first", body = RevisionList, example = json!({"count": 1, "page": 1, "per_page": 100, "next": null, "revisions": [{"id": 4711, "subject_kind": "agreement", "subject_id": 12, "tie": "surabaya--liverpool-gb", "action": "correct", "changed_at": "2026-03-02T08:15:00Z", "reason": "The signature date was misread from the scan.", "before": {"kind": "mou", "signed_on": "1997-10-21"}, "after": {"kind": "mou", "signed_on": "1997-10-12"}}]})), (status = 304, description = "Not modified since the validators given"), (status = 400, description = "A kind of record or an id that is not valid, or a parameter that is not known", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No public change of this record (none such, or a draft)", body = Problem, content_type = "application/problem+json"))
)]
pub async fn record_revisions(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> HttpResponse {
    let (kind, id) = path.into_inner();
    let checked = RecordPath::parse(&kind, &id)
        .and_then(|record| list_query(&req, &params::PAGING_PARAMS).map(|q| (q, record)));
    let (query, (kind, id)) = match checked {
        Ok(q) => q,
        Err(e) => return refuse(e),
    };
    let which = PublicRevisions {
        subject_kind: Some(kind.to_string()),
        subject_id: Some(id),
        ..Default::default()
    };
    revisions_answer(&req, &state, query, true, move |_| Ok(which)).await
}
