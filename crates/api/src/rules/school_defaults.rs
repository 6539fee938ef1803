//! What a new school's site starts with, so a webmaster finds a working
//! site rather than an empty one: the usual offices of a Taiwanese school
//! and their sections as staff groups, news categories, starter pages with
//! the applicant's data, and a menu that leads to all of them. Data and
//! pure builders only; `operations::sites` writes them.

use crate::rules::text::escape;

/// The offices (處室) and their common sections (組), in menu order.
pub const OFFICES: [(&str, &[&str]); 7] = [
    ("校長室", &["秘書"]),
    ("教務處", &["教學組", "註冊組", "設備組", "資訊組"]),
    ("學務處", &["訓育組", "生活教育組", "衛生組", "體育組"]),
    ("總務處", &["事務組", "文書組", "出納組"]),
    ("輔導室", &["輔導組", "資料組", "特教組"]),
    ("人事室", &[]),
    ("會計室", &[]),
];

/// News categories, in order.
pub const NEWS_CATEGORIES: [&str; 5] = ["行政公告", "活動訊息", "榮譽榜", "招生資訊", "研習進修"];

pub const PAGE_ABOUT: &str = "學校簡介";
pub const PAGE_DIRECTIONS: &str = "交通資訊";
pub const PAGE_CONTACT: &str = "聯絡我們";

/// What the starter pages say about the school (from its application; an
/// empty field is left out).
#[derive(Debug, Clone, Default)]
pub struct SchoolFacts {
    pub name: String,
    pub level: String,
    pub district: String,
    pub contact_name: String,
    pub email: String,
    pub phone: String,
    pub address: String,
}

fn para(text: &str) -> String {
    format!("<p>{}</p>", escape(text))
}

/// The starter pages: `(title, body HTML)`. Every fact is escaped.
pub fn starter_pages(f: &SchoolFacts) -> Vec<(&'static str, String)> {
    let mut about = para(&format!("歡迎來到{}的網站。", f.name));
    if !f.district.is_empty() || !f.level.is_empty() {
        about.push_str(&para(&format!(
            "本校是位於臺北市{}區的{}。",
            f.district,
            if f.level.is_empty() {
                "學校"
            } else {
                &f.level
            }
        )));
    }
    about.push_str(&para("（請網站管理員在這裡介紹學校的歷史、願景與特色。）"));

    let mut directions = String::new();
    if !f.address.is_empty() {
        directions.push_str(&para(&format!("地址：{}", f.address)));
    }
    directions.push_str(&para("（請網站管理員在這裡寫下公車、捷運與停車資訊。）"));

    let mut contact = para(&format!("{}聯絡資訊：", f.name));
    contact.push_str("<ul>");
    for (label, value) in [
        ("聯絡人", &f.contact_name),
        ("電話", &f.phone),
        ("電子郵件", &f.email),
        ("地址", &f.address),
    ] {
        if !value.is_empty() {
            contact.push_str(&format!("<li>{}：{}</li>", label, escape(value)));
        }
    }
    contact.push_str("</ul>");
    vec![
        (PAGE_ABOUT, about),
        (PAGE_DIRECTIONS, directions),
        (PAGE_CONTACT, contact),
    ]
}

/// One entry of the starting menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuEntry {
    /// A submenu of the named starter pages.
    Pages(&'static str, &'static [&'static str]),
    /// One starter page.
    Page(&'static str),
    News,
    Calendar,
    Extensions,
    Links,
}

/// The starting menu, in order: (label, entry).
pub const MENU: [(&str, MenuEntry); 6] = [
    (
        "認識學校",
        MenuEntry::Pages("認識學校", &[PAGE_ABOUT, PAGE_DIRECTIONS]),
    ),
    ("最新消息", MenuEntry::News),
    ("行事曆", MenuEntry::Calendar),
    ("分機表", MenuEntry::Extensions),
    ("相關連結", MenuEntry::Links),
    (PAGE_CONTACT, MenuEntry::Page(PAGE_CONTACT)),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_carry_the_facts_escaped() {
        let f = SchoolFacts {
            name: "<i>測試</i>國小".into(),
            level: "國小".into(),
            district: "大安".into(),
            contact_name: "王小明".into(),
            email: "wang@test.tp.edu.tw".into(),
            phone: "02-2345-6789#123".into(),
            address: String::new(),
        };
        let pages = starter_pages(&f);
        assert_eq!(
            pages.iter().map(|p| p.0).collect::<Vec<_>>(),
            [PAGE_ABOUT, PAGE_DIRECTIONS, PAGE_CONTACT]
        );
        let all: String = pages.iter().map(|p| p.1.as_str()).collect();
        assert!(!all.contains("<i>"));
        assert!(all.contains("&lt;i&gt;測試&lt;/i&gt;國小"));
        assert!(all.contains("大安區的國小"));
        assert!(pages[2].1.contains("02-2345-6789#123"));
        assert!(!pages[2].1.contains("地址"), "an empty fact is left out");
    }

    #[test]
    fn every_page_the_menu_names_is_a_starter_page() {
        let titles: Vec<&str> = starter_pages(&SchoolFacts::default())
            .iter()
            .map(|p| p.0)
            .collect();
        for (_, entry) in MENU {
            match entry {
                MenuEntry::Pages(_, list) => assert!(list.iter().all(|t| titles.contains(t))),
                MenuEntry::Page(t) => assert!(titles.contains(&t)),
                _ => {}
            }
        }
    }

    #[test]
    fn every_office_is_named_once() {
        let mut names: Vec<&str> = OFFICES
            .iter()
            .flat_map(|(o, subs)| std::iter::once(*o).chain(subs.iter().copied()))
            .collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n);
        assert!(OFFICES.iter().any(|(o, _)| *o == "輔導室"));
    }
}
