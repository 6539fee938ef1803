//! The news editor's state: the form's fields, the choices it offers, what
//! the last save said, and loading them all.

use super::fields::Fields;
use crate::admin::api::{Fail, Session};
use crate::admin::endpoints;
use crate::admin::ui::Note;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeMap;
use yass_shared_types::content::{Attachment, Category};

/// Signals only (and the item's id), so it is `Copy` into every handler.
#[derive(Clone, Copy)]
pub(super) struct Editor {
    /// The stored item (`None`: a new one).
    pub id: Option<i64>,
    pub fields: Fields,
    /// The item is on the screen (at once for a new one).
    pub loaded: RwSignal<bool>,
    pub load_fail: RwSignal<Option<Fail>>,
    pub attachments: RwSignal<Vec<Attachment>>,
    pub categories: RwSignal<Vec<Category>>,
    /// The groups this user may publish for: (id, name).
    pub groups: RwSignal<Vec<(i64, String)>>,
    /// The API's answer to the last failed save.
    pub fail: RwSignal<Option<Fail>>,
    /// Dates that could not be read, found before sending.
    pub local_err: RwSignal<BTreeMap<&'static str, String>>,
    pub note: RwSignal<Note>,
    pub saving: RwSignal<bool>,
    /// The item belongs to a group this user may not publish for.
    pub denied: RwSignal<bool>,
}

impl Editor {
    pub fn new(id: Option<i64>) -> Self {
        Editor {
            id,
            fields: Fields::new(),
            loaded: RwSignal::new(id.is_none()),
            load_fail: RwSignal::new(None::<Fail>),
            attachments: RwSignal::new(Vec::<Attachment>::new()),
            categories: RwSignal::new(Vec::<Category>::new()),
            groups: RwSignal::new(Vec::<(i64, String)>::new()),
            fail: RwSignal::new(None::<Fail>),
            local_err: RwSignal::new(BTreeMap::<&'static str, String>::new()),
            note: RwSignal::new(Note::None),
            saving: RwSignal::new(false),
            denied: RwSignal::new(false),
        }
    }

    /// Categories, the groups this user may publish for, and the item itself.
    pub fn load(self, s: Session) {
        let Editor {
            id,
            fields: form,
            loaded,
            load_fail,
            attachments,
            categories,
            groups,
            denied,
            ..
        } = self;
        spawn_local(async move {
            if let Ok(c) = endpoints::news_categories::list(&s).await {
                categories.set(c);
            }
            let me = s.me.get_untracked();
            let own: Vec<(i64, String)> = me
                .as_ref()
                .map(|m| {
                    m.rights
                        .staff_group_ids
                        .iter()
                        .map(|gid| {
                            let name = m
                                .groups
                                .iter()
                                .find(|g| g.id == *gid)
                                .map_or_else(|| format!("#{gid}"), |g| g.name.clone());
                            (*gid, name)
                        })
                        .collect()
                })
                .unwrap_or_default();
            let all = if s.is_admin() {
                endpoints::groups::list(&s)
                    .await
                    .map(|gs| gs.into_iter().map(|g| (g.id, g.name)).collect())
                    .unwrap_or(own.clone())
            } else {
                own
            };
            if id.is_none()
                && let Some((g, _)) = all.first()
            {
                form.group.set(g.to_string());
            }
            groups.set(all);
            if let Some(id) = id {
                match endpoints::news::get(&s, id).await {
                    Ok(n) => {
                        if !crate::admin::news::can_edit_group(&s, n.group_id) {
                            denied.set(true);
                        }
                        form.fill(&n);
                        attachments.set(n.attachments.clone());
                        loaded.set(true);
                    }
                    Err(f) => load_fail.set(Some(f)),
                }
            }
        });
    }

    /// A field's message: a date that could not be read, else the API's.
    pub fn err(self, key: &'static str) -> Signal<Option<String>> {
        let Editor {
            local_err, fail, ..
        } = self;
        Signal::derive(move || {
            local_err
                .with(|m| m.get(key).cloned())
                .or_else(|| fail.with(|f| f.as_ref().and_then(|f| f.field(key))))
        })
    }
}
