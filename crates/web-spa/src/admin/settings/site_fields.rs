//! The site form's fields (name, contact details, map): signals filled from
//! the stored site and read back into an `UpdateSite`, and one labelled
//! input with its error.

use super::err_of;
use crate::admin::api::Fail;
use crate::admin::ui::{FieldErr, tr, val};
use leptos::prelude::*;
use yass_shared_types::Patch;
use yass_shared_types::site::{Site, UpdateSite};

/// An emptied optional field is cleared (`null`), otherwise set.
pub fn patch_of(s: &str) -> Patch<String> {
    let t = s.trim();
    if t.is_empty() {
        Patch::Clear
    } else {
        Patch::Set(t.to_string())
    }
}

#[derive(Clone, Copy)]
pub(super) struct Fields {
    pub name: RwSignal<String>,
    pub slogan: RwSignal<String>,
    pub address: RwSignal<String>,
    pub zip: RwSignal<String>,
    pub phone: RwSignal<String>,
    pub fax: RwSignal<String>,
    pub email: RwSignal<String>,
    pub map_link: RwSignal<String>,
    pub map_embed_url: RwSignal<String>,
}

impl Fields {
    pub fn new() -> Self {
        let e = || RwSignal::new(String::new());
        Fields {
            name: e(),
            slogan: e(),
            address: e(),
            zip: e(),
            phone: e(),
            fax: e(),
            email: e(),
            map_link: e(),
            map_embed_url: e(),
        }
    }

    pub fn fill(&self, s: &Site) {
        let p = &s.public;
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        self.name.set(p.name.clone());
        self.slogan.set(o(&p.slogan));
        self.address.set(o(&p.address));
        self.zip.set(o(&p.zip));
        self.phone.set(o(&p.phone));
        self.fax.set(o(&p.fax));
        self.email.set(o(&p.email));
        self.map_link.set(o(&p.map_link));
        self.map_embed_url.set(o(&p.map_embed_url));
    }

    pub fn body(&self) -> UpdateSite {
        let g = |s: RwSignal<String>| patch_of(&s.get_untracked());
        UpdateSite {
            name: Some(self.name.get_untracked().trim().to_string()),
            slogan: g(self.slogan),
            address: g(self.address),
            zip: g(self.zip),
            phone: g(self.phone),
            fax: g(self.fax),
            email: g(self.email),
            map_link: g(self.map_link),
            map_embed_url: g(self.map_embed_url),
            hostnames: None,
            enabled: None,
        }
    }
}

/// One labelled text input with its per-field error.
pub(super) fn field(
    id: &'static str,
    err_id: &'static str,
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    sig: RwSignal<String>,
    fail: RwSignal<Option<Fail>>,
) -> impl IntoView {
    view! {
        <label for=id>{move || tr(zh, en)}</label>
        <input
            id=id
            name=key
            aria-describedby=err_id
            aria-invalid=move || fail.with(|f| f.as_ref().and_then(|f| f.field(key)).is_some().then_some("true"))
            prop:value=move || sig.get()
            on:input=move |ev| sig.set(val(&ev))
        />
        <FieldErr id=err_id msg=err_of(fail, key) />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_fields_clear() {
        assert_eq!(patch_of("  "), Patch::Clear);
        assert_eq!(patch_of(" a "), Patch::Set("a".to_string()));
    }
}
