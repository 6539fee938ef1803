//! Query strings of list screens: the words a visitor searches for, a tag
//! name, an audit-log filter. Checked here; an empty word is no filter.

use super::one;
use crate::error::FieldErrors;

/// The longest tag name or search phrase a list accepts.
pub const MAX_WORDS: usize = 100;

/// A news list's `tag` or `q` (named `field`), trimmed: `None` when empty.
pub fn words<'a>(field: &str, raw: Option<&'a str>) -> Result<Option<&'a str>, FieldErrors> {
    match raw.map(str::trim).filter(|w| !w.is_empty()) {
        Some(w) if w.chars().count() > MAX_WORDS => Err(one(field, "At most 100 characters.")),
        other => Ok(other),
    }
}

/// An audit-log filter: a kind like `news` or `nav_item`, and a time range
/// whose end comes after its start.
pub fn audit_filter<T: PartialOrd>(
    kind: Option<&str>,
    from: Option<T>,
    until: Option<T>,
) -> Result<(), FieldErrors> {
    if let Some(k) = kind
        && (k.is_empty() || k.len() > 40 || !k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
    {
        return Err(one("kind", "Use a kind such as news or page."));
    }
    if let (Some(f), Some(u)) = (from, until)
        && u <= f
    {
        return Err(one("until", "The end must come after the start."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_trimmed_empty_is_none_and_long_is_refused() {
        assert_eq!(words("q", Some("  運動會 ")).ok(), Some(Some("運動會")));
        assert_eq!(words("q", Some("   ")).ok(), Some(None));
        assert_eq!(words("q", None).ok(), Some(None));
        let long = "字".repeat(MAX_WORDS + 1);
        let e = words("tag", Some(&long)).err().unwrap_or_default();
        assert!(e.0.contains_key("tag"));
        assert!(words("tag", Some(&"字".repeat(MAX_WORDS))).is_ok());
    }

    #[test]
    fn an_audit_filter_names_a_kind_and_an_ordered_range() {
        assert!(audit_filter(Some("nav_item"), Some(1), Some(2)).is_ok());
        assert!(audit_filter::<i32>(None, None, None).is_ok());
        for bad in ["", "News", "news;drop", &"a".repeat(41)] {
            let e = audit_filter::<i32>(Some(bad), None, None)
                .err()
                .unwrap_or_default();
            assert!(e.0.contains_key("kind"), "{bad:?}");
        }
        let e = audit_filter(None, Some(2), Some(2))
            .err()
            .unwrap_or_default();
        assert!(e.0.contains_key("until"));
    }
}
