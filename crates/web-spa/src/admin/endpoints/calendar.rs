//! The site calendar: the Google Calendar embed setting and native events.

use crate::admin::api::{Res, Session};
use yass_shared_types::content::{
    CalendarEvent, CalendarEventInput, CalendarSettings, CalendarSettingsInput,
};

pub async fn settings(s: &Session) -> Res<CalendarSettings> {
    s.get(&s.url("/calendar")).await
}

pub async fn update_settings(s: &Session, input: &CalendarSettingsInput) -> Res<CalendarSettings> {
    s.put(&s.url("/calendar"), input).await
}

/// Events between two dates (`YYYY-MM-DD`, Asia/Taipei).
pub async fn events(s: &Session, from: &str, to: &str) -> Res<Vec<CalendarEvent>> {
    s.get(&format!(
        "{}?from={from}&to={to}",
        s.url("/calendar/events")
    ))
    .await
}

pub async fn create_event(s: &Session, input: &CalendarEventInput) -> Res<CalendarEvent> {
    s.post(&s.url("/calendar/events"), input).await
}

pub async fn update_event(s: &Session, id: i64, input: &CalendarEventInput) -> Res<CalendarEvent> {
    s.put(&s.url(&format!("/calendar/events/{id}")), input)
        .await
}

pub async fn delete_event(s: &Session, id: i64) -> Res<()> {
    s.exec("DELETE", &s.url(&format!("/calendar/events/{id}")), None)
        .await
}
