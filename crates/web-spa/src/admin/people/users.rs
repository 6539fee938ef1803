//! The users screen: the paged list, the create/edit form and the
//! effective-rights panel.

use super::rights_panel::rights_panel;
use super::user_form::UserForm;
use super::user_row::user_row;
use crate::admin::api::{Session, use_session};
use crate::admin::endpoints;
use crate::admin::ui::{Note, NoteLine, confirm, tr};
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::users::{EffectiveRights, Group, User};

/// The screen's state, `Copy` into every handler and part.
#[derive(Clone, Copy)]
pub(super) struct UsersPage {
    pub s: Session,
    /// Bumped to reload the list after a change.
    pub version: RwSignal<u32>,
    pub groups: LocalResource<Vec<Group>>,
    pub note: RwSignal<Note>,
    /// The user in the form (`None` with `creating`: a new one).
    pub editing: RwSignal<Option<User>>,
    pub creating: RwSignal<bool>,
    /// The user whose rights are shown.
    pub rights: RwSignal<Option<(User, EffectiveRights)>>,
}

impl UsersPage {
    /// A group's name for the list (`#id` until the groups are loaded).
    pub fn group_name(self, id: i64) -> String {
        let groups = self.groups;
        groups
            .get()
            .unwrap_or_default()
            .into_iter()
            .find(|g| g.id == id)
            .map_or_else(|| format!("#{id}"), |g| g.name)
    }

    pub fn show_rights(self, u: User) {
        let UsersPage {
            s, note, rights, ..
        } = self;
        spawn_local(async move {
            match endpoints::users::rights(&s, u.id).await {
                Ok(r) => {
                    rights.set(Some((u, r)));
                    crate::admin::ui::focus_later("rights-title");
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    }

    pub fn remove(self, u: User) {
        let UsersPage {
            s, note, version, ..
        } = self;
        if !confirm(&format!(
            "{}「{}」（{}）？",
            tr("確定要刪除使用者", "Delete the user"),
            u.display_name,
            u.account
        )) {
            return;
        }
        spawn_local(async move {
            match endpoints::users::delete(&s, u.id).await {
                Ok(()) => {
                    note.set(Note::Ok(tr("已刪除。", "Deleted.").into()));
                    version.update(|v| *v += 1);
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    }
}

#[component]
pub fn Users() -> impl IntoView {
    let s = use_session();
    let page = RwSignal::new(1u64);
    let version = RwSignal::new(0u32);
    let groups =
        LocalResource::new(
            move || async move { endpoints::groups::list(&s).await.unwrap_or_default() },
        );
    let list = LocalResource::new(move || {
        version.track();
        let page = page.get();
        async move { endpoints::users::list(&s, page).await }
    });
    let note = RwSignal::new(Note::None);
    let editing = RwSignal::new(None::<User>);
    let rights = RwSignal::new(None::<(User, EffectiveRights)>);
    let creating = RwSignal::new(false);
    let users_page = UsersPage {
        s,
        version,
        groups,
        note,
        editing,
        creating,
        rights,
    };
    view! {
        <section class="adm-section" data-screen="users">
            <h1>{move || tr("使用者", "Users")}</h1>
            <p>
                <button class="btn primary" data-action="new-user" on:click=move |_| { editing.set(None); creating.set(true); crate::admin::ui::focus_later("usr-account"); }>
                    {move || tr("＋ 新增使用者", "+ New user")}
                </button>
            </p>
            <NoteLine note=note />
            {move || {
                let gs = groups.get().unwrap_or_default();
                if creating.get() {
                    Some(view! { <UserForm user=None groups=gs done=Callback::new(move |()| { creating.set(false); version.update(|v| *v += 1); note.set(Note::Ok(tr("已儲存。", "Saved.").into())); }) cancel=Callback::new(move |()| creating.set(false)) /> }.into_any())
                } else {
                    editing.get().map(|u| view! { <UserForm user=Some(u) groups=gs done=Callback::new(move |()| { editing.set(None); version.update(|v| *v += 1); note.set(Note::Ok(tr("已儲存。", "Saved.").into())); }) cancel=Callback::new(move |()| editing.set(None)) /> }.into_any())
                }
            }}
            {move || rights.get().map(|(u, r)| rights_panel(users_page, u, r))}
            {move || match list.get() {
                None => view! { <p class="loading" role="status">{tr("載入中…", "Loading…")}</p> }.into_any(),
                Some(Err(f)) => view! { <p class="adm-note err" role="alert">{f.message()}</p> }.into_any(),
                Some(Ok(p)) => {
                    let pages = p.pages;
                    view! {
                        <table class="adm-table" data-list="users">
                            <thead>
                                <tr>
                                    <th scope="col">{tr("帳號", "Account")}</th>
                                    <th scope="col">{tr("名稱", "Name")}</th>
                                    <th scope="col">{tr("群組", "Groups")}</th>
                                    <th scope="col">{tr("狀態", "Status")}</th>
                                    <th scope="col">{tr("最後登入", "Last sign-in")}</th>
                                    <th scope="col">{tr("動作", "Actions")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {p.items.into_iter().map(|u| user_row(users_page, u)).collect_view()}
                            </tbody>
                        </table>
                        <nav class="pager" aria-label=tr("分頁", "Pagination")>
                            <button class="btn" disabled=move || { page.get() <= 1 } on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))>{tr("上一頁", "Previous")}</button>
                            <span>{move || format!("{} / {pages}", page.get())}</span>
                            <button class="btn" disabled=move || { page.get() >= pages } on:click=move |_| page.update(|p| *p += 1)>{tr("下一頁", "Next")}</button>
                        </nav>
                    }.into_any()
                }
            }}
        </section>
    }
}
