//! The platform admins' overview of every school, with each homepage's p95
//! read from a real Prometheus (Debian's `prometheus`, started by the test
//! on a loopback port and scraping this test's instance).

use crate::helpers::*;
use crate::mail_helpers::free_port;
use serde_json::Value;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Prometheus {
    child: Child,
    dir: std::path::PathBuf,
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[allow(
    clippy::zombie_processes,
    reason = "the child is owned by the returned guard, whose Drop kills and waits for it"
)]
fn start_prometheus(port: u16, target: &str) -> Prometheus {
    let bin = std::env::var("YASS_TEST_PROMETHEUS").unwrap_or_else(|_| "prometheus".into());
    let dir = std::env::temp_dir().join(format!("yass-prom-{port}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = format!(
        "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: yass\n    static_configs:\n      - targets: ['{target}']\n"
    );
    std::fs::write(dir.join("prometheus.yml"), config).unwrap();
    let child = Command::new(bin)
        .arg(format!(
            "--config.file={}",
            dir.join("prometheus.yml").display()
        ))
        .arg(format!(
            "--storage.tsdb.path={}",
            dir.join("data").display()
        ))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect(
            "start prometheus (scripts/test.sh installs Debian's; or set YASS_TEST_PROMETHEUS)",
        );
    Prometheus { child, dir }
}

async fn overview(app: &TestApp, token: &str) -> (u16, Value) {
    let res = app
        .client
        .get(app.url("/api/v1/manage/overview"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let s = res.status().as_u16();
    (s, res.json().await.unwrap_or(Value::Null))
}

fn ours<'a>(o: &'a Value, slug: &str) -> &'a Value {
    o["sites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["slug"] == slug)
        .unwrap_or_else(|| panic!("{slug} in {o}"))
}

#[actix_web::test]
async fn the_overview_shows_each_school_with_its_homepage_p95_from_prometheus() {
    let prom_port = free_port();
    let app = TestApp::spawn_with(|s| {
        s.prometheus_url = Some(format!("http://127.0.0.1:{prom_port}"));
    })
    .await;
    let target = app.addr.trim_start_matches("http://").to_string();
    let _prom = start_prometheus(prom_port, &target);
    let admin = app.admin_token().await;
    let office = app.group(&admin, "教務處", "staff", None).await;
    let res = app
        .client
        .post(app.site_url("/news"))
        .bearer_auth(&admin)
        .json(&serde_json::json!({"title": "總覽測試", "group_id": office}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let root = app.platform_token().await;
    assert_eq!(overview(&app, &admin).await.0, 403);
    let res = app
        .client
        .get(app.url("/api/v1/manage/overview"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);

    // Visitors open the homepage while Prometheus scrapes, until it has a p95.
    let mut got = Value::Null;
    for _ in 0..150 {
        for _ in 0..3 {
            app.client
                .get(app.site_url("/homepage"))
                .send()
                .await
                .unwrap();
        }
        let (s, o) = overview(&app, &root).await;
        assert_eq!(s, 200, "{o}");
        got = o;
        if ours(&got, &app.slug)["homepage_p95_ms"].is_number() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(got["prometheus"], true);
    assert_eq!(got["prometheus_error"], Value::Null, "{got}");
    let site = ours(&got, &app.slug);
    let p95 = site["homepage_p95_ms"]
        .as_f64()
        .unwrap_or_else(|| panic!("no p95: {got}"));
    assert!(p95 > 0.0 && p95 < 10_000.0, "{p95}");
    assert_eq!(site["items"], 1);
    assert_eq!(site["enabled"], true);
    assert!(
        site["last_change"].is_string() && site["last_sign_in"].is_string(),
        "{site}"
    );
}

#[actix_web::test]
async fn without_a_reachable_prometheus_the_overview_still_answers_and_says_why() {
    let port = free_port();
    let app =
        TestApp::spawn_with(|s| s.prometheus_url = Some(format!("http://127.0.0.1:{port}"))).await;
    let root = app.platform_token().await;
    let (s, o) = overview(&app, &root).await;
    assert_eq!(s, 200, "{o}");
    assert!(o["prometheus_error"].is_string(), "{o}");
    assert_eq!(ours(&o, &app.slug)["homepage_p95_ms"], Value::Null);
    assert_eq!(ours(&o, &app.slug)["upload_bytes"], 0);
    // No SMTP in this test: the dashboard is told mail stays in files.
    assert!(
        o["mail_written_to"].as_str().unwrap().ends_with("mail"),
        "{o}"
    );
}
