//! The visitor bundle (`yass-web-spa`): schools' public sites. It never names
//! the admin dashboard, so none of it is linked in.

use leptos::prelude::*;
use yass_shared_types::spa::Bundle;
use yass_web_spa::views::layout::SiteShell;
use yass_web_spa::{Screens, SiteView};

fn site(v: SiteView) -> AnyView {
    view! { <SiteShell slug=v.slug urls=v.urls screen=v.screen /> }.into_any()
}

fn main() {
    yass_web_spa::start(Screens {
        bundle: Bundle::Site,
        site: Some(site),
        admin: None,
    });
}
