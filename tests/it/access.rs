//! Access rules end to end: every POST route × every kind of visitor (a matrix cross-checked
//! against the routes registered in src/routes), drafts absent from every public surface,
//! sessions (fixation, sign-out, disabling, password reset, on two processes), cookie flags,
//! CSRF and Origin checks on every POST route, and sign-in throttling across processes.

use crate::common;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use common::browser::*;
use common::{TestApp, spawn_app, spawn_app_on};
use diesel::prelude::*;
use pantau::auth::{CurrentUser, Role, sha256_hex};
use pantau::db::AnyConnection;
use pantau::i18n::Lang;
use pantau::models::session::Session;
use pantau::models::suggestion;
use pantau::models::tie::Tie;
use pantau::models::user::User;
use pantau::publishing::{self, Kind, Parent};
use pantau::schema;

// ---------------------------------------------------------------------------------------------
// Actors and the route table
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Actor {
    Anonymous,
    /// An official of Surabaya, the Indonesian place of the tie under test (place A).
    OfficialA,
    /// An official of Bandung (place B), which is no party to the tie.
    OfficialB,
    Evaluator,
    /// An official of place A whose sessions were made before an admin disabled the account.
    Disabled,
    /// A national editor: moderates the public's suggestions, edits any tie.
    Editor,
    Admin,
}
use Actor::*;

const ACTORS: [Actor; 7] = [
    Anonymous, OfficialA, OfficialB, Evaluator, Disabled, Editor, Admin,
];

impl Actor {
    fn label(self) -> &'static str {
        match self {
            Anonymous => "anonymous",
            OfficialA => "official A",
            OfficialB => "official B",
            Evaluator => "evaluator",
            Disabled => "disabled",
            Editor => "editor",
            Admin => "admin",
        }
    }

    fn email(self) -> &'static str {
        match self {
            Anonymous => "nobody@example.org",
            OfficialA => "own@surabaya.go.id",
            OfficialB => "other@bandung.go.id",
            Evaluator => "dosen@unair.ac.id",
            Disabled => "former@surabaya.go.id",
            Editor => "penyunting@pantau.id",
            Admin => "admin@pantau.id",
        }
    }
}

/// An evaluator who is not one of the actors: the author of reports nobody but admins may touch.
const OTHER_EVALUATOR: &str = "lain@ugm.ac.id";

/// Who wrote a report (it decides who may edit it); other kinds are always written by official A.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Author {
    OfficialA,
    Evaluator,
    OtherEvaluator,
}

/// What a POST route does to the record it is aimed at.
#[derive(Clone, Copy, Debug)]
enum Op {
    Create(Kind),
    Milestone {
        roadmap_published: bool,
    },
    Edit {
        kind: Kind,
        author: Author,
        published: bool,
    },
    Publish {
        kind: Kind,
        author: Author,
    },
    AddUser,
    DisableUser,
    SignIn,
    SignOut,
    /// A suggestion from the public: about the tie, or a tie we do not have.
    Suggest {
        about_tie: bool,
    },
    /// An editor's decision on a pending suggestion: accept, reject or spam.
    Moderate(&'static str),
    /// An account changes its own password (to the same one: later cells still sign in with it).
    ChangePassword,
}

struct Route {
    /// The path exactly as registered in src/routes (`{}` is a kind's segment, filled in a loop).
    source: &'static str,
    segment: Option<&'static str>,
    op: Op,
    allowed: &'static [Actor],
}

const EDITORS: &[Actor] = &[OfficialA, Editor, Admin];
const REPORTERS: &[Actor] = &[OfficialA, Evaluator, Editor, Admin];
const AUTHOR_EVALUATOR: &[Actor] = &[Evaluator, Admin];
const ADMIN_ONLY: &[Actor] = &[Admin];
const ACCOUNT_HOLDERS: &[Actor] = &[OfficialA, OfficialB, Evaluator, Editor, Admin];
const MODERATORS: &[Actor] = &[Editor, Admin];
/// Everyone, signed in or not (a disabled account's browser is just a reader's).
const EVERYONE: &[Actor] = &[
    Anonymous, OfficialA, OfficialB, Evaluator, Disabled, Editor, Admin,
];

const CREATE: &str = "/{lang}/ties/{slug}/{}/new";
const MILESTONE: &str = "/{lang}/roadmaps/{id}/milestones/new";
const EDIT: &str = "/{lang}/{}/{id}/edit";
const PUBLISH: &str = "/{lang}/{}/{id}/publish";

/// The one table of write routes: every POST route of the site, with the record it is tried on
/// and the actors that may use it.
fn routes() -> Vec<Route> {
    let mut v = Vec::new();
    for kind in [Kind::Agreement, Kind::Step, Kind::Roadmap, Kind::Activity] {
        v.push(Route {
            source: CREATE,
            segment: Some(kind.segment()),
            op: Op::Create(kind),
            allowed: EDITORS,
        });
    }
    v.push(Route {
        source: CREATE,
        segment: Some("reports"),
        op: Op::Create(Kind::Report),
        allowed: REPORTERS,
    });
    for roadmap_published in [false, true] {
        v.push(Route {
            source: MILESTONE,
            segment: None,
            op: Op::Milestone { roadmap_published },
            allowed: EDITORS,
        });
    }
    // Editing a draft, and correcting a published record.
    for published in [false, true] {
        for kind in [
            Kind::Agreement,
            Kind::Step,
            Kind::Roadmap,
            Kind::Milestone,
            Kind::Activity,
        ] {
            v.push(Route {
                source: EDIT,
                segment: Some(kind.segment()),
                op: Op::Edit {
                    kind,
                    author: Author::OfficialA,
                    published,
                },
                allowed: EDITORS,
            });
        }
        for (author, allowed) in [
            (Author::OfficialA, EDITORS),
            (Author::Evaluator, AUTHOR_EVALUATOR),
            (Author::OtherEvaluator, ADMIN_ONLY),
        ] {
            v.push(Route {
                source: EDIT,
                segment: Some("reports"),
                op: Op::Edit {
                    kind: Kind::Report,
                    author,
                    published,
                },
                allowed,
            });
        }
    }
    for kind in [Kind::Agreement, Kind::Step, Kind::Roadmap, Kind::Activity] {
        v.push(Route {
            source: PUBLISH,
            segment: Some(kind.segment()),
            op: Op::Publish {
                kind,
                author: Author::OfficialA,
            },
            allowed: EDITORS,
        });
    }
    for (author, allowed) in [
        (Author::OfficialA, EDITORS),
        (Author::Evaluator, AUTHOR_EVALUATOR),
        (Author::OtherEvaluator, ADMIN_ONLY),
    ] {
        v.push(Route {
            source: PUBLISH,
            segment: Some("reports"),
            op: Op::Publish {
                kind: Kind::Report,
                author,
            },
            allowed,
        });
    }
    v.push(Route {
        source: "/{lang}/admin/users",
        segment: None,
        op: Op::AddUser,
        allowed: ADMIN_ONLY,
    });
    v.push(Route {
        source: "/{lang}/admin/users/{id}/disable",
        segment: None,
        op: Op::DisableUser,
        allowed: ADMIN_ONLY,
    });
    v.push(Route {
        source: "/{lang}/sign-in",
        segment: None,
        op: Op::SignIn,
        allowed: ACCOUNT_HOLDERS,
    });
    v.push(Route {
        source: "/{lang}/sign-out",
        segment: None,
        op: Op::SignOut,
        allowed: ACCOUNT_HOLDERS,
    });
    v.push(Route {
        source: "/{lang}/ties/{slug}/suggest",
        segment: None,
        op: Op::Suggest { about_tie: true },
        allowed: EVERYONE,
    });
    v.push(Route {
        source: "/{lang}/suggest",
        segment: None,
        op: Op::Suggest { about_tie: false },
        allowed: EVERYONE,
    });
    for decision in ["accept", "reject", "spam"] {
        v.push(Route {
            source: match decision {
                "accept" => "/{lang}/moderation/{id}/accept",
                "reject" => "/{lang}/moderation/{id}/reject",
                _ => "/{lang}/moderation/{id}/spam",
            },
            segment: None,
            op: Op::Moderate(decision),
            allowed: MODERATORS,
        });
    }
    v.push(Route {
        source: "/{lang}/account/password",
        segment: None,
        op: Op::ChangePassword,
        allowed: ACCOUNT_HOLDERS,
    });
    v
}

impl Route {
    fn name(&self) -> String {
        let path = self
            .source
            .replace("{}", self.segment.unwrap_or("{}"))
            .replace("{lang}/", "");
        let what = match self.op {
            Op::Milestone {
                roadmap_published: true,
            } => " (published roadmap)",
            Op::Milestone { .. } => " (draft roadmap)",
            Op::Edit {
                published, author, ..
            } => match (published, author) {
                (false, Author::OfficialA) => " (draft)",
                (true, Author::OfficialA) => " (correction)",
                (false, Author::Evaluator) => " (draft, evaluator's)",
                (true, Author::Evaluator) => " (correction, evaluator's)",
                (false, Author::OtherEvaluator) => " (draft, other evaluator's)",
                (true, Author::OtherEvaluator) => " (correction, other evaluator's)",
            },
            Op::Publish {
                author: Author::Evaluator,
                ..
            } => " (evaluator's)",
            Op::Publish {
                author: Author::OtherEvaluator,
                ..
            } => " (other evaluator's)",
            Op::Suggest { about_tie: true } => " (about a tie)",
            Op::Suggest { about_tie: false } => " (a missing tie)",
            _ => "",
        };
        format!("POST {path}{what}")
    }

    /// The concrete path for a record id.
    fn path(&self, id: i32) -> String {
        concrete(self.source, self.segment, id)
    }
}

fn concrete(template: &str, segment: Option<&str>, id: i32) -> String {
    template
        .replace("{lang}", "en")
        .replace("{slug}", TIE)
        .replace("{}", segment.unwrap_or(""))
        .replace("{id}", &id.to_string())
}

/// The `.rs` files under a folder, its subfolders included.
fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().and_then(|e| e.to_str()) == Some("rs") {
            out.push(path);
        }
    }
    out
}

/// The path of every `web::post()` registration in src/routes/**/*.rs (the nearest path
/// literal before it), after checking that no other way of registering a POST route is used.
fn post_routes_in_source() -> (BTreeSet<String>, usize) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/routes");
    let mut found = BTreeSet::new();
    let mut registrations = 0;
    let files = rust_files(std::path::Path::new(dir));
    assert!(files.len() > 10, "{} files in {dir}", files.len());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for other in [
            "#[post",
            "#[route",
            "web::route()",
            "web::method(",
            "Method::POST",
            "guard::Post",
            "guard::Any",
        ] {
            assert!(
                !text.contains(other),
                "{}: registers routes with {other}; teach this test to read it",
                path.display()
            );
        }
        for (at, _) in text.match_indices("web::post()") {
            registrations += 1;
            let start = text[..at]
                .rfind("\"/")
                .unwrap_or_else(|| panic!("{}: a POST route without a path", path.display()))
                + 1;
            let end = start + text[start..].find('"').unwrap();
            found.insert(text[start..end].replace("{{", "{").replace("}}", "}"));
        }
    }
    (found, registrations)
}

/// The table covers exactly the POST routes the source registers, and where a route is
/// registered in a loop over record kinds, exactly the kinds that answer.
async fn check_table_against_source(app: &TestApp, table: &[Route]) -> usize {
    let (in_source, registrations) = post_routes_in_source();
    let in_table: BTreeSet<String> = table.iter().map(|r| r.source.to_string()).collect();
    assert_eq!(
        in_source, in_table,
        "the POST routes in src/routes/*.rs and the matrix's table differ: cover the new route"
    );
    let mut concrete_routes = BTreeSet::new();
    for template in &in_table {
        let segments: Vec<Option<&str>> = if template.contains("{}") {
            Kind::ALL.iter().map(|k| Some(k.segment())).collect()
        } else {
            vec![None]
        };
        let expected: BTreeSet<Option<&str>> = table
            .iter()
            .filter(|r| r.source == template)
            .map(|r| r.segment)
            .collect();
        let mut answering = BTreeSet::new();
        for seg in segments {
            let path = concrete(template, seg, 1);
            // An anonymous POST reaches every write route's handler, which refuses it with 403;
            // a path no POST route serves is a 404 (or 405).
            let res = app
                .client
                .post(format!("{}{path}", app.address))
                .header("origin", &app.address)
                .header("content-type", "application/x-www-form-urlencoded")
                .body("x=1")
                .send()
                .await
                .unwrap();
            match res.status().as_u16() {
                403 => {
                    answering.insert(seg);
                    concrete_routes.insert(path);
                }
                404 | 405 => {}
                other => panic!("POST {path} answered {other}"),
            }
        }
        assert_eq!(
            answering, expected,
            "{template}: the kinds that answer differ from the table's"
        );
    }
    println!(
        "route table: {} source registrations of web::post(), {} path templates, {} concrete POST routes",
        registrations,
        in_table.len(),
        concrete_routes.len()
    );
    concrete_routes.len()
}

// ---------------------------------------------------------------------------------------------
// Records, database snapshots and effects
// ---------------------------------------------------------------------------------------------

fn fixed(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
}

/// Valid form fields of a kind, with `marker` in its text.
fn fields_for(kind: Kind, marker: &str) -> Vec<(&'static str, String)> {
    let m = marker.to_string();
    let mut v = match kind {
        Kind::Agreement => fixed(&[
            ("kind", "mou"),
            ("signed_on", "2024-03"),
            ("in_force_from", "2024-03-15"),
            ("expires_on", "2029-03-14"),
            ("link", ""),
        ]),
        Kind::Step => fixed(&[("step", "dprd-approval"), ("occurred_on", "2023-03")]),
        Kind::Roadmap => fixed(&[
            ("period_start", "2026-01-01"),
            ("period_end", "2027-12-31"),
            ("budget_amount", ""),
            ("budget_currency", ""),
        ]),
        Kind::Milestone => fixed(&[
            ("target", "20 teachers trained"),
            ("due_on", "2026-09-30"),
            ("status", "planned"),
            ("evidence", ""),
        ]),
        Kind::Activity => fixed(&[("occurred_on", "2026-02-10"), ("kind", "visit")]),
        Kind::Report => fixed(&[("rating_results", "2")]),
    };
    match kind {
        Kind::Agreement => {
            v.push(("title", m.clone()));
            v.push(("signatories", m.clone()));
            v.push(("note", m));
        }
        Kind::Step => v.push(("note", m)),
        Kind::Roadmap | Kind::Report => {
            v.push(("title", m.clone()));
            v.push(("body_md", m));
        }
        Kind::Milestone => v.push(("title", m)),
        Kind::Activity => {
            v.push(("title", m.clone()));
            v.push(("description", m));
        }
    }
    v
}

fn refs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'a str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn current_user(conn: &mut AnyConnection, id: i32) -> CurrentUser {
    let u = User::by_id(conn, id).unwrap().unwrap();
    CurrentUser {
        id,
        email: u.email,
        display_name: u.display_name,
        role: Role::parse(&u.role).unwrap(),
        place_ids: User::place_ids(conn, id).unwrap(),
        session_id: String::new(),
        csrf_token: String::new(),
    }
}

fn insert(
    conn: &mut AnyConnection,
    kind: Kind,
    parent: Parent<'_>,
    author: &CurrentUser,
    parent_published: bool,
    marker: &str,
) -> i32 {
    let form = fields_for(kind, marker);
    let values = publishing::values_from_form(kind, |n| {
        form.iter()
            .filter(|(k, _)| *k == n)
            .map(|(_, v)| v.clone())
            .collect()
    });
    let checked = publishing::validate(kind, Lang::En, &values).expect("valid fixture");
    publishing::create(conn, parent, &checked, None, parent_published, author, None).unwrap()
}

fn publish_now(conn: &mut AnyConnection, kind: Kind, id: i32, author: &CurrentUser) {
    let rec = publishing::load(conn, kind, id).unwrap().unwrap();
    let saved = publishing::publish(conn, &rec, rec.version, author, None).unwrap();
    assert!(matches!(saved, publishing::Saved::Ok(_)));
}

/// A record of the tie (a milestone comes with its own roadmap), as a draft or published.
fn create_record(
    conn: &mut AnyConnection,
    kind: Kind,
    author: &CurrentUser,
    tie: &Tie,
    published: bool,
    marker: &str,
) -> i32 {
    if kind == Kind::Milestone {
        let roadmap = create_record(
            conn,
            Kind::Roadmap,
            author,
            tie,
            published,
            &format!("{marker} roadmap"),
        );
        return insert(
            conn,
            kind,
            Parent::Roadmap(roadmap, tie),
            author,
            published,
            marker,
        );
    }
    let id = insert(conn, kind, Parent::Tie(tie), author, false, marker);
    if published {
        publish_now(conn, kind, id, author);
    }
    id
}

type Snapshot = BTreeMap<String, i64>;

/// Row counts, version sums and publication counts of every table a write route could touch.
fn last_audit_id(conn: &mut AnyConnection) -> i32 {
    schema::audit_log::table
        .select(diesel::dsl::max(schema::audit_log::id))
        .get_result::<Option<i32>>(conn)
        .unwrap()
        .unwrap_or(0)
}

/// The actions audited after entry `after`.
fn audit_since(conn: &mut AnyConnection, after: i32) -> Vec<String> {
    schema::audit_log::table
        .filter(schema::audit_log::id.gt(after))
        .select(schema::audit_log::action)
        .load(conn)
        .unwrap()
}

fn snapshot(conn: &mut AnyConnection) -> Snapshot {
    let mut s = Snapshot::new();
    macro_rules! rows {
        ($t:ident) => {
            s.insert(
                concat!(stringify!($t), " rows").into(),
                schema::$t::table.count().get_result::<i64>(conn).unwrap(),
            );
        };
    }
    macro_rules! versions {
        ($t:ident) => {
            rows!($t);
            let v: Option<i64> = schema::$t::table
                .select(diesel::dsl::sum(schema::$t::version))
                .get_result(conn)
                .unwrap();
            s.insert(concat!(stringify!($t), " versions").into(), v.unwrap_or(0));
        };
    }
    macro_rules! published {
        ($t:ident) => {
            versions!($t);
            s.insert(
                concat!(stringify!($t), " published").into(),
                schema::$t::table
                    .filter(schema::$t::published_at.is_not_null())
                    .count()
                    .get_result::<i64>(conn)
                    .unwrap(),
            );
        };
    }
    published!(agreements);
    published!(procedure_steps);
    published!(roadmaps);
    published!(activities);
    published!(reports);
    versions!(milestones);
    versions!(users);
    versions!(ties);
    versions!(places);
    rows!(report_factors);
    rows!(revisions);
    rows!(user_places);
    rows!(sessions);
    rows!(tie_fields);
    versions!(suggestions);
    s.insert(
        "users disabled".into(),
        schema::users::table
            .filter(schema::users::disabled.eq(true))
            .count()
            .get_result::<i64>(conn)
            .unwrap(),
    );
    s
}

fn diff(a: &Snapshot, b: &Snapshot) -> String {
    a.iter()
        .filter(|(k, v)| b.get(*k) != Some(v))
        .map(|(k, v)| format!("{k}: {v} → {}", b.get(k).copied().unwrap_or(-1)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn table_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Agreement => "agreements",
        Kind::Step => "procedure_steps",
        Kind::Roadmap => "roadmaps",
        Kind::Milestone => "milestones",
        Kind::Activity => "activities",
        Kind::Report => "reports",
    }
}

struct Fixture {
    users: HashMap<Actor, i32>,
    other_evaluator: i32,
    tie: Tie,
}

impl Fixture {
    fn new(app: &TestApp) -> Fixture {
        let mut users = HashMap::new();
        users.insert(Admin, add_user(app, Admin.email(), "admin", &[]));
        users.insert(Editor, add_user(app, Editor.email(), "editor", &[]));
        users.insert(
            OfficialA,
            add_user(app, OfficialA.email(), "official", &["surabaya"]),
        );
        users.insert(
            OfficialB,
            add_user(app, OfficialB.email(), "official", &["bandung"]),
        );
        users.insert(
            Evaluator,
            add_user(app, Evaluator.email(), "evaluator", &[]),
        );
        users.insert(
            Disabled,
            add_user(app, Disabled.email(), "official", &["surabaya"]),
        );
        let other_evaluator = add_user(app, OTHER_EVALUATOR, "evaluator", &[]);
        let mut conn = app.db.connect();
        let tie = Tie::by_slug(&mut conn, TIE).unwrap().unwrap();
        Fixture {
            users,
            other_evaluator,
            tie,
        }
    }

    fn author(&self, conn: &mut AnyConnection, author: Author) -> CurrentUser {
        let id = match author {
            Author::OfficialA => self.users[&OfficialA],
            Author::Evaluator => self.users[&Evaluator],
            Author::OtherEvaluator => self.other_evaluator,
        };
        current_user(conn, id)
    }
}

/// What a cell's request is aimed at.
#[derive(Default)]
struct Target {
    id: i32,
    version: i32,
    email: String,
    /// A suggestion form's time stamp from a while ago (a person who took their time).
    stamp: String,
}

/// The matrix sends many suggestions from one address about one tie: earlier ones stop counting
/// towards the hourly limits (tests/it/suggestions.rs checks the limits themselves).
fn forget_suggestion_limits(conn: &mut AnyConnection) {
    diesel::update(schema::suggestions::table)
        .set((
            schema::suggestions::ip.eq(None::<String>),
            schema::suggestions::created_at
                .eq(chrono::Utc::now().naive_utc() - chrono::Duration::hours(2)),
        ))
        .execute(conn)
        .unwrap();
}

fn prepare(conn: &mut AnyConnection, fx: &Fixture, op: Op, n: usize) -> Target {
    let marker = format!("Fixture {n}");
    match op {
        Op::Create(_) | Op::SignIn | Op::SignOut | Op::ChangePassword => Target::default(),
        Op::Suggest { .. } => {
            forget_suggestion_limits(conn);
            let secret = suggestion::form_secret(conn).unwrap();
            Target {
                stamp: suggestion::stamp(
                    &secret,
                    chrono::Utc::now().naive_utc() - chrono::Duration::seconds(10),
                ),
                ..Target::default()
            }
        }
        Op::Moderate(_) => {
            forget_suggestion_limits(conn);
            let new = suggestion::NewSuggestion {
                tie_id: Some(fx.tie.id),
                place_id: None,
                body: marker.clone(),
                source_url: Some("https://example.org/source".into()),
                document: None,
                contact_name: None,
                contact_email: None,
                lang: "en",
            };
            let token = pantau::auth::random_token();
            let id = suggestion::submit(conn, &new, None, &token)
                .unwrap()
                .unwrap();
            Target {
                id,
                version: 1,
                ..Target::default()
            }
        }
        Op::Milestone { roadmap_published } => {
            let author = fx.author(conn, Author::OfficialA);
            Target {
                id: create_record(
                    conn,
                    Kind::Roadmap,
                    &author,
                    &fx.tie,
                    roadmap_published,
                    &marker,
                ),
                ..Target::default()
            }
        }
        Op::Edit {
            kind,
            author,
            published,
        } => {
            let author = fx.author(conn, author);
            let id = create_record(conn, kind, &author, &fx.tie, published, &marker);
            let rec = publishing::load(conn, kind, id).unwrap().unwrap();
            Target {
                id,
                version: rec.version,
                ..Target::default()
            }
        }
        Op::Publish { kind, author } => {
            let author = fx.author(conn, author);
            let id = create_record(conn, kind, &author, &fx.tie, false, &marker);
            let rec = publishing::load(conn, kind, id).unwrap().unwrap();
            Target {
                id,
                version: rec.version,
                ..Target::default()
            }
        }
        Op::AddUser => Target {
            email: format!("new{n}@example.org"),
            ..Target::default()
        },
        Op::DisableUser => {
            let hash = pantau::auth::hash_password(PASSWORD).unwrap();
            let id = User::create(
                conn,
                &format!("victim{n}@surabaya.go.id"),
                "Victim",
                &hash,
                "official",
                &[fx.tie.place_id],
            )
            .unwrap();
            Target {
                id,
                ..Target::default()
            }
        }
    }
}

/// The fields a cell posts (without the CSRF token).
fn form(op: Op, target: &Target, n: usize) -> Vec<(&'static str, String)> {
    let marker = format!("Cell {n} text");
    match op {
        Op::Create(kind) => {
            let mut f = fields_for(kind, &marker);
            f.push(("action", "save".into()));
            f
        }
        Op::Milestone { .. } => fields_for(Kind::Milestone, &marker),
        Op::Edit {
            kind, published, ..
        } => {
            let mut f = fields_for(kind, &marker);
            f.push(("version", target.version.to_string()));
            if published {
                f.push(("reason", "A figure was misread".into()));
            }
            f.push(("action", "save".into()));
            f
        }
        Op::Publish { .. } => vec![("version", target.version.to_string())],
        Op::AddUser => vec![
            ("email", target.email.clone()),
            ("name", "New account".into()),
            ("role", "evaluator".into()),
            ("places", String::new()),
            ("password", PASSWORD.into()),
        ],
        Op::DisableUser | Op::SignOut => vec![],
        Op::SignIn => unreachable!("sign-in posts its own form"),
        Op::Suggest { .. } => vec![
            ("stamp", target.stamp.clone()),
            ("body", marker),
            ("source_url", "https://example.org/news".into()),
            ("contact_name", String::new()),
            ("contact_email", String::new()),
            ("website", String::new()),
            ("consent", "yes".into()),
        ],
        Op::ChangePassword => vec![
            ("current", PASSWORD.into()),
            ("new", PASSWORD.into()),
            ("again", PASSWORD.into()),
        ],
        Op::Moderate(decision) => {
            let mut f = vec![("version", target.version.to_string())];
            if decision == "reject" {
                f.push(("reason", "no-source".into()));
                f.push(("note", marker));
            }
            f
        }
    }
}

/// Did the write the route exists for happen?
fn effect(
    conn: &mut AnyConnection,
    op: Op,
    target: &Target,
    before: &Snapshot,
    after: &Snapshot,
) -> bool {
    let grew = |table: &str, by: i64| {
        let k = format!("{table} rows");
        after[&k] == before[&k] + by
    };
    match op {
        Op::Create(kind) => grew(table_of(kind), 1),
        Op::Milestone { .. } => grew("milestones", 1),
        Op::Edit { kind, .. } => {
            publishing::load(conn, kind, target.id)
                .unwrap()
                .unwrap()
                .version
                == target.version + 1
        }
        Op::Publish { kind, .. } => publishing::load(conn, kind, target.id)
            .unwrap()
            .unwrap()
            .is_published(),
        Op::AddUser => User::by_email(conn, &target.email).unwrap().is_some(),
        Op::DisableUser => User::by_id(conn, target.id).unwrap().unwrap().disabled,
        Op::SignIn => grew("sessions", 1),
        Op::SignOut => grew("sessions", -1),
        Op::Suggest { .. } => grew("suggestions", 1),
        Op::ChangePassword => after["users versions"] == before["users versions"] + 1,
        Op::Moderate(_) => {
            suggestion::Suggestion::by_id(conn, target.id)
                .unwrap()
                .unwrap()
                .status
                != "pending"
        }
    }
}

fn is_denial(op: Op, page: &Page) -> bool {
    match op {
        // A refused sign-in shows the form again with a generic message.
        Op::SignIn => matches!(page.status, 401 | 403 | 429),
        _ => {
            matches!(page.status, 403 | 404)
                || (page.status == 303 && page.location.starts_with("/en/sign-in"))
        }
    }
}

/// Every actor signed in twice (a main session for writes, a spare one to sign out), then the
/// disabled actor disabled: its two sessions were made before.
async fn sign_in_actors<'a>(
    app: &'a TestApp,
    fx: &Fixture,
) -> HashMap<Actor, (Browser<'a>, Browser<'a>)> {
    let mut out = HashMap::new();
    for actor in ACTORS {
        let mut main = Browser::new(app);
        let mut spare = Browser::new(app);
        if actor != Anonymous {
            main.sign_in(actor.email()).await;
            spare.sign_in(actor.email()).await;
        }
        out.insert(actor, (main, spare));
    }
    let mut conn = app.db.connect();
    assert_eq!(
        Session::count_for_user(&mut conn, fx.users[&Disabled]).unwrap(),
        2
    );
    User::set_disabled(&mut conn, fx.users[&Disabled], true).unwrap();
    out
}

// ---------------------------------------------------------------------------------------------
// A.1 The matrix
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn every_write_route_allows_exactly_the_expected_roles() {
    let app = spawn_app().await;
    let table = routes();
    let concrete_routes = check_table_against_source(&app, &table).await;
    let fx = Fixture::new(&app);
    let mut browsers = sign_in_actors(&app, &fx).await;
    let mut conn = app.db.connect();

    let (mut cells, mut unexpected_allows, mut unexpected_denies) = (0, 0, 0);
    let mut audited = 0;
    let mut problems = Vec::new();
    let mut lines = vec![format!(
        "{:<64}{}",
        "route",
        ACTORS
            .iter()
            .map(|a| format!("{:<13}", a.label()))
            .collect::<String>()
    )];
    for (i, route) in table.iter().enumerate() {
        let mut line = format!("{:<64}", route.name());
        for (j, actor) in ACTORS.into_iter().enumerate() {
            let n = i * ACTORS.len() + j;
            let target = prepare(&mut conn, &fx, route.op, n);
            let before = snapshot(&mut conn);
            let audit_before = last_audit_id(&mut conn);
            let page = match route.op {
                Op::SignIn => {
                    Browser::new(&app)
                        .sign_in_with(actor.email(), PASSWORD)
                        .await
                }
                Op::SignOut => {
                    let spare = &mut browsers.get_mut(&actor).unwrap().1;
                    spare.post(&route.path(0), &[]).await
                }
                Op::Suggest { .. } => {
                    // The form first: it sets its own CSRF cookie (a reader has no session).
                    let main = &mut browsers.get_mut(&actor).unwrap().0;
                    let path = route.path(0);
                    let session_csrf = main.csrf.clone();
                    let page = main.get(&path).await;
                    // The suggestion form's own token (the account bar's sign-out form has the
                    // session's).
                    let at = page.body.find("enctype=\"multipart/form-data\"").unwrap();
                    main.csrf = hidden(&page.body[at..], "csrf");
                    let fields = form(route.op, &target, n);
                    let page = main.post(&path, &refs(&fields)).await;
                    main.csrf = session_csrf;
                    page
                }
                op => {
                    let fields = form(op, &target, n);
                    let main = &mut browsers.get_mut(&actor).unwrap().0;
                    main.post(&route.path(target.id), &refs(&fields)).await
                }
            };
            let after = snapshot(&mut conn);
            let wrote = effect(&mut conn, route.op, &target, &before, &after);
            let allowed = wrote && page.status == 303;
            let denied = !wrote && before == after && is_denial(route.op, &page);
            let expected = route.allowed.contains(&actor);
            cells += 1;
            if allowed {
                // Every write and every sign-in leaves an audit entry (sign-out included).
                let new = audit_since(&mut conn, audit_before);
                audited += 1;
                if new.is_empty() {
                    problems.push(format!(
                        "{} as {}: written without an audit entry",
                        route.name(),
                        actor.label()
                    ));
                }
            }
            let ok = if expected { allowed } else { denied };
            if !ok {
                if expected {
                    unexpected_denies += 1;
                } else {
                    unexpected_allows += 1;
                }
                problems.push(format!(
                    "{} as {}: expected {}, got {} {} (wrote: {wrote}; changed: {}) {}",
                    route.name(),
                    actor.label(),
                    if expected { "allow" } else { "deny" },
                    page.status,
                    page.location,
                    diff(&before, &after),
                    page.body.chars().take(300).collect::<String>()
                ));
            }
            line.push_str(&format!(
                "{:<13}",
                format!(
                    "{} {}{}",
                    page.status,
                    if wrote { "allow" } else { "deny" },
                    if ok { "" } else { " ✗" }
                )
            ));
        }
        lines.push(line);
    }
    println!("{}", lines.join("\n"));
    println!(
        "access matrix: {} routes × {} actors = {} cells, {} unexpected allows, {} unexpected denies ({} concrete POST routes)",
        table.len(),
        ACTORS.len(),
        cells,
        unexpected_allows,
        unexpected_denies,
        concrete_routes
    );
    // No password, password hash, session token or CSRF token in the audit log or the history.
    let mut secrets: Vec<String> = vec![PASSWORD.to_string(), "$argon2".to_string()];
    for (main, spare) in browsers.values() {
        for b in [main, spare] {
            secrets.extend(b.cookies.values().filter(|v| v.len() >= 16).cloned());
            if b.csrf.len() >= 16 {
                secrets.push(b.csrf.clone());
            }
        }
    }
    let audit_text: Vec<String> = schema::audit_log::table
        .select((
            schema::audit_log::action,
            schema::audit_log::subject,
            schema::audit_log::detail,
        ))
        .load::<(String, String, String)>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|(a, s, d)| format!("{a} {s} {d}"))
        .collect();
    let history_text: Vec<String> = schema::revisions::table
        .select((
            schema::revisions::reason,
            schema::revisions::before_json,
            schema::revisions::after_json,
        ))
        .load::<(String, Option<String>, String)>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|(r, b, a)| format!("{r} {} {a}", b.unwrap_or_default()))
        .collect();
    let leaks = audit_text
        .iter()
        .chain(&history_text)
        .filter(|row| secrets.iter().any(|sec| row.contains(sec.as_str())))
        .count();
    println!(
        "audit: {audited} allowed writes and sign-ins each left an entry; {} audit entries and {} revisions hold none of {} secrets ({leaks} leaks)",
        audit_text.len(),
        history_text.len(),
        secrets.len()
    );
    assert_eq!(leaks, 0, "a secret in the audit log or the history");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(cells, table.len() * ACTORS.len());
    assert_eq!(unexpected_allows, 0);
    assert_eq!(unexpected_denies, 0);
}

// ---------------------------------------------------------------------------------------------
// A.3 CSRF and Origin on every POST route
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
enum Forgery {
    NoToken,
    RandomToken,
    /// A real token, of another session (or another sign-in form).
    OtherSessionsToken,
    ForeignOrigin,
    NullOrigin,
    /// `http://127.0.0.1:port.evil.example`
    LookalikeOrigin,
    /// The right host over the other scheme.
    OtherSchemeOrigin,
    ForeignRefererOnly,
    LookalikeRefererOnly,
    NoOriginNoReferer,
}

const FORGERIES: [Forgery; 10] = [
    Forgery::NoToken,
    Forgery::RandomToken,
    Forgery::OtherSessionsToken,
    Forgery::ForeignOrigin,
    Forgery::NullOrigin,
    Forgery::LookalikeOrigin,
    Forgery::OtherSchemeOrigin,
    Forgery::ForeignRefererOnly,
    Forgery::LookalikeRefererOnly,
    Forgery::NoOriginNoReferer,
];

/// POST a URL-encoded body with exactly these headers.
async fn raw_post(
    app: &TestApp,
    path: &str,
    cookie: &str,
    body: String,
    origin: Option<&str>,
    referer: Option<&str>,
) -> (u16, String) {
    let mut req = app
        .client
        .post(format!("{}{path}", app.address))
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body);
    if let Some(o) = origin {
        req = req.header("origin", o);
    }
    if let Some(r) = referer {
        req = req.header("referer", r);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = res.text().await.unwrap();
    (
        status,
        format!("{location} {}", body.chars().take(200).collect::<String>()),
    )
}

fn encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Send a form as `forgery` says (None: everything right).
async fn forged(
    app: &TestApp,
    path: &str,
    cookie: &str,
    fields: &[(&str, &str)],
    token: &str,
    other_token: &str,
    forgery: Option<Forgery>,
) -> (u16, String) {
    let own = app.address.clone();
    let mut all: Vec<(&str, &str)> = fields.to_vec();
    let random = "f".repeat(64);
    match forgery {
        Some(Forgery::NoToken) => {}
        Some(Forgery::RandomToken) => all.push(("csrf", &random)),
        Some(Forgery::OtherSessionsToken) => all.push(("csrf", other_token)),
        _ => all.push(("csrf", token)),
    }
    let lookalike = format!("{own}.evil.example");
    let lookalike_page = format!("{own}.evil.example/en/ties");
    let other_scheme = own.replace("http://", "https://");
    let own_page = format!("{own}/en/dashboard");
    let (origin, referer): (Option<&str>, Option<&str>) = match forgery {
        None => (Some(&own), Some(&own_page)),
        Some(Forgery::ForeignOrigin) => (Some("https://evil.example"), Some(&own_page)),
        Some(Forgery::NullOrigin) => (Some("null"), None),
        Some(Forgery::LookalikeOrigin) => (Some(&lookalike), None),
        Some(Forgery::OtherSchemeOrigin) => (Some(&other_scheme), None),
        Some(Forgery::ForeignRefererOnly) => (None, Some("https://evil.example/page")),
        Some(Forgery::LookalikeRefererOnly) => (None, Some(&lookalike_page)),
        Some(Forgery::NoOriginNoReferer) => (None, None),
        Some(_) => (Some(&own), None),
    };
    raw_post(app, path, cookie, encode(&all), origin, referer).await
}

#[tokio::test]
async fn every_post_route_refuses_missing_or_wrong_tokens_and_foreign_origins() {
    let app = spawn_app().await;
    let table = routes();
    let fx = Fixture::new(&app);
    let mut conn = app.db.connect();
    // The admin may use every route; another session's token is a real token, just not theirs.
    let mut admin = Browser::new(&app);
    admin.sign_in(Admin.email()).await;
    let mut other = Browser::new(&app);
    other.sign_in(OfficialA.email()).await;

    let (mut forged_posts, mut refused, mut controls, mut written) = (0, 0, 0, 0);
    let mut problems = Vec::new();
    for (i, route) in table.iter().enumerate() {
        for (j, forgery) in FORGERIES
            .iter()
            .copied()
            .map(Some)
            .chain([None])
            .enumerate()
        {
            let n = 10_000 + i * 100 + j;
            let target = prepare(&mut conn, &fx, route.op, n);
            // Sign-in and sign-out need a browser of their own.
            let mut own_browser = Browser::new(&app);
            let (cookie, token, other_token, fields) = match route.op {
                Op::SignIn => {
                    own_browser.get("/en/sign-in").await;
                    let mut elsewhere = Browser::new(&app);
                    elsewhere.get("/en/sign-in").await;
                    (
                        own_browser.cookie_header(),
                        own_browser.csrf.clone(),
                        elsewhere.csrf.clone(),
                        vec![
                            ("email", Admin.email().to_string()),
                            ("password", PASSWORD.to_string()),
                            ("next", String::new()),
                        ],
                    )
                }
                Op::SignOut => {
                    own_browser.sign_in(Admin.email()).await;
                    (
                        own_browser.cookie_header(),
                        own_browser.csrf.clone(),
                        other.csrf.clone(),
                        vec![],
                    )
                }
                Op::Suggest { .. } => {
                    let path = route.path(0);
                    own_browser.get(&path).await;
                    let mut elsewhere = Browser::new(&app);
                    elsewhere.get(&path).await;
                    (
                        own_browser.cookie_header(),
                        own_browser.csrf.clone(),
                        elsewhere.csrf.clone(),
                        form(route.op, &target, n),
                    )
                }
                op => (
                    admin.cookie_header(),
                    admin.csrf.clone(),
                    other.csrf.clone(),
                    form(op, &target, n),
                ),
            };
            let path = route.path(target.id);
            let before = snapshot(&mut conn);
            let (status, detail) = forged(
                &app,
                &path,
                &cookie,
                &refs(&fields),
                &token,
                &other_token,
                forgery,
            )
            .await;
            let after = snapshot(&mut conn);
            let wrote = effect(&mut conn, route.op, &target, &before, &after);
            match forgery {
                Some(f) => {
                    forged_posts += 1;
                    if status == 403 && !wrote && before == after {
                        refused += 1;
                    } else {
                        problems.push(format!(
                            "{} with {f:?}: {status}, wrote {wrote} ({}) {detail}",
                            route.name(),
                            diff(&before, &after)
                        ));
                    }
                }
                None => {
                    controls += 1;
                    if status == 303 && wrote {
                        written += 1;
                    } else {
                        problems.push(format!(
                            "{} with a right token and origin: {status}, wrote {wrote} {detail}",
                            route.name()
                        ));
                    }
                }
            }
        }
    }
    // Without an Origin header, a same-site Referer is accepted (browsers that strip Origin).
    let fields = fields_for(Kind::Roadmap, "Referer only");
    let before = snapshot(&mut conn);
    let (status, _) = raw_post(
        &app,
        &format!("/en/ties/{TIE}/roadmaps/new"),
        &admin.cookie_header(),
        encode(&[refs(&fields), vec![("csrf", admin.csrf.as_str())]].concat()),
        None,
        Some(&format!("{}/en/ties/{TIE}/manage", app.address)),
    )
    .await;
    assert_eq!(
        status, 303,
        "a same-site Referer without Origin is accepted"
    );
    assert_ne!(before, snapshot(&mut conn));
    println!(
        "csrf: {} routes × {} forgeries = {forged_posts} forged POSTs, {refused} refused with 403 and nothing written; {written} of {controls} control POSTs (right token and Origin) written; neither Origin nor Referer → 403; a same-site Referer without Origin → accepted",
        table.len(),
        FORGERIES.len(),
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// A.3 Sessions on two processes
// ---------------------------------------------------------------------------------------------

/// Whether a session token is live on a server (the dashboard answers 200, not a redirect).
async fn live(app: &TestApp, token: &str) -> bool {
    let res = app
        .client
        .get(format!("{}/en/dashboard", app.address))
        .header("cookie", format!("pantau_session={token}"))
        .send()
        .await
        .unwrap();
    match res.status().as_u16() {
        200 => true,
        303 => false,
        other => panic!("dashboard answered {other}"),
    }
}

fn session_cookie(b: &Browser<'_>) -> String {
    b.cookies
        .get("pantau_session")
        .cloned()
        .expect("a session cookie")
}

/// A browser on `app` carrying the session of `from` (the same user behind a load balancer).
async fn same_session_on<'a>(app: &'a TestApp, from: &Browser<'_>) -> Browser<'a> {
    let mut b = Browser::new(app);
    b.cookies = from.cookies.clone();
    let d = b.get("/en/dashboard").await;
    assert_eq!(d.status, 200, "the session works on the other process");
    b
}

#[tokio::test]
async fn sessions_are_new_at_sign_in_and_end_everywhere_on_sign_out_disabling_and_password_reset() {
    let one = spawn_app().await;
    let two = spawn_app_on(one.db.clone()).await;
    let official = add_user(&one, "own@surabaya.go.id", "official", &["surabaya"]);
    add_user(&one, "dosen@unair.ac.id", "evaluator", &[]);
    add_user(&one, "admin@pantau.id", "admin", &[]);
    let mut conn = one.db.connect();

    // Fixation with a made-up id: the server never adopts a session id it did not issue.
    let planted = "ab".repeat(32);
    let mut b = Browser::new(&one);
    b.cookies.insert("pantau_session".into(), planted.clone());
    b.sign_in("own@surabaya.go.id").await;
    let issued = session_cookie(&b);
    assert_ne!(issued, planted, "a new session id at sign-in");
    assert!(!live(&one, &planted).await && !live(&two, &planted).await);
    assert!(live(&one, &issued).await && live(&two, &issued).await);

    // Fixation with a real session (the attacker's own, planted in the victim's browser): signing
    // in ends it and issues a new id; the victim is not working inside the attacker's session.
    let mut attacker = Browser::new(&one);
    attacker.sign_in("dosen@unair.ac.id").await;
    let attackers = session_cookie(&attacker);
    let mut victim = Browser::new(&two);
    victim
        .cookies
        .insert("pantau_session".into(), attackers.clone());
    victim.sign_in("own@surabaya.go.id").await;
    let victims = session_cookie(&victim);
    assert_ne!(victims, attackers);
    assert!(!live(&one, &attackers).await && !live(&two, &attackers).await);
    let d = victim.get("/en/dashboard").await;
    assert!(d.body.contains("Name of own@surabaya.go.id"));
    assert!(!d.body.contains("Name of dosen@unair.ac.id"));

    // Sign-out on one process ends the session on both; its old cookie and token write nothing.
    let mut on_two = same_session_on(&two, &b).await;
    let p = on_two.post("/en/sign-out", &[]).await;
    assert_eq!(p.status, 303);
    assert!(!live(&one, &issued).await && !live(&two, &issued).await);
    let before = snapshot(&mut conn);
    let mut stale = Browser::new(&one);
    stale
        .cookies
        .insert("pantau_session".into(), issued.clone());
    stale.csrf = on_two.csrf.clone();
    let p = stale
        .post(
            &format!("/en/ties/{TIE}/roadmaps/new"),
            &refs(&fields_for(Kind::Roadmap, "After sign-out")),
        )
        .await;
    assert_eq!(p.status, 403, "a signed-out session cannot write");
    assert_eq!(before, snapshot(&mut conn));

    // Disabling (by an admin on one process) ends every session of the account on both.
    let mut s1 = Browser::new(&one);
    s1.sign_in("own@surabaya.go.id").await;
    let mut s2 = Browser::new(&two);
    s2.sign_in("own@surabaya.go.id").await;
    let (t1, t2) = (session_cookie(&s1), session_cookie(&s2));
    let mut admin = Browser::new(&two);
    admin.sign_in("admin@pantau.id").await;
    admin.get("/en/admin/users").await;
    let p = admin
        .post(&format!("/en/admin/users/{official}/disable"), &[])
        .await;
    assert_eq!(p.status, 303);
    for t in [&t1, &t2, &victims] {
        assert!(!live(&one, t).await && !live(&two, t).await, "disabled");
    }
    assert_eq!(Session::count_for_user(&mut conn, official).unwrap(), 0);
    for app in [&one, &two] {
        let p = Browser::new(app)
            .sign_in_with("own@surabaya.go.id", PASSWORD)
            .await;
        assert_eq!(p.status, 401, "a disabled account cannot sign in");
    }

    // A password reset (the CLI) ends every session of the account on both processes.
    let reset = add_user(&one, "reset@surabaya.go.id", "official", &["surabaya"]);
    let mut r1 = Browser::new(&one);
    r1.sign_in("reset@surabaya.go.id").await;
    let mut r2 = Browser::new(&two);
    r2.sign_in("reset@surabaya.go.id").await;
    let (t1, t2) = (session_cookie(&r1), session_cookie(&r2));
    let new_password = "kuda lumping baru di pasar pagi";
    let out = one.db.cli(
        &["user", "reset-password", "--email", "reset@surabaya.go.id"],
        &format!("{new_password}\n"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for t in [&t1, &t2] {
        assert!(
            !live(&one, t).await && !live(&two, t).await,
            "a password reset ends the sessions"
        );
    }
    assert_eq!(Session::count_for_user(&mut conn, reset).unwrap(), 0);
    let before = snapshot(&mut conn);
    let p = r2
        .post(
            &format!("/en/ties/{TIE}/roadmaps/new"),
            &refs(&fields_for(Kind::Roadmap, "After reset")),
        )
        .await;
    assert_eq!(p.status, 403);
    assert_eq!(before, snapshot(&mut conn));
    for app in [&one, &two] {
        let p = Browser::new(app)
            .sign_in_with("reset@surabaya.go.id", PASSWORD)
            .await;
        assert_eq!(p.status, 401, "the old password no longer works");
    }
    let p = Browser::new(&two)
        .sign_in_with("reset@surabaya.go.id", new_password)
        .await;
    assert_eq!(p.status, 303, "the new one does");
}

/// The Set-Cookie header of a cookie, if any.
fn set_cookie(headers: &reqwest::header::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with(&format!("{name}=")))
}

fn check_flags(cookie: &str, https: bool, what: &str) {
    let attrs: Vec<String> = cookie
        .split(';')
        .skip(1)
        .map(|a| a.trim().to_ascii_lowercase())
        .collect();
    let has = |a: &str| attrs.iter().any(|x| x == a);
    assert!(has("httponly"), "{what}: HttpOnly in {cookie}");
    assert!(has("samesite=lax"), "{what}: SameSite=Lax in {cookie}");
    assert!(has("path=/"), "{what}: Path=/ in {cookie}");
    assert_eq!(has("secure"), https, "{what}: Secure iff HTTPS in {cookie}");
    assert!(
        !attrs.iter().any(|a| a.starts_with("domain=")),
        "{what}: a host-only cookie: {cookie}"
    );
}

#[tokio::test]
async fn every_cookie_is_http_only_lax_path_root_and_secure_over_https() {
    let app = spawn_app().await;
    add_user(&app, "own@surabaya.go.id", "official", &["surabaya"]);
    for https in [false, true] {
        let origin = if https {
            app.address.replace("http://", "https://")
        } else {
            app.address.clone()
        };
        let proto = if https { "https" } else { "http" };
        let res = app
            .client
            .get(format!("{}/en/sign-in", app.address))
            .header("x-forwarded-proto", proto)
            .send()
            .await
            .unwrap();
        let form_cookie = set_cookie(res.headers(), "pantau_signin_csrf").unwrap();
        check_flags(&form_cookie, https, "sign-in form token");
        let pair = form_cookie.split(';').next().unwrap().to_string();
        let token = hidden(&res.text().await.unwrap(), "csrf");
        let res = app
            .client
            .post(format!("{}/en/sign-in", app.address))
            .header("cookie", &pair)
            .header("x-forwarded-proto", proto)
            .header("origin", &origin)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "csrf={token}&email=own%40surabaya.go.id&password={}&next=",
                urlencode(PASSWORD)
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 303);
        let session = set_cookie(res.headers(), "pantau_session").unwrap();
        check_flags(&session, https, "session");
        let lower = session.to_ascii_lowercase();
        assert!(
            !lower.contains("max-age") && !lower.contains("expires"),
            "the session cookie lives for the browser session: {session}"
        );
        let flash = set_cookie(res.headers(), "pantau_flash").unwrap();
        check_flags(&flash, https, "flash");
        assert!(flash.contains("Max-Age=60"), "{flash}");
        let removed = set_cookie(res.headers(), "pantau_signin_csrf").unwrap();
        check_flags(&removed, https, "removal of the sign-in token");
        assert!(removed.contains("Max-Age=0"), "{removed}");
        let token_value = session.split(';').next().unwrap().to_string();

        // Sign-out removes the cookie with the same attributes (else the browser keeps it).
        let mut b = Browser::new(&app);
        let (k, v) = token_value.split_once('=').unwrap();
        b.cookies.insert(k.into(), v.into());
        let d = b.get("/en/dashboard").await;
        assert_eq!(d.status, 200);
        let res = app
            .client
            .post(format!("{}/en/sign-out", app.address))
            .header("cookie", b.cookie_header())
            .header("x-forwarded-proto", proto)
            .header("origin", &origin)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("csrf={}", b.csrf))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 303);
        let gone = set_cookie(res.headers(), "pantau_session").unwrap();
        check_flags(&gone, https, "removal of the session");
        assert!(
            gone.starts_with("pantau_session=;") && gone.contains("Max-Age=0"),
            "{gone}"
        );
    }
}

#[tokio::test]
async fn sign_in_throttling_holds_across_processes() {
    let one = spawn_app().await;
    let two = spawn_app_on(one.db.clone()).await;
    add_user(&one, "own@surabaya.go.id", "official", &["surabaya"]);
    add_user(&one, "dosen@unair.ac.id", "evaluator", &[]);
    // Per account: five failures on one process, refused (429) on the other, in its language.
    for _ in 0..5 {
        let p = Browser::new(&one)
            .sign_in_with("own@surabaya.go.id", "not the password!")
            .await;
        assert_eq!(p.status, 401);
    }
    let mut b = Browser::new(&two);
    b.get("/id/sign-in").await;
    let p = b
        .post(
            "/id/sign-in",
            &[
                ("email", "own@surabaya.go.id"),
                ("password", PASSWORD),
                ("next", ""),
            ],
        )
        .await;
    assert_eq!(p.status, 429);
    assert_eq!(p.headers["retry-after"], "900");
    assert!(p.body.contains("Terlalu banyak percobaan"), "{}", p.body);
    // Per address: twenty failures on different (unknown) accounts, spread over both processes,
    // and even a right password for an untouched account is refused from that address.
    for i in 0..15 {
        let app = if i % 2 == 0 { &one } else { &two };
        let p = Browser::new(app)
            .sign_in_with(&format!("guess{i}@example.org"), "not the password!")
            .await;
        assert_eq!(p.status, 401, "failure {i}");
    }
    let p = Browser::new(&one)
        .sign_in_with("dosen@unair.ac.id", PASSWORD)
        .await;
    assert_eq!(p.status, 429, "twenty failures from one address");
    println!(
        "throttling: 5 failures for an account on one process → 429 on the other (Indonesian page, Retry-After 900); 20 failures from one address over both processes → 429 even for a right password"
    );
}

// ---------------------------------------------------------------------------------------------
// A.2 Drafts are absent from every public surface
// ---------------------------------------------------------------------------------------------

struct Records {
    agreement: i32,
    agreement_sha: String,
    step: i32,
    step_sha: String,
    roadmap: i32,
    activity: i32,
    report: i32,
}

/// One record of each kind (agreement and step with a PDF, a roadmap with a milestone, an
/// activity and an official report), written through the forms; `word` is in all their text.
async fn write_records(
    b: &mut Browser<'_>,
    word: &str,
    agreement_kind: &str,
    signed_on: &str,
    step: &str,
) -> Records {
    let pdf = format!("%PDF-1.4\n% {word}\n%%EOF\n");
    let p = b
        .post_multipart(
            &format!("/en/ties/{TIE}/agreements/new"),
            &[
                ("kind", agreement_kind),
                ("title", &format!("{word} agreement title")),
                ("signed_on", signed_on),
                ("signatories", &format!("{word} signatory")),
                ("note", &format!("{word} agreement note")),
            ],
            pdf.as_bytes(),
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let agreement = id_from_edit_location(&p.location);
    let step_pdf = format!("%PDF-1.4\n% {word} step\n%%EOF\n");
    let p = b
        .post_multipart(
            &format!("/en/ties/{TIE}/steps/new"),
            &[
                ("step", step),
                ("occurred_on", "2023-03"),
                ("note", &format!("{word} step note")),
            ],
            step_pdf.as_bytes(),
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let step_id = id_from_edit_location(&p.location);
    let mut ids = Vec::new();
    for kind in [Kind::Roadmap, Kind::Activity, Kind::Report] {
        let mut f = fields_for(kind, &format!("{word} {}", kind.subject()));
        f.push(("action", "save".into()));
        let p = b
            .post(&format!("/en/ties/{TIE}/{}/new", kind.segment()), &refs(&f))
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        ids.push(id_from_edit_location(&p.location));
    }
    let p = b
        .post(
            &format!("/en/roadmaps/{}/milestones/new", ids[0]),
            &refs(&fields_for(Kind::Milestone, &format!("{word} milestone"))),
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    Records {
        agreement,
        agreement_sha: sha256_hex(pdf.as_bytes()),
        step: step_id,
        step_sha: sha256_hex(step_pdf.as_bytes()),
        roadmap: ids[0],
        activity: ids[1],
        report: ids[2],
    }
}

async fn publish_records(b: &mut Browser<'_>, r: &Records) {
    for (seg, id) in [
        ("agreements", r.agreement),
        ("steps", r.step),
        ("roadmaps", r.roadmap),
        ("activities", r.activity),
        ("reports", r.report),
    ] {
        let edit = b.get(&format!("/en/{seg}/{id}/edit")).await;
        let version = hidden(&edit.body, "version");
        let p = b
            .post(&format!("/en/{seg}/{id}/publish"), &[("version", &version)])
            .await;
        assert_eq!(p.status, 303, "publish {seg} {id}");
    }
}

/// The public data documents whose bytes must not move when drafts are written (the bulk dump
/// without its generation time).
fn data_urls() -> Vec<String> {
    let mut v: Vec<String> = [
        "/en/ties.csv",
        "/id/ties.csv",
        "/en/ties.json",
        "/en/ties.csv?type=termination",
        "/en/ties.csv?type=mou&q=liverpool",
        "/en/ties.csv?roadmap=yes",
        "/en/ties.csv?report=yes",
        "/en/ties.csv?status=terminated",
        "/en/ties.csv?activity=active",
        "/en/places.csv",
        "/en/places.json",
        "/en/reports.csv",
        "/id/reports.json",
        "/api/v1/ties?q=liverpool",
        "/api/v1/ties?type=termination",
        "/api/v1/places/surabaya",
        "/api/v1/reports",
        "/en/feed.atom",
        "/id/feed.atom",
        "/en/places/surabaya/feed.atom",
        "/sitemap.xml",
        "/data/pantau.jsonl",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push(format!("/en/ties/{TIE}/feed.atom"));
    v.push(format!("/api/v1/ties/{TIE}"));
    v
}

/// A JSON export's `"generated_at": "…"` says when it was made, not what it holds.
fn without_generation_time(body: &str) -> String {
    let key = "\"generated_at\":";
    match body.find(key) {
        Some(at) => {
            let rest = body[at + key.len()..].trim_start();
            let rest = rest.strip_prefix('"').unwrap();
            let end = rest.find('"').unwrap();
            format!("{}{}", &body[..at], &rest[end + 1..])
        }
        None => body.to_string(),
    }
}

async fn fetch_data(app: &TestApp) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for url in data_urls() {
        let (status, body) = app.page(&url).await;
        assert_eq!(status, 200, "{url}");
        let body = if url.ends_with(".jsonl") {
            body.lines().skip(1).collect::<Vec<_>>().join("\n")
        } else {
            without_generation_time(&body)
        };
        out.insert(url, body);
    }
    out
}

/// HTML pages that show a tie's records, a place's ties or lists.
fn html_urls() -> Vec<String> {
    vec![
        format!("/en/ties/{TIE}"),
        format!("/id/ties/{TIE}"),
        format!("/en/ties/{TIE}/history"),
        "/en/ties?q=liverpool".into(),
        "/en/places/surabaya".into(),
        "/en/reports".into(),
        "/en/".into(),
        "/id/".into(),
    ]
}

/// Nothing of the drafts on any public surface, for an anonymous visitor.
async fn assert_drafts_absent(app: &TestApp, d: &Records, bodies: &BTreeMap<String, String>) {
    let mut all: Vec<(String, String)> =
        bodies.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    for url in html_urls() {
        let (status, body) = app.page(&url).await;
        assert_eq!(status, 200, "{url}");
        all.push((url, body));
    }
    for (url, body) in &all {
        let lower = body.to_lowercase();
        assert!(!lower.contains("draftzorq"), "{url} shows a draft");
        assert!(
            !body.contains(&d.agreement_sha) && !body.contains(&d.step_sha),
            "{url} shows a draft's document"
        );
        for tag in [
            format!(":agreement/{}<", d.agreement),
            format!(":roadmap/{}<", d.roadmap),
            format!(":activity/{}<", d.activity),
            format!(":report/{}<", d.report),
            format!("/reports/{}\"", d.report),
            format!("/agreements/{}/document", d.agreement),
            format!("/steps/{}/document", d.step),
            "1989-05-06".to_string(),
        ] {
            assert!(!body.contains(&tag), "{url} shows {tag}");
        }
    }
    for url in ["/en/search?q=draftzorq", "/id/search?q=draftzorq+agreement"] {
        let (status, body) = app.page(url).await;
        assert_eq!(status, 200);
        assert!(
            !body.contains("<ol class=\"results\">"),
            "{url} finds a draft"
        );
    }
    // The drafts' own addresses: 404 to the public (and the API says so as a problem document).
    for url in [
        format!("/en/reports/{}", d.report),
        format!("/id/reports/{}", d.report),
        format!("/en/reports/{}/history", d.report),
        format!("/en/agreements/{}/document", d.agreement),
        format!("/id/steps/{}/document", d.step),
    ] {
        let (status, _) = app.page(&url).await;
        assert_eq!(status, 404, "{url}");
    }
    let res = app.get(&format!("/api/v1/reports/{}", d.report)).await;
    assert_eq!(res.status().as_u16(), 404);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    // The editing pages send the public to sign in.
    for url in [
        format!("/en/agreements/{}/edit", d.agreement),
        format!("/en/roadmaps/{}/milestones/new", d.roadmap),
        format!("/en/ties/{TIE}/manage"),
    ] {
        let res = app.get(&url).await;
        assert_eq!(res.status().as_u16(), 303, "{url}");
    }
}

#[tokio::test]
async fn drafts_are_404_everywhere_public() {
    let app = spawn_app().await;
    add_user(&app, "own@surabaya.go.id", "official", &["surabaya"]);
    add_user(&app, "other@bandung.go.id", "official", &["bandung"]);
    add_user(&app, "dosen@unair.ac.id", "evaluator", &[]);
    let mut own = Browser::new(&app);
    own.sign_in("own@surabaya.go.id").await;

    let baseline = fetch_data(&app).await;
    let last_modified = |res: &reqwest::Response| {
        res.headers()
            .get("last-modified")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let page_dated_before = last_modified(&app.get("/en/ties?q=liverpool").await);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    // Drafts: a termination signed earlier than anything on record (it would end the tie and
    // become its first agreement if it counted), a step, a roadmap with a milestone, an activity
    // and a report, each with the word "Draftzorq".
    let drafts = write_records(
        &mut own,
        "Draftzorq",
        "termination",
        "1989-05-06",
        "dprd-approval",
    )
    .await;
    let with_drafts = fetch_data(&app).await;
    let page_dated_after = last_modified(&app.get("/en/ties?q=liverpool").await);
    for (url, body) in &baseline {
        let now = &with_drafts[url];
        if now != body {
            let at = body
                .bytes()
                .zip(now.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(body.len().min(now.len()));
            let from = at.saturating_sub(200);
            panic!(
                "{url} changed when drafts were written:\nbefore …{}\nafter  …{}",
                body.get(from..(at + 200).min(body.len())).unwrap_or(""),
                now.get(from..(at + 200).min(now.len())).unwrap_or("")
            );
        }
    }
    assert_drafts_absent(&app, &drafts, &with_drafts).await;
    // Signed in, but neither editors of the tie nor authors: the documents are not there either.
    for email in ["other@bandung.go.id", "dosen@unair.ac.id"] {
        let mut b = Browser::new(&app);
        b.sign_in(email).await;
        for url in [
            format!("/en/agreements/{}/document", drafts.agreement),
            format!("/en/steps/{}/document", drafts.step),
            format!("/en/reports/{}", drafts.report),
        ] {
            assert_eq!(b.get(&url).await.status, 404, "{email} {url}");
        }
    }
    // The editors themselves can download the draft's document.
    let res = app
        .client
        .get(format!(
            "{}/en/agreements/{}/document",
            app.address, drafts.agreement
        ))
        .header("cookie", own.cookie_header())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");

    // The published twins are there, so none of this passes by showing nothing.
    let published = write_records(&mut own, "Pubzorq", "mou", "1990-01", "exploration").await;
    publish_records(&mut own, &published).await;
    let now = fetch_data(&app).await;
    assert_drafts_absent(&app, &drafts, &now).await;
    let changed: Vec<&String> = baseline
        .keys()
        .filter(|u| baseline[*u] != now[*u])
        .collect();
    let markers = [
        "Pubzorq signatory",
        "Pubzorq step note",
        "Pubzorq roadmap",
        "Pubzorq milestone",
        "Pubzorq activity",
        "Pubzorq report",
    ];
    let tie_page_en = app.page(&format!("/en/ties/{TIE}")).await.1;
    let tie_page_id = app.page(&format!("/id/ties/{TIE}")).await.1;
    for body in [
        &tie_page_en,
        &tie_page_id,
        &now[&format!("/api/v1/ties/{TIE}")],
        &now["/data/pantau.jsonl"],
    ] {
        for m in markers {
            assert!(body.contains(m), "{m} missing");
        }
    }
    for body in [&tie_page_en, &tie_page_id] {
        assert!(body.contains(&published.agreement_sha) && body.contains(&published.step_sha));
        assert!(body.contains(&format!("/agreements/{}/document", published.agreement)));
    }
    let history = app.page(&format!("/en/ties/{TIE}/history")).await.1;
    for m in [
        "Pubzorq signatory",
        "Pubzorq step note",
        "Pubzorq roadmap",
        "Pubzorq activity",
        "Pubzorq report",
    ] {
        assert!(history.contains(m), "history: {m}");
    }
    for url in [
        "/en/feed.atom".to_string(),
        "/id/feed.atom".to_string(),
        "/en/places/surabaya/feed.atom".to_string(),
        format!("/en/ties/{TIE}/feed.atom"),
    ] {
        for tag in [
            format!(":agreement/{}<", published.agreement),
            format!(":roadmap/{}<", published.roadmap),
            format!(":activity/{}<", published.activity),
            format!(":report/{}<", published.report),
        ] {
            assert!(now[&url].contains(&tag), "{url}: {tag}");
        }
    }
    for url in ["/en/reports.csv", "/id/reports.json", "/api/v1/reports"] {
        assert!(now[url].contains("Pubzorq report"), "{url}");
    }
    assert!(app.page("/en/reports").await.1.contains("Pubzorq report"));
    for url in ["/en/ties.csv", "/id/ties.csv", "/en/ties.json"] {
        assert!(
            now[url].contains("1990-01"),
            "{url}: the published MoU is the first agreement"
        );
    }
    assert!(now["/en/ties.csv?type=mou&q=liverpool"].contains(TIE));
    assert!(now["/en/ties.csv?roadmap=yes"].contains(TIE));
    assert!(now["/en/ties.csv?report=yes"].contains(TIE));
    assert!(!now["/en/ties.csv?type=termination"].contains(TIE));
    assert!(!now["/en/ties.csv?status=terminated"].contains(TIE));
    for (url, body) in [
        ("/en/search?q=pubzorq", "agreement"),
        ("/en/search?q=pubzorq+roadmap", "roadmap"),
        ("/en/search?q=pubzorq+report", "report"),
    ] {
        let page = app.page(url).await.1;
        assert!(
            page.contains("<ol class=\"results\">") && page.contains(TIE),
            "{url} finds the published {body}"
        );
    }
    let (status, page) = app.page(&format!("/en/reports/{}", published.report)).await;
    assert!(status == 200 && page.contains("Pubzorq report"));
    for (seg, id) in [
        ("agreements", published.agreement),
        ("steps", published.step),
    ] {
        let res = app.get(&format!("/en/{seg}/{id}/document")).await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(res.headers()["content-type"], "application/pdf");
    }
    let res = app
        .get(&format!("/api/v1/reports/{}", published.report))
        .await;
    assert_eq!(res.status().as_u16(), 200);
    println!(
        "drafts: Last-Modified of /en/ties?q=liverpool before/after drafts were written: {page_dated_before} / {page_dated_after}"
    );
    assert_eq!(
        page_dated_before, page_dated_after,
        "saving a draft must not move the public Last-Modified"
    );
    println!(
        "drafts: {} data documents byte-identical before and after 5 drafts (+1 milestone) were written, {} HTML pages and 3 searches without them, 5 draft addresses 404, 3 editing pages 303 to sign-in; after publishing the twins {} of the {} data documents changed and show them (the sitemap lists no record pages, so it can only show absence)",
        baseline.len(),
        html_urls().len(),
        changed.len(),
        baseline.len()
    );
}
