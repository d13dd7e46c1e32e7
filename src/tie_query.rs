//! The tie list's query: its filters, sort and pagination parsed from the query string, and the
//! SQL that answers it over the stored assessments (`assessment_store`). One parser shared by the
//! HTML page, the CSV/JSON exports and the API, so that every view of a query shows the same rows.

use std::collections::BTreeMap;

use diesel::prelude::*;

use crate::assessment::{ActivityStatus, AgreementStatus, Assessed, GRADES, assess_ties};
use crate::db::{AnyConnection, MultiBackend};
use crate::i18n::Lang;
use crate::models::{agreement, place, tie};
use crate::schema::tie_assessments as ta;

/// Page sizes a reader can choose.
pub const PER_PAGE: [usize; 4] = [10, 25, 50, 100];
pub const DEFAULT_PER_PAGE: usize = 25;

/// Sort keys (whitelisted; a leading `-` sorts descending). Never user text in a query.
pub const SORTS: [&str; 9] = [
    "place", "partner", "country", "signed", "status", "activity", "score", "grade", "reported",
];

/// A filter value that is not valid: the parameter, the value, and what is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidParam {
    pub name: &'static str,
    pub value: String,
    pub allowed: String,
}

impl InvalidParam {
    pub fn message(&self, lang: Lang) -> String {
        lang.t_args(
            "filter-invalid",
            &[
                ("name", self.name.to_string()),
                ("value", self.value.clone()),
                ("allowed", self.allowed.clone()),
            ],
        )
    }
}

/// A validated tie-list query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TieQuery {
    pub place: Option<String>,
    pub country: Option<String>,
    pub kind: Option<String>,
    pub field: Option<String>,
    pub agreement_type: Option<String>,
    pub signed_from: Option<i32>,
    pub signed_to: Option<i32>,
    pub reported: Option<String>,
    pub status: Option<AgreementStatus>,
    pub activity: Option<ActivityStatus>,
    pub grade: Option<char>,
    pub roadmap: Option<bool>,
    pub report: Option<bool>,
    pub ceremonial: Option<bool>,
    pub q: Option<String>,
    pub sort: String,
    pub descending: bool,
    pub page: usize,
    pub per_page: usize,
}

fn one_of(name: &'static str, value: &str, allowed: &[&str]) -> Result<String, InvalidParam> {
    if allowed.contains(&value) {
        Ok(value.to_string())
    } else {
        Err(InvalidParam {
            name,
            value: value.to_string(),
            allowed: allowed.join(", "),
        })
    }
}

fn yes_no(name: &'static str, value: &str) -> Result<bool, InvalidParam> {
    match value {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(InvalidParam {
            name,
            value: value.to_string(),
            allowed: "yes, no".into(),
        }),
    }
}

fn year(name: &'static str, value: &str) -> Result<i32, InvalidParam> {
    match value.parse::<i32>() {
        Ok(y) if (1800..=2200).contains(&y) && value.len() == 4 => Ok(y),
        _ => Err(InvalidParam {
            name,
            value: value.to_string(),
            allowed: "1800–2200".into(),
        }),
    }
}

fn is_tag(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl TieQuery {
    /// Parse and validate a query string. Unknown parameters are ignored; empty values mean "any".
    pub fn parse(query: &str) -> Result<TieQuery, InvalidParam> {
        let pairs: Vec<(String, String)> =
            crate::text::decode_pairs(query).ok_or_else(|| InvalidParam {
                name: "query",
                value: query.chars().take(80).collect(),
                allowed: "name=value&…".into(),
            })?;
        let mut q = TieQuery {
            sort: "place".into(),
            page: 1,
            per_page: DEFAULT_PER_PAGE,
            ..Default::default()
        };
        for (name, value) in pairs {
            let value = value.trim().to_string();
            if value.is_empty() {
                continue;
            }
            match name.as_str() {
                "place" | "field" => {
                    if !is_tag(&value) {
                        let name = if name == "place" { "place" } else { "field" };
                        return Err(InvalidParam {
                            name,
                            value,
                            allowed: "a-z, 0-9, -".into(),
                        });
                    }
                    if name == "place" {
                        q.place = Some(value)
                    } else {
                        q.field = Some(value)
                    }
                }
                "country" => {
                    let code = value.to_ascii_uppercase();
                    if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                        return Err(InvalidParam {
                            name: "country",
                            value,
                            allowed: "ISO 3166-1 alpha-2 (JP, CN, …)".into(),
                        });
                    }
                    q.country = Some(code);
                }
                "kind" => q.kind = Some(one_of("kind", &value, &place::KINDS)?),
                "type" => q.agreement_type = Some(one_of("type", &value, &agreement::KINDS)?),
                "signed_from" => q.signed_from = Some(year("signed_from", &value)?),
                "signed_to" => q.signed_to = Some(year("signed_to", &value)?),
                "reported" => {
                    q.reported = Some(one_of("reported", &value, &tie::REPORTED_STATUSES)?)
                }
                "status" => {
                    q.status = Some(AgreementStatus::parse(&value).ok_or_else(|| InvalidParam {
                        name: "status",
                        value: value.clone(),
                        allowed: AgreementStatus::ALL.map(|s| s.as_str()).join(", "),
                    })?)
                }
                "activity" => {
                    q.activity =
                        Some(ActivityStatus::parse(&value).ok_or_else(|| InvalidParam {
                            name: "activity",
                            value: value.clone(),
                            allowed: ActivityStatus::ALL.map(|s| s.as_str()).join(", "),
                        })?)
                }
                "grade" => {
                    let g = value.to_ascii_uppercase();
                    match g.chars().next() {
                        Some(c) if g.len() == 1 && GRADES.contains(&c) => q.grade = Some(c),
                        _ => {
                            return Err(InvalidParam {
                                name: "grade",
                                value,
                                allowed: "A, B, C, D, E".into(),
                            });
                        }
                    }
                }
                "roadmap" => q.roadmap = Some(yes_no("roadmap", &value)?),
                "report" => q.report = Some(yes_no("report", &value)?),
                "ceremonial" => q.ceremonial = Some(yes_no("ceremonial", &value)?),
                "q" => {
                    if value.chars().count() > 200 {
                        return Err(InvalidParam {
                            name: "q",
                            value: value.chars().take(40).collect(),
                            allowed: "≤ 200".into(),
                        });
                    }
                    q.q = Some(value);
                }
                "sort" => {
                    let (desc, key) = match value.strip_prefix('-') {
                        Some(k) => (true, k),
                        None => (false, value.as_str()),
                    };
                    q.sort = one_of("sort", key, &SORTS)?;
                    q.descending = desc;
                }
                "page" => match value.parse::<usize>() {
                    Ok(p) if (1..=100_000).contains(&p) => q.page = p,
                    _ => {
                        return Err(InvalidParam {
                            name: "page",
                            value,
                            allowed: "1, 2, 3, …".into(),
                        });
                    }
                },
                "per_page" => match value.parse::<usize>() {
                    Ok(n) if PER_PAGE.contains(&n) => q.per_page = n,
                    _ => {
                        let allowed = PER_PAGE.map(|n| n.to_string()).join(", ");
                        return Err(InvalidParam {
                            name: "per_page",
                            value,
                            allowed,
                        });
                    }
                },
                _ => {}
            }
        }
        // An inverted range (from after to) is valid and simply matches nothing.
        Ok(q)
    }

    /// The filters in force, as name → value (for echoing in exports, file names and the form).
    pub fn filters(&self) -> BTreeMap<&'static str, String> {
        let mut m = BTreeMap::new();
        let mut put = |k: &'static str, v: Option<String>| {
            if let Some(v) = v {
                m.insert(k, v);
            }
        };
        let yn = |b: Option<bool>| {
            b.map(|b| {
                if b {
                    "yes".to_string()
                } else {
                    "no".to_string()
                }
            })
        };
        put("place", self.place.clone());
        put("country", self.country.clone());
        put("kind", self.kind.clone());
        put("field", self.field.clone());
        put("type", self.agreement_type.clone());
        put("signed_from", self.signed_from.map(|y| y.to_string()));
        put("signed_to", self.signed_to.map(|y| y.to_string()));
        put("reported", self.reported.clone());
        put("status", self.status.map(|s| s.as_str().to_string()));
        put("activity", self.activity.map(|s| s.as_str().to_string()));
        put("grade", self.grade.map(|g| g.to_string()));
        put("roadmap", yn(self.roadmap));
        put("report", yn(self.report));
        put("ceremonial", yn(self.ceremonial));
        put("q", self.q.clone());
        m
    }

    /// The query string of these filters and sort (without page), for links and exports.
    pub fn to_query(&self, with_page: bool) -> String {
        let mut pairs: Vec<(String, String)> = self
            .filters()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        if self.sort != "place" || self.descending {
            pairs.push((
                "sort".into(),
                format!("{}{}", if self.descending { "-" } else { "" }, self.sort),
            ));
        }
        if with_page {
            if self.per_page != DEFAULT_PER_PAGE {
                pairs.push(("per_page".into(), self.per_page.to_string()));
            }
            if self.page != 1 {
                pairs.push(("page".into(), self.page.to_string()));
            }
        }
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    }

    /// A file-name-safe summary of the filters (`country-JP_status-lapsed`).
    pub fn file_stem(&self) -> String {
        let parts: Vec<String> = self
            .filters()
            .into_iter()
            .map(|(k, v)| {
                let v: String = v
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                    .take(40)
                    .collect();
                format!("{k}-{v}")
            })
            .collect();
        if parts.is_empty() {
            "pantau-ties".into()
        } else {
            format!("pantau-ties_{}", parts.join("_"))
        }
    }

    /// Whether a tie matches every filter.
    pub fn matches(&self, lang: Lang, a: &Assessed) -> bool {
        let s = &a.summary;
        let x = &a.assessment;
        let (near, far) = s.near_far();
        if self
            .place
            .as_ref()
            .is_some_and(|p| *p != s.place.slug && *p != s.partner.slug)
        {
            return false;
        }
        if self
            .country
            .as_ref()
            .is_some_and(|c| *c != far.country_code)
        {
            return false;
        }
        if self.kind.as_ref().is_some_and(|k| *k != near.kind) {
            return false;
        }
        if self.field.as_ref().is_some_and(|f| !s.fields.contains(f)) {
            return false;
        }
        if self
            .agreement_type
            .as_ref()
            .is_some_and(|t| !s.agreements.iter().any(|ag| ag.kind == *t))
        {
            return false;
        }
        if self.signed_from.is_some() || self.signed_to.is_some() {
            use chrono::Datelike;
            // The first agreement's year alone, as the filter's label says.
            let year = s.first_signed().map(|d| d.date.year());
            match year {
                None => return false,
                Some(y) => {
                    if self.signed_from.is_some_and(|f| y < f)
                        || self.signed_to.is_some_and(|t| y > t)
                    {
                        return false;
                    }
                }
            }
        }
        if let Some(r) = &self.reported {
            let latest = s
                .latest_reported()
                .map(|r| r.status.status.as_str())
                .unwrap_or("unknown");
            if latest != r {
                return false;
            }
        }
        if self.status.is_some_and(|st| st != x.agreement_status)
            || self.activity.is_some_and(|ac| ac != x.activity_status)
            || self.grade.is_some_and(|g| g != x.grade)
            || self.ceremonial.is_some_and(|c| c != x.ceremonial)
        {
            return false;
        }
        let met = |key: &str| x.checks.iter().any(|c| c.key == key && c.met);
        if self.roadmap.is_some_and(|want| want != met("roadmap")) {
            return false;
        }
        if let Some(want) = self.report {
            let has_report = x.has_report;
            if want != has_report {
                return false;
            }
        }
        if let Some(q) = &self.q {
            let hay = haystack(lang, s);
            if !fold(&[q.as_str()].join(" "))
                .split_whitespace()
                .all(|word| hay.contains(word))
            {
                return false;
            }
        }
        true
    }

    /// Sort rows by the chosen key (ties broken by the tie id, so pages are stable).
    pub fn sort(&self, rows: &mut [Assessed]) {
        use std::cmp::Ordering;
        let key = self.sort.as_str();
        let year = |a: &Assessed| a.summary.first_signed().map(|d| d.date);
        rows.sort_by(|a, b| {
            let o = match key {
                "partner" => a.summary.partner.name.cmp(&b.summary.partner.name),
                "country" => a
                    .summary
                    .partner
                    .country_code
                    .cmp(&b.summary.partner.country_code),
                // Undated ties sort last either way.
                "signed" => match (year(a), year(b)) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    (Some(_), None) => return Ordering::Less,
                    (None, Some(_)) => return Ordering::Greater,
                    (None, None) => Ordering::Equal,
                },
                "status" => a
                    .assessment
                    .agreement_status
                    .as_str()
                    .cmp(b.assessment.agreement_status.as_str()),
                "activity" => a
                    .assessment
                    .activity_status
                    .as_str()
                    .cmp(b.assessment.activity_status.as_str()),
                "score" => a.assessment.score.cmp(&b.assessment.score),
                "grade" => a.assessment.grade.cmp(&b.assessment.grade),
                "reported" => {
                    let r = |x: &Assessed| {
                        x.summary
                            .latest_reported()
                            .map(|r| r.status.status.clone())
                            .unwrap_or_default()
                    };
                    r(a).cmp(&r(b))
                }
                _ => a
                    .summary
                    .place
                    .name
                    .cmp(&b.summary.place.name)
                    .then_with(|| a.summary.partner.name.cmp(&b.summary.partner.name)),
            };
            let o = if self.descending { o.reverse() } else { o };
            o.then_with(|| a.summary.tie.slug.cmp(&b.summary.tie.slug))
        });
    }

    /// The number of pages for `total` rows (at least 1).
    pub fn pages(&self, total: usize) -> usize {
        total.div_ceil(self.per_page).max(1)
    }
}

/// One page of the tie list: its rows in order, how many ties match in all, and the page shown
/// (the one asked for, or the last one when it asked past the end).
#[derive(Debug)]
pub struct Page {
    pub rows: Vec<Assessed>,
    pub total: usize,
    pub page: usize,
}

impl TieQuery {
    /// The filters as SQL over the stored assessments (`assessment_store`); the same rows as
    /// `matches` and `sort` (`tests/assessments.rs` compares them on many queries).
    fn sql(&self, lang: Lang) -> ta::BoxedQuery<'static, MultiBackend> {
        let mut sql = ta::table.into_boxed();
        if let Some(p) = &self.place {
            sql = sql.filter(
                ta::place_slug
                    .eq(p.clone())
                    .or(ta::partner_slug.eq(p.clone())),
            );
        }
        if let Some(c) = &self.country {
            sql = sql.filter(ta::far_country.eq(c.clone()));
        }
        if let Some(k) = &self.kind {
            sql = sql.filter(ta::near_kind.eq(k.clone()));
        }
        // Tags and kinds are `[a-z0-9-]` (checked by `parse`), so they need no LIKE escapes.
        if let Some(f) = &self.field {
            sql = sql.filter(ta::fields.like(format!("%|{f}|%")));
        }
        if let Some(t) = &self.agreement_type {
            sql = sql.filter(ta::agreement_kinds.like(format!("%|{t}|%")));
        }
        if self.signed_from.is_some() || self.signed_to.is_some() {
            sql = sql.filter(ta::signed_year.is_not_null());
        }
        if let Some(y) = self.signed_from {
            sql = sql.filter(ta::signed_year.ge(y));
        }
        if let Some(y) = self.signed_to {
            sql = sql.filter(ta::signed_year.le(y));
        }
        if let Some(r) = &self.reported {
            sql = if r == "unknown" {
                sql.filter(ta::reported_status.eq_any(["", "unknown"]))
            } else {
                sql.filter(ta::reported_status.eq(r.clone()))
            };
        }
        if let Some(s) = self.status {
            sql = sql.filter(ta::agreement_status.eq(s.as_str()));
        }
        if let Some(a) = self.activity {
            sql = sql.filter(ta::activity_status.eq(a.as_str()));
        }
        if let Some(g) = self.grade {
            sql = sql.filter(ta::grade.eq(g.to_string()));
        }
        if let Some(c) = self.ceremonial {
            sql = sql.filter(ta::ceremonial.eq(c));
        }
        if let Some(r) = self.roadmap {
            sql = sql.filter(ta::roadmap.eq(r));
        }
        if let Some(r) = self.report {
            sql = sql.filter(ta::has_report.eq(r));
        }
        if let Some(q) = &self.q {
            for word in fold(q).split_whitespace() {
                let mut pattern = String::from("%");
                for c in word.chars() {
                    if matches!(c, '%' | '_' | '\\') {
                        pattern.push('\\');
                    }
                    pattern.push(c);
                }
                pattern.push('%');
                sql = match lang {
                    Lang::Id => sql.filter(ta::search_id.like(pattern).escape('\\')),
                    Lang::En => sql.filter(ta::search_en.like(pattern).escape('\\')),
                };
            }
        }
        sql
    }

    /// The order of `sort` in SQL (ties broken by the slug, ascending either way).
    fn sql_sorted(
        &self,
        sql: ta::BoxedQuery<'static, MultiBackend>,
    ) -> ta::BoxedQuery<'static, MultiBackend> {
        macro_rules! by {
            ($sql:expr, $col:expr) => {
                if self.descending {
                    $sql.then_order_by($col.desc())
                } else {
                    $sql.then_order_by($col.asc())
                }
            };
        }
        let sql = match self.sort.as_str() {
            "partner" => by!(sql, ta::partner_name),
            "country" => by!(sql, ta::partner_country),
            // Undated ties last either way.
            "signed" => by!(sql.order_by(ta::signed_on.is_null()), ta::signed_on),
            "status" => by!(sql, ta::agreement_status),
            "activity" => by!(sql, ta::activity_status),
            "score" => by!(sql, ta::score),
            "grade" => by!(sql, ta::grade),
            "reported" => by!(sql, ta::reported_status),
            _ => by!(by!(sql, ta::place_name), ta::partner_name),
        };
        sql.then_order_by(ta::tie_slug.asc())
    }

    /// How many ties match, counted in SQL.
    pub fn count(&self, conn: &mut AnyConnection, lang: Lang) -> QueryResult<usize> {
        let n: i64 = self.sql(lang).count().get_result(conn)?;
        Ok(n as usize)
    }

    /// The ids of the matching ties in order: all of them, or `limit` from `offset`.
    pub fn ids(
        &self,
        conn: &mut AnyConnection,
        lang: Lang,
        window: Option<(usize, usize)>,
    ) -> QueryResult<Vec<i32>> {
        let mut sql = self.sql_sorted(self.sql(lang)).select(ta::tie_id);
        if let Some((offset, limit)) = window {
            sql = sql.offset(offset as i64).limit(limit as i64);
        }
        sql.load(conn)
    }

    /// One page of the list, answered by SQL over the stored assessments (which a thread of the
    /// server brings to each new day, `startup::day_ticker`): a fixed number of statements
    /// whatever the number of ties; the rows shown are assessed on `today`. `clamp` shows the last
    /// page when the one asked for is past the end (the HTML list; the API answers it empty).
    pub fn page(
        &self,
        conn: &mut AnyConnection,
        lang: Lang,
        today: chrono::NaiveDate,
        clamp: bool,
    ) -> QueryResult<Page> {
        let total = self.count(conn, lang)?;
        let page = if clamp {
            self.page.min(self.pages(total))
        } else {
            self.page
        };
        let ids = self.ids(
            conn,
            lang,
            Some(((page - 1) * self.per_page, self.per_page)),
        )?;
        Ok(Page {
            rows: assessed_in_order(conn, &ids, today)?,
            total,
            page,
        })
    }

    /// Every matching row in order (the exports), in a fixed number of statements.
    pub fn rows(
        &self,
        conn: &mut AnyConnection,
        lang: Lang,
        today: chrono::NaiveDate,
    ) -> QueryResult<Vec<Assessed>> {
        let ids = self.ids(conn, lang, None)?;
        assessed_in_order(conn, &ids, today)
    }
}

impl TieQuery {
    /// The row source of a streaming export: every matching row in order, handed to `each` in
    /// chunks of `chunk` rows, so that memory holds one chunk whatever the number of ties (one
    /// statement for the ids, then a fixed number per chunk). `each` returns `false` to stop
    /// (the client went away).
    pub fn each_chunk(
        &self,
        conn: &mut AnyConnection,
        lang: Lang,
        today: chrono::NaiveDate,
        chunk: usize,
        mut each: impl FnMut(Vec<Assessed>) -> bool,
    ) -> QueryResult<()> {
        let ids = self.ids(conn, lang, None)?;
        for part in ids.chunks(chunk.max(1)) {
            if !each(assessed_in_order(conn, part, today)?) {
                break;
            }
        }
        Ok(())
    }
}

/// These ties with their summaries and assessments, in the order of `ids`.
fn assessed_in_order(
    conn: &mut AnyConnection,
    ids: &[i32],
    today: chrono::NaiveDate,
) -> QueryResult<Vec<Assessed>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ties = tie::Tie::by_ids(conn, ids)?;
    let mut by_id: std::collections::HashMap<i32, Assessed> = assess_ties(conn, ties, today)?
        .into_iter()
        .map(|a| (a.summary.tie.id, a))
        .collect();
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// The folded text the `q` filter looks in, for one tie in one language: both places' names in
/// both languages, the tie's slug, the far side's country (in both languages), the fields (as
/// tags and in the page's language) and the sources' notes.
pub fn haystack(lang: Lang, s: &tie::TieSummary) -> String {
    let far = s.far();
    fold(
        &[
            s.place.name.as_str(),
            s.partner.name.as_str(),
            s.place.name_en.as_str(),
            s.partner.name_en.as_str(),
            s.tie.slug.as_str(),
            &lang.vocab("country", &far.country_code),
            &Lang::En.vocab("country", &far.country_code),
            &Lang::Id.vocab("country", &far.country_code),
            &s.fields.join(" "),
            &s.fields
                .iter()
                .map(|f| lang.vocab("field", f))
                .collect::<Vec<_>>()
                .join(" "),
            &s.reported
                .iter()
                .map(|r| r.status.note.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        ]
        .join(" "),
    )
}

/// Lowercase and strip accents (`Pécs` → `pecs`), for matching free text.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let base = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'ď' | 'đ' => 'd',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
            'ł' => 'l',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
            'ř' => 'r',
            'ś' | 'š' | 'ş' | 'ș' => 's',
            'ť' | 'ţ' | 'ț' => 't',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
            'ý' | 'ÿ' => 'y',
            'ź' | 'ż' | 'ž' => 'z',
            c => c,
        };
        out.push(base);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_filter() {
        let q = TieQuery::parse("country=jp&status=lapsed&activity=silent&grade=e&roadmap=no&report=yes&signed_from=2015&signed_to=2020&type=mou&kind=city&field=education&reported=active&q=Pécs&sort=-score&page=2&per_page=50&place=bandung&ceremonial=yes").unwrap();
        assert_eq!(q.country.as_deref(), Some("JP"));
        assert_eq!(q.status, Some(AgreementStatus::Lapsed));
        assert_eq!(q.grade, Some('E'));
        assert_eq!(
            (q.sort.as_str(), q.descending, q.page, q.per_page),
            ("score", true, 2, 50)
        );
        assert_eq!(q.filters().len(), 15);
        let again = TieQuery::parse(&q.to_query(true)).unwrap();
        assert_eq!(again, q, "the query string round-trips");
    }

    #[test]
    fn refuses_bad_values_by_name() {
        for (query, name) in [
            ("status=alive", "status"),
            ("grade=F", "grade"),
            ("sort=name;DROP TABLE ties", "sort"),
            ("per_page=1000", "per_page"),
            ("page=0", "page"),
            ("signed_from=20x5", "signed_from"),
            ("country=JPN", "country"),
            ("place=Bandung'--", "place"),
            ("roadmap=maybe", "roadmap"),
            ("type=treaty", "type"),
        ] {
            assert_eq!(TieQuery::parse(query).unwrap_err().name, name, "{query}");
        }
        assert!(
            TieQuery::parse("unknown=1&status=").is_ok(),
            "unknown and empty parameters are ignored"
        );
    }

    #[test]
    fn folds_accents_and_case() {
        assert_eq!(fold("Pécs Łódź São"), "pecs lodz sao");
    }
}
