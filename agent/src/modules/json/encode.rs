//! Values to JSON text, byte for byte as CPython 3.11 writes it: its C
//! encoder for `dumps` without indentation, its Python encoder otherwise
//! (`dump`, `indent=`). The two differ where Python does: the C encoder
//! takes only real lists, tuples and dicts (a client's dict goes to
//! `default`, as with a Python server), the Python one anything that
//! `isinstance` says is one; and its NaN error names the value.

use rpyc_protocol::value::float_repr;

use crate::objects::attr;
use crate::objects::dict::Dict;
use crate::objects::list::List;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::address;
use crate::runtime::semantics::{self, bigint_text};
use crate::runtime::value::Py;

/// Nesting past which encoding stops, as CPython's recursion limit stops it.
const MAX_DEPTH: usize = 990;

/// `JSONEncoder`'s options.
#[derive(Clone)]
pub struct Options {
    pub skipkeys: bool,
    pub ensure_ascii: bool,
    pub check_circular: bool,
    pub allow_nan: bool,
    pub sort_keys: bool,
    /// The indentation unit (`' ' * indent`, or the str given).
    pub indent: Option<String>,
    pub item_separator: String,
    pub key_separator: String,
    pub default: Option<Py>,
    /// The C encoder's rules (one-shot `dumps` without indentation).
    pub c_encoder: bool,
}

/// `json.encoder.encode_basestring(_ascii)`: a JSON string literal.
pub fn quote(s: &str, ensure_ascii: bool, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (ensure_ascii && !(' '..='~').contains(&c)) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The identity of a value being encoded (CPython's `id()` in its
/// markers): agent objects by address, client objects by id, other values
/// by identity where they have one (an equal complex counts as the same).
enum Marker {
    Agent(i64),
    Client(i64),
    Value(Py),
}

impl Marker {
    fn same(&self, other: &Marker) -> bool {
        match (self, other) {
            (Marker::Agent(a), Marker::Agent(b)) | (Marker::Client(a), Marker::Client(b)) => a == b,
            (Marker::Value(Py::Complex(a, b)), Marker::Value(Py::Complex(c, d))) => {
                a.to_bits() == c.to_bits() && b.to_bits() == d.to_bits()
            }
            (Marker::Value(a), Marker::Value(b)) => a.is(b),
            _ => false,
        }
    }
}

/// Which of Python's kinds a value encodes as.
enum Kind {
    Str(String),
    Int(String),
    Float(f64),
    Array(Vec<Py>),
    Object(Vec<(Py, Py)>),
    Other,
}

pub struct Encoder<'a> {
    cx: &'a Cx,
    opts: &'a Options,
    markers: Vec<Marker>,
    depth: usize,
    pub out: String,
}

impl<'a> Encoder<'a> {
    pub fn new(cx: &'a Cx, opts: &'a Options) -> Encoder<'a> {
        Encoder { cx, opts, markers: Vec::new(), depth: 0, out: String::new() }
    }

    fn float(&self, f: f64) -> PyResult<String> {
        let text = if f.is_nan() {
            "NaN"
        } else if f == f64::INFINITY {
            "Infinity"
        } else if f == f64::NEG_INFINITY {
            "-Infinity"
        } else {
            return Ok(float_repr(f));
        };
        if !self.opts.allow_nan {
            let msg = "Out of range float values are not JSON compliant";
            return Err(exceptions::value_error(if self.opts.c_encoder {
                msg.to_owned()
            } else {
                format!("{msg}: {}", float_repr(f))
            }));
        }
        Ok(text.to_owned())
    }

    /// The kind of a value, by the encoder's rules.
    fn kind(&self, v: &Py) -> PyResult<Kind> {
        Ok(match v {
            Py::Str(s) => Kind::Str(s.to_string()),
            Py::Int(n) => Kind::Int(n.to_string()),
            Py::BigInt(n) => Kind::Int(bigint_text(n)?),
            Py::Float(f) => Kind::Float(*f),
            Py::Tuple(items) => Kind::Array(items.to_vec()),
            Py::Obj(o) => {
                if let Some(list) = o.as_any().downcast_ref::<List>() {
                    Kind::Array(list.snapshot())
                } else if let Some(dict) = o.as_any().downcast_ref::<Dict>() {
                    Kind::Object(dict.items())
                } else {
                    match o.base_value() {
                        Some(Py::Bool(b)) => Kind::Int(i64::from(b).to_string()),
                        Some(base @ (Py::Str(_) | Py::Int(_) | Py::BigInt(_) | Py::Float(_) | Py::Tuple(_))) => {
                            self.kind(&base)?
                        }
                        _ => Kind::Other,
                    }
                }
            }
            Py::Client(r) if !self.opts.c_encoder => match r.type_name() {
                "builtins.list" | "builtins.tuple" => Kind::Array(semantics::iterate(self.cx, v)?),
                "builtins.dict" => {
                    let items = attr::call_method(self.cx, v, "items", Args::default())?;
                    let mut pairs = Vec::new();
                    for pair in semantics::iterate(self.cx, &items)? {
                        let kv = semantics::iterate(self.cx, &pair)?;
                        if let [k, v] = &kv[..] {
                            pairs.push((k.clone(), v.clone()));
                        }
                    }
                    Kind::Object(pairs)
                }
                _ => Kind::Other,
            },
            _ => Kind::Other,
        })
    }

    /// The marker of a container (its identity), for circular checks.
    fn marker(v: &Py) -> Marker {
        match v {
            Py::Obj(o) => Marker::Agent(address(o)),
            Py::Client(r) => Marker::Client(r.id_pack().instance_id),
            other => Marker::Value(other.clone()),
        }
    }

    /// Enters a container (or an object given to `default`, whose
    /// recursion CPython notices in the Python call, hence the shorter
    /// message).
    fn enter(&mut self, v: &Py, container: bool) -> PyResult<bool> {
        self.depth += 1;
        let msg = if container { " while encoding a JSON object" } else { "" };
        if self.depth > MAX_DEPTH {
            return Err(exceptions::recursion_error(format!("maximum recursion depth exceeded{msg}")));
        }
        self.cx.check_stack(msg.trim_start())?;
        if !self.opts.check_circular {
            return Ok(false);
        }
        let marker = Self::marker(v);
        if self.markers.iter().any(|m| m.same(&marker)) {
            return Err(exceptions::value_error("Circular reference detected"));
        }
        self.markers.push(marker);
        Ok(true)
    }

    fn leave(&mut self, marked: bool) {
        self.depth -= 1;
        if marked {
            self.markers.pop();
        }
    }

    fn newline(&mut self, level: usize) {
        if let Some(unit) = &self.opts.indent {
            self.out.push('\n');
            for _ in 0..level {
                self.out.push_str(unit);
            }
        }
    }

    /// Encodes one value at an indentation level.
    pub fn encode(&mut self, v: &Py, level: usize) -> PyResult<()> {
        match v {
            Py::None => self.out.push_str("null"),
            Py::Bool(true) => self.out.push_str("true"),
            Py::Bool(false) => self.out.push_str("false"),
            _ => match self.kind(v)? {
                Kind::Str(s) => quote(&s, self.opts.ensure_ascii, &mut self.out),
                Kind::Int(text) => self.out.push_str(&text),
                Kind::Float(f) => {
                    let text = self.float(f)?;
                    self.out.push_str(&text);
                }
                Kind::Array(items) => self.array(v, &items, level)?,
                Kind::Object(pairs) => self.object(v, pairs, level)?,
                Kind::Other => {
                    let marker = self.enter(v, false)?;
                    let replaced = match &self.opts.default {
                        Some(f) => semantics::call(self.cx, f, Args::one(v.clone()))?,
                        None => {
                            return Err(exceptions::type_error(format!(
                                "Object of type {} is not JSON serializable",
                                semantics::type_name(v)
                            )))
                        }
                    };
                    self.encode(&replaced, level)?;
                    self.leave(marker);
                }
            },
        }
        Ok(())
    }

    fn array(&mut self, v: &Py, items: &[Py], level: usize) -> PyResult<()> {
        if items.is_empty() {
            self.out.push_str("[]");
            return Ok(());
        }
        let marker = self.enter(v, true)?;
        self.out.push('[');
        self.newline(level + 1);
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push_str(&self.opts.item_separator);
                self.newline(level + 1);
            }
            self.encode(item, level + 1)?;
        }
        self.newline(level);
        self.out.push(']');
        self.leave(marker);
        Ok(())
    }

    /// A key as JSON wants it: str, or the text of a number, bool or None;
    /// `None` when the key is skipped.
    fn key(&self, k: &Py) -> PyResult<Option<String>> {
        Ok(Some(match k {
            Py::None => "null".into(),
            Py::Bool(b) => b.to_string(),
            _ => match self.kind(k)? {
                Kind::Str(s) => s,
                Kind::Float(f) => self.float(f)?,
                Kind::Int(text) => text,
                _ if self.opts.skipkeys => return Ok(None),
                _ => {
                    return Err(exceptions::type_error(format!(
                        "keys must be str, int, float, bool or None, not {}",
                        semantics::type_name(k)
                    )))
                }
            },
        }))
    }

    fn object(&mut self, v: &Py, mut pairs: Vec<(Py, Py)>, level: usize) -> PyResult<()> {
        if pairs.is_empty() {
            self.out.push_str("{}");
            return Ok(());
        }
        let marker = self.enter(v, true)?;
        if self.opts.sort_keys {
            let mut items: Vec<Py> = pairs.into_iter().map(|(k, v)| Py::tuple(vec![k, v])).collect();
            semantics::sort_values(self.cx, &mut items, None, false)?;
            pairs = items
                .into_iter()
                .filter_map(|t| match t {
                    Py::Tuple(kv) if kv.len() == 2 => Some((kv[0].clone(), kv[1].clone())),
                    _ => None,
                })
                .collect();
        }
        self.out.push('{');
        self.newline(level + 1);
        let mut first = true;
        for (k, value) in pairs {
            let Some(key) = self.key(&k)? else { continue };
            if !first {
                self.out.push_str(&self.opts.item_separator);
                self.newline(level + 1);
            }
            first = false;
            quote(&key, self.opts.ensure_ascii, &mut self.out);
            self.out.push_str(&self.opts.key_separator);
            self.encode(&value, level + 1)?;
        }
        self.newline(level);
        self.out.push('}');
        self.leave(marker);
        Ok(())
    }
}
