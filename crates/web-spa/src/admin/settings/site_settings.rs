//! The site settings screen: the site form, branding and homepage layout.

use super::branding::BrandingForm;
use super::homepage_layout::LayoutForm;
use super::site_fields::{Fields, field};
use crate::admin::api::{Fail, use_session};
use crate::admin::endpoints::site;
use crate::admin::shell::use_admin;
use crate::admin::ui::{Note, NoteLine, tr};
use leptos::prelude::*;
use leptos::task::spawn_local;

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
