//! Configuration: every setting is a flag and an environment variable.
//! The README's configuration table lists these same names.

use clap::Args;
use ipnet::IpNet;
use std::path::PathBuf;

#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Address to listen on.
    #[arg(long, env = "YASS_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,

    /// Data directory: SQLite file, generated signing key, uploads.
    #[arg(long, env = "YASS_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// `mysql://…` or `postgres://…`; empty = SQLite file in the data directory.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,

    /// Maximum database connections per instance (SQLite: at most 4).
    #[arg(long, env = "YASS_DB_MAX_CONNECTIONS", default_value_t = 16)]
    pub db_max_connections: u32,

    /// JWT signing secret shared by all instances (at least 32 bytes).
    /// When unset, one is generated and kept in the data directory.
    #[arg(long, env = "YASS_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,

    /// Lifetime of an access token, seconds.
    #[arg(long, env = "YASS_ACCESS_TOKEN_TTL", default_value_t = 900)]
    pub access_token_ttl: u64,

    /// Lifetime of a refresh token, seconds.
    #[arg(long, env = "YASS_REFRESH_TOKEN_TTL", default_value_t = 14 * 24 * 3600)]
    pub refresh_token_ttl: u64,

    /// argon2id memory cost in KiB (tests lower it; keep the default in production).
    #[arg(long, env = "YASS_ARGON2_MEMORY_KIB", default_value_t = 19 * 1024)]
    pub argon2_memory_kib: u32,

    /// argon2id iterations.
    #[arg(long, env = "YASS_ARGON2_ITERATIONS", default_value_t = 2)]
    pub argon2_iterations: u32,

    /// Password hashes and checks running at once (argon2 on the blocking
    /// pool); 0 = one per CPU.
    #[arg(long, env = "YASS_PASSWORD_WORKERS", default_value_t = 0)]
    pub password_workers: usize,

    /// How long a sign-in waits for a free password worker before 503, ms.
    #[arg(long, env = "YASS_PASSWORD_WAIT_MS", default_value_t = 10_000)]
    pub password_wait_ms: u64,

    /// Proxies whose X-Forwarded-For is believed (comma-separated IPs or CIDRs).
    #[arg(long, env = "YASS_TRUSTED_PROXIES", value_delimiter = ',', value_parser = address_or_network)]
    pub trusted_proxies: Vec<IpNet>,

    /// An S3-compatible object store for uploaded files (Garage, behind a
    /// balancer: `http://127.0.0.1:3900`), shared by every instance. Unset:
    /// files live in `<data dir>/uploads`.
    #[arg(long, env = "YASS_S3_ENDPOINT")]
    pub s3_endpoint: Option<String>,

    /// The object store's bucket.
    #[arg(long, env = "YASS_S3_BUCKET", default_value = "yass-uploads")]
    pub s3_bucket: String,

    /// A key prefix for every file in the bucket (one bucket shared by
    /// several platforms, e.g. staging and production). Empty: none.
    #[arg(long, env = "YASS_S3_PREFIX", default_value = "")]
    pub s3_prefix: String,

    /// The object store's region name (Garage: its `s3_region`).
    #[arg(long, env = "YASS_S3_REGION", default_value = "garage")]
    pub s3_region: String,

    /// The object store key's id.
    #[arg(long, env = "YASS_S3_ACCESS_KEY_ID")]
    pub s3_access_key_id: Option<String>,

    /// The object store key's secret.
    #[arg(long, env = "YASS_S3_SECRET_ACCESS_KEY", hide_env_values = true)]
    pub s3_secret_access_key: Option<String>,

    /// Largest accepted upload, bytes.
    #[arg(long, env = "YASS_UPLOAD_LIMIT_BYTES", default_value_t = 20 * 1024 * 1024)]
    pub upload_limit_bytes: usize,

    /// Largest site archive an import accepts (all its members), bytes.
    #[arg(long, env = "YASS_ARCHIVE_LIMIT_BYTES", default_value_t = 20 * 1024 * 1024 * 1024)]
    pub archive_limit_bytes: u64,

    /// Largest uploaded image accepted, in pixels (width × height), read from
    /// its header before decoding: decoding costs memory by pixels, not bytes.
    #[arg(long, env = "YASS_IMAGE_MAX_PIXELS", default_value_t = 40_000_000)]
    pub image_max_pixels: u64,

    /// Longest side of an uploaded image accepted, in pixels.
    #[arg(long, env = "YASS_IMAGE_MAX_SIDE", default_value_t = 10_000)]
    pub image_max_side: u32,

    /// Seconds an image upload waits for a decoding slot (one per CPU)
    /// before it is answered 503 with `Retry-After`.
    #[arg(long, env = "YASS_IMAGE_DECODE_WAIT_SECS", default_value_t = 10)]
    pub image_decode_wait_secs: u64,

    /// Largest accepted JSON body, bytes.
    #[arg(long, env = "YASS_JSON_LIMIT_BYTES", default_value_t = 1024 * 1024)]
    pub json_limit_bytes: usize,

    /// Days to keep the auth log (personal data law).
    #[arg(long, env = "YASS_AUTH_LOG_RETENTION_DAYS", default_value_t = 180)]
    pub auth_log_retention_days: u32,

    /// Days to keep audit log entries (who changed what); their client
    /// addresses go after the auth log's retention.
    #[arg(long, env = "YASS_AUDIT_RETENTION_DAYS", default_value_t = 730)]
    pub audit_retention_days: u32,

    /// Days a deleted item stays in its site's trash before it is purged
    /// with its files.
    #[arg(long, env = "YASS_TRASH_DAYS", default_value_t = 30)]
    pub trash_days: u32,

    /// Addresses allowed to scrape /metrics (comma-separated IPs or CIDRs).
    #[arg(
        long,
        env = "YASS_METRICS_ALLOW",
        value_delimiter = ',',
        default_value = "127.0.0.1/32,::1/128"
    )]
    pub metrics_allow: Vec<IpNet>,

    /// Bearer token that also allows scraping /metrics from anywhere.
    #[arg(long, env = "YASS_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,

    /// Directory of the built SPA (index.html and assets); served with a
    /// fallback to index.html for client routes.
    #[arg(long, env = "YASS_SPA_DIR", default_value = "dist/spa")]
    pub spa_dir: PathBuf,

    /// Seconds a public GET may be cached by browsers and proxies.
    #[arg(long, env = "YASS_PUBLIC_MAX_AGE", default_value_t = 30)]
    pub public_max_age: u64,

    /// Milliseconds a public read may use a local copy of the site row (and
    /// so of its content version): the bound for a write through another
    /// instance to reach this one's caches. 0 reads it every time.
    #[arg(long, env = "YASS_SITE_CACHE_MS", default_value_t = 1000)]
    pub site_cache_ms: u64,

    /// Whether this instance builds school homepages ahead of visitors
    /// (`crate::prebuild`): every homepage missing for this build before
    /// it reports ready, a written school's right after the write, and any
    /// stale or expiring one within `YASS_PREBUILD_EVERY_MS`.
    #[arg(long, env = "YASS_PREBUILD_HOMEPAGES", default_value_t = true, action = clap::ArgAction::Set)]
    pub prebuild_homepages: bool,

    /// How often, ms, each instance looks for homepages to build ahead.
    #[arg(long, env = "YASS_PREBUILD_EVERY_MS", default_value_t = 2000)]
    pub prebuild_every_ms: u64,

    /// Milliseconds `yass serve` goes on serving after SIGTERM, closing each
    /// connection after its response and answering `/readyz` with 503,
    /// before it stops accepting: nginx then has no open connection to it
    /// on which a write could be lost (`http::drain`).
    #[arg(long, env = "YASS_SHUTDOWN_DRAIN_MS", default_value_t = 3000)]
    pub shutdown_drain_ms: u64,

    /// Bytes the in-process cache of public responses may hold (bodies and
    /// keys); the least recently used entries go first past it.
    #[arg(long, env = "YASS_CACHE_BYTES", default_value_t = 64 * 1024 * 1024)]
    pub cache_bytes: usize,

    /// Adds `X-Yass-Queries` (database statements the request ran) to every
    /// response: for tests and benchmarks, never in production (it would
    /// tell a stranger which branch a request took).
    #[arg(long, env = "YASS_QUERY_COUNT_HEADER", default_value_t = false)]
    pub query_count_header: bool,

    /// Most news items one keyword search looks at (the newest that carry
    /// every token); past it the results say `search_capped`. Bounds the
    /// work of a one-character query on a large site.
    #[arg(long, env = "YASS_SEARCH_CAP", default_value_t = 1000)]
    pub search_cap: usize,

    /// The platform's public address, for links in e-mail (confirmation,
    /// set-up and password-reset links): scheme, host and port, no path.
    #[arg(long, env = "YASS_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
    pub public_url: String,

    /// SMTP server to send mail through: `smtp://host:25`,
    /// `smtp://user:pass@host:587?tls=required`, `smtps://host:465`.
    /// Empty: mail is written to files in `<data dir>/mail/` instead.
    #[arg(long, env = "YASS_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The sender of every message.
    #[arg(
        long,
        env = "YASS_MAIL_FROM",
        default_value = "臺北市校園網站平臺 <noreply@localhost>"
    )]
    pub mail_from: String,

    /// Whether this instance sends the outbox's mail (every instance may;
    /// the outbox hands each message to one).
    #[arg(long, env = "YASS_MAIL_SENDER", default_value_t = true, action = clap::ArgAction::Set)]
    pub mail_sender: bool,

    /// How often each instance looks for mail to send, ms (a request that
    /// queues mail wakes its own instance's sender at once).
    #[arg(long, env = "YASS_MAIL_POLL_MS", default_value_t = 5000)]
    pub mail_poll_ms: u64,

    /// E-mail domains an application's contact address may be at
    /// (comma-separated; a subdomain counts).
    #[arg(
        long,
        env = "YASS_APPLICATION_EMAIL_DOMAINS",
        value_delimiter = ',',
        default_value = "tp.edu.tw"
    )]
    pub application_email_domains: Vec<String>,

    /// Hostname suffixes a school may ask for (comma-separated).
    #[arg(
        long,
        env = "YASS_HOSTNAME_SUFFIXES",
        value_delimiter = ',',
        default_value = "tp.edu.tw"
    )]
    pub hostname_suffixes: Vec<String>,

    /// Prometheus that scrapes these instances (`http://127.0.0.1:9090`):
    /// the platform admins' overview shows each school's homepage p95 from
    /// it. Unset: the overview shows none.
    #[arg(long, env = "YASS_PROMETHEUS_URL")]
    pub prometheus_url: Option<String>,

    /// Seed a demo school (slug `demo`) if it does not exist yet.
    #[arg(long, env = "YASS_DEMO", default_value_t = false)]
    pub demo: bool,
}

impl Settings {
    /// Defaults for a given data directory, as if no flag was given.
    pub fn for_data_dir(data_dir: PathBuf) -> Self {
        use clap::Parser;
        #[derive(Parser)]
        struct Wrapper {
            #[command(flatten)]
            s: Settings,
        }
        let mut s = Wrapper::parse_from(["yass"]).s;
        s.data_dir = data_dir;
        s
    }

    pub fn uploads_dir(&self) -> PathBuf {
        self.data_dir.join("uploads")
    }
}

/// An address (`10.0.0.5`, one host) or a network (`10.0.0.0/24`).
fn address_or_network(s: &str) -> Result<IpNet, String> {
    let s = s.trim();
    s.parse::<IpNet>()
        .or_else(|_| s.parse::<std::net::IpAddr>().map(IpNet::from))
        .map_err(|_| format!("{s:?} is neither an IP address nor a network (CIDR)"))
}

#[cfg(test)]
mod proxy_tests {
    use super::address_or_network;

    #[test]
    fn a_trusted_proxy_is_an_address_or_a_network() {
        assert_eq!(
            address_or_network("127.0.0.1").unwrap().to_string(),
            "127.0.0.1/32"
        );
        assert_eq!(address_or_network("::1").unwrap().to_string(), "::1/128");
        assert_eq!(
            address_or_network("10.0.0.0/8").unwrap().to_string(),
            "10.0.0.0/8"
        );
        assert!(address_or_network("nginx.local").is_err());
    }
}
