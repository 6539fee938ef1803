//! Writes that meet each other in the database: a school's own writes at
//! once, and a city-wide announcement (which bumps every site's row) in the
//! middle of them. None may fail for a conflict the client could not cause.

use crate::content_helpers::post_news;
use crate::helpers::*;
use serde_json::json;

#[actix_web::test]
async fn a_schools_writes_and_a_city_notice_at_once_all_succeed() {
    let _city = CITY_WIDE.lock().await;
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let root = app.platform_token().await;
    let office = app.group(&admin, "教務處", "staff", None).await;
    let news = (0..16).map(|i| {
        let (app, admin, office) = (&app, &admin, office);
        async move {
            let res = post_news(
                app,
                admin,
                json!({"title": format!("同時發布 {i}"), "group_id": office}),
            )
            .await;
            (res.status().as_u16(), res.text().await.unwrap())
        }
    });
    let notices = (0..4).map(|i| {
        let (app, root) = (&app, &root);
        async move {
            let res = app
                .client
                .post(app.url("/api/v1/announcements"))
                .bearer_auth(root)
                .json(&json!({"title": format!("颱風停課 {i}"), "body": "明日停止上課。"}))
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    });
    let (news, notices) = futures_util::future::join(
        futures_util::future::join_all(news),
        futures_util::future::join_all(notices),
    )
    .await;
    for (status, body) in news.iter().chain(&notices) {
        assert_eq!(*status, 201, "{body}");
    }
    let (_, list) = crate::content_helpers::get_json(&app, "/news?per_page=50", Some(&admin)).await;
    assert_eq!(list["total"].as_i64(), Some(16), "{list}");
}

/// Galera replicates row changes by primary key: a table without one
/// replicates slowly or not at all (and `innodb_force_primary_key` would
/// refuse it). Every table the migrations make has one, on every engine,
/// so a new table without it fails here before it reaches the cluster.
#[actix_web::test]
async fn every_table_has_a_primary_key() {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Sqlite => {
            "SELECT m.name FROM sqlite_master m WHERE m.type = 'table' \
             AND m.name NOT LIKE 'sqlite_%' \
             AND NOT EXISTS (SELECT 1 FROM pragma_table_info(m.name) p WHERE p.pk > 0)"
        }
        DbBackend::MySql => {
            "SELECT t.table_name FROM information_schema.tables t \
             WHERE t.table_schema = DATABASE() AND t.table_type = 'BASE TABLE' \
             AND NOT EXISTS (SELECT 1 FROM information_schema.table_constraints c \
               WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name \
               AND c.constraint_type = 'PRIMARY KEY')"
        }
        _ => {
            "SELECT t.table_name::text FROM information_schema.tables t \
             WHERE t.table_schema = current_schema() AND t.table_type = 'BASE TABLE' \
             AND NOT EXISTS (SELECT 1 FROM information_schema.table_constraints c \
               WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name \
               AND c.constraint_type = 'PRIMARY KEY')"
        }
    };
    let rows = db
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap();
    let without: Vec<String> = rows
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect();
    assert!(
        without.is_empty(),
        "tables without a primary key: {without:?}"
    );
    // The query sees the tables at all (a typo would pass vacuously).
    let tables = db
        .query_all_raw(Statement::from_string(
            backend,
            match backend {
                DbBackend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'news'",
                DbBackend::MySql => "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'news'",
                _ => "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'news'",
            },
        ))
        .await
        .unwrap();
    assert_eq!(tables.len(), 1, "the news table is seen");
}
