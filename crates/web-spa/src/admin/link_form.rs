//! The form that adds or edits one link: title, address, icon (uploaded to
//! the site's images or a URL), category, owner group (site admins: any group
//! or none; staff: one of their own staff groups) and "show on the homepage".
//! A failed save keeps every field, with the API's messages next to them.

use crate::admin::api::{Fail, use_session};
use crate::admin::endpoints;
use crate::admin::ui::{FieldErr, Note, NoteLine, checked, tr, val};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::content::{Link, LinkCategory, LinkInput};

/// One signal per field, shared with the list (its Edit buttons fill it).
#[derive(Clone, Copy)]
pub struct LinkFields {
    /// The link being edited (`None`: a new one).
    pub editing: RwSignal<Option<Link>>,
    title: RwSignal<String>,
    url: RwSignal<String>,
    icon: RwSignal<String>,
    category: RwSignal<String>,
    /// The owner group's id ("" = none: site admins only).
    group: RwSignal<String>,
    /// What a new link starts with ("" for site admins, else the first own group).
    default_group: RwSignal<String>,
    on_home: RwSignal<bool>,
    fail: RwSignal<Option<Fail>>,
    note: RwSignal<Note>,
}

impl LinkFields {
    pub fn new() -> Self {
        LinkFields {
            editing: RwSignal::new(None),
            title: RwSignal::new(String::new()),
            url: RwSignal::new("https://".into()),
            icon: RwSignal::new(String::new()),
            category: RwSignal::new(String::new()),
            group: RwSignal::new(String::new()),
            default_group: RwSignal::new(String::new()),
            on_home: RwSignal::new(false),
            fail: RwSignal::new(None),
            note: RwSignal::new(Note::None),
        }
    }

    pub fn fill(&self, l: &Link) {
        self.title.set(l.title.clone());
        self.url.set(l.url.clone());
        self.icon.set(l.icon_url.clone().unwrap_or_default());
        self.category.set(l.category_id.to_string());
        self.group
            .set(l.group_id.map(|g| g.to_string()).unwrap_or_default());
        self.on_home.set(l.on_homepage);
        self.fail.set(None);
        self.note.set(Note::None);
        self.editing.set(Some(l.clone()));
        crate::admin::ui::focus_later("lnk-title");
    }

    pub fn clear(&self) {
        self.editing.set(None);
        self.title.set(String::new());
        self.url.set("https://".into());
        self.icon.set(String::new());
        self.on_home.set(false);
        self.group.set(self.default_group.get_untracked());
        self.fail.set(None);
    }

    /// The body for POST (new) or PUT (edit). An edited link keeps, within
    /// its category and on the homepage, its place.
    fn input(&self) -> LinkInput {
        let icon = self.icon.get_untracked().trim().to_string();
        LinkInput {
            title: self.title.get_untracked().trim().to_string(),
            url: self.url.get_untracked().trim().to_string(),
            icon_url: (!icon.is_empty()).then_some(icon),
            category_id: self.category.get_untracked().parse().ok(),
            group_id: self.group.get_untracked().parse().ok(),
            order: None,
            on_homepage: self.on_home.get_untracked(),
            homepage_order: None,
        }
    }

    fn err(&self, k: &'static str) -> Signal<Option<String>> {
        let fail = self.fail;
        Signal::derive(move || fail.with(|f| f.as_ref().and_then(|f| f.field(k))))
    }
}

#[component]
pub fn LinkForm(
    fields: LinkFields,
    cats: RwSignal<Vec<LinkCategory>>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let s = use_session();
    let f = fields;
    let saving = RwSignal::new(false);
    let admin = s.is_admin();
    // The groups this user may choose: site admins any group, staff their own
    // staff groups (as in the news editor).
    let groups = RwSignal::new(Vec::<(i64, String)>::new());
    spawn_local(async move {
        let own: Vec<(i64, String)> = s.me.with_untracked(|m| {
            m.as_ref()
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
                .unwrap_or_default()
        });
        let all = if admin {
            endpoints::groups::list(&s)
                .await
                .map_or(own, |gs| gs.into_iter().map(|g| (g.id, g.name)).collect())
        } else {
            own
        };
        let first = if admin {
            String::new()
        } else {
            all.first().map(|(g, _)| g.to_string()).unwrap_or_default()
        };
        f.default_group.set(first.clone());
        if f.editing.get_untracked().is_none() {
            f.group.set(first);
        }
        groups.set(all);
    });
    // The options: the choosable groups, plus the edited link's own group when
    // it is not one of them (it may stay; the API refuses other changes).
    let group_options = move || {
        let mut opts = groups.get();
        if let Some(g) = f.editing.with(|e| e.as_ref().and_then(|l| l.group_id))
            && !opts.iter().any(|(id, _)| *id == g)
        {
            let name = s.me.with_untracked(|m| {
                m.as_ref()
                    .and_then(|m| m.groups.iter().find(|x| x.id == g))
                    .map_or_else(|| format!("#{g}"), |x| x.name.clone())
            });
            opts.insert(0, (g, name));
        }
        opts
    };
    let file_in = NodeRef::<html::Input>::new();
    let send_icon = move |_| {
        let Some(file) = file_in
            .get_untracked()
            .and_then(|el| el.files())
            .and_then(|l| l.get(0))
        else {
            return;
        };
        f.note.set(Note::Busy(format!(
            "{} {}",
            tr("上傳中：", "Uploading:"),
            file.name()
        )));
        spawn_local(async move {
            match endpoints::images::upload(&s, &file, |_, _| {}).await {
                Ok(image) => {
                    f.icon.set(image.url);
                    f.note.set(Note::Ok(
                        tr(
                            "圖示已上傳，按「儲存」後生效。",
                            "Icon uploaded; press Save to apply.",
                        )
                        .into(),
                    ));
                }
                Err(e) => f.note.set(Note::Err(e.message())),
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let body = f.input();
        let editing = f.editing.get_untracked().map(|l| l.id);
        saving.set(true);
        spawn_local(async move {
            let r = match editing {
                None => endpoints::links::create(&s, &body).await,
                Some(id) => endpoints::links::update(&s, id, &body).await,
            };
            saving.set(false);
            match r {
                Ok(l) => {
                    f.clear();
                    f.note.set(Note::Ok(format!(
                        "{}「{}」",
                        tr("已儲存", "Saved"),
                        l.title
                    )));
                    on_saved.run(());
                }
                Err(e) => {
                    f.note.set(Note::Err(e.message()));
                    f.fail.set(Some(e));
                }
            }
        });
    };
    view! {
        <form class="adm-form narrow" on:submit=submit data-form="link" novalidate>
            <h2>{move || if f.editing.get().is_some() { tr("編輯連結", "Edit link") } else { tr("新增連結", "New link") }}</h2>
            <label for="lnk-title">{move || tr("名稱", "Title")}</label>
            <input id="lnk-title" aria-describedby="lnk-title-err" prop:value=move || f.title.get() on:input=move |ev| f.title.set(val(&ev)) />
            <FieldErr id="lnk-title-err" msg=f.err("title") />
            <label for="lnk-url">{move || tr("網址", "Address")}</label>
            <input id="lnk-url" type="url" aria-describedby="lnk-url-err" prop:value=move || f.url.get() on:input=move |ev| f.url.set(val(&ev)) />
            <FieldErr id="lnk-url-err" msg=f.err("url") />
            <label for="lnk-icon">{move || tr("圖示網址（可上傳圖片，可留空）", "Icon address (upload an image, or leave empty)")}</label>
            <div class="toolbar">
                {move || (!f.icon.get().is_empty()).then(|| view! { <img class="link-icon" src=f.icon.get() alt="" width="24" height="24" data-icon-preview /> })}
                <input id="lnk-icon" aria-describedby="lnk-icon-err" prop:value=move || f.icon.get() on:input=move |ev| f.icon.set(val(&ev)) />
                {move || (!f.icon.get().is_empty()).then(|| view! {
                    <button type="button" class="btn small" on:click=move |_| f.icon.set(String::new())>{tr("移除圖示", "Remove icon")}</button>
                })}
            </div>
            <label for="lnk-icon-file">{move || tr("上傳圖示", "Upload an icon")}</label>
            <input id="lnk-icon-file" type="file" accept="image/*" node_ref=file_in on:change=send_icon />
            <FieldErr id="lnk-icon-err" msg=f.err("icon_url") />
            <label for="lnk-cat">{move || tr("分類", "Category")}</label>
            <select id="lnk-cat" aria-describedby="lnk-cat-err" on:change=move |ev| f.category.set(val(&ev))>
                <option value="" selected=move || f.category.get().is_empty()>{move || tr("（預設分類）", "(default)")}</option>
                {move || cats.get().into_iter().map(|c| {
                    let id = c.id.to_string();
                    let sel = id.clone();
                    view! { <option value=id selected=move || f.category.get() == sel>{c.name}</option> }
                }).collect_view()}
            </select>
            <FieldErr id="lnk-cat-err" msg=f.err("category_id") />
            <label for="lnk-group">{move || tr("管理單位", "Owner group")}</label>
            <select id="lnk-group" aria-describedby="lnk-group-err" on:change=move |ev| f.group.set(val(&ev)) prop:value=move || f.group.get()>
                {admin.then(|| view! {
                    <option value="" selected=move || f.group.get().is_empty()>{move || tr("（不指定：僅網站管理者可編輯）", "(none: site admins only)")}</option>
                })}
                {move || group_options().into_iter().map(|(gid, name)| {
                    let v = gid.to_string();
                    let sel = v.clone();
                    view! { <option value=v selected=move || f.group.get() == sel>{name}</option> }
                }).collect_view()}
            </select>
            <FieldErr id="lnk-group-err" msg=f.err("group_id") />
            <label class="check">
                <input id="lnk-home" type="checkbox" prop:checked=move || f.on_home.get() on:change=move |ev| f.on_home.set(checked(&ev)) />
                {move || tr("顯示在首頁", "Show on the homepage")}
            </label>
            <div class="form-actions">
                <button type="submit" class="btn primary" disabled=move || saving.get()>
                    {move || if f.editing.get().is_some() { tr("儲存", "Save") } else { tr("新增連結", "Add link") }}
                </button>
                {move || f.editing.get().is_some().then(|| view! {
                    " " <button type="button" class="btn" on:click=move |_| f.clear()>{tr("取消編輯", "Cancel editing")}</button>
                })}
            </div>
            <NoteLine note=f.note />
        </form>
    }
}
