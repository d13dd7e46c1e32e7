//! HTTP routes, one module per area, plus what every page shares: the page context, database access
//! off the async executor, and conditional (ETag / Last-Modified) responses.

pub mod account;
pub mod account_bar;
pub mod admin_accounts;
pub mod api;
pub mod assets;
pub mod cache_policy;
pub mod datapackage;
pub mod dump;
pub mod editorial;
pub mod editorial_ties;
pub mod error_page;
pub mod export;
pub mod extract;
pub mod feeds;
pub mod form;
pub mod guard;
pub mod home;
pub mod list_words;
pub mod methodology;
pub mod open_data;
pub mod own_sessions;
pub mod password;
pub mod place_history;
pub mod places;
pub mod preview;
pub mod publish;
pub mod reports;
pub mod reset;
pub mod search;
pub mod seo;
pub mod session;
pub mod shared;
pub mod sources;
pub mod stream;
pub mod stylesheet;
pub mod suggestions;
pub mod tie_export;
pub mod tie_extras;
pub mod tie_list;
pub mod ties;
pub mod view;
pub mod xlsx;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDateTime;

use crate::db::AnyConnection;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::startup::AppState;
use cache_policy::{CachePolicy, Cached};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(root))
        .route("/healthz", web::get().to(healthz))
        .configure(api::configure)
        .configure(assets::configure)
        .configure(seo::configure)
        .configure(home::configure)
        .configure(open_data::configure)
        .configure(dump::configure)
        .configure(datapackage::configure)
        .configure(xlsx::configure)
        .configure(places::configure)
        .configure(feeds::configure)
        .configure(reports::configure)
        .configure(search::configure)
        .configure(tie_list::configure)
        .configure(tie_export::configure)
        .configure(ties::configure)
        .configure(sources::configure)
        .configure(methodology::configure)
        .configure(account::configure)
        .configure(publish::configure)
        .configure(suggestions::configure)
        .configure(password::configure)
        // Issue 17's editorial and account pages.
        .configure(editorial::configure)
        .configure(admin_accounts::configure)
        .configure(reset::configure)
        .configure(own_sessions::configure)
        .default_service(web::to(not_found));
}

/// `/` sends visitors to the Indonesian home page.
async fn root() -> HttpResponse {
    HttpResponse::Found()
        .insert_header((header::LOCATION, "/id/"))
        .finish()
}

/// For load balancers: 200 when the database answers.
async fn healthz(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    with_db(&state, |conn| {
        use diesel::connection::SimpleConnection;
        conn.batch_execute("SELECT 1").map_err(AppError::from)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("ok\n")
        .cached(CachePolicy::NoStore))
}

async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}

/// The language segment of a URL; anything else is a 404.
pub fn lang(code: &str) -> Result<Lang, AppError> {
    Lang::parse(code).ok_or(AppError::NotFound)
}

/// Run blocking database work on the thread pool, with a pooled connection.
pub async fn with_db<T, F>(state: &web::Data<AppState>, f: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&mut AnyConnection) -> Result<T, AppError> + Send + 'static,
{
    let pool = state.pool.clone();
    web::block(move || {
        let mut conn = pool.get()?;
        f(&mut conn)
    })
    .await?
}

/// What every page template knows: its language, where it is, and how to name things.
pub struct Ctx {
    pub lang: Lang,
    /// The path after the language segment (`/ties/x`), for the other-language twin.
    pub rest: String,
    pub query: String,
    pub css_href: String,
    /// The navigation section the page belongs to.
    pub section: &'static str,
    /// Scheme and host the page was asked for (`https://pantau.example`), for the absolute URLs
    /// `hreflang` needs; empty on error pages (their links stay relative).
    pub origin: String,
    /// The signed-in account, for the account bar (public pages included).
    pub me: Option<session::Me>,
    /// The editors' e-mail address (empty: none configured).
    pub contact_email: String,
    /// The query is part of the page's identity (a filtered list): its canonical link and
    /// citation keep it.
    pub keep_query: bool,
}

impl Ctx {
    pub fn new(req: &HttpRequest, state: &AppState, lang: Lang, section: &'static str) -> Ctx {
        let path = req.path();
        let rest = path.get(3..).unwrap_or("").to_string();
        // The Host header only (not X-Forwarded-Host), so a cache keyed on Host cannot be
        // poisoned with another host's links; the scheme follows a trusted proxy's X-Forwarded-Proto.
        let origin = session::origin(req);
        Ctx {
            lang,
            rest,
            query: req.query_string().to_string(),
            css_href: state.css_href.clone(),
            section,
            origin,
            me: account_bar::looked_up(req)
                .flatten()
                .map(|u| session::Me::new(lang, &u)),
            contact_email: state.contact_email.clone(),
            keep_query: false,
        }
    }

    pub fn for_error(lang: Lang, path: &str, css_href: String) -> Ctx {
        let rest = if Lang::parse(path.get(1..3).unwrap_or("")).is_some()
            && (path.len() == 3 || path[3..].starts_with('/'))
        {
            path[3..].to_string()
        } else {
            "/".to_string()
        };
        Ctx {
            lang,
            rest,
            query: String::new(),
            css_href,
            section: "",
            origin: String::new(),
            me: None,
            contact_email: String::new(),
            keep_query: false,
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// A message with one argument.
    pub fn t_args1(&self, key: &str, name: &'static str, value: &str) -> String {
        self.lang.t_args(key, &[(name, value.to_string())])
    }

    /// The message `key` about `count` things, in the plural form the number calls for. The count
    /// may be a number or a whole number already written out (`1.234`).
    pub fn t_count<N: std::fmt::Display>(&self, key: &str, count: N) -> String {
        let digits: String = count
            .to_string()
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        self.lang.t_count(key, digits.parse().unwrap_or(0))
    }

    /// A vocabulary label (`field`, `education` → "Pendidikan").
    pub fn v(&self, prefix: &str, tag: &str) -> String {
        self.lang.vocab(prefix, tag)
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    /// A link inside this language (`/ties/x` → `/id/ties/x`).
    pub fn href(&self, rest: &str) -> String {
        format!("/{}{}", self.lang.code(), rest)
    }

    /// The same page in the other language.
    pub fn twin_href(&self) -> String {
        let rest = if self.rest.is_empty() {
            "/"
        } else {
            &self.rest
        };
        if self.query.is_empty() {
            format!("/{}{}", self.lang.other().code(), rest)
        } else {
            format!("/{}{}?{}", self.lang.other().code(), rest, self.query)
        }
    }

    /// This page's absolute URL (for `hreflang`).
    pub fn self_url(&self) -> String {
        let rest = if self.rest.is_empty() {
            "/"
        } else {
            &self.rest
        };
        if self.query.is_empty() {
            format!("{}/{}{rest}", self.origin, self.lang.code())
        } else {
            format!("{}/{}{rest}?{}", self.origin, self.lang.code(), self.query)
        }
    }

    /// The same page in the other language, as an absolute URL (for `hreflang`).
    pub fn twin_url(&self) -> String {
        format!("{}{}", self.origin, self.twin_href())
    }

    pub fn other_code(&self) -> &'static str {
        self.lang.other().code()
    }

    /// The other language's name, written in that language.
    pub fn other_name(&self) -> String {
        self.lang.other().t("language-name")
    }

    /// "45 of 100".
    pub fn score_of(&self, score: u32) -> String {
        self.lang
            .t_args("score-of", &[("score", score.to_string())])
    }

    /// The permanent address of this page (without its query, but for a filtered list).
    pub fn permalink(&self) -> String {
        let rest = if self.rest.is_empty() {
            "/"
        } else {
            &self.rest
        };
        if self.keep_query && !self.query.is_empty() {
            return format!(
                "{}/{}{}?{}",
                self.origin,
                self.lang.code(),
                rest,
                self.query
            );
        }
        format!("{}/{}{}", self.origin, self.lang.code(), rest)
    }

    /// A suggested citation (APA 7 style for a page that changes) with the retrieval date.
    pub fn citation(&self, title: &str, today: &str) -> String {
        self.lang.t_args(
            "cite-text",
            &[
                ("title", title.to_string()),
                ("date", today.to_string()),
                ("url", self.permalink()),
            ],
        )
    }

    pub fn og_locale(&self) -> &'static str {
        match self.lang {
            Lang::Id => "id_ID",
            Lang::En => "en_GB",
        }
    }

    pub fn is_section(&self, s: &str) -> bool {
        self.section == s
    }
}

/// A public HTML page, with the time its data last changed: the cache-policy middleware adds its
/// ETag and `Last-Modified` and answers conditional requests (see `cache_policy`).
pub fn html_page(
    _req: &HttpRequest,
    body: String,
    last_modified: Option<NaiveDateTime>,
) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(body)
        .cached(CachePolicy::PAGE.modified(last_modified))
}

/// The later of when the data changed and the start of the judging date (`AppState::today`:
/// derived statuses move with the date), for a page's `Last-Modified`.
pub fn freshness(state: &AppState, data_changed: Option<NaiveDateTime>) -> Option<NaiveDateTime> {
    let today = state.today().and_hms_opt(0, 0, 0);
    match (data_changed, today) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}
