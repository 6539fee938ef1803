//! Every write operation of the API (POST, PUT, PATCH, DELETE in the
//! committed OpenAPI document) is called once, successfully, from a fixture
//! here, and must leave exactly one audit entry of the expected kind and
//! action. An operation without a fixture fails the test, so a new write
//! cannot ship unrecorded. Sign-in, refresh and sign-out are exempt: they
//! are the auth log's. A few operations are reads that take their secret
//! in the body rather than the URL (so POST): their fixtures check that
//! they leave no entry.

use crate::content_helpers::{png, upload};
use crate::helpers::*;
use crate::site_archive::{post_archive, wait_for_job};
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::BTreeSet;

const EXEMPT: [(&str, &str); 6] = [
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/refresh"),
    ("POST", "/api/v1/auth/logout"),
    ("POST", "/api/v1/sites/{site}/auth/login"),
    ("POST", "/api/v1/sites/{site}/auth/refresh"),
    ("POST", "/api/v1/sites/{site}/auth/logout"),
];

fn write_operations() -> BTreeSet<(String, String)> {
    let doc: Value =
        serde_json::from_str(include_str!("../../../../openapi/openapi.json")).unwrap();
    let mut ops = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["post", "put", "patch", "delete"].contains(&method.as_str()) {
                ops.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    ops
}

/// Where an operation's entry is read: the test site's log, the platform
/// log filtered to a person (this test's platform admin by default), or to
/// one item, or another site's log (through the platform log).
#[derive(Clone)]
enum Log {
    Site,
    Platform,
    PlatformBy(i64),
    Item(&'static str, i64),
    SiteOf(String),
}

struct Run<'a> {
    app: &'a TestApp,
    root: String,
    root_id: i64,
    admin: String,
    covered: BTreeSet<(String, String)>,
}

impl Run<'_> {
    async fn log(&self, log: &Log) -> Value {
        let platform = |q: String| self.app.url(&format!("/api/v1/audit-log?per_page=1&{q}"));
        let url = match log {
            Log::Site => self.app.site_url("/audit-log?per_page=1"),
            Log::Platform => platform(format!("user={}", self.root_id)),
            Log::PlatformBy(user) => platform(format!("user={user}")),
            Log::Item(kind, id) => platform(format!("kind={kind}&entity={id}")),
            Log::SiteOf(slug) => platform(format!("site={slug}")),
        };
        let token = match log {
            Log::Site => &self.admin,
            _ => &self.root,
        };
        let res = self
            .app
            .client
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        res.json().await.unwrap()
    }

    async fn total(&self, log: &Log) -> i64 {
        self.log(log).await["total"].as_i64().unwrap()
    }

    /// Sends `body` to `url`, with `token` unless it is empty (a stranger);
    /// the call must succeed.
    async fn send(&self, method: &Method, url: &str, token: &str, body: Option<Value>) -> Value {
        let mut rb = self.app.client.request(method.clone(), self.app.url(url));
        if !token.is_empty() {
            rb = rb.bearer_auth(token);
        }
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let res = rb.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        assert!(status.is_success(), "{method} {url}: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// Calls a read that is a POST (its secret in the body) and checks that
    /// it left no entry where its write would have.
    async fn read(&mut self, template: &str, body: Value, log: Log) -> Value {
        let before = self.total(&log).await;
        let answer = self.send(&Method::POST, template, "", Some(body)).await;
        assert_eq!(
            self.total(&log).await,
            before,
            "POST {template} is a read: no entry"
        );
        self.covered.insert(("POST".into(), template.to_string()));
        answer
    }

    /// Calls `template` (with `url` filled in) and checks its one entry.
    #[allow(clippy::too_many_arguments)]
    async fn check(
        &mut self,
        method: Method,
        template: &str,
        url: &str,
        token: &str,
        body: Option<Value>,
        log: Log,
        expect: (&str, &str),
    ) -> Value {
        let before = self.total(&log).await;
        let answer = self.send(&method, url, token, body).await;
        self.entry_after(method, template, before, log, expect)
            .await;
        answer
    }

    async fn entry_after(
        &mut self,
        method: Method,
        template: &str,
        before: i64,
        log: Log,
        (kind, action): (&str, &str),
    ) {
        let after = self.log(&log).await;
        assert_eq!(
            after["total"].as_i64().unwrap(),
            before + 1,
            "{method} {template}: exactly one entry"
        );
        let e = &after["items"][0];
        assert_eq!(
            (e["kind"].as_str().unwrap(), e["action"].as_str().unwrap()),
            (kind, action),
            "{method} {template}: {e}"
        );
        assert!(
            e["changes"]["before"].is_object() || e["changes"]["after"].is_object(),
            "{method} {template}: a before or after: {e}"
        );
        self.covered
            .insert((method.to_string(), template.to_string()));
    }

    async fn upload(
        &mut self,
        template: &str,
        path: &str,
        name: &str,
        mime: &str,
        data: Vec<u8>,
        expect: (&str, &str),
    ) -> Value {
        let before = self.total(&Log::Site).await;
        let res = upload(self.app, &self.admin, path, name, mime, data).await;
        assert_eq!(res.status(), 201, "{template}");
        let body: Value = res.json().await.unwrap();
        self.entry_after(Method::POST, template, before, Log::Site, expect)
            .await;
        body
    }
}

/// The text of the newest message queued for `to` (this instance sends
/// no mail; the outbox keeps it).
async fn last_mail_to(app: &TestApp, to: &str) -> String {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    use yass_api::storage::entities::mail_outbox as o;
    o::Entity::find()
        .filter(o::Column::ToAddress.eq(to))
        .order_by_desc(o::Column::Id)
        .one(&app.state.db)
        .await
        .unwrap()
        .and_then(|m| m.body_text)
        .unwrap_or_else(|| panic!("a message to {to}"))
}

/// An application's id, by its slug (unconfirmed ones are in no list).
async fn application_id(app: &TestApp, slug: &str) -> i64 {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    use yass_api::storage::entities::school_applications as a;
    a::Entity::find()
        .filter(a::Column::Slug.eq(slug))
        .order_by_desc(a::Column::Id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("an application for {slug}"))
        .id
}

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap_or_else(|| panic!("an id in {v}"))
}

#[actix_web::test]
async fn every_write_operation_leaves_one_entry() {
    let _city = CITY_WIDE.lock().await;
    let _mail = MAIL.lock().await;
    let app = TestApp::spawn().await;
    let root_account = unique("root");
    let root_row = yass_api::operations::users::create(
        &app.state,
        None,
        yass_shared_types::users::CreateUser {
            account: root_account.clone(),
            password: PASSWORD.into(),
            display_name: None,
            emails: vec![],
            group_ids: vec![],
            status: Some(yass_shared_types::users::UserStatus::Active),
        },
        tool(&app.state),
    )
    .await
    .unwrap();
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"account": root_account, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let root = res.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let root_id = root_row.id;
    let admin = app.admin_token().await;
    let mut r = Run {
        app: &app,
        root: root.clone(),
        root_id,
        admin: admin.clone(),
        covered: BTreeSet::new(),
    };
    let s = format!("/api/v1/sites/{}", app.slug);
    let site = |p: &str| format!("{s}{p}");
    use Log::{Platform, Site};
    use Method as M;

    // Platform: sites and announcements.
    let other = unique("cov");
    r.check(
        M::POST,
        "/api/v1/sites",
        "/api/v1/sites",
        &root,
        Some(json!({"slug": other, "name": "覆蓋國小"})),
        Platform,
        ("site", "create"),
    )
    .await;
    r.check(
        M::PATCH,
        "/api/v1/sites/{site}",
        &site(""),
        &root,
        Some(json!({"slogan": "快樂學習"})),
        Site,
        ("site", "update"),
    )
    .await;
    // An export is recorded when it starts (the archive holds hashes).
    let started = r
        .check(
            M::POST,
            "/api/v1/site-archives/exports",
            "/api/v1/site-archives/exports",
            &root,
            Some(json!({"slug": other})),
            Platform,
            ("site", "export"),
        )
        .await;
    // An import runs as a job; the job's one entry names its starter.
    let job = started["job"]["id"].as_i64().unwrap();
    assert_eq!(wait_for_job(&app, &root, job).await["state"], "done");
    let url = started["download_url"].as_str().unwrap();
    let archive = app.client.get(app.url(url)).send().await.unwrap();
    let archive = archive.bytes().await.unwrap().to_vec();
    let before = r.total(&Platform).await;
    let res = post_archive(&app, &root, &unique("covcopy"), archive).await;
    assert_eq!(res.status(), 202);
    let job = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    assert_eq!(wait_for_job(&app, &root, job).await["state"], "done");
    r.entry_after(
        M::POST,
        "/api/v1/site-archives/imports",
        before,
        Platform,
        ("site", "import"),
    )
    .await;
    let a = r
        .check(
            M::POST,
            "/api/v1/announcements",
            "/api/v1/announcements",
            &root,
            Some(json!({"title": "颱風停課", "body": "<p>停課</p>"})),
            Platform,
            ("announcement", "create"),
        )
        .await;
    let a = id(&a);
    // Platform admins: made, changing their own password, asking for a
    // reset link (a stranger asks: the entry is the admin's, by no one).
    let pa_account = unique("pa");
    let pa = r
        .check(
            M::POST,
            "/api/v1/platform-admins",
            "/api/v1/platform-admins",
            &root,
            Some(
                json!({"account": pa_account, "password": PASSWORD, "status": "active",
                        "emails": [format!("{pa_account}@tp.edu.tw")]}),
            ),
            Platform,
            ("platform_admin", "create"),
        )
        .await;
    let pa_token = app.token_of_platform(&pa_account, PASSWORD).await;
    r.check(
        M::POST,
        "/api/v1/auth/me/password",
        "/api/v1/auth/me/password",
        &pa_token,
        Some(json!({"current_password": PASSWORD, "new_password": "a new platform pass"})),
        Log::PlatformBy(id(&pa)),
        ("platform_admin", "update"),
    )
    .await;
    r.check(
        M::POST,
        "/api/v1/auth/forgot-password",
        "/api/v1/auth/forgot-password",
        "",
        Some(json!({"account_or_email": pa_account})),
        Log::Item("platform_admin", id(&pa)),
        ("platform_admin", "reset_link"),
    )
    .await;
    r.check(
        M::PATCH,
        "/api/v1/platform-admins/{id}",
        &format!("/api/v1/platform-admins/{}", id(&pa)),
        &root,
        Some(json!({"status": "disabled"})),
        Platform,
        ("platform_admin", "update"),
    )
    .await;
    // Applications: approve and reject are platform entries.
    let (mut waiting_host, mut approved_slug, mut approved_email) =
        (String::new(), String::new(), String::new());
    for (template, action, body) in [
        ("/api/v1/manage/applications/{id}/approve", "approve", None),
        (
            "/api/v1/manage/applications/{id}/reject",
            "reject",
            Some(json!({"reason": "資料不全"})),
        ),
    ] {
        let f = crate::onboarding::form(&app);
        let email = f["email"].as_str().unwrap();
        if action == "approve" {
            waiting_host = f["hostname"].as_str().unwrap().to_string();
            approved_slug = f["slug"].as_str().unwrap().to_string();
            approved_email = email.to_string();
        }
        // The applicant's own steps are platform entries of the
        // application, by no account.
        let res = crate::onboarding::post(&app, "/api/v1/applications", None, &f).await;
        assert_eq!(res.status(), 202);
        let submitted = application_id(&app, f["slug"].as_str().unwrap()).await;
        let (confirm, status_key) = crate::onboarding::outbox_secrets(&app, email).await;
        if action == "approve" {
            let log = Log::Item("application", submitted);
            r.entry_after(
                M::POST,
                "/api/v1/applications",
                0,
                log.clone(),
                ("application", "submit"),
            )
            .await;
            r.check(
                M::POST,
                "/api/v1/applications/confirm",
                "/api/v1/applications/confirm",
                "",
                Some(json!({"token": confirm})),
                log.clone(),
                ("application", "confirm"),
            )
            .await;
            let status = r
                .read(
                    "/api/v1/applications/status",
                    json!({"token": status_key}),
                    log,
                )
                .await;
            assert_eq!(status["state"], "confirmed");
        } else {
            let res = crate::onboarding::post(
                &app,
                "/api/v1/applications/confirm",
                None,
                &json!({"token": confirm}),
            )
            .await;
            assert_eq!(res.status(), 200);
        }
        let queue: Value = app
            .client
            .get(app.url("/api/v1/manage/applications?state=confirmed&per_page=100"))
            .bearer_auth(&root)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let item = queue["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["slug"] == f["slug"])
            .unwrap();
        let url = template.replace("{id}", &id(item).to_string());
        r.check(
            M::POST,
            template,
            &url,
            &root,
            body,
            Platform,
            ("application", action),
        )
        .await;
    }
    // The approved school's webmaster chooses a password with the set-up
    // link: the user's own change, in that school's log.
    let setup = crate::mail_helpers::secret_of(
        &last_mail_to(&app, &approved_email).await,
        "/account/set-up",
    );
    let school = Log::SiteOf(approved_slug);
    r.read(
        "/api/v1/account/set-up/check",
        json!({"token": setup}),
        school.clone(),
    )
    .await;
    r.check(
        M::POST,
        "/api/v1/account/set-up",
        "/api/v1/account/set-up",
        "",
        Some(json!({"token": setup, "password": PASSWORD})),
        school,
        ("user", "update"),
    )
    .await;
    // The approved school's own hostname waited for the deploy's TLS.
    r.check(
        M::POST,
        "/api/v1/manage/hostnames/tls-ready",
        "/api/v1/manage/hostnames/tls-ready",
        &root,
        Some(json!({"hostnames": [waiting_host]})),
        Platform,
        ("site_host", "update"),
    )
    .await;
    r.check(
        M::PUT,
        "/api/v1/announcements/{id}",
        &format!("/api/v1/announcements/{a}"),
        &root,
        Some(json!({"title": "颱風停課一天"})),
        Platform,
        ("announcement", "update"),
    )
    .await;
    r.check(
        M::DELETE,
        "/api/v1/announcements/{id}",
        &format!("/api/v1/announcements/{a}"),
        &root,
        None,
        Platform,
        ("announcement", "delete"),
    )
    .await;

    // Groups and users.
    let g = r
        .check(
            M::POST,
            "/api/v1/sites/{site}/groups",
            &site("/groups"),
            &admin,
            Some(json!({"name": "教務處", "kind": "staff"})),
            Site,
            ("group", "create"),
        )
        .await;
    let g = id(&g);
    r.check(
        M::PATCH,
        "/api/v1/sites/{site}/groups/{id}",
        &site(&format!("/groups/{g}")),
        &admin,
        Some(json!({"name": "教務處室"})),
        Site,
        ("group", "update"),
    )
    .await;
    let spare = r
        .check(
            M::POST,
            "/api/v1/sites/{site}/groups",
            &site("/groups"),
            &admin,
            Some(json!({"name": "臨時", "kind": "normal"})),
            Site,
            ("group", "create"),
        )
        .await;
    r.check(
        M::DELETE,
        "/api/v1/sites/{site}/groups/{id}",
        &site(&format!("/groups/{}", id(&spare))),
        &admin,
        None,
        Site,
        ("group", "delete"),
    )
    .await;
    let teacher_email = format!("{}@es.tp.edu.tw", unique("teacher"));
    let u = r.check(M::POST, "/api/v1/sites/{site}/users", &site("/users"), &admin, Some(json!({"account": "teacher", "password": PASSWORD, "group_ids": [g], "status": "active", "emails": [teacher_email]})), Site, ("user", "create")).await;
    let u = id(&u);
    r.check(
        M::PATCH,
        "/api/v1/sites/{site}/users/{id}",
        &site(&format!("/users/{u}")),
        &admin,
        Some(json!({"display_name": "王老師"})),
        Site,
        ("user", "update"),
    )
    .await;
    let teacher = app.token_of("teacher", PASSWORD).await;
    r.check(
        M::PATCH,
        "/api/v1/sites/{site}/me",
        &site("/me"),
        &teacher,
        Some(json!({"display_name": "王大明老師"})),
        Site,
        ("user", "update"),
    )
    .await;
    r.check(
        M::POST,
        "/api/v1/sites/{site}/me/password",
        &site("/me/password"),
        &teacher,
        Some(json!({"current_password": PASSWORD, "new_password": "another long password"})),
        Site,
        ("user", "update"),
    )
    .await;
    // Forgotten: a stranger asks for the link (recorded with the address
    // it came from), and the link sets a new password.
    r.check(
        M::POST,
        "/api/v1/sites/{site}/forgot-password",
        &site("/forgot-password"),
        "",
        Some(json!({"account_or_email": "teacher"})),
        Site,
        ("user", "reset_link"),
    )
    .await;
    let reset =
        crate::mail_helpers::secret_of(&last_mail_to(&app, &teacher_email).await, "/account/reset");
    r.read("/api/v1/account/reset/check", json!({"token": reset}), Site)
        .await;
    r.check(
        M::POST,
        "/api/v1/account/reset",
        "/api/v1/account/reset",
        "",
        Some(json!({"token": reset, "password": "a reset long password"})),
        Site,
        ("user", "update"),
    )
    .await;
    let gone = r
        .check(
            M::POST,
            "/api/v1/sites/{site}/users",
            &site("/users"),
            &admin,
            Some(json!({"account": "leaver", "password": PASSWORD})),
            Site,
            ("user", "create"),
        )
        .await;
    r.check(
        M::DELETE,
        "/api/v1/sites/{site}/users/{id}",
        &site(&format!("/users/{}", id(&gone))),
        &admin,
        None,
        Site,
        ("user", "delete"),
    )
    .await;
    let t = r
        .check(
            M::POST,
            "/api/v1/sites/{site}/api-tokens",
            &site("/api-tokens"),
            &admin,
            Some(json!({"name": "校務系統", "scope": "read"})),
            Site,
            ("api_token", "create"),
        )
        .await;
    r.check(
        M::DELETE,
        "/api/v1/sites/{site}/api-tokens/{id}",
        &site(&format!(
            "/api-tokens/{}",
            t["token"]["id"].as_i64().unwrap()
        )),
        &admin,
        None,
        Site,
        ("api_token", "update"),
    )
    .await;

    // Settings.
    r.check(
        M::PUT,
        "/api/v1/sites/{site}/branding",
        &site("/branding"),
        &admin,
        Some(json!({"banner_urls": [], "logo_url": null})),
        Site,
        ("site", "update"),
    )
    .await;
    r.check(
        M::PUT,
        "/api/v1/sites/{site}/homepage-layout",
        &site("/homepage-layout"),
        &admin,
        Some(json!({"blocks": [{"kind": "news", "enabled": true, "count": 8}]})),
        Site,
        ("site", "update"),
    )
    .await;
    r.check(M::PUT, "/api/v1/sites/{site}/calendar", &site("/calendar"), &admin, Some(json!({"google_calendar": "https://calendar.google.com/calendar/embed?src=abc%40group.calendar.google.com"})), Site, ("site", "update")).await;

    // News, categories, attachments.
    let c = r
        .check(
            M::POST,
            "/api/v1/sites/{site}/news/categories",
            &site("/news/categories"),
            &admin,
            Some(json!({"name": "行政公告"})),
            Site,
            ("news_category", "create"),
        )
        .await;
    let c = id(&c);
    r.check(
        M::PATCH,
        "/api/v1/sites/{site}/news/categories/{id}",
        &site(&format!("/news/categories/{c}")),
        &admin,
        Some(json!({"name": "行政"})),
        Site,
        ("news_category", "update"),
    )
    .await;
    let n = r
        .check(
            M::POST,
            "/api/v1/sites/{site}/news",
            &site("/news"),
            &admin,
            Some(json!({"title": "開學", "group_id": g, "category_id": c})),
            Site,
            ("news", "create"),
        )
        .await;
    let n = id(&n);
    r.check(
        M::PUT,
        "/api/v1/sites/{site}/news/{id}",
        &site(&format!("/news/{n}")),
        &admin,
        Some(json!({"title": "開學典禮", "group_id": g})),
        Site,
        ("news", "update"),
    )
    .await;
    r.check(
        M::PATCH,
        "/api/v1/sites/{site}/news/{id}",
        &site(&format!("/news/{n}")),
        &admin,
        Some(json!({"pinned": true})),
        Site,
        ("news", "update"),
    )
    .await;
    r.check(
        M::POST,
        "/api/v1/sites/{site}/news/{id}/revisions/{number}/restore",
        &site(&format!("/news/{n}/revisions/1/restore")),
        &admin,
        None,
        Site,
        ("news", "restore"),
    )
    .await;
    let file = r
        .upload(
            "/api/v1/sites/{site}/news/{id}/attachments",
            &format!("/news/{n}/attachments"),
            "簡章.pdf",
            "application/pdf",
            b"%PDF-1.4 x".to_vec(),
            ("attachment", "create"),
        )
        .await;
    r.check(
        M::DELETE,
        "/api/v1/sites/{site}/attachments/{id}",
        &site(&format!("/attachments/{}", id(&file))),
        &admin,
        None,
        Site,
        ("attachment", "delete"),
    )
    .await;
    r.upload(
        "/api/v1/sites/{site}/images",
        "/images",
        "logo.png",
        "image/png",
        png(8, 8),
        ("image", "create"),
    )
    .await;
    r.check(
        M::DELETE,
        "/api/v1/sites/{site}/news/categories/{id}",
        &site(&format!("/news/categories/{c}")),
        &admin,
        None,
        Site,
        ("news_category", "delete"),
    )
    .await;
    r.check(
        M::DELETE,
        "/api/v1/sites/{site}/news/{id}",
        &site(&format!("/news/{n}")),
        &admin,
        None,
        Site,
        ("news", "delete"),
    )
    .await;

    // Pages.
    let p = r
        .check(
            M::POST,
            "/api/v1/sites/{site}/pages",
            &site("/pages"),
            &admin,
            Some(json!({"title": "學校簡介", "body": "<p>沿革</p>"})),
            Site,
            ("page", "create"),
        )
        .await;
    let p = id(&p);
    r.check(
        M::PUT,
        "/api/v1/sites/{site}/pages/{id}",
        &site(&format!("/pages/{p}")),
        &admin,
        Some(json!({"title": "學校簡介", "body": "<p>校史</p>"})),
        Site,
        ("page", "update"),
    )
    .await;
    r.check(
        M::POST,
        "/api/v1/sites/{site}/pages/{id}/revisions/{number}/restore",
        &site(&format!("/pages/{p}/revisions/1/restore")),
        &admin,
        None,
        Site,
        ("page", "restore"),
    )
    .await;
    r.upload(
        "/api/v1/sites/{site}/pages/{id}/attachments",
        &format!("/pages/{p}/attachments"),
        "校歌.pdf",
        "application/pdf",
        b"%PDF-1.4 y".to_vec(),
        ("attachment", "create"),
    )
    .await;
    r.check(
        M::DELETE,
        "/api/v1/sites/{site}/pages/{id}",
        &site(&format!("/pages/{p}")),
        &admin,
        None,
        Site,
        ("page", "delete"),
    )
    .await;

    // Links and their categories.
    let lc = r
        .check(
            M::POST,
            "/api/v1/sites/{site}/link-categories",
            &site("/link-categories"),
            &admin,
            Some(json!({"name": "教學資源"})),
            Site,
            ("link_category", "create"),
        )
        .await;
    let lc = id(&lc);
    r.check(
        M::PATCH,
        "/api/v1/sites/{site}/link-categories/{id}",
        &site(&format!("/link-categories/{lc}")),
        &admin,
        Some(json!({"name": "教學網站"})),
        Site,
        ("link_category", "update"),
    )
    .await;
    let l1 = id(&r.check(M::POST, "/api/v1/sites/{site}/links", &site("/links"), &admin, Some(json!({"title": "教育部", "url": "https://www.edu.tw/", "category_id": lc, "on_homepage": true})), Site, ("link", "create")).await);
    let l2 = id(&r.check(M::POST, "/api/v1/sites/{site}/links", &site("/links"), &admin, Some(json!({"title": "教育局", "url": "https://www.doe.gov.taipei/", "category_id": lc, "on_homepage": true})), Site, ("link", "create")).await);
    r.check(M::PUT, "/api/v1/sites/{site}/links/{id}", &site(&format!("/links/{l1}")), &admin, Some(json!({"title": "教育部網站", "url": "https://www.edu.tw/", "category_id": lc, "on_homepage": true})), Site, ("link", "update")).await;
    r.check(
        M::PUT,
        "/api/v1/sites/{site}/link-categories/{id}/order",
        &site(&format!("/link-categories/{lc}/order")),
        &admin,
        Some(json!({"ids": [l2, l1]})),
        Site,
        ("link", "reorder"),
    )
    .await;
    r.check(
        M::PUT,
        "/api/v1/sites/{site}/links/homepage/order",
        &site("/links/homepage/order"),
        &admin,
        Some(json!({"ids": [l1, l2]})),
        Site,
        ("link", "reorder"),
    )
    .await;
    let cats: Value = app
        .client
        .get(app.url(&site("/links")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut cat_ids: Vec<i64> = cats.as_array().unwrap().iter().map(id).collect();
    cat_ids.reverse();
    r.check(
        M::PUT,
        "/api/v1/sites/{site}/link-categories/order",
        &site("/link-categories/order"),
        &admin,
        Some(json!({"ids": cat_ids})),
        Site,
        ("link_category", "reorder"),
    )
    .await;
    r.check(
        M::DELETE,
        "/api/v1/sites/{site}/links/{id}",
        &site(&format!("/links/{l2}")),
        &admin,
        None,
        Site,
        ("link", "delete"),
    )
    .await;
    r.check(
        M::DELETE,
        "/api/v1/sites/{site}/link-categories/{id}",
        &site(&format!("/link-categories/{lc}")),
        &admin,
        None,
        Site,
        ("link_category", "delete"),
    )
    .await;

    // Extensions.
    let e1 = id(&r
        .check(
            M::POST,
            "/api/v1/sites/{site}/extensions",
            &site("/extensions"),
            &admin,
            Some(json!({"title": "教務處", "extension": "110"})),
            Site,
            ("extension", "create"),
        )
        .await);
    let e2 = id(&r
        .check(
            M::POST,
            "/api/v1/sites/{site}/extensions",
            &site("/extensions"),
            &admin,
            Some(json!({"title": "學務處", "extension": "120"})),
            Site,
            ("extension", "create"),
        )
        .await);
    r.check(
        M::PUT,
        "/api/v1/sites/{site}/extensions/{id}",
        &site(&format!("/extensions/{e1}")),
        &admin,
        Some(json!({"title": "教務處", "extension": "111"})),
        Site,
        ("extension", "update"),
    )
    .await;
    r.check(
        M::PUT,
        "/api/v1/sites/{site}/extensions/order",
        &site("/extensions/order"),
        &admin,
        Some(json!({"ids": [e2, e1]})),
        Site,
        ("extension", "reorder"),
    )
    .await;
    r.check(
        M::DELETE,
        "/api/v1/sites/{site}/extensions/{id}",
        &site(&format!("/extensions/{e2}")),
        &admin,
        None,
        Site,
        ("extension", "delete"),
    )
    .await;

    // Calendar events.
    let when = json!({"kind": "all_day", "start": "2026-10-24", "end": "2026-10-25"});
    let ev = id(&r
        .check(
            M::POST,
            "/api/v1/sites/{site}/calendar/events",
            &site("/calendar/events"),
            &admin,
            Some(json!({"title": "校慶", "when": when})),
            Site,
            ("calendar_event", "create"),
        )
        .await);
    r.check(
        M::PUT,
        "/api/v1/sites/{site}/calendar/events/{id}",
        &site(&format!("/calendar/events/{ev}")),
        &admin,
        Some(json!({"title": "校慶運動會", "when": when})),
        Site,
        ("calendar_event", "update"),
    )
    .await;
    r.check(
        M::DELETE,
        "/api/v1/sites/{site}/calendar/events/{id}",
        &site(&format!("/calendar/events/{ev}")),
        &admin,
        None,
        Site,
        ("calendar_event", "delete"),
    )
    .await;

    // The menu.
    let menu = id(&r
        .check(
            M::POST,
            "/api/v1/sites/{site}/nav",
            &site("/nav"),
            &admin,
            Some(json!({"name": "認識我們", "target": {"type": "submenu"}})),
            Site,
            ("nav_item", "create"),
        )
        .await);
    let item = id(&r.check(M::POST, "/api/v1/sites/{site}/nav", &site("/nav"), &admin, Some(json!({"name": "首頁連結", "target": {"type": "link", "url": "https://example.tw/", "new_tab": false}})), Site, ("nav_item", "create")).await);
    r.check(
        M::PATCH,
        "/api/v1/sites/{site}/nav/{id}",
        &site(&format!("/nav/{item}")),
        &admin,
        Some(json!({"name": "外部連結"})),
        Site,
        ("nav_item", "update"),
    )
    .await;
    r.check(
        M::POST,
        "/api/v1/sites/{site}/nav/{id}/move",
        &site(&format!("/nav/{item}/move")),
        &admin,
        Some(json!({"parent_id": menu, "position": 0})),
        Site,
        ("nav_item", "move"),
    )
    .await;
    r.check(
        M::DELETE,
        "/api/v1/sites/{site}/nav/{id}",
        &site(&format!("/nav/{menu}?children=delete")),
        &admin,
        None,
        Site,
        ("nav_item", "delete"),
    )
    .await;

    // The trash: a deleted extension comes back, a deleted event goes for good.
    let trash: Value = app
        .client
        .get(app.url(&site("/trash")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let entry = |kind: &str, item: i64| {
        trash
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["kind"] == kind && t["item_id"] == item)
            .map_or_else(|| panic!("{kind} {item} in the trash: {trash}"), id)
    };
    let (ext_entry, event_entry) = (entry("extension", e2), entry("calendar_event", ev));
    r.check(
        M::POST,
        "/api/v1/sites/{site}/trash/{id}/restore",
        &site(&format!("/trash/{ext_entry}/restore")),
        &admin,
        None,
        Site,
        ("extension", "restore"),
    )
    .await;
    r.check(
        M::DELETE,
        "/api/v1/sites/{site}/trash/{id}",
        &site(&format!("/trash/{event_entry}")),
        &admin,
        None,
        Site,
        ("calendar_event", "purge"),
    )
    .await;

    // Every write operation was called, and nothing else was named.
    let exempt: BTreeSet<(String, String)> = EXEMPT
        .iter()
        .map(|(m, p)| ((*m).to_string(), (*p).to_string()))
        .collect();
    let all = write_operations();
    let missing: Vec<_> = all
        .iter()
        .filter(|o| !exempt.contains(*o) && !r.covered.contains(*o))
        .collect();
    assert!(
        missing.is_empty(),
        "write operations without a fixture: {missing:?}"
    );
    let unknown: Vec<_> = r.covered.iter().filter(|o| !all.contains(*o)).collect();
    assert!(
        unknown.is_empty(),
        "fixtures for operations the document lacks: {unknown:?}"
    );
}
