//! Native calendar events (site admins): list a window of days, add, edit
//! and delete. Times are picked in Asia/Taipei; all-day events use date
//! pickers and are stored as dates. A failed save keeps the form.

use crate::admin::api::{Fail, use_session};
use crate::admin::endpoints::calendar;
use crate::admin::event_form::{LocalErrors, input_of, picker_values, switch_value, when_of};
use crate::admin::ui::{FieldErr, Note, NoteLine, checked, confirm, focus_later, tr, val};
use leptos::prelude::*;
use leptos::task::spawn_local;
use yass_shared_types::content::CalendarEvent;

/// The API accepts at most 400 days per list request.
const WINDOW_DAYS: i64 = 399;
/// The list starts this many days before today, so recent events stay editable.
const LOOK_BACK_DAYS: i64 = 30;

#[derive(Clone, Copy)]
struct Form {
    editing: RwSignal<Option<i64>>,
    title: RwSignal<String>,
    all_day: RwSignal<bool>,
    start: RwSignal<String>,
    end: RwSignal<String>,
    location: RwSignal<String>,
    description: RwSignal<String>,
}

impl Form {
    fn new() -> Self {
        Form {
            editing: RwSignal::new(None),
            title: RwSignal::new(String::new()),
            all_day: RwSignal::new(false),
            start: RwSignal::new(String::new()),
            end: RwSignal::new(String::new()),
            location: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
        }
    }

    fn fill(&self, e: &CalendarEvent) {
        let (all_day, start, end) = picker_values(&e.when);
        self.editing.set(Some(e.id));
        self.title.set(e.title.clone());
        self.all_day.set(all_day);
        self.start.set(start);
        self.end.set(end);
        self.location.set(e.location.clone().unwrap_or_default());
        self.description
            .set(e.description.clone().unwrap_or_default());
    }

    fn clear(&self) {
        self.editing.set(None);
        for s in [
            self.title,
            self.start,
            self.end,
            self.location,
            self.description,
        ] {
            s.set(String::new());
        }
        self.all_day.set(false);
    }
}

#[component]
pub fn Events() -> impl IntoView {
    let s = use_session();
    let today = crate::time::today(js_sys::Date::now());
    let from = RwSignal::new(crate::time::ymd_of(crate::time::plus_days(
        today,
        -LOOK_BACK_DAYS,
    )));
    let items = RwSignal::new(Vec::<CalendarEvent>::new());
    let note = RwSignal::new(Note::None);
    let fail = RwSignal::new(None::<Fail>);
    let local = RwSignal::new(LocalErrors::new());
    let saving = RwSignal::new(false);
    let form = Form::new();

    let reload = move || {
        let f = from.get_untracked();
        let to = chrono::NaiveDate::parse_from_str(&f, "%Y-%m-%d")
            .map(|d| crate::time::ymd_of(crate::time::plus_days(d, WINDOW_DAYS)))
            .unwrap_or_default();
        spawn_local(async move {
            match calendar::events(&s, &f, &to).await {
                Ok(v) => items.set(v),
                Err(e) => note.set(Note::Err(e.message())),
            }
        });
    };
    reload();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let when = match when_of(
            form.all_day.get_untracked(),
            &form.start.get_untracked(),
            &form.end.get_untracked(),
        ) {
            Ok(w) => w,
            Err(bad) => {
                local.set(bad);
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
        local.set(LocalErrors::new());
        let body = input_of(
            &form.title.get_untracked(),
            when,
            &form.location.get_untracked(),
            &form.description.get_untracked(),
        );
        saving.set(true);
        note.set(Note::Busy(tr("儲存中…", "Saving…").into()));
        spawn_local(async move {
            let r = match form.editing.get_untracked() {
                None => calendar::create_event(&s, &body).await,
                Some(id) => calendar::update_event(&s, id, &body).await,
            };
            saving.set(false);
            match r {
                Ok(e) => {
                    fail.set(None);
                    form.clear();
                    note.set(Note::Ok(format!(
                        "{}「{}」",
                        tr("已儲存", "Saved"),
                        e.title
                    )));
                    reload();
                }
                Err(f) => {
                    note.set(Note::Err(f.message()));
                    fail.set(Some(f));
                }
            }
        });
    };

    let remove = move |e: CalendarEvent| {
        if !confirm(&format!(
            "{}「{}」？",
            tr("確定要刪除活動", "Delete the event"),
            e.title
        )) {
            return;
        }
        let id = e.id;
        spawn_local(async move {
            match calendar::delete_event(&s, id).await {
                Ok(()) => {
                    if form.editing.get_untracked() == Some(id) {
                        form.clear();
                    }
                    note.set(Note::Ok(tr("已刪除。", "Deleted.").into()));
                    reload();
                }
                Err(f) => note.set(Note::Err(f.message())),
            }
        });
    };

    // API messages first; the `when` rule (ends before it starts) shows under the end.
    let err = move |k: &'static str| {
        Signal::derive(move || {
            local.with(|l| l.get(k).cloned()).or_else(|| {
                fail.with(|f| {
                    f.as_ref().and_then(|f| {
                        f.field(k)
                            .or_else(|| (k == "end").then(|| f.field("when")).flatten())
                    })
                })
            })
        })
    };
    let kind = move || {
        if form.all_day.get() {
            "date"
        } else {
            "datetime-local"
        }
    };
    let rows = move || {
        items
            .get()
            .into_iter()
            .map(|e| {
                let (e1, e2) = (e.clone(), e.clone());
                let when = e.when.clone();
                view! {
                    <tr data-event=e.title.clone()>
                        <td>{e.title.clone()}</td>
                        <td data-when>{move || crate::time::event_when(&when, tr("全天", "all day"))}</td>
                        <td>{e.location.clone().unwrap_or_default()}</td>
                        <td>
                            <button type="button" class="btn small" data-action="edit" on:click=move |_| {
                                form.fill(&e1);
                                fail.set(None);
                                local.set(LocalErrors::new());
                                focus_later("ev-title");
                            }>{move || tr("編輯", "Edit")}</button>
                            " "
                            <button type="button" class="btn small" data-action="delete" on:click=move |_| remove(e2.clone())>
                                {move || tr("刪除", "Delete")}
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };

    view! {
        <section class="adm-section" data-screen="events">
            <h2>{move || tr("行事曆活動", "Calendar events")}</h2>
            <p class="muted">{move || tr("時間皆為臺北時間。", "Times are Taipei time.")}</p>
            <div class="toolbar">
                <label>{move || tr("顯示此日起一年內的活動", "Show a year of events from")}
                    <input id="ev-from" type="date" prop:value=move || from.get() on:change=move |ev| { from.set(val(&ev)); reload(); } />
                </label>
            </div>
            <NoteLine note=note />
            <table class="adm-table" data-list="events">
                <thead><tr>
                    <th scope="col">{move || tr("活動", "Event")}</th>
                    <th scope="col">{move || tr("時間", "When")}</th>
                    <th scope="col">{move || tr("地點", "Location")}</th>
                    <th scope="col">{move || tr("動作", "Actions")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {move || items.with(Vec::is_empty).then(|| view! { <p class="muted">{tr("這段期間沒有活動。", "No events in this period.")}</p> })}
            <form class="adm-form narrow" on:submit=submit data-form="event" novalidate>
                <h3>{move || if form.editing.get().is_some() { tr("編輯活動", "Edit event") } else { tr("新增活動", "New event") }}</h3>
                <label for="ev-title">{move || tr("活動名稱", "Title")}</label>
                <input id="ev-title" aria-describedby="ev-title-err" prop:value=move || form.title.get() on:input=move |ev| form.title.set(val(&ev)) />
                <FieldErr id="ev-title-err" msg=err("title") />
                <label class="check">
                    <input id="ev-all-day" type="checkbox" prop:checked=move || form.all_day.get() on:change=move |ev| {
                        let on = checked(&ev);
                        form.start.update(|v| *v = switch_value(v, on));
                        form.end.update(|v| *v = switch_value(v, on));
                        form.all_day.set(on);
                    } />
                    {move || tr("全天活動", "All day")}
                </label>
                <label for="ev-start">{move || if form.all_day.get() { tr("開始日期", "First day") } else { tr("開始時間（臺北）", "Starts (Taipei time)") }}</label>
                <input id="ev-start" type=kind aria-describedby="ev-start-err" prop:value=move || form.start.get() on:input=move |ev| form.start.set(val(&ev)) on:change=move |ev| form.start.set(val(&ev)) />
                <FieldErr id="ev-start-err" msg=err("start") />
                <label for="ev-end">{move || if form.all_day.get() { tr("結束日期（含當天，可留空）", "Last day (inclusive, optional)") } else { tr("結束時間（臺北）", "Ends (Taipei time)") }}</label>
                <input id="ev-end" type=kind aria-describedby="ev-end-err" prop:value=move || form.end.get() on:input=move |ev| form.end.set(val(&ev)) on:change=move |ev| form.end.set(val(&ev)) />
                <FieldErr id="ev-end-err" msg=err("end") />
                <label for="ev-location">{move || tr("地點", "Location")}</label>
                <input id="ev-location" aria-describedby="ev-location-err" prop:value=move || form.location.get() on:input=move |ev| form.location.set(val(&ev)) />
                <FieldErr id="ev-location-err" msg=err("location") />
                <label for="ev-description">{move || tr("說明", "Description")}</label>
                <textarea id="ev-description" rows="3" aria-describedby="ev-description-err" prop:value=move || form.description.get() on:input=move |ev| form.description.set(val(&ev))></textarea>
                <FieldErr id="ev-description-err" msg=err("description") />
                <div class="form-actions">
                    <button type="submit" class="btn primary" disabled=move || saving.get()>
                        {move || if form.editing.get().is_some() { tr("儲存活動", "Save event") } else { tr("新增活動", "Add event") }}
                    </button>
                    {move || form.editing.get().is_some().then(|| view! {
                        " " <button type="button" class="btn" on:click=move |_| { form.clear(); fail.set(None); local.set(LocalErrors::new()); }>{tr("取消編輯", "Cancel editing")}</button>
                    })}
                </div>
            </form>
        </section>
    }
}
