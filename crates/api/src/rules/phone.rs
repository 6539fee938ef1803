//! Phone numbers and tap-to-call `tel:` URIs (Taiwan, +886).

/// Normalises a phone number as schools type it (`02-2345-6789`,
/// `(02)2345-6789`, `+886 2 2345 6789`) to E.164 (`+886223456789`).
pub fn to_e164(input: &str) -> Result<String, &'static str> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err("The phone number is empty.");
    }
    let mut digits = String::new();
    let mut plus = false;
    for (i, c) in trimmed.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => plus = true,
            ' ' | '-' | '(' | ')' | '.' => {}
            _ => return Err("Use digits, spaces, dashes and parentheses only, e.g. 02-2345-6789."),
        }
    }
    let e164 = if plus {
        format!("+{digits}")
    } else if let Some(national) = digits.strip_prefix('0') {
        format!("+886{national}")
    } else {
        return Err("Start with the area code (e.g. 02) or with +country code.");
    };
    let significant = e164.len() - 1;
    if !(8..=15).contains(&significant) {
        return Err("The phone number has too few or too many digits.");
    }
    if e164.starts_with("+886") && !(8..=9).contains(&(significant - 3)) {
        return Err("A Taiwanese number has 8 or 9 digits after the leading 0.");
    }
    Ok(e164)
}

/// Checks an extension: 1 to 8 digits.
pub fn normalise_extension(input: &str) -> Result<String, &'static str> {
    let ext: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if ext.is_empty() || ext.len() > 8 || !ext.chars().all(|c| c.is_ascii_digit()) {
        return Err("An extension is 1 to 8 digits.");
    }
    Ok(ext)
}

/// `tel:` URI for the phone alone.
pub fn tel_uri(phone: &str) -> Option<String> {
    to_e164(phone).ok().map(|p| format!("tel:{p}"))
}

/// `tel:` URI that dials the phone, pauses (`,`), then dials the extension.
pub fn tel_uri_with_extension(phone: &str, extension: &str) -> Option<String> {
    let p = to_e164(phone).ok()?;
    let e = normalise_extension(extension).ok()?;
    Some(format!("tel:{p},{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taiwanese_numbers_become_e164() {
        assert_eq!(to_e164("02-2345-6789").unwrap(), "+886223456789");
        assert_eq!(to_e164("(02)2345-6789").unwrap(), "+886223456789");
        assert_eq!(to_e164(" 02 2345 6789 ").unwrap(), "+886223456789");
        assert_eq!(to_e164("+886 2 2345 6789").unwrap(), "+886223456789");
        assert_eq!(to_e164("0912-345-678").unwrap(), "+886912345678");
        assert_eq!(to_e164("03-123-4567").unwrap(), "+88631234567");
        assert_eq!(to_e164("+1 650 555 0100").unwrap(), "+16505550100");
    }

    #[test]
    fn bad_numbers_are_rejected() {
        for bad in [
            "",
            "  ",
            "abc",
            "2345-6789",
            "02-2345-6789 轉 12",
            "02-23",
            "02-2345-67890123",
            "0+2",
        ] {
            assert!(to_e164(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tap_to_call_pauses_before_the_extension() {
        assert_eq!(
            tel_uri_with_extension("02-2345-6789", "123").as_deref(),
            Some("tel:+886223456789,123")
        );
        assert_eq!(
            tel_uri("02-2345-6789").as_deref(),
            Some("tel:+886223456789")
        );
        assert_eq!(tel_uri_with_extension("02-2345-6789", "12a"), None);
        assert_eq!(tel_uri_with_extension("bad", "12"), None);
    }

    #[test]
    fn extensions_are_short_digit_strings() {
        assert_eq!(normalise_extension(" 1 23 ").unwrap(), "123");
        assert!(normalise_extension("").is_err());
        assert!(normalise_extension("123456789").is_err());
        assert!(normalise_extension("#12").is_err());
    }
}
