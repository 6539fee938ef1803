//! Writing a news item: rich text, category, owning group, tags, the
//! visible and pin windows in Asia/Taipei time, attachments with progress.
//! A failed save keeps everything on the screen, with the API's messages
//! next to the fields.

use crate::admin::api::{Fail, use_session};
use crate::admin::dt::{from_local_input, opt_to_local_input};
use crate::admin::endpoints;
use crate::admin::rte::RichText;
use crate::admin::shell::use_admin;
use crate::admin::ui::{FieldErr, Note, NoteLine, checked, confirm, split_list, tr, val};
use crate::admin::upload::human_size;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use std::collections::BTreeMap;
use yass_shared_types::content::{Attachment, Category, News, NewsInput};
use yass_shared_types::html::SanitizedHtml;

/// The form, one signal per field, so nothing is lost between attempts.
#[derive(Clone, Copy)]
struct Form {
    title: RwSignal<String>,
    /// The stored body the editor starts from.
    loaded_body: RwSignal<SanitizedHtml>,
    body: RwSignal<String>,
    category: RwSignal<String>,
    group: RwSignal<String>,
    tags: RwSignal<String>,
    draft: RwSignal<bool>,
    display_at: RwSignal<String>,
    visible_from: RwSignal<String>,
    visible_until: RwSignal<String>,
    pinned: RwSignal<bool>,
    pinned_from: RwSignal<String>,
    pinned_until: RwSignal<String>,
}

impl Form {
    fn new() -> Self {
        Form {
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

    fn fill(&self, n: &News) {
        self.title.set(n.title.clone());
        self.loaded_body.set(n.body.clone());
        self.body.set(n.body.as_str().to_string());
        self.category
            .set(n.category_id.map(|c| c.to_string()).unwrap_or_default());
        self.group.set(n.group_id.to_string());
        self.tags.set(n.tags.join(", "));
        self.draft.set(n.draft);
        self.display_at.set(opt_to_local_input(&Some(n.display_at)));
        self.visible_from.set(opt_to_local_input(&n.visible_from));
        self.visible_until.set(opt_to_local_input(&n.visible_until));
        self.pinned.set(n.pinned);
        self.pinned_from.set(opt_to_local_input(&n.pinned_from));
        self.pinned_until.set(opt_to_local_input(&n.pinned_until));
    }

    /// The request body, or the fields whose date could not be read.
    fn input(&self) -> Result<NewsInput, BTreeMap<&'static str, String>> {
        let mut bad = BTreeMap::new();
        let mut when =
            |key: &'static str, s: RwSignal<String>| match from_local_input(&s.get_untracked()) {
                Ok(t) => t,
                Err(()) => {
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

#[component]
pub fn NewsEditor(id: Option<i64>) -> impl IntoView {
    let s = use_session();
    let ctx = use_admin();
    let navigate = use_navigate();
    let form = Form::new();
    let loaded = RwSignal::new(id.is_none());
    let load_fail = RwSignal::new(None::<Fail>);
    let attachments = RwSignal::new(Vec::<Attachment>::new());
    let categories = RwSignal::new(Vec::<Category>::new());
    let groups = RwSignal::new(Vec::<(i64, String)>::new());
    let fail = RwSignal::new(None::<Fail>);
    let local_err = RwSignal::new(BTreeMap::<&'static str, String>::new());
    let note = RwSignal::new(Note::None);
    let saving = RwSignal::new(false);
    let denied = RwSignal::new(false);

    // Categories, the groups this user may publish for, and the item itself.
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
                            .map(|g| g.name.clone())
                            .unwrap_or_else(|| format!("#{gid}"));
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

    let err = move |key: &'static str| {
        Signal::derive(move || {
            local_err
                .with(|m| m.get(key).cloned())
                .or_else(|| fail.with(|f| f.as_ref().and_then(|f| f.field(key))))
        })
    };

    let base = ctx.base.clone();
    let nav_save = navigate.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let input = match form.input() {
            Ok(i) => {
                local_err.set(BTreeMap::new());
                i
            }
            Err(bad) => {
                local_err.set(bad);
                note.set(Note::Err(
                    tr(
                        "有欄位需要修正，請看各欄位下方的說明。",
                        "Some fields need fixing; see the notes below them.",
                    )
                    .into(),
                ));
                return;
            }
        };
        saving.set(true);
        note.set(Note::Busy(tr("儲存中…", "Saving…").into()));
        let base = base.clone();
        let navigate = nav_save.clone();
        spawn_local(async move {
            let r = match id {
                None => endpoints::news::create(&s, &input).await,
                Some(id) => endpoints::news::update(&s, id, &input).await,
            };
            saving.set(false);
            match r {
                Ok(n) => {
                    fail.set(None);
                    note.set(Note::Ok(tr("已儲存。", "Saved.").into()));
                    if id.is_none() {
                        // Attachments need the item's id: continue on its own page.
                        navigate(&format!("{base}/news/{}?saved=1", n.id), Default::default());
                    } else {
                        form.fill(&n);
                        attachments.set(n.attachments);
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
            "確定要刪除這則消息嗎？刪除後無法復原。",
            "Delete this news item? This cannot be undone.",
        )) {
            return;
        }
        let base = base.clone();
        let navigate = navigate.clone();
        note.set(Note::Busy(tr("刪除中…", "Deleting…").into()));
        spawn_local(async move {
            match endpoints::news::delete(&s, id).await {
                Ok(()) => navigate(&format!("{base}/news"), Default::default()),
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    };

    let justsaved = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| q.contains("saved=1"));
    if justsaved {
        note.set(Note::Ok(
            tr(
                "已儲存。現在可以加入附件。",
                "Saved. You can add attachments now.",
            )
            .into(),
        ));
    }

    let list_href = ctx.href("/news");
    let text_input = move |id_: &'static str, sig: RwSignal<String>, kind: &'static str| {
        view! {
            <input
                id=id_
                type=kind
                aria-describedby=format!("{id_}-err")
                prop:value=move || sig.get()
                on:input=move |ev| sig.set(val(&ev))
            />
        }
    };
    view! {
        <section class="adm-section" data-screen="news-edit">
            <p>
                <a href=list_href>{move || tr("← 回消息列表", "← Back to the news list")}</a>
            </p>
            <h1>
                {move || if id.is_some() { tr("編輯消息", "Edit news") } else { tr("新增消息", "New news item") }}
            </h1>
            {move || load_fail.get().map(|f| view! { <p class="adm-note err" role="alert">{f.message()}</p> })}
            {move || {
                denied
                    .get()
                    .then(|| {
                        view! {
                            <p class="adm-note warn" role="alert" data-denied>
                                {tr(
                                    "這則消息屬於其他單位，您沒有編輯權限。",
                                    "This item belongs to another group; you may not edit it.",
                                )}
                            </p>
                        }
                    })
            }}
            <Show when=move || loaded.get() && !denied.get()>
                <form class="adm-form" on:submit=save.clone() novalidate data-form="news">
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
                {id.map(|nid| view! { <Attachments news_id=nid items=attachments /> })}
            </Show>
        </section>
    }
}

/// Files attached to a saved item: upload with a byte-progress bar, delete.
#[component]
fn Attachments(news_id: i64, items: RwSignal<Vec<Attachment>>) -> impl IntoView {
    let s = use_session();
    let input = NodeRef::<html::Input>::new();
    let progress = RwSignal::new(None::<(f64, f64)>);
    let note = RwSignal::new(Note::None);
    let start = move |_| {
        let Some(el) = input.get_untracked() else {
            return;
        };
        let Some(file) = el.files().and_then(|f| f.get(0)) else {
            note.set(Note::Err(
                tr("請先選擇檔案。", "Choose a file first.").into(),
            ));
            return;
        };
        let total = file.size();
        progress.set(Some((0.0, total)));
        note.set(Note::Busy(format!(
            "{} {}",
            tr("上傳中：", "Uploading:"),
            file.name()
        )));
        spawn_local(async move {
            let r = endpoints::news::upload_attachment(&s, news_id, &file, move |l, t| {
                progress.set(Some((l, t)))
            })
            .await;
            progress.set(None);
            match r {
                Ok(a) => {
                    note.set(Note::Ok(format!(
                        "{} {}",
                        tr("已上傳：", "Uploaded:"),
                        a.file_name
                    )));
                    items.update(|v| v.push(a));
                    if let Some(el) = input.get_untracked() {
                        el.set_value("");
                    }
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    };
    let remove = move |a: Attachment| {
        if !confirm(&format!(
            "{} {}",
            tr("確定要刪除附件？", "Delete the attachment?"),
            a.file_name
        )) {
            return;
        }
        spawn_local(async move {
            match endpoints::news::delete_attachment(&s, a.id).await {
                Ok(()) => {
                    items.update(|v| v.retain(|x| x.id != a.id));
                    note.set(Note::Ok(tr("附件已刪除。", "Attachment deleted.").into()));
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    };
    view! {
        <section class="adm-attachments" aria-labelledby="att-title">
            <h2 id="att-title">{move || tr("附件", "Attachments")}</h2>
            <ul class="att-list">
                <For each=move || items.get() key=|a| a.id let:a>
                    {
                        let a2 = a.clone();
                        view! {
                            <li data-attachment=a.file_name.clone()>
                                <a href=a.url.clone()>{a.file_name.clone()}</a>
                                <span class="muted">{human_size(a.size as f64)}</span>
                                <button type="button" class="btn small" on:click=move |_| remove(a2.clone())>
                                    {move || tr("刪除", "Delete")}
                                </button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <div class="toolbar">
                <label>
                    {move || tr("選擇檔案", "Choose a file")}
                    <input type="file" node_ref=input id="att-file" />
                </label>
                <button type="button" class="btn" on:click=start disabled=move || progress.get().is_some()>
                    {move || tr("上傳附件", "Upload")}
                </button>
            </div>
            {move || {
                progress
                    .get()
                    .map(|(l, t)| {
                        let pct = if t > 0.0 { (l / t * 100.0).round() } else { 0.0 };
                        view! {
                            <label class="upload-progress" data-progress>
                                {format!("{} {} / {} ({pct}%)", tr("上傳進度", "Progress"), human_size(l), human_size(t))}
                                <progress max=t value=l></progress>
                            </label>
                        }
                    })
            }}
            <NoteLine note=note />
        </section>
    }
}
