//! Site archives (issue 17): a site exported and imported as another slug
//! answers every public request the same (ids aside) and serves every file
//! byte for byte; a damaged, altered, foreign or hostile archive is refused
//! with nothing half-made; the export is one snapshot while writes go on.

use crate::content_helpers::*;
use crate::helpers::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use yass_api::operations::site_archive::{self, Progress};
use yass_api::rules::site_archive::{Limits, Manifest};
use yass_api::storage::site_archive::Imported;

fn quiet() -> Progress {
    Arc::new(|_: &str| {})
}

async fn export(app: &TestApp, slug: &str, out: &Path) -> Manifest {
    site_archive::export(&app.state, slug, out, quiet())
        .await
        .unwrap_or_else(|e| panic!("export of {slug}: {e:?}"))
}

async fn import(app: &TestApp, file: &Path, slug: &str) -> yass_api::error::ApiResult<Imported> {
    site_archive::import(
        &app.state,
        file,
        Some(slug),
        Limits::default(),
        &tool(&app.state),
        quiet(),
    )
    .await
}

fn site_path(slug: &str, path: &str) -> String {
    format!("/api/v1/sites/{slug}{path}")
}

/// A path outside the API (the SPA's shells).
async fn get_raw(app: &TestApp, path: &str) -> (u16, String) {
    let res = app.client.get(app.url(path)).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn get_text(app: &TestApp, slug: &str, path: &str) -> (u16, String) {
    let res = app
        .client
        .get(app.url(&site_path(slug, path)))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// A response with the site's slug (in its URLs) and every id taken out, so
/// two copies of one site compare equal. Its hostnames are not compared:
/// they stay with the site that has them.
fn normalised(body: &str, slug: &str) -> String {
    let text = body
        .replace(&format!("/sites/{slug}/"), "/sites/SLUG/")
        .replace(&format!("/s/{slug}/"), "/s/SLUG/")
        // The demo's hostname stays with the demo (the copies have none).
        .replace("https://demo.localhost/", "/");
    match serde_json::from_str::<Value>(&text) {
        Ok(v) => strip_ids(v).to_string(),
        // Feeds and calendars name the site in ids (`UID:12@slug.yass`).
        Err(_) => ids_in_text(&text.replace(slug, "SLUG")),
    }
}

fn ids_in_text(s: &str) -> String {
    let mut out = String::new();
    let mut digits = false;
    let mut prev = ' ';
    for c in s.chars() {
        if c.is_ascii_digit() && (digits || matches!(prev, '/' | '-' | '=' | ':')) {
            if !digits {
                out.push('N');
            }
            digits = true;
        } else {
            digits = false;
            out.push(c);
        }
        prev = c;
    }
    out
}

fn strip_ids(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(k, _)| {
                    !(k == "id"
                        || k.ends_with("_id")
                        || k.ends_with("_ids")
                        || k == "etag"
                        || k == "created_by"
                        || k == "updated_by"
                        || k == "slug"
                        || k == "primary_host")
                })
                .map(|(k, v)| (k, strip_ids(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(strip_ids).collect()),
        Value::String(s) => Value::String(ids_in_text(&s)),
        other => other,
    }
}

/// Every public answer of a site, by path (news and pages by position).
async fn public_view(app: &TestApp, slug: &str, with_text: bool) -> BTreeMap<String, String> {
    let mut paths: Vec<String> = [
        "",
        "/homepage",
        "/nav",
        "/news",
        "/news?page=2",
        "/news/categories",
        "/news/tags",
        "/links",
        "/links/homepage",
        "/extensions",
        "/calendar",
        "/calendar/events",
    ]
    .iter()
    .map(|p| (*p).to_string())
    .collect();
    let today = app.clock.now().date_naive();
    paths.push(format!(
        "/calendar/events?from={}&to={}",
        today - chrono::Days::new(90),
        today + chrono::Days::new(270)
    ));
    if with_text {
        paths.extend(["/calendar.ics", "/news.rss", "/sitemap.xml"].map(String::from));
    }
    let mut view = BTreeMap::new();
    let (_, list) = get_text(app, slug, "/news?per_page=100").await;
    let list: Value = serde_json::from_str(&list).unwrap();
    let items = list["items"].as_array().cloned().unwrap_or_default();
    assert!(!items.is_empty() || slug.is_empty(), "{list}");
    for (i, n) in items.iter().enumerate() {
        let (s, body) = get_text(app, slug, &format!("/news/{}", n["id"])).await;
        view.insert(
            format!("news #{i}"),
            format!("{s} {}", normalised(&body, slug)),
        );
        if with_text {
            // The page a shared link opens: the SPA's shell with the item's
            // title, description and links in its head.
            let (s, body) = get_raw(app, &format!("/s/{slug}/news/{}", n["id"])).await;
            assert!(s == 200 && body.contains("<title>"), "{s} {body}");
            view.insert(
                format!("news #{i} shell"),
                format!("{s} {}", normalised(&body, slug)),
            );
        }
    }
    // Filtered lists: by each category (its id differs between the sites,
    // so it is keyed by its place), by each tag, and a search.
    let (_, cats) = get_text(app, slug, "/news/categories").await;
    let cats: Value = serde_json::from_str(&cats).unwrap();
    for (i, c) in cats
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let mut filtered = vec![format!("/news?category={}", c["id"])];
        if with_text {
            filtered.push(format!("/news/categories/{}.rss", c["id"]));
        }
        for (j, p) in filtered.iter().enumerate() {
            let (s, body) = get_text(app, slug, p).await;
            view.insert(
                format!("category #{i} view {j}"),
                format!("{s} {}", normalised(&body, slug)),
            );
        }
    }
    let (_, tags) = get_text(app, slug, "/news/tags").await;
    let tags: Value = serde_json::from_str(&tags).unwrap();
    for t in tags.as_array().cloned().unwrap_or_default() {
        let name = t["name"].as_str().unwrap_or_default().to_string();
        let path = format!("/news?{}", query("tag", &name));
        let (s, body) = get_text(app, slug, &path).await;
        view.insert(
            format!("tag {name}"),
            format!("{s} {}", normalised(&body, slug)),
        );
    }
    if let Some(word) = items
        .first()
        .and_then(|n| n["title"].as_str())
        .and_then(|t| t.chars().next())
    {
        let path = format!("/news?{}", query("q", &word.to_string()));
        let (s, body) = get_text(app, slug, &path).await;
        view.insert("search".into(), format!("{s} {}", normalised(&body, slug)));
    }
    let (_, nav) = get_text(app, slug, "/nav").await;
    let mut pages = vec![];
    collect_pages(&serde_json::from_str(&nav).unwrap(), &mut pages);
    for (i, id) in pages.iter().enumerate() {
        let (s, body) = get_text(app, slug, &format!("/pages/{id}")).await;
        view.insert(
            format!("page #{i}"),
            format!("{s} {}", normalised(&body, slug)),
        );
        if with_text {
            let (s, body) = get_raw(app, &format!("/s/{slug}/pages/{id}")).await;
            assert!(s == 200 && body.contains("<title>"), "{s} {body}");
            view.insert(
                format!("page #{i} shell"),
                format!("{s} {}", normalised(&body, slug)),
            );
        }
    }
    for p in paths {
        let (s, body) = get_text(app, slug, &p).await;
        view.insert(p, format!("{s} {}", normalised(&body, slug)));
    }
    view
}

/// `key=value`, the value percent-encoded.
fn query(key: &str, value: &str) -> String {
    reqwest::Url::parse_with_params("http://x/", &[(key, value)])
        .unwrap()
        .query()
        .unwrap_or_default()
        .to_string()
}

fn collect_pages(v: &Value, out: &mut Vec<i64>) {
    match v {
        Value::Object(m) => {
            if let Some(id) = m.get("page_id").and_then(Value::as_i64) {
                out.push(id);
            }
            m.values().for_each(|v| collect_pages(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| collect_pages(v, out)),
        _ => {}
    }
}

fn assert_same(a: &BTreeMap<String, String>, b: &BTreeMap<String, String>) {
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in a {
        assert_eq!(v, &b[k], "{k} differs");
    }
}

async fn files_of(app: &TestApp, site: i64) -> BTreeMap<String, Vec<u8>> {
    let row = yass_api::storage::sites::by_id(&app.state.db, site)
        .await
        .unwrap()
        .expect("the site");
    stored_files(app, row.site_id()).await
}

async fn token_on(app: &TestApp, slug: &str, account: &str, password: &str) -> String {
    let res = app
        .client
        .post(app.url(&site_path(slug, "/auth/login")))
        .json(&json!({"account": account, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "login of {account} on {slug}");
    res.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn upload_to(
    app: &TestApp,
    slug: &str,
    token: &str,
    path: &str,
    name: &str,
    mime: &str,
    data: Vec<u8>,
) -> Value {
    let part = reqwest::multipart::Part::bytes(data)
        .file_name(name.to_string())
        .mime_str(mime)
        .unwrap();
    let res = app
        .client
        .post(app.url(&site_path(slug, path)))
        .bearer_auth(token)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

/// `path` is absolute (`/api/v1/...`).
async fn send_json(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Value,
) -> Value {
    let res = app
        .client
        .request(method, app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let v: Value = res.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{path}: {status} {v}");
    v
}

#[actix_web::test]
async fn a_school_exported_and_imported_answers_the_same_with_every_file_byte_identical() {
    // A built SPA's shell, so the item pages' server-rendered heads compare.
    let spa = ScratchDir::new("yass-spa-");
    std::fs::write(
        spa.path().join("index.html"),
        "<!DOCTYPE html><html><head><!--yass:head--></head><body></body></html>",
    )
    .unwrap();
    let spa_dir = spa.path().to_path_buf();
    let app = TestApp::spawn_with(|s| s.spa_dir = spa_dir).await;
    yass_api::demo::seed(&app.state).await.unwrap();
    let dir = app.scratch.path().to_path_buf();

    // The demo school as another slug: every public answer the same.
    let first = unique("copy");
    export(&app, "demo", &dir.join("demo.tar")).await;
    let copy = import(&app, &dir.join("demo.tar"), &first).await.unwrap();
    assert_eq!(
        copy.dropped_hosts,
        vec!["demo.localhost".to_string()],
        "demo.localhost is the demo's"
    );
    assert_same(
        &public_view(&app, "demo", false).await,
        &public_view(&app, &first, false).await,
    );

    // The copy's people sign in with their old passwords (hashes came along).
    let admin = token_on(&app, &first, "admin", "admin-demo-pass").await;
    // Files: an image in a body and as the logo, an attachment, a token.
    let img = upload_to(
        &app,
        &first,
        &admin,
        "/images",
        "校徽.png",
        "image/png",
        png(40, 30),
    )
    .await;
    let url = img["url"].as_str().unwrap().to_string();
    let groups = send_json(
        &app,
        reqwest::Method::GET,
        &site_path(&first, "/groups"),
        &admin,
        Value::Null,
    )
    .await;
    let group = groups.as_array().unwrap()[0]["id"].as_i64().unwrap();
    let news = send_json(&app, reqwest::Method::POST, &site_path(&first, "/news"),
        &admin,
        json!({"title": "附件與圖片", "group_id": group, "body": format!("<p>校徽</p><img src=\"{url}\" alt=\"校徽\">")}),
    )
    .await;
    let att = upload_to(
        &app,
        &first,
        &admin,
        &format!("/news/{}/attachments", news["id"]),
        "簡章.pdf",
        "application/pdf",
        b"%PDF-1.4 archive test".to_vec(),
    )
    .await;
    send_json(
        &app,
        reqwest::Method::PUT,
        &site_path(&first, "/branding"),
        &admin,
        json!({"logo_url": url, "banner_urls": [url]}),
    )
    .await;
    send_json(
        &app,
        reqwest::Method::POST,
        &site_path(&first, "/api-tokens"),
        &admin,
        json!({"name": "介接", "scope": "read"}),
    )
    .await;
    // An event as the API takes it: a description of several lines.
    let day = app.clock.now().date_naive() + chrono::Days::new(10);
    send_json(
        &app,
        reqwest::Method::POST,
        &site_path(&first, "/calendar/events"),
        &admin,
        json!({"title": "家長日", "when": {"kind": "all_day", "start": day, "end": day},
               "description": "第一場 09:00\n第二場 13:00\n請準時"}),
    )
    .await;

    // Something in the trash: a news item with its file, and a link.
    let gone = send_json(
        &app,
        reqwest::Method::POST,
        &site_path(&first, "/news"),
        &admin,
        json!({"title": "已刪除的公告", "group_id": group}),
    )
    .await;
    upload_to(
        &app,
        &first,
        &admin,
        &format!("/news/{}/attachments", gone["id"]),
        "舊簡章.pdf",
        "application/pdf",
        b"%PDF-1.4 trashed".to_vec(),
    )
    .await;
    let res = app
        .client
        .delete(app.url(&site_path(&first, &format!("/news/{}", gone["id"]))))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let links = send_json(
        &app,
        reqwest::Method::GET,
        &site_path(&first, "/links"),
        &admin,
        Value::Null,
    )
    .await;
    let link_id = links.as_array().unwrap()[0]["links"][0]["id"]
        .as_i64()
        .unwrap();
    let res = app
        .client
        .delete(app.url(&site_path(&first, &format!("/links/{link_id}"))))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);

    // The copy exported again and imported as a third slug.
    let second = unique("again");
    let manifest = export(&app, &first, &dir.join("copy.tar")).await;
    assert!(
        manifest
            .members
            .iter()
            .any(|m| m.name.starts_with("images/"))
    );
    assert!(
        manifest
            .members
            .iter()
            .any(|m| m.name.starts_with("files/"))
    );
    let again = import(&app, &dir.join("copy.tar"), &second).await.unwrap();
    assert_eq!(again.revoked_tokens, 1);
    assert_same(
        &public_view(&app, &first, true).await,
        &public_view(&app, &second, true).await,
    );
    assert_eq!(
        files_of(&app, copy.site.id).await,
        files_of(&app, again.site.id).await
    );
    assert!(!files_of(&app, again.site.id).await.is_empty());

    // The files answer byte for byte under the new slug.
    let (_, detail) = get_text(&app, &second, "/news?per_page=1").await;
    let newest: Value = serde_json::from_str(&detail).unwrap();
    let (_, item) = get_text(
        &app,
        &second,
        &format!("/news/{}", newest["items"][0]["id"]),
    )
    .await;
    let item: Value = serde_json::from_str(&item).unwrap();
    assert!(
        item["body"]
            .as_str()
            .unwrap()
            .contains(&format!("/api/v1/sites/{second}/images/")),
        "{item}"
    );
    let a2 = &item["attachments"][0];
    let got = app
        .client
        .get(app.url(&site_path(
            &second,
            &format!(
                "/attachments/{}/{}",
                a2["id"],
                a2["file_name"].as_str().unwrap()
            ),
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(
        got.bytes().await.unwrap().as_ref(),
        b"%PDF-1.4 archive test"
    );
    assert_ne!(a2["id"], att["id"], "a new id");
    let logo = app
        .client
        .get(app.url(&url.replace(&first, &second)))
        .send()
        .await
        .unwrap();
    assert_eq!(logo.status(), 200);

    // The trash came too, and its items restore under the new site.
    let admin2 = token_on(&app, &second, "admin", "admin-demo-pass").await;
    let labels = |v: &Value| {
        let mut l: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|t| format!("{} {}", t["kind"], t["label"]))
            .collect();
        l.sort();
        l
    };
    let trash1 = send_json(
        &app,
        reqwest::Method::GET,
        &site_path(&first, "/trash"),
        &admin,
        Value::Null,
    )
    .await;
    let trash2 = send_json(
        &app,
        reqwest::Method::GET,
        &site_path(&second, "/trash"),
        &admin2,
        Value::Null,
    )
    .await;
    assert_eq!(labels(&trash1), labels(&trash2));
    assert_eq!(again.skipped_trash, 0);
    for t in trash2.as_array().unwrap() {
        let res = app
            .client
            .post(app.url(&site_path(&second, &format!("/trash/{}/restore", t["id"]))))
            .bearer_auth(&admin2)
            .send()
            .await
            .unwrap();
        assert!(
            res.status().is_success(),
            "restore {t}: {}",
            res.text().await.unwrap()
        );
    }
    let (_, list) = get_text(&app, &second, "/news?per_page=100").await;
    let list: Value = serde_json::from_str(&list).unwrap();
    let back = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["title"] == "已刪除的公告")
        .expect("restored")
        .clone();
    let (_, item) = get_text(&app, &second, &format!("/news/{}", back["id"])).await;
    let item: Value = serde_json::from_str(&item).unwrap();
    let a = &item["attachments"][0];
    let got = app
        .client
        .get(app.url(a["url"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(got.bytes().await.unwrap().as_ref(), b"%PDF-1.4 trashed");

    // The token came back revoked; the import is one platform entry.
    let list = send_json(
        &app,
        reqwest::Method::GET,
        &site_path(&second, "/api-tokens"),
        &admin2,
        Value::Null,
    )
    .await;
    let tokens = list.as_array().unwrap();
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0]["revoked"], true, "{list}");
    let (entries, _) = yass_api::storage::audit::list(
        &app.state.db,
        &yass_api::storage::audit::AuditFilter {
            entity_id: Some(again.site.id),
            kind: Some("site".into()),
            ..Default::default()
        },
        1,
        50,
    )
    .await
    .unwrap();
    let imports: Vec<_> = entries.iter().filter(|e| e.action == "import").collect();
    assert_eq!(imports.len(), 1, "{entries:?}");
    // The history came too: the copy's audit log holds the demo's entries.
    let (log, _) = yass_api::storage::audit::list(
        &app.state.db,
        &yass_api::storage::audit::AuditFilter {
            scope: yass_api::storage::audit::AuditScope::Site(again.site.site_id()),
            ..Default::default()
        },
        1,
        100,
    )
    .await
    .unwrap();
    assert!(
        log.iter().any(|e| e.kind == "attachment"),
        "the attachment's upload is in the history"
    );
}

/// Rewrites an archive member by member (`change` may alter a member's
/// bytes); `fix_sums` recomputes the manifest so the change passes the
/// checksums and meets the row checks instead.
fn rewrite(src: &Path, dest: &Path, fix_sums: bool, change: impl Fn(&str, Vec<u8>) -> Vec<u8>) {
    use sha2::Digest;
    let mut members: Vec<(String, Vec<u8>)> = vec![];
    let mut ar = tar::Archive::new(std::fs::File::open(src).unwrap());
    for e in ar.entries().unwrap() {
        let mut e = e.unwrap();
        let name = e.path().unwrap().to_string_lossy().to_string();
        let mut buf = vec![];
        e.read_to_end(&mut buf).unwrap();
        members.push((name, buf));
    }
    let mut manifest: Manifest = serde_json::from_slice(&members[0].1).unwrap();
    for (name, data) in members.iter_mut().skip(1) {
        *data = change(name, std::mem::take(data));
        if fix_sums {
            let m = manifest
                .members
                .iter_mut()
                .find(|m| &m.name == name)
                .unwrap();
            m.size = data.len() as u64;
            m.sha256 = hex::encode(sha2::Sha256::digest(&data));
        }
    }
    members[0].1 = change("manifest.json", serde_json::to_vec(&manifest).unwrap());
    let mut b = tar::Builder::new(std::fs::File::create(dest).unwrap());
    for (name, data) in &members {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o600);
        b.append_data(&mut h, name, data.as_slice()).unwrap();
    }
    b.finish().unwrap();
}

/// The uploads directory's entries and what waits in its incoming folder
/// (where imports are staged).
fn leftovers(app: &TestApp) -> Vec<PathBuf> {
    let list = |d: PathBuf| -> Vec<PathBuf> {
        std::fs::read_dir(d)
            .map(|rd| rd.flatten().map(|e| e.path()).collect())
            .unwrap_or_default()
    };
    let mut all = list(app.state.settings.uploads_dir());
    all.extend(list(app.state.files.incoming_dir().to_path_buf()));
    all.sort();
    all
}

#[actix_web::test]
async fn a_damaged_altered_foreign_or_hostile_archive_is_refused_leaving_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = cast(&app).await;
    news(
        &app,
        &admin,
        json!({"title": "公告", "group_id": c.academic, "body": "<p>內容</p>"}),
    )
    .await;
    let id = news(
        &app,
        &admin,
        json!({"title": "附件", "group_id": c.academic}),
    )
    .await;
    upload(
        &app,
        &admin,
        &format!("/news/{id}/attachments"),
        "a.pdf",
        "application/pdf",
        b"%PDF-1.4 x".to_vec(),
    )
    .await;
    let dir = app.scratch.path().to_path_buf();
    let good = dir.join("good.tar");
    export(&app, &app.slug, &good).await;
    let before = leftovers(&app);

    let bad = dir.join("bad.tar");
    let refused = |what: &'static str, expect: &'static str| {
        let app = &app;
        let bad = bad.clone();
        let before = before.clone();
        async move {
            let slug = unique("bad");
            let err = import(app, &bad, &slug).await.expect_err(what);
            let msg = format!("{err}");
            assert!(msg.contains(expect), "{what}: {msg}");
            assert!(
                yass_api::storage::sites::by_slug(&app.state.db, &slug)
                    .await
                    .unwrap()
                    .is_none(),
                "{what}: no site"
            );
            assert_eq!(leftovers(app), before, "{what}: no file left behind");
        }
    };

    // One altered byte in a member: its checksum no longer matches.
    rewrite(&good, &bad, false, |n, mut d| {
        if n == "rows/news.json" {
            let at = d.len() / 2;
            d[at] ^= 0x20;
        }
        d
    });
    refused("altered member", "checksum").await;
    // Cut short.
    let bytes = std::fs::read(&good).unwrap();
    std::fs::write(&bad, &bytes[..bytes.len() / 2]).unwrap();
    refused("truncated", "truncated").await;
    // Another format version.
    rewrite(&good, &bad, false, |n, d| {
        if n == "manifest.json" {
            let mut m: Value = serde_json::from_slice(&d).unwrap();
            m["version"] = json!(99);
            return serde_json::to_vec(&m).unwrap();
        }
        d
    });
    refused("foreign version", "version 99").await;
    // Not an archive at all.
    std::fs::write(&bad, b"<html>not a tar</html>").unwrap();
    refused("not a tar", "refused").await;
    // A member the manifest does not list.
    {
        let mut b = tar::Builder::new(Vec::new());
        let mut ar = tar::Archive::new(std::fs::File::open(&good).unwrap());
        for e in ar.entries().unwrap() {
            let mut e = e.unwrap();
            let mut h = e.header().clone();
            let name = e.path().unwrap().to_path_buf();
            let mut data = vec![];
            e.read_to_end(&mut data).unwrap();
            b.append_data(&mut h, name, data.as_slice()).unwrap();
        }
        let mut h = tar::Header::new_gnu();
        h.set_size(3);
        b.append_data(
            &mut h,
            "files/0123456789abcdef0123456789abcdef",
            &b"abc"[..],
        )
        .unwrap();
        std::fs::write(&bad, b.into_inner().unwrap()).unwrap();
    }
    refused("unlisted member", "not in its manifest").await;
    // A member whose name is a path out of the archive, listed in the
    // manifest with its true size and checksum and present in the tar (the
    // tar crate will not build such a name, so the header's name bytes are
    // set by hand): the manifest is refused by that name before any member
    // is read, so nothing is written anywhere (`refused` checks the store).
    {
        use sha2::Digest;
        let escape = "files/../../escape";
        let data = b"abc";
        let mut b = tar::Builder::new(Vec::new());
        let mut ar = tar::Archive::new(std::fs::File::open(&good).unwrap());
        for e in ar.entries().unwrap() {
            let mut e = e.unwrap();
            let name = e.path().unwrap().to_string_lossy().to_string();
            let mut d = vec![];
            e.read_to_end(&mut d).unwrap();
            if name == "manifest.json" {
                let mut m: Value = serde_json::from_slice(&d).unwrap();
                m["members"].as_array_mut().unwrap().push(json!({
                    "name": escape,
                    "size": data.len(),
                    "sha256": hex::encode(sha2::Sha256::digest(data)),
                }));
                d = serde_json::to_vec(&m).unwrap();
            }
            let mut h = tar::Header::new_gnu();
            h.set_size(d.len() as u64);
            h.set_mode(0o600);
            b.append_data(&mut h, name, d.as_slice()).unwrap();
        }
        let mut h = tar::Header::new_gnu();
        h.as_old_mut().name[..escape.len()].copy_from_slice(escape.as_bytes());
        h.set_size(data.len() as u64);
        h.set_mode(0o600);
        h.set_entry_type(tar::EntryType::Regular);
        h.set_cksum();
        b.append(&h, &data[..]).unwrap();
        std::fs::write(&bad, b.into_inner().unwrap()).unwrap();
    }
    refused("a member named as a path", "is not part of a site archive").await;
    // Checksums made to match, but a row yass would never accept: a menu
    // link to script, or a row pointing at a group the archive lacks.
    rewrite(&good, &bad, true, |n, d| {
        if n == "rows/nav_items.json" {
            let mut rows: Value = serde_json::from_slice(&d).unwrap();
            rows.as_array_mut().unwrap().push(json!({
                "id": 1, "site_id": 1, "parent_id": null, "name": "x", "accessible_name": null,
                "target_type": "link", "url": "javascript:alert(1)", "new_tab": false,
                "page_id": null, "category_id": null, "module": null, "sort_order": 0,
                "visible": true
            }));
            return serde_json::to_vec(&rows).unwrap();
        }
        d
    });
    refused("script link", "menu item").await;
    rewrite(&good, &bad, true, |n, d| {
        if n == "rows/news.json" {
            let mut rows: Value = serde_json::from_slice(&d).unwrap();
            rows[0]["group_id"] = json!(987_654_321);
            return serde_json::to_vec(&rows).unwrap();
        }
        d
    });
    refused("dangling group", "does not hold").await;

    // Script in a body is not refused but cleaned, as the API cleans it.
    rewrite(&good, &bad, true, |n, d| {
        if n == "rows/news.json" {
            let mut rows: Value = serde_json::from_slice(&d).unwrap();
            rows[0]["body"] =
                json!("<p>hi</p><script>alert(1)</script><img src=x onerror=alert(1)>");
            return serde_json::to_vec(&rows).unwrap();
        }
        d
    });
    let slug = unique("clean");
    import(&app, &bad, &slug).await.unwrap();
    let (_, list) = get_text(&app, &slug, "/news?per_page=100").await;
    let list: Value = serde_json::from_str(&list).unwrap();
    for n in list["items"].as_array().unwrap() {
        let (_, body) = get_text(&app, &slug, &format!("/news/{}", n["id"])).await;
        assert!(
            !body.contains("script") && !body.contains("onerror"),
            "{body}"
        );
    }
    // The same slug twice is a conflict, not a second site.
    let again = import(&app, &good, &slug).await.expect_err("slug taken");
    assert!(format!("{again}").contains("conflict"), "{again}");
}

#[actix_web::test]
async fn an_export_is_one_snapshot_while_writes_go_on() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = cast(&app).await;
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let done = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    // A writer: news items each with two tags, every write one transaction.
    let writer = {
        let (client, url, admin, group, stop, done) = (
            app.client.clone(),
            app.site_url("/news"),
            admin.clone(),
            c.academic,
            stop.clone(),
            done.clone(),
        );
        actix_web::rt::spawn(async move {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let res = client
                    .post(&url)
                    .bearer_auth(&admin)
                    .json(&json!({"title": format!("快訊 {n}"), "group_id": group, "tags": [format!("t{n}"), "快訊"]}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 201);
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            n
        })
    };
    let dir = app.scratch.path().to_path_buf();
    // Each round starts only once the writer has written since the last one, so the
    // exports interleave with writes however slow the machine is.
    let mut seen = 0;
    for round in 0..4 {
        let waited = std::time::Instant::now();
        while done.load(std::sync::atomic::Ordering::Relaxed) <= seen {
            assert!(
                waited.elapsed() < std::time::Duration::from_mins(1),
                "round {round}: the writer made no progress"
            );
            actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        seen = done.load(std::sync::atomic::Ordering::Relaxed);
        let file = dir.join(format!("snap{round}.tar"));
        export(&app, &app.slug, &file).await;
        let mut ar = tar::Archive::new(std::fs::File::open(&file).unwrap());
        let mut tables: BTreeMap<String, Value> = BTreeMap::new();
        for e in ar.entries().unwrap() {
            let mut e = e.unwrap();
            let name = e.path().unwrap().to_string_lossy().to_string();
            if let Some(t) = name.strip_prefix("rows/") {
                let mut buf = vec![];
                e.read_to_end(&mut buf).unwrap();
                tables.insert(
                    t.trim_end_matches(".json").into(),
                    serde_json::from_slice(&buf).unwrap(),
                );
            }
        }
        let news_ids: Vec<i64> = tables["news"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_i64().unwrap())
            .collect();
        let tagged: Vec<i64> = tables["news_tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["news_id"].as_i64().unwrap())
            .collect();
        for id in &news_ids {
            assert_eq!(
                tagged.iter().filter(|t| *t == id).count(),
                2,
                "round {round}: news {id} has both its tags"
            );
        }
        assert!(
            tagged.iter().all(|t| news_ids.contains(t)),
            "round {round}: no tag of a news item the archive lacks"
        );
        // Every item's search words and audit entry came from the same moment.
        let created = tables["audit_log"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "news" && e["action"] == "create")
            .count();
        assert_eq!(
            created,
            news_ids.len(),
            "round {round}: one audit entry per item in the archive"
        );
        // And the snapshot imports.
        import(&app, &file, &unique("snap")).await.unwrap();
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.await.unwrap();
    assert!(written >= 4, "the writer wrote between the exports");
}

#[actix_web::test]
async fn the_command_line_exports_and_imports_with_progress() {
    let app = TestApp::spawn().await;
    let file = app.scratch.path().join("cli.tar");
    let yass = |args: &[&str]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_yass"));
        cmd.args(args)
            .env("YASS_DATA_DIR", &app.data_dir)
            .env("YASS_LOG", "error")
            .env_remove("DATABASE_URL");
        if backend() != "sqlite" {
            cmd.env("DATABASE_URL", shared_database_url());
        }
        let out = cmd.output().unwrap();
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        );
        (out.status.success(), stdout, stderr)
    };
    let (ok, out, err) = yass(&[
        "site",
        "export",
        "--slug",
        &app.slug,
        "--out",
        file.to_str().unwrap(),
    ]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("wrote"), "{out}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the archive holds password hashes");
    }
    let slug = unique("cli");
    let (ok, out, err) = yass(&[
        "site",
        "import",
        "--file",
        file.to_str().unwrap(),
        "--slug",
        &slug,
    ]);
    assert!(ok, "{out}{err}");
    assert!(
        err.contains("every checksum matches"),
        "progress on the terminal: {err}"
    );
    assert!(out.contains(&format!("created site {slug}")), "{out}");
    let res = app
        .client
        .get(app.url(&site_path(&slug, "/homepage")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // A refused archive is a failure with the reason, not a half-made site.
    std::fs::write(&file, b"not an archive").unwrap();
    let (ok, _, err) = yass(&[
        "site",
        "import",
        "--file",
        file.to_str().unwrap(),
        "--slug",
        &unique("cli"),
    ]);
    assert!(!ok);
    assert!(err.contains("the archive is refused"), "{err}");
}

/// An archive written by SQLite (the demo school, format version 1,
/// committed) imports on every engine, with its files byte for byte: the
/// format holds across databases and releases.
#[actix_web::test]
async fn an_archive_written_on_sqlite_imports_on_every_engine() {
    let app = TestApp::spawn().await;
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo-sqlite-v1.tar");
    let slug = unique("fromsqlite");
    let done = import(&app, &fixture, &slug).await.unwrap();
    let mut ar = tar::Archive::new(std::fs::File::open(&fixture).unwrap());
    let mut manifest: Option<Manifest> = None;
    let mut files = BTreeMap::new();
    for e in ar.entries().unwrap() {
        let mut e = e.unwrap();
        let name = e.path().unwrap().to_string_lossy().to_string();
        let mut buf = vec![];
        e.read_to_end(&mut buf).unwrap();
        if name == "manifest.json" {
            manifest = Some(serde_json::from_slice(&buf).unwrap());
        } else if name.starts_with("files/") || name.starts_with("images/") {
            files.insert(name, buf);
        }
    }
    let manifest = manifest.unwrap();
    assert_eq!(files_of(&app, done.site.id).await, files);
    let (s, list) = get_text(&app, &slug, "/manage/news?per_page=100").await;
    assert_eq!(s, 401, "managing needs a sign-in");
    let admin = token_on(&app, &slug, "admin", "admin-demo-pass").await;
    let all = send_json(
        &app,
        reqwest::Method::GET,
        &site_path(&slug, "/manage/news?per_page=100"),
        &admin,
        Value::Null,
    )
    .await;
    assert_eq!(
        all["total"].as_u64(),
        Some(manifest.counts["news"]),
        "{list}"
    );
}

pub async fn wait_for_job(app: &TestApp, token: &str, id: i64) -> Value {
    for _ in 0..300 {
        let job = send_json(
            app,
            reqwest::Method::GET,
            &format!("/api/v1/site-archives/{id}"),
            token,
            Value::Null,
        )
        .await;
        if job["state"] != "running" {
            return job;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("job {id} still running");
}

pub async fn post_archive(
    app: &TestApp,
    token: &str,
    slug: &str,
    data: Vec<u8>,
) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(data)
        .file_name("school.tar")
        .mime_str("application/x-tar")
        .unwrap();
    app.client
        .post(app.url(&format!("/api/v1/site-archives/imports?slug={slug}")))
        .bearer_auth(token)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap()
}

#[actix_web::test]
async fn platform_admins_export_download_and_import_as_jobs_others_cannot() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let root = app.platform_token().await;
    news(
        &app,
        &admin,
        json!({"title": "封存測試", "group_id": cast(&app).await.academic}),
    )
    .await;

    // Nobody but a platform admin starts, lists or reads a job.
    for token in [None, Some(admin.as_str())] {
        let mut rb = app
            .client
            .post(app.url("/api/v1/site-archives/exports"))
            .json(&json!({"slug": app.slug}));
        if let Some(t) = token {
            rb = rb.bearer_auth(t);
        }
        let status = rb.send().await.unwrap().status().as_u16();
        assert_eq!(status, if token.is_some() { 403 } else { 401 });
        let mut rb = app.client.get(app.url("/api/v1/site-archives"));
        if let Some(t) = token {
            rb = rb.bearer_auth(t);
        }
        assert!(matches!(
            rb.send().await.unwrap().status().as_u16(),
            401 | 403
        ));
    }
    let res = post_archive(&app, &admin, "x", b"x".to_vec()).await;
    assert_eq!(res.status(), 403);

    // Export: a job, then its file by the secret address only.
    let started = send_json(
        &app,
        reqwest::Method::POST,
        "/api/v1/site-archives/exports",
        &root,
        json!({"slug": app.slug}),
    )
    .await;
    let id = started["job"]["id"].as_i64().unwrap();
    let job = wait_for_job(&app, &root, id).await;
    assert_eq!(job["state"], "done", "{job}");
    let url = started["download_url"].as_str().unwrap();
    let res = app.client.get(app.url(url)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let archive = res.bytes().await.unwrap().to_vec();
    assert_eq!(archive.len() as u64, job["bytes"].as_u64().unwrap());
    let wrong = url.replace("key=", "key=x");
    assert_eq!(
        app.client
            .get(app.url(&wrong))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let listed = send_json(
        &app,
        reqwest::Method::GET,
        "/api/v1/site-archives",
        &root,
        Value::Null,
    )
    .await;
    assert!(listed.as_array().unwrap().iter().any(|j| j["id"] == id));

    // Import of the downloaded file: a new site.
    let slug = unique("upl");
    let res = post_archive(&app, &root, &slug, archive.clone()).await;
    assert_eq!(res.status(), 202);
    let job: Value = res.json().await.unwrap();
    let job = wait_for_job(&app, &root, job["id"].as_i64().unwrap()).await;
    assert_eq!(job["state"], "done", "{job}");
    assert!(job["message"].as_str().unwrap().contains(&slug), "{job}");
    let (s, list) = get_text(&app, &slug, "/news").await;
    assert_eq!(s, 200);
    assert!(list.contains("封存測試"));

    // A damaged upload fails as a job with the reason, and makes nothing.
    let bad = unique("bad");
    let mut cut = archive.clone();
    cut.truncate(archive.len() / 2);
    let res = post_archive(&app, &root, &bad, cut).await;
    let job: Value = res.json().await.unwrap();
    let job = wait_for_job(&app, &root, job["id"].as_i64().unwrap()).await;
    assert_eq!(job["state"], "failed");
    assert!(
        job["message"].as_str().unwrap().contains("refused"),
        "{job}"
    );
    assert!(
        yass_api::storage::sites::by_slug(&app.state.db, &bad)
            .await
            .unwrap()
            .is_none()
    );
    // A bad slug is refused at once.
    let res = post_archive(&app, &root, "Not%20A%20Slug", archive.clone()).await;
    assert_eq!(res.status(), 422);

    // A day later the download is gone, file and all; a job whose instance
    // died is reported failed.
    let export_row = yass_api::storage::site_archive_jobs::get(&app.state.db, id)
        .await
        .unwrap()
        .unwrap();
    let stored = yass_api::file_store::FileKey::archive(export_row.file_name.as_deref().unwrap());
    assert!(
        app.state.files.meta(&stored).await.is_ok(),
        "the archive is stored"
    );
    let stalled = yass_api::storage::site_archive_jobs::start(
        &app.state.db,
        yass_api::storage::site_archive_jobs::NewJob {
            kind: yass_api::storage::site_archive_jobs::IMPORT,
            site_slug: "gone",
            site_id: None,
            file_name: None,
            download_token_hash: None,
        },
        &tool(&app.state),
    )
    .await
    .unwrap();
    app.clock.advance(chrono::TimeDelta::hours(25));
    yass_api::operations::site_archive::expire_jobs(&app.state)
        .await
        .unwrap();
    assert_eq!(
        app.client.get(app.url(url)).send().await.unwrap().status(),
        404
    );
    assert!(
        matches!(
            app.state.files.meta(&stored).await,
            Err(yass_api::error::ApiError::NotFound)
        ),
        "expired archives are removed"
    );
    let row = yass_api::storage::site_archive_jobs::get(&app.state.db, stalled.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.state, "failed");
}

#[actix_web::test]
async fn an_upload_over_the_archive_limit_is_413() {
    let app = TestApp::spawn_with(|s| s.archive_limit_bytes = 1000).await;
    let root = app.platform_token().await;
    let res = post_archive(&app, &root, &unique("big"), vec![7u8; 5000]).await;
    assert_eq!(res.status(), 413);
}
