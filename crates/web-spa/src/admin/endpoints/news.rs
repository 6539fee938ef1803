//! News items as editors see them (drafts and scheduled items too), and
//! their attachments.

use crate::admin::api::{Res, Session};
use crate::admin::upload::upload;
use crate::routes::encode;
use yass_shared_types::Paged;
use yass_shared_types::content::{Attachment, ManagedNews, News, NewsInput};

/// The editors' list filters, as the list screen holds them (empty = any).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ManagedFilter {
    pub page: u64,
    pub state: String,
    pub category: String,
    pub group: String,
    /// Keyword.
    pub q: String,
}

impl ManagedFilter {
    /// `page=2&state=draft&q=...`: blank filters are left out, values trimmed
    /// and encoded.
    fn query(&self) -> String {
        let mut qs = vec![format!("page={}", self.page)];
        for (k, v) in [
            ("state", &self.state),
            ("category", &self.category),
            ("group", &self.group),
            ("q", &self.q),
        ] {
            if !v.trim().is_empty() {
                qs.push(format!("{k}={}", encode(v.trim())));
            }
        }
        qs.join("&")
    }
}

pub async fn list_managed(s: &Session, filter: &ManagedFilter) -> Res<Paged<ManagedNews>> {
    s.get(&format!("{}?{}", s.url("/manage/news"), filter.query()))
        .await
}

pub async fn get(s: &Session, id: i64) -> Res<News> {
    s.get(&s.url(&format!("/news/{id}"))).await
}

pub async fn create(s: &Session, input: &NewsInput) -> Res<News> {
    s.post(&s.url("/news"), input).await
}

pub async fn update(s: &Session, id: i64, input: &NewsInput) -> Res<News> {
    s.put(&s.url(&format!("/news/{id}")), input).await
}

pub async fn delete(s: &Session, id: i64) -> Res<()> {
    s.exec("DELETE", &s.url(&format!("/news/{id}")), None).await
}

/// Attaches one file to an item; `progress(loaded, total)` follows the bytes sent.
pub async fn upload_attachment(
    s: &Session,
    news_id: i64,
    file: &web_sys::File,
    progress: impl Fn(f64, f64) + Clone + 'static,
) -> Res<Attachment> {
    let url = s.url(&format!("/news/{news_id}/attachments"));
    upload(s, &url, file, progress).await
}

pub async fn delete_attachment(s: &Session, id: i64) -> Res<()> {
    s.exec("DELETE", &s.url(&format!("/attachments/{id}")), None)
        .await
}

#[cfg(test)]
mod tests {
    use super::ManagedFilter;

    #[test]
    fn blank_filters_are_left_out_and_values_encoded() {
        let f = ManagedFilter {
            page: 3,
            state: "draft".into(),
            q: " 運動會 & ".into(),
            ..Default::default()
        };
        assert_eq!(
            f.query(),
            format!("page=3&state=draft&q={}", crate::routes::encode("運動會 &"))
        );
        let none = ManagedFilter {
            page: 1,
            group: "  ".into(),
            ..Default::default()
        };
        assert_eq!(none.query(), "page=1");
    }
}
