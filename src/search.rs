//! Full-text search across places, ties, agreements, roadmaps and reports: SQLite FTS5 or
//! PostgreSQL full-text search behind one interface, over text folded for case and accents.
//! The index is rebuilt from the published records whenever a revision shows that anything changed.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{Integer, Nullable, Text};

use crate::db::AnyConnection;
use crate::i18n::Lang;
use crate::schema::{agreements, places, reports, roadmaps, search_entries, settings, ties};
use crate::tie_query::fold;

pub mod place_match;

const INDEX_VERSION_KEY: &str = "search_indexed_at_revision";
/// Most words a query may have.
const MAX_WORDS: usize = 8;

/// A record found by a search.
#[derive(QueryableByName, Debug, Clone)]
pub struct Hit {
    #[diesel(sql_type = Integer)]
    pub id: i32,
    /// place, tie, agreement, roadmap or report.
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Text)]
    pub slug: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub tie_slug: Option<String>,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Text)]
    pub body: String,
}

/// The searchable words of a query: folded, letters and digits only.
pub fn words(query: &str) -> Vec<String> {
    fold(query)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .map(str::to_string)
        .collect()
}

/// Text with every word that starts with a query word wrapped in `<mark>`, HTML-escaped.
pub fn highlight(text: &str, words: &[String]) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        if token.is_empty() {
            return;
        }
        let f = fold(token);
        let hit = words.iter().any(|w| f.starts_with(w.as_str()));
        let escaped = crate::drawings::esc(token);
        if hit {
            out.push_str("<mark>");
            out.push_str(&escaped);
            out.push_str("</mark>");
        } else {
            out.push_str(&escaped);
        }
        token.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            token.push(c);
        } else {
            flush(&mut token, &mut out);
            out.push_str(&crate::drawings::esc(&c.to_string()));
        }
    }
    flush(&mut token, &mut out);
    out
}

/// A window of about `len` characters around the first matching word.
pub fn snippet(text: &str, words: &[String], len: usize) -> String {
    let folded: Vec<char> = fold(text).chars().collect();
    let chars: Vec<char> = text.chars().collect();
    let first = words
        .iter()
        .filter_map(|w| folded.iter().collect::<String>().find(w.as_str()))
        .min()
        .map(|byte| folded.iter().collect::<String>()[..byte].chars().count())
        .unwrap_or(0);
    let start = first.saturating_sub(len / 3);
    let end = (start + len).min(chars.len());
    let mut s: String = chars[start.min(chars.len())..end].iter().collect();
    if start > 0 {
        s = format!("…{s}");
    }
    if end < chars.len() {
        s.push('…');
    }
    s
}

/// The data's version (see `models::revision::data_version`): any change makes it grow.
fn current_version(conn: &mut AnyConnection) -> QueryResult<String> {
    crate::models::revision::data_version(conn).map(|v| v.to_string())
}

/// The revision the index was built at, if any.
fn built_at(conn: &mut AnyConnection) -> QueryResult<Option<String>> {
    settings::table
        .filter(settings::key.eq(INDEX_VERSION_KEY))
        .select(settings::value)
        .first(conn)
        .optional()
}

/// Rebuilds of this process, one at a time (the others wait here, then find the index fresh).
static REBUILDING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Rebuild the index when any record changed since it was built. Concurrent searches after a
/// change (in this process or in others on the same database) must not rebuild at the same time:
/// on PostgreSQL the second failed on the settings key, on SQLite with "database is locked". So
/// rebuilds queue: on a mutex in the process, then on a transaction-level advisory lock
/// (PostgreSQL) or the write lock taken by the transaction's first statement (SQLite); whoever
/// waited checks the data version again and usually has nothing left to do.
pub fn ensure_fresh(conn: &mut AnyConnection) -> QueryResult<()> {
    if built_at(conn)? == Some(current_version(conn)?) {
        return Ok(());
    }
    let _one_at_a_time = REBUILDING.lock().unwrap_or_else(|e| e.into_inner());
    conn.transaction(|conn| {
        if let AnyConnection::Postgresql(c) = conn {
            c.batch_execute("SELECT pg_advisory_xact_lock(7061746175001)")?;
        } else {
            // A write first: SQLite takes its write lock now, waiting for it (busy_timeout),
            // instead of failing when the transaction later upgrades from reading.
            diesel::update(settings::table.filter(settings::key.eq(INDEX_VERSION_KEY)))
                .set(settings::value.eq(settings::value))
                .execute(conn)?;
        }
        let now = current_version(conn)?;
        if built_at(conn)?.as_deref() == Some(now.as_str()) {
            return Ok(());
        }
        rebuild(conn)?;
        diesel::delete(settings::table.filter(settings::key.eq(INDEX_VERSION_KEY)))
            .execute(conn)?;
        diesel::insert_into(settings::table)
            .values((
                settings::key.eq(INDEX_VERSION_KEY),
                settings::value.eq(&now),
                settings::updated_at.eq(crate::db::now()),
            ))
            .execute(conn)?;
        Ok(())
    })
}

struct Entry {
    kind: &'static str,
    slug: String,
    tie_slug: Option<String>,
    /// Shown: names and text from the records, in no particular interface language.
    title: String,
    body: String,
    /// Searched but not shown: the vocabulary labels in both languages, the places' English
    /// names (an Indonesian page shows "Moskwa" for a search for "moscow") and the Indonesian
    /// texts of source notes.
    labels: String,
}

/// Markdown as plain text: the words without their syntax (for result lines).
pub fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn rebuild(conn: &mut AnyConnection) -> QueryResult<()> {
    let mut entries: Vec<Entry> = Vec::new();
    let all_places: Vec<(i32, String, String, String, String, String)> = places::table
        .select((
            places::id,
            places::slug,
            places::name,
            places::kind,
            places::country_code,
            places::name_en,
        ))
        .load(conn)?;
    let name_of = |id: i32| {
        all_places
            .iter()
            .find(|p| p.0 == id)
            .map(|p| p.2.clone())
            .unwrap_or_default()
    };
    for (_, slug, name, kind, country, name_en) in &all_places {
        let mut parts = vec![
            Lang::Id.vocab("country", country),
            Lang::En.vocab("country", country),
            Lang::Id.vocab("place-kind", kind),
            Lang::En.vocab("place-kind", kind),
        ];
        parts.dedup();
        entries.push(Entry {
            kind: "place",
            slug: slug.clone(),
            tie_slug: None,
            title: name.clone(),
            body: String::new(),
            labels: format!("{} {name_en}", parts.join(" ")),
        });
    }
    let all_ties: Vec<(i32, String, i32, i32)> = ties::table
        .select((ties::id, ties::slug, ties::place_id, ties::partner_id))
        .load(conn)?;
    let ids: Vec<i32> = all_ties.iter().map(|t| t.0).collect();
    let every_tie = crate::models::tie::Tie::all(conn)?;
    let summaries = crate::models::tie::Tie::summaries(conn, every_tie)?;
    for s in &summaries {
        let mut labels: Vec<String> = s
            .fields
            .iter()
            .flat_map(|f| [Lang::Id.vocab("field", f), Lang::En.vocab("field", f)])
            .collect();
        labels.push(s.place.name_en.clone());
        labels.push(s.partner.name_en.clone());
        labels.extend(s.reported.iter().map(|r| r.status.note_id.clone()));
        let body: Vec<String> = s.reported.iter().map(|r| r.status.note.clone()).collect();
        entries.push(Entry {
            kind: "tie",
            slug: s.tie.slug.clone(),
            tie_slug: Some(s.tie.slug.clone()),
            title: format!("{} – {}", s.place.name, s.partner.name),
            body: body.join(" · "),
            labels: labels.join(" "),
        });
    }
    let tie_of = |id: i32| all_ties.iter().find(|t| t.0 == id);
    let title_of_tie = |id: i32| {
        tie_of(id)
            .map(|t| format!("{} – {}", name_of(t.2), name_of(t.3)))
            .unwrap_or_default()
    };
    let slug_of_tie = |id: i32| tie_of(id).map(|t| t.1.clone()).unwrap_or_default();
    let agreements: Vec<(i32, i32, String, String, String, String)> = agreements::table
        .filter(agreements::published_at.is_not_null())
        .filter(agreements::tie_id.eq_any(&ids))
        .select((
            agreements::id,
            agreements::tie_id,
            agreements::kind,
            agreements::title,
            agreements::signatories,
            agreements::note,
        ))
        .load(conn)?;
    for (id, tie, kind, title, signatories, note) in agreements {
        let labels = [
            Lang::Id.vocab("agreement-kind", &kind),
            Lang::En.vocab("agreement-kind", &kind),
            Lang::Id.vocab("agreement-kind-short", &kind),
            Lang::En.vocab("agreement-kind-short", &kind),
        ]
        .join(" ");
        let body: Vec<String> = [title, signatories, plain_text(&note)]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        entries.push(Entry {
            kind: "agreement",
            slug: id.to_string(),
            tie_slug: Some(slug_of_tie(tie)),
            title: title_of_tie(tie),
            body: body.join(" · "),
            labels,
        });
    }
    let maps: Vec<(i32, i32, String, String)> = roadmaps::table
        .filter(roadmaps::published_at.is_not_null())
        .select((
            roadmaps::id,
            roadmaps::tie_id,
            roadmaps::title,
            roadmaps::body_md,
        ))
        .load(conn)?;
    for (id, tie, title, body) in maps {
        entries.push(Entry {
            kind: "roadmap",
            slug: id.to_string(),
            tie_slug: Some(slug_of_tie(tie)),
            title: format!("{title} — {}", title_of_tie(tie)),
            body: plain_text(&body),
            labels: String::new(),
        });
    }
    let reps: Vec<(i32, i32, String, String, String)> = reports::table
        .filter(reports::published_at.is_not_null())
        .select((
            reports::id,
            reports::tie_id,
            reports::title,
            reports::author_name,
            reports::body_md,
        ))
        .load(conn)?;
    for (id, tie, title, author, body) in reps {
        entries.push(Entry {
            kind: "report",
            slug: id.to_string(),
            tie_slug: Some(slug_of_tie(tie)),
            title: format!("{title} — {}", title_of_tie(tie)),
            body: format!("{author} · {}", plain_text(&body)),
            labels: String::new(),
        });
    }

    diesel::delete(search_entries::table).execute(conn)?;
    for e in &entries {
        let folded = fold(&format!("{} {} {}", e.title, e.body, e.labels));
        diesel::insert_into(search_entries::table)
            .values((
                search_entries::kind.eq(e.kind),
                search_entries::slug.eq(&e.slug),
                search_entries::tie_slug.eq(&e.tie_slug),
                search_entries::title.eq(&e.title),
                search_entries::body.eq(&e.body),
                search_entries::folded.eq(folded),
            ))
            .execute(conn)?;
    }
    if let AnyConnection::Sqlite(c) = conn {
        c.batch_execute("INSERT INTO search_fts(search_fts) VALUES('rebuild')")?;
    }
    Ok(())
}

/// What a result line needs about a tie, in either language: its two places, its fields of
/// cooperation and the latest note a source gave (the source's words and the Indonesian text).
pub struct TieLine {
    pub place: crate::models::place::Place,
    pub partner: crate::models::place::Place,
    pub fields: Vec<String>,
    pub note: String,
    pub note_id: String,
}

impl TieLine {
    /// "Place – Partner" in a language.
    pub fn title(&self, lang: Lang) -> String {
        format!(
            "{} – {}",
            self.place.name_in(lang),
            self.partner.name_in(lang)
        )
    }
}

/// Some ties by slug, for result lines written in the page's language rather than from the
/// records' own text.
pub fn ties_for_results(
    conn: &mut AnyConnection,
    slugs: &[String],
) -> QueryResult<std::collections::HashMap<String, TieLine>> {
    use crate::models::tie::Tie;
    let found: Vec<Tie> = ties::table.filter(ties::slug.eq_any(slugs)).load(conn)?;
    Ok(Tie::summaries(conn, found)?
        .into_iter()
        .map(|s| {
            let latest = s.reported.last().map(|r| &r.status);
            let line = TieLine {
                note: latest.map(|r| r.note.clone()).unwrap_or_default(),
                note_id: latest.map(|r| r.note_id.clone()).unwrap_or_default(),
                place: s.place,
                partner: s.partner,
                fields: s.fields,
            };
            (s.tie.slug, line)
        })
        .collect())
}

/// Search; returns the best matches first (at most `limit`).
pub fn search(conn: &mut AnyConnection, query: &str, limit: i64) -> QueryResult<Vec<Hit>> {
    let words = words(query);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    ensure_fresh(conn)?;
    match conn {
        AnyConnection::Sqlite(c) => {
            // Words are letters and digits only, quoted; each may be a prefix.
            let expr = words
                .iter()
                .map(|w| format!("\"{w}\"*"))
                .collect::<Vec<_>>()
                .join(" AND ");
            diesel::sql_query(
                "SELECT e.id, e.kind, e.slug, e.tie_slug, e.title, e.body FROM search_fts JOIN search_entries e ON e.id = search_fts.rowid WHERE search_fts MATCH ? ORDER BY rank LIMIT ?",
            )
            .bind::<Text, _>(expr)
            .bind::<diesel::sql_types::BigInt, _>(limit)
            .load(c)
        }
        AnyConnection::Postgresql(c) => {
            let expr = words
                .iter()
                .map(|w| format!("{w}:*"))
                .collect::<Vec<_>>()
                .join(" & ");
            diesel::sql_query(
                "SELECT id, kind, slug, tie_slug, title, body FROM search_entries WHERE tsv @@ to_tsquery('simple', $1) ORDER BY ts_rank(tsv, to_tsquery('simple', $1)) DESC, id LIMIT $2",
            )
            .bind::<Text, _>(expr)
            .bind::<diesel::sql_types::BigInt, _>(limit)
            .load(c)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_safe() {
        assert_eq!(words("Pécs \"OR\" 1=1; --"), vec!["pecs", "or", "1", "1"]);
        assert!(words("  ** ").is_empty());
    }

    #[test]
    fn plain_text_drops_markdown() {
        assert_eq!(
            plain_text("**baik**\n## Hasil\n- *satu* [dua](http://x)\n> `tiga`"),
            "baik Hasil satu dua tiga"
        );
    }

    #[test]
    fn highlight_escapes_and_marks() {
        let w = words("pecs");
        assert_eq!(
            highlight("Malang – Pécs <b>", &w),
            "Malang – <mark>Pécs</mark> &lt;b&gt;"
        );
        assert_eq!(
            highlight("<script>alert(1)</script>", &words("script")),
            "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;"
        );
    }
}
