//! Synthetic data for benchmarks and scale tests (`pantau generate`): places, ties, agreements, roadmaps, activities, reports.
//!
//! Everything comes from a tiny seeded PRNG (splitmix64) and the date given as "today", so the
//! same seed, date and starting database give the same rows. Rows are written one by one (the
//! same code on SQLite and PostgreSQL) in one transaction per batch.

use std::collections::HashSet;
use std::fmt;
use std::time::{Duration, Instant};

use chrono::{Datelike, Months, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::i18n::Precision;
use crate::import;
use crate::models::revision::NewRevision;
use crate::models::{activity, procedure, roadmap, tie};
use crate::schema::{
    activities, agreements, citations, milestones, places, procedure_steps, report_factors,
    reported_statuses, reports, roadmaps, sources, tie_fields, ties,
};

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

/// splitmix64: a tiny, good-enough generator, so no dependency is needed for synthetic data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An integer in [lo, hi] (inclusive).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(lo <= hi);
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// One of a list of words.
    pub fn word(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }

    /// `n` distinct items, in the list's order.
    pub fn some<'a, T>(&mut self, items: &'a [T], n: usize) -> Vec<&'a T> {
        let mut idx: Vec<usize> = (0..items.len()).collect();
        for i in 0..n.min(idx.len()) {
            let j = i + self.below(idx.len() - i);
            idx.swap(i, j);
        }
        let mut chosen: Vec<usize> = idx.into_iter().take(n).collect();
        chosen.sort_unstable();
        chosen.into_iter().map(|i| &items[i]).collect()
    }
}

/// Countries with a label in `locales/*/vocab.ftl`: code, centre (lat, lon), spread in degrees,
/// and name endings that sound local enough.
const COUNTRIES: [(&str, f64, f64, f64, &[&str]); 36] = [
    ("AT", 47.5, 14.5, 1.5, &["dorf", "bach", "au"]),
    (
        "AU",
        -30.0,
        140.0,
        9.0,
        &["ton", " Bay", "ville", " Springs"],
    ),
    ("BG", 42.7, 25.3, 1.2, &["ovo", "grad", "ets"]),
    (
        "CN",
        31.0,
        112.0,
        7.0,
        &["zhou", "yang", "an", "ning", "shan"],
    ),
    ("CU", 21.8, -79.0, 1.5, &[" de Cuba", "illa", "ara"]),
    ("CZ", 49.8, 15.5, 1.2, &["ice", "ov", "any"]),
    ("DE", 51.0, 10.0, 2.5, &["burg", "dorf", "heim", "hausen"]),
    ("EC", -1.5, -78.5, 1.5, &["ayo", "ita", "enca"]),
    ("EG", 27.0, 30.5, 3.0, &["iya", " el-Kebir", "ur"]),
    ("FR", 46.5, 2.5, 3.0, &["ville", "court", "ac", "-sur-Mer"]),
    ("GB", 53.0, -1.5, 2.5, &["ford", "ham", "chester", "bury"]),
    ("HR", 45.2, 16.0, 1.5, &["ica", "ovac", "ar"]),
    ("HU", 47.2, 19.4, 1.2, &["halom", "vár", "háza"]),
    ("IT", 42.5, 12.5, 3.0, &["ano", "ello", "ina", "ona"]),
    (
        "JP",
        36.0,
        138.0,
        4.5,
        &["shima", "gawa", "yama", "saki", "oka"],
    ),
    ("KH", 12.5, 104.9, 1.5, &[" Thom", "ampong", "eap"]),
    ("KP", 40.0, 127.0, 1.5, &["ju", "chon", "do"]),
    ("KR", 36.3, 127.8, 1.5, &["ju", "cheon", "san", "won"]),
    ("KZ", 48.0, 67.0, 7.0, &["abad", "tau", "ar"]),
    ("MA", 32.0, -6.5, 2.5, &["ate", "oua", "ir"]),
    ("MY", 3.5, 102.0, 2.5, &[" Bharu", " Jaya", "ang"]),
    ("MZ", -17.0, 36.0, 5.0, &["ane", "uba", "ima"]),
    ("NL", 52.2, 5.5, 0.8, &["dam", "horst", "recht", "wijk"]),
    ("PH", 12.0, 122.5, 4.0, &[" City", "ao", "an"]),
    ("PK", 30.0, 70.0, 4.0, &["abad", "pur", "kot"]),
    ("PL", 52.0, 19.5, 2.5, &["ów", "ice", "sk", "no"]),
    ("PS", 31.9, 35.2, 0.3, &["iya", "at", "un"]),
    ("RU", 55.0, 45.0, 8.0, &["sk", "grad", "ovo", "insk"]),
    ("SA", 24.0, 45.0, 5.0, &["ah", "iyah", "ran"]),
    ("TH", 15.0, 101.0, 4.0, &[" Buri", " Nakhon", "thani"]),
    ("TR", 39.0, 35.0, 4.0, &["kent", "hisar", "ova", "lı"]),
    ("TW", 23.7, 121.0, 1.0, &["chung", "nan", "lien"]),
    ("UA", 49.0, 31.5, 4.0, &["iv", "ove", "sk"]),
    (
        "US",
        39.0,
        -96.0,
        12.0,
        &["ville", "ton", " City", " Springs", "burg"],
    ),
    ("VN", 16.0, 106.5, 5.0, &[" Thanh", "an", "oi"]),
    ("ZA", -29.0, 25.0, 5.0, &["fontein", "burg", "stad"]),
];

const SYLLABLES: [&str; 24] = [
    "ka", "ri", "to", "na", "mo", "sa", "lo", "be", "ta", "ve", "ro", "mi", "da", "le", "po", "ga",
    "ni", "su", "ha", "ke", "ba", "lu", "de", "co",
];
const ID_FIRST: [&str; 20] = [
    "Suka", "Tanjung", "Sungai", "Batu", "Pasir", "Karang", "Air", "Gunung", "Bukit", "Teluk",
    "Muara", "Labuhan", "Padang", "Kuala", "Pulau", "Talang", "Lubuk", "Rantau", "Sidi", "Tebing",
];
const ID_SECOND: [&str; 20] = [
    "jaya", "makmur", "maju", "sari", "raya", "baru", "indah", "mulya", "asri", "permai", "tinggi",
    "hijau", "lestari", "agung", "damai", "rejo", "harjo", "tenggara", "utara", "selatan",
];
const ID_PROVINCE_WORDS: [&str; 8] = [
    "Nusa",
    "Kepulauan",
    "Sulawesi",
    "Kalimantan",
    "Sumatera",
    "Jawa",
    "Maluku",
    "Papua",
];

/// Fields of cooperation with a label in `locales/*/vocab.ftl` (the tie list's vocabulary).
use crate::routes::view::FIELDS;

/// Factors with a label in `locales/*/vocab.ftl`.
const FACTORS: [&str; 24] = [
    "weak-communication",
    "low-capacity",
    "no-central-support",
    "no-community-involvement",
    "elitist",
    "policy-change",
    "covid-19",
    "online-only",
    "leadership-change",
    "budget",
    "no-follow-up",
    "no-results",
    "mou-not-renewed",
    "implementation-delay",
    "partner-unresponsive",
    "differing-interests",
    "language-barrier",
    "distance",
    "no-roadmap",
    "vague-indicators",
    "no-evaluation",
    "success-action-plan",
    "success-multi-stakeholder",
    "success-leader-commitment",
];

const CURRENCIES: [&str; 5] = ["IDR", "IDR", "USD", "EUR", "JPY"];
const EVALUATORS: [&str; 8] = [
    "Tim Evaluasi Bagian Kerja Sama",
    "Dr. Ratna Wulandari",
    "Pusat Studi Hubungan Internasional",
    "Ahmad Fauzi, M.Si.",
    "Forum Warga Kota",
    "Lembaga Kajian Otonomi Daerah",
    "Siti Rahmawati",
    "Inspektorat Daerah",
];
const ACTIVITY_TITLES: [&str; 10] = [
    "Kunjungan delegasi",
    "Pertukaran pelajar",
    "Festival budaya bersama",
    "Pelatihan aparatur",
    "Forum bisnis",
    "Lokakarya kota cerdas",
    "Misi dagang",
    "Pameran UMKM",
    "Beasiswa pelatihan vokasi",
    "Rapat koordinasi daring",
];

const BATCH_PLACES: usize = 1000;
const BATCH_TIES: usize = 250;
const BATCH_REPORTS: usize = 2000;

#[derive(Clone)]
struct PlaceRef {
    id: i32,
    slug: String,
    name: String,
    kind: String,
    indonesian: bool,
}

fn slugify(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars().flat_map(char::to_lowercase) {
        let c = match ch {
            'a'..='z' | '0'..='9' => ch,
            'á' | 'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ı' | 'î' => 'i',
            'ó' | 'ö' | 'ô' | 'ő' | 'ø' => 'o',
            'ú' | 'ü' | 'û' | 'ű' => 'u',
            'ç' => 'c',
            _ => '-',
        };
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end_matches('-').to_string()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn partner_name(rng: &mut Rng, endings: &[&str]) -> String {
    let n = rng.range(1, 3) as usize;
    let stem: String = (0..n).map(|_| *rng.pick(&SYLLABLES)).collect();
    capitalise(&format!("{stem}{}", rng.pick(endings)))
}

fn indonesian_name(rng: &mut Rng, kind: &str) -> String {
    if kind == "province" {
        format!(
            "{} {}",
            rng.pick(&ID_PROVINCE_WORDS),
            capitalise(rng.word(&ID_SECOND))
        )
    } else {
        format!("{}{}", rng.pick(&ID_FIRST), rng.pick(&ID_SECOND))
    }
}

/// A date at the given precision: month precision is the 1st, year precision 1 January.
fn at_precision(d: NaiveDate, p: Precision) -> NaiveDate {
    match p {
        Precision::Day => d,
        Precision::Month => d.with_day(1).unwrap_or(d),
        Precision::Year => NaiveDate::from_ymd_opt(d.year(), 1, 1).unwrap_or(d),
    }
}

fn precision(rng: &mut Rng) -> Precision {
    match rng.below(20) {
        0..=11 => Precision::Day,
        12..=16 => Precision::Month,
        _ => Precision::Year,
    }
}

fn days(d: NaiveDate, n: i64) -> NaiveDate {
    d + chrono::Duration::days(n)
}

fn years(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(Months::new(12 * n)).unwrap_or(d)
}

fn stamp(d: NaiveDate, rng: &mut Rng) -> NaiveDateTime {
    d.and_hms_opt(rng.range(7, 17) as u32, rng.range(0, 59) as u32, 0)
        .unwrap_or_default()
}

/// Make up to `opts` rows of each kind in the database the connection points at.
pub fn generate(conn: &mut AnyConnection, opts: &Options) -> anyhow::Result<Summary> {
    let mut rng = Rng::new(opts.seed);
    let mut summary = Summary::default();
    let today = opts.today;
    let at = today.and_hms_opt(0, 0, 0).unwrap_or_default();

    let t = Instant::now();
    if opts.starter_data {
        import::import_starter_once(conn)?;
    }
    summary.timings.push(("starter data", t.elapsed()));

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
    for chunk in planned.chunks(BATCH_PLACES) {
        conn.transaction::<_, diesel::result::Error, _>(|conn| {
            for (slug, name, kind, cc, lat, lon) in chunk {
                let id: i32 = diesel::insert_into(places::table)
                    .values((
                        places::slug.eq(slug),
                        places::name.eq(name),
                        places::kind.eq(*kind),
                        places::country_code.eq(*cc),
                        places::lat.eq(Some(*lat)),
                        places::lon.eq(Some(*lon)),
                        places::created_at.eq(at),
                        places::updated_at.eq(at),
                    ))
                    .returning(places::id)
                    .get_result(conn)?;
                revision(conn, "place", id, None, at)?;
            }
            Ok(())
        })?;
        summary.places += chunk.len();
    }
    summary.timings.push(("places", t.elapsed()));

    // Synthetic web sources the reported statuses cite.
    let t = Instant::now();
    let mut source_ids = Vec::new();
    if opts.ties > 0 {
        conn.transaction::<_, diesel::result::Error, _>(|conn| {
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
            Ok(())
        })?;
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
        conn.transaction::<_, diesel::result::Error, _>(|conn| {
            let first = tie_ids.len();
            for plan in &plans {
                let id = write_tie(conn, plan, at, &mut summary)?;
                tie_ids.push(id);
                tie_names.push((plan.place_name.clone(), plan.partner_name.clone()));
            }
            crate::assessment_store::refresh_ties(conn, &tie_ids[first..])?;
            Ok(())
        })?;
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
            conn.transaction::<_, diesel::result::Error, _>(|conn| {
                for r in &plans {
                    write_report(conn, r, at)?;
                }
                let mut touched: Vec<i32> = plans.iter().map(|r| r.tie_id).collect();
                touched.sort_unstable();
                touched.dedup();
                crate::assessment_store::refresh_ties(conn, &touched)?;
                Ok(())
            })?;
            left -= n;
            summary.reports += n;
        }
    }
    summary.timings.push(("reports", t.elapsed()));
    Ok(summary)
}

fn revision(
    conn: &mut AnyConnection,
    kind: &str,
    id: i32,
    tie_id: Option<i32>,
    at: NaiveDateTime,
) -> QueryResult<()> {
    NewRevision {
        subject_kind: kind,
        subject_id: id,
        tie_id,
        version: 1,
        action: "generate",
        changed_by: None,
        changed_at: at,
        reason: "synthetic data (pantau generate)",
        before_json: None,
        after_json: "{}".into(),
    }
    .insert_without_assessment(conn)
}

struct AgreementPlan {
    kind: &'static str,
    title: String,
    signed: Option<(NaiveDate, Precision)>,
    in_force_from: Option<NaiveDate>,
    expires_on: Option<NaiveDate>,
    signatories: String,
    link: Option<String>,
    note: String,
}

struct StepPlan {
    step: &'static str,
    on: Option<(NaiveDate, Precision)>,
    note: String,
}

struct MilestonePlan {
    title: String,
    target: String,
    due_on: Option<NaiveDate>,
    status: &'static str,
    evidence: String,
}

struct RoadmapPlan {
    title: String,
    start: NaiveDate,
    end: NaiveDate,
    body_md: String,
    budget: Option<(f64, &'static str)>,
    published: bool,
    milestones: Vec<MilestonePlan>,
}

struct ActivityPlan {
    on: NaiveDate,
    kind: &'static str,
    title: String,
    description: String,
    participants: [i32; 5],
    cost: Option<(f64, &'static str)>,
    evidence_link: Option<String>,
    published: bool,
}

struct StatusPlan {
    status: &'static str,
    note: String,
    factors: String,
    as_of: (NaiveDate, Precision),
    sources: Vec<i32>,
}

struct TiePlan {
    slug: String,
    place_id: i32,
    partner_id: i32,
    place_name: String,
    partner_name: String,
    kind: &'static str,
    started: Option<(NaiveDate, Precision)>,
    fields: Vec<&'static str>,
    agreements: Vec<AgreementPlan>,
    statuses: Vec<StatusPlan>,
    steps: Vec<StepPlan>,
    roadmaps: Vec<RoadmapPlan>,
    activities: Vec<ActivityPlan>,
}

fn plan_tie(
    rng: &mut Rng,
    today: NaiveDate,
    slug: String,
    p: &PlaceRef,
    q: &PlaceRef,
    source_ids: &[i32],
) -> TiePlan {
    let kind = if q.kind == "organisation" {
        "other"
    } else if p.kind == "province" && q.kind == "province" {
        "sister-province"
    } else if rng.chance(0.15) {
        "friendship-city"
    } else {
        "sister-city"
    };
    let n_fields = rng.range(1, 4) as usize;
    let fields: Vec<&'static str> = rng.some(&FIELDS, n_fields).into_iter().copied().collect();
    let topic = fields.join(", ");
    let gov = |name: &str, kind: &str| match kind {
        "province" => format!("Pemerintah Provinsi {name}"),
        "regency" => format!("Pemerintah Kabupaten {name}"),
        _ => format!("Pemerintah Kota {name}"),
    };

    // The first date on record: between 1985 and three months ago.
    let span = (today - NaiveDate::from_ymd_opt(1985, 1, 1).unwrap_or(today)).num_days() - 90;
    let mut first = days(today, -rng.range(90, span.max(91)));
    let mut agreements = Vec::new();
    let story = rng.below(100);
    let mut started = None;
    if story < 8 {
        // Only a reported start, no agreement on record.
        let pr = precision(rng);
        started = Some((at_precision(first, pr), pr));
    } else {
        let mk = |rng: &mut Rng, kind: &'static str, on: NaiveDate, what: &str| {
            let pr = if rng.chance(0.08) {
                None
            } else {
                Some(precision(rng))
            };
            AgreementPlan {
                kind,
                title: format!("{what} antara {} dan {}", gov(&p.name, &p.kind), q.name),
                signed: pr.map(|pr| (at_precision(on, pr), pr)),
                in_force_from: None,
                expires_on: None,
                signatories: if rng.chance(0.7) {
                    format!("Kepala Daerah {}; Mayor of {}", p.name, q.name)
                } else {
                    String::new()
                },
                link: rng
                    .chance(0.4)
                    .then(|| format!("https://jdih.example.go.id/kerja-sama/{}", slugify(what))),
                note: if rng.chance(0.2) {
                    "Ditandatangani di sela forum kerja sama daerah.".into()
                } else {
                    String::new()
                },
            }
        };
        // The MoU, dated so that its expiry falls in the past, within 90 days, or later; an LoI
        // (always, when there is no MoU) some months before it.
        let term = *rng.pick(&[2u32, 3, 5, 5, 5, 10]);
        let expires = match rng.below(100) {
            0..=34 => Some(days(today, -rng.range(1, 3000))),
            35..=44 => Some(days(today, rng.range(0, 89))),
            45..=74 => Some(days(today, rng.range(91, 365 * term as i64))),
            _ => None,
        };
        let mou_on = match expires {
            Some(e) => e
                .checked_sub_months(Months::new(12 * term))
                .unwrap_or(first)
                .min(days(today, -1)),
            None => first,
        };
        if story < 20 || rng.chance(0.4) {
            let loi_on = if story < 20 {
                first
            } else {
                days(mou_on, -rng.range(60, 700))
            };
            agreements.push(mk(rng, "loi", loi_on, "Pernyataan Kehendak Kerja Sama"));
            first = loi_on;
        } else {
            first = mou_on;
        }
        if story >= 20 {
            let mut mou = mk(rng, "mou", mou_on, "Nota Kesepahaman");
            mou.in_force_from = mou.signed.map(|(d, _)| d).filter(|_| rng.chance(0.5));
            mou.expires_on = expires;
            agreements.push(mou);
            let later = |rng: &mut Rng| {
                let gap = (today - mou_on).num_days().max(2);
                days(mou_on, rng.range(1, gap - 1))
            };
            if rng.chance(0.3) {
                let on = later(rng);
                agreements.push(mk(rng, "implementing", on, "Perjanjian Kerja Sama"));
            }
            if rng.chance(0.15) {
                let on = later(rng);
                let mut renewal = mk(rng, "renewal", on, "Perpanjangan Nota Kesepahaman");
                renewal.expires_on = Some(years(on, term));
                agreements.push(renewal);
            }
            if rng.chance(0.1) {
                let on = later(rng);
                agreements.push(mk(rng, "amendment", on, "Adendum Nota Kesepahaman"));
            }
            if rng.chance(0.06) {
                let on = later(rng);
                agreements.push(mk(rng, "termination", on, "Pengakhiran Kerja Sama"));
            }
        }
    }

    let mut statuses = Vec::new();
    let n_status = match rng.below(10) {
        0..=1 => 0,
        2..=8 => 1,
        _ => 2,
    };
    for _ in 0..n_status {
        let pr = precision(rng);
        let on = days(today, -rng.range(30, 4000));
        let (n_factors, n_sources) = (rng.below(3), rng.range(1, 2) as usize);
        statuses.push(StatusPlan {
            status: rng.word(&tie::REPORTED_STATUSES),
            note: if rng.chance(0.5) {
                format!("Dilaporkan dalam kajian kerja sama bidang {topic}.")
            } else {
                String::new()
            },
            factors: rng
                .some(&FACTORS, n_factors)
                .into_iter()
                .copied()
                .collect::<Vec<_>>()
                .join(";"),
            as_of: (at_precision(on, pr), pr),
            sources: rng
                .some(source_ids, n_sources)
                .into_iter()
                .copied()
                .collect(),
        });
    }

    let mut steps = Vec::new();
    if rng.chance(0.5) {
        let n = rng.range(2, 8) as usize;
        let mut on = days(first, -rng.range(30, 400));
        for step in procedure::STEPS.iter().take(n) {
            on = days(on, rng.range(10, 200)).min(today);
            let pr = precision(rng);
            steps.push(StepPlan {
                step,
                on: rng.chance(0.9).then_some((at_precision(on, pr), pr)),
                note: if rng.chance(0.25) {
                    "Surat nomor 800/KS/2020 terlampir.".into()
                } else {
                    String::new()
                },
            });
        }
    }

    let mut roadmaps = Vec::new();
    if rng.chance(0.35) {
        for r in 0..rng.range(1, 2) {
            let start = NaiveDate::from_ymd_opt((today.year() - 6 + 3 * r as i32).max(1990), 1, 1)
                .unwrap_or(today);
            let end = years(start, 3) - chrono::Duration::days(1);
            let milestones = (0..rng.range(2, 6))
                .map(|i| {
                    let due = days(start, 120 + i * 200 + rng.range(0, 90));
                    let status = if due > today {
                        *rng.pick(&["planned", "in-progress"])
                    } else {
                        *rng.pick(&roadmap::MILESTONE_STATUSES)
                    };
                    MilestonePlan {
                        title: format!("Tahap {}: {}", i + 1, rng.pick(&ACTIVITY_TITLES)),
                        target: if rng.chance(0.8) {
                            format!("{} peserta terlatih", rng.range(10, 200))
                        } else {
                            String::new()
                        },
                        due_on: rng.chance(0.85).then_some(due),
                        status,
                        evidence: if status == "done" && rng.chance(0.6) {
                            "Laporan kegiatan dan daftar hadir.".into()
                        } else {
                            String::new()
                        },
                    }
                })
                .collect();
            roadmaps.push(RoadmapPlan {
                title: format!(
                    "Peta jalan kerja sama {}–{} {}–{}",
                    p.name,
                    q.name,
                    start.year(),
                    end.year()
                ),
                start,
                end,
                body_md: roadmap_md(rng, &p.name, &q.name, &fields),
                budget: rng
                    .chance(0.5)
                    .then(|| (rng.range(50, 5000) as f64 * 1_000_000.0, "IDR")),
                published: rng.chance(0.9),
                milestones,
            });
        }
    }

    let mut activities = Vec::new();
    let n_act = [0, 0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 8][rng.below(12)];
    for _ in 0..n_act {
        let gap = (today - first).num_days().max(1);
        let on = days(first, rng.range(0, gap));
        let kind = *rng.pick(&activity::KINDS);
        let gov = rng.range(1, 25) as i32;
        let other = |rng: &mut Rng| {
            if rng.chance(0.4) {
                rng.range(1, 120) as i32
            } else {
                0
            }
        };
        let participants = [gov, other(rng), other(rng), other(rng), other(rng)];
        activities.push(ActivityPlan {
            on,
            kind,
            title: format!("{} {} – {}", rng.pick(&ACTIVITY_TITLES), p.name, q.name),
            description: format!(
                "Kegiatan bidang {topic} dengan {} peserta.",
                participants.iter().sum::<i32>()
            ),
            participants,
            cost: rng.chance(0.4).then(|| {
                let cur = *rng.pick(&CURRENCIES);
                let amount = if cur == "IDR" {
                    rng.range(5, 900) as f64 * 1_000_000.0
                } else {
                    rng.range(1, 200) as f64 * 500.0
                };
                (amount, cur)
            }),
            evidence_link: rng.chance(0.3).then(|| {
                format!(
                    "https://berita.example.org/kegiatan/{}",
                    rng.range(1, 99999)
                )
            }),
            published: rng.chance(0.95),
        });
    }

    TiePlan {
        slug,
        place_id: p.id,
        partner_id: q.id,
        place_name: p.name.clone(),
        partner_name: q.name.clone(),
        kind,
        started,
        fields,
        agreements,
        statuses,
        steps,
        roadmaps,
        activities,
    }
}

fn roadmap_md(rng: &mut Rng, a: &str, b: &str, fields: &[&str]) -> String {
    let mut s = format!(
        "## Tujuan\n\nMemperkuat kerja sama **{a}** dan **{b}** di bidang {}.\n\n## Program\n\n",
        fields.join(", ")
    );
    for i in 0..rng.range(2, 5) {
        s.push_str(&format!(
            "{}. {} ({} kegiatan per tahun)\n",
            i + 1,
            rng.pick(&ACTIVITY_TITLES),
            rng.range(1, 4)
        ));
    }
    s.push_str(
        "\n## Pembiayaan\n\nAPBD masing-masing pihak; rincian di [dokumen anggaran](https://jdih.example.go.id/anggaran).\n",
    );
    s
}

fn write_tie(
    conn: &mut AnyConnection,
    plan: &TiePlan,
    at: NaiveDateTime,
    summary: &mut Summary,
) -> QueryResult<i32> {
    let tie_id: i32 = diesel::insert_into(ties::table)
        .values((
            ties::slug.eq(&plan.slug),
            ties::place_id.eq(plan.place_id),
            ties::partner_id.eq(plan.partner_id),
            ties::kind.eq(plan.kind),
            ties::started_on.eq(plan.started.map(|s| s.0)),
            ties::started_precision.eq(plan.started.map(|s| s.1.as_str())),
            ties::created_at.eq(at),
            ties::updated_at.eq(at),
        ))
        .returning(ties::id)
        .get_result(conn)?;
    for f in &plan.fields {
        diesel::insert_into(tie_fields::table)
            .values((tie_fields::tie_id.eq(tie_id), tie_fields::field.eq(*f)))
            .execute(conn)?;
    }
    for a in &plan.agreements {
        diesel::insert_into(agreements::table)
            .values((
                agreements::tie_id.eq(tie_id),
                agreements::kind.eq(a.kind),
                agreements::title.eq(&a.title),
                agreements::signed_on.eq(a.signed.map(|s| s.0)),
                agreements::signed_precision.eq(a.signed.map(|s| s.1.as_str())),
                agreements::in_force_from.eq(a.in_force_from),
                agreements::expires_on.eq(a.expires_on),
                agreements::signatories.eq(&a.signatories),
                agreements::link.eq(a.link.as_deref()),
                agreements::note.eq(&a.note),
                agreements::published_at.eq(Some(at)),
                agreements::created_at.eq(at),
                agreements::updated_at.eq(at),
            ))
            .execute(conn)?;
    }
    summary.agreements += plan.agreements.len();
    for s in &plan.statuses {
        let status_id: i32 = diesel::insert_into(reported_statuses::table)
            .values((
                reported_statuses::tie_id.eq(tie_id),
                reported_statuses::status.eq(s.status),
                reported_statuses::note.eq(&s.note),
                reported_statuses::factors.eq(&s.factors),
                reported_statuses::as_of.eq(Some(s.as_of.0)),
                reported_statuses::as_of_precision.eq(Some(s.as_of.1.as_str())),
                reported_statuses::created_at.eq(at),
            ))
            .returning(reported_statuses::id)
            .get_result(conn)?;
        for (position, source_id) in s.sources.iter().enumerate() {
            diesel::insert_into(citations::table)
                .values((
                    citations::source_id.eq(*source_id),
                    citations::subject_kind.eq("reported_status"),
                    citations::subject_id.eq(status_id),
                    citations::position.eq(position as i32),
                ))
                .execute(conn)?;
        }
    }
    for s in &plan.steps {
        diesel::insert_into(procedure_steps::table)
            .values((
                procedure_steps::tie_id.eq(tie_id),
                procedure_steps::step.eq(s.step),
                procedure_steps::occurred_on.eq(s.on.map(|o| o.0)),
                procedure_steps::occurred_precision.eq(s.on.map(|o| o.1.as_str())),
                procedure_steps::note.eq(&s.note),
                procedure_steps::published_at.eq(Some(at)),
                procedure_steps::created_at.eq(at),
                procedure_steps::updated_at.eq(at),
            ))
            .execute(conn)?;
    }
    summary.procedure_steps += plan.steps.len();
    for r in &plan.roadmaps {
        let roadmap_id: i32 = diesel::insert_into(roadmaps::table)
            .values((
                roadmaps::tie_id.eq(tie_id),
                roadmaps::title.eq(&r.title),
                roadmaps::period_start.eq(Some(r.start)),
                roadmaps::period_end.eq(Some(r.end)),
                roadmaps::body_md.eq(&r.body_md),
                roadmaps::body_html.eq(Some(crate::markdown::to_safe_html(&r.body_md))),
                roadmaps::budget_amount.eq(r.budget.map(|b| b.0)),
                roadmaps::budget_currency.eq(r.budget.map(|b| b.1)),
                roadmaps::published_at.eq(r.published.then_some(at)),
                roadmaps::created_at.eq(at),
                roadmaps::updated_at.eq(at),
            ))
            .returning(roadmaps::id)
            .get_result(conn)?;
        for m in &r.milestones {
            diesel::insert_into(milestones::table)
                .values((
                    milestones::roadmap_id.eq(roadmap_id),
                    milestones::title.eq(&m.title),
                    milestones::target.eq(&m.target),
                    milestones::due_on.eq(m.due_on),
                    milestones::status.eq(m.status),
                    milestones::evidence.eq(&m.evidence),
                    milestones::created_at.eq(at),
                    milestones::updated_at.eq(at),
                ))
                .execute(conn)?;
        }
        summary.milestones += r.milestones.len();
    }
    summary.roadmaps += plan.roadmaps.len();
    for a in &plan.activities {
        diesel::insert_into(activities::table)
            .values((
                activities::tie_id.eq(tie_id),
                activities::occurred_on.eq(a.on),
                activities::kind.eq(a.kind),
                activities::title.eq(&a.title),
                activities::description.eq(&a.description),
                activities::participants_government.eq(a.participants[0]),
                activities::participants_business.eq(a.participants[1]),
                activities::participants_academia.eq(a.participants[2]),
                activities::participants_community.eq(a.participants[3]),
                activities::participants_youth.eq(a.participants[4]),
                activities::cost_amount.eq(a.cost.map(|c| c.0)),
                activities::cost_currency.eq(a.cost.map(|c| c.1)),
                activities::evidence_link.eq(a.evidence_link.as_deref()),
                activities::published_at.eq(a.published.then_some(at)),
                activities::created_at.eq(at),
                activities::updated_at.eq(at),
            ))
            .execute(conn)?;
    }
    summary.activities += plan.activities.len();
    revision(conn, "tie", tie_id, Some(tie_id), at)?;
    Ok(tie_id)
}

struct ReportPlan {
    tie_id: i32,
    title: String,
    start: NaiveDate,
    end: NaiveDate,
    body_md: String,
    author: &'static str,
    independent: bool,
    ratings: [Option<i32>; 5],
    comments: [String; 5],
    published_at: NaiveDateTime,
    factors: Vec<&'static str>,
}

fn plan_report(
    rng: &mut Rng,
    today: NaiveDate,
    tie_id: i32,
    names: &(String, String),
) -> ReportPlan {
    let year = today.year() - rng.range(1, 12) as i32;
    let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
    let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today);
    let published = days(end, rng.range(15, 200)).min(days(today, -1));
    let ratings = std::array::from_fn(|_| (!rng.chance(0.1)).then(|| rng.range(0, 3) as i32));
    let comments = std::array::from_fn(|i| match ratings[i] {
        Some(0) => "Tidak ada bukti.".to_string(),
        Some(1) => "Sebagian kecil terlaksana.".to_string(),
        Some(2) => "Sebagian besar terlaksana.".to_string(),
        Some(_) => "Terlaksana dengan baik dan terdokumentasi.".to_string(),
        None => String::new(),
    });
    let (a, b) = names;
    let n_factors = rng.below(4);
    let body_md = format!(
        "## Ringkasan\n\nEvaluasi kerja sama **{a}** dengan **{b}** untuk tahun {year}. \
         Kegiatan yang tercatat: {} kunjungan, {} pelatihan.\n\n\
         ## Temuan\n\n- Komitmen pimpinan: {}\n- Partisipasi warga: {}\n- Tindak lanjut MoU: {}\n\n\
         > Catatan: data diambil dari laporan kegiatan dan wawancara.\n\n\
         ## Rekomendasi\n\n1. Susun rencana aksi tahunan.\n2. Libatkan dunia usaha dan kampus.\n3. Publikasikan anggaran.\n",
        rng.range(0, 6),
        rng.range(0, 4),
        ["lemah", "cukup", "baik", "sangat baik"][rng.below(4)],
        ["rendah", "sedang", "tinggi"][rng.below(3)],
        ["belum ada", "sebagian", "lengkap"][rng.below(3)],
    );
    ReportPlan {
        tie_id,
        title: format!("Evaluasi {year}: {a} – {b}"),
        start,
        end,
        body_md,
        author: rng.word(&EVALUATORS),
        independent: rng.chance(0.4),
        ratings,
        comments,
        published_at: stamp(published, rng),
        factors: rng.some(&FACTORS, n_factors).into_iter().copied().collect(),
    }
}

fn write_report(conn: &mut AnyConnection, r: &ReportPlan, at: NaiveDateTime) -> QueryResult<()> {
    let id: i32 = diesel::insert_into(reports::table)
        .values((
            (
                reports::tie_id.eq(r.tie_id),
                reports::title.eq(&r.title),
                reports::period_start.eq(Some(r.start)),
                reports::period_end.eq(Some(r.end)),
                reports::body_md.eq(&r.body_md),
                reports::body_html.eq(Some(crate::markdown::to_safe_html(&r.body_md))),
                reports::author_name.eq(r.author),
                reports::independent.eq(r.independent),
            ),
            (
                reports::rating_commitment.eq(r.ratings[0]),
                reports::rating_participation.eq(r.ratings[1]),
                reports::rating_mou.eq(r.ratings[2]),
                reports::rating_benefit.eq(r.ratings[3]),
                reports::rating_results.eq(r.ratings[4]),
                reports::comment_commitment.eq(&r.comments[0]),
                reports::comment_participation.eq(&r.comments[1]),
                reports::comment_mou.eq(&r.comments[2]),
                reports::comment_benefit.eq(&r.comments[3]),
                reports::comment_results.eq(&r.comments[4]),
            ),
            reports::published_at.eq(Some(r.published_at)),
            reports::created_at.eq(at),
            reports::updated_at.eq(at),
        ))
        .returning(reports::id)
        .get_result(conn)?;
    for f in &r.factors {
        diesel::insert_into(report_factors::table)
            .values((
                report_factors::report_id.eq(id),
                report_factors::factor.eq(*f),
            ))
            .execute(conn)?;
    }
    Ok(())
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
