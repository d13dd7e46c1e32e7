//! The sign-in throttle under parallel attempts: an attempt is counted before its password is
//! checked, in one atomic statement, so fifty parallel guesses check exactly as many passwords as
//! the limits allow; the account's owner still signs in from another address.

use crate::common;

use common::browser::*;
use common::{TestApp, spawn_app};
use diesel::prelude::*;
use pantau::auth::{MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_IP};
use pantau::schema::audit_log;

const COPIES: usize = 50;

/// Send `COPIES` sign-ins at once from `ip` (through the trusted loopback proxy).
async fn guess_in_parallel(
    app: &TestApp,
    ip: &str,
    email_of: impl Fn(usize) -> String,
) -> Vec<u16> {
    let mut b = Browser::new(app);
    b.get("/en/sign-in").await;
    let mut tasks = Vec::new();
    for i in 0..COPIES {
        let body = format!(
            "email={}&password=wrong-password-{i}&next=&csrf={}",
            urlencode(&email_of(i)),
            b.csrf
        );
        let rq = b
            .form_request("/en/sign-in", body)
            .header("x-forwarded-for", ip);
        tasks.push(tokio::spawn(async move {
            rq.send().await.unwrap().status().as_u16()
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

fn checked(app: &TestApp, ip: &str) -> i64 {
    let mut conn = app.db.connect();
    audit_log::table
        .filter(audit_log::action.eq("sign-in-failed"))
        .filter(audit_log::ip.eq(ip))
        .count()
        .get_result(&mut conn)
        .unwrap()
}

#[tokio::test]
async fn parallel_guesses_on_one_account_check_the_limit_and_the_owner_still_signs_in() {
    let app = spawn_app().await;
    add_user(&app, "pejabat@surabaya.go.id", "official", &["surabaya"]);
    let statuses =
        guess_in_parallel(&app, "203.0.113.5", |_| "pejabat@surabaya.go.id".into()).await;
    assert_eq!(
        checked(&app, "203.0.113.5"),
        MAX_FAILURES_PER_ACCOUNT,
        "passwords checked"
    );
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(
        refused,
        COPIES - MAX_FAILURES_PER_ACCOUNT as usize,
        "{statuses:?}"
    );
    // The owner, from another address, signs in at once.
    let mut owner = Browser::new(&app);
    owner.get("/en/sign-in").await;
    let body = format!(
        "email={}&password={}&next=&csrf={}",
        urlencode("pejabat@surabaya.go.id"),
        urlencode(PASSWORD),
        owner.csrf
    );
    let res = owner
        .form_request("/en/sign-in", body)
        .header("x-forwarded-for", "198.51.100.7")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "the owner signs in from elsewhere");
    // The guessing address waits (a second, then longer), it is not let through at once.
    let again = guess_in_parallel(&app, "203.0.113.5", |_| "pejabat@surabaya.go.id".into()).await;
    assert!(
        again.iter().filter(|s| **s == 429).count() >= COPIES - 1,
        "{again:?}"
    );
}

#[tokio::test]
async fn parallel_guesses_from_one_address_check_the_address_limit() {
    let app = spawn_app().await;
    let statuses = guess_in_parallel(&app, "203.0.113.9", |i| format!("orang{i}@example.id")).await;
    assert_eq!(
        checked(&app, "203.0.113.9"),
        MAX_FAILURES_PER_IP,
        "passwords checked"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        COPIES - MAX_FAILURES_PER_IP as usize
    );
}
