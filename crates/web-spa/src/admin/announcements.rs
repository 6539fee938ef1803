//! City-wide announcements (全市公告, e.g. a typhoon day off) on the
//! platform dashboard: list them with their state, write one with a
//! schedule, edit it, end it now, and preview it as a school's homepage
//! shows it.

use crate::admin::api::{Fail, use_session};
use crate::admin::dt;
use crate::admin::endpoints::announcements as ep;
use crate::admin::ui::{FieldErr, Note, NoteLine, confirm, tr, val};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::content::{Announcement, AnnouncementInput};

/// Plain text typed in the form, as paragraphs of escaped HTML (the API
/// sanitises it again).
pub fn paragraphs_html(text: &str) -> String {
    use std::fmt::Write;
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .fold(String::new(), |mut out, p| {
            let _ = write!(out, "<p>{}</p>", escape(p).replace('\n', "<br>"));
            out
        })
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A stored body back to the plain text of the form.
pub fn plain_text(html: &str) -> String {
    let spaced = html
        .replace("</p>", "\n\n")
        .replace("<br>", "\n")
        .replace("<br/>", "\n")
        .replace("<br />", "\n");
    let mut out = String::new();
    let mut in_tag = false;
    for c in spaced.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .trim()
        .to_string()
}

/// 顯示中 / 排程中 / 已結束, at `now`.
fn state_of(a: &Announcement, now: DateTime<Utc>) -> (&'static str, &'static str, &'static str) {
    if a.visible_until.is_some_and(|u| u <= now) {
        ("expired", "已結束", "Ended")
    } else if a.visible_from.is_some_and(|f| f > now) {
        ("scheduled", "排程中", "Scheduled")
    } else {
        ("visible", "顯示中", "Showing")
    }
}

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

#[component]
pub fn Announcements() -> impl IntoView {
    let s = use_session();
    let items = RwSignal::new(Vec::<Announcement>::new());
    let note = RwSignal::new(Note::None);
    let fail = RwSignal::new(None::<Fail>);
    let editing = RwSignal::new(None::<i64>);
    let title = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let reload = move || {
        spawn_local(async move {
            match ep::list_all(&s).await {
                Ok(v) => items.set(v),
                Err(e) => note.set(Note::Err(e.message())),
            }
        });
    };
    reload();
    let clear = move || {
        editing.set(None);
        title.set(String::new());
        text.set(String::new());
        from.set(String::new());
        until.set(String::new());
        fail.set(None);
    };
    let edit = move |a: Announcement| {
        editing.set(Some(a.id));
        title.set(a.title.clone());
        text.set(plain_text(a.body.as_str()));
        from.set(dt::opt_to_local_input(a.visible_from.as_ref()));
        until.set(dt::opt_to_local_input(a.visible_until.as_ref()));
        crate::admin::ui::focus_later("an-title");
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Ok(vf), Ok(vu)) = (
            dt::from_local_input(&from.get_untracked()),
            dt::from_local_input(&until.get_untracked()),
        ) else {
            note.set(Note::Err(
                tr("日期時間格式不正確。", "A date and time is not valid.").into(),
            ));
            return;
        };
        let input = AnnouncementInput {
            title: title.get_untracked().trim().to_string(),
            body: paragraphs_html(&text.get_untracked()),
            visible_from: vf,
            visible_until: vu,
        };
        let id = editing.get_untracked();
        spawn_local(async move {
            let r = match id {
                Some(id) => ep::update(&s, id, &input).await,
                None => ep::create(&s, &input).await,
            };
            match r {
                Ok(_) => {
                    note.set(Note::Ok(
                        tr(
                            "已儲存。全市學校首頁都會顯示。",
                            "Saved. Every school's homepage shows it.",
                        )
                        .into(),
                    ));
                    clear();
                    reload();
                }
                Err(e) => {
                    note.set(Note::Err(e.message()));
                    fail.set(Some(e));
                }
            }
        });
    };
    let end_now = move |a: Announcement| {
        let input = AnnouncementInput {
            title: a.title.clone(),
            body: a.body.as_str().to_string(),
            visible_from: a.visible_from,
            visible_until: Some(now()),
        };
        spawn_local(async move {
            match ep::update(&s, a.id, &input).await {
                Ok(_) => {
                    note.set(Note::Ok(tr("已結束顯示。", "Ended.").into()));
                    reload();
                }
                Err(e) => note.set(Note::Err(e.message())),
            }
        });
    };
    let remove = move |a: Announcement| {
        if !confirm(&format!(
            "{}「{}」？",
            tr("確定要刪除公告", "Delete the announcement"),
            a.title
        )) {
            return;
        }
        spawn_local(async move {
            match ep::delete(&s, a.id).await {
                Ok(()) => {
                    note.set(Note::Ok(tr("已刪除。", "Deleted.").into()));
                    reload();
                }
                Err(e) => note.set(Note::Err(e.message())),
            }
        });
    };
    let err = move |k: &'static str| {
        Signal::derive(move || fail.with(|f| f.as_ref().and_then(|f| f.field(k))))
    };
    let window = |a: &Announcement| {
        let f = a
            .visible_from
            .map_or_else(|| tr("立即", "now").into(), |t| crate::time::date_time(&t));
        let u = a.visible_until.map_or_else(
            || tr("不限", "no end").into(),
            |t| crate::time::date_time(&t),
        );
        format!("{f} – {u}")
    };
    view! {
        <section class="adm-section" data-screen="announcements">
            <h1>{move || tr("全市公告", "City-wide announcements")}</h1>
            <p>{move || tr("公告會顯示在每一所學校的首頁最上方，例如颱風停課。", "Announcements show at the top of every school's homepage, e.g. a typhoon day off.")}</p>
            <NoteLine note=note />
            <table class="adm-table" data-list="announcements">
                <thead><tr>
                    <th scope="col">{move || tr("標題", "Title")}</th>
                    <th scope="col">{move || tr("顯示期間", "Shown")}</th>
                    <th scope="col">{move || tr("狀態", "State")}</th>
                    <th scope="col">{move || tr("動作", "Actions")}</th>
                </tr></thead>
                <tbody>
                    {move || {
                        let t = now();
                        items.get().into_iter().map(|a| {
                            let (cls, zh, en) = state_of(&a, t);
                            let (a1, a2, a3) = (a.clone(), a.clone(), a.clone());
                            view! {
                                <tr data-announcement=a.id>
                                    <td>{a.title.clone()}</td>
                                    <td>{window(&a)}</td>
                                    <td><span class=format!("badge {cls}") data-state=cls>{move || tr(zh, en)}</span></td>
                                    <td>
                                        <button type="button" class="btn small" data-action="edit" on:click=move |_| edit(a1.clone())>{move || tr("編輯", "Edit")}</button>
                                        " "
                                        {(cls == "visible").then(|| view! {
                                            <button type="button" class="btn small" data-action="end" on:click=move |_| end_now(a2.clone())>{move || tr("立即結束", "End now")}</button>
                                        })}
                                        " "
                                        <button type="button" class="btn small danger" data-action="delete" on:click=move |_| remove(a3.clone())>{move || tr("刪除", "Delete")}</button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
            <form class="adm-form narrow" on:submit=save novalidate data-form="announcement">
                <h2>{move || if editing.get().is_some() { tr("編輯公告", "Edit the announcement") } else { tr("新增公告", "New announcement") }}</h2>
                <label for="an-title">{move || tr("標題", "Title")}</label>
                <input id="an-title" aria-describedby="an-title-err" prop:value=move || title.get() on:input=move |ev| title.set(val(&ev)) />
                <FieldErr id="an-title-err" msg=err("title") />
                <label for="an-body">{move || tr("內容（空一行分段）", "Text (a blank line starts a paragraph)")}</label>
                <textarea id="an-body" rows="4" aria-describedby="an-body-err" prop:value=move || text.get() on:input=move |ev| text.set(val(&ev))></textarea>
                <FieldErr id="an-body-err" msg=err("body") />
                <label for="an-from">{move || tr("開始顯示（臺北時間，留空為立即）", "Show from (Taipei time; empty: now)")}</label>
                <input id="an-from" type="datetime-local" aria-describedby="an-from-err" prop:value=move || from.get() on:input=move |ev| from.set(val(&ev)) />
                <FieldErr id="an-from-err" msg=err("visible_from") />
                <label for="an-until">{move || tr("結束顯示（留空為不限）", "Show until (empty: no end)")}</label>
                <input id="an-until" type="datetime-local" aria-describedby="an-until-err" prop:value=move || until.get() on:input=move |ev| until.set(val(&ev)) />
                <FieldErr id="an-until-err" msg=err("visible_until") />
                <div class="form-actions">
                    <button type="submit" class="btn primary">{move || tr("儲存", "Save")}</button>
                    {move || editing.get().is_some().then(|| view! {
                        <button type="button" class="btn" on:click=move |_| clear()>{move || tr("取消編輯", "Cancel editing")}</button>
                    })}
                </div>
            </form>
            <h2>{move || tr("預覽：學校首頁上的樣子", "Preview: as a school's homepage shows it")}</h2>
            <div class="adm-preview" data-preview>
                <section class="announcements" aria-label=move || tr("預覽", "Preview")>
                    <p class="announcements-h">{move || tr("重要公告", "Announcements")}</p>
                    <article class="announcement">
                        <h3>{move || title.get()}</h3>
                        {move || text.get().split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(|p| view! { <p class="pre">{p.to_string()}</p> }).collect_view()}
                    </article>
                </section>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_becomes_escaped_paragraphs_and_back() {
        let html = paragraphs_html("明日停課。\n請注意安全 <b>\n\n  第二段 & 其他  ");
        assert_eq!(
            html,
            "<p>明日停課。<br>請注意安全 &lt;b&gt;</p><p>第二段 &amp; 其他</p>"
        );
        assert_eq!(
            plain_text(&html),
            "明日停課。\n請注意安全 <b>\n\n第二段 & 其他"
        );
    }
}
