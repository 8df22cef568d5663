//! The REPL's own commands, `:name ARGS`, parsed (no I/O here).

use std::path::PathBuf;
use std::time::Duration;

/// One `:command`.
#[derive(Debug, Clone, PartialEq)]
pub enum Meta {
    Hosts,
    Use(String),
    Timeout(Duration),
    Upload { local: PathBuf, remote: String },
    Download { remote: String, local: PathBuf },
    Json,
    Help,
    Exit,
}

/// The commands with their arguments and what they do, for `:help` and
/// completion.
pub const COMMANDS: &[(&str, &str, &str)] = &[
    (":hosts", "", "each host: live, lost (reconnected on the next line) or not connected"),
    (":use", "PATTERN", "work on the hosts of another pattern (connections to hosts kept stay)"),
    (":timeout", "SECONDS", "the call timeout of each line on each host"),
    (":upload", "LOCAL REMOTE", "copy a local file to REMOTE on every host (chunked, sha256-checked)"),
    (":download", "REMOTE LOCAL", "copy REMOTE from every host to LOCAL (LOCAL/HOST/NAME for several hosts)"),
    (":json", "", "toggle one JSON object per host instead of grouped results"),
    (":help", "", "this list"),
    (":exit", "", "leave (also Ctrl-D)"),
];

/// The `:help` text.
pub fn help() -> String {
    let mut out = String::from(
        "Python lines and blocks run on every host: an expression's value is shown, statements run.\n\
         Ctrl-C abandons the running line; Ctrl-D or :exit leaves.\n",
    );
    for (name, args, what) in COMMANDS {
        out.push_str(&format!("  {:<24} {what}\n", format!("{name} {args}")));
    }
    out
}

/// Parses a line that starts with `:`.
pub fn parse(line: &str) -> Result<Meta, String> {
    let mut words = line.split_whitespace();
    let name = words.next().unwrap_or_default();
    let args: Vec<&str> = words.collect();
    let usage = |n: &str| {
        let (name, args, _) = COMMANDS.iter().find(|c| c.0 == n).copied().unwrap_or((n, "", ""));
        format!("usage: {name} {args}")
    };
    let want = |n: usize| if args.len() == n { Ok(()) } else { Err(usage(name)) };
    Ok(match name {
        ":hosts" => want(0).map(|()| Meta::Hosts)?,
        ":use" => {
            want(1)?;
            Meta::Use(args[0].to_owned())
        }
        ":timeout" => {
            want(1)?;
            Meta::Timeout(crate::settings::seconds(args[0]).map_err(|e| format!(":timeout: {e}"))?)
        }
        ":upload" => {
            want(2)?;
            Meta::Upload { local: PathBuf::from(args[0]), remote: args[1].to_owned() }
        }
        ":download" => {
            want(2)?;
            Meta::Download { remote: args[0].to_owned(), local: PathBuf::from(args[1]) }
        }
        ":json" => want(0).map(|()| Meta::Json)?,
        ":help" | ":?" => Meta::Help,
        ":exit" | ":quit" | ":q" => Meta::Exit,
        other => return Err(format!("unknown command {other} (:help lists them)")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_parse_with_their_arguments() {
        assert_eq!(parse(":hosts"), Ok(Meta::Hosts));
        assert_eq!(parse(":use  web:&prod "), Ok(Meta::Use("web:&prod".into())));
        assert_eq!(parse(":timeout 2.5"), Ok(Meta::Timeout(Duration::from_millis(2500))));
        assert_eq!(
            parse(":download /etc/hostname out"),
            Ok(Meta::Download { remote: "/etc/hostname".into(), local: "out".into() })
        );
        assert_eq!(parse(":upload a"), Err("usage: :upload LOCAL REMOTE".into()));
        assert!(parse(":timeout -1").is_err());
        assert!(parse(":frobnicate").unwrap_err().contains("unknown command :frobnicate"));
    }
}
