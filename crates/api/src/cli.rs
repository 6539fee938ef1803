//! The `yass` command line. Its names are a public contract.

use crate::clock::Clock;
use crate::config::Settings;
use crate::startup::{Application, BoxError, state};
use crate::{db, demo, openapi};
use clap::{Parser, Subcommand};
use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;
use yass_shared_types::site::CreateSite;
use yass_shared_types::users::{CreateUser, UserStatus};

#[derive(Parser)]
#[command(
    name = "yass",
    version,
    about = "School websites for a whole city, from one deployment"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start the API (and the SPA, if built).
    Serve {
        #[command(flatten)]
        settings: Settings,
    },
    /// Create or update the database schema, then exit.
    Migrate {
        #[command(flatten)]
        settings: Settings,
    },
    /// Manage sites.
    Site {
        #[command(subcommand)]
        command: SiteCommand,
    },
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Make every instance rebuild every cached public response (homepages,
    /// menus, shared snapshots) within its site-row bound: for after the
    /// database was edited by hand.
    InvalidateCaches {
        #[command(flatten)]
        settings: Settings,
    },
    /// Load the Ministry of Education's school codes (a CSV file of
    /// `code,name` lines; an empty file switches the check off). While any
    /// are loaded, an application must name one of them.
    SchoolCodes {
        /// The CSV file (`-` for standard input).
        #[arg(long)]
        file: String,
        #[command(flatten)]
        settings: Settings,
    },
    /// Print every school's hostnames (`hostname slug primary|- ready|waiting`,
    /// tab-separated) for the deploy to render nginx and certificates from;
    /// `--tls-ready HOST` first marks hostnames the deploy now serves.
    Hostnames {
        #[arg(long = "tls-ready")]
        tls_ready: Vec<String>,
        #[command(flatten)]
        settings: Settings,
    },
    /// Import a school from another system.
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Copy uploaded files between the file store (directory or object
    /// store) and a directory: the backup's and the restore's.
    Files {
        #[command(subcommand)]
        command: FilesCommand,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Fill one demo school (slug `demo`) with realistic content.
    Demo {
        #[command(flatten)]
        settings: Settings,
    },
}

#[derive(Subcommand)]
enum FilesCommand {
    /// Copy every school's files from the store into DIR (DIR/{site}/…);
    /// files already there are kept (stored files never change).
    Pull {
        #[arg(long)]
        out: std::path::PathBuf,
        #[command(flatten)]
        settings: Settings,
    },
    /// Store every school file under DIR that the store lacks (a restore,
    /// or moving a directory's files into the object store).
    Push {
        #[arg(long)]
        from: std::path::PathBuf,
        #[command(flatten)]
        settings: Settings,
    },
}

#[derive(Subcommand)]
enum SiteCommand {
    /// Create a site.
    Create {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
        /// A hostname of the site (repeatable; the first is primary).
        #[arg(long = "host")]
        hosts: Vec<String>,
        /// Only the site and its administrators' group, without a school's
        /// default groups, categories, pages and menu.
        #[arg(long)]
        bare: bool,
        #[command(flatten)]
        settings: Settings,
    },
    /// Write one site's archive (a tar: manifest, rows as JSON, files) of
    /// one consistent snapshot. It holds password hashes and e-mail
    /// addresses: it is written mode 0600; keep it so.
    Export {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        out: std::path::PathBuf,
        #[command(flatten)]
        settings: Settings,
    },
    /// Make a new site of an archive (from this platform or another, on any
    /// database), all or nothing. Its API tokens come back revoked;
    /// hostnames another site has are left out.
    Import {
        #[arg(long)]
        file: std::path::PathBuf,
        /// The new site's slug (default: the archive's).
        #[arg(long)]
        slug: Option<String>,
        #[command(flatten)]
        settings: Settings,
    },
}

#[derive(Subcommand)]
enum ImportSource {
    /// A school's yascms (its MariaDB database and upload folder) as a new
    /// site: settings, groups, users (their passwords keep working), news,
    /// pages, attachments, the menu, links and phone extensions.
    Yascms {
        /// `mysql://user:password@host/database` of the school's yascms.
        #[arg(long)]
        mysql_url: String,
        /// yascms's `uploads` folder (with `news/` and `pages/`).
        #[arg(long)]
        uploads: std::path::PathBuf,
        #[arg(long)]
        slug: String,
        /// The school's hostname (old links on it are kept working).
        #[arg(long)]
        host: Option<String>,
        /// Only print what would be imported and every problem found.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        settings: Settings,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a site user or a platform admin.
    Create {
        /// The site's slug (omit with --platform-admin).
        #[arg(
            long,
            required_unless_present = "platform_admin",
            conflicts_with = "platform_admin"
        )]
        site: Option<String>,
        #[arg(long)]
        platform_admin: bool,
        #[arg(long)]
        account: String,
        /// Also `YASS_PASSWORD`, or read from standard input when absent.
        #[arg(long, env = "YASS_PASSWORD", hide_env_values = true)]
        password: Option<String>,
        /// Put the user in the site's administrators group.
        #[arg(long, conflicts_with = "platform_admin")]
        site_admin: bool,
        #[command(flatten)]
        settings: Settings,
    },
}

pub fn main() -> ExitCode {
    {
        use tracing_subscriber::prelude::*;
        let filter = tracing_subscriber::EnvFilter::try_from_env("YASS_LOG")
            .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into());
        tracing_subscriber::registry()
            .with(
                tracing_subscriber::fmt::layer()
                    .with_writer(std::io::stderr)
                    .with_filter(filter),
            )
            .with(crate::metrics::pool_wait_layer())
            .init();
    }
    let cli = Cli::parse();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("yass: {e}");
            return ExitCode::FAILURE;
        }
    };
    // actix needs a LocalSet-based system for `serve`.
    let result = match cli.command {
        Command::Serve { settings } => actix_web::rt::System::new().block_on(serve(settings)),
        other => rt.block_on(run(other)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("yass: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(settings: Settings) -> Result<(), BoxError> {
    let bind = settings.bind.clone();
    let app = Application::build(settings).await?;
    tracing::info!("yass listening on http://{bind} (port {})", app.port());
    app.run_until_signalled().await?;
    Ok(())
}

async fn open(settings: Settings) -> Result<crate::state::AppState, BoxError> {
    let conn = db::connect(&settings).await?;
    db::migrate(&conn).await?;
    state(settings, conn, Clock::default())
}

fn problem_text(e: crate::error::ApiError) -> BoxError {
    let p = e.problem();
    let mut msg = format!("{} ({})", p.title, p.code);
    if let Some(d) = p.detail {
        msg.push_str(&format!(": {d}"));
    }
    for (field, errs) in p.errors {
        msg.push_str(&format!("\n  {field}: {}", errs.join("; ")));
    }
    msg.into()
}

fn read_password(given: Option<String>) -> Result<String, BoxError> {
    if let Some(p) = given {
        return Ok(p);
    }
    if std::io::stdin().is_terminal() {
        eprint!("Password: ");
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let p = line.trim_end_matches(['\r', '\n']).to_string();
    if p.is_empty() {
        return Err("no password given (use --password, YASS_PASSWORD or standard input)".into());
    }
    Ok(p)
}

async fn run(cmd: Command) -> Result<(), BoxError> {
    match cmd {
        Command::Serve { .. } => unreachable!("handled in main"),
        Command::Openapi => {
            use std::io::Write;
            // A closed pipe (`yass openapi | head`) is not an error worth a panic.
            let doc = openapi::to_json().map_err(|e| e.to_string())?;
            let _ = std::io::stdout().write_all(doc.as_bytes());
        }
        Command::SchoolCodes { file, settings } => {
            let text = if file == "-" {
                std::io::read_to_string(std::io::stdin())?
            } else {
                std::fs::read_to_string(&file)?
            };
            let list = parse_codes(&text);
            let st = open(settings).await?;
            let n =
                crate::operations::applications::load_school_codes(&st, &list, &cli_author(&st))
                    .await
                    .map_err(problem_text)?;
            println!("{n} school codes loaded");
        }
        Command::Hostnames {
            tls_ready,
            settings,
        } => {
            let st = open(settings).await?;
            if !tls_ready.is_empty() {
                let n = crate::operations::sites::mark_tls_ready(&st, &tls_ready, &cli_author(&st))
                    .await
                    .map_err(problem_text)?;
                eprintln!("yass: {n} hostname(s) marked as served with TLS");
            }
            for h in crate::operations::sites::hostnames(&st)
                .await
                .map_err(problem_text)?
            {
                println!(
                    "{}\t{}\t{}\t{}",
                    h.hostname,
                    h.site_slug,
                    if h.primary { "primary" } else { "-" },
                    if h.tls_ready { "ready" } else { "waiting" }
                );
            }
        }
        Command::Import {
            source:
                ImportSource::Yascms {
                    mysql_url,
                    uploads,
                    slug,
                    host,
                    dry_run,
                    settings,
                },
        } => {
            let st = open(settings).await?;
            let opts = crate::operations::yascms::YascmsImport {
                mysql_url,
                uploads,
                slug,
                host,
                dry_run,
            };
            let report = crate::operations::yascms::import(
                &st,
                &opts,
                &cli_author(&st),
                terminal_progress(),
            )
            .await
            .map_err(problem_text)?;
            print_yascms_report(&report);
            if let Some(done) = &report.imported {
                print_import_warnings(done);
                println!("created site {} (id {})", done.site.slug, done.site.id);
            } else if !report.blocking.is_empty() {
                return Err(
                    "the school cannot be imported until the problems above are fixed".into(),
                );
            } else {
                println!("dry run: nothing was written");
            }
        }
        Command::Migrate { settings } => {
            let conn = db::connect(&settings).await?;
            db::migrate(&conn).await?;
            eprintln!("yass: database is up to date");
        }
        Command::Files { command } => {
            let (done, what) = match command {
                FilesCommand::Pull { out, settings } => {
                    let files = crate::file_store::FileStore::from_settings(&settings)?;
                    (files.pull_all(&out).await.map_err(problem_text)?, "pulled")
                }
                FilesCommand::Push { from, settings } => {
                    let files = crate::file_store::FileStore::from_settings(&settings)?;
                    (files.push_all(&from).await.map_err(problem_text)?, "pushed")
                }
            };
            eprintln!(
                "yass: {what} {} files ({} bytes); {} already there",
                done.copied, done.bytes, done.kept
            );
        }
        Command::InvalidateCaches { settings } => {
            let conn = db::connect(&settings).await?;
            crate::storage::sites::bump_all_content_versions(&conn).await?;
            eprintln!("yass: every site's content version bumped; caches rebuild on next use");
        }
        Command::Demo { settings } => {
            let st = open(settings).await?;
            demo::seed(&actix_web::web::Data::new(st)).await?;
            eprintln!("yass: demo school ready at /s/demo/ (accounts are printed above)");
        }
        Command::Site {
            command:
                SiteCommand::Create {
                    slug,
                    name,
                    hosts,
                    bare,
                    settings,
                },
        } => {
            let st = open(settings).await?;
            let (_, site) = crate::operations::sites::provision(
                &st,
                CreateSite {
                    slug,
                    name,
                    hostnames: hosts,
                    bare,
                    ..Default::default()
                },
                &cli_author(&st),
            )
            .await
            .map_err(problem_text)?;
            println!("created site {} (id {})", site.public.slug, site.id);
        }
        Command::Site {
            command:
                SiteCommand::Export {
                    slug,
                    out,
                    settings,
                },
        } => {
            let st = open(settings).await?;
            let m = crate::operations::site_archive::export(&st, &slug, &out, terminal_progress())
                .await
                .map_err(problem_text)?;
            println!(
                "wrote {} ({} members) of site {slug}",
                out.display(),
                m.members.len() + 1
            );
        }
        Command::Site {
            command:
                SiteCommand::Import {
                    file,
                    slug,
                    settings,
                },
        } => {
            let st = open(settings).await?;
            let limits = crate::rules::site_archive::Limits {
                total_bytes: st.settings.archive_limit_bytes,
                ..Default::default()
            };
            let done = crate::operations::site_archive::import(
                &st,
                &file,
                slug.as_deref(),
                limits,
                &cli_author(&st),
                terminal_progress(),
            )
            .await
            .map_err(problem_text)?;
            print_import_warnings(&done);
            println!(
                "created site {} (id {}) from {}",
                done.site.slug,
                done.site.id,
                file.display()
            );
        }
        Command::User {
            command:
                UserCommand::Create {
                    site,
                    platform_admin,
                    account,
                    password,
                    site_admin,
                    settings,
                },
        } => {
            let password = read_password(password)?;
            let st = open(settings).await?;
            let site_row = match (&site, platform_admin) {
                (_, true) => None,
                (Some(slug), false) => Some(
                    crate::storage::sites::by_slug(&st.db, slug)
                        .await
                        .map_err(problem_text)?
                        .ok_or_else(|| format!("no site with slug {slug}"))?,
                ),
                (None, false) => return Err("give --site SLUG or --platform-admin".into()),
            };
            let mut groups = vec![];
            if let (Some(s), true) = (&site_row, site_admin) {
                groups.push(
                    crate::operations::sites::admin_group(&st, s.site_id(), &cli_author(&st))
                        .await
                        .map_err(problem_text)?,
                );
            }
            let u = crate::operations::users::create(
                &st,
                site_row
                    .as_ref()
                    .map(crate::storage::sites::SiteRow::site_id),
                CreateUser {
                    account,
                    password,
                    display_name: None,
                    emails: vec![],
                    group_ids: groups,
                    status: Some(UserStatus::Active),
                },
                cli_author(&st),
            )
            .await
            .map_err(problem_text)?;
            println!("created user {} (id {})", u.account, u.id);
        }
    }
    Ok(())
}

fn print_yascms_report(r: &crate::operations::yascms::Report) {
    println!("yascms schema revision {}", r.revision);
    for (table, n) in &r.counts {
        if *n > 0 {
            println!("  {table}: {n}");
        }
    }
    for n in &r.notes {
        println!("note: {n}");
    }
    for l in &r.left_out {
        println!("not imported: {l}");
    }
    for b in &r.blocking {
        println!("PROBLEM: {b}");
    }
}

/// What an import left out or changed, on standard error: a hostname that
/// another site has, API tokens that arrive revoked, trash not carried over.
fn print_import_warnings(done: &crate::storage::site_archive::Imported) {
    for h in &done.dropped_hosts {
        eprintln!("yass: hostname {h} left out: another site has it");
    }
    if done.revoked_tokens > 0 {
        eprintln!(
            "yass: {} API token(s) imported revoked; their holders need new ones",
            done.revoked_tokens
        );
    }
    if done.skipped_trash > 0 {
        eprintln!(
            "yass: {} item(s) in the old site's trash were not imported",
            done.skipped_trash
        );
    }
}

/// Progress lines on standard error, for the operator watching.
fn terminal_progress() -> crate::operations::site_archive::Progress {
    std::sync::Arc::new(|m: &str| eprintln!("yass: {m}"))
}

/// Changes made with this command are recorded as made by the command line
/// (the operator's shell account is not the platform's business).
fn cli_author(st: &crate::state::AppState) -> crate::storage::audit::Author {
    crate::storage::audit::Author::system("yass command line", st.clock.now_naive())
}

/// `code,name` lines; blank lines, `#` comments and a `code,name` header
/// are skipped. The operation checks each code and name.
fn parse_codes(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(','))
        .map(|(c, n)| (c.trim().to_string(), n.trim().trim_matches('"').to_string()))
        .filter(|(c, _)| !c.eq_ignore_ascii_case("code"))
        .collect()
}

#[cfg(test)]
mod codes_tests {
    #[test]
    fn school_codes_are_read_as_code_and_name() {
        let got = super::parse_codes(
            "code,name\n# comment\n313601, 臺北市立示範國小\n\n353604,\"市立中學\"\n",
        );
        assert_eq!(
            got,
            vec![
                ("313601".to_string(), "臺北市立示範國小".to_string()),
                ("353604".to_string(), "市立中學".to_string())
            ]
        );
    }
}
