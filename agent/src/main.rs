//! rpyc-agent: a native RPyC classic server.

fn main() -> std::process::ExitCode {
    rpyc_agent::cli::main()
}
