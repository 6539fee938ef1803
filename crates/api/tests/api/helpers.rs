//! Test harness: a fresh server per test, its own site(s), real HTTP.

use reqwest::{Client, Response, StatusCode};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::OnceLock;
use yass_api::clock::Clock;
use yass_api::config::Settings;
use yass_api::startup::Application;
use yass_api::state::AppState;
use yass_shared_types::site::CreateSite;
use yass_shared_types::users::{CreateUser, UserStatus};

/// Held by tests that bump every site's content version (a city-wide
/// announcement) and by tests that count one site's bumps exactly, so the
/// one never disturbs the other's count.
pub static CITY_WIDE: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Held by tests whose instance sends mail, so no two senders share the
/// outbox of the one test database, and by tests that apply for a site
/// (one of them loads the platform-wide list of known school codes).
pub static MAIL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Which database this run uses: `sqlite` (default), `mysql` or `postgres`.
pub fn backend() -> String {
    std::env::var("YASS_TEST_DB").unwrap_or_else(|_| "sqlite".into())
}

fn server_url() -> String {
    match backend().as_str() {
        "mysql" => std::env::var("YASS_TEST_MYSQL_URL")
            .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".into()),
        "postgres" => std::env::var("YASS_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into()),
        _ => String::new(),
    }
}

/// The shared database of this test process for MariaDB/PostgreSQL: created
/// and migrated once (in its own runtime), then every test opens its own pool
/// and works on its own sites.
pub fn shared_database_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        let run = std::env::var("YASS_TEST_RUN").unwrap_or_else(|_| std::process::id().to_string());
        let name = format!(
            "yass_test_{}",
            run.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
        );
        let server = server_url();
        let (admin_url, url) = match backend().as_str() {
            "mysql" => (format!("{server}/test"), format!("{server}/{name}")),
            _ => (format!("{server}/postgres"), format!("{server}/{name}")),
        };
        let db_url = url.clone();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Runtime::new().unwrap();
            rt.block_on(async {
                let admin = Database::connect(&admin_url)
                    .await
                    .unwrap_or_else(|e| panic!("{} is unreachable ({admin_url}): {e}", backend()));
                let _ = admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
                    .await;
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                let db = Database::connect(&db_url)
                    .await
                    .expect("connect test database");
                yass_api::db::migrate(&db).await.expect("migrate");
                db.close().await.ok();
            });
        })
        .join()
        .expect("database setup");
        url
    })
}

pub struct TestApp {
    pub addr: String,
    pub client: Client,
    pub state: actix_web::web::Data<AppState>,
    pub clock: Clock,
    pub data_dir: PathBuf,
    /// Keeps `data_dir` until the last instance sharing it is dropped.
    pub scratch: std::sync::Arc<ScratchDir>,
    /// This test's own client address (sent as X-Forwarded-For through the
    /// trusted 127.0.0.1), so tests sharing a database never share throttles.
    pub client_ip: String,
    /// A fresh site of this test, with a site admin.
    pub slug: String,
    pub site_id: yass_api::storage::SiteId,
    pub admin_account: String,
}

pub const PASSWORD: &str = "correct horse battery";

/// What the harness writes directly is recorded as made by the tests.
pub fn tool(state: &AppState) -> yass_api::storage::audit::Author {
    yass_api::storage::audit::Author::system("tests", state.clock.now_naive())
}

/// A fresh directory under the system's temp dir, removed with everything in
/// it when the last holder drops it: a full `make test` leaves nothing behind.
pub struct ScratchDir(PathBuf);

impl ScratchDir {
    pub fn new(prefix: &str) -> std::sync::Arc<Self> {
        let dir = std::env::temp_dir().join(unique(prefix));
        std::fs::create_dir_all(&dir).unwrap();
        std::sync::Arc::new(ScratchDir(dir))
    }

    pub fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}{}",
        &uuid::Uuid::new_v4().simple().to_string()[..10]
    )
}

pub fn settings(data_dir: PathBuf) -> Settings {
    let mut s = Settings::for_data_dir(data_dir);
    s.bind = "127.0.0.1:0".into();
    s.argon2_memory_kib = 64;
    s.argon2_iterations = 1;
    s.db_max_connections = 4;
    s.database_url = None;
    s.jwt_secret = Some("test secret test secret test secret 0123".into());
    s.demo = false;
    s.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    // Tests share one database: an instance's sender would send another
    // test's mail through its own transport. Mail tests switch it on
    // (holding `MAIL`); the others leave their mail in the outbox.
    s.mail_sender = false;
    // Tests on MariaDB/PostgreSQL share one database: an instance building
    // every school's homepage ahead would build every other test's too.
    s.prebuild_homepages = false;
    s.mail_poll_ms = 100;
    // Public reads are held to a number of statements (tests/api/public_reads.rs).
    s.query_count_header = true;
    // Files in a real object store when the test run starts one (Garage,
    // scripts/test.sh): each data directory its own prefix, as tests on
    // SQLite reuse site ids.
    if let Ok(endpoint) = std::env::var("YASS_TEST_S3_ENDPOINT") {
        s.s3_endpoint = Some(endpoint);
        s.s3_bucket = std::env::var("YASS_TEST_S3_BUCKET").expect("YASS_TEST_S3_BUCKET");
        s.s3_access_key_id = std::env::var("YASS_TEST_S3_ACCESS_KEY_ID").ok();
        s.s3_secret_access_key = std::env::var("YASS_TEST_S3_SECRET_ACCESS_KEY").ok();
        s.s3_prefix = s
            .data_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
    }
    s
}

/// A site's stored files (attachments as `files/…`, images as `images/…`),
/// read through the file store, whichever it is.
pub async fn stored_files(
    app: &TestApp,
    site: yass_api::storage::SiteId,
) -> std::collections::BTreeMap<String, Vec<u8>> {
    use futures_util::StreamExt;
    let mut out = std::collections::BTreeMap::new();
    for f in app.state.files.site_files(site).await.expect("list files") {
        let mut body = app.state.files.read(&f.key, None).await.expect("read file");
        let mut bytes = vec![];
        while let Some(chunk) = body.next().await {
            bytes.extend_from_slice(&chunk.expect("file chunk"));
        }
        out.insert(f.member, bytes);
    }
    out
}

async fn connect(data_dir: &std::path::Path) -> DatabaseConnection {
    if backend().as_str() == "sqlite" {
        let mut s = settings(data_dir.to_path_buf());
        s.db_max_connections = 4;
        let db = yass_api::db::connect(&s).await.expect("sqlite");
        yass_api::db::migrate(&db).await.expect("migrate sqlite");
        db
    } else {
        let mut s = settings(data_dir.to_path_buf());
        s.database_url = Some(shared_database_url().to_string());
        yass_api::db::connect(&s).await.expect("connect")
    }
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// A server with adjusted settings.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Settings)) -> Self {
        // Internal errors are logged with their cause; show them in test output.
        {
            use tracing_subscriber::prelude::*;
            let _ = tracing_subscriber::registry()
                .with(
                    tracing_subscriber::fmt::layer()
                        .with_test_writer()
                        .with_filter(tracing_subscriber::EnvFilter::new("error")),
                )
                .with(yass_api::metrics::pool_wait_layer())
                .try_init();
        }
        let scratch = ScratchDir::new("yass-test-");
        let db = connect(scratch.path()).await;
        Self::start(scratch, db, Clock::default(), adjust, None).await
    }

    /// A second instance on the same database (and clock), as behind nginx.
    pub async fn second_instance(&self) -> Self {
        self.second_instance_with(|_| {}).await
    }

    /// A second instance with adjusted settings.
    pub async fn second_instance_with(&self, adjust: impl FnOnce(&mut Settings)) -> Self {
        let db = connect(&self.data_dir).await;
        let site = (self.slug.clone(), self.site_id, self.admin_account.clone());
        let mut two = Self::start(
            self.scratch.clone(),
            db,
            self.clock.clone(),
            adjust,
            Some(site),
        )
        .await;
        // The same client, reaching another instance.
        two.client = self.client.clone();
        two.client_ip.clone_from(&self.client_ip);
        two
    }

    async fn start(
        scratch: std::sync::Arc<ScratchDir>,
        db: DatabaseConnection,
        clock: Clock,
        adjust: impl FnOnce(&mut Settings),
        site: Option<(String, yass_api::storage::SiteId, String)>,
    ) -> Self {
        let data_dir = scratch.path().to_path_buf();
        let mut s = settings(data_dir.clone());
        if backend() != "sqlite" {
            s.database_url = Some(shared_database_url().to_string());
        }
        adjust(&mut s);
        let app = Application::build_with(s, db, clock.clone())
            .await
            .expect("build app");
        let port = app.port();
        let state = app.state.clone();
        actix_web::rt::spawn(app.run_until_stopped());
        let bytes = uuid::Uuid::new_v4().into_bytes();
        let client_ip = format!("10.{}.{}.{}", bytes[0], bytes[1], bytes[2]);
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-forwarded-for", client_ip.parse().unwrap());
        let client = Client::builder()
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let (slug, site_id, admin_account) = if let Some(s) = site {
            s
        } else {
            let slug = unique("t");
            let (site, _) = yass_api::operations::sites::provision(
                &state,
                CreateSite {
                    slug: slug.clone(),
                    name: "測試國小".into(),
                    phone: Some("02-2345-6789".into()),
                    bare: true,
                    ..Default::default()
                },
                &tool(&state),
            )
            .await
            .expect("create site");
            let admin_group =
                yass_api::operations::sites::admin_group(&state, site.site_id(), &tool(&state))
                    .await
                    .unwrap();
            yass_api::operations::users::create(
                &state,
                Some(site.site_id()),
                CreateUser {
                    account: "webmaster".into(),
                    password: PASSWORD.into(),
                    display_name: None,
                    emails: vec![],
                    group_ids: vec![admin_group],
                    status: Some(UserStatus::Active),
                },
                tool(&state),
            )
            .await
            .expect("create admin");
            (slug, site.site_id(), "webmaster".into())
        };
        TestApp {
            addr: format!("http://127.0.0.1:{port}"),
            client,
            state,
            clock,
            data_dir,
            scratch,
            client_ip,
            slug,
            site_id,
            admin_account,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.addr, path)
    }

    /// `/api/v1/sites/{this test's site}{path}`
    pub fn site_url(&self, path: &str) -> String {
        self.url(&format!("/api/v1/sites/{}{}", self.slug, path))
    }

    pub async fn login(&self, account: &str, password: &str) -> Response {
        self.client
            .post(self.site_url("/auth/login"))
            .json(&json!({"account": account, "password": password}))
            .send()
            .await
            .unwrap()
    }

    /// An access token of the site admin.
    pub async fn admin_token(&self) -> String {
        self.token_of(&self.admin_account.clone(), PASSWORD).await
    }

    pub async fn token_of(&self, account: &str, password: &str) -> String {
        let res = self.login(account, password).await;
        assert_eq!(res.status(), StatusCode::OK, "login of {account}");
        let body: Value = res.json().await.unwrap();
        body["access_token"].as_str().unwrap().to_string()
    }

    /// A platform admin (created directly) and their token.
    /// A platform admin's access token, by signing in.
    pub async fn token_of_platform(&self, account: &str, password: &str) -> String {
        let res = self
            .client
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({"account": account, "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res.json::<Value>().await.unwrap()["access_token"]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub async fn platform_token(&self) -> String {
        let account = unique("root");
        yass_api::operations::users::create(
            &self.state,
            None,
            CreateUser {
                account: account.clone(),
                password: PASSWORD.into(),
                display_name: None,
                emails: vec![],
                group_ids: vec![],
                status: Some(UserStatus::Active),
            },
            tool(&self.state),
        )
        .await
        .unwrap();
        let res = self
            .client
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({"account": account, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res.json::<Value>().await.unwrap()["access_token"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// A second site on this server with its own admin; returns that admin's
    /// token (valid on that site only).
    pub async fn other_site_admin_token(&self) -> String {
        self.other_site().await.1
    }

    /// A second site on this server with its own admin: its slug and that
    /// admin's token.
    pub async fn other_site(&self) -> (String, String) {
        let slug = unique("o");
        let (site, _) = yass_api::operations::sites::provision(
            &self.state,
            CreateSite {
                slug: slug.clone(),
                name: "另一所國小".into(),
                bare: true,
                ..Default::default()
            },
            &tool(&self.state),
        )
        .await
        .unwrap();
        let g = yass_api::operations::sites::admin_group(
            &self.state,
            site.site_id(),
            &tool(&self.state),
        )
        .await
        .unwrap();
        yass_api::operations::users::create(
            &self.state,
            Some(site.site_id()),
            CreateUser {
                account: "other_admin".into(),
                password: PASSWORD.into(),
                display_name: None,
                emails: vec![],
                group_ids: vec![g],
                status: Some(UserStatus::Active),
            },
            tool(&self.state),
        )
        .await
        .unwrap();
        let res = self
            .client
            .post(self.url(&format!("/api/v1/sites/{slug}/auth/login")))
            .json(&json!({"account": "other_admin", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let token = res.json::<Value>().await.unwrap()["access_token"]
            .as_str()
            .unwrap()
            .to_string();
        (slug, token)
    }

    /// Creates a group over HTTP as the site admin; returns its id.
    pub async fn group(&self, token: &str, name: &str, kind: &str, parent: Option<i64>) -> i64 {
        let res = self
            .client
            .post(self.site_url("/groups"))
            .bearer_auth(token)
            .json(&json!({"name": name, "kind": kind, "parent_id": parent}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::CREATED,
            "{}",
            res.text().await.unwrap()
        );
        res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
    }

    /// Creates an active user in `groups` over HTTP; returns its id.
    pub async fn user(&self, token: &str, account: &str, groups: &[i64]) -> i64 {
        let res = self
            .client
            .post(self.site_url("/users"))
            .bearer_auth(token)
            .json(&json!({"account": account, "password": PASSWORD, "group_ids": groups, "status": "active"}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::CREATED,
            "{}",
            res.text().await.unwrap()
        );
        res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
    }
}

/// Asserts a problem+json response with `status` and `code`; returns the body.
pub async fn assert_problem(res: Response, status: u16, code: &str) -> Value {
    assert_eq!(res.status().as_u16(), status, "status");
    let ct = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    assert_eq!(ct, "application/problem+json");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], status);
    body
}
