//! `:upload` and `:download` on every host: the file moves in chunks
//! through the host's own `open()` (any classic server has it), and
//! arrives only when the SHA-256 computed on the host matches the one
//! computed here. An upload is written beside its destination and renamed
//! into place once verified; a download likewise on this side.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rpyc_protocol::{Client, Error, Netref, Obj, Value};

use crate::bootstrap::store::sha256_hex;
use crate::fanout::{Job, JobFuture};
use crate::outcome::{Failure, Status};
use crate::render;
use crate::session::HostCx;

/// Bytes per request: big enough that a round trip per chunk costs little,
/// small enough to stay far below any frame limit.
pub const CHUNK: usize = 1 << 20;

pub struct Upload {
    pub data: Arc<Vec<u8>>,
    pub sha256: String,
    pub remote: String,
}

pub struct Download {
    pub remote: String,
    /// Where the file goes; with several hosts, `local/HOST/NAME`.
    pub local: PathBuf,
    pub per_host: bool,
}

fn failed(kind: &str, message: String) -> Status {
    Status::Failed(Failure::new(kind, message))
}

fn s(text: &str) -> Obj<rpyc_protocol::Never> {
    Value::str(text).into()
}

fn short(sha: &str) -> &str {
    &sha[..12.min(sha.len())]
}

fn size(n: usize) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / f64::from(1 << 20)),
        n if n >= 1 << 10 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{n} bytes"),
    }
}

async fn open(client: &Client, path: &str, mode: &str) -> Result<Netref, Error> {
    match client.call_function("builtins", "open", vec![s(path), s(mode)], vec![]).await? {
        Obj::Remote(f) => Ok(f),
        _ => Err(Error::Unexpected("open() did not return a file object".into())),
    }
}

/// The SHA-256 of a file on the host, computed there: with `hashlib` where
/// the server has Python's, else with the host's `sha256sum`; failing both,
/// by reading the file back.
async fn remote_sha256(client: &Client, path: &str) -> Result<String, Error> {
    let literal = Value::str(path).to_string();
    let hashed = format!("__import__('hashlib').sha256(open({literal}, 'rb').read()).hexdigest()");
    if let Ok(Obj::Value(Value::Str(hex))) = client.eval(&hashed).await {
        return Ok(hex);
    }
    let run = client
        .call_function(
            "subprocess",
            "run",
            vec![Value::Tuple(vec![Value::str("sha256sum"), Value::str(path)]).into()],
            vec![("capture_output".into(), Value::Bool(true).into())],
        )
        .await;
    if let Ok(Obj::Remote(done)) = run {
        if let Ok(Obj::Value(Value::Bytes(out))) = client.getattr(&done, "stdout").await {
            let text = String::from_utf8_lossy(&out);
            if let Some(hex) = text.split_whitespace().next().filter(|h| h.len() == 64) {
                return Ok(hex.to_owned());
            }
        }
    }
    let (bytes, _) = read_all(client, path).await?;
    Ok(sha256_hex(&bytes))
}

async fn read_all(client: &Client, path: &str) -> Result<(Vec<u8>, usize), Error> {
    let f = open(client, path, "rb").await?;
    let mut data = Vec::new();
    let mut requests = 0;
    loop {
        requests += 1;
        match client.callattr(&f, "read", vec![Value::Int(CHUNK as i64).into()], vec![]).await? {
            Obj::Value(Value::Bytes(b)) if b.is_empty() => break,
            Obj::Value(Value::Bytes(b)) => data.extend_from_slice(&b),
            _ => return Err(Error::Unexpected(format!("{path}: read() did not return bytes"))),
        }
    }
    client.callattr(&f, "close", vec![], vec![]).await?;
    Ok((data, requests))
}

impl Job for Upload {
    fn run<'a>(&'a self, cx: &'a mut HostCx<'_>) -> JobFuture<'a> {
        Box::pin(async move {
            let client = match cx.client().await {
                Ok(link) => link.client,
                Err(status) => return status,
            };
            let begun = Instant::now();
            let part = format!("{}.rpyctl-part", self.remote);
            let written = async {
                let f = open(&client, &part, "wb").await?;
                for chunk in self.data.chunks(CHUNK) {
                    client.callattr(&f, "write", vec![Value::Bytes(chunk.to_vec()).into()], vec![]).await?;
                }
                client.callattr(&f, "close", vec![], vec![]).await?;
                remote_sha256(&client, &part).await
            };
            let there = match written.await {
                Ok(sha) => sha,
                Err(e) => return Status::from_error(e),
            };
            if there != self.sha256 {
                let _ = client.call_function("os", "remove", vec![s(&part)], vec![]).await;
                return failed(
                    "ChecksumMismatch",
                    format!("{part} has sha256 {} on the host, {} here: removed", short(&there), short(&self.sha256)),
                );
            }
            cx.step("verify", Status::Ok(Value::str(&there)), begun.elapsed());
            if let Err(e) = client.call_function("os", "replace", vec![s(&part), s(&self.remote)], vec![]).await {
                return Status::from_error(e);
            }
            Status::Ok(render::opaque(format!(
                "uploaded {} to {}, sha256 {}… verified",
                size(self.data.len()),
                self.remote,
                short(&self.sha256)
            )))
        })
    }
}

impl Download {
    /// Where `host`'s copy goes.
    pub fn destination(&self, host: &str) -> PathBuf {
        let name = Path::new(&self.remote).file_name().map_or_else(|| "download".into(), |n| n.to_os_string());
        if self.per_host {
            self.local.join(host).join(name)
        } else if self.local.is_dir() {
            self.local.join(name)
        } else {
            self.local.clone()
        }
    }
}

fn write_atomically(path: &Path, data: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("rpyctl-part");
    std::fs::write(&tmp, data)?;
    std::fs::rename(&tmp, path)
}

impl Job for Download {
    fn run<'a>(&'a self, cx: &'a mut HostCx<'_>) -> JobFuture<'a> {
        Box::pin(async move {
            let client = match cx.client().await {
                Ok(link) => link.client,
                Err(status) => return status,
            };
            let fetched = async {
                let (data, _) = read_all(&client, &self.remote).await?;
                let there = remote_sha256(&client, &self.remote).await?;
                Ok::<_, Error>((data, there))
            };
            let (data, there) = match fetched.await {
                Ok(got) => got,
                Err(e) => return Status::from_error(e),
            };
            let here = sha256_hex(&data);
            if here != there {
                return failed(
                    "ChecksumMismatch",
                    format!(
                        "{}: sha256 {} on the host, {} received (changed while read?)",
                        self.remote,
                        short(&there),
                        short(&here)
                    ),
                );
            }
            let dest = self.destination(cx.host());
            let local = dest.clone();
            let data_len = data.len();
            match tokio::task::spawn_blocking(move || write_atomically(&local, &data)).await {
                Ok(Ok(())) => Status::Ok(render::opaque(format!(
                    "downloaded {} to {}, sha256 {}… verified",
                    size(data_len),
                    dest.display(),
                    short(&here)
                ))),
                Ok(Err(e)) => failed("OSError", format!("cannot write {}: {e}", dest.display())),
                Err(e) => failed("Error", e.to_string()),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downloads_go_per_host_when_several() {
        let d = Download { remote: "/etc/hostname".into(), local: "out".into(), per_host: true };
        assert_eq!(d.destination("web1"), PathBuf::from("out/web1/hostname"));
        let d = Download { per_host: false, local: "copy.txt".into(), ..d };
        assert_eq!(d.destination("web1"), PathBuf::from("copy.txt"));
        assert_eq!(size(3 << 20), "3.0 MiB");
    }
}
