//! Keyword search tokens: CJK text has no spaces, so words cannot be split
//! off; overlapping character pairs (bigrams) are indexed instead, which any
//! database can look up through a plain B-tree index. See
//! docs/decisions/0003-news-search-bigrams.md.

use std::collections::BTreeSet;

/// Longest token kept (long ASCII words are cut; the substring check that
/// confirms every candidate keeps results exact).
pub const MAX_TOKEN_CHARS: usize = 32;
/// A keyword of more tokens than this is cut: the first ones narrow enough.
pub const MAX_QUERY_TOKENS: usize = 16;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Cjk,
    Space,
}

fn kind(c: char) -> Kind {
    if c.is_ascii_alphanumeric() {
        Kind::Word
    } else if !c.is_ascii() && c.is_alphanumeric() {
        Kind::Cjk
    } else {
        Kind::Space
    }
}

/// Runs of one kind, lowercased.
fn runs(text: &str) -> Vec<(Kind, Vec<char>)> {
    let mut out: Vec<(Kind, Vec<char>)> = vec![];
    for c in text.chars().flat_map(char::to_lowercase) {
        let k = kind(c);
        match out.last_mut() {
            Some((last, chars)) if *last == k && k != Kind::Space => chars.push(c),
            _ if k == Kind::Space => out.push((k, vec![])),
            _ => out.push((k, vec![c])),
        }
    }
    out.into_iter().filter(|(k, _)| *k != Kind::Space).collect()
}

fn word(chars: &[char]) -> String {
    chars.iter().take(MAX_TOKEN_CHARS).collect()
}

/// Tokens stored for a document: ASCII words, and for CJK text every single
/// character (so a one-character keyword finds it) and every bigram.
pub fn document_tokens(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (k, chars) in runs(text) {
        if k == Kind::Word {
            out.insert(word(&chars));
        } else {
            for c in &chars {
                out.insert(c.to_string());
            }
            for pair in chars.windows(2) {
                out.insert(pair.iter().collect());
            }
        }
    }
    out
}

/// Tokens every match must have: bigrams of CJK runs (a lone character is
/// its own token) and lowercased ASCII words.
pub fn query_tokens(keyword: &str) -> Vec<String> {
    let mut out = BTreeSet::new();
    for (k, chars) in runs(keyword) {
        match k {
            Kind::Word => {
                out.insert(word(&chars));
            }
            _ if chars.len() == 1 => {
                out.insert(chars[0].to_string());
            }
            _ => {
                for pair in chars.windows(2) {
                    out.insert(pair.iter().collect::<String>());
                }
            }
        }
    }
    out.into_iter().take(MAX_QUERY_TOKENS).collect()
}

/// The keyword's terms for the final substring check (whitespace separated,
/// lowercased).
pub fn terms(keyword: &str) -> Vec<String> {
    keyword
        .split_whitespace()
        .map(str::to_lowercase)
        .filter(|t| !t.is_empty())
        .collect()
}

/// Whether the keyword is one token that says all the substring check would:
/// a single CJK character or pair, or one short ASCII word. Every item that
/// has the token then contains the keyword, so the candidates need no
/// confirming — the one- and two-character searches that match most of a
/// large site cost one index range instead of reading a thousand bodies.
pub fn token_is_exact(keyword: &str) -> bool {
    match (query_tokens(keyword).as_slice(), terms(keyword).as_slice()) {
        ([token], [term]) => token == term,
        _ => false,
    }
}

/// Whether `text` contains every term (case-insensitively): the exact check
/// behind the token prefilter.
pub fn matches(text: &str, terms: &[String]) -> bool {
    let lower = text.to_lowercase();
    terms.iter().all(|t| lower.contains(t.as_str()))
}

#[cfg(test)]
mod tests {

    #[test]
    fn one_character_one_pair_or_one_word_needs_no_confirming() {
        for k in ["校", "運動", " 校 ", "x", "Hello", "2026"] {
            assert!(token_is_exact(k), "{k}");
        }
        // Several tokens (pairs of a longer word, two words, a word and
        // punctuation), or a word cut to its first 32 characters: confirmed.
        for k in ["運動會", "颱風 停課", "a-b", "校a", &"x".repeat(40)] {
            assert!(!token_is_exact(k), "{k}");
        }
    }
    use super::*;

    #[test]
    fn cjk_keywords_become_bigrams() {
        assert_eq!(query_tokens("颱風停課"), vec!["停課", "風停", "颱風"]);
        assert_eq!(query_tokens("颱"), vec!["颱"]);
        assert_eq!(query_tokens("  "), Vec::<String>::new());
    }

    #[test]
    fn ascii_words_are_lowercased_tokens() {
        assert_eq!(query_tokens("COVID-19 快篩"), vec!["19", "covid", "快篩"]);
    }

    #[test]
    fn documents_hold_every_query_token() {
        let doc = document_tokens("明日颱風停課，請注意 COVID-19 公告");
        for q in ["颱風停課", "颱", "停", "covid", "公告", "注意"] {
            for t in query_tokens(q) {
                assert!(doc.contains(&t), "{q}: {t}");
            }
        }
        // Punctuation splits runs: no bigram across "，".
        assert!(!doc.contains("課請"));
    }

    #[test]
    fn substring_check_confirms() {
        assert!(matches("明日颱風停課", &terms("颱風停課")));
        assert!(!matches("颱風來襲，明日停課", &terms("颱風停課")));
        assert!(matches("Hello World", &terms("world HELLO")));
    }

    #[test]
    fn plain_text_strips_markup() {
        assert_eq!(
            crate::rules::text::plain_text("<p>a &amp; b</p>").trim(),
            "a & b"
        );
    }

    #[test]
    fn query_tokens_are_bounded() {
        let long: String = (0x4e00u32..0x4e40).filter_map(char::from_u32).collect();
        assert_eq!(query_tokens(&long).len(), MAX_QUERY_TOKENS);
        assert_eq!(
            query_tokens(&"a".repeat(100))[0].chars().count(),
            MAX_TOKEN_CHARS
        );
    }
}
