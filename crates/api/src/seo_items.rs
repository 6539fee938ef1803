//! Head tags for individual items (news, pages). Content modules add theirs.

use crate::error::ApiError;
use crate::routes::State;
use crate::seo::HeadInfo;
use crate::storage::sites::SiteRow;

/// Head info for the item a SPA path names, if it is public.
pub async fn item_head(
    _state: &State,
    _site: &SiteRow,
    _path: &str,
) -> Result<Option<HeadInfo>, ApiError> {
    Ok(None)
}
