//! Authentication and authorisation in one place: argon2id passwords with a policy, random
//! session tokens (stored hashed), sign-in with throttling, roles, and who may write what.

pub mod throttle;

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::Duration;
use sha2::{Digest, Sha256};

use crate::db::AnyConnection;
use crate::models::audit;
use crate::models::session::Session;
use crate::models::user::{User, normalise_email};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "pantau_session";
/// A session ends after this long without a request.
pub const IDLE_TIMEOUT: Duration = Duration::hours(2);
/// A session ends this long after sign-in, however active.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);
/// Failed sign-ins are counted over this window.
pub const THROTTLE_WINDOW: Duration = Duration::minutes(15);
/// Sign-in attempts on one account from one address within the window before each further one
/// waits (1 s, doubling; see `throttle`).
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Sign-in attempts allowed per address within the window (failed ones; a right password gives
/// its attempt back).
pub const MAX_FAILURES_PER_IP: i64 = 20;
/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;

const COMMON_PASSWORDS: &str = include_str!("auth/common-passwords.txt");

/// The roles (ARCHITECTURE.md, data model): administrators, editors (national: moderate the public's suggestions
/// and edit any tie), officials (their places) and independent evaluators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Role {
    Admin,
    Editor,
    Official,
    Evaluator,
}

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "editor" => Some(Role::Editor),
            "official" => Some(Role::Official),
            "evaluator" => Some(Role::Evaluator),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Official => "official",
            Role::Evaluator => "evaluator",
        }
    }
}

/// Why a password was refused: a message key of locales/*/account.ftl.
pub fn check_password_policy(password: &str, email: &str) -> Result<(), &'static str> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err("password-too-short");
    }
    let lower = password.to_lowercase();
    let local = normalise_email(email)
        .split('@')
        .next()
        .unwrap_or("")
        .to_string();
    let one_char = lower.chars().all(|c| lower.starts_with(c));
    if one_char
        || COMMON_PASSWORDS.lines().any(|l| l.trim() == lower)
        || (!local.is_empty() && lower.contains(&local) && local.len() * 2 > lower.len())
    {
        return Err("password-too-common");
    }
    Ok(())
}

fn argon2() -> Argon2<'static> {
    // argon2id with the crate's recommended cost (19 MiB, 2 passes).
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// Hash a password with argon2id and a random salt (PHC string format).
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness for a salt: {e}"))?;
    let salt =
        SaltString::encode_b64(&bytes).map_err(|e| anyhow::anyhow!("password salt failed: {e}"))?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            argon2()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the e-mail is unknown, so that both cases take as long.
fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| hash_password("not-a-real-password-at-all").unwrap_or_default())
}

/// 32 random bytes from the operating system as 64 hex digits.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    // The OS generator does not fail on the systems we run on; if it ever did, no token at all
    // is better than a predictable one.
    getrandom::fill(&mut bytes).expect("the operating system's random generator");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The signed-in user of a request.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// The places an official is assigned to.
    pub place_ids: Vec<i32>,
    /// The SHA-256 of the session token (the session's id in the database).
    pub session_id: String,
    pub csrf_token: String,
}

impl CurrentUser {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// May moderate the public's suggestions and edit any tie: editors and admins.
    pub fn is_editor(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Editor)
    }

    /// May write the records of a tie (agreements, steps, roadmaps, milestones, activities,
    /// official reports): admins, and officials of either place of the tie.
    pub fn can_edit_tie(&self, place_id: i32, partner_id: i32) -> bool {
        match self.role {
            Role::Admin | Role::Editor => true,
            Role::Official => {
                self.place_ids.contains(&place_id) || self.place_ids.contains(&partner_id)
            }
            Role::Evaluator => false,
        }
    }

    /// May write a new report on a tie: admins, evaluators (on any tie), officials of its places.
    pub fn can_report_on(&self, place_id: i32, partner_id: i32) -> bool {
        self.role == Role::Evaluator || self.can_edit_tie(place_id, partner_id)
    }

    /// May edit or publish an existing report: admins; its evaluator author; officials of the
    /// tie's places for the official (non-independent) reports.
    pub fn can_edit_report(
        &self,
        author_id: Option<i32>,
        independent: bool,
        place_id: i32,
        partner_id: i32,
    ) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Editor => !independent,
            Role::Evaluator => author_id == Some(self.id),
            Role::Official => !independent && self.can_edit_tie(place_id, partner_id),
        }
    }
}

/// Load the user behind a session token, if the session is live; refreshes its idle clock.
pub fn session_user(
    conn: &mut AnyConnection,
    token: &str,
) -> diesel::QueryResult<Option<CurrentUser>> {
    let id = sha256_hex(token.as_bytes());
    let now = crate::db::now();
    let Some((session, user)) = Session::find_live(conn, &id, now, now - IDLE_TIMEOUT)? else {
        return Ok(None);
    };
    let Some(role) = Role::parse(&user.role) else {
        return Ok(None);
    };
    if now - session.last_seen_at > Duration::minutes(1) {
        Session::touch(conn, &id, now)?;
    }
    let place_ids = User::place_ids(conn, user.id)?;
    Ok(Some(CurrentUser {
        id: user.id,
        email: user.email,
        display_name: user.display_name,
        role,
        place_ids,
        session_id: id,
        csrf_token: session.csrf_token,
    }))
}

/// What a sign-in attempt came to.
#[derive(Debug)]
pub enum SignIn {
    /// A new session: the token goes into the cookie.
    Ok { token: String, user_id: i32 },
    /// Wrong e-mail or password (never says which).
    Wrong,
    /// Too many failures for this account or address lately.
    Throttled,
}

/// Check the credentials, throttle repeated attempts (counted in the database before the password
/// is checked, so that every process and parallel request agrees), and start a new session.
/// Failures, refusals and successes are audited.
pub fn sign_in(
    conn: &mut AnyConnection,
    email: &str,
    password: &str,
    ip: Option<&str>,
) -> anyhow::Result<SignIn> {
    let email = normalise_email(email);
    let now = crate::db::now();
    if !throttle::take(conn, &email, ip, now)? {
        audit::record(conn, None, ip, "sign-in-throttled", &email, "")?;
        return Ok(SignIn::Throttled);
    }
    let user = User::by_email(conn, &email)?;
    let ok = match &user {
        Some(u) => verify_password(password, &u.password_hash) && !u.disabled,
        None => {
            let _ = verify_password(password, dummy_hash());
            false
        }
    };
    let Some(user) = user.filter(|_| ok) else {
        audit::record(conn, None, ip, "sign-in-failed", &email, "")?;
        return Ok(SignIn::Wrong);
    };
    throttle::succeeded(conn, &email, ip)?;
    let token = random_token();
    Session::delete_expired(conn, now)?;
    Session::create(
        conn,
        &sha256_hex(token.as_bytes()),
        user.id,
        &random_token(),
        now,
        now + ABSOLUTE_TIMEOUT,
    )?;
    audit::record(conn, Some(user.id), ip, "sign-in", &email, "")?;
    Ok(SignIn::Ok {
        token,
        user_id: user.id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_policy() {
        assert_eq!(
            check_password_policy("short", "a@b.id"),
            Err("password-too-short")
        );
        assert_eq!(
            check_password_policy("Password1234", "a@b.id"),
            Err("password-too-common")
        );
        assert_eq!(
            check_password_policy("aaaaaaaaaaaaaaa", "a@b.id"),
            Err("password-too-common")
        );
        assert!(check_password_policy("kuda lumping di pasar", "a@b.id").is_ok());
    }

    #[test]
    fn hashes_verify() {
        let h = hash_password("kuda lumping di pasar").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("kuda lumping di pasar", &h));
        assert!(!verify_password("kuda lumping di pasaR", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn tokens_are_random_hex() {
        let (a, b) = (random_token(), random_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }
}
