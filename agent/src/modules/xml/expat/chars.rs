//! Which characters XML allows where, as expat decides it, and positions
//! as expat reports them (line from 1; column from 0, counted in
//! characters; `\r\n`, `\r` and `\n` each end a line).

/// A character XML 1.0 allows in a document (`Char`): the text is already
/// a Rust string, so no surrogates; left are the C0 controls but tab, line
/// feed and carriage return, and U+FFFE/U+FFFF.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Combining marks and extenders that XML 1.0 (4th edition, appendix B,
/// which expat follows) allows after the first character of a name.
fn is_name_extra(c: char) -> bool {
    matches!(c,
        '\u{B7}' | '\u{2D0}' | '\u{2D1}' | '\u{387}' | '\u{640}' | '\u{E46}' | '\u{EC6}' | '\u{3005}'
        | '\u{300}'..='\u{36F}' | '\u{483}'..='\u{486}' | '\u{591}'..='\u{5C4}' | '\u{64B}'..='\u{652}'
        | '\u{670}' | '\u{6D6}'..='\u{6ED}' | '\u{901}'..='\u{94D}' | '\u{951}'..='\u{954}'
        | '\u{962}'..='\u{963}' | '\u{981}'..='\u{9CD}' | '\u{E31}'..='\u{E3A}' | '\u{E47}'..='\u{E4E}'
        | '\u{20D0}'..='\u{20E1}' | '\u{302A}'..='\u{302F}' | '\u{3031}'..='\u{3035}' | '\u{3099}'..='\u{309E}'
        | '\u{30FC}'..='\u{30FE}')
}

/// A character that may start a name (`:` included: namespaces are
/// checked separately). Expat takes no character beyond the BMP in names.
pub fn is_name_start(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '_' | ':' => true,
        '\0'..='\u{7F}' => false,
        '\u{D7}' | '\u{F7}' => false,
        '\u{80}'..='\u{FFFF}' => c.is_alphabetic() && !is_name_extra(c),
        _ => false,
    }
}

/// A character that may follow the first one in a name.
pub fn is_name_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' | '_' | ':' | '.' | '-' => true,
        '\0'..='\u{7F}' => false,
        '\u{D7}' | '\u{F7}' => false,
        '\u{80}'..='\u{FFFF}' => c.is_alphanumeric() || is_name_extra(c),
        _ => false,
    }
}

/// XML's white space.
pub fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// The length in bytes of the name at the start of `s` (0: none).
pub fn name_len(s: &str) -> usize {
    let mut chars = s.char_indices();
    match chars.next() {
        Some((_, c)) if is_name_start(c) => {}
        _ => return 0,
    }
    chars.find(|&(_, c)| !is_name_char(c)).map_or(s.len(), |(i, _)| i)
}

/// Whether `s` is one name.
pub fn is_name(s: &str) -> bool {
    !s.is_empty() && name_len(s) == s.len()
}

/// The offset of the first character of `s` (from `from`) that is not
/// white space.
pub fn skip_space(s: &str, from: usize) -> usize {
    s[from..].find(|c: char| !is_space(c)).map_or(s.len(), |i| from + i)
}

/// Expat's (line, column) of a byte offset of `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut line = 1;
    let mut col = 0;
    let mut prev_cr = false;
    for c in text[..offset].chars() {
        match c {
            '\n' if prev_cr => {}
            '\n' | '\r' => {
                line += 1;
                col = 0;
            }
            _ => col += 1,
        }
        prev_cr = c == '\r';
    }
    (line, col)
}

/// Text with XML's line ends (`\r\n`, `\r`) made `\n`, as expat passes
/// character data on.
pub fn normalize_newlines(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains('\r') {
        std::borrow::Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_positions() {
        assert!(is_name("a:b-c.d_1"));
        assert!(is_name("é"));
        assert!(!is_name("1a"));
        assert!(!is_name("a b"));
        assert!(!is_name("\u{1F600}"));
        assert_eq!(name_len("abc def"), 3);
        assert_eq!(line_col("ab\r\ncd\ré", 9), (3, 1));
        assert_eq!(line_col("<a>é</b>", 7), (1, 6));
        assert!(!is_xml_char('\u{1}') && !is_xml_char('\u{FFFE}') && is_xml_char('\u{10000}'));
    }
}
