//! The groups screen: the tree with each group's kind, order, parent, name
//! and deletion, and the form for a new group.

use super::group_row::group_row;
use crate::admin::api::{Fail, Session, use_session};
use crate::admin::endpoints;
use crate::admin::group_kind::KindSelect;
use crate::admin::ui::{FieldErr, Note, NoteLine, tr, val};
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::users::{CreateGroup, Group, GroupKind, UpdateGroup};

/// The tree and what its rows' controls do; `Copy` into every handler.
#[derive(Clone, Copy)]
pub(super) struct GroupsPage {
    pub s: Session,
    pub groups: RwSignal<Vec<Group>>,
    pub note: RwSignal<Note>,
}

impl GroupsPage {
    pub fn reload(self) {
        let GroupsPage { s, groups, note } = self;
        spawn_local(async move {
            match endpoints::groups::list(&s).await {
                Ok(g) => groups.set(g),
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    }

    /// Changes some of a group's fields and says `done`.
    pub fn patch(self, id: i64, body: UpdateGroup, done: &'static str) {
        let GroupsPage { s, note, .. } = self;
        spawn_local(async move {
            match endpoints::groups::update(&s, id, &body).await {
                Ok(_) => {
                    note.set(Note::Ok(done.into()));
                    self.reload();
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    }

    /// A new kind changes rights at once, possibly the signed-in user's own.
    pub fn change_kind(self, id: i64, to: GroupKind) {
        let GroupsPage { s, note, .. } = self;
        spawn_local(async move {
            let body = UpdateGroup {
                kind: Some(to),
                ..Default::default()
            };
            match endpoints::groups::update(&s, id, &body).await {
                Ok(g) => {
                    note.set(Note::Ok(format!(
                        "{}「{}」",
                        tr("已變更種類：", "Kind changed:"),
                        g.name
                    )));
                    s.load_me().await;
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
            self.reload();
        });
    }

    /// Reorders among siblings by renumbering them.
    pub fn shift(self, g: Group, up: bool) {
        let GroupsPage { s, groups, note } = self;
        let mut sibs: Vec<Group> = groups
            .get_untracked()
            .into_iter()
            .filter(|x| x.parent_id == g.parent_id)
            .collect();
        sibs.sort_by_key(|x| (x.order, x.id));
        let Some(i) = sibs.iter().position(|x| x.id == g.id) else {
            return;
        };
        let j = if up {
            i.checked_sub(1)
        } else {
            (i + 1 < sibs.len()).then_some(i + 1)
        };
        let Some(j) = j else { return };
        sibs.swap(i, j);
        note.set(Note::Busy(tr("移動中…", "Moving…").into()));
        spawn_local(async move {
            for (pos, x) in sibs.iter().enumerate() {
                if x.order != pos as i32 {
                    let body = UpdateGroup {
                        order: Some(pos as i32),
                        ..Default::default()
                    };
                    if let Err(f) = endpoints::groups::update(&s, x.id, &body).await {
                        note.set(Note::Err(f.message()));
                        return;
                    }
                }
            }
            note.set(Note::Ok(tr("已移動。", "Moved.").into()));
            self.reload();
        });
    }

    /// Deletes a group (its sub-groups move up one level).
    pub fn delete(self, id: i64) {
        let GroupsPage { s, note, .. } = self;
        spawn_local(async move {
            match endpoints::groups::delete(&s, id).await {
                Ok(()) => {
                    note.set(Note::Ok(tr("已刪除。", "Deleted.").into()));
                    self.reload();
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    }
}

#[component]
pub fn Groups() -> impl IntoView {
    let page = GroupsPage {
        s: use_session(),
        groups: RwSignal::new(Vec::<Group>::new()),
        note: RwSignal::new(Note::None),
    };
    let GroupsPage { s, groups, note } = page;
    let fail = RwSignal::new(None::<Fail>);
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(GroupKind::Staff);
    let parent = RwSignal::new(String::new());
    page.reload();
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = CreateGroup {
            name: name.get_untracked().trim().to_string(),
            kind: kind.get_untracked(),
            parent_id: parent.get_untracked().parse().ok(),
            order: None,
        };
        spawn_local(async move {
            match endpoints::groups::create(&s, &body).await {
                Ok(_) => {
                    fail.set(None);
                    name.set(String::new());
                    note.set(Note::Ok(tr("群組已建立。", "Group created.").into()));
                    page.reload();
                }
                Err(f) => {
                    note.set(Note::Err(f.message()));
                    fail.set(Some(f));
                }
            }
        });
    };
    let rows = move || {
        let all = groups.get();
        super::group_tree::group_rows(&all)
            .into_iter()
            .map(|(g, depth)| group_row(page, &all, g, depth))
            .collect_view()
    };
    let err = move |k: &'static str| {
        Signal::derive(move || fail.with(|f| f.as_ref().and_then(|f| f.field(k))))
    };
    view! {
        <section class="adm-section" data-screen="groups">
            <h1>{move || tr("群組", "Groups")}</h1>
            <p class="muted">
                {move || tr(
                    "權限由上往下傳：授權給某群組，其下各子群組的成員也有相同權限。",
                    "Rights flow down: a right given to a group also applies to members of its sub-groups.",
                )}
            </p>
            <NoteLine note=note />
            <ul class="tree" data-tree="groups">{rows}</ul>
            <form class="adm-form narrow" on:submit=create data-form="group">
                <h2>{move || tr("新增群組", "New group")}</h2>
                <label for="grp-name">{move || tr("名稱", "Name")}</label>
                <input id="grp-name" aria-describedby="grp-name-err" prop:value=move || name.get() on:input=move |ev| name.set(val(&ev)) />
                <FieldErr id="grp-name-err" msg=err("name") />
                <label for="grp-kind">{move || tr("種類", "Kind")}</label>
                <KindSelect id="grp-kind".to_string() selected=GroupKind::Staff on_pick=Callback::new(move |k| { kind.set(k); true }) />
                <label for="grp-parent">{move || tr("上層群組", "Parent group")}</label>
                <select id="grp-parent" on:change=move |ev| parent.set(val(&ev))>
                    <option value="">{move || tr("（最上層）", "(top level)")}</option>
                    {move || groups.get().into_iter().map(|g| view! { <option value=g.id.to_string()>{g.name}</option> }).collect_view()}
                </select>
                <FieldErr id="grp-parent-err" msg=err("parent_id") />
                <div class="form-actions">
                    <button type="submit" class="btn primary">{move || tr("建立群組", "Create group")}</button>
                </div>
            </form>
        </section>
    }
}
