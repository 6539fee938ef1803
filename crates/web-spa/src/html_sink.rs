//! The one module that writes HTML strings into the page (issue 12, item 7).
//!
//! Everywhere else the SPA renders text, which Leptos escapes. What may be
//! written as HTML is either [`SanitizedHtml`] — obtainable only by
//! deserialising the API's JSON, i.e. output of the server's rich-text
//! allow-list — or markup this module builds itself from escaped parts (the
//! editor's link, image and table). A test in crates/api/tests
//! (`html_sinks`) fails on any HTML sink outside this file.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use yass_shared_types::html::SanitizedHtml;

/// Rich text from the API (a news body, a page, an announcement).
#[component]
pub fn RichHtml(html: SanitizedHtml) -> impl IntoView {
    view! { <div class="rich" inner_html=html.into_string()></div> }
}

/// Puts stored rich text into the editor's `contenteditable` region.
pub fn load_editor(el: &web_sys::HtmlElement, html: &SanitizedHtml) {
    el.set_inner_html(html.as_str());
}

/// What the editor holds now, to send to the API (which sanitises it).
/// Reading is no sink; it lives here so the test has one place to allow.
pub fn editor_markup(el: &web_sys::HtmlElement) -> String {
    el.inner_html()
}

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Markup the editor inserts at the caret: made only by the constructors
/// below, which escape what the user typed.
pub struct EditorMarkup(String);

impl EditorMarkup {
    /// A link showing its own address.
    pub fn link(url: &str) -> Self {
        let u = escape_attr(url);
        EditorMarkup(format!("<a href=\"{u}\">{u}</a>"))
    }

    /// An uploaded image with its description.
    pub fn image(src: &str, alt: &str) -> Self {
        EditorMarkup(format!(
            "<img src=\"{}\" alt=\"{}\">",
            escape_attr(src),
            escape_attr(alt)
        ))
    }

    /// An empty two-column table with a header row.
    pub fn table() -> Self {
        EditorMarkup(
            "<table><thead><tr><th>標題</th><th>標題</th></tr></thead><tbody><tr><td>&nbsp;</td><td>&nbsp;</td></tr><tr><td>&nbsp;</td><td>&nbsp;</td></tr></tbody></table><p><br></p>"
                .into(),
        )
    }
}

/// Inserts `markup` at the caret of the focused editor (undoable).
pub fn insert_at_caret(markup: EditorMarkup) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        let doc: web_sys::HtmlDocument = doc.unchecked_into();
        let _ = doc.exec_command_with_show_ui_and_value("insertHTML", false, &markup.0);
    }
}
