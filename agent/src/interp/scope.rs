//! Name resolution, as CPython's symtable does it: after the whole module
//! is parsed, each scope's names become fast locals, cells (shared with
//! inner scopes), free variables (cells received from an enclosing
//! function), or globals.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::ast::{Code, Resolved, ScopeKind, Slot};
use super::lexer::{err, SyntaxErr};

/// Resolves every scope of a parsed module.
pub fn resolve(module: &Arc<Code>) -> Result<(), SyntaxErr> {
    analyze(module, &HashSet::new()).map(drop)
}

/// Resolves `code` given the names bound by its enclosing function scopes;
/// returns the names it needs from its enclosing scope.
fn analyze(code: &Arc<Code>, enclosing: &HashSet<Arc<str>>) -> Result<HashSet<Arc<str>>, SyntaxErr> {
    let is_module = code.kind == ScopeKind::Module;
    // Names this scope binds itself.
    let local: HashSet<Arc<str>> = if is_module {
        HashSet::new()
    } else {
        code.names.iter().filter(|n| n.bound && !n.global && !n.nonlocal).map(|n| n.name.clone()).collect()
    };
    for n in &code.names {
        if n.nonlocal && !is_module && !enclosing.contains(&n.name) {
            return Err(err(format!("no binding for nonlocal '{}' found", n.name), code.firstline as usize, 1));
        }
    }
    // What inner scopes can see: the enclosing bindings and ours (a module's
    // names are globals, which inner scopes reach as globals).
    let mut visible = enclosing.clone();
    if !is_module {
        visible.extend(local.iter().cloned());
        // A `global` declaration hides an enclosing binding.
        for n in code.names.iter().filter(|n| n.global) {
            visible.remove(&n.name);
        }
    }
    let mut child_needs: HashSet<Arc<str>> = HashSet::new();
    for child in &code.children {
        child_needs.extend(analyze(child, &visible)?);
    }

    let mut r = Resolved::default();
    let mut cells: Vec<Arc<str>> = Vec::new();
    let mut frees: Vec<Arc<str>> = Vec::new();
    let mut slots = Vec::with_capacity(code.names.len());
    for n in &code.names {
        let slot = if is_module || n.global {
            Slot::Global
        } else if n.nonlocal {
            push_unique(&mut frees, &n.name);
            Slot::Cell(u32::MAX) // fixed below, once own cells are counted
        } else if local.contains(&n.name) {
            if child_needs.contains(&n.name) {
                push_unique(&mut cells, &n.name);
                Slot::Cell(u32::MAX)
            } else {
                let i = r.nlocals as u32;
                r.nlocals += 1;
                Slot::Local(i)
            }
        } else if enclosing.contains(&n.name) {
            push_unique(&mut frees, &n.name);
            Slot::Cell(u32::MAX)
        } else {
            Slot::Global
        };
        slots.push(slot);
    }
    // Names inner scopes need that pass through this scope.
    if !is_module {
        let mut passing: Vec<&Arc<str>> =
            child_needs.iter().filter(|n| !local.contains(*n) && enclosing.contains(*n)).collect();
        passing.sort();
        for n in passing {
            push_unique(&mut frees, n);
        }
    }
    for (i, name) in cells.iter().chain(frees.iter()).enumerate() {
        r.cell_index.insert(name.clone(), i as u32);
    }
    for (slot, n) in slots.iter_mut().zip(&code.names) {
        if *slot == Slot::Cell(u32::MAX) {
            *slot = Slot::Cell(r.cell_index.get(&n.name).copied().unwrap_or(0));
        }
    }
    let index: HashMap<&Arc<str>, usize> = code.names.iter().enumerate().map(|(i, n)| (&n.name, i)).collect();
    r.param_slots = code.params.names().map(|p| index.get(p).map_or(Slot::Global, |&i| slots[i])).collect();
    r.own_cells = cells.len();
    r.freevars = frees.clone();
    r.slots = slots;
    // The same code may be resolved once only; a second parse makes a new one.
    let _ = code.resolved.set(r);
    Ok(frees.into_iter().collect())
}

fn push_unique(v: &mut Vec<Arc<str>>, name: &Arc<str>) {
    if !v.contains(name) {
        v.push(name.clone());
    }
}
