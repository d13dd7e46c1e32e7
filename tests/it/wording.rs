//! Indonesian that reads as an Indonesian original: no message left in English, and none of the
//! English or wrong-sense words of issue #20 on any public page in `/id/`.

use crate::common;

use std::collections::BTreeMap;

use common::spawn_app;
use diesel::prelude::*;
use pantau::schema::{places, reports, ties};

/// Every message of one language, key → value (continuation lines joined), from all its files.
fn messages(lang: &str) -> BTreeMap<String, String> {
    let dir = format!("{}/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        let mut key: Option<String> = None;
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            if line.starts_with(|c: char| c.is_ascii_alphabetic())
                && let Some((k, v)) = line.split_once(" =")
            {
                let k = k.trim().to_string();
                out.insert(k.clone(), v.trim().to_string());
                key = Some(k);
            } else if line.starts_with(' ') && !line.trim().is_empty() {
                if let Some(k) = &key {
                    let v = out.get_mut(k).unwrap();
                    v.push('\n');
                    v.push_str(line.trim());
                }
            } else {
                key = None;
            }
        }
    }
    out
}

/// Messages that are rightly the same in both languages: names, codes, abbreviations, and words
/// Indonesian shares with English. Country names (`country-*`) may coincide as well.
const SAME_IN_BOTH: [&str; 11] = [
    "role-admin",
    "field-milestone-status",
    "col-status",
    "agreement-kind-short-loi",
    "agreement-kind-short-mou",
    "agreement-kind-short-implementing",
    "feed-title-of",
    "nav-api",
    "coordinate",
    // A file format and its size; the APA pattern of a cite (its words are arguments).
    "agreement-document-meta",
    "cite-report",
];

#[test]
fn no_indonesian_message_is_left_in_english() {
    let (id, en) = (messages("id"), messages("en"));
    assert!(id.len() > 300, "only {} Indonesian messages read", id.len());
    let same: Vec<_> = id
        .iter()
        .filter(|(k, v)| en.get(*k) == Some(v))
        .filter(|(k, _)| !k.starts_with("country-") && !SAME_IN_BOTH.contains(&k.as_str()))
        .map(|(k, v)| format!("{k} = {v}"))
        .collect();
    assert!(
        same.is_empty(),
        "Indonesian text equal to the English one (translate it, or add a name/code to the allow-list): {same:#?}"
    );
}

/// The allow-list itself stays honest: every key on it exists and really is the same in both.
#[test]
fn the_allow_list_names_only_messages_that_are_the_same() {
    let (id, en) = (messages("id"), messages("en"));
    for k in SAME_IN_BOTH {
        assert_eq!(id.get(k), en.get(k), "{k} differs or is missing");
        assert!(id.contains_key(k), "{k} is not a message");
    }
}

/// Words that must never appear on an Indonesian page (issue #20's list).
const FORBIDDEN_ON_ID: [&str; 11] = [
    "(state)",
    "Prefecture",
    "et al.",
    "c. 20",
    "sister capital",
    "(as written in source",
    "dalam bahasa Inggris",
    "Remah roti",
    "menggugat",
    "tertunggak",
    "Amandemen",
];

fn insert_report(conn: &mut pantau::db::AnyConnection) -> i32 {
    let tie_id: i32 = ties::table
        .filter(ties::slug.eq("ikn-nusantara--astana-kz"))
        .select(ties::id)
        .first(conn)
        .unwrap();
    let now = pantau::db::now();
    diesel::insert_into(reports::table)
        .values((
            reports::tie_id.eq(tie_id),
            reports::title.eq("Evaluasi independen 2026"),
            reports::body_md.eq("## Temuan\n\nBelum ada peta jalan."),
            reports::author_name.eq("Dr. Sari"),
            reports::independent.eq(true),
            reports::rating_commitment.eq(Some(1)),
            reports::comment_commitment.eq("Hanya kunjungan"),
            reports::published_at.eq(Some(now)),
            reports::created_at.eq(now),
            reports::updated_at.eq(now),
        ))
        .returning(reports::id)
        .get_result(conn)
        .unwrap()
}

/// A page without the quoted originals of source notes (`<blockquote lang="en">…</blockquote>`).
fn without_english_originals(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find("<blockquote lang=\"en\">") {
        out.push_str(&rest[..i]);
        rest = match rest[i..].find("</blockquote>") {
            Some(j) => &rest[i + j..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn no_indonesian_page_shows_english_or_wrong_sense_words() {
    let app = spawn_app().await;
    let mut conn = app.db.connect();
    let report = insert_report(&mut conn);
    let place_slugs: Vec<String> = places::table
        .select(places::slug)
        .order(places::slug)
        .load(&mut conn)
        .unwrap();
    let tie_slugs: Vec<String> = ties::table
        .select(ties::slug)
        .order(ties::slug)
        .load(&mut conn)
        .unwrap();
    assert!(place_slugs.len() >= 100 && tie_slugs.len() >= 100);

    // Every public page type: home, place list, every place, tie list (all pages), every tie,
    // report list and page, search, methodology, open data/API page, sources, histories.
    let mut paths: Vec<String> = [
        "/id/",
        "/id/places",
        "/id/ties",
        "/id/ties?per_page=100",
        "/id/ties?per_page=100&page=2",
        "/id/reports",
        "/id/search",
        "/id/search?q=kyoto",
        "/id/search?q=california",
        "/id/search?q=moskwa",
        "/id/search?q=moscow",
        "/id/search?q=safitri",
        "/id/methodology",
        "/id/api",
        "/id/sources",
        "/id/sign-in",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    paths.push(format!("/id/reports/{report}"));
    paths.push(format!("/id/reports/{report}/history"));
    paths.extend(place_slugs.iter().map(|s| format!("/id/places/{s}")));
    paths.extend(tie_slugs.iter().map(|s| format!("/id/ties/{s}")));
    for s in ["bandung--braunschweig-de", "di-yogyakarta--benhard-my"] {
        paths.push(format!("/id/ties/{s}/history"));
    }

    let mut found = Vec::new();
    for path in &paths {
        let (status, body) = app.page(path).await;
        assert_eq!(status, 200, "{path}");
        // The source's own English words, shown as such behind "Teks asli sumber", are a quote.
        let body = without_english_originals(&body);
        for word in FORBIDDEN_ON_ID {
            if body.contains(word) {
                found.push(format!("{path}: {word}"));
            }
        }
    }
    assert!(found.is_empty(), "forbidden on /id/ pages: {found:#?}");
}

/// The Indonesian page shows the Indonesian names and notes, with the source's own words kept
/// behind a "Teks asli" disclosure; the English page shows the English ones.
#[tokio::test]
async fn names_and_source_notes_follow_the_page_language() {
    let app = spawn_app().await;
    let (_, id) = app
        .page("/id/ties/di-yogyakarta--kyoto-prefecture-jp")
        .await;
    assert!(id.contains("Prefektur Kyoto"));
    assert!(id.contains("kerja sama provinsi kembar tertua di Indonesia"));
    assert!(id.contains("<details class=\"original\">"));
    assert!(
        id.contains("Indonesia&#39;s oldest sister province")
            || id.contains("Indonesia's oldest sister province")
    );
    let (_, en) = app
        .page("/en/ties/di-yogyakarta--kyoto-prefecture-jp")
        .await;
    assert!(en.contains("Kyoto Prefecture"));
    assert!(en.contains("Special Region of Yogyakarta"));
    assert!(!en.contains("Prefektur Kyoto"));
    assert!(!en.contains("provinsi kembar tertua"));
    assert!(!en.contains("(in English)"));

    let (_, id) = app.page("/id/places/jakarta").await;
    assert!(id.contains("Moskwa") && !id.contains("Moscow"));
    assert!(id.contains("6,21° LS"), "coordinates with a decimal comma");
    let (_, en) = app.page("/en/places/jakarta").await;
    assert!(en.contains("Moscow") && en.contains("6.21° S"));

    // A regency's sister-city tie is a "Kabupaten/kota kembar".
    let (_, id) = app.page("/id/ties/cilacap--mueang-chonburi-th").await;
    assert!(id.contains("Kabupaten/kota kembar"));
    assert!(id.contains("Distrik Mueang Chonburi"));

    // Plural forms in English, one form in Indonesian.
    let (_, en) = app.page("/en/places/cilacap").await;
    assert!(
        en.contains("1 tie") && !en.contains("1 ties"),
        "English singular"
    );
    let (_, en) = app.page("/en/places/bandung").await;
    assert!(en.contains(" ties"));

    // The English name is found but the Indonesian one shown.
    let (_, found) = app.page("/id/search?q=moscow").await;
    assert!(
        found.contains("Moskwa"),
        "a search for the English name finds the place"
    );
    assert!(!found.contains("Moscow"));

    // The API gives both names.
    let (_, json) = app.page("/api/v1/places/moscow-ru").await;
    assert!(json.contains("\"name\":\"Moskwa\"") && json.contains("\"name_en\":\"Moscow\""));
}

/// Files without the new last columns still import (empty = not given); a note with no
/// Indonesian text is shown as the source's own words, said to be so, in words that avoid the
/// forbidden phrases; adding the Indonesian text later updates the page.
#[tokio::test]
async fn a_note_without_indonesian_text_is_shown_as_the_original() {
    let app = spawn_app().await;
    let mut conn = app.db.connect();
    let places = "slug,name,kind,country_code,lat,lon\nkyoto-city-jp,Kyoto,city,JP,35.01,135.77\n";
    let head = "id,indonesian_slug,partner_slug,agreement_type,signed_on,fields,reported_status,status_note,factors,source\n";
    let ties = format!(
        "{head}bandung--kyoto-city-jp,bandung,kyoto-city-jp,mou,2020-01-05,culture,active,Signed by the two mayors.,,\n"
    );
    pantau::import::import(&mut conn, places, &ties).unwrap();
    let (status, id) = app.page("/id/ties/bandung--kyoto-city-jp").await;
    assert_eq!(status, 200);
    assert!(id.contains("belum ditulis ulang dalam bahasa Indonesia"));
    assert!(id.contains("<blockquote lang=\"en\"><p>Signed by the two mayors.</p>"));
    for word in FORBIDDEN_ON_ID {
        assert!(!id.contains(word), "{word}");
    }

    let places = "slug,name,kind,country_code,lat,lon,name_en\nkyoto-city-jp,Kota Kyoto,city,JP,35.01,135.77,Kyoto City\n";
    let ties = format!(
        "{}status_note_id\n{}Ditandatangani kedua wali kota.\n",
        head.trim_end().to_string() + ",",
        ties.lines().nth(1).unwrap().to_string() + ","
    );
    pantau::import::import(&mut conn, places, &ties).unwrap();
    let (_, id) = app.page("/id/ties/bandung--kyoto-city-jp").await;
    assert!(id.contains("Ditandatangani kedua wali kota.") && id.contains("Kota Kyoto"));
    assert!(!id.contains("belum ditulis ulang"));
    let (_, en) = app.page("/en/ties/bandung--kyoto-city-jp").await;
    assert!(en.contains("Signed by the two mayors.") && en.contains("Kyoto City"));
    assert!(!en.contains("Ditandatangani kedua wali kota."));
}
