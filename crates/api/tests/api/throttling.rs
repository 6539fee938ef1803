use crate::helpers::*;
use serde_json::Value;

#[actix_web::test]
async fn five_failures_lock_the_pair_and_a_correct_password_does_not_bypass_it() {
    let app = TestApp::spawn().await;
    for _ in 0..4 {
        assert_eq!(app.login("webmaster", "wrong password").await.status(), 401);
    }
    let res = app.login("webmaster", "wrong password").await;
    assert_eq!(res.headers().get("retry-after").unwrap(), "60");
    let p = assert_problem(res, 429, "too_many_attempts").await;
    assert_eq!(p["retry_after"], 60);
    let res = app.login("webmaster", PASSWORD).await;
    assert_problem(res, 429, "too_many_attempts").await;
    // The lock runs out; the right password works again.
    app.clock.advance(chrono::TimeDelta::seconds(61));
    assert_eq!(app.login("webmaster", PASSWORD).await.status(), 200);
    // The next lock is longer (back-off grows).
    for _ in 0..4 {
        assert_eq!(app.login("webmaster", "wrong password").await.status(), 401);
    }
    let res = app.login("webmaster", "wrong password").await;
    assert_eq!(res.headers().get("retry-after").unwrap(), "120");
}

#[actix_web::test]
async fn unknown_accounts_are_throttled_the_same_way() {
    let app = TestApp::spawn().await;
    for _ in 0..4 {
        assert_eq!(app.login("ghost", "x-password").await.status(), 401);
    }
    let res = app.login("ghost", "x-password").await;
    assert_problem(res, 429, "too_many_attempts").await;
}

#[actix_web::test]
async fn the_lock_is_shared_by_every_instance() {
    let one = TestApp::spawn().await;
    let two = one.second_instance().await;
    for i in 0..4 {
        let app = if i % 2 == 0 { &one } else { &two };
        assert_eq!(app.login("webmaster", "wrong password").await.status(), 401);
    }
    let res = two.login("webmaster", "wrong password").await;
    assert_problem(res, 429, "too_many_attempts").await;
    let res = one.login("webmaster", PASSWORD).await;
    assert_problem(res, 429, "too_many_attempts").await;
}

#[actix_web::test]
async fn forwarded_for_counts_only_behind_trusted_proxies() {
    // Untrusted: X-Forwarded-For is ignored, so rotating it does not escape the lock.
    let app = TestApp::spawn_with(|s| s.trusted_proxies = vec![]).await;
    for i in 0..5 {
        app.client
            .post(app.site_url("/auth/login"))
            .header("x-forwarded-for", format!("203.0.113.{i}"))
            .json(&serde_json::json!({"account": "webmaster", "password": "nope-nope"}))
            .send()
            .await
            .unwrap();
    }
    let res = app.login("webmaster", PASSWORD).await;
    assert_problem(res, 429, "too_many_attempts").await;

    // Trusted proxy: each forwarded client is its own pair, and the log shows it.
    let app = TestApp::spawn().await;
    for i in 0..4 {
        app.client
            .post(app.site_url("/auth/login"))
            .header("x-forwarded-for", format!("203.0.113.{i}"))
            .json(&serde_json::json!({"account": "webmaster", "password": "nope-nope"}))
            .send()
            .await
            .unwrap();
    }
    let token = app.admin_token().await;
    let log: Value = app
        .client
        .get(app.site_url("/auth-log?kind=wrong_password"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let addrs: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["client_addr"].as_str().unwrap())
        .collect();
    assert!(
        addrs.contains(&"203.0.113.0") && addrs.contains(&"203.0.113.3"),
        "{addrs:?}"
    );
}
