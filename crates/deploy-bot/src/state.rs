//! What the handlers share: settings, clients, pending confirmations and
//! each operator's reply language (both in memory: see `confirm.rs`).

use crate::buildbot::Buildbot;
use crate::commands::Lang;
use crate::config::Config;
use crate::confirm::Confirmations;
use crate::mattermost::Channel;
use std::collections::HashMap;
use std::sync::Mutex;

pub struct AppState {
    pub config: Config,
    pub http: reqwest::Client,
    pub buildbot: Buildbot,
    pub channel: Channel,
    pub confirmations: Mutex<Confirmations>,
    pub langs: Mutex<HashMap<String, Lang>>,
}

impl AppState {
    pub fn new(config: Config) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .build()?;
        // A client of its own: it keeps Buildbot's session cookie.
        let buildbot_http = reqwest::Client::builder()
            .cookie_store(true)
            .timeout(std::time::Duration::from_secs(10))
            .build()?;
        Ok(Self {
            buildbot: Buildbot::new(buildbot_http, config.buildbot.clone()),
            channel: Channel::new(http.clone(), config.mattermost_webhook.clone()),
            http,
            confirmations: Mutex::new(Confirmations::default()),
            langs: Mutex::new(HashMap::new()),
            config,
        })
    }

    pub fn lang_of(&self, user: &str) -> Lang {
        self.langs.lock().map_or(self.config.lang, |m| {
            m.get(user).copied().unwrap_or(self.config.lang)
        })
    }

    pub fn set_lang(&self, user: &str, lang: Lang) {
        if let Ok(mut m) = self.langs.lock() {
            m.insert(user.to_string(), lang);
        }
    }
}
