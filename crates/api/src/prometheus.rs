//! Figures the platform admins' overview asks Prometheus for
//! (`YASS_PROMETHEUS_URL`): each school's homepage response time.

use std::collections::HashMap;
use std::time::Duration;

/// The 95th percentile homepage time over the last hour, per site slug, in
/// milliseconds.
pub const HOMEPAGE_P95: &str =
    "histogram_quantile(0.95, sum by (le, site) (rate(yass_homepage_duration_seconds_bucket[1h])))";

pub async fn homepage_p95_ms(base: &str) -> Result<HashMap<String, f64>, String> {
    let url = url::Url::parse_with_params(
        &format!("{}/api/v1/query", base.trim_end_matches('/')),
        &[("query", HOMEPAGE_P95)],
    )
    .map_err(|e| format!("YASS_PROMETHEUS_URL: {e}"))?;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(3))
        .build()
        .map_err(|e| e.to_string())?;
    let res = client
        .get(url)
        .send()
        .await
        .map_err(|e| format!("Prometheus unreachable: {e}"))?;
    if !res.status().is_success() {
        return Err(format!("Prometheus answered {}", res.status()));
    }
    let body: serde_json::Value = res
        .json()
        .await
        .map_err(|e| format!("Prometheus answer: {e}"))?;
    Ok(parse_vector(&body))
}

/// `site` label → value × 1000 of an instant vector; NaN (no requests in
/// the window) is left out.
pub fn parse_vector(body: &serde_json::Value) -> HashMap<String, f64> {
    body["data"]["result"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| {
            let site = r["metric"]["site"].as_str()?;
            let v: f64 = r["value"][1].as_str()?.parse().ok()?;
            v.is_finite().then(|| (site.to_string(), v * 1000.0))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_instant_vector_becomes_milliseconds_per_site() {
        let body = serde_json::json!({"status": "success", "data": {"resultType": "vector", "result": [
            {"metric": {"site": "demo"}, "value": [1.0, "0.0125"]},
            {"metric": {"site": "idle"}, "value": [1.0, "NaN"]},
            {"metric": {}, "value": [1.0, "0.2"]}
        ]}});
        let got = super::parse_vector(&body);
        assert_eq!(got.len(), 1);
        assert!((got["demo"] - 12.5).abs() < 1e-9);
    }
}
