//! A classic-mode client that reads like `rpyc.classic.connect`.
//!
//! It needs 1 round trip to connect (GETROOT) and then
//! `CALLATTR(root, 'getmodule', (name,))` once per module, where the Python
//! client spends 10 round trips on its handshake.

use std::collections::HashMap;
use std::sync::Mutex;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpStream, ToSocketAddrs};

use crate::connection::{Config, Connection};
use crate::error::Error;
use crate::obj::{Netref, Obj};
use crate::ops::{Kwargs, RemoteIter};
use crate::service::{ClientService, Never};
use crate::value::Value;

/// The default port of `rpyc_classic` and of rpyc-agent.
pub const DEFAULT_PORT: u16 = 18812;

/// A result as the client sees it: a value, a remote reference, or a tuple
/// of both.
pub type Remote = Obj<Never>;

/// A connection to a classic server (rpyc-agent or Python's `rpyc_classic`).
pub struct Client {
    conn: Connection<ClientService>,
    root: Netref,
    modules: Mutex<HashMap<String, Netref>>,
}

impl Client {
    /// Connects over TCP (with TCP_NODELAY) with the default config.
    pub async fn connect(addr: impl ToSocketAddrs) -> Result<Client, Error> {
        Self::connect_with(addr, Config::default()).await
    }

    pub async fn connect_with(addr: impl ToSocketAddrs, config: Config) -> Result<Client, Error> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Self::over(stream, config).await
    }

    /// Speaks the protocol over any byte stream: a child's stdio, an SSH
    /// channel, an in-memory pipe.
    pub async fn over<T>(stream: T, config: Config) -> Result<Client, Error>
    where
        T: AsyncRead + AsyncWrite + Send + 'static,
    {
        let conn = Connection::new(stream, ClientService, config);
        let root = conn.root().await?;
        Ok(Client { conn, root, modules: Mutex::new(HashMap::new()) })
    }

    pub fn connection(&self) -> &Connection<ClientService> {
        &self.conn
    }

    /// The server's root object (the SlaveService).
    pub fn root(&self) -> &Netref {
        &self.root
    }

    /// `conn.modules[name]`, cached per connection like rpyc's ModuleNamespace.
    pub async fn module(&self, name: &str) -> Result<Netref, Error> {
        if let Some(m) = self.modules.lock().unwrap_or_else(|e| e.into_inner()).get(name) {
            return Ok(m.clone());
        }
        let module = match self.conn.callattr(&self.root, "getmodule", vec![Value::str(name).into()], vec![]).await? {
            Obj::Remote(m) => m,
            _ => return Err(Error::Unexpected(format!("getmodule({name:?}) did not return a module"))),
        };
        self.modules.lock().unwrap_or_else(|e| e.into_inner()).insert(name.to_owned(), module.clone());
        Ok(module)
    }

    /// `conn.builtins`.
    pub async fn builtins(&self) -> Result<Netref, Error> {
        self.module("builtins").await
    }

    /// `conn.modules.<module>.<attr>` without calling it.
    pub async fn module_attr(&self, module: &str, attr: &str) -> Result<Remote, Error> {
        let m = self.module(module).await?;
        self.conn.getattr(&m, attr).await
    }

    /// `conn.modules.<module>.<func>(*args, **kwargs)` in one round trip
    /// (after the module is cached).
    pub async fn call_function(
        &self,
        module: &str,
        func: &str,
        args: Vec<Remote>,
        kwargs: Kwargs<Never>,
    ) -> Result<Remote, Error> {
        let m = self.module(module).await?;
        self.conn.callattr(&m, func, args, kwargs).await
    }

    /// `conn.eval(source)`.
    pub async fn eval(&self, source: &str) -> Result<Remote, Error> {
        self.conn.callattr(&self.root, "eval", vec![Value::str(source).into()], vec![]).await
    }

    /// `conn.execute(source)`.
    pub async fn execute(&self, source: &str) -> Result<(), Error> {
        self.conn.callattr(&self.root, "execute", vec![Value::str(source).into()], vec![]).await.map(drop)
    }

    pub async fn getattr(&self, obj: &Netref, name: &str) -> Result<Remote, Error> {
        self.conn.getattr(obj, name).await
    }

    pub async fn call(&self, obj: &Netref, args: Vec<Remote>, kwargs: Kwargs<Never>) -> Result<Remote, Error> {
        self.conn.call(obj, args, kwargs).await
    }

    pub async fn callattr(
        &self,
        obj: &Netref,
        name: &str,
        args: Vec<Remote>,
        kwargs: Kwargs<Never>,
    ) -> Result<Remote, Error> {
        self.conn.callattr(obj, name, args, kwargs).await
    }

    pub async fn len(&self, obj: &Netref) -> Result<usize, Error> {
        self.conn.len(obj).await
    }

    pub async fn getitem(&self, obj: &Netref, key: Value) -> Result<Remote, Error> {
        self.conn.getitem(obj, key.into()).await
    }

    pub async fn iter(&self, obj: &Netref) -> Result<RemoteIter<Never>, Error> {
        self.conn.iter(obj).await
    }

    pub async fn repr(&self, obj: &Netref) -> Result<String, Error> {
        self.conn.repr(obj).await
    }

    pub async fn str(&self, obj: &Netref) -> Result<String, Error> {
        self.conn.str(obj).await
    }

    pub async fn dir(&self, obj: &Netref) -> Result<Vec<String>, Error> {
        self.conn.dir(obj).await
    }

    /// `rpyc.classic.obtain(obj)`.
    pub async fn obtain(&self, obj: &Netref) -> Result<Value, Error> {
        self.conn.obtain(obj).await
    }

    /// Any result by value (see [`Peer::fetch`](crate::Peer::fetch)).
    pub async fn fetch(&self, obj: Remote) -> Result<Value, Error> {
        self.conn.fetch(obj).await
    }

    /// `conn.ping()`.
    pub async fn ping(&self) -> Result<(), Error> {
        self.conn.ping(&"abcdefghijklmnopqrstuvwxyz".repeat(20)).await
    }

    /// `conn.close()`: CLOSE, then wait for the server to hang up.
    pub async fn close(self) {
        self.modules.lock().unwrap_or_else(|e| e.into_inner()).clear();
        self.conn.close().await;
    }
}
