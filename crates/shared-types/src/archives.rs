//! Site archives from the platform admin screen: export a school to one
//! file, or make a new school of one (issue 17).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What an archive job is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ArchiveJobState {
    Running,
    Done,
    Failed,
}

/// An export or import, with its progress; any instance can report it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArchiveJob {
    pub id: i64,
    /// `export` or `import`.
    pub kind: String,
    pub state: ArchiveJobState,
    /// The site exported, or the slug an import makes.
    pub site_slug: String,
    /// The last progress line, or why it failed.
    pub message: String,
    /// The archive's size in bytes, once known.
    pub bytes: u64,
    /// Who started it.
    pub actor_name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// Starts an export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StartExport {
    pub slug: String,
}

/// A started export: the job, and the one address its file downloads from
/// once done (it holds a secret and is shown only here; valid 24 hours).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartedExport {
    pub job: ArchiveJob,
    pub download_url: String,
}

/// The query of an import: the new site's slug (default: the archive's).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ImportQuery {
    pub slug: Option<String>,
}
