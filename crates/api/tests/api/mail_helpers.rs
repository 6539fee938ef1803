//! A real SMTP server for the mail tests: aiosmtpd (PyPI), started on a
//! free loopback port with its Maildir handler, and the messages it
//! received, parsed. `scripts/test.sh` installs it and names its Python in
//! `YASS_TEST_SMTPD_PYTHON`.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct SmtpServer {
    pub port: u16,
    dir: PathBuf,
    child: Child,
}

/// One received message.
#[derive(Debug, Clone)]
pub struct Received {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl SmtpServer {
    pub async fn start() -> Self {
        Self::start_on(free_port()).await
    }

    #[allow(
        clippy::zombie_processes,
        reason = "the child is owned by the returned server, whose Drop kills and waits for it"
    )]
    pub async fn start_on(port: u16) -> Self {
        let python = std::env::var("YASS_TEST_SMTPD_PYTHON").expect(
            "YASS_TEST_SMTPD_PYTHON: a Python with aiosmtpd (scripts/test.sh installs one)",
        );
        let dir = std::env::temp_dir().join(format!("yass-smtpd-{port}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let child = Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start aiosmtpd");
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return SmtpServer { port, dir, child };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("aiosmtpd did not listen on {port}");
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far.
    pub fn messages(&self) -> Vec<Received> {
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            let Ok(entries) = std::fs::read_dir(self.dir.join(sub)) else {
                continue;
            };
            for e in entries.flatten() {
                out.push(parse(&std::fs::read(e.path()).unwrap()));
            }
        }
        out
    }

    /// The messages to `to`, once there are `n` of them (waits up to 20 s).
    pub async fn wait_for(&self, to: &str, n: usize) -> Vec<Received> {
        for _ in 0..400 {
            let mine: Vec<Received> = self
                .messages()
                .into_iter()
                .filter(|m| m.to.contains(to))
                .collect();
            if mine.len() >= n {
                return mine;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no {n} message(s) to {to}: {:?}", self.messages());
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A message's recipient, subject and both bodies.
pub fn parse(raw: &[u8]) -> Received {
    let m = mailparse::parse_mail(raw).expect("a parsable message");
    let header = |name: &str| {
        m.headers
            .iter()
            .find(|h| h.get_key().eq_ignore_ascii_case(name))
            .map(mailparse::MailHeader::get_value)
            .unwrap_or_default()
    };
    let mut text = String::new();
    let mut html = String::new();
    for part in m.parts() {
        match part.ctype.mimetype.as_str() {
            "text/plain" => text = part.get_body().unwrap(),
            "text/html" => html = part.get_body().unwrap(),
            _ => {}
        }
    }
    Received {
        to: header("To"),
        subject: header("Subject"),
        text,
        html,
    }
}

/// The secret after `#` of the first link in `text` that contains `path`.
pub fn secret_of(text: &str, path: &str) -> String {
    let line = text
        .lines()
        .find(|l| l.contains(path) && l.contains('#'))
        .unwrap_or_else(|| panic!("a link to {path} in {text}"));
    line.trim().rsplit_once('#').unwrap().1.to_string()
}
