//! `command`'s arguments: the free form (or `cmd`) split into words as Python's
//! `shlex.split` does, so the host runs an argv without a shell and needs no shlex.

use rpyctl_playbooks::ModuleCall;
use serde_json::{Map, Value as Json};

/// The arguments the host's command/shell function takes: for `command`, `argv` (split here
/// from `_raw_params`/`cmd` when not given as a list); for `shell`, `_uses_shell`.
pub(crate) fn command_args(call: &ModuleCall) -> Result<Map<String, Json>, String> {
    let mut args = call.args.values().clone();
    let text = args.get("_raw_params").or_else(|| args.get("cmd")).and_then(Json::as_str).map(str::to_owned);
    if call.module.name == "shell" {
        args.insert("_uses_shell".into(), Json::Bool(true));
        if text.is_none() {
            return Err("no command given".into());
        }
        return Ok(args);
    }
    if args.get("_uses_shell").and_then(Json::as_bool) == Some(true) {
        return Ok(args);
    }
    if let Some(text) = text {
        let words = shlex_split(&text)?;
        args.insert("argv".into(), Json::Array(words.into_iter().map(Json::from).collect()));
    }
    match args.get("argv") {
        Some(Json::Array(words)) if !words.is_empty() => Ok(args),
        _ => Err("no command given".into()),
    }
}

/// `shlex.split(text)` (POSIX mode, no comments).
pub(crate) fn shlex_split(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("No closing quotation".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('\\' | '"' | '$' | '`' | '\n')) => word.push(c),
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err("No closing quotation".into()),
                        },
                        Some(c) => word.push(c),
                        None => return Err("No closing quotation".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some(c) => word.push(c),
                    None => return Err("No escaped character".into()),
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_as_shlex() {
        let s = |t: &str| shlex_split(t).unwrap_or_else(|e| vec![format!("ERR {e}")]);
        assert_eq!(s("ls -l /tmp"), ["ls", "-l", "/tmp"]);
        assert_eq!(s("echo 'a b'  \"c \\\"d\\\" \\x\""), ["echo", "a b", "c \"d\" \\x"]);
        assert_eq!(s("a\\ b c''d \"\""), ["a b", "cd", ""]);
        assert_eq!(s("wc -l {{x}}"), ["wc", "-l", "{{x}}"]);
        assert_eq!(s("echo 'unclosed"), ["ERR No closing quotation"]);
        assert_eq!(s("  "), Vec::<String>::new());
    }
}
