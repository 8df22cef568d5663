//! The pure functions of `posixpath`, on the bytes of a path (str paths
//! are UTF-8, and every cut is at an ASCII byte), exactly as CPython 3.11.

use crate::runtime::exceptions::{self, PyResult};

pub fn isabs(p: &[u8]) -> bool {
    p.starts_with(b"/")
}

pub fn join(a: &[u8], rest: &[&[u8]]) -> Vec<u8> {
    let mut path = a.to_vec();
    for b in rest {
        if b.starts_with(b"/") {
            path = b.to_vec();
        } else if path.is_empty() || path.ends_with(b"/") {
            path.extend_from_slice(b);
        } else {
            path.push(b'/');
            path.extend_from_slice(b);
        }
    }
    path
}

/// A head with its trailing slashes removed, unless it is all slashes.
fn strip_head(head: &[u8]) -> &[u8] {
    match head.iter().rposition(|c| *c != b'/') {
        Some(i) => &head[..=i],
        None => head,
    }
}

fn after_last_sep(p: &[u8]) -> usize {
    p.iter().rposition(|c| *c == b'/').map_or(0, |i| i + 1)
}

pub fn split(p: &[u8]) -> (&[u8], &[u8]) {
    let i = after_last_sep(p);
    (strip_head(&p[..i]), &p[i..])
}

pub fn basename(p: &[u8]) -> &[u8] {
    &p[after_last_sep(p)..]
}

pub fn dirname(p: &[u8]) -> &[u8] {
    strip_head(&p[..after_last_sep(p)])
}

pub fn splitext(p: &[u8]) -> (&[u8], &[u8]) {
    let name_start = after_last_sep(p);
    if let Some(dot) = p.iter().rposition(|c| *c == b'.') {
        // A dot in the name that is not one of its leading dots.
        if dot >= name_start && p[name_start..dot].iter().any(|c| *c != b'.') {
            return (&p[..dot], &p[dot..]);
        }
    }
    (p, &p[..0])
}

pub fn normpath(p: &[u8]) -> Vec<u8> {
    if p.is_empty() {
        return b".".to_vec();
    }
    // POSIX allows one or two initial slashes, and treats three or more as one.
    let initial = match (p.starts_with(b"/"), p.starts_with(b"//") && !p.starts_with(b"///")) {
        (_, true) => 2,
        (true, _) => 1,
        _ => 0,
    };
    let mut comps: Vec<&[u8]> = Vec::new();
    for comp in p.split(|c| *c == b'/') {
        if comp.is_empty() || comp == b"." {
            continue;
        }
        if comp != b".." || (initial == 0 && comps.is_empty()) || comps.last() == Some(&&b".."[..]) {
            comps.push(comp);
        } else {
            comps.pop();
        }
    }
    let mut out = vec![b'/'; initial];
    out.extend_from_slice(&comps.join(&b'/'));
    if out.is_empty() {
        out.push(b'.');
    }
    out
}

pub fn abspath(p: &[u8], cwd: &[u8]) -> Vec<u8> {
    if isabs(p) {
        normpath(p)
    } else {
        normpath(&join(cwd, &[p]))
    }
}

pub fn relpath(path: &[u8], start: &[u8], cwd: &[u8]) -> Vec<u8> {
    let parts = |p: &[u8]| -> Vec<Vec<u8>> {
        abspath(p, cwd).split(|c| *c == b'/').filter(|c| !c.is_empty()).map(<[u8]>::to_vec).collect()
    };
    let (start_list, path_list) = (parts(start), parts(path));
    let i = start_list.iter().zip(&path_list).take_while(|(a, b)| a == b).count();
    let mut rel: Vec<&[u8]> = vec![b".."; start_list.len() - i];
    rel.extend(path_list[i..].iter().map(Vec::as_slice));
    match rel.split_first() {
        None => b".".to_vec(),
        Some((first, rest)) => join(first, rest),
    }
}

pub fn commonpath(paths: &[&[u8]]) -> PyResult<Vec<u8>> {
    let Some(first) = paths.first() else {
        return Err(exceptions::value_error("commonpath() arg is an empty sequence"));
    };
    let abs = isabs(first);
    if paths.iter().any(|p| isabs(p) != abs) {
        return Err(exceptions::value_error("Can't mix absolute and relative paths"));
    }
    let split: Vec<Vec<&[u8]>> =
        paths.iter().map(|p| p.split(|c| *c == b'/').filter(|c| !c.is_empty() && *c != b".").collect()).collect();
    let (s1, s2) = match (split.iter().min(), split.iter().max()) {
        (Some(a), Some(b)) => (a, b),
        _ => return Ok(Vec::new()),
    };
    let n = s1.iter().zip(s2).take_while(|(a, b)| a == b).count();
    let mut out = if abs { b"/".to_vec() } else { Vec::new() };
    out.extend_from_slice(&s1[..n].join(&b'/'));
    Ok(out)
}

/// The longest common prefix, byte by byte (the caller keeps str results
/// on a character boundary).
pub fn commonprefix<'a>(paths: &[&'a [u8]]) -> &'a [u8] {
    let (Some(s1), Some(s2)) = (paths.iter().min(), paths.iter().max()) else { return b"" };
    let n = s1.iter().zip(s2.iter()).take_while(|(a, b)| a == b).count();
    &s1[..n]
}

/// `$name` and `${name}` replaced from `env`; unknown names stay.
pub fn expandvars(p: &[u8], env: impl Fn(&[u8]) -> Option<Vec<u8>>) -> Vec<u8> {
    let mut path = p.to_vec();
    let mut i = 0;
    // The next `\$(\w+|\{[^}]*\})` (ASCII) at or after `from`: (start, end, name).
    let find = |path: &[u8], from: usize| -> Option<(usize, usize, Vec<u8>)> {
        (from..path.len()).filter(|s| path[*s] == b'$').find_map(|s| {
            let rest = &path[s + 1..];
            let w = rest.iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
            if w > 0 {
                return Some((s, s + 1 + w, rest[..w].to_vec()));
            }
            let close = rest.strip_prefix(b"{")?.iter().position(|c| *c == b'}')?;
            Some((s, s + 3 + close, rest[1..=close].to_vec()))
        })
    };
    while let Some((start, end, name)) = find(&path, i) {
        match env(&name) {
            None => i = end,
            Some(value) => {
                let tail = path.split_off(end);
                path.truncate(start);
                path.extend_from_slice(&value);
                i = path.len();
                path.extend_from_slice(&tail);
            }
        }
    }
    path
}

/// `~` and `~user` replaced by the home directory `home(user)` gives.
pub fn expanduser(p: &[u8], home: impl Fn(Option<&[u8]>) -> Option<Vec<u8>>) -> Vec<u8> {
    if !p.starts_with(b"~") {
        return p.to_vec();
    }
    let i = p[1..].iter().position(|c| *c == b'/').map_or(p.len(), |k| k + 1);
    let Some(dir) = home(if i == 1 { None } else { Some(&p[1..i]) }) else { return p.to_vec() };
    let trimmed = dir.iter().rposition(|c| *c != b'/').map_or(&dir[..0], |k| &dir[..=k]);
    let mut out = trimmed.to_vec();
    out.extend_from_slice(&p[i..]);
    if out.is_empty() {
        out.push(b'/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(b: &[u8]) -> &str {
        std::str::from_utf8(b).unwrap_or("<bad>")
    }

    #[test]
    fn normpath_matches_cpython() {
        for (input, want) in [
            ("", "."),
            ("/", "/"),
            ("//", "//"),
            ("///", "/"),
            ("//a", "//a"),
            ("///a//b/", "/a/b"),
            ("a/./b/../c", "a/c"),
            ("../a/..", ".."),
            ("../../a", "../../a"),
            ("/../a", "/a"),
            ("a/..", "."),
            ("./", "."),
            ("a//b", "a/b"),
        ] {
            assert_eq!(s(&normpath(input.as_bytes())), want, "normpath({input:?})");
        }
    }

    #[test]
    fn split_family_matches_cpython() {
        assert_eq!(split(b"/a/b"), (&b"/a"[..], &b"b"[..]));
        assert_eq!(split(b"/a/b/"), (&b"/a/b"[..], &b""[..]));
        assert_eq!(split(b"//a"), (&b"//"[..], &b"a"[..]));
        assert_eq!(split(b"a"), (&b""[..], &b"a"[..]));
        assert_eq!(split(b"a//b"), (&b"a"[..], &b"b"[..]));
        assert_eq!(dirname(b"/"), b"/");
        assert_eq!(dirname(b"/usr/lib/"), b"/usr/lib");
        assert_eq!(dirname(b"///x"), b"///");
        assert_eq!(basename(b"/usr/lib/"), b"");
        assert_eq!(basename(b"/usr/lib.so"), b"lib.so");
        assert_eq!(splitext(b".bashrc"), (&b".bashrc"[..], &b""[..]));
        assert_eq!(splitext(b"a.b.c"), (&b"a.b"[..], &b".c"[..]));
        assert_eq!(splitext(b"/x.d/y"), (&b"/x.d/y"[..], &b""[..]));
        assert_eq!(splitext(b"..a.tar"), (&b"..a"[..], &b".tar"[..]));
        assert_eq!(splitext(b"..."), (&b"..."[..], &b""[..]));
        assert_eq!(splitext(b"a."), (&b"a"[..], &b"."[..]));
    }

    #[test]
    fn join_and_abs_match_cpython() {
        assert_eq!(join(b"/a", &[b"/b"]), b"/b");
        assert_eq!(join(b"a", &[b"b", b"c"]), b"a/b/c");
        assert_eq!(join(b"a/", &[b"b"]), b"a/b");
        assert_eq!(join(b"", &[b"b"]), b"b");
        assert_eq!(join(b"a", &[b""]), b"a/");
        assert_eq!(abspath(b"x/../y", b"/home/u"), b"/home/u/y");
        assert_eq!(abspath(b"//x", b"/home"), b"//x");
        assert_eq!(relpath(b"/a/b/c", b"/a/d", b"/"), b"../b/c");
        assert_eq!(relpath(b"/a", b"/a", b"/"), b".");
        assert_eq!(relpath(b"x", b".", b"/tmp"), b"x");
        assert_eq!(relpath(b"/", b"/tmp/q", b"/"), b"../..");
    }

    #[test]
    fn common_paths_match_cpython() {
        assert_eq!(commonpath(&[b"/usr/lib", b"/usr/local/lib"]).ok(), Some(b"/usr".to_vec()));
        assert_eq!(commonpath(&[b"/usr/lib/", b"/usr/lib"]).ok(), Some(b"/usr/lib".to_vec()));
        assert_eq!(commonpath(&[b"a/./b", b"a/b/c"]).ok(), Some(b"a/b".to_vec()));
        assert_eq!(commonpath(&[b"/", b"/a"]).ok(), Some(b"/".to_vec()));
        assert_eq!(commonpath(&[b"a", b"b"]).ok(), Some(b"".to_vec()));
        assert!(commonpath(&[b"/a", b"a"]).is_err());
        assert!(commonpath(&[]).is_err());
        assert_eq!(commonprefix(&[b"/usr/lib", b"/usr/local"]), b"/usr/l");
        assert_eq!(commonprefix(&[]), b"");
    }

    #[test]
    fn expansions_match_cpython() {
        let env = |n: &[u8]| match n {
            b"HOME" => Some(b"/root".to_vec()),
            b"A_1" => Some(b"x".to_vec()),
            _ => None,
        };
        assert_eq!(s(&expandvars(b"$HOME/a", env)), "/root/a");
        assert_eq!(s(&expandvars(b"${HOME}x$A_1.$NOPE $ ${} $", env)), "/rootxx.$NOPE $ ${} $");
        assert_eq!(s(&expandvars(b"${HOME", env)), "${HOME");
        let home = |u: Option<&[u8]>| match u {
            None => Some(b"/home/me/".to_vec()),
            Some(b"root") => Some(b"/".to_vec()),
            _ => None,
        };
        assert_eq!(s(&expanduser(b"~/x", home)), "/home/me/x");
        assert_eq!(s(&expanduser(b"~", home)), "/home/me");
        assert_eq!(s(&expanduser(b"~root", home)), "/");
        assert_eq!(s(&expanduser(b"~root/x", home)), "/x");
        assert_eq!(s(&expanduser(b"~nobody/x", home)), "~nobody/x");
        assert_eq!(s(&expanduser(b"a~", home)), "a~");
    }
}
