//! Moving a school in or out (platform admins): export a site to one
//! archive file and download it, or upload one to make a new site. Both run
//! as jobs on the server; this screen follows their progress.

use crate::admin::api::{sleep, use_session};
use crate::admin::endpoints::archives;
use crate::admin::ui::{Note, NoteLine, tr, val};
use crate::admin::upload::human_size;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::archives::{ArchiveJob, ArchiveJobState};
use yass_shared_types::site::Site;

/// Polls job `id` until it ends, showing its progress line in `note`.
async fn follow(
    s: crate::admin::api::Session,
    id: i64,
    note: RwSignal<Note>,
) -> Option<ArchiveJob> {
    loop {
        match archives::get(&s, id).await {
            Ok(j) if j.state == ArchiveJobState::Running => {
                if !j.message.is_empty() {
                    note.set(Note::Busy(j.message.clone()));
                }
            }
            Ok(j) => return Some(j),
            Err(e) => {
                note.set(Note::Err(e.message()));
                return None;
            }
        }
        sleep(700).await;
    }
}

#[component]
pub fn Archives(sites: RwSignal<Vec<Site>>, reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let jobs = RwSignal::new(Vec::<ArchiveJob>::new());
    let refresh = move || {
        spawn_local(async move {
            if let Ok(v) = archives::list(&s).await {
                jobs.set(v);
            }
        });
    };
    refresh();

    // Export.
    let export_slug = RwSignal::new(String::new());
    let export_note = RwSignal::new(Note::None);
    let download = RwSignal::new(None::<String>);
    let exporting = RwSignal::new(false);
    let export = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let slug = export_slug.get_untracked();
        if slug.is_empty() {
            export_note.set(Note::Err(
                tr("請先選擇學校網站。", "Choose a school site first.").into(),
            ));
            return;
        }
        download.set(None);
        exporting.set(true);
        export_note.set(Note::Busy(tr("匯出中…", "Exporting…").into()));
        spawn_local(async move {
            match archives::export(&s, &slug).await {
                Ok(started) => {
                    if let Some(j) = follow(s, started.job.id, export_note).await {
                        if j.state == ArchiveJobState::Done {
                            export_note.set(Note::Ok(format!(
                                "{} {}（{}）",
                                tr("封存檔已備妥：", "The archive is ready:"),
                                j.site_slug,
                                human_size(j.bytes as f64)
                            )));
                            download.set(Some(started.download_url));
                        } else {
                            export_note.set(Note::Err(j.message));
                        }
                    }
                }
                Err(e) => export_note.set(Note::Err(e.message())),
            }
            exporting.set(false);
            refresh();
        });
    };

    // Import.
    let import_slug = RwSignal::new(String::new());
    let import_note = RwSignal::new(Note::None);
    let input = NodeRef::<html::Input>::new();
    let progress = RwSignal::new(None::<(f64, f64)>);
    let import = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(file) = input
            .get_untracked()
            .and_then(|el| el.files())
            .and_then(|f| f.get(0))
        else {
            import_note.set(Note::Err(
                tr("請先選擇封存檔。", "Choose an archive file first.").into(),
            ));
            return;
        };
        let slug = import_slug.get_untracked().trim().to_string();
        progress.set(Some((0.0, file.size())));
        import_note.set(Note::Busy(format!(
            "{} {}",
            tr("上傳中：", "Uploading:"),
            file.name()
        )));
        spawn_local(async move {
            let sent =
                archives::import(&s, &slug, &file, move |l, t| progress.set(Some((l, t)))).await;
            progress.set(None);
            match sent {
                Ok(job) => {
                    import_note.set(Note::Busy(tr("匯入中…", "Importing…").into()));
                    if let Some(j) = follow(s, job.id, import_note).await {
                        if j.state == ArchiveJobState::Done {
                            import_note.set(Note::Ok(j.message));
                            import_slug.set(String::new());
                            if let Some(el) = input.get_untracked() {
                                el.set_value("");
                            }
                            reload.run(());
                        } else {
                            import_note.set(Note::Err(j.message));
                        }
                    }
                }
                Err(e) => import_note.set(Note::Err(e.message())),
            }
            refresh();
        });
    };

    view! {
        <section class="adm-section" data-screen="site-archives" aria-labelledby="arch-title">
            <h2 id="arch-title">{move || tr("封存檔（搬遷學校網站）", "Archives (moving a school)")}</h2>
            <p class="hint">{move || tr(
                "封存檔含密碼雜湊與電子郵件，請妥善保管。匯入會建立新的學校網站；API 權杖會被撤銷。",
                "An archive holds password hashes and e-mail addresses: keep it safe. An import makes a new site; its API tokens are revoked.",
            )}</p>
            <form class="adm-form narrow" on:submit=export data-form="archive-export" novalidate>
                <h3>{move || tr("匯出", "Export")}</h3>
                <label for="arch-export-site">{move || tr("學校網站", "School site")}</label>
                <select id="arch-export-site" on:change=move |ev| export_slug.set(val(&ev))>
                    <option value="">{move || tr("（請選擇）", "(choose)")}</option>
                    {move || sites.get().into_iter().map(|site| {
                        let slug = site.public.slug.clone();
                        view! { <option value=slug.clone()>{format!("{} ({slug})", site.public.name)}</option> }
                    }).collect_view()}
                </select>
                <div class="form-actions">
                    <button type="submit" class="btn primary" disabled=move || exporting.get()>{move || tr("匯出封存檔", "Export an archive")}</button>
                </div>
                <NoteLine note=export_note />
                {move || download.get().map(|url| view! {
                    <p><a class="btn" href=url download data-download>{move || tr("下載封存檔", "Download the archive")}</a></p>
                })}
            </form>
            <form class="adm-form narrow" on:submit=import data-form="archive-import" novalidate>
                <h3>{move || tr("從封存檔建立網站", "Make a site from an archive")}</h3>
                <label for="arch-import-file">{move || tr("封存檔（.tar）", "Archive (.tar)")}</label>
                <input type="file" id="arch-import-file" accept=".tar,application/x-tar" node_ref=input />
                <label for="arch-import-slug">{move || tr("新網站代號（留空則沿用封存檔的）", "New site's slug (empty: the archive's own)")}</label>
                <input id="arch-import-slug" prop:value=move || import_slug.get() on:input=move |ev| import_slug.set(val(&ev)) />
                <div class="form-actions">
                    <button type="submit" class="btn primary" disabled=move || progress.get().is_some()>{move || tr("上傳並匯入", "Upload and import")}</button>
                </div>
                <crate::admin::upload::UploadProgress progress=progress />
                <NoteLine note=import_note />
            </form>
            <table class="adm-table" data-list="archive-jobs">
                <caption>{move || tr("最近的匯出與匯入", "Recent exports and imports")}</caption>
                <thead><tr>
                    <th scope="col">{move || tr("種類", "Kind")}</th>
                    <th scope="col">{move || tr("網站", "Site")}</th>
                    <th scope="col">{move || tr("狀態", "State")}</th>
                    <th scope="col">{move || tr("說明", "Details")}</th>
                    <th scope="col">{move || tr("操作者", "By")}</th>
                </tr></thead>
                <tbody>
                    {move || jobs.get().into_iter().map(|j| {
                        let kind = if j.kind == "export" { tr("匯出", "Export") } else { tr("匯入", "Import") };
                        let state = match j.state {
                            ArchiveJobState::Running => tr("進行中", "Running"),
                            ArchiveJobState::Done => tr("完成", "Done"),
                            ArchiveJobState::Failed => tr("失敗", "Failed"),
                        };
                        view! {
                            <tr data-job=j.id.to_string()>
                                <td>{kind}</td>
                                <td>{j.site_slug.clone()}</td>
                                <td>{state}</td>
                                <td>{j.message.clone()}</td>
                                <td>{j.actor_name.clone()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
