//! Site bodies: a new site (platform admins) and settings changes (site and
//! platform admins). Whether a slug or hostname is free is the caller's
//! check: it needs the database.

use crate::error::FieldErrors;
use crate::rules::{phone, validate};
use yass_shared_types::Patch;
use yass_shared_types::site::{CreateSite, UpdateSite};

pub const MAX_NAME: usize = 200;

/// The optional contact and map fields, by their API names.
pub const OPTIONAL_FIELDS: [&str; 8] = [
    "slogan",
    "address",
    "zip",
    "phone",
    "fax",
    "email",
    "map_link",
    "map_embed_url",
];

/// A new site's fields, checked and cleaned.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidNewSite {
    pub slug: String,
    pub name: String,
    /// `(field, value)` for each of [`OPTIONAL_FIELDS`] that was given.
    pub optional: Vec<(&'static str, String)>,
    pub hostnames: Vec<String>,
}

impl ValidNewSite {
    /// The cleaned value of an optional field, if it was given.
    pub fn get(&self, field: &str) -> Option<String> {
        self.optional
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v.clone())
    }
}

pub fn new_site(b: &CreateSite) -> Result<ValidNewSite, FieldErrors> {
    let mut e = FieldErrors::new();
    if let Err(m) = validate::slug(&b.slug) {
        e.add("slug", m);
    }
    let name = validate::name(&b.name, MAX_NAME).unwrap_or_else(|m| {
        e.add("name", m);
        String::new()
    });
    let given: [Option<&str>; 8] = [
        b.slogan.as_deref(),
        b.address.as_deref(),
        b.zip.as_deref(),
        b.phone.as_deref(),
        b.fax.as_deref(),
        b.email.as_deref(),
        b.map_link.as_deref(),
        b.map_embed_url.as_deref(),
    ];
    let optional = OPTIONAL_FIELDS
        .into_iter()
        .zip(given)
        .filter_map(|(field, v)| optional_field(field, v, &mut e).map(|v| (field, v)))
        .collect();
    let hostnames = hostnames(&b.hostnames, &mut e);
    if !e.is_empty() {
        return Err(e);
    }
    Ok(ValidNewSite {
        slug: b.slug.clone(),
        name,
        optional,
        hostnames,
    })
}

/// A settings change, checked: only what the body names.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ValidSiteChanges {
    pub name: Option<String>,
    /// `(field, Some(value))` to set, `(field, None)` to clear.
    pub optional: Vec<(&'static str, Option<String>)>,
    pub hostnames: Option<Vec<String>>,
    pub enabled: Option<bool>,
}

pub fn site_changes(b: &UpdateSite) -> Result<ValidSiteChanges, FieldErrors> {
    let mut e = FieldErrors::new();
    let name = b.name.as_ref().and_then(|n| {
        validate::name(n, MAX_NAME)
            .map_err(|m| e.add("name", m))
            .ok()
    });
    let patches: [&Patch<String>; 8] = [
        &b.slogan,
        &b.address,
        &b.zip,
        &b.phone,
        &b.fax,
        &b.email,
        &b.map_link,
        &b.map_embed_url,
    ];
    let mut optional = Vec::new();
    for (field, p) in OPTIONAL_FIELDS.into_iter().zip(patches) {
        match p {
            Patch::Keep => {}
            Patch::Clear => optional.push((field, None)),
            Patch::Set(v) => {
                if let Some(v) = optional_field(field, Some(v), &mut e) {
                    optional.push((field, Some(v)));
                }
            }
        }
    }
    let hostnames = b.hostnames.as_ref().map(|h| hostnames(h, &mut e));
    if !e.is_empty() {
        return Err(e);
    }
    Ok(ValidSiteChanges {
        name,
        optional,
        hostnames,
        enabled: b.enabled,
    })
}

/// Checks one optional contact field; `None` when empty or wrong (then the
/// message is in `e`).
fn optional_field(field: &str, value: Option<&str>, e: &mut FieldErrors) -> Option<String> {
    let max = match field {
        "zip" => 16,
        "phone" | "fax" => 40,
        "email" => 254,
        "map_link" | "map_embed_url" => 2000,
        _ => 500,
    };
    let v = match validate::optional_text(value, max) {
        Ok(v) => v?,
        Err(m) => {
            e.add(field, m);
            return None;
        }
    };
    let checked = match field {
        "phone" | "fax" => phone::to_e164(&v).map(|_| v.clone()).map_err(String::from),
        "email" => validate::email(&v),
        "map_link" => validate::url(&v, &["https", "http"]),
        "map_embed_url" => map_embed(&v),
        _ => Ok(v.clone()),
    };
    checked.map_err(|m| e.add(field, m)).ok()
}

/// Only Google Maps embed URLs may be framed.
fn map_embed(v: &str) -> Result<String, String> {
    let u = url::Url::parse(v).map_err(|_| "Not a valid URL.".to_string())?;
    let ok = u.scheme() == "https"
        && matches!(u.host_str(), Some("www.google.com" | "maps.google.com"))
        && u.path().starts_with("/maps/embed");
    if ok {
        Ok(v.to_string())
    } else {
        Err("Use a Google Maps embed URL (https://www.google.com/maps/embed?...).".into())
    }
}

/// Hostnames, normalised, each once.
fn hostnames(hosts: &[String], e: &mut FieldErrors) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for h in hosts {
        match validate::hostname(h) {
            Ok(h) if out.contains(&h) => e.add("hostnames", format!("\"{h}\" is listed twice.")),
            Ok(h) => out.push(h),
            Err(m) => e.add("hostnames", m),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn create(slug: &str, name: &str) -> CreateSite {
        serde_json::from_value(serde_json::json!({"slug": slug, "name": name})).unwrap()
    }

    fn fields(e: &FieldErrors) -> Vec<String> {
        e.0.keys().cloned().collect()
    }

    #[test]
    fn a_new_site_is_cleaned() {
        let mut b = create("jhps", " 建國國小 ");
        b.phone = Some(" 02-2345-6789 ".into());
        b.slogan = Some("   ".into());
        b.hostnames = vec!["WWW.jhps.tp.edu.tw.".into()];
        let v = new_site(&b).unwrap();
        assert_eq!(v.name, "建國國小");
        assert_eq!(v.get("phone").as_deref(), Some("02-2345-6789"));
        assert_eq!(v.get("slogan"), None, "blank is absent");
        assert_eq!(v.hostnames, vec!["www.jhps.tp.edu.tw"]);
    }

    #[test]
    fn every_wrong_field_is_named() {
        let mut b = create("Bad Slug", "");
        b.email = Some("not-an-address".into());
        b.map_embed_url = Some("https://evil.example/maps/embed".into());
        b.hostnames = vec!["a.example".into(), "A.example".into()];
        let e = new_site(&b).unwrap_err();
        assert_eq!(
            fields(&e),
            ["email", "hostnames", "map_embed_url", "name", "slug"].map(String::from)
        );
    }

    #[test]
    fn only_google_maps_may_be_framed() {
        assert!(map_embed("https://www.google.com/maps/embed?pb=1").is_ok());
        assert!(map_embed("http://www.google.com/maps/embed?pb=1").is_err());
        assert!(map_embed("https://www.google.com.evil.example/maps/embed").is_err());
        assert!(map_embed("https://www.google.com/search").is_err());
    }

    #[test]
    fn a_change_names_only_what_was_sent() {
        let b: UpdateSite =
            serde_json::from_value(serde_json::json!({"fax": null, "zip": "106"})).unwrap();
        let v = site_changes(&b).unwrap();
        assert_eq!(v.name, None);
        assert_eq!(v.hostnames, None);
        let mut o = v.optional;
        o.sort();
        assert_eq!(o, vec![("fax", None), ("zip", Some("106".to_string()))]);
        let bad: UpdateSite = serde_json::from_value(serde_json::json!({"phone": "abc"})).unwrap();
        assert_eq!(fields(&site_changes(&bad).unwrap_err()), ["phone"]);
    }
}
