//! Demo content (news, pages, links, extensions, calendar, navigation), in
//! Traditional Chinese, for trying yass out and for the browser tests:
//! pinned news (one with a pin window), a scheduled, an expired and a draft
//! item, two items with attachments, and a page only teachers may read
//! (「教職員專區」).

use super::cast::{Groups, SLUG};
use crate::error::ApiResult;
use crate::file_store::FileKey;
use crate::rules::input::content::ValidNews;
use crate::rules::{file_types, html, uploads as upload_rules};
use crate::state::State;
use crate::storage::{SiteTx, attachments, news, news_categories, pages};
use chrono::{DateTime, TimeDelta, Utc};
use yass_shared_types::content::PageVisibility;

/// One demo news item.
struct Item<'a> {
    title: &'a str,
    body: &'a str,
    category: usize,
    group: i64,
    days_ago: i64,
    tags: &'a [&'a str],
}

#[derive(Default)]
struct Timing {
    visible_from: Option<DateTime<Utc>>,
    visible_until: Option<DateTime<Utc>>,
    pinned: bool,
    pinned_from: Option<DateTime<Utc>>,
    pinned_until: Option<DateTime<Utc>>,
    draft: bool,
}

async fn add_news(
    state: &State,
    site_id: crate::storage::SiteId,
    slug: &str,
    categories: &[i64],
    it: &Item<'_>,
    timing: Timing,
) -> ApiResult<i64> {
    let now = state.clock.now();
    let display = timing
        .visible_from
        .unwrap_or(now - TimeDelta::days(it.days_ago) - TimeDelta::minutes(it.title.len() as i64));
    let fields = ValidNews {
        title: it.title.into(),
        body: html::sanitize(it.body, slug),
        category_id: categories.get(it.category).copied(),
        group_id: Some(it.group),
        tags: it
            .tags
            .iter()
            .map(std::string::ToString::to_string)
            .collect(),
        display_at: Some(display),
        visible_from: timing.visible_from,
        visible_until: timing.visible_until,
        pinned: timing.pinned,
        pinned_from: timing.pinned_from,
        pinned_until: timing.pinned_until,
        draft: timing.draft,
    };
    let tx = SiteTx::begin(&state.db, site_id, crate::demo::author(state)).await?;
    let row = news::save(
        &tx,
        None,
        news::Edit {
            fields: &fields,
            group_id: it.group,
            by: None,
            at: display.naive_utc(),
            restored_from: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(row.id)
}

async fn attach(
    state: &State,
    site_id: crate::storage::SiteId,
    kind: &str,
    owner_id: i64,
    file_name: &str,
    bytes: &[u8],
) -> ApiResult<()> {
    let stored = upload_rules::stored_name();
    state
        .files
        .put_bytes(&FileKey::attachment(site_id, &stored), bytes.to_vec())
        .await?;
    let content_type = file_types::decide(
        file_name,
        &bytes[..bytes.len().min(file_types::HEAD_LEN)],
        std::str::from_utf8(bytes).is_ok(),
    )
    .content_type;
    let tx = SiteTx::begin(&state.db, site_id, crate::demo::author(state)).await?;
    attachments::insert(
        &tx,
        attachments::NewAttachment {
            owner_kind: kind,
            owner_id,
            file_name,
            stored_name: &stored,
            content_type,
            size: bytes.len() as u64,
            at: state.clock.now_naive(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A small campus map, drawn here so the demo needs no binary files.
fn campus_map_png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(240, 160, |x, y| {
        let road = (110..130).contains(&x) || (70..90).contains(&y);
        let field = (20..100).contains(&x) && (10..60).contains(&y);
        if road {
            image::Rgb([200, 200, 200])
        } else if field {
            image::Rgb([90, 170, 90])
        } else {
            image::Rgb([240, 230, 200])
        }
    });
    let mut out = std::io::Cursor::new(Vec::new());
    let _ = img.write_to(&mut out, image::ImageFormat::Png);
    out.into_inner()
}

const ADMISSION_PDF: &[u8] =
    b"%PDF-1.4\n% yass demo\n1 0 obj << /Title (115 admission guide) >> endobj\n\
115 school year admission guide (demo file)\n%%EOF\n";

async fn add_page(
    state: &State,
    site_id: crate::storage::SiteId,
    slug: &str,
    title: &str,
    body: &str,
    (edit, read): (&[i64], &[i64]),
    page_tags: &[&str],
) -> ApiResult<i64> {
    let names: Vec<String> = page_tags
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    let body = html::sanitize(body, slug);
    let tx = SiteTx::begin(&state.db, site_id, crate::demo::author(state)).await?;
    let p = pages::save(
        &tx,
        None,
        pages::Edit {
            title,
            body: &body,
            visibility: if read.is_empty() {
                PageVisibility::Public
            } else {
                PageVisibility::Restricted
            },
            edit_groups: Some(edit),
            read_groups: Some(read),
            tags: &names,
            by: None,
            at: state.clock.now_naive(),
            restored_from: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(p.id)
}

pub async fn seed(state: &State, site_id: crate::storage::SiteId, groups: Groups) -> ApiResult<()> {
    let site = crate::storage::sites::by_slug(&state.db, SLUG)
        .await?
        .filter(|s| s.site_id() == site_id);
    let slug = site.map_or_else(|| SLUG.to_string(), |s| s.slug);
    let mut categories = vec![];
    let tx = SiteTx::begin(&state.db, site_id, crate::demo::author(state)).await?;
    for (i, name) in ["校園公告", "活動花絮", "招生資訊", "獎學金"]
        .iter()
        .enumerate()
    {
        let c = news_categories::create(&tx, (*name).into(), i as i32).await?;
        categories.push(c.id);
    }
    tx.commit().await?;
    let Groups {
        academic,
        registry,
        student,
        teachers,
    } = groups;
    let now = state.clock.now();
    let day = TimeDelta::days;
    let item = |title, body, category, group, days_ago, tags| Item {
        title,
        body,
        category,
        group,
        days_ago,
        tags,
    };
    // Everyday items (校園公告 0, 活動花絮 1, 招生資訊 2, 獎學金 3).
    let everyday = [
        item(
            "本校榮獲臺北市友善校園績優學校",
            "<p>感謝全體師生與家長的努力，本校獲評為臺北市友善校園績優學校。</p>",
            0,
            student,
            2,
            &["榮譽"][..],
        ),
        item(
            "明日颱風停課相關事宜",
            "<p>依臺北市政府公告，明日颱風停課，請家長留意孩子安全。</p><p>停課期間請勿到校。</p>",
            0,
            student,
            3,
            &["防災", "停課"][..],
        ),
        item(
            "校園網路維護公告",
            "<p>本週六上午 8:00 至 12:00 進行網路設備維護，期間校網暫停服務。</p>",
            0,
            academic,
            4,
            &["資訊"][..],
        ),
        item(
            "第一次定期評量日程",
            "<p>第一次定期評量訂於下週三、四舉行，請同學用心準備。</p>",
            0,
            academic,
            6,
            &["評量"][..],
        ),
        item(
            "校慶運動會花絮",
            "<p>運動會圓滿落幕！<strong>大隊接力</strong>高潮迭起，感謝家長熱情加油。</p>",
            1,
            student,
            7,
            &["運動會", "校慶"][..],
        ),
        item(
            "英語歌唱比賽得獎名單",
            "<p>恭喜各班同學的精彩演出，得獎名單如下。</p><ul><li>特優：六年一班</li><li>優等：五年三班</li></ul>",
            1,
            academic,
            9,
            &["英語", "比賽"][..],
        ),
        item(
            "校外教學：臺北市立動物園",
            "<p>三年級同學前往動物園進行校外教學，認識臺灣特有種動物。</p>",
            1,
            student,
            10,
            &["校外教學"][..],
        ),
        item(
            "圖書館閱讀週活動",
            "<p>閱讀週期間借書加倍，並有說故事時間，歡迎同學踴躍參加。</p>",
            1,
            academic,
            12,
            &["閱讀"][..],
        ),
        item(
            "一年級新生報到時間",
            "<p>一年級新生請於 8 月 1 日上午 9 時至本校禮堂報到，攜帶戶口名簿。</p>",
            2,
            registry,
            13,
            &["新生", "報到"][..],
        ),
        item(
            "學區劃分說明",
            "<p>本校學區範圍請參考臺北市教育局公告，或洽註冊組。</p>",
            2,
            registry,
            15,
            &["學區"][..],
        ),
        item(
            "轉學生申請流程",
            "<p>轉入本校請攜帶轉學證明書及戶籍資料，至教務處註冊組辦理。</p>",
            2,
            registry,
            16,
            &["轉學"][..],
        ),
        item(
            "清寒學生獎助學金申請",
            "<p>符合資格之同學請於本月底前向學務處提出申請。</p>",
            3,
            student,
            17,
            &["獎學金"][..],
        ),
        item(
            "扶輪社獎學金得獎名單",
            "<p>恭喜以下同學獲得扶輪社獎學金，頒獎典禮將於朝會舉行。</p>",
            3,
            student,
            19,
            &["獎學金", "榮譽"][..],
        ),
        item(
            "家長日活動通知",
            "<p>家長日訂於 9 月 20 日（六）上午舉行，歡迎家長蒞校參與。</p>",
            0,
            academic,
            20,
            &["家長"][..],
        ),
        item(
            "校園腸病毒防治宣導",
            "<p>請同學勤洗手，如有發燒或皮疹症狀請在家休息並就醫。</p>",
            0,
            student,
            22,
            &["衛生"][..],
        ),
        item(
            "科展作品說明會",
            "<p>有意參加科展的同學，請於週五午休至自然教室參加說明會。</p>",
            1,
            academic,
            24,
            &["科展"][..],
        ),
        item(
            "畢業典禮暨頒獎",
            "<p>第 60 屆畢業典禮將於 6 月中旬舉行，歡迎家長蒞臨觀禮。</p>",
            1,
            student,
            26,
            &["畢業"][..],
        ),
        item(
            "課後照顧班招生",
            "<p>本學期課後照顧班開始報名，名額有限，額滿為止。</p>",
            2,
            academic,
            28,
            &["課後照顧"][..],
        ),
        item(
            "市長獎申請說明",
            "<p>應屆畢業生符合市長獎資格者，請導師協助提出申請。</p>",
            3,
            academic,
            30,
            &["獎學金", "畢業"][..],
        ),
        item(
            "午餐菜單公告",
            "<p>本月午餐菜單已公告於學務處網頁，並提供素食選項。</p>",
            0,
            student,
            32,
            &["午餐"][..],
        ),
        item(
            "交通安全宣導週",
            "<p>上下學請走人行道，過馬路請注意號誌，家長接送請勿並排停車。</p>",
            0,
            student,
            35,
            &["交通安全"][..],
        ),
        item(
            "教師甄選簡章公告",
            "<p>本校 115 學年度代理教師甄選簡章已公告，請至教務處網頁下載。</p>",
            0,
            academic,
            40,
            &["甄選"][..],
        ),
        item(
            "鄉土語言競賽成績",
            "<p>恭喜本校同學於臺北市鄉土語言競賽榮獲佳績。</p>",
            1,
            academic,
            42,
            &["比賽", "榮譽"][..],
        ),
        item(
            "書法比賽成果展",
            "<p>書法比賽優秀作品於川堂展出，歡迎參觀。</p>",
            1,
            academic,
            38,
            &["比賽"][..],
        ),
    ];
    for it in &everyday {
        add_news(state, site_id, &slug, &categories, it, Timing::default()).await?;
    }
    // Pinned for good, with the admission guide attached.
    let guide = add_news(
        state,
        site_id,
        &slug,
        &categories,
        &item(
            "115學年度新生入學須知",
            "<p>歡迎新生加入示範國小！入學相關事項請詳閱附件招生簡章。</p>",
            2,
            registry,
            1,
            &["新生", "招生"][..],
        ),
        Timing {
            pinned: true,
            ..Default::default()
        },
    )
    .await?;
    attach(
        state,
        site_id,
        attachments::NEWS,
        guide,
        "115學年度招生簡章.pdf",
        ADMISSION_PDF,
    )
    .await?;
    // Pinned for two weeks only.
    let map = add_news(
        state,
        site_id,
        &slug,
        &categories,
        &item(
            "校園施工期間動線調整",
            "<p>施工期間請依附件校園地圖改道通行，造成不便敬請見諒。</p>",
            0,
            academic,
            0,
            &["施工", "交通安全"][..],
        ),
        Timing {
            pinned: true,
            pinned_from: Some(now - day(1)),
            pinned_until: Some(now + day(14)),
            ..Default::default()
        },
    )
    .await?;
    attach(
        state,
        site_id,
        attachments::NEWS,
        map,
        "校園地圖.png",
        &campus_map_png(),
    )
    .await?;
    // Scheduled, expired and draft items (hidden from visitors).
    add_news(
        state,
        site_id,
        &slug,
        &categories,
        &item(
            "寒假返校日通知",
            "<p>寒假返校日為 1 月 28 日，請同學準時到校。</p>",
            0,
            student,
            0,
            &["寒假"][..],
        ),
        Timing {
            visible_from: Some(now + day(3)),
            ..Default::default()
        },
    )
    .await?;
    add_news(
        state,
        site_id,
        &slug,
        &categories,
        &item(
            "暑期育樂營報名（已截止）",
            "<p>暑期育樂營報名已截止，感謝踴躍參與。</p>",
            1,
            student,
            60,
            &["營隊"][..],
        ),
        Timing {
            visible_until: Some(now - day(2)),
            ..Default::default()
        },
    )
    .await?;
    add_news(
        state,
        site_id,
        &slug,
        &categories,
        &item(
            "（草稿）下學期行事曆",
            "<p>待確認。</p>",
            0,
            academic,
            0,
            &[][..],
        ),
        Timing {
            draft: true,
            ..Default::default()
        },
    )
    .await?;

    add_page(state, site_id, &slug, "學校簡介",
        "<h2>學校沿革</h2><p>本校創立於民國 55 年，秉持「快樂學習・健康成長・適性發展」的理念，培育每一位孩子。</p><h2>辦學特色</h2><ul><li>雙語教育</li><li>閱讀教育</li><li>科技與程式教育</li></ul>",
        (&[academic], &[]), &["學校簡介"]).await?;
    add_page(state, site_id, &slug, "交通資訊",
        "<h2>大眾運輸</h2><p>捷運：中正紀念堂站 2 號出口步行約 8 分鐘。</p><p>公車：示範國小站（0東、15、18）。</p><h2>地圖</h2><iframe src=\"https://www.google.com/maps/embed?pb=demo\" width=\"600\" height=\"450\" title=\"學校位置地圖\"></iframe>",
        (&[academic, student], &[]), &["交通"]).await?;
    let restricted = add_page(state, site_id, &slug, "教職員專區",
        "<p>教職員會議紀錄、校務行政表單與內部公告。</p><table><thead><tr><th>文件</th><th>更新</th></tr></thead><tbody><tr><td>校務會議紀錄</td><td>每月</td></tr></tbody></table>",
        (&[academic], &[teachers]), &["教職員"]).await?;
    attach(
        state,
        site_id,
        attachments::PAGE,
        restricted,
        "校務會議紀錄.txt",
        "校務會議紀錄（示範）\n一、報告事項\n二、討論事項\n".as_bytes(),
    )
    .await?;
    // The browser tests look up the restricted page here (see e2e/REQUESTS.md).
    let note = serde_json::json!({ "restricted_page_id": restricted });
    if let Err(e) =
        tokio::fs::write(state.settings.data_dir.join("demo.json"), note.to_string()).await
    {
        tracing::warn!(error = %e, "could not write demo.json");
    }
    let groups_for_site = Groups {
        academic,
        registry,
        student,
        teachers,
    };
    super::site_content::seed_site_content(state, site_id, &groups_for_site).await?;
    Ok(())
}
