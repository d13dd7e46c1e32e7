//! Synthetic ties: what each tie gets (agreements, procedure steps, roadmaps with milestones,
//! activities, a status), planned from the generator, then written with their revisions.

use super::*;

pub(super) struct AgreementPlan {
    pub(super) kind: &'static str,
    pub(super) title: String,
    pub(super) signed: Option<(NaiveDate, Precision)>,
    pub(super) in_force_from: Option<NaiveDate>,
    pub(super) expires_on: Option<NaiveDate>,
    pub(super) signatories: String,
    pub(super) link: Option<String>,
    pub(super) note: String,
}

pub(super) struct StepPlan {
    pub(super) step: &'static str,
    pub(super) on: Option<(NaiveDate, Precision)>,
    pub(super) note: String,
}

pub(super) struct MilestonePlan {
    pub(super) title: String,
    pub(super) target: String,
    pub(super) due_on: Option<NaiveDate>,
    pub(super) status: &'static str,
    pub(super) evidence: String,
}

pub(super) struct RoadmapPlan {
    pub(super) title: String,
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
    pub(super) body_md: String,
    pub(super) budget: Option<(f64, &'static str)>,
    pub(super) published: bool,
    pub(super) milestones: Vec<MilestonePlan>,
}

pub(super) struct ActivityPlan {
    pub(super) on: NaiveDate,
    pub(super) kind: &'static str,
    pub(super) title: String,
    pub(super) description: String,
    pub(super) participants: [i32; 5],
    pub(super) cost: Option<(f64, &'static str)>,
    pub(super) evidence_link: Option<String>,
    pub(super) published: bool,
}

pub(super) struct StatusPlan {
    pub(super) status: &'static str,
    pub(super) note: String,
    pub(super) factors: String,
    pub(super) as_of: (NaiveDate, Precision),
    pub(super) sources: Vec<i32>,
}

pub(super) struct TiePlan {
    pub(super) slug: String,
    pub(super) place_id: i32,
    pub(super) partner_id: i32,
    pub(super) place_name: String,
    pub(super) partner_name: String,
    pub(super) kind: &'static str,
    pub(super) started: Option<(NaiveDate, Precision)>,
    pub(super) fields: Vec<&'static str>,
    pub(super) agreements: Vec<AgreementPlan>,
    pub(super) statuses: Vec<StatusPlan>,
    pub(super) steps: Vec<StepPlan>,
    pub(super) roadmaps: Vec<RoadmapPlan>,
    pub(super) activities: Vec<ActivityPlan>,
}

pub(super) fn plan_tie(
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

pub(super) fn roadmap_md(rng: &mut Rng, a: &str, b: &str, fields: &[&str]) -> String {
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

/// Write a batch of ties and everything they hold, one INSERT per table; returns their ids.
pub(super) fn write_ties(
    conn: &mut AnyConnection,
    plans: &[TiePlan],
    next: &mut NextIds,
    at: NaiveDateTime,
    summary: &mut Summary,
) -> QueryResult<Vec<i32>> {
    let tie_ids: Vec<i32> = (next.ties..).take(plans.len()).collect();
    next.ties += plans.len() as i32;
    let both = || plans.iter().zip(tie_ids.iter().copied());
    let rows: Vec<_> = both()
        .map(|(plan, id)| {
            (
                ties::id.eq(id),
                ties::slug.eq(&plan.slug),
                ties::place_id.eq(plan.place_id),
                ties::partner_id.eq(plan.partner_id),
                ties::kind.eq(plan.kind),
                ties::started_on.eq(plan.started.map(|s| s.0)),
                ties::started_precision.eq(plan.started.map(|s| s.1.as_str())),
                ties::created_at.eq(at),
                ties::updated_at.eq(at),
            )
        })
        .collect();
    batch!(conn, ties::table, rows)?;
    let rows: Vec<_> = both()
        .flat_map(|(plan, id)| {
            plan.fields
                .iter()
                .map(move |f| (tie_fields::tie_id.eq(id), tie_fields::field.eq(*f)))
        })
        .collect();
    if !rows.is_empty() {
        batch!(conn, tie_fields::table, rows)?;
    }
    let rows: Vec<_> = both()
        .flat_map(|(plan, tie_id)| {
            plan.agreements.iter().map(move |a| {
                (
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
                )
            })
        })
        .collect();
    summary.agreements += rows.len();
    if !rows.is_empty() {
        batch!(conn, agreements::table, rows)?;
    }
    // Reported statuses with their ids, then their citations.
    let mut statuses = Vec::new();
    let mut cites = Vec::new();
    for (plan, tie_id) in both() {
        for s in &plan.statuses {
            let id = next.statuses;
            next.statuses += 1;
            statuses.push((
                reported_statuses::id.eq(id),
                reported_statuses::tie_id.eq(tie_id),
                reported_statuses::status.eq(s.status),
                reported_statuses::note.eq(&s.note),
                reported_statuses::factors.eq(&s.factors),
                reported_statuses::as_of.eq(Some(s.as_of.0)),
                reported_statuses::as_of_precision.eq(Some(s.as_of.1.as_str())),
                reported_statuses::created_at.eq(at),
            ));
            for (position, source_id) in s.sources.iter().enumerate() {
                cites.push((
                    citations::source_id.eq(*source_id),
                    citations::subject_kind.eq("reported_status"),
                    citations::subject_id.eq(id),
                    citations::position.eq(position as i32),
                ));
            }
        }
    }
    if !statuses.is_empty() {
        batch!(conn, reported_statuses::table, statuses)?;
    }
    if !cites.is_empty() {
        batch!(conn, citations::table, cites)?;
    }
    let rows: Vec<_> = both()
        .flat_map(|(plan, tie_id)| {
            plan.steps.iter().map(move |s| {
                (
                    procedure_steps::tie_id.eq(tie_id),
                    procedure_steps::step.eq(s.step),
                    procedure_steps::occurred_on.eq(s.on.map(|o| o.0)),
                    procedure_steps::occurred_precision.eq(s.on.map(|o| o.1.as_str())),
                    procedure_steps::note.eq(&s.note),
                    procedure_steps::published_at.eq(Some(at)),
                    procedure_steps::created_at.eq(at),
                    procedure_steps::updated_at.eq(at),
                )
            })
        })
        .collect();
    summary.procedure_steps += rows.len();
    if !rows.is_empty() {
        batch!(conn, procedure_steps::table, rows)?;
    }
    // Roadmaps with their ids, then their milestones.
    let mut maps = Vec::new();
    let mut stones = Vec::new();
    for (plan, tie_id) in both() {
        for r in &plan.roadmaps {
            let id = next.roadmaps;
            next.roadmaps += 1;
            maps.push((
                roadmaps::id.eq(id),
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
            ));
            for m in &r.milestones {
                stones.push((
                    milestones::roadmap_id.eq(id),
                    milestones::title.eq(&m.title),
                    milestones::target.eq(&m.target),
                    milestones::due_on.eq(m.due_on),
                    milestones::status.eq(m.status),
                    milestones::evidence.eq(&m.evidence),
                    milestones::created_at.eq(at),
                    milestones::updated_at.eq(at),
                ));
            }
        }
    }
    summary.roadmaps += maps.len();
    summary.milestones += stones.len();
    if !maps.is_empty() {
        batch!(conn, roadmaps::table, maps)?;
    }
    if !stones.is_empty() {
        batch!(conn, milestones::table, stones)?;
    }
    let rows: Vec<_> = both()
        .flat_map(|(plan, tie_id)| {
            plan.activities.iter().map(move |a| {
                (
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
                )
            })
        })
        .collect();
    summary.activities += rows.len();
    if !rows.is_empty() {
        batch!(conn, activities::table, rows)?;
    }
    let ids: Vec<(i32, Option<i32>)> = tie_ids.iter().map(|&id| (id, Some(id))).collect();
    revisions(conn, "tie", &ids, at)?;
    Ok(tie_ids)
}
