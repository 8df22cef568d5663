//! The rpyc operations on remote objects, as typed methods of a [`Peer`]:
//! what a netref's dunder methods send upstream. Both sides use them (the
//! controller on the agent's objects, a service on its client's objects).

use crate::consts::Handler;
use crate::error::Error;
use crate::obj::{Netref, Obj};
use crate::peer::Peer;
use crate::value::Value;

/// Keyword arguments: `(name, value)` pairs.
pub type Kwargs<L> = Vec<(String, Obj<L>)>;

fn kwargs_obj<L>(kwargs: Kwargs<L>) -> Obj<L> {
    Obj::Tuple(kwargs.into_iter().map(|(k, v)| Obj::Tuple(vec![Obj::Value(Value::Str(k)), v])).collect())
}

fn expect_value<L>(obj: Obj<L>, what: &str) -> Result<Value, Error> {
    match obj {
        Obj::Value(v) => Ok(v),
        _ => Err(Error::Unexpected(format!("{what} returned a reference, not a value"))),
    }
}

fn expect_str<L>(obj: Obj<L>, what: &str) -> Result<String, Error> {
    match expect_value(obj, what)? {
        Value::Str(s) => Ok(s),
        other => Err(Error::Unexpected(format!("{what} returned a {}, not a str", other.type_name()))),
    }
}

impl<L: Clone + Send + Sync + 'static> Peer<L> {
    /// `PING`: round trip with an echo check.
    pub async fn ping(&self, data: &str) -> Result<(), Error> {
        let echoed = self.request(Handler::Ping, vec![Obj::Value(Value::str(data))]).await?;
        match echoed {
            Obj::Value(Value::Str(s)) if s == data => Ok(()),
            _ => Err(Error::Unexpected("PING echo differs".into())),
        }
    }

    /// `GETROOT`: the peer's root object.
    pub async fn root(&self) -> Result<Netref, Error> {
        match self.request(Handler::GetRoot, Vec::new()).await? {
            Obj::Remote(r) => Ok(r),
            _ => Err(Error::Unexpected("GETROOT did not return a reference".into())),
        }
    }

    /// `getattr(obj, name)`.
    pub async fn getattr(&self, obj: &Netref, name: &str) -> Result<Obj<L>, Error> {
        self.request(Handler::GetAttr, vec![obj.into(), Obj::Value(Value::str(name))]).await
    }

    /// `setattr(obj, name, value)`.
    pub async fn setattr(&self, obj: &Netref, name: &str, value: Obj<L>) -> Result<(), Error> {
        self.request(Handler::SetAttr, vec![obj.into(), Obj::Value(Value::str(name)), value]).await.map(drop)
    }

    /// `delattr(obj, name)`.
    pub async fn delattr(&self, obj: &Netref, name: &str) -> Result<(), Error> {
        self.request(Handler::DelAttr, vec![obj.into(), Obj::Value(Value::str(name))]).await.map(drop)
    }

    /// `obj(*args, **kwargs)`.
    pub async fn call(&self, obj: &Netref, args: Vec<Obj<L>>, kwargs: Kwargs<L>) -> Result<Obj<L>, Error> {
        self.request(Handler::Call, vec![obj.into(), Obj::Tuple(args), kwargs_obj(kwargs)]).await
    }

    /// `getattr(obj, name)(*args, **kwargs)` in one round trip.
    pub async fn callattr(
        &self,
        obj: &Netref,
        name: &str,
        args: Vec<Obj<L>>,
        kwargs: Kwargs<L>,
    ) -> Result<Obj<L>, Error> {
        self.request(
            Handler::CallAttr,
            vec![obj.into(), Obj::Value(Value::str(name)), Obj::Tuple(args), kwargs_obj(kwargs)],
        )
        .await
    }

    /// `repr(obj)`.
    pub async fn repr(&self, obj: &Netref) -> Result<String, Error> {
        expect_str(self.request(Handler::Repr, vec![obj.into()]).await?, "REPR")
    }

    /// `str(obj)`.
    pub async fn str(&self, obj: &Netref) -> Result<String, Error> {
        expect_str(self.request(Handler::Str, vec![obj.into()]).await?, "STR")
    }

    /// `hash(obj)`.
    pub async fn hash(&self, obj: &Netref) -> Result<Value, Error> {
        expect_value(self.request(Handler::Hash, vec![obj.into()]).await?, "HASH")
    }

    /// `dir(obj)`.
    pub async fn dir(&self, obj: &Netref) -> Result<Vec<String>, Error> {
        match expect_value(self.request(Handler::Dir, vec![obj.into()]).await?, "DIR")? {
            Value::Tuple(names) => Ok(names.into_iter().filter_map(|n| n.as_str().map(str::to_owned)).collect()),
            other => Err(Error::Unexpected(format!("DIR returned a {}", other.type_name()))),
        }
    }

    /// `len(obj)`.
    pub async fn len(&self, obj: &Netref) -> Result<usize, Error> {
        match expect_value(self.callattr(obj, "__len__", vec![], vec![]).await?, "__len__")? {
            Value::Int(n) if n >= 0 => Ok(n as usize),
            other => Err(Error::Unexpected(format!("__len__ returned {other}"))),
        }
    }

    /// `obj[key]`.
    pub async fn getitem(&self, obj: &Netref, key: Obj<L>) -> Result<Obj<L>, Error> {
        self.callattr(obj, "__getitem__", vec![key], vec![]).await
    }

    /// `iter(obj)`: a handle whose `next()` sends `__next__`.
    pub async fn iter(&self, obj: &Netref) -> Result<RemoteIter<L>, Error> {
        match self.callattr(obj, "__iter__", vec![], vec![]).await? {
            Obj::Remote(it) => Ok(RemoteIter { peer: self.clone(), it, buffered: Vec::new(), done: false }),
            _ => Err(Error::Unexpected("__iter__ did not return a reference".into())),
        }
    }

    /// `PICKLE`: `pickle.dumps(obj, proto)` on the peer.
    pub async fn pickle(&self, obj: &Netref, proto: u8) -> Result<Vec<u8>, Error> {
        match expect_value(
            self.request(Handler::Pickle, vec![obj.into(), Obj::Value(i64::from(proto).into())]).await?,
            "PICKLE",
        )? {
            Value::Bytes(b) => Ok(b),
            other => Err(Error::Unexpected(format!("PICKLE returned a {}", other.type_name()))),
        }
    }

    /// `rpyc.classic.obtain(obj)`: the object copied here by value.
    pub async fn obtain(&self, obj: &Netref) -> Result<Value, Error> {
        let bytes = self.pickle(obj, 4).await?;
        crate::pickle::loads(&bytes)
            .map_err(|e| Error::Pickle(format!("cannot read the pickle of {}: {e}", obj.type_name())))
    }

    /// A result by value: values stay, references are obtained, tuples are
    /// resolved element by element.
    pub async fn fetch(&self, obj: Obj<L>) -> Result<Value, Error> {
        match obj {
            Obj::Value(v) => Ok(v),
            Obj::Remote(r) => self.obtain(&r).await,
            Obj::Tuple(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(Box::pin(self.fetch(item)).await?);
                }
                Ok(Value::Tuple(out))
            }
            Obj::Local(_) => Err(Error::Unexpected("a local object has no remote value".into())),
        }
    }
}

/// A remote iterator. Items come in batches through BUFFITER.
pub struct RemoteIter<L> {
    peer: Peer<L>,
    it: Netref,
    buffered: Vec<Obj<L>>,
    done: bool,
}

impl<L: Clone + Send + Sync + 'static> RemoteIter<L> {
    /// Batch size asked of BUFFITER.
    const BATCH: i64 = 256;

    /// The next item, or `None` at the end.
    pub async fn next(&mut self) -> Result<Option<Obj<L>>, Error> {
        if let Some(item) = self.buffered.pop() {
            return Ok(Some(item));
        }
        if self.done {
            return Ok(None);
        }
        let batch =
            self.peer.request(Handler::BuffIter, vec![(&self.it).into(), Obj::Value(Value::Int(Self::BATCH))]).await?;
        let mut items: Vec<Obj<L>> = match batch {
            Obj::Value(Value::Tuple(values)) => values.into_iter().map(Obj::Value).collect(),
            Obj::Tuple(items) => items,
            _ => return Err(Error::Unexpected("BUFFITER did not return a tuple".into())),
        };
        if items.is_empty() {
            self.done = true;
            return Ok(None);
        }
        items.reverse();
        self.buffered = items;
        Ok(self.buffered.pop())
    }

    /// Drains the iterator into a vector.
    pub async fn collect(mut self) -> Result<Vec<Obj<L>>, Error> {
        let mut out = Vec::new();
        while let Some(item) = self.next().await? {
            out.push(item);
        }
        Ok(out)
    }
}
