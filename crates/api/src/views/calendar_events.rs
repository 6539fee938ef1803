//! Calendar events as the API shows them.

use crate::storage::calendar_events::{EventRow, when};
use yass_shared_types::content::CalendarEvent;

pub fn to_dto(e: &EventRow) -> CalendarEvent {
    CalendarEvent {
        id: e.id,
        title: e.title.clone(),
        when: when(e),
        location: e.location.clone(),
        description: e.description.clone(),
    }
}
