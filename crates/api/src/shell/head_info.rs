//! What the head tags of a page say, before escaping.

/// What the head tags of one page say.
pub struct HeadInfo {
    pub title: String,
    pub description: String,
    pub url: Option<String>,
    pub kind: &'static str,
}
