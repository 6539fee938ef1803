//! Authentication: passwords, tokens, client addresses and the caller.

pub mod attempts;
pub mod caller;
pub mod client_addr;
pub mod device;
pub mod jwt;
pub mod login;
pub mod password;
pub mod secrets;
pub mod session;
