//! Python source as the controller needs to see it, without parsing it
//! (the server does that): where a statement ends (brackets, strings,
//! backslashes, indented blocks), whether it is a lone expression (sent to
//! `eval`, its value shown) or statements (sent to `execute`), and which
//! names it uses. Servers differ in what they accept (`rpyc_classic` is all
//! of Python, the agent a subset that grows); this module decides nothing
//! about that, the server's `SyntaxError` does.

/// Modules imported into every session's namespace when it connects, so a
/// REPL line or `rpyctl eval` can use them at once.
pub const PRELUDE: &[&str] = &["os", "sys", "time", "platform", "subprocess", "shutil", "socket"];

/// Keywords that start a statement (never an expression).
const STATEMENT_KEYWORDS: &[&str] = &[
    "def", "class", "if", "elif", "else", "for", "while", "try", "except", "finally", "with", "import", "from",
    "return", "pass", "break", "continue", "raise", "global", "nonlocal", "del", "assert", "async", "yield", "await",
];

/// Keywords that continue the compound statement above them.
const CONTINUATION_KEYWORDS: &[&str] = &["elif", "else", "except", "finally"];

/// Operators that make an assignment at the top level.
const ASSIGNMENT_OPS: &[&str] =
    &["=", "+=", "-=", "*=", "/=", "//=", "%=", "**=", ">>=", "<<=", "&=", "|=", "^=", "@=", ":="];

/// Operators, longest first.
const OPERATORS: &[&str] = &[
    "**=", "//=", ">>=", "<<=", "...", "==", "!=", "<=", ">=", ":=", "->", "+=", "-=", "*=", "/=", "%=", "&=", "|=",
    "^=", "@=", "**", "//", "<<", ">>",
];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Name(String),
    Op(String),
    /// A string or number literal.
    Literal,
    /// The end of a logical line.
    Newline,
}

/// What a scan of some source found.
#[derive(Debug, Default)]
struct Scan {
    /// Tokens with the bracket depth they sit at.
    tokens: Vec<(Tok, usize)>,
    depth: usize,
    /// Inside a triple-quoted string at the end.
    open_string: bool,
    /// The last line ends with a backslash.
    continued: bool,
}

fn scan(src: &str) -> Scan {
    let chars: Vec<char> = src.chars().collect();
    let mut s = Scan::default();
    let mut i = 0;
    let push = |s: &mut Scan, t: Tok| {
        let depth = s.depth;
        s.tokens.push((t, depth));
    };
    while i < chars.len() {
        let c = chars[i];
        s.continued = false;
        match c {
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '\\' if chars.get(i + 1) == Some(&'\n') => {
                i += 2;
                continue;
            }
            '\\' if i + 1 == chars.len() => {
                s.continued = true;
                i += 1;
            }
            '\n' => {
                if s.depth == 0 && !matches!(s.tokens.last(), None | Some((Tok::Newline, _))) {
                    push(&mut s, Tok::Newline);
                }
                i += 1;
            }
            '(' | '[' | '{' => {
                push(&mut s, Tok::Op(c.to_string()));
                s.depth += 1;
                i += 1;
            }
            ')' | ']' | '}' => {
                s.depth = s.depth.saturating_sub(1);
                push(&mut s, Tok::Op(c.to_string()));
                i += 1;
            }
            '"' | '\'' => {
                i = string_end(&chars, i, &mut s.open_string);
                push(&mut s, Tok::Literal);
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                let is_prefix = word.len() <= 2 && word.chars().all(|c| "rRbBuUfF".contains(c));
                if is_prefix && matches!(chars.get(i), Some('"' | '\'')) {
                    i = string_end(&chars, i, &mut s.open_string);
                    push(&mut s, Tok::Literal);
                } else {
                    push(&mut s, Tok::Name(word));
                }
            }
            c if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) => {
                while i < chars.len() {
                    let d = chars[i];
                    let exponent_sign = (d == '+' || d == '-') && matches!(chars[i - 1], 'e' | 'E');
                    if d.is_alphanumeric() || d == '.' || d == '_' || exponent_sign {
                        i += 1;
                    } else {
                        break;
                    }
                }
                push(&mut s, Tok::Literal);
            }
            c if c.is_whitespace() => i += 1,
            _ => {
                let rest: String = chars[i..chars.len().min(i + 3)].iter().collect();
                let op = OPERATORS
                    .iter()
                    .find(|op| rest.starts_with(**op))
                    .map_or_else(|| c.to_string(), |o| (*o).to_owned());
                i += op.chars().count();
                push(&mut s, Tok::Op(op));
            }
        }
    }
    s
}

/// The index after the string literal whose quote is at `i`; sets `open`
/// when a triple-quoted string runs to the end.
fn string_end(chars: &[char], mut i: usize, open: &mut bool) -> usize {
    let quote = chars[i];
    let triple = chars.get(i + 1) == Some(&quote) && chars.get(i + 2) == Some(&quote);
    i += if triple { 3 } else { 1 };
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '\n' if !triple => return i,
            c if c == quote && !triple => return i + 1,
            c if c == quote && chars.get(i + 1) == Some(&quote) && chars.get(i + 2) == Some(&quote) => return i + 3,
            _ => i += 1,
        }
    }
    *open = triple;
    chars.len()
}

/// What to do with the source typed so far at an interactive prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// Nothing but blanks and comments.
    Empty,
    /// More lines are needed (open bracket or string, a backslash, a
    /// block not yet closed by an empty line).
    Incomplete,
    Complete,
}

/// Whether `src` (the lines typed so far, newline-joined) is a whole entry,
/// by the interactive rules: a block (`def f():`, `for x in y:`, a
/// decorator) ends with an empty line.
pub fn entry(src: &str) -> Entry {
    let s = scan(src);
    if s.tokens.is_empty() && !s.open_string {
        return Entry::Empty;
    }
    if s.open_string || s.depth > 0 || s.continued {
        return Entry::Incomplete;
    }
    let ends_blank = src.rsplit_once('\n').is_some_and(|(_, last)| last.trim().is_empty());
    if opens_block(&s) && !ends_blank {
        return Entry::Incomplete;
    }
    Entry::Complete
}

/// A compound statement or a decorator: the first logical line ends with
/// `:` or starts with `@`.
fn opens_block(s: &Scan) -> bool {
    let first: Vec<&Tok> = s.tokens.iter().map(|(t, _)| t).take_while(|t| **t != Tok::Newline).collect();
    matches!(first.first(), Some(Tok::Op(op)) if op == "@") || matches!(first.last(), Some(Tok::Op(op)) if op == ":")
}

/// How a complete entry is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One expression: `eval`, and its value is shown.
    Expression,
    /// Anything else: `execute`.
    Statements,
}

/// Whether `src` is a lone expression.
pub fn kind(src: &str) -> Kind {
    let s = scan(src);
    let top: Vec<&Tok> = s.tokens.iter().filter(|(_, d)| *d == 0).map(|(t, _)| t).collect();
    let body: Vec<&Tok> = match top.last() {
        Some(Tok::Newline) => top[..top.len() - 1].to_vec(),
        _ => top,
    };
    let Some(first) = body.first() else { return Kind::Statements };
    let statement_start = match first {
        Tok::Name(w) => STATEMENT_KEYWORDS.contains(&w.as_str()),
        Tok::Op(op) => op == "@",
        _ => false,
    };
    if statement_start {
        return Kind::Statements;
    }
    let mut lambdas = 0usize;
    for tok in &body {
        match tok {
            Tok::Newline => return Kind::Statements,
            Tok::Name(w) if w == "lambda" => lambdas += 1,
            Tok::Name(w) if w == "yield" || w == "await" => return Kind::Statements,
            Tok::Op(op) if op == ";" || ASSIGNMENT_OPS.contains(&op.as_str()) => return Kind::Statements,
            // A top-level colon is an annotation or a block, unless a
            // lambda's.
            Tok::Op(op) if op == ":" => {
                if lambdas == 0 {
                    return Kind::Statements;
                }
                lambdas -= 1;
            }
            _ => {}
        }
    }
    Kind::Expression
}

/// The names `src` uses (for the modules of [`PRELUDE`] it needs).
pub fn names(src: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (t, _) in scan(src).tokens {
        if let Tok::Name(n) = t {
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

/// The entries of a script, in order, each with the line it starts on:
/// statements end where the next unindented line begins (`else:`,
/// `except:` and the like continue theirs); blank and comment lines between
/// entries are dropped.
pub fn entries(script: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut pending: Vec<&str> = Vec::new();
    let mut start = 0;
    let flush = |pending: &mut Vec<&str>, start: usize, out: &mut Vec<(usize, String)>| {
        while pending.last().is_some_and(|l| l.trim().is_empty()) {
            pending.pop();
        }
        if !pending.is_empty() {
            out.push((start, pending.join("\n")));
        }
        pending.clear();
    };
    for (n, line) in script.lines().enumerate() {
        let trimmed = line.trim_start();
        let blank = trimmed.is_empty() || trimmed.starts_with('#');
        if pending.is_empty() {
            if !blank {
                pending.push(line);
                start = n + 1;
            }
            continue;
        }
        let s = scan(&pending.join("\n"));
        let closed = !s.open_string && s.depth == 0 && !s.continued;
        let continues = CONTINUATION_KEYWORDS
            .iter()
            .any(|k| trimmed.strip_prefix(k).is_some_and(|rest| rest.starts_with([':', ' ', '(']) || rest.is_empty()));
        if closed && !blank && line.len() == trimmed.len() && !continues {
            flush(&mut pending, start, &mut out);
            pending.push(line);
            start = n + 1;
        } else if !(closed && blank && !opens_block(&s)) {
            pending.push(line);
        }
    }
    flush(&mut pending, start, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_and_statements() {
        for e in [
            "1 + 1",
            "os.getcwd()",
            "x == 1",
            "f(a=1, b=2)",
            "lambda x: x",
            "{'a': 1}",
            "d[1:2]",
            "[x for x in y if x]",
            "'a = b'",
            "x  # a = 1",
            "(yield_ := 3)",
            "a <= b >= c != d",
            "print('hi')",
        ] {
            assert_eq!(kind(e), Kind::Expression, "{e}");
        }
        for s in [
            "x = 1",
            "x += 1",
            "import os",
            "from os import path",
            "del x",
            "a, b = 1, 2",
            "x: int = 3",
            "x = 1; y = 2",
            "def f():\n    return 1\n",
            "for i in range(3):\n    pass\n",
            "@decorator\ndef f(): pass\n",
            "pass",
            "x = lambda: 1",
            "d[k] = v",
            "1\n2",
        ] {
            assert_eq!(kind(s), Kind::Statements, "{s}");
        }
    }

    #[test]
    fn entries_wait_for_brackets_strings_and_blocks() {
        assert_eq!(entry("   # nothing"), Entry::Empty);
        assert_eq!(entry("os.path.join('a',"), Entry::Incomplete);
        assert_eq!(entry("os.path.join('a',\n 'b')"), Entry::Complete);
        assert_eq!(entry("s = '''one"), Entry::Incomplete);
        assert_eq!(entry("s = '''one\ntwo'''"), Entry::Complete);
        assert_eq!(entry("x = 1 + \\"), Entry::Incomplete);
        assert_eq!(entry("def f(x):"), Entry::Incomplete);
        assert_eq!(entry("def f(x):\n    return x"), Entry::Incomplete);
        assert_eq!(entry("def f(x):\n    return x\n"), Entry::Complete);
        assert_eq!(entry("d = {'a': 1}"), Entry::Complete);
        assert_eq!(entry("'#' + \"(\""), Entry::Complete);
        assert_eq!(entry("x = ')'  # ("), Entry::Complete);
    }

    #[test]
    fn scripts_split_into_entries() {
        let script = "import os\n\n# a comment\nx = [1,\n     2]\ndef f(a):\n    if a:\n        return 1\n\n    else:\n        return 2\nf(1)\ntry:\n    1/0\nexcept ZeroDivisionError:\n    pass\nx\n";
        let got: Vec<(usize, String)> = entries(script);
        let starts: Vec<usize> = got.iter().map(|(n, _)| *n).collect();
        assert_eq!(starts, vec![1, 4, 6, 12, 13, 17], "{got:#?}");
        assert_eq!(got[1].1, "x = [1,\n     2]");
        assert!(got[2].1.ends_with("return 2"), "{got:#?}");
        assert!(got[4].1.contains("except ZeroDivisionError"), "{got:#?}");
    }

    #[test]
    fn names_are_collected_once() {
        assert_eq!(names("os.path.join(os.sep, 'sys')"), vec!["os", "path", "join", "sep"]);
        assert_eq!(names("1e-5 + x1"), vec!["x1"]);
    }
}
