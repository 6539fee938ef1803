//! Requests running in this instance, counted until their response body is
//! sent, and whether the instance is draining (`http::drain` uses both).

use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::web::Bytes;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::task::{Context, Poll};

/// Whether the instance is draining, and how many requests run now.
#[derive(Default)]
pub struct Drain {
    draining: AtomicBool,
    running: Arc<AtomicUsize>,
}

impl Drain {
    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::Relaxed)
    }

    pub fn start(&self) {
        self.draining.store(true, Ordering::Relaxed);
    }

    pub fn running(&self) -> usize {
        self.running.load(Ordering::SeqCst)
    }

    pub fn enter(&self) -> Running {
        self.running.fetch_add(1, Ordering::SeqCst);
        Running(self.running.clone())
    }
}

/// One request running (until its response body is sent or dropped).
pub struct Running(Arc<AtomicUsize>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A response body that counts as running until it is sent.
pub struct Counted {
    body: BoxBody,
    _running: Running,
}

impl Counted {
    pub fn new(body: BoxBody, running: Running) -> Self {
        Self {
            body,
            _running: running,
        }
    }
}

impl MessageBody for Counted {
    type Error = Box<dyn std::error::Error>;

    fn size(&self) -> BodySize {
        self.body.size()
    }

    fn poll_next(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        Pin::new(&mut self.body).poll_next(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_runs_until_its_body_is_gone() {
        let drain = Drain::default();
        assert_eq!(drain.running(), 0);
        let first = drain.enter();
        let body = Counted::new(BoxBody::new("streaming"), drain.enter());
        assert_eq!(drain.running(), 2);
        drop(first);
        assert_eq!(drain.running(), 1, "the body still streams");
        drop(body);
        assert_eq!(drain.running(), 0);
        assert!(!drain.is_draining());
        drain.start();
        assert!(drain.is_draining());
    }
}
