//! Calendar events as the API shows them.

use crate::storage::calendar_events::{EventRow, when};
use crate::storage::sites::{HostRow, SiteRow, serving_host};
use yass_shared_types::content::{CalendarEvent, CalendarSettings};

pub fn to_dto(e: &EventRow) -> CalendarEvent {
    CalendarEvent {
        id: e.id,
        title: e.title.clone(),
        when: when(e),
        location: e.location.clone(),
        description: e.description.clone(),
    }
}

/// The calendar settings given the site's hostnames (already read).
pub fn settings(s: &SiteRow, hosts: &[HostRow]) -> CalendarSettings {
    let path = format!("/api/v1/sites/{}/calendar.ics", s.slug);
    // Phones subscribe from outside the SPA: give them the school's own
    // host, once it has its certificate (as every other public link does).
    let ics_url = match serving_host(hosts) {
        Some(h) => format!("https://{h}{path}"),
        None => path,
    };
    CalendarSettings {
        google_embed_url: s.google_calendar_url.clone(),
        ics_url,
    }
}

#[cfg(test)]
mod tests {
    use super::settings;
    use crate::storage::sites::{HostRow, SiteRow};

    fn host(name: &str, tls_ready: bool) -> HostRow {
        HostRow {
            id: 1,
            site_id: 1,
            hostname: name.into(),
            is_primary: true,
            tls_ready,
        }
    }

    #[test]
    fn the_feed_is_on_the_schools_host_only_once_it_has_its_certificate() {
        let site = SiteRow {
            slug: "demo".into(),
            ..Default::default()
        };
        let waiting = settings(&site, &[host("new.tp.edu.tw", false)]);
        assert_eq!(waiting.ics_url, "/api/v1/sites/demo/calendar.ics");
        let served = settings(
            &site,
            &[
                host("new.tp.edu.tw", false),
                host("www.demo.tp.edu.tw", true),
            ],
        );
        assert_eq!(
            served.ics_url,
            "https://www.demo.tp.edu.tw/api/v1/sites/demo/calendar.ics"
        );
    }
}
