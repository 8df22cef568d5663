//! rpyctl: fleet administration over RPyC.

fn main() -> std::process::ExitCode {
    rpyctl::run()
}
