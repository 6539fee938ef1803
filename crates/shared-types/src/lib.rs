//! Data transfer objects shared by the API and the SPA. No I/O here.
//!
//! The API enables the `openapi` feature so every type also describes itself
//! in the OpenAPI document; the SPA leaves it off to stay small.

pub mod applications;
pub mod archives;
pub mod audit;
pub mod auth;
pub mod content;
pub mod html;
pub mod patch;
pub mod problem;
pub mod revisions;
pub mod site;
pub mod spa;
pub mod time;
pub mod trash;
pub mod users;

pub use patch::Patch;

use serde::{Deserialize, Serialize};

/// One page of a list, with enough to draw a pager.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Paged<T> {
    pub items: Vec<T>,
    /// Every item that matches, across all pages.
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    /// Number of pages (at least 1).
    pub pages: u64,
}
