//! The form that adds or edits one menu item: its fields as signals (kept
//! between attempts) and the form itself, whose fields follow the chosen
//! target type.

use super::editor::Editor;
use crate::admin::ui::{FieldErr, checked, tr, val};
use leptos::prelude::*;
use yass_shared_types::content::{NavItem, NavModule, NavTarget};

/// The add/edit form's state.
#[derive(Clone, Copy)]
pub(super) struct ItemForm {
    pub editing: RwSignal<Option<i64>>,
    pub parent: RwSignal<String>,
    pub name: RwSignal<String>,
    pub accessible: RwSignal<String>,
    pub kind: RwSignal<String>,
    pub url: RwSignal<String>,
    pub new_tab: RwSignal<bool>,
    pub page: RwSignal<String>,
    pub category: RwSignal<String>,
    pub module: RwSignal<String>,
    pub visible: RwSignal<bool>,
}

impl ItemForm {
    pub fn new() -> Self {
        ItemForm {
            editing: RwSignal::new(None),
            parent: RwSignal::new(String::new()),
            name: RwSignal::new(String::new()),
            accessible: RwSignal::new(String::new()),
            kind: RwSignal::new("link".into()),
            url: RwSignal::new("https://".into()),
            new_tab: RwSignal::new(false),
            page: RwSignal::new(String::new()),
            category: RwSignal::new(String::new()),
            module: RwSignal::new("links".into()),
            visible: RwSignal::new(true),
        }
    }

    pub fn reset(&self, parent: Option<i64>) {
        self.editing.set(None);
        self.parent
            .set(parent.map(|p| p.to_string()).unwrap_or_default());
        self.name.set(String::new());
        self.accessible.set(String::new());
        self.kind.set("link".into());
        self.url.set("https://".into());
        self.new_tab.set(false);
        self.visible.set(true);
    }

    pub fn load(&self, it: &NavItem) {
        self.editing.set(Some(it.id));
        self.name.set(it.name.clone());
        self.accessible
            .set(it.accessible_name.clone().unwrap_or_default());
        self.visible.set(it.visible);
        match &it.target {
            NavTarget::Submenu => self.kind.set("submenu".into()),
            NavTarget::Link { url, new_tab } => {
                self.kind.set("link".into());
                self.url.set(url.clone());
                self.new_tab.set(*new_tab);
            }
            NavTarget::Page { page_id } => {
                self.kind.set("page".into());
                self.page.set(page_id.to_string());
            }
            NavTarget::News { category_id } => {
                self.kind.set("news".into());
                self.category
                    .set(category_id.map(|c| c.to_string()).unwrap_or_default());
            }
            NavTarget::Module { module } => {
                self.kind.set("module".into());
                self.module.set(
                    match module {
                        NavModule::Extensions => "extensions",
                        NavModule::Links => "links",
                        NavModule::Calendar => "calendar",
                    }
                    .into(),
                );
            }
            NavTarget::Divider => self.kind.set("divider".into()),
        }
    }

    pub fn target(&self) -> NavTarget {
        match self.kind.get_untracked().as_str() {
            "submenu" => NavTarget::Submenu,
            "page" => NavTarget::Page {
                page_id: self.page.get_untracked().parse().unwrap_or(0),
            },
            "news" => NavTarget::News {
                category_id: self.category.get_untracked().parse().ok(),
            },
            "module" => NavTarget::Module {
                module: match self.module.get_untracked().as_str() {
                    "extensions" => NavModule::Extensions,
                    "calendar" => NavModule::Calendar,
                    _ => NavModule::Links,
                },
            },
            "divider" => NavTarget::Divider,
            _ => NavTarget::Link {
                url: self.url.get_untracked().trim().to_string(),
                new_tab: self.new_tab.get_untracked(),
            },
        }
    }
}

/// The add/edit form (shown while `form_open`).
pub(super) fn item_form(ed: Editor) -> impl IntoView {
    let Editor {
        form,
        form_open,
        fail,
        rows,
        pages,
        categories,
        ..
    } = ed;
    let err = move |k: &'static str| ed.field_err(k);
    view! {
        <form class="adm-form narrow adm-section" on:submit=move |ev| ed.submit(ev) data-form="nav">
            <h2>
                {move || if form.editing.get().is_some() { tr("編輯選單項目", "Edit menu item") } else { tr("新增選單項目", "New menu item") }}
            </h2>
            {move || {
                form.editing
                    .get()
                    .is_none()
                    .then(|| {
                        view! {
                            <label for="nav-parent">{tr("放在", "Place under")}</label>
                            <select id="nav-parent" on:change=move |ev| form.parent.set(val(&ev))>
                                <option value="" selected=form.parent.get_untracked().is_empty()>{tr("（最上層）", "(top level)")}</option>
                                {rows
                                    .get_untracked()
                                    .into_iter()
                                    .filter(|r| matches!(r.item.target, NavTarget::Submenu))
                                    .map(|r| {
                                        let v = r.item.id.to_string();
                                        let sel = form.parent.get_untracked() == v;
                                        view! { <option value=v selected=sel>{r.item.name}</option> }
                                    })
                                    .collect_view()}
                            </select>
                        }
                    })
            }}
            <label for="nav-name">{move || tr("名稱", "Name")}</label>
            <input id="nav-name" aria-describedby="nav-name-err" prop:value=move || form.name.get() on:input=move |ev| form.name.set(val(&ev)) />
            <FieldErr id="nav-name-err" msg=err("name") />
            <label for="nav-kind">{move || tr("類型", "Type")}</label>
            <select id="nav-kind" prop:value=move || form.kind.get() on:change=move |ev| form.kind.set(val(&ev))>
                <option value="link">{move || tr("連結", "Link")}</option>
                <option value="submenu">{move || tr("子選單", "Submenu")}</option>
                <option value="page">{move || tr("頁面", "Page")}</option>
                <option value="news">{move || tr("最新消息", "News")}</option>
                <option value="module">{move || tr("內建功能", "Built-in module")}</option>
                <option value="divider">{move || tr("分隔線", "Divider")}</option>
            </select>
            {move || match form.kind.get().as_str() {
                "link" => view! {
                    <label for="nav-url">{tr("網址", "Address")}</label>
                    <input id="nav-url" aria-describedby="nav-url-err" prop:value=move || form.url.get() on:input=move |ev| form.url.set(val(&ev)) />
                    <FieldErr id="nav-url-err" msg=Signal::derive(move || fail.with(|f| f.as_ref().and_then(|f| f.field("target.url").or_else(|| f.field("url")).or_else(|| f.field("target"))))) />
                    <label class="check">
                        <input type="checkbox" prop:checked=move || form.new_tab.get() on:change=move |ev| form.new_tab.set(checked(&ev)) />
                        {tr("另開新視窗", "Open in a new window")}
                    </label>
                }
                .into_any(),
                "page" => view! {
                    <label for="nav-page">{tr("頁面", "Page")}</label>
                    <select id="nav-page" on:change=move |ev| form.page.set(val(&ev))>
                        <option value="">{tr("（請選擇）", "(choose)")}</option>
                        {pages
                            .get()
                            .into_iter()
                            .map(|p| {
                                let v = p.id.to_string();
                                let sel = form.page.get_untracked() == v;
                                view! { <option value=v selected=sel>{p.title}</option> }
                            })
                            .collect_view()}
                    </select>
                }
                .into_any(),
                "news" => view! {
                    <label for="nav-cat">{tr("分類", "Category")}</label>
                    <select id="nav-cat" on:change=move |ev| form.category.set(val(&ev))>
                        <option value="">{tr("全部消息", "All news")}</option>
                        {categories
                            .get()
                            .into_iter()
                            .map(|c| {
                                let v = c.id.to_string();
                                let sel = form.category.get_untracked() == v;
                                view! { <option value=v selected=sel>{c.name}</option> }
                            })
                            .collect_view()}
                    </select>
                }
                .into_any(),
                "module" => view! {
                    <label for="nav-module">{tr("功能", "Module")}</label>
                    <select id="nav-module" prop:value=move || form.module.get() on:change=move |ev| form.module.set(val(&ev))>
                        <option value="links">{tr("網站連結", "Links")}</option>
                        <option value="extensions">{tr("分機表", "Extensions")}</option>
                        <option value="calendar">{tr("行事曆", "Calendar")}</option>
                    </select>
                }
                .into_any(),
                _ => ().into_any(),
            }}
            <label for="nav-acc">{move || tr("無障礙名稱（選填，給螢幕報讀軟體）", "Accessible name (optional, for screen readers)")}</label>
            <input id="nav-acc" prop:value=move || form.accessible.get() on:input=move |ev| form.accessible.set(val(&ev)) />
            <label class="check">
                <input type="checkbox" id="nav-visible" prop:checked=move || form.visible.get() on:change=move |ev| form.visible.set(checked(&ev)) />
                {move || tr("顯示在網站上", "Shown on the site")}
            </label>
            {move || fail.get().filter(|f| f.code() != Some("validation_failed")).map(|f| view! { <p class="adm-note err" role="alert">{f.message()}</p> })}
            <div class="form-actions">
                <button type="submit" class="btn primary">{move || tr("儲存", "Save")}</button>
                <button type="button" class="btn link" on:click=move |_| form_open.set(false)>
                    {move || tr("取消", "Cancel")}
                </button>
            </div>
        </form>
    }
}
