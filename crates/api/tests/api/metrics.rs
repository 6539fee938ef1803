use crate::helpers::*;

use std::collections::BTreeMap;

/// Parses a Prometheus text scrape into (name, labels, value) samples.
fn samples(text: &str) -> Vec<(String, BTreeMap<String, String>, f64)> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (series, value) = l.rsplit_once(' ')?;
            let (name, labels) = match series.split_once('{') {
                Some((n, rest)) => (n, rest.trim_end_matches('}')),
                None => (series, ""),
            };
            let labels = labels
                .split("\",")
                .filter(|p| !p.is_empty())
                .filter_map(|p| {
                    let (k, v) = p.split_once('=')?;
                    Some((k.to_string(), v.trim_matches('"').to_string()))
                })
                .collect();
            Some((name.to_string(), labels, value.parse().ok()?))
        })
        .collect()
}

pub(crate) fn value(text: &str, name: &str, want: &[(&str, &str)]) -> f64 {
    samples(text)
        .into_iter()
        .filter(|(n, labels, _)| {
            n == name
                && want
                    .iter()
                    .all(|(k, v)| labels.get(*k).map(String::as_str) == Some(*v))
        })
        .map(|(_, _, v)| v)
        .sum()
}

async fn scrape(app: &TestApp) -> String {
    let res = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    res.text().await.unwrap()
}

#[actix_web::test]
async fn scripted_requests_move_the_counters_by_exactly_their_count() {
    // 127.0.0.1 is a trusted proxy in tests and sends a 10.x client address,
    // so allow that range to scrape.
    let app = TestApp::spawn_with(|s| s.metrics_allow = vec!["10.0.0.0/8".parse().unwrap()]).await;
    let slug = app.slug.clone();
    let site = slug.as_str();
    let token = app.admin_token().await;
    let before = scrape(&app).await;

    for _ in 0..3 {
        assert_eq!(
            app.client
                .get(app.site_url(""))
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
    }
    let res = app
        .client
        .get(app.site_url("/users/999999"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    for _ in 0..5 {
        app.login("webmaster", "wrong password").await;
    }
    assert_eq!(app.login("webmaster", PASSWORD).await.status(), 429);
    assert_eq!(app.login("nobody", "wrong password").await.status(), 401);
    // Unknown sites and random paths must not create series of their own.
    let res = app
        .client
        .get(app.url("/api/v1/sites/zz-no-such-site-qq"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = app
        .client
        .get(app.url("/api/v1/random/zz-path-qq"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    let after = scrape(&app).await;
    let delta =
        |name: &str, want: &[(&str, &str)]| value(&after, name, want) - value(&before, name, want);
    assert_eq!(
        delta(
            "yass_http_requests_total",
            &[
                ("site", site),
                ("route", "/api/v1/sites/{site}"),
                ("method", "GET"),
                ("status_class", "2xx"),
                ("status", "200")
            ]
        ),
        3.0
    );
    assert_eq!(
        delta(
            "yass_http_requests_total",
            &[
                ("site", site),
                ("route", "/api/v1/sites/{site}/users/{id}"),
                ("status", "404")
            ]
        ),
        1.0
    );
    assert_eq!(
        delta(
            "yass_http_request_duration_seconds_count",
            &[("site", site), ("route", "/api/v1/sites/{site}")]
        ),
        3.0
    );
    assert_eq!(
        delta(
            "yass_login_failures_total",
            &[("site", site), ("reason", "wrong_password")]
        ),
        5.0
    );
    assert_eq!(
        delta(
            "yass_login_failures_total",
            &[("site", site), ("reason", "locked")]
        ),
        1.0
    );
    assert_eq!(
        delta(
            "yass_login_failures_total",
            &[("site", site), ("reason", "unknown_account")]
        ),
        1.0
    );
    assert_eq!(
        delta("yass_login_duration_seconds_count", &[("site", site)]),
        7.0
    );
    assert_eq!(
        delta(
            "yass_http_requests_total",
            &[
                ("site", site),
                ("route", "/api/v1/sites/{site}/auth/login"),
                ("status", "429")
            ]
        ),
        2.0,
        "the failure that starts the lock and the attempt during it"
    );
    assert!(
        !after.contains("zz-no-such-site-qq") && !after.contains("zz-path-qq"),
        "labels are bounded"
    );
    assert!(
        value(
            &after,
            "yass_http_requests_total",
            &[("site", "_unknown"), ("route", "/api/v1/sites/{site}")]
        ) >= 1.0
    );
    assert_eq!(value(&after, "yass_build_info", &[]), 1.0);
}

#[actix_web::test]
async fn metrics_are_closed_to_strangers_but_open_with_the_scrape_token() {
    let app = TestApp::spawn_with(|s| {
        s.metrics_allow = vec!["192.0.2.0/24".parse().unwrap()];
        s.metrics_token = Some("scrape-secret-123".into());
    })
    .await;
    let res = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    let res = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("scrape-secret-123")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("yass_build_info"));
}

#[actix_web::test]
async fn the_pool_reports_its_connections_and_every_wait_for_one() {
    let app = TestApp::spawn_with(|s| s.metrics_allow = vec!["10.0.0.0/8".parse().unwrap()]).await;
    let before = scrape(&app).await;
    let waits = |text: &str| value(text, "yass_db_pool_acquire_wait_seconds_count", &[]);
    // Searches: never served from the response cache.
    for _ in 0..5 {
        let res = app
            .client
            .get(app.site_url("/news?q=公告"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    let after = scrape(&app).await;
    // The recorder is shared by the tests running beside this one: at least
    // this test's own acquisitions (each list reads the database).
    assert!(
        waits(&after) - waits(&before) >= 5.0,
        "acquisitions recorded: {} → {}",
        waits(&before),
        waits(&after)
    );
    assert!(after.contains("yass_db_pool_acquire_wait_seconds_bucket{le=\"0.001\"}"));
    assert!(after.contains("yass_db_pool_connections{state=\"in_use\"}"));
    assert!(after.contains("yass_db_pool_connections{state=\"idle\"}"));
    assert!(after.contains("yass_db_pool_max_connections"));
}
