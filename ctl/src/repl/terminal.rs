//! The interactive prompt: rustyline on its own thread (it blocks), the
//! entries run on the runtime. A block or an open bracket gets the `... `
//! continuation prompt until the entry is complete. Ctrl-C at the prompt
//! drops what was typed; during an entry it abandons the entry at once
//! (late replies are discarded) and the session goes on. Ctrl-D or `:exit`
//! leaves. History lives in the user's state directory.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use rustyline::{CompletionType, Config, Editor};
use tokio::signal::unix::{signal, Signal, SignalKind};

use super::complete::{RemoteNames, ReplHelper};
use super::line::Line;
use super::Repl;
use crate::exit::Exit;
use crate::pysource::{self, Entry};

type LineEditor = Editor<ReplHelper, FileHistory>;

/// Where history is kept: `$XDG_STATE_HOME/rpyctl/history`, else
/// `~/.local/state/rpyctl/history`.
pub fn history_path() -> Option<PathBuf> {
    let state = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))?;
    Some(state.join("rpyctl/history"))
}

/// Reads one line on a blocking thread; the editor comes back with it.
async fn read_line(mut editor: LineEditor, prompt: String) -> Result<(LineEditor, Result<String, ReadlineError>)> {
    tokio::task::spawn_blocking(move || {
        let line = editor.readline(&prompt);
        (editor, line)
    })
    .await
    .context("the line editor's thread failed")
}

/// Resolves at the next SIGINT (Ctrl-C while an entry runs: the terminal
/// is not in raw mode then, so the key is a signal).
async fn next_interrupt(sigint: &mut Signal) {
    sigint.recv().await;
}

pub async fn run(mut repl: Repl) -> Result<Exit> {
    repl.stream_results();
    // Taking SIGINT from here on keeps Ctrl-C from ending the process.
    let mut sigint = signal(SignalKind::interrupt()).context("cannot handle Ctrl-C")?;
    let names = Arc::new(RemoteNames::new(repl.sessions.clone(), tokio::runtime::Handle::current()));
    let config = Config::builder().completion_type(CompletionType::List).auto_add_history(false).build();
    let mut editor: LineEditor = Editor::with_config(config).context("cannot start the line editor")?;
    editor.set_helper(Some(ReplHelper { names: names.clone() }));
    let history = history_path();
    if let Some(path) = &history {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = editor.load_history(path);
    }
    eprintln!("rpyctl repl: Python on {} — :help for commands, Ctrl-D to leave", repl.pattern);
    repl.connect_all(next_interrupt(&mut sigint)).await;
    let mut typed: Vec<String> = Vec::new();
    loop {
        let prompt = if typed.is_empty() { repl.prompt() } else { "... ".to_owned() };
        let (back, line) = read_line(editor, prompt).await?;
        editor = back;
        let line = match line {
            Ok(line) => line,
            Err(ReadlineError::Interrupted) => {
                eprintln!("KeyboardInterrupt");
                typed.clear();
                continue;
            }
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(e).context("reading a line"),
        };
        if typed.is_empty() && line.trim_start().starts_with(':') {
            let _ = editor.add_history_entry(line.as_str());
            if !repl.meta(line.trim(), next_interrupt(&mut sigint)).await {
                break;
            }
            continue;
        }
        typed.push(line);
        let source = typed.join("\n");
        match pysource::entry(&source) {
            Entry::Empty => {
                typed.clear();
                continue;
            }
            Entry::Incomplete => continue,
            Entry::Complete => {}
        }
        for l in &typed {
            if !l.trim().is_empty() {
                let _ = editor.add_history_entry(l.as_str());
            }
        }
        typed.clear();
        // A Ctrl-C from before this entry must not abandon it.
        while futures_ready(&mut sigint) {}
        repl.run_job(Arc::new(Line::new(source.trim_end())), next_interrupt(&mut sigint)).await;
        names.forget();
    }
    if let Some(path) = &history {
        if let Err(e) = editor.save_history(path) {
            crate::log::debug(&format!("cannot save history to {}: {e}", path.display()));
        }
    }
    repl.close().await;
    Ok(Exit::Ok)
}

/// Takes a SIGINT already delivered, without waiting.
fn futures_ready(sigint: &mut Signal) -> bool {
    let waker = std::task::Waker::noop();
    let mut cx = std::task::Context::from_waker(waker);
    sigint.poll_recv(&mut cx).is_ready()
}
