//! The sign-in throttle: an attempt is counted before its password is checked, by one conditional
//! UPDATE (atomic on SQLite and PostgreSQL alike), so parallel attempts cannot pass a limit.
//! Per address: at most `MAX_FAILURES_PER_IP` attempts per window, then refused. Per account and
//! address: `MAX_FAILURES_PER_ACCOUNT` attempts, then one more only after a delay that doubles
//! each time; the account's owner, elsewhere, is never locked out by someone else's guesses.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::{MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_IP, THROTTLE_WINDOW};
use crate::db::AnyConnection;
use crate::schema::sign_in_limits as l;

/// The longest delay between two attempts on one account from one address.
pub const MAX_DELAY: Duration = Duration::minutes(15);

/// The delay before the next attempt after `attempts` (≥ the limit): 1 s, 2 s, 4 s, … 15 min.
fn delay_after(attempts: i32) -> Duration {
    let over = (attempts - MAX_FAILURES_PER_ACCOUNT as i32).clamp(0, 20);
    Duration::seconds(1i64 << over).min(MAX_DELAY)
}

/// Make sure the row exists and its window is current.
fn prepare(conn: &mut AnyConnection, key: &str, now: NaiveDateTime) -> QueryResult<()> {
    let exists = l::table
        .find(key)
        .select(l::key)
        .first::<String>(conn)
        .optional()?
        .is_some();
    if !exists {
        let inserted = diesel::insert_into(l::table)
            .values((
                l::key.eq(key),
                l::attempts.eq(0),
                l::window_start.eq(now),
                l::blocked_until.eq(None::<NaiveDateTime>),
            ))
            .execute(conn);
        match inserted {
            // Another attempt made it at the same moment.
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ))
            | Ok(_) => {}
            Err(e) => return Err(e),
        }
    }
    diesel::update(
        l::table
            .filter(l::key.eq(key))
            .filter(l::window_start.lt(now - THROTTLE_WINDOW))
            .filter(l::blocked_until.is_null().or(l::blocked_until.le(now))),
    )
    .set((
        l::attempts.eq(0),
        l::window_start.eq(now),
        l::blocked_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    Ok(())
}

/// Count one attempt on a key with a hard limit; false when the limit is reached.
fn take_limited(
    conn: &mut AnyConnection,
    key: &str,
    limit: i32,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    prepare(conn, key, now)?;
    let n = diesel::update(
        l::table
            .filter(l::key.eq(key))
            .filter(l::attempts.lt(limit)),
    )
    .set(l::attempts.eq(l::attempts + 1))
    .execute(conn)?;
    Ok(n == 1)
}

/// Count one attempt on a key that slows down: free up to the limit, then one per delay.
fn take_slowed(conn: &mut AnyConnection, key: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let limit = MAX_FAILURES_PER_ACCOUNT as i32;
    if take_limited(conn, key, limit, now)? {
        // The attempt that reached the limit starts the first delay.
        diesel::update(
            l::table
                .filter(l::key.eq(key))
                .filter(l::attempts.ge(limit))
                .filter(l::blocked_until.is_null()),
        )
        .set(l::blocked_until.eq(Some(now + delay_after(limit))))
        .execute(conn)?;
        return Ok(true);
    }
    let attempts: i32 = l::table.find(key).select(l::attempts).first(conn)?;
    // Compare-and-set on the count: of parallel attempts, one passes.
    let n = diesel::update(
        l::table
            .filter(l::key.eq(key))
            .filter(l::attempts.eq(attempts))
            .filter(l::attempts.ge(limit))
            .filter(l::blocked_until.le(now)),
    )
    .set((
        l::attempts.eq(attempts + 1),
        l::blocked_until.eq(Some(now + delay_after(attempts + 1))),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

fn ip_key(ip: &str) -> String {
    format!("ip:{ip}")
}

fn account_key(email: &str, ip: Option<&str>) -> String {
    format!("account:{email}|{}", ip.unwrap_or("-"))
}

/// Take an attempt for this account from this address; false means refuse without checking.
pub fn take(
    conn: &mut AnyConnection,
    email: &str,
    ip: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    if let Some(ip) = ip
        && !take_limited(conn, &ip_key(ip), MAX_FAILURES_PER_IP as i32, now)?
    {
        return Ok(false);
    }
    if !take_slowed(conn, &account_key(email, ip), now)? {
        // Not checked: the address's attempt is given back.
        if let Some(ip) = ip {
            give_back(conn, &ip_key(ip))?;
        }
        return Ok(false);
    }
    Ok(true)
}

fn give_back(conn: &mut AnyConnection, key: &str) -> QueryResult<()> {
    diesel::update(l::table.filter(l::key.eq(key)).filter(l::attempts.gt(0)))
        .set(l::attempts.eq(l::attempts - 1))
        .execute(conn)
        .map(|_| ())
}

/// A right password: the attempt does not count against the address, and the account's count
/// from this address starts again.
pub fn succeeded(conn: &mut AnyConnection, email: &str, ip: Option<&str>) -> QueryResult<()> {
    if let Some(ip) = ip {
        give_back(conn, &ip_key(ip))?;
    }
    diesel::delete(l::table.find(account_key(email, ip)))
        .execute(conn)
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_up_to_the_cap() {
        let limit = MAX_FAILURES_PER_ACCOUNT as i32;
        assert_eq!(delay_after(limit), Duration::seconds(1));
        assert_eq!(delay_after(limit + 1), Duration::seconds(2));
        assert_eq!(delay_after(limit + 3), Duration::seconds(8));
        assert_eq!(delay_after(limit + 40), MAX_DELAY);
    }
}
