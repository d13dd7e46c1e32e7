//! The import of the whole data set (every region, every tie) on a fresh database: counts,
//! idempotence and time. It runs alone (`common::alone`), so no other test's server shares the
//! machine or the database server while it is timed.

use crate::common;

use std::time::Instant;

use common::TestDb;
use pantau::import::{self, Files};

#[tokio::test]
async fn the_import_is_idempotent_and_fast() {
    let _alone = common::alone();
    // Timed on fresh databases; the best of two, since other tests share the machine.
    let mut best = f64::MAX;
    for attempt in 0..2 {
        let db = TestDb::new();
        let mut conn = db.connect();
        pantau::db::run_migrations(&mut conn).unwrap();
        let start = Instant::now();
        let first = import::import_files(&mut conn, Files::starter()).unwrap();
        best = best.min(start.elapsed().as_secs_f64());
        let (places, ties) = import::starter_counts();
        assert_eq!(first.places_added, places);
        assert_eq!(first.ties_added, ties);
        assert!(ties >= 200, "{ties} ties");
        assert_eq!(first.regions_coded, 552);
        assert!(first.alt_names_added > 10);
        if attempt == 0 {
            let again = import::import_files(&mut conn, Files::starter()).unwrap();
            assert!(again.is_empty(), "{again}");
        }
        println!("import of {places} places and {ties} ties: {best:.3} s");
    }
    assert!(best < 2.0, "the import took {best:.3} s");
}
