//! The audit log (issue 14): one entry per committed change, written in the
//! change's own transaction, readable by site admins (their site) and
//! platform admins (everything), purged by retention.

use crate::content_helpers::*;
use crate::helpers::*;
use reqwest::Method;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

async fn call(
    app: &TestApp,
    method: Method,
    url: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut rb = app.client.request(method, url).bearer_auth(token);
    if let Some(b) = body {
        rb = rb.json(&b);
    }
    let res = rb.send().await.unwrap();
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// The site's log as its admin reads it (`query` starts with `?` or is empty).
async fn site_log(app: &TestApp, token: &str, query: &str) -> Value {
    let (status, body) = call(
        app,
        Method::GET,
        &app.site_url(&format!("/audit-log{query}")),
        token,
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn total(app: &TestApp, token: &str) -> i64 {
    site_log(app, token, "").await["total"].as_i64().unwrap()
}

#[actix_web::test]
async fn each_change_is_one_entry_with_what_changed() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let id = news(
        &app,
        &c.t_academic,
        json!({"title": "開學通知", "body": "<p>九月一日</p>", "group_id": c.academic}),
    )
    .await;

    let log = site_log(&app, &c.admin, "?kind=news").await;
    assert_eq!(log["total"], 1, "{log}");
    let e = &log["items"][0];
    assert_eq!(e["action"], "create");
    assert_eq!(e["entity_id"], id);
    assert_eq!(e["label"], "開學通知");
    assert_eq!(e["actor_name"], "u_academic");
    assert_eq!(e["client_addr"], app.client_ip.as_str());
    assert_eq!(e["site_slug"], app.slug.as_str());
    assert_eq!(e["changes"]["after"]["title"], "開學通知");
    assert!(
        e["changes"]["after"].get("id").is_none(),
        "ids and times are the entry's own"
    );

    // An edit records only what changed, before and after.
    let (s, _) = call(
        &app,
        Method::PATCH,
        &app.site_url(&format!("/news/{id}")),
        &c.t_academic,
        Some(json!({"title": "開學典禮通知"})),
    )
    .await;
    assert_eq!(s, 200);
    let log = site_log(&app, &c.admin, &format!("?kind=news&entity={id}")).await;
    assert_eq!(log["total"], 2);
    let e = &log["items"][0];
    assert_eq!(e["action"], "update");
    assert_eq!(
        e["changes"],
        json!({"before": {"title": "開學通知"}, "after": {"title": "開學典禮通知"}})
    );

    // A delete records what the item held.
    let (s, _) = call(
        &app,
        Method::DELETE,
        &app.site_url(&format!("/news/{id}")),
        &c.admin,
        None,
    )
    .await;
    assert_eq!(s, 204);
    let log = site_log(&app, &c.admin, "?kind=news").await;
    assert_eq!(log["total"], 3);
    let e = &log["items"][0];
    assert_eq!(e["action"], "delete");
    assert_eq!(e["changes"]["before"]["title"], "開學典禮通知");
    assert_eq!(e["actor_name"], app.admin_account.as_str());
}

#[actix_web::test]
async fn secrets_never_reach_the_log() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let user = app.user(&admin, "teacher", &[]).await;
    let (s, _) = call(
        &app,
        Method::PATCH,
        &app.site_url(&format!("/users/{user}")),
        &admin,
        Some(json!({"password": "a brand new secret 1"})),
    )
    .await;
    assert_eq!(s, 200);
    let (s, token) = call(
        &app,
        Method::POST,
        &app.site_url("/api-tokens"),
        &admin,
        Some(json!({"name": "校務系統", "scope": "read"})),
    )
    .await;
    assert_eq!(s, 201, "{token}");
    let log = site_log(&app, &admin, "").await;
    let text = log.to_string();
    assert!(!text.contains("a brand new secret 1"));
    assert!(!text.contains("argon2"), "no password hash");
    assert!(!text.contains("token_hash"));
    let secret = token["secret"].as_str().expect("the secret is shown once");
    assert!(!text.contains(secret), "no token secret");
    let pw = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "user" && e["entity_id"] == user && e["action"] == "update")
        .expect("the password change has an entry");
    assert_eq!(
        pw["changes"]["after"]["password"],
        "set by an administrator"
    );
}

#[actix_web::test]
async fn a_refused_write_leaves_no_entry() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let before = total(&app, &c.admin).await;
    // Invalid input (422), no right (403), unknown item (404).
    assert_eq!(
        post_news(&app, &c.admin, json!({"title": "", "group_id": c.academic}))
            .await
            .status(),
        422
    );
    assert_eq!(
        post_news(
            &app,
            &c.t_student,
            json!({"title": "x", "group_id": c.academic})
        )
        .await
        .status(),
        403
    );
    let (s, _) = call(
        &app,
        Method::DELETE,
        &app.site_url("/news/999999999"),
        &c.admin,
        None,
    )
    .await;
    assert_eq!(s, 404);
    assert_eq!(total(&app, &c.admin).await, before);
}

/// A trigger the test creates makes the audit insert fail for one label:
/// the change it belongs to must roll back with it.
async fn refuse_audit_for(app: &TestApp, label: &str, name: &str) {
    let db = &app.state.db;
    let backend = db.get_database_backend();
    let stmts: Vec<String> = match backend {
        sea_orm::DbBackend::Sqlite => vec![format!(
            "CREATE TRIGGER {name} BEFORE INSERT ON audit_entries WHEN NEW.label = '{label}' \
             BEGIN SELECT RAISE(ABORT, 'audit refused'); END"
        )],
        sea_orm::DbBackend::MySql => vec![format!(
            "CREATE TRIGGER {name} BEFORE INSERT ON audit_entries FOR EACH ROW BEGIN \
             IF NEW.label = '{label}' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit refused'; END IF; END"
        )],
        _ => vec![
            format!(
                "CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN \
                 IF NEW.label = '{label}' THEN RAISE EXCEPTION 'audit refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
            ),
            format!(
                "CREATE TRIGGER {name} BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION {name}()"
            ),
        ],
    };
    for s in stmts {
        db.execute_unprepared(&s).await.unwrap();
    }
}

async fn drop_trigger(app: &TestApp, name: &str) {
    let db = &app.state.db;
    let backend = db.get_database_backend();
    let stmts: Vec<String> = match backend {
        sea_orm::DbBackend::Postgres => vec![
            format!("DROP TRIGGER {name} ON audit_entries"),
            format!("DROP FUNCTION {name}()"),
        ],
        _ => vec![format!("DROP TRIGGER {name}")],
    };
    for s in stmts {
        db.execute_unprepared(&s).await.unwrap();
    }
}

#[actix_web::test]
async fn a_write_whose_entry_fails_is_undone() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    let label = unique("FAIL-");
    let trigger = unique("audit_refuse_");
    refuse_audit_for(&app, &label, &trigger).await;
    let before = total(&app, &c.admin).await;
    let res = post_news(
        &app,
        &c.admin,
        json!({"title": label, "group_id": c.academic}),
    )
    .await;
    let status = res.status().as_u16();
    drop_trigger(&app, &trigger).await;
    assert_eq!(status, 500, "a database error is the server's");
    let (_, list) = get_json(&app, "/manage/news", Some(&c.admin)).await;
    assert!(
        !list.to_string().contains(&label),
        "the item was rolled back: {list}"
    );
    assert_eq!(total(&app, &c.admin).await, before);
    // And the same write goes through once the database accepts the entry.
    assert_eq!(
        post_news(
            &app,
            &c.admin,
            json!({"title": label, "group_id": c.academic})
        )
        .await
        .status(),
        201
    );
    assert_eq!(total(&app, &c.admin).await, before + 1);
}

#[actix_web::test]
async fn a_request_that_changes_many_rows_is_one_entry() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let mut ids = vec![];
    for (t, n) in [("教務處", "110"), ("學務處", "120"), ("總務處", "130")] {
        let (s, e) = call(
            &app,
            Method::POST,
            &app.site_url("/extensions"),
            &admin,
            Some(json!({"title": t, "extension": n})),
        )
        .await;
        assert_eq!(s, 201, "{e}");
        ids.push(e["id"].as_i64().unwrap());
    }
    let before = total(&app, &admin).await;
    let (s, _) = call(
        &app,
        Method::PUT,
        &app.site_url("/extensions/order"),
        &admin,
        Some(json!({"ids": [ids[2], ids[0], ids[1]]})),
    )
    .await;
    assert_eq!(s, 200);
    let log = site_log(&app, &admin, "").await;
    assert_eq!(log["total"].as_i64().unwrap(), before + 1);
    assert_eq!(log["items"][0]["action"], "reorder");
    assert_eq!(
        log["items"][0]["changes"]["after"]["order"],
        json!([ids[2], ids[0], ids[1]])
    );

    // A submenu deleted with its two items: one entry, the items under `also`.
    let (_, menu) = call(
        &app,
        Method::POST,
        &app.site_url("/nav"),
        &admin,
        Some(json!({"name": "認識我們", "target": {"type": "submenu"}})),
    )
    .await;
    let menu = menu["id"].as_i64().unwrap();
    for n in ["沿革", "校歌"] {
        let (s, _) = call(&app, Method::POST, &app.site_url("/nav"), &admin,
            Some(json!({"name": n, "parent_id": menu, "target": {"type": "link", "url": "https://example.tw/", "new_tab": false}}))).await;
        assert_eq!(s, 201);
    }
    let before = total(&app, &admin).await;
    let (s, _) = call(
        &app,
        Method::DELETE,
        &app.site_url(&format!("/nav/{menu}?children=delete")),
        &admin,
        None,
    )
    .await;
    assert_eq!(s, 204);
    let log = site_log(&app, &admin, "").await;
    assert_eq!(log["total"].as_i64().unwrap(), before + 1);
    let e = &log["items"][0];
    assert_eq!(
        (
            e["kind"].as_str(),
            e["action"].as_str(),
            e["entity_id"].as_i64()
        ),
        (Some("nav_item"), Some("delete"), Some(menu))
    );
    let also: Vec<&str> = e["changes"]["also"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["label"].as_str().unwrap())
        .collect();
    assert_eq!(also.len(), 2, "{e}");
    assert!(also.contains(&"沿革") && also.contains(&"校歌"));
}

#[actix_web::test]
async fn only_admins_read_the_log_and_each_only_theirs() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    news(
        &app,
        &c.admin,
        json!({"title": "本校消息", "group_id": c.academic}),
    )
    .await;
    // Staff, strangers and another school's admin read nothing.
    let url = app.site_url("/audit-log");
    assert_eq!(
        call(&app, Method::GET, &url, &c.t_academic, None).await.0,
        403
    );
    assert_eq!(app.client.get(&url).send().await.unwrap().status(), 401);
    let (other_slug, other) = app.other_site().await;
    assert_eq!(call(&app, Method::GET, &url, &other, None).await.0, 401);
    // The other school's log holds none of this school's entries.
    let (s, theirs) = call(
        &app,
        Method::GET,
        &app.url(&format!("/api/v1/sites/{other_slug}/audit-log")),
        &other,
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert!(!theirs.to_string().contains("本校消息"));
    // The platform log is for platform admins only.
    assert_eq!(
        call(
            &app,
            Method::GET,
            &app.url("/api/v1/audit-log"),
            &c.admin,
            None
        )
        .await
        .0,
        403
    );
    // Filters: by person and by kind.
    let mine = site_log(&app, &c.admin, "?kind=group").await;
    assert!(
        mine["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["kind"] == "group")
    );
    assert!(
        mine["total"].as_i64().unwrap() >= 4,
        "the cast made four groups"
    );
    let (s, bad) = call(
        &app,
        Method::GET,
        &app.site_url("/audit-log?kind=DROP%20TABLE"),
        &c.admin,
        None,
    )
    .await;
    assert_eq!(s, 422, "{bad}");
    // No API changes an entry.
    for m in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
        let (s, _) = call(&app, m.clone(), &url, &c.admin, Some(json!({}))).await;
        assert!(s == 404 || s == 405, "{m} on the log: {s}");
    }
}

#[actix_web::test]
async fn platform_admins_read_platform_actions_and_every_site() {
    let _city = CITY_WIDE.lock().await;
    let app = TestApp::spawn().await;
    let root = app.platform_token().await;
    let title = unique("颱風停課");
    let (s, a) = call(
        &app,
        Method::POST,
        &app.url("/api/v1/announcements"),
        &root,
        Some(json!({"title": title, "body": "<p>停課</p>"})),
    )
    .await;
    assert_eq!(s, 201, "{a}");
    let (s, log) = call(
        &app,
        Method::GET,
        &app.url("/api/v1/audit-log?site=-&kind=announcement"),
        &root,
        None,
    )
    .await;
    assert_eq!(s, 200, "{log}");
    let e = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["label"] == title.as_str())
        .expect("the announcement's entry");
    assert_eq!(e["site_slug"], Value::Null);
    assert_eq!(e["action"], "create");
    // A school's entries, by slug.
    let admin = app.admin_token().await;
    app.group(&admin, "輔導室", "staff", None).await;
    let (s, log) = call(
        &app,
        Method::GET,
        &app.url(&format!("/api/v1/audit-log?site={}&kind=group", app.slug)),
        &root,
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert!(
        log["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["label"] == "輔導室" && e["site_slug"] == app.slug.as_str())
    );
    // Platform entries never show in a school's log.
    assert!(
        !site_log(&app, &admin, "")
            .await
            .to_string()
            .contains(&title)
    );
}

#[actix_web::test]
async fn retention_drops_addresses_then_entries() {
    let app = TestApp::spawn_with(|s| {
        s.auth_log_retention_days = 30;
        s.audit_retention_days = 60;
    })
    .await;
    let admin = app.admin_token().await;
    // Entries written 45 and 61 days ago, through the storage API with an
    // old author time (the clock is not moved: other tests share the database).
    for days in [45, 61] {
        let mut author = tool(&app.state);
        author.at -= chrono::TimeDelta::days(days);
        author.client_addr = Some("10.9.9.9".into());
        let tx = yass_api::storage::SiteTx::begin(&app.state.db, app.site_id, author)
            .await
            .unwrap();
        yass_api::storage::groups::create(
            &tx,
            yass_api::storage::groups::NewGroup {
                name: format!("舊群組{days}"),
                kind: yass_shared_types::users::GroupKind::Normal,
                parent_id: None,
                order: 0,
                at: app.clock.now_naive(),
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
    app.group(&admin, "新群組", "normal", None).await;
    yass_api::housekeeping::purge(&app.state).await.unwrap();
    // Idempotent: every instance runs it.
    yass_api::housekeeping::purge(&app.state).await.unwrap();
    let log = site_log(&app, &admin, "?kind=group").await;
    let by_label = |l: &str| {
        log["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["label"] == l)
            .cloned()
    };
    assert!(by_label("舊群組61").is_none(), "past retention: purged");
    let kept = by_label("舊群組45").expect("within retention: kept");
    assert_eq!(
        kept["client_addr"],
        Value::Null,
        "its address is gone after the auth log's retention"
    );
    assert_eq!(
        by_label("新群組").unwrap()["client_addr"],
        app.client_ip.as_str()
    );
}
