//! Users and groups (site admins): the group tree with create, move,
//! reorder and delete; users with their groups and status, password reset,
//! and the effective-rights panel.

use crate::admin::api::{Fail, use_session};
use crate::admin::endpoints::{groups, users};
use crate::admin::group_kind::{KindSelect, confirm_change};
use crate::admin::ui::{FieldErr, Note, NoteLine, checked, confirm, prompt, split_list, tr, val};
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::users::{
    CreateGroup, CreateUser, EffectiveRights, Group, GroupKind, UpdateGroup, UpdateUser, User,
    UserStatus,
};

/// Groups in tree order with their depth.
pub fn group_rows(groups: &[Group]) -> Vec<(Group, usize)> {
    fn walk(all: &[Group], parent: Option<i64>, depth: usize, out: &mut Vec<(Group, usize)>) {
        let mut kids: Vec<&Group> = all.iter().filter(|g| g.parent_id == parent).collect();
        kids.sort_by_key(|g| (g.order, g.id));
        for g in kids {
            out.push((g.clone(), depth));
            if depth < 32 {
                walk(all, Some(g.id), depth + 1, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(groups, None, 0, &mut out);
    out
}

fn status_label(s: UserStatus) -> &'static str {
    match s {
        UserStatus::Active => tr("啟用", "Active"),
        UserStatus::MustChangePassword => tr("須變更密碼", "Must change password"),
        UserStatus::Disabled => tr("停用", "Disabled"),
    }
}

#[component]
pub fn Groups() -> impl IntoView {
    let s = use_session();
    let groups = RwSignal::new(Vec::<Group>::new());
    let note = RwSignal::new(Note::None);
    let fail = RwSignal::new(None::<Fail>);
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(GroupKind::Staff);
    let parent = RwSignal::new(String::new());
    let reload = move || {
        spawn_local(async move {
            match groups::list(&s).await {
                Ok(g) => groups.set(g),
                Err(f) => note.set(Note::Err(f.message())),
            }
        })
    };
    reload();
    let patch = move |id: i64, body: UpdateGroup, done: &'static str| {
        spawn_local(async move {
            match groups::update(&s, id, &body).await {
                Ok(_) => {
                    note.set(Note::Ok(done.into()));
                    reload();
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        })
    };
    // A new kind changes rights at once, possibly the signed-in user's own.
    let change_kind = move |id: i64, to: GroupKind| {
        spawn_local(async move {
            let body = UpdateGroup {
                kind: Some(to),
                ..Default::default()
            };
            match groups::update(&s, id, &body).await {
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
            reload();
        })
    };
    // Reorders among siblings by renumbering them.
    let shift = move |g: Group, up: bool| {
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
                    if let Err(f) = groups::update(&s, x.id, &body).await {
                        note.set(Note::Err(f.message()));
                        return;
                    }
                }
            }
            note.set(Note::Ok(tr("已移動。", "Moved.").into()));
            reload();
        });
    };
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = CreateGroup {
            name: name.get_untracked().trim().to_string(),
            kind: kind.get_untracked(),
            parent_id: parent.get_untracked().parse().ok(),
            order: None,
        };
        spawn_local(async move {
            match groups::create(&s, &body).await {
                Ok(_) => {
                    fail.set(None);
                    name.set(String::new());
                    note.set(Note::Ok(tr("群組已建立。", "Group created.").into()));
                    reload();
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
        group_rows(&all)
            .into_iter()
            .map(|(g, depth)| {
                let id = g.id;
                let k = g.kind;
                let (g1, g2, g3, g4, g5) = (g.clone(), g.clone(), g.clone(), g.clone(), g.clone());
                let others: Vec<(i64, String)> = all
                    .iter()
                    .filter(|x| x.id != id)
                    .map(|x| (x.id, x.name.clone()))
                    .collect();
                let cur_parent = g.parent_id;
                view! {
                    <li class="tree-row" style=format!("margin-left: {}rem", depth as f32 * 1.75) data-group=g.name.clone() data-depth=depth>
                        <span class="name">{g.name.clone()}</span>
                        <label class="visually-hidden" for=format!("grp-kind-{id}")>{format!("{}：{}", tr("種類", "Kind"), g.name)}</label>
                        <KindSelect id=format!("grp-kind-{id}") selected=k on_pick=Callback::new(move |to| {
                            let ok = confirm_change(&g5.name, k, to);
                            if ok {
                                change_kind(id, to);
                            }
                            ok
                        }) />
                        <span class="muted">{format!("{} {}", g.member_count, tr("人", "members"))}</span>
                        <button type="button" class="btn small" aria-label=format!("{}：{}", tr("上移", "Move up"), g.name) on:click=move |_| shift(g1.clone(), true)>"↑"</button>
                        <button type="button" class="btn small" aria-label=format!("{}：{}", tr("下移", "Move down"), g.name) on:click=move |_| shift(g2.clone(), false)>"↓"</button>
                        <label class="visually-hidden" for=format!("grp-parent-{id}")>{format!("{}：{}", tr("上層群組", "Parent group"), g.name)}</label>
                        <select
                            id=format!("grp-parent-{id}")
                            data-action="move"
                            on:change=move |ev| {
                                let v = val(&ev);
                                let body = UpdateGroup {
                                    parent_id: match v.parse::<i64>() {
                                        Ok(p) => yass_shared_types::Patch::Set(p),
                                        Err(_) => yass_shared_types::Patch::Clear,
                                    },
                                    ..Default::default()
                                };
                                patch(id, body, tr("已移動。", "Moved."));
                            }
                        >
                            <option value="" selected=cur_parent.is_none()>{tr("（最上層）", "(top level)")}</option>
                            {others
                                .into_iter()
                                .map(|(oid, oname)| view! { <option value=oid.to_string() selected=cur_parent == Some(oid)>{format!("{} {oname}", tr("移到", "under"))}</option> })
                                .collect_view()}
                        </select>
                        <button
                            type="button"
                            class="btn small"
                            on:click=move |_| {
                                if let Some(n) = prompt(tr("新的群組名稱", "New group name"), &g3.name) {
                                    patch(id, UpdateGroup { name: Some(n), ..Default::default() }, tr("已更名。", "Renamed."));
                                }
                            }
                        >
                            {tr("更名", "Rename")}
                        </button>
                        <button
                            type="button"
                            class="btn small"
                            data-action="delete"
                            on:click=move |_| {
                                if !confirm(&format!("{}「{}」？{}", tr("確定要刪除群組", "Delete the group"), g4.name, tr("其下的群組會上移一層。", " Its sub-groups move up one level."))) {
                                    return;
                                }
                                spawn_local(async move {
                                    match groups::delete(&s, id).await {
                                        Ok(()) => {
                                            note.set(Note::Ok(tr("已刪除。", "Deleted.").into()));
                                            reload();
                                        }
                                        Err(f) => note.set(Note::Err(f.message())),
                                    }
                                });
                            }
                        >
                            {tr("刪除", "Delete")}
                        </button>
                    </li>
                }
            })
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

#[component]
pub fn Users() -> impl IntoView {
    let s = use_session();
    let page = RwSignal::new(1u64);
    let version = RwSignal::new(0u32);
    let groups =
        LocalResource::new(move || async move { groups::list(&s).await.unwrap_or_default() });
    let list = LocalResource::new(move || {
        version.track();
        let page = page.get();
        async move { users::list(&s, page).await }
    });
    let note = RwSignal::new(Note::None);
    let editing = RwSignal::new(None::<User>);
    let rights = RwSignal::new(None::<(User, EffectiveRights)>);
    let creating = RwSignal::new(false);
    let group_name = move |id: i64| {
        groups
            .get()
            .unwrap_or_default()
            .into_iter()
            .find(|g| g.id == id)
            .map(|g| g.name)
            .unwrap_or_else(|| format!("#{id}"))
    };
    let show_rights = move |u: User| {
        spawn_local(async move {
            match users::rights(&s, u.id).await {
                Ok(r) => {
                    rights.set(Some((u, r)));
                    crate::admin::ui::focus_later("rights-title");
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    };
    let remove = move |u: User| {
        if !confirm(&format!(
            "{}「{}」（{}）？",
            tr("確定要刪除使用者", "Delete the user"),
            u.display_name,
            u.account
        )) {
            return;
        }
        spawn_local(async move {
            match users::delete(&s, u.id).await {
                Ok(()) => {
                    note.set(Note::Ok(tr("已刪除。", "Deleted.").into()));
                    version.update(|v| *v += 1);
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
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
                    Some(view! { <UserForm user=None groups=gs done=Callback::new(move |_| { creating.set(false); version.update(|v| *v += 1); note.set(Note::Ok(tr("已儲存。", "Saved.").into())); }) cancel=Callback::new(move |_| creating.set(false)) /> }.into_any())
                } else {
                    editing.get().map(|u| view! { <UserForm user=Some(u) groups=gs done=Callback::new(move |_| { editing.set(None); version.update(|v| *v += 1); note.set(Note::Ok(tr("已儲存。", "Saved.").into())); }) cancel=Callback::new(move |_| editing.set(None)) /> }.into_any())
                }
            }}
            {move || rights.get().map(|(u, r)| {
                let principals = r.principal_group_ids.iter().map(|g| group_name(*g)).collect::<Vec<_>>().join("、");
                let staff = r.staff_group_ids.iter().map(|g| group_name(*g)).collect::<Vec<_>>().join("、");
                view! {
                    <div class="adm-section" data-rights>
                        <h2 id="rights-title" tabindex="-1">{format!("{}：{}", tr("有效權限", "Effective rights"), u.display_name)}</h2>
                        <dl>
                            <dt>{tr("網站管理員", "Site admin")}</dt>
                            <dd data-site-admin=r.site_admin.to_string()>{if r.site_admin { tr("是（可管理整個網站）", "Yes (the whole site)") } else { tr("否", "No") }}</dd>
                            <dt>{tr("所屬群組（含上層）", "Groups (with ancestors)")}</dt>
                            <dd>{principals}</dd>
                            <dt>{tr("可代表發布的單位", "May publish for")}</dt>
                            <dd>{staff}</dd>
                            <dt>{tr("可執行的動作", "Allowed actions")}</dt>
                            <dd>{r.actions.join(", ")}</dd>
                        </dl>
                        <button class="btn" on:click=move |_| rights.set(None)>{tr("關閉", "Close")}</button>
                    </div>
                }
            })}
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
                                {p.items.into_iter().map(|u| {
                                    let (u1, u2, u3) = (u.clone(), u.clone(), u.clone());
                                    let gnames = u.group_ids.iter().map(|g| group_name(*g)).collect::<Vec<_>>().join("、");
                                    view! {
                                        <tr data-account=u.account.clone()>
                                            <td>{u.account.clone()}</td>
                                            <td>{u.display_name.clone()}</td>
                                            <td>{gnames}</td>
                                            <td data-status=u.status.as_str()>{status_label(u.status)}</td>
                                            <td>{u.last_login_at.as_ref().map(crate::time::date_time).unwrap_or_default()}</td>
                                            <td>
                                                <button class="btn small" data-action="edit" on:click=move |_| { creating.set(false); editing.set(Some(u1.clone())); crate::admin::ui::focus_later("usr-name"); }>{tr("編輯", "Edit")}</button>
                                                " "
                                                <button class="btn small" data-action="rights" on:click=move |_| show_rights(u2.clone())>{tr("權限", "Rights")}</button>
                                                " "
                                                <button class="btn small" data-action="delete" on:click=move |_| remove(u3.clone())>{tr("刪除", "Delete")}</button>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
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

/// Create (`user: None`) or edit a user: name, e-mails, groups, status, password.
#[component]
fn UserForm(
    user: Option<User>,
    groups: Vec<Group>,
    done: Callback<()>,
    cancel: Callback<()>,
) -> impl IntoView {
    let s = use_session();
    let id = user.as_ref().map(|u| u.id);
    let account = RwSignal::new(user.as_ref().map(|u| u.account.clone()).unwrap_or_default());
    let display = RwSignal::new(
        user.as_ref()
            .map(|u| u.display_name.clone())
            .unwrap_or_default(),
    );
    let emails = RwSignal::new(
        user.as_ref()
            .map(|u| u.emails.join(", "))
            .unwrap_or_default(),
    );
    let status = RwSignal::new(
        user.as_ref()
            .map(|u| u.status)
            .unwrap_or(UserStatus::MustChangePassword),
    );
    let member = RwSignal::new(
        user.as_ref()
            .map(|u| u.group_ids.clone())
            .unwrap_or_default(),
    );
    let password = RwSignal::new(String::new());
    let fail = RwSignal::new(None::<Fail>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            let pw = password.get_untracked();
            let r = match id {
                None => {
                    let body = CreateUser {
                        account: account.get_untracked().trim().to_string(),
                        password: pw,
                        display_name: Some(display.get_untracked()),
                        emails: split_list(&emails.get_untracked()),
                        group_ids: member.get_untracked(),
                        status: Some(status.get_untracked()),
                    };
                    users::create(&s, &body).await
                }
                Some(id) => {
                    let body = UpdateUser {
                        display_name: Some(display.get_untracked()),
                        emails: Some(split_list(&emails.get_untracked())),
                        status: Some(status.get_untracked()),
                        group_ids: Some(member.get_untracked()),
                        password: (!pw.is_empty()).then_some(pw),
                    };
                    users::update(&s, id, &body).await
                }
            };
            match r {
                Ok(_) => done.run(()),
                Err(f) => fail.set(Some(f)),
            }
        });
    };
    let err = move |k: &'static str| {
        Signal::derive(move || fail.with(|f| f.as_ref().and_then(|f| f.field(k))))
    };
    let rows = group_rows(&groups);
    view! {
        <form class="adm-form narrow adm-section" on:submit=submit data-form="user">
            <h2>{move || if id.is_some() { tr("編輯使用者", "Edit user") } else { tr("新增使用者", "New user") }}</h2>
            {move || fail.get().map(|f| view! { <p class="adm-note err" role="alert">{f.message()}</p> })}
            <label for="usr-account">{move || tr("帳號", "Account")}</label>
            <input id="usr-account" aria-describedby="usr-account-err" disabled=id.is_some() prop:value=move || account.get() on:input=move |ev| account.set(val(&ev)) />
            <FieldErr id="usr-account-err" msg=err("account") />
            <label for="usr-name">{move || tr("顯示名稱", "Display name")}</label>
            <input id="usr-name" aria-describedby="usr-name-err" prop:value=move || display.get() on:input=move |ev| display.set(val(&ev)) />
            <FieldErr id="usr-name-err" msg=err("display_name") />
            <label for="usr-emails">{move || tr("電子郵件（逗號分隔）", "E-mails (comma-separated)")}</label>
            <input id="usr-emails" aria-describedby="usr-emails-err" prop:value=move || emails.get() on:input=move |ev| emails.set(val(&ev)) />
            <FieldErr id="usr-emails-err" msg=err("emails") />
            <label for="usr-status">{move || tr("狀態", "Status")}</label>
            <select id="usr-status" on:change=move |ev| if let Some(st) = UserStatus::parse(&val(&ev)) { status.set(st) }>
                {[UserStatus::Active, UserStatus::MustChangePassword, UserStatus::Disabled].into_iter().map(|st| view! {
                    <option value=st.as_str() selected=status.get_untracked() == st>{status_label(st)}</option>
                }).collect_view()}
            </select>
            <fieldset>
                <legend>{move || tr("所屬群組", "Groups")}</legend>
                {rows.into_iter().map(|(g, depth)| {
                    let gid = g.id;
                    view! {
                        <label class="check" style=format!("margin-left: {}rem", depth as f32 * 1.25)>
                            <input type="checkbox" data-group=g.name.clone() prop:checked=move || member.with(|m| m.contains(&gid)) on:change=move |ev| {
                                let on = checked(&ev);
                                member.update(|m| { m.retain(|x| *x != gid); if on { m.push(gid); } });
                            } />
                            {g.name.clone()}
                        </label>
                    }
                }).collect_view()}
                <FieldErr id="usr-groups-err" msg=err("group_ids") />
            </fieldset>
            <label for="usr-password">
                {move || if id.is_some() { tr("重設密碼（留空則不變；使用者下次登入須變更）", "Reset password (empty = unchanged; the user must change it at next sign-in)") } else { tr("臨時密碼", "Temporary password") }}
            </label>
            <input id="usr-password" type="password" autocomplete="new-password" aria-describedby="usr-password-err" prop:value=move || password.get() on:input=move |ev| password.set(val(&ev)) />
            <FieldErr id="usr-password-err" msg=err("password") />
            <div class="form-actions">
                <button type="submit" class="btn primary">{move || tr("儲存", "Save")}</button>
                <button type="button" class="btn link" on:click=move |_| cancel.run(())>{move || tr("取消", "Cancel")}</button>
            </div>
        </form>
    }
}
