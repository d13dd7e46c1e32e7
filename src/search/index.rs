//! The search index kept up to date per record: a write rewrites the entries of the records it
//! touched (a place, a tie and what hangs on it, one agreement, roadmap or report) in its own
//! transaction, called from `NewRevision::insert`; a full rebuild (`pantau reindex`, an import,
//! `pantau generate`, the first start after a migration) stays available and is linear in the data.

use std::cell::Cell;
use std::collections::HashMap;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::i18n::Lang;
use crate::models::tie::{Tie, TieSummary};
use crate::schema::{agreements, places, reports, roadmaps, search_entries, settings, ties};
use crate::tie_query::fold;

/// Set (to the time of the rebuild) once the whole index was built; a migration that changes
/// what the index holds deletes it, and the next start rebuilds before serving.
pub const BUILT_KEY: &str = "search_index_built";

/// Rows per multi-row INSERT (9 values a row, well under both databases' limits).
const CHUNK: usize = 500;

thread_local! {
    /// Depth of `without_updates` on this thread: revisions written inside it leave the index alone.
    static BULK: Cell<u32> = const { Cell::new(0) };
}

/// One searchable record.
struct Entry {
    kind: &'static str,
    /// The id of the place, tie, agreement, roadmap or report.
    record_id: i32,
    /// The tie the record belongs to (a tie's own entry too); none for places.
    tie_id: Option<i32>,
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

/// Vocabulary labels in both languages, looked up once per tag (a rebuild meets the same few
/// tags thousands of times).
#[derive(Default)]
struct Labels(HashMap<(&'static str, String), String>);

impl Labels {
    /// "Indonesian English" label of a tag, or the label once when both say the same.
    fn both(&mut self, prefix: &'static str, tag: &str) -> &str {
        self.0.entry((prefix, tag.to_string())).or_insert_with(|| {
            let (id, en) = (Lang::Id.vocab(prefix, tag), Lang::En.vocab(prefix, tag));
            if id == en { id } else { format!("{id} {en}") }
        })
    }
}

/// What the entries of a place need.
type PlaceRow = (i32, String, String, String, String, String);
/// A tie's id, slug, place and partner.
type TieRow = (i32, String, i32, i32);

fn place_entry(labels: &mut Labels, (id, slug, name, kind, country, name_en): PlaceRow) -> Entry {
    let parts = [
        labels.both("country", &country).to_string(),
        labels.both("place-kind", &kind).to_string(),
    ];
    Entry {
        kind: "place",
        record_id: id,
        tie_id: None,
        slug,
        tie_slug: None,
        title: name,
        body: String::new(),
        labels: format!("{} {name_en}", parts.join(" ")),
    }
}

fn tie_entry(vocab: &mut Labels, s: &TieSummary) -> Entry {
    let mut labels: Vec<String> = s
        .fields
        .iter()
        .map(|f| vocab.both("field", f).to_string())
        .collect();
    labels.push(s.place.name_en.clone());
    labels.push(s.partner.name_en.clone());
    labels.extend(s.reported.iter().map(|r| r.status.note_id.clone()));
    let body: Vec<String> = s.reported.iter().map(|r| r.status.note.clone()).collect();
    Entry {
        kind: "tie",
        record_id: s.tie.id,
        tie_id: Some(s.tie.id),
        slug: s.tie.slug.clone(),
        tie_slug: Some(s.tie.slug.clone()),
        title: format!("{} – {}", s.place.name, s.partner.name),
        body: body.join(" · "),
        labels: labels.join(" "),
    }
}

/// The slug and "Place – Partner" of the ties that records hang on.
struct TieTitles(HashMap<i32, (String, String)>);

impl TieTitles {
    /// For these ties (None: every tie), in two queries.
    fn load(conn: &mut AnyConnection, ids: Option<&[i32]>) -> QueryResult<TieTitles> {
        let mut q = ties::table
            .select((ties::id, ties::slug, ties::place_id, ties::partner_id))
            .into_boxed();
        if let Some(ids) = ids {
            q = q.filter(ties::id.eq_any(ids.to_vec()));
        }
        let rows: Vec<TieRow> = q.load(conn)?;
        let mut names = places::table
            .select((places::id, places::name))
            .into_boxed();
        if ids.is_some() {
            let wanted: Vec<i32> = rows.iter().flat_map(|t| [t.2, t.3]).collect();
            names = names.filter(places::id.eq_any(wanted));
        }
        let names: HashMap<i32, String> = names.load::<(i32, String)>(conn)?.into_iter().collect();
        let name = |id: i32| names.get(&id).cloned().unwrap_or_default();
        Ok(TieTitles(
            rows.into_iter()
                .map(|(id, slug, a, b)| (id, (slug, format!("{} – {}", name(a), name(b)))))
                .collect(),
        ))
    }

    fn slug(&self, tie: i32) -> Option<String> {
        self.0.get(&tie).map(|t| t.0.clone())
    }

    fn title(&self, tie: i32) -> String {
        self.0.get(&tie).map(|t| t.1.clone()).unwrap_or_default()
    }
}

/// Which records of a kind to (re)build: all, those of some ties, or one.
#[derive(Clone, Copy)]
enum Scope<'a> {
    All,
    Ties(&'a [i32]),
    One(i32),
}

fn agreement_entries(
    conn: &mut AnyConnection,
    scope: Scope,
    titles: &TieTitles,
    vocab: &mut Labels,
) -> QueryResult<Vec<Entry>> {
    let mut q = agreements::table
        .filter(agreements::published_at.is_not_null())
        .select((
            agreements::id,
            agreements::tie_id,
            agreements::kind,
            agreements::title,
            agreements::signatories,
            agreements::note,
        ))
        .into_boxed();
    match scope {
        Scope::All => {}
        Scope::Ties(ids) => q = q.filter(agreements::tie_id.eq_any(ids.to_vec())),
        Scope::One(id) => q = q.filter(agreements::id.eq(id)),
    }
    let rows: Vec<(i32, i32, String, String, String, String)> = q.load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, tie, kind, title, signatories, note)| {
            let long = vocab.both("agreement-kind", &kind).to_string();
            let labels = format!("{long} {}", vocab.both("agreement-kind-short", &kind));
            let body: Vec<String> = [title, signatories, super::plain_text(&note)]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            Entry {
                kind: "agreement",
                record_id: id,
                tie_id: Some(tie),
                slug: id.to_string(),
                tie_slug: Some(titles.slug(tie).unwrap_or_default()),
                title: titles.title(tie),
                body: body.join(" · "),
                labels,
            }
        })
        .collect())
}

fn roadmap_entries(
    conn: &mut AnyConnection,
    scope: Scope,
    titles: &TieTitles,
) -> QueryResult<Vec<Entry>> {
    let mut q = roadmaps::table
        .filter(roadmaps::published_at.is_not_null())
        .select((
            roadmaps::id,
            roadmaps::tie_id,
            roadmaps::title,
            roadmaps::body_md,
        ))
        .into_boxed();
    match scope {
        Scope::All => {}
        Scope::Ties(ids) => q = q.filter(roadmaps::tie_id.eq_any(ids.to_vec())),
        Scope::One(id) => q = q.filter(roadmaps::id.eq(id)),
    }
    let rows: Vec<(i32, i32, String, String)> = q.load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, tie, title, body)| Entry {
            kind: "roadmap",
            record_id: id,
            tie_id: Some(tie),
            slug: id.to_string(),
            tie_slug: Some(titles.slug(tie).unwrap_or_default()),
            title: format!("{title} — {}", titles.title(tie)),
            body: super::plain_text(&body),
            labels: String::new(),
        })
        .collect())
}

fn report_entries(
    conn: &mut AnyConnection,
    scope: Scope,
    titles: &TieTitles,
) -> QueryResult<Vec<Entry>> {
    let mut q = reports::table
        .filter(reports::published_at.is_not_null())
        .select((
            reports::id,
            reports::tie_id,
            reports::title,
            reports::author_name,
            reports::body_md,
        ))
        .into_boxed();
    match scope {
        Scope::All => {}
        Scope::Ties(ids) => q = q.filter(reports::tie_id.eq_any(ids.to_vec())),
        Scope::One(id) => q = q.filter(reports::id.eq(id)),
    }
    let rows: Vec<(i32, i32, String, String, String)> = q.load(conn)?;
    let bodies = crate::parallel::map(&rows, |r| super::plain_text(&r.4));
    Ok(rows
        .into_iter()
        .zip(bodies)
        .map(|((id, tie, title, author, _), body)| Entry {
            kind: "report",
            record_id: id,
            tie_id: Some(tie),
            slug: id.to_string(),
            tie_slug: Some(titles.slug(tie).unwrap_or_default()),
            title: format!("{title} — {}", titles.title(tie)),
            body: format!("{author} · {body}"),
            labels: String::new(),
        })
        .collect())
}

/// The entries of these ties (None: every tie) and of everything published on them.
fn tie_family(conn: &mut AnyConnection, ids: Option<&[i32]>) -> QueryResult<Vec<Entry>> {
    let found: Vec<Tie> = match ids {
        None => Tie::all(conn)?,
        Some(ids) => ties::table
            .filter(ties::id.eq_any(ids.to_vec()))
            .load(conn)?,
    };
    let mut vocab = Labels::default();
    let mut entries: Vec<Entry> = Tie::summaries(conn, found)?
        .iter()
        .map(|s| tie_entry(&mut vocab, s))
        .collect();
    let titles = TieTitles::load(conn, ids)?;
    let scope = ids.map_or(Scope::All, Scope::Ties);
    entries.extend(agreement_entries(conn, scope, &titles, &mut vocab)?);
    entries.extend(roadmap_entries(conn, scope, &titles)?);
    entries.extend(report_entries(conn, scope, &titles)?);
    Ok(entries)
}

fn place_rows(conn: &mut AnyConnection, id: Option<i32>) -> QueryResult<Vec<PlaceRow>> {
    let mut q = places::table
        .select((
            places::id,
            places::slug,
            places::name,
            places::kind,
            places::country_code,
            places::name_en,
        ))
        .into_boxed();
    if let Some(id) = id {
        q = q.filter(places::id.eq(id));
    }
    q.load(conn)
}

/// Write entries, many rows per statement (SQLite's triggers keep its FTS5 table in step; on
/// PostgreSQL a `COPY`, which fills the generated `tsv` column too).
fn insert(conn: &mut AnyConnection, entries: &[Entry]) -> QueryResult<()> {
    // The folded text (the costly part) on every core, a few statements' worth at a time.
    for part in entries.chunks(CHUNK * 8) {
        let folded = crate::parallel::map(part, |e| {
            fold(&format!("{} {} {}", e.title, e.body, e.labels))
        });
        for (chunk, folded) in part.chunks(CHUNK).zip(folded.chunks(CHUNK)) {
            let rows: Vec<_> = chunk
                .iter()
                .zip(folded)
                .map(|(e, folded)| {
                    (
                        search_entries::kind.eq(e.kind),
                        search_entries::record_id.eq(e.record_id),
                        search_entries::tie_id.eq(e.tie_id),
                        search_entries::slug.eq(&e.slug),
                        search_entries::tie_slug.eq(&e.tie_slug),
                        search_entries::title.eq(&e.title),
                        search_entries::body.eq(&e.body),
                        search_entries::folded.eq(folded),
                    )
                })
                .collect();
            match conn {
                AnyConnection::Sqlite(c) => diesel::insert_into(search_entries::table)
                    .values(rows)
                    .execute(c)?,
                // COPY: no statement of thousands of bound values to parse and plan.
                AnyConnection::Postgresql(c) => diesel::copy_from(search_entries::table)
                    .from_insertable(rows)
                    .execute(c)?,
            };
        }
    }
    Ok(())
}

/// Rewrite the entries of these ties and of their agreements, roadmaps and reports.
fn reindex_ties(conn: &mut AnyConnection, ids: &[i32]) -> QueryResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    diesel::delete(search_entries::table.filter(search_entries::tie_id.eq_any(ids.to_vec())))
        .execute(conn)?;
    let entries = tie_family(conn, Some(ids))?;
    insert(conn, &entries)
}

/// Rewrite a place's entry, and the entries of its ties (their titles carry its name).
fn reindex_place(conn: &mut AnyConnection, id: i32) -> QueryResult<()> {
    diesel::delete(
        search_entries::table
            .filter(search_entries::kind.eq("place"))
            .filter(search_entries::record_id.eq(id)),
    )
    .execute(conn)?;
    let mut labels = Labels::default();
    let entries: Vec<Entry> = place_rows(conn, Some(id))?
        .into_iter()
        .map(|p| place_entry(&mut labels, p))
        .collect();
    insert(conn, &entries)?;
    let ties: Vec<i32> = ties::table
        .filter(ties::place_id.eq(id).or(ties::partner_id.eq(id)))
        .select(ties::id)
        .load(conn)?;
    reindex_ties(conn, &ties)
}

/// Rewrite the entry of one agreement, roadmap or report (gone when it is not published).
fn reindex_one(conn: &mut AnyConnection, kind: &'static str, id: i32) -> QueryResult<()> {
    diesel::delete(
        search_entries::table
            .filter(search_entries::kind.eq(kind))
            .filter(search_entries::record_id.eq(id)),
    )
    .execute(conn)?;
    let tie: Option<i32> = match kind {
        "agreement" => agreements::table
            .find(id)
            .select(agreements::tie_id)
            .first(conn)
            .optional()?,
        "roadmap" => roadmaps::table
            .find(id)
            .select(roadmaps::tie_id)
            .first(conn)
            .optional()?,
        _ => reports::table
            .find(id)
            .select(reports::tie_id)
            .first(conn)
            .optional()?,
    };
    let Some(tie) = tie else { return Ok(()) };
    let titles = TieTitles::load(conn, Some(&[tie]))?;
    let entries = match kind {
        "agreement" => agreement_entries(conn, Scope::One(id), &titles, &mut Labels::default())?,
        "roadmap" => roadmap_entries(conn, Scope::One(id), &titles)?,
        _ => report_entries(conn, Scope::One(id), &titles)?,
    };
    insert(conn, &entries)
}

/// Record kinds that have no search entry of their own and change none.
const NOT_SEARCHED: [&str; 4] = ["procedure_step", "milestone", "activity", "user"];

/// Bring the index up to date after a change to one record, in the caller's transaction: called
/// by `NewRevision::insert` once the record is written (every write records a revision). On
/// PostgreSQL the caller holds the `data_version` row, so concurrent writes do this one at a time.
pub fn record_changed(
    conn: &mut AnyConnection,
    subject_kind: &str,
    subject_id: i32,
    tie_id: Option<i32>,
) -> QueryResult<()> {
    if BULK.with(Cell::get) > 0 || NOT_SEARCHED.contains(&subject_kind) {
        return Ok(());
    }
    match subject_kind {
        "place" => reindex_place(conn, subject_id),
        "agreement" => reindex_one(conn, "agreement", subject_id),
        "roadmap" => reindex_one(conn, "roadmap", subject_id),
        "report" => reindex_one(conn, "report", subject_id),
        // The tie itself, its reported statuses and notes, and any kind added later.
        _ => match tie_id {
            Some(tie) => reindex_ties(conn, &[tie]),
            None => Ok(()),
        },
    }
}

/// Run a bulk write (an import) without per-record updates; the caller then rebuilds the whole
/// index once, in the same transaction, if anything changed.
pub fn without_updates<T, E>(
    conn: &mut AnyConnection,
    write: impl FnOnce(&mut AnyConnection) -> Result<T, E>,
) -> Result<T, E> {
    struct Depth;
    impl Drop for Depth {
        fn drop(&mut self) {
            BULK.with(|b| b.set(b.get().saturating_sub(1)));
        }
    }
    BULK.with(|b| b.set(b.get() + 1));
    let _depth = Depth;
    write(conn)
}

/// Rebuild the whole index from the records (in the caller's transaction, if any): a few
/// queries over whole tables and hash lookups, so linear in the data. Returns the entries written.
pub fn rebuild(conn: &mut AnyConnection) -> QueryResult<usize> {
    let mut labels = Labels::default();
    let mut entries: Vec<Entry> = place_rows(conn, None)?
        .into_iter()
        .map(|p| place_entry(&mut labels, p))
        .collect();
    entries.extend(tie_family(conn, None)?);
    diesel::delete(search_entries::table).execute(conn)?;
    if let AnyConnection::Sqlite(c) = conn {
        c.batch_execute("INSERT INTO search_fts(search_fts) VALUES('delete-all')")?;
    }
    insert(conn, &entries)?;
    let now = crate::db::now();
    diesel::delete(settings::table.filter(settings::key.eq(BUILT_KEY))).execute(conn)?;
    diesel::insert_into(settings::table)
        .values((
            settings::key.eq(BUILT_KEY),
            settings::value.eq(now.to_string()),
            settings::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(entries.len())
}

/// `rebuild` for a bulk load with no server running (`pantau generate`): on PostgreSQL the
/// full-text index is dropped and made again after the rows are in, much faster than growing
/// it row by row (but it locks the table against searches meanwhile).
pub fn rebuild_offline(conn: &mut AnyConnection) -> QueryResult<usize> {
    if let AnyConnection::Postgresql(c) = conn {
        c.batch_execute("DROP INDEX IF EXISTS search_entries_tsv_idx")?;
        let n = rebuild(conn)?;
        conn.batch_execute(
            "CREATE INDEX search_entries_tsv_idx ON search_entries USING GIN (tsv)",
        )?;
        return Ok(n);
    }
    rebuild(conn)
}

/// `pantau reindex`: the whole rebuild in a transaction of its own (searches meanwhile see the
/// old index; on SQLite other writes wait for it).
pub fn reindex(conn: &mut AnyConnection) -> QueryResult<usize> {
    conn.transaction(rebuild)
}

/// Build the index when it was never built on this database (a new database without the
/// starter data, or the first start after a migration that emptied it). Run at start, before
/// any request: no request waits for a rebuild. Returns the entries written, if it built.
pub fn ensure_built(conn: &mut AnyConnection) -> QueryResult<Option<usize>> {
    let built = |conn: &mut AnyConnection| -> QueryResult<bool> {
        Ok(settings::table
            .filter(settings::key.eq(BUILT_KEY))
            .select(settings::key)
            .first::<String>(conn)
            .optional()?
            .is_some())
    };
    if built(conn)? {
        return Ok(None);
    }
    conn.transaction(|conn| {
        if built(conn)? {
            return Ok(None);
        }
        rebuild(conn).map(Some)
    })
}
