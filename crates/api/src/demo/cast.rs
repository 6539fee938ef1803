//! Who the demo school is: its slug and the groups its content belongs to.

pub const SLUG: &str = "demo";

/// The demo's groups that own content.
pub struct Groups {
    pub academic: i64,
    pub registry: i64,
    pub student: i64,
    pub teachers: i64,
}
