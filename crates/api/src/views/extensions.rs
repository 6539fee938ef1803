//! Extensions as the API shows them.

use crate::rules::phone;
use crate::storage::extensions::ExtensionRow;
use yass_shared_types::content::Extension;

/// The DTO, with the tap-to-call URI built from the site's phone.
pub fn to_dto(e: &ExtensionRow, site_phone: Option<&str>) -> Extension {
    Extension {
        id: e.id,
        title: e.title.clone(),
        extension: e.extension.clone(),
        order: e.sort_order,
        on_homepage: e.on_homepage,
        tel_uri: site_phone.and_then(|p| phone::tel_uri_with_extension(p, &e.extension)),
    }
}
