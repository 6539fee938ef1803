//! Business operations that the API handlers, the CLI and the demo share:
//! each validates its input and writes in one transaction. Nothing here
//! knows HTTP or imports from `routes`.

pub mod accounts;
pub mod applications;
pub mod site_archive;
pub mod sites;
pub mod trash;
pub mod users;
pub mod yascms;
