//! The bot's settings, from the environment (the systemd unit reads them
//! from /etc/yass-ci/bot.env, written by the Ansible `ci` role from the vault).

use crate::auth::Allowed;
use crate::commands::Lang;

#[derive(Debug, Clone)]
pub struct Config {
    pub bind: String,
    /// Mattermost incoming webhook the bot posts to.
    pub mattermost_webhook: String,
    pub allowed: Allowed,
    /// Bearer token of the git post-receive hook.
    pub push_token: String,
    /// Bearer token of Buildbot's status reporter.
    pub buildbot_token: String,
    pub buildbot: BuildbotConfig,
    pub branch: String,
    /// The scheduler's tree-stable timer, for the countdown message.
    pub tree_stable_seconds: u64,
    /// `name=url` of every yass instance, for `status`.
    pub instances: Vec<(String, String)>,
    pub metrics_token: String,
    pub lang: Lang,
}

#[derive(Debug, Clone)]
pub struct BuildbotConfig {
    /// e.g. `http://127.0.0.1:8010` (no trailing slash)
    pub url: String,
    pub user: String,
    pub password: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0} is not set")]
    Missing(&'static str),
    #[error("{0}: {1}")]
    Invalid(&'static str, String),
}

/// Reads the settings through `get` (the environment in `main`; a map in tests).
pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
    let required = |k: &'static str| {
        get(k)
            .filter(|v| !v.trim().is_empty())
            .ok_or(ConfigError::Missing(k))
    };
    let list = |k: &str| -> Vec<String> {
        get(k)
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    };
    let password = match get("YASS_BOT_BUILDBOT_PASSWORD_FILE") {
        Some(path) => std::fs::read_to_string(&path)
            .map(|s| s.trim().to_string())
            .map_err(|e| ConfigError::Invalid("YASS_BOT_BUILDBOT_PASSWORD_FILE", e.to_string()))?,
        None => required("YASS_BOT_BUILDBOT_PASSWORD")?,
    };
    let tree_stable_seconds = match get("YASS_BOT_TREE_STABLE_SECONDS") {
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| ConfigError::Invalid("YASS_BOT_TREE_STABLE_SECONDS", v.clone()))?,
        None => 180,
    };
    let instances = list("YASS_BOT_INSTANCES")
        .into_iter()
        .map(|pair| {
            pair.split_once('=')
                .map(|(n, u)| (n.to_string(), u.trim_end_matches('/').to_string()))
                .ok_or_else(|| {
                    ConfigError::Invalid("YASS_BOT_INSTANCES", format!("{pair}: expected name=url"))
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let lang = match get("YASS_BOT_LANG").as_deref() {
        None | Some("zh" | "zh-TW" | "") => Lang::Zh,
        Some("en") => Lang::En,
        Some(other) => return Err(ConfigError::Invalid("YASS_BOT_LANG", other.into())),
    };
    let secret = |k: &'static str| -> Result<String, ConfigError> {
        let v = required(k)?;
        if v.len() < 16 {
            return Err(ConfigError::Invalid(k, "shorter than 16 characters".into()));
        }
        Ok(v)
    };
    Ok(Config {
        bind: get("YASS_BOT_BIND").unwrap_or_else(|| "127.0.0.1:8095".into()),
        mattermost_webhook: required("YASS_BOT_MATTERMOST_WEBHOOK")?,
        allowed: Allowed {
            command_tokens: list("YASS_BOT_COMMAND_TOKENS"),
            channels: list("YASS_BOT_CHANNELS"),
            operators: list("YASS_BOT_OPERATORS"),
        },
        push_token: secret("YASS_BOT_PUSH_TOKEN")?,
        buildbot_token: secret("YASS_BOT_BUILDBOT_TOKEN")?,
        buildbot: BuildbotConfig {
            url: required("YASS_BOT_BUILDBOT_URL")?
                .trim_end_matches('/')
                .to_string(),
            user: get("YASS_BOT_BUILDBOT_USER").unwrap_or_else(|| "deploy-bot".into()),
            password,
        },
        branch: get("YASS_BOT_BRANCH").unwrap_or_else(|| "main".into()),
        tree_stable_seconds,
        instances,
        metrics_token: get("YASS_BOT_METRICS_TOKEN").unwrap_or_default(),
        lang,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn base() -> HashMap<&'static str, String> {
        HashMap::from([
            (
                "YASS_BOT_MATTERMOST_WEBHOOK",
                "http://mm/hooks/x".to_string(),
            ),
            ("YASS_BOT_PUSH_TOKEN", "p".repeat(32)),
            ("YASS_BOT_BUILDBOT_TOKEN", "b".repeat(32)),
            (
                "YASS_BOT_BUILDBOT_URL",
                "http://127.0.0.1:8010/".to_string(),
            ),
            ("YASS_BOT_BUILDBOT_PASSWORD", "pw".to_string()),
            ("YASS_BOT_COMMAND_TOKENS", "t1, t2".to_string()),
            (
                "YASS_BOT_INSTANCES",
                "app-a=http://10.0.0.1:8081/,app-b=http://10.0.0.2:8081".to_string(),
            ),
        ])
    }

    fn load(m: &HashMap<&'static str, String>) -> Result<Config, ConfigError> {
        from_lookup(|k| m.get(k).cloned())
    }

    #[test]
    fn defaults_and_lists() {
        let c = load(&base()).unwrap();
        assert_eq!(c.tree_stable_seconds, 180);
        assert_eq!(c.branch, "main");
        assert_eq!(c.buildbot.url, "http://127.0.0.1:8010");
        assert_eq!(c.allowed.command_tokens, vec!["t1", "t2"]);
        assert!(c.allowed.channels.is_empty() && c.allowed.operators.is_empty());
        assert_eq!(
            c.instances[0],
            ("app-a".into(), "http://10.0.0.1:8081".into())
        );
        assert_eq!(c.lang, Lang::Zh);
    }

    #[test]
    fn short_hook_tokens_and_bad_values_are_refused() {
        let mut m = base();
        m.insert("YASS_BOT_PUSH_TOKEN", "short".into());
        assert!(matches!(
            load(&m),
            Err(ConfigError::Invalid("YASS_BOT_PUSH_TOKEN", _))
        ));
        let mut m = base();
        m.remove("YASS_BOT_BUILDBOT_TOKEN");
        assert!(matches!(
            load(&m),
            Err(ConfigError::Missing("YASS_BOT_BUILDBOT_TOKEN"))
        ));
        let mut m = base();
        m.insert("YASS_BOT_INSTANCES", "no-equals-sign".into());
        assert!(load(&m).is_err());
        let mut m = base();
        m.insert("YASS_BOT_TREE_STABLE_SECONDS", "soon".into());
        assert!(load(&m).is_err());
    }
}
