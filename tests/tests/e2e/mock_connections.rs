//! The mock's connections: clients that stall (slow-loris) are disconnected after the header
//! timeout, kept-alive ones after the idle timeout, and past the connection limit new
//! connections wait while the open ones are served. Each case speaks raw HTTP/1.1 over TCP,
//! as a misbehaving client would.

use std::time::Duration;

use jdy::mock::{MockConfig, MockGateway, MockLimits};
use jdy_tests::{within, CUSTOMER_PATH};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A request the mock answers at once (519, errcode 5001: no API there), with no signing.
const UNKNOWN_API: &[u8] = b"GET /no/such/api HTTP/1.1\r\nHost: mock\r\n\r\n";

async fn mock_with(limits: MockLimits) -> MockGateway {
    let config = MockConfig {
        limits,
        ..Default::default()
    };
    MockGateway::start_with(config)
        .await
        .expect("the mock starts")
}

async fn connect(mock: &MockGateway) -> TcpStream {
    TcpStream::connect(mock.address())
        .await
        .expect("connects to the mock")
}

/// Reads one answer (head and `Content-Length` body); its status line.
async fn read_answer(stream: &mut TcpStream) -> String {
    let mut received = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = find(&received, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&received[..end]).to_string();
            let length: usize = head
                .lines()
                .find_map(|l| {
                    let (name, value) = l.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse().ok())?
                })
                .unwrap_or(0);
            if received.len() >= end + 4 + length {
                return head.lines().next().unwrap_or_default().to_string();
            }
        }
        let n = stream.read(&mut chunk).await.expect("reads the answer");
        assert!(n > 0, "closed before a whole answer: {received:?}");
        received.extend_from_slice(&chunk[..n]);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Waits (up to 10 s) for the mock to close `stream`, discarding whatever it sends first.
async fn closed_by_the_mock(stream: &mut TcpStream) -> Vec<u8> {
    let mut received = Vec::new();
    let mut chunk = [0u8; 4096];
    tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => received.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await
    .expect("the mock closes the connection");
    received
}

#[tokio::test]
async fn stalled_half_headers_do_not_stop_others_and_are_closed_after_the_header_timeout() {
    within(async {
        let mock = mock_with(MockLimits {
            header_read_timeout: Duration::from_millis(500),
            ..Default::default()
        })
        .await;
        let mut stalled = Vec::new();
        for i in 0..200 {
            let mut stream = connect(&mock).await;
            // Half of them send half a head, the others nothing at all.
            if i % 2 == 0 {
                let half = format!("GET {CUSTOMER_PATH} HTTP/1.1\r\nHost: mock\r\nX-Api-");
                stream.write_all(half.as_bytes()).await.unwrap();
            }
            stalled.push(stream);
        }
        // Meanwhile a client that behaves is served, through the SDK.
        let client = mock.client().unwrap();
        client
            .bd()
            .customer_list(&Default::default())
            .await
            .expect("served while 200 connections stall");
        for stream in &mut stalled {
            closed_by_the_mock(stream).await;
        }
        // The mock still serves after closing them.
        let mut fresh = connect(&mock).await;
        fresh.write_all(UNKNOWN_API).await.unwrap();
        assert!(read_answer(&mut fresh).await.starts_with("HTTP/1.1 519"));
    })
    .await
}

#[tokio::test]
async fn a_body_that_stalls_is_answered_408_and_closed() {
    within(async {
        let mock = mock_with(MockLimits {
            header_read_timeout: Duration::from_millis(300),
            ..Default::default()
        })
        .await;
        let mut stream = connect(&mock).await;
        let head = format!(
            "POST {CUSTOMER_PATH} HTTP/1.1\r\nHost: mock\r\nContent-Length: 100\r\n\r\n{{\"a\""
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        let received = closed_by_the_mock(&mut stream).await;
        let text = String::from_utf8_lossy(&received);
        assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    })
    .await
}

#[tokio::test]
async fn a_kept_alive_connection_outlives_the_header_timeout_but_not_the_idle_timeout() {
    within(async {
        let mock = mock_with(MockLimits {
            header_read_timeout: Duration::from_millis(200),
            idle_timeout: Duration::from_millis(1_500),
            ..Default::default()
        })
        .await;
        let mut stream = connect(&mock).await;
        stream.write_all(UNKNOWN_API).await.unwrap();
        assert!(read_answer(&mut stream).await.starts_with("HTTP/1.1 519"));
        // Idle longer than the header timeout: the connection is still served.
        tokio::time::sleep(Duration::from_millis(500)).await;
        stream.write_all(UNKNOWN_API).await.unwrap();
        assert!(read_answer(&mut stream).await.starts_with("HTTP/1.1 519"));
        // Then left idle: closed after the idle timeout, having sent nothing more.
        let received = closed_by_the_mock(&mut stream).await;
        assert!(
            received.is_empty(),
            "{:?}",
            String::from_utf8_lossy(&received)
        );
    })
    .await
}

#[tokio::test]
async fn past_the_connection_limit_new_connections_wait_and_open_ones_are_served() {
    within(async {
        let mock = mock_with(MockLimits {
            max_connections: 2,
            ..Default::default()
        })
        .await;
        // A well-behaved kept-alive client, and one that connects and says nothing.
        let mut polite = connect(&mock).await;
        polite.write_all(UNKNOWN_API).await.unwrap();
        read_answer(&mut polite).await;
        let silent = connect(&mock).await;

        // A third connection is not served while both are open...
        let mut waiting = connect(&mock).await;
        waiting.write_all(UNKNOWN_API).await.unwrap();
        let early = tokio::time::timeout(Duration::from_millis(500), read_answer(&mut waiting));
        assert!(early.await.is_err(), "answered past the limit of 2");
        // ...while the open ones still are.
        polite.write_all(UNKNOWN_API).await.unwrap();
        assert!(read_answer(&mut polite).await.starts_with("HTTP/1.1 519"));

        // Once one closes, the waiting one is accepted and answered.
        drop(silent);
        assert!(read_answer(&mut waiting).await.starts_with("HTTP/1.1 519"));
    })
    .await
}
