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

    /// Note the device (the browser's `User-Agent`, cut to 300 characters) a session started from.
    pub fn set_user_agent(conn: &mut Conn, id_hash: &str, user_agent: &str) -> QueryResult<()> {
        let ua: String = super::visible_name(user_agent).chars().take(300).collect();
        diesel::update(sessions::table.find(id_hash))
            .set(sessions::user_agent.eq(ua))
            .execute(conn)
            .map(|_| ())
    }

    /// A user's live sessions, the most recently seen first.
    pub fn live_of_user(
        conn: &mut Conn,
        user_id: i32,
        now: NaiveDateTime,
        idle_cutoff: NaiveDateTime,
    ) -> QueryResult<Vec<LiveSession>> {
        let rows: Vec<(String, NaiveDateTime, NaiveDateTime, String)> = sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::expires_at.gt(now))
            .filter(sessions::last_seen_at.gt(idle_cutoff))
            .order((sessions::last_seen_at.desc(), sessions::created_at.desc()))
            .select((
                sessions::id,
                sessions::created_at,
                sessions::last_seen_at,
                sessions::user_agent,
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(id, created_at, last_seen_at, user_agent)| LiveSession {
                handle: handle(&id),
                id,
                created_at,
                last_seen_at,
                user_agent,
            })
            .collect())
    }

    /// End one of a user's sessions, named by its handle; whether one ended.
    pub fn end_by_handle(conn: &mut Conn, user_id: i32, handle_: &str) -> QueryResult<bool> {
        let ids: Vec<String> = sessions::table
            .filter(sessions::user_id.eq(user_id))
            .select(sessions::id)
            .load(conn)?;
        match ids.into_iter().find(|id| handle(id) == handle_) {
            Some(id) => diesel::delete(sessions::table.find(id))
                .execute(conn)
                .map(|n| n == 1),
            None => Ok(false),
        }
    }

    /// End every session of a user but one; how many ended.
    pub fn end_others(conn: &mut Conn, user_id: i32, keep: &str) -> QueryResult<usize> {
        diesel::delete(
            sessions::table
                .filter(sessions::user_id.eq(user_id))
                .filter(sessions::id.ne(keep)),
        )
        .execute(conn)
    }

    /// How many sessions a user has (tests check that sign-out and disabling end them).
    pub fn count_for_user(conn: &mut Conn, user_id: i32) -> QueryResult<i64> {
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .count()
            .get_result(conn)
    }
}

/// A live session as its owner sees it: never its id (the hash that finds it), only a handle.
#[derive(Debug, Clone)]
pub struct LiveSession {
    pub id: String,
    /// A short name for the session in forms: the first 16 hex digits of the SHA-256 of its id.
    pub handle: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub user_agent: String,
}

/// The handle of a session id (what a form names it by).
pub fn handle(id_hash: &str) -> String {
    crate::auth::sha256_hex(id_hash.as_bytes())[..16].to_string()
}
