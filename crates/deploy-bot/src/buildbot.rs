//! Buildbot's REST API: starting builds through the force schedulers that
//! `ops/ci/master.cfg` defines, and reading what runs and how it ended.
//! Buildbot wants a session: each call logs in first (HTTP basic on
//! /auth/login sets the cookie the client keeps).

use crate::config::BuildbotConfig;
use serde::Deserialize;
use serde_json::{Value, json};

/// The builders the pipeline has, and the force scheduler of each
/// (names shared with `ops/ci/master.cfg`).
pub const BUILDERS: [(&str, &str); 5] = [
    ("test", "force-test"),
    ("deploy", "force-deploy"),
    ("rollback", "force-rollback"),
    ("upgrade-all-systems", "force-upgrade-all-systems"),
    ("sync", "force-sync"),
];

#[derive(Debug, thiserror::Error)]
pub enum BuildbotError {
    #[error("{0}")]
    Http(#[from] reqwest::Error),
    #[error("Buildbot answered {0}")]
    Status(reqwest::StatusCode),
    #[error("Buildbot refused: {0}")]
    Refused(String),
}

#[derive(Clone)]
pub struct Buildbot {
    http: reqwest::Client,
    cfg: BuildbotConfig,
}

/// A build as `status` reports it.
#[derive(Debug, Clone, Deserialize)]
pub struct Build {
    pub number: i64,
    pub complete: bool,
    #[serde(default)]
    pub results: Option<i64>,
    #[serde(default)]
    pub state_string: String,
}

impl Buildbot {
    pub fn new(http: reqwest::Client, cfg: BuildbotConfig) -> Self {
        Self { http, cfg }
    }

    /// Starts a session (the REST API, reads included, needs one).
    pub async fn login(&self) -> Result<(), BuildbotError> {
        let r = self
            .http
            .get(format!("{}/auth/login", self.cfg.url))
            .basic_auth(&self.cfg.user, Some(&self.cfg.password))
            .send()
            .await?;
        if r.status().is_success() || r.status().is_redirection() {
            Ok(())
        } else {
            Err(BuildbotError::Status(r.status()))
        }
    }

    /// Starts `builder` through its force scheduler; `revision` None means
    /// the branch's latest commit.
    pub async fn force(
        &self,
        builder: &str,
        revision: Option<&str>,
        reason: &str,
        owner: &str,
    ) -> Result<(), BuildbotError> {
        let scheduler = BUILDERS
            .iter()
            .find(|(b, _)| *b == builder)
            .map(|(_, s)| *s)
            .ok_or_else(|| BuildbotError::Refused(format!("no builder {builder}")))?;
        self.login().await?;
        let body = json!({
            "jsonrpc": "2.0", "method": "force", "id": 1,
            "params": {
                "builderNames": [builder],
                "reason": reason,
                "owner": owner,
                "revision": revision.unwrap_or(""),
            }
        });
        let r = self
            .http
            .post(format!(
                "{}/api/v2/forceschedulers/{scheduler}",
                self.cfg.url
            ))
            .json(&body)
            .send()
            .await?;
        let status = r.status();
        let answer: Value = r.json().await.unwrap_or(Value::Null);
        if let Some(err) = answer.get("error") {
            return Err(BuildbotError::Refused(
                err.get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("error")
                    .to_string(),
            ));
        }
        if !status.is_success() {
            return Err(BuildbotError::Status(status));
        }
        Ok(())
    }

    /// The last build of `builder`, if it ever ran.
    pub async fn last_build(&self, builder: &str) -> Result<Option<Build>, BuildbotError> {
        #[derive(Deserialize)]
        struct Builds {
            builds: Vec<Build>,
        }
        let r = self
            .http
            .get(format!(
                "{}/api/v2/builders/{builder}/builds?order=-number&limit=1",
                self.cfg.url
            ))
            .send()
            .await?;
        if r.status() == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !r.status().is_success() {
            return Err(BuildbotError::Status(r.status()));
        }
        Ok(r.json::<Builds>().await?.builds.into_iter().next())
    }

    /// Build requests waiting for their builder (e.g. a deploy queued behind
    /// another, or a test run waiting for the tree-stable timer's build).
    pub async fn pending_requests(&self) -> Result<usize, BuildbotError> {
        let r = self
            .http
            .get(format!(
                "{}/api/v2/buildrequests?claimed=false&complete=false",
                self.cfg.url
            ))
            .send()
            .await?;
        if !r.status().is_success() {
            return Err(BuildbotError::Status(r.status()));
        }
        let v: Value = r.json().await?;
        Ok(v.get("buildrequests")
            .and_then(Value::as_array)
            .map_or(0, Vec::len))
    }
}
