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

/// Sends a sign-in for `account` from `addr` with optional extra cookies.
async fn login_from(
    app: &TestApp,
    account: &str,
    password: &str,
    addr: &str,
    cookie: Option<&str>,
) -> reqwest::Response {
    let mut req = app
        .client
        .post(app.site_url("/auth/login"))
        .header("x-forwarded-for", addr)
        .json(&serde_json::json!({"account": account, "password": password}));
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.send().await.unwrap()
}

#[actix_web::test]
async fn spellings_of_one_account_share_one_counter() {
    let app = TestApp::spawn().await;
    let spellings = [
        "   webmaster",
        "webmaster   ",
        "WEBMASTER",
        "\u{3000}WebMaster",
        "ｗｅｂｍａｓｔｅｒ",
        "\twebmaster\n",
        "ＷＥＢＭＡＳＴＥＲ ",
    ];
    let mut statuses = vec![];
    for i in 0..15 {
        let res = app
            .login(spellings[i % spellings.len()], "wrong password")
            .await;
        statuses.push(res.status().as_u16());
    }
    assert!(statuses[..4].iter().all(|s| *s == 401), "{statuses:?}");
    assert!(statuses[4..].iter().all(|s| *s == 429), "{statuses:?}");
    // The lock is the account's, whatever the spelling of the right password.
    let res = app.login("ＷｅｂＭａｓｔｅｒ", PASSWORD).await;
    assert_problem(res, 429, "too_many_attempts").await;
    app.clock.advance(chrono::TimeDelta::seconds(61));
    assert_eq!(
        app.login("  ＷｅｂＭａｓｔｅｒ ", PASSWORD).await.status(),
        200
    );
}

#[actix_web::test]
async fn over_long_names_and_passwords_are_422_before_any_work() {
    let app = TestApp::spawn().await;
    for account in [
        format!("{}webmaster", " ".repeat(5000)),
        "a".repeat(65),
        "w".repeat(100_000),
        String::new(),
    ] {
        let res = app.login(&account, "wrong password").await;
        let p = assert_problem(res, 422, "validation_failed").await;
        assert!(p["errors"]["account"].is_array(), "{p}");
    }
    let res = app.login("webmaster", &"x".repeat(1025)).await;
    let p = assert_problem(res, 422, "validation_failed").await;
    assert!(p["errors"]["password"].is_array(), "{p}");
    // Nothing was counted: the right password still works at once.
    assert_eq!(app.login("webmaster", PASSWORD).await.status(), 200);
}

/// 40 wrong sign-ins for one (account, address), 20 at a time, spread over
/// `apps`: at most the threshold reach the password check.
async fn parallel_wrong_sign_ins(apps: &[&TestApp]) {
    let mut statuses = vec![];
    for round in 0..2 {
        let batch = (0..20).map(|i| {
            let app = apps[(round * 20 + i) % apps.len()];
            async move {
                app.login("webmaster", "wrong password")
                    .await
                    .status()
                    .as_u16()
            }
        });
        statuses.extend(futures_util::future::join_all(batch).await);
    }
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert!(
        checked <= 5,
        "{checked} reached the password check: {statuses:?}"
    );
    assert_eq!(checked + refused, 40, "{statuses:?}");
    // And the pair ends up locked for everyone.
    let res = apps[0].login("webmaster", PASSWORD).await;
    assert_problem(res, 429, "too_many_attempts").await;
}

#[actix_web::test]
async fn parallel_guesses_are_counted_before_the_password_check() {
    let app = TestApp::spawn().await;
    parallel_wrong_sign_ins(&[&app]).await;
}

#[actix_web::test]
async fn parallel_guesses_over_two_instances_are_counted_once() {
    let one = TestApp::spawn().await;
    let two = one.second_instance().await;
    parallel_wrong_sign_ins(&[&one, &two]).await;
}

#[actix_web::test]
async fn a_stranger_cannot_lock_a_known_device_out() {
    let app = TestApp::spawn().await;
    let home = app.client_ip.clone();
    // The webmaster signed in here before: the response carries a device cookie.
    let res = login_from(&app, "webmaster", PASSWORD, &home, None).await;
    assert_eq!(res.status(), 200);
    let device = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("yass_device_"))
        .expect("a device cookie");
    assert!(device.contains("HttpOnly"), "{device}");
    assert!(device.contains("SameSite=Strict"), "{device}");
    assert!(
        device.contains("Path=/api/v1;") || device.ends_with("Path=/api/v1"),
        "{device}"
    );
    let device = device.split(';').next().unwrap().to_string();

    // A stranger fails from many addresses until the account-wide key locks.
    let mut last = 0;
    for i in 0..12 {
        let addr = format!("198.51.100.{i}");
        last = login_from(&app, "webmaster", "guess guess", &addr, None)
            .await
            .status()
            .as_u16();
    }
    assert_eq!(last, 429, "the account-wide limit still stops guessing");
    // Without the cookie, even from home, the account is locked...
    let res = login_from(&app, "webmaster", PASSWORD, &home, None).await;
    assert_problem(res, 429, "too_many_attempts").await;
    // ...but the known device signs in.
    let res = login_from(&app, "webmaster", PASSWORD, &home, Some(&device)).await;
    assert_eq!(res.status(), 200);
    // A forged or foreign cookie proves nothing.
    let forged = format!("{device}x");
    let res = login_from(&app, "webmaster", PASSWORD, &home, Some(&forged)).await;
    assert_problem(res, 429, "too_many_attempts").await;
    // The device itself is throttled like a pair: five wrong, then locked.
    for _ in 0..4 {
        let res = login_from(&app, "webmaster", "wrong password", &home, Some(&device)).await;
        assert_eq!(res.status(), 401);
    }
    let res = login_from(&app, "webmaster", "wrong password", &home, Some(&device)).await;
    assert_problem(res, 429, "too_many_attempts").await;
}

#[actix_web::test]
async fn checking_the_current_password_is_throttled_like_sign_in() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    let mut statuses = vec![];
    for _ in 0..30 {
        let res = app
            .client
            .post(app.site_url("/me/password"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"current_password": "not my password", "new_password": "a brand new password"}))
            .send()
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
    }
    assert!(statuses[..4].iter().all(|s| *s == 422), "{statuses:?}");
    assert!(statuses[4..].iter().all(|s| *s == 429), "{statuses:?}");
    // While locked, the right password is refused too.
    let res = app
        .client
        .post(app.site_url("/me/password"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"current_password": PASSWORD, "new_password": "a brand new password"}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 429, "too_many_attempts").await;
    // And so is signing in from the same address: one throttle.
    let res = app.login("webmaster", PASSWORD).await;
    assert_problem(res, 429, "too_many_attempts").await;
}

#[actix_web::test]
async fn a_sign_in_flood_gets_503_with_retry_after_when_no_worker_frees() {
    let app = TestApp::spawn_with(|s| {
        s.password_workers = 1;
        s.password_wait_ms = 1;
        s.argon2_memory_kib = 16 * 1024;
        s.argon2_iterations = 2;
    })
    .await;
    let batch = (0..12).map(|i| {
        let app = &app;
        async move {
            let res = login_from(
                app,
                &format!("ghost{i}"),
                "wrong password",
                &format!("192.0.2.{i}"),
                None,
            )
            .await;
            let retry = res
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap().to_string());
            let status = res.status().as_u16();
            let body: Value = res.json().await.unwrap();
            (status, retry, body)
        }
    });
    let results = futures_util::future::join_all(batch).await;
    let busy: Vec<_> = results.iter().filter(|(s, _, _)| *s == 503).collect();
    assert!(!busy.is_empty(), "{results:?}");
    for (_, retry, body) in &busy {
        assert!(retry.is_some());
        assert_eq!(body["code"], "password_workers_busy");
    }
    assert!(
        results.iter().all(|(s, _, _)| *s == 503 || *s == 401),
        "{results:?}"
    );
}
