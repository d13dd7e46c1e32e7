//! Importing the starter data and CSV files: counts, idempotence, and refusal of bad rows.

use crate::common;

use std::sync::Arc;

use common::{TestDb, spawn_app, spawn_app_on};
use pantau::import;
use pantau::models::place::Place;
use pantau::models::revision::Revision;
use pantau::models::tie::Tie;

const TIES_HEAD: &str = "id,indonesian_slug,partner_slug,agreement_type,signed_on,fields,reported_status,status_note,factors,source\n";

#[tokio::test]
async fn first_start_imports_every_place_and_tie() {
    let app = spawn_app().await;
    let mut conn = app.db.connect();
    let (places, ties) = import::starter_counts();
    assert_eq!(
        (places, ties),
        (737, 202),
        "places.csv with the regions not in it, and ties.csv"
    );
    assert_eq!(Place::count(&mut conn).unwrap() as usize, places);
    assert_eq!(Tie::count(&mut conn).unwrap() as usize, ties);
}

#[tokio::test]
async fn second_start_imports_nothing() {
    let db = Arc::new(TestDb::new());
    let first = spawn_app_on(db.clone()).await;
    let mut conn = db.connect();
    let revisions = Revision::count(&mut conn).unwrap();
    assert!(
        revisions >= 737 + 202,
        "one revision per imported place and tie, found {revisions}"
    );
    drop(first);
    let second = spawn_app_on(db.clone()).await;
    assert_eq!(
        Revision::count(&mut conn).unwrap(),
        revisions,
        "the second start wrote nothing"
    );
    let (places, ties) = import::starter_counts();
    assert_eq!(Place::count(&mut conn).unwrap() as usize, places);
    assert_eq!(Tie::count(&mut conn).unwrap() as usize, ties);
    let (status, _) = second.page("/id/").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn importing_the_same_files_again_changes_nothing() {
    let app = spawn_app().await;
    let mut conn = app.db.connect();
    let before = Revision::count(&mut conn).unwrap();
    let report = import::import(&mut conn, import::STARTER_PLACES, import::STARTER_TIES).unwrap();
    assert!(report.is_empty(), "{report}");
    assert_eq!(Revision::count(&mut conn).unwrap(), before);
}

#[tokio::test]
async fn a_broken_row_is_refused_with_its_line_and_nothing_is_written() {
    let app = spawn_app().await;
    let mut conn = app.db.connect();
    let before = (
        Place::count(&mut conn).unwrap(),
        Tie::count(&mut conn).unwrap(),
        Revision::count(&mut conn).unwrap(),
    );
    let places = "slug,name,kind,country_code,lat,lon\nnew-town,New Town,city,ID,-6.1,106.8\nkyoto-city-jp,Kyoto,city,JP,35.01,135.77\n";
    // Line 3 names a tie whose date has a 13th month; line 2 is fine and must not be written either.
    let ties = format!(
        "{TIES_HEAD}new-town--kyoto-city-jp,new-town,kyoto-city-jp,mou,2020-01-05,culture,active,,,\nbandung--kyoto-city-jp,bandung,kyoto-city-jp,mou,2020-13-01,,active,,,\n"
    );
    let err = import::import(&mut conn, places, &ties).unwrap_err();
    match err {
        import::Error::Input(e) => {
            assert_eq!(e.file, "ties.csv");
            assert_eq!(e.line, 3);
            assert!(e.reason.contains("signed_on"), "{}", e.reason);
        }
        other => panic!("expected an input error, got {other}"),
    }
    let after = (
        Place::count(&mut conn).unwrap(),
        Tie::count(&mut conn).unwrap(),
        Revision::count(&mut conn).unwrap(),
    );
    assert_eq!(before, after, "nothing was written");
    assert!(Place::by_slug(&mut conn, "new-town").unwrap().is_none());

    // A tie naming a place that exists nowhere is refused at the database stage, also atomically.
    let ties = format!(
        "{TIES_HEAD}new-town--kyoto-city-jp,new-town,kyoto-city-jp,mou,2020-01-05,culture,active,,,\nnew-town--atlantis-xx,new-town,atlantis-xx,,,,unknown,,,\n"
    );
    let err = import::import(&mut conn, places, &ties)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("ties.csv, line 3") && err.contains("atlantis-xx"),
        "{err}"
    );
    let after = (
        Place::count(&mut conn).unwrap(),
        Tie::count(&mut conn).unwrap(),
        Revision::count(&mut conn).unwrap(),
    );
    assert_eq!(before, after, "nothing was written");
}

#[tokio::test]
async fn an_import_adds_and_corrects_with_history() {
    let app = spawn_app().await;
    let mut conn = app.db.connect();
    let places = "slug,name,kind,country_code,lat,lon\nbandung,Kota Bandung,city,ID,-6.91,107.61\nkyoto-city-jp,Kyoto,city,JP,35.01,135.77\n";
    let ties = format!(
        "{TIES_HEAD}bandung--kyoto-city-jp,bandung,kyoto-city-jp,loi,2024-05,culture;education,proposed,LoI signed.,,https://example.org/news\n"
    );
    let report = import::import(&mut conn, places, &ties).unwrap();
    assert_eq!(
        (
            report.places_added,
            report.places_updated,
            report.ties_added
        ),
        (1, 1, 1)
    );
    let bandung = Place::by_slug(&mut conn, "bandung").unwrap().unwrap();
    assert_eq!(
        (bandung.name.as_str(), bandung.version),
        ("Kota Bandung", 2)
    );
    let (status, body) = app.page("/en/ties/bandung--kyoto-city-jp").await;
    assert_eq!(status, 200);
    assert!(
        body.contains("May 2024") && !body.contains("1 May 2024"),
        "month precision kept"
    );
    assert!(body.contains("example.org"));
    // The same files again: nothing.
    assert!(import::import(&mut conn, places, &ties).unwrap().is_empty());
}

#[test]
fn cli_import_refuses_a_broken_file_and_names_the_line() {
    let db = TestDb::new();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("places.csv"),
        "slug,name,kind,country_code,lat,lon\nok-town,Ok,city,ID,1,1\nbad town,Bad,city,ID,1,1\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pantau"))
        .args([
            "import",
            &dir.path().to_string_lossy(),
            "--database-url",
            &db.cli_url(),
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("places.csv, line 3"), "{stderr}");
    let mut conn = db.connect();
    assert_eq!(Place::count(&mut conn).unwrap(), 0, "nothing was written");

    std::fs::write(
        dir.path().join("places.csv"),
        "slug,name,kind,country_code,lat,lon\nok-town,Ok,city,ID,1,1\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pantau"))
        .args([
            "import",
            &dir.path().to_string_lossy(),
            "--database-url",
            &db.cli_url(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 places added"));
    assert_eq!(Place::count(&mut conn).unwrap(), 1);
}
