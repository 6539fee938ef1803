//! The public application form, checked field by field. Whether a slug,
//! hostname or school code is free needs the database: the caller checks.
//! Everything here is plain text kept as text; nothing is ever rendered as
//! HTML.

use crate::error::FieldErrors;
use crate::rules::{phone, validate};
use yass_shared_types::applications::{DISTRICTS, LEVELS, NewApplication};

/// No field may be longer than this, in bytes (the body limit is larger).
pub const MAX_FIELD_BYTES: usize = 4096;
pub const MAX_SCHOOL_NAME: usize = 100;
pub const MAX_CONTACT_NAME: usize = 50;
pub const MAX_NOTE: usize = 1000;
pub const MAX_REASON: usize = 1000;

/// The platform's rules an application is checked against.
pub struct ApplicationRules<'a> {
    pub email_domains: &'a [String],
    pub hostname_suffixes: &'a [String],
}

/// An application's fields, checked and cleaned.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidApplication {
    pub school_name: String,
    pub school_code: String,
    pub level: String,
    pub district: String,
    pub contact_name: String,
    pub email: String,
    pub phone: String,
    pub slug: String,
    pub hostname: Option<String>,
    pub account: String,
    pub note: String,
}

/// Whether a bot filled the field people never see.
pub fn is_bot(b: &NewApplication) -> bool {
    b.website.as_deref().is_some_and(|w| !w.trim().is_empty())
}

pub fn application(
    b: &NewApplication,
    rules: &ApplicationRules<'_>,
) -> Result<ValidApplication, FieldErrors> {
    let mut e = FieldErrors::new();
    let fields: [(&str, &str); 11] = [
        ("school_name", &b.school_name),
        ("school_code", &b.school_code),
        ("level", &b.level),
        ("district", &b.district),
        ("contact_name", &b.contact_name),
        ("email", &b.email),
        ("phone", &b.phone),
        ("slug", &b.slug),
        ("hostname", b.hostname.as_deref().unwrap_or("")),
        ("account", &b.account),
        ("note", b.note.as_deref().unwrap_or("")),
    ];
    for (field, value) in fields {
        if value.len() > MAX_FIELD_BYTES {
            e.add(field, format!("At most {MAX_FIELD_BYTES} bytes."));
        }
    }
    if !e.is_empty() {
        return Err(e);
    }
    let mut take = |field: &str, r: Result<String, String>| {
        r.unwrap_or_else(|m| {
            e.add(field, m);
            String::new()
        })
    };
    let school_name = take(
        "school_name",
        validate::name(&b.school_name, MAX_SCHOOL_NAME),
    );
    let school_code = take("school_code", school_code(&b.school_code));
    let level = take("level", one_of(&b.level, &LEVELS));
    let district = take("district", one_of(&b.district, &DISTRICTS));
    let contact_name = take(
        "contact_name",
        validate::name(&b.contact_name, MAX_CONTACT_NAME),
    );
    let email = take("email", school_email(&b.email, rules.email_domains));
    let phone = take("phone", phone_with_extension(&b.phone));
    let slug = take(
        "slug",
        validate::slug(b.slug.trim()).map(|()| b.slug.trim().to_string()),
    );
    let hostname = b
        .hostname
        .as_deref()
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(|h| take("hostname", school_hostname(h, rules.hostname_suffixes)));
    let account = take("account", validate::account(&b.account));
    let note = take(
        "note",
        validate::optional_text(b.note.as_deref(), MAX_NOTE).map(Option::unwrap_or_default),
    );
    if !e.is_empty() {
        return Err(e);
    }
    Ok(ValidApplication {
        school_name,
        school_code,
        level,
        district,
        contact_name,
        email,
        phone,
        slug,
        hostname,
        account,
        note,
    })
}

/// The Ministry of Education's code: six ASCII digits.
pub fn school_code(s: &str) -> Result<String, String> {
    let t = s.trim();
    if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) {
        Ok(t.to_string())
    } else {
        Err("學校代碼為 6 位數字。 The school code has 6 digits.".into())
    }
}

fn one_of(s: &str, choices: &[&str]) -> Result<String, String> {
    let t = s.trim();
    if choices.contains(&t) {
        Ok(t.to_string())
    } else {
        Err(format!("Choose one of: {}.", choices.join("、")))
    }
}

/// A contact address at one of the allowed domains (or a subdomain).
pub fn school_email(s: &str, domains: &[String]) -> Result<String, String> {
    let email = validate::email(s)?.to_lowercase();
    let domain = email.rsplit_once('@').map_or("", |(_, d)| d);
    let allowed = domains.iter().any(|d| {
        let d = d.trim().trim_start_matches('@').to_lowercase();
        !d.is_empty() && (domain == d || domain.ends_with(&format!(".{d}")))
    });
    if allowed {
        Ok(email)
    } else {
        Err(format!(
            "請使用學校的電子郵件地址（{}）。 Use your school address (at {}).",
            domains.join("、"),
            domains.join(", ")
        ))
    }
}

/// A hostname under one of the allowed suffixes (never the suffix itself).
pub fn school_hostname(h: &str, suffixes: &[String]) -> Result<String, String> {
    let host = validate::hostname(h)?;
    let allowed = suffixes.iter().any(|s| {
        let s = s.trim().trim_start_matches('.').to_lowercase();
        !s.is_empty() && host.ends_with(&format!(".{s}"))
    });
    if allowed {
        Ok(host)
    } else {
        Err(format!(
            "The hostname must end with {}.",
            suffixes
                .iter()
                .map(|s| format!(".{}", s.trim_start_matches('.')))
                .collect::<Vec<_>>()
                .join(" or ")
        ))
    }
}

/// A phone number with an optional extension: `02-2345-6789#123`,
/// `02-2345-6789 分機 123`, `02-2345-6789 ext. 123`. Kept as typed.
pub fn phone_with_extension(s: &str) -> Result<String, String> {
    let t = s.trim();
    let lower = t.to_lowercase();
    let split = ["#", "分機", "ext.", "ext", "轉"]
        .iter()
        .filter_map(|sep| lower.find(sep).map(|i| (i, sep.len())))
        .min();
    let (number, extension) = match split {
        Some((i, len)) => (&t[..i], Some(&t[i + len..])),
        None => (t, None),
    };
    phone::to_e164(number).map_err(str::to_string)?;
    if let Some(x) = extension {
        phone::normalise_extension(x.trim().trim_start_matches(['.', ':', '：']))
            .map_err(str::to_string)?;
    }
    Ok(t.to_string())
}

/// A rejection's reason: required, at most `MAX_REASON` characters; line
/// breaks are kept.
pub fn reason(s: &str) -> Result<String, FieldErrors> {
    let t = s.trim();
    let mut e = FieldErrors::new();
    if t.is_empty() {
        e.add("reason", "Say why, for the applicant.");
    } else if t.chars().count() > MAX_REASON {
        e.add("reason", format!("At most {MAX_REASON} characters."));
    } else if t.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
        e.add("reason", "Control characters are not allowed.");
    }
    if e.is_empty() {
        Ok(t.to_string())
    } else {
        Err(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> (Vec<String>, Vec<String>) {
        (vec!["tp.edu.tw".into()], vec!["tp.edu.tw".into()])
    }

    fn form() -> NewApplication {
        NewApplication {
            school_name: "臺北市立測試國民小學".into(),
            school_code: "313601".into(),
            level: "國小".into(),
            district: "大安".into(),
            contact_name: "王小明".into(),
            email: "Wang@Test.TP.EDU.TW".into(),
            phone: "02-2345-6789#123".into(),
            slug: "test-es".into(),
            hostname: Some("www.test-es.tp.edu.tw".into()),
            account: "wang".into(),
            note: None,
            website: None,
        }
    }

    fn check(f: &NewApplication) -> Result<ValidApplication, FieldErrors> {
        let (d, s) = rules();
        application(
            f,
            &ApplicationRules {
                email_domains: &d,
                hostname_suffixes: &s,
            },
        )
    }

    fn fields(e: &FieldErrors) -> Vec<String> {
        e.0.keys().cloned().collect()
    }

    #[test]
    fn a_good_form_is_cleaned() {
        let v = check(&form()).unwrap();
        assert_eq!(v.email, "wang@test.tp.edu.tw");
        assert_eq!(v.hostname.as_deref(), Some("www.test-es.tp.edu.tw"));
        assert_eq!(v.note, "");
    }

    #[test]
    fn each_rule_names_its_field() {
        type Change = fn(&mut NewApplication);
        let cases: Vec<(Change, &str)> = vec![
            (|f| f.school_code = "31360".into(), "school_code"),
            (|f| f.school_code = "31360a".into(), "school_code"),
            (|f| f.level = "大學".into(), "level"),
            (|f| f.district = "板橋".into(), "district"),
            (|f| f.email = "wang@gmail.com".into(), "email"),
            (|f| f.email = "wang@evil-tp.edu.tw".into(), "email"),
            (|f| f.email = "not an address".into(), "email"),
            (|f| f.phone = "call me".into(), "phone"),
            (|f| f.phone = "02-2345-6789#12a".into(), "phone"),
            (|f| f.slug = "admin".into(), "slug"),
            (|f| f.slug = "Bad Slug".into(), "slug"),
            (
                |f| f.hostname = Some("school.example.com".into()),
                "hostname",
            ),
            (|f| f.hostname = Some("tp.edu.tw".into()), "hostname"),
            (|f| f.account = String::new(), "account"),
            (|f| f.school_name = " ".into(), "school_name"),
            (|f| f.contact_name = "a\u{7}b".into(), "contact_name"),
            (|f| f.note = Some("x".repeat(MAX_NOTE + 1)), "note"),
        ];
        for (change, field) in cases {
            let mut f = form();
            change(&mut f);
            let e = check(&f).unwrap_err();
            assert_eq!(fields(&e), vec![field.to_string()], "{field}");
        }
    }

    #[test]
    fn no_field_may_pass_four_kilobytes() {
        let mut f = form();
        f.note = Some("字".repeat(1400));
        let e = check(&f).unwrap_err();
        assert_eq!(fields(&e), vec!["note".to_string()]);
        assert!(e.0["note"][0].contains("4096 bytes"));
    }

    #[test]
    fn phones_take_the_usual_extension_forms() {
        for p in [
            "02-2345-6789",
            "02-2345-6789#123",
            "(02)2345-6789 分機 123",
            "02 2345 6789 ext. 45",
            "0912-345-678",
        ] {
            assert!(phone_with_extension(p).is_ok(), "{p}");
        }
    }

    #[test]
    fn the_honeypot_catches_a_filled_field_only() {
        let mut f = form();
        assert!(!is_bot(&f));
        f.website = Some(" ".into());
        assert!(!is_bot(&f));
        f.website = Some("http://spam".into());
        assert!(is_bot(&f));
    }

    #[test]
    fn a_reason_is_required_and_bounded() {
        assert!(reason("  ").is_err());
        assert!(reason(&"x".repeat(MAX_REASON + 1)).is_err());
        assert_eq!(reason(" 資料不全\n請補 ").unwrap(), "資料不全\n請補");
    }
}
