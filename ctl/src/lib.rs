//! rpyctl: fleet administration over RPyC.
//!
//! - [`cli`]: the clap definitions; [`commands`]: one module per subcommand.
//! - [`hosts`]: the inventory, the embedded default, and host selection.
//! - [`transport`]: TCP, local (child `rpyc-agent --stdio`) and SSH byte
//!   streams; [`bootstrap`]: placing and starting the agent on SSH hosts.
//! - [`fanout`]: one job on many hosts, bounded and timed, outcomes as data.
//! - [`remote`]: resolving `module.attr`, calling it, fetching by value.
//! - [`call_args`]: YAML-typed command-line arguments.
//! - [`render`], [`printer`]: results for people (repr, colour, progress) and
//!   programs (JSON, JSON lines, per-host files).
//! - [`exit`]: the exit statuses.

pub mod bootstrap;
pub mod call_args;
pub mod cli;
pub mod commands;
pub mod exit;
pub mod fanout;
pub mod hosts;
pub mod log;
pub mod printer;
pub mod remote;
pub mod render;
pub mod transport;

use std::process::ExitCode;

use clap::Parser;

use crate::exit::Exit;

/// Parses the command line, runs the command, maps the outcome to an exit
/// status. Errors that end the command are one line on stderr.
pub fn run() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { Exit::Usage } else { Exit::Ok };
            let _ = e.print();
            return code.into();
        }
    };
    log::set_verbosity(cli.global.verbose);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("rpyctl: cannot start the runtime: {e}");
            return Exit::Internal.into();
        }
    };
    let exit = runtime.block_on(async {
        tokio::select! {
            result = commands::run(cli) => match result {
                Ok(exit) => exit,
                Err(e) => {
                    eprintln!("rpyctl: {e:#}");
                    Exit::Usage
                }
            },
            _ = tokio::signal::ctrl_c() => {
                eprintln!("rpyctl: interrupted");
                Exit::Interrupted
            }
        }
    });
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    exit.into()
}
