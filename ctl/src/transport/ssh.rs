//! `ssh`: a russh client connection per host. Host keys are checked against
//! known_hosts files ([`known_hosts`]); authentication is by key file and by
//! ssh-agent. On the connection: commands with their output collected
//! ([`Session::run`], for the bootstrap), and a long-running command whose
//! stdin/stdout become a byte stream for RPyC ([`Session::start`]; its
//! stderr goes to rpyctl's log, never into the stream). No port is opened
//! on the host: the agent speaks over the SSH channel.

pub mod known_hosts;

use std::borrow::Cow;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use russh::client::{self, Handle};
use russh::keys::agent::client::AgentClient;
use russh::keys::agent::AgentIdentity;
use russh::keys::{Algorithm, PrivateKey, PrivateKeyWithHashAlg, PublicKeyOrCertificate};
use russh::{ChannelMsg, Disconnect, Preferred};
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::sync::watch;

use self::known_hosts::Verdict;

/// How host keys are checked (`--host-key-checking`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum HostKeyChecking {
    /// Only keys recorded in known_hosts; an unknown or changed key is an
    /// error (OpenSSH's `StrictHostKeyChecking yes`).
    #[default]
    Strict,
    /// Record the key of a host not yet in known_hosts; a changed key is
    /// still an error (`StrictHostKeyChecking accept-new`).
    AcceptNew,
    /// Accept any key (test networks only).
    Off,
}

/// Where and as whom to connect.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub address: &'a str,
    pub port: u16,
    /// Default: the current user.
    pub user: Option<&'a str>,
    /// Default: ssh-agent, then `~/.ssh/id_ed25519`, `id_ecdsa`, `id_rsa`.
    pub key_file: Option<&'a Path>,
    /// Default: `~/.ssh/known_hosts` and `/etc/ssh/ssh_known_hosts`.
    pub known_hosts: Option<&'a Path>,
}

/// An authenticated SSH connection.
pub struct Session {
    handle: Handle<Verifier>,
    /// `user@host:port`, for messages and the log.
    pub label: String,
}

/// The output of a command run with [`Session::run`].
#[derive(Debug, Default)]
pub struct Output {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub status: Option<u32>,
    pub signal: Option<String>,
}

impl Output {
    pub fn success(&self) -> bool {
        self.status == Some(0)
    }

    /// How the command ended and the gist of its stderr, in one line.
    pub fn failure(&self) -> String {
        let how = match (&self.status, &self.signal) {
            (Some(n), _) => format!("exit status {n}"),
            (None, Some(s)) => format!("killed by signal {s}"),
            (None, None) => "no exit status".to_owned(),
        };
        let stderr = String::from_utf8_lossy(&self.stderr);
        let gist: Vec<&str> = stderr.lines().map(str::trim).filter(|l| !l.is_empty()).take(3).collect();
        if gist.is_empty() {
            how
        } else {
            format!("{how}: {}", gist.join(" / "))
        }
    }
}

/// What a started command left behind when it ended.
#[derive(Debug, Default)]
pub struct ChannelEnd {
    pub status: Option<u32>,
    pub signal: Option<String>,
    /// The last lines of its stderr.
    pub stderr_tail: VecDeque<String>,
    /// The server refused the exec request.
    pub refused: bool,
}

impl ChannelEnd {
    pub fn describe(&self) -> String {
        let mut how = match (&self.status, &self.signal, self.refused) {
            (_, _, true) => "the server refused to run it".to_owned(),
            (Some(n), _, _) => format!("exited with status {n}"),
            (None, Some(s), _) => format!("killed by signal {s}"),
            (None, None, _) => "ended".to_owned(),
        };
        if !self.stderr_tail.is_empty() {
            how.push_str(": ");
            how.push_str(&self.stderr_tail.iter().cloned().collect::<Vec<_>>().join(" / "));
        }
        how
    }
}

const STDERR_TAIL_LINES: usize = 4;

/// The byte stream of a started command: reads its stdout, writes its stdin.
pub type CommandStream =
    tokio::io::Join<tokio::io::ReadHalf<tokio::io::SimplexStream>, Pin<Box<dyn AsyncWrite + Send>>>;

/// A started command: its byte stream, and a watch on its end.
pub struct Started {
    pub stream: CommandStream,
    end: Arc<Mutex<ChannelEnd>>,
    done: watch::Receiver<bool>,
}

/// A handle on how a started command ended, kept after its stream is
/// given away.
pub struct EndWatch {
    end: Arc<Mutex<ChannelEnd>>,
    done: watch::Receiver<bool>,
}

impl Started {
    pub fn into_parts(self) -> (CommandStream, EndWatch) {
        (self.stream, EndWatch { end: self.end, done: self.done })
    }
}

impl EndWatch {
    /// Waits up to `wait` for the command to end, then describes its end.
    pub async fn describe(&mut self, wait: Duration) -> String {
        let _ = tokio::time::timeout(wait, self.done.wait_for(|d| *d)).await;
        let ended = *self.done.borrow();
        let end = self.end.lock().unwrap_or_else(|e| e.into_inner());
        if ended {
            end.describe()
        } else {
            format!("still running ({})", end.describe())
        }
    }
}

/// The handler's error: russh's, or a host key refusal with its reason.
#[derive(Debug)]
enum HandlerError {
    Ssh(russh::Error),
    HostKey(String),
}

impl From<russh::Error> for HandlerError {
    fn from(e: russh::Error) -> Self {
        HandlerError::Ssh(e)
    }
}

struct Verifier {
    /// `host` or `[host]:port`.
    host: String,
    files: Vec<PathBuf>,
    learn_to: PathBuf,
    checking: HostKeyChecking,
}

impl client::Handler for Verifier {
    type Error = HandlerError;

    async fn check_server_key(&mut self, offered: &PublicKeyOrCertificate) -> Result<bool, HandlerError> {
        let PublicKeyOrCertificate::PublicKey { key, .. } = offered else {
            return Err(HandlerError::HostKey(format!(
                "{} presented a host certificate; rpyctl verifies plain host keys only",
                self.host
            )));
        };
        let (algorithm, fingerprint) = (key.algorithm().as_str().to_owned(), known_hosts::fingerprint(key));
        if self.checking == HostKeyChecking::Off {
            crate::log::debug(&format!("{}: host key {algorithm} {fingerprint} accepted unchecked", self.host));
            return Ok(true);
        }
        let files = || self.files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", ");
        match known_hosts::check(&self.files, &self.host, key) {
            Verdict::Known => Ok(true),
            Verdict::Revoked { file, line } => Err(HandlerError::HostKey(format!(
                "host key for {} ({algorithm} {fingerprint}) is marked @revoked in {}:{line}",
                self.host,
                file.display()
            ))),
            Verdict::Changed { file, line } => Err(HandlerError::HostKey(format!(
                "host key for {host} has CHANGED: the server offers {algorithm} {fingerprint}, {file}:{line} records \
                 another key (a man-in-the-middle attack is possible); if the change is expected, remove the old \
                 entry: ssh-keygen -R '{host}' -f {file}",
                host = self.host,
                file = file.display(),
            ))),
            Verdict::Unknown if self.checking == HostKeyChecking::AcceptNew => {
                known_hosts::learn(&self.learn_to, &self.host, key).map_err(HandlerError::HostKey)?;
                crate::log::debug(&format!(
                    "{}: new host key {algorithm} {fingerprint} recorded in {}",
                    self.host,
                    self.learn_to.display()
                ));
                Ok(true)
            }
            Verdict::Unknown => Err(HandlerError::HostKey(format!(
                "unknown host key for {} ({algorithm} {fingerprint}), not in {}: add it (ssh-keyscan), or use \
                 --host-key-checking accept-new",
                self.host,
                files()
            ))),
        }
    }
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from)
}

/// `~/x` relative to `$HOME`; anything else as is.
pub fn expand_tilde(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), home()) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => path.to_path_buf(),
    }
}

/// The user running rpyctl: `$USER`, `$LOGNAME`, else the passwd entry of
/// our uid.
pub fn current_user() -> Result<String, String> {
    for var in ["USER", "LOGNAME"] {
        if let Some(u) = std::env::var(var).ok().filter(|u| !u.is_empty()) {
            return Ok(u);
        }
    }
    use std::os::unix::fs::MetadataExt;
    let uid =
        std::fs::metadata("/proc/self").map(|m| m.uid()).map_err(|e| format!("cannot tell the current user: {e}"))?;
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    passwd
        .lines()
        .map(|l| l.split(':').collect::<Vec<_>>())
        .find(|f| f.len() > 2 && f[2] == uid.to_string())
        .map(|f| f[0].to_owned())
        .ok_or_else(|| format!("cannot tell the current user (uid {uid}): set ansible_user"))
}

fn same_family(a: &Algorithm, b: &Algorithm) -> bool {
    matches!((a, b), (Algorithm::Rsa { .. }, Algorithm::Rsa { .. })) || a == b
}

/// Wraps a POSIX shell script so that it runs under `/bin/sh` whatever the
/// user's login shell is.
pub fn sh_command(script: &str) -> String {
    format!("/bin/sh -c {}", sh_quote(script))
}

/// Single-quotes `s` for a POSIX shell.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn load_key(path: &Path) -> Result<PrivateKey, String> {
    russh::keys::load_secret_key(path, None).map_err(|e| match e {
        russh::keys::Error::KeyIsEncrypted => {
            format!("key file {} is passphrase-protected (add it to ssh-agent instead)", path.display())
        }
        russh::keys::Error::IO(e) => format!("cannot read key file {}: {e}", path.display()),
        e => format!("key file {}: {e}", path.display()),
    })
}

impl Session {
    /// Connects, checks the host key, and authenticates.
    pub async fn connect(target: &Target<'_>, checking: HostKeyChecking) -> Result<Session, String> {
        let begun = std::time::Instant::now();
        let host = known_hosts::host_id(target.address, target.port);
        let (files, learn_to) = match target.known_hosts {
            Some(file) => {
                let file = expand_tilde(file);
                (vec![file.clone()], file)
            }
            None => {
                let user_file = home().unwrap_or_else(|| PathBuf::from("/")).join(".ssh/known_hosts");
                (vec![user_file.clone(), PathBuf::from("/etc/ssh/ssh_known_hosts")], user_file)
            }
        };
        let user = match target.user {
            Some(u) => u.to_owned(),
            None => current_user()?,
        };
        let mut preferred = Preferred::default();
        let known = known_hosts::known_algorithms(&files, &host);
        if !known.is_empty() {
            let mut order: Vec<Algorithm> =
                preferred.key.iter().filter(|a| known.iter().any(|k| same_family(k, a))).cloned().collect();
            let rest: Vec<Algorithm> = preferred.key.iter().filter(|a| !order.contains(a)).cloned().collect();
            order.extend(rest);
            preferred.key = Cow::Owned(order);
        }
        let config = client::Config { preferred, nodelay: true, ..Default::default() };
        let verifier = Verifier { host: host.clone(), files, learn_to, checking };
        let (address, port) = (target.address, target.port);
        let handle = client::connect(Arc::new(config), (address, port), verifier).await.map_err(|e| match e {
            HandlerError::HostKey(reason) => reason,
            HandlerError::Ssh(russh::Error::IO(e)) => format!("cannot connect to {address}:{port}: {e}"),
            HandlerError::Ssh(e) => format!("ssh {address}:{port}: {e}"),
        })?;
        let label = format!("{user}@{host}");
        crate::log::debug(&format!("{label}: ssh handshake in {} ms", begun.elapsed().as_millis()));
        let mut session = Session { handle, label };
        session.authenticate(&user, target.key_file).await?;
        crate::log::debug(&format!("{}: authenticated in {} ms", session.label, begun.elapsed().as_millis()));
        Ok(session)
    }

    async fn authenticate(&mut self, user: &str, key_file: Option<&Path>) -> Result<(), String> {
        let mut tried: Vec<String> = Vec::new();
        if let Some(path) = key_file {
            let path = expand_tilde(path);
            match load_key(&path) {
                Ok(key) => {
                    if self.try_key(user, key).await? {
                        return Ok(());
                    }
                    tried.push(format!("key {} refused", path.display()));
                }
                Err(e) => tried.push(e),
            }
        }
        if self.try_agent(user, &mut tried).await? {
            return Ok(());
        }
        if key_file.is_none() {
            let mut defaults = Vec::new();
            if let Some(dir) = home().map(|h| h.join(".ssh")) {
                for name in ["id_ed25519", "id_ecdsa", "id_rsa"] {
                    if dir.join(name).exists() {
                        defaults.push(dir.join(name));
                    }
                }
            }
            for path in defaults {
                match load_key(&path) {
                    Ok(key) => {
                        if self.try_key(user, key).await? {
                            return Ok(());
                        }
                        tried.push(format!("key {} refused", path.display()));
                    }
                    Err(e) => tried.push(e),
                }
            }
        }
        if tried.is_empty() {
            tried.push("no key file (ansible_ssh_private_key_file), no ssh-agent, no ~/.ssh/id_* key".into());
        }
        Err(format!("authentication failed for {user}@{}: {}", self.host_part(), tried.join("; ")))
    }

    fn host_part(&self) -> &str {
        self.label.split_once('@').map_or(self.label.as_str(), |(_, h)| h)
    }

    async fn rsa_hash(&self, algorithm: Algorithm) -> Result<Option<russh::keys::HashAlg>, String> {
        if !algorithm.is_rsa() {
            return Ok(None);
        }
        self.handle.best_supported_rsa_hash().await.map(Option::flatten).map_err(|e| format!("ssh: {e}"))
    }

    async fn try_key(&mut self, user: &str, key: PrivateKey) -> Result<bool, String> {
        let hash = self.rsa_hash(key.algorithm()).await?;
        let result = self
            .handle
            .authenticate_publickey(user, PrivateKeyWithHashAlg::new(Arc::new(key), hash))
            .await
            .map_err(|e| format!("ssh authentication: {e}"))?;
        Ok(result.success())
    }

    /// Tries each key of the ssh-agent at `$SSH_AUTH_SOCK`, if any.
    async fn try_agent(&mut self, user: &str, tried: &mut Vec<String>) -> Result<bool, String> {
        let Some(socket) = std::env::var_os("SSH_AUTH_SOCK").filter(|s| !s.is_empty()) else { return Ok(false) };
        let mut agent = match AgentClient::connect_uds(&socket).await {
            Ok(a) => a,
            Err(e) => {
                tried.push(format!("ssh-agent at {}: {e}", Path::new(&socket).display()));
                return Ok(false);
            }
        };
        let identities = match agent.request_identities().await {
            Ok(ids) => ids,
            Err(e) => {
                tried.push(format!("ssh-agent: {e}"));
                return Ok(false);
            }
        };
        if identities.is_empty() {
            tried.push("ssh-agent has no keys".into());
            return Ok(false);
        }
        let mut refused = 0;
        for identity in identities {
            let AgentIdentity::PublicKey { key, .. } = identity else { continue };
            let hash = self.rsa_hash(key.algorithm()).await?;
            match self.handle.authenticate_publickey_with(user, key, hash, &mut agent).await {
                Ok(r) if r.success() => return Ok(true),
                Ok(_) => refused += 1,
                Err(e) => tried.push(format!("ssh-agent could not sign: {e}")),
            }
        }
        tried.push(format!("{refused} ssh-agent key(s) refused"));
        Ok(false)
    }

    /// Runs `command` (give it through [`sh_command`]), feeding it `stdin`
    /// then EOF, and collects its output.
    pub async fn run(&self, command: &str, stdin: Option<&[u8]>) -> Result<Output, String> {
        let channel =
            self.handle.channel_open_session().await.map_err(|e| format!("cannot open an SSH channel: {e}"))?;
        channel.exec(true, command).await.map_err(|e| format!("cannot start a command: {e}"))?;
        let (mut rx, tx) = channel.split();
        let collect = async move {
            let mut out = Output::default();
            while let Some(msg) = rx.wait().await {
                match msg {
                    ChannelMsg::Data { data } => out.stdout.extend_from_slice(&data),
                    ChannelMsg::ExtendedData { data, .. } => out.stderr.extend_from_slice(&data),
                    ChannelMsg::ExitStatus { exit_status } => out.status = Some(exit_status),
                    ChannelMsg::ExitSignal { signal_name, .. } => out.signal = Some(format!("{signal_name:?}")),
                    ChannelMsg::Failure => out.stderr.extend_from_slice(b"the server refused to run the command\n"),
                    ChannelMsg::Close => break,
                    _ => {}
                }
            }
            out
        };
        let send = async {
            if let Some(data) = stdin {
                tx.data(data).await?;
            }
            tx.eof().await
        };
        // The command may end without reading all its input (a failed
        // `mkdir` under `set -e`): then the send, waiting for window space
        // that never comes, is dropped.
        tokio::pin!(collect, send);
        let mut sent = Ok(());
        let mut sending = true;
        let out = loop {
            tokio::select! {
                out = &mut collect => break out,
                r = &mut send, if sending => {
                    sending = false;
                    sent = r;
                }
            }
        };
        if sending {
            sent = Err(russh::Error::SendError);
        }
        if let Err(e) = sent {
            // The command ended before taking all its input: its own
            // status says why, if it has one.
            if out.status.is_none() {
                return Err(format!("sending input failed: {e}"));
            }
        }
        Ok(out)
    }

    /// Starts `command` on a new channel of this connection, which the
    /// returned stream reads from (its stdout) and writes to (its stdin).
    /// Its stderr goes to the log, line by line, as `label: line`; the last
    /// lines are kept for [`EndWatch::describe`]. The connection is closed
    /// when the command's channel closes.
    pub async fn start(self, command: &str, log_label: String) -> Result<Started, String> {
        let channel =
            self.handle.channel_open_session().await.map_err(|e| format!("cannot open an SSH channel: {e}"))?;
        channel.exec(true, command).await.map_err(|e| format!("cannot start the agent: {e}"))?;
        let (mut rx, tx) = channel.split();
        let writer: Pin<Box<dyn AsyncWrite + Send>> = Box::pin(tx.make_writer());
        let (read_end, write_end) = tokio::io::simplex(256 * 1024);
        let end = Arc::new(Mutex::new(ChannelEnd::default()));
        let (done_tx, done) = watch::channel(false);
        let handle = self.handle;
        let pump_end = end.clone();
        tokio::spawn(async move {
            let end = pump_end;
            let note = |f: &mut dyn FnMut(&mut ChannelEnd)| f(&mut end.lock().unwrap_or_else(|e| e.into_inner()));
            let log_line = |line: &[u8]| {
                let line = String::from_utf8_lossy(line).trim_end().to_owned();
                if line.is_empty() {
                    return;
                }
                crate::log::debug(&format!("{log_label}: {line}"));
                note(&mut |e| {
                    if e.stderr_tail.len() == STDERR_TAIL_LINES {
                        e.stderr_tail.pop_front();
                    }
                    e.stderr_tail.push_back(line.clone());
                });
            };
            let mut out = Some(write_end);
            let mut partial: Vec<u8> = Vec::new();
            while let Some(msg) = rx.wait().await {
                match msg {
                    ChannelMsg::Data { data } => {
                        if let Some(w) = out.as_mut() {
                            if w.write_all(&data).await.is_err() {
                                // The reader is gone: the connection was
                                // dropped; let the agent see EOF.
                                out = None;
                                let _ = tx.eof().await;
                            }
                        }
                    }
                    ChannelMsg::ExtendedData { data, .. } => {
                        partial.extend_from_slice(&data);
                        while let Some(i) = partial.iter().position(|&b| b == b'\n') {
                            let line: Vec<u8> = partial.drain(..=i).collect();
                            log_line(&line);
                        }
                    }
                    ChannelMsg::Eof => {
                        if let Some(mut w) = out.take() {
                            let _ = w.shutdown().await;
                        }
                    }
                    ChannelMsg::ExitStatus { exit_status } => note(&mut |e| e.status = Some(exit_status)),
                    ChannelMsg::ExitSignal { signal_name, .. } => {
                        note(&mut |e| e.signal = Some(format!("{signal_name:?}")))
                    }
                    ChannelMsg::Failure => note(&mut |e| e.refused = true),
                    ChannelMsg::Close => break,
                    _ => {}
                }
            }
            log_line(&partial);
            if let Some(mut w) = out.take() {
                let _ = w.shutdown().await;
            }
            let _ = done_tx.send(true);
            let _ = handle.disconnect(Disconnect::ByApplication, "", "en").await;
        });
        Ok(Started { stream: tokio::io::join(read_end, writer), end, done })
    }

    /// Ends the connection politely.
    pub async fn close(self) {
        let _ = self.handle.disconnect(Disconnect::ByApplication, "", "en").await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(sh_quote("a b"), "'a b'");
        assert_eq!(sh_quote("it's"), r"'it'\''s'");
        assert_eq!(sh_command("echo 'x'"), r"/bin/sh -c 'echo '\''x'\'''");
    }

    #[test]
    fn tilde() {
        if let Some(h) = home() {
            assert_eq!(expand_tilde(Path::new("~/.ssh/id")), h.join(".ssh/id"));
        }
        assert_eq!(expand_tilde(Path::new("/abs/~x")), PathBuf::from("/abs/~x"));
    }
}
