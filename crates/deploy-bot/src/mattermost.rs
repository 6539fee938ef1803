//! Posting to the channel through Mattermost's incoming webhook
//! (`{"text": …}`, the Slack-compatible format).

use serde_json::json;

#[derive(Clone)]
pub struct Channel {
    http: reqwest::Client,
    webhook: String,
}

impl Channel {
    pub fn new(http: reqwest::Client, webhook: String) -> Self {
        Self { http, webhook }
    }

    /// Posts `text`; a failure is logged, never fatal (the build goes on).
    pub async fn post(&self, text: &str) {
        let body = json!({ "text": text, "username": "yass-deploy" });
        match self.http.post(&self.webhook).json(&body).send().await {
            Ok(r) if r.status().is_success() => {}
            Ok(r) => tracing::warn!(status = %r.status(), "mattermost refused a post"),
            Err(e) => tracing::warn!(error = %e, "mattermost unreachable"),
        }
    }
}
