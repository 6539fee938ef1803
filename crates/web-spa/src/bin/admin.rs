//! The admin bundle (`yass-web-admin`): the dashboard under `/admin` and
//! `/s/{slug}/admin`. It never names the visitor site's layout and screens,
//! so none of them are linked in.

use leptos::prelude::*;
use yass_shared_types::spa::Bundle;
use yass_web_spa::admin::AdminApp;
use yass_web_spa::{AdminView, Screens};

fn admin(v: AdminView) -> AnyView {
    view! { <AdminApp slug=v.slug site_base=v.site_base /> }.into_any()
}

fn main() {
    yass_web_spa::start(Screens {
        bundle: Bundle::Admin,
        site: None,
        admin: Some(admin),
    });
}
