//! A tiny object model for the tests: a root and lists of values, exported
//! when a list is sent.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use rpyc_protocol::{IdPack, ObjectModel, Value};

#[derive(Clone, Debug)]
pub enum TestObj {
    Root,
    List(Arc<(i64, Vec<Value>)>),
}

#[derive(Default)]
pub struct Model {
    next_id: AtomicI64,
}

impl ObjectModel for Model {
    type Object = TestObj;

    fn id_pack(&self, obj: &TestObj) -> IdPack {
        match obj {
            TestObj::Root => IdPack::new("test.Root", 1, 1),
            TestObj::List(l) => IdPack::new("builtins.list", 2, l.0),
        }
    }

    fn export_value(&self, value: Value) -> Option<TestObj> {
        match value {
            Value::List(items) => {
                let id = 100 + self.next_id.fetch_add(1, Ordering::Relaxed);
                Some(TestObj::List(Arc::new((id, items))))
            }
            _ => None,
        }
    }
}
