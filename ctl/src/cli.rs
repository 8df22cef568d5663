//! The command line (clap definitions only; execution is in `commands`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::exit::EXIT_CODES_HELP;
use crate::transport::ssh::HostKeyChecking;

#[derive(Debug, Parser)]
#[command(
    name = "rpyctl",
    version,
    about = "Fleet administration over RPyC: run remote Python module calls on many hosts at once",
    after_help = EXIT_CODES_HELP,
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// The options every command takes. Those that a config file or the
/// environment may also set are `Option`s here: `settings` resolves them
/// (command line, then environment, then `rpyctl.toml`, then defaults) and
/// remembers where each value came from (`rpyctl config`).
#[derive(Debug, Default, Args)]
pub struct Global {
    /// Inventory file, directory, or inline host list (`h1,h2,`); repeatable.
    /// Default: `inventory` of rpyctl.toml, else ./inventory.yml or
    /// ./hosts.yml if present, else an implicit `localhost` served by a
    /// locally spawned agent. Env: RPYCTL_INVENTORY (comma-separated paths).
    #[arg(short = 'i', long = "inventory", global = true)]
    pub inventory: Vec<String>,
    /// Extra variables `key=value` (highest precedence); repeatable.
    #[arg(short = 'e', long = "extra-vars", global = true)]
    pub extra_vars: Vec<String>,
    /// Further limit the selected hosts with a pattern.
    #[arg(short = 'l', long = "limit", global = true)]
    pub limit: Option<String>,
    /// How many hosts to work on at once [default: 100; env: RPYCTL_FORKS].
    #[arg(short = 'f', long = "forks", global = true)]
    pub forks: Option<usize>,
    /// Connect timeout, in seconds [default: 10; env: RPYCTL_TIMEOUT].
    #[arg(short = 'T', long = "timeout", global = true)]
    pub timeout: Option<f64>,
    /// Per-call timeout, in seconds [default: 30; env: RPYCTL_CALL_TIMEOUT].
    #[arg(long = "call-timeout", global = true)]
    pub call_timeout: Option<f64>,
    /// Output format [default: human; env: RPYCTL_OUTPUT].
    #[arg(long = "output", value_enum, global = true)]
    pub output: Option<Format>,
    /// One line per host (same as --output oneline).
    #[arg(short = 'o', long = "one-line", global = true)]
    pub one_line: bool,
    /// List the hosts that match and exit.
    #[arg(long = "list-hosts", global = true)]
    pub list_hosts: bool,
    /// Exit 0 when the pattern matches no host.
    #[arg(long = "allow-empty", global = true)]
    pub allow_empty: bool,
    /// SSH host key checking against known_hosts (`~/.ssh/known_hosts` and
    /// /etc/ssh/ssh_known_hosts, or the host's `rpyc_ssh_known_hosts`):
    /// strict refuses unknown and changed keys, accept-new records unknown
    /// ones (a changed key is still refused), off accepts any
    /// [default: strict; env: RPYCTL_HOST_KEY_CHECKING].
    #[arg(long = "host-key-checking", value_enum, global = true)]
    pub host_key_checking: Option<HostKeyChecking>,
    /// Directory of agents for SSH hosts, `rpyc-agent-<target triple>`
    /// (`scripts/build-agents.sh` fills `target/agents`). Default: the
    /// first that exists of `<rpyctl's dir>/../agents`,
    /// `<rpyctl's dir>/../lib/rpyctl/agents`, `./target/agents`
    /// [env: RPYCTL_AGENT_STORE].
    #[arg(long = "agent-store", value_name = "DIR", global = true)]
    pub agent_store: Option<PathBuf>,
    /// Leave the agents this run uploads to SSH hosts in place (by default
    /// an agent this run uploaded is removed when it exits).
    #[arg(long = "persist", global = true)]
    pub persist: bool,
    /// The config file to read instead of ./rpyctl.toml or
    /// ~/.config/rpyctl/rpyctl.toml [env: RPYCTL_CONFIG].
    #[arg(long = "config", value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// More detail: -v remote tracebacks, -vv connection diagnostics.
    #[arg(short = 'v', long = "verbose", action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
}

/// `-t/--tree` of the commands that report one result per host (`ansible`'s
/// `-t`; `rpyctl play` has `-t` for tags, as `ansible-playbook`).
#[derive(Debug, Default, Args)]
pub struct Tree {
    /// Also write one JSON file per host into this directory.
    #[arg(short = 't', long = "tree")]
    pub tree: Option<PathBuf>,
}

/// `rpyctl play`'s own flags, as `ansible-playbook`'s.
#[derive(Debug, Default, Args)]
pub struct PlayArgs {
    /// Playbook files, run in order.
    #[arg(required = true, value_name = "PLAYBOOK")]
    pub playbooks: Vec<PathBuf>,
    /// Only run plays and tasks tagged with these (comma-separated, repeatable).
    #[arg(short = 't', long = "tags", value_delimiter = ',')]
    pub tags: Vec<String>,
    /// Only run plays and tasks whose tags do not match these.
    #[arg(long = "skip-tags", value_delimiter = ',')]
    pub skip_tags: Vec<String>,
    /// Start the playbook at the task with this name (`*` wildcards allowed).
    #[arg(long = "start-at-task", value_name = "NAME")]
    pub start_at_task: Option<String>,
    /// List all tasks that would be run and exit.
    #[arg(long = "list-tasks")]
    pub list_tasks: bool,
    /// Check the playbooks (every keyword, module, argument and template) and exit.
    #[arg(long = "syntax-check")]
    pub syntax_check: bool,
    /// Change nothing; report what would change (modules that cannot tell are skipped).
    #[arg(short = 'C', long = "check")]
    pub check: bool,
    /// Show the differences of files and templates that change (with -C: that would).
    #[arg(short = 'D', long = "diff")]
    pub diff: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One line per host with status and value, then a recap.
    Human,
    /// Exactly one line per host.
    Oneline,
    /// One JSON document at the end.
    Json,
    /// One JSON object per host as it finishes, then a summary object.
    Jsonl,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Call a remote function (or read an attribute) on every matching host:
    /// `rpyctl exec web os.getcwd`, `rpyctl exec all os.listdir /etc`,
    /// `rpyctl exec db subprocess.run '[uptime]' capture_output=true text=true`.
    Exec {
        /// Host pattern (`all`, `web:&prod:!db`, `~web\d+`, `grp[0:2]`, ...).
        pattern: String,
        /// `module.function` or `module.attribute` (`os.path.exists`, `sys.byteorder`).
        target: String,
        /// Arguments: positional, then `key=value`; values typed like YAML.
        args: Vec<String>,
        #[command(flatten)]
        tree: Tree,
    },
    /// Check that each matching host answers (connect + PING).
    Ping {
        /// Host pattern.
        pattern: String,
        #[command(flatten)]
        tree: Tree,
    },
    /// A table of facts per host: OS, architecture, byte order, word size,
    /// CPUs, memory, agent version.
    Facts {
        /// Host pattern.
        pattern: String,
        #[command(flatten)]
        tree: Tree,
    },
    /// Place the agent on each matching SSH host (upload only when missing
    /// or different, checked by SHA-256) and check that it runs there; a
    /// table of host, arch, byte order, word size, agent, action and time.
    /// What it places stays (as with --persist).
    Bootstrap {
        /// Host pattern.
        pattern: String,
    },
    /// Evaluate one Python expression on every matching host, with exec's
    /// outputs and exit statuses: `rpyctl eval all 'len(os.listdir("/etc"))'`.
    /// `os`, `sys` and the other modules the REPL pre-imports are there.
    Eval {
        /// Host pattern.
        pattern: String,
        /// A Python expression.
        expression: String,
        #[command(flatten)]
        tree: Tree,
    },
    /// An interactive Python prompt on one host or on every host of a
    /// pattern at once (`:help` inside); with stdin not a terminal, runs the
    /// piped lines and blocks in order, exiting like exec.
    Repl {
        /// Host pattern.
        pattern: String,
    },
    /// Run Ansible playbooks (`ansible-playbook`'s language and flags) on the
    /// inventory's hosts: `rpyctl play site.yml -l web -C -D`. Every
    /// playbook is checked whole before any host is touched.
    Play(PlayArgs),
    /// Show the resolved settings and where each came from (command line,
    /// environment, config file, default).
    Config,
    /// Show the inventory.
    Inventory {
        /// The whole inventory as JSON (like `ansible-inventory --list`).
        #[arg(long, group = "view")]
        list: bool,
        /// The group tree (like `ansible-inventory --graph`).
        #[arg(long, group = "view")]
        graph: bool,
        /// One host's variables.
        #[arg(long, group = "view", value_name = "HOST")]
        host: Option<String>,
    },
}

impl Command {
    /// `-t DIR` of the commands that take it.
    pub fn tree(&self) -> Option<PathBuf> {
        match self {
            Command::Exec { tree, .. }
            | Command::Ping { tree, .. }
            | Command::Facts { tree, .. }
            | Command::Eval { tree, .. } => tree.tree.clone(),
            _ => None,
        }
    }
}
