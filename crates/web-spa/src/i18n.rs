//! Interface language: Traditional Chinese by default, English on request.
//! The choice is kept in localStorage and mirrored in `<html lang>`.

use leptos::prelude::*;

const STORAGE_KEY: &str = "yass.lang";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-Hant",
            Lang::En => "en",
        }
    }
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn stored() -> Lang {
    match storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .as_deref()
    {
        Some("en") => Lang::En,
        _ => Lang::Zh,
    }
}

/// Creates the language signal, provides it, and keeps `<html lang>` and storage in step.
pub fn provide() -> RwSignal<Lang> {
    let lang = RwSignal::new(stored());
    provide_context(lang);
    Effect::new(move |_| {
        let l = lang.get();
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = el.set_attribute("lang", l.tag());
        }
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, l.tag());
        }
    });
    lang
}

/// The current texts, reactive.
pub fn use_t() -> Signal<&'static Texts> {
    let lang = expect_context::<RwSignal<Lang>>();
    Signal::derive(move || texts(lang.get()))
}

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// Every fixed label of the visitor site.
pub struct Texts {
    pub switch_to: &'static str,
    pub switch_to_label: &'static str,
    pub skip_to_main: &'static str,
    pub ak_top: &'static str,
    pub ak_centre: &'static str,
    pub ak_bottom: &'static str,
    pub menu: &'static str,
    pub main_nav: &'static str,
    pub submenu_of: &'static str,
    pub new_window: &'static str,
    pub home: &'static str,
    pub announcements: &'static str,
    pub news: &'static str,
    pub latest_news: &'static str,
    pub pinned: &'static str,
    pub more_news: &'static str,
    pub category: &'static str,
    pub all_categories: &'static str,
    pub keyword: &'static str,
    pub search: &'static str,
    pub clear_filter: &'static str,
    pub no_news: &'static str,
    pub prev_page: &'static str,
    pub next_page: &'static str,
    pub pagination: &'static str,
    pub page_word: (&'static str, &'static str, &'static str),
    pub total_word: (&'static str, &'static str),
    pub published: &'static str,
    pub posted_by: &'static str,
    pub attachments: &'static str,
    pub tags: &'static str,
    pub updated: &'static str,
    pub back_to_news: &'static str,
    pub links: &'static str,
    pub homepage_links: &'static str,
    pub extensions: &'static str,
    pub all_extensions: &'static str,
    pub office: &'static str,
    pub extension: &'static str,
    pub call: &'static str,
    pub calendar: &'static str,
    pub upcoming: &'static str,
    pub subscribe: &'static str,
    pub all_day: &'static str,
    pub no_events: &'static str,
    pub google_calendar: &'static str,
    pub address: &'static str,
    pub phone: &'static str,
    pub fax: &'static str,
    pub email: &'static str,
    pub map: &'static str,
    pub view_map: &'static str,
    pub rss: &'static str,
    pub sitemap: &'static str,
    pub logo: &'static str,
    pub banner: &'static str,
    pub nothing_yet: &'static str,
    pub loading: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub disabled_title: &'static str,
    pub disabled_body: &'static str,
    pub unreachable_title: &'static str,
    pub unreachable_body: &'static str,
    pub error_title: &'static str,
    pub error_body: &'static str,
    pub retry: &'static str,
    pub admin_title: &'static str,
    pub admin_body: &'static str,
    pub platform_title: &'static str,
    pub platform_body: &'static str,
}

pub static ZH: Texts = Texts {
    switch_to: "English",
    switch_to_label: "Switch to English",
    skip_to_main: "跳到主要內容",
    ak_top: "上方功能區塊",
    ak_centre: "中央內容區塊",
    ak_bottom: "下方功能區塊",
    menu: "選單",
    main_nav: "主選單",
    submenu_of: "的子選單",
    new_window: "（另開新視窗）",
    home: "首頁",
    announcements: "公告",
    news: "最新消息",
    latest_news: "最新消息",
    pinned: "置頂",
    more_news: "更多消息",
    category: "分類",
    all_categories: "全部分類",
    keyword: "關鍵字",
    search: "搜尋",
    clear_filter: "清除標籤篩選",
    no_news: "目前沒有消息。",
    prev_page: "上一頁",
    next_page: "下一頁",
    pagination: "分頁",
    page_word: ("第 ", " / ", " 頁"),
    total_word: ("共 ", " 則"),
    published: "發布日期",
    posted_by: "發布單位",
    attachments: "附件",
    tags: "標籤",
    updated: "更新日期",
    back_to_news: "回消息列表",
    links: "網站連結",
    homepage_links: "常用連結",
    extensions: "分機表",
    all_extensions: "完整分機表",
    office: "單位",
    extension: "分機",
    call: "撥打",
    calendar: "行事曆",
    upcoming: "近期活動",
    subscribe: "訂閱行事曆（iCal）",
    all_day: "全天",
    no_events: "近期沒有活動。",
    google_calendar: "Google 行事曆",
    address: "地址",
    phone: "電話",
    fax: "傳真",
    email: "電子郵件",
    map: "地圖",
    view_map: "在地圖上查看",
    rss: "RSS 訂閱",
    sitemap: "網站地圖",
    logo: "校徽",
    banner: "主視覺圖片",
    nothing_yet: "目前沒有資料。",
    loading: "載入中…",
    not_found_title: "找不到頁面",
    not_found_body: "您要找的頁面不存在、已移除，或您沒有閱讀權限。",
    back_home: "回首頁",
    disabled_title: "本網站已停用",
    disabled_body: "此學校網站目前已停用，如有需要請直接與學校聯絡。",
    unreachable_title: "無法連線",
    unreachable_body: "暫時無法連線到網站伺服器，請檢查網路後再試一次。",
    error_title: "發生錯誤",
    error_body: "伺服器回應了無法處理的內容，請稍後再試。",
    retry: "重試",
    admin_title: "管理後台",
    admin_body: "管理後台即將推出。",
    platform_title: "yass 學校網站平台",
    platform_body: "請由各校網址進入學校網站。",
};

pub static EN: Texts = Texts {
    switch_to: "中文",
    switch_to_label: "切換為中文",
    skip_to_main: "Skip to main content",
    ak_top: "Top section",
    ak_centre: "Main content section",
    ak_bottom: "Bottom section",
    menu: "Menu",
    main_nav: "Main menu",
    submenu_of: " submenu",
    new_window: " (opens in a new window)",
    home: "Home",
    announcements: "Announcements",
    news: "News",
    latest_news: "Latest news",
    pinned: "Pinned",
    more_news: "More news",
    category: "Category",
    all_categories: "All categories",
    keyword: "Keyword",
    search: "Search",
    clear_filter: "Clear tag filter",
    no_news: "No news yet.",
    prev_page: "Previous",
    next_page: "Next",
    pagination: "Pagination",
    page_word: ("Page ", " of ", ""),
    total_word: ("", " items"),
    published: "Published",
    posted_by: "Posted by",
    attachments: "Attachments",
    tags: "Tags",
    updated: "Updated",
    back_to_news: "Back to news",
    links: "Links",
    homepage_links: "Quick links",
    extensions: "Phone extensions",
    all_extensions: "All extensions",
    office: "Office",
    extension: "Extension",
    call: "Call",
    calendar: "Calendar",
    upcoming: "Upcoming events",
    subscribe: "Subscribe (iCal)",
    all_day: "all day",
    no_events: "No upcoming events.",
    google_calendar: "Google Calendar",
    address: "Address",
    phone: "Phone",
    fax: "Fax",
    email: "Email",
    map: "Map",
    view_map: "View on map",
    rss: "RSS feed",
    sitemap: "Site map",
    logo: "logo",
    banner: "banner image",
    nothing_yet: "Nothing here yet.",
    loading: "Loading…",
    not_found_title: "Page not found",
    not_found_body: "The page does not exist, was removed, or you may not read it.",
    back_home: "Back to the homepage",
    disabled_title: "This website has been disabled",
    disabled_body: "This school website is disabled. Please contact the school directly.",
    unreachable_title: "Cannot connect",
    unreachable_body: "The website server cannot be reached right now. Check your connection and try again.",
    error_title: "Something went wrong",
    error_body: "The server sent something unexpected. Please try again later.",
    retry: "Try again",
    admin_title: "Admin dashboard",
    admin_body: "The admin dashboard is coming soon.",
    platform_title: "yass school websites",
    platform_body: "Please open a school's website through its own address.",
};
