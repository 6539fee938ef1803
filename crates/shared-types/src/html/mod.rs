//! Rich text: the type that says a string passed the server's allow-list,
//! and (feature `sanitize`, server side only) the allow-list itself.
//!
//! The SPA renders rich text as HTML, so it only accepts [`SanitizedHtml`],
//! which it can get in one way: by deserialising the API's JSON. It has no
//! constructor from a `String` on the SPA side; the server's constructors
//! are behind the `sanitize` feature, which the SPA does not enable
//! (docs/decisions/0009-sanitized-html.md).

use serde::{Deserialize, Serialize};

#[cfg(feature = "sanitize")]
mod sanitizer;
#[cfg(feature = "sanitize")]
pub use sanitizer::{FRAME_HOSTS, iframe_allowed, image_allowed, sanitize};

/// HTML that passed the rich-text allow-list on the server: safe to render
/// as HTML. On the wire it is a plain JSON string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SanitizedHtml(String);

impl SanitizedHtml {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_string(self) -> String {
        self.0
    }

    /// HTML read back from the database. Every write path stores the output
    /// of [`sanitize`] (and a migration re-sanitised what an older version
    /// stored), so a stored body is vouched for. Server only.
    #[cfg(feature = "sanitize")]
    pub fn from_stored(html: String) -> Self {
        SanitizedHtml(html)
    }
}
