//! The HTML shells of the two SPA bundles, served with security headers and
//! server-rendered head tags (link previews and crawlers do not run WASM).
//! `serve` answers; `head` fills the tags, with `item_head` for news and
//! pages; `request_site` finds the school a request is for.

pub mod head;
pub mod head_info;
pub mod item_head;
pub mod legacy;
pub mod request_site;
pub mod serve;
