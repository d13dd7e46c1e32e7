//! Synthetic evaluation reports with their ratings and factors.

use super::*;

pub(super) struct ReportPlan {
    pub(super) tie_id: i32,
    pub(super) title: String,
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
    pub(super) body_md: String,
    pub(super) author: &'static str,
    pub(super) independent: bool,
    pub(super) ratings: [Option<i32>; 5],
    pub(super) comments: [String; 5],
    pub(super) published_at: NaiveDateTime,
    pub(super) factors: Vec<&'static str>,
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

/// Write a batch of reports and their factors, one INSERT each.
pub(super) fn write_reports(
    conn: &mut AnyConnection,
    plans: &[ReportPlan],
    next: &mut NextIds,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let ids: Vec<i32> = (next.reports..).take(plans.len()).collect();
    next.reports += plans.len() as i32;
    let html = crate::parallel::map(plans, |r| crate::markdown::to_safe_html(&r.body_md));
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
