//! The document type declaration: its name, external identifier and
//! internal subset, of which the parser uses the entity declarations
//! (`<!ENTITY name "text">`; external ones are recorded, never read) and
//! the notations; element and attribute-list declarations are checked
//! for their quoting and passed over, as a non-validating parser may.

use super::chars::{is_space, name_len, skip_space};
use super::error::Code;
use super::markup::{check_chars, Fail};

/// `<!DOCTYPE ...>`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Doctype {
    pub name: String,
    pub public_id: Option<String>,
    pub system_id: Option<String>,
    /// The text between `[` and `]`, as written.
    pub internal_subset: Option<String>,
    pub entities: Vec<EntityDecl>,
    /// (name, public id, system id).
    pub notations: Vec<(String, Option<String>, Option<String>)>,
    /// The subset refers to parameter entities (so, as for an external
    /// subset, an undeclared entity is not an error).
    pub has_param_refs: bool,
}

/// `<!ENTITY [%] name ...>`.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityDecl {
    pub name: String,
    pub parameter: bool,
    /// The replacement text of an internal entity (character references
    /// in the literal already replaced).
    pub value: Option<String>,
    pub public_id: Option<String>,
    pub system_id: Option<String>,
    /// `NDATA name`: an unparsed entity.
    pub notation: Option<String>,
}

struct Cursor<'a> {
    s: &'a str,
    i: usize,
    /// Offset of `s` in the document.
    base: usize,
}

impl<'a> Cursor<'a> {
    fn bad(&self) -> Fail {
        (Code::InvalidToken, self.base + self.i)
    }
    fn rest(&self) -> &'a str {
        &self.s[self.i..]
    }
    fn space(&mut self) -> bool {
        let j = skip_space(self.s, self.i);
        let moved = j > self.i;
        self.i = j;
        moved
    }
    fn name(&mut self) -> Result<String, Fail> {
        let n = name_len(self.rest());
        if n == 0 {
            return Err(self.bad());
        }
        let name = self.rest()[..n].to_owned();
        self.i += n;
        Ok(name)
    }
    fn literal(&mut self) -> Result<String, Fail> {
        let q = match self.rest().chars().next() {
            Some(q @ ('"' | '\'')) => q,
            _ => return Err(self.bad()),
        };
        let start = self.i + 1;
        let Some(len) = self.s[start..].find(q) else { return Err((Code::UnclosedToken, self.base + self.i)) };
        self.i = start + len + 1;
        Ok(self.s[start..start + len].to_owned())
    }
    fn eat(&mut self, word: &str) -> bool {
        if self.rest().starts_with(word) {
            self.i += word.len();
            true
        } else {
            false
        }
    }
    /// `SYSTEM "sys"` or `PUBLIC "pub" "sys"` (the system literal optional
    /// when `public_only` may end it, as in a notation).
    fn external_id(&mut self, public_only: bool) -> Result<(Option<String>, Option<String>), Fail> {
        if self.eat("SYSTEM") {
            if !self.space() {
                return Err(self.bad());
            }
            return Ok((None, Some(self.literal()?)));
        }
        if self.eat("PUBLIC") {
            if !self.space() {
                return Err(self.bad());
            }
            let at = self.i;
            let public = self.literal()?;
            if let Some(k) = public.find(|c: char| !is_pubid_char(c)) {
                return Err((Code::Publicid, self.base + at + 1 + k));
            }
            let spaced = self.space();
            if public_only && self.rest().starts_with('>') {
                return Ok((Some(public), None));
            }
            if !spaced {
                return Err(self.bad());
            }
            return Ok((Some(public), Some(self.literal()?)));
        }
        Ok((None, None))
    }
}

fn is_pubid_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || " \r\n-'()+,./:=?;!*#@$_%".contains(c)
}

/// Character references of an entity's literal replaced; `&name;`
/// references stay for expansion where the entity is used.
fn entity_value(raw: &str, at: usize) -> Result<String, Fail> {
    check_chars(raw, at)?;
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    let mut pos = at;
    while let Some(k) = rest.find(['&', '%']) {
        out.push_str(&rest[..k]);
        let tail = &rest[k..];
        let end = tail.find(';').ok_or((Code::InvalidToken, pos + k + 1))?;
        let reference = &tail[..=end];
        if tail.starts_with('%') {
            return Err((Code::InvalidToken, pos + k));
        }
        if let Some(num) = reference.strip_prefix("&#") {
            let c = super::document::char_ref(&num[..num.len() - 1], pos + k)?;
            out.push(c);
        } else {
            out.push_str(reference);
        }
        rest = &tail[end + 1..];
        pos += k + end + 1;
    }
    out.push_str(rest);
    Ok(out)
}

/// `<!DOCTYPE ...>` (the whole declaration) at offset `at`.
pub fn doctype(tag: &str, at: usize) -> Result<Doctype, Fail> {
    let body = tag.strip_suffix('>').unwrap_or(tag);
    let mut c = Cursor { s: body, i: 0, base: at };
    if !c.eat("<!DOCTYPE") {
        c.i = 2;
        return Err(c.bad());
    }
    let spaced = c.space();
    if !spaced || c.i == body.len() {
        return Err(c.bad());
    }
    let mut dt = Doctype { name: c.name()?, ..Doctype::default() };
    if c.space() {
        let (public, system) = c.external_id(false)?;
        dt.public_id = public;
        dt.system_id = system;
        c.space();
    }
    if c.eat("[") {
        let start = c.i;
        internal_subset(&mut c, &mut dt)?;
        dt.internal_subset = Some(body[start..c.i - 1].to_owned());
        c.space();
    }
    if c.i != body.len() {
        return Err(c.bad());
    }
    Ok(dt)
}

/// The declarations up to and including the closing `]`.
fn internal_subset(c: &mut Cursor<'_>, dt: &mut Doctype) -> Result<(), Fail> {
    loop {
        c.space();
        let rest = c.rest();
        if rest.is_empty() {
            return Err((Code::UnclosedToken, c.base + c.i));
        }
        if c.eat("]") {
            return Ok(());
        }
        if rest.starts_with('%') {
            c.i += 1;
            c.name()?;
            if !c.eat(";") {
                return Err(c.bad());
            }
            dt.has_param_refs = true;
            continue;
        }
        if let Some(body) = rest.strip_prefix("<!--") {
            let Some(end) = body.find("--") else { return Err((Code::UnclosedToken, c.base + c.i)) };
            if !body[end..].starts_with("-->") {
                return Err((Code::InvalidToken, c.base + c.i + 4 + end + 2));
            }
            check_chars(&body[..end], c.base + c.i + 4)?;
            c.i += 4 + end + 3;
            continue;
        }
        if rest.starts_with("<?") {
            let Some(end) = rest.find("?>") else { return Err((Code::UnclosedToken, c.base + c.i)) };
            super::markup::pi(&rest[..end + 2], c.base + c.i)?;
            c.i += end + 2;
            continue;
        }
        if !rest.starts_with("<!") {
            return Err(c.bad());
        }
        let decl_at = c.i;
        c.i += 2;
        let keyword = c.name().map_err(|_| (Code::InvalidToken, c.base + decl_at + 2))?;
        match keyword.as_str() {
            "ENTITY" => entity(c, dt)?,
            "NOTATION" => {
                if !c.space() {
                    return Err(c.bad());
                }
                let name = c.name()?;
                if !c.space() {
                    return Err(c.bad());
                }
                let (public, system) = c.external_id(true)?;
                if public.is_none() && system.is_none() {
                    return Err(c.bad());
                }
                dt.notations.push((name, public, system));
            }
            "ELEMENT" | "ATTLIST" => skip_decl(c)?,
            _ => return Err((Code::InvalidToken, c.base + c.i)),
        }
        c.space();
        if !c.eat(">") {
            return Err(c.bad());
        }
    }
}

/// An element or attribute-list declaration's body, up to its `>`.
fn skip_decl(c: &mut Cursor<'_>) -> Result<(), Fail> {
    while let Some(ch) = c.rest().chars().next() {
        match ch {
            '>' => return Ok(()),
            '"' | '\'' => {
                c.literal()?;
            }
            _ => c.i += ch.len_utf8(),
        }
    }
    Err((Code::UnclosedToken, c.base + c.i))
}

fn entity(c: &mut Cursor<'_>, dt: &mut Doctype) -> Result<(), Fail> {
    if !c.space() {
        return Err(c.bad());
    }
    let parameter = c.rest().starts_with('%') && c.rest()[1..].starts_with(is_space);
    if parameter {
        c.i += 1;
        c.space();
    }
    let name = c.name()?;
    if !c.space() {
        return Err(c.bad());
    }
    let mut decl = EntityDecl { name, parameter, value: None, public_id: None, system_id: None, notation: None };
    if c.rest().starts_with(['"', '\'']) {
        let at = c.base + c.i + 1;
        let raw = c.literal()?;
        decl.value = Some(entity_value(&raw, at)?);
    } else {
        let (public, system) = c.external_id(false)?;
        if system.is_none() {
            return Err(c.bad());
        }
        decl.public_id = public;
        decl.system_id = system;
        let spaced = c.space();
        if spaced && c.eat("NDATA") {
            if parameter || !c.space() {
                return Err(c.bad());
            }
            decl.notation = Some(c.name()?);
        }
    }
    // The first declaration of a name is the one that counts.
    if !dt.entities.iter().any(|e| e.name == decl.name && e.parameter == decl.parameter) {
        dt.entities.push(decl);
    }
    Ok(())
}
