//! Suggestions from the public: a correction or evidence about a tie, or a tie we do not have;
//! their abuse limits (counted in the database, so every process agrees), the signed form time
//! stamp, and the editors' decisions. Contact details and addresses never leave this module's
//! private columns: the public view (`PublicSuggestion`) does not carry them.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::Conn;
use crate::auth::sha256_hex;
use crate::schema::{places, settings, suggestions, ties};

/// Suggestions accepted from one address per hour.
pub const MAX_PER_ADDRESS_PER_HOUR: i64 = 5;
/// Suggestions accepted about one tie per hour (from everyone).
pub const MAX_PER_TIE_PER_HOUR: i64 = 20;
/// A form sent sooner than this after it was shown was not filled in by a person.
pub const MIN_FILL_SECONDS: i64 = 3;
/// A form older than this is refused (its stamp has expired): the reader loads it again.
pub const MAX_FORM_AGE_HOURS: i64 = 24;
/// The longest text accepted in the "what is wrong or missing" box.
pub const MAX_BODY_CHARS: usize = 5000;
/// The longest name or e-mail accepted.
pub const MAX_CONTACT_CHARS: usize = 200;
/// The reasons an editor may give for rejecting (message keys `reject-reason-…`).
pub const REJECT_REASONS: [&str; 5] = [
    "no-source",
    "source-disagrees",
    "already-recorded",
    "out-of-scope",
    "other",
];
/// The states a suggestion can be in.
pub const STATUSES: [&str; 4] = ["pending", "accepted", "rejected", "spam"];

/// The sender's name, e-mail and address are deleted this many days after the decision.
pub const CONTACT_KEPT_DAYS: i64 = 90;

const SECRET_KEY: &str = "suggestion-form-secret";

/// A suggestion as editors see it (everything but the document's bytes).
#[derive(Queryable, Debug, Clone)]
pub struct Suggestion {
    pub id: i32,
    pub tie_id: Option<i32>,
    pub place_id: Option<i32>,
    pub body: String,
    pub source_url: Option<String>,
    pub document_name: Option<String>,
    pub document_sha256: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub lang: String,
    pub status: String,
    pub reject_reason: Option<String>,
    pub decision_note: String,
    pub decided_at: Option<NaiveDateTime>,
    pub version: i32,
    pub created_at: NaiveDateTime,
}

type Columns = (
    suggestions::id,
    suggestions::tie_id,
    suggestions::place_id,
    suggestions::body,
    suggestions::source_url,
    suggestions::document_name,
    suggestions::document_sha256,
    suggestions::contact_name,
    suggestions::contact_email,
    suggestions::lang,
    suggestions::status,
    suggestions::reject_reason,
    suggestions::decision_note,
    suggestions::decided_at,
    suggestions::version,
    suggestions::created_at,
);

const COLUMNS: Columns = (
    suggestions::id,
    suggestions::tie_id,
    suggestions::place_id,
    suggestions::body,
    suggestions::source_url,
    suggestions::document_name,
    suggestions::document_sha256,
    suggestions::contact_name,
    suggestions::contact_email,
    suggestions::lang,
    suggestions::status,
    suggestions::reject_reason,
    suggestions::decision_note,
    suggestions::decided_at,
    suggestions::version,
    suggestions::created_at,
);

/// What may be shown in public about an accepted suggestion (no contact, no address).
#[derive(Debug, Clone)]
pub struct PublicSuggestion {
    pub id: i32,
    pub body: String,
    pub source_url: Option<String>,
    pub has_document: bool,
    pub decided_at: Option<NaiveDateTime>,
}

/// id, body, source address, document SHA-256, decision time.
type PublicRow = (
    i32,
    String,
    Option<String>,
    Option<String>,
    Option<NaiveDateTime>,
);

/// A checked suggestion, ready to store.
#[derive(Debug, Clone)]
pub struct NewSuggestion {
    pub tie_id: Option<i32>,
    pub place_id: Option<i32>,
    pub body: String,
    pub source_url: Option<String>,
    pub document: Option<crate::publishing::Document>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub lang: &'static str,
}

/// Why a suggestion was not taken: a message key, and whether it is a rate limit (429).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The form itself is wrong (honeypot, too fast, stale stamp): 400 with this message.
    Form(&'static str),
    /// Too many suggestions lately: 429 with this message.
    Limit(&'static str),
}

/// Letters, digits, punctuation and line breaks only: control and bidirectional-override
/// characters are dropped (they can disguise text), line ends become `\n`.
pub fn clean_text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .chars()
        .filter(|c| {
            (*c == '\n' || !c.is_control())
                && !matches!(*c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// The secret the form stamps are signed with, shared by every process through the database.
pub fn form_secret(conn: &mut Conn) -> QueryResult<String> {
    let read = |conn: &mut Conn| {
        settings::table
            .filter(settings::key.eq(SECRET_KEY))
            .select(settings::value)
            .first::<String>(conn)
            .optional()
    };
    if let Some(s) = read(conn)? {
        return Ok(s);
    }
    // Two processes may race here: one insert wins, the other reads the winner's secret.
    let _ = diesel::insert_into(settings::table)
        .values((
            settings::key.eq(SECRET_KEY),
            settings::value.eq(crate::auth::random_token()),
            settings::updated_at.eq(crate::db::now()),
        ))
        .execute(conn);
    read(conn)?.ok_or(diesel::result::Error::NotFound)
}

fn signature(secret: &str, seconds: i64) -> String {
    sha256_hex(format!("{secret}:suggestion-form:{seconds}:{secret}").as_bytes())
}

/// A stamp for a form shown now: its time and a signature over it.
pub fn stamp(secret: &str, now: NaiveDateTime) -> String {
    let seconds = now.and_utc().timestamp();
    format!("{seconds}.{}", signature(secret, seconds))
}

/// Check a form's stamp: signed by us, not younger than the minimum fill time, not expired.
pub fn check_stamp(secret: &str, stamp: &str, now: NaiveDateTime) -> Result<(), Refusal> {
    let (seconds, sig) = stamp
        .split_once('.')
        .ok_or(Refusal::Form("suggest-error-stale"))?;
    let seconds: i64 = seconds
        .parse()
        .map_err(|_| Refusal::Form("suggest-error-stale"))?;
    if sig != signature(secret, seconds) {
        return Err(Refusal::Form("suggest-error-stale"));
    }
    let age = now.and_utc().timestamp() - seconds;
    if age < MIN_FILL_SECONDS {
        return Err(Refusal::Form("suggest-error-too-fast"));
    }
    if age > MAX_FORM_AGE_HOURS * 3600 {
        return Err(Refusal::Form("suggest-error-stale"));
    }
    Ok(())
}

/// Store a suggestion unless the address or the tie has sent too many lately; returns its id.
/// The limits are counted and the row written in one transaction.
pub fn submit(
    conn: &mut Conn,
    new: &NewSuggestion,
    ip: Option<&str>,
    token: &str,
) -> QueryResult<Result<i32, Refusal>> {
    let now = crate::db::now();
    let since = now - Duration::hours(1);
    conn.transaction(|conn| {
        if let Some(ip) = ip {
            let n: i64 = suggestions::table
                .filter(suggestions::ip.eq(ip))
                .filter(suggestions::created_at.gt(since))
                .count()
                .get_result(conn)?;
            if n >= MAX_PER_ADDRESS_PER_HOUR {
                return Ok(Err(Refusal::Limit("suggest-error-address-limit")));
            }
        }
        if let Some(tie) = new.tie_id {
            let n: i64 = suggestions::table
                .filter(suggestions::tie_id.eq(tie))
                .filter(suggestions::created_at.gt(since))
                .count()
                .get_result(conn)?;
            if n >= MAX_PER_TIE_PER_HOUR {
                return Ok(Err(Refusal::Limit("suggest-error-tie-limit")));
            }
        }
        let doc = new.document.as_ref();
        let id: i32 = diesel::insert_into(suggestions::table)
            .values((
                suggestions::tie_id.eq(new.tie_id),
                suggestions::place_id.eq(new.place_id),
                suggestions::body.eq(&new.body),
                suggestions::source_url.eq(new.source_url.as_deref()),
                suggestions::document.eq(doc.map(|d| d.bytes.as_slice())),
                suggestions::document_name.eq(doc.map(|d| d.name.as_str())),
                suggestions::document_media_type.eq(doc.map(|_| "application/pdf")),
                suggestions::document_sha256.eq(doc.map(|d| d.sha256.as_str())),
                suggestions::contact_name.eq(new.contact_name.as_deref()),
                suggestions::contact_email.eq(new.contact_email.as_deref()),
                suggestions::ip.eq(ip),
                suggestions::lang.eq(new.lang),
                suggestions::token_hash.eq(sha256_hex(token.as_bytes())),
                suggestions::status.eq("pending"),
                suggestions::decision_note.eq(""),
                suggestions::version.eq(1),
                suggestions::created_at.eq(now),
            ))
            .returning(suggestions::id)
            .get_result(conn)?;
        super::audit::record(
            conn,
            None,
            ip,
            "suggestion-submitted",
            &format!("suggestion {id}"),
            "",
        )?;
        Ok(Ok(id))
    })
}

impl Suggestion {
    /// The suggestion a private status link names.
    pub fn by_token(conn: &mut Conn, token: &str) -> QueryResult<Option<Suggestion>> {
        suggestions::table
            .filter(suggestions::token_hash.eq(sha256_hex(token.as_bytes())))
            .select(COLUMNS)
            .first(conn)
            .optional()
    }

    pub fn by_id(conn: &mut Conn, id: i32) -> QueryResult<Option<Suggestion>> {
        suggestions::table
            .find(id)
            .select(COLUMNS)
            .first(conn)
            .optional()
    }

    /// Pending suggestions, oldest first.
    pub fn pending(conn: &mut Conn) -> QueryResult<Vec<Suggestion>> {
        suggestions::table
            .filter(suggestions::status.eq("pending"))
            .order((suggestions::created_at, suggestions::id))
            .select(COLUMNS)
            .load(conn)
    }

    /// Pending suggestions about the ties of some places (for an official's dashboard) or
    /// naming one of those places.
    pub fn pending_for_places(conn: &mut Conn, place_ids: &[i32]) -> QueryResult<Vec<Suggestion>> {
        let tie_ids: Vec<i32> = ties::table
            .filter(
                ties::place_id
                    .eq_any(place_ids)
                    .or(ties::partner_id.eq_any(place_ids)),
            )
            .select(ties::id)
            .load(conn)?;
        suggestions::table
            .filter(suggestions::status.eq("pending"))
            .filter(
                suggestions::tie_id
                    .eq_any(tie_ids)
                    .or(suggestions::place_id.eq_any(place_ids)),
            )
            .order((suggestions::created_at, suggestions::id))
            .select(COLUMNS)
            .load(conn)
    }

    /// The public part of a tie's accepted suggestions, oldest first.
    pub fn accepted_of_tie(conn: &mut Conn, tie_id: i32) -> QueryResult<Vec<PublicSuggestion>> {
        let rows: Vec<PublicRow> = suggestions::table
            .filter(suggestions::tie_id.eq(tie_id))
            .filter(suggestions::status.eq("accepted"))
            .order(suggestions::id)
            .select((
                suggestions::id,
                suggestions::body,
                suggestions::source_url,
                suggestions::document_sha256,
                suggestions::decided_at,
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(id, body, source_url, sha, decided_at)| PublicSuggestion {
                id,
                body,
                source_url,
                has_document: sha.is_some(),
                decided_at,
            })
            .collect())
    }

    /// How many suggestions about a tie were accepted.
    pub fn accepted_count(conn: &mut Conn, tie_id: i32) -> QueryResult<i64> {
        suggestions::table
            .filter(suggestions::tie_id.eq(tie_id))
            .filter(suggestions::status.eq("accepted"))
            .count()
            .get_result(conn)
    }

    /// The tie (slug, place names) or place (slug, name) a suggestion is about, for the queue.
    pub fn subject(&self, conn: &mut Conn) -> QueryResult<Option<(String, String)>> {
        if let Some(tie) = self.tie_id {
            let t: Option<(String, i32, i32)> = ties::table
                .find(tie)
                .select((ties::slug, ties::place_id, ties::partner_id))
                .first(conn)
                .optional()?;
            let Some((slug, a, b)) = t else {
                return Ok(None);
            };
            let names: Vec<(i32, String)> = places::table
                .filter(places::id.eq_any([a, b]))
                .select((places::id, places::name))
                .load(conn)?;
            let name = |id| {
                names
                    .iter()
                    .find(|(i, _)| *i == id)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default()
            };
            return Ok(Some((
                format!("/ties/{slug}"),
                format!("{} – {}", name(a), name(b)),
            )));
        }
        if let Some(place) = self.place_id {
            return places::table
                .find(place)
                .select((places::slug, places::name))
                .first::<(String, String)>(conn)
                .optional()
                .map(|p| p.map(|(slug, name)| (format!("/places/{slug}"), name)));
        }
        Ok(None)
    }

    /// Other pending suggestions about the same tie (possible duplicates).
    pub fn same_tie_ids(&self, all: &[Suggestion]) -> Vec<i32> {
        match self.tie_id {
            Some(t) => all
                .iter()
                .filter(|s| s.id != self.id && s.tie_id == Some(t))
                .map(|s| s.id)
                .collect(),
            None => Vec::new(),
        }
    }

    /// The document sent with a suggestion (name, bytes).
    pub fn document(conn: &mut Conn, id: i32) -> QueryResult<Option<(String, Vec<u8>)>> {
        let row: Option<(Option<String>, Option<Vec<u8>>)> = suggestions::table
            .find(id)
            .select((suggestions::document_name, suggestions::document))
            .first(conn)
            .optional()?;
        Ok(row.and_then(|(n, b)| Some((n.unwrap_or_default(), b?))))
    }
}

/// Record an editor's decision on a pending suggestion (optimistic: nothing is written when the
/// version moved on or it is no longer pending); audited. Returns whether it was written.
#[allow(clippy::too_many_arguments)]
pub fn decide(
    conn: &mut Conn,
    id: i32,
    version: i32,
    status: &str,
    reject_reason: Option<&str>,
    note: &str,
    user_id: i32,
    ip: Option<&str>,
) -> QueryResult<bool> {
    debug_assert!(STATUSES.contains(&status));
    conn.transaction(|conn| {
        let n = diesel::update(
            suggestions::table
                .filter(suggestions::id.eq(id))
                .filter(suggestions::version.eq(version))
                .filter(suggestions::status.eq("pending")),
        )
        .set((
            suggestions::status.eq(status),
            suggestions::reject_reason.eq(reject_reason),
            suggestions::decision_note.eq(note),
            suggestions::decided_by.eq(Some(user_id)),
            suggestions::decided_at.eq(Some(crate::db::now())),
            suggestions::version.eq(version + 1),
        ))
        .execute(conn)?;
        if n == 1 && status == "accepted" {
            // The tie page's credit and history change: caches keyed on the data's version see it.
            diesel::update(crate::schema::data_version::table.find(1))
                .set(
                    crate::schema::data_version::version
                        .eq(crate::schema::data_version::version + 1),
                )
                .execute(conn)?;
        }
        if n == 1 {
            forget_old_contacts(conn, crate::db::now())?;
            super::audit::record(
                conn,
                Some(user_id),
                ip,
                &format!("suggestion-{status}"),
                &format!("suggestion {id}"),
                &format!("{}{}", reject_reason.unwrap_or(""), note),
            )?;
        }
        Ok(n == 1)
    })
}

/// Delete the contact details (name, e-mail, address) of suggestions decided more than
/// `CONTACT_KEPT_DAYS` ago; how many suggestions lost theirs. Runs at start and on every decision.
pub fn forget_old_contacts(conn: &mut Conn, now: NaiveDateTime) -> QueryResult<usize> {
    let before = now - Duration::days(CONTACT_KEPT_DAYS);
    diesel::update(
        suggestions::table
            .filter(suggestions::status.ne("pending"))
            .filter(suggestions::decided_at.lt(before))
            .filter(
                suggestions::contact_name
                    .is_not_null()
                    .or(suggestions::contact_email.is_not_null())
                    .or(suggestions::ip.is_not_null()),
            ),
    )
    .set((
        suggestions::contact_name.eq(None::<String>),
        suggestions::contact_email.eq(None::<String>),
        suggestions::ip.eq(None::<String>),
    ))
    .execute(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_are_checked() {
        let now = chrono::Utc::now().naive_utc();
        let s = stamp("secret", now - Duration::seconds(10));
        assert_eq!(check_stamp("secret", &s, now), Ok(()));
        assert!(check_stamp("other", &s, now).is_err());
        let fast = stamp("secret", now);
        assert_eq!(
            check_stamp("secret", &fast, now),
            Err(Refusal::Form("suggest-error-too-fast"))
        );
        let old = stamp("secret", now - Duration::hours(25));
        assert!(check_stamp("secret", &old, now).is_err());
    }

    #[test]
    fn text_is_cleaned() {
        assert_eq!(clean_text(" a\u{202E}b\r\nc\u{0}d "), "ab\ncd");
    }
}
