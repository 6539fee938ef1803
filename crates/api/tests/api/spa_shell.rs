//! The HTML shells carry their own security headers, so yass without nginx
//! in front still has a Content-Security-Policy (issue 12).

use crate::helpers::*;

fn spa_dir() -> std::sync::Arc<ScratchDir> {
    let scratch = ScratchDir::new("yass-spa-");
    let dir = scratch.path();
    let shell = "<!DOCTYPE html><html><head><!--yass:head--><script type=\"module\" src=\"/x-start-0123abcd.js\"></script></head><body></body></html>";
    std::fs::write(dir.join("index.html"), shell).unwrap();
    std::fs::write(dir.join("admin.html"), shell).unwrap();
    std::fs::write(dir.join("x-start-0123abcd.js"), "export {};").unwrap();
    scratch
}

#[actix_web::test]
async fn html_shells_send_the_content_security_policy() {
    let dir = spa_dir();
    let app = TestApp::spawn_with(|s| s.spa_dir = dir.path().to_path_buf()).await;
    for path in [
        "/".to_string(),
        format!("/s/{}/news/1", app.slug),
        "/admin".to_string(),
        format!("/s/{}/admin/news", app.slug),
    ] {
        let res = app.client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        let h = |name: &str| {
            res.headers()
                .get(name)
                .unwrap_or_else(|| panic!("{path}: no {name}"))
                .to_str()
                .unwrap()
                .to_string()
        };
        let csp = h("content-security-policy");
        assert_eq!(csp, yass_api::rules::csp::html_policy(), "{path}");
        for d in [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'self'",
            "frame-src https://calendar.google.com https://www.google.com https://maps.google.com https://www.youtube.com https://www.youtube-nocookie.com",
        ] {
            assert!(csp.split("; ").any(|x| x == d), "{path}: {d} not in {csp}");
        }
        assert_eq!(h("x-content-type-options"), "nosniff");
        assert_eq!(h("referrer-policy"), "strict-origin-when-cross-origin");
        assert_eq!(h("x-frame-options"), "SAMEORIGIN");
        assert_eq!(
            res.headers()
                .get_all("content-security-policy")
                .iter()
                .count(),
            1
        );
    }
}

/// nginx sends the same policy on everything it serves; two different
/// policies on one page would both be enforced, so they must not drift.
#[test]
fn nginx_sends_the_same_policy() {
    let conf = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../ops/nginx/snippets/yass-security-headers.conf"
    ))
    .unwrap();
    let line = conf
        .lines()
        .find(|l| l.starts_with("add_header Content-Security-Policy "))
        .expect("nginx sets a CSP");
    let policy = line.split('"').nth(1).expect("the policy is quoted");
    assert_eq!(policy, yass_api::rules::csp::html_policy());
}

/// A school's homepage shell preloads the homepage's data, so the browser
/// fetches it while the WASM loads; other pages do not.
#[actix_web::test]
async fn the_homepage_shell_preloads_the_homepage_data() {
    let dir = spa_dir();
    let app = TestApp::spawn_with(|s| s.spa_dir = dir.path().to_path_buf()).await;
    let link = format!(
        "<link rel=\"preload\" href=\"/api/v1/sites/{}/homepage\" as=\"fetch\" crossorigin=\"anonymous\">",
        app.slug
    );
    for (path, preloads) in [
        (format!("/s/{}", app.slug), true),
        (format!("/s/{}/", app.slug), true),
        (format!("/s/{}/news/1", app.slug), false),
        ("/".to_string(), false),
    ] {
        let res = app.client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        let html = res.text().await.unwrap();
        assert_eq!(html.contains(&link), preloads, "{path}: {html}");
    }
}
