//! `TextWrapper`'s algorithm: whitespace munging, sentence endings, long
//! words and `max_lines` with its placeholder, step for step as
//! `Lib/textwrap.py` does it (lengths in characters).

use super::chunks;
use crate::objects::str::{char_len, expandtabs_text};
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::unicode::is_space;

/// A `TextWrapper`'s settings.
#[derive(Clone)]
pub struct Options {
    pub width: i64,
    pub initial_indent: String,
    pub subsequent_indent: String,
    pub expand_tabs: bool,
    pub replace_whitespace: bool,
    pub fix_sentence_endings: bool,
    pub break_long_words: bool,
    pub drop_whitespace: bool,
    pub break_on_hyphens: bool,
    pub tabsize: i64,
    pub max_lines: Option<i64>,
    pub placeholder: String,
}

fn len(s: &str) -> i64 {
    char_len(s) as i64
}

/// The first `n` characters of `s`, and the rest.
fn split_at_char(s: &str, n: i64) -> (&str, &str) {
    let n = n.max(0) as usize;
    let at = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    s.split_at(at)
}

/// `chunk.strip() == ''`.
fn blank(s: &str) -> bool {
    s.trim_matches(is_space).is_empty()
}

/// `sentence_end_re`: a lowercase letter, `.`/`!`/`?`, an optional quote, the end.
fn ends_sentence(chunk: &str) -> bool {
    let mut rev = chunk.chars().rev().peekable();
    if matches!(rev.peek(), Some('"' | '\'')) {
        rev.next();
    }
    matches!(rev.next(), Some('.' | '!' | '?')) && rev.next().is_some_and(|c| c.is_ascii_lowercase())
}

impl Options {
    fn munge_whitespace(&self, text: &str) -> PyResult<String> {
        let text = if self.expand_tabs { expandtabs_text(text, self.tabsize)? } else { text.to_owned() };
        Ok(if self.replace_whitespace {
            text.chars().map(|c| if chunks::is_ws(c) { ' ' } else { c }).collect()
        } else {
            text
        })
    }

    fn handle_long_word(&self, chunks: &mut Vec<String>, cur_line: &mut Vec<String>, cur_len: i64, width: i64) {
        let space_left = if width < 1 { 1 } else { width - cur_len };
        if self.break_long_words {
            let chunk = chunks.pop().unwrap_or_default();
            let mut end = space_left;
            if self.break_on_hyphens && len(&chunk) > space_left {
                let (head, _) = split_at_char(&chunk, space_left);
                if let Some(h) = head.rfind('-') {
                    let hyphen = char_len(&head[..h]) as i64;
                    if hyphen > 0 && head[..h].chars().any(|c| c != '-') {
                        end = hyphen + 1;
                    }
                }
            }
            let (taken, rest) = split_at_char(&chunk, end);
            cur_line.push(taken.to_owned());
            chunks.push(rest.to_owned());
        } else if cur_line.is_empty() {
            cur_line.extend(chunks.pop());
        }
    }

    /// `_wrap_chunks`.
    fn wrap_chunks(&self, mut chunks: Vec<String>) -> PyResult<Vec<String>> {
        if self.width <= 0 {
            return Err(exceptions::value_error(format!("invalid width {} (must be > 0)", self.width)));
        }
        if let Some(max_lines) = self.max_lines {
            let indent = if max_lines > 1 { &self.subsequent_indent } else { &self.initial_indent };
            if len(indent) + len(self.placeholder.trim_start_matches(is_space)) > self.width {
                return Err(exceptions::value_error("placeholder too large for max width"));
            }
        }
        let mut lines: Vec<String> = Vec::new();
        chunks.reverse();
        while !chunks.is_empty() {
            let mut cur_line: Vec<String> = Vec::new();
            let mut cur_len = 0i64;
            let indent = if lines.is_empty() { &self.initial_indent } else { &self.subsequent_indent };
            let width = self.width - len(indent);
            if self.drop_whitespace && chunks.last().is_some_and(|c| blank(c)) && !lines.is_empty() {
                chunks.pop();
            }
            while let Some(next) = chunks.last() {
                let l = len(next);
                if cur_len + l > width {
                    break;
                }
                cur_line.extend(chunks.pop());
                cur_len += l;
            }
            if chunks.last().is_some_and(|c| len(c) > width) {
                self.handle_long_word(&mut chunks, &mut cur_line, cur_len, width);
                cur_len = cur_line.iter().map(|c| len(c)).sum();
            }
            if self.drop_whitespace && cur_line.last().is_some_and(|c| blank(c)) {
                cur_len -= cur_line.last().map_or(0, |c| len(c));
                cur_line.pop();
            }
            if cur_line.is_empty() {
                continue;
            }
            let fits = match self.max_lines {
                None => true,
                Some(max) => {
                    (lines.len() as i64) + 1 < max
                        || ((chunks.is_empty() || (self.drop_whitespace && chunks.len() == 1 && blank(&chunks[0])))
                            && cur_len <= width)
                }
            };
            if fits {
                lines.push(format!("{indent}{}", cur_line.concat()));
                continue;
            }
            loop {
                let Some(last) = cur_line.last() else {
                    if let Some(prev) = lines.last_mut() {
                        let trimmed = prev.trim_end_matches(is_space).to_owned();
                        if len(&trimmed) + len(&self.placeholder) <= self.width {
                            *prev = trimmed + &self.placeholder;
                            break;
                        }
                    }
                    lines.push(format!("{indent}{}", self.placeholder.trim_start_matches(is_space)));
                    break;
                };
                if !blank(last) && cur_len + len(&self.placeholder) <= width {
                    cur_line.push(self.placeholder.clone());
                    lines.push(format!("{indent}{}", cur_line.concat()));
                    break;
                }
                cur_len -= len(last);
                cur_line.pop();
            }
            break;
        }
        Ok(lines)
    }

    /// `TextWrapper.wrap(text)`.
    pub fn wrap(&self, text: &str) -> PyResult<Vec<String>> {
        let mut chunks = chunks::split(&self.munge_whitespace(text)?, self.break_on_hyphens);
        if self.fix_sentence_endings {
            let mut i = 0;
            while i + 1 < chunks.len() {
                if chunks[i + 1] == " " && ends_sentence(&chunks[i]) {
                    chunks[i + 1] = "  ".to_owned();
                    i += 2;
                } else {
                    i += 1;
                }
            }
        }
        self.wrap_chunks(chunks)
    }
}
