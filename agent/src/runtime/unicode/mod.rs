//! Python's character database, as far as `str` needs it: the properties
//! behind `isalpha`/`isdecimal`/`isdigit`/`isnumeric`/`isprintable`/
//! `islower`/`isupper`/`istitle`/`isidentifier`, whitespace and line
//! boundaries, and the full case mappings (`lower`, `upper`, titlecase,
//! case folding).
//!
//! The tables are generated from CPython 3.11 itself
//! (`scripts/gen-unicode-tables.py`), so they follow its Unicode version
//! (14.0), not the one of the Rust standard library.

#[rustfmt::skip]
mod tables;

use super::exceptions::{self, PyResult};

/// The character of a code point. Lone surrogates (U+D800..U+DFFF) are the
/// one kind of Python character a Rust string cannot hold: asking for one
/// is a `ValueError` here, where CPython would make a one-character str.
pub fn char_of(code: u32) -> PyResult<char> {
    char::from_u32(code).ok_or_else(|| {
        exceptions::value_error(format!("lone surrogate '\\u{code:04x}' cannot be represented by the agent"))
    })
}

/// Whether `c` lies in one of the inclusive ranges of a flat table.
fn in_ranges(table: &[u32], c: char) -> bool {
    let c = c as u32;
    let pairs = table.len() / 2;
    // The first range whose upper end is not below `c`.
    let k = partition_point(pairs, |k| table[2 * k + 1] < c);
    k < pairs && table[2 * k] <= c
}

fn partition_point(n: usize, below: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if below(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

pub fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    in_ranges(&tables::ALPHA, c)
}

pub fn is_decimal(c: char) -> bool {
    decimal_value(c).is_some()
}

/// The value of a decimal digit of any script (`'٣'` is 3).
pub fn decimal_value(c: char) -> Option<u32> {
    if c.is_ascii() {
        return c.to_digit(10);
    }
    let t = &tables::DECIMAL;
    let u = c as u32;
    let k = partition_point(t.len() / 2, |k| t[2 * k + 1] < u);
    // Every range starts at a zero (checked by the generator).
    (k < t.len() / 2 && t[2 * k] <= u).then(|| (u - t[2 * k]) % 10)
}

pub fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_ranges(&tables::DIGIT, c)
}

pub fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_ranges(&tables::NUMERIC, c)
}

pub fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    is_alpha(c) || is_numeric(c)
}

pub fn is_printable(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    in_ranges(&tables::PRINTABLE, c)
}

pub fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    in_ranges(&tables::LOWER, c)
}

pub fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    in_ranges(&tables::UPPER, c)
}

/// Titlecase letters (category Lt: `ǅ`).
pub fn is_title(c: char) -> bool {
    !c.is_ascii() && in_ranges(&tables::TITLE, c)
}

/// The Cased property: Lowercase, Uppercase or Lt.
pub fn is_cased(c: char) -> bool {
    is_lower(c) || is_upper(c) || is_title(c)
}

pub fn is_case_ignorable(c: char) -> bool {
    if c.is_ascii() {
        return matches!(c, '\'' | '.' | ':' | '^' | '`');
    }
    in_ranges(&tables::CASE_IGNORABLE, c)
}

pub fn is_xid_start(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    in_ranges(&tables::XID_START, c)
}

pub fn is_xid_continue(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    in_ranges(&tables::XID_CONTINUE, c)
}

/// `str.isspace` of one character, and what `split()`/`strip()` remove.
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\x0b' | '\x0c' | '\r' | '\x1c'..='\x1f' | ' ' | '\u{85}' | '\u{a0}' | '\u{1680}'
            | '\u{2000}'..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// The line boundaries of `str.splitlines` (`\r\n` counts as one).
pub fn is_linebreak(c: char) -> bool {
    matches!(c, '\n' | '\x0b' | '\x0c' | '\r' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// A one-character mapping from a run table, if `c` has one.
fn run_lookup(runs: &[i32], c: char) -> Option<char> {
    let u = c as i32;
    let n = runs.len() / 4;
    let k = partition_point(n, |k| runs[4 * k + 1] < u);
    if k == n {
        return None;
    }
    let (lo, stride, delta) = (runs[4 * k], runs[4 * k + 2], runs[4 * k + 3]);
    if lo > u || (u - lo) % stride != 0 {
        return None;
    }
    char::from_u32((u + delta) as u32)
}

/// A mapping to several characters, if `c` has one.
fn multi_lookup(table: &[u32], c: char) -> Option<&[u32]> {
    let u = c as u32;
    let n = table.len() / 4;
    let k = partition_point(n, |k| table[4 * k] < u);
    (k < n && table[4 * k] == u).then(|| {
        let m = &table[4 * k + 1..4 * k + 4];
        let len = m.iter().position(|&x| x == 0).unwrap_or(3);
        &m[..len]
    })
}

fn push_mapped(out: &mut String, m: &[u32]) {
    out.extend(m.iter().filter_map(|&x| char::from_u32(x)));
}

fn map_into(out: &mut String, c: char, runs: &[i32], multi: &[u32]) -> bool {
    if let Some(m) = multi_lookup(multi, c) {
        push_mapped(out, m);
        return true;
    }
    if let Some(m) = run_lookup(runs, c) {
        out.push(m);
        return true;
    }
    false
}

/// Appends the full lowercase mapping of `c` (no final-sigma context).
pub fn push_lower(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if !map_into(out, c, &tables::LOWER_MAP, &tables::LOWER_MAP_MULTI) {
        out.push(c);
    }
}

/// Appends the full uppercase mapping of `c` (`ß` is `SS`).
pub fn push_upper(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_uppercase());
    } else if !map_into(out, c, &tables::UPPER_MAP, &tables::UPPER_MAP_MULTI) {
        out.push(c);
    }
}

/// Appends the full titlecase mapping of `c` (`ǆ` is `ǅ`, `ß` is `Ss`).
pub fn push_title(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_uppercase());
    } else if !map_into(out, c, &tables::TITLE_MAP, &tables::TITLE_MAP_MULTI) {
        push_upper(out, c);
    }
}

/// Appends the full case folding of `c` (`ß` is `ss`).
pub fn push_fold(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if !map_into(out, c, &tables::FOLD_MAP, &tables::FOLD_MAP_MULTI) {
        push_lower(out, c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(f: fn(&mut String, char), c: char) -> String {
        let mut s = String::new();
        f(&mut s, c);
        s
    }

    // Expected values from CPython 3.11.
    #[test]
    fn properties_match_cpython() {
        assert!(is_alpha('é') && is_alpha('ǅ') && is_alpha('ʰ') && !is_alpha('٣') && !is_alpha('Ⅷ'));
        assert!(is_decimal('٣') && !is_decimal('²') && !is_decimal('Ⅷ') && !is_decimal('一'));
        assert!(is_digit('²') && is_digit('٣') && !is_digit('½') && !is_digit('一'));
        assert!(is_numeric('½') && is_numeric('一') && is_numeric('Ⅷ') && !is_numeric('a'));
        assert_eq!(decimal_value('٣'), Some(3));
        assert_eq!(decimal_value('\u{1d7d9}'), Some(1));
        assert!(!is_printable('\u{a0}') && is_printable('é') && !is_printable('\u{200b}') && !is_printable('\n'));
        assert!(is_lower('ª') && is_lower('ʰ') && !is_lower('ǅ') && is_upper('Ⅷ') && is_title('ǅ'));
        assert!(
            is_case_ignorable('\'')
                && is_case_ignorable('\u{301}')
                && is_case_ignorable('ʰ')
                && !is_case_ignorable('a')
        );
        assert!(is_xid_start('é') && !is_xid_start('_') && !is_xid_start('1') && is_xid_continue('\u{301}'));
        assert!(is_space('\u{1f}') && is_space('\u{3000}') && !is_space('\u{200b}'));
    }

    #[test]
    fn case_mappings_match_cpython() {
        assert_eq!(map(push_upper, 'ß'), "SS");
        assert_eq!(map(push_title, 'ß'), "Ss");
        assert_eq!(map(push_fold, 'ß'), "ss");
        assert_eq!(map(push_lower, 'İ'), "i\u{307}");
        assert_eq!(map(push_upper, 'ŉ'), "ʼN");
        assert_eq!(map(push_title, 'ǆ'), "ǅ");
        assert_eq!(map(push_title, 'ǅ'), "ǅ");
        assert_eq!(map(push_upper, 'ǅ'), "Ǆ");
        assert_eq!(map(push_lower, 'Σ'), "σ");
        assert_eq!(map(push_fold, 'ς'), "σ");
        assert_eq!(map(push_upper, 'ﬃ'), "FFI");
        assert_eq!(map(push_upper, '\u{390}'), "\u{399}\u{308}\u{301}");
        assert_eq!(map(push_fold, 'Ꭰ'), "Ꭰ");
        assert_eq!(map(push_fold, 'ꭰ'), "Ꭰ");
        assert_eq!(map(push_lower, 'Ā'), "ā");
        assert_eq!(map(push_upper, 'ā'), "Ā");
        assert_eq!(map(push_upper, 'ÿ'), "Ÿ");
        assert_eq!(map(push_lower, '\u{10400}'), "\u{10428}");
        assert_eq!(map(push_upper, '一'), "一");
    }
}
