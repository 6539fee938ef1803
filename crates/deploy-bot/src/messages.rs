//! Everything the bot says, in Traditional Chinese and English. Pure:
//! events and replies in, text out.

use crate::commands::{Command, Lang};
use serde::Deserialize;

fn t(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// "3 分鐘" / "3 minutes" for a whole number of minutes, else seconds.
pub fn duration(lang: Lang, seconds: u64) -> String {
    match (lang, seconds) {
        (Lang::Zh, s) if s >= 60 && s % 60 == 0 => format!("{} 分鐘", s / 60),
        (Lang::Zh, s) => format!("{s} 秒"),
        (Lang::En, 60) => "1 minute".into(),
        (Lang::En, s) if s >= 60 && s % 60 == 0 => format!("{} minutes", s / 60),
        (Lang::En, s) => format!("{s} seconds"),
    }
}

pub fn short(commit: &str) -> &str {
    commit.get(..8).unwrap_or(commit)
}

/// One push, as the post-receive hook reports it.
#[derive(Debug, Clone, Deserialize)]
pub struct Push {
    pub pusher: String,
    /// e.g. `refs/heads/main`
    #[serde(rename = "ref")]
    pub git_ref: String,
    pub after: String,
    #[serde(default)]
    pub commits: Vec<PushedCommit>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PushedCommit {
    pub id: String,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub subject: String,
}

/// Who pushed what; on the tested branch, the countdown (re)starts.
pub fn push(lang: Lang, p: &Push, branch: &str, stable_seconds: u64) -> String {
    let name = p.git_ref.strip_prefix("refs/heads/").unwrap_or(&p.git_ref);
    let mut lines = vec![t(
        lang,
        format!("{} 推送了 {} 個提交到 {name}", p.pusher, p.commits.len()),
        format!(
            "{} pushed {} commit(s) to {name}",
            p.pusher,
            p.commits.len()
        ),
    )];
    for c in p.commits.iter().rev().take(5) {
        let subject: String = c.subject.chars().take(100).collect();
        lines.push(format!("- `{}` {subject} ({})", short(&c.id), c.author));
    }
    if name == branch {
        let d = duration(lang, stable_seconds);
        lines.push(t(
            lang,
            format!("重新倒數 {d}開始進行整合測試...（`{}`）", short(&p.after)),
            format!(
                "Countdown restarted: integration tests in {d}... (`{}`)",
                short(&p.after)
            ),
        ));
    }
    lines.join("\n")
}

/// Buildbot's result codes (buildbot.process.results).
pub const SUCCESS: i64 = 0;
pub const WARNINGS: i64 = 1;

/// A build's state change, as `ops/ci/master.cfg`'s reporter posts it.
#[derive(Debug, Clone, Deserialize)]
pub struct BuildEvent {
    pub builder: String,
    #[serde(default)]
    pub url: String,
    pub complete: bool,
    #[serde(default)]
    pub results: Option<i64>,
    #[serde(default)]
    pub revision: Option<String>,
    /// The release a deploy or rollback installs.
    #[serde(default)]
    pub release: Option<String>,
    /// One line per host from the deploy script (`host: result`).
    #[serde(default)]
    pub hosts: Option<String>,
    /// The branch, for a build whose commit is not known yet (a forced run
    /// of the branch's latest).
    #[serde(default)]
    pub branch: Option<String>,
    /// Buildbot's summary, e.g. `failed passed the tests? (failure)`.
    #[serde(default)]
    pub state_string: String,
}

impl BuildEvent {
    pub fn succeeded(&self) -> bool {
        matches!(self.results, Some(SUCCESS | WARNINGS))
    }
}

/// What the channel hears when a build starts or ends.
pub fn build(lang: Lang, e: &BuildEvent) -> String {
    // A forced run of the branch's latest has no commit until its checkout.
    let rev = e
        .revision
        .as_deref()
        .filter(|r| !r.is_empty())
        .map(short)
        .or(e.branch.as_deref())
        .unwrap_or("?");
    let release = e.release.as_deref().unwrap_or(rev);
    let hosts = e
        .hosts
        .as_deref()
        .filter(|h| !h.trim().is_empty())
        .map(|h| format!("\n{}", h.trim()))
        .unwrap_or_default();
    let link = if e.url.is_empty() {
        String::new()
    } else {
        format!(" {}", e.url)
    };
    let b = e.builder.as_str();
    if !e.complete {
        return match b {
            "test" => t(
                lang,
                format!("開始執行 `{rev}` 整合測試"),
                format!("Running the integration tests of `{rev}`"),
            ),
            "deploy" => t(
                lang,
                format!("開始佈署 `{release}`"),
                format!("Deploying `{release}`"),
            ),
            "rollback" => t(
                lang,
                "開始回復至上一版".into(),
                "Rolling back to the previous release".into(),
            ),
            "upgrade-all-systems" => t(
                lang,
                "開始逐台更新所有主機的套件".into(),
                "Upgrading the packages of every host, one at a time".into(),
            ),
            "sync" => t(
                lang,
                "開始同步佈署程式碼".into(),
                "Syncing the deploy code".into(),
            ),
            other => t(
                lang,
                format!("開始執行 {other}"),
                format!("Started {other}"),
            ),
        };
    }
    let ok = e.succeeded();
    match (b, ok) {
        ("test", true) => t(
            lang,
            format!("整合測試成功 `{rev}`"),
            format!("Integration tests passed: `{rev}`"),
        ),
        ("test", false) => t(
            lang,
            format!("整合測試失敗 `{rev}`，不會佈署。記錄：{link}"),
            format!("Integration tests FAILED: `{rev}`, nothing is deployed. Log:{link}"),
        ),
        ("deploy", true) => t(
            lang,
            format!("佈署成功：`{release}`{hosts}"),
            format!("Deployed `{release}`{hosts}"),
        ),
        // The deploy builder's own check: the commit never passed `test`.
        ("deploy", false) if e.state_string.contains("passed the tests") => t(
            lang,
            format!("拒絕佈署 `{rev}`：這個提交沒有通過整合測試。記錄：{link}"),
            format!(
                "Refused to deploy `{rev}`: it has not passed the integration tests. Log:{link}"
            ),
        ),
        ("deploy", false) if hosts.contains("rolled back") => t(
            lang,
            format!("佈署失敗：`{release}`，已自動回復上一版。記錄：{link}{hosts}"),
            format!("Deploy of `{release}` FAILED and was rolled back. Log:{link}{hosts}"),
        ),
        ("deploy", false) => t(
            lang,
            format!("佈署失敗：`{release}`。記錄：{link}{hosts}"),
            format!("Deploy of `{release}` FAILED. Log:{link}{hosts}"),
        ),
        ("rollback", true) => t(
            lang,
            format!("已回復至 `{release}`{hosts}"),
            format!("Rolled back to `{release}`{hosts}"),
        ),
        ("rollback", false) => t(
            lang,
            format!("回復失敗，請查看記錄：{link}{hosts}"),
            format!("Rollback FAILED, see the log:{link}{hosts}"),
        ),
        ("upgrade-all-systems", true) => t(
            lang,
            format!("所有主機的套件已更新{hosts}"),
            format!("Every host's packages are upgraded{hosts}"),
        ),
        ("upgrade-all-systems", false) => t(
            lang,
            format!("套件更新失敗，請查看記錄：{link}{hosts}"),
            format!("Package upgrade FAILED, see the log:{link}{hosts}"),
        ),
        ("sync", true) => t(
            lang,
            format!("佈署程式碼已同步 `{rev}`"),
            format!("Deploy code synced: `{rev}`"),
        ),
        ("sync", false) => t(
            lang,
            format!("同步失敗，請查看記錄：{link}"),
            format!("Sync FAILED, see the log:{link}"),
        ),
        (other, true) => t(lang, format!("{other} 成功"), format!("{other} succeeded")),
        (other, false) => t(
            lang,
            format!("{other} 失敗：{link}"),
            format!("{other} FAILED:{link}"),
        ),
    }
}

pub fn help(lang: Lang) -> String {
    match lang {
        Lang::Zh => "可用指令：\n\
            - `help`：顯示這份說明\n\
            - `status`：正在執行的工作、各工作上次的結果、各主機執行的版本\n\
            - `sync`：更新佈署程式碼\n\
            - `run test`：立即對最新提交執行整合測試\n\
            - `deploy [commit]`：佈署（已通過測試的提交；需確認）\n\
            - `rollback`：回復至上一版（需確認）\n\
            - `upgrade all systems`：逐台更新所有主機的套件（需確認）\n\
            - `confirm CODE`：60 秒內確認上一個請求\n\
            - `lang en` / `lang zh`：回覆語言"
            .into(),
        Lang::En => "Commands:\n\
            - `help`: this text\n\
            - `status`: what runs, each builder's last result, the release each host runs\n\
            - `sync`: update the deploy code\n\
            - `run test`: run the integration tests on the latest commit now\n\
            - `deploy [commit]`: deploy (a commit that passed the tests; asks for confirmation)\n\
            - `rollback`: back to the previous release (asks for confirmation)\n\
            - `upgrade all systems`: package upgrades host by host (asks for confirmation)\n\
            - `confirm CODE`: confirm your last request within 60 seconds\n\
            - `lang en` / `lang zh`: reply language"
            .into(),
    }
}

fn action(lang: Lang, c: &Command) -> String {
    match c {
        Command::Deploy(Some(commit)) => t(
            lang,
            format!("佈署 `{}`", short(commit)),
            format!("deploy `{}`", short(commit)),
        ),
        Command::Deploy(None) => t(
            lang,
            "佈署最新的已測試提交".into(),
            "deploy the latest tested commit".into(),
        ),
        Command::Rollback => t(
            lang,
            "回復至上一版".into(),
            "roll back to the previous release".into(),
        ),
        Command::UpgradeAllSystems => t(
            lang,
            "逐台更新所有主機的套件".into(),
            "upgrade the packages of every host".into(),
        ),
        Command::RunTest => t(
            lang,
            "執行整合測試".into(),
            "run the integration tests".into(),
        ),
        Command::Sync => t(lang, "同步佈署程式碼".into(), "sync the deploy code".into()),
        other => format!("{other:?}"),
    }
}

pub fn confirm_asked(lang: Lang, c: &Command, code: &str) -> String {
    let a = action(lang, c);
    t(
        lang,
        format!("確定要{a}嗎？請在 60 秒內輸入 `confirm {code}`"),
        format!("Really {a}? Answer `confirm {code}` within 60 seconds"),
    )
}

pub fn started(lang: Lang, c: &Command, who: &str) -> String {
    let a = action(lang, c);
    t(
        lang,
        format!("{who} 要求{a}：已交給 Buildbot"),
        format!("{who} asked to {a}: handed to Buildbot"),
    )
}

pub fn not_allowed(lang: Lang) -> String {
    t(
        lang,
        "你沒有權限在這裡下指令。".into(),
        "You may not give commands here.".into(),
    )
}

pub fn nothing_pending(lang: Lang) -> String {
    t(
        lang,
        "沒有等待確認的請求（或已超過 60 秒）。".into(),
        "Nothing is waiting for your confirmation (or 60 seconds have passed).".into(),
    )
}

pub fn wrong_code(lang: Lang) -> String {
    t(lang, "確認碼不對。".into(), "That is not the code.".into())
}

pub fn unknown(lang: Lang, text: &str) -> String {
    t(
        lang,
        format!("看不懂「{text}」。輸入 `help` 查看指令。"),
        format!("I do not understand \"{text}\". Type `help` for the commands."),
    )
}

pub fn lang_set(lang: Lang) -> String {
    t(
        lang,
        "之後以中文回覆。".into(),
        "I will answer in English.".into(),
    )
}

pub fn buildbot_failed(lang: Lang, why: &str) -> String {
    t(
        lang,
        format!("無法交給 Buildbot：{why}"),
        format!("Could not reach Buildbot: {why}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(builder: &str, complete: bool, results: Option<i64>) -> BuildEvent {
        BuildEvent {
            builder: builder.into(),
            url: "http://ci/#/builders/1/builds/7".into(),
            complete,
            results,
            revision: Some("0123456789abcdef".into()),
            release: None,
            hosts: None,
            state_string: String::new(),
            branch: None,
        }
    }

    #[test]
    fn the_countdown_names_its_length() {
        let p = Push {
            pusher: "amy".into(),
            git_ref: "refs/heads/main".into(),
            after: "abcdef0123".into(),
            commits: vec![PushedCommit {
                id: "abcdef0123".into(),
                author: "Amy".into(),
                subject: "Fix the menu".into(),
            }],
        };
        let zh = push(Lang::Zh, &p, "main", 180);
        assert!(zh.contains("amy 推送了 1 個提交到 main"), "{zh}");
        assert!(zh.contains("重新倒數 3 分鐘開始進行整合測試..."), "{zh}");
        assert!(zh.contains("Fix the menu"), "{zh}");
        assert!(push(Lang::En, &p, "main", 5).contains("in 5 seconds"));
        // Another branch is announced without a countdown.
        let other = Push {
            git_ref: "refs/heads/feature".into(),
            ..p
        };
        assert!(!push(Lang::Zh, &other, "main", 180).contains("倒數"));
    }

    #[test]
    fn a_test_run_starts_passes_or_fails_with_its_log() {
        assert_eq!(
            build(Lang::Zh, &event("test", false, None)),
            "開始執行 `01234567` 整合測試"
        );
        assert_eq!(
            build(Lang::Zh, &event("test", true, Some(SUCCESS))),
            "整合測試成功 `01234567`"
        );
        let failed = build(Lang::Zh, &event("test", true, Some(2)));
        assert!(
            failed.contains("整合測試失敗") && failed.contains("http://ci/#/builders/1/builds/7"),
            "{failed}"
        );
        assert!(build(Lang::En, &event("test", true, Some(4))).contains("FAILED"));
    }

    #[test]
    fn a_failed_deploy_says_it_was_rolled_back_per_host() {
        let mut e = event("deploy", true, Some(2));
        e.release = Some("abc12345".into());
        e.hosts = Some("app-a: rolled back\napp-b: not reached".into());
        let s = build(Lang::Zh, &e);
        assert!(
            s.contains("佈署失敗") && s.contains("已自動回復") && s.contains("app-a: rolled back"),
            "{s}"
        );
        // A failure before any host was touched does not claim a rollback.
        e.hosts = Some("app-a: not reached".into());
        assert!(!build(Lang::Zh, &e).contains("回復"));
    }

    #[test]
    fn a_run_of_the_latest_commit_starts_under_the_branch_name() {
        let mut e = event("test", false, None);
        e.revision = Some(String::new());
        e.branch = Some("main".into());
        assert_eq!(build(Lang::Zh, &e), "開始執行 `main` 整合測試");
    }

    #[test]
    fn an_untested_commit_is_refused_in_so_many_words() {
        let mut e = event("deploy", true, Some(2));
        e.state_string = "failed passed the tests? (failure)".into();
        let s = build(Lang::Zh, &e);
        assert!(s.starts_with("拒絕佈署 `01234567`"), "{s}");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(Lang::Zh, 180), "3 分鐘");
        assert_eq!(duration(Lang::Zh, 5), "5 秒");
        assert_eq!(duration(Lang::En, 60), "1 minute");
        assert_eq!(duration(Lang::En, 90), "90 seconds");
    }

    #[test]
    fn help_lists_every_command_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            let h = help(lang);
            for c in [
                "help",
                "status",
                "sync",
                "run test",
                "deploy",
                "rollback",
                "upgrade all systems",
                "confirm",
                "lang en",
            ] {
                assert!(h.contains(c), "{lang:?} help lacks {c}");
            }
        }
    }
}
