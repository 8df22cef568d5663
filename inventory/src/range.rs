//! Host addresses and host ranges, as Ansible's `parse_address` and `expand_hostname_range`.
//!
//! - `host:port` and `[host]:port` split off a port (it becomes the host's `ansible_port`), but
//!   only when what is left is a valid host name, IPv4 or IPv6 address (ranges allowed);
//! - `web[01:20].example.com` expands to `web01` ... `web20` (a zero-padded start keeps its width,
//!   and then start and end must have the same width), `db-[a:f].x` to letters, `[1:10:2]` with a
//!   stride, `[:5]` from 0; several ranges in one name expand left to right.

use std::sync::LazyLock;

use regex::Regex;

/// Expansion stops with an error past this many names from one entry.
const MAX_EXPANSION: usize = 100_000;

const RANGE: &str = r"\[(?:[0-9]*:[0-9]+|[a-zA-Z]:[a-zA-Z])(?::[0-9]+)?\]";

static HOSTNAME: LazyLock<Regex> = LazyLock::new(|| {
    let label = format!(r"(?:[\w-]|{RANGE})+");
    Regex::new(&format!(r"^{label}(?:\.{label})*\.?$")).expect("valid regex")
});

/// IPv6 characters (and ranges); [`is_ipv6`] also wants `::` or all eight groups.
static IPV6_CHARS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^(?:[0-9a-fA-F.:]|{RANGE})+$")).expect("valid regex"));

fn is_ipv6(s: &str) -> bool {
    let colons = RANGE_RE.replace_all(s, "0").matches(':').count();
    IPV6_CHARS.is_match(s) && (s.contains("::") || colons == 7)
}

static RANGE_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(RANGE).expect("valid regex"));

/// Whether `s` is a host name, IPv4 or IPv6 address, possibly with ranges.
fn is_host(s: &str) -> bool {
    !s.is_empty() && (HOSTNAME.is_match(s) || is_ipv6(s))
}

/// Finds the last `:` that is not inside `[...]`, and whether there is another one before it.
fn last_colon_outside_brackets(s: &str) -> (Option<usize>, bool) {
    let mut depth = 0usize;
    let mut found = None;
    let mut several = false;
    for (i, c) in s.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            ':' if depth == 0 => {
                several |= found.is_some();
                found = Some(i);
            }
            _ => {}
        }
    }
    (found, several)
}

/// Ansible's `parse_address(s, allow_ranges=True)`: `Some((host, port))` when `s` is a valid
/// address with an optional `:port` (`[v6]:port` for IPv6), `None` when it is not an address.
pub(crate) fn parse_address(s: &str) -> Option<(&str, Option<u64>)> {
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = s.strip_prefix('[') {
        if let Some(idx) = rest.rfind("]:") {
            let (host, port) = (&rest[..idx], &rest[idx + 2..]);
            if digits(port) && is_host(host) {
                return Some((host, port.parse().ok()));
            }
        }
    }
    if let (Some(idx), false) = last_colon_outside_brackets(s) {
        let (host, port) = (&s[..idx], &s[idx + 1..]);
        if digits(port) && is_host(host) {
            return Some((host, port.parse().ok()));
        }
    }
    is_host(s).then_some((s, None))
}

/// Splits a host entry of an inventory into (name pattern, port), falling back to the whole
/// entry without a port when it is not an address (as Ansible's `_expand_hostpattern` does).
pub(crate) fn split_port(entry: &str) -> (&str, Option<u64>) {
    parse_address(entry).unwrap_or((entry, None))
}

/// Expands every `[begin:end(:step)]` in `name`; a name without `[` is returned as is.
/// A numeric range with begin > end expands to nothing, as in Ansible (the caller warns).
pub(crate) fn expand(name: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    expand_into(name, &mut out)?;
    Ok(out)
}

fn expand_into(name: &str, out: &mut Vec<String>) -> Result<(), String> {
    let Some(open) = name.find('[') else {
        out.push(name.to_owned());
        return Ok(());
    };
    let close =
        name[open..].find(']').map(|i| open + i).ok_or_else(|| format!("host range in '{name}' has no closing ']'"))?;
    let (head, range, tail) = (&name[..open], &name[open + 1..close], &name[close + 1..]);
    let bounds: Vec<&str> = range.split(':').collect();
    if bounds.len() != 2 && bounds.len() != 3 {
        return Err(format!("host range [{range}] must be begin:end or begin:end:step"));
    }
    let begin = if bounds[0].is_empty() { "0" } else { bounds[0] };
    let end = bounds[1];
    if end.is_empty() {
        return Err(format!("host range [{range}] must specify an end value"));
    }
    let step: usize = match bounds.get(2) {
        None => 1,
        Some(s) => match s.parse::<usize>() {
            Ok(n) if n > 0 => n,
            _ => return Err(format!("host range [{range}]: step must be a positive integer")),
        },
    };
    let letter = |s: &str| s.len() == 1 && s.as_bytes()[0].is_ascii_alphabetic();
    let items: Vec<String> = if letter(begin) && letter(end) {
        // Python's string.ascii_letters order: a..z then A..Z.
        let letters: Vec<char> = ('a'..='z').chain('A'..='Z').collect();
        let pos = |s: &str| letters.iter().position(|&c| s.starts_with(c)).unwrap_or(0);
        let (b, e) = (pos(begin), pos(end));
        if b > e {
            return Err(format!("host range [{range}] must have begin <= end"));
        }
        letters[b..=e].iter().step_by(step).map(char::to_string).collect()
    } else {
        let num = |s: &str| {
            s.parse::<u64>().map_err(|_| format!("host range [{range}]: '{s}' is neither a number nor a single letter"))
        };
        let (b, e) = (num(begin)?, num(end)?);
        let width = if begin.len() > 1 && begin.starts_with('0') {
            if begin.len() != end.len() {
                return Err(format!("host range [{range}] must specify equal-length begin and end formats"));
            }
            begin.len()
        } else {
            0
        };
        let count = if b > e { 0 } else { (e - b) / step as u64 + 1 };
        if count > MAX_EXPANSION as u64 {
            return Err(format!("host range [{range}] expands to too many hosts"));
        }
        (b..=e).step_by(step).map(|n| format!("{n:0width$}")).collect()
    };
    for item in items {
        expand_into(&format!("{head}{item}{tail}"), out)?;
        if out.len() > MAX_EXPANSION {
            return Err(format!("host range in '{name}' expands to too many hosts"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_ranges_keep_padding() {
        let v = expand("web[01:03].example.com").unwrap();
        assert_eq!(v, ["web01.example.com", "web02.example.com", "web03.example.com"]);
        assert_eq!(expand("n[8:10]").unwrap(), ["n8", "n9", "n10"]);
        assert_eq!(expand("n[:2]").unwrap(), ["n0", "n1", "n2"]);
        assert_eq!(expand("h[001:100]").unwrap().len(), 100);
        assert_eq!(expand("h[001:100]").unwrap()[99], "h100");
    }

    #[test]
    fn stride_letters_and_several_ranges() {
        assert_eq!(expand("x[1:10:2]").unwrap(), ["x1", "x3", "x5", "x7", "x9"]);
        assert_eq!(expand("db-[a:f].x").unwrap(), ["db-a.x", "db-b.x", "db-c.x", "db-d.x", "db-e.x", "db-f.x"]);
        assert_eq!(expand("z[y:B]").unwrap(), ["zy", "zz", "zA", "zB"]);
        assert_eq!(expand("r[a:c]n[1:2]").unwrap(), ["ran1", "ran2", "rbn1", "rbn2", "rcn1", "rcn2"]);
        assert_eq!(expand("plain").unwrap(), ["plain"]);
        assert!(expand("n[5:1]").unwrap().is_empty());
    }

    #[test]
    fn range_errors() {
        assert!(expand("n[1:2:3:4]").unwrap_err().contains("begin:end"));
        assert!(expand("n[1:]").unwrap_err().contains("end value"));
        assert!(expand("n[01:100]").unwrap_err().contains("equal-length"));
        assert!(expand("n[c:a]").unwrap_err().contains("begin <= end"));
        assert!(expand("n[1:5:0]").unwrap_err().contains("step"));
        assert!(expand("n[a:5]").unwrap_err().contains("neither"));
        assert!(expand("n[1:5").unwrap_err().contains("closing"));
        assert!(expand("n[0:999999999]").unwrap_err().contains("too many"));
    }

    #[test]
    fn addresses_and_ports() {
        assert_eq!(split_port("db.example.com:5309"), ("db.example.com", Some(5309)));
        assert_eq!(split_port("web[01:20].x:22"), ("web[01:20].x", Some(22)));
        assert_eq!(split_port("web[01:20].x"), ("web[01:20].x", None));
        assert_eq!(split_port("[::1]:2222"), ("::1", Some(2222)));
        assert_eq!(split_port("fe80::1"), ("fe80::1", None));
        assert_eq!(split_port("10.0.0.1:80"), ("10.0.0.1", Some(80)));
        assert_eq!(split_port("odd*name:22"), ("odd*name:22", None));
        assert!(parse_address("web*").is_none());
        assert!(parse_address("web:db").is_none());
        assert!(parse_address("web[1:3]").is_some());
        assert!(parse_address("db:fe:ad").is_none());
        assert!(parse_address("2001:db8:0:0:0:0:0:1").is_some());
        assert!(parse_address("2001:db8::[a:f]").is_some());
    }
}
