//! News list (category filter, keyword search, paging kept in the URL) and
//! news detail (attachments and the owning group).

use crate::api;
use crate::html_sink::RichHtml;
use crate::i18n::use_t;
use crate::routes::NewsQuery;
use crate::views::common::{
    Attachments, Loading, NewsRow, Trouble, TroubleView, When, set_title, use_site,
};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn NewsListScreen() -> impl IntoView {
    let t = use_t();
    let ctx = use_site();
    let urls = ctx.urls.clone();
    let site_name = ctx.home.site.name.clone();
    Effect::new(move |_| set_title(&[t.get().news, &site_name]));

    let query = use_query_map();
    let nq = Memo::new(move |_| query.with(|m| NewsQuery::from_pairs(|k| m.get(k))));
    let slug = ctx.slug.clone();
    let list = LocalResource::new(move || api::news_list(slug.clone(), nq.get()));
    let slug = ctx.slug.clone();
    let cats = LocalResource::new(move || api::categories(slug.clone()));

    let cat_ref = NodeRef::<leptos::html::Select>::new();
    let q_ref = NodeRef::<leptos::html::Input>::new();
    let navigate = use_navigate();
    let on_submit = {
        let urls = urls.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let category = cat_ref.get().and_then(|s| s.value().parse::<i64>().ok());
            let q = q_ref
                .get()
                .map(|i| i.value().trim().to_string())
                .filter(|v| !v.is_empty());
            let cur = nq.get_untracked();
            let next = NewsQuery {
                page: 1,
                per_page: cur.per_page,
                category,
                tag: cur.tag,
                q,
            };
            navigate(&urls.news_list(&next), NavigateOptions::default());
        }
    };

    let options = move || {
        let selected = nq.get().category;
        cats.get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|c| {
                view! {
                    <option value=c.id.to_string() selected=selected == Some(c.id)>
                        {c.name}
                    </option>
                }
            })
            .collect_view()
    };

    let results = move || match list.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => {
            view! { <TroubleView trouble=Trouble::from(&e) home=urls.home() /> }.into_any()
        }
        Some(Ok(l)) => {
            let q = nq.get_untracked();
            let page = l.page.max(1);
            let pages = l.pages.max(1);
            let prev = (page > 1).then(|| urls.news_list(&q.with_page(page - 1)));
            let next = (page < pages).then(|| urls.news_list(&q.with_page(page + 1)));
            let empty = l.pinned.is_empty() && l.items.is_empty();
            let rows = l
                .pinned
                .into_iter()
                .chain(l.items)
                .map(|n| view! { <NewsRow item=n urls=urls.clone() /> })
                .collect_view();
            let total = l.total;
            view! {
                <p class="muted result-count" role="status">
                    {move || {
                        let (a, b) = t.get().total_word;
                        format!("{a}{total}{b}")
                    }}
                </p>
                {empty.then(|| view! { <p>{move || t.get().no_news}</p> })}
                <ul class="news-list">{rows}</ul>
                <nav class="pager" aria-label=move || t.get().pagination>
                    {prev
                        .map(|h| {
                            view! {
                                <a class="button secondary" href=h rel="prev">
                                    "← "
                                    {move || t.get().prev_page}
                                </a>
                            }
                        })}
                    <span class="page-of" data-page=page.to_string()>
                        {move || {
                            let (a, b, c) = t.get().page_word;
                            format!("{a}{page}{b}{pages}{c}")
                        }}
                    </span>
                    {next
                        .map(|h| {
                            view! {
                                <a class="button secondary" href=h rel="next">
                                    {move || t.get().next_page}
                                    " →"
                                </a>
                            }
                        })}
                </nav>
            }
            .into_any()
        }
    };

    // A tag filter comes from a tag link on a news item; show it and a way out.
    let active_tag = {
        let urls = ctx.urls.clone();
        move || {
            let q = nq.get();
            q.tag.clone().map(|tag| {
                let clear = urls.news_list(&NewsQuery {
                    page: 1,
                    tag: None,
                    ..q.clone()
                });
                view! {
                    <p class="active-filter">
                        {move || t.get().tags}
                        "："
                        <span class="tag">{tag}</span>
                        " "
                        <a href=clear>{move || t.get().clear_filter}</a>
                    </p>
                }
            })
        }
    };
    view! {
        <section class="news-index">
            <h1>{move || t.get().news}</h1>
            <form class="news-filter" role="search" on:submit=on_submit>
                <div class="field">
                    <label for="news-category">{move || t.get().category}</label>
                    <select id="news-category" node_ref=cat_ref>
                        <option value="">{move || t.get().all_categories}</option>
                        {options}
                    </select>
                </div>
                <div class="field">
                    <label for="news-q">{move || t.get().keyword}</label>
                    <input
                        id="news-q"
                        type="search"
                        node_ref=q_ref
                        prop:value=move || nq.get().q.unwrap_or_default()
                    />
                </div>
                <button type="submit" class="button">
                    {move || t.get().search}
                </button>
            </form>
            {active_tag}
            {results}
        </section>
    }
}

#[component]
pub fn NewsDetailScreen(id: i64) -> impl IntoView {
    let t = use_t();
    let ctx = use_site();
    let urls = ctx.urls.clone();
    let site_name = ctx.home.site.name.clone();
    let slug = ctx.slug.clone();
    let item = LocalResource::new(move || api::news(slug.clone(), id));
    move || match item.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => {
            view! { <TroubleView trouble=Trouble::from(&e) home=urls.home() /> }.into_any()
        }
        Some(Ok(n)) => {
            set_title(&[&n.title, &site_name]);
            let category = n
                .category_id
                .zip(n.category_name.clone())
                .map(|(cid, cname)| {
                    let href = urls.news_list(&NewsQuery {
                        page: 1,
                        category: Some(cid),
                        ..Default::default()
                    });
                    view! {
                        <div>
                            <dt>{move || t.get().category}</dt>
                            <dd>
                                <a href=href>{cname}</a>
                            </dd>
                        </div>
                    }
                });
            let tags = (!n.tags.is_empty()).then(|| {
                let list = n
                    .tags
                    .iter()
                    .map(|tag| {
                        let href = urls.news_list(&NewsQuery {
                            page: 1,
                            tag: Some(tag.clone()),
                            ..Default::default()
                        });
                        view! { <a class="tag" href=href>{tag.clone()}</a> }
                    })
                    .collect_view();
                view! {
                    <div>
                        <dt>{move || t.get().tags}</dt>
                        <dd>{list}</dd>
                    </div>
                }
            });
            view! {
                <article class="news-detail">
                    <h1>
                        {n.pinned_now
                            .then(|| view! { <span class="badge">{move || t.get().pinned}</span> })}
                        {n.title.clone()}
                    </h1>
                    <dl class="meta">
                        <div>
                            <dt>{move || t.get().published}</dt>
                            <dd>
                                <When at=n.display_at with_time=true />
                            </dd>
                        </div>
                        <div>
                            <dt>{move || t.get().posted_by}</dt>
                            <dd class="group-name">{n.group_name.clone()}</dd>
                        </div>
                        {category}
                        {tags}
                    </dl>
                    <RichHtml html=n.body.clone() />
                    <Attachments items=n.attachments.clone() />
                    <p class="back">
                        <a href=urls.path("/news")>"← " {move || t.get().back_to_news}</a>
                    </p>
                </article>
            }
            .into_any()
        }
    }
}
