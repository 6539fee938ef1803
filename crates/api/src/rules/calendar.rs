//! Google Calendar embeds: a site stores a normalised embed URL, never HTML.
//! Admins paste either the URL from Google's "embed" dialog or just the
//! calendar id; both become the same canonical URL, and anything else
//! (an `<iframe>` snippet, another host) is refused.

use url::Url;

const EMBED_BASE: &str = "https://calendar.google.com/calendar/embed";
const DEFAULT_TZ: &str = "Asia/Taipei";

/// Query parameters of Google's embed dialog that we keep; others are dropped
/// so nothing unexpected reaches the iframe.
const KEPT_PARAMS: &[&str] = &[
    "src",
    "color",
    "ctz",
    "mode",
    "wkst",
    "bgcolor",
    "hl",
    "showTitle",
    "showNav",
    "showDate",
    "showPrint",
    "showTabs",
    "showCalendars",
    "showTz",
    "title",
];

fn bad_input() -> String {
    "Paste a Google Calendar embed URL (https://calendar.google.com/calendar/embed?src=...) \
     or a calendar id (e.g. xxx@group.calendar.google.com), not HTML."
        .into()
}

/// A calendar id is e-mail-like: `name@domain`, no spaces or markup.
pub fn calendar_id(s: &str) -> Result<String, String> {
    let t = s.trim();
    let ok = !t.is_empty()
        && t.len() <= 254
        && t.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.contains('@')
        })
        && t.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '@' | '#' | '%')
        });
    if ok {
        Ok(t.to_string())
    } else {
        Err(bad_input())
    }
}

fn time_zone(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+'))
}

/// Param values that are flags, colours or small words: no markup, bounded.
fn plain_value(s: &str) -> bool {
    s.len() <= 200
        && !s
            .chars()
            .any(|c| c.is_control() || matches!(c, '<' | '>' | '"'))
}

fn build(params: &[(String, String)]) -> String {
    let mut ser = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in params {
        ser.append_pair(k, v);
    }
    format!("{EMBED_BASE}?{}", ser.finish())
}

/// The canonical embed URL for what an admin pasted.
pub fn google_embed_url(input: &str) -> Result<String, String> {
    let t = input.trim();
    if t.is_empty() || t.len() > 2000 || t.contains('<') {
        return Err(bad_input());
    }
    if !t.contains("://") {
        let id = calendar_id(t)?;
        return Ok(build(&[
            ("src".into(), id),
            ("ctz".into(), DEFAULT_TZ.into()),
        ]));
    }
    let u = Url::parse(t).map_err(|_| bad_input())?;
    let path = u.path().trim_end_matches('/');
    let embed_path =
        path == "/calendar/embed" || (path.starts_with("/calendar/u/") && path.ends_with("/embed"));
    if u.scheme() != "https"
        || u.host_str() != Some("calendar.google.com")
        || u.port().is_some()
        || !u.username().is_empty()
        || !embed_path
    {
        return Err(bad_input());
    }
    let mut params: Vec<(String, String)> = Vec::new();
    for (k, v) in u.query_pairs() {
        if !KEPT_PARAMS.contains(&k.as_ref()) {
            continue;
        }
        let ok = match k.as_ref() {
            "src" => calendar_id(&v).is_ok(),
            "ctz" => time_zone(&v),
            _ => plain_value(&v),
        };
        if !ok {
            return Err(format!("The parameter \"{k}\" has an invalid value."));
        }
        params.push((k.into_owned(), v.trim().to_string()));
    }
    if !params.iter().any(|(k, _)| k == "src") {
        return Err("The embed URL names no calendar (src=...).".into());
    }
    if !params.iter().any(|(k, _)| k == "ctz") {
        params.push(("ctz".into(), DEFAULT_TZ.into()));
    }
    Ok(build(&params))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_id_becomes_an_embed_url() {
        assert_eq!(
            google_embed_url("abc123@group.calendar.google.com").unwrap(),
            "https://calendar.google.com/calendar/embed?src=abc123%40group.calendar.google.com&ctz=Asia%2FTaipei"
        );
        assert_eq!(
            google_embed_url(" office@demo.example.tw ").unwrap(),
            "https://calendar.google.com/calendar/embed?src=office%40demo.example.tw&ctz=Asia%2FTaipei"
        );
        assert!(google_embed_url("zh-tw.taiwan#holiday@group.v.calendar.google.com").is_ok());
    }

    #[test]
    fn embed_urls_are_normalised_to_known_params() {
        let got = google_embed_url(
            "https://calendar.google.com/calendar/embed?src=abc%40group.calendar.google.com&ctz=Asia%2FTaipei&mode=MONTH&showTitle=0&onload=alert(1)",
        )
        .unwrap();
        assert_eq!(
            got,
            "https://calendar.google.com/calendar/embed?src=abc%40group.calendar.google.com&ctz=Asia%2FTaipei&mode=MONTH&showTitle=0"
        );
        // No time zone: Taipei is added.
        assert!(
            google_embed_url("https://calendar.google.com/calendar/embed?src=a%40b.tw")
                .unwrap()
                .ends_with("&ctz=Asia%2FTaipei")
        );
        // Two calendars stay two.
        let two = google_embed_url(
            "https://calendar.google.com/calendar/embed?src=a%40b.tw&src=c%40d.tw",
        )
        .unwrap();
        assert_eq!(two.matches("src=").count(), 2);
        assert!(
            google_embed_url("https://calendar.google.com/calendar/u/0/embed?src=a%40b.tw").is_ok()
        );
    }

    #[test]
    fn html_other_hosts_and_junk_are_refused() {
        for bad in [
            "",
            "   ",
            r#"<iframe src="https://calendar.google.com/calendar/embed?src=a%40b.tw"></iframe>"#,
            "https://evil.example.com/calendar/embed?src=a%40b.tw",
            "https://calendar.google.com.evil.tw/calendar/embed?src=a%40b.tw",
            "http://calendar.google.com/calendar/embed?src=a%40b.tw",
            "https://calendar.google.com/calendar/ical/a%40b.tw/public/basic.ics",
            "https://calendar.google.com/calendar/embed",
            "https://calendar.google.com/calendar/embed?src=not-an-id",
            "https://calendar.google.com/calendar/embed?src=a%40b.tw&ctz=%3Cscript%3E",
            "https://user@calendar.google.com/calendar/embed?src=a%40b.tw",
            "javascript:alert(1)",
            "not an id",
            "a@b",
            "a b@c.tw",
        ] {
            assert!(google_embed_url(bad).is_err(), "{bad}");
        }
    }
}
