//! School homepages are built ahead of visitors (issue 18): before an
//! instance reports ready, right after a write, and whenever one is missing,
//! stale or about to expire — so a visitor's first request costs the site
//! row and the platform announcements (read once a second per instance),
//! where building it costs eleven statements.

use crate::content_helpers::{cast, news};
use crate::helpers::{TestApp, backend};
use crate::public_reads::read;
use chrono::TimeDelta;
use serde_json::json;
use std::time::{Duration, Instant};
use yass_api::storage::{sites, snapshots};

const NAME: &str = "homepage";

/// Whether the test's school is among the first that need building (ids
/// above its predecessor's, one at most: the other tests' schools on a
/// shared database come after it).
async fn needs_building(app: &TestApp, margin: TimeDelta) -> bool {
    let found = snapshots::sites_needing(
        &app.state.db,
        &snapshots::name_of(NAME),
        app.clock.now(),
        margin,
        app.site_id.get() - 1,
        1,
    )
    .await
    .unwrap();
    found.first().is_some_and(|s| s.id == app.site_id.get())
}

/// Statements run and body of an anonymous homepage request.
async fn homepage(app: &TestApp) -> (u32, String) {
    let (status, n, body) = read(app, "/homepage").await;
    assert_eq!(status, 200);
    (n, body)
}

/// Waits (at most 10 s) until the school's homepage is stored for its
/// current content version.
async fn until_stored(app: &TestApp) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let site = sites::by_id(&app.state.db, app.site_id.get())
            .await
            .unwrap()
            .unwrap();
        let stored = snapshots::current(
            &app.state.db,
            app.site_id,
            &snapshots::name_of(NAME),
            site.content_version,
            app.clock.now(),
        )
        .await
        .unwrap();
        if stored.is_some() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the homepage was never built ahead"
        );
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    }
}

#[actix_web::test]
async fn a_school_needs_building_until_its_homepage_is_stored_for_its_version() {
    let app = TestApp::spawn().await;
    let c = cast(&app).await;
    assert!(
        needs_building(&app, TimeDelta::zero()).await,
        "nothing stored yet"
    );
    homepage(&app).await;
    assert!(
        !needs_building(&app, TimeDelta::zero()).await,
        "stored by that read"
    );
    assert!(
        needs_building(&app, TimeDelta::hours(1)).await,
        "expires within the hour (the 300 s cap)"
    );
    news(
        &app,
        &c.admin,
        json!({"title": "新消息", "group_id": c.academic}),
    )
    .await;
    assert!(
        needs_building(&app, TimeDelta::zero()).await,
        "a write moved the content version"
    );
}

#[actix_web::test]
async fn homepages_are_built_after_a_write_and_before_a_new_instance_is_ready() {
    // The chore builds every school of the database: on MariaDB and
    // PostgreSQL the tests share one, and this test would build (and
    // change the statement counts of) every other test's schools. The
    // statement it runs is tested on every engine above.
    if backend() != "sqlite" {
        return;
    }
    // No periodic pass within the test: what is built is built because of
    // the write, or before the instance was ready.
    let ahead = |s: &mut yass_api::config::Settings| {
        s.prebuild_homepages = true;
        s.prebuild_every_ms = 600_000;
    };
    let app = TestApp::spawn_with(ahead).await;
    let c = cast(&app).await;
    news(
        &app,
        &c.admin,
        json!({"title": "颱風停課", "group_id": c.academic}),
    )
    .await;
    until_stored(&app).await;
    let (n, body) = homepage(&app).await;
    assert!(body.contains("颱風停課"), "{body}");
    assert!(
        n <= 2,
        "{n} statements: the site row and announcements, nothing built"
    );

    // A new build (or `yass invalidate-caches`) finds nothing it can use;
    // its first pass runs before it takes requests.
    sites::bump_all_content_versions(&app.state.db)
        .await
        .unwrap();
    let two = app.second_instance_with(ahead).await;
    let (n, body) = homepage(&two).await;
    assert!(body.contains("颱風停課"), "{body}");
    assert!(n <= 2, "{n} statements: built before ready");
}
