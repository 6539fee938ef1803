//! The news form's fields as signals, filled from a stored item and read
//! back into the request body (dates in Asia/Taipei).

use crate::admin::dt::{from_local_input, opt_to_local_input};
use crate::admin::ui::{split_list, tr};
use leptos::prelude::*;
use std::collections::BTreeMap;
use yass_shared_types::content::{News, NewsInput};
use yass_shared_types::html::SanitizedHtml;

/// The form, one signal per field, so nothing is lost between attempts.
#[derive(Clone, Copy)]
pub(super) struct Fields {
    pub title: RwSignal<String>,
    /// The stored body the editor starts from.
    pub loaded_body: RwSignal<SanitizedHtml>,
    pub body: RwSignal<String>,
    pub category: RwSignal<String>,
    pub group: RwSignal<String>,
    pub tags: RwSignal<String>,
    pub draft: RwSignal<bool>,
    pub display_at: RwSignal<String>,
    pub visible_from: RwSignal<String>,
    pub visible_until: RwSignal<String>,
    pub pinned: RwSignal<bool>,
    pub pinned_from: RwSignal<String>,
    pub pinned_until: RwSignal<String>,
}

impl Fields {
    pub fn new() -> Self {
        Fields {
            title: RwSignal::new(String::new()),
            loaded_body: RwSignal::new(SanitizedHtml::default()),
            body: RwSignal::new(String::new()),
            category: RwSignal::new(String::new()),
            group: RwSignal::new(String::new()),
            tags: RwSignal::new(String::new()),
            draft: RwSignal::new(false),
            display_at: RwSignal::new(String::new()),
            visible_from: RwSignal::new(String::new()),
            visible_until: RwSignal::new(String::new()),
            pinned: RwSignal::new(false),
            pinned_from: RwSignal::new(String::new()),
            pinned_until: RwSignal::new(String::new()),
        }
    }

    pub fn fill(&self, n: &News) {
        self.title.set(n.title.clone());
        self.loaded_body.set(n.body.clone());
        self.body.set(n.body.as_str().to_string());
        self.category
            .set(n.category_id.map(|c| c.to_string()).unwrap_or_default());
        self.group.set(n.group_id.to_string());
        self.tags.set(n.tags.join(", "));
        self.draft.set(n.draft);
        self.display_at.set(opt_to_local_input(Some(&n.display_at)));
        self.visible_from
            .set(opt_to_local_input(n.visible_from.as_ref()));
        self.visible_until
            .set(opt_to_local_input(n.visible_until.as_ref()));
        self.pinned.set(n.pinned);
        self.pinned_from
            .set(opt_to_local_input(n.pinned_from.as_ref()));
        self.pinned_until
            .set(opt_to_local_input(n.pinned_until.as_ref()));
    }

    /// The request body, or the fields whose date could not be read.
    pub fn input(&self) -> Result<NewsInput, BTreeMap<&'static str, String>> {
        let mut bad = BTreeMap::new();
        let mut when = |key: &'static str, s: RwSignal<String>| {
            if let Ok(t) = from_local_input(&s.get_untracked()) {
                t
            } else {
                bad.insert(
                    key,
                    tr("請輸入正確的日期與時間。", "Enter a valid date and time.").to_string(),
                );
                None
            }
        };
        let display_at = when("display_at", self.display_at);
        let visible_from = when("visible_from", self.visible_from);
        let visible_until = when("visible_until", self.visible_until);
        let pinned_from = when("pinned_from", self.pinned_from);
        let pinned_until = when("pinned_until", self.pinned_until);
        if !bad.is_empty() {
            return Err(bad);
        }
        Ok(NewsInput {
            title: self.title.get_untracked().trim().to_string(),
            body: self.body.get_untracked(),
            category_id: self.category.get_untracked().parse().ok(),
            group_id: self.group.get_untracked().parse().ok(),
            tags: split_list(&self.tags.get_untracked()),
            display_at,
            visible_from,
            visible_until,
            pinned: self.pinned.get_untracked(),
            pinned_from,
            pinned_until,
            draft: self.draft.get_untracked(),
        })
    }
}
