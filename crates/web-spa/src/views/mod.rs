//! Screens and the pieces they share.

pub mod admin;
pub mod calendar;
pub mod common;
pub mod extensions;
pub mod home;
pub mod layout;
pub mod links;
pub mod nav;
pub mod news;
pub mod page;
