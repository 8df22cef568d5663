//! Numbers from `rpyc/core/consts.py`, under their upstream names.

/// Message types: the first byte of every frame payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum MsgType {
    /// `MSG_REQUEST`
    Request = 1,
    /// `MSG_REPLY`
    Reply = 2,
    /// `MSG_EXCEPTION`
    Exception = 3,
}

impl MsgType {
    pub fn from_u8(b: u8) -> Option<MsgType> {
        match b {
            1 => Some(MsgType::Request),
            2 => Some(MsgType::Reply),
            3 => Some(MsgType::Exception),
            _ => None,
        }
    }
}

/// Boxing labels (`LABEL_*`), from the receiver's point of view.
pub const LABEL_VALUE: i64 = 1;
pub const LABEL_TUPLE: i64 = 2;
pub const LABEL_LOCAL_REF: i64 = 3;
pub const LABEL_REMOTE_REF: i64 = 4;

/// The exception payload that stands for StopIteration (`EXC_STOP_ITERATION`).
pub const EXC_STOP_ITERATION: i64 = 1;

/// Request handlers (`HANDLE_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Handler {
    Ping = 1,
    Close = 2,
    GetRoot = 3,
    GetAttr = 4,
    DelAttr = 5,
    SetAttr = 6,
    Call = 7,
    CallAttr = 8,
    Repr = 9,
    Str = 10,
    Cmp = 11,
    Hash = 12,
    Dir = 13,
    Pickle = 14,
    Del = 15,
    Inspect = 16,
    BuffIter = 17,
    OldSlicing = 18,
    CtxExit = 19,
    InstanceCheck = 20,
}

impl Handler {
    pub fn from_id(id: i64) -> Option<Handler> {
        use Handler::*;
        Some(match id {
            1 => Ping,
            2 => Close,
            3 => GetRoot,
            4 => GetAttr,
            5 => DelAttr,
            6 => SetAttr,
            7 => Call,
            8 => CallAttr,
            9 => Repr,
            10 => Str,
            11 => Cmp,
            12 => Hash,
            13 => Dir,
            14 => Pickle,
            15 => Del,
            16 => Inspect,
            17 => BuffIter,
            18 => OldSlicing,
            19 => CtxExit,
            20 => InstanceCheck,
            _ => return None,
        })
    }

    /// The upstream constant name, for logs and errors.
    pub fn name(self) -> &'static str {
        use Handler::*;
        match self {
            Ping => "HANDLE_PING",
            Close => "HANDLE_CLOSE",
            GetRoot => "HANDLE_GETROOT",
            GetAttr => "HANDLE_GETATTR",
            DelAttr => "HANDLE_DELATTR",
            SetAttr => "HANDLE_SETATTR",
            Call => "HANDLE_CALL",
            CallAttr => "HANDLE_CALLATTR",
            Repr => "HANDLE_REPR",
            Str => "HANDLE_STR",
            Cmp => "HANDLE_CMP",
            Hash => "HANDLE_HASH",
            Dir => "HANDLE_DIR",
            Pickle => "HANDLE_PICKLE",
            Del => "HANDLE_DEL",
            Inspect => "HANDLE_INSPECT",
            BuffIter => "HANDLE_BUFFITER",
            OldSlicing => "HANDLE_OLDSLICING",
            CtxExit => "HANDLE_CTXEXIT",
            InstanceCheck => "HANDLE_INSTANCECHECK",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handler_ids_round_trip() {
        for id in 1..=20 {
            let h = Handler::from_id(id).expect("known handler");
            assert_eq!(h as i64, id);
        }
        assert_eq!(Handler::from_id(0), None);
        assert_eq!(Handler::from_id(21), None);
    }
}
