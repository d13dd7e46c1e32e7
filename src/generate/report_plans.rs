//! Synthetic evaluation reports with their ratings and factors.

use super::*;

pub(super) struct ReportPlan {
    pub(super) tie_id: i32,
    pub(super) title: String,
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
    pub(super) body_md: String,
    /// What `body_md` was made from (`report_md`).
    pub(super) parts: [String; 8],
    pub(super) author: &'static str,
    pub(super) independent: bool,
    pub(super) ratings: [Option<i32>; 5],
    pub(super) comments: [String; 5],
    pub(super) published_at: NaiveDateTime,
    pub(super) factors: Vec<&'static str>,
}

/// A report's body from its parts: the two places' names, the year, the numbers of visits and
/// trainings, and three findings.
fn report_md(p: &[&str; 8]) -> String {
    format!(
        "## Ringkasan\n\nEvaluasi kerja sama **{}** dengan **{}** untuk tahun {}. \
         Kegiatan yang tercatat: {} kunjungan, {} pelatihan.\n\n\
         ## Temuan\n\n- Komitmen pimpinan: {}\n- Partisipasi warga: {}\n- Tindak lanjut MoU: {}\n\n\
         > Catatan: data diambil dari laporan kegiatan dan wawancara.\n\n\
         ## Rekomendasi\n\n1. Susun rencana aksi tahunan.\n2. Libatkan dunia usaha dan kampus.\n3. Publikasikan anggaran.\n",
        p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]
    )
}

/// Words standing in for the parts of a report's body when it is rendered once for all.
const STAND_INS: [&str; 8] = [
    "zqzpartazqz",
    "zqzpartbzqz",
    "zqzpartczqz",
    "zqzpartdzqz",
    "zqzpartezqz",
    "zqzpartfzqz",
    "zqzpartgzqz",
    "zqzparthzqz",
];

/// Whether a part may take a stand-in's place in rendered HTML: letters and digits at both ends,
/// single spaces, hyphens, full stops and apostrophes between. Markdown then reads the body as it
/// reads the stand-ins, and the safe HTML keeps the part as it is (nothing to escape).
fn plain(part: &str) -> bool {
    let ends = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    ends(part.chars().next())
        && ends(part.chars().next_back())
        && !part.contains("  ")
        && part
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '.' | '\''))
}

/// The safe HTML of a report body with stand-ins (rendered once, where rendering every body
/// was most of the reports' time), cut at them: each piece of HTML and the part that follows.
struct Skeleton {
    pieces: Vec<(String, usize)>,
    tail: String,
}

static SKELETON: std::sync::LazyLock<Skeleton> = std::sync::LazyLock::new(|| {
    let mut html = crate::markdown::to_safe_html(&report_md(&STAND_INS));
    let mut pieces = Vec::new();
    while let Some((at, part)) = STAND_INS
        .iter()
        .enumerate()
        .filter_map(|(i, s)| html.find(s).map(|at| (at, i)))
        .min()
    {
        pieces.push((html[..at].to_string(), part));
        html = html[at + STAND_INS[part].len()..].to_string();
    }
    Skeleton { pieces, tail: html }
});

impl Skeleton {
    /// `to_safe_html(&report_md(parts))` for plain parts.
    fn fill(&self, parts: &[&str; 8]) -> String {
        let mut out = String::with_capacity(self.tail.len() + 600);
        for (piece, part) in &self.pieces {
            out.push_str(piece);
            out.push_str(parts[*part]);
        }
        out.push_str(&self.tail);
        out
    }
}

pub(super) fn plan_report(
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
    let parts = [
        a.clone(),
        b.clone(),
        year.to_string(),
        rng.range(0, 6).to_string(),
        rng.range(0, 4).to_string(),
        ["lemah", "cukup", "baik", "sangat baik"][rng.below(4)].to_string(),
        ["rendah", "sedang", "tinggi"][rng.below(3)].to_string(),
        ["belum ada", "sebagian", "lengkap"][rng.below(3)].to_string(),
    ];
    let body_md = report_md(&parts.each_ref().map(String::as_str));
    ReportPlan {
        tie_id,
        title: format!("Evaluasi {year}: {a} – {b}"),
        start,
        end,
        body_md,
        parts,
        author: rng.word(&EVALUATORS),
        independent: rng.chance(0.4),
        ratings,
        comments,
        published_at: stamp(published, rng),
        factors: rng.some(&FACTORS, n_factors).into_iter().copied().collect(),
    }
}

/// Write a batch of reports and their factors, one INSERT each.
pub(super) fn write_reports(
    conn: &mut AnyConnection,
    plans: &[ReportPlan],
    next: &mut NextIds,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let ids: Vec<i32> = (next.reports..).take(plans.len()).collect();
    next.reports += plans.len() as i32;
    let html = crate::parallel::map(plans, |r| {
        let parts = r.parts.each_ref().map(String::as_str);
        if parts.iter().all(|p| plain(p)) {
            SKELETON.fill(&parts)
        } else {
            crate::markdown::to_safe_html(&r.body_md)
        }
    });
    let rows: Vec<_> = plans
        .iter()
        .zip(ids.iter().copied())
        .zip(&html)
        .map(|((r, id), html)| {
            (
                reports::id.eq(id),
                reports::tie_id.eq(r.tie_id),
                reports::title.eq(&r.title),
                reports::period_start.eq(Some(r.start)),
                reports::period_end.eq(Some(r.end)),
                reports::body_md.eq(&r.body_md),
                reports::body_html.eq(Some(html)),
                reports::author_name.eq(r.author),
                reports::independent.eq(r.independent),
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
                reports::published_at.eq(Some(r.published_at)),
                reports::created_at.eq(at),
                reports::updated_at.eq(at),
            )
        })
        .collect();
    batch!(conn, reports::table, rows)?;
    let factors: Vec<_> = plans
        .iter()
        .zip(ids.iter().copied())
        .flat_map(|(r, id)| {
            r.factors.iter().map(move |f| {
                (
                    report_factors::report_id.eq(id),
                    report_factors::factor.eq(*f),
                )
            })
        })
        .collect();
    if !factors.is_empty() {
        batch!(conn, report_factors::table, factors)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_skeleton_renders_plain_parts_as_rendering_the_body_does() {
        assert_eq!(SKELETON.pieces.len(), 8, "every stand-in once");
        for parts in [
            [
                "Bandung",
                "Braunschweig",
                "2019",
                "0",
                "3",
                "sangat baik",
                "rendah",
                "belum ada",
            ],
            [
                "Kota Baru",
                "Saint-Étienne",
                "2024",
                "5",
                "1",
                "lemah",
                "tinggi",
                "lengkap",
            ],
            [
                "Hódmezővásárhely",
                "St. John's",
                "2015",
                "2",
                "2",
                "cukup",
                "sedang",
                "sebagian",
            ],
            [
                "Kabupaten Tanjung Jabung Barat",
                "Ōsaka",
                "2010",
                "4",
                "0",
                "baik",
                "sedang",
                "lengkap",
            ],
        ] {
            assert!(parts.iter().all(|p| plain(p)), "{parts:?}");
            let slow = crate::markdown::to_safe_html(&report_md(&parts));
            assert_eq!(SKELETON.fill(&parts), slow);
        }
        for odd in [
            "A & B",
            "*x*",
            "Ibu Kota Nusantara (IKN)",
            " x",
            "x ",
            "a  b",
            "<b>",
            "_a_",
            "a\\b",
            "",
        ] {
            assert!(!plain(odd), "{odd:?}");
        }
    }
}
