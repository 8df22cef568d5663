//! Python's `str` rules that the text modules (`string`, `textwrap`,
//! `shlex`) need: what `str.isspace()` calls whitespace, `split()`,
//! `strip()`, `splitlines()`, `expandtabs()` and `capitalize()`.

/// `str.isspace()` for one character: Unicode's White_Space characters
/// plus the four information separators Python counts (`\x1c`-`\x1f`).
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// `s.split()`: runs of whitespace separate, none at the ends.
pub fn split_whitespace(s: &str) -> Vec<&str> {
    s.split(is_space).filter(|w| !w.is_empty()).collect()
}

/// `s.strip()`.
pub fn strip(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// Whether `c` ends a line for `str.splitlines()`.
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// `s.splitlines(keepends=True)`.
pub fn splitlines_keepends(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if is_line_break(c) {
            let mut end = i + c.len_utf8();
            if c == '\r' {
                if let Some(&(j, '\n')) = it.peek() {
                    end = j + 1;
                    it.next();
                }
            }
            out.push(&s[start..end]);
            start = end;
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// `s.expandtabs(tabsize)`: the column restarts after `\n` and `\r`.
pub fn expandtabs(s: &str, tabsize: i64) -> String {
    let mut out = String::with_capacity(s.len());
    let mut column: i64 = 0;
    for c in s.chars() {
        match c {
            '\t' => {
                if tabsize > 0 {
                    let n = tabsize - column % tabsize;
                    out.extend(std::iter::repeat_n(' ', n as usize));
                    column += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                column = 0;
            }
            _ => {
                out.push(c);
                column += 1;
            }
        }
    }
    out
}

/// `s.capitalize()`: the first character in title case, the rest lower.
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    let Some(first) = chars.next() else { return String::new() };
    let mut out: String = match first {
        // The digraphs whose title case is not their upper case.
        'Ǆ' | 'ǅ' | 'ǆ' => "ǅ".to_owned(),
        'Ǉ' | 'ǈ' | 'ǉ' => "ǈ".to_owned(),
        'Ǌ' | 'ǋ' | 'ǌ' => "ǋ".to_owned(),
        'Ǳ' | 'ǲ' | 'ǳ' => "ǲ".to_owned(),
        c => c.to_uppercase().collect(),
    };
    out.extend(chars.flat_map(char::to_lowercase));
    out
}

/// Length in characters (`len(s)`).
pub fn len(s: &str) -> usize {
    s.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_string_rules() {
        assert_eq!(split_whitespace(" a\x1cb \u{3000}c  "), vec!["a", "b", "c"]);
        assert_eq!(splitlines_keepends("a\r\nb\rc\n\nd"), vec!["a\r\n", "b\r", "c\n", "\n", "d"]);
        assert_eq!(expandtabs("a\tbc\td\n\te", 4), "a   bc  d\n    e");
        assert_eq!(capitalize("hELLO wORLD"), "Hello world");
        assert_eq!(capitalize("ǆemal"), "ǅemal");
        assert_eq!(strip("\t x \n"), "x");
    }
}
