//! rpyctl's module library: the modules' host side, as Python functions (the `.py` files
//! beside this one, embedded), written in the subset rpyc-agent runs so that a stock
//! `rpyc_classic` and an agent run the same code. It is shipped to a host once per
//! connection (`execute`, then `eval` for the entry point: two round trips), and each task
//! is then one `CALL` of `__rpyctl_run(module, request_json, data)` whose reply is a tuple
//! of plain values `(result_json, data)`: one round trip, nothing left on the host.

use rpyc_protocol::{Client, Error, Netref, Obj, Value};
use serde_json::{Map, Value as Json};

/// The library's source, in the order its parts build on each other (the entry point's
/// table of modules last).
pub const SOURCE: &str = concat!(
    include_str!("core.py"),
    "\n",
    include_str!("files.py"),
    "\n",
    include_str!("text.py"),
    "\n",
    include_str!("system.py"),
    "\n",
    include_str!("facts.py"),
    "\n",
    include_str!("accounts.py"),
    "\n",
    include_str!("services.py"),
    "\n",
    include_str!("packages.py"),
    "\n",
    include_str!("run.py"),
);

/// The entry point's name in the connection's namespace.
const ENTRY: &str = "__rpyctl_run";

/// What a module sent back.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// Ansible's result dict.
    pub result: Map<String, Json>,
    /// Bytes for the controller (fetch's file, slurp's content).
    pub data: Option<Vec<u8>>,
}

/// Runs the library on a fresh connection and returns its entry point.
pub async fn install(client: &Client) -> Result<Netref, Error> {
    client.execute(SOURCE).await?;
    match client.eval(ENTRY).await? {
        Obj::Remote(entry) => Ok(entry),
        other => Err(Error::Unexpected(format!("{ENTRY} is not a function on this server: {other:?}"))),
    }
}

/// One module call: one round trip.
pub async fn call(
    client: &Client,
    entry: &Netref,
    module: &str,
    request: &Json,
    data: Option<Vec<u8>>,
) -> Result<Reply, Error> {
    let args = vec![
        Value::str(module).into(),
        Value::Str(request.to_string()).into(),
        data.map_or(Value::None, Value::Bytes).into(),
    ];
    let reply = client.call(entry, args, vec![]).await?;
    let parts = match reply {
        Obj::Tuple(items) => items.into_iter().map(|o| o.as_value().cloned()).collect::<Option<Vec<Value>>>(),
        Obj::Value(Value::Tuple(items)) => Some(items),
        _ => None,
    };
    let unexpected = || Error::Unexpected(format!("{ENTRY} gave something other than (result_json, data)"));
    let [text, data]: [Value; 2] = parts.and_then(|p| p.try_into().ok()).ok_or_else(unexpected)?;
    let Value::Str(text) = text else { return Err(unexpected()) };
    let result = match serde_json::from_str::<Json>(&text) {
        Ok(Json::Object(m)) => m,
        _ => return Err(Error::Unexpected(format!("{ENTRY} gave a result that is not a JSON object: {text}"))),
    };
    let data = match data {
        Value::Bytes(b) => Some(b),
        Value::None => None,
        _ => return Err(unexpected()),
    };
    Ok(Reply { result, data })
}
