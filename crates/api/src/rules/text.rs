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

/// The visible text of sanitized HTML as its paragraphs (blocks, list
/// items, headings, table rows, line breaks), whitespace collapsed, empty
/// ones dropped: what a reader compares between two versions.
pub fn paragraphs(html: &str) -> Vec<String> {
    const BLOCKS: &[&str] = &[
        "p",
        "div",
        "li",
        "br",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "table",
        "hr",
        "figure",
        "figcaption",
    ];
    let mut out = vec![];
    let mut current = String::new();
    let mut tag = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                tag.clear();
            }
            '>' if in_tag => {
                in_tag = false;
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect::<String>()
                    .to_ascii_lowercase();
                if BLOCKS.contains(&name.as_str()) {
                    out.push(std::mem::take(&mut current));
                }
            }
            c if in_tag => tag.push(c),
            c => current.push(c),
        }
    }
    out.push(current);
    out.into_iter()
        .map(|p| {
            plain_text(&p)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|p| !p.is_empty())
        .collect()
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
    fn paragraphs_are_the_visible_blocks() {
        assert_eq!(
            paragraphs(
                "<h2>招生</h2><p>一年級 <b>新生</b>報到</p><ul><li>帶 &amp; 交</li><li> </li></ul>第二行<br>第三行"
            ),
            vec!["招生", "一年級 新生報到", "帶 & 交", "第二行", "第三行"]
        );
        assert!(paragraphs("").is_empty());
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
