//! The outbox's sender loop: every instance may run it (the outbox hands
//! each message to one); `mail::Mailer` does the sending.

use crate::rules::mail_retry;
use crate::state::AppState;
use crate::storage::outbox;
use chrono::TimeDelta;
use std::time::Duration;

/// How long an instance holds a claimed message: longer than an SMTP
/// conversation may take (the transport times out after 30 s).
const LEASE: TimeDelta = TimeDelta::minutes(5);

/// Sends what is due now; returns how many went out. Safe on every
/// instance at once: each message is claimed by one.
pub async fn send_due(state: &AppState) -> crate::error::ApiResult<usize> {
    let mailer = &state.mailer;
    let now = state.clock.now_naive();
    let rows = outbox::claim_due(&state.db, &mailer.instance, now, LEASE, 20).await?;
    let mut sent = 0;
    for row in rows {
        match mailer.deliver(&row).await {
            Ok(()) => {
                outbox::mark_sent(&state.db, row.id, &mailer.instance, state.clock.now_naive())
                    .await?;
                crate::metrics::mail_sent(row.kind.as_str(), "sent");
                sent += 1;
            }
            Err(error) => {
                let now = state.clock.now_naive();
                let retry_at = mail_retry::next_wait(row.attempts + 1).map(|w| now + w);
                tracing::warn!(id = row.id, kind = %row.kind, %error, given_up = retry_at.is_none(), "mail not sent");
                outbox::mark_failed(&state.db, &row, &mailer.instance, &error, retry_at, now)
                    .await?;
                crate::metrics::mail_sent(
                    row.kind.as_str(),
                    if retry_at.is_some() {
                        "retry"
                    } else {
                        "given_up"
                    },
                );
            }
        }
    }
    Ok(sent)
}

/// Sends due mail every `YASS_MAIL_POLL_MS`, and at once when a request
/// queued some (`wake`): a notice on this instance only speeds it up;
/// every instance's poll is what guarantees delivery.
pub fn spawn(state: actix_web::web::Data<AppState>) {
    let period = Duration::from_millis(state.settings.mail_poll_ms.max(50));
    actix_web::rt::spawn(async move {
        loop {
            if let Err(e) = send_due(&state).await {
                tracing::warn!(error = %e, "mail outbox check failed");
            }
            let _ = tokio::time::timeout(period, state.mail_queued.notified()).await;
        }
    });
}
