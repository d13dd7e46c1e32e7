//! The home page as the national dashboard: counts, charts drawn on the server, and the ties that
//! need attention (ceremonial, expiring, lapsed), each list linking to the filtered tie list.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Datelike;

use super::view::tie_title;
use super::{Ctx, html_page, lang, with_db};
use crate::assessment::{
    ActivityStatus, AgreementStatus, Assessed, GRADES, assess_ties, place_figures,
};
use crate::drawings::{self, Bar, MapPoint};
use crate::error::AppError;
use crate::i18n::{Lang, Value};
use crate::models::place::Place;
use crate::models::report::Report;
use crate::models::revision::Revision;
use crate::models::tie::{REPORTED_STATUSES, Tie};
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/{lang}", web::get().to(home));
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
    expiring: Vec<TieLink>,
    lapsed: Vec<TieLink>,
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

fn charts(lang: Lang, all: &[Assessed]) -> Vec<Chart> {
    let ties_href = |q: &str| Some(format!("/{}/ties?{q}", lang.code()));
    let mut out = Vec::new();

    let bars: Vec<Bar> = AgreementStatus::ALL
        .iter()
        .map(|s| Bar {
            label: lang.vocab("agreement-status", s.as_str()),
            value: all
                .iter()
                .filter(|a| a.assessment.agreement_status == *s)
                .count() as i64,
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
            value: all
                .iter()
                .filter(|a| a.assessment.activity_status == *s)
                .count() as i64,
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
            value: all.iter().filter(|a| a.assessment.grade == *g).count() as i64,
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

    let reported = |a: &Assessed| {
        a.summary
            .latest_reported()
            .map(|r| r.status.status.clone())
            .unwrap_or_else(|| "unknown".into())
    };
    let bars: Vec<Bar> = REPORTED_STATUSES
        .iter()
        .map(|s| Bar {
            label: lang.vocab("reported-status", s),
            value: all.iter().filter(|a| reported(a) == *s).count() as i64,
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

    // Ties by the decade of their first dated agreement (or reported start).
    let years: Vec<i32> = all
        .iter()
        .filter_map(|a| {
            a.summary
                .first_agreement()
                .and_then(|ag| ag.signed())
                .or_else(|| a.summary.started())
                .map(|d| d.date.year())
        })
        .collect();
    let undated = all.len() - years.len();
    let mut decades: Vec<(i32, i64)> = Vec::new();
    if let (Some(min), Some(max)) = (years.iter().min(), years.iter().max()) {
        let mut d = min / 10 * 10;
        while d <= *max {
            decades.push((
                d,
                years.iter().filter(|y| **y / 10 * 10 == d).count() as i64,
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
            &lang.t_values(
                "chart-decades-desc",
                &[("undated", Value::Int(undated as i64))],
            ),
            &bars,
        ),
        caption: lang.t("chart-decades"),
        explain: lang.t_args("chart-decades-desc", &[("undated", undated.to_string())]),
        rows,
    });

    let total = all.len() as i64;
    let with_roadmap = all
        .iter()
        .filter(|a| {
            a.assessment
                .checks
                .iter()
                .any(|c| c.key == "roadmap" && c.met)
        })
        .count() as i64;
    let with_report = all
        .iter()
        .filter(|a| a.assessment.recent_evaluation)
        .count() as i64;
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
    let (places, countries, indonesian, all, latest, reports, last_change) =
        with_db(&state, move |conn| {
            let places = Place::count(conn)?;
            let countries = Place::partner_country_count(conn)?;
            let indonesian: Vec<_> = Place::all_with_tie_counts(conn)?
                .into_iter()
                .filter(|p| p.place.is_indonesian())
                .collect();
            let ties = Tie::all(conn)?;
            let all = assess_ties(conn, ties, today)?;
            let revisions = Revision::latest_on_ties(conn, 10)?;
            let reports = Report::latest_published(conn, 5)?;
            Ok((
                places,
                countries,
                indonesian,
                all,
                revisions,
                reports,
                Revision::last_change(conn)?,
            ))
        })
        .await?;
    let changes = latest
        .iter()
        .filter_map(|r| {
            let a = all.iter().find(|a| Some(a.summary.tie.id) == r.tie_id)?;
            Some(Change {
                date: lang.day(r.changed_at.date()),
                title: tie_title(lang, &a.summary),
                href: format!("/{}/ties/{}", lang.code(), a.summary.tie.slug),
                action: lang.vocab("revision-action", &r.action),
            })
        })
        .collect();
    // Every Indonesian region is a place; the list and the map show those with ties.
    let indonesian_count = indonesian.len();
    let (mut indonesian, without): (Vec<_>, Vec<_>) =
        indonesian.into_iter().partition(|p| p.ties > 0);
    indonesian.sort_by(|a, b| {
        b.ties
            .cmp(&a.ties)
            .then_with(|| a.place.name.cmp(&b.place.name))
    });
    let pick = |status: AgreementStatus| -> Vec<TieLink> {
        all.iter()
            .filter(|a| a.assessment.agreement_status == status)
            .map(|a| link(lang, a, a.assessment.agreement_reason.text(lang)))
            .collect()
    };
    // Most recent MoU first: the freshest promises without a plan are the news.
    let mut ceremonial_ties: Vec<&Assessed> =
        all.iter().filter(|a| a.assessment.ceremonial).collect();
    ceremonial_ties.sort_by_key(|a| {
        std::cmp::Reverse(
            a.summary
                .agreements
                .iter()
                .filter_map(|ag| ag.signed_on)
                .max(),
        )
    });
    let ceremonial = ceremonial_ties
        .into_iter()
        .map(|a| link(lang, a, a.assessment.agreement_reason.text(lang)))
        .collect();
    let page = HomePage {
        c: Ctx::new(&req, &state, lang, "home"),
        counts_note: lang.t_args(
            "home-counts-explainer",
            &[
                ("all", lang.number(places)),
                ("indonesian", lang.number(indonesian_count as i64)),
                ("with_ties", lang.number(indonesian.len() as i64)),
                ("partners", lang.number(places - indonesian_count as i64)),
            ],
        ),
        places: lang.number(places),
        ties: lang.number(all.len() as i64),
        countries: lang.number(countries),
        indonesian_places: lang.number(indonesian_count as i64),
        regions_with_ties: lang.number(indonesian.len() as i64),
        regions_without_ties: lang.number(without.len() as i64),
        charts: charts(lang, &all),
        ceremonial,
        expiring: pick(AgreementStatus::Expiring),
        lapsed: pick(AgreementStatus::Lapsed),
        map: home_map(lang, &state.world_href, &indonesian, &all),
        indonesian: indonesian
            .iter()
            .map(|p| PlaceLink {
                name: p.place.name_in(lang).to_string(),
                href: format!("/{}/places/{}", lang.code(), p.place.slug),
                ties: p.ties,
                grade: place_figures(
                    all.iter()
                        .filter(|a| a.summary.tie.place_id == p.place.id)
                        .map(|a| &a.assessment),
                )
                .average_grade,
            })
            .collect(),
        changes,
        reports: reports
            .iter()
            .filter_map(|r| {
                let a = all.iter().find(|a| a.summary.tie.id == r.tie_id)?;
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
                ("ties", all.len().to_string()),
                (
                    "silent",
                    all.iter()
                        .filter(|a| a.assessment.activity_status == ActivityStatus::Silent)
                        .count()
                        .to_string(),
                ),
            ],
        ),
    };
    Ok(html_page(
        &req,
        page.render()?,
        super::freshness(&state, last_change),
    ))
}

/// Indonesian places sized by their number of ties and coloured by their average grade.
fn home_map(
    lang: Lang,
    world_href: &str,
    places: &[crate::models::place::PlaceWithCount],
    all: &[Assessed],
) -> String {
    let points: Vec<MapPoint> = places
        .iter()
        .filter_map(|p| {
            let figures = place_figures(
                all.iter()
                    .filter(|a| a.summary.tie.place_id == p.place.id)
                    .map(|a| &a.assessment),
            );
            let grade = figures.average_grade.unwrap_or('E');
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
