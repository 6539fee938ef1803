//! Small pieces every admin screen shares: texts in two languages, field
//! errors, status lines, confirmations.

use crate::i18n::Lang;
use leptos::prelude::*;

/// The current language (reactive when called inside a view closure).
pub fn lang_now() -> Lang {
    use_context::<RwSignal<Lang>>().map_or(Lang::Zh, |l| l.get())
}

/// Picks the Chinese or English text; reactive inside view closures.
pub fn tr(zh: &'static str, en: &'static str) -> &'static str {
    match lang_now() {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Asks before a destructive action (the browser's own, keyboard-friendly dialog).
pub fn confirm(message: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(message).ok())
        .unwrap_or(false)
}

pub fn prompt(message: &str, default: &str) -> Option<String> {
    web_sys::window()
        .and_then(|w| w.prompt_with_message_and_default(message, default).ok())
        .flatten()
}

/// What happened after the last action, announced to screen readers.
#[derive(Clone, Debug, PartialEq)]
pub enum Note {
    None,
    Busy(String),
    Ok(String),
    Err(String),
}

#[component]
pub fn NoteLine(note: RwSignal<Note>) -> impl IntoView {
    move || match note.get() {
        Note::None => {
            view! { <p class="adm-note" role="status" aria-live="polite"></p> }.into_any()
        }
        Note::Busy(m) => view! {
            <p class="adm-note busy" role="status" aria-live="polite">
                <span class="spinner" aria-hidden="true"></span>
                {m}
            </p>
        }
        .into_any(),
        Note::Ok(m) => {
            view! { <p class="adm-note ok" role="status" aria-live="polite">{m}</p> }.into_any()
        }
        Note::Err(m) => view! { <p class="adm-note err" role="alert">{m}</p> }.into_any(),
    }
}

/// The API's message for one field, shown under it (`id` for aria-describedby).
#[component]
pub fn FieldErr(id: &'static str, msg: Signal<Option<String>>) -> impl IntoView {
    move || {
        msg.get()
            .map(|m| view! { <p class="field-err" id=id>{m}</p> })
    }
}

/// Reads an `<input>`'s value from an event.
pub fn val(ev: &leptos::ev::Event) -> String {
    event_target_value(ev)
}

pub fn checked(ev: &leptos::ev::Event) -> bool {
    event_target_checked(ev)
}

/// Parses a comma/、-separated list (tags, e-mail addresses).
pub fn split_list(s: &str) -> Vec<String> {
    s.split([',', '，', '、', '\n'])
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Focuses an element by id after the view updates.
pub fn focus_later(id: &'static str) {
    request_animation_frame(move || crate::views::common::focus_id(id));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_on_both_commas() {
        assert_eq!(split_list("a, b，c、 ,d"), vec!["a", "b", "c", "d"]);
        assert!(split_list("  ").is_empty());
    }
}
