//! Pure rules: no I/O, `now` passed in, unit-tested to exhaustion.

pub mod group_tree;
pub mod permissions;
pub mod phone;
pub mod throttle;
pub mod validate;
pub mod html;
pub mod search;
pub mod uploads;
pub mod visibility;
pub mod content_input;
