//! `pantau user add|list|disable|enable|reset-password`: account management from the command line.
//! Passwords are read at a terminal (without echo) or from standard input, never from arguments.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{Context, bail};

use crate::auth::{self, Role};
use crate::db::AnyConnection;
use crate::models::audit;
use crate::models::place::Place;
use crate::models::user::User;

#[derive(clap::Subcommand, Debug)]
pub enum UserCommand {
    /// Create an account; the password is asked for (twice) at a terminal, or read from the first line of standard input.
    Add {
        /// The e-mail address used to sign in.
        #[arg(long)]
        email: String,
        /// admin, official or evaluator.
        #[arg(long)]
        role: String,
        /// The name shown as a report's author (default: the e-mail address).
        #[arg(long)]
        name: Option<String>,
        /// A place the official writes for (its slug); repeat for several places.
        #[arg(long = "place")]
        places: Vec<String>,
    },
    /// List the accounts with their role, places and state.
    List,
    /// Disable an account; its sessions end at once.
    Disable {
        #[arg(long)]
        email: String,
    },
    /// Enable a disabled account again.
    Enable {
        #[arg(long)]
        email: String,
    },
    /// Set a new password (asked for like `add`); the account's sessions end.
    ResetPassword {
        #[arg(long)]
        email: String,
    },
}

/// Read a password: at a terminal with echo off and a confirmation, otherwise one line of stdin.
fn read_password() -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        let ask = |prompt: &str| -> anyhow::Result<String> {
            eprint!("{prompt}");
            std::io::stderr().flush().ok();
            let echo_off = std::process::Command::new("stty")
                .arg("-echo")
                .stdin(std::process::Stdio::inherit())
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            let mut line = String::new();
            let read = stdin.lock().read_line(&mut line);
            if echo_off {
                let _ = std::process::Command::new("stty")
                    .arg("echo")
                    .stdin(std::process::Stdio::inherit())
                    .status();
            }
            eprintln!();
            read.context("cannot read the password")?;
            Ok(line.trim_end_matches(['\r', '\n']).to_string())
        };
        let first = ask("Password: ")?;
        let second = ask("Password again: ")?;
        if first != second {
            bail!("the two passwords differ");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        stdin
            .lock()
            .read_line(&mut line)
            .context("cannot read the password from standard input")?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

fn policy_message(key: &str) -> String {
    crate::i18n::Lang::En.t(key)
}

fn checked_hash(password: &str, email: &str) -> anyhow::Result<String> {
    auth::check_password_policy(password, email).map_err(|k| anyhow::anyhow!(policy_message(k)))?;
    auth::hash_password(password)
}

pub fn run(conn: &mut AnyConnection, cmd: UserCommand) -> anyhow::Result<()> {
    let disable = matches!(cmd, UserCommand::Disable { .. });
    match cmd {
        UserCommand::Add {
            email,
            role,
            name,
            places,
        } => {
            let email = crate::models::user::normalise_email(&email);
            if !email.contains('@') || email.len() < 3 {
                bail!("'{email}' is not an e-mail address");
            }
            let role = Role::parse(&role)
                .ok_or_else(|| anyhow::anyhow!("--role must be admin, official or evaluator"))?;
            if role == Role::Official && places.is_empty() {
                bail!("an official needs at least one --place");
            }
            if role != Role::Official && !places.is_empty() {
                bail!("only officials are assigned to places");
            }
            let mut place_ids = Vec::new();
            for slug in &places {
                let place = Place::by_slug(conn, slug)?
                    .ok_or_else(|| anyhow::anyhow!("no place with slug '{slug}'"))?;
                place_ids.push(place.id);
            }
            if User::by_email(conn, &email)?.is_some() {
                bail!("an account for {email} already exists");
            }
            let hash = checked_hash(&read_password()?, &email)?;
            let name = name.unwrap_or_else(|| email.clone());
            let id = User::create(conn, &email, &name, &hash, role.as_str(), &place_ids)?;
            audit::record(
                conn,
                None,
                None,
                "user-add",
                &format!("user {id}"),
                role.as_str(),
            )?;
            println!("created {} {email} (id {id})", role.as_str());
        }
        UserCommand::List => {
            for u in User::all_with_places(conn)? {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    u.user.id,
                    u.user.email,
                    u.user.role,
                    if u.user.disabled {
                        "disabled"
                    } else {
                        "active"
                    },
                    u.places.join(",")
                );
            }
        }
        UserCommand::Disable { email } | UserCommand::Enable { email } => {
            let user = User::by_email(conn, &email)?
                .ok_or_else(|| anyhow::anyhow!("no account for {email}"))?;
            User::set_disabled(conn, user.id, disable)?;
            let action = if disable {
                "user-disable"
            } else {
                "user-enable"
            };
            audit::record(conn, None, None, action, &format!("user {}", user.id), "")?;
            println!(
                "{} {}",
                if disable { "disabled" } else { "enabled" },
                user.email
            );
        }
        UserCommand::ResetPassword { email } => {
            let user = User::by_email(conn, &email)?
                .ok_or_else(|| anyhow::anyhow!("no account for {email}"))?;
            let hash = checked_hash(&read_password()?, &user.email)?;
            User::set_password_hash(conn, user.id, &hash)?;
            audit::record(
                conn,
                None,
                None,
                "user-reset-password",
                &format!("user {}", user.id),
                "",
            )?;
            println!(
                "new password set for {}; its sessions have ended",
                user.email
            );
        }
    }
    Ok(())
}
