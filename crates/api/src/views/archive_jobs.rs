//! Archive jobs as the platform admin screen shows them.

use crate::storage::site_archive_jobs::{self as jobs, JobRow};
use crate::storage::utc;
use yass_shared_types::archives::{ArchiveJob, ArchiveJobState};

pub fn to_dto(j: &JobRow) -> ArchiveJob {
    ArchiveJob {
        id: j.id,
        kind: j.kind.clone(),
        state: match j.state.as_str() {
            jobs::DONE => ArchiveJobState::Done,
            jobs::RUNNING => ArchiveJobState::Running,
            _ => ArchiveJobState::Failed,
        },
        site_slug: j.site_slug.clone(),
        message: j.message.clone(),
        bytes: u64::try_from(j.bytes).unwrap_or(0),
        actor_name: j.actor_name.clone(),
        created_at: utc(j.created_at),
        updated_at: utc(j.updated_at),
        finished_at: j.finished_at.map(utc),
    }
}
