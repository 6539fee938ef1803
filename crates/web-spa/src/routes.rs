//! URL scheme of the visitor site, as pure functions (unit-tested natively).
//!
//! On a school's own hostname the site lives at `/`, `/news/12`, …; on the
//! platform host (where `resolve` answers `site_not_found`) the same paths sit
//! under `/s/{slug}`. `/admin` is reserved for the admin dashboard.

/// How the SPA was reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The hostname belongs to this school.
    OwnHost { slug: String },
    /// The platform's own host: the school comes from `/s/{slug}`.
    Platform,
}

/// Which screen a path shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    Home,
    NewsList,
    NewsDetail(i64),
    Page(i64),
    Links,
    Extensions,
    Calendar,
    Admin,
    NotFound,
}

/// A parsed location: the school (if any) and the screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub slug: Option<String>,
    pub screen: Screen,
}

/// Parses `location.pathname` for the given mode.
pub fn parse(mode: &Mode, path: &str) -> Route {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match mode {
        Mode::OwnHost { slug } => Route {
            slug: Some(slug.clone()),
            screen: screen(&segs),
        },
        Mode::Platform => match segs.as_slice() {
            ["s", slug, rest @ ..] if valid_slug(slug) => Route {
                slug: Some((*slug).to_string()),
                screen: screen(rest),
            },
            [] => Route {
                slug: None,
                screen: Screen::Home,
            },
            ["admin", ..] => Route {
                slug: None,
                screen: Screen::Admin,
            },
            _ => Route {
                slug: None,
                screen: Screen::NotFound,
            },
        },
    }
}

fn screen(segs: &[&str]) -> Screen {
    match segs {
        [] => Screen::Home,
        ["news"] => Screen::NewsList,
        ["news", id] => id_of(id).map_or(Screen::NotFound, Screen::NewsDetail),
        ["pages", id] => id_of(id).map_or(Screen::NotFound, Screen::Page),
        ["links"] => Screen::Links,
        ["extensions"] => Screen::Extensions,
        ["calendar"] => Screen::Calendar,
        ["admin", ..] => Screen::Admin,
        _ => Screen::NotFound,
    }
}

fn id_of(s: &str) -> Option<i64> {
    s.parse::<i64>().ok().filter(|id| *id > 0)
}

fn valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// The path prefix of a school's pages: `""` on its own host, `/s/{slug}` on the platform.
pub fn base(mode: &Mode, slug: &str) -> String {
    match mode {
        Mode::OwnHost { .. } => String::new(),
        Mode::Platform => format!("/s/{slug}"),
    }
}

/// Builds site-relative URLs from a base.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Urls {
    pub base: String,
}

impl Urls {
    pub fn home(&self) -> String {
        format!("{}/", self.base)
    }
    pub fn news(&self, id: i64) -> String {
        format!("{}/news/{id}", self.base)
    }
    pub fn page(&self, id: i64) -> String {
        format!("{}/pages/{id}", self.base)
    }
    pub fn path(&self, p: &str) -> String {
        format!("{}{p}", self.base)
    }
    /// The news list with its filters; page 1 and empty filters are left out.
    pub fn news_list(&self, q: &NewsQuery) -> String {
        let qs = q.to_query(false);
        if qs.is_empty() {
            format!("{}/news", self.base)
        } else {
            format!("{}/news?{qs}", self.base)
        }
    }
}

/// The news list's filters and page, as kept in the URL.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewsQuery {
    pub page: u64,
    pub per_page: Option<u64>,
    pub category: Option<i64>,
    pub tag: Option<String>,
    pub q: Option<String>,
}

impl NewsQuery {
    /// Reads the query from `(key, value)` pairs of the URL.
    pub fn from_pairs<'a>(get: impl Fn(&str) -> Option<String> + 'a) -> Self {
        let text = |k: &str| {
            get(k)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        NewsQuery {
            page: get("page")
                .and_then(|p| p.parse::<u64>().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1),
            per_page: get("per_page")
                .and_then(|p| p.parse::<u64>().ok())
                .filter(|p| (1..=100).contains(p)),
            category: get("category").and_then(|c| id_of(&c)),
            tag: text("tag"),
            q: text("q"),
        }
    }

    /// `a=b&c=d`, percent-encoded; `page=1` is written only when `with_page_1`.
    pub fn to_query(&self, with_page_1: bool) -> String {
        let mut parts = Vec::new();
        if let Some(c) = self.category {
            parts.push(format!("category={c}"));
        }
        if let Some(t) = &self.tag {
            parts.push(format!("tag={}", encode(t)));
        }
        if let Some(q) = &self.q {
            parts.push(format!("q={}", encode(q)));
        }
        if let Some(p) = self.per_page {
            parts.push(format!("per_page={p}"));
        }
        if self.page > 1 || with_page_1 {
            parts.push(format!("page={}", self.page.max(1)));
        }
        parts.join("&")
    }

    pub fn with_page(&self, page: u64) -> Self {
        NewsQuery {
            page,
            ..self.clone()
        }
    }
}

/// Percent-encodes a query value (UTF-8, RFC 3986 unreserved kept).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own() -> Mode {
        Mode::OwnHost {
            slug: "demo".into(),
        }
    }

    #[test]
    fn own_host_paths() {
        let r = parse(&own(), "/");
        assert_eq!(r.slug.as_deref(), Some("demo"));
        assert_eq!(r.screen, Screen::Home);
        assert_eq!(parse(&own(), "/news").screen, Screen::NewsList);
        assert_eq!(parse(&own(), "/news/12").screen, Screen::NewsDetail(12));
        assert_eq!(parse(&own(), "/news/12/").screen, Screen::NewsDetail(12));
        assert_eq!(parse(&own(), "/pages/5").screen, Screen::Page(5));
        assert_eq!(parse(&own(), "/links").screen, Screen::Links);
        assert_eq!(parse(&own(), "/extensions").screen, Screen::Extensions);
        assert_eq!(parse(&own(), "/calendar").screen, Screen::Calendar);
        assert_eq!(parse(&own(), "/admin").screen, Screen::Admin);
        assert_eq!(parse(&own(), "/admin/users").screen, Screen::Admin);
        assert_eq!(parse(&own(), "/news/abc").screen, Screen::NotFound);
        assert_eq!(parse(&own(), "/news/-3").screen, Screen::NotFound);
        assert_eq!(parse(&own(), "/nope").screen, Screen::NotFound);
    }

    #[test]
    fn platform_paths() {
        let p = Mode::Platform;
        assert_eq!(
            parse(&p, "/s/demo/news/7"),
            Route {
                slug: Some("demo".into()),
                screen: Screen::NewsDetail(7)
            }
        );
        assert_eq!(parse(&p, "/s/demo").screen, Screen::Home);
        assert_eq!(parse(&p, "/s/demo/").slug.as_deref(), Some("demo"));
        assert_eq!(parse(&p, "/").slug, None);
        assert_eq!(parse(&p, "/admin").screen, Screen::Admin);
        assert_eq!(parse(&p, "/news").screen, Screen::NotFound);
        assert_eq!(parse(&p, "/s/Bad%20Slug").screen, Screen::NotFound);
    }

    #[test]
    fn urls_follow_the_mode() {
        let u = Urls {
            base: base(&Mode::Platform, "demo"),
        };
        assert_eq!(u.home(), "/s/demo/");
        assert_eq!(u.news(3), "/s/demo/news/3");
        assert_eq!(u.page(4), "/s/demo/pages/4");
        let u = Urls {
            base: base(&own(), "demo"),
        };
        assert_eq!(u.home(), "/");
        assert_eq!(u.path("/links"), "/links");
    }

    #[test]
    fn news_query_round_trip() {
        let q = NewsQuery {
            page: 2,
            per_page: None,
            category: Some(3),
            tag: None,
            q: Some("運動 會&".into()),
        };
        let u = Urls {
            base: String::new(),
        };
        assert_eq!(
            u.news_list(&q),
            "/news?category=3&q=%E9%81%8B%E5%8B%95%20%E6%9C%83%26&page=2"
        );
        assert_eq!(
            u.news_list(&q.with_page(1)),
            "/news?category=3&q=%E9%81%8B%E5%8B%95%20%E6%9C%83%26"
        );
        assert_eq!(u.news_list(&NewsQuery::default()), "/news");
        let map = [
            ("page", "0"),
            ("category", "x"),
            ("q", "  "),
            ("per_page", "500"),
        ];
        let get = |k: &str| {
            map.iter()
                .find(|(kk, _)| *kk == k)
                .map(|(_, v)| v.to_string())
        };
        assert_eq!(
            NewsQuery::from_pairs(get),
            NewsQuery {
                page: 1,
                ..Default::default()
            }
        );
    }
}
