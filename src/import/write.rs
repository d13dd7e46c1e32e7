//! Writing checked rows: places and ties inserted or left alone (never overwritten), with their
//! revisions, sources and citations.

use super::*;

/// Place slug → (id, kind) for every place on record.
pub(super) type PlaceIds = HashMap<String, (i32, String)>;

pub(super) fn write_places(
    conn: &mut AnyConnection,
    place_rows: &[PlaceRow],
    at: chrono::NaiveDateTime,
    report: &mut ImportReport,
) -> Result<PlaceIds, Error> {
    let mut place_ids: HashMap<String, (i32, String)> = places::table
        .select((places::slug, places::id, places::kind))
        .load::<(String, i32, String)>(conn)?
        .into_iter()
        .map(|(s, id, k)| (s, (id, k)))
        .collect();

    for row in place_rows {
        let new = NewPlace {
            slug: &row.slug,
            name: &row.name,
            kind: &row.kind,
            country_code: &row.country_code,
            lat: row.lat,
            lon: row.lon,
            name_en: &row.name_en,
        };
        match Place::by_slug(conn, &row.slug)? {
            None => {
                let id: i32 = diesel::insert_into(places::table)
                    .values((&new, places::created_at.eq(at), places::updated_at.eq(at)))
                    .returning(places::id)
                    .get_result(conn)?;
                place_revision(conn, id, 1, "import", None, &new, at)?;
                place_ids.insert(row.slug.clone(), (id, row.kind.clone()));
                report.places_added += 1;
            }
            Some(old) => {
                let same = old.name == row.name
                    && old.kind == row.kind
                    && old.country_code == row.country_code
                    && old.lat == row.lat
                    && old.lon == row.lon
                    && old.name_en == row.name_en;
                if !same {
                    diesel::update(places::table.find(old.id))
                        .set((
                            &new,
                            places::version.eq(old.version + 1),
                            places::updated_at.eq(at),
                        ))
                        .execute(conn)?;
                    let before = serde_json::to_string(&old).ok();
                    place_revision(conn, old.id, old.version + 1, "import", before, &new, at)?;
                    place_ids.insert(row.slug.clone(), (old.id, row.kind.clone()));
                    report.places_updated += 1;
                }
            }
        }
    }

    Ok(place_ids)
}

pub(super) fn write_ties(
    conn: &mut AnyConnection,
    tie_rows: &[TieRow],
    place_ids: &PlaceIds,
    at: chrono::NaiveDateTime,
    report: &mut ImportReport,
) -> Result<(), Error> {
    let mut source_ids: HashMap<String, i32> = crate::schema::sources::table
        .select((crate::schema::sources::key, crate::schema::sources::id))
        .load::<(String, i32)>(conn)?
        .into_iter()
        .collect();
    // What is on record, read once (hundreds of ties: a query per tie and table was too slow).
    let known_ties: HashMap<String, (i32, i32)> = ties::table
        .select((ties::slug, ties::id, ties::version))
        .load::<(String, i32, i32)>(conn)?
        .into_iter()
        .map(|(slug, id, version)| (slug, (id, version)))
        .collect();
    let mut fields_on_record: HashMap<i32, BTreeSet<String>> = HashMap::new();
    for (tie_id, field) in tie_fields::table
        .select((tie_fields::tie_id, tie_fields::field))
        .load::<(i32, String)>(conn)?
    {
        fields_on_record.entry(tie_id).or_default().insert(field);
    }
    let mut agreements_on_record: HashMap<i32, Vec<(String, Option<chrono::NaiveDate>)>> =
        HashMap::new();
    for (tie_id, kind, signed_on) in agreements::table
        .select((agreements::tie_id, agreements::kind, agreements::signed_on))
        .load::<(i32, String, Option<chrono::NaiveDate>)>(conn)?
    {
        agreements_on_record
            .entry(tie_id)
            .or_default()
            .push((kind, signed_on));
    }
    let mut latest_statuses: HashMap<i32, ReportedStatus> = HashMap::new();
    for status in reported_statuses::table
        .order(reported_statuses::id.asc())
        .load::<ReportedStatus>(conn)?
    {
        latest_statuses.insert(status.tie_id, status);
    }
    for row in tie_rows {
        let lookup = |slug: &str| {
            place_ids.get(slug).cloned().ok_or_else(|| ImportError {
                file: "ties.csv".into(),
                line: row.line,
                reason: format!("place '{slug}' is neither in places.csv nor in the database"),
            })
        };
        let (place_id, place_kind) = lookup(&row.place)?;
        let (partner_id, partner_kind) = lookup(&row.partner)?;
        let kind = if partner_kind == "organisation" || place_kind == "organisation" {
            "other"
        } else if place_kind == "province" && partner_kind == "province" {
            "sister-province"
        } else {
            "sister-city"
        };
        let started = if row.agreement_type.is_empty() {
            row.signed_on
        } else {
            None
        };
        let (tie_id, version, is_new) = match known_ties.get(&row.id) {
            None => {
                let id: i32 = diesel::insert_into(ties::table)
                    .values(NewTie {
                        slug: &row.id,
                        place_id,
                        partner_id,
                        kind,
                        started_on: started.map(|d| d.date),
                        started_precision: started.map(|d| d.precision.as_str()),
                        created_at: at,
                        updated_at: at,
                    })
                    .returning(ties::id)
                    .get_result(conn)?;
                report.ties_added += 1;
                (id, 1, true)
            }
            Some(&(id, version)) => (id, version, false),
        };
        let mut changed = false;

        // Fields of cooperation: replaced when they differ.
        let no_fields = BTreeSet::new();
        let old_fields = fields_on_record.get(&tie_id).unwrap_or(&no_fields);
        if *old_fields != row.fields {
            diesel::delete(tie_fields::table.filter(tie_fields::tie_id.eq(tie_id)))
                .execute(conn)?;
            for f in &row.fields {
                diesel::insert_into(tie_fields::table)
                    .values((tie_fields::tie_id.eq(tie_id), tie_fields::field.eq(f)))
                    .execute(conn)?;
            }
            changed = true;
        }

        // The agreement the row dates, unless one of that kind and date is on record.
        if !row.agreement_type.is_empty() {
            let on_record = agreements_on_record
                .get(&tie_id)
                .cloned()
                .unwrap_or_default();
            let wanted = (row.agreement_type.clone(), row.signed_on.map(|d| d.date));
            let exists = on_record.contains(&wanted);
            if !exists {
                diesel::insert_into(agreements::table)
                    .values(NewAgreement {
                        tie_id,
                        kind: &row.agreement_type,
                        signed_on: row.signed_on.map(|d| d.date),
                        signed_precision: row.signed_on.map(|d| d.precision.as_str()),
                        note: "",
                        published_at: Some(at),
                        created_at: at,
                        updated_at: at,
                    })
                    .execute(conn)?;
                changed = true;
            }
        }

        // The reported status: a new one is added when it differs from the latest (history is kept).
        let latest = latest_statuses.get(&tie_id);
        let same_status = latest.is_some_and(|s| {
            s.status == row.reported_status && s.note == row.status_note && s.factors == row.factors
        });
        // The same report with a new Indonesian text: the text is the site's, not a new report.
        if let Some(s) = latest
            .as_ref()
            .filter(|s| same_status && s.note_id != row.status_note_id)
        {
            diesel::update(reported_statuses::table.find(s.id))
                .set(reported_statuses::note_id.eq(&row.status_note_id))
                .execute(conn)?;
            changed = true;
        }
        if !same_status {
            let status_id: i32 = diesel::insert_into(reported_statuses::table)
                .values(NewReportedStatus {
                    tie_id,
                    status: &row.reported_status,
                    note: &row.status_note,
                    factors: &row.factors,
                    created_at: at,
                    note_id: &row.status_note_id,
                })
                .returning(reported_statuses::id)
                .get_result(conn)?;
            for (position, s) in row.sources.iter().enumerate() {
                let source_id = source_id(conn, &mut source_ids, s, at, report)?;
                diesel::insert_into(crate::schema::citations::table)
                    .values(NewCitation {
                        source_id,
                        subject_kind: "reported_status",
                        subject_id: status_id,
                        detail: &s.detail,
                        position: position as i32,
                    })
                    .execute(conn)?;
            }
            changed = true;
        }

        if is_new || changed {
            let new_version = if is_new { 1 } else { version + 1 };
            if !is_new {
                diesel::update(ties::table.find(tie_id))
                    .set((ties::version.eq(new_version), ties::updated_at.eq(at)))
                    .execute(conn)?;
                report.ties_updated += 1;
            }
            let after = serde_json::json!({
                "id": row.id,
                "kind": kind,
                "agreement_type": row.agreement_type,
                "signed_on": row.signed_on.map(|d| d.iso()),
                "fields": row.fields,
                "reported_status": row.reported_status,
                "status_note": row.status_note,
                "status_note_id": row.status_note_id,
                "factors": row.factors,
            });
            NewRevision {
                subject_kind: "tie",
                subject_id: tie_id,
                tie_id: Some(tie_id),
                version: new_version,
                action: "import",
                changed_by: None,
                changed_at: at,
                reason: "",
                before_json: None,
                after_json: after.to_string(),
            }
            .insert_without_assessment(conn)?;
        }
    }
    Ok(())
}

pub(super) fn place_revision(
    conn: &mut AnyConnection,
    id: i32,
    version: i32,
    action: &str,
    before_json: Option<String>,
    new: &NewPlace,
    at: chrono::NaiveDateTime,
) -> QueryResult<()> {
    let after = serde_json::json!({
        "slug": new.slug, "name": new.name, "kind": new.kind,
        "country_code": new.country_code, "lat": new.lat, "lon": new.lon,
        "name_en": new.name_en,
    });
    NewRevision {
        subject_kind: "place",
        subject_id: id,
        tie_id: None,
        version,
        action,
        changed_by: None,
        changed_at: at,
        reason: "",
        before_json,
        after_json: after.to_string(),
    }
    .insert_without_assessment(conn)
}

/// The id of a source, created on first use.
pub(super) fn source_id(
    conn: &mut AnyConnection,
    cache: &mut HashMap<String, i32>,
    s: &SourceRef,
    at: chrono::NaiveDateTime,
    report: &mut ImportReport,
) -> QueryResult<i32> {
    if let Some(id) = cache.get(&s.key) {
        return Ok(*id);
    }
    let id = match Source::by_key(conn, &s.key)? {
        Some(src) => src.id,
        None => {
            let doc = DOCUMENTS.iter().find(|d| d.key == s.key);
            let new = match (s.kind, doc) {
                ("document", Some(d)) => NewSource {
                    key: d.key,
                    kind: "document",
                    author: d.author,
                    year: d.year,
                    title: d.title,
                    publisher: d.publisher,
                    url: None,
                    created_at: at,
                },
                ("web", _) => NewSource {
                    key: &s.key,
                    kind: "web",
                    author: "",
                    year: "",
                    title: "",
                    publisher: "",
                    url: Some(&s.key),
                    created_at: at,
                },
                _ => NewSource {
                    key: &s.key,
                    kind: "other",
                    author: "",
                    year: "",
                    title: &s.key,
                    publisher: "",
                    url: None,
                    created_at: at,
                },
            };
            report.sources_added += 1;
            diesel::insert_into(crate::schema::sources::table)
                .values(new)
                .returning(crate::schema::sources::id)
                .get_result(conn)?
        }
    };
    cache.insert(s.key.clone(), id);
    Ok(id)
}
