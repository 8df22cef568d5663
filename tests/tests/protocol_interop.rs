//! The Rust client against a real `rpyc_classic` (rpyc 6.0.2 from PyPI).

use rpyc_protocol::{Client, Error, Obj, Remote, Value};
use rpyctl_tests::PythonClassicServer;

async fn connect(server: &PythonClassicServer) -> Client {
    Client::connect(server.addr).await.expect("connect to rpyc_classic")
}

fn value(r: Remote) -> Value {
    match r {
        Obj::Value(v) => v,
        other => panic!("expected a value, got {other:?}"),
    }
}

#[tokio::test]
async fn getcwd_matches_the_server_process() {
    let server = PythonClassicServer::start();
    let client = connect(&server).await;
    let cwd = value(client.call_function("os", "getcwd", vec![], vec![]).await.expect("getcwd"));
    let expected = std::env::current_dir().expect("cwd");
    assert_eq!(cwd, Value::str(expected.to_string_lossy()));
    client.close().await;
}

#[tokio::test]
async fn listdir_is_a_remote_list() {
    let server = PythonClassicServer::start();
    let client = connect(&server).await;
    let dir = std::env::temp_dir().join(format!("rpyctl-listdir-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mkdir");
    for name in ["a.txt", "b.txt", "c.txt"] {
        std::fs::write(dir.join(name), name).expect("write");
    }
    let listing = client
        .call_function("os", "listdir", vec![Value::str(dir.to_string_lossy()).into()], vec![])
        .await
        .expect("listdir");
    let list = listing.as_netref().expect("a list comes back by reference");
    assert_eq!(list.type_name(), "builtins.list");
    assert_eq!(client.len(list).await.expect("len"), 3);

    let first = value(client.getitem(list, Value::Int(0)).await.expect("l[0]"));
    let mut iterated = Vec::new();
    let mut it = client.iter(list).await.expect("iter");
    while let Some(item) = it.next().await.expect("next") {
        iterated.push(value(item));
    }
    assert_eq!(iterated.len(), 3);
    assert_eq!(iterated[0], first);

    let Value::List(mut fetched) = client.obtain(list).await.expect("obtain") else { panic!("not a list") };
    fetched.sort_by_key(|v| v.to_string());
    assert_eq!(fetched, vec![Value::str("a.txt"), Value::str("b.txt"), Value::str("c.txt")]);
    std::fs::remove_dir_all(&dir).expect("cleanup");
    client.close().await;
}

#[tokio::test]
async fn sys_platform_is_a_value() {
    let server = PythonClassicServer::start();
    let client = connect(&server).await;
    let platform = value(client.module_attr("sys", "platform").await.expect("sys.platform"));
    assert_eq!(platform, Value::str("linux"));
    client.close().await;
}

#[tokio::test]
async fn missing_file_raises_file_not_found_with_errno() {
    let server = PythonClassicServer::start();
    let client = connect(&server).await;
    let builtins = client.builtins().await.expect("builtins");
    let err = client
        .callattr(&builtins, "open", vec![Value::str("/nonexistent/rpyctl").into()], vec![])
        .await
        .expect_err("open must fail");
    let Error::Remote(exc) = err else { panic!("expected a remote exception, got {err}") };
    assert_eq!((exc.module.as_str(), exc.name.as_str()), ("builtins", "FileNotFoundError"));
    assert!(exc.is_instance_of("builtins", "OSError"));
    assert_eq!(exc.errno(), Some(2));
    assert_eq!(exc.attr("filename"), Some(&Value::str("/nonexistent/rpyctl")));
    assert_eq!(exc.args, vec![Value::Int(2), Value::str("No such file or directory")]);
    assert!(exc.traceback.contains("Traceback"), "keeps the remote traceback: {}", exc.traceback);
    assert_eq!(exc.to_string(), "FileNotFoundError: [Errno 2] No such file or directory: '/nonexistent/rpyctl'");
    // The connection survives the exception.
    client.ping().await.expect("ping after exception");
    client.close().await;
}

#[tokio::test]
async fn int_with_keyword_argument() {
    let server = PythonClassicServer::start();
    let client = connect(&server).await;
    let r = client
        .call_function("builtins", "int", vec![Value::str("ff").into()], vec![("base".into(), Value::Int(16).into())])
        .await
        .expect("int('ff', base=16)");
    assert_eq!(value(r), Value::Int(255));
    client.close().await;
}

#[tokio::test]
async fn reading_ten_mebibytes_uses_compressed_frames() {
    let server = PythonClassicServer::start();
    let client = connect(&server).await;
    let path = std::env::temp_dir().join(format!("rpyctl-10m-{}", std::process::id()));
    // Half compressible, half not: Python compresses every frame > 3000 bytes.
    let mut data = Vec::with_capacity(10 << 20);
    let mut x: u64 = 0x9e3779b97f4a7c15;
    while data.len() < (10 << 20) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        if (data.len() >> 16) % 2 == 0 {
            data.extend_from_slice(&x.to_le_bytes());
        } else {
            data.extend_from_slice(b"rpyctl!\n");
        }
    }
    std::fs::write(&path, &data).expect("write");
    let file = client
        .call_function(
            "builtins",
            "open",
            vec![Value::str(path.to_string_lossy()).into(), Value::str("rb").into()],
            vec![],
        )
        .await
        .expect("open");
    let file = file.as_netref().expect("file object");
    let content = value(client.callattr(file, "read", vec![], vec![]).await.expect("read"));
    client.callattr(file, "close", vec![], vec![]).await.expect("close");
    assert_eq!(content, Value::Bytes(data));
    std::fs::remove_file(&path).expect("cleanup");
    client.close().await;
}

#[tokio::test]
async fn eight_tasks_share_one_connection() {
    let server = PythonClassicServer::start();
    let client = std::sync::Arc::new(connect(&server).await);
    let mut tasks = Vec::new();
    for task in 0..8i64 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..50i64 {
                let n = task * 1000 + i;
                let r =
                    client.call_function("builtins", "abs", vec![Value::Int(-n).into()], vec![]).await.expect("abs");
                assert_eq!(value(r), Value::Int(n), "replies are matched to their requests");
            }
        }));
    }
    for t in tasks {
        t.await.expect("task");
    }
}

#[tokio::test]
async fn eval_repr_str_dir_and_obtain() {
    let server = PythonClassicServer::start();
    let client = connect(&server).await;
    assert_eq!(value(client.eval("1+1").await.expect("eval")), Value::Int(2));
    let d = client.eval("{'a': [1, 2.5, None], 'b': (True, b'x')}").await.expect("eval dict");
    let d = d.as_netref().expect("dict by reference");
    assert_eq!(d.type_name(), "builtins.dict");
    assert_eq!(client.repr(d).await.expect("repr"), "{'a': [1, 2.5, None], 'b': (True, b'x')}");
    assert!(client.dir(d).await.expect("dir").contains(&"keys".to_string()));
    let fetched = client.obtain(d).await.expect("obtain");
    assert_eq!(fetched.to_string(), "{'a': [1, 2.5, None], 'b': (True, b'x')}");
    let big = value(client.eval("2**200").await.expect("big int"));
    assert_eq!(big.to_string(), "1606938044258990275541962092341162602522202993782792835301376");
    client.execute("x = 41").await.expect("execute");
    assert_eq!(value(client.eval("x + 1").await.expect("eval x")), Value::Int(42));
    client.close().await;
}
