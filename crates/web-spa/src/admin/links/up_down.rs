//! The up/down buttons every orderable item has, and keeping the keyboard
//! focus on them after the list is redrawn.

use crate::admin::ui::tr;
use leptos::prelude::*;

/// Keeps keyboard focus on the button just used; at the end of the list
/// (where it is disabled) on its twin.
pub(super) fn refocus(id: String, twin: String) {
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        let doc = web_sys::window().and_then(|w| w.document());
        let get = |i: &str| {
            doc.as_ref()
                .and_then(|d| d.get_element_by_id(i))
                .and_then(|e| e.dyn_into::<web_sys::HtmlButtonElement>().ok())
        };
        match get(&id) {
            Some(b) if !b.disabled() => {
                let _ = b.focus();
            }
            _ => {
                if let Some(b) = get(&twin) {
                    let _ = b.focus();
                }
            }
        }
    });
}

/// Up and down buttons for one item; `key` makes their ids unique.
#[component]
pub(super) fn UpDown(
    key: String,
    name: String,
    first: bool,
    last: bool,
    on_move: Callback<bool>,
) -> impl IntoView {
    let (up_id, down_id) = (format!("{key}-up"), format!("{key}-down"));
    let (n1, n2) = (name.clone(), name);
    view! {
        <button type="button" class="btn small" id=up_id data-action="up" disabled=first
            aria-label=move || format!("{}：{}", tr("上移", "Move up"), n1)
            on:click=move |_| on_move.run(true)>"↑"</button>
        <button type="button" class="btn small" id=down_id data-action="down" disabled=last
            aria-label=move || format!("{}：{}", tr("下移", "Move down"), n2)
            on:click=move |_| on_move.run(false)>"↓"</button>
    }
}
