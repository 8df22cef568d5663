//! Modules that move bytes between the controller and a host: `copy` and `template` (the
//! engine has already rendered the template), `fetch` and `slurp`. Content up to
//! [`INLINE`] bytes travels inside the one module call, so an unchanged file and a changed
//! one each cost one round trip; larger content is offered by checksum first and sent in
//! [`CHUNK`]s only when the host's copy differs.

use std::path::{Path, PathBuf};

use data_encoding::BASE64;
use rpyctl_playbooks::{LocalSource, ModuleCall, ModuleResult};
use serde_json::{json, Map, Value as Json};
use sha1::{Digest, Sha1};

use super::{request, result, target, text};
use crate::play::executor::{CallError, PlayExecutor};
use crate::play::pyjson::{self, Style};

/// Content this large or smaller goes with the module call itself.
pub const INLINE: usize = 1 << 20;
/// Larger content goes in chunks of this size before the module call.
pub const CHUNK: usize = 1 << 20;

fn sha1_hex(data: &[u8]) -> String {
    Sha1::digest(data).iter().map(|b| format!("{b:02x}")).collect()
}

/// `json.dumps(value)` as Python writes it: copy's `content` given as a mapping or a list.
fn python_json(v: &Json) -> String {
    pyjson::dumps_with(v, Style { indent: None, compact: false, ensure_ascii: true, sort_keys: false })
}

fn mode_of(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).ok().map(|m| format!("0{:03o}", m.permissions().mode() & 0o7777))
}

/// What a copy sends: the bytes, where they came from (for `--diff`), the name a directory
/// destination gets.
struct Content {
    data: Vec<u8>,
    after_header: String,
    basename: String,
    from_content: bool,
}

/// `copy` and `template`.
pub(crate) async fn copy(exec: &PlayExecutor, call: &ModuleCall) -> Result<ModuleResult, CallError> {
    let a = &call.args;
    let dest = a.str("dest").unwrap_or_default().to_owned();
    let mut args = a.values().clone();
    args.remove("content");
    let content = match (&call.local, a.get("content")) {
        (_, Some(content)) if call.module.name == "copy" => Content {
            data: match content {
                Json::String(s) => s.clone().into_bytes(),
                other => python_json(other).into_bytes(),
            },
            after_header: dest.clone(),
            basename: "content".into(),
            from_content: true,
        },
        (Some(LocalSource::Rendered { src, text }), _) => {
            if a.str("mode") == Some("preserve") {
                args.insert("mode".into(), mode_of(src).map_or(Json::Null, Json::from));
            }
            Content {
                data: text.clone().into_bytes(),
                after_header: src.display().to_string(),
                basename: file_name(src),
                from_content: false,
            }
        }
        (Some(LocalSource::File(path)), _) if path.is_dir() => return copy_tree(exec, call, path, args).await,
        (Some(LocalSource::File(path)), _) => {
            let data = std::fs::read(path).map_err(|e| CallError::Failed(format!("{}: {e}", path.display())))?;
            if a.str("mode") == Some("preserve") {
                args.insert("mode".into(), mode_of(path).map_or(Json::Null, Json::from));
            }
            Content { data, after_header: path.display().to_string(), basename: file_name(path), from_content: false }
        }
        (None, _) if a.bool("remote_src") == Some(true) => {
            return super::plain(exec, call, "copy", args).await;
        }
        (None, _) => return Ok(ModuleResult::failed("src (or content) is required")),
    };
    args.remove("src");
    if !args.contains_key("_original_basename") {
        args.insert("_original_basename".into(), Json::from(content.basename.as_str()));
    }
    args.insert("_after_header".into(), Json::from(content.after_header.as_str()));
    args.insert("_content".into(), Json::Bool(content.from_content));
    send(exec, call, args, content.data).await
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// One file's content to the host's copy function: inline when small; else offered by
/// checksum, staged in chunks if the host asks for it, then placed.
async fn send(
    exec: &PlayExecutor,
    call: &ModuleCall,
    mut args: Map<String, Json>,
    data: Vec<u8>,
) -> Result<ModuleResult, CallError> {
    let host = target(call);
    args.insert("_checksum".into(), Json::from(sha1_hex(&data)));
    if data.len() <= INLINE {
        let reply = exec.call(host, "copy", &request(call, args), Some(data)).await?;
        return Ok(result(call, reply));
    }
    let reply = exec.call(host, "copy", &request(call, args.clone()), None).await?;
    let Some(staging) = reply.result.get("_send").map(text) else { return Ok(result(call, reply)) };
    for (i, chunk) in data.chunks(CHUNK).enumerate() {
        let stage = json!({"args": {"path": staging, "offset": i * CHUNK}, "check": false, "diff": false});
        let r = exec.call(host, "_stage", &stage, Some(chunk.to_vec())).await?;
        if r.result.get("failed").and_then(Json::as_bool) == Some(true) {
            return Ok(result(call, r));
        }
    }
    args.insert("_staged".into(), Json::from(staging));
    let reply = exec.call(host, "copy", &request(call, args), None).await?;
    Ok(result(call, reply))
}

/// `copy` of a controller directory: `src/` copies what is in it, `src` the directory
/// itself, as Ansible's copy does; directories first, then each file.
async fn copy_tree(
    exec: &PlayExecutor,
    call: &ModuleCall,
    root: &Path,
    args: Map<String, Json>,
) -> Result<ModuleResult, CallError> {
    let src = call.args.str("src").unwrap_or_default();
    let dest = call.args.str("dest").unwrap_or_default().trim_end_matches('/').to_owned();
    let base = if src.ends_with('/') { PathBuf::from(&dest) } else { Path::new(&dest).join(file_name(root)) };
    let mut dirs = vec![base.clone()];
    let mut files = Vec::new();
    let mut todo = vec![(root.to_path_buf(), base)];
    while let Some((local, remote)) = todo.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&local)
            .map_err(|e| CallError::Failed(format!("{}: {e}", local.display())))?
            .filter_map(Result::ok)
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let (l, r) = (e.path(), remote.join(e.file_name()));
            if l.is_dir() {
                dirs.push(r.clone());
                todo.push((l, r));
            } else {
                files.push((l, r));
            }
        }
    }
    let mut changed = false;
    for d in dirs {
        let mut dir_args = Map::new();
        dir_args.insert("path".into(), Json::from(d.display().to_string()));
        dir_args.insert("state".into(), Json::from("directory"));
        for k in ["owner", "group"] {
            if let Some(v) = args.get(k) {
                dir_args.insert(k.into(), v.clone());
            }
        }
        if let Some(m) = args.get("directory_mode") {
            dir_args.insert("mode".into(), m.clone());
        }
        let r = result(call, exec.call(target(call), "file", &request(call, dir_args), None).await?);
        if r.failed {
            return Ok(r);
        }
        changed |= r.changed;
    }
    for (local, remote) in files {
        let data = std::fs::read(&local).map_err(|e| CallError::Failed(format!("{}: {e}", local.display())))?;
        let mut file_args = args.clone();
        file_args.remove("src");
        file_args.remove("directory_mode");
        file_args.insert("dest".into(), Json::from(remote.display().to_string()));
        file_args.insert("_original_basename".into(), Json::from(file_name(&local)));
        file_args.insert("_after_header".into(), Json::from(local.display().to_string()));
        file_args.insert("_content".into(), Json::Bool(false));
        let r = send(exec, call, file_args, data).await?;
        if r.failed {
            return Ok(r);
        }
        changed |= r.changed;
    }
    Ok(ModuleResult { changed, ..ModuleResult::default() }.with("dest", dest))
}

/// Where a fetched file goes on the controller, as Ansible's fetch computes it.
fn fetch_dest(call: &ModuleCall, src: &str) -> Result<PathBuf, String> {
    let dest = call.args.str("dest").unwrap_or_default();
    let dwim = |p: &str| if Path::new(p).is_absolute() { PathBuf::from(p) } else { call.basedir.join(p) };
    let path = if call.args.bool("flat") == Some(true) {
        if Path::new(dest).is_dir() && !dest.ends_with('/') {
            return Err(
                "dest is an existing directory, use a trailing slash if you want to fetch src into that directory"
                    .into(),
            );
        }
        if dest.ends_with('/') {
            let full = dwim(dest).join(Path::new(src).file_name().unwrap_or_default());
            if full.is_dir() {
                return Err(format!("calculated dest '{}' is an existing directory, use another path that does not point to an existing directory", full.display()));
            }
            full
        } else {
            dwim(dest)
        }
    } else {
        PathBuf::from(format!("{}/{}/{}", dwim(dest).display(), call.host, src))
    };
    Ok(normalize(&path))
}

/// `os.path.normpath`.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `fetch`: the host sends the file only when the controller's copy differs.
pub(crate) async fn fetch(exec: &PlayExecutor, call: &ModuleCall) -> Result<ModuleResult, CallError> {
    if call.check_mode {
        let mut r = ModuleResult::ok().with("skipped", true);
        r.msg = Some("check mode not (yet) supported for this module".into());
        return Ok(r);
    }
    let src = call.args.str("src").unwrap_or_default().to_owned();
    let fail_on_missing = call.args.bool("fail_on_missing").unwrap_or(true);
    let dest = match fetch_dest(call, &src) {
        Ok(d) => d,
        Err(msg) => return Ok(ModuleResult::failed(msg)),
    };
    let local = std::fs::read(&dest).ok().map(|d| sha1_hex(&d));
    let mut args = call.args.values().clone();
    args.insert("_local_checksum".into(), local.clone().map_or(Json::Null, Json::from));
    let reply = exec.call(target(call), "fetch", &request(call, args), None).await?;
    let r = &reply.result;
    if let Some(missing) = r.get("_missing") {
        let mut out = ModuleResult::ok().with("file", src.as_str());
        out.failed = fail_on_missing;
        out.msg = Some(if fail_on_missing {
            text(missing)
        } else {
            "the remote file does not exist, not transferring, ignored".into()
        });
        return Ok(out);
    }
    if r.contains_key("_isdir") {
        let mut out = ModuleResult::ok().with("file", src.as_str());
        out.failed = fail_on_missing;
        out.msg = Some(if fail_on_missing {
            "remote file is a directory, fetch cannot work on directories".into()
        } else {
            "remote file is a directory, fetch cannot work on directories, not transferring, ignored".into()
        });
        return Ok(out);
    }
    if let Some(Json::Bool(true)) = r.get("failed") {
        return Ok(result(call, reply));
    }
    let remote = r.get("remote_checksum").map(text).unwrap_or_default();
    let md5 = |data: &[u8]| format!("{:x}", md5::compute(data));
    match reply.data {
        None => {
            let held = std::fs::read(&dest).unwrap_or_default();
            Ok(ModuleResult::ok()
                .with("md5sum", md5(&held))
                .with("dest", dest.display().to_string())
                .with("file", src.as_str())
                .with("checksum", local.unwrap_or_default()))
        }
        Some(data) => {
            let got = sha1_hex(&data);
            if call.args.bool("validate_checksum").unwrap_or(true) && got != remote {
                let mut out = ModuleResult::failed("checksum mismatch")
                    .with("file", src.as_str())
                    .with("dest", dest.display().to_string())
                    .with("checksum", got)
                    .with("remote_checksum", remote);
                out.values.insert("remote_md5sum".into(), Json::Null);
                return Ok(out);
            }
            write_local(&dest, &data).map_err(|e| CallError::Failed(format!("Failed to fetch the file: {e}")))?;
            let mut out = ModuleResult::changed()
                .with("md5sum", md5(&data))
                .with("dest", dest.display().to_string())
                .with("checksum", got)
                .with("remote_checksum", remote);
            out.values.insert("remote_md5sum".into(), Json::Null);
            Ok(out)
        }
    }
}

/// Writes a fetched file whole or not at all (parents made as needed).
fn write_local(dest: &Path, data: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = dest.with_file_name(format!(".{}.rpyctl-fetch.tmp", file_name(dest)));
    std::fs::write(&tmp, data)?;
    std::fs::rename(&tmp, dest)
}

/// `slurp`: the file's bytes come back with the reply, base64 here.
pub(crate) async fn slurp(exec: &PlayExecutor, call: &ModuleCall) -> Result<ModuleResult, CallError> {
    let mut reply = exec.call(target(call), "slurp", &request(call, call.args.values().clone()), None).await?;
    if let Some(data) = reply.data.take() {
        reply.result.insert("content".into(), Json::from(BASE64.encode(&data)));
    }
    Ok(result(call, reply))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_mappings_as_python_dumps_them() {
        let v: Json = serde_json::from_str(r#"{"a": [1, "é", null, true], "b": {"c": "x\"y"}}"#).unwrap_or_default();
        assert_eq!(python_json(&v), r#"{"a": [1, "\u00e9", null, true], "b": {"c": "x\"y"}}"#);
    }

    #[test]
    fn normalizes_like_normpath() {
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }
}
