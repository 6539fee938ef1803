//! Site settings (name, contact details, map), branding (logo, banners),
//! the homepage layout, and the news categories.

use crate::admin::api::{Fail, use_session};
use crate::admin::endpoints::{images, news_categories, site};
use crate::admin::shell::use_admin;
use crate::admin::ui::{FieldErr, Note, NoteLine, checked, confirm, prompt, tr, val};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::Patch;
use yass_shared_types::content::{
    Branding, Category, CategoryInput, CategoryPatch, HomepageBlock, HomepageBlockKind,
    HomepageLayout,
};
use yass_shared_types::site::{Site, UpdateSite};

fn err_of(fail: RwSignal<Option<Fail>>, k: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || fail.with(|f| f.as_ref().and_then(|f| f.field(k))))
}

/// An emptied optional field is cleared (`null`), otherwise set.
pub fn patch_of(s: &str) -> Patch<String> {
    let t = s.trim();
    if t.is_empty() {
        Patch::Clear
    } else {
        Patch::Set(t.to_string())
    }
}

pub fn block_label(k: HomepageBlockKind) -> &'static str {
    match k {
        HomepageBlockKind::Announcements => tr("公告", "Announcements"),
        HomepageBlockKind::News => tr("最新消息", "News"),
        HomepageBlockKind::Links => tr("網站連結", "Links"),
        HomepageBlockKind::Extensions => tr("分機表", "Extensions"),
        HomepageBlockKind::Calendar => tr("行事曆", "Calendar"),
    }
}

fn block_key(k: HomepageBlockKind) -> &'static str {
    match k {
        HomepageBlockKind::Announcements => "announcements",
        HomepageBlockKind::News => "news",
        HomepageBlockKind::Links => "links",
        HomepageBlockKind::Extensions => "extensions",
        HomepageBlockKind::Calendar => "calendar",
    }
}

/// Moves item `i` one place up or down (no-op at the ends).
pub fn shift<T>(v: &mut [T], i: usize, up: bool) {
    if up && i > 0 {
        v.swap(i, i - 1);
    } else if !up && i + 1 < v.len() {
        v.swap(i, i + 1);
    }
}

#[derive(Clone, Copy)]
struct Fields {
    name: RwSignal<String>,
    slogan: RwSignal<String>,
    address: RwSignal<String>,
    zip: RwSignal<String>,
    phone: RwSignal<String>,
    fax: RwSignal<String>,
    email: RwSignal<String>,
    map_link: RwSignal<String>,
    map_embed_url: RwSignal<String>,
}

impl Fields {
    fn new() -> Self {
        let e = || RwSignal::new(String::new());
        Fields {
            name: e(),
            slogan: e(),
            address: e(),
            zip: e(),
            phone: e(),
            fax: e(),
            email: e(),
            map_link: e(),
            map_embed_url: e(),
        }
    }

    fn fill(&self, s: &Site) {
        let p = &s.public;
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        self.name.set(p.name.clone());
        self.slogan.set(o(&p.slogan));
        self.address.set(o(&p.address));
        self.zip.set(o(&p.zip));
        self.phone.set(o(&p.phone));
        self.fax.set(o(&p.fax));
        self.email.set(o(&p.email));
        self.map_link.set(o(&p.map_link));
        self.map_embed_url.set(o(&p.map_embed_url));
    }

    fn body(&self) -> UpdateSite {
        let g = |s: RwSignal<String>| patch_of(&s.get_untracked());
        UpdateSite {
            name: Some(self.name.get_untracked().trim().to_string()),
            slogan: g(self.slogan),
            address: g(self.address),
            zip: g(self.zip),
            phone: g(self.phone),
            fax: g(self.fax),
            email: g(self.email),
            map_link: g(self.map_link),
            map_embed_url: g(self.map_embed_url),
            hostnames: None,
            enabled: None,
        }
    }
}

/// One labelled text input with its per-field error.
fn field(
    id: &'static str,
    err_id: &'static str,
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    sig: RwSignal<String>,
    fail: RwSignal<Option<Fail>>,
) -> impl IntoView {
    view! {
        <label for=id>{move || tr(zh, en)}</label>
        <input
            id=id
            name=key
            aria-describedby=err_id
            aria-invalid=move || fail.with(|f| f.as_ref().and_then(|f| f.field(key)).is_some().then_some("true"))
            prop:value=move || sig.get()
            on:input=move |ev| sig.set(val(&ev))
        />
        <FieldErr id=err_id msg=err_of(fail, key) />
    }
}

#[component]
pub fn Settings() -> impl IntoView {
    let s = use_session();
    let ctx = use_admin();
    let site_name = use_context::<RwSignal<String>>();
    let f = Fields::new();
    let fail = RwSignal::new(None::<Fail>);
    let note = RwSignal::new(Note::None);
    let logo = RwSignal::new(String::new());
    let banners = RwSignal::new(Vec::<String>::new());
    let fields = f;
    {
        spawn_local(async move {
            match site::manage(&s).await {
                Ok(site) => {
                    fields.fill(&site);
                    logo.set(site.public.logo_url.clone().unwrap_or_default());
                    banners.set(site.public.banner_urls.clone());
                }
                Err(e) => note.set(Note::Err(e.message())),
            }
        });
        let save = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let body = fields.body();
            note.set(Note::Busy(tr("儲存中…", "Saving…").into()));
            spawn_local(async move {
                match site::update(&s, &body).await {
                    Ok(site) => {
                        fail.set(None);
                        fields.fill(&site);
                        if let Some(n) = site_name {
                            n.set(site.public.name.clone());
                        }
                        note.set(Note::Ok(tr("已儲存。", "Saved.").into()));
                    }
                    Err(e) => {
                        note.set(Note::Err(e.message()));
                        fail.set(Some(e));
                    }
                }
            });
        };
        let preview = format!("{}/", ctx.site_base);
        view! {
            <section class="adm-section" data-screen="settings">
                <h1>{move || tr("網站設定", "Site settings")}</h1>
                <p>
                    <a href=preview data-preview target="_blank" rel="noopener">
                        {move || tr("預覽首頁", "Preview the homepage")}
                    </a>
                </p>
                <NoteLine note=note />
                <form class="adm-form narrow" on:submit=save data-form="site" novalidate>
                    <h2>{move || tr("基本資料", "Basic information")}</h2>
                    {{ let f = fields; view! {
                        {field("site-name", "site-name-err", "name", "網站名稱", "Site name", f.name, fail)}
                        {field("site-slogan", "site-slogan-err", "slogan", "標語", "Slogan", f.slogan, fail)}
                        {field("site-address", "site-address-err", "address", "地址", "Address", f.address, fail)}
                        {field("site-zip", "site-zip-err", "zip", "郵遞區號", "Postal code", f.zip, fail)}
                        {field("site-phone", "site-phone-err", "phone", "電話", "Phone", f.phone, fail)}
                        {field("site-fax", "site-fax-err", "fax", "傳真", "Fax", f.fax, fail)}
                        {field("site-email", "site-email-err", "email", "電子郵件", "E-mail", f.email, fail)}
                        {field("site-map-link", "site-map-link-err", "map_link", "地圖連結", "Map link", f.map_link, fail)}
                        {field("site-map-embed", "site-map-embed-err", "map_embed_url", "嵌入地圖網址", "Map embed URL", f.map_embed_url, fail)}
                    } }}
                    <div class="form-actions">
                        <button type="submit" class="btn primary">{move || tr("儲存", "Save")}</button>
                    </div>
                </form>
                <BrandingForm logo=logo banners=banners />
                <LayoutForm />
            </section>
        }
    }
}

#[component]
fn BrandingForm(logo: RwSignal<String>, banners: RwSignal<Vec<String>>) -> impl IntoView {
    let s = use_session();
    let fail = RwSignal::new(None::<Fail>);
    let note = RwSignal::new(Note::None);
    let logo_in = NodeRef::<html::Input>::new();
    let banner_in = NodeRef::<html::Input>::new();
    let send = move |input: NodeRef<html::Input>, is_logo: bool| {
        let Some(file) = input
            .get_untracked()
            .and_then(|el| el.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        note.set(Note::Busy(format!(
            "{} {}",
            tr("上傳中：", "Uploading:"),
            file.name()
        )));
        spawn_local(async move {
            match images::upload(&s, &file, |_, _| {}).await {
                Ok(image) => {
                    let url = image.url;
                    if is_logo {
                        logo.set(url);
                    } else {
                        banners.update(|b| b.push(url));
                    }
                    note.set(Note::Ok(
                        tr(
                            "已上傳，按「儲存圖片」後生效。",
                            "Uploaded; press “Save images” to apply.",
                        )
                        .into(),
                    ));
                }
                Err(e) => note.set(Note::Err(e.message())),
            }
        });
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = logo.get_untracked();
        let body = Branding {
            logo_url: (!l.trim().is_empty()).then(|| l.trim().to_string()),
            banner_urls: banners.get_untracked(),
        };
        spawn_local(async move {
            match site::update_branding(&s, &body).await {
                Ok(b) => {
                    fail.set(None);
                    logo.set(b.logo_url.unwrap_or_default());
                    banners.set(b.banner_urls);
                    note.set(Note::Ok(tr("已儲存。", "Saved.").into()));
                }
                Err(e) => {
                    note.set(Note::Err(e.message()));
                    fail.set(Some(e));
                }
            }
        });
    };
    view! {
        <form class="adm-form narrow" on:submit=save data-form="branding">
            <h2>{move || tr("標誌與橫幅", "Logo and banners")}</h2>
            <NoteLine note=note />
            <label for="brand-logo">{move || tr("標誌網址", "Logo URL")}</label>
            <input id="brand-logo" aria-describedby="brand-logo-err" prop:value=move || logo.get() on:input=move |ev| logo.set(val(&ev)) />
            <FieldErr id="brand-logo-err" msg=err_of(fail, "logo_url") />
            {move || (!logo.get().is_empty()).then(|| view! { <img class="adm-thumb" src=logo.get() alt=tr("目前的標誌", "Current logo") style="max-height:4rem" /> })}
            <label for="brand-logo-file">{move || tr("上傳標誌圖片", "Upload a logo image")}</label>
            <input id="brand-logo-file" type="file" accept="image/*" node_ref=logo_in on:change=move |_| send(logo_in, true) />
            <fieldset>
                <legend>{move || tr("首頁橫幅", "Homepage banners")}</legend>
                <ul data-list="banners">
                    {move || banners.get().into_iter().enumerate().map(|(i, u)| view! {
                        <li>
                            <img src=u.clone() alt="" style="max-height:3rem" />
                            " " <span>{u.clone()}</span> " "
                            <button type="button" class="btn small" aria-label=format!("{}：{}", tr("上移", "Move up"), i + 1) on:click=move |_| banners.update(|b| shift(b, i, true))>"↑"</button>
                            <button type="button" class="btn small" aria-label=format!("{}：{}", tr("下移", "Move down"), i + 1) on:click=move |_| banners.update(|b| shift(b, i, false))>"↓"</button>
                            <button type="button" class="btn small" on:click=move |_| banners.update(|b| { if i < b.len() { b.remove(i); } })>{tr("移除", "Remove")}</button>
                        </li>
                    }).collect_view()}
                </ul>
                <FieldErr id="brand-banners-err" msg=err_of(fail, "banner_urls") />
                <label for="brand-banner-file">{move || tr("新增橫幅圖片", "Add a banner image")}</label>
                <input id="brand-banner-file" type="file" accept="image/*" node_ref=banner_in on:change=move |_| send(banner_in, false) />
            </fieldset>
            <div class="form-actions">
                <button type="submit" class="btn primary">{move || tr("儲存圖片", "Save images")}</button>
            </div>
        </form>
    }
}

#[component]
fn LayoutForm() -> impl IntoView {
    let s = use_session();
    let blocks = RwSignal::new(Vec::<HomepageBlock>::new());
    let fail = RwSignal::new(None::<Fail>);
    let note = RwSignal::new(Note::None);
    spawn_local(async move {
        match site::homepage_layout(&s).await {
            Ok(l) => blocks.set(l.blocks),
            Err(e) => note.set(Note::Err(e.message())),
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = HomepageLayout {
            blocks: blocks.get_untracked(),
        };
        spawn_local(async move {
            match site::update_homepage_layout(&s, &body).await {
                Ok(l) => {
                    fail.set(None);
                    blocks.set(l.blocks);
                    note.set(Note::Ok(tr("已儲存。", "Saved.").into()));
                }
                Err(e) => {
                    note.set(Note::Err(e.message()));
                    fail.set(Some(e));
                }
            }
        });
    };
    view! {
        <form class="adm-form narrow" on:submit=save data-form="layout">
            <h2>{move || tr("首頁版面", "Homepage layout")}</h2>
            <NoteLine note=note />
            <table class="adm-table" data-list="blocks">
                <thead><tr>
                    <th scope="col">{move || tr("區塊", "Block")}</th>
                    <th scope="col">{move || tr("顯示", "Shown")}</th>
                    <th scope="col">{move || tr("筆數", "Items")}</th>
                    <th scope="col">{move || tr("順序", "Order")}</th>
                </tr></thead>
                <tbody>
                    {move || blocks.get().into_iter().enumerate().map(|(i, b)| {
                        let label = block_label(b.kind);
                        let key = block_key(b.kind);
                        let cid = format!("block-{key}-count");
                        view! {
                            <tr data-block=key>
                                <td>{label}</td>
                                <td><input type="checkbox" aria-label=format!("{}：{}", tr("顯示", "Show"), label) prop:checked=b.enabled on:change=move |ev| { let c = checked(&ev); blocks.update(|v| if let Some(x) = v.get_mut(i) { x.enabled = c; }); } /></td>
                                <td><input id=cid type="number" min="1" max="50" style="width:5rem" aria-label=format!("{}：{}", tr("筆數", "Items"), label) prop:value=b.count.to_string() on:change=move |ev| { let n = val(&ev).parse().unwrap_or(1); blocks.update(|v| if let Some(x) = v.get_mut(i) { x.count = n; }); } /></td>
                                <td>
                                    <button type="button" class="btn small" aria-label=format!("{}：{}", tr("上移", "Move up"), label) on:click=move |_| blocks.update(|v| shift(v, i, true))>"↑"</button>
                                    <button type="button" class="btn small" aria-label=format!("{}：{}", tr("下移", "Move down"), label) on:click=move |_| blocks.update(|v| shift(v, i, false))>"↓"</button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <FieldErr id="layout-err" msg=err_of(fail, "blocks") />
            <div class="form-actions">
                <button type="submit" class="btn primary">{move || tr("儲存版面", "Save layout")}</button>
            </div>
        </form>
    }
}

#[component]
pub fn NewsCategories() -> impl IntoView {
    let s = use_session();
    let ctx = use_admin();
    let items = RwSignal::new(Vec::<Category>::new());
    let note = RwSignal::new(Note::None);
    let fail = RwSignal::new(None::<Fail>);
    let name = RwSignal::new(String::new());
    let reload = move || {
        spawn_local(async move {
            match news_categories::list(&s).await {
                Ok(mut v) => {
                    v.sort_by_key(|c| c.order);
                    items.set(v)
                }
                Err(e) => note.set(Note::Err(e.message())),
            }
        })
    };
    reload();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = CategoryInput {
            name: name.get_untracked().trim().to_string(),
            order: None,
        };
        spawn_local(async move {
            match news_categories::create(&s, &body).await {
                Ok(_) => {
                    fail.set(None);
                    name.set(String::new());
                    note.set(Note::Ok(tr("已新增。", "Added.").into()));
                    reload();
                }
                Err(e) => {
                    note.set(Note::Err(e.message()));
                    fail.set(Some(e));
                }
            }
        });
    };
    let patch = move |id: i64, body: CategoryPatch| {
        spawn_local(async move {
            match news_categories::update(&s, id, &body).await {
                Ok(_) => {
                    note.set(Note::Ok(tr("已儲存。", "Saved.").into()));
                    reload();
                }
                Err(e) => note.set(Note::Err(e.message())),
            }
        });
    };
    let swap = move |i: usize, up: bool| {
        let v = items.get_untracked();
        let j = if up { i.checked_sub(1) } else { Some(i + 1) };
        let (Some(a), Some(b)) = (v.get(i), j.and_then(|j| v.get(j))) else {
            return;
        };
        // Orders may tie; give the pair distinct slots in the new order.
        let (lo, hi) = if a.order == b.order {
            (a.order.min(b.order), a.order.max(b.order) + 1)
        } else {
            (a.order.min(b.order), a.order.max(b.order))
        };
        let (a_ord, b_ord) = if up { (lo, hi) } else { (hi, lo) };
        let (aid, bid) = (a.id, b.id);
        spawn_local(async move {
            let r1 = news_categories::update(
                &s,
                aid,
                &CategoryPatch {
                    name: None,
                    order: Some(a_ord),
                },
            )
            .await;
            let r2 = news_categories::update(
                &s,
                bid,
                &CategoryPatch {
                    name: None,
                    order: Some(b_ord),
                },
            )
            .await;
            if let Err(e) = r1.and(r2) {
                note.set(Note::Err(e.message()));
            }
            reload();
        });
    };
    let back = ctx.href("/news");
    view! {
        <section class="adm-section" data-screen="news-categories">
            <p><a href=back>{move || tr("← 回最新消息", "← Back to news")}</a></p>
            <h1>{move || tr("消息分類", "News categories")}</h1>
            <NoteLine note=note />
            <table class="adm-table" data-list="categories">
                <thead><tr>
                    <th scope="col">{move || tr("名稱", "Name")}</th>
                    <th scope="col">{move || tr("動作", "Actions")}</th>
                </tr></thead>
                <tbody>
                    {move || items.get().into_iter().enumerate().map(|(i, c)| {
                        let (c1, c2) = (c.clone(), c.clone());
                        view! {
                            <tr data-category=c.name.clone()>
                                <td>{c.name.clone()}</td>
                                <td>
                                    <button type="button" class="btn small" aria-label=format!("{}：{}", tr("上移", "Move up"), c.name) on:click=move |_| swap(i, true)>"↑"</button>
                                    <button type="button" class="btn small" aria-label=format!("{}：{}", tr("下移", "Move down"), c.name) on:click=move |_| swap(i, false)>"↓"</button>
                                    " "
                                    <button type="button" class="btn small" data-action="rename" on:click=move |_| {
                                        if let Some(n) = prompt(tr("新的分類名稱", "New category name"), &c1.name) {
                                            let n = n.trim().to_string();
                                            if !n.is_empty() && n != c1.name {
                                                patch(c1.id, CategoryPatch { name: Some(n), order: None });
                                            }
                                        }
                                    }>{tr("改名", "Rename")}</button>
                                    " "
                                    <button type="button" class="btn small" data-action="delete" on:click=move |_| {
                                        if !confirm(&format!("{}「{}」？", tr("確定要刪除分類", "Delete the category"), c2.name)) { return; }
                                        let id = c2.id;
                                        spawn_local(async move {
                                            match news_categories::delete(&s, id).await {
                                                Ok(()) => { note.set(Note::Ok(tr("已刪除。", "Deleted.").into())); reload(); }
                                                Err(e) => note.set(Note::Err(e.message())),
                                            }
                                        });
                                    }>{tr("刪除", "Delete")}</button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <form class="adm-form narrow" on:submit=add data-form="category">
                <h2>{move || tr("新增分類", "New category")}</h2>
                <label for="cat-name">{move || tr("名稱", "Name")}</label>
                <input id="cat-name" aria-describedby="cat-name-err" prop:value=move || name.get() on:input=move |ev| name.set(val(&ev)) />
                <FieldErr id="cat-name-err" msg=err_of(fail, "name") />
                <div class="form-actions"><button type="submit" class="btn primary">{move || tr("新增", "Add")}</button></div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_fields_clear() {
        assert_eq!(patch_of("  "), Patch::Clear);
        assert_eq!(patch_of(" a "), Patch::Set("a".to_string()));
    }

    #[test]
    fn shifting() {
        let mut v = vec![1, 2, 3];
        shift(&mut v, 0, true);
        assert_eq!(v, [1, 2, 3]);
        shift(&mut v, 0, false);
        assert_eq!(v, [2, 1, 3]);
        shift(&mut v, 2, false);
        assert_eq!(v, [2, 1, 3]);
        shift(&mut v, 2, true);
        assert_eq!(v, [2, 3, 1]);
    }
}
