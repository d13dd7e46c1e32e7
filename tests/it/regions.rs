//! Every Indonesian region as a place (data/regions.csv from idn-area-data): counts, codes,
//! existing places kept, idempotence and speed of the import, pages of regions without ties.

use crate::common;

use common::spawn_app;
use diesel::prelude::*;
use pantau::models::place::Place;
use pantau::models::region::Region;
use pantau::schema::regions;

#[tokio::test]
async fn every_province_regency_and_city_with_its_code() {
    let app = spawn_app().await;
    let mut conn = app.db.connect();
    let all = Region::all(&mut conn).unwrap();
    let provinces = all.values().filter(|r| r.is_province()).count();
    assert_eq!(provinces, 38, "38 provinces");
    assert_eq!(all.len() - provinces, 514, "514 regencies and cities");
    let ids: Vec<i32> = all.keys().copied().collect();
    let places = Place::by_ids(&mut conn, &ids).unwrap();
    let kinds = |kind: &str| places.iter().filter(|p| p.kind == kind).count();
    assert_eq!(kinds("regency"), 416, "416 kabupaten");
    assert_eq!(kinds("city"), 98, "98 kota");
    // Existing places got their code instead of a duplicate.
    let mut conn = app.db.connect();
    let surabaya = Place::by_slug(&mut conn, "surabaya").unwrap().unwrap();
    assert_eq!(surabaya.name, "Surabaya", "places.csv keeps its name");
    let region = Region::of_place(&mut conn, surabaya.id).unwrap().unwrap();
    assert_eq!(
        (region.code.as_str(), region.province_code.as_str()),
        ("35.78", "35")
    );
    let jakarta = Place::by_slug(&mut conn, "jakarta").unwrap().unwrap();
    assert_eq!(
        Region::of_place(&mut conn, jakarta.id)
            .unwrap()
            .unwrap()
            .code,
        "31"
    );
    let names: Vec<String> = pantau::schema::places::table
        .filter(pantau::schema::places::name.eq("Kota Surabaya"))
        .select(pantau::schema::places::slug)
        .load(&mut conn)
        .unwrap();
    assert!(names.is_empty(), "no second Surabaya: {names:?}");
    let codes: i64 = regions::table.count().get_result(&mut conn).unwrap();
    assert_eq!(codes, 552);
}

#[tokio::test]
async fn a_region_without_ties_says_so_in_both_languages() {
    let app = spawn_app().await;
    let (status, body) = app.page("/id/places/kabupaten-malang").await;
    assert_eq!(status, 200);
    assert!(body.contains("Kabupaten Malang"));
    assert!(
        body.contains("Belum ada kerja sama yang tercatat."),
        "{body}"
    );
    assert!(body.contains("Kode Kemendagri") && body.contains("35.07"));
    assert!(
        body.contains("href=\"/id/places/jawa-timur\""),
        "its province"
    );
    let (status, body) = app.page("/en/places/kabupaten-malang").await;
    assert_eq!(status, 200);
    assert!(body.contains("No tie on record."));
    assert!(body.contains("Ministry of Home Affairs code"));
    // Alternative names on the place page.
    let (_, body) = app.page("/id/places/yogyakarta").await;
    assert!(
        body.contains("Nama lain") && body.contains("Jogja"),
        "{body}"
    );
}

#[tokio::test]
async fn places_are_grouped_by_province_and_home_counts_regions() {
    let app = spawn_app().await;
    let (_, body) = app.page("/id/places").await;
    let jatim = body.find("id=\"prov-35\"").expect("East Java's group");
    let bali = body.find("id=\"prov-51\"").expect("Bali's group");
    assert!(jatim < bali, "provinces in code order");
    let group = &body[jatim..bali];
    // The first page names the places with ties and links to each province's page with all.
    assert!(group.contains("/id/places/surabaya\"") && group.contains("/id/places?province=35\""));
    assert!(!group.contains("/id/places/kabupaten-malang\""), "no tie");
    assert!(!group.contains("/id/places/bandung\""));
    let (_, province) = app.page("/id/places?province=35").await;
    assert!(
        province.contains("/id/places/surabaya\"")
            && province.contains("/id/places/kabupaten-malang\"")
    );
    assert!(!province.contains("/id/places/bandung\""));
    assert!(!province.contains("id=\"prov-51\""), "one province");
    // Partner places are on their country's page.
    assert!(body.contains("/id/places?country=JP\""));
    let (_, japan) = app.page("/id/places?country=JP").await;
    assert!(japan.contains("/id/places/kitakyushu-jp\"") || japan.contains("-jp\""));
    assert!(!japan.contains("-gb\""));
    assert_eq!(app.page("/id/places?country=ZZ").await.0, 404);
    assert_eq!(app.page("/id/places?province=x1").await.0, 404);
    let (_, home) = app.page("/en/").await;
    assert!(home.contains("Indonesian regions with a tie on record"));
    assert!(home.contains("Indonesian regions with no tie on record"));
    let with = home
        .split("</strong> Indonesian regions with a tie")
        .next()
        .unwrap();
    let with: usize = with.rsplit("<strong>").next().unwrap().parse().unwrap();
    let without = home
        .split("</strong> Indonesian regions with no tie")
        .next()
        .unwrap();
    let without: usize = without.rsplit("<strong>").next().unwrap().parse().unwrap();
    assert_eq!(with + without, 553, "every region and Nusantara");
    assert!(with >= 24);
}
