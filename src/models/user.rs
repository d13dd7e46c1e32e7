//! Users: administrators, officials (scoped to their places) and independent evaluators.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::Conn;
use crate::schema::{places, sessions, user_places, users};

#[derive(Queryable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    #[serde(skip)]
    pub password_hash: String,
    /// admin, editor, official or evaluator.
    pub role: String,
    pub disabled: bool,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub const ROLES: [&str; 4] = ["admin", "editor", "official", "evaluator"];

#[derive(Insertable, Debug)]
#[diesel(table_name = users)]
struct NewUser<'a> {
    email: &'a str,
    display_name: &'a str,
    password_hash: &'a str,
    role: &'a str,
    disabled: bool,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

/// A user with the slugs of the places they are assigned to.
#[derive(Debug, Clone, Serialize)]
pub struct UserWithPlaces {
    pub user: User,
    pub places: Vec<String>,
}

/// E-mail addresses are compared trimmed and in lower case.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

impl User {
    /// Display names and roles of some users (for history pages): (id, name, role).
    pub fn names_and_roles(
        conn: &mut Conn,
        ids: &[i32],
    ) -> QueryResult<Vec<(i32, String, String)>> {
        users::table
            .filter(users::id.eq_any(ids))
            .select((users::id, users::display_name, users::role))
            .load(conn)
    }

    /// The active administrators (name, e-mail), for the 403 page's "whom to ask".
    pub fn active_admins(conn: &mut Conn) -> QueryResult<Vec<(String, String)>> {
        users::table
            .filter(users::role.eq("admin"))
            .filter(users::disabled.eq(false))
            .order(users::id)
            .select((users::display_name, users::email))
            .limit(5)
            .load(conn)
    }

    pub fn by_email(conn: &mut Conn, email: &str) -> QueryResult<Option<User>> {
        users::table
            .filter(users::email.eq(normalise_email(email)))
            .first(conn)
            .optional()
    }

    pub fn by_id(conn: &mut Conn, id: i32) -> QueryResult<Option<User>> {
        users::table.find(id).first(conn).optional()
    }

    /// Create a user (already validated) with their places; returns the new id.
    pub fn create(
        conn: &mut Conn,
        email: &str,
        display_name: &str,
        password_hash: &str,
        role: &str,
        place_ids: &[i32],
    ) -> QueryResult<i32> {
        let now = crate::db::now();
        let email = normalise_email(email);
        let display_name = &super::without_format(display_name);
        conn.transaction(|conn| {
            let id: i32 = diesel::insert_into(users::table)
                .values(NewUser {
                    email: &email,
                    display_name,
                    password_hash,
                    role,
                    disabled: false,
                    created_at: now,
                    updated_at: now,
                })
                .returning(users::id)
                .get_result(conn)?;
            for place in place_ids {
                diesel::insert_into(user_places::table)
                    .values((
                        user_places::user_id.eq(id),
                        user_places::place_id.eq(*place),
                    ))
                    .execute(conn)?;
            }
            Ok(id)
        })
    }

    /// The ids of the places a user is assigned to.
    pub fn place_ids(conn: &mut Conn, user_id: i32) -> QueryResult<Vec<i32>> {
        user_places::table
            .filter(user_places::user_id.eq(user_id))
            .select(user_places::place_id)
            .order(user_places::place_id)
            .load(conn)
    }

    /// Every user with their places' slugs, by e-mail.
    pub fn all_with_places(conn: &mut Conn) -> QueryResult<Vec<UserWithPlaces>> {
        let all: Vec<User> = users::table.order(users::email).load(conn)?;
        let links: Vec<(i32, String)> = user_places::table
            .inner_join(places::table)
            .select((user_places::user_id, places::slug))
            .order((user_places::user_id, places::slug))
            .load(conn)?;
        Ok(all
            .into_iter()
            .map(|user| {
                let places = links
                    .iter()
                    .filter(|(u, _)| *u == user.id)
                    .map(|(_, s)| s.clone())
                    .collect();
                UserWithPlaces { user, places }
            })
            .collect())
    }

    /// Disable (or enable) a user; disabling ends every session of theirs at once.
    pub fn set_disabled(conn: &mut Conn, user_id: i32, disabled: bool) -> QueryResult<bool> {
        conn.transaction(|conn| {
            let n = diesel::update(users::table.find(user_id))
                .set((
                    users::disabled.eq(disabled),
                    users::version.eq(users::version + 1),
                    users::updated_at.eq(crate::db::now()),
                ))
                .execute(conn)?;
            if disabled {
                diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id)))
                    .execute(conn)?;
            }
            Ok(n == 1)
        })
    }

    /// Replace the password hash; every session of the user ends.
    pub fn set_password_hash(conn: &mut Conn, user_id: i32, hash: &str) -> QueryResult<bool> {
        conn.transaction(|conn| {
            let n = diesel::update(users::table.find(user_id))
                .set((
                    users::password_hash.eq(hash),
                    users::version.eq(users::version + 1),
                    users::updated_at.eq(crate::db::now()),
                ))
                .execute(conn)?;
            diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(conn)?;
            Ok(n == 1)
        })
    }

    /// A user's own change of password: the new hash, and every other session of theirs ends
    /// (the one they changed it from stays).
    pub fn change_own_password(
        conn: &mut Conn,
        user_id: i32,
        hash: &str,
        keep_session: &str,
    ) -> QueryResult<bool> {
        conn.transaction(|conn| {
            let n = diesel::update(users::table.find(user_id))
                .set((
                    users::password_hash.eq(hash),
                    users::version.eq(users::version + 1),
                    users::updated_at.eq(crate::db::now()),
                ))
                .execute(conn)?;
            diesel::delete(
                sessions::table
                    .filter(sessions::user_id.eq(user_id))
                    .filter(sessions::id.ne(keep_session)),
            )
            .execute(conn)?;
            Ok(n == 1)
        })
    }
}

impl User {
    /// An administrator's change of an account's role and places (optimistic: `Ok(false)` and
    /// nothing written when the account's version moved on). Only officials keep places.
    pub fn set_role_and_places(
        conn: &mut Conn,
        user_id: i32,
        version: i32,
        role: &str,
        place_ids: &[i32],
    ) -> QueryResult<bool> {
        conn.transaction(|conn| {
            let n = diesel::update(
                users::table
                    .filter(users::id.eq(user_id))
                    .filter(users::version.eq(version)),
            )
            .set((
                users::role.eq(role),
                users::version.eq(version + 1),
                users::updated_at.eq(crate::db::now()),
            ))
            .execute(conn)?;
            if n != 1 {
                return Ok(false);
            }
            diesel::delete(user_places::table.filter(user_places::user_id.eq(user_id)))
                .execute(conn)?;
            if role == "official" {
                for place in place_ids {
                    diesel::insert_into(user_places::table)
                        .values((
                            user_places::user_id.eq(user_id),
                            user_places::place_id.eq(*place),
                        ))
                        .execute(conn)?;
                }
            }
            Ok(true)
        })
    }
}
