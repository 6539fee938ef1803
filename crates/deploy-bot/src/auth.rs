//! Who may talk to the bot. A command counts only when its token is one of
//! the configured Mattermost tokens (compared in constant time), it comes
//! from a configured channel, and its sender is a configured operator; the
//! hooks (git push, Buildbot) each have their own bearer token. Pure.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The identity a Mattermost request claims.
#[derive(Debug, Clone)]
pub struct Caller<'a> {
    pub token: &'a str,
    pub channel_id: &'a str,
    pub user_id: &'a str,
}

/// Why a command was refused (logged; the channel only hears "not allowed").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    BadToken,
    OtherChannel,
    NotAnOperator,
}

/// The allow lists, from the configuration.
#[derive(Debug, Clone, Default)]
pub struct Allowed {
    pub command_tokens: Vec<String>,
    pub channels: Vec<String>,
    pub operators: Vec<String>,
}

impl Allowed {
    /// Checks a command's token, channel and sender, in that order. Empty
    /// lists allow nobody: a bot with no configuration refuses everything.
    pub fn check(&self, caller: &Caller<'_>) -> Result<(), Refusal> {
        if !self
            .command_tokens
            .iter()
            .any(|t| secrets_equal(t, caller.token))
        {
            return Err(Refusal::BadToken);
        }
        if !self.channels.iter().any(|c| c == caller.channel_id) {
            return Err(Refusal::OtherChannel);
        }
        if !self.operators.iter().any(|u| u == caller.user_id) {
            return Err(Refusal::NotAnOperator);
        }
        Ok(())
    }
}

/// Compares two secrets in time independent of where they differ (and of
/// their lengths: both are hashed first). An empty expected secret never
/// matches, so an unset token cannot be "guessed" by sending nothing.
pub fn secrets_equal(expected: &str, given: &str) -> bool {
    if expected.is_empty() {
        return false;
    }
    let a = Sha256::digest(expected.as_bytes());
    let b = Sha256::digest(given.as_bytes());
    a.ct_eq(&b).into()
}

/// Checks an `Authorization: Bearer …` header value against a hook token.
pub fn bearer_matches(expected: &str, header: Option<&str>) -> bool {
    header
        .and_then(|h| h.strip_prefix("Bearer "))
        .is_some_and(|given| secrets_equal(expected, given.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed() -> Allowed {
        Allowed {
            command_tokens: vec!["slash-token".into(), "outgoing-token".into()],
            channels: vec!["chan-ops".into()],
            operators: vec!["user-amy".into(), "user-bo".into()],
        }
    }

    fn caller<'a>(token: &'a str, channel: &'a str, user: &'a str) -> Caller<'a> {
        Caller {
            token,
            channel_id: channel,
            user_id: user,
        }
    }

    #[test]
    fn an_operator_in_the_channel_with_either_token_is_allowed() {
        let a = allowed();
        assert_eq!(
            a.check(&caller("slash-token", "chan-ops", "user-amy")),
            Ok(())
        );
        assert_eq!(
            a.check(&caller("outgoing-token", "chan-ops", "user-bo")),
            Ok(())
        );
    }

    #[test]
    fn a_wrong_token_channel_or_user_is_refused() {
        let a = allowed();
        assert_eq!(
            a.check(&caller("slash-tokeN", "chan-ops", "user-amy")),
            Err(Refusal::BadToken)
        );
        assert_eq!(
            a.check(&caller("", "chan-ops", "user-amy")),
            Err(Refusal::BadToken)
        );
        assert_eq!(
            a.check(&caller("slash-token", "chan-random", "user-amy")),
            Err(Refusal::OtherChannel)
        );
        assert_eq!(
            a.check(&caller("slash-token", "chan-ops", "user-eve")),
            Err(Refusal::NotAnOperator)
        );
    }

    #[test]
    fn an_unconfigured_bot_allows_nobody() {
        let a = Allowed::default();
        assert_eq!(a.check(&caller("", "", "")), Err(Refusal::BadToken));
        let mut b = allowed();
        b.command_tokens = vec![String::new()];
        assert_eq!(
            a.check(&caller("", "chan-ops", "user-amy")),
            Err(Refusal::BadToken)
        );
        assert_eq!(
            b.check(&caller("", "chan-ops", "user-amy")),
            Err(Refusal::BadToken)
        );
    }

    #[test]
    fn bearer_tokens_match_exactly() {
        assert!(bearer_matches("s3cret", Some("Bearer s3cret")));
        assert!(!bearer_matches("s3cret", Some("Bearer s3cre")));
        assert!(!bearer_matches("s3cret", Some("s3cret")));
        assert!(!bearer_matches("s3cret", None));
        assert!(!bearer_matches("", Some("Bearer ")));
    }
}
