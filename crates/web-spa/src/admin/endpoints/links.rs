//! Links (網站連結), their categories and the three orders an admin sets:
//! categories, links within a category, and links on the homepage.

use crate::admin::api::{Res, Session, to_value};
use yass_shared_types::content::{
    IdOrder, Link, LinkCategory, LinkCategoryInput, LinkCategoryPatch, LinkInput,
};

/// Every category with its links.
pub async fn list(s: &Session) -> Res<Vec<LinkCategory>> {
    s.get(&s.url("/links")).await
}

pub async fn create(s: &Session, input: &LinkInput) -> Res<Link> {
    s.post(&s.url("/links"), input).await
}

pub async fn update(s: &Session, id: i64, input: &LinkInput) -> Res<Link> {
    s.put(&s.url(&format!("/links/{id}")), input).await
}

pub async fn delete(s: &Session, id: i64) -> Res<()> {
    s.exec("DELETE", &s.url(&format!("/links/{id}")), None)
        .await
}

pub async fn create_category(s: &Session, input: &LinkCategoryInput) -> Res<LinkCategory> {
    s.post(&s.url("/link-categories"), input).await
}

pub async fn update_category(s: &Session, id: i64, patch: &LinkCategoryPatch) -> Res<LinkCategory> {
    s.patch(&s.url(&format!("/link-categories/{id}")), patch)
        .await
}

pub async fn delete_category(s: &Session, id: i64) -> Res<()> {
    s.exec("DELETE", &s.url(&format!("/link-categories/{id}")), None)
        .await
}

/// What an order is set on. The list is reloaded after a move, so the
/// answer's body is not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderOf {
    Categories,
    /// The links of one category.
    LinksIn(i64),
    /// The links shown on the homepage.
    Homepage,
}

pub async fn set_order(s: &Session, of: OrderOf, ids: Vec<i64>) -> Res<()> {
    let path = match of {
        OrderOf::Categories => "/link-categories/order".to_string(),
        OrderOf::LinksIn(cid) => format!("/link-categories/{cid}/order"),
        OrderOf::Homepage => "/links/homepage/order".to_string(),
    };
    s.exec("PUT", &s.url(&path), Some(to_value(&IdOrder { ids })))
        .await
}
