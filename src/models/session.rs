//! Sign-in sessions: stored by the SHA-256 of their random token, with idle and absolute expiry.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Conn;
use super::user::User;
use crate::schema::{sessions, users};

#[derive(Queryable, Debug, Clone)]
#[diesel(table_name = sessions)]
pub struct Session {
    /// The SHA-256 (hex) of the token in the cookie; the token itself is never stored.
    pub id: String,
    pub user_id: i32,
    pub csrf_token: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    /// The absolute end of the session.
    pub expires_at: NaiveDateTime,
}

impl Session {
    pub fn create(
        conn: &mut Conn,
        id_hash: &str,
        user_id: i32,
        csrf_token: &str,
        now: NaiveDateTime,
        expires_at: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::insert_into(sessions::table)
            .values((
                sessions::id.eq(id_hash),
                sessions::user_id.eq(user_id),
                sessions::csrf_token.eq(csrf_token),
                sessions::created_at.eq(now),
                sessions::last_seen_at.eq(now),
                sessions::expires_at.eq(expires_at),
            ))
            .execute(conn)
            .map(|_| ())
    }

    /// The live session with this id and its (enabled) user: not past its absolute end and seen
    /// after `idle_cutoff`.
    pub fn find_live(
        conn: &mut Conn,
        id_hash: &str,
        now: NaiveDateTime,
        idle_cutoff: NaiveDateTime,
    ) -> QueryResult<Option<(Session, User)>> {
        sessions::table
            .inner_join(users::table)
            .filter(sessions::id.eq(id_hash))
            .filter(sessions::expires_at.gt(now))
            .filter(sessions::last_seen_at.gt(idle_cutoff))
            .filter(users::disabled.eq(false))
            .select((
                (
                    sessions::id,
                    sessions::user_id,
                    sessions::csrf_token,
                    sessions::created_at,
                    sessions::last_seen_at,
                    sessions::expires_at,
                ),
                users::all_columns,
            ))
            .first(conn)
            .optional()
    }

    pub fn touch(conn: &mut Conn, id_hash: &str, now: NaiveDateTime) -> QueryResult<()> {
        diesel::update(sessions::table.find(id_hash))
            .set(sessions::last_seen_at.eq(now))
            .execute(conn)
            .map(|_| ())
    }

    pub fn delete(conn: &mut Conn, id_hash: &str) -> QueryResult<()> {
        diesel::delete(sessions::table.find(id_hash))
            .execute(conn)
            .map(|_| ())
    }

    /// Remove sessions past their absolute end (housekeeping at sign-in).
    pub fn delete_expired(conn: &mut Conn, now: NaiveDateTime) -> QueryResult<usize> {
        diesel::delete(sessions::table.filter(sessions::expires_at.le(now))).execute(conn)
    }

    /// How many sessions a user has (tests check that sign-out and disabling end them).
    pub fn count_for_user(conn: &mut Conn, user_id: i32) -> QueryResult<i64> {
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .count()
            .get_result(conn)
    }
}
