//! Pages as editors see them.

use crate::admin::api::{Res, Session};
use yass_shared_types::Paged;
use yass_shared_types::content::{Page, PageInput, PageSummary};

/// The pages this user may edit (one page of up to 100: schools have fewer).
pub async fn list_managed(s: &Session) -> Res<Paged<PageSummary>> {
    s.get(&s.url("/manage/pages?per_page=100")).await
}

pub async fn get(s: &Session, id: i64) -> Res<Page> {
    s.get(&s.url(&format!("/pages/{id}"))).await
}

pub async fn create(s: &Session, input: &PageInput) -> Res<Page> {
    s.post(&s.url("/pages"), input).await
}

pub async fn update(s: &Session, id: i64, input: &PageInput) -> Res<Page> {
    s.put(&s.url(&format!("/pages/{id}")), input).await
}

pub async fn delete(s: &Session, id: i64) -> Res<()> {
    s.exec("DELETE", &s.url(&format!("/pages/{id}")), None)
        .await
}
