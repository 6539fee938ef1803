//! The review queue on the platform dashboard: confirmed applications
//! waiting for a decision (or decided ones), each approved or rejected
//! with a reason that is mailed to the applicant.

use crate::admin::api::use_session;
use crate::admin::endpoints::applications as ep;
use crate::admin::ui::{Note, NoteLine, confirm, tr, val};
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::applications::{Application, ApplicationState};

fn state_label(s: ApplicationState) -> &'static str {
    match s {
        ApplicationState::Submitted => tr("待確認", "Unconfirmed"),
        ApplicationState::Confirmed => tr("待審核", "Waiting"),
        ApplicationState::Approved => tr("已核准", "Approved"),
        ApplicationState::Rejected => tr("未通過", "Rejected"),
    }
}

#[component]
pub fn ReviewQueue() -> impl IntoView {
    let s = use_session();
    let filter = RwSignal::new("confirmed".to_string());
    let items = RwSignal::new(Vec::<Application>::new());
    let note = RwSignal::new(Note::None);
    let reload = move || {
        let st = filter.get_untracked();
        spawn_local(async move {
            match ep::queue(&s, &st, 1).await {
                Ok(p) => items.set(p.items),
                Err(e) => note.set(Note::Err(e.message())),
            }
        });
    };
    reload();
    let reload = Callback::new(move |()| reload());
    view! {
        <section class="adm-section" data-screen="applications">
            <h2>{move || tr("學校網站申請", "School applications")}</h2>
            <label for="aq-filter">{move || tr("顯示", "Show")}</label>
            " "
            <select id="aq-filter" on:change=move |ev| { filter.set(val(&ev)); reload.run(()); }>
                <option value="confirmed">{move || tr("待審核", "Waiting")}</option>
                <option value="approved">{move || tr("已核准", "Approved")}</option>
                <option value="rejected">{move || tr("未通過", "Rejected")}</option>
                <option value="">{move || tr("全部", "All")}</option>
            </select>
            <NoteLine note=note />
            {move || {
                let list = items.get();
                if list.is_empty() {
                    view! { <p data-empty>{tr("沒有申請。", "No applications.")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="adm-cards" data-list="applications">
                            {list.into_iter().map(|a| view! { <ApplicationCard a=a note=note reload=reload /> }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn ApplicationCard(a: Application, note: RwSignal<Note>, reload: Callback<()>) -> impl IntoView {
    let s = use_session();
    let id = a.id;
    let reason = RwSignal::new(String::new());
    let rid = format!("reject-{id}");
    let school = a.school_name.clone();
    let school2 = school.clone();
    let approve = move |_| {
        if !confirm(&format!(
            "{}「{}」？",
            tr("核准並建立網站", "Approve and make the site for"),
            school
        )) {
            return;
        }
        spawn_local(async move {
            match ep::approve(&s, id).await {
                Ok(a) => {
                    note.set(Note::Ok(format!(
                        "{}{}",
                        tr("已核准並建立網站：", "Approved; site made: "),
                        a.slug
                    )));
                    reload.run(());
                }
                Err(e) => note.set(Note::Err(e.message())),
            }
        });
    };
    let reject = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let r = reason.get_untracked();
        let school = school2.clone();
        spawn_local(async move {
            match ep::reject(&s, id, r).await {
                Ok(_) => {
                    note.set(Note::Ok(format!(
                        "{}{school}",
                        tr("已退回：", "Rejected: ")
                    )));
                    reload.run(());
                }
                Err(e) => note.set(Note::Err(e.message())),
            }
        });
    };
    let waiting = a.state == ApplicationState::Confirmed;
    let date = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| crate::time::date_time(&t)).unwrap_or_default()
    };
    view! {
        <li class="adm-card-item" data-application=a.slug.clone()>
            <h3>{a.school_name.clone()} " " <span class="badge" data-state>{state_label(a.state)}</span></h3>
            <dl class="adm-facts">
                <dt>{tr("學校代碼", "School code")}</dt><dd>{a.school_code.clone()}</dd>
                <dt>{tr("學制／行政區", "Level / district")}</dt><dd>{format!("{}／{}", a.level, a.district)}</dd>
                <dt>{tr("聯絡人", "Contact")}</dt><dd>{format!("{}（{}，{}）", a.contact_name, a.email, a.phone)}</dd>
                <dt>{tr("網址", "Address")}</dt><dd>{format!("/s/{}/", a.slug)} {a.hostname.clone().map(|h| format!(" · {h}"))}</dd>
                <dt>{tr("帳號", "Account")}</dt><dd>{a.account.clone()}</dd>
                {(!a.note.is_empty()).then(|| view! { <dt>{tr("備註", "Note")}</dt><dd class="pre">{a.note.clone()}</dd> })}
                <dt>{tr("送出／確認", "Submitted / confirmed")}</dt><dd>{format!("{} / {}", crate::time::date_time(&a.submitted_at), date(a.confirmed_at))}</dd>
                {a.decided_at.map(|t| view! { <dt>{tr("審核", "Decided")}</dt><dd>{format!("{} {}", crate::time::date_time(&t), a.decided_by.clone().unwrap_or_default())}</dd> })}
                {a.reason.clone().map(|r| view! { <dt>{tr("原因", "Reason")}</dt><dd class="pre">{r}</dd> })}
            </dl>
            {waiting.then(|| view! {
                <div class="form-actions">
                    <button type="button" class="btn primary" data-action="approve" on:click=approve>{move || tr("核准", "Approve")}</button>
                </div>
                <form class="adm-form" on:submit=reject data-form="reject">
                    <label for=rid.clone()>{move || tr("退回原因（會寄給申請人）", "Reason for rejecting (mailed to the applicant)")}</label>
                    <textarea id=rid.clone() rows="2" prop:value=move || reason.get() on:input=move |ev| reason.set(val(&ev))></textarea>
                    <div class="form-actions"><button type="submit" class="btn" data-action="reject">{move || tr("退回", "Reject")}</button></div>
                </form>
            })}
        </li>
    }
}
