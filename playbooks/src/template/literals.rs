//! String literals inside Jinja as ansible-core 2.19 reads them: backslashes are kept as
//! written (`'\2'` stays backslash-two, `'a\nb'` stays backslash-n), where minijinja (like
//! plain Jinja2) would turn escapes into characters. Before minijinja sees a template, each
//! backslash inside a string literal of a `{{ }}`/`{% %}` block is doubled, so minijinja's
//! unescaping gives back exactly what was written.

use std::borrow::Cow;

/// Escapes backslashes in string literals of `src`; `expression` says `src` is a bare
/// expression (a conditional) rather than a template.
pub(crate) fn keep_backslashes(src: &str, expression: bool) -> Cow<'_, str> {
    if !src.contains('\\') {
        return Cow::Borrowed(src);
    }
    let chars: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len() + 8);
    let mut in_code = expression;
    let mut quote: Option<char> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if !expression && quote.is_none() {
            if !in_code && c == '{' && matches!(next, Some('{' | '%')) {
                in_code = true;
                out.push(c);
                out.extend(next);
                i += 2;
                continue;
            }
            if in_code && matches!(c, '}' | '%') && next == Some('}') {
                in_code = false;
                out.push(c);
                out.push('}');
                i += 2;
                continue;
            }
        }
        match quote {
            Some(q) if c == '\\' => {
                out.push_str("\\\\");
                if let Some(n) = next {
                    if n == q || n == '\\' {
                        out.push('\\');
                    }
                    out.push(n);
                    i += 1;
                }
            }
            Some(q) if c == q => {
                quote = None;
                out.push(c);
            }
            None if in_code && (c == '\'' || c == '"') => {
                quote = Some(c);
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_backslashes_in_literals_only() {
        assert_eq!(keep_backslashes(r"a\b {{ 'x\2' }}", false), r"a\b {{ 'x\\2' }}");
        assert_eq!(keep_backslashes(r"{{ 'it\'s' ~ 'a\\b' }}", false), r"{{ 'it\\\'s' ~ 'a\\\\b' }}");
        assert_eq!(keep_backslashes(r"x is match('\d+')", true), r"x is match('\\d+')");
        assert_eq!(keep_backslashes("plain", false), "plain");
    }
}
