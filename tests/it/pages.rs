//! The public pages, in both languages, served from the starter data.

use crate::common;

use common::spawn_app;

#[tokio::test]
async fn root_redirects_to_indonesian() {
    let app = spawn_app().await;
    let res = app.get("/").await;
    assert_eq!(res.status().as_u16(), 302);
    assert_eq!(res.headers()["location"], "/id/");
}

#[tokio::test]
async fn every_page_type_answers_in_both_languages() {
    let app = spawn_app().await;
    let pages = [
        (
            "/id/",
            "/en/",
            "Kerja sama kota kembar Indonesia",
            "Indonesia&#39;s sister-city ties",
        ),
        (
            "/id/places",
            "/en/places",
            "Daerah di Indonesia",
            "Partner places abroad",
        ),
        (
            "/id/places/bandung",
            "/en/places/bandung",
            "Braunschweig",
            "Braunschweig",
        ),
        (
            "/id/places/astana-kz",
            "/en/places/astana-kz",
            "Kazakhstan",
            "Kazakhstan",
        ),
        ("/id/ties", "/en/ties", "Semua kerja sama", "All ties"),
        (
            "/id/ties/surabaya--liverpool-gb",
            "/en/ties/surabaya--liverpool-gb",
            "17 Mei 2017",
            "17 May 2017",
        ),
        (
            "/id/sources",
            "/en/sources",
            "Kajian dan artikel",
            "Studies and articles",
        ),
    ];
    for (id_path, en_path, id_text, en_text) in pages {
        for (path, lang, text, twin) in [
            (id_path, "id", id_text, en_path),
            (en_path, "en", en_text, id_path),
        ] {
            let (status, body) = app.page(path).await;
            assert_eq!(status, 200, "{path}");
            assert!(
                body.contains(&format!("<html lang=\"{lang}\">")),
                "{path} sets html lang"
            );
            assert!(body.contains(text), "{path} should contain {text}");
            let twin_href = twin.trim_end_matches('/');
            assert!(
                body.contains(&format!("href=\"{twin_href}")),
                "{path} links to its twin {twin_href}"
            );
            assert!(
                !body.contains(".txt"),
                "{path} must not show source file names"
            );
        }
    }
}

#[tokio::test]
async fn home_counts_the_starter_data() {
    let app = spawn_app().await;
    let (_, body) = app.page("/en/").await;
    let (places, ties) = pantau::import::starter_counts();
    let en = |n: usize| pantau::i18n::Lang::En.number(n as i64);
    assert!(body.contains(&format!("<strong>{}</strong> ties", en(ties))));
    assert!(
        body.contains(&format!("<strong>{}</strong> places in all", en(places))),
        "{places} places"
    );
    assert!(
        body.contains("<strong>553</strong> Indonesian places"),
        "38 provinces, 514 regencies and cities, and Nusantara"
    );
    assert!(body.contains("<strong>46</strong> partner countries and territories"));
    let (_, body) = app.page("/id/").await;
    let id = pantau::i18n::Lang::Id.number(ties as i64);
    assert!(body.contains(&format!("<strong>{id}</strong> kerja sama")));
}

#[tokio::test]
async fn ikn_astana_shows_the_mou_and_what_is_missing() {
    let app = spawn_app().await;
    let (status, body) = app.page("/id/ties/ikn-nusantara--astana-kz").await;
    assert_eq!(status, 200);
    assert!(body.contains("Ibu Kota Nusantara (IKN) – Astana"));
    assert!(
        body.contains("Nota Kesepahaman (MoU)"),
        "the agreement kind"
    );
    assert!(body.contains("3 Juli 2023"), "the MoU date in Indonesian");
    assert!(body.contains("Energi"), "fields in Indonesian");
    assert!(body.contains("Tidak diketahui"), "the reported status");
    assert!(body.contains("thejakartapost.com"), "a citation");
    assert!(
        body.contains("siaran-berita.com"),
        "the opinion article, by its site, not its file name"
    );
    assert!(body.contains("Belum ada peta jalan yang dipublikasikan"));
    assert!(body.contains("Belum ada kegiatan yang dipublikasikan"));
    assert!(body.contains("Belum ada laporan evaluasi yang dipublikasikan"));
    let (_, body) = app.page("/en/ties/ikn-nusantara--astana-kz").await;
    assert!(body.contains("3 July 2023"));
    assert!(body.contains("No roadmap has been published"));
    assert!(body.contains("No activity has been published"));
    assert!(body.contains("No evaluation report has been published"));
}

#[tokio::test]
async fn dates_keep_the_precision_of_their_source() {
    let app = spawn_app().await;
    // DI Yogyakarta–Gangwon's MoU is dated to the year only (2009).
    let (_, body) = app.page("/id/ties/di-yogyakarta--gangwon-kr").await;
    assert!(body.contains("2009"));
    assert!(!body.contains("1 Januari 2009"), "no invented day");
    assert!(!body.contains("Januari 2009"), "no invented month");
}

#[tokio::test]
async fn reported_status_cites_the_study() {
    let app = spawn_app().await;
    let (_, body) = app.page("/en/ties/malang--fuqing-cn").await;
    assert!(body.contains("Safitri, N., Syafira, S. P., &#38; Kurniawati, D. E. (c. 2022)"));
    assert!(body.contains("citing Khairi et al. 2021"));
    let (_, body) = app.page("/id/ties/malang--fuqing-cn").await;
    assert!(body.contains("mengutip Khairi dkk. 2021"));
}

#[tokio::test]
async fn unknown_pages_are_404_in_the_right_language() {
    let app = spawn_app().await;
    for (path, lang, text) in [
        ("/en/places/atlantis", "en", "Page not found"),
        ("/id/places/atlantis", "id", "Halaman tidak ditemukan"),
        ("/en/ties/nowhere--nothing-xx", "en", "Page not found"),
        (
            "/id/ties/nowhere--nothing-xx",
            "id",
            "Halaman tidak ditemukan",
        ),
        ("/id/no-such-page", "id", "Halaman tidak ditemukan"),
        ("/xx/places", "id", "Halaman tidak ditemukan"),
        ("/static/nothing.css", "id", "Halaman tidak ditemukan"),
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status().as_u16(), 404, "{path}");
        assert_eq!(res.headers()["content-type"], "text/html; charset=utf-8");
        assert!(
            res.headers().contains_key("content-security-policy"),
            "{path} has the security headers"
        );
        let body = res.text().await.unwrap();
        assert!(body.contains(&format!("<html lang=\"{lang}\">")), "{path}");
        assert!(body.contains(text), "{path}: {body}");
    }
}

#[tokio::test]
async fn wrong_method_is_a_page_too() {
    let app = spawn_app().await;
    let res = app
        .client
        .post(format!("{}/en/places", app.address))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error());
    let body = res.text().await.unwrap();
    assert!(body.contains("<html lang=\"en\">"));
}

#[tokio::test]
async fn conditional_requests_get_304() {
    let app = spawn_app().await;
    for path in [
        "/id/",
        "/en/places/bandung",
        "/id/ties/ikn-nusantara--astana-kz",
        "/en/sources",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status().as_u16(), 200);
        let etag = res.headers()["etag"].to_str().unwrap().to_string();
        let last_modified = res.headers()["last-modified"].to_str().unwrap().to_string();
        assert!(
            res.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("public")
        );

        let res = app
            .client
            .get(format!("{}{}", app.address, path))
            .header("If-None-Match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 304, "{path} with If-None-Match");
        assert!(res.text().await.unwrap().is_empty());

        let res = app
            .client
            .get(format!("{}{}", app.address, path))
            .header("If-None-Match", "W/\"other\"")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200, "{path} with a stale ETag");

        let res = app
            .client
            .get(format!("{}{}", app.address, path))
            .header("If-Modified-Since", &last_modified)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 304, "{path} with If-Modified-Since");
    }
}

#[tokio::test]
async fn stylesheet_is_cached_long() {
    let app = spawn_app().await;
    let (_, home) = app.page("/id/").await;
    let start = home
        .find("/static/style.css?v=")
        .expect("a versioned stylesheet link");
    let href: String = home[start..].chars().take_while(|c| *c != '"').collect();
    let res = app.get(&href).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "text/css; charset=utf-8");
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age=31536000")
    );
}

#[tokio::test]
async fn pages_are_compressed_when_asked() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(format!("{}/en/ties", app.address))
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-encoding"], "gzip");
}

#[tokio::test]
async fn health_check_answers() {
    let app = spawn_app().await;
    let (status, body) = app.page("/healthz").await;
    assert_eq!((status, body.as_str()), (200, "ok\n"));
}

#[tokio::test]
async fn rendered_pages_are_reused_until_the_data_changes() {
    let app = spawn_app().await;
    let first = app.queries_for("/en/ties?country=JP").await;
    let again = app.queries_for("/en/ties?country=JP").await;
    assert!(
        again < first && again <= 2,
        "a repeat costs only the version check: {first} then {again}"
    );
    let mut conn = app.db.connect();
    pantau::import::import(
        &mut conn,
        "slug,name,kind,country_code,lat,lon\nnara-jp,Nara,city,JP,34.68,135.8\n",
        "id,indonesian_slug,partner_slug,agreement_type,signed_on,fields,reported_status,status_note,factors,source\nbandung--nara-jp,bandung,nara-jp,loi,2025,,proposed,,,\n",
    )
    .unwrap();
    let (_, body) = app.page("/en/ties?country=JP").await;
    assert!(
        body.contains("/en/ties/bandung--nara-jp"),
        "a write makes the cached page stale at once"
    );
    // Another host gets its own links.
    let res = app
        .client
        .get(format!("{}/en/ties/ikn-nusantara--astana-kz", app.address))
        .header("Host", "pantau.example")
        .send()
        .await
        .unwrap();
    let body = res.text().await.unwrap();
    assert!(body.contains("http://pantau.example/en/ties/ikn-nusantara--astana-kz"));
}

#[tokio::test]
async fn the_bibliography_pages_its_sources_and_links_at_most_25_ties_each() {
    use diesel::prelude::*;
    let app = spawn_app().await;
    // One source made to support 40 ties (the starter data's support 25 at most).
    let mut conn = app.db.connect();
    diesel::sql_query(
        "INSERT INTO citations (source_id, subject_kind, subject_id, detail, position) \
         SELECT (SELECT MIN(id) FROM sources), 'reported_status', MIN(id), '', 99 \
         FROM reported_statuses GROUP BY tie_id ORDER BY tie_id LIMIT 40",
    )
    .execute(&mut conn)
    .unwrap();
    drop(conn);
    let sources: i64 = pantau::schema::sources::table
        .count()
        .get_result(&mut app.db.connect())
        .unwrap();
    let (mut path, mut listed, mut pages, mut more) = (Some("/id/sources".to_string()), 0, 0, 0);
    while let Some(p) = path.take() {
        let (status, body) = app.page(&p).await;
        assert_eq!(status, 200, "{p}");
        assert!(body.len() < 100_000, "{p}: {} bytes", body.len());
        pages += 1;
        if pages == 1 {
            assert!(body.contains("Kajian dan artikel"), "studies come first");
        }
        listed += body.matches("<p class=\"ref\">").count();
        for supports in body.split("<p class=\"supports\">").skip(1) {
            let links = supports
                .split("</p>")
                .next()
                .unwrap()
                .matches("<a ")
                .count();
            assert!(links <= 25, "{p}: {links} ties linked under one source");
        }
        more += body.matches(" lainnya</p>").count();
        path = body
            .split("rel=\"next\"")
            .next()
            .and_then(|before| before.rsplit("href=\"").next())
            .filter(|_| body.contains("rel=\"next\""))
            .map(|href| href.split('"').next().unwrap().replace("&amp;", "&"));
    }
    assert_eq!(
        listed as i64, sources,
        "every source once over {pages} pages"
    );
    assert!(
        pages > 1,
        "the starter data's {sources} sources take more than one page"
    );
    assert!(
        more > 0,
        "a source with more than 25 ties says how many more"
    );
    for bad in [
        "/id/sources?page=0",
        "/id/sources?page=x",
        "/id/sources?page=999",
    ] {
        assert_eq!(app.get(bad).await.status().as_u16(), 404, "{bad}");
    }
}

/// The places with the most ties (the home page's regions, the tie list's suggestions) are
/// counted, sorted and cut in SQL as a count by hand over every tie would: ties on either side,
/// most first, then Indonesian places, then names in byte order; the totals before the cut.
#[test]
fn the_places_with_most_ties_are_those_a_count_by_hand_finds() {
    use diesel::prelude::*;
    use pantau::models::place::Place;
    use pantau::schema::{places, ties};
    let db = common::TestDb::starter();
    let mut conn = db.connect();
    let all: Vec<(i32, String, String)> = places::table
        .select((places::id, places::country_code, places::name))
        .load(&mut conn)
        .unwrap();
    let sides: Vec<(i32, i32)> = ties::table
        .select((ties::place_id, ties::partner_id))
        .load(&mut conn)
        .unwrap();
    let mut counts = std::collections::HashMap::<i32, i64>::new();
    for (a, b) in sides {
        *counts.entry(a).or_default() += 1;
        *counts.entry(b).or_default() += 1;
    }
    for indonesian in [true, false] {
        let kind: Vec<&(i32, String, String)> = all
            .iter()
            .filter(|(_, cc, _)| !indonesian || cc == "ID")
            .collect();
        let mut tied: Vec<(i64, bool, &str, i32)> = kind
            .iter()
            .filter_map(|(id, cc, name)| Some((*counts.get(id)?, cc != "ID", name.as_str(), *id)))
            .collect();
        tied.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(b.2)));
        for n in [3, 10_000] {
            let found = Place::most_tied(&mut conn, n, indonesian).unwrap();
            assert_eq!(
                found.places,
                kind.len() as i64,
                "places (indonesian: {indonesian})"
            );
            assert_eq!(
                found.with_ties,
                tied.len() as i64,
                "with ties (indonesian: {indonesian})"
            );
            let got: Vec<(i64, i32)> = found.top.iter().map(|p| (p.ties, p.place.id)).collect();
            let want: Vec<(i64, i32)> = tied.iter().take(n).map(|t| (t.0, t.3)).collect();
            assert_eq!(got, want, "top {n} (indonesian: {indonesian})");
        }
    }
}
