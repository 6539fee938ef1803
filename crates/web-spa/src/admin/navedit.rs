//! The navigation editor: the whole tree (hidden items too), add and edit
//! items, reorder and move with keyboard buttons (↑ ↓ → ←) or drag and
//! drop, delete asking what happens to sub-items.

use crate::admin::api::{Fail, use_session};
use crate::admin::endpoints;
use crate::admin::endpoints::nav::Children;
use crate::admin::ui::{FieldErr, Note, NoteLine, checked, confirm, tr, val};
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::content::{
    Category, NavItem, NavItemInput, NavItemPatch, NavModule, NavMove, NavTarget, PageSummary,
};

/// One row of the flattened tree, with what the move buttons need.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub item: NavItem,
    pub depth: usize,
    pub parent: Option<i64>,
    /// Index among its siblings.
    pub index: usize,
    pub siblings: usize,
    /// The sibling just above (the new parent when indenting).
    pub prev: Option<i64>,
    /// Where the parent sits among its own siblings (for outdenting).
    pub parent_pos: Option<(Option<i64>, usize)>,
}

pub fn flatten(items: &[NavItem]) -> Vec<Row> {
    fn walk(
        items: &[NavItem],
        depth: usize,
        parent: Option<i64>,
        parent_pos: Option<(Option<i64>, usize)>,
        out: &mut Vec<Row>,
    ) {
        for (i, it) in items.iter().enumerate() {
            out.push(Row {
                item: it.clone(),
                depth,
                parent,
                index: i,
                siblings: items.len(),
                prev: i.checked_sub(1).map(|p| items[p].id),
                parent_pos,
            });
            walk(&it.children, depth + 1, Some(it.id), Some((parent, i)), out);
        }
    }
    let mut out = Vec::new();
    walk(items, 0, None, None, &mut out);
    out
}

fn target_label(t: &NavTarget) -> String {
    match t {
        NavTarget::Submenu => tr("子選單", "Submenu").into(),
        NavTarget::Link { url, .. } => format!("{} {url}", tr("連結", "Link")),
        NavTarget::Page { page_id } => format!("{} #{page_id}", tr("頁面", "Page")),
        NavTarget::News { .. } => tr("最新消息", "News").into(),
        NavTarget::Module { module } => match module {
            NavModule::Extensions => tr("分機表", "Extensions").into(),
            NavModule::Links => tr("網站連結", "Links").into(),
            NavModule::Calendar => tr("行事曆", "Calendar").into(),
        },
        NavTarget::Divider => tr("分隔線", "Divider").into(),
    }
}

fn focus_dyn(id: String) {
    request_animation_frame(move || {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
        {
            use wasm_bindgen::JsCast;
            if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        }
    });
}

/// The add/edit form's state.
#[derive(Clone, Copy)]
struct ItemForm {
    editing: RwSignal<Option<i64>>,
    parent: RwSignal<String>,
    name: RwSignal<String>,
    accessible: RwSignal<String>,
    kind: RwSignal<String>,
    url: RwSignal<String>,
    new_tab: RwSignal<bool>,
    page: RwSignal<String>,
    category: RwSignal<String>,
    module: RwSignal<String>,
    visible: RwSignal<bool>,
}

impl ItemForm {
    fn new() -> Self {
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

    fn reset(&self, parent: Option<i64>) {
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

    fn load(&self, it: &NavItem) {
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

    fn target(&self) -> NavTarget {
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

#[component]
pub fn NavEditor() -> impl IntoView {
    let s = use_session();
    let tree = RwSignal::new(Vec::<NavItem>::new());
    let loaded = RwSignal::new(false);
    let note = RwSignal::new(Note::None);
    let fail = RwSignal::new(None::<Fail>);
    let form = ItemForm::new();
    let form_open = RwSignal::new(false);
    let deleting = RwSignal::new(None::<NavItem>);
    let dragging = StoredValue::new(None::<i64>);
    let drop_over = RwSignal::new(None::<i64>);
    let pages = RwSignal::new(Vec::<PageSummary>::new());
    let categories = RwSignal::new(Vec::<Category>::new());

    let reload = move || {
        spawn_local(async move {
            match endpoints::nav::tree(&s).await {
                Ok(t) => {
                    tree.set(t);
                    loaded.set(true);
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        })
    };
    reload();
    spawn_local(async move {
        if let Ok(p) = endpoints::pages::list_managed(&s).await {
            pages.set(p.items);
        }
        if let Ok(c) = endpoints::news_categories::list(&s).await {
            categories.set(c);
        }
    });

    // Moves an item and keeps keyboard focus on the same control.
    let do_move = move |id: i64, parent: Option<i64>, position: usize, focus: String| {
        note.set(Note::Busy(tr("移動中…", "Moving…").into()));
        spawn_local(async move {
            let body = NavMove {
                parent_id: parent,
                position: position as u32,
            };
            match endpoints::nav::move_item(&s, id, &body).await {
                Ok(t) => {
                    tree.set(t);
                    note.set(Note::Ok(tr("已移動。", "Moved.").into()));
                    focus_dyn(focus);
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    };

    let rows = Memo::new(move |_| flatten(&tree.get()));

    let open_add = move |parent: Option<i64>| {
        form.reset(parent);
        fail.set(None);
        form_open.set(true);
        crate::admin::ui::focus_later("nav-name");
    };
    let open_edit = move |it: NavItem| {
        form.load(&it);
        fail.set(None);
        form_open.set(true);
        crate::admin::ui::focus_later("nav-name");
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        note.set(Note::Busy(tr("儲存中…", "Saving…").into()));
        let accessible = form.accessible.get_untracked().trim().to_string();
        spawn_local(async move {
            let r = match form.editing.get_untracked() {
                None => {
                    let body = NavItemInput {
                        name: form.name.get_untracked().trim().to_string(),
                        accessible_name: (!accessible.is_empty()).then_some(accessible),
                        target: form.target(),
                        parent_id: form.parent.get_untracked().parse().ok(),
                        order: None,
                        visible: form.visible.get_untracked(),
                    };
                    endpoints::nav::create(&s, &body).await
                }
                Some(id) => {
                    let body = NavItemPatch {
                        name: Some(form.name.get_untracked().trim().to_string()),
                        accessible_name: if accessible.is_empty() {
                            yass_shared_types::Patch::Clear
                        } else {
                            yass_shared_types::Patch::Set(accessible)
                        },
                        target: Some(form.target()),
                        visible: Some(form.visible.get_untracked()),
                    };
                    endpoints::nav::update(&s, id, &body).await
                }
            };
            match r {
                Ok(_) => {
                    fail.set(None);
                    form_open.set(false);
                    note.set(Note::Ok(tr("已儲存。", "Saved.").into()));
                    reload();
                }
                Err(f) => {
                    note.set(Note::Err(f.message()));
                    fail.set(Some(f));
                }
            }
        });
    };

    let remove = move |it: NavItem| {
        if it.children.is_empty() {
            if !confirm(&format!(
                "{}「{}」？",
                tr("確定要刪除選單項目", "Delete the menu item"),
                it.name
            )) {
                return;
            }
            spawn_local(async move {
                match endpoints::nav::delete(&s, it.id).await {
                    Ok(()) => {
                        note.set(Note::Ok(tr("已刪除。", "Deleted.").into()));
                        reload();
                    }
                    Err(f) => note.set(Note::Err(f.message())),
                }
            });
        } else {
            deleting.set(Some(it));
            crate::admin::ui::focus_later("nav-del-title");
        }
    };
    let remove_with = move |children: Children| {
        let Some(it) = deleting.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match endpoints::nav::delete_with(&s, it.id, children).await {
                Ok(()) => {
                    deleting.set(None);
                    note.set(Note::Ok(tr("已刪除。", "Deleted.").into()));
                    reload();
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    };

    let err = move |k: &'static str| {
        Signal::derive(move || fail.with(|f| f.as_ref().and_then(|f| f.field(k))))
    };

    let row_view = move |r: Row| {
        let id = r.item.id;
        let it = r.item.clone();
        let it2 = r.item.clone();
        let name = r.item.name.clone();
        let name_for_labels = name.clone();
        let lab = move |zh: &'static str, en: &'static str| {
            format!("{}：{}", tr(zh, en), name_for_labels)
        };
        let (parent, index, siblings, prev, parent_pos) =
            (r.parent, r.index, r.siblings, r.prev, r.parent_pos);
        let is_submenu = matches!(r.item.target, NavTarget::Submenu);
        let hidden = !r.item.visible;
        let target = target_label(&r.item.target);
        let pad = format!("margin-left: {}rem", r.depth as f32 * 1.75);
        view! {
            <li
                class="tree-row"
                class:drop-target=move || drop_over.get() == Some(id)
                style=pad
                draggable="true"
                data-nav-id=id
                data-nav-name=name.clone()
                data-depth=r.depth
                on:dragstart=move |ev: leptos::ev::DragEvent| {
                    dragging.set_value(Some(id));
                    if let Some(dt) = ev.data_transfer() {
                        let _ = dt.set_data("text/plain", &id.to_string());
                        dt.set_effect_allowed("move");
                    }
                }
                on:dragover=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    drop_over.set(Some(id));
                }
                on:dragleave=move |_| drop_over.set(None)
                on:drop=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    drop_over.set(None);
                    let Some(src) = dragging.get_value() else { return };
                    dragging.set_value(None);
                    if src == id {
                        return;
                    }
                    // Dropped on a row: take that row's place among its siblings.
                    let rows_now = rows.get_untracked();
                    let src_row = rows_now.iter().find(|x| x.item.id == src);
                    let pos = match src_row {
                        Some(sr) if sr.parent == parent && sr.index < index => index - 1,
                        _ => index,
                    };
                    do_move(src, parent, pos, format!("nav-{src}-edit"));
                }
            >
                // Name over target, buttons kept together: on a tablet the
                // row stays one line instead of wrapping buttons under the name.
                <span class="label">
                    <span class="name">
                        {name.clone()}
                        {hidden.then(|| view! { <span class="hidden-item">{move || tr("（隱藏）", " (hidden)")}</span> })}
                    </span>
                    <span class="muted">{target}</span>
                </span>
                <span class="row-actions">
                <button
                    type="button"
                    class="btn small"
                    id=format!("nav-{id}-up")
                    aria-label=lab("上移", "Move up")
                    disabled=index == 0
                    on:click=move |_| do_move(id, parent, index - 1, format!("nav-{id}-up"))
                >
                    "↑"
                </button>
                <button
                    type="button"
                    class="btn small"
                    id=format!("nav-{id}-down")
                    aria-label=lab("下移", "Move down")
                    disabled={ index + 1 >= siblings }
                    on:click=move |_| do_move(id, parent, index + 1, format!("nav-{id}-down"))
                >
                    "↓"
                </button>
                <button
                    type="button"
                    class="btn small"
                    id=format!("nav-{id}-in")
                    aria-label=lab("移入上一項的子選單", "Indent under the item above")
                    disabled=prev.is_none()
                    on:click=move |_| {
                        if let Some(p) = prev {
                            do_move(id, Some(p), usize::MAX >> 1, format!("nav-{id}-in"))
                        }
                    }
                >
                    "→"
                </button>
                <button
                    type="button"
                    class="btn small"
                    id=format!("nav-{id}-out")
                    aria-label=lab("移出到上一層", "Outdent one level")
                    disabled=parent.is_none()
                    on:click=move |_| {
                        if let Some((gp, ppos)) = parent_pos {
                            do_move(id, gp, ppos + 1, format!("nav-{id}-out"))
                        }
                    }
                >
                    "←"
                </button>
                <button type="button" class="btn small" id=format!("nav-{id}-edit") on:click=move |_| open_edit(it.clone())>
                    {move || tr("編輯", "Edit")}
                </button>
                {is_submenu
                    .then(|| {
                        view! {
                            <button type="button" class="btn small" data-action="add-child" on:click=move |_| open_add(Some(id))>
                                {move || tr("＋子項目", "+ Sub-item")}
                            </button>
                        }
                    })}
                <button type="button" class="btn small" data-action="delete" on:click=move |_| remove(it2.clone())>
                    {move || tr("刪除", "Delete")}
                </button>
                </span>
            </li>
        }
    };

    view! {
        <section class="adm-section" data-screen="nav">
            <h1>{move || tr("選單管理", "Navigation")}</h1>
            <p class="muted">
                {move || {
                    tr(
                        "可用 ↑ ↓ 調整順序，→ 移入上一項的子選單，← 移出一層；也可以用滑鼠拖曳項目到另一項的位置。",
                        "Use ↑ ↓ to reorder, → to indent under the item above, ← to outdent; or drag an item onto another's place.",
                    )
                }}
            </p>
            <p>
                <button type="button" class="btn primary" data-action="add-top" on:click=move |_| open_add(None)>
                    {move || tr("＋ 新增最上層項目", "+ Add a top-level item")}
                </button>
            </p>
            <NoteLine note=note />
            {move || {
                deleting
                    .get()
                    .map(|it| {
                        view! {
                            <div class="adm-note warn" role="group" aria-labelledby="nav-del-title" data-delete-choice>
                                <p id="nav-del-title" tabindex="-1">
                                    {format!(
                                        "{}「{}」{}",
                                        tr("要刪除的", "The item "),
                                        it.name,
                                        tr("有子項目，子項目要怎麼處理？", " has sub-items. What should happen to them?"),
                                    )}
                                </p>
                                <div class="form-actions">
                                    <button type="button" class="btn" data-choice="lift" on:click=move |_| remove_with(Children::Lift)>
                                        {tr("保留子項目（往上移一層）", "Keep them (move up one level)")}
                                    </button>
                                    <button type="button" class="btn danger" data-choice="delete" on:click=move |_| remove_with(Children::Delete)>
                                        {tr("一併刪除子項目", "Delete them too")}
                                    </button>
                                    <button type="button" class="btn link" on:click=move |_| deleting.set(None)>
                                        {tr("取消", "Cancel")}
                                    </button>
                                </div>
                            </div>
                        }
                    })
            }}
            {move || {
                form_open
                    .get()
                    .then(|| {
                        view! {
                            <form class="adm-form narrow adm-section" on:submit=submit data-form="nav">
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
                    })
            }}
            <Show when=move || loaded.get() fallback=|| view! { <p class="loading" role="status">"…"</p> }>
                <ul class="tree" data-tree="nav">
                    // Re-rendered whole after each change (trees are small);
                    // the moved item's button gets focus back.
                    {move || rows.get().into_iter().map(row_view).collect_view()}
                </ul>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: i64, children: Vec<NavItem>) -> NavItem {
        NavItem {
            id,
            name: format!("n{id}"),
            accessible_name: None,
            target: NavTarget::Submenu,
            order: 0,
            visible: true,
            children,
        }
    }

    #[test]
    fn flatten_keeps_positions() {
        let t = vec![
            item(1, vec![item(2, vec![]), item(3, vec![])]),
            item(4, vec![]),
        ];
        let f = flatten(&t);
        let ids: Vec<i64> = f.iter().map(|r| r.item.id).collect();
        assert_eq!(ids, vec![1, 2, 3, 4]);
        assert_eq!(f[2].parent, Some(1));
        assert_eq!(f[2].index, 1);
        assert_eq!(f[2].prev, Some(2));
        assert_eq!(f[2].parent_pos, Some((None, 0)));
        assert_eq!(f[3].prev, Some(1));
        assert_eq!(f[1].depth, 1);
    }
}
