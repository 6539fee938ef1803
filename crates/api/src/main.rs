fn main() -> std::process::ExitCode {
    tune_malloc();
    yass_api::cli::main()
}

/// glibc keeps freed memory in up to 8 arenas per core and, after the first
/// large free, serves even 19 MiB blocks (an argon2id hash per login) from
/// those arenas instead of mmap — so each burst of logins leaves its peak
/// behind as resident memory. A fixed mmap threshold returns large blocks to
/// the system on free, and two arenas suffice for a handful of worker threads.
fn tune_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}
