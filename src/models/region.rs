//! Indonesian regions: the official Kemendagri code and province of a place (data/regions.csv),
//! and the alternative names and spellings of places (data/alt-names.csv).

use std::collections::HashMap;

use diesel::prelude::*;

use super::Conn;
use crate::schema::{place_alt_names, regions};

/// A place's official code (`35.78`) and its province's code (`35`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub place_id: i32,
    pub code: String,
    pub province_code: String,
}

impl Region {
    /// A province has a two-digit code; a regency or city a dotted one.
    pub fn is_province(&self) -> bool {
        !self.code.contains('.')
    }

    pub fn of_place(conn: &mut Conn, place_id: i32) -> QueryResult<Option<Region>> {
        regions::table
            .find(place_id)
            .select((regions::place_id, regions::code, regions::province_code))
            .first::<(i32, String, String)>(conn)
            .optional()
            .map(|r| r.map(Region::from))
    }

    /// The province region whose code is `code`.
    pub fn by_code(conn: &mut Conn, code: &str) -> QueryResult<Option<Region>> {
        regions::table
            .filter(regions::code.eq(code))
            .select((regions::place_id, regions::code, regions::province_code))
            .first::<(i32, String, String)>(conn)
            .optional()
            .map(|r| r.map(Region::from))
    }

    /// Every region, keyed by place id.
    pub fn all(conn: &mut Conn) -> QueryResult<HashMap<i32, Region>> {
        Ok(regions::table
            .select((regions::place_id, regions::code, regions::province_code))
            .load::<(i32, String, String)>(conn)?
            .into_iter()
            .map(|r| (r.0, Region::from(r)))
            .collect())
    }
}

impl From<(i32, String, String)> for Region {
    fn from((place_id, code, province_code): (i32, String, String)) -> Self {
        Region {
            place_id,
            code,
            province_code,
        }
    }
}

/// The alternative names of one place, in alphabetical order.
pub fn alt_names_of(conn: &mut Conn, place_id: i32) -> QueryResult<Vec<String>> {
    place_alt_names::table
        .filter(place_alt_names::place_id.eq(place_id))
        .order(place_alt_names::name)
        .select(place_alt_names::name)
        .load(conn)
}

/// Every alternative name as (place id, name).
pub fn all_alt_names(conn: &mut Conn) -> QueryResult<Vec<(i32, String)>> {
    place_alt_names::table
        .select((place_alt_names::place_id, place_alt_names::name))
        .load(conn)
}
