//! Users: administrators, officials (scoped to their places) and independent evaluators.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::Conn;
use crate::schema::users;

#[derive(Queryable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    #[serde(skip)]
    pub password_hash: String,
    /// admin, official or evaluator.
    pub role: String,
    pub disabled: bool,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub const ROLES: [&str; 3] = ["admin", "official", "evaluator"];

impl User {
    pub fn by_email(conn: &mut Conn, email: &str) -> QueryResult<Option<User>> {
        users::table
            .filter(users::email.eq(email.trim().to_lowercase()))
            .first(conn)
            .optional()
    }
}
