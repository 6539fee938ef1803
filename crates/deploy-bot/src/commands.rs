//! What an operator typed in the channel, parsed into a command. Pure: no
//! I/O, so every spelling the bot accepts is unit-tested here.

/// A request from the channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Help,
    Status,
    /// Update the deploy checkout (the ops code the pipeline runs).
    Sync,
    /// Run the test builder on the branch's latest commit.
    RunTest,
    /// Deploy a commit (the branch's latest when `None`); asks for confirmation.
    Deploy(Option<String>),
    /// Return every host to the release before the current one; asks for confirmation.
    Rollback,
    /// Package upgrades host by host; asks for confirmation.
    UpgradeAllSystems,
    /// Confirms the caller's pending request.
    Confirm(String),
    /// The caller's reply language.
    Lang(Lang),
    /// Anything else, kept to echo back in the help text.
    Unknown(String),
}

/// Reply language: Traditional Chinese by default, English on request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Command {
    /// Whether running it changes machines, so that a person must confirm it.
    pub fn needs_confirmation(&self) -> bool {
        matches!(
            self,
            Self::Deploy(_) | Self::Rollback | Self::UpgradeAllSystems
        )
    }
}

/// Parses the text of a slash command or an outgoing-webhook message.
/// `trigger` is the word Mattermost matched (outgoing webhooks), removed
/// first; a leading `@mention` of the bot is removed too.
pub fn parse(text: &str, trigger: Option<&str>) -> Command {
    let mut rest = text.trim();
    if let Some(stripped) = trigger
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .and_then(|t| strip_prefix_ignore_case(rest, t))
    {
        rest = stripped.trim_start();
    }
    if rest.starts_with('@') {
        rest = rest
            .split_once(char::is_whitespace)
            .map_or("", |(_, r)| r)
            .trim_start();
    }
    let words: Vec<String> = rest
        .split_whitespace()
        .map(|w| w.trim_end_matches([':', ',', '.', '!', '?']).to_string())
        .filter(|w| !w.is_empty())
        .collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    match lower.as_slice() {
        [] | ["help" | "說明"] => Command::Help,
        ["status" | "狀態"] => Command::Status,
        ["sync"] => Command::Sync,
        ["run", "test" | "tests"] | ["test"] => Command::RunTest,
        ["deploy"] => Command::Deploy(None),
        ["deploy", commit] if is_commit(commit) => Command::Deploy(Some((*commit).to_string())),
        ["rollback"] => Command::Rollback,
        ["upgrade", "all", "systems"] => Command::UpgradeAllSystems,
        ["confirm", code] if is_code(code) => Command::Confirm((*code).to_string()),
        ["lang", "en"] => Command::Lang(Lang::En),
        ["lang", "zh" | "zh-tw" | "tw"] => Command::Lang(Lang::Zh),
        _ => Command::Unknown(rest.chars().take(80).collect()),
    }
}

/// A commit as Buildbot takes it: 7 to 40 hex digits (never a ref name,
/// which could name a branch nobody tested).
pub fn is_commit(s: &str) -> bool {
    (7..=40).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A confirmation code as the bot hands them out (see `confirm.rs`).
fn is_code(s: &str) -> bool {
    (4..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_commands_parse() {
        assert_eq!(parse("help", None), Command::Help);
        assert_eq!(parse("", None), Command::Help);
        assert_eq!(parse("status", None), Command::Status);
        assert_eq!(parse("sync", None), Command::Sync);
        assert_eq!(parse("run test", None), Command::RunTest);
        assert_eq!(parse("Run  Test", None), Command::RunTest);
        assert_eq!(parse("deploy", None), Command::Deploy(None));
        assert_eq!(
            parse("deploy 1a2B3c4d", None),
            Command::Deploy(Some("1a2b3c4d".into()))
        );
        assert_eq!(parse("rollback", None), Command::Rollback);
        assert_eq!(
            parse("upgrade all systems", None),
            Command::UpgradeAllSystems
        );
        assert_eq!(
            parse("confirm 482913", None),
            Command::Confirm("482913".into())
        );
        assert_eq!(parse("lang en", None), Command::Lang(Lang::En));
        assert_eq!(parse("lang zh", None), Command::Lang(Lang::Zh));
    }

    #[test]
    fn the_trigger_word_and_a_mention_are_skipped() {
        assert_eq!(parse("yass run test", Some("yass")), Command::RunTest);
        assert_eq!(parse("YASS: status", Some("yass")), Command::Status);
        assert_eq!(
            parse("@yass-bot upgrade all systems", None),
            Command::UpgradeAllSystems
        );
        assert_eq!(parse("@yass-bot", None), Command::Help);
        assert_eq!(parse("status!", None), Command::Status);
    }

    #[test]
    fn a_deploy_takes_only_a_commit_hash() {
        assert!(matches!(parse("deploy main", None), Command::Unknown(_)));
        assert!(matches!(parse("deploy 123456", None), Command::Unknown(_)));
        assert!(matches!(
            parse("deploy $(reboot)", None),
            Command::Unknown(_)
        ));
        let long = "a".repeat(41);
        assert!(matches!(
            parse(&format!("deploy {long}"), None),
            Command::Unknown(_)
        ));
        assert!(matches!(
            parse("deploy abc1234 now", None),
            Command::Unknown(_)
        ));
    }

    #[test]
    fn confirm_takes_only_a_numeric_code() {
        assert!(matches!(parse("confirm", None), Command::Unknown(_)));
        assert!(matches!(parse("confirm abcd", None), Command::Unknown(_)));
        assert!(matches!(parse("confirm 123", None), Command::Unknown(_)));
    }

    #[test]
    fn only_machine_changing_commands_need_confirmation() {
        assert!(Command::Deploy(None).needs_confirmation());
        assert!(Command::Rollback.needs_confirmation());
        assert!(Command::UpgradeAllSystems.needs_confirmation());
        assert!(!Command::RunTest.needs_confirmation());
        assert!(!Command::Sync.needs_confirmation());
        assert!(!Command::Status.needs_confirmation());
    }

    #[test]
    fn unknown_text_is_kept_short() {
        let long = "x ".repeat(200);
        match parse(&long, None) {
            Command::Unknown(s) => assert!(s.chars().count() <= 80),
            other => panic!("{other:?}"),
        }
    }
}
