//! The mock's HTTP/1 server: accepts connections up to a limit, serves each with hyper under
//! the deadlines of [`deadline`](super::deadline), and closes them all when stopped.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;

use super::deadline::{Deadlined, Exchange};
use super::MockLimits;

/// Serves `router` on `listener` until the task running it is aborted, which drops (and so
/// closes) every connection with it.
pub(crate) async fn serve(listener: TcpListener, router: Router, limits: MockLimits) {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut connections = JoinSet::new();
    loop {
        // A slot is taken before accepting: past the limit, new connections wait in the
        // listen backlog, and the open ones go on being served.
        let Ok(slot) = slots.clone().acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors, or a connection reset before it was accepted:
                // wait a little rather than spin.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        while connections.try_join_next().is_some() {}
        connections.spawn(connection(stream, router.clone(), limits, slot));
    }
}

async fn connection(
    stream: TcpStream,
    router: Router,
    limits: MockLimits,
    _slot: OwnedSemaphorePermit,
) {
    let _ = stream.set_nodelay(true);
    let exchange = Exchange::new(limits);
    let io = TokioIo::new(Deadlined::new(stream, exchange.clone()));
    let router = TowerToHyperService::new(router);
    let service = service_fn(move |request: hyper::Request<Incoming>| {
        let answering = exchange.answering();
        let answer = hyper::service::Service::call(&router, request);
        async move {
            let answer = answer.await;
            drop(answering);
            answer
        }
    });
    // A connection ends with its client, or with an error (a deadline passed, a malformed
    // request): either way there is nothing more to do with it.
    let _ = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(io, service)
        .await;
}
