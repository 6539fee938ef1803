//! A school's journey: apply, confirm the address through the mailed link,
//! be approved or rejected, choose a password through the set-up link.
//! Mail goes through a real SMTP server (aiosmtpd) started by the test.

use crate::helpers::*;
use crate::mail_helpers::{SmtpServer, free_port, secret_of};
use chrono::TimeDelta;
use reqwest::Response;
use serde_json::{Value, json};

/// A form for a school no other test names.
pub fn form(app: &TestApp) -> Value {
    let n: u32 = rand::random_range(100_000..1_000_000);
    let slug = unique("ap");
    json!({
        "school_name": "臺北市立申請國民小學",
        "school_code": n.to_string(),
        "level": "國小",
        "district": "大安",
        "contact_name": "王小明",
        "email": format!("{}@es.tp.edu.tw", unique("c")),
        "phone": "02-2345-6789#123",
        "slug": slug,
        "hostname": format!("{slug}.tp.edu.tw"),
        "account": format!("wm{}", &app.client_ip.replace('.', "")),
        "note": "<b>請儘快開通</b>",
    })
}

pub async fn post(app: &TestApp, path: &str, token: Option<&str>, body: &Value) -> Response {
    let mut rb = app.client.post(app.url(path)).json(body);
    if let Some(t) = token {
        rb = rb.bearer_auth(t);
    }
    rb.send().await.unwrap()
}

async fn json_of(res: Response, status: u16) -> Value {
    let got = res.status().as_u16();
    let text = res.text().await.unwrap();
    assert_eq!(got, status, "{text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

async fn queue(app: &TestApp, root: &str, state: &str) -> Value {
    let res = app
        .client
        .get(app.url(&format!(
            "/api/v1/manage/applications?state={state}&per_page=100"
        )))
        .bearer_auth(root)
        .send()
        .await
        .unwrap();
    json_of(res, 200).await
}

fn find<'a>(list: &'a Value, slug: &str) -> Option<&'a Value> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["slug"] == slug)
}

/// An instance that sends mail through `smtp`.
async fn mailing_app(smtp: &str) -> TestApp {
    let smtp = smtp.to_string();
    TestApp::spawn_with(move |s| {
        s.mail_sender = true;
        s.smtp_url = Some(smtp);
        s.public_url = "https://schools.example".into();
    })
    .await
}

#[actix_web::test]
async fn a_school_applies_confirms_is_approved_sets_a_password_and_publishes() {
    let _mail = MAIL.lock().await;
    let smtp = SmtpServer::start().await;
    let app = mailing_app(&smtp.url()).await;
    let f = form(&app);
    let (email, slug, account) = (
        f["email"].as_str().unwrap().to_string(),
        f["slug"].as_str().unwrap().to_string(),
        f["account"].as_str().unwrap().to_string(),
    );
    let got = json_of(post(&app, "/api/v1/applications", None, &f).await, 202).await;
    assert_eq!(got["email"], email.as_str());

    let mail = &smtp.wait_for(&email, 1).await[0];
    assert!(
        mail.subject.contains("臺北市立申請國民小學"),
        "{}",
        mail.subject
    );
    assert!(
        mail.text
            .contains("https://schools.example/admin/apply/confirm#")
    );
    assert!(
        mail.html
            .contains("href=\"https://schools.example/admin/apply/confirm#")
    );
    let confirm = secret_of(&mail.text, "/apply/confirm");
    let key = secret_of(&mail.text, "/apply/status");

    let status = json!({"token": key});
    let s = json_of(
        post(&app, "/api/v1/applications/status", None, &status).await,
        200,
    )
    .await;
    assert_eq!(s["state"], "submitted");
    let root = app.platform_token().await;
    assert!(
        find(&queue(&app, &root, "").await, &slug).is_none(),
        "unconfirmed is not queued"
    );

    let c = json!({"token": confirm});
    let s = json_of(
        post(&app, "/api/v1/applications/confirm", None, &c).await,
        200,
    )
    .await;
    assert_eq!(s["state"], "confirmed");
    let again = post(&app, "/api/v1/applications/confirm", None, &c).await;
    assert_problem(again, 410, "link_invalid").await;

    let listed = queue(&app, &root, "confirmed").await;
    let a = find(&listed, &slug).expect("in the queue");
    assert_eq!(a["note"], "<b>請儘快開通</b>", "kept as text");
    let id = a["id"].as_i64().unwrap();
    let approve = format!("/api/v1/manage/applications/{id}/approve");
    let staff = app.admin_token().await;
    assert_problem(
        post(&app, &approve, Some(&staff), &Value::Null).await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(
        post(&app, &approve, None, &Value::Null).await,
        401,
        "unauthorized",
    )
    .await;
    let done = json_of(post(&app, &approve, Some(&root), &Value::Null).await, 200).await;
    assert_eq!(done["state"], "approved");
    assert!(done["decided_by"].as_str().unwrap().starts_with("root"));
    assert_problem(
        post(&app, &approve, Some(&root), &Value::Null).await,
        409,
        "conflict",
    )
    .await;

    // The platform's log tells the story: the applicant applied and
    // confirmed (no account; the address the form came from), then one
    // entry of the decision, with the site made under it.
    let log = app
        .client
        .get(app.url("/api/v1/audit-log?site=-&per_page=100"))
        .bearer_auth(&root)
        .send()
        .await
        .unwrap();
    let log = json_of(log, 200).await;
    let mine: Vec<&Value> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "application" && e["entity_id"] == id)
        .collect();
    let actions: Vec<&str> = mine.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["approve", "confirm", "submit"], "{log}");
    for step in &mine[1..] {
        assert!(step["user_id"].is_null(), "{step}");
        assert!(
            step["actor_name"]
                .as_str()
                .unwrap()
                .contains(f["email"].as_str().unwrap()),
            "{step}"
        );
        assert!(!step.to_string().contains("status_key"), "{step}");
    }
    assert_eq!(
        mine[2]["changes"]["after"]["slug"], f["slug"],
        "{}",
        mine[2]
    );
    assert!(
        mine[0]["changes"]["also"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["kind"] == "site")
    );

    let mails = smtp.wait_for(&email, 2).await;
    let approved = mails
        .iter()
        .find(|m| m.text.contains("/account/set-up#"))
        .unwrap();
    assert!(approved.text.contains(&account));
    assert!(
        approved
            .text
            .contains(&format!("https://schools.example/s/{slug}/"))
    );
    let setup = secret_of(&approved.text, "/account/set-up");
    let who = json_of(
        post(
            &app,
            "/api/v1/account/set-up/check",
            None,
            &json!({"token": setup}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        (who["account"].as_str(), who["site_slug"].as_str()),
        (Some(account.as_str()), Some(slug.as_str()))
    );
    // No password yet: nothing signs in.
    let login = format!("/api/v1/sites/{slug}/auth/login");
    let res = post(
        &app,
        &login,
        None,
        &json!({"account": account, "password": ""}),
    )
    .await;
    assert!(res.status().is_client_error());
    let short = json!({"token": setup, "password": "short"});
    assert_problem(
        post(&app, "/api/v1/account/set-up", None, &short).await,
        422,
        "validation_failed",
    )
    .await;
    let good = json!({"token": setup, "password": PASSWORD});
    json_of(post(&app, "/api/v1/account/set-up", None, &good).await, 200).await;
    assert_problem(
        post(&app, "/api/v1/account/set-up", None, &good).await,
        410,
        "link_invalid",
    )
    .await;

    let tokens = json_of(
        post(
            &app,
            &login,
            None,
            &json!({"account": account, "password": PASSWORD}),
        )
        .await,
        200,
    )
    .await;
    let webmaster = tokens["access_token"].as_str().unwrap().to_string();
    // The password was recorded as the webmaster's own change.
    let log = app
        .client
        .get(app.url(&format!("/api/v1/sites/{slug}/audit-log?per_page=1")))
        .bearer_auth(&webmaster)
        .send()
        .await
        .unwrap();
    let e = &json_of(log, 200).await["items"][0];
    assert_eq!(
        (e["kind"].as_str(), e["action"].as_str()),
        (Some("user"), Some("update")),
        "{e}"
    );
    assert_eq!(e["actor_name"].as_str(), Some(account.as_str()), "{e}");

    // The school's defaults are there.
    let site = |p: &str| format!("/api/v1/sites/{slug}{p}");
    let get = |path: String, token: Option<String>| {
        let app = &app;
        async move {
            let mut rb = app.client.get(app.url(&path));
            if let Some(t) = token {
                rb = rb.bearer_auth(t);
            }
            json_of(rb.send().await.unwrap(), 200).await
        }
    };
    let groups = get(site("/groups"), Some(webmaster.clone())).await;
    let names: Vec<&str> = groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    for n in [
        "網站管理員",
        "校長室",
        "教務處",
        "註冊組",
        "學務處",
        "總務處",
        "輔導室",
        "人事室",
        "會計室",
    ] {
        assert!(names.contains(&n), "{n} in {names:?}");
    }
    let office = groups
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "教務處")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let cats = get(site("/news/categories"), None).await;
    assert!(cats.to_string().contains("行政公告"));
    let nav = get(site("/nav"), None).await.to_string();
    for n in [
        "認識學校",
        "學校簡介",
        "交通資訊",
        "最新消息",
        "行事曆",
        "分機表",
        "相關連結",
        "聯絡我們",
    ] {
        assert!(nav.contains(n), "{n} in the menu");
    }
    let pages = get(site("/manage/pages"), Some(webmaster.clone()))
        .await
        .to_string();
    assert!(pages.contains("聯絡我們") && pages.contains("學校簡介"));

    // The webmaster publishes, and visitors see it at /s/{slug}/.
    let res = app
        .client
        .post(app.url(&site("/news")))
        .bearer_auth(&webmaster)
        .json(&json!({"title": "本校網站開張", "group_id": office}))
        .send()
        .await
        .unwrap();
    json_of(res, 201).await;
    let home = get(site("/homepage"), None).await;
    assert!(home.to_string().contains("本校網站開張"));

    // The school's own hostname waits for the deploy's nginx and
    // certificate: visitors are sent to /s/{slug}/ until it is marked.
    let host = f["hostname"].as_str().unwrap().to_string();
    assert_eq!(home["site"]["primary_host"], Value::Null, "{home}");
    let hosts = get("/api/v1/manage/hostnames".into(), Some(root.clone())).await;
    let mine = hosts
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["hostname"] == host.as_str())
        .unwrap();
    assert_eq!(
        (mine["site_slug"].as_str(), mine["tls_ready"].as_bool()),
        (Some(slug.as_str()), Some(false))
    );
    let sites = get("/api/v1/sites".into(), Some(root.clone())).await;
    let ours = sites
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["slug"] == slug.as_str())
        .unwrap();
    assert_eq!(ours["hostnames_waiting_tls"], json!([host]));
    let marked = post(
        &app,
        "/api/v1/manage/hostnames/tls-ready",
        Some(&root),
        &json!({"hostnames": [host]}),
    )
    .await;
    json_of(marked, 200).await;
    let res = post(
        &app,
        "/api/v1/manage/hostnames/tls-ready",
        Some(&webmaster),
        &json!({"hostnames": [host]}),
    )
    .await;
    assert_eq!(res.status(), 403);
    let mut shown = Value::Null;
    for _ in 0..40 {
        shown = get(site("/homepage"), None).await;
        if shown["site"]["primary_host"] == host.as_str() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(shown["site"]["primary_host"], host.as_str(), "{shown}");

    let s = json_of(
        post(&app, "/api/v1/applications/status", None, &status).await,
        200,
    )
    .await;
    assert_eq!(
        (s["state"].as_str(), s["site_path"].as_str()),
        (Some("approved"), Some(format!("/s/{slug}/").as_str()))
    );
}

#[actix_web::test]
async fn a_rejected_school_is_told_why_and_may_apply_again() {
    let _mail = MAIL.lock().await;
    let smtp = SmtpServer::start().await;
    let app = mailing_app(&smtp.url()).await;
    let f = form(&app);
    let (email, slug) = (f["email"].as_str().unwrap(), f["slug"].as_str().unwrap());
    json_of(post(&app, "/api/v1/applications", None, &f).await, 202).await;
    let first = &smtp.wait_for(email, 1).await[0];
    let key = secret_of(&first.text, "/apply/status");
    // While it is pending, the same school or slug cannot apply again.
    assert_problem(
        post(&app, "/api/v1/applications", None, &f).await,
        409,
        "conflict",
    )
    .await;
    let confirm = json!({"token": secret_of(&first.text, "/apply/confirm")});
    json_of(
        post(&app, "/api/v1/applications/confirm", None, &confirm).await,
        200,
    )
    .await;

    let root = app.platform_token().await;
    let id = find(&queue(&app, &root, "confirmed").await, slug).unwrap()["id"]
        .as_i64()
        .unwrap();
    let reject = format!("/api/v1/manage/applications/{id}/reject");
    let empty = post(&app, &reject, Some(&root), &json!({"reason": " "})).await;
    assert_problem(empty, 422, "validation_failed").await;
    let reason = "學校代碼與校名不符，<請確認>。";
    let done = json_of(
        post(&app, &reject, Some(&root), &json!({"reason": reason})).await,
        200,
    )
    .await;
    assert_eq!(done["state"], "rejected");

    let mails = smtp.wait_for(email, 2).await;
    let told = mails.iter().find(|m| m.subject.contains("未通過")).unwrap();
    assert!(told.text.contains(reason));
    assert!(told.html.contains("&lt;請確認&gt;") && !told.html.contains("<請確認>"));
    let s = json_of(
        post(
            &app,
            "/api/v1/applications/status",
            None,
            &json!({"token": key}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        (s["state"].as_str(), s["reason"].as_str()),
        (Some("rejected"), Some(reason))
    );
    assert!(find(&queue(&app, &root, "rejected").await, slug).is_some());
    // Decided: it cannot be approved now, and the school may apply again.
    let approve = format!("/api/v1/manage/applications/{id}/approve");
    assert_problem(
        post(&app, &approve, Some(&root), &Value::Null).await,
        409,
        "conflict",
    )
    .await;
    json_of(post(&app, "/api/v1/applications", None, &f).await, 202).await;
}

#[actix_web::test]
async fn every_field_rule_and_abuse_rule_holds() {
    let _mail = MAIL.lock().await;
    let app = TestApp::spawn().await;
    let bad = [
        ("school_code", json!("12345")),
        ("school_code", json!("12345x")),
        ("level", json!("大學")),
        ("district", json!("板橋")),
        ("email", json!("someone@gmail.com")),
        ("phone", json!("call me")),
        ("slug", json!("admin")),
        ("slug", json!("Not A Slug")),
        ("hostname", json!("school.example.com")),
        ("account", json!("")),
        ("school_name", json!("")),
        ("contact_name", json!("x".repeat(51))),
        ("note", json!("字".repeat(1400))),
    ];
    for (field, value) in bad {
        let mut f = form(&app);
        f[field] = value.clone();
        let res = post(&app, "/api/v1/applications", None, &f).await;
        let p = assert_problem(res, 422, "validation_failed").await;
        assert!(p["errors"][field].is_array(), "{field} = {value}: {p}");
    }
    // A slug or hostname a site has is refused with a clear message.
    let mut f = form(&app);
    f["slug"] = json!(app.slug);
    let p = assert_problem(
        post(&app, "/api/v1/applications", None, &f).await,
        422,
        "validation_failed",
    )
    .await;
    assert!(p["errors"]["slug"][0].as_str().unwrap().contains("taken"));
    // Not JSON, or a field of the wrong type: 400, never 500.
    let res = app
        .client
        .post(app.url("/api/v1/applications"))
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);

    // A bot that fills the hidden field gets the same answer; nothing is kept.
    let mut bot = form(&app);
    bot["website"] = json!("http://spam.example");
    json_of(post(&app, "/api/v1/applications", None, &bot).await, 202).await;
    let again = post(&app, "/api/v1/applications", None, &{
        let mut f = bot.clone();
        f["website"] = Value::Null;
        f
    })
    .await;
    assert_eq!(
        again.status(),
        202,
        "the bot's school and slug were not taken"
    );

    // At most 5 applications per address per hour (the one above counts).
    for _ in 0..4 {
        json_of(
            post(&app, "/api/v1/applications", None, &form(&app)).await,
            202,
        )
        .await;
    }
    let res = post(&app, "/api/v1/applications", None, &form(&app)).await;
    assert_eq!(res.headers()["retry-after"], "3600");
    assert_problem(res, 429, "too_many_attempts").await;
    app.clock.advance(TimeDelta::minutes(61));
    json_of(
        post(&app, "/api/v1/applications", None, &form(&app)).await,
        202,
    )
    .await;

    // Known codes, once the operators loaded them, are the only ones taken.
    let mut f = form(&app);
    let known = f["school_code"].as_str().unwrap().to_string();
    let loaded = yass_api::operations::applications::load_school_codes(
        &app.state,
        &[(known.clone(), "臺北市立示範國民小學".into())],
        &tool(&app.state),
    )
    .await;
    f["school_code"] = json!(if known == "999999" {
        "999998"
    } else {
        "999999"
    });
    let unknown = post(&app, "/api/v1/applications", None, &f).await;
    f["school_code"] = json!(known);
    let res = post(&app, "/api/v1/applications", None, &f).await;
    yass_api::operations::applications::load_school_codes(&app.state, &[], &tool(&app.state))
        .await
        .unwrap();
    assert_eq!(loaded.unwrap(), 1);
    let p = assert_problem(unknown, 422, "validation_failed").await;
    assert!(p["errors"]["school_code"].is_array(), "{p}");
    json_of(res, 202).await;
}

#[actix_web::test]
async fn an_application_nobody_confirms_holds_the_school_for_a_day_only() {
    let _mail = MAIL.lock().await;
    let app = TestApp::spawn().await;
    let f = form(&app);
    json_of(post(&app, "/api/v1/applications", None, &f).await, 202).await;
    // Someone applied for this school with an address they never confirm.
    assert_problem(
        post(&app, "/api/v1/applications", None, &f).await,
        409,
        "conflict",
    )
    .await;
    app.clock.advance(TimeDelta::hours(25));
    // The link expired: the school (and its slug) may apply again.
    json_of(post(&app, "/api/v1/applications", None, &f).await, 202).await;
}

#[actix_web::test]
async fn links_expire_and_strangers_read_nothing() {
    let _mail = MAIL.lock().await;
    let app = TestApp::spawn().await;
    let f = form(&app);
    json_of(post(&app, "/api/v1/applications", None, &f).await, 202).await;
    let (confirm, _key) = outbox_secrets(&app, f["email"].as_str().unwrap()).await;
    app.clock.advance(TimeDelta::hours(25));
    let res = post(
        &app,
        "/api/v1/applications/confirm",
        None,
        &json!({"token": confirm}),
    )
    .await;
    assert_problem(res, 410, "link_invalid").await;
    for path in [
        "/api/v1/applications/confirm",
        "/api/v1/account/set-up/check",
        "/api/v1/account/reset/check",
    ] {
        let res = post(&app, path, None, &json!({"token": "not-a-token"})).await;
        assert_problem(res, 410, "link_invalid").await;
    }
    let res = post(
        &app,
        "/api/v1/applications/status",
        None,
        &json!({"token": "guess"}),
    )
    .await;
    assert_problem(res, 404, "not_found").await;
    let res = app
        .client
        .get(app.url("/api/v1/manage/applications"))
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "unauthorized").await;
    let staff = app.admin_token().await;
    let res = app
        .client
        .get(app.url("/api/v1/manage/applications"))
        .bearer_auth(&staff)
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "forbidden").await;
}

/// The confirmation and status secrets of the newest mail to `to`, read
/// from the outbox (this instance sends no mail).
pub async fn outbox_secrets(app: &TestApp, to: &str) -> (String, String) {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    use yass_api::storage::entities::mail_outbox as o;
    let row = o::Entity::find()
        .filter(o::Column::ToAddress.eq(to))
        .order_by_desc(o::Column::Id)
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("a queued message");
    let text = row.body_text.unwrap();
    (
        secret_of(&text, "/apply/confirm"),
        secret_of(&text, "/apply/status"),
    )
}

#[actix_web::test]
async fn the_set_up_link_expires_after_72_hours() {
    let _mail = MAIL.lock().await;
    let app = TestApp::spawn().await;
    let f = form(&app);
    json_of(post(&app, "/api/v1/applications", None, &f).await, 202).await;
    let (confirm, _) = outbox_secrets(&app, f["email"].as_str().unwrap()).await;
    json_of(
        post(
            &app,
            "/api/v1/applications/confirm",
            None,
            &json!({"token": confirm}),
        )
        .await,
        200,
    )
    .await;
    let root = app.platform_token().await;
    let id = find(
        &queue(&app, &root, "confirmed").await,
        f["slug"].as_str().unwrap(),
    )
    .unwrap()["id"]
        .as_i64()
        .unwrap();
    json_of(
        post(
            &app,
            &format!("/api/v1/manage/applications/{id}/approve"),
            Some(&root),
            &Value::Null,
        )
        .await,
        200,
    )
    .await;
    let setup = {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        use yass_api::storage::entities::mail_outbox as o;
        let row = o::Entity::find()
            .filter(o::Column::ToAddress.eq(f["email"].as_str().unwrap()))
            .filter(o::Column::Kind.eq("application_approved"))
            .order_by_desc(o::Column::Id)
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        secret_of(&row.body_text.unwrap(), "/account/set-up")
    };
    app.clock.advance(TimeDelta::hours(71));
    json_of(
        post(
            &app,
            "/api/v1/account/set-up/check",
            None,
            &json!({"token": setup}),
        )
        .await,
        200,
    )
    .await;
    app.clock.advance(TimeDelta::hours(2));
    let res = post(
        &app,
        "/api/v1/account/set-up",
        None,
        &json!({"token": setup, "password": PASSWORD}),
    )
    .await;
    assert_problem(res, 410, "link_invalid").await;
}

#[actix_web::test]
async fn mail_waits_in_the_outbox_while_smtp_is_down_and_goes_out_once() {
    let _mail = MAIL.lock().await;
    let port = free_port();
    let app = mailing_app(&format!("smtp://127.0.0.1:{port}")).await;
    let f = form(&app);
    let email = f["email"].as_str().unwrap().to_string();
    json_of(post(&app, "/api/v1/applications", None, &f).await, 202).await;
    // The first attempt fails (nothing listens) and is put back for later.
    let row = wait_row(&app, &email, |r| r.attempts >= 1).await;
    assert!(row.sent_at.is_none() && row.last_error.is_some() && row.body_text.is_some());
    let smtp = SmtpServer::start_on(port).await;
    app.clock.advance(TimeDelta::minutes(2));
    let got = smtp.wait_for(&email, 1).await;
    assert_eq!(got.len(), 1);
    let row = wait_row(&app, &email, |r| r.sent_at.is_some()).await;
    assert!(
        row.body_text.is_none() && row.body_html.is_none(),
        "bodies hold links: forgotten once sent"
    );
    // A second instance sharing the outbox sends nothing twice.
    let two = app.second_instance().await;
    app.clock.advance(TimeDelta::hours(1));
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(smtp.wait_for(&email, 1).await.len(), 1);
    drop(two);
}

async fn wait_row(
    app: &TestApp,
    to: &str,
    done: impl Fn(&yass_api::storage::outbox::OutboxRow) -> bool,
) -> yass_api::storage::outbox::OutboxRow {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use yass_api::storage::entities::mail_outbox as o;
    for _ in 0..200 {
        if let Some(r) = o::Entity::find()
            .filter(o::Column::ToAddress.eq(to))
            .one(&app.state.db)
            .await
            .unwrap()
            && done(&r)
        {
            return r;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the outbox row to {to} never got there");
}

#[actix_web::test]
async fn without_smtp_mail_is_written_to_files_in_the_data_directory() {
    let _mail = MAIL.lock().await;
    let app = TestApp::spawn_with(|s| s.mail_sender = true).await;
    let f = form(&app);
    json_of(post(&app, "/api/v1/applications", None, &f).await, 202).await;
    let dir = app.data_dir.join("mail");
    let to = f["email"].as_str().unwrap();
    // Other tests' unsent mail (their instances send none) goes out here too:
    // look for this test's own message.
    for _ in 0..200 {
        let files: Vec<_> = std::fs::read_dir(&dir)
            .map(|d| d.flatten().collect())
            .unwrap_or_default();
        for file in files {
            let m = crate::mail_helpers::parse(&std::fs::read(file.path()).unwrap());
            if !m.to.contains(to) {
                continue;
            }
            assert!(m.text.contains("/apply/confirm#"));
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = file.metadata().unwrap().permissions().mode() & 0o777;
                assert_eq!(mode, 0o600, "links are credentials: the owner's only");
            }
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no mail file in {}", dir.display());
}

#[actix_web::test]
async fn forgot_password_answers_alike_and_its_link_works_once() {
    let _mail = MAIL.lock().await;
    let smtp = SmtpServer::start().await;
    let app = mailing_app(&smtp.url()).await;
    let admin = app.admin_token().await;
    let email = format!("{}@es.tp.edu.tw", unique("f"));
    let res = app
        .client
        .post(app.site_url("/users"))
        .bearer_auth(&admin)
        .json(&json!({"account": "forgetful", "password": PASSWORD, "emails": [email]}))
        .send()
        .await
        .unwrap();
    json_of(res, 201).await;
    let forgot = format!("/api/v1/sites/{}/forgot-password", app.slug);
    for who in ["forgetful", "nobody-here", "nobody@es.tp.edu.tw"] {
        let res = post(&app, &forgot, None, &json!({"account_or_email": who})).await;
        assert_eq!(res.status(), 202, "{who}");
        assert_eq!(res.text().await.unwrap(), "");
    }
    let mail = &smtp.wait_for(&email, 1).await[0];
    let secret = secret_of(&mail.text, "/account/reset");
    let new = "a brand new passphrase";
    let set = json!({"token": secret, "password": new});
    json_of(post(&app, "/api/v1/account/reset", None, &set).await, 200).await;
    assert_problem(
        post(&app, "/api/v1/account/reset", None, &set).await,
        410,
        "link_invalid",
    )
    .await;
    app.token_of("forgetful", new).await;
    // By address too; the same throttle as sign-in ends a flood.
    let mut statuses = vec![];
    for _ in 0..12 {
        statuses.push(
            post(&app, &forgot, None, &json!({"account_or_email": email}))
                .await
                .status()
                .as_u16(),
        );
    }
    assert!(statuses.contains(&429), "{statuses:?}");
}

#[actix_web::test]
async fn a_platform_admin_resets_a_forgotten_password_by_mail() {
    let _mail = MAIL.lock().await;
    let smtp = SmtpServer::start().await;
    let app = mailing_app(&smtp.url()).await;
    let root = app.platform_token().await;
    let account = unique("pf");
    let email = format!("{}@tp.edu.tw", unique("pf"));
    let made = post(
        &app,
        "/api/v1/platform-admins",
        Some(&root),
        &json!({"account": account, "password": PASSWORD, "status": "active", "emails": [email]}),
    )
    .await;
    json_of(made, 201).await;
    let res = post(
        &app,
        "/api/v1/auth/forgot-password",
        None,
        &json!({"account_or_email": account}),
    )
    .await;
    assert_eq!(res.status(), 202);
    let mail = &smtp.wait_for(&email, 1).await[0];
    let secret = secret_of(&mail.text, "/account/reset");
    let who = json_of(
        post(
            &app,
            "/api/v1/account/reset/check",
            None,
            &json!({"token": secret}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        (who["account"].as_str(), who["site_slug"].as_str()),
        (Some(account.as_str()), Some(""))
    );
    let set = json!({"token": secret, "password": "a platform reset pass"});
    json_of(post(&app, "/api/v1/account/reset", None, &set).await, 200).await;
    assert_problem(
        post(&app, "/api/v1/account/reset", None, &set).await,
        410,
        "link_invalid",
    )
    .await;
    app.token_of_platform(&account, "a platform reset pass")
        .await;
}
