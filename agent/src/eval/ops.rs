//! Python's binary operators on values.

use rpyc_protocol::Value;

use crate::exc::{self, PyResult};

pub fn binary(op: &str, a: &Value, b: &Value) -> PyResult<Value> {
    match (op, a, b) {
        ("+", Value::Int(x), Value::Int(y)) => Ok(x.checked_add(*y).map_or_else(|| Value::from_bigint(num_bigint::BigInt::from(*x) + y), Value::Int)),
        ("+", Value::Float(x), Value::Float(y)) => Ok(Value::Float(x + y)),
        ("+", Value::Str(x), Value::Str(y)) => Ok(Value::Str(format!("{x}{y}"))),
        _ => Err(exc::type_error(format!("unsupported operand type(s) for {op}: '{}' and '{}'", a.type_name(), b.type_name()))),
    }
}
