fn main() -> std::process::ExitCode {
    yass_api::cli::main()
}
