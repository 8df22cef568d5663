//! The controller's side of the bootstrap script ([`super::script`]): lines
//! read from its stdout, commands and upload bytes written to its stdin, and
//! then the same channel handed to RPyC.

use std::pin::Pin;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};

use crate::transport::ssh::{EndWatch, Started};

/// The longest line the script may print (the probe's lines are short;
/// this bounds what a misbehaving host can make the controller buffer).
const MAX_LINE: usize = 16 * 1024;
/// The most lines before the probe's `end`: login noise on stdout
/// (a chatty `~/.bashrc`) comes first, and is skipped.
const MAX_PROBE_LINES: usize = 1000;

type Reader = BufReader<tokio::io::ReadHalf<tokio::io::SimplexStream>>;
type Writer = Pin<Box<dyn AsyncWrite + Send>>;

/// The started script: its stdout as lines, its stdin, and how it ended.
pub struct HostChannel {
    reader: Reader,
    writer: Writer,
    end: EndWatch,
}

impl HostChannel {
    pub fn new(started: Started) -> HostChannel {
        let (stream, end) = started.into_parts();
        let (read, writer) = stream.into_inner();
        HostChannel { reader: BufReader::new(read), writer, end }
    }

    /// Why the script stopped answering: its exit and last stderr lines.
    async fn ended(&mut self) -> String {
        format!("the bootstrap script {}", self.end.describe(Duration::from_secs(1)).await)
    }

    /// The next line of stdout, without its newline; `None` at EOF.
    async fn line(&mut self) -> Result<Option<String>, String> {
        read_line(&mut self.reader).await
    }

    /// The probe's output: the lines up to and including `end`.
    pub async fn probe_output(&mut self) -> Result<String, String> {
        let mut text = String::new();
        for _ in 0..MAX_PROBE_LINES {
            match self.line().await? {
                Some(line) => {
                    let done = line.trim() == "end";
                    text.push_str(&line);
                    text.push('\n');
                    if done {
                        return Ok(text);
                    }
                }
                None if text.is_empty() => return Err(format!("the probe printed nothing: {}", self.ended().await)),
                None => return Ok(text),
            }
        }
        Err(format!("the probe printed more than {MAX_PROBE_LINES} lines without ending"))
    }

    /// Sends one command line.
    pub async fn send(&mut self, command: &str) -> Result<(), String> {
        let sent = async {
            self.writer.write_all(command.as_bytes()).await?;
            self.writer.write_all(b"\n").await?;
            self.writer.flush().await
        };
        match sent.await {
            Ok(()) => Ok(()),
            Err(e) => Err(format!("sending `{command}` failed ({e}): {}", self.ended().await)),
        }
    }

    /// Sends `command` followed by `data` and waits for the line `ack`,
    /// reading while writing: the script may fail (and stop reading) before
    /// it has taken all the bytes.
    pub async fn send_data_then_expect(&mut self, command: &str, data: &[u8], ack: &str) -> Result<(), String> {
        let answer = {
            let writer = &mut self.writer;
            let send = async {
                writer.write_all(command.as_bytes()).await?;
                writer.write_all(b"\n").await?;
                writer.write_all(data).await?;
                writer.flush().await
            };
            let answer = read_line(&mut self.reader);
            tokio::pin!(send, answer);
            let mut sending = true;
            loop {
                tokio::select! {
                    answer = &mut answer => break answer,
                    sent = &mut send, if sending => {
                        sending = false;
                        if let Err(e) = sent {
                            crate::log::debug(&format!("sending {} bytes stopped: {e}", data.len()));
                        }
                    }
                }
            }
        };
        match answer? {
            Some(line) if line.trim() == ack => Ok(()),
            Some(line) => Err(format!("expected `{ack}`, the bootstrap script printed {line:?}")),
            None => Err(self.ended().await),
        }
    }

    /// The lines up to `ack` (exclusive).
    pub async fn lines_until(&mut self, ack: &str) -> Result<Vec<String>, String> {
        let mut lines = Vec::new();
        loop {
            match self.line().await? {
                Some(line) if line.trim() == ack => return Ok(lines),
                Some(line) if lines.len() < MAX_PROBE_LINES => lines.push(line),
                Some(_) => return Err(format!("more than {MAX_PROBE_LINES} lines before `{ack}`")),
                None => return Err(self.ended().await),
            }
        }
    }

    /// The channel as a byte stream (whatever the reader holds beyond the
    /// last line comes first), and the watch on the script's end.
    pub fn into_stream(self) -> (impl AsyncRead + AsyncWrite + Send + Unpin + 'static, EndWatch) {
        (tokio::io::join(self.reader, self.writer), self.end)
    }
}

/// One line of at most [`MAX_LINE`] bytes, lossily decoded.
async fn read_line(reader: &mut Reader) -> Result<Option<String>, String> {
    let mut line = Vec::new();
    loop {
        let buf = reader.fill_buf().await.map_err(|e| format!("reading from the host: {e}"))?;
        if buf.is_empty() {
            if line.is_empty() {
                return Ok(None);
            }
            break;
        }
        match buf.iter().position(|&b| b == b'\n') {
            Some(i) => {
                line.extend_from_slice(&buf[..i]);
                reader.consume(i + 1);
                break;
            }
            None => {
                let n = buf.len();
                line.extend_from_slice(buf);
                reader.consume(n);
            }
        }
        if line.len() > MAX_LINE {
            return Err(format!("the host printed a line longer than {MAX_LINE} bytes"));
        }
    }
    if line.len() > MAX_LINE {
        return Err(format!("the host printed a line longer than {MAX_LINE} bytes"));
    }
    Ok(Some(String::from_utf8_lossy(&line).into_owned()))
}
