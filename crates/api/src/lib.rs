//! yass: one API for the websites of many schools.

pub mod auth;
pub mod build;
pub mod cache;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod housekeeping;
pub mod http;
pub mod imaging;
pub mod keys;
pub mod mail;
pub mod mail_sender;
pub mod metrics;
pub mod openapi;
pub mod operations;
pub mod routes;
pub mod rules;
pub mod shell;
pub mod startup;
pub mod state;
pub mod storage;
pub mod uploads;
pub mod views;
