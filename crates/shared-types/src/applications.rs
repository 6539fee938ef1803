//! Schools applying for a site (issue 15): the public form, the
//! applicant's status, the platform admins' review, and the new webmaster's
//! set-up link.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// School levels an application may name.
pub const LEVELS: [&str; 5] = ["國小", "國中", "高中", "完全中學", "特教"];

/// Taipei's twelve districts.
pub const DISTRICTS: [&str; 12] = [
    "松山", "信義", "大安", "中山", "中正", "大同", "萬華", "文山", "南港", "內湖", "士林", "北投",
];

/// The public application form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewApplication {
    pub school_name: String,
    /// The Ministry of Education's school code: 6 digits.
    pub school_code: String,
    /// One of `LEVELS`.
    pub level: String,
    /// One of `DISTRICTS`.
    pub district: String,
    pub contact_name: String,
    /// The contact's school address (an allowed domain, see the options).
    pub email: String,
    /// With an extension: `02-2345-6789#123`.
    pub phone: String,
    /// The site's short name in `/s/{slug}/`.
    pub slug: String,
    /// The school's own hostname, optional (an allowed suffix).
    #[serde(default)]
    pub hostname: Option<String>,
    /// The account the contact will sign in with.
    pub account: String,
    #[serde(default)]
    pub note: Option<String>,
    /// Left empty by people; a bot that fills every field fills it.
    #[serde(default)]
    pub website: Option<String>,
}

/// What the form needs to know: choices and the platform's rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationOptions {
    pub levels: Vec<String>,
    pub districts: Vec<String>,
    pub email_domains: Vec<String>,
    pub hostname_suffixes: Vec<String>,
}

/// The answer to a submitted form (the same for every accepted one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationReceived {
    /// Where the confirmation link went.
    pub email: String,
    /// Hours the confirmation link stays valid.
    pub confirm_within_hours: u32,
}

/// A one-time or status link's secret, as the page read it from its URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkSecret {
    pub token: String,
}

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApplicationState {
    /// Waiting for the e-mail address to be confirmed.
    Submitted,
    /// Confirmed: in the review queue.
    Confirmed,
    Approved,
    Rejected,
}

impl ApplicationState {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationState::Submitted => "submitted",
            ApplicationState::Confirmed => "confirmed",
            ApplicationState::Approved => "approved",
            ApplicationState::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            ApplicationState::Submitted,
            ApplicationState::Confirmed,
            ApplicationState::Approved,
            ApplicationState::Rejected,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }

    /// 已送出 / 已確認 / 已核准 / 未通過.
    pub fn label_zh(self) -> &'static str {
        match self {
            ApplicationState::Submitted => "待確認電子郵件",
            ApplicationState::Confirmed => "審核中",
            ApplicationState::Approved => "已核准",
            ApplicationState::Rejected => "未通過",
        }
    }
}

/// What the applicant sees through their status link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationStatus {
    pub school_name: String,
    pub state: ApplicationState,
    pub submitted_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Why it was rejected.
    pub reason: Option<String>,
    /// The new site's address, once approved.
    pub site_path: Option<String>,
}

/// An application as the platform admins review it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Application {
    pub id: i64,
    pub state: ApplicationState,
    pub school_name: String,
    pub school_code: String,
    pub level: String,
    pub district: String,
    pub contact_name: String,
    pub email: String,
    pub phone: String,
    pub slug: String,
    pub hostname: Option<String>,
    pub account: String,
    pub note: String,
    pub submitted_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    /// The platform admin who decided, as named then.
    pub decided_by: Option<String>,
    pub reason: Option<String>,
    /// The site an approval made.
    pub site_id: Option<i64>,
}

/// Rejecting an application: the reason goes to the applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RejectApplication {
    pub reason: String,
}

/// A set-up or reset link's secret and the password to set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetPasswordWithLink {
    pub token: String,
    pub password: String,
}

/// Whose account a set-up or reset link is for (shown before the password
/// is chosen), and where to sign in after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkAccount {
    pub account: String,
    pub site_slug: String,
    pub site_name: String,
}

/// "Forgot password": the account name or its e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForgotPassword {
    pub account_or_email: String,
}
