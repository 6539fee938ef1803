//! Phone extension bodies.

use super::{each_once, one};
use crate::error::FieldErrors;
use crate::rules::{phone, validate};
use yass_shared_types::content::ExtensionInput;

pub const MAX_TITLE: usize = 100;

/// An extension's text fields, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidExtension {
    pub title: String,
    /// Digits only, as `phone::normalise_extension` keeps them.
    pub extension: String,
}

pub fn extension(input: &ExtensionInput) -> Result<ValidExtension, FieldErrors> {
    let mut e = FieldErrors::new();
    let title = validate::name(&input.title, MAX_TITLE).unwrap_or_else(|m| {
        e.add("title", m);
        String::new()
    });
    let extension = phone::normalise_extension(&input.extension).unwrap_or_else(|m| {
        e.add("extension", m);
        String::new()
    });
    if e.is_empty() {
        Ok(ValidExtension { title, extension })
    } else {
        Err(e)
    }
}

/// A new order of the extensions: every one exactly once.
pub fn order(asked: &[i64], have: &[i64]) -> Result<(), FieldErrors> {
    if each_once(asked, have) {
        Ok(())
    } else {
        Err(one("ids", "List every extension exactly once."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(title: &str, extension: &str) -> ExtensionInput {
        ExtensionInput {
            title: title.into(),
            extension: extension.into(),
            order: None,
            on_homepage: false,
        }
    }

    #[test]
    fn a_good_extension_is_kept() {
        let v = extension(&input(" 教務處 ", "110")).unwrap();
        assert_eq!(v.title, "教務處");
        assert_eq!(v.extension, "110");
    }

    #[test]
    fn both_bad_fields_are_named() {
        let e = extension(&input("", "call me")).unwrap_err();
        let named: Vec<&str> = e.0.keys().map(String::as_str).collect();
        assert_eq!(named, ["extension", "title"]);
    }

    #[test]
    fn a_reorder_names_every_extension_once() {
        assert_eq!(order(&[5, 4], &[4, 5]), Ok(()));
        let e = order(&[4, 4], &[4, 5]).unwrap_err();
        assert_eq!(e.0["ids"], ["List every extension exactly once."]);
    }
}
