//! Accepting connections and serving each on its own tasks. A connection's
//! failure (garbage, an oversized frame, a dropped peer) ends only that
//! connection, with a log line.

use std::future::Future;
use std::net::SocketAddr;

use rpyc_protocol::{Config, Connection};
use tokio::net::{TcpListener, TcpStream};

use crate::log;
use crate::service::AgentService;

/// Serves on `addr` until SIGTERM or SIGINT.
pub async fn serve_tcp(addr: SocketAddr) -> Result<(), String> {
    let listener = TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    // The start-up line: tests and scripts read the port from it.
    log::info(&format!("rpyc-agent {} serving on {local}", env!("CARGO_PKG_VERSION")));
    serve(listener, shutdown_signal()).await;
    log::info("shutting down");
    Ok(())
}

/// Accepts until `shutdown` resolves; each connection is served on its own.
pub async fn serve(listener: TcpListener, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    tokio::spawn(serve_connection(stream, peer));
                }
                Err(e) => {
                    // EMFILE and friends: say so, back off, keep serving.
                    log::warn(&format!("accept failed: {e}"));
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
            },
            () = &mut shutdown => break,
        }
    }
}

async fn serve_connection(stream: TcpStream, peer: SocketAddr) {
    let _ = stream.set_nodelay(true);
    log::info(&format!("connection from {peer}"));
    let conn = Connection::new(stream, AgentService::new(), Config::default());
    conn.closed().await;
    let reason = conn.close_reason().unwrap_or_default();
    match reason.as_str() {
        "peer closed the connection" | "closed by peer" => log::info(&format!("{peer}: {reason}")),
        _ => log::warn(&format!("{peer}: connection ended: {reason}")),
    }
}

/// Serves one connection on stdin/stdout (SSH bootstrap, local spawning).
pub async fn serve_stdio() {
    let stream = tokio::io::join(tokio::io::stdin(), tokio::io::stdout());
    let conn = Connection::new(stream, AgentService::new(), Config::default());
    tokio::select! {
        () = conn.closed() => {
            log::info(&format!("stdio connection ended: {}", conn.close_reason().unwrap_or_default()));
        }
        () = shutdown_signal() => log::info("shutting down"),
    }
}

async fn shutdown_signal() {
    use crate::platform::signals::{self, Disposition};
    use tokio::signal::unix::{signal, SignalKind};
    // As CPython: a SIGINT ignored when the process started (a background
    // job, nohup) stays ignored, so `signal.getsignal(SIGINT)` reads SIG_IGN;
    // otherwise it ends the agent, as KeyboardInterrupt ends a Python server.
    let int_ignored = matches!(signals::disposition(signals::SIGINT), Ok(Disposition::Ignore));
    let Ok(mut term) = signal(SignalKind::terminate()) else { return std::future::pending().await };
    let mut int = if int_ignored { None } else { signal(SignalKind::interrupt()).ok() };
    let interrupted = async {
        match int.as_mut() {
            Some(int) => int.recv().await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = interrupted => {}
    }
}
