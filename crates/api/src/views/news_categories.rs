//! News categories as the API shows them.

use crate::storage::news_categories::CategoryRow;
use yass_shared_types::content::Category;

pub fn to_dto(c: &CategoryRow) -> Category {
    Category {
        id: c.id,
        name: c.name.clone(),
        order: c.sort_order,
    }
}
