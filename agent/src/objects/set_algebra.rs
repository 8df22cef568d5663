//! The set algebra as CPython's `setobject.c` computes it: which operand
//! is iterated, which table is copied, where the members are added — so a
//! result iterates in the order CPython's would (`{7, 15, 23, 31} & {31,
//! 23, 7}` shows `{31, 23, 7}`).
//!
//! Everything here works on tables owned by the caller (snapshots of the
//! operands), never under a set's lock, so `==` of members may call out.

use super::dict::Dict;
use super::hashtable::SetTable;
use super::set::Set;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::PyResult;
use crate::runtime::semantics;
use crate::runtime::value::Py;

/// `==` between members, for tables nobody else holds.
fn eq_of(cx: &Cx) -> impl FnMut(&Py, &Py) -> PyResult<bool> + '_ {
    move |a: &Py, b: &Py| semantics::eq(cx, a, b)
}

pub fn add(cx: &Cx, t: &mut SetTable, key: Py) -> PyResult<bool> {
    let hash = semantics::hash(cx, &key)?;
    t.add(hash, key, &mut eq_of(cx))
}

pub fn discard(cx: &Cx, t: &mut SetTable, key: &Py) -> PyResult<bool> {
    let hash = semantics::hash(cx, key)?;
    Ok(t.discard(hash, key, &mut eq_of(cx))?.is_some())
}

pub fn contains(cx: &Cx, t: &SetTable, key: &Py) -> PyResult<bool> {
    let hash = semantics::hash(cx, key)?;
    t.contains(hash, key, &mut eq_of(cx))
}

/// What an operand offers the algebra: another set's table (copied), a
/// dict's keys with their hashes, or any iterable's items.
enum Operand {
    Set(SetTable),
    Dict(Vec<(i64, Py)>),
    Items(Vec<Py>),
}

fn operand(cx: &Cx, v: &Py) -> PyResult<Operand> {
    if let Some(s) = v.downcast::<Set>() {
        return Ok(Operand::Set(s.snapshot()));
    }
    if let Some(d) = v.downcast::<Dict>() {
        return d
            .keys()
            .into_iter()
            .map(|k| Ok((semantics::hash(cx, &k)?, k)))
            .collect::<PyResult<_>>()
            .map(Operand::Dict);
    }
    Ok(Operand::Items(semantics::iterate(cx, v)?))
}

impl Operand {
    fn len(&self) -> usize {
        match self {
            Operand::Set(t) => t.len(),
            Operand::Dict(keys) => keys.len(),
            Operand::Items(items) => items.len(),
        }
    }

    /// Members with their hashes, in the operand's order.
    fn members(&self, cx: &Cx) -> PyResult<Vec<(i64, Py)>> {
        match self {
            Operand::Set(t) => Ok(t.iter().map(|(h, k)| (h, k.clone())).collect()),
            Operand::Dict(keys) => Ok(keys.clone()),
            Operand::Items(items) => items.iter().map(|k| Ok((semantics::hash(cx, k)?, k.clone()))).collect(),
        }
    }

    /// A set table of the operand (`make_new_set` from it).
    fn into_table(self, cx: &Cx) -> PyResult<SetTable> {
        let mut t = SetTable::default();
        update_with(cx, &mut t, self)?;
        Ok(t)
    }

    fn has(&self, cx: &Cx, key: &Py, hash: i64) -> PyResult<bool> {
        match self {
            Operand::Set(t) => t.contains(hash, key, &mut eq_of(cx)),
            Operand::Dict(keys) => {
                for (h, k) in keys {
                    if *h == hash && (k.is(key) || semantics::eq(cx, k, key)?) {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Operand::Items(items) => {
                for k in items {
                    if k.is(key) || semantics::eq(cx, k, key)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }
}

/// `set_update_internal`.
fn update_with(cx: &Cx, t: &mut SetTable, other: Operand) -> PyResult<()> {
    match other {
        Operand::Set(o) => t.merge(&o, &mut eq_of(cx)),
        Operand::Dict(keys) => {
            t.reserve_for(keys.len());
            for (h, k) in keys {
                t.add(h, k, &mut eq_of(cx))?;
            }
            Ok(())
        }
        Operand::Items(items) => {
            for k in items {
                add(cx, t, k)?;
            }
            Ok(())
        }
    }
}

/// `s.update(other)` / `s |= other`.
pub fn update(cx: &Cx, t: &mut SetTable, other: &Py) -> PyResult<()> {
    let o = operand(cx, other)?;
    update_with(cx, t, o)
}

/// `a.union(*others)`: a copy of `a`, updated with each.
pub fn union(cx: &Cx, a: &SetTable, others: &[Py]) -> PyResult<SetTable> {
    let mut r = SetTable::default();
    r.merge(a, &mut eq_of(cx))?;
    for o in others {
        update(cx, &mut r, o)?;
    }
    Ok(r)
}

/// `a & other`: the smaller operand iterated, members of both added.
pub fn intersection(cx: &Cx, a: &SetTable, other: &Py) -> PyResult<SetTable> {
    let o = operand(cx, other)?;
    let mut r = SetTable::default();
    match o {
        Operand::Set(b) => {
            let (probe, walk) = if b.len() > a.len() { (&b, a) } else { (a, &b) };
            for (h, k) in walk.iter() {
                if probe.contains(h, k, &mut eq_of(cx))? {
                    r.add(h, k.clone(), &mut eq_of(cx))?;
                }
            }
        }
        other => {
            for (h, k) in other.members(cx)? {
                if a.contains(h, &k, &mut eq_of(cx))? {
                    r.add(h, k, &mut eq_of(cx))?;
                }
            }
        }
    }
    Ok(r)
}

/// `s -= other`: each member of `other` discarded (dummies stay, unless
/// they crowd the table).
pub fn difference_update(cx: &Cx, t: &mut SetTable, other: &Py) -> PyResult<()> {
    let o = operand(cx, other)?;
    for (h, k) in o.members(cx)? {
        t.discard(h, &k, &mut eq_of(cx))?;
    }
    t.compact_if_sparse();
    Ok(())
}

/// `a - other`.
pub fn difference(cx: &Cx, a: &SetTable, other: &Py) -> PyResult<SetTable> {
    let o = operand(cx, other)?;
    let small_other = matches!(o, Operand::Set(_) | Operand::Dict(_)) && (a.len() >> 2) <= o.len();
    if small_other {
        // Iterate `a`, keeping what `other` lacks.
        let mut r = SetTable::default();
        for (h, k) in a.iter() {
            if !o.has(cx, k, h)? {
                r.add(h, k.clone(), &mut eq_of(cx))?;
            }
        }
        return Ok(r);
    }
    // A copy of `a`, then `other`'s members discarded.
    let mut r = SetTable::default();
    r.merge(a, &mut eq_of(cx))?;
    for (h, k) in o.members(cx)? {
        r.discard(h, &k, &mut eq_of(cx))?;
    }
    r.compact_if_sparse();
    Ok(r)
}

/// `s ^= other`: `other`'s members iterated; each one present is
/// discarded, each one absent added.
pub fn symmetric_difference_update(cx: &Cx, t: &mut SetTable, other: &Py) -> PyResult<()> {
    let o = match operand(cx, other)? {
        s @ Operand::Set(_) => s,
        other => Operand::Set(other.into_table(cx)?),
    };
    for (h, k) in o.members(cx)? {
        if t.discard(h, &k, &mut eq_of(cx))?.is_none() {
            t.add(h, k, &mut eq_of(cx))?;
        }
    }
    Ok(())
}

/// `a ^ other`: a new set of `other`, then updated with `a`'s members.
pub fn symmetric_difference(cx: &Cx, a: &SetTable, other: &Py) -> PyResult<SetTable> {
    let mut r = operand(cx, other)?.into_table(cx)?;
    for (h, k) in a.iter() {
        if r.discard(h, k, &mut eq_of(cx))?.is_none() {
            r.add(h, k.clone(), &mut eq_of(cx))?;
        }
    }
    Ok(r)
}
