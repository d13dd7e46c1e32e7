//! Sources: the bibliographic entries behind imported facts, and the citations linking them to rows.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::Conn;
use crate::schema::{citations, sources};

#[derive(Queryable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = sources)]
pub struct Source {
    pub id: i32,
    /// A stable key: the source document's name or the web page's URL. Never shown to visitors.
    #[serde(skip)]
    pub key: String,
    /// `document` (a study or article) or `web` (a web page).
    pub kind: String,
    pub author: String,
    pub year: String,
    pub title: String,
    pub publisher: String,
    pub url: Option<String>,
    #[serde(skip)]
    pub created_at: NaiveDateTime,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = sources)]
pub struct NewSource<'a> {
    pub key: &'a str,
    pub kind: &'a str,
    pub author: &'a str,
    pub year: &'a str,
    pub title: &'a str,
    pub publisher: &'a str,
    pub url: Option<&'a str>,
    pub created_at: NaiveDateTime,
}

#[derive(Insertable, Debug)]
#[diesel(table_name = citations)]
pub struct NewCitation<'a> {
    pub source_id: i32,
    pub subject_kind: &'a str,
    pub subject_id: i32,
    pub detail: &'a str,
    pub position: i32,
}

/// A source as cited by one row, with what the row takes from it (e.g. the study it cites).
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    pub source: Source,
    pub detail: String,
}

/// A bibliographic entry of a bundled source document (see `data/README` in shared/).
pub struct Document {
    pub key: &'static str,
    pub author: &'static str,
    pub year: &'static str,
    pub title: &'static str,
    pub publisher: &'static str,
}

/// The five Indonesian source documents, by the bibliography of the starter data's README.
/// Untitled pieces carry a bracketed description instead of a title.
pub const DOCUMENTS: [Document; 5] = [
    Document {
        key: "000_374140d9153e3433.txt",
        author: "",
        year: "",
        title: "[Artikel opini tentang kerja sama ibu kota kembar IKN–Astana]",
        publisher: "siaran-berita.com",
    },
    Document {
        key: "001_4ee08b1b65f87de6.txt",
        author: "Bavana, M. A.",
        year: "",
        title: "[Artikel opini tentang sister city Surabaya, Bandung dan Malang]",
        publisher: "Universitas Muhammadiyah Malang",
    },
    Document {
        key: "002_c8e1836a946e3ab8.txt",
        author: "Safitri, N., Syafira, S. P., & Kurniawati, D. E.",
        year: "c. 2022",
        title: "Analisa Faktor Penyebab Kegagalan Sister Cities di Indonesia",
        publisher: "Universitas Muhammadiyah Malang",
    },
    Document {
        key: "003_c6837e4e0430d76c.txt",
        author: "Chandra, M. P.",
        year: "",
        title: "Efektivitas Sister City dalam Perspektif Keamanan Non-Tradisional",
        publisher: "International Women University, Bandung",
    },
    Document {
        key: "004_e4815fb195c80fa2.txt",
        author: "",
        year: "",
        title: "[Artikel umum tentang sister city di Indonesia]",
        publisher: "",
    },
];

impl Source {
    /// The year a dated source was published ("c. 2022" is 2022); `None` for an undated one.
    pub fn year_number(&self) -> Option<i32> {
        let digits: String = self
            .year
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(|c| c.is_ascii_digit())
            .collect();
        (digits.len() == 4).then(|| digits.parse().ok()).flatten()
    }

    /// A short reference with English citation words: "Safitri et al. (c. 2022)", or the web
    /// site (see `cite_words` for another language).
    pub fn short_label(&self) -> String {
        if self.is_web() || self.author.is_empty() {
            let who = if self.is_web() {
                self.site()
            } else {
                self.publisher.clone()
            };
            return if self.year.is_empty() {
                who
            } else {
                format!("{who} ({})", self.year)
            };
        }
        let parts: Vec<&str> = self.author.split(", ").collect();
        let who = if self.author.contains('&') || parts.len() > 2 {
            format!("{} et al.", parts[0])
        } else {
            parts[0].to_string()
        };
        if self.year.is_empty() {
            who
        } else {
            format!("{who} ({})", self.year)
        }
    }

    /// The site a web source is on (`www.` dropped), for a readable citation.
    pub fn site(&self) -> String {
        let url = self.url.as_deref().unwrap_or("");
        let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
        let host = rest.split('/').next().unwrap_or(rest);
        host.trim_start_matches("www.").to_string()
    }

    pub fn is_web(&self) -> bool {
        self.kind == "web"
    }

    pub fn by_key(conn: &mut Conn, key: &str) -> QueryResult<Option<Source>> {
        sources::table
            .filter(sources::key.eq(key))
            .first(conn)
            .optional()
    }

    /// Every source, documents first, with how many rows cite each.
    pub fn all_with_counts(conn: &mut Conn) -> QueryResult<Vec<(Source, i64)>> {
        let all: Vec<Source> = sources::table
            .order((sources::kind, sources::url, sources::id))
            .load(conn)?;
        let counts: HashMap<i32, i64> = citations::table
            .group_by(citations::source_id)
            .select((citations::source_id, diesel::dsl::count_star()))
            .load::<(i32, i64)>(conn)?
            .into_iter()
            .collect();
        Ok(all
            .into_iter()
            .map(|s| {
                let n = counts.get(&s.id).copied().unwrap_or(0);
                (s, n)
            })
            .collect())
    }

    /// How many sources there are.
    pub fn count(conn: &mut Conn) -> QueryResult<i64> {
        sources::table.count().get_result(conn)
    }

    /// One page of the bibliography: studies and articles first, then web pages, then the
    /// rest, each by address.
    pub fn page(conn: &mut Conn, offset: i64, limit: i64) -> QueryResult<Vec<Source>> {
        use diesel::sql_types::Integer;
        let kind_order = diesel::dsl::sql::<Integer>(
            "CASE kind WHEN 'document' THEN 0 WHEN 'web' THEN 1 ELSE 2 END",
        );
        sources::table
            .order((kind_order, sources::url, sources::id))
            .offset(offset)
            .limit(limit)
            .load(conn)
    }

    /// The ties whose reported statuses cite these sources, as (source, tie id, tie slug),
    /// each pair once, by slug: one statement whatever the number of sources.
    pub fn supported_ties(
        conn: &mut Conn,
        source_ids: &[i32],
    ) -> QueryResult<Vec<(i32, i32, String)>> {
        use crate::schema::{reported_statuses, ties};
        citations::table
            .inner_join(
                reported_statuses::table.on(reported_statuses::id.eq(citations::subject_id)),
            )
            .inner_join(ties::table.on(ties::id.eq(reported_statuses::tie_id)))
            .filter(citations::subject_kind.eq("reported_status"))
            .filter(citations::source_id.eq_any(source_ids))
            .select((citations::source_id, ties::id, ties::slug))
            .distinct()
            .order((citations::source_id, ties::slug))
            .load(conn)
    }

    /// The citations of many rows of one kind at once, in their recorded order.
    pub fn citations_for(
        conn: &mut Conn,
        subject_kind: &str,
        subject_ids: &[i32],
    ) -> QueryResult<HashMap<i32, Vec<Citation>>> {
        let rows: Vec<(i32, String, Source)> = citations::table
            .inner_join(sources::table)
            .filter(citations::subject_kind.eq(subject_kind))
            .filter(citations::subject_id.eq_any(subject_ids))
            .order((citations::subject_id, citations::position))
            .select((
                citations::subject_id,
                citations::detail,
                sources::all_columns,
            ))
            .load(conn)?;
        let mut out: HashMap<i32, Vec<Citation>> = HashMap::new();
        for (id, detail, source) in rows {
            out.entry(id).or_default().push(Citation { source, detail });
        }
        Ok(out)
    }
}

/// A short reference written with English citation words ("Safitri et al. (c. 2022)") in the
/// words of a language ("Safitri dkk. (sekitar 2022)").
pub fn cite_words(lang: crate::i18n::Lang, reference: &str) -> String {
    if matches!(lang, crate::i18n::Lang::En) {
        return reference.to_string();
    }
    let mut out = reference.replace(" et al.", &format!(" {}", lang.t("cite-et-al")));
    if let Some(i) = out.find("(c. ") {
        let rest = &out[i + 4..];
        let year: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if !year.is_empty() {
            let tail = rest[year.len()..].to_string();
            let circa = lang.t_args("cite-circa", &[("year", year)]);
            out = format!("{}({circa}{tail}", &out[..i]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cite_words;
    use crate::i18n::Lang;

    #[test]
    fn citation_words_follow_the_language() {
        let r = "Safitri et al. (c. 2022)";
        assert_eq!(cite_words(Lang::En, r), r);
        assert_eq!(cite_words(Lang::Id, r), "Safitri dkk. (sekitar 2022)");
        assert_eq!(
            cite_words(Lang::Id, "antaranews.com (2019)"),
            "antaranews.com (2019)"
        );
    }
}
