//! Pure rules: no I/O, `now` passed in, unit-tested to exhaustion.

pub mod content_input;
pub mod group_tree;
pub mod html;
pub mod permissions;
pub mod phone;
pub mod search;
pub mod throttle;
pub mod uploads;
pub mod validate;
pub mod visibility;
