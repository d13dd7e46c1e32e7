//! Configuration: the settings every subcommand shares, from flags and environment variables, validated at start.

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::db::DatabaseUrl;

/// The default byte budget of the cache.
pub const DEFAULT_CACHE_BYTES: u64 = 64 * 1024 * 1024;
/// How often each process reads the data version (`startup::version_watcher`); a version read is
/// believed for three of these before a request asks the database itself.
pub const DEFAULT_CACHE_VERSION_CHECK: std::time::Duration = std::time::Duration::from_millis(250);

/// How to reach the database.
#[derive(Clone, Debug, clap::Args)]
pub struct DatabaseArgs {
    /// Database: a file path or sqlite://path for SQLite, postgres://… for PostgreSQL.
    /// Default: pantau.db in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Directory for the default SQLite database file.
    #[arg(long, env = "PANTAU_DATA_DIR", default_value = ".", global = true)]
    pub data_dir: PathBuf,
}

impl DatabaseArgs {
    /// The database URL these arguments name, checked.
    pub fn url(&self) -> Result<DatabaseUrl, String> {
        match &self.database_url {
            Some(raw) => DatabaseUrl::parse(raw)
                .map_err(|e| format!("invalid DATABASE_URL / --database-url: {e}")),
            None => DatabaseUrl::parse(&self.data_dir.join("pantau.db").to_string_lossy())
                .map_err(|e| format!("invalid --data-dir: {e}")),
        }
    }
}

/// How `pantau serve` runs.
#[derive(Clone, Debug, clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0 picks a free one).
    #[arg(long, env = "PANTAU_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,

    /// Number of worker threads (default: one per CPU core).
    #[arg(long, env = "PANTAU_WORKERS")]
    pub workers: Option<usize>,

    /// Largest number of database connections in the pool.
    #[arg(long, env = "PANTAU_POOL_SIZE", default_value_t = 8)]
    pub pool_size: u32,

    /// Judge statuses and scores as of this date (YYYY-MM-DD) instead of today, e.g. to reproduce a past view.
    #[arg(long, env = "PANTAU_TODAY", hide = true)]
    pub today: Option<String>,

    /// Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto headers are believed (client
    /// address for throttling and the audit log; HTTPS for Secure cookies and HSTS), comma-separated.
    #[arg(
        long,
        env = "PANTAU_TRUSTED_PROXIES",
        default_value = "127.0.0.1,::1",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<String>,

    /// The site's public address (`https://pantau.example`): absolute links (sitemap, feeds,
    /// `hreflang`) use it whatever Host a request names. Without it, a request's Host is used
    /// once checked to be a valid host name or address.
    #[arg(long, env = "PANTAU_PUBLIC_ORIGIN")]
    pub public_origin: Option<String>,

    /// Most bytes the page cache keeps (rendered pages and their gzip copies).
    #[arg(long, env = "PANTAU_CACHE_BYTES", default_value_t = DEFAULT_CACHE_BYTES)]
    pub cache_bytes: u64,

    /// Do not import the bundled starter data on the first start.
    #[arg(long, env = "PANTAU_NO_STARTER_DATA")]
    pub no_starter_data: bool,

    /// The editors' e-mail address, shown in the footer, on the methodology page and on error
    /// pages (who to ask for access or a correction). Empty: none is shown.
    #[arg(long, env = "PANTAU_CONTACT_EMAIL")]
    pub contact_email: Option<String>,
}

/// The validated settings of the web server.
#[derive(Clone, Debug)]
pub struct Settings {
    pub database: DatabaseUrl,
    pub bind: SocketAddr,
    pub workers: usize,
    pub pool_size: u32,
    pub starter_data: bool,
    /// A fixed "today" for derived statuses, or `None` for the real date.
    pub today: Option<chrono::NaiveDate>,
    /// Peers whose forwarding headers count.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The editors' address (empty: none).
    pub contact_email: String,
    /// The configured public origin (`https://pantau.example`, no trailing slash).
    pub public_origin: Option<String>,
    /// The page cache's byte budget.
    pub cache_bytes: u64,
    /// How long the page cache believes a data version before asking the database again.
    pub cache_version_check: std::time::Duration,
}

impl Settings {
    pub fn from_args(db: &DatabaseArgs, serve: &ServeArgs) -> Result<Settings, String> {
        let database = db.url()?;
        let bind: SocketAddr = serve.bind.parse().map_err(|_| {
            format!("invalid PANTAU_BIND / --bind '{}': expected an address and port such as 127.0.0.1:8080", serve.bind)
        })?;
        let workers = match serve.workers {
            Some(0) => return Err("invalid PANTAU_WORKERS / --workers: must be at least 1".into()),
            Some(n) if n > 512 => {
                return Err(format!(
                    "invalid PANTAU_WORKERS / --workers {n}: at most 512"
                ));
            }
            Some(n) => n,
            None => std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2),
        };
        if serve.pool_size == 0 || serve.pool_size > 256 {
            return Err(format!(
                "invalid PANTAU_POOL_SIZE / --pool-size {}: between 1 and 256",
                serve.pool_size
            ));
        }
        let today =
            match serve.today.as_deref() {
                None | Some("") => None,
                Some(s) => Some(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(
                    |_| format!("invalid PANTAU_TODAY / --today '{s}': expected YYYY-MM-DD"),
                )?),
            };
        let trusted_proxies = serve
            .trusted_proxies
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse().map_err(|_| {
                    format!("invalid PANTAU_TRUSTED_PROXIES / --trusted-proxies '{s}': expected IP addresses such as 127.0.0.1,::1")
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let contact_email = serve
            .contact_email
            .as_deref()
            .unwrap_or("")
            .trim()
            .to_string();
        if !contact_email.is_empty() && !is_email(&contact_email) {
            return Err(format!(
                "invalid PANTAU_CONTACT_EMAIL / --contact-email '{contact_email}': expected an address such as redaksi@pantau.example"
            ));
        }
        let public_origin = match serve.public_origin.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(o) => Some(parse_origin(o).ok_or_else(|| {
                format!("invalid PANTAU_PUBLIC_ORIGIN / --public-origin '{o}': expected https://host or http://host:port")
            })?),
        };
        if serve.cache_bytes < 1024 * 1024 {
            return Err(format!(
                "invalid PANTAU_CACHE_BYTES / --cache-bytes {}: at least 1048576 (1 MiB)",
                serve.cache_bytes
            ));
        }
        Ok(Settings {
            contact_email,
            public_origin,
            cache_bytes: serve.cache_bytes,
            cache_version_check: DEFAULT_CACHE_VERSION_CHECK,
            trusted_proxies,
            database,
            bind,
            workers,
            pool_size: serve.pool_size,
            starter_data: !serve.no_starter_data,
            today,
        })
    }

    /// Settings for tests: a given database, port 0, two workers.
    pub fn for_tests(database: DatabaseUrl) -> Settings {
        Settings {
            database,
            bind: "127.0.0.1:0".parse().expect("loopback address"),
            workers: 2,
            pool_size: 4,
            starter_data: true,
            today: None,
            trusted_proxies: vec![[127, 0, 0, 1].into()],
            contact_email: String::new(),
            public_origin: None,
            cache_bytes: DEFAULT_CACHE_BYTES,
            // Tests write to the database directly and read at once.
            cache_version_check: std::time::Duration::ZERO,
        }
    }
}

/// A plausible e-mail address: one `@` with text either side, a dot in the domain, no spaces,
/// nothing that could break out of an attribute or a `mailto:` link.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    s.len() <= 254
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-_+@".contains(c))
}

/// `scheme://host[:port]` with http or https and a valid host, without a trailing slash.
fn parse_origin(s: &str) -> Option<String> {
    let s = s.trim_end_matches('/');
    let (scheme, host) = s.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    (matches!(scheme.as_str(), "http" | "https") && valid_host(host))
        .then(|| format!("{scheme}://{}", host.to_ascii_lowercase()))
}

/// A syntactically valid Host header: a name of letters, digits, `-` and `.`, or an IPv4 or
/// bracketed IPv6 address, with an optional port. Anything else is refused before any handler.
pub fn valid_host(host: &str) -> bool {
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let Some((ip, after)) = rest.split_once(']') else {
            return false;
        };
        if ip.parse::<std::net::Ipv6Addr>().is_err() {
            return false;
        }
        match after {
            "" => return true,
            p => ("x", p.strip_prefix(':').unwrap_or("!")),
        }
    } else {
        match host.rsplit_once(':') {
            Some((n, p)) => (n, p),
            None => (host, "0"),
        }
    };
    let port_ok = !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
    let name_ok = !name.is_empty()
        && name.len() <= 253
        && name
            .split('.')
            .all(|l| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-'))
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    port_ok && name_ok
}
