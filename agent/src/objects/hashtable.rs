//! Hash tables keyed by Python values (Python's hash and `==`), laid out as
//! CPython lays out its own: [`DictTable`] keeps insertion order (dicts),
//! [`SetTable`] is open addressing with CPython's probe sequence, so a set
//! iterates in the order CPython's would (`{3, 1, 2}` shows `{1, 2, 3}`).
//!
//! Lookups take the equality test as a closure: it may fail (a client
//! object's `__eq__` raising) and the error propagates.

use crate::runtime::exceptions::PyResult;
use crate::runtime::value::Py;

/// Keys whose equality is decided without calling out (no object's
/// `__eq__` can run, so a lookup may hold the table's lock throughout).
pub fn is_plain(k: &Py) -> bool {
    match k {
        Py::None
        | Py::Bool(_)
        | Py::Int(_)
        | Py::BigInt(_)
        | Py::Float(_)
        | Py::Complex(..)
        | Py::Str(_)
        | Py::Bytes(_) => true,
        Py::Tuple(t) => t.iter().all(is_plain),
        _ => false,
    }
}

/// `key1 == key2`, possibly failing.
pub type EqFn<'a> = dyn FnMut(&Py, &Py) -> PyResult<bool> + 'a;

const PERTURB_SHIFT: u32 = 5;
const LINEAR_PROBES: usize = 9;
const MIN_SIZE: usize = 8;

fn same(a: &Py, b: &Py, eq: &mut EqFn<'_>) -> PyResult<bool> {
    if a.is(b) {
        return Ok(true);
    }
    eq(a, b)
}

/// The size_t view of a hash, as CPython indexes its tables with it.
fn unsigned(hash: i64) -> usize {
    hash as isize as usize
}

// ------------------------------------------------------------------ dict

const EMPTY: i32 = -1;
const DUMMY: i32 = -2;

/// An insertion-ordered table: entries in order, and an index of slots.
#[derive(Clone)]
pub struct DictTable<V> {
    indices: Vec<i32>,
    entries: Vec<Option<(i64, Py, V)>>,
    used: usize,
}

impl<V: Clone> Default for DictTable<V> {
    fn default() -> Self {
        DictTable { indices: vec![EMPTY; MIN_SIZE], entries: Vec::new(), used: 0 }
    }
}

impl<V: Clone> DictTable<V> {
    pub fn len(&self) -> usize {
        self.used
    }

    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// Entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&i64, &Py, &V)> {
        self.entries.iter().flatten().map(|(h, k, v)| (h, k, v))
    }

    /// The slot holding `key`, or the first free slot for it.
    fn find_slot(&self, hash: i64, key: &Py, eq: &mut EqFn<'_>) -> PyResult<(usize, Option<usize>)> {
        let mask = self.indices.len() - 1;
        let mut perturb = unsigned(hash);
        let mut i = unsigned(hash) & mask;
        let mut free: Option<usize> = None;
        loop {
            match self.indices[i] {
                EMPTY => return Ok((free.unwrap_or(i), None)),
                DUMMY => {
                    free.get_or_insert(i);
                }
                ix => {
                    if let Some((h, k, _)) = &self.entries[ix as usize] {
                        if *h == hash && same(k, key, eq)? {
                            return Ok((i, Some(ix as usize)));
                        }
                    }
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(perturb).wrapping_add(1)) & mask;
        }
    }

    pub fn get(&self, hash: i64, key: &Py, eq: &mut EqFn<'_>) -> PyResult<Option<&V>> {
        let (_, found) = self.find_slot(hash, key, eq)?;
        Ok(found.and_then(|ix| self.entries[ix].as_ref()).map(|(_, _, v)| v))
    }

    /// Position of `key` in insertion order (for views and `popitem`).
    pub fn get_entry(&self, hash: i64, key: &Py, eq: &mut EqFn<'_>) -> PyResult<Option<(Py, V)>> {
        let (_, found) = self.find_slot(hash, key, eq)?;
        Ok(found.and_then(|ix| self.entries[ix].as_ref()).map(|(_, k, v)| (k.clone(), v.clone())))
    }

    /// Sets `key` to `value`; returns the previous value (the key object
    /// already present is kept, as Python does).
    pub fn insert(&mut self, hash: i64, key: Py, value: V, eq: &mut EqFn<'_>) -> PyResult<Option<V>> {
        let (slot, found) = self.find_slot(hash, &key, eq)?;
        if let Some(ix) = found {
            if let Some((_, _, v)) = &mut self.entries[ix] {
                return Ok(Some(std::mem::replace(v, value)));
            }
        }
        self.indices[slot] = self.entries.len() as i32;
        self.entries.push(Some((hash, key, value)));
        self.used += 1;
        if self.entries.len() * 3 >= self.indices.len() * 2 {
            self.rebuild();
        }
        Ok(None)
    }

    pub fn remove(&mut self, hash: i64, key: &Py, eq: &mut EqFn<'_>) -> PyResult<Option<(Py, V)>> {
        let (slot, found) = self.find_slot(hash, key, eq)?;
        let Some(ix) = found else { return Ok(None) };
        self.indices[slot] = DUMMY;
        self.used -= 1;
        let (_, k, v) = self.entries[ix].take().expect("found entry");
        Ok(Some((k, v)))
    }

    /// Removes and returns the last entry (`dict.popitem`).
    pub fn pop_last(&mut self) -> Option<(Py, V)> {
        while let Some(last) = self.entries.pop() {
            if let Some((hash, key, value)) = last {
                self.used -= 1;
                let ix = self.entries.len() as i32;
                // Forget the slot that pointed at it.
                if let Some(pos) = self.indices.iter().position(|&i| i == ix) {
                    self.indices[pos] = DUMMY;
                }
                let _ = hash;
                return Some((key, value));
            }
        }
        None
    }

    pub fn clear(&mut self) -> Vec<(Py, V)> {
        let old = std::mem::take(&mut self.entries);
        *self = DictTable::default();
        old.into_iter().flatten().map(|(_, k, v)| (k, v)).collect()
    }

    /// Compacts the entries and sizes the index for them.
    fn rebuild(&mut self) {
        self.entries.retain(Option::is_some);
        let mut size = MIN_SIZE;
        while size * 2 < self.used * 3 + 1 || size <= self.used * 3 / 2 {
            size *= 2;
        }
        self.indices = vec![EMPTY; size];
        let mask = size - 1;
        for (ix, e) in self.entries.iter().enumerate() {
            let Some((hash, _, _)) = e else { continue };
            let mut perturb = unsigned(*hash);
            let mut i = unsigned(*hash) & mask;
            while self.indices[i] != EMPTY {
                perturb >>= PERTURB_SHIFT;
                i = (i.wrapping_mul(5).wrapping_add(perturb).wrapping_add(1)) & mask;
            }
            self.indices[i] = ix as i32;
        }
    }

    /// Values held, for dropping without recursion.
    pub fn drain_values(&mut self) -> Vec<Py>
    where
        V: Into<Py>,
    {
        self.clear().into_iter().flat_map(|(k, v)| [k, v.into()]).collect()
    }
}

// ------------------------------------------------------------------ set

#[derive(Clone)]
enum Slot {
    Empty,
    Dummy,
    Active(i64, Py),
}

/// A set's table, as CPython's `setobject.c` keeps it.
#[derive(Clone)]
pub struct SetTable {
    slots: Vec<Slot>,
    /// Active plus dummy slots.
    fill: usize,
    used: usize,
    /// Where `pop` looks first (CPython's `finger`).
    finger: usize,
}

impl Default for SetTable {
    fn default() -> Self {
        SetTable { slots: vec![Slot::Empty; MIN_SIZE], fill: 0, used: 0, finger: 0 }
    }
}

impl SetTable {
    pub fn len(&self) -> usize {
        self.used
    }

    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// Items in table order (Python's set iteration order).
    pub fn iter(&self) -> impl Iterator<Item = (i64, &Py)> {
        self.slots.iter().filter_map(|s| match s {
            Slot::Active(h, k) => Some((*h, k)),
            _ => None,
        })
    }

    pub fn items(&self) -> Vec<Py> {
        self.iter().map(|(_, k)| k.clone()).collect()
    }

    /// `set_lookkey`: the slot of `key`, if present.
    fn lookup(&self, hash: i64, key: &Py, eq: &mut EqFn<'_>) -> PyResult<Option<usize>> {
        let mask = self.slots.len() - 1;
        let mut perturb = unsigned(hash);
        let mut i = unsigned(hash) & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
            for j in i..=i + probes {
                match &self.slots[j] {
                    Slot::Empty => return Ok(None),
                    Slot::Active(h, k) if *h == hash && same(k, key, eq)? => return Ok(Some(j)),
                    _ => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
        }
    }

    pub fn contains(&self, hash: i64, key: &Py, eq: &mut EqFn<'_>) -> PyResult<bool> {
        Ok(self.lookup(hash, key, eq)?.is_some())
    }

    /// The member equal to `key` (the object kept in the set).
    pub fn get(&self, hash: i64, key: &Py, eq: &mut EqFn<'_>) -> PyResult<Option<Py>> {
        Ok(self.lookup(hash, key, eq)?.and_then(|j| match &self.slots[j] {
            Slot::Active(_, k) => Some(k.clone()),
            _ => None,
        }))
    }

    /// `set_add_entry`; true when the key was not there.
    pub fn add(&mut self, hash: i64, key: Py, eq: &mut EqFn<'_>) -> PyResult<bool> {
        let mask = self.slots.len() - 1;
        let mut perturb = unsigned(hash);
        let mut i = unsigned(hash) & mask;
        let mut free: Option<usize> = None;
        let target = 'search: loop {
            let probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
            for j in i..=i + probes {
                match &self.slots[j] {
                    Slot::Empty => break 'search j,
                    Slot::Active(h, k) if *h == hash && same(k, &key, eq)? => return Ok(false),
                    Slot::Dummy => {
                        free.get_or_insert(j);
                    }
                    _ => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
        };
        self.used += 1;
        if let Some(f) = free {
            self.slots[f] = Slot::Active(hash, key);
            return Ok(true);
        }
        self.slots[target] = Slot::Active(hash, key);
        self.fill += 1;
        if self.fill * 5 >= mask * 3 {
            self.resize(if self.used > 50000 { self.used * 2 } else { self.used * 4 });
        }
        Ok(true)
    }

    /// Removes `key`; the object that was in the set, if it was.
    pub fn discard(&mut self, hash: i64, key: &Py, eq: &mut EqFn<'_>) -> PyResult<Option<Py>> {
        let Some(j) = self.lookup(hash, key, eq)? else { return Ok(None) };
        let old = std::mem::replace(&mut self.slots[j], Slot::Dummy);
        self.used -= 1;
        Ok(match old {
            Slot::Active(_, k) => Some(k),
            _ => None,
        })
    }

    /// `set.pop()`: the first active slot from CPython's moving finger.
    pub fn pop(&mut self) -> Option<Py> {
        if self.used == 0 {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut j = self.finger & mask;
        while !matches!(self.slots[j], Slot::Active(..)) {
            j = if j == mask { 0 } else { j + 1 };
        }
        let old = std::mem::replace(&mut self.slots[j], Slot::Dummy);
        self.used -= 1;
        self.finger = j + 1;
        match old {
            Slot::Active(_, k) => Some(k),
            _ => None,
        }
    }

    /// `set_merge`: adds every member of `other`, as CPython does it (one
    /// resize first; a plain copy of the slots, or clean inserts, into an
    /// empty table), so the members land where CPython's would.
    pub fn merge(&mut self, other: &SetTable, eq: &mut EqFn<'_>) -> PyResult<()> {
        if other.used == 0 {
            return Ok(());
        }
        if (self.fill + other.used) * 5 >= (self.slots.len() - 1) * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.slots.len() == other.slots.len() && other.fill == other.used {
            self.slots.clone_from(&other.slots);
            self.fill = other.fill;
            self.used = other.used;
            return Ok(());
        }
        if self.fill == 0 {
            let mask = self.slots.len() - 1;
            for (hash, key) in other.iter() {
                self.insert_clean(mask, hash, key.clone());
            }
            self.fill = other.used;
            self.used = other.used;
            return Ok(());
        }
        for (hash, key) in other.iter() {
            self.add(hash, key.clone(), eq)?;
        }
        Ok(())
    }

    /// Makes room before `n` members are added one by one (what CPython
    /// does before adding a dict's keys).
    pub fn reserve_for(&mut self, n: usize) {
        if (self.fill + n) * 5 >= (self.slots.len() - 1) * 3 {
            self.resize((self.used + n) * 2);
        }
    }

    /// After many removals: CPython resizes away the dummies when more than
    /// a quarter of the table is dummies.
    pub fn compact_if_sparse(&mut self) {
        if self.fill - self.used > (self.slots.len() - 1) / 4 {
            self.resize(if self.used > 50000 { self.used * 2 } else { self.used * 4 });
        }
    }

    fn insert_clean(&mut self, mask: usize, hash: i64, key: Py) {
        let mut perturb = unsigned(hash);
        let mut i = unsigned(hash) & mask;
        let slot = 'found: loop {
            if matches!(self.slots[i], Slot::Empty) {
                break 'found i;
            }
            if i + LINEAR_PROBES <= mask {
                for j in i + 1..=i + LINEAR_PROBES {
                    if matches!(self.slots[j], Slot::Empty) {
                        break 'found j;
                    }
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
        };
        self.slots[slot] = Slot::Active(hash, key);
    }

    pub fn clear(&mut self) -> Vec<Py> {
        let old = std::mem::take(self);
        old.slots.into_iter().filter_map(|s| if let Slot::Active(_, k) = s { Some(k) } else { None }).collect()
    }

    /// `set_table_resize`: the smallest power of two above `minused`,
    /// entries reinserted in table order.
    fn resize(&mut self, minused: usize) {
        let mut size = MIN_SIZE;
        while size <= minused {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.slots, vec![Slot::Empty; size]);
        let mask = size - 1;
        self.fill = self.used;
        for s in old {
            if let Slot::Active(hash, key) = s {
                self.insert_clean(mask, hash, key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int_eq(a: &Py, b: &Py) -> PyResult<bool> {
        Ok(matches!((a, b), (Py::Int(x), Py::Int(y)) if x == y))
    }

    fn set_of(items: &[i64]) -> Vec<i64> {
        let mut t = SetTable::default();
        for &n in items {
            t.add(crate::runtime::semantics::hash_int(n), Py::Int(n), &mut int_eq).expect("add");
        }
        t.iter().map(|(_, k)| if let Py::Int(n) = k { *n } else { 0 }).collect()
    }

    #[test]
    fn sets_iterate_in_cpython_order() {
        // Orders printed by CPython 3.11.
        assert_eq!(set_of(&[3, 1, 2]), vec![1, 2, 3]);
        assert_eq!(set_of(&[10, 5]), vec![10, 5]);
        assert_eq!(set_of(&[100, 7, -1, 8, 33]), vec![33, 100, 7, 8, -1]);
        assert_eq!(set_of(&(0..20).rev().collect::<Vec<_>>()), (0..20).collect::<Vec<_>>());
    }

    #[test]
    fn dict_keeps_insertion_order_through_deletes_and_growth() {
        let mut t: DictTable<Py> = DictTable::default();
        for n in 0..100 {
            t.insert(n, Py::Int(n), Py::Int(n * 2), &mut int_eq).expect("insert");
        }
        for n in (0..100).step_by(2) {
            assert!(t.remove(n, &Py::Int(n), &mut int_eq).expect("remove").is_some());
        }
        let keys: Vec<i64> = t.iter().map(|(h, _, _)| *h).collect();
        assert_eq!(keys, (1..100).step_by(2).collect::<Vec<_>>());
        assert!(matches!(t.get(51, &Py::Int(51), &mut int_eq).expect("get"), Some(Py::Int(102))));
        assert_eq!(t.len(), 50);
    }
}
