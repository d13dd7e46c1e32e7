//! `pantau user`: the password comes from standard input (never argv), the policy is enforced,
//! places are checked, and disabling is recorded.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::TestDb;

fn pantau(db: &TestDb, args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pantau"))
        .args(["--database-url", &db.cli_url()])
        .args(args)
        .env_remove("DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn users_are_added_listed_disabled_and_reset_from_the_command_line() {
    let db = TestDb::new();
    let out = pantau(
        &db,
        &["import", concat!(env!("CARGO_MANIFEST_DIR"), "/data")],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let help = pantau(&db, &["user", "add", "--help"], "");
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("--email") && help.contains("--place"));
    assert!(
        !help.contains("--password"),
        "no password on the command line"
    );

    let out = pantau(
        &db,
        &[
            "user",
            "add",
            "--email",
            "x@surabaya.go.id",
            "--role",
            "official",
            "--place",
            "surabaya",
        ],
        "short\n",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 12 characters"));
    let out = pantau(
        &db,
        &[
            "user",
            "add",
            "--email",
            "x@surabaya.go.id",
            "--role",
            "official",
            "--place",
            "surabaya",
        ],
        "password1234\n",
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("too common"));
    let out = pantau(
        &db,
        &[
            "user",
            "add",
            "--email",
            "x@surabaya.go.id",
            "--role",
            "official",
            "--place",
            "nowhere",
        ],
        "kuda lumping di pasar malam\n",
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("no place with slug 'nowhere'"));
    let out = pantau(
        &db,
        &[
            "user",
            "add",
            "--email",
            "X@Surabaya.go.id",
            "--role",
            "official",
            "--place",
            "surabaya",
            "--place",
            "bandung",
        ],
        "kuda lumping di pasar malam\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = String::from_utf8_lossy(&pantau(&db, &["user", "list"], "").stdout).to_string();
    assert!(
        list.contains("x@surabaya.go.id\tofficial\tactive\tbandung,surabaya"),
        "{list}"
    );

    let mut conn = db.connect();
    let user = pantau::models::user::User::by_email(&mut conn, "x@surabaya.go.id")
        .unwrap()
        .unwrap();
    assert!(user.password_hash.starts_with("$argon2id$"));
    assert!(pantau::auth::verify_password(
        "kuda lumping di pasar malam",
        &user.password_hash
    ));

    let out = pantau(
        &db,
        &["user", "reset-password", "--email", "x@surabaya.go.id"],
        "another long passphrase\n",
    );
    assert!(out.status.success());
    let out = pantau(&db, &["user", "disable", "--email", "x@surabaya.go.id"], "");
    assert!(out.status.success());
    let list = String::from_utf8_lossy(&pantau(&db, &["user", "list"], "").stdout).to_string();
    assert!(list.contains("\tdisabled\t"));
    let user = pantau::models::user::User::by_email(&mut conn, "x@surabaya.go.id")
        .unwrap()
        .unwrap();
    assert!(pantau::auth::verify_password(
        "another long passphrase",
        &user.password_hash
    ));
}
