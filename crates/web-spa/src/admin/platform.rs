//! Platform administration (the platform host's `/admin`): every school
//! site, creating one, hostnames and enabling/disabling.

use crate::admin::api::{Fail, use_session};
use crate::admin::endpoints::sites;
use crate::admin::ui::{FieldErr, Note, NoteLine, confirm, split_list, tr, val};
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::site::{CreateSite, Site, UpdateSite};

fn err_of(fail: RwSignal<Option<Fail>>, k: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || fail.with(|f| f.as_ref().and_then(|f| f.field(k))))
}

#[component]
pub fn Sites() -> impl IntoView {
    let s = use_session();
    let items = RwSignal::new(Vec::<Site>::new());
    let note = RwSignal::new(Note::None);
    let fail = RwSignal::new(None::<Fail>);
    let slug = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let hosts = RwSignal::new(String::new());
    let reload = move || {
        spawn_local(async move {
            match sites::list(&s).await {
                Ok(v) => items.set(v),
                Err(e) => note.set(Note::Err(e.message())),
            }
        });
    };
    reload();
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = CreateSite {
            slug: slug.get_untracked().trim().to_string(),
            name: name.get_untracked().trim().to_string(),
            hostnames: split_list(&hosts.get_untracked()),
            ..Default::default()
        };
        spawn_local(async move {
            match sites::create(&s, &body).await {
                Ok(site) => {
                    fail.set(None);
                    slug.set(String::new());
                    name.set(String::new());
                    hosts.set(String::new());
                    note.set(Note::Ok(format!(
                        "{} {}",
                        tr("已建立：", "Created:"),
                        site.public.name
                    )));
                    reload();
                }
                Err(e) => {
                    note.set(Note::Err(e.message()));
                    fail.set(Some(e));
                }
            }
        });
    };
    view! {
        <section class="adm-section" data-screen="platform-sites">
            <h1>{move || tr("學校網站", "School sites")}</h1>
            <NoteLine note=note />
            <table class="adm-table" data-list="sites">
                <thead><tr>
                    <th scope="col">{move || tr("代號", "Slug")}</th>
                    <th scope="col">{move || tr("名稱", "Name")}</th>
                    <th scope="col">{move || tr("主機名稱", "Hostnames")}</th>
                    <th scope="col">{move || tr("狀態", "State")}</th>
                </tr></thead>
                <tbody>
                    {move || items.get().into_iter().map(|site| view! { <SiteRow site=site note=note reload=Callback::new(move |()| reload()) /> }).collect_view()}
                </tbody>
            </table>
            <form class="adm-form narrow" on:submit=create data-form="site-new" novalidate>
                <h2>{move || tr("新增學校網站", "New school site")}</h2>
                <label for="ns-slug">{move || tr("代號（網址用）", "Slug (used in addresses)")}</label>
                <input id="ns-slug" aria-describedby="ns-slug-err" prop:value=move || slug.get() on:input=move |ev| slug.set(val(&ev)) />
                <FieldErr id="ns-slug-err" msg=err_of(fail, "slug") />
                <label for="ns-name">{move || tr("名稱", "Name")}</label>
                <input id="ns-name" aria-describedby="ns-name-err" prop:value=move || name.get() on:input=move |ev| name.set(val(&ev)) />
                <FieldErr id="ns-name-err" msg=err_of(fail, "name") />
                <label for="ns-hosts">{move || tr("主機名稱（以逗號分隔，可留空）", "Hostnames (comma-separated, optional)")}</label>
                <input id="ns-hosts" aria-describedby="ns-hosts-err" prop:value=move || hosts.get() on:input=move |ev| hosts.set(val(&ev)) />
                <FieldErr id="ns-hosts-err" msg=err_of(fail, "hostnames") />
                <div class="form-actions"><button type="submit" class="btn primary">{move || tr("建立", "Create")}</button></div>
            </form>
            <crate::admin::archives::Archives sites=items reload=Callback::new(move |()| reload()) />
        </section>
    }
}

#[component]
fn SiteRow(site: Site, note: RwSignal<Note>, reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let slug = site.public.slug.clone();
    let hosts = RwSignal::new(site.hostnames.join(", "));
    let new_name = RwSignal::new(site.public.name.clone());
    let fail = RwSignal::new(None::<Fail>);
    let enabled = site.enabled;
    let waiting = site.hostnames_waiting_tls.join(", ");
    let hid = format!("hosts-{slug}");
    let eid = format!("hosts-{slug}-err");
    let nid = format!("name-{slug}");
    let neid = format!("name-{slug}-err");
    let (slug1, slug2) = (slug.clone(), slug.clone());
    let name = site.public.name.clone();
    let save = move |_| {
        let body = UpdateSite {
            name: Some(new_name.get_untracked().trim().to_string()),
            hostnames: Some(split_list(&hosts.get_untracked())),
            ..Default::default()
        };
        let slug = slug1.clone();
        spawn_local(async move {
            match sites::update(&s, &slug, &body).await {
                // Only this row changed: show what the API stored, without
                // rebuilding the list (which would drop edits in progress).
                Ok(site) => {
                    new_name.set(site.public.name.clone());
                    hosts.set(site.hostnames.join(", "));
                    fail.set(None);
                    note.set(Note::Ok(tr("已儲存。", "Saved.").into()));
                }
                Err(e) => {
                    note.set(Note::Err(e.message()));
                    fail.set(Some(e));
                }
            }
        });
    };
    let toggle = move |_| {
        if enabled
            && !confirm(&format!(
                "{}「{}」？",
                tr("確定要停用網站", "Disable the site"),
                name
            ))
        {
            return;
        }
        let body = UpdateSite {
            enabled: Some(!enabled),
            ..Default::default()
        };
        let slug = slug2.clone();
        spawn_local(async move {
            match sites::update(&s, &slug, &body).await {
                Ok(_) => {
                    note.set(Note::Ok(tr("已儲存。", "Saved.").into()));
                    reload.run(());
                }
                Err(e) => note.set(Note::Err(e.message())),
            }
        });
    };
    let err_id = eid.clone();
    let name_err_id = neid.clone();
    view! {
        <tr data-site=slug.clone()>
            <td>{slug.clone()}</td>
            <td>
                <label class="visually-hidden" for=nid.clone()>{move || tr("名稱", "Name")}</label>
                <input id=nid aria-describedby=neid prop:value=move || new_name.get() on:input=move |ev| new_name.set(val(&ev)) />
                {move || fail.with(|f| f.as_ref().and_then(|f| f.field("name"))).map(|m| view! { <p class="field-err" id=name_err_id.clone()>{m}</p> })}
            </td>
            <td>
                <label class="visually-hidden" for=hid.clone()>{move || tr("主機名稱", "Hostnames")}</label>
                <input id=hid aria-describedby=eid prop:value=move || hosts.get() on:input=move |ev| hosts.set(val(&ev)) />
                " "
                <button type="button" class="btn small" data-action="save" on:click=save>{move || tr("儲存", "Save")}</button>
                {move || fail.with(|f| f.as_ref().and_then(|f| f.field("hostnames"))).map(|m| view! { <p class="field-err" id=err_id.clone()>{m}</p> })}
                {(!waiting.is_empty()).then(|| view! {
                    <p class="hint" data-waiting-tls>
                        <span class="badge scheduled">{move || tr("等待 TLS", "Waiting for TLS")}</span>
                        " " {waiting.clone()} " "
                        {move || tr("（部署完成前，請使用 /s/ 網址）", "(until the deploy serves it, use the /s/ address)")}
                    </p>
                })}
            </td>
            <td>
                <span data-enabled=enabled.to_string()>{move || if enabled { tr("啟用中", "Enabled") } else { tr("已停用", "Disabled") }}</span>
                " "
                <button type="button" class="btn small" data-action="toggle" on:click=toggle>
                    {move || if enabled { tr("停用", "Disable") } else { tr("啟用", "Enable") }}
                </button>
            </td>
        </tr>
    }
}
