//! Forgiving place search: names and alternative names matched exactly, by word prefix, or
//! within one or two typed letters (an edit distance over folded words), the same on SQLite and
//! PostgreSQL because it runs here over the few thousand names on record.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::i18n::Lang;
use crate::models::region;
use crate::schema::{place_alt_names, places, ties};
use crate::tie_query::fold;

/// How a place was found, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Match {
    /// The query is the name (or an alternative name), word for word.
    Full,
    /// The query is the name without words such as "Kota" or "Kabupaten".
    Exact,
    /// Every query word starts a word of the name.
    Prefix,
    /// Every query word starts a word of the place's kind or country (both languages).
    Label,
    /// Every query word is within one or two letters of a word of the name (the sum of them).
    Near(u8),
}

impl PlaceHit {
    /// The name shown on a page of this language.
    pub fn name_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.name_en.is_empty() => &self.name_en,
            _ => &self.name,
        }
    }
}

impl Match {
    pub fn is_near(self) -> bool {
        matches!(self, Match::Near(_))
    }
}

/// A place found by a search.
#[derive(Debug, Clone)]
pub struct PlaceHit {
    pub id: i32,
    pub slug: String,
    pub name: String,
    /// The English name where it differs ('' = the same); matched like the name.
    pub name_en: String,
    pub kind: String,
    pub country_code: String,
    /// The alternative name that matched better than the name, if one did.
    pub via_alt_name: Option<String>,
    pub how: Match,
    pub ties: i64,
}

/// Words that say what a place is rather than which one: a query need not type them.
const GENERIC: [&str; 9] = [
    "kota",
    "kabupaten",
    "provinsi",
    "administrasi",
    "city",
    "regency",
    "province",
    "prefektur",
    "prefecture",
];

fn name_words(name: &str) -> Vec<String> {
    fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Edit distance with adjacent transpositions (optimal string alignment), stopping early above `max`.
pub fn distance(a: &str, b: &str, max: usize) -> Option<usize> {
    if a.is_ascii() && b.is_ascii() {
        return osa(a.as_bytes(), b.as_bytes(), max);
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    osa(&a, &b, max)
}

/// `distance` over letters (bytes for ASCII words, which folded names nearly all are): a search
/// compares the query with every word of every name, so this allocates nothing for short words.
fn osa<T: PartialEq>(a: &[T], b: &[T], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    if a == b {
        return Some(0);
    }
    if max == 0 {
        return None;
    }
    // Three rows of the table (two back, previous, current), on the stack for words up to 31 letters.
    let width = b.len() + 1;
    let mut stack = [0usize; 96];
    let mut heap = Vec::new();
    let rows: &mut [usize] = if 3 * width <= stack.len() {
        &mut stack[..3 * width]
    } else {
        heap.resize(3 * width, 0);
        &mut heap
    };
    let (mut back, mut prev, mut cur) = (0, width, 2 * width);
    for (j, cell) in rows[prev..prev + width].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[cur] = i;
        let mut least = i;
        for j in 1..width {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[prev + j] + 1)
                .min(rows[cur + j - 1] + 1)
                .min(rows[prev + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[back + j - 2] + 1);
            }
            rows[cur + j] = d;
            least = least.min(d);
        }
        if least > max {
            return None;
        }
        (back, prev, cur) = (prev, cur, back);
    }
    let d = rows[prev + b.len()];
    (d <= max).then_some(d)
}

/// The first `n` letters of a word.
fn head(word: &str, n: usize) -> &str {
    word.char_indices()
        .nth(n)
        .map_or(word, |(at, _)| &word[..at])
}

/// How many typed letters a word of this length may get wrong.
fn allowance(word: &str) -> usize {
    match word.chars().count() {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

/// How well the query words match one name.
pub fn match_name(query: &[String], name: &str) -> Option<Match> {
    match_words(query, &name_words(name))
}

/// How well the query words match the folded words of a name.
fn match_words(query: &[String], all: &[String]) -> Option<Match> {
    if query.is_empty() {
        return None;
    }
    if query == all {
        return Some(Match::Full);
    }
    let specific = |w: &&String| !GENERIC.contains(&w.as_str());
    if query.iter().any(|w| specific(&w))
        && query
            .iter()
            .filter(specific)
            .eq(all.iter().filter(specific))
    {
        return Some(Match::Exact);
    }
    if query
        .iter()
        .all(|q| all.iter().any(|w| w.starts_with(q.as_str())))
    {
        return Some(Match::Prefix);
    }
    let mut total = 0usize;
    for q in query {
        if GENERIC.contains(&q.as_str()) && all.iter().any(|w| w == q) {
            continue;
        }
        let max = allowance(q);
        let best = all
            .iter()
            .filter_map(|w| {
                // A typo in a prefix counts too ("surabya" for "surabaya", "yogyakrta" for "yogyakarta").
                let whole = distance(q, w, max);
                let letters = q.chars().count();
                let start = if w.chars().count() > letters {
                    distance(q, head(w, letters), max.min(1))
                } else {
                    None
                };
                whole.into_iter().chain(start).min()
            })
            .min()?;
        total += best;
    }
    Some(Match::Near(total.min(255) as u8))
}

/// A place's names, folded into words once.
struct NamedPlace {
    id: i32,
    slug: String,
    name: String,
    kind: String,
    country_code: String,
    name_en: String,
    words: Vec<String>,
    words_en: Vec<String>,
    /// Alternative names and their words.
    alt: Vec<(String, Vec<String>)>,
}

/// What the folded names were made from: a fingerprint of the places (how many, the newest id,
/// the sum of their versions, the latest change) and of the alternative names (how many, the
/// newest id). Any edit of a place moves its version and any rewrite of alternative names gives
/// new ids, while writes to ties and their records leave it alone: the first search after such a
/// write folds no name. Several databases can share a process, as in the tests.
type Key = (
    i64,
    Option<i32>,
    Option<i64>,
    Option<chrono::NaiveDateTime>,
    i64,
    Option<i32>,
);

/// Every place's names, folded, as of one state of the places.
struct Names {
    key: Key,
    places: Vec<NamedPlace>,
}

/// The names of this process's last search, kept while the places are unchanged (a search then
/// folds no name: at national scale folding every name was most of its time).
static NAMES: std::sync::Mutex<Option<std::sync::Arc<Names>>> = std::sync::Mutex::new(None);

impl Names {
    fn current(conn: &mut AnyConnection) -> QueryResult<std::sync::Arc<Names>> {
        use diesel::dsl::{count_star, max, sum};
        let (n, last, versions, changed): (
            i64,
            Option<i32>,
            Option<i64>,
            Option<chrono::NaiveDateTime>,
        ) = places::table
            .select((
                count_star(),
                max(places::id),
                sum(places::version),
                max(places::updated_at),
            ))
            .first(conn)?;
        let (alt_count, alt_last): (i64, Option<i32>) = place_alt_names::table
            .select((count_star(), max(place_alt_names::id)))
            .first(conn)?;
        let key = (n, last, versions, changed, alt_count, alt_last);
        if let Some(n) = NAMES.lock().unwrap_or_else(|e| e.into_inner()).as_ref()
            && n.key == key
        {
            return Ok(n.clone());
        }
        let rows: Vec<(i32, String, String, String, String, String)> = places::table
            .select((
                places::id,
                places::slug,
                places::name,
                places::kind,
                places::country_code,
                places::name_en,
            ))
            .load(conn)?;
        let mut alt: HashMap<i32, Vec<(String, Vec<String>)>> = HashMap::new();
        for (id, name) in region::all_alt_names(conn)? {
            let words = name_words(&name);
            alt.entry(id).or_default().push((name, words));
        }
        let places = rows
            .into_iter()
            .map(|(id, slug, name, kind, country_code, name_en)| NamedPlace {
                words: name_words(&name),
                words_en: name_words(&name_en),
                alt: alt.remove(&id).unwrap_or_default(),
                id,
                slug,
                name,
                kind,
                country_code,
                name_en,
            })
            .collect();
        let names = std::sync::Arc::new(Names { key, places });
        *NAMES.lock().unwrap_or_else(|e| e.into_inner()) = Some(names.clone());
        Ok(names)
    }
}

/// Places whose name or an alternative name matches the query, best first: how well, then the
/// place with more ties (the one people look for), then the name.
pub fn find(conn: &mut AnyConnection, query: &str, limit: usize) -> QueryResult<Vec<PlaceHit>> {
    let words = super::words(query);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let names = Names::current(conn)?;
    // Kind and country labels in both languages ("jerman" finds the places in Germany).
    let mut labels: HashMap<(&str, &str), Vec<String>> = HashMap::new();
    let mut hits: Vec<PlaceHit> = names
        .places
        .iter()
        .filter_map(|p| {
            let label_words = labels
                .entry((p.kind.as_str(), p.country_code.as_str()))
                .or_insert_with(|| {
                    [Lang::Id, Lang::En]
                        .iter()
                        .flat_map(|l| {
                            [
                                l.vocab("place-kind", &p.kind),
                                l.vocab("country", &p.country_code),
                            ]
                        })
                        .flat_map(|t| name_words(&t))
                        .collect()
                });
            let by_label = words
                .iter()
                .all(|q| label_words.iter().any(|w| w.starts_with(q.as_str())))
                .then_some(Match::Label);
            // The name in either language ("moscow" finds Moskwa, shown so on Indonesian pages).
            let by_name = match_words(&words, &p.words)
                .into_iter()
                .chain(
                    (!p.name_en.is_empty())
                        .then(|| match_words(&words, &p.words_en))
                        .flatten(),
                )
                .min()
                .or(by_label);
            let by_alt = p
                .alt
                .iter()
                .filter_map(|(a, w)| match_words(&words, w).map(|m| (m, a)))
                .min();
            let (how, via_alt_name) = match (by_name, by_alt) {
                (Some(n), Some((a, alt_name))) if a < n => (a, Some(alt_name.clone())),
                (Some(n), _) => (n, None),
                (None, Some((a, alt_name))) => (a, Some(alt_name.clone())),
                (None, None) => return None,
            };
            Some(PlaceHit {
                ties: 0,
                id: p.id,
                slug: p.slug.clone(),
                name: p.name.clone(),
                name_en: p.name_en.clone(),
                kind: p.kind.clone(),
                country_code: p.country_code.clone(),
                via_alt_name,
                how,
            })
        })
        .collect();
    // Tie counts of the places found only (not a pass over every tie).
    let found: Vec<i32> = hits.iter().map(|h| h.id).collect();
    let mut counts: HashMap<i32, i64> = HashMap::new();
    macro_rules! count_by {
        ($column:expr) => {
            for chunk in found.chunks(5000) {
                let rows: Vec<(i32, i64)> = ties::table
                    .filter($column.eq_any(chunk))
                    .group_by($column)
                    .select(($column, diesel::dsl::count_star()))
                    .load(conn)?;
                for (id, n) in rows {
                    *counts.entry(id).or_default() += n;
                }
            }
        };
    }
    count_by!(ties::place_id);
    count_by!(ties::partner_id);
    for h in &mut hits {
        h.ties = counts.get(&h.id).copied().unwrap_or(0);
    }
    hits.sort_by(|a, b| {
        a.how
            .cmp(&b.how)
            .then_with(|| b.ties.cmp(&a.ties))
            .then_with(|| a.name.cmp(&b.name))
    });
    // Near matches only when nothing matches better.
    if hits.first().is_some_and(|h| !h.how.is_near()) {
        hits.retain(|h| !h.how.is_near());
    }
    hits.truncate(limit);
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Vec<String> {
        super::super::words(s)
    }

    #[test]
    fn distances() {
        assert_eq!(distance("malng", "malang", 1), Some(1));
        assert_eq!(distance("surabya", "surabaya", 2), Some(1));
        assert_eq!(distance("ab", "ba", 1), Some(1), "a swap is one letter");
        assert_eq!(distance("bandung", "jakarta", 2), None);
        assert_eq!(distance("pécs", "pecs", 1), Some(1), "letters, not bytes");
        assert_eq!(distance("malang", "malang", 0), Some(0));
        assert_eq!(distance("malang", "malanj", 0), None);
        // Longer than the rows kept on the stack.
        let long = "llanfairpwllgwyngyllgogerychwyrndrobwll";
        let typo = "llanfairpwllgwyngyllgogerychwyrndrobwl";
        assert_eq!(distance(long, typo, 2), Some(1));
        assert_eq!(head("surabaya", 4), "sura");
        assert_eq!(head("pécs", 2), "pé");
    }

    #[test]
    fn matches() {
        assert_eq!(match_name(&q("Kota Malang"), "Malang"), Some(Match::Exact));
        assert_eq!(
            match_name(&q("Kabupaten Malang"), "Kabupaten Malang"),
            Some(Match::Full)
        );
        assert_eq!(
            match_name(&q("malang"), "Kabupaten Malang"),
            Some(Match::Exact)
        );
        assert_eq!(match_name(&q("mal"), "Malang"), Some(Match::Prefix));
        assert_eq!(match_name(&q("malng"), "Malang"), Some(Match::Near(1)));
        assert_eq!(
            match_name(&q("Kitakyusyu"), "Kitakyushu"),
            Some(Match::Near(1))
        );
        assert_eq!(match_name(&q("bandung"), "Surabaya"), None);
        assert_eq!(
            match_name(&q("xyz"), "Xyw"),
            None,
            "short words must be typed right"
        );
    }
}
