//! A lingering close for the gRPC connections, so that a response in flight
//! at shutdown arrives whole.
//!
//! A graceful shutdown ends an HTTP/2 connection as soon as its last
//! response is written to the socket. The client keeps sending frames while
//! it reads a large response (window updates), and when a socket is closed
//! with such bytes still unread, Linux answers with a TCP reset instead of a
//! FIN: the client then throws away the part of the response it had not read
//! yet ("error reading a body from connection"). A town's allocation (1.4 MB)
//! in flight at SIGTERM arrived cut about one time in two.
//!
//! As web servers do (Apache httpd's "lingering close"), a connection dropped
//! before its peer closed its side is handed to a small task: it sends FIN,
//! reads and discards what the peer still sends until the peer closes or
//! [`LINGER`] passes, and only then closes the socket.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;
use tonic::transport::server::{Connected, TcpConnectInfo, TcpIncoming};

/// How long a closed connection waits for its peer to close its side.
pub const LINGER: Duration = Duration::from_secs(5);

/// The accepted connections of a [`TcpIncoming`], each closed lingering.
pub struct LingeringIncoming(TcpIncoming);

impl LingeringIncoming {
    pub fn new(incoming: TcpIncoming) -> LingeringIncoming {
        LingeringIncoming(incoming)
    }
}

impl futures_core::Stream for LingeringIncoming {
    type Item = io::Result<Lingering>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.0)
            .poll_next(cx)
            .map(|next| next.map(|accepted| accepted.map(Lingering::new)))
    }
}

/// A TCP connection whose drop lingers (see the module doc).
pub struct Lingering {
    /// `None` only once dropped.
    stream: Option<TcpStream>,
    info: TcpConnectInfo,
    /// The peer closed its side: nothing is left to read, close at once.
    peer_closed: bool,
}

impl Lingering {
    fn new(stream: TcpStream) -> Lingering {
        Lingering {
            info: stream.connect_info(),
            stream: Some(stream),
            peer_closed: false,
        }
    }

    fn stream(&mut self) -> io::Result<Pin<&mut TcpStream>> {
        match self.stream.as_mut() {
            Some(s) => Ok(Pin::new(s)),
            None => Err(io::Error::from(io::ErrorKind::NotConnected)),
        }
    }
}

impl Connected for Lingering {
    type ConnectInfo = TcpConnectInfo;

    fn connect_info(&self) -> TcpConnectInfo {
        self.info.clone()
    }
}

impl AsyncRead for Lingering {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let had_room = buf.remaining() > 0;
        let polled = match self.stream() {
            Ok(s) => s.poll_read(cx, buf),
            Err(e) => return Poll::Ready(Err(e)),
        };
        if let Poll::Ready(Ok(())) = polled {
            if had_room && buf.filled().len() == before {
                self.peer_closed = true;
            }
        }
        polled
    }
}

impl AsyncWrite for Lingering {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.stream() {
            Ok(s) => s.poll_write(cx, data),
            Err(e) => Poll::Ready(Err(e)),
        }
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match self.stream() {
            Ok(s) => s.poll_write_vectored(cx, bufs),
            Err(e) => Poll::Ready(Err(e)),
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.as_ref().is_some_and(|s| s.is_write_vectored())
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.stream() {
            Ok(s) => s.poll_flush(cx),
            Err(e) => Poll::Ready(Err(e)),
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.stream() {
            Ok(s) => s.poll_shutdown(cx),
            Err(e) => Poll::Ready(Err(e)),
        }
    }
}

impl Drop for Lingering {
    fn drop(&mut self) {
        let Some(stream) = self.stream.take() else {
            return;
        };
        if self.peer_closed {
            return;
        }
        // Outside a runtime (never in the server) the socket just closes.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(linger(stream));
        }
    }
}

/// FIN, then read and discard until the peer closes or [`LINGER`] passes.
async fn linger(mut stream: TcpStream) {
    let _ = stream.shutdown().await;
    let mut sink = [0u8; 4096];
    let _ = tokio::time::timeout(LINGER, async {
        while let Ok(n) = stream.read(&mut sink).await {
            if n == 0 {
                break;
            }
        }
    })
    .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scenario of the module doc on a bare socket: the server writes a
    /// large answer and drops the connection while the client's bytes are
    /// unread; the client still reads the whole answer.
    #[tokio::test]
    async fn a_dropped_connection_with_unread_bytes_still_delivers_everything() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let answer = vec![7u8; 1 << 20];
        let sent = answer.clone();
        let server = tokio::spawn(async move {
            let (stream, _) = listener.accept().await.unwrap();
            let mut conn = Lingering::new(stream);
            // Wait until the client's bytes are there, unread.
            tokio::time::sleep(Duration::from_millis(100)).await;
            conn.write_all(&sent).await.unwrap();
            drop(conn);
        });
        let mut client = TcpStream::connect(addr).await.unwrap();
        client.write_all(b"unread by the server").await.unwrap();
        // The client reads late: the answer waits in the socket buffers.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut got = Vec::new();
        client.read_to_end(&mut got).await.unwrap();
        server.await.unwrap();
        assert_eq!(got.len(), answer.len());
    }
}
