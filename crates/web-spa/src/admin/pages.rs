//! Pages: the list of pages this user may edit, and the editor with the
//! groups that may edit it and who may read it (公開 / 限定群組).

use crate::admin::api::{Fail, use_session};
use crate::admin::endpoints;
use crate::admin::endpoints::revisions::Item;
use crate::admin::history::History;
use crate::admin::people::group_rows;
use crate::admin::rte::RichText;
use crate::admin::shell::use_admin;
use crate::admin::ui::{FieldErr, Note, NoteLine, checked, confirm, split_list, tr, val};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use yass_shared_types::content::{PageInput, PageVisibility};
use yass_shared_types::html::SanitizedHtml;
use yass_shared_types::users::Group;

#[component]
pub fn PagesList() -> impl IntoView {
    let s = use_session();
    let ctx = use_admin();
    let list = LocalResource::new(move || async move { endpoints::pages::list_managed(&s).await });
    let base = ctx.base.clone();
    let new_href = ctx.href("/pages/new");
    view! {
        <section class="adm-section" data-screen="pages">
            <h1>{move || tr("頁面", "Pages")}</h1>
            {s.is_admin().then(|| view! {
                <p><a class="btn primary" href=new_href.clone() data-action="new-page">{move || tr("＋ 新增頁面", "+ New page")}</a></p>
            })}
            {move || match list.get() {
                None => view! { <p class="loading" role="status">{tr("載入中…", "Loading…")}</p> }.into_any(),
                Some(Err(f)) => view! { <p class="adm-note err" role="alert">{f.message()}</p> }.into_any(),
                Some(Ok(p)) => {
                    let base = base.clone();
                    view! {
                        <table class="adm-table" data-list="pages">
                            <thead><tr>
                                <th scope="col">{tr("標題", "Title")}</th>
                                <th scope="col">{tr("閱讀限制", "Readers")}</th>
                                <th scope="col">{tr("更新時間", "Updated")}</th>
                                <th scope="col">{tr("動作", "Actions")}</th>
                            </tr></thead>
                            <tbody>
                                {p.items.into_iter().map(|pg| view! {
                                    <tr data-page=pg.title.clone()>
                                        <td>{pg.title.clone()}</td>
                                        <td>{visibility_label(pg.visibility)}</td>
                                        <td>{crate::time::date_time(&pg.updated_at)}</td>
                                        <td><a class="btn small" href=format!("{base}/pages/{}", pg.id)>{tr("編輯", "Edit")}</a></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }
            }}
        </section>
    }
}

fn visibility_label(v: PageVisibility) -> &'static str {
    match v {
        PageVisibility::Public => tr("公開", "Public"),
        PageVisibility::Restricted => tr("限定群組", "Restricted"),
    }
}

#[component]
pub fn PageEditor(id: Option<i64>) -> impl IntoView {
    let s = use_session();
    let ctx = use_admin();
    let navigate = use_navigate();
    let title = RwSignal::new(String::new());
    let loaded_body = RwSignal::new(SanitizedHtml::default());
    let body = RwSignal::new(String::new());
    let tags = RwSignal::new(String::new());
    let edit_groups = RwSignal::new(Vec::<i64>::new());
    let read_groups = RwSignal::new(Vec::<i64>::new());
    let visibility = RwSignal::new(PageVisibility::Public);
    let groups = RwSignal::new(Vec::<Group>::new());
    let loaded = RwSignal::new(id.is_none());
    let note = RwSignal::new(Note::None);
    let fail = RwSignal::new(None::<Fail>);
    let admin = s.is_admin();
    // Loads the page into the form (again after a version is restored).
    let load = move |id: i64| {
        spawn_local(async move {
            match endpoints::pages::get(&s, id).await {
                Ok(p) => {
                    title.set(p.title);
                    body.set(p.body.as_str().to_string());
                    loaded_body.set(p.body);
                    tags.set(p.tags.join(", "));
                    edit_groups.set(p.edit_group_ids);
                    read_groups.set(p.read_group_ids);
                    visibility.set(p.visibility);
                    loaded.set(true);
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    };
    spawn_local(async move {
        if admin {
            if let Ok(g) = endpoints::groups::list(&s).await {
                groups.set(g);
            }
        } else if let Some(m) = s.me.get_untracked() {
            groups.set(m.groups.clone());
        }
        if let Some(id) = id {
            load(id);
        }
    });
    let base = ctx.base.clone();
    let nav2 = navigate.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = PageInput {
            title: title.get_untracked().trim().to_string(),
            body: body.get_untracked(),
            tags: split_list(&tags.get_untracked()),
            // Only site admins may change who edits or reads a page.
            edit_group_ids: admin.then(|| edit_groups.get_untracked()),
            // A public page has no read groups; a restricted one keeps the
            // checked ones (none = site admins only).
            read_group_ids: admin.then(|| match visibility.get_untracked() {
                PageVisibility::Public => vec![],
                PageVisibility::Restricted => read_groups.get_untracked(),
            }),
            visibility: admin.then(|| visibility.get_untracked()),
        };
        note.set(Note::Busy(tr("儲存中…", "Saving…").into()));
        let base = base.clone();
        let navigate = nav2.clone();
        spawn_local(async move {
            let r = match id {
                None => endpoints::pages::create(&s, &input).await,
                Some(id) => endpoints::pages::update(&s, id, &input).await,
            };
            match r {
                Ok(p) => {
                    fail.set(None);
                    note.set(Note::Ok(tr("已儲存。", "Saved.").into()));
                    if id.is_none() {
                        navigate(
                            &format!("{base}/pages/{}", p.id),
                            NavigateOptions::default(),
                        );
                    }
                }
                Err(f) => {
                    note.set(Note::Err(f.message()));
                    fail.set(Some(f));
                }
            }
        });
    };
    let base = ctx.base.clone();
    let remove = move |_| {
        let Some(id) = id else { return };
        if !confirm(tr(
            "確定要刪除這個頁面嗎？它會移到垃圾桶，期限內可以還原。",
            "Delete this page? It goes to the trash and can be restored for a while.",
        )) {
            return;
        }
        let base = base.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            match endpoints::pages::delete(&s, id).await {
                Ok(()) => navigate(&format!("{base}/pages"), NavigateOptions::default()),
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    };
    let err = move |k: &'static str| {
        Signal::derive(move || fail.with(|f| f.as_ref().and_then(|f| f.field(k))))
    };
    let checks = move |sel: RwSignal<Vec<i64>>, prefix: &'static str| {
        move || {
            group_rows(&groups.get())
                .into_iter()
                .map(|(g, depth)| {
                    let gid = g.id;
                    view! {
                        <label class="check" style=format!("margin-left: {}rem", depth as f32 * 1.25)>
                            <input type="checkbox" data-group=format!("{prefix}{}", g.name) prop:checked=move || sel.with(|v| v.contains(&gid)) on:change=move |ev| {
                                let on = checked(&ev);
                                sel.update(|v| { v.retain(|x| *x != gid); if on { v.push(gid); } });
                            } />
                            {g.name.clone()}
                        </label>
                    }
                })
                .collect_view()
        }
    };
    let list_href = ctx.href("/pages");
    view! {
        <section class="adm-section" data-screen="page-edit">
            <p><a href=list_href>{move || tr("← 回頁面列表", "← Back to pages")}</a></p>
            <h1>{move || if id.is_some() { tr("編輯頁面", "Edit page") } else { tr("新增頁面", "New page") }}</h1>
            <Show when=move || loaded.get()>
                <form class="adm-form" on:submit=save.clone() data-form="page">
                    <label for="page-title">{move || tr("標題", "Title")}</label>
                    <input id="page-title" aria-describedby="page-title-err" prop:value=move || title.get() on:input=move |ev| title.set(val(&ev)) />
                    <FieldErr id="page-title-err" msg=err("title") />
                    <span class="label">{move || tr("內容", "Body")}</span>
                    <RichText initial=loaded_body html=body label="內容 Body" described_by="page-body-err" />
                    <FieldErr id="page-body-err" msg=err("body") />
                    <label for="page-tags">{move || tr("標籤（以逗號分隔）", "Tags (comma-separated)")}</label>
                    <input id="page-tags" prop:value=move || tags.get() on:input=move |ev| tags.set(val(&ev)) />
                    {admin.then(|| view! {
                        <fieldset>
                            <legend>{move || tr("可編輯的群組", "Groups that may edit")}</legend>
                            {checks(edit_groups, "edit:")}
                            <FieldErr id="page-edit-err" msg=err("edit_group_ids") />
                        </fieldset>
                        <fieldset>
                            <legend>{move || tr("誰可以閱讀", "Who may read")}</legend>
                            <label class="check"><input type="radio" name="page-visibility" data-visibility="public" prop:checked=move || visibility.get() == PageVisibility::Public on:change=move |_| visibility.set(PageVisibility::Public) />{move || visibility_label(PageVisibility::Public)}</label>
                            <label class="check"><input type="radio" name="page-visibility" data-visibility="restricted" prop:checked=move || visibility.get() == PageVisibility::Restricted on:change=move |_| visibility.set(PageVisibility::Restricted) />{move || visibility_label(PageVisibility::Restricted)}</label>
                            <FieldErr id="page-visibility-err" msg=err("visibility") />
                        </fieldset>
                        <Show when=move || visibility.get() == PageVisibility::Restricted>
                            <fieldset>
                                <legend>{move || tr("可閱讀的群組（都不勾選時僅網站管理者可讀）", "Groups that may read (none checked = site admins only)")}</legend>
                                {checks(read_groups, "read:")}
                                <FieldErr id="page-read-err" msg=err("read_group_ids") />
                            </fieldset>
                        </Show>
                    })}
                    <div class="form-actions">
                        <button type="submit" class="btn primary">{move || tr("儲存", "Save")}</button>
                        {(id.is_some() && admin).then(|| view! {
                            <button type="button" class="btn danger" on:click=remove.clone()>{move || tr("刪除頁面", "Delete page")}</button>
                        })}
                    </div>
                    <NoteLine note=note />
                </form>
                {id.map(|pid| view! { <History item=Item::Page(pid) on_restored=Callback::new(move |()| load(pid)) /> })}
            </Show>
            {move || (!loaded.get()).then(|| view! { <NoteLine note=note /> })}
        </section>
    }
}
