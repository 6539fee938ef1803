//! Text from and for markup: escaping for HTML and XML, the plain text of
//! sanitized HTML (for search, feeds and link previews), and summaries.

/// Escapes text for HTML or XML content and attribute values; control
/// characters become spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Plain text of sanitized HTML, for indexing and matching.
pub fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Plain text of sanitized HTML, whitespace collapsed and cut to
/// `max_chars` characters (with an ellipsis), for descriptions.
pub fn summary(html: &str, max_chars: usize) -> String {
    let collapsed = plain_text(html)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if collapsed.chars().count() > max_chars {
        let cut: String = collapsed.chars().take(max_chars).collect();
        format!("{cut}…")
    } else {
        collapsed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_strip_tags_and_shorten() {
        assert_eq!(summary("<p>颱風 <b>停課</b></p>", 100), "颱風 停課");
        assert_eq!(summary("<p>一二三四五</p>", 3), "一二三…");
    }

    #[test]
    fn entities_are_decoded_once() {
        assert_eq!(
            summary("<p>a &amp;lt; b &#39;c&#39;</p>", 100),
            "a &lt; b 'c'"
        );
        assert_eq!(
            escape("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
    }
}
