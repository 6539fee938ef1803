//! `yass-bench-data`: fills an empty database with a city's worth of schools
//! for the load benchmark (`scripts/bench.sh`, `make bench`).
//!
//! Deterministic: the same seed and anchor date give the same rows, ids
//! included. Fast: rows go in as multi-row INSERTs (bound parameters, built
//! with sea-query for the connected backend), one transaction per site — not
//! through the HTTP API. Derived data comes from the crate's own functions so
//! it is what the app would write: search tokens from `rules::search`,
//! password hashes from `auth::password` (with the configured argon2 cost).
//!
//! Uploaded files are not written: attachment rows carry metadata only, so
//! downloads of them would 404 (the benchmark does not download).

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use clap::Parser;
use sea_orm::sea_query::{Alias, Query, Value};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, EntityName, EntityTrait, IdenStatic,
    PaginatorTrait, TransactionTrait,
};
use std::time::Instant;
use yass_api::auth::password::Passwords;
use yass_api::config::Settings;
use yass_api::rules::search;
use yass_api::storage::entities;

#[derive(Parser)]
#[command(
    name = "yass-bench-data",
    about = "Fills an empty yass database with benchmark sites (deterministic from --seed)"
)]
struct Args {
    /// Number of regular sites (`school-0001`, …).
    #[arg(long, default_value_t = 300)]
    sites: u32,
    /// News items per regular site.
    #[arg(long, default_value_t = 2000)]
    news: u32,
    /// Extra sites for the scaling run, one per size: `scale-100`, … (comma-separated news counts).
    #[arg(long, value_delimiter = ',')]
    sizes: Vec<u32>,
    /// Seed of every random choice.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// The day the data is built around (UTC, YYYY-MM-DD; default today): item
    /// dates lie before it, scheduled items after it. Part of the determinism.
    #[arg(long)]
    anchor: Option<NaiveDate>,
    /// Password of every site's `admin` account.
    #[arg(long, default_value = "bench-admin-pass")]
    admin_password: String,
    #[command(flatten)]
    settings: Settings,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn main() -> Result<(), BoxError> {
    let mut args = Args::parse();
    // One connection: per-session settings (SQLite pragmas) then hold for every write.
    args.settings.db_max_connections = 1;
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(run(args))
}

async fn run(args: Args) -> Result<(), BoxError> {
    let started = Instant::now();
    let db = yass_api::db::connect(&args.settings).await?;
    yass_api::db::migrate(&db).await?;
    let backend = db.get_database_backend();
    let existing = entities::sites::Entity::find().count(&db).await?;
    if existing != 0 {
        return Err(format!("the database already has {existing} sites; give an empty one").into());
    }
    match backend {
        DbBackend::Sqlite => {
            // Bulk load only: the file is thrown away if the load dies.
            db.execute_unprepared("PRAGMA synchronous=OFF").await?;
        }
        DbBackend::MySql => {
            db.execute_unprepared("SET SESSION unique_checks=0").await?;
        }
        _ => {}
    }
    let anchor = args
        .anchor
        .unwrap_or_else(|| chrono::Utc::now().date_naive())
        .and_time(chrono::NaiveTime::MIN);
    let passwords = Passwords::new(
        args.settings.argon2_memory_kib,
        args.settings.argon2_iterations,
    )?;
    // One hash for every admin (hashing 300 times would cost minutes); each
    // login still verifies with the full argon2 cost.
    let admin_hash = passwords.hash_now(&args.admin_password)?;

    let mut plan: Vec<(String, u32)> = (1..=args.sites)
        .map(|i| (format!("school-{i:04}"), args.news))
        .collect();
    plan.extend(args.sizes.iter().map(|&n| (format!("scale-{n}"), n)));

    let mut ids = Ids::default();
    let mut stats = Stats::default();
    announcements(&db, anchor).await?;
    for (i, (slug, count)) in plan.iter().enumerate() {
        let mut rng = Rng::new(args.seed ^ (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let txn = db.begin().await?;
        let mut w = Writer::new(backend);
        let ctx = site(
            &mut w,
            &mut ids,
            &mut rng,
            i as u32,
            slug,
            anchor,
            &admin_hash,
        );
        w.flush_all(&txn).await?;
        // News in chunks, so a 100,000-item site never sits in memory whole.
        let mut pinned = 0;
        for start in (0..*count).step_by(NEWS_CHUNK as usize) {
            let end = (start + NEWS_CHUNK).min(*count);
            news(
                &mut w,
                &mut ids,
                &mut rng,
                &ctx,
                start..end,
                *count,
                anchor,
                &mut pinned,
            );
            w.flush_all(&txn).await?;
        }
        txn.commit().await?;
        stats.add(&w);
        if (i + 1) % 25 == 0 || i + 1 == plan.len() {
            eprintln!(
                "{}/{} sites, {} rows, {:.0} s",
                i + 1,
                plan.len(),
                stats.rows,
                started.elapsed().as_secs_f64()
            );
        }
    }
    if backend == DbBackend::Postgres {
        // Ids were given explicitly: move each sequence past them so the app's
        // own inserts do not collide.
        for t in [
            entities::sites::Entity.table_name(),
            entities::site_hosts::Entity.table_name(),
            entities::groups::Entity.table_name(),
            entities::users::Entity.table_name(),
            entities::news_categories::Entity.table_name(),
            entities::pages::Entity.table_name(),
            entities::tags::Entity.table_name(),
            entities::news::Entity.table_name(),
            entities::nav_items::Entity.table_name(),
            entities::link_categories::Entity.table_name(),
        ] {
            db.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{t}', 'id'), COALESCE((SELECT MAX(id) FROM {t}), 0) + 1, false)"
            ))
            .await?;
        }
    }
    if backend != DbBackend::MySql {
        // Fresh statistics so the planner sees the real table sizes (InnoDB
        // keeps its own up to date).
        db.execute_unprepared("ANALYZE").await?;
    }
    println!(
        "generated {} sites, {} news, {} rows in {:.1} s (seed {}, anchor {})",
        plan.len(),
        stats.news,
        stats.rows,
        started.elapsed().as_secs_f64(),
        args.seed,
        anchor.date()
    );
    for (t, n) in &stats.per_table {
        println!("  {t}: {n}");
    }
    Ok(())
}

/// Platform announcements (not tenant-owned): one current, one expired.
async fn announcements(db: &DatabaseConnection, anchor: NaiveDateTime) -> Result<(), BoxError> {
    let mut w = Writer::new(db.get_database_backend());
    for (title, from, until) in [
        (
            "颱風停課公告",
            anchor - TimeDelta::days(1),
            Some(anchor + TimeDelta::days(30)),
        ),
        (
            "期末考成績查詢開放",
            anchor - TimeDelta::days(60),
            Some(anchor - TimeDelta::days(30)),
        ),
    ] {
        w.row(
            entities::announcements::Entity,
            &[
                entities::announcements::Column::Title,
                entities::announcements::Column::Body,
                entities::announcements::Column::VisibleFrom,
                entities::announcements::Column::VisibleUntil,
                entities::announcements::Column::CreatedAt,
                entities::announcements::Column::UpdatedAt,
            ],
            vec![
                title.into(),
                format!("<p>{title}，請家長留意。</p>").into(),
                Some(from).into(),
                until.into(),
                from.into(),
                from.into(),
            ],
        );
    }
    w.flush_all(db).await
}

/// Ids handed out in insertion order (the database starts empty).
#[derive(Default)]
struct Ids {
    site: i64,
    host: i64,
    group: i64,
    user: i64,
    category: i64,
    page: i64,
    tag: i64,
    news: i64,
    nav: i64,
    link_category: i64,
}

fn next(c: &mut i64) -> i64 {
    *c += 1;
    *c
}

const DISTRICTS: &[&str] = &[
    "中正", "大同", "中山", "松山", "大安", "萬華", "信義", "士林", "北投", "內湖", "南港", "文山",
];
const SCHOOL_NAMES: &[&str] = &[
    "光明", "建國", "仁愛", "博愛", "民生", "復興", "永春", "興雅", "福星", "成德", "明倫", "雙園",
    "龍山", "東門", "西門", "南門", "北投", "石牌", "天母", "蘭雅", "湖田", "麗山", "南湖", "景美",
];
const UNITS: &[&str] = &["教務處", "學務處", "總務處", "輔導室", "人事室", "會計室"];
const CATEGORIES: &[&str] = &[
    "行政公告",
    "活動訊息",
    "榮譽榜",
    "招生資訊",
    "防災資訊",
    "研習進修",
];
const TAGS: &[&str] = &[
    "家長",
    "學生",
    "教師",
    "獎學金",
    "比賽",
    "防疫",
    "交通",
    "營養午餐",
    "課後照顧",
    "社團",
    "畢業",
    "新生",
];
const TITLE_HEADS: &[&str] = &[
    "本校",
    "轉知",
    "公告",
    "敬請",
    "有關",
    "113學年度",
    "114學年度",
    "臺北市",
    "教育局",
];
const TITLE_TOPICS: &[&str] = &[
    "英語歌唱比賽",
    "校外教學",
    "家長日",
    "新生報到",
    "游泳課程",
    "閱讀推廣活動",
    "運動會",
    "畢業典禮",
    "防災演練",
    "營養午餐菜單",
    "課後照顧班",
    "社團招生",
    "科展成果",
    "交通安全宣導",
    "健康檢查",
    "圖書館開放時間",
    "獎學金申請",
    "教師研習",
    "校園徵才",
    "停課補課",
];
const TITLE_TAILS: &[&str] = &[
    "實施計畫",
    "注意事項",
    "得獎名單",
    "報名辦法",
    "相關事宜",
    "說明",
    "結果",
];
const SENTENCES: &[&str] = &[
    "請各班導師轉知學生並於期限內完成報名。",
    "詳細資訊請參閱附件檔案。",
    "如有疑問請洽承辦人分機。",
    "活動當天請穿著運動服並攜帶水壺。",
    "感謝家長會全力協助。",
    "請家長留意孩子上下學交通安全。",
    "本活動名額有限額滿為止。",
    "得獎同學將於朝會公開表揚。",
];

/// News items generated (and buffered) at a time.
const NEWS_CHUNK: u32 = 2_000;

/// What a site's news items refer to.
struct SiteCtx {
    site_id: i64,
    groups: Vec<i64>,
    categories: Vec<i64>,
    tags: Vec<i64>,
    author: i64,
}

/// A site with everything on it but its news.
fn site(
    w: &mut Writer,
    ids: &mut Ids,
    rng: &mut Rng,
    index: u32,
    slug: &str,
    anchor: NaiveDateTime,
    admin_hash: &str,
) -> SiteCtx {
    let site_id = next(&mut ids.site);
    let created = anchor - TimeDelta::days(1500);
    let name = format!(
        "臺北市{}區{}國民小學",
        DISTRICTS[index as usize % DISTRICTS.len()],
        SCHOOL_NAMES[index as usize % SCHOOL_NAMES.len()]
    );
    let phone = format!("02-{:04}-{:04}", 2000 + rng.below(7000), rng.below(10000));
    w.row(
        entities::sites::Entity,
        &[
            entities::sites::Column::Id,
            entities::sites::Column::Slug,
            entities::sites::Column::Name,
            entities::sites::Column::Slogan,
            entities::sites::Column::Address,
            entities::sites::Column::Zip,
            entities::sites::Column::Phone,
            entities::sites::Column::Fax,
            entities::sites::Column::Email,
            entities::sites::Column::MapLink,
            entities::sites::Column::MapEmbedUrl,
            entities::sites::Column::LogoUrl,
            entities::sites::Column::BannerUrls,
            entities::sites::Column::GoogleCalendarUrl,
            entities::sites::Column::HomepageLayout,
            entities::sites::Column::Enabled,
            entities::sites::Column::ContentVersion,
            entities::sites::Column::CreatedAt,
            entities::sites::Column::UpdatedAt,
        ],
        vec![
            site_id.into(),
            slug.into(),
            name.clone().into(),
            Some("快樂學習，健康成長").into(),
            Some(format!(
                "臺北市{}區學府路{}號",
                DISTRICTS[index as usize % DISTRICTS.len()],
                index + 1
            ))
            .into(),
            Some("100").into(),
            Some(phone.clone()).into(),
            Some(phone).into(),
            Some(format!("office@{slug}.bench.example.tw")).into(),
            None::<String>.into(),
            None::<String>.into(),
            None::<String>.into(),
            "[]".into(),
            None::<String>.into(),
            "{}".into(),
            true.into(),
            0i64.into(),
            created.into(),
            created.into(),
        ],
    );
    w.row(
        entities::site_hosts::Entity,
        &[
            entities::site_hosts::Column::Id,
            entities::site_hosts::Column::SiteId,
            entities::site_hosts::Column::Hostname,
            entities::site_hosts::Column::IsPrimary,
        ],
        vec![
            next(&mut ids.host).into(),
            site_id.into(),
            format!("{slug}.bench.example.tw").into(),
            true.into(),
        ],
    );

    // Groups: administrators, and a staff group per office (one nested).
    let group_cols = &[
        entities::groups::Column::Id,
        entities::groups::Column::SiteId,
        entities::groups::Column::Name,
        entities::groups::Column::Kind,
        entities::groups::Column::ParentId,
        entities::groups::Column::SortOrder,
        entities::groups::Column::CreatedAt,
    ];
    let admin_group = next(&mut ids.group);
    w.row(
        entities::groups::Entity,
        group_cols,
        vec![
            admin_group.into(),
            site_id.into(),
            "網站管理員".into(),
            "admin".into(),
            None::<i64>.into(),
            0i32.into(),
            created.into(),
        ],
    );
    let mut staff = vec![];
    for (i, unit) in UNITS.iter().enumerate() {
        let g = next(&mut ids.group);
        staff.push(g);
        w.row(
            entities::groups::Entity,
            group_cols,
            vec![
                g.into(),
                site_id.into(),
                (*unit).into(),
                "staff".into(),
                None::<i64>.into(),
                (i as i32 + 1).into(),
                created.into(),
            ],
        );
    }
    let sub = next(&mut ids.group);
    staff.push(sub);
    w.row(
        entities::groups::Entity,
        group_cols,
        vec![
            sub.into(),
            site_id.into(),
            "註冊組".into(),
            "staff".into(),
            Some(staff[0]).into(),
            0i32.into(),
            created.into(),
        ],
    );
    let admin_user = next(&mut ids.user);
    w.row(
        entities::users::Entity,
        &[
            entities::users::Column::Id,
            entities::users::Column::SiteId,
            entities::users::Column::TenantKey,
            entities::users::Column::Account,
            entities::users::Column::DisplayName,
            entities::users::Column::Emails,
            entities::users::Column::PasswordHash,
            entities::users::Column::Status,
            entities::users::Column::TokenVersion,
            entities::users::Column::CreatedAt,
            entities::users::Column::UpdatedAt,
            entities::users::Column::LastLoginAt,
        ],
        vec![
            admin_user.into(),
            Some(site_id).into(),
            site_id.into(),
            "admin".into(),
            "網站管理員".into(),
            format!("[\"admin@{slug}.bench.example.tw\"]").into(),
            admin_hash.into(),
            "active".into(),
            0i32.into(),
            created.into(),
            created.into(),
            None::<NaiveDateTime>.into(),
        ],
    );
    w.row(
        entities::user_groups::Entity,
        &[
            entities::user_groups::Column::UserId,
            entities::user_groups::Column::GroupId,
        ],
        vec![admin_user.into(), admin_group.into()],
    );

    let categories: Vec<i64> = CATEGORIES
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let id = next(&mut ids.category);
            w.row(
                entities::news_categories::Entity,
                &[
                    entities::news_categories::Column::Id,
                    entities::news_categories::Column::SiteId,
                    entities::news_categories::Column::Name,
                    entities::news_categories::Column::SortOrder,
                ],
                vec![id.into(), site_id.into(), (*c).into(), (i as i32).into()],
            );
            id
        })
        .collect();
    let tags: Vec<i64> = TAGS
        .iter()
        .map(|t| {
            let id = next(&mut ids.tag);
            w.row(
                entities::tags::Entity,
                &[
                    entities::tags::Column::Id,
                    entities::tags::Column::SiteId,
                    entities::tags::Column::Name,
                ],
                vec![id.into(), site_id.into(), (*t).into()],
            );
            id
        })
        .collect();
    let page_titles = [
        "學校簡介",
        "校史沿革",
        "校園地圖",
        "交通資訊",
        "教務處業務",
        "學務處業務",
        "總務處業務",
        "輔導室業務",
        "註冊須知",
        "課程計畫",
        "午餐資訊",
        "校長的話",
    ];
    let pages: Vec<i64> = page_titles
        .iter()
        .map(|t| {
            let id = next(&mut ids.page);
            w.row(
                entities::pages::Entity,
                &[
                    entities::pages::Column::Id,
                    entities::pages::Column::SiteId,
                    entities::pages::Column::Title,
                    entities::pages::Column::Body,
                    entities::pages::Column::CreatedBy,
                    entities::pages::Column::UpdatedBy,
                    entities::pages::Column::CreatedAt,
                    entities::pages::Column::UpdatedAt,
                ],
                vec![
                    id.into(),
                    site_id.into(),
                    (*t).into(),
                    format!(
                        "<h2>{t}</h2><p>{}</p>",
                        SENTENCES[id as usize % SENTENCES.len()]
                    )
                    .into(),
                    Some(admin_user).into(),
                    Some(admin_user).into(),
                    created.into(),
                    created.into(),
                ],
            );
            id
        })
        .collect();

    nav(w, ids, site_id, &pages, &categories);
    links(w, ids, rng, site_id, anchor, &staff);
    extensions(w, site_id, anchor);
    calendar(w, rng, site_id, anchor);
    SiteCtx {
        site_id,
        groups: staff,
        categories,
        tags,
        author: admin_user,
    }
}

/// Items `range` of a site's `count`, newest first by index.
// Each argument is one knob of the generated data (a struct of them would
// be built once, here); the generator is a tool, not the server.
#[allow(clippy::too_many_arguments)]
fn news(
    w: &mut Writer,
    ids: &mut Ids,
    rng: &mut Rng,
    ctx: &SiteCtx,
    range: std::ops::Range<u32>,
    count: u32,
    anchor: NaiveDateTime,
    pinned_so_far: &mut u32,
) {
    let SiteCtx {
        site_id,
        ref groups,
        ref categories,
        ref tags,
        author,
    } = *ctx;
    // Spread over about three school years whatever the count.
    let span_minutes = 3 * 365 * 24 * 60i64;
    let step = (span_minutes / i64::from(count.max(1))).max(1);
    for k in range {
        let id = next(&mut ids.news);
        let title = format!(
            "{}{}{}",
            rng.pick(TITLE_HEADS),
            rng.pick(TITLE_TOPICS),
            rng.pick(TITLE_TAILS)
        );
        let mut body = format!("<p>{}", rng.pick(SENTENCES));
        if rng.below(3) == 0 {
            body.push_str(rng.pick(SENTENCES));
        }
        body.push_str("</p>");
        if rng.below(5) == 0 {
            body.push_str("<p>報名網址 <a href=\"https://forms.example.tw/apply\">forms</a></p>");
        }
        let display_at =
            anchor - TimeDelta::minutes(i64::from(k) * step + rng.below(step as u64) as i64);
        // The schedule mix: 1% draft, 2% scheduled (appear in 1–60 days),
        // 3% expired, 2% pinned (most pinned now, some pin already over).
        let roll = rng.below(100);
        let (draft, vis_from, vis_until) = match roll {
            0 => (true, None, None),
            1..=2 => (
                false,
                Some(anchor + TimeDelta::days(1 + rng.below(60) as i64)),
                None,
            ),
            3..=5 => {
                let until = display_at + TimeDelta::days(1 + rng.below(30) as i64);
                (false, None, Some(until.min(anchor - TimeDelta::hours(1))))
            }
            _ => (false, None, None),
        };
        // A handful pinned per site, among the newest tenth: a real site pins
        // a few notices, and page 1 lists every one of them.
        let pinned = (6..=7).contains(&roll) && k < count / 10 + 5 && *pinned_so_far < 6;
        if pinned {
            *pinned_so_far += 1;
        }
        let (pin_from, pin_until) = if pinned {
            if rng.below(4) == 0 {
                (Some(display_at), Some(anchor - TimeDelta::days(1)))
            } else {
                (
                    Some(display_at),
                    Some(anchor + TimeDelta::days(7 + rng.below(60) as i64)),
                )
            }
        } else {
            (None, None)
        };
        let group = groups[rng.below(groups.len() as u64) as usize];
        let category =
            (rng.below(10) != 0).then(|| categories[rng.below(categories.len() as u64) as usize]);
        w.row(
            entities::news::Entity,
            &[
                entities::news::Column::Id,
                entities::news::Column::SiteId,
                entities::news::Column::Title,
                entities::news::Column::Body,
                entities::news::Column::CategoryId,
                entities::news::Column::GroupId,
                entities::news::Column::DisplayAt,
                entities::news::Column::VisibleFrom,
                entities::news::Column::VisibleUntil,
                entities::news::Column::Pinned,
                entities::news::Column::PinnedFrom,
                entities::news::Column::PinnedUntil,
                entities::news::Column::Draft,
                entities::news::Column::CreatedBy,
                entities::news::Column::UpdatedBy,
                entities::news::Column::CreatedAt,
                entities::news::Column::UpdatedAt,
            ],
            vec![
                id.into(),
                site_id.into(),
                title.clone().into(),
                body.clone().into(),
                category.into(),
                group.into(),
                display_at.into(),
                vis_from.into(),
                vis_until.into(),
                pinned.into(),
                pin_from.into(),
                pin_until.into(),
                draft.into(),
                Some(author).into(),
                Some(author).into(),
                display_at.into(),
                display_at.into(),
            ],
        );
        // What `storage::news::write_tokens` stores: tokens of the title and
        // the body's plain text.
        let searchable = format!("{title}\n{}", yass_api::rules::text::plain_text(&body));
        for t in search::document_tokens(&searchable) {
            w.row(
                entities::news_search_tokens::Entity,
                &[
                    entities::news_search_tokens::Column::SiteId,
                    entities::news_search_tokens::Column::NewsId,
                    entities::news_search_tokens::Column::Token,
                ],
                vec![site_id.into(), id.into(), t.into()],
            );
        }
        let n_tags = rng.below(4);
        let first = rng.below(tags.len() as u64);
        for j in 0..n_tags {
            let tag = tags[((first + j) % tags.len() as u64) as usize];
            w.row(
                entities::news_tags::Entity,
                &[
                    entities::news_tags::Column::NewsId,
                    entities::news_tags::Column::TagId,
                ],
                vec![id.into(), tag.into()],
            );
        }
        if rng.below(10) < 3 {
            for j in 0..=rng.below(3) {
                let (ext, ctype) = match j {
                    0 => ("pdf", "application/pdf"),
                    1 => (
                        "docx",
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    ),
                    _ => ("jpg", "image/jpeg"),
                };
                w.row(
                    entities::attachments::Entity,
                    &[
                        entities::attachments::Column::SiteId,
                        entities::attachments::Column::OwnerKind,
                        entities::attachments::Column::OwnerId,
                        entities::attachments::Column::FileName,
                        entities::attachments::Column::StoredName,
                        entities::attachments::Column::ContentType,
                        entities::attachments::Column::Size,
                        entities::attachments::Column::CreatedAt,
                    ],
                    vec![
                        site_id.into(),
                        "news".into(),
                        id.into(),
                        format!("附件{}.{ext}", j + 1).into(),
                        format!("{:016x}{:016x}", rng.next(), rng.next()).into(),
                        ctype.into(),
                        (20_000 + rng.below(2_000_000) as i64).into(),
                        display_at.into(),
                    ],
                );
            }
        }
    }
}

/// A nested menu of every target type, four levels at the deepest.
fn nav(w: &mut Writer, ids: &mut Ids, site_id: i64, pages: &[i64], categories: &[i64]) {
    enum T<'a> {
        Sub(Vec<(&'a str, T<'a>)>),
        Page(i64),
        News(Option<i64>),
        Link(&'a str),
        Module(&'a str),
        Divider,
    }
    use T::{Divider, Link, Module, News, Page, Sub};
    let mut news_items: Vec<(&str, T)> = vec![("全部消息", News(None))];
    news_items.extend(
        CATEGORIES
            .iter()
            .zip(categories)
            .map(|(n, c)| (*n, News(Some(*c)))),
    );
    let tree = vec![
        (
            "認識學校",
            Sub(vec![
                ("學校簡介", Page(pages[0])),
                ("校史沿革", Page(pages[1])),
                ("校園地圖", Page(pages[2])),
                ("交通資訊", Page(pages[3])),
                ("", Divider),
                ("聯絡我們", Link("mailto:office@example.tw")),
            ]),
        ),
        ("最新消息", Sub(news_items)),
        (
            "行政單位",
            Sub(vec![
                (
                    "教務處",
                    Sub(vec![
                        ("業務簡介", Page(pages[4])),
                        ("課程計畫", Page(pages[9])),
                        (
                            "註冊組",
                            Sub(vec![
                                ("註冊須知", Page(pages[8])),
                                ("轉學申請", Link("https://example.tw/transfer")),
                            ]),
                        ),
                    ]),
                ),
                (
                    "學務處",
                    Sub(vec![
                        ("業務簡介", Page(pages[5])),
                        ("午餐資訊", Page(pages[10])),
                    ]),
                ),
                ("總務處", Sub(vec![("業務簡介", Page(pages[6]))])),
                ("輔導室", Sub(vec![("業務簡介", Page(pages[7]))])),
            ]),
        ),
        (
            "校園生活",
            Sub(vec![
                ("行事曆", Module("calendar")),
                ("好站連結", Module("links")),
                ("常用分機", Module("extensions")),
                ("校長的話", Page(pages[11])),
            ]),
        ),
        ("教育局", Link("https://www.doe.gov.taipei/")),
    ];
    fn put(
        w: &mut Writer,
        ids: &mut Ids,
        site_id: i64,
        parent: Option<i64>,
        items: Vec<(&str, T)>,
    ) {
        for (order, (name, t)) in items.into_iter().enumerate() {
            let id = next(&mut ids.nav);
            let (kind, url, new_tab, page, cat, module) = match &t {
                Sub(_) => ("submenu", None, false, None, None, None),
                Page(p) => ("page", None, false, Some(*p), None, None),
                News(c) => ("news", None, false, None, *c, None),
                Link(u) => (
                    "link",
                    Some(u.to_string()),
                    u.starts_with("http"),
                    None,
                    None,
                    None,
                ),
                Module(m) => ("module", None, false, None, None, Some(m.to_string())),
                Divider => ("divider", None, false, None, None, None),
            };
            w.row(
                entities::nav_items::Entity,
                &[
                    entities::nav_items::Column::Id,
                    entities::nav_items::Column::SiteId,
                    entities::nav_items::Column::ParentId,
                    entities::nav_items::Column::Name,
                    entities::nav_items::Column::AccessibleName,
                    entities::nav_items::Column::TargetType,
                    entities::nav_items::Column::Url,
                    entities::nav_items::Column::NewTab,
                    entities::nav_items::Column::PageId,
                    entities::nav_items::Column::CategoryId,
                    entities::nav_items::Column::Module,
                    entities::nav_items::Column::SortOrder,
                    entities::nav_items::Column::Visible,
                ],
                vec![
                    id.into(),
                    site_id.into(),
                    parent.into(),
                    name.into(),
                    None::<String>.into(),
                    kind.into(),
                    url.into(),
                    new_tab.into(),
                    page.into(),
                    cat.into(),
                    module.into(),
                    (order as i32).into(),
                    true.into(),
                ],
            );
            if let Sub(children) = t {
                put(w, ids, site_id, Some(id), children);
            }
        }
    }
    put(w, ids, site_id, None, tree);
}

fn links(
    w: &mut Writer,
    ids: &mut Ids,
    rng: &mut Rng,
    site_id: i64,
    anchor: NaiveDateTime,
    groups: &[i64],
) {
    let names = ["未分類", "教育資源", "政府機關", "學習網站", "家長專區"];
    let cats: Vec<i64> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let id = next(&mut ids.link_category);
            w.row(
                entities::link_categories::Entity,
                &[
                    entities::link_categories::Column::Id,
                    entities::link_categories::Column::SiteId,
                    entities::link_categories::Column::Name,
                    entities::link_categories::Column::SortOrder,
                    entities::link_categories::Column::IsDefault,
                ],
                vec![
                    id.into(),
                    site_id.into(),
                    (*n).into(),
                    (i as i32).into(),
                    (i == 0).then_some(true).into(),
                ],
            );
            id
        })
        .collect();
    for i in 0..50u32 {
        let on_home = i % 5 == 0;
        w.row(
            entities::links::Entity,
            &[
                entities::links::Column::SiteId,
                entities::links::Column::CategoryId,
                entities::links::Column::Title,
                entities::links::Column::Url,
                entities::links::Column::IconUrl,
                entities::links::Column::GroupId,
                entities::links::Column::SortOrder,
                entities::links::Column::OnHomepage,
                entities::links::Column::HomepageOrder,
                entities::links::Column::CreatedAt,
                entities::links::Column::UpdatedAt,
            ],
            vec![
                site_id.into(),
                cats[i as usize % cats.len()].into(),
                format!("{}網站 {}", names[i as usize % names.len()], i + 1).into(),
                format!("https://www.example.tw/link/{site_id}/{i}").into(),
                (i % 3 == 0)
                    .then(|| format!("https://www.example.tw/icons/{i}.png"))
                    .into(),
                (rng.below(2) == 0)
                    .then(|| groups[i as usize % groups.len()])
                    .into(),
                ((i / cats.len() as u32) as i32).into(),
                on_home.into(),
                (if on_home { (i / 5) as i32 } else { 0 }).into(),
                anchor.into(),
                anchor.into(),
            ],
        );
    }
}

fn extensions(w: &mut Writer, site_id: i64, anchor: NaiveDateTime) {
    let titles = [
        "校長室",
        "教務處",
        "學務處",
        "總務處",
        "輔導室",
        "健康中心",
        "警衛室",
        "圖書館",
        "資訊組",
        "幼兒園",
    ];
    for i in 0..30u32 {
        w.row(
            entities::extensions::Entity,
            &[
                entities::extensions::Column::SiteId,
                entities::extensions::Column::Title,
                entities::extensions::Column::Extension,
                entities::extensions::Column::SortOrder,
                entities::extensions::Column::OnHomepage,
                entities::extensions::Column::CreatedAt,
                entities::extensions::Column::UpdatedAt,
            ],
            vec![
                site_id.into(),
                format!(
                    "{}{}",
                    titles[i as usize % titles.len()],
                    if i >= 10 {
                        format!(" {}", i / 10 + 1)
                    } else {
                        String::new()
                    }
                )
                .into(),
                format!("{}", 100 + i * 3).into(),
                (i as i32).into(),
                (i < 8).into(),
                anchor.into(),
                anchor.into(),
            ],
        );
    }
}

fn calendar(w: &mut Writer, rng: &mut Rng, site_id: i64, anchor: NaiveDateTime) {
    let titles = [
        "段考",
        "校外教學",
        "家長日",
        "運動會",
        "畢業典禮",
        "補行上課",
        "教師研習",
    ];
    for i in 0..20i64 {
        let day = anchor.date() + TimeDelta::days(i * 5 - 40);
        let all_day = i % 3 != 0;
        let start_at = (!all_day).then(|| {
            day.and_time(chrono::NaiveTime::MIN) + TimeDelta::hours(1 + rng.below(6) as i64)
        });
        w.row(
            entities::calendar_events::Entity,
            &[
                entities::calendar_events::Column::SiteId,
                entities::calendar_events::Column::Title,
                entities::calendar_events::Column::AllDay,
                entities::calendar_events::Column::StartDate,
                entities::calendar_events::Column::EndDate,
                entities::calendar_events::Column::StartAt,
                entities::calendar_events::Column::EndAt,
                entities::calendar_events::Column::Location,
                entities::calendar_events::Column::Description,
                entities::calendar_events::Column::CreatedAt,
                entities::calendar_events::Column::UpdatedAt,
            ],
            vec![
                site_id.into(),
                titles[i as usize % titles.len()].into(),
                all_day.into(),
                all_day.then_some(day).into(),
                all_day.then_some(day + TimeDelta::days(i % 2)).into(),
                start_at.into(),
                start_at.map(|t| t + TimeDelta::hours(2)).into(),
                Some("本校").into(),
                None::<String>.into(),
                anchor.into(),
                anchor.into(),
            ],
        );
    }
}

/// Buffers rows per table and writes them as multi-row INSERTs, in the
/// order tables were first used (parents before children).
struct Writer {
    backend: DbBackend,
    tables: Vec<Table>,
}

struct Table {
    name: &'static str,
    cols: Vec<&'static str>,
    rows: Vec<Vec<Value>>,
    written: u64,
}

/// Bound parameters per statement: under SQLite's 32,766 (and PostgreSQL's
/// and MySQL's 65,535).
const MAX_PARAMS: usize = 30_000;

impl Writer {
    fn new(backend: DbBackend) -> Self {
        Self {
            backend,
            tables: vec![],
        }
    }

    /// Buffers a row of `entity`'s table; the columns are the server's own,
    /// so a renamed or dropped column fails to compile here.
    fn row<E: EntityTrait>(&mut self, entity: E, columns: &[E::Column], row: Vec<Value>) {
        let name = entity.table_name();
        let cols: Vec<&'static str> = columns.iter().map(IdenStatic::as_str).collect();
        debug_assert_eq!(cols.len(), row.len(), "{name}");
        match self.tables.iter_mut().find(|t| t.name == name) {
            Some(t) => t.rows.push(row),
            None => self.tables.push(Table {
                name,
                cols,
                rows: vec![row],
                written: 0,
            }),
        }
    }

    async fn flush_all(&mut self, db: &impl ConnectionTrait) -> Result<(), BoxError> {
        let _ = self.backend;
        for t in &mut self.tables {
            let per_stmt = (MAX_PARAMS / t.cols.len()).max(1);
            let rows = std::mem::take(&mut t.rows);
            let mut it = rows.into_iter().peekable();
            while it.peek().is_some() {
                let mut q = Query::insert();
                q.into_table(Alias::new(t.name))
                    .columns(t.cols.iter().map(|c| Alias::new(*c)));
                let mut n = 0u64;
                for row in it.by_ref().take(per_stmt) {
                    q.values_panic(row.into_iter().map(Into::into));
                    n += 1;
                }
                db.execute(&q)
                    .await
                    .map_err(|e| format!("insert into {}: {e}", t.name))?;
                t.written += n;
            }
        }
        Ok(())
    }
}

#[derive(Default)]
struct Stats {
    rows: u64,
    news: u64,
    per_table: Vec<(&'static str, u64)>,
}

impl Stats {
    fn add(&mut self, w: &Writer) {
        for t in &w.tables {
            self.rows += t.written;
            if t.name == "news" {
                self.news += t.written;
            }
            match self.per_table.iter_mut().find(|(n, _)| *n == t.name) {
                Some((_, c)) => *c += t.written,
                None => self.per_table.push((t.name, t.written)),
            }
        }
    }
}

/// SplitMix64: tiny, and its sequence never changes with a dependency update.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}
