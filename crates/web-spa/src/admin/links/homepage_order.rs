//! The order of the links shown on the homepage (site admins), marking the
//! ones past the homepage layout's cut-off.

use super::page::LinksPage;
use super::up_down::UpDown;
use crate::admin::ui::tr;
use leptos::prelude::*;

pub(super) fn homepage_order(p: LinksPage) -> AnyView {
    let all = p.home_links();
    let n = all.len();
    if n == 0 {
        return view! {
            <p class="hint">{move || tr("目前沒有勾選「顯示在首頁」的連結。", "No link is set to show on the homepage.")}</p>
        }
        .into_any();
    }
    let limit = p.shown.get();
    let rows = all
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let id = l.id;
            let hidden = limit.is_some_and(|k| i >= k);
            view! {
                <li data-home-link=l.title.clone() data-past-limit=hidden.then_some("")>
                    <span>{l.title.clone()}</span> " "
                    {hidden.then(|| view! { <span class="badge">{move || tr("首頁不顯示", "Not on the homepage")}</span> " " })}
                    <UpDown key=format!("home-{id}") name=l.title.clone() first=i == 0 last=i + 1 == n
                        on_move=Callback::new(move |up| p.move_home(id, up)) />
                </li>
            }
        })
        .collect_view();
    let hint = limit.filter(|&k| k < n).map(|k| {
        view! {
            <p class="hint" data-home-limit=k>
                {move || format!(
                    "{} {k} {}",
                    tr("首頁只顯示前", "The homepage shows the first"),
                    tr("個連結（可在「網站設定」的首頁版面調整）；之後的連結不會出現在首頁。",
                        "links (set in Settings, homepage layout); the ones after them do not appear there."),
                )}
            </p>
        }
    });
    view! { {hint} <ol class="att-list">{rows}</ol> }.into_any()
}
