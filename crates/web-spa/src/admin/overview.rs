//! Every school at a glance on the platform dashboard: state, hostnames
//! (and those waiting for TLS), last sign-in, last change, items, upload
//! size and the homepage's p95 over the last hour from Prometheus.

use crate::admin::api::use_session;
use crate::admin::endpoints::sites;
use crate::admin::ui::tr;
use leptos::prelude::*;
use yass_shared_types::site::SiteOverview;

/// `1.5 MB`-style sizes.
pub fn bytes(n: u64) -> String {
    #[allow(clippy::cast_precision_loss, reason = "a size shown to one decimal")]
    let f = n as f64;
    match n {
        0..1_000 => format!("{n} B"),
        1_000..1_000_000 => format!("{:.1} kB", f / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", f / 1e6),
        _ => format!("{:.1} GB", f / 1e9),
    }
}

#[component]
pub fn SchoolsOverview() -> impl IntoView {
    let s = use_session();
    let data = LocalResource::new(move || async move { sites::overview(&s).await });
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map_or_else(|| "—".into(), |t| crate::time::date_time(&t))
    };
    let row = move |o: SiteOverview| {
        let p95 = o
            .homepage_p95_ms
            .map_or_else(|| "—".into(), |v| format!("{v:.0} ms"));
        view! {
            <tr data-overview=o.slug.clone()>
                <td><a href=format!("/s/{}/", o.slug)>{o.name.clone()}</a><br /><span class="muted">{o.slug.clone()}</span></td>
                <td>{if o.enabled { tr("啟用中", "Enabled") } else { tr("已停用", "Disabled") }}</td>
                <td>
                    {o.hostnames.join(", ")}
                    {(!o.hostnames_waiting_tls.is_empty()).then(|| view! { " " <span class="badge scheduled">{tr("等待 TLS", "Waiting for TLS")}</span> })}
                </td>
                <td>{when(o.last_sign_in)}</td>
                <td>{when(o.last_change)}</td>
                <td class="num">{o.items}</td>
                <td class="num">{bytes(o.upload_bytes)}</td>
                <td class="num" data-p95>{p95}</td>
            </tr>
        }
    };
    view! {
        <section class="adm-section" data-screen="overview">
            <h2>{move || tr("各校概況", "Schools at a glance")}</h2>
            {move || match data.get() {
                None => view! { <p class="loading" role="status">{tr("載入中…", "Loading…")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="adm-note err" role="alert">{e.message()}</p> }.into_any(),
                Some(Ok(o)) => view! {
                    {o.mail_written_to.clone().map(|d| view! {
                        <p class="adm-note warn" data-mail-files>
                            {tr("未設定 SMTP（YASS_SMTP_URL）：郵件不會寄出，只寫入伺服器的檔案：", "No SMTP server (YASS_SMTP_URL): mail is not sent, only written to files on the server: ")}
                            <code>{d}</code>
                        </p>
                    })}
                    {(!o.prometheus).then(|| view! { <p class="hint">{tr("未設定 Prometheus（YASS_PROMETHEUS_URL），不顯示首頁回應時間。", "No Prometheus configured (YASS_PROMETHEUS_URL): homepage times are not shown.")}</p> })}
                    {o.prometheus_error.clone().map(|e| view! { <p class="adm-note warn">{tr("Prometheus 無法取得資料：", "Prometheus gave no figures: ")}{e}</p> })}
                    <div class="table-scroll">
                        <table class="adm-table" data-list="overview">
                            <thead><tr>
                                <th scope="col">{tr("學校", "School")}</th>
                                <th scope="col">{tr("狀態", "State")}</th>
                                <th scope="col">{tr("主機名稱", "Hostnames")}</th>
                                <th scope="col">{tr("最後登入", "Last sign-in")}</th>
                                <th scope="col">{tr("最後異動", "Last change")}</th>
                                <th scope="col">{tr("項目", "Items")}</th>
                                <th scope="col">{tr("附件大小", "Uploads")}</th>
                                <th scope="col">{tr("首頁 p95", "Homepage p95")}</th>
                            </tr></thead>
                            <tbody>{o.sites.into_iter().map(row).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_like_people_write_them() {
        assert_eq!(super::bytes(999), "999 B");
        assert_eq!(super::bytes(1_500), "1.5 kB");
        assert_eq!(super::bytes(2_000_000), "2.0 MB");
    }
}
