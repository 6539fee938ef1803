//! What a school publishes: news, pages, links, extensions, calendar,
//! navigation and the homepage that gathers them.

use crate::Patch;
use crate::html::SanitizedHtml;
use crate::site::SitePublic;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------- news

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Category {
    pub id: i64,
    pub name: String,
    pub order: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CategoryInput {
    // The request schemas state what the server checks (api crate, rules::validate
    // and the handlers): names are trimmed, not blank, without control
    // characters, and counted in characters after trimming.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: String,
    #[serde(default)]
    pub order: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    pub id: i64,
    /// The original file name, for display and download.
    pub file_name: String,
    pub content_type: String,
    pub size: u64,
    /// Where to download it.
    pub url: String,
}

/// The state of a news item at the time of the request, for editors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NewsState {
    Draft,
    Scheduled,
    Visible,
    Expired,
}

/// A news item in a list (no body).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewsSummary {
    pub id: i64,
    pub title: String,
    pub category_id: Option<i64>,
    pub category_name: Option<String>,
    pub group_id: i64,
    pub group_name: String,
    pub display_at: DateTime<Utc>,
    /// Pinned at the time of the request.
    pub pinned_now: bool,
    pub tags: Vec<String>,
    pub attachment_count: u64,
}

/// A whole news item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct News {
    pub id: i64,
    pub title: String,
    /// Sanitized HTML, safe to render.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub body: SanitizedHtml,
    pub category_id: Option<i64>,
    pub category_name: Option<String>,
    pub group_id: i64,
    pub group_name: String,
    pub tags: Vec<String>,
    pub attachments: Vec<Attachment>,
    pub display_at: DateTime<Utc>,
    pub visible_from: Option<DateTime<Utc>>,
    pub visible_until: Option<DateTime<Utc>>,
    pub pinned: bool,
    pub pinned_from: Option<DateTime<Utc>>,
    pub pinned_until: Option<DateTime<Utc>>,
    pub pinned_now: bool,
    pub draft: bool,
    pub state: NewsState,
    pub created_by: Option<i64>,
    pub updated_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST` / `PUT` body of a news item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewsInput {
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub category_id: Option<i64>,
    /// The owning group; defaults to the author's first staff group.
    #[serde(default)]
    pub group_id: Option<i64>,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_items = 20, max_length = 30, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub tags: Vec<String>,
    #[serde(default)]
    pub display_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub visible_from: Option<DateTime<Utc>>,
    #[serde(default)]
    pub visible_until: Option<DateTime<Utc>>,
    #[serde(default)]
    pub pinned: bool,
    #[serde(default)]
    pub pinned_from: Option<DateTime<Utc>>,
    #[serde(default)]
    pub pinned_until: Option<DateTime<Utc>>,
    #[serde(default)]
    pub draft: bool,
}

/// `PATCH` body of a news item.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewsPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub category_id: Patch<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_items = 20, max_length = 30, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub tags: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<DateTime<Utc>>))]
    pub visible_from: Patch<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<DateTime<Utc>>))]
    pub visible_until: Patch<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned: Option<bool>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<DateTime<Utc>>))]
    pub pinned_from: Patch<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<DateTime<Utc>>))]
    pub pinned_until: Patch<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<bool>,
}

/// The visitor news list: pinned items first on page 1, then the rest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewsList {
    /// Items pinned now (page 1 only; not counted against `per_page`).
    pub pinned: Vec<NewsSummary>,
    pub items: Vec<NewsSummary>,
    /// Every visible item that matches the filters, pinned included.
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    pub pages: u64,
    /// A keyword matched more items than one search looks at: the results
    /// (and `total`) cover only the newest matches.
    #[serde(default)]
    pub search_capped: bool,
}

/// Whether a news item heads the list, for editors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PinState {
    Unpinned,
    /// Flagged, but its pin window (or its visibility) has not begun.
    Scheduled,
    Pinned,
    Expired,
}

/// A news item in the editors' list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManagedNews {
    pub id: i64,
    pub title: String,
    pub category_id: Option<i64>,
    pub category_name: Option<String>,
    pub group_id: i64,
    pub group_name: String,
    pub display_at: DateTime<Utc>,
    pub visible_from: Option<DateTime<Utc>>,
    pub visible_until: Option<DateTime<Utc>>,
    pub pinned: bool,
    pub pinned_from: Option<DateTime<Utc>>,
    pub pinned_until: Option<DateTime<Utc>>,
    pub draft: bool,
    pub state: NewsState,
    pub pin_state: PinState,
    pub tags: Vec<String>,
    pub attachment_count: u64,
    pub updated_at: DateTime<Utc>,
}

/// A tag and how many visible news items carry it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TagCount {
    pub name: String,
    pub count: u64,
}

/// An uploaded image, re-encoded and resized.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadedImage {
    /// The image, at most 1600 pixels wide.
    pub url: String,
    pub width: u32,
    pub height: u32,
    /// A copy at most 400 pixels wide.
    pub thumbnail_url: String,
}

/// `PATCH` body of a news category.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CategoryPatch {
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: Option<String>,
    #[serde(default)]
    pub order: Option<i32>,
}

// ---------------------------------------------------------------- pages

/// Who may read a page. `restricted` pages are readable by members of their
/// read groups (and the groups below) and by site admins; a restricted page
/// with no read group left is readable by site admins only, never by everyone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PageVisibility {
    #[default]
    Public,
    Restricted,
}

impl PageVisibility {
    pub fn as_str(self) -> &'static str {
        match self {
            PageVisibility::Public => "public",
            PageVisibility::Restricted => "restricted",
        }
    }

    /// Unknown stored values are restricted: a typo never publishes a page.
    pub fn parse(s: &str) -> Self {
        if s == "public" {
            PageVisibility::Public
        } else {
            PageVisibility::Restricted
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page {
    pub id: i64,
    pub title: String,
    /// Sanitized HTML, safe to render.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub body: SanitizedHtml,
    pub tags: Vec<String>,
    pub attachments: Vec<Attachment>,
    /// Groups whose members may edit the page.
    pub edit_group_ids: Vec<i64>,
    pub visibility: PageVisibility,
    /// For `restricted` pages: the groups (and below) that may read it.
    pub read_group_ids: Vec<i64>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PageInput {
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_items = 20, max_length = 30, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub tags: Vec<String>,
    #[serde(default)]
    pub edit_group_ids: Option<Vec<i64>>,
    #[serde(default)]
    pub read_group_ids: Option<Vec<i64>>,
    /// Left out: kept as it is (a new page is `restricted` when read groups
    /// are given, else `public`). `public` with read groups is refused.
    #[serde(default)]
    pub visibility: Option<PageVisibility>,
}

/// A page in the editors' list (no body).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PageSummary {
    pub id: i64,
    pub title: String,
    pub edit_group_ids: Vec<i64>,
    pub visibility: PageVisibility,
    pub read_group_ids: Vec<i64>,
    pub updated_at: DateTime<Utc>,
}

// ---------------------------------------------------------------- links

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Link {
    pub id: i64,
    pub title: String,
    pub url: String,
    pub icon_url: Option<String>,
    pub category_id: i64,
    pub group_id: Option<i64>,
    pub order: i32,
    pub on_homepage: bool,
    pub homepage_order: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LinkInput {
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub title: String,
    pub url: String,
    #[serde(default)]
    pub icon_url: Option<String>,
    /// Defaults to the site's default link category.
    #[serde(default)]
    pub category_id: Option<i64>,
    #[serde(default)]
    pub group_id: Option<i64>,
    #[serde(default)]
    pub order: Option<i32>,
    #[serde(default)]
    pub on_homepage: bool,
    #[serde(default)]
    pub homepage_order: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkCategory {
    pub id: i64,
    pub name: String,
    pub order: i32,
    pub is_default: bool,
    pub links: Vec<Link>,
}

// ---------------------------------------------------------------- extensions

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Extension {
    pub id: i64,
    /// The office, e.g. 教務處.
    pub title: String,
    pub extension: String,
    pub order: i32,
    pub on_homepage: bool,
    /// Ready to use, e.g. `tel:+886223456789,123`. Absent if the site has no phone.
    pub tel_uri: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ExtensionInput {
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub title: String,
    // rules::phone::normalise_extension: 1 to 8 digits once whitespace is removed.
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^[^\S\x1C-\x1F]*([0-9][^\S\x1C-\x1F]*){1,8}$")
    )]
    pub extension: String,
    #[serde(default)]
    pub order: Option<i32>,
    #[serde(default)]
    pub on_homepage: bool,
}

// ---------------------------------------------------------------- calendar

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarSettings {
    /// A validated Google Calendar embed URL, or none.
    pub google_embed_url: Option<String>,
    /// Where phones subscribe to the native events.
    pub ics_url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CalendarSettingsInput {
    /// A Google Calendar embed URL or a calendar id; `null` removes it.
    #[serde(default)]
    pub google_calendar: Option<String>,
}

/// When an event happens: a whole day range (dates) or a time range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventWhen {
    /// `end` is inclusive: a one-day event has `start == end`.
    AllDay { start: NaiveDate, end: NaiveDate },
    Timed {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
}

/// How many days ahead the visitor site's calendar lists native events
/// (`from` = today, `to` = today + this): the server keeps that range in its
/// response cache.
pub const VISITOR_CALENDAR_DAYS: i64 = 120;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarEvent {
    pub id: i64,
    pub title: String,
    pub when: EventWhen,
    pub location: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CalendarEventInput {
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub title: String,
    pub when: EventWhen,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub location: Option<String>,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 2000,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub description: Option<String>,
}

// ---------------------------------------------------------------- navigation

/// What a navigation item points at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum NavTarget {
    Submenu,
    Link { url: String, new_tab: bool },
    Page { page_id: i64 },
    News { category_id: Option<i64> },
    Module { module: NavModule },
    Divider,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NavModule {
    Extensions,
    Links,
    Calendar,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NavItem {
    pub id: i64,
    pub name: String,
    /// For screen readers when the name alone is unclear.
    pub accessible_name: Option<String>,
    pub target: NavTarget,
    pub order: i32,
    pub visible: bool,
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub children: Vec<NavItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NavItemInput {
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub accessible_name: Option<String>,
    pub target: NavTarget,
    #[serde(default)]
    pub parent_id: Option<i64>,
    #[serde(default)]
    pub order: Option<i32>,
    #[serde(default = "default_true")]
    pub visible: bool,
}

fn default_true() -> bool {
    true
}

// ---------------------------------------------------------------- homepage

/// A platform-wide notice (e.g. a typhoon day off) shown on every homepage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Announcement {
    pub id: i64,
    pub title: String,
    /// Sanitized HTML, safe to render.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub body: SanitizedHtml,
    pub visible_from: Option<DateTime<Utc>>,
    pub visible_until: Option<DateTime<Utc>>,
}

/// Everything a school's homepage needs, in one request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Homepage {
    pub site: SitePublic,
    pub announcements: Vec<Announcement>,
    pub nav: Vec<NavItem>,
    pub pinned_news: Vec<NewsSummary>,
    pub latest_news: Vec<NewsSummary>,
    pub links: Vec<Link>,
    pub extensions: Vec<Extension>,
    pub calendar: CalendarSettings,
    pub upcoming_events: Vec<CalendarEvent>,
    /// Which blocks to show, top to bottom (the lists above are already cut
    /// to each block's count; a disabled block's list is empty).
    #[serde(default = "HomepageLayout::empty")]
    pub layout: HomepageLayout,
}

// ---------------------------------------------------------------- site content inputs

/// `POST` body of a link category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LinkCategoryInput {
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: String,
    /// Defaults to after the last category.
    #[serde(default)]
    pub order: Option<i32>,
}

/// `PATCH` body of a link category: only the fields sent change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LinkCategoryPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i32>,
}

/// A new order: every id of the list, first to last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IdOrder {
    pub ids: Vec<i64>,
}

/// `PATCH` body of a navigation item: rename, retarget, show or hide.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NavItemPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 100,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub accessible_name: Patch<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<NavTarget>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible: Option<bool>,
}

/// Moves a navigation item: under `parent_id` (`null` = top level), at
/// `position` among its new siblings (0 = first; past the end = last).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NavMove {
    #[serde(default)]
    pub parent_id: Option<i64>,
    pub position: u32,
}

/// `POST` / `PUT` body of a platform announcement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AnnouncementInput {
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub title: String,
    /// Rich text (HTML), at most 2000 characters; sanitised with the same
    /// allow-list as news, without any one school's uploaded images.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 2000,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub body: String,
    #[serde(default)]
    pub visible_from: Option<DateTime<Utc>>,
    #[serde(default)]
    pub visible_until: Option<DateTime<Utc>>,
}

/// A site's logo and banners (its own image paths or https URLs).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Branding {
    #[serde(default)]
    pub logo_url: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub banner_urls: Vec<String>,
}

/// The blocks a homepage can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HomepageBlockKind {
    Announcements,
    News,
    Links,
    Extensions,
    Calendar,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HomepageBlock {
    pub kind: HomepageBlockKind,
    pub enabled: bool,
    /// How many items the block shows, 1 to 50.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 50))]
    pub count: u32,
}

/// The homepage's blocks, top to bottom; each kind at most once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HomepageLayout {
    #[cfg_attr(feature = "openapi", schema(max_items = 5))]
    pub blocks: Vec<HomepageBlock>,
}

impl HomepageLayout {
    pub fn empty() -> Self {
        Self { blocks: vec![] }
    }
}
