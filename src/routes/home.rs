//! The home page as the national dashboard: counts, charts drawn on the server, and the ties that
//! need attention (ceremonial, expiring, lapsed), each list linking to the filtered tie list.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::view::tie_title;
use super::{Ctx, html_page, lang};
use std::collections::HashMap;

use crate::assessment::{ActivityStatus, AgreementStatus, Assessed, GRADES, assess_ties};
use crate::drawings::{self, Bar, MapPoint};
use crate::error::AppError;
use crate::figures::{self, National};
use crate::i18n::{Lang, Value};
use crate::models::place::Place;
use crate::models::report::Report;
use crate::models::revision::Revision;
use crate::models::tie::{REPORTED_STATUSES, Tie};
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/{lang}", web::get().to(home));
}

/// How many ties each attention list names (each links to the whole filtered list).
const LIST: i64 = 10;
/// How many Indonesian places the list and the map under it name, those with the most ties first.
const HOME_PLACES: usize = 150;

/// What the home page reads from the stored assessments.
struct Figures {
    national: National,
    scores: HashMap<i32, (i64, i64)>,
    expiring: Vec<i32>,
    lapsed: Vec<i32>,
    ceremonial: Vec<i32>,
    /// The ties the page names, by id.
    named: HashMap<i32, Assessed>,
}

pub struct PlaceLink {
    pub name: String,
    pub href: String,
    pub ties: i64,
    pub grade: Option<char>,
}

pub struct Change {
    pub date: String,
    pub title: String,
    pub href: String,
    pub action: String,
}

/// A tie in one of the home page's attention lists.
pub struct TieLink {
    pub title: String,
    pub href: String,
    pub note: String,
}

/// A chart with its table alternative (label, count, link to the filtered list).
pub struct Chart {
    pub svg: String,
    pub caption: String,
    /// What the figure counts, shown under its title.
    pub explain: String,
    pub rows: Vec<(String, String, Option<String>)>,
}

#[derive(Template)]
#[template(path = "home/index.html")]
struct HomePage {
    c: Ctx,
    places: String,
    ties: String,
    countries: String,
    indonesian_places: String,
    regions_with_ties: String,
    regions_without_ties: String,
    charts: Vec<Chart>,
    ceremonial: Vec<TieLink>,
    ceremonial_count: i64,
    expiring: Vec<TieLink>,
    expiring_count: i64,
    lapsed: Vec<TieLink>,
    lapsed_count: i64,
    indonesian: Vec<PlaceLink>,
    map: String,
    changes: Vec<Change>,
    reports: Vec<TieLink>,
    literature_note: String,
    /// How the place counts relate (Indonesian regions and their partners abroad).
    counts_note: String,
}

fn link(lang: Lang, a: &Assessed, note: String) -> TieLink {
    TieLink {
        title: tie_title(lang, &a.summary),
        href: format!("/{}/ties/{}", lang.code(), a.summary.tie.slug),
        note,
    }
}

fn charts(lang: Lang, all: &National) -> Vec<Chart> {
    let ties_href = |q: &str| Some(format!("/{}/ties?{q}", lang.code()));
    let mut out = Vec::new();

    let bars: Vec<Bar> = AgreementStatus::ALL
        .iter()
        .map(|s| Bar {
            label: lang.vocab("agreement-status", s.as_str()),
            value: all.by_status.get(s.as_str()).copied().unwrap_or(0),
            class: format!("fill-as-{}", s.as_str()),
        })
        .collect();
    out.push(Chart {
        svg: drawings::bar_chart(
            "chart-status",
            &lang.t("chart-agreement-status"),
            &lang.t("chart-agreement-status-desc"),
            &bars,
        ),
        caption: lang.t("chart-agreement-status"),
        explain: lang.t("chart-agreement-status-desc"),
        rows: AgreementStatus::ALL
            .iter()
            .zip(&bars)
            .map(|(s, b)| {
                (
                    b.label.clone(),
                    b.value.to_string(),
                    ties_href(&format!("status={}", s.as_str())),
                )
            })
            .collect(),
    });

    let bars: Vec<Bar> = ActivityStatus::ALL
        .iter()
        .map(|s| Bar {
            label: lang.vocab("activity-status", s.as_str()),
            value: all.by_activity.get(s.as_str()).copied().unwrap_or(0),
            class: format!("fill-ac-{}", s.as_str()),
        })
        .collect();
    out.push(Chart {
        svg: drawings::bar_chart(
            "chart-activity",
            &lang.t("chart-activity-status"),
            &lang.t("chart-activity-status-desc"),
            &bars,
        ),
        caption: lang.t("chart-activity-status"),
        explain: lang.t("chart-activity-status-desc"),
        rows: ActivityStatus::ALL
            .iter()
            .zip(&bars)
            .map(|(s, b)| {
                (
                    b.label.clone(),
                    b.value.to_string(),
                    ties_href(&format!("activity={}", s.as_str())),
                )
            })
            .collect(),
    });

    let bars: Vec<Bar> = GRADES
        .iter()
        .map(|g| Bar {
            label: format!("{} {g}", lang.t("grade")),
            value: all.by_grade.get(&g.to_string()).copied().unwrap_or(0),
            class: format!("fill-grade-{g}"),
        })
        .collect();
    out.push(Chart {
        svg: drawings::bar_chart(
            "chart-grade",
            &lang.t("chart-grade"),
            &lang.t("chart-grade-desc"),
            &bars,
        ),
        caption: lang.t("chart-grade"),
        explain: lang.t("chart-grade-desc"),
        rows: GRADES
            .iter()
            .zip(&bars)
            .map(|(g, b)| {
                (
                    b.label.clone(),
                    b.value.to_string(),
                    ties_href(&format!("grade={g}")),
                )
            })
            .collect(),
    });

    let bars: Vec<Bar> = REPORTED_STATUSES
        .iter()
        .map(|s| Bar {
            label: lang.vocab("reported-status", s),
            value: all.by_reported.get(*s).copied().unwrap_or(0),
            class: format!("fill-{s}"),
        })
        .collect();
    out.push(Chart {
        svg: drawings::bar_chart(
            "chart-reported",
            &lang.t("home-by-reported-status"),
            &lang.t("reported-status-explainer"),
            &bars,
        ),
        caption: lang.t("home-by-reported-status"),
        explain: lang.t("reported-status-explainer"),
        rows: REPORTED_STATUSES
            .iter()
            .zip(&bars)
            .map(|(s, b)| {
                (
                    b.label.clone(),
                    b.value.to_string(),
                    ties_href(&format!("reported={s}")),
                )
            })
            .collect(),
    });

    // Ties by the decade their first agreement on record was signed (`TieSummary::first_signed`).
    let dated: i64 = all.by_year.iter().map(|(_, n)| n).sum();
    let undated = all.ties - dated;
    let mut decades: Vec<(i32, i64)> = Vec::new();
    if let (Some((min, _)), Some((max, _))) = (all.by_year.first(), all.by_year.last()) {
        let mut d = min / 10 * 10;
        while d <= *max {
            decades.push((
                d,
                all.by_year
                    .iter()
                    .filter(|(y, _)| *y / 10 * 10 == d)
                    .map(|(_, n)| n)
                    .sum(),
            ));
            d += 10;
        }
    }
    let bars: Vec<Bar> = decades
        .iter()
        .map(|(d, n)| Bar {
            label: format!("{d}"),
            value: *n,
            class: "fill-decade".into(),
        })
        .collect();
    let mut rows: Vec<(String, String, Option<String>)> = decades
        .iter()
        .map(|(d, n)| {
            (
                lang.t_args("decade", &[("decade", d.to_string())]),
                n.to_string(),
                ties_href(&format!("signed_from={d}&signed_to={}", d + 9)),
            )
        })
        .collect();
    rows.push((lang.t("decade-undated"), undated.to_string(), None));
    out.push(Chart {
        svg: drawings::column_chart(
            "chart-decades",
            &lang.t("chart-decades"),
            &lang.t_values("chart-decades-desc", &[("undated", Value::Int(undated))]),
            &bars,
        ),
        caption: lang.t("chart-decades"),
        explain: lang.t_args("chart-decades-desc", &[("undated", undated.to_string())]),
        rows,
    });

    let total = all.ties;
    let with_roadmap = all.with_roadmap;
    let with_report = all.with_recent_evaluation;
    let shares = vec![
        (lang.t("share-roadmap"), with_roadmap, total),
        (lang.t("share-report"), with_report, total),
    ];
    out.push(Chart {
        svg: drawings::share_chart(
            "chart-shares",
            &lang.t("chart-shares"),
            &lang.t("chart-shares-desc"),
            &shares,
        ),
        caption: lang.t("chart-shares"),
        explain: lang.t("chart-shares-desc"),
        rows: vec![
            (
                lang.t("share-roadmap"),
                format!("{with_roadmap} / {total}"),
                ties_href("roadmap=yes"),
            ),
            (
                lang.t("share-report"),
                format!("{with_report} / {total}"),
                ties_href("report=yes"),
            ),
        ],
    });
    out
}

async fn home(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let today = state.today();
    // The same in both languages: worked out once per data version (`routes::shared`).
    let data = super::shared::for_version(&req, &state, "home", move |conn| {
        let places = Place::count(conn)?;
        let countries = Place::partner_country_count(conn)?;
        let indonesian = Place::most_tied(conn, HOME_PLACES, true)?;
        let national = figures::national(conn)?;
        let scores = figures::place_scores(conn)?;
        let expiring = figures::first_with_status(conn, "expiring", LIST)?;
        let lapsed = figures::first_with_status(conn, "lapsed", LIST)?;
        let ceremonial = figures::latest_ceremonial(conn, LIST)?;
        let revisions = Revision::latest_on_ties(conn, 10)?;
        let reports = Report::latest_published(conn, 5)?;
        // The ties named on the page, with their assessments, in a fixed number of queries.
        let mut ids: Vec<i32> = expiring
            .iter()
            .chain(&lapsed)
            .chain(&ceremonial)
            .copied()
            .chain(revisions.iter().filter_map(|r| r.tie_id))
            .chain(reports.iter().map(|r| r.tie_id))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let ties = Tie::by_ids(conn, &ids)?;
        let named: HashMap<i32, Assessed> = assess_ties(conn, ties, today)?
            .into_iter()
            .map(|a| (a.summary.tie.id, a))
            .collect();
        let figures = Figures {
            national,
            scores,
            expiring,
            lapsed,
            ceremonial,
            named,
        };
        Ok((
            places,
            countries,
            indonesian,
            figures,
            revisions,
            reports,
            Revision::last_change(conn)?,
        ))
    })
    .await?;
    let (places, countries, indonesian, figures, latest, reports, last_change) = &*data;
    let (places, countries) = (*places, *countries);
    let named = &figures.named;
    let changes = latest
        .iter()
        .filter_map(|r| {
            let a = named.get(&r.tie_id?)?;
            Some(Change {
                date: lang.day(r.changed_at.date()),
                title: tie_title(lang, &a.summary),
                href: format!("/{}/ties/{}", lang.code(), a.summary.tie.slug),
                action: lang.vocab("revision-action", &r.action),
            })
        })
        .collect();
    // Every Indonesian region is a place; the list and the map show those with the most ties
    // (at national scale /places has them all).
    let indonesian_count = indonesian.places;
    let regions_with_ties = indonesian.with_ties;
    let indonesian = &indonesian.top;
    let grade_of = |place_id: i32| {
        figures
            .scores
            .get(&place_id)
            .and_then(|(n, sum)| figures::average_grade(*n, *sum))
    };
    let links = |ids: &[i32]| -> Vec<TieLink> {
        ids.iter()
            .filter_map(|id| named.get(id))
            .map(|a| link(lang, a, a.assessment.agreement_reason.text(lang)))
            .collect()
    };
    let status_count = |s: AgreementStatus| {
        figures
            .national
            .by_status
            .get(s.as_str())
            .copied()
            .unwrap_or(0)
    };
    let silent = figures
        .national
        .by_activity
        .get(ActivityStatus::Silent.as_str())
        .copied()
        .unwrap_or(0);
    let page = HomePage {
        c: Ctx::new(&req, &state, lang, "home"),
        counts_note: lang.t_args(
            "home-counts-explainer",
            &[
                ("all", lang.number(places)),
                ("indonesian", lang.number(indonesian_count)),
                ("with_ties", lang.number(regions_with_ties)),
                ("partners", lang.number(places - indonesian_count)),
            ],
        ),
        places: lang.number(places),
        ties: lang.number(figures.national.ties),
        countries: lang.number(countries),
        indonesian_places: lang.number(indonesian_count),
        regions_with_ties: lang.number(regions_with_ties),
        regions_without_ties: lang.number(indonesian_count - regions_with_ties),
        charts: charts(lang, &figures.national),
        ceremonial: links(&figures.ceremonial),
        ceremonial_count: figures.national.ceremonial,
        expiring: links(&figures.expiring),
        expiring_count: status_count(AgreementStatus::Expiring),
        lapsed: links(&figures.lapsed),
        lapsed_count: status_count(AgreementStatus::Lapsed),
        map: home_map(lang, &state.world_href, indonesian, &grade_of),
        indonesian: indonesian
            .iter()
            .map(|p| PlaceLink {
                name: p.place.name_in(lang).to_string(),
                href: format!("/{}/places/{}", lang.code(), p.place.slug),
                ties: p.ties,
                grade: grade_of(p.place.id),
            })
            .collect(),
        changes,
        reports: reports
            .iter()
            .filter_map(|r| {
                let a = named.get(&r.tie_id)?;
                let who = if r.independent {
                    lang.t("report-independent")
                } else {
                    lang.t("report-official")
                };
                let date = r
                    .published_at
                    .map(|d| lang.day(d.date()))
                    .unwrap_or_default();
                Some(TieLink {
                    title: r.title.clone(),
                    href: format!("/{}/ties/{}#h-reports", lang.code(), a.summary.tie.slug),
                    note: format!(
                        "{} · {} · {who} · {date}",
                        tie_title(lang, &a.summary),
                        r.author_name
                    ),
                })
            })
            .collect(),
        literature_note: lang.t_args(
            "home-literature",
            &[
                ("ties", figures.national.ties.to_string()),
                ("silent", silent.to_string()),
            ],
        ),
    };
    Ok(html_page(
        &req,
        page.render()?,
        super::freshness(&state, *last_change),
    ))
}

/// Indonesian places sized by their number of ties and coloured by their average grade.
fn home_map(
    lang: Lang,
    world_href: &str,
    places: &[crate::models::place::PlaceWithCount],
    grade_of: &dyn Fn(i32) -> Option<char>,
) -> String {
    let points: Vec<MapPoint> = places
        .iter()
        .filter_map(|p| {
            let grade = grade_of(p.place.id).unwrap_or('E');
            Some(MapPoint {
                lon: p.place.lon?,
                lat: p.place.lat?,
                label: format!(
                    "{}: {} {}, {} {grade}",
                    p.place.name_in(lang),
                    p.ties,
                    lang.t_count("count-ties", p.ties),
                    lang.t("grade")
                ),
                class: format!("fill-grade-{grade}"),
                size: 0.6 + 0.55 * (p.ties as f64).sqrt(),
            })
        })
        .collect();
    drawings::indonesia_map(
        "home-map",
        &lang.t("map-home-title"),
        &lang.t("map-home-desc"),
        world_href,
        &points,
    )
}
