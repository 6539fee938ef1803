//! Sites (tenants): one school each.

use crate::Patch;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What visitors may know about a site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SitePublic {
    pub slug: String,
    pub name: String,
    pub slogan: Option<String>,
    pub address: Option<String>,
    pub zip: Option<String>,
    /// As entered, e.g. `02-2345-6789`.
    pub phone: Option<String>,
    /// The phone as a `tel:` URI in E.164, e.g. `tel:+886223456789`.
    pub phone_uri: Option<String>,
    pub fax: Option<String>,
    pub email: Option<String>,
    pub map_link: Option<String>,
    pub map_embed_url: Option<String>,
    /// The hostname feeds and the sitemap link to.
    pub primary_host: Option<String>,
    pub logo_url: Option<String>,
    pub banner_urls: Vec<String>,
}

/// A site as platform admins manage it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Site {
    pub id: i64,
    #[serde(flatten)]
    pub public: SitePublic,
    pub hostnames: Vec<String>,
    /// Hostnames the operators do not serve yet (no nginx and certificate
    /// from a deploy): until then the school is at `/s/{slug}/`.
    #[serde(default)]
    pub hostnames_waiting_tls: Vec<String>,
    pub enabled: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/sites`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateSite {
    // rules::validate::slug (reserved names aside).
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 2,
            max_length = 63,
            pattern = r"^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$"
        )
    )]
    pub slug: String,
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 500, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub slogan: Option<String>,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 500, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub address: Option<String>,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 16, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub zip: Option<String>,
    // rules::phone::to_e164: 0 + 8 or 9 digits, or + and 8 to 15 digits (11 or
    // 12 after +886), with spaces, dashes, dots and parentheses anywhere.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 40,
            pattern = r"^([ ().-]*0[ ().-]*([0-9][ ().-]*){8,9}|\+[ ().-]*([0-79][ ().-]*([0-9][ ().-]*){7,14}|8[ ().-]*([0-79][ ().-]*([0-9][ ().-]*){6,13}|8[ ().-]*([0-57-9][ ().-]*([0-9][ ().-]*){5,12}|6[ ().-]*([0-9][ ().-]*){8,9}))))$"
        )
    )]
    pub phone: Option<String>,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 40,
            pattern = r"^([ ().-]*0[ ().-]*([0-9][ ().-]*){8,9}|\+[ ().-]*([0-79][ ().-]*([0-9][ ().-]*){7,14}|8[ ().-]*([0-79][ ().-]*([0-9][ ().-]*){6,13}|8[ ().-]*([0-57-9][ ().-]*([0-9][ ().-]*){5,12}|6[ ().-]*([0-9][ ().-]*){8,9}))))$"
        )
    )]
    pub fax: Option<String>,
    // rules::validate::email (which also caps it at 254 bytes).
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 254,
            pattern = r"^[^@\s\x00-\x1F\x7F-\x9F]+@[^@.\s\x00-\x1F\x7F-\x9F][^@\s\x00-\x1F\x7F-\x9F]*\.[^@\s\x00-\x1F\x7F-\x9F]*[^@.\s\x00-\x1F\x7F-\x9F]$"
        )
    )]
    pub email: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub map_link: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub map_embed_url: Option<String>,
    // rules::validate::hostname, for each name.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 253,
            pattern = r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.*$"
        )
    )]
    pub hostnames: Vec<String>,
    /// Only the site, its hostnames and its administrators' group; without
    /// it the site starts with a school's defaults (offices as groups, news
    /// categories, starter pages, a menu).
    #[serde(default)]
    pub bare: bool,
}

/// Body of `PATCH /api/v1/sites/{site}`: absent fields stay, `null` clears.
/// `hostnames` and `enabled` are honoured only for platform admins.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateSite {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 500, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub slogan: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 500, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub address: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 16, pattern = r"^[^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub zip: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 40,
            pattern = r"^([ ().-]*0[ ().-]*([0-9][ ().-]*){8,9}|\+[ ().-]*([0-79][ ().-]*([0-9][ ().-]*){7,14}|8[ ().-]*([0-79][ ().-]*([0-9][ ().-]*){6,13}|8[ ().-]*([0-57-9][ ().-]*([0-9][ ().-]*){5,12}|6[ ().-]*([0-9][ ().-]*){8,9}))))$"
        )
    )]
    pub phone: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 40,
            pattern = r"^([ ().-]*0[ ().-]*([0-9][ ().-]*){8,9}|\+[ ().-]*([0-79][ ().-]*([0-9][ ().-]*){7,14}|8[ ().-]*([0-79][ ().-]*([0-9][ ().-]*){6,13}|8[ ().-]*([0-57-9][ ().-]*([0-9][ ().-]*){5,12}|6[ ().-]*([0-9][ ().-]*){8,9}))))$"
        )
    )]
    pub fax: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 254,
            pattern = r"^[^@\s\x00-\x1F\x7F-\x9F]+@[^@.\s\x00-\x1F\x7F-\x9F][^@\s\x00-\x1F\x7F-\x9F]*\.[^@\s\x00-\x1F\x7F-\x9F]*[^@.\s\x00-\x1F\x7F-\x9F]$"
        )
    )]
    pub email: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub map_link: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub map_embed_url: Patch<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 253,
            pattern = r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.*$"
        )
    )]
    pub hostnames: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// Answer of `GET /api/v1/resolve?host=`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Resolved {
    pub slug: String,
    pub name: String,
    /// True when `host` is the site's primary hostname.
    pub primary: bool,
}

/// One hostname of a school, as the operators' deploy reads them: it
/// renders nginx and requests a certificate for each, then marks them
/// ready.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HostnameEntry {
    pub hostname: String,
    pub site_slug: String,
    pub site_enabled: bool,
    pub primary: bool,
    /// Served with a certificate; false: waiting for the deploy.
    pub tls_ready: bool,
}

/// Hostnames the deploy now serves with a certificate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkTlsReady {
    pub hostnames: Vec<String>,
}

/// One school in the platform admins' overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteOverview {
    pub slug: String,
    pub name: String,
    pub enabled: bool,
    pub hostnames: Vec<String>,
    pub hostnames_waiting_tls: Vec<String>,
    /// The latest sign-in of any of its users.
    pub last_sign_in: Option<DateTime<Utc>>,
    /// The latest change recorded in its audit log.
    pub last_change: Option<DateTime<Utc>>,
    /// News, pages, links, extensions and calendar events.
    pub items: u64,
    /// Bytes of its attached files.
    pub upload_bytes: u64,
    /// Its homepage's 95th percentile response time over the last hour, in
    /// milliseconds, from Prometheus (when `YASS_PROMETHEUS_URL` is set and
    /// it has samples).
    pub homepage_p95_ms: Option<f64>,
}

/// The platform admins' overview of every school.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlatformOverview {
    pub sites: Vec<SiteOverview>,
    /// Whether response times come from Prometheus (a URL is configured).
    pub prometheus: bool,
    /// Why Prometheus gave no figures, when it was asked and failed.
    pub prometheus_error: Option<String>,
    /// Where mail is written when no SMTP server is configured (nothing is
    /// sent to anyone then); `None`: mail goes out through SMTP.
    pub mail_written_to: Option<String>,
}
