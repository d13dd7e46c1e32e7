//! The command line: help texts, configuration errors, and migrations that revert and re-run.

use crate::common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::TestDb;
use pantau::db;

fn pantau(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_pantau"))
        .args(args)
        .env_remove("DATABASE_URL")
        .output()
        .unwrap()
}

#[test]
fn every_subcommand_has_help() {
    for sub in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["import", "--help"],
    ] {
        let out = pantau(&sub);
        assert!(out.status.success(), "{sub:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("--database-url"), "{sub:?}: {text}");
    }
    let serve = String::from_utf8_lossy(&pantau(&["serve", "--help"]).stdout).to_string();
    assert!(
        serve.contains("--bind") && serve.contains("--workers") && serve.contains("PANTAU_BIND")
    );
}

#[test]
fn unreachable_postgres_fails_at_once_with_the_real_error() {
    let started = Instant::now();
    let out = pantau(&[
        "migrate",
        "--database-url",
        "postgres://postgres@127.0.0.1:1/nothing",
    ]);
    assert!(!out.status.success());
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot connect to postgres://postgres@127.0.0.1:1/nothing"),
        "{stderr}"
    );
    assert!(
        stderr.to_lowercase().contains("refused"),
        "the driver's own message: {stderr}"
    );

    let out = pantau(&[
        "serve",
        "--database-url",
        "postgres://postgres@127.0.0.1:1/nothing",
        "--bind",
        "127.0.0.1:0",
    ]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .to_lowercase()
            .contains("refused")
    );
}

#[test]
fn bad_settings_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.db");
    let cases: [(&[&str], &str); 4] = [
        (&["serve", "--bind", "localhost"], "--bind"),
        (&["serve", "--workers", "0"], "--workers"),
        (&["serve", "--database-url", "mysql://x/y"], "mysql"),
        (&["migrate", "--database-url", ":memory:"], ":memory:"),
    ];
    for (args, expected) in cases {
        let mut all = args.to_vec();
        if !args.contains(&"--database-url") {
            all.extend(["--database-url", file.to_str().unwrap()]);
        }
        let out = pantau(&all);
        assert!(!out.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

#[test]
fn migrations_revert_and_run_again() {
    let db = TestDb::new();
    let mut conn = db.connect();
    assert!(db::run_migrations(&mut conn).unwrap() >= 1);
    assert_eq!(db::run_migrations(&mut conn).unwrap(), 0);
    assert!(db::revert_all_migrations(&mut conn).unwrap() >= 1);
    assert!(db::run_migrations(&mut conn).unwrap() >= 1);
    // And through the command line.
    let url = db.cli_url();
    let out = pantau(&["migrate", "--revert-all", "--database-url", &url]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = pantau(&["migrate", "--database-url", &url]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ran "));
}
