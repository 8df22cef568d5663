//! rpyctl: fleet administration over RPyC.
//!
//! Layers, top down (a module names only those below it):
//! - [`cli`] (clap only) → [`settings`] (flags, environment, `rpyctl.toml`,
//!   resolved once) → [`commands`] (one module per subcommand, thin) and
//!   [`repl`] (the interactive session).
//! - [`fanout`]: a [`fanout::Job`] on many host [`session`]s at once,
//!   bounded and timed, progress as [`outcome::Event`]s.
//! - [`session`]: one host's connection, kept across jobs, remade when lost;
//!   [`connect`]: the one way an endpoint becomes a ready client.
//! - [`bootstrap`]: placing and starting the agent on SSH hosts;
//!   [`transport`]: TCP, local child and SSH byte streams.
//! - [`hosts`]: the inventory, the embedded default, host selection.
//! - [`play`]: `rpyctl play` — the playbook engine's executor on the sessions, the
//!   modules' host side (a Python library) and controller side, and the callbacks.
//! - [`remote`], [`call_args`], [`pysource`]: remote operations, typed
//!   arguments, Python source (expression or statements, where entries end).
//! - [`outcome`]: statuses and events as data; [`render`]: values for people
//!   and programs; [`printer`]: the only writer to stdout.
//! - [`exit`]: the exit statuses; [`log`]: diagnostics on stderr.

pub mod bootstrap;
pub mod call_args;
pub mod cli;
pub mod commands;
pub mod connect;
pub mod exit;
pub mod fanout;
pub mod hosts;
pub mod log;
pub mod outcome;
pub mod play;
pub mod printer;
pub mod pysource;
pub mod remote;
pub mod render;
pub mod repl;
pub mod session;
pub mod settings;
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
    let settings = match settings::Settings::resolve(&cli.global) {
        Ok(s) => settings::Settings { tree: cli.command.tree(), ..s },
        Err(e) => {
            eprintln!("rpyctl: {e:#}");
            return Exit::Usage.into();
        }
    };
    // The REPL handles Ctrl-C itself: it abandons the running line.
    let handles_interrupts = matches!(cli.command, cli::Command::Repl { .. });
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("rpyctl: cannot start the runtime: {e}");
            return Exit::Internal.into();
        }
    };
    let exit = runtime.block_on(async {
        let command = commands::run(cli.command, settings);
        let interrupted = async {
            if handles_interrupts {
                std::future::pending::<()>().await
            }
            let _ = tokio::signal::ctrl_c().await;
        };
        tokio::select! {
            result = command => match result {
                Ok(exit) => exit,
                Err(e) => {
                    eprintln!("rpyctl: {e:#}");
                    Exit::Usage
                }
            },
            _ = interrupted => {
                eprintln!("rpyctl: interrupted");
                Exit::Interrupted
            }
        }
    });
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    exit.into()
}
