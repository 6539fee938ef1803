//! The messages yass sends, in Traditional Chinese first and English
//! second, as plain text and as HTML. Everything an applicant typed is
//! escaped in the HTML body: nothing they write is ever rendered as markup.

use crate::rules::text::escape;
use crate::storage::outbox::Mail;

/// One paragraph of a message: text, or a link with its label.
enum Part<'a> {
    Text(String),
    Link(&'a str, &'a str),
}

fn compose(kind: &'static str, to: &str, subject: &str, parts: &[Part<'_>]) -> Mail {
    let mut text = String::new();
    let mut html =
        String::from("<!doctype html><html lang=\"zh-Hant\"><meta charset=\"utf-8\"><body>");
    for p in parts {
        match p {
            Part::Text(t) => {
                text.push_str(t);
                text.push_str("\n\n");
                html.push_str("<p>");
                html.push_str(&escape(t).replace('\n', "<br>"));
                html.push_str("</p>");
            }
            Part::Link(label, url) => {
                text.push_str(label);
                text.push('\n');
                text.push_str(url);
                text.push_str("\n\n");
                html.push_str("<p><a href=\"");
                html.push_str(&escape(url));
                html.push_str("\">");
                html.push_str(&escape(label));
                html.push_str("</a></p>");
            }
        }
    }
    text.push_str(SIGNATURE);
    html.push_str("<p>");
    html.push_str(&escape(SIGNATURE).replace('\n', "<br>"));
    html.push_str("</p></body></html>");
    Mail {
        kind,
        to: to.to_string(),
        subject: subject.to_string(),
        text,
        html,
    }
}

const SIGNATURE: &str = "臺北市集中化校園網站平臺（yass）\n\
Taipei City school website platform (yass)\n\
此信由系統自動寄出，請勿直接回覆。This message was sent automatically; please do not reply.";

/// "Confirm your e-mail address" for a new application.
pub fn application_confirm(to: &str, school: &str, confirm_url: &str, status_url: &str) -> Mail {
    compose(
        "application_confirm",
        to,
        &format!("請確認電子郵件地址：{school} 網站申請 / Confirm your e-mail address"),
        &[
            Part::Text(format!(
                "您好：\n我們收到「{school}」的學校網站申請。請在 24 小時內按下面的連結確認這個電子郵件地址，確認後申請才會送交審核。\n\
                 We received an application for a website for \"{school}\". Please confirm this e-mail address within 24 hours; only then is the application reviewed."
            )),
            Part::Link("確認電子郵件地址 / Confirm the address", confirm_url),
            Part::Text(
                "之後可以用這個連結查看申請進度（請妥善保存）：\nYou can follow the application with this link (keep it):"
                    .into(),
            ),
            Part::Link("申請進度 / Application status", status_url),
            Part::Text(
                "如果您沒有提出申請，請忽略這封信。\nIf you did not apply, ignore this message."
                    .into(),
            ),
        ],
    )
}

/// An application was approved: the school's site and its set-up link.
pub fn application_approved(
    to: &str,
    school: &str,
    account: &str,
    site_url: &str,
    setup_url: &str,
) -> Mail {
    compose(
        "application_approved",
        to,
        &format!("網站申請已核准：{school} / Your school website is ready"),
        &[
            Part::Text(format!(
                "您好：\n「{school}」的網站申請已核准，網站已經開通：\n{site_url}\n\
                 您的帳號是 {account}。請在 72 小時內按下面的連結設定密碼，之後就能登入管理後台。\n\
                 The application for \"{school}\" was approved and the site is on line. Your account is {account}. \
                 Choose your password within 72 hours with the link below, then sign in to the dashboard."
            )),
            Part::Link("設定密碼 / Choose your password", setup_url),
        ],
    )
}

/// An application was rejected, with the reviewer's reason.
pub fn application_rejected(to: &str, school: &str, reason: &str, apply_url: &str) -> Mail {
    compose(
        "application_rejected",
        to,
        &format!("網站申請未通過：{school} / Your application was not approved"),
        &[
            Part::Text(format!(
                "您好：\n很抱歉，「{school}」的網站申請未通過審核。原因：\n{reason}\n\
                 修正後歡迎重新申請。\n\
                 We are sorry: the application for \"{school}\" was not approved. Reason: {reason}. \
                 You are welcome to apply again."
            )),
            Part::Link("重新申請 / Apply again", apply_url),
        ],
    )
}

/// A one-time link to choose a new password.
pub fn password_reset(to: &str, account: &str, site_name: &str, reset_url: &str) -> Mail {
    compose(
        "password_reset",
        to,
        &format!("重設密碼：{site_name} / Reset your password"),
        &[
            Part::Text(format!(
                "您好：\n有人要求重設「{site_name}」帳號 {account} 的密碼。請在 1 小時內按下面的連結設定新密碼；連結只能使用一次。\n\
                 Someone asked to reset the password of the account {account} on \"{site_name}\". \
                 Choose a new password within 1 hour with the link below; it works once."
            )),
            Part::Link("重設密碼 / Reset the password", reset_url),
            Part::Text(
                "如果不是您提出的，請忽略這封信，密碼不會改變。\nIf you did not ask, ignore this message; the password stays as it is."
                    .into(),
            ),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_an_applicant_typed_is_escaped_in_html_and_kept_in_text() {
        let m = application_rejected(
            "a@tp.edu.tw",
            "<script>alert(1)</script>國小",
            "資料不全 & <b>請補</b>",
            "https://x/apply",
        );
        assert!(!m.html.contains("<script>"));
        assert!(!m.html.contains("<b>"));
        assert!(m.html.contains("&lt;script&gt;"));
        assert!(m.text.contains("<script>alert(1)</script>國小"));
        assert!(m.subject.contains("國小"));
    }

    #[test]
    fn links_appear_in_both_bodies() {
        let m = application_confirm(
            "a@tp.edu.tw",
            "測試國小",
            "https://p/c?t=1&u=2",
            "https://p/s",
        );
        assert!(m.text.contains("https://p/c?t=1&u=2"));
        assert!(m.html.contains("href=\"https://p/c?t=1&amp;u=2\""));
        assert!(m.text.contains("https://p/s"));
        assert_eq!(m.kind, "application_confirm");
    }

    #[test]
    fn every_message_says_it_in_chinese_then_english() {
        for m in [
            application_confirm("a@b", "校", "u", "s"),
            application_approved("a@b", "校", "acc", "site", "setup"),
            application_rejected("a@b", "校", "r", "s"),
            password_reset("a@b", "acc", "校", "u"),
        ] {
            let zh = m.text.find("您好").unwrap();
            let en = m.text.find(|c: char| c.is_ascii_uppercase()).unwrap();
            assert!(zh < en, "{}", m.text);
            assert!(m.subject.contains(" / "));
        }
    }
}
