//! Deadlines on a connection's reads and writes: a request head must come within the header
//! timeout, and a kept-alive connection must bring its next request (and read its answer)
//! within the idle timeout. Nothing is timed while a request is being answered, since the
//! mock may delay or hold an answer on purpose.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

use super::MockLimits;

/// Where a connection is in its exchange of requests and answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Waiting for the first byte of a request: since when, and whether an answer came before.
    Waiting { since: Instant, kept_alive: bool },
    /// Part of a request head has come, from `since` on.
    ReadingHead { since: Instant },
    /// Requests are being answered.
    Answering(usize),
}

/// The phase of one connection, shared by its stream (which times reads and writes) and its
/// service (which knows when a request is being answered).
#[derive(Debug)]
pub(crate) struct Exchange {
    phase: Mutex<Phase>,
    limits: MockLimits,
}

impl Exchange {
    pub(crate) fn new(limits: MockLimits) -> Arc<Exchange> {
        Arc::new(Exchange {
            phase: Mutex::new(Phase::Waiting {
                since: Instant::now(),
                kept_alive: false,
            }),
            limits,
        })
    }

    fn phase(&self) -> std::sync::MutexGuard<'_, Phase> {
        self.phase.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A request head is complete and its answer is being worked out, until the guard drops.
    pub(crate) fn answering(self: &Arc<Self>) -> Answering {
        let mut phase = self.phase();
        *phase = match *phase {
            Phase::Answering(n) => Phase::Answering(n + 1),
            _ => Phase::Answering(1),
        };
        Answering(self.clone())
    }

    fn deadline(&self) -> Option<Instant> {
        let limits = &self.limits;
        match *self.phase() {
            Phase::Waiting {
                since,
                kept_alive: false,
            } => Some(since + limits.header_read_timeout),
            Phase::Waiting {
                since,
                kept_alive: true,
            } => Some(since + limits.idle_timeout),
            Phase::ReadingHead { since } => Some(since + limits.header_read_timeout),
            Phase::Answering(_) => None,
        }
    }

    fn bytes_read(&self) {
        let mut phase = self.phase();
        if let Phase::Waiting { since, kept_alive } = *phase {
            // On a fresh connection the head's time counts from the accept: a client that
            // sends nothing is as stalled as one that sends half a head.
            let since = if kept_alive { Instant::now() } else { since };
            *phase = Phase::ReadingHead { since };
        }
    }
}

/// Marks a request as answered when dropped (also when its handler is cancelled).
pub(crate) struct Answering(Arc<Exchange>);

impl Drop for Answering {
    fn drop(&mut self) {
        let mut phase = self.0.phase();
        *phase = match *phase {
            Phase::Answering(n) if n > 1 => Phase::Answering(n - 1),
            _ => Phase::Waiting {
                since: Instant::now(),
                kept_alive: true,
            },
        };
    }
}

/// A stream whose reads and writes fail with `TimedOut` once the exchange's deadline passes.
pub(crate) struct Deadlined<S> {
    inner: S,
    exchange: Arc<Exchange>,
    timer: Pin<Box<Sleep>>,
}

impl<S> Deadlined<S> {
    pub(crate) fn new(inner: S, exchange: Arc<Exchange>) -> Self {
        Deadlined {
            inner,
            exchange,
            timer: Box::pin(tokio::time::sleep_until(Instant::now())),
        }
    }

    /// `Ready(Err)` once the deadline has passed; otherwise arms the timer to wake the task
    /// when it does.
    fn poll_deadline(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let Some(deadline) = self.exchange.deadline() else {
            return Poll::Pending;
        };
        if self.timer.deadline() != deadline {
            self.timer.as_mut().reset(deadline);
        }
        match self.timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stalled past the mock's timeout",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Deadlined<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if let Poll::Ready(Err(timed_out)) = this.poll_deadline(cx) {
            return Poll::Ready(Err(timed_out));
        }
        let before = buf.filled().len();
        let read = Pin::new(&mut this.inner).poll_read(cx, buf);
        if matches!(read, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            this.exchange.bytes_read();
        }
        read
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Deadlined<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_write(cx, data) {
            Poll::Pending => match this.poll_deadline(cx) {
                Poll::Ready(Err(timed_out)) => Poll::Ready(Err(timed_out)),
                _ => Poll::Pending,
            },
            written => written,
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_write_vectored(cx, bufs) {
            Poll::Pending => match this.poll_deadline(cx) {
                Poll::Ready(Err(timed_out)) => Poll::Ready(Err(timed_out)),
                _ => Poll::Pending,
            },
            written => written,
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}
