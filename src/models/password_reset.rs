//! One-time password reset links: an administrator issues one for an account (no e-mail server:
//! the admin passes the link on); it is valid for 24 hours and works once. Only the SHA-256 of
//! the link's token is stored.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::Conn;
use super::user::User;
use crate::auth::{random_token, sha256_hex};
use crate::schema::password_resets;

/// How long a reset link stays valid.
pub const VALID_FOR: Duration = Duration::hours(24);

/// Issue a new link for `user_id` (an earlier unused one of theirs stops working); audited.
/// Returns the token to put in the link.
pub fn issue(
    conn: &mut Conn,
    user_id: i32,
    admin_id: i32,
    ip: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<String> {
    let token = random_token();
    conn.transaction(|conn| {
        diesel::delete(
            password_resets::table
                .filter(password_resets::user_id.eq(user_id))
                .filter(password_resets::used_at.is_null()),
        )
        .execute(conn)?;
        diesel::insert_into(password_resets::table)
            .values((
                password_resets::token_hash.eq(sha256_hex(token.as_bytes())),
                password_resets::user_id.eq(user_id),
                password_resets::created_by.eq(Some(admin_id)),
                password_resets::created_at.eq(now),
                password_resets::expires_at.eq(now + VALID_FOR),
            ))
            .execute(conn)?;
        super::audit::record(
            conn,
            Some(admin_id),
            ip,
            "password-reset-link",
            &format!("user {user_id}"),
            "",
        )
    })?;
    Ok(token)
}

/// The account a link resets, while the link is unused and not expired.
pub fn valid_for(conn: &mut Conn, token: &str, now: NaiveDateTime) -> QueryResult<Option<User>> {
    let user_id: Option<i32> = password_resets::table
        .filter(password_resets::token_hash.eq(sha256_hex(token.as_bytes())))
        .filter(password_resets::used_at.is_null())
        .filter(password_resets::expires_at.gt(now))
        .select(password_resets::user_id)
        .first(conn)
        .optional()?;
    match user_id {
        Some(id) => User::by_id(conn, id),
        None => Ok(None),
    }
}

/// Use a link: the link is spent and the new password hash set (every session of the account
/// ends) in one transaction, or nothing happens when it was used, expired or unknown. Audited.
pub fn redeem(
    conn: &mut Conn,
    token: &str,
    new_hash: &str,
    ip: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<Option<i32>> {
    conn.transaction(|conn| {
        let Some(user) = valid_for(conn, token, now)? else {
            return Ok(None);
        };
        let n = diesel::update(
            password_resets::table
                .filter(password_resets::token_hash.eq(sha256_hex(token.as_bytes())))
                .filter(password_resets::used_at.is_null()),
        )
        .set(password_resets::used_at.eq(Some(now)))
        .execute(conn)?;
        if n != 1 {
            return Ok(None);
        }
        User::set_password_hash(conn, user.id, new_hash)?;
        super::audit::record(
            conn,
            Some(user.id),
            ip,
            "password-reset",
            &format!("user {}", user.id),
            "",
        )?;
        Ok(Some(user.id))
    })
}
