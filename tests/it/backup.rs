//! `pantau backup` and `pantau restore`: a published agreement with its PDF survives the round
//! trip, a second backup of the restored database has the same SHA-256 as the first, a damaged
//! backup is refused, and a database holding data is only replaced with --force (saved first).

use crate::common;

use std::path::Path;
use std::process::Output;

use common::browser::*;
use common::{TestDb, spawn_app, spawn_app_on};

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn sha_of(path: &Path) -> String {
    pantau::auth::sha256_hex(&std::fs::read(path).unwrap())
}

#[tokio::test]
async fn a_backup_restores_to_the_same_bytes_documents_included() {
    let app = spawn_app().await;
    add_user(&app, "pejabat@surabaya.go.id", "official", &["surabaya"]);
    let mut b = Browser::new(&app);
    b.sign_in("pejabat@surabaya.go.id").await;
    b.get(&format!("/en/ties/{TIE}/agreements/new")).await;
    let pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\nbackup test\n";
    let p = b
        .post_multipart(
            &format!("/en/ties/{TIE}/agreements/new"),
            &[
                ("kind", "mou"),
                ("title", "MoU kept through a backup"),
                ("signed_on", "2024-03"),
                ("signatories", "Eri Cahyadi"),
            ],
            pdf,
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let id = id_from_edit_location(&p.location);
    let edit = b.get(&p.location).await;
    let version = hidden(&edit.body, "version");
    let p = b
        .post(
            &format!("/en/agreements/{id}/publish"),
            &[("version", &version)],
        )
        .await;
    assert_eq!(p.status, 303);

    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.backup");
    let started = std::time::Instant::now();
    let out = ok(&app.db.cli(&["backup", first.to_str().unwrap()], ""));
    let backup_ms = started.elapsed().as_millis();
    assert!(out.contains("documents 1"), "{out}");
    let sha1 = sha_of(&first);
    let sums = std::fs::read_to_string(dir.path().join("first.backup.sha256")).unwrap();
    assert_eq!(sums, format!("{sha1}  first.backup\n"));
    // A second backup to the same file is refused rather than overwriting it.
    let again = app.db.cli(&["backup", first.to_str().unwrap()], "");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));

    // Restore into a new, empty database, then back that up: the same bytes.
    let restored = std::sync::Arc::new(TestDb::new());
    let started = std::time::Instant::now();
    ok(&restored.cli(&["restore", first.to_str().unwrap()], ""));
    let restore_ms = started.elapsed().as_millis();
    let second = dir.path().join("second.backup");
    ok(&restored.cli(&["backup", second.to_str().unwrap()], ""));
    let sha2 = sha_of(&second);
    println!(
        "backup round trip: {} bytes, backup {backup_ms} ms, restore {restore_ms} ms, sha256 {sha1} then {sha2}",
        std::fs::metadata(&first).unwrap().len()
    );
    assert_eq!(sha1, sha2, "a backup of the restored database differs");
    assert_eq!(
        sha_of(&first),
        sha1,
        "restore left the backup file as it was"
    );

    // The restored database serves the same document, byte for byte.
    let twin = spawn_app_on(restored.clone()).await;
    let res = twin.get(&format!("/en/agreements/{id}/document")).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.bytes().await.unwrap().as_ref(), pdf);
    let page = twin.page(&format!("/en/ties/{TIE}")).await.1;
    assert!(page.contains(&pantau::auth::sha256_hex(pdf)));

    // A database that holds data is not replaced without --force ...
    let refused = restored.cli(&["restore", first.to_str().unwrap()], "");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    // ... and with --force it is saved first.
    let out = ok(&restored.cli(&["restore", "--force", first.to_str().unwrap()], ""));
    assert!(out.contains("was saved to"), "{out}");
    let saved: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            let n = e.file_name().to_string_lossy().to_string();
            n.starts_with("pantau-before-restore-") && !n.ends_with(".sha256")
        })
        .collect();
    assert_eq!(saved.len(), 1, "one safety copy");
    assert_eq!(
        sha_of(&saved[0].path()),
        sha1,
        "the replaced database was the same data"
    );

    // A damaged backup (one byte changed) is refused by its checksum; nothing is replaced.
    let mut bytes = std::fs::read(&first).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x20;
    std::fs::write(&first, &bytes).unwrap();
    let empty = TestDb::new();
    let damaged = empty.cli(&["restore", first.to_str().unwrap()], "");
    assert!(!damaged.status.success());
    assert!(
        String::from_utf8_lossy(&damaged.stderr).contains("the backup is damaged"),
        "{}",
        String::from_utf8_lossy(&damaged.stderr)
    );
    // Something that is not a backup at all.
    let junk = dir.path().join("junk.backup");
    std::fs::write(&junk, b"hello").unwrap();
    let out = empty.cli(&["restore", junk.to_str().unwrap()], "");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("neither a SQLite database nor"));
}
