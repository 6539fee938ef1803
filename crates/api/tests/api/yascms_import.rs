//! Importing a yascms school (issue 17) from a real MariaDB database made
//! from yascms's schema (tests/fixtures/yascms/school.sql) and its upload
//! folder, into whichever database this run tests: a dry run that reports
//! and writes nothing, then the import, checked through the API.

use crate::helpers::*;
use reqwest::Method;
use sea_orm::{ConnectionTrait, Database};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;
use yass_api::operations::yascms::{self, YascmsImport};

fn mariadb() -> String {
    std::env::var("YASS_TEST_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".into())
}

/// A fresh yascms database from the fixture; dropped by the guard.
struct YascmsDb {
    name: String,
}

impl YascmsDb {
    async fn create() -> Self {
        let name = unique("yascms_");
        let root = Database::connect(format!("{}/mysql", mariadb()))
            .await
            .unwrap();
        root.execute_unprepared(&format!("CREATE DATABASE {name} CHARACTER SET utf8mb4"))
            .await
            .unwrap();
        root.close().await.unwrap();
        let db = Database::connect(format!("{}/{name}", mariadb()))
            .await
            .unwrap();
        let sql = include_str!("../fixtures/yascms/school.sql");
        let body: String = sql
            .lines()
            .filter(|l| !l.trim_start().starts_with("--"))
            .collect::<Vec<_>>()
            .join("\n");
        for stmt in body.split(";\n").map(str::trim).filter(|s| !s.is_empty()) {
            db.execute_unprepared(stmt)
                .await
                .unwrap_or_else(|e| panic!("{stmt}: {e}"));
        }
        db.close().await.unwrap();
        YascmsDb { name }
    }

    fn url(&self) -> String {
        format!("{}/{}", mariadb(), self.name)
    }

    async fn run(&self, sql: &str) {
        let db = Database::connect(self.url()).await.unwrap();
        db.execute_unprepared(sql).await.unwrap();
        db.close().await.unwrap();
    }

    async fn drop_it(self) {
        let root = Database::connect(format!("{}/mysql", mariadb()))
            .await
            .unwrap();
        root.execute_unprepared(&format!("DROP DATABASE IF EXISTS {}", self.name))
            .await
            .unwrap();
    }
}

fn uploads() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/yascms/uploads")
}

fn opts(db: &YascmsDb, slug: &str, dry_run: bool) -> YascmsImport {
    YascmsImport {
        mysql_url: db.url(),
        uploads: uploads(),
        slug: slug.to_string(),
        host: Some(format!("{slug}.old-school.test")),
        dry_run,
    }
}

async fn get(app: &TestApp, path: &str, token: Option<&str>) -> (u16, Value) {
    let mut rb = app.client.request(Method::GET, app.url(path));
    if let Some(t) = token {
        rb = rb.bearer_auth(t);
    }
    let res = rb.send().await.unwrap();
    (
        res.status().as_u16(),
        res.json().await.unwrap_or(Value::Null),
    )
}

async fn sign_in(app: &TestApp, slug: &str, account: &str, password: &str) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/sites/{slug}/auth/login")))
        .json(&serde_json::json!({"account": account, "password": password}))
        .send()
        .await
        .unwrap()
}

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[actix_web::test]
async fn a_yascms_school_comes_over_with_its_people_news_pages_menu_and_files() {
    let app = TestApp::spawn().await;
    let src = YascmsDb::create().await;
    let quiet: yass_api::operations::site_archive::Progress = Arc::new(|_: &str| {});
    let slug = unique("old");

    // The dry run reports, writes nothing.
    let dry = yascms::import(
        &app.state,
        &opts(&src, &slug, true),
        &tool(&app.state),
        quiet.clone(),
    )
    .await
    .unwrap();
    assert_eq!(dry.revision, "1ad0bec34604");
    assert!(dry.blocking.is_empty(), "{:?}", dry.blocking);
    let notes = dry.notes.join("\n");
    for expected in [
        "遺失的檔案.doc",
        "news 1",
        "sanitizer",
        "沒有發佈群組的公告",
        "oauthonly",
        "empty tag",
        "banner02.jpg",
        "homepage block of page",
    ] {
        assert!(notes.contains(expected), "{expected} not in:\n{notes}");
    }
    let left = dry.left_out.join("\n");
    assert!(
        left.contains("API tokens") && left.contains("auth_logs"),
        "{left}"
    );
    assert!(dry.counts.contains(&("news", 6)), "{:?}", dry.counts);
    assert!(
        yass_api::storage::sites::by_slug(&app.state.db, &slug)
            .await
            .unwrap()
            .is_none()
    );

    // The import.
    let done = yascms::import(
        &app.state,
        &opts(&src, &slug, false),
        &tool(&app.state),
        quiet.clone(),
    )
    .await
    .unwrap();
    assert!(done.imported.is_some());
    let site = format!("/api/v1/sites/{slug}");
    let (s, public) = get(&app, &site, None).await;
    assert_eq!(s, 200);
    assert_eq!(public["name"], "臺北市立舊站國民小學");
    assert_eq!(public["phone"], "02-2345-0000");

    // Banners and link icons became yass images; the homepage keeps its order.
    let banners = public["banner_urls"].as_array().unwrap().clone();
    assert_eq!(
        banners.len(),
        1,
        "the missing banner02.jpg is left out: {public}"
    );
    let res = app
        .client
        .get(app.url(banners[0].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = sign_in(&app, &slug, "admin", "admin4yascms").await;
    let early = res.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, layout) = get(&app, &format!("{site}/homepage-layout"), Some(&early)).await;
    let order: Vec<String> = layout["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["enabled"] == true)
        .map(|b| b["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        order,
        vec!["announcements", "news", "extensions", "links"],
        "{layout}"
    );
    assert_eq!(layout["blocks"][1]["count"], 20);

    // People: passwords keep working; states stay.
    let res = sign_in(&app, &slug, "admin", "admin4yascms").await;
    assert_eq!(res.status(), 200);
    let admin = res.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        sign_in(&app, &slug, "teacher1", "teacher-pass")
            .await
            .status(),
        200
    );
    assert_eq!(
        sign_in(&app, &slug, "gone", "teacher-pass").await.status(),
        401,
        "disabled stays disabled"
    );
    assert_eq!(sign_in(&app, &slug, "oauthonly", "*").await.status(), 401);
    let (_, users) = get(&app, &format!("{site}/users"), Some(&admin)).await;
    let users = users.get("items").cloned().unwrap_or(users);
    let users = users.as_array().unwrap().clone();
    let user = |a: &str| users.iter().find(|u| u["account"] == a).unwrap().clone();
    assert_eq!(user("newbie")["status"], "must_change_password");
    assert_eq!(user("teacher1")["display_name"], "王老師");
    assert_eq!(user("teacher1")["emails"].as_array().unwrap().len(), 2);
    let (_, groups) = get(&app, &format!("{site}/groups"), Some(&admin)).await;
    let flat = groups.to_string();
    for g in ["教務處", "註冊組", "全體教師", "最高管理者群組"] {
        assert!(flat.contains(g), "{g} in {flat}");
    }

    // News: the visible ones for visitors, the pinned one pinned, the
    // expired, scheduled and hidden ones only in the admin's list.
    let (_, list) = get(&app, &format!("{site}/news?per_page=100"), None).await;
    let pinned: Vec<String> = list["pinned"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["title"].as_str().unwrap().to_string())
        .collect();
    let items: Vec<String> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["title"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(pinned, vec!["115學年度新生入學報到"]);
    assert!(
        items.contains(&"舊版編輯器的公告".to_string())
            && items.contains(&"沒有發佈群組的公告".to_string()),
        "{items:?}"
    );
    for hidden in ["已過期的停課通知", "排程中的校慶公告", "隱藏的草稿"] {
        assert!(
            !items.contains(&hidden.to_string()) && !pinned.contains(&hidden.to_string()),
            "{hidden} is shown"
        );
    }
    let (_, all) = get(
        &app,
        &format!("{site}/manage/news?per_page=100"),
        Some(&admin),
    )
    .await;
    assert_eq!(all["total"], 6);
    let scheduled = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["title"] == "排程中的校慶公告")
        .unwrap();
    assert_eq!(
        scheduled["visible_from"], "2099-12-01T00:00:00Z",
        "08:00 in Taipei"
    );
    let first = list["pinned"][0]["id"].as_i64().unwrap();
    let (_, item) = get(&app, &format!("{site}/news/{first}"), None).await;
    let body = item["body"].as_str().unwrap();
    assert!(
        body.contains("<b>8月1日</b>") && !body.contains("script") && !body.contains("onerror"),
        "{body}"
    );
    assert_eq!(item["tags"].as_array().unwrap().len(), 2);
    let atts = item["attachments"].as_array().unwrap();
    assert_eq!(atts.len(), 1, "the missing file's attachment is left out");
    let res = app
        .client
        .get(app.url(atts[0]["url"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.bytes().await.unwrap().as_ref(),
        std::fs::read(uploads().join("news/2026/11/1_abcd1234.pdf"))
            .unwrap()
            .as_slice()
    );
    let plain = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["title"] == "沒有發佈群組的公告")
        .unwrap();
    let (_, plain) = get(&app, &format!("{site}/news/{}", plain["id"]), None).await;
    assert_eq!(plain["body"], "<p>純文字 &amp; &lt;不是標籤&gt;</p>");

    // The menu with every kind of item.
    let (_, nav) = get(&app, &format!("{site}/nav"), None).await;
    let top = names(&nav);
    assert_eq!(
        top,
        vec!["認識學校", "最新消息", "常用分機", "好站連結"],
        "{nav}"
    );
    let about = &nav[0];
    let subs = names(&about["children"]);
    assert_eq!(
        subs,
        vec!["學校簡介", "分隔線", "臺北市教育局", "教職員專區", "榮譽榜"],
        "hidden items are not shown: {about}"
    );
    let kinds: Vec<String> = about["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["target"]["type"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds, vec!["page", "divider", "link", "page", "news"]);
    assert_eq!(about["children"][2]["target"]["new_tab"], true);

    // Pages with their editors; links; extensions.
    let (_, manage) = get(&app, &format!("{site}/manage/pages"), Some(&admin)).await;
    assert!(manage.to_string().contains("教職員專區"));
    let list = manage["items"]
        .as_array()
        .or(manage.as_array())
        .cloned()
        .unwrap_or_default();
    let page_of = |title: &str| {
        list.iter()
            .find(|p| p["title"] == title)
            .unwrap_or_else(|| panic!("{title} in {manage}"))
            .clone()
    };
    let (_, groups) = get(&app, &format!("{site}/groups"), Some(&admin)).await;
    let group_id = |name: &str| {
        groups
            .as_array()
            .or(groups["items"].as_array())
            .and_then(|gs| gs.iter().find(|g| g["name"] == name))
            .and_then(|g| g["id"].as_i64())
            .unwrap_or_else(|| panic!("group {name} in {groups}"))
    };
    // yascms's editor groups (one listed twice) are the page's edit groups.
    let mut editors: Vec<i64> = page_of("教職員專區")["edit_group_ids"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_i64)
        .collect();
    editors.sort_unstable();
    let mut want = vec![group_id("教務處"), group_id("全體教師")];
    want.sort_unstable();
    assert_eq!(editors, want);
    // The page's attachment came with it.
    let about_id = page_of("學校簡介")["id"].as_i64().unwrap();
    let (_, about_page) = get(&app, &format!("{site}/pages/{about_id}"), None).await;
    assert_eq!(
        about_page["attachments"][0]["file_name"], "校歌.pdf",
        "{about_page}"
    );
    let (_, links) = get(&app, &format!("{site}/links/homepage"), None).await;
    assert!(links.to_string().contains("臺北市教育局"), "{links}");
    let icon = links.to_string();
    let at = icon.find("/images/").expect("the link's icon came");
    let start = icon[..at].rfind('"').unwrap() + 1;
    let end = at + icon[at..].find('"').unwrap();
    let res = app
        .client
        .get(app.url(&icon[start..end]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let (_, ext) = get(&app, &format!("{site}/extensions"), None).await;
    assert!(
        ext.to_string().contains("301"),
        "whitespace taken out: {ext}"
    );

    // Old addresses answer 301 to their new pages (on the platform host
    // under /s/{slug}; on the school's own host at its root).
    let no_follow = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let moved = |path: String| {
        let c = no_follow.clone();
        let url = app.url(&path);
        async move {
            let res = c.get(url).send().await.unwrap();
            (
                res.status().as_u16(),
                res.headers()
                    .get("location")
                    .map(|l| l.to_str().unwrap().to_string()),
            )
        }
    };
    let base = format!("/s/{slug}");
    let (s, to) = moved(format!("{base}/news/get/1")).await;
    assert_eq!((s, to), (301, Some(format!("{base}/news/{first}"))));
    let (s, to) = moved(format!("{base}/page/get/1")).await;
    assert_eq!(s, 301);
    assert!(to.unwrap().starts_with(&format!("{base}/pages/")));
    let (s, to) = moved(format!("{base}/news/list?c=2&p=3")).await;
    assert_eq!(s, 301);
    assert!(to.unwrap().starts_with(&format!("{base}/news?category=")));
    let (s, to) = moved(format!("{base}/uploads/news/2026/11/1_abcd1234.pdf")).await;
    assert_eq!(s, 301);
    let to = to.unwrap();
    assert!(
        to.starts_with(&format!("/api/v1/sites/{slug}/attachments/")),
        "{to}"
    );
    let file = app.client.get(app.url(&to)).send().await.unwrap();
    assert_eq!(
        file.bytes().await.unwrap().as_ref(),
        std::fs::read(uploads().join("news/2026/11/1_abcd1234.pdf"))
            .unwrap()
            .as_slice()
    );
    assert_eq!(
        moved(format!("{base}/telext")).await,
        (301, Some(format!("{base}/extensions")))
    );
    // On the school's own host, at its root, as its old site had them.
    let own_host = format!("{slug}.old-school.test");
    let res = no_follow
        .get(app.url("/news/get/1"))
        .header("host", &own_host)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 301, "on {own_host}");
    assert_eq!(
        res.headers()["location"].to_str().unwrap(),
        format!("/news/{first}")
    );
    // Unknown old ids and other sites' old addresses are no redirect.
    assert_ne!(moved(format!("{base}/news/get/999")).await.0, 301);
    assert_ne!(moved(format!("/s/{}/news/get/1", app.slug)).await.0, 301);
    // A missing file's old address does not point anywhere.
    assert_ne!(
        moved(format!("{base}/uploads/news/2026/11/1_zzzz9999.doc"))
            .await
            .0,
        301
    );

    // A school still at tp_yass's base revision (before yascms renamed and
    // added columns) comes over too.
    src.run("ALTER TABLE news CHANGE display_datetime viewable_datetime DATETIME NOT NULL, DROP COLUMN is_visible, DROP COLUMN is_html").await;
    src.run("ALTER TABLE `groups` DROP COLUMN depth").await;
    src.run("UPDATE alembic_version SET version_num = 'bce73c99566a'")
        .await;
    let older = unique("tpyass");
    let done = yascms::import(
        &app.state,
        &opts(&src, &older, false),
        &tool(&app.state),
        quiet.clone(),
    )
    .await
    .unwrap();
    assert_eq!(done.revision, "bce73c99566a");
    let (_, all) = get(
        &app,
        &format!("/api/v1/sites/{older}/news?per_page=100"),
        None,
    )
    .await;
    assert!(all.to_string().contains("舊版編輯器的公告"), "{all}");

    // The dry run rehearses the write: a link yass would refuse is reported
    // as a problem, and nothing is created.
    src.run("INSERT INTO links (id, title, url, icon, publication_datetime, last_updated_datetime) VALUES (99, '壞連結', 'javascript:alert(1)', '', NOW(), NOW())").await;
    let rehearsed = unique("rehearse");
    let dry = yascms::import(
        &app.state,
        &opts(&src, &rehearsed, true),
        &tool(&app.state),
        quiet.clone(),
    )
    .await
    .unwrap();
    assert!(
        dry.blocking
            .iter()
            .any(|b| b.contains("javascript") || b.contains("壞連結") || b.contains("link")),
        "{:?}",
        dry.blocking
    );
    assert_eq!(
        get(&app, &format!("/api/v1/sites/{rehearsed}"), None)
            .await
            .0,
        404,
        "a dry run creates nothing"
    );
    src.run("DELETE FROM links WHERE id = 99").await;

    // Accounts that fold to one name, or an unknown schema, are refused.
    src.run("INSERT INTO users (first_name, last_name, account, password, status) VALUES ('管理', '重複', 'ａｄｍｉｎ', '*', 1)").await;
    let dry = yascms::import(
        &app.state,
        &opts(&src, &unique("dup"), true),
        &tool(&app.state),
        quiet.clone(),
    )
    .await
    .unwrap();
    assert!(
        dry.blocking.iter().any(|b| b.contains("same name")),
        "{:?}",
        dry.blocking
    );
    let refused = yascms::import(
        &app.state,
        &opts(&src, &unique("dup"), false),
        &tool(&app.state),
        quiet.clone(),
    )
    .await;
    assert!(refused.is_err());
    src.run("UPDATE alembic_version SET version_num = 'ffffffffffff'")
        .await;
    let err = yascms::import(
        &app.state,
        &opts(&src, &unique("new"), true),
        &tool(&app.state),
        quiet,
    )
    .await
    .err()
    .unwrap();
    assert!(format!("{err}").contains("does not"), "{err}");
    src.drop_it().await;
}
