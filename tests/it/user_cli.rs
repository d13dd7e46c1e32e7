//! `pantau user`: the password comes from standard input (never argv), the policy is enforced,
//! places are checked, and disabling is recorded.

use crate::common;

use common::TestDb;

#[test]
fn users_are_added_listed_disabled_and_reset_from_the_command_line() {
    let db = TestDb::new();
    let out = db.cli(
        &["import", concat!(env!("CARGO_MANIFEST_DIR"), "/data")],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let help = db.cli(&["user", "add", "--help"], "");
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("--email") && help.contains("--place"));
    assert!(
        !help.contains("--password"),
        "no password on the command line"
    );

    let out = db.cli(
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
    let out = db.cli(
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
    let out = db.cli(
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
    let out = db.cli(
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
    let list = String::from_utf8_lossy(&db.cli(&["user", "list"], "").stdout).to_string();
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

    let out = db.cli(
        &["user", "reset-password", "--email", "x@surabaya.go.id"],
        "another long passphrase\n",
    );
    assert!(out.status.success());
    let out = db.cli(&["user", "disable", "--email", "x@surabaya.go.id"], "");
    assert!(out.status.success());
    let list = String::from_utf8_lossy(&db.cli(&["user", "list"], "").stdout).to_string();
    assert!(list.contains("\tdisabled\t"));
    let user = pantau::models::user::User::by_email(&mut conn, "x@surabaya.go.id")
        .unwrap()
        .unwrap();
    assert!(pantau::auth::verify_password(
        "another long passphrase",
        &user.password_hash
    ));
}
