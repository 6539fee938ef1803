//! Multipart uploads with a real byte-progress bar. gloo-net (fetch) cannot
//! report upload progress, so this uses `XMLHttpRequest.upload.onprogress`.

use crate::admin::api::{Fail, Res, Session};
use leptos::prelude::GetUntracked;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{FormData, ProgressEvent, XmlHttpRequest};
use yass_shared_types::problem::Problem;

/// Sends one file as the multipart field `file`; `progress(loaded, total)`
/// is called as bytes leave the browser. Retries once after a 401.
pub async fn upload<T: DeserializeOwned>(
    s: &Session,
    url: &str,
    file: &web_sys::File,
    progress: impl Fn(f64, f64) + Clone + 'static,
) -> Res<T> {
    let mut attempt = send_once(s, url, file, progress.clone()).await?;
    if attempt.0 == 401 {
        if s.refresh().await {
            attempt = send_once(s, url, file, progress).await?;
        } else {
            s.session_ended();
        }
    }
    let (status, text) = attempt;
    if (200..300).contains(&status) {
        return serde_json::from_str(&text).map_err(|_| Fail::Status(0));
    }
    Err(match serde_json::from_str::<Problem>(&text) {
        Ok(p) => Fail::Problem(p),
        Err(_) => Fail::Status(status),
    })
}

async fn send_once(
    s: &Session,
    url: &str,
    file: &web_sys::File,
    progress: impl Fn(f64, f64) + 'static,
) -> Res<(u16, String)> {
    let xhr = XmlHttpRequest::new().map_err(|_| Fail::Network)?;
    xhr.open("POST", url).map_err(|_| Fail::Network)?;
    if let Some(t) = s.token.get_untracked() {
        let _ = xhr.set_request_header("Authorization", &format!("Bearer {t}"));
    }
    let _ = xhr.set_request_header("Accept", "application/json");
    let form = FormData::new().map_err(|_| Fail::Network)?;
    form.append_with_blob_and_filename("file", file, &file.name())
        .map_err(|_| Fail::Network)?;
    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
        if e.length_computable() {
            progress(e.loaded(), e.total());
        }
    });
    if let Ok(up) = xhr.upload() {
        up.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    let x = xhr.clone();
    let done = js_sys::Promise::new(&mut move |resolve, _| {
        // load, error and abort all settle the promise; the status tells them apart.
        x.set_onload(Some(&resolve));
        x.set_onerror(Some(&resolve));
        x.set_onabort(Some(&resolve));
    });
    xhr.send_with_opt_form_data(Some(&form))
        .map_err(|_| Fail::Network)?;
    let _ = wasm_bindgen_futures::JsFuture::from(done).await;
    drop(on_progress);
    let status = xhr.status().unwrap_or(0);
    if status == 0 {
        return Err(Fail::Network);
    }
    Ok((
        status,
        xhr.response_text().ok().flatten().unwrap_or_default(),
    ))
}

/// The bar of an upload in flight (`(sent, total)` bytes; none: idle).
#[leptos::component]
pub fn UploadProgress(
    progress: leptos::prelude::RwSignal<Option<(f64, f64)>>,
) -> impl leptos::IntoView {
    use leptos::prelude::*;
    move || {
        progress.get().map(|(l, t)| {
            let pct = if t > 0.0 { (l / t * 100.0).round() } else { 0.0 };
            view! {
                <label class="upload-progress" data-progress>
                    {format!("{} {} / {} ({pct}%)", crate::admin::ui::tr("上傳進度", "Progress"), human_size(l), human_size(t))}
                    <progress max=t value=l></progress>
                </label>
            }
        })
    }
}

/// `1.2 MB` style sizes.
pub fn human_size(bytes: f64) -> String {
    if bytes >= 1024.0 * 1024.0 {
        format!("{:.1} MB", bytes / 1024.0 / 1024.0)
    } else if bytes >= 1024.0 {
        format!("{:.0} KB", bytes / 1024.0)
    } else {
        format!("{bytes:.0} B")
    }
}

#[cfg(test)]
mod tests {
    use super::human_size;

    #[test]
    fn sizes() {
        assert_eq!(human_size(512.0), "512 B");
        assert_eq!(human_size(2048.0), "2 KB");
        assert_eq!(human_size(3.0 * 1024.0 * 1024.0), "3.0 MB");
    }
}
