//! Places: the cities, regencies, provinces and capital regions that are party to ties.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::Conn;
use crate::i18n::Lang;
use crate::schema::{places, ties};

#[derive(Queryable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = places)]
pub struct Place {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub country_code: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The English name where it differs from the Indonesian `name` ("Moscow" beside "Moskwa");
    /// empty when both languages write it the same.
    pub name_en: String,
}

/// The kinds a place can be (places.csv `kind`).
pub const KINDS: [&str; 5] = [
    "city",
    "regency",
    "province",
    "capital-region",
    "organisation",
];

#[derive(Insertable, AsChangeset, Debug, Clone)]
#[diesel(table_name = places)]
pub struct NewPlace<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub country_code: &'a str,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub name_en: &'a str,
}

/// A place with how many ties it has.
#[derive(Debug, Clone, Serialize)]
pub struct PlaceWithCount {
    pub place: Place,
    pub ties: i64,
}

/// The places with the most ties (`Place::most_tied`).
pub struct MostTied {
    /// Places on record (of the kind asked for).
    pub places: i64,
    /// Those with at least one tie.
    pub with_ties: i64,
    /// Those with the most ties, most first.
    pub top: Vec<PlaceWithCount>,
}

impl Place {
    /// The place's name in a language: the Indonesian `name`, or in English `name_en` when given.
    pub fn name_in(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.name_en.is_empty() => &self.name_en,
            _ => &self.name,
        }
    }

    pub fn is_indonesian(&self) -> bool {
        self.country_code == "ID"
    }

    pub fn by_slug(conn: &mut Conn, slug: &str) -> QueryResult<Option<Place>> {
        // No slug holds a NUL, and PostgreSQL refuses one in a text parameter (a 500 otherwise).
        if slug.contains('\0') {
            return Ok(None);
        }
        places::table
            .filter(places::slug.eq(slug))
            .first(conn)
            .optional()
    }

    pub fn by_ids(conn: &mut Conn, ids: &[i32]) -> QueryResult<Vec<Place>> {
        places::table.filter(places::id.eq_any(ids)).load(conn)
    }

    pub fn count(conn: &mut Conn) -> QueryResult<i64> {
        places::table.count().get_result(conn)
    }

    /// How many countries other than Indonesia have a place on record.
    pub fn partner_country_count(conn: &mut Conn) -> QueryResult<i64> {
        let codes: Vec<String> = places::table
            .filter(places::country_code.ne("ID"))
            .select(places::country_code)
            .distinct()
            .load(conn)?;
        Ok(codes.len() as i64)
    }

    /// Each place's number of ties, on either side (two grouped queries).
    fn tie_counts(conn: &mut Conn) -> QueryResult<std::collections::HashMap<i32, i64>> {
        let mut counts = std::collections::HashMap::new();
        let as_place: Vec<(i32, i64)> = ties::table
            .group_by(ties::place_id)
            .select((ties::place_id, diesel::dsl::count_star()))
            .load(conn)?;
        let as_partner: Vec<(i32, i64)> = ties::table
            .group_by(ties::partner_id)
            .select((ties::partner_id, diesel::dsl::count_star()))
            .load(conn)?;
        for (id, n) in as_place.into_iter().chain(as_partner) {
            *counts.entry(id).or_default() += n;
        }
        Ok(counts)
    }

    /// The places with ties (only Indonesian ones if `indonesian`): how many places there are,
    /// how many have ties, and the `n` with the most ties (then Indonesian first, then by name),
    /// loading only those `n` whole. For the home page's map and the tie list's suggestions.
    /// Counted, sorted and cut in SQL: three statements, and only `n` rows come back, whatever
    /// the number of places and ties (all of them came back before, which under load cost more
    /// than the counting).
    pub fn most_tied(conn: &mut Conn, n: usize, indonesian: bool) -> QueryResult<MostTied> {
        use diesel::sql_types::{BigInt, Integer};
        #[derive(QueryableByName)]
        struct Counted {
            #[diesel(sql_type = Integer)]
            id: i32,
            #[diesel(sql_type = BigInt)]
            ties: i64,
            /// How many places of the kind asked for have ties (counted before the limit).
            #[diesel(sql_type = BigInt)]
            with_ties: i64,
        }
        let mut all = places::table.into_boxed();
        if indonesian {
            all = all.filter(places::country_code.eq("ID"));
        }
        let total: i64 = all.count().get_result(conn)?;
        let only = if indonesian {
            "p.country_code = 'ID'"
        } else {
            "1 = 1"
        };
        // Names in the order of their bytes, as elsewhere (PostgreSQL's default collation is
        // the locale's).
        let by_name = match conn {
            crate::db::AnyConnection::Postgresql(_) => "p.name COLLATE \"C\"",
            crate::db::AnyConnection::Sqlite(_) => "p.name",
        };
        let counted: Vec<Counted> = diesel::sql_query(format!(
            "SELECT p.id, c.n AS ties, COUNT(*) OVER () AS with_ties FROM places p \
             JOIN (SELECT id, COUNT(*) AS n FROM \
                   (SELECT place_id AS id FROM ties UNION ALL SELECT partner_id AS id FROM ties) s \
                   GROUP BY id) c ON c.id = p.id \
             WHERE {only} ORDER BY c.n DESC, p.country_code <> 'ID', {by_name} LIMIT {n}"
        ))
        .load(conn)?;
        let with_ties = counted.first().map_or(0, |c| c.with_ties);
        let ids: Vec<i32> = counted.iter().map(|c| c.id).collect();
        let mut by_id: std::collections::HashMap<i32, Place> = places::table
            .filter(places::id.eq_any(&ids))
            .load::<Place>(conn)?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let top = counted
            .into_iter()
            .filter_map(|c| {
                Some(PlaceWithCount {
                    place: by_id.remove(&c.id)?,
                    ties: c.ties,
                })
            })
            .collect();
        Ok(MostTied {
            places: total,
            with_ties,
            top,
        })
    }

    /// Every place, Indonesian ones first, each with its number of ties (two grouped queries).
    pub fn all_with_tie_counts(conn: &mut Conn) -> QueryResult<Vec<PlaceWithCount>> {
        let all: Vec<Place> = places::table
            .order((places::country_code.ne("ID"), places::name))
            .load(conn)?;
        let counts = Self::tie_counts(conn)?;
        Ok(all
            .into_iter()
            .map(|place| {
                let ties = counts.get(&place.id).copied().unwrap_or(0);
                PlaceWithCount { place, ties }
            })
            .collect())
    }
}
