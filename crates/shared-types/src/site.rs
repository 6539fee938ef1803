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
    pub enabled: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/sites`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateSite {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub slogan: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub zip: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub fax: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub map_link: Option<String>,
    #[serde(default)]
    pub map_embed_url: Option<String>,
    #[serde(default)]
    pub hostnames: Vec<String>,
}

/// Body of `PATCH /api/v1/sites/{site}`: absent fields stay, `null` clears.
/// `hostnames` and `enabled` are honoured only for platform admins.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateSite {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub slogan: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub address: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub zip: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub phone: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub fax: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub email: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub map_link: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub map_embed_url: Patch<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
