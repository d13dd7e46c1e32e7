//! Synthetic data for benchmarks and scale tests (`pantau generate`): places, ties, agreements, roadmaps, activities, reports.
//!
//! Everything comes from a tiny seeded PRNG (splitmix64) and the date given as "today", so the
//! same seed, date and starting database give the same rows. Everything is written in one
//! transaction, many rows per INSERT on SQLite and `COPY` on PostgreSQL (`batch!`), with ids
//! given here so that child rows need no round trip; the search index is rebuilt once at the
//! end. On PostgreSQL the foreign keys are checked once at the end too (`pg_load`). Run it while
//! no server writes to the database.

use std::collections::HashSet;
use std::fmt;
use std::time::{Duration, Instant};

use chrono::{Datelike, Months, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::i18n::Precision;
use crate::import;
use crate::models::vocabulary::FIELDS;
use crate::models::{activity, procedure, roadmap, tie};
use crate::schema::{
    activities, agreements, citations, data_version, milestones, places, procedure_steps,
    report_factors, reported_statuses, reports, revisions, roadmaps, sources, tie_fields, ties,
};

/// Many rows into a table at once: one multi-row INSERT on SQLite, one `COPY … FROM STDIN` (binary)
/// on PostgreSQL, which spares it parsing and planning thousands of bound values. The rows are
/// flat tuples of `column.eq(value)` (COPY knows no column defaults), the concrete connection
/// each needs.
macro_rules! batch {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            AnyConnection::Sqlite(c) => diesel::insert_into($table).values($rows).execute(c),
            AnyConnection::Postgresql(c) => {
                diesel::copy_from($table).from_insertable($rows).execute(c)
            }
        }
    };
}

mod pg_load;
mod report_plans;
mod tie_plans;
mod words;

use report_plans::*;
use tie_plans::*;
pub use words::Rng;
use words::*;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    pub places: usize,
    pub ties: usize,
    pub reports: usize,
    pub seed: u64,
    /// The date expiries and "recent" activity are placed around.
    pub today: NaiveDate,
    /// Import the bundled starter data first (once per database), so its pages exist too.
    pub starter_data: bool,
}

/// `pantau generate`: how much synthetic data to write.
#[derive(Clone, Debug, clap::Args)]
pub struct GenerateArgs {
    /// Places to add (about a quarter Indonesian, the rest in 36 other countries).
    #[arg(long, default_value_t = 0)]
    pub places: usize,
    /// Ties to add, each between an Indonesian place and a foreign one, with their agreements,
    /// reported statuses, procedure steps, roadmaps, milestones and activities.
    #[arg(long, default_value_t = 0)]
    pub ties: usize,
    /// Published evaluation reports to add, spread over the new ties (or all ties if none are added).
    #[arg(long, default_value_t = 0)]
    pub reports: usize,
    /// Seed of the pseudo-random generator: the same seed, date and database give the same rows.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The date expiries are placed around (YYYY-MM-DD; default today).
    #[arg(long)]
    pub today: Option<String>,
    /// Do not import the bundled starter data first.
    #[arg(long)]
    pub no_starter_data: bool,
}

impl GenerateArgs {
    pub fn options(&self) -> Result<Options, String> {
        let today = match self.today.as_deref() {
            None | Some("") => chrono::Utc::now().date_naive(),
            Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| format!("invalid --today '{s}': expected YYYY-MM-DD"))?,
        };
        Ok(Options {
            places: self.places,
            ties: self.ties,
            reports: self.reports,
            seed: self.seed,
            today,
            starter_data: !self.no_starter_data,
        })
    }
}

/// Connect, migrate and generate; prints what was written and how long it took.
pub fn run(url: &crate::db::DatabaseUrl, args: &GenerateArgs) -> anyhow::Result<()> {
    let opts = args.options().map_err(anyhow::Error::msg)?;
    let started = Instant::now();
    let mut conn = url
        .connect()
        .map_err(|e| anyhow::anyhow!("cannot connect to {}: {e}", url.redacted()))?;
    crate::db::run_migrations(&mut conn).map_err(|e| anyhow::anyhow!("migrations failed: {e}"))?;
    let summary = generate(&mut conn, &opts)?;
    println!(
        "generated on {} (seed {}): {summary}; total {:.1} s",
        url.redacted(),
        opts.seed,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// What was written, and how long each part took.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub places: usize,
    pub ties: usize,
    pub agreements: usize,
    pub procedure_steps: usize,
    pub roadmaps: usize,
    pub milestones: usize,
    pub activities: usize,
    pub reports: usize,
    pub timings: Vec<(&'static str, Duration)>,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} places, {} ties, {} agreements, {} procedure steps, {} roadmaps, {} milestones, {} activities, {} reports",
            self.places,
            self.ties,
            self.agreements,
            self.procedure_steps,
            self.roadmaps,
            self.milestones,
            self.activities,
            self.reports
        )?;
        let total: Duration = self.timings.iter().map(|(_, d)| *d).sum();
        write!(f, " in {:.1} s (", total.as_secs_f64())?;
        for (i, (name, d)) in self.timings.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            write!(f, "{sep}{name} {:.1} s", d.as_secs_f64())?;
        }
        write!(f, ")")
    }
}

/// Make up to `opts` rows of each kind in the database the connection points at, in one
/// transaction.
pub fn generate(conn: &mut AnyConnection, opts: &Options) -> anyhow::Result<Summary> {
    let mut summary = conn.transaction(|conn| generate_in(conn, opts))?;
    // On PostgreSQL, the planner's statistics and the visibility map (index-only scans) for
    // the tables just filled: without them the first pages read every stored assessment from
    // the heap (the home page took 140 ms instead of 70 at national scale). Outside the
    // transaction, as VACUUM must be.
    if let AnyConnection::Postgresql(_) = conn {
        let started = Instant::now();
        diesel::sql_query("VACUUM ANALYZE").execute(conn)?;
        summary.timings.push(("statistics", started.elapsed()));
    }
    Ok(summary)
}

fn generate_in(conn: &mut AnyConnection, opts: &Options) -> anyhow::Result<Summary> {
    let mut rng = Rng::new(opts.seed);
    let mut summary = Summary::default();
    let today = opts.today;
    let at = today.and_hms_opt(0, 0, 0).unwrap_or_default();

    let t = Instant::now();
    if opts.starter_data {
        import::import_starter_once(conn)?;
    }
    summary.timings.push(("starter data", t.elapsed()));
    let foreign_keys = pg_load::begin(conn)?;

    // Places: a quarter Indonesian (cities, regencies, provinces), the rest abroad.
    let t = Instant::now();
    let mut slugs: HashSet<String> = places::table
        .select(places::slug)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let mut planned = Vec::with_capacity(opts.places);
    for _ in 0..opts.places {
        let indonesian = rng.chance(0.25);
        let (kind, name, cc, lat, lon) = if indonesian {
            let kind = match rng.below(10) {
                0 => "province",
                1..=4 => "city",
                _ => "regency",
            };
            let name = indonesian_name(&mut rng, kind);
            let (lat, lon) = (
                rng.range(-1000, 500) as f64 / 100.0,
                rng.range(9500, 14100) as f64 / 100.0,
            );
            (kind, name, "ID", lat, lon)
        } else {
            let (cc, clat, clon, spread, endings) = *rng.pick(&COUNTRIES);
            let kind = match rng.below(20) {
                0..=15 => "city",
                16..=18 => "province",
                _ => "organisation",
            };
            let mut name = partner_name(&mut rng, endings);
            if kind == "province" {
                name = format!("{name} Prefecture");
            } else if kind == "organisation" {
                name = format!("{name} Municipal Association");
            }
            let jitter = |rng: &mut Rng| (rng.unit() * 2.0 - 1.0) * spread;
            let lat = (clat + jitter(&mut rng)).clamp(-89.0, 89.0);
            let lon = (clon + jitter(&mut rng)).clamp(-179.0, 179.0);
            (kind, name, cc, lat, lon)
        };
        let base = format!("{}-{}", slugify(&name), cc.to_ascii_lowercase());
        let mut slug = base.clone();
        let mut n = 2;
        while !slugs.insert(slug.clone()) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        let round = |x: f64| (x * 100.0).round() / 100.0;
        planned.push((slug, name, kind, cc, round(lat), round(lon)));
    }
    let mut next = NextIds::load(conn)?;
    for chunk in planned.chunks(BATCH_PLACES) {
        let first = next.places;
        next.places += chunk.len() as i32;
        let rows: Vec<_> = chunk
            .iter()
            .zip(first..)
            .map(|((slug, name, kind, cc, lat, lon), id)| {
                (
                    places::id.eq(id),
                    places::slug.eq(slug),
                    places::name.eq(name),
                    places::kind.eq(*kind),
                    places::country_code.eq(*cc),
                    places::lat.eq(Some(*lat)),
                    places::lon.eq(Some(*lon)),
                    places::created_at.eq(at),
                    places::updated_at.eq(at),
                )
            })
            .collect();
        batch!(conn, places::table, rows)?;
        let ids: Vec<(i32, Option<i32>)> = (first..next.places).map(|id| (id, None)).collect();
        revisions(conn, "place", &ids, at)?;
        summary.places += chunk.len();
    }
    summary.timings.push(("places", t.elapsed()));

    // Synthetic web sources the reported statuses cite.
    let t = Instant::now();
    let mut source_ids = Vec::new();
    if opts.ties > 0 {
        {
            for i in 0..40 {
                let key = format!("https://berita.example.org/sintetis/{}/{i}", opts.seed);
                let existing: Option<i32> = sources::table
                    .filter(sources::key.eq(&key))
                    .select(sources::id)
                    .first(conn)
                    .optional()?;
                let id = match existing {
                    Some(id) => id,
                    None => diesel::insert_into(sources::table)
                        .values((
                            sources::key.eq(&key),
                            sources::kind.eq("web"),
                            sources::title.eq(format!("Berita kerja sama daerah ({})", i + 1)),
                            sources::publisher.eq("berita.example.org"),
                            sources::year.eq((2005 + i % 20).to_string()),
                            sources::url.eq(Some(&key)),
                            sources::created_at.eq(at),
                        ))
                        .returning(sources::id)
                        .get_result(conn)?,
                };
                source_ids.push(id);
            }
        }
    }

    // Ties: an Indonesian place and a foreign partner, each pair once.
    let all_places: Vec<PlaceRef> = places::table
        .order(places::id)
        .select((
            places::id,
            places::slug,
            places::name,
            places::kind,
            places::country_code,
        ))
        .load::<(i32, String, String, String, String)>(conn)?
        .into_iter()
        .map(|(id, slug, name, kind, cc)| PlaceRef {
            id,
            slug,
            name,
            kind,
            indonesian: cc == "ID",
        })
        .collect();
    let home: Vec<&PlaceRef> = all_places.iter().filter(|p| p.indonesian).collect();
    let abroad: Vec<&PlaceRef> = all_places.iter().filter(|p| !p.indonesian).collect();
    if opts.ties > 0 && (home.is_empty() || abroad.is_empty()) {
        anyhow::bail!("ties need at least one Indonesian and one foreign place (add --places)");
    }
    let mut pairs: HashSet<String> = ties::table
        .select(ties::slug)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let max_pairs = home.len().saturating_mul(abroad.len());
    let mut tie_ids: Vec<i32> = Vec::with_capacity(opts.ties);
    let mut tie_names: Vec<(String, String)> = Vec::with_capacity(opts.ties);
    let mut made = 0;
    while made < opts.ties {
        if pairs.len() >= max_pairs {
            anyhow::bail!(
                "only {made} of {} ties fit: every Indonesian place is tied to every partner",
                opts.ties
            );
        }
        let batch = BATCH_TIES.min(opts.ties - made);
        let mut plans = Vec::with_capacity(batch);
        while plans.len() < batch && pairs.len() < max_pairs {
            // A few large places (the first tenth, where the starter data's cities are) get more ties.
            let p = if rng.chance(0.15) {
                home[rng.below(home.len().div_ceil(10))]
            } else {
                *rng.pick(&home)
            };
            let q = *rng.pick(&abroad);
            let slug = format!("{}--{}", p.slug, q.slug);
            if pairs.insert(slug.clone()) {
                plans.push(plan_tie(&mut rng, today, slug, p, q, &source_ids));
            }
        }
        tie_ids.extend(write_ties(conn, &plans, &mut next, at, &mut summary)?);
        tie_names.extend(
            plans
                .iter()
                .map(|p| (p.place_name.clone(), p.partner_name.clone())),
        );
        made += plans.len();
        summary.ties += plans.len();
    }
    summary.timings.push(("ties", t.elapsed()));

    // Reports: spread over the generated ties (or every tie, if none was generated now).
    let t = Instant::now();
    if opts.reports > 0 {
        if tie_ids.is_empty() {
            for (id, slug) in ties::table
                .order(ties::id)
                .select((ties::id, ties::slug))
                .load::<(i32, String)>(conn)?
            {
                let (a, b) = slug.split_once("--").unwrap_or((&slug, ""));
                tie_names.push((a.to_string(), b.to_string()));
                tie_ids.push(id);
            }
        }
        if tie_ids.is_empty() {
            anyhow::bail!("reports need ties (add --ties)");
        }
        let mut left = opts.reports;
        while left > 0 {
            let n = BATCH_REPORTS.min(left);
            let plans: Vec<ReportPlan> = (0..n)
                .map(|_| {
                    let i = rng.below(tie_ids.len());
                    plan_report(&mut rng, today, tie_ids[i], &tie_names[i])
                })
                .collect();
            write_reports(conn, &plans, &mut next, at)?;
            left -= n;
            summary.reports += n;
        }
    }
    summary.timings.push(("reports", t.elapsed()));

    let t = Instant::now();
    next.store(conn)?;
    diesel::update(data_version::table.find(1))
        .set(data_version::version.eq(data_version::version + 1))
        .execute(conn)?;
    crate::search::index::rebuild_offline(conn)?;
    summary.timings.push(("search index", t.elapsed()));
    // The stored assessments of every tie, once, in the same transaction (assessment_store).
    let t = Instant::now();
    crate::assessment_store::refresh_all(conn)?;
    summary.timings.push(("assessments", t.elapsed()));
    let t = Instant::now();
    pg_load::finish(conn, foreign_keys)?;
    summary.timings.push(("foreign keys", t.elapsed()));
    Ok(summary)
}

/// The revisions of new records (subject id, tie), many per INSERT; the data's version is moved
/// once at the end.
fn revisions(
    conn: &mut AnyConnection,
    kind: &str,
    ids: &[(i32, Option<i32>)],
    at: NaiveDateTime,
) -> QueryResult<()> {
    for chunk in ids.chunks(ROWS_PER_INSERT) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|&(id, tie_id)| {
                (
                    revisions::subject_kind.eq(kind),
                    revisions::subject_id.eq(id),
                    revisions::tie_id.eq(tie_id),
                    revisions::version.eq(1),
                    revisions::action.eq("generate"),
                    revisions::changed_by.eq(None::<i32>),
                    revisions::changed_at.eq(at),
                    revisions::reason.eq("synthetic data (pantau generate)"),
                    revisions::before_json.eq(None::<String>),
                    revisions::after_json.eq("{}"),
                )
            })
            .collect();
        batch!(conn, revisions::table, rows)?;
    }
    Ok(())
}

/// The ids the next new rows get, for the tables whose rows have children: given here, so a
/// batch writes parents and children without reading ids back.
struct NextIds {
    places: i32,
    ties: i32,
    statuses: i32,
    roadmaps: i32,
    reports: i32,
}

impl NextIds {
    fn load(conn: &mut AnyConnection) -> QueryResult<NextIds> {
        use diesel::dsl::max;
        let after = |m: Option<i32>| m.unwrap_or(0) + 1;
        Ok(NextIds {
            places: after(places::table.select(max(places::id)).first(conn)?),
            ties: after(ties::table.select(max(ties::id)).first(conn)?),
            statuses: after(
                reported_statuses::table
                    .select(max(reported_statuses::id))
                    .first(conn)?,
            ),
            roadmaps: after(roadmaps::table.select(max(roadmaps::id)).first(conn)?),
            reports: after(reports::table.select(max(reports::id)).first(conn)?),
        })
    }

    /// PostgreSQL's sequences move past the ids given here (SQLite's AUTOINCREMENT follows
    /// explicit ids by itself).
    fn store(&self, conn: &mut AnyConnection) -> QueryResult<()> {
        if let AnyConnection::Postgresql(c) = conn {
            use diesel::connection::SimpleConnection;
            for table in ["places", "ties", "reported_statuses", "roadmaps", "reports"] {
                c.batch_execute(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST((SELECT max(id) FROM {table}), 1))"
                ))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_is_deterministic_and_spread() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        let mut r = Rng::new(1);
        let mut seen = [0usize; 4];
        for _ in 0..4000 {
            seen[r.range(0, 3) as usize] += 1;
        }
        assert!(seen.iter().all(|n| (800..1200).contains(n)), "{seen:?}");
        assert!((0..1000).all(|_| (0.0..1.0).contains(&r.unit())));
    }

    #[test]
    fn slugs_are_plain() {
        assert_eq!(slugify("Saint-Étienne-sur-Mer"), "saint-etienne-sur-mer");
        assert_eq!(slugify("Kota  Baru (2)"), "kota-baru-2");
        assert_eq!(slugify("Hódmezővásárhely"), "hodmezovasarhely");
    }
}
