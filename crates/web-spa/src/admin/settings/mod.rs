//! Site settings (name, contact details, map), branding (logo, banners),
//! the homepage layout, and the news categories, one part per file.

mod branding;
mod homepage_layout;
mod news_categories;
mod site_fields;
mod site_settings;

pub use news_categories::NewsCategories;
pub use site_settings::Settings;

use crate::admin::api::Fail;
use leptos::prelude::*;

/// The API's message for one field of the last failed save.
fn err_of(fail: RwSignal<Option<Fail>>, k: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || fail.with(|f| f.as_ref().and_then(|f| f.field(k))))
}

/// Moves item `i` one place up or down (no-op at the ends).
pub fn shift<T>(v: &mut [T], i: usize, up: bool) {
    if up && i > 0 {
        v.swap(i, i - 1);
    } else if !up && i + 1 < v.len() {
        v.swap(i, i + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::shift;

    #[test]
    fn shifting() {
        let mut v = vec![1, 2, 3];
        shift(&mut v, 0, true);
        assert_eq!(v, [1, 2, 3]);
        shift(&mut v, 0, false);
        assert_eq!(v, [2, 1, 3]);
        shift(&mut v, 2, false);
        assert_eq!(v, [2, 1, 3]);
        shift(&mut v, 2, true);
        assert_eq!(v, [2, 3, 1]);
    }
}
