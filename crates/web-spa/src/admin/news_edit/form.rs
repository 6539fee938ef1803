//! The news form: title, rich-text body, category, owning group, tags,
//! display date, draft, the visible and pin windows, Save and Delete.

use super::editor::Editor;
use crate::admin::rte::RichText;
use crate::admin::ui::{FieldErr, NoteLine, checked, tr, val};
use leptos::prelude::*;

/// One text-like input whose errors are described by `{id_}-err`.
fn text_input(id_: &'static str, sig: RwSignal<String>, kind: &'static str) -> impl IntoView {
    view! {
        <input
            id=id_
            type=kind
            aria-describedby=format!("{id_}-err")
            prop:value=move || sig.get()
            on:input=move |ev| sig.set(val(&ev))
        />
    }
}

/// The form (Delete only for a stored item).
pub(super) fn news_form(
    ed: Editor,
    save: impl Fn(leptos::ev::SubmitEvent) + 'static,
    remove: impl Fn(leptos::ev::MouseEvent) + Clone + 'static,
) -> impl IntoView {
    let Editor {
        id,
        fields: form,
        categories,
        groups,
        note,
        saving,
        ..
    } = ed;
    let err = move |key: &'static str| ed.err(key);
    view! {
        <form class="adm-form" on:submit=save novalidate data-form="news">
            <label for="news-title">{move || tr("標題（必填）", "Title (required)")}</label>
            {text_input("news-title", form.title, "text")}
            <FieldErr id="news-title-err" msg=err("title") />
            <span class="label" id="news-body-label">{move || tr("內容", "Body")}</span>
            <RichText initial=form.loaded_body html=form.body label="內容 Body" described_by="news-body-err" />
            <FieldErr id="news-body-err" msg=err("body") />
            <div class="grid2">
                <div>
                    <label for="news-category">{move || tr("分類", "Category")}</label>
                    <select
                        id="news-category"
                        aria-describedby="news-category-err"
                        on:change=move |ev| form.category.set(val(&ev))
                        prop:value=move || form.category.get()
                    >
                        <option value="">{move || tr("（不分類）", "(none)")}</option>
                        {move || {
                            categories
                                .get()
                                .into_iter()
                                .map(|c| {
                                    let v = c.id.to_string();
                                    let sel = form.category.get_untracked() == v;
                                    view! { <option value=v selected=sel>{c.name}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                    <FieldErr id="news-category-err" msg=err("category_id") />
                </div>
                <div>
                    <label for="news-group">{move || tr("發布單位", "Owning group")}</label>
                    <select
                        id="news-group"
                        aria-describedby="news-group-err"
                        on:change=move |ev| form.group.set(val(&ev))
                        prop:value=move || form.group.get()
                    >
                        {move || {
                            groups
                                .get()
                                .into_iter()
                                .map(|(gid, name)| {
                                    let v = gid.to_string();
                                    let sel = form.group.get_untracked() == v;
                                    view! { <option value=v selected=sel>{name}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                    <FieldErr id="news-group-err" msg=err("group_id") />
                </div>
                <div>
                    <label for="news-tags">{move || tr("標籤（以逗號分隔）", "Tags (comma-separated)")}</label>
                    {text_input("news-tags", form.tags, "text")}
                    <FieldErr id="news-tags-err" msg=err("tags") />
                </div>
                <div>
                    <label for="news-display">{move || tr("發布日期（臺北時間，可留空）", "Display date (Taipei time, optional)")}</label>
                    {text_input("news-display", form.display_at, "datetime-local")}
                    <FieldErr id="news-display-err" msg=err("display_at") />
                </div>
            </div>
            <label class="check">
                <input
                    type="checkbox"
                    id="news-draft"
                    prop:checked=move || form.draft.get()
                    on:change=move |ev| form.draft.set(checked(&ev))
                />
                {move || tr("草稿（不公開）", "Draft (not published)")}
            </label>
            <fieldset>
                <legend>{move || tr("公告期間（臺北時間，留空表示不限）", "Visible (Taipei time; empty = open)")}</legend>
                <div class="grid2">
                    <div>
                        <label for="news-vfrom">{move || tr("開始", "From")}</label>
                        {text_input("news-vfrom", form.visible_from, "datetime-local")}
                        <FieldErr id="news-vfrom-err" msg=err("visible_from") />
                    </div>
                    <div>
                        <label for="news-vuntil">{move || tr("結束", "Until")}</label>
                        {text_input("news-vuntil", form.visible_until, "datetime-local")}
                        <FieldErr id="news-vuntil-err" msg=err("visible_until") />
                    </div>
                </div>
            </fieldset>
            <fieldset>
                <legend>{move || tr("置頂", "Pinning")}</legend>
                <label class="check">
                    <input
                        type="checkbox"
                        id="news-pinned"
                        prop:checked=move || form.pinned.get()
                        on:change=move |ev| form.pinned.set(checked(&ev))
                    />
                    {move || tr("置頂這則消息", "Pin this item")}
                </label>
                <div class="grid2">
                    <div>
                        <label for="news-pfrom">{move || tr("置頂開始", "Pinned from")}</label>
                        {text_input("news-pfrom", form.pinned_from, "datetime-local")}
                        <FieldErr id="news-pfrom-err" msg=err("pinned_from") />
                    </div>
                    <div>
                        <label for="news-puntil">{move || tr("置頂結束", "Pinned until")}</label>
                        {text_input("news-puntil", form.pinned_until, "datetime-local")}
                        <FieldErr id="news-puntil-err" msg=err("pinned_until") />
                    </div>
                </div>
            </fieldset>
            <div class="form-actions">
                <button type="submit" class="btn primary" disabled=move || saving.get()>
                    {move || tr("儲存", "Save")}
                </button>
                {id.map(|_| view! {
                    <button type="button" class="btn danger" on:click=remove.clone()>
                        {move || tr("刪除消息", "Delete")}
                    </button>
                })}
            </div>
            <NoteLine note=note />
        </form>
    }
}
