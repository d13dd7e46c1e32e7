//! The raw material of synthetic data: the seeded generator (splitmix64), names of places and
//! people, vocabularies and dates.

use super::*;

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
pub(super) const COUNTRIES: [(&str, f64, f64, f64, &[&str]); 36] = [
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

pub(super) const SYLLABLES: [&str; 24] = [
    "ka", "ri", "to", "na", "mo", "sa", "lo", "be", "ta", "ve", "ro", "mi", "da", "le", "po", "ga",
    "ni", "su", "ha", "ke", "ba", "lu", "de", "co",
];
pub(super) const ID_FIRST: [&str; 20] = [
    "Suka", "Tanjung", "Sungai", "Batu", "Pasir", "Karang", "Air", "Gunung", "Bukit", "Teluk",
    "Muara", "Labuhan", "Padang", "Kuala", "Pulau", "Talang", "Lubuk", "Rantau", "Sidi", "Tebing",
];
pub(super) const ID_SECOND: [&str; 20] = [
    "jaya", "makmur", "maju", "sari", "raya", "baru", "indah", "mulya", "asri", "permai", "tinggi",
    "hijau", "lestari", "agung", "damai", "rejo", "harjo", "tenggara", "utara", "selatan",
];
pub(super) const ID_PROVINCE_WORDS: [&str; 8] = [
    "Nusa",
    "Kepulauan",
    "Sulawesi",
    "Kalimantan",
    "Sumatera",
    "Jawa",
    "Maluku",
    "Papua",
];

// Fields of cooperation: the tie list's vocabulary, `models::vocabulary::FIELDS`.

/// Factors with a label in `locales/*/vocab.ftl`.
pub(super) const FACTORS: [&str; 24] = [
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

pub(super) const CURRENCIES: [&str; 5] = ["IDR", "IDR", "USD", "EUR", "JPY"];
pub(super) const EVALUATORS: [&str; 8] = [
    "Tim Evaluasi Bagian Kerja Sama",
    "Dr. Ratna Wulandari",
    "Pusat Studi Hubungan Internasional",
    "Ahmad Fauzi, M.Si.",
    "Forum Warga Kota",
    "Lembaga Kajian Otonomi Daerah",
    "Siti Rahmawati",
    "Inspektorat Daerah",
];
pub(super) const ACTIVITY_TITLES: [&str; 10] = [
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

pub(super) const BATCH_PLACES: usize = 1000;
pub(super) const BATCH_TIES: usize = 250;
pub(super) const BATCH_REPORTS: usize = 2000;

#[derive(Clone)]
pub(super) struct PlaceRef {
    pub(super) id: i32,
    pub(super) slug: String,
    pub(super) name: String,
    pub(super) kind: String,
    pub(super) indonesian: bool,
}

pub(super) fn slugify(s: &str) -> String {
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

pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

pub(super) fn partner_name(rng: &mut Rng, endings: &[&str]) -> String {
    let n = rng.range(1, 3) as usize;
    let stem: String = (0..n).map(|_| *rng.pick(&SYLLABLES)).collect();
    capitalise(&format!("{stem}{}", rng.pick(endings)))
}

pub(super) fn indonesian_name(rng: &mut Rng, kind: &str) -> String {
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
pub(super) fn at_precision(d: NaiveDate, p: Precision) -> NaiveDate {
    match p {
        Precision::Day => d,
        Precision::Month => d.with_day(1).unwrap_or(d),
        Precision::Year => NaiveDate::from_ymd_opt(d.year(), 1, 1).unwrap_or(d),
    }
}

pub(super) fn precision(rng: &mut Rng) -> Precision {
    match rng.below(20) {
        0..=11 => Precision::Day,
        12..=16 => Precision::Month,
        _ => Precision::Year,
    }
}

pub(super) fn days(d: NaiveDate, n: i64) -> NaiveDate {
    d + chrono::Duration::days(n)
}

pub(super) fn years(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(Months::new(12 * n)).unwrap_or(d)
}

pub(super) fn stamp(d: NaiveDate, rng: &mut Rng) -> NaiveDateTime {
    d.and_hms_opt(rng.range(7, 17) as u32, rng.range(0, 59) as u32, 0)
        .unwrap_or_default()
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
