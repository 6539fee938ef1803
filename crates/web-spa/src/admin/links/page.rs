//! The links screen's state and what its buttons do: load, reorder
//! (categories, links in a category, links on the homepage), rename,
//! delete, add a category.

use crate::admin::api::{Res, Session};
use crate::admin::endpoints::links::{self as api, OrderOf};
use crate::admin::link_form::LinkFields;
use crate::admin::reorder::step;
use crate::admin::ui::{Note, confirm, prompt, tr};
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::content::{
    HomepageBlockKind, HomepageLayout, Link, LinkCategory, LinkCategoryInput, LinkCategoryPatch,
};

/// What a Delete button removes (both ask first, then reload the list).
#[derive(Clone, Copy)]
pub(super) enum Doomed {
    Link(i64),
    Category(i64),
}

impl Doomed {
    async fn delete(self, s: &Session) -> Res<()> {
        match self {
            Doomed::Link(id) => api::delete(s, id).await,
            Doomed::Category(id) => api::delete_category(s, id).await,
        }
    }
}

/// How many links the homepage shows: its layout's links block (none when
/// that block is off), as the API cuts the list.
fn links_shown(layout: &HomepageLayout) -> usize {
    layout
        .blocks
        .iter()
        .find(|b| b.kind == HomepageBlockKind::Links && b.enabled)
        .map_or(0, |b| b.count as usize)
}

/// Whether this user may edit or delete the link (the API decides too).
pub(super) fn can_edit(s: &Session, l: &Link) -> bool {
    s.is_admin()
        || s.can("links.edit_any")
        || l.group_id.is_some_and(|g| {
            s.me.with_untracked(|m| {
                m.as_ref()
                    .is_some_and(|m| m.rights.principal_group_ids.contains(&g))
            })
        })
}

/// Signals only, so it is `Copy` into every handler and part.
#[derive(Clone, Copy)]
pub(super) struct LinksPage {
    pub s: Session,
    /// Site admins also manage categories and orders.
    pub admin: bool,
    pub cats: RwSignal<Vec<LinkCategory>>,
    pub note: RwSignal<Note>,
    /// The link form's fields (the rows' Edit buttons fill them).
    pub fields: LinkFields,
    /// The new category's name.
    pub new_cat: RwSignal<String>,
    /// The homepage's cut-off, to mark the links past it in the homepage order.
    pub shown: RwSignal<Option<usize>>,
}

impl LinksPage {
    pub fn new(s: Session) -> Self {
        LinksPage {
            s,
            admin: s.is_admin(),
            cats: RwSignal::new(Vec::<LinkCategory>::new()),
            note: RwSignal::new(Note::None),
            fields: LinkFields::new(),
            new_cat: RwSignal::new(String::new()),
            shown: RwSignal::new(None::<usize>),
        }
    }

    pub async fn load(self) {
        let LinksPage { s, cats, note, .. } = self;
        match api::list(&s).await {
            Ok(v) => cats.set(v),
            Err(f) => note.set(Note::Err(f.message())),
        }
    }

    pub fn reload(self) {
        spawn_local(self.load());
    }

    /// Reads the homepage's links cut-off (site admins only see the order).
    pub fn load_cut_off(self) {
        let LinksPage { s, shown, .. } = self;
        spawn_local(async move {
            if let Ok(l) = crate::admin::endpoints::site::homepage_layout(&s).await {
                shown.set(Some(links_shown(&l)));
            }
        });
    }

    /// Sends a whole new order, shows what the API stored, and keeps the
    /// keyboard focus on the moved item's button (`key`).
    fn put_order(self, of: OrderOf, ids: Vec<i64>, key: String, up: bool) {
        let LinksPage { s, note, .. } = self;
        note.set(Note::Busy(tr("移動中…", "Moving…").into()));
        spawn_local(async move {
            match api::set_order(&s, of, ids).await {
                Ok(()) => note.set(Note::Ok(tr("已移動。", "Moved.").into())),
                Err(f) => note.set(Note::Err(f.message())),
            }
            self.load().await;
            let (pressed, twin) = if up { ("up", "down") } else { ("down", "up") };
            super::up_down::refocus(format!("{key}-{pressed}"), format!("{key}-{twin}"));
        });
    }

    pub fn move_cat(self, id: i64, up: bool) {
        let cats = self.cats;
        let ids: Vec<i64> = cats.with_untracked(|c| c.iter().map(|c| c.id).collect());
        if let Some(ids) = step(&ids, id, up) {
            self.put_order(OrderOf::Categories, ids, format!("cat-{id}"), up);
        }
    }

    pub fn move_link(self, cid: i64, id: i64, up: bool) {
        let cats = self.cats;
        let ids: Vec<i64> = cats.with_untracked(|c| {
            c.iter()
                .find(|c| c.id == cid)
                .map(|c| c.links.iter().map(|l| l.id).collect())
                .unwrap_or_default()
        });
        if let Some(ids) = step(&ids, id, up) {
            self.put_order(OrderOf::LinksIn(cid), ids, format!("lnk-{id}"), up);
        }
    }

    /// The links shown on the homepage, in homepage order (as the API sorts them).
    pub fn home_links(self) -> Vec<Link> {
        let cats = self.cats;
        let mut v: Vec<Link> = cats.with(|c| {
            c.iter()
                .flat_map(|c| c.links.iter().filter(|l| l.on_homepage).cloned())
                .collect()
        });
        v.sort_by_key(|l| (l.homepage_order, l.id));
        v
    }

    pub fn move_home(self, id: i64, up: bool) {
        let ids: Vec<i64> = untrack(move || self.home_links())
            .iter()
            .map(|l| l.id)
            .collect();
        if let Some(ids) = step(&ids, id, up) {
            self.put_order(OrderOf::Homepage, ids, format!("home-{id}"), up);
        }
    }

    /// Asks, then deletes a link or a category.
    pub fn delete(self, doomed: Doomed, what: &'static str, name: String) {
        let LinksPage { s, note, .. } = self;
        if !confirm(&format!("{what}「{name}」？")) {
            return;
        }
        spawn_local(async move {
            match doomed.delete(&s).await {
                Ok(()) => {
                    note.set(Note::Ok(tr("已刪除。", "Deleted.").into()));
                    self.reload();
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    }

    pub fn rename(self, c: LinkCategory) {
        let LinksPage { s, note, .. } = self;
        let Some(name) = prompt(tr("新的分類名稱", "New category name"), &c.name) else {
            return;
        };
        let body = LinkCategoryPatch {
            name: Some(name),
            order: None,
        };
        spawn_local(async move {
            match api::update_category(&s, c.id, &body).await {
                Ok(_) => {
                    note.set(Note::Ok(tr("已更名。", "Renamed.").into()));
                    self.reload();
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    }

    pub fn add_category(self, ev: leptos::ev::SubmitEvent) {
        let LinksPage {
            s, note, new_cat, ..
        } = self;
        ev.prevent_default();
        let body = LinkCategoryInput {
            name: new_cat.get_untracked(),
            order: None,
        };
        spawn_local(async move {
            match api::create_category(&s, &body).await {
                Ok(_) => {
                    new_cat.set(String::new());
                    note.set(Note::Ok(tr("分類已建立。", "Category created.").into()));
                    self.reload();
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yass_shared_types::content::HomepageBlock;

    fn layout(enabled: bool, count: u32) -> HomepageLayout {
        HomepageLayout {
            blocks: vec![
                HomepageBlock {
                    kind: HomepageBlockKind::News,
                    enabled: true,
                    count: 8,
                },
                HomepageBlock {
                    kind: HomepageBlockKind::Links,
                    enabled,
                    count,
                },
            ],
        }
    }

    #[test]
    fn the_cut_off_is_the_links_block_count_or_none_when_it_is_off() {
        assert_eq!(links_shown(&layout(true, 12)), 12);
        assert_eq!(links_shown(&layout(false, 12)), 0);
        assert_eq!(links_shown(&HomepageLayout::empty()), 0);
    }
}
