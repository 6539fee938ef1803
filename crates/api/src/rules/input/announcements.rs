//! Platform announcement bodies.

use crate::error::FieldErrors;
use crate::rules::{html, validate};
use chrono::{DateTime, Utc};
use yass_shared_types::content::AnnouncementInput;

pub const MAX_TITLE: usize = 200;
pub const MAX_BODY: usize = 2000;

/// An announcement, checked; its body sanitised.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidAnnouncement {
    pub title: String,
    pub body: String,
    pub visible_from: Option<DateTime<Utc>>,
    pub visible_until: Option<DateTime<Utc>>,
}

pub fn announcement(input: &AnnouncementInput) -> Result<ValidAnnouncement, FieldErrors> {
    let mut e = FieldErrors::new();
    let title = validate::name(&input.title, MAX_TITLE).unwrap_or_else(|m| {
        e.add("title", m);
        String::new()
    });
    // The body is rich text shown as HTML on every school's homepage: it is
    // sanitised with the news allow-list (no one school's uploads) before
    // it is stored. The length limit applies to what was sent.
    let text = input.body.trim();
    if text.chars().count() > MAX_BODY {
        e.add("body", format!("At most {MAX_BODY} characters."));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        e.add("body", "Control characters are not allowed.");
    }
    if let (Some(f), Some(u)) = (input.visible_from, input.visible_until)
        && u <= f
    {
        e.add("visible_until", "The end must come after the start.");
    }
    if !e.is_empty() {
        return Err(e);
    }
    Ok(ValidAnnouncement {
        title,
        body: html::sanitize_platform(text),
        visible_from: input.visible_from,
        visible_until: input.visible_until,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(title: &str, body: &str) -> AnnouncementInput {
        serde_json::from_value(serde_json::json!({"title": title, "body": body})).unwrap()
    }

    #[test]
    fn the_body_is_sanitised() {
        let v = announcement(&input(" 颱風停課 ", "<p>停課</p><script>x()</script>")).unwrap();
        assert_eq!(v.title, "颱風停課");
        assert!(v.body.contains("<p>停課</p>"));
        assert!(!v.body.contains("script"));
    }

    #[test]
    fn wrong_fields_are_named() {
        let mut i = input("", &"長".repeat(MAX_BODY + 1));
        i.visible_from = "2026-09-02T00:00:00Z".parse().ok();
        i.visible_until = i.visible_from;
        let e = announcement(&i).unwrap_err();
        assert_eq!(
            e.0.keys().cloned().collect::<Vec<_>>(),
            ["body", "title", "visible_until"]
        );
        assert!(announcement(&input("t", "a\u{0007}b")).is_err(), "a bell");
    }
}
