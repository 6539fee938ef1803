//! `?page=&per_page=` of every list, validated in one place.

use crate::error::{ApiResult, FieldErrors};
use serde::Deserialize;
use utoipa::IntoParams;

/// `?page=&per_page=` of every list.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// 1-based page number.
    pub page: Option<u64>,
    /// Items per page, 1 to 100 (default 20).
    pub per_page: Option<u64>,
}

impl PageQuery {
    pub fn resolve(&self) -> ApiResult<(u64, u64)> {
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(20);
        let mut e = FieldErrors::new();
        if page == 0 || page > 1_000_000 {
            e.add("page", "Pages start at 1.");
        }
        if !(1..=100).contains(&per_page) {
            e.add("per_page", "Between 1 and 100 items per page.");
        }
        e.into_result()?;
        Ok((page, per_page))
    }
}

pub fn pages(total: u64, per_page: u64) -> u64 {
    total.div_ceil(per_page).max(1)
}

/// One page of a list with its pager numbers.
pub fn paged<T>(
    items: Vec<T>,
    total: u64,
    page: u64,
    per_page: u64,
) -> yass_shared_types::Paged<T> {
    yass_shared_types::Paged {
        items,
        total,
        page,
        per_page,
        pages: pages(total, per_page),
    }
}
