//! Sending mail from the outbox (`storage::outbox`): over SMTP when
//! `YASS_SMTP_URL` is set, else into files in the data directory (so
//! `make run` works offline). Never into the log: bodies carry one-time
//! links, which are credentials.

pub mod messages;

use crate::config::Settings;
use crate::storage::outbox::OutboxRow;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::time::Duration;

enum Transport {
    Smtp(Box<AsyncSmtpTransport<Tokio1Executor>>),
    Files(PathBuf),
}

/// What sends: the transport, the sender's address, and this instance's
/// name in claims.
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    /// This instance's name in the outbox's claims.
    pub instance: String,
}

impl Mailer {
    pub fn from_settings(s: &Settings) -> Result<Self, String> {
        let from: Mailbox = s
            .mail_from
            .parse()
            .map_err(|e| format!("YASS_MAIL_FROM {:?}: {e}", s.mail_from))?;
        let transport = match s.smtp_url.as_deref().filter(|u| !u.is_empty()) {
            Some(url) => Transport::Smtp(Box::new(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("YASS_SMTP_URL: {e}"))?
                    .timeout(Some(Duration::from_secs(30)))
                    .build(),
            )),
            None => Transport::Files(s.data_dir.join("mail")),
        };
        Ok(Mailer {
            transport,
            from,
            instance: uuid::Uuid::new_v4().simple().to_string(),
        })
    }

    /// Where mail goes when no SMTP server is configured, if so (the UI
    /// tells the platform admin).
    pub fn files_dir(&self) -> Option<&std::path::Path> {
        match &self.transport {
            Transport::Files(d) => Some(d),
            Transport::Smtp(_) => None,
        }
    }

    /// Sends one message (or writes its file).
    pub async fn deliver(&self, row: &OutboxRow) -> Result<(), String> {
        let to: Mailbox = row
            .to_address
            .parse()
            .map_err(|e| format!("recipient {:?}: {e}", row.to_address))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(row.subject.clone())
            .multipart(MultiPart::alternative_plain_html(
                row.body_text.clone().unwrap_or_default(),
                row.body_html.clone().unwrap_or_default(),
            ))
            .map_err(|e| format!("building the message: {e}"))?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| format!("SMTP: {e}")),
            Transport::Files(dir) => write_file(dir, row, &message.formatted()).await,
        }
    }
}

/// Writes one message as an `.eml` file readable by the server's user only.
async fn write_file(dir: &std::path::Path, row: &OutboxRow, bytes: &[u8]) -> Result<(), String> {
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(|e| format!("creating {}: {e}", dir.display()))?;
    let name = format!(
        "{}-{:06}-{}.eml",
        row.created_at.format("%Y%m%dT%H%M%S"),
        row.id,
        row.kind
    );
    let path = dir.join(name);
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options
        .open(&path)
        .await
        .map_err(|e| format!("writing {}: {e}", path.display()))?;
    tokio::io::AsyncWriteExt::write_all(&mut file, bytes)
        .await
        .map_err(|e| format!("writing {}: {e}", path.display()))
}
