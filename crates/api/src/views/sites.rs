//! Sites as the API shows them.

use crate::rules::phone;
use crate::storage::sites::{HostRow, SiteRow};
use crate::storage::{json_list, utc};
use yass_shared_types::content::Branding;
use yass_shared_types::site::{Site, SitePublic};

/// The school's logo and banners, as the admin's branding form holds them.
pub fn branding(s: &SiteRow) -> Branding {
    Branding {
        logo_url: s.logo_url.clone(),
        banner_urls: json_list(&s.banner_urls),
    }
}

pub fn to_public(s: &SiteRow, primary_host: Option<String>) -> SitePublic {
    SitePublic {
        slug: s.slug.clone(),
        name: s.name.clone(),
        slogan: s.slogan.clone(),
        address: s.address.clone(),
        zip: s.zip.clone(),
        phone_uri: s.phone.as_deref().and_then(phone::tel_uri),
        phone: s.phone.clone(),
        fax: s.fax.clone(),
        email: s.email.clone(),
        map_link: s.map_link.clone(),
        map_embed_url: s.map_embed_url.clone(),
        primary_host,
        logo_url: s.logo_url.clone(),
        banner_urls: json_list(&s.banner_urls),
    }
}

pub fn to_dto(s: &SiteRow, hosts: &[HostRow]) -> Site {
    let names: Vec<String> = hosts.iter().map(|h| h.hostname.clone()).collect();
    let serving = crate::storage::sites::serving_host(hosts).map(str::to_string);
    Site {
        id: s.id,
        public: to_public(s, serving),
        hostnames: names,
        hostnames_waiting_tls: hosts
            .iter()
            .filter(|h| !h.tls_ready)
            .map(|h| h.hostname.clone())
            .collect(),
        enabled: s.enabled,
        created_at: utc(s.created_at),
        updated_at: utc(s.updated_at),
    }
}
