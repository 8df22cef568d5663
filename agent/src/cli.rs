//! Command-line flags, in the spirit of `rpyc_classic`.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::{log, server};

const USAGE: &str = "\
rpyc-agent: a native RPyC classic server (rpyc 6.x wire protocol, no Python needed)

Usage: rpyc-agent [OPTIONS]

Options:
      --host ADDR       address to listen on [default: 127.0.0.1]
  -p, --port PORT       TCP port [default: 18812]; 0 picks a free one
      --stdio           serve one connection on stdin/stdout, then exit
      --allow-remote    allow --host beyond loopback (unencrypted, unauthenticated:
                        anyone who reaches the port runs code as this user)
  -q, --quiet           log only warnings and errors
      --logfile FILE    log to FILE instead of stderr
      --list-modules    print the modules, functions and classes the agent
                        implements (Markdown) and exit
  -h, --help            print this help
  -V, --version         print the version
";

/// Parsed flags.
#[derive(Debug, PartialEq)]
pub struct Options {
    pub host: IpAddr,
    pub port: u16,
    pub stdio: bool,
    pub allow_remote: bool,
    pub quiet: bool,
    pub logfile: Option<PathBuf>,
}

enum Parsed {
    Run(Options),
    Exit(String),
}

fn parse(args: impl IntoIterator<Item = String>) -> Result<Parsed, String> {
    let mut opts = Options {
        host: IpAddr::from([127, 0, 0, 1]),
        port: rpyc_protocol::DEFAULT_PORT,
        stdio: false,
        allow_remote: false,
        quiet: false,
        logfile: None,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| inline.clone().or_else(|| args.next()).ok_or(format!("{name} needs a value"));
        match flag.as_str() {
            "--host" => {
                let v = value("--host")?;
                opts.host = match v.as_str() {
                    "localhost" => IpAddr::from([127, 0, 0, 1]),
                    other => other.parse().map_err(|_| format!("--host: '{other}' is not an IP address"))?,
                }
            }
            "-p" | "--port" => {
                let v = value("--port")?;
                opts.port = v.parse().map_err(|_| format!("--port: '{v}' is not a port number"))?;
            }
            "--stdio" => opts.stdio = true,
            "--allow-remote" => opts.allow_remote = true,
            "-q" | "--quiet" => opts.quiet = true,
            "--logfile" => opts.logfile = Some(PathBuf::from(value("--logfile")?)),
            "-h" | "--help" => return Ok(Parsed::Exit(USAGE.to_owned())),
            "-V" | "--version" => {
                return Ok(Parsed::Exit(concat!("rpyc-agent ", env!("CARGO_PKG_VERSION"), "\n").to_owned()))
            }
            "--list-modules" => return Ok(Parsed::Exit(crate::modules::catalog::markdown())),
            other => return Err(format!("unknown option '{other}' (see --help)")),
        }
    }
    if !opts.host.is_loopback() && !opts.allow_remote && !opts.stdio {
        return Err(format!(
            "refusing to listen on {}: beyond loopback the agent is reachable by anyone, unencrypted; \
             pass --allow-remote to do it anyway, or reach it over SSH with --stdio",
            opts.host
        ));
    }
    Ok(Parsed::Run(opts))
}

pub fn main() -> ExitCode {
    let opts = match parse(std::env::args().skip(1)) {
        Ok(Parsed::Run(opts)) => opts,
        Ok(Parsed::Exit(text)) => {
            print!("{text}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("rpyc-agent: {e}");
            return ExitCode::from(2);
        }
    };
    let logfile = match &opts.logfile {
        Some(path) => match std::fs::OpenOptions::new().create(true).append(true).open(path) {
            Ok(f) => Some(f),
            Err(e) => {
                eprintln!("rpyc-agent: cannot open log file {}: {e}", path.display());
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    log::init(opts.quiet, logfile);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        // Python code recurses: room for its 1000 calls (only touched pages count).
        .thread_stack_size(crate::runtime::context::THREAD_STACK)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("rpyc-agent: cannot start the runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let result = runtime.block_on(async {
        if opts.stdio {
            server::serve_stdio().await;
            Ok(())
        } else {
            server::serve_tcp(SocketAddr::new(opts.host, opts.port)).await
        }
    });
    // Blocking calls still running (a long subprocess) must not hold up exit.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            log::error(&e);
            eprintln!("rpyc-agent: {e}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Options, String> {
        match parse(args.iter().map(|s| s.to_string()))? {
            Parsed::Run(o) => Ok(o),
            Parsed::Exit(_) => Err("exit".into()),
        }
    }

    #[test]
    fn defaults_are_loopback_18812() {
        let o = run(&[]).expect("parses");
        assert_eq!((o.host, o.port), (IpAddr::from([127, 0, 0, 1]), 18812));
    }

    #[test]
    fn remote_hosts_need_the_explicit_flag() {
        let e = run(&["--host", "0.0.0.0"]).expect_err("refused");
        assert!(e.contains("--allow-remote"), "{e}");
        assert!(run(&["--host", "0.0.0.0", "--allow-remote"]).is_ok());
        assert!(run(&["--host=::1", "-p", "0"]).is_ok());
    }

    #[test]
    fn bad_flags_are_named() {
        assert!(run(&["--port", "x"]).expect_err("bad").contains("'x'"));
        assert!(run(&["--frobnicate"]).expect_err("bad").contains("--frobnicate"));
    }
}
