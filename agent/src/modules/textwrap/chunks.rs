//! Splitting text into `TextWrapper`'s chunks: a port of its `wordsep_re`
//! (whitespace runs; em-dashes between words; words, broken after the
//! hyphens of hyphenated words) with the same lookbehinds and lookaheads,
//! so the chunks are CPython's.

/// `textwrap._whitespace`: only ASCII whitespace separates words.
pub fn is_ws(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0b' | '\x0c' | '\r' | ' ')
}

/// `\w`.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `[^\d\W]`: a word character that is not a digit.
fn is_letter(c: char) -> bool {
    is_word(c) && !c.is_numeric()
}

/// `[\w!"'&.,?]`: what may precede an em-dash.
fn is_word_punct(c: char) -> bool {
    is_word(c) || matches!(c, '!' | '"' | '\'' | '&' | '.' | ',' | '?')
}

fn at(t: &[char], i: usize, test: fn(char) -> bool) -> bool {
    t.get(i).copied().is_some_and(test)
}

/// Length of the run of `-` starting at `i`.
fn dashes(t: &[char], i: usize) -> usize {
    t[i.min(t.len())..].iter().take_while(|&&c| c == '-').count()
}

/// `(?<=wp) -{2,} (?=\w)` at `i`: the em-dash's length.
fn em_dash(t: &[char], i: usize) -> Option<usize> {
    let n = dashes(t, i);
    (i > 0 && is_word_punct(t[i - 1]) && n >= 2 && at(t, i + n, is_word)).then_some(n)
}

/// The end of the word starting at `i` (the lazy `[^ws]+?` and its three
/// ways to stop).
fn word_end(t: &[char], i: usize) -> usize {
    for j in i + 1..=t.len() {
        // A hyphen inside a hyphenated word: `-(?:(?<=lt{2}-)|(?<=lt-lt-))(?=lt-?lt)`.
        if t.get(j) == Some(&'-') {
            let behind = (j >= 2 && is_letter(t[j - 2]) && is_letter(t[j - 1]))
                || (j >= 3 && is_letter(t[j - 3]) && t[j - 2] == '-' && is_letter(t[j - 1]));
            let ahead = at(t, j + 1, is_letter)
                && ((t.get(j + 2) == Some(&'-') && at(t, j + 3, is_letter)) || at(t, j + 2, is_letter));
            if behind && ahead {
                return j + 1;
            }
        }
        // The end of the word: `(?=ws|\Z)`.
        if j == t.len() || is_ws(t[j]) {
            return j;
        }
        // Before an em-dash: `(?<=wp)(?=-{2,}\w)`.
        if is_word_punct(t[j - 1]) && dashes(t, j) >= 2 && at(t, j + dashes(t, j), is_word) {
            return j;
        }
    }
    t.len()
}

/// `TextWrapper._split`: the chunks of the text (none empty).
pub fn split(text: &str, break_on_hyphens: bool) -> Vec<String> {
    let t: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let end = if is_ws(t[i]) {
            i + t[i..].iter().take_while(|&&c| is_ws(c)).count()
        } else if !break_on_hyphens {
            i + t[i..].iter().take_while(|&&c| !is_ws(c)).count()
        } else if let Some(n) = em_dash(&t, i) {
            i + n
        } else {
            word_end(&t, i)
        };
        out.push(t[i..end].iter().collect());
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn chunks_as_cpython_splits_them() {
        // TextWrapper()._split(...) in CPython 3.11.
        assert_eq!(
            super::split("Look, goof-ball -- use the -b option!", true),
            vec!["Look,", " ", "goof-", "ball", " ", "--", " ", "use", " ", "the", " ", "-b", " ", "option!"]
        );
        assert_eq!(
            super::split("Look, goof-ball -- use the -b option!", false),
            vec!["Look,", " ", "goof-ball", " ", "--", " ", "use", " ", "the", " ", "-b", " ", "option!"]
        );
        assert_eq!(
            super::split("this--that e-mail a-b-c", true),
            vec!["this", "--", "that", " ", "e-mail", " ", "a-b-c"]
        );
    }
}
