//! Full-text search across places, ties, agreements, roadmaps and reports: SQLite FTS5 or
//! PostgreSQL full-text search behind one interface, over text folded for case and accents.
//! The index is kept per record by `search::index`, in the transaction of every write.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::sql_types::{Integer, Nullable, Text};

use crate::db::AnyConnection;
use crate::i18n::Lang;
use crate::schema::ties;
use crate::tie_query::fold;

pub mod index;
pub mod place_match;

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
/// records' own text: their places, fields and latest source note only (a tie's summary would
/// load its agreements and citations too, most of a search's time on PostgreSQL).
pub fn ties_for_results(
    conn: &mut AnyConnection,
    slugs: &[String],
) -> QueryResult<HashMap<String, TieLine>> {
    use crate::models::place::Place;
    use crate::schema::{reported_statuses, tie_fields};
    let found: Vec<(i32, String, i32, i32)> = ties::table
        .filter(ties::slug.eq_any(slugs))
        .select((ties::id, ties::slug, ties::place_id, ties::partner_id))
        .load(conn)?;
    let ids: Vec<i32> = found.iter().map(|t| t.0).collect();
    let mut place_ids: Vec<i32> = found.iter().flat_map(|t| [t.2, t.3]).collect();
    place_ids.sort_unstable();
    place_ids.dedup();
    let places: HashMap<i32, Place> = Place::by_ids(conn, &place_ids)?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut fields: HashMap<i32, Vec<String>> = HashMap::new();
    for (tie, field) in tie_fields::table
        .filter(tie_fields::tie_id.eq_any(&ids))
        .order((tie_fields::tie_id, tie_fields::field))
        .load::<(i32, String)>(conn)?
    {
        fields.entry(tie).or_default().push(field);
    }
    // The latest note of each tie: the last written (statuses in id order, as on its page).
    let mut notes: HashMap<i32, (String, String)> = HashMap::new();
    for (tie, note, note_id) in reported_statuses::table
        .filter(reported_statuses::tie_id.eq_any(&ids))
        .order((reported_statuses::tie_id, reported_statuses::id))
        .select((
            reported_statuses::tie_id,
            reported_statuses::note,
            reported_statuses::note_id,
        ))
        .load::<(i32, String, String)>(conn)?
    {
        notes.insert(tie, (note, note_id));
    }
    Ok(found
        .into_iter()
        .filter_map(|(id, slug, place, partner)| {
            let (note, note_id) = notes.remove(&id).unwrap_or_default();
            let line = TieLine {
                place: places.get(&place)?.clone(),
                partner: places.get(&partner)?.clone(),
                fields: fields.remove(&id).unwrap_or_default(),
                note,
                note_id,
            };
            Some((slug, line))
        })
        .collect())
}

/// Most matches a search ranks: the first this many in the index's order (places left out). A
/// word found in every report then costs what a rarer one costs, instead of ranking 100,000
/// matches to show a few; a specific query has fewer matches and is ranked whole.
pub const CANDIDATES: i64 = 1000;

/// Search the records other than places (those are found by `place_match`): the best matches
/// first, at most `per_kind` of each kind and `limit` in all, ranked among the first
/// `CANDIDATES` matches.
pub fn search(
    conn: &mut AnyConnection,
    query: &str,
    per_kind: i64,
    limit: i64,
) -> QueryResult<Vec<Hit>> {
    use diesel::sql_types::BigInt;
    let words = words(query);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    match conn {
        AnyConnection::Sqlite(c) => {
            // Words are letters and digits only, quoted; each may be a prefix. bm25 is computed
            // for the candidates only (ORDER BY rank would compute it for every match).
            let expr = words
                .iter()
                .map(|w| format!("\"{w}\"*"))
                .collect::<Vec<_>>()
                .join(" AND ");
            // (A materialised CTE: as a plain subquery under the window function, SQLite took
            // ten times longer over the same candidates.)
            diesel::sql_query(
                "WITH c AS MATERIALIZED (\
                   SELECT search_fts.rowid AS id, k.kind AS kind, bm25(search_fts) AS score \
                   FROM search_fts JOIN search_entries k ON k.id = search_fts.rowid \
                   WHERE search_fts MATCH ? AND k.kind <> 'place' LIMIT ?), \
                 r AS (SELECT id, score, row_number() OVER (PARTITION BY kind ORDER BY score, id) AS n FROM c) \
                 SELECT e.id, e.kind, e.slug, e.tie_slug, e.title, e.body FROM r JOIN search_entries e ON e.id = r.id \
                 WHERE r.n <= ? ORDER BY r.score, r.id LIMIT ?",
            )
            .bind::<Text, _>(expr)
            .bind::<BigInt, _>(CANDIDATES)
            .bind::<BigInt, _>(per_kind)
            .bind::<BigInt, _>(limit)
            .load(c)
        }
        AnyConnection::Postgresql(c) => {
            let expr = words
                .iter()
                .map(|w| format!("{w}:*"))
                .collect::<Vec<_>>()
                .join(" & ");
            // ts_rank is computed for the candidates only (the rows the LIMIT lets through).
            diesel::sql_query(
                "WITH c AS (\
                   SELECT id, kind, ts_rank(tsv, to_tsquery('simple', $1)) AS score FROM search_entries \
                   WHERE tsv @@ to_tsquery('simple', $1) AND kind <> 'place' LIMIT $2), \
                 r AS (SELECT id, score, row_number() OVER (PARTITION BY kind ORDER BY score DESC, id) AS n FROM c) \
                 SELECT e.id, e.kind, e.slug, e.tie_slug, e.title, e.body FROM r JOIN search_entries e ON e.id = r.id \
                 WHERE r.n <= $3 ORDER BY r.score DESC, r.id LIMIT $4",
            )
            .bind::<Text, _>(expr)
            .bind::<BigInt, _>(CANDIDATES)
            .bind::<BigInt, _>(per_kind)
            .bind::<BigInt, _>(limit)
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
