//! The one rule for account names. Lookup, creation (API and CLI),
//! uniqueness and throttle keys all go through [`normalise`], so `" Admin"`,
//! `"ADMIN"` and full-width `"ａｄｍｉｎ"` are one account with one set of
//! throttle counters (docs/decisions/0008-login-throttling-v2.md).

use unicode_normalization::UnicodeNormalization;

/// Longest account name, in characters (the `users.account` column is 64).
pub const MAX_CHARS: usize = 64;

/// Longest password accepted at sign-in or re-authentication, in bytes:
/// anything longer cannot be a stored password (at most 256 characters of
/// at most 4 bytes) and would only make argon2 hash megabytes.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// NFKC (folds full-width letters and digits to ASCII, the ideographic space
/// to a space), then trims Unicode whitespace, then lowercases. NFKC runs
/// again after lowercasing so the result is stable under a second pass.
pub fn normalise(raw: &str) -> String {
    let folded: String = raw.nfkc().collect();
    folded.trim().to_lowercase().nfkc().collect()
}

/// A normalised, valid account name, or why not.
pub fn parse(raw: &str) -> Result<String, String> {
    // Bound the work before normalising: a name this long in bytes can never
    // fold down to a valid one.
    if raw.len() > MAX_CHARS * 16 {
        return Err(too_long());
    }
    let n = normalise(raw);
    if n.is_empty() {
        return Err("An account has 1 to 64 characters.".into());
    }
    if n.chars().count() > MAX_CHARS {
        return Err(too_long());
    }
    if n.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("An account has no spaces or control characters.".into());
    }
    Ok(n)
}

fn too_long() -> String {
    "An account has 1 to 64 characters.".into()
}

/// Whether a password typed at sign-in may be checked at all.
pub fn password_in_bounds(p: &str) -> Result<(), String> {
    if p.len() > MAX_PASSWORD_BYTES {
        Err(format!(
            "A password has at most {MAX_PASSWORD_BYTES} bytes."
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_case_and_width_fold_to_one_name() {
        for raw in [
            "admin",
            "   admin",
            "admin\t\n",
            "ADMIN",
            "\u{3000}Admin\u{3000}",
            "ａｄｍｉｎ",
            "ＡＤＭＩＮ",
            "\u{00a0}admin\u{2003}",
        ] {
            assert_eq!(normalise(raw), "admin", "{raw:?}");
            assert_eq!(parse(raw).unwrap(), "admin", "{raw:?}");
        }
        assert_eq!(normalise("ｔｅａｃｈｅｒ０１"), "teacher01");
    }

    #[test]
    fn normalising_twice_changes_nothing() {
        for raw in [
            "Ǆemo",
            "ＫＥＬＶＩＮ\u{212a}",
            "ﬁle",
            " 王小明 ",
            "İstanbul",
        ] {
            let once = normalise(raw);
            assert_eq!(normalise(&once), once, "{raw:?}");
        }
    }

    #[test]
    fn cjk_names_stay_as_they_are() {
        assert_eq!(parse("王小明").unwrap(), "王小明");
    }

    #[test]
    fn bounds_and_inner_spaces() {
        assert!(parse("").is_err());
        assert!(parse("   ").is_err());
        assert!(parse("a b").is_err());
        assert!(parse("a\u{0}b").is_err());
        assert!(parse(&"a".repeat(64)).is_ok());
        assert!(parse(&"a".repeat(65)).is_err());
        // Padding does not count, but a huge input is refused unread.
        assert!(parse(&format!("{}admin", " ".repeat(100))).is_ok());
        assert!(parse(&format!("{}admin", " ".repeat(5000))).is_err());
    }

    #[test]
    fn passwords_are_bounded_in_bytes() {
        assert!(password_in_bounds(&"x".repeat(1024)).is_ok());
        assert!(password_in_bounds(&"x".repeat(1025)).is_err());
    }

    #[test]
    fn the_migration_froze_the_same_rule() {
        use yass_migrations::account_rule_v1::normalise as frozen;
        for raw in ["  ＡＤＭＩＮ ", "Teacher", "王小明", "ﬁle", "\u{3000}x"] {
            assert_eq!(normalise(raw), frozen(raw), "{raw:?}");
        }
    }
}
