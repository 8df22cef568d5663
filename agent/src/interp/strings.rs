//! String literals: backslash escapes, and f-strings split into text and
//! fields (each field's expression stays source for the parser).

use super::lexer::{err, FPiece, Field, SyntaxErr};

/// Splits an f-string body into text and fields.
pub fn fstring(
    body: &[char],
    raw: bool,
    (body_line, body_col): (usize, usize),
    (line, col): (usize, usize),
) -> Result<Vec<FPiece>, SyntaxErr> {
    let mut pieces = Vec::new();
    let mut text: Vec<char> = Vec::new();
    let mut k = 0;
    let flush = |text: &mut Vec<char>, pieces: &mut Vec<FPiece>| -> Result<(), SyntaxErr> {
        if !text.is_empty() {
            pieces.push(FPiece::Text(text_of(text, raw, line, col)?));
            text.clear();
        }
        Ok(())
    };
    while k < body.len() {
        let c = body[k];
        match c {
            '{' if body.get(k + 1) == Some(&'{') => {
                text.push('{');
                k += 2;
            }
            '}' if body.get(k + 1) == Some(&'}') => {
                text.push('}');
                k += 2;
            }
            '}' => return Err(err("f-string: single '}' is not allowed", line, col)),
            '\\' if !raw && k + 1 < body.len() => {
                text.extend_from_slice(&body[k..k + 2]);
                k += 2;
                if body[k - 1] == 'N' && body.get(k) == Some(&'{') {
                    while k < body.len() && body[k] != '}' {
                        text.push(body[k]);
                        k += 1;
                    }
                }
            }
            '{' => {
                flush(&mut text, &mut pieces)?;
                let (fline, fcol) = match body[..=k].iter().rposition(|ch| *ch == '\n') {
                    Some(n) => (body_line + body[..=n].iter().filter(|ch| **ch == '\n').count(), k - n + 1),
                    None => (body_line, body_col + k + 1),
                };
                let (field, next) = field(body, k + 1, fline, fcol, (line, col), 0)?;
                pieces.push(FPiece::Field(field));
                k = next;
            }
            _ => {
                text.push(c);
                k += 1;
            }
        }
    }
    flush(&mut text, &mut pieces)?;
    Ok(pieces)
}

/// Scans one f-string field starting after its `{`; returns it and the
/// index after its `}`.
fn field(
    body: &[char],
    from: usize,
    line: usize,
    col: usize,
    at: (usize, usize),
    nesting: usize,
) -> Result<(Field, usize), SyntaxErr> {
    let fail = |msg: &str| err(format!("f-string: {msg}"), at.0, at.1);
    let mut depth = 0usize;
    let mut k = from;
    let mut quote: Option<char> = None;
    let mut expr_end = None;
    let mut debug = None;
    while k < body.len() {
        let c = body[k];
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            k += 1;
            continue;
        }
        let next = body.get(k + 1).copied();
        match c {
            '\'' | '"' => quote = Some(c),
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth > 0 => depth -= 1,
            '\\' => return Err(fail("expression part cannot include a backslash")),
            '#' => return Err(fail("expression part cannot include '#'")),
            // Inside brackets `:`, `!` and `=` belong to the expression
            // (`{(lambda: 5)()}`, `{f(x=1)}`).
            _ if depth > 0 => {}
            '}' | ':' => break,
            '!' if next != Some('=') => break,
            '=' if next != Some('=') && !matches!(body.get(k.wrapping_sub(1)), Some('=' | '!' | '<' | '>')) => {
                expr_end = Some(k);
                k += 1;
                while body.get(k).is_some_and(|c| c.is_whitespace()) {
                    k += 1;
                }
                debug = Some(body[from..k].iter().collect::<String>());
                break;
            }
            _ => {}
        }
        k += 1;
    }
    let src: String = body[from..expr_end.unwrap_or(k)].iter().collect();
    if src.trim().is_empty() {
        return Err(fail("empty expression not allowed"));
    }
    let mut conv = None;
    if body.get(k) == Some(&'!') {
        match body.get(k + 1) {
            Some(c @ ('r' | 's' | 'a')) => conv = Some(*c),
            _ => return Err(fail("invalid conversion character: expected 's', 'r', or 'a'")),
        }
        k += 2;
    }
    let mut spec = Vec::new();
    if body.get(k) == Some(&':') {
        k += 1;
        let mut text = String::new();
        while k < body.len() && body[k] != '}' {
            if body[k] == '{' {
                if nesting >= 1 {
                    return Err(fail("expressions nested too deeply"));
                }
                if !text.is_empty() {
                    spec.push(FPiece::Text(std::mem::take(&mut text)));
                }
                let (inner, next) = field(body, k + 1, line, col + (k - from) + 1, at, nesting + 1)?;
                spec.push(FPiece::Field(inner));
                k = next;
                continue;
            }
            text.push(body[k]);
            k += 1;
        }
        if !text.is_empty() {
            spec.push(FPiece::Text(text));
        }
    }
    if body.get(k) != Some(&'}') {
        return Err(fail("expecting '}'"));
    }
    Ok((Field { src, line, col, debug, conv, spec }, k + 1))
}

pub fn text_of(body: &[char], raw: bool, line: usize, col: usize) -> Result<String, SyntaxErr> {
    if raw {
        return Ok(body.iter().collect());
    }
    unescape(body, false, line, col)?
        .into_iter()
        .map(|c| {
            char::from_u32(c).ok_or_else(|| {
                err(format!("rpyc-agent cannot represent the lone surrogate \\u{c:04x} in a str"), line, col)
            })
        })
        .collect()
}

/// Decodes backslash escapes to code points (bytes when `bytes`).
pub fn unescape(body: &[char], bytes: bool, line: usize, col: usize) -> Result<Vec<u32>, SyntaxErr> {
    let codec = if bytes { "(value error)" } else { "(unicode error) 'unicodeescape' codec can't decode bytes:" };
    let mut out = Vec::with_capacity(body.len());
    let mut k = 0;
    while k < body.len() {
        let c = body[k];
        k += 1;
        if c != '\\' || k >= body.len() {
            out.push(c as u32);
            continue;
        }
        let e = body[k];
        k += 1;
        let simple = match e {
            '\n' => None,
            '\r' => {
                if body.get(k) == Some(&'\n') {
                    k += 1;
                }
                None
            }
            '\\' | '\'' | '"' => Some(e as u32),
            'a' => Some(7),
            'b' => Some(8),
            'f' => Some(12),
            'n' => Some(10),
            'r' => Some(13),
            't' => Some(9),
            'v' => Some(11),
            '0'..='7' => {
                let mut v = e as u32 - '0' as u32;
                for _ in 0..2 {
                    match body.get(k) {
                        Some(d @ '0'..='7') => {
                            v = v * 8 + (*d as u32 - '0' as u32);
                            k += 1;
                        }
                        _ => break,
                    }
                }
                Some(if bytes { v & 0xff } else { v })
            }
            'x' | 'u' | 'U' if e == 'x' || !bytes => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let hex: String = body.iter().skip(k).take(n).collect();
                if hex.len() != n || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                    let what = match e {
                        'x' => "truncated \\xXX escape",
                        'u' => "truncated \\uXXXX escape",
                        _ => "truncated \\UXXXXXXXX escape",
                    };
                    return Err(err(format!("{codec} {what}"), line, col));
                }
                k += n;
                let v = u32::from_str_radix(&hex, 16).unwrap_or(0);
                if v > 0x10ffff {
                    return Err(err(format!("{codec} illegal Unicode character"), line, col));
                }
                Some(v)
            }
            'N' if !bytes => {
                return Err(err(
                    "(unicode error) \\N{...} escapes (Unicode character names) are not supported by rpyc-agent",
                    line,
                    col,
                ))
            }
            other => {
                out.push('\\' as u32);
                Some(other as u32)
            }
        };
        out.extend(simple);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::lexer::{tokenize, Lit, Tok};
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        tokenize(src, 1, 1, false).map(|t| t.into_iter().map(|t| t.tok).collect()).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn fails(src: &str) -> SyntaxErr {
        tokenize(src, 1, 1, false).expect_err(src)
    }

    #[test]
    fn strings_and_escapes() {
        assert_eq!(toks(r#"'a\n\x41\101\u00e9\U0001F600\q'"#)[0], Tok::Str(Lit::Text("a\nAAé😀\\q".into())));
        assert_eq!(toks(r"r'a\n\''")[0], Tok::Str(Lit::Text(r"a\n\'".into())));
        assert_eq!(toks(r"b'\xff\x00a'")[0], Tok::Str(Lit::Bytes(vec![255, 0, b'a'])));
        assert_eq!(toks("'''a\nb'''")[0], Tok::Str(Lit::Text("a\nb".into())));
        assert_eq!(toks("\"it's\"")[0], Tok::Str(Lit::Text("it's".into())));
        assert_eq!(fails("'abc").msg, "unterminated string literal (detected at line 1)");
        assert_eq!(fails("'''abc\n").msg, "unterminated triple-quoted string literal (detected at line 2)");
        assert_eq!(fails("b'é'").msg, "bytes can only contain ASCII literal characters");
        assert!(fails(r"'\x4'").msg.contains("truncated \\xXX escape"));
    }

    #[test]
    fn fstrings() {
        let Tok::Str(Lit::F(pieces)) = &toks("f'a{x!r:>4}{{b}}{y=}'")[0] else { panic!() };
        assert_eq!(pieces[0], FPiece::Text("a".into()));
        let FPiece::Field(f) = &pieces[1] else { panic!() };
        assert_eq!(
            (f.src.as_str(), f.conv, f.spec.clone(), f.col),
            ("x", Some('r'), vec![FPiece::Text(">4".into())], 5)
        );
        assert_eq!(pieces[2], FPiece::Text("{b}".into()));
        let FPiece::Field(f) = &pieces[3] else { panic!() };
        assert_eq!((f.src.as_str(), f.debug.as_deref()), ("y", Some("y=")));
        let Tok::Str(Lit::F(pieces)) = &toks("f'{a[\"k\"] != 1}'")[0] else { panic!() };
        assert!(matches!(&pieces[0], FPiece::Field(f) if f.src == "a[\"k\"] != 1"));
        assert_eq!(fails("f'{}'").msg, "f-string: empty expression not allowed");
        assert_eq!(fails("f'}'").msg, "f-string: single '}' is not allowed");
        assert_eq!(fails("f'{x'").msg, "f-string: expecting '}'");
    }
}
