//! Which release each yass instance runs: the `release` label of its
//! `yass_build_info` metric (the deploy writes RELEASE next to the binary).

/// Reads the release from a Prometheus text exposition. Pure.
pub fn release_from_metrics(text: &str) -> Option<String> {
    let line = text.lines().find(|l| l.starts_with("yass_build_info{"))?;
    let labels = line.split_once('{')?.1.split_once('}')?.0;
    labels.split(',').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k.trim() == "release").then(|| v.trim().trim_matches('"').to_string())
    })
}

/// Asks one instance; a failure is reported as text, not an error.
pub async fn instance_release(http: &reqwest::Client, url: &str, token: &str) -> String {
    let mut req = http.get(format!("{url}/metrics"));
    if !token.is_empty() {
        req = req.bearer_auth(token);
    }
    match req.send().await {
        Ok(r) if r.status().is_success() => match r.text().await {
            Ok(body) => release_from_metrics(&body).unwrap_or_else(|| "?".into()),
            Err(e) => format!("unreadable ({e})"),
        },
        Ok(r) => format!("HTTP {}", r.status().as_u16()),
        Err(_) => "unreachable".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_release_label_is_read() {
        let text = "# HELP yass_build_info Version\n# TYPE yass_build_info gauge\n\
                    yass_build_info{version=\"0.1.0\",commit=\"unknown\",release=\"abc12345\"} 1\n";
        assert_eq!(release_from_metrics(text).as_deref(), Some("abc12345"));
        assert_eq!(release_from_metrics("yass_up 1\n"), None);
        assert_eq!(
            release_from_metrics("yass_build_info{version=\"0.1.0\"} 1\n"),
            None
        );
    }
}
