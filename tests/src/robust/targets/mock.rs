//! The mock gateway, sent raw HTTP requests over TCP.
//!
//! The seeds are requests signed as the SDK signs them, at a fixed time that the child's mock
//! takes as its clock, so that a mutated body or header still reaches the checks behind the
//! signature. A business request carries [`TOKEN`] where its app-token goes: the child puts in
//! the token its mock issued. After sending an input the child closes its side: the mock must
//! then answer or close within seconds, and the connections it holds must not pile up.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use jdy::mock::{MockConfig, MockGateway};

use super::Runner;
use crate::raw::{RawRequest, Signer, AUTHORIZE_PATH, TOKEN_PATH};
use crate::robust::Input;

/// The time every seed is signed at, and the mock's clock (2023-11-14).
pub const SIGNED_AT_MS: u64 = 1_700_000_000_000;
/// Replaced in an input by the app-token of the child's mock.
pub const TOKEN: &str = "@TOKEN@";
/// How long the mock may take to answer or close a connection whose request was sent whole.
pub const ANSWER_LIMIT: Duration = Duration::from_secs(5);
/// How many more file descriptors than at the start the child may hold after an input.
const SPARE_DESCRIPTORS: usize = 64;

pub const WORDS: &[&str] = &[
    "GET ",
    "POST ",
    "HTTP/1.1\r\n",
    "HTTP/1.0\r\n",
    "HTTP/2.0\r\n",
    "\r\n",
    "\r\n\r\n",
    "Content-Length: ",
    "Content-Length: 18446744073709551616\r\n",
    "Transfer-Encoding: chunked\r\n",
    "Expect: 100-continue\r\n",
    "Connection: keep-alive\r\n",
    "Connection: close\r\n",
    "Upgrade: h2c\r\n",
    "Content-Type: multipart/form-data; boundary=",
    "--",
    "app-token: ",
    "X-Api-Signature: ",
    "X-Api-Nonce: ",
    "X-Api-TimeStamp: ",
    "X-GW-Router-Addr: ",
    "X-Api-SignHeaders: ",
    "%",
    "%zz",
    "%e4%b8",
    "?",
    "&",
    "=",
    "/jdy/v2/",
    "../",
    "{\"",
    "\":",
];

/// The mock's settings in the child: a fixed clock, and no rate limit to get in the way.
pub fn config() -> MockConfig {
    MockConfig {
        fixed_time_ms: Some(SIGNED_AT_MS),
        calls_per_minute: u32::MAX,
        ..MockConfig::default()
    }
}

/// A request signed at [`SIGNED_AT_MS`].
fn signed(method: &str, path: &str, query: &[(&str, &str)]) -> RawRequest {
    let config = config();
    Signer::of(&config).sign_at(method, path, query, "1234567890", &SIGNED_AT_MS.to_string())
}

/// The bytes of a request on the wire.
pub fn wire(request: &RawRequest) -> Vec<u8> {
    let mut target = request.path.clone();
    if !request.query.is_empty() {
        target.push('?');
        target.push_str(&request.query);
    }
    let mut out = format!(
        "{} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n",
        request.method
    );
    for (name, value) in &request.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    let body = request.body.as_deref().unwrap_or_default();
    if request.method != "GET" || !body.is_empty() {
        out.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    out.push_str("\r\n");
    out.push_str(body);
    out.into_bytes()
}

/// The token request the mock accepts.
pub fn token_request() -> RawRequest {
    let config = config();
    let app_signature = jdy::signing::app_signature(&config.app_key, config.app_secret.expose());
    signed(
        "GET",
        TOKEN_PATH,
        &[
            ("app_key", config.app_key.as_str()),
            ("app_signature", app_signature.as_str()),
        ],
    )
}

pub fn seeds() -> Vec<Input> {
    let config = config();
    let mut seeds = vec![Input::new("token", wire(&token_request()))];
    let authorize = signed(
        "POST",
        AUTHORIZE_PATH,
        &[("outerInstanceId", config.outer_instance_id.as_str())],
    );
    seeds.push(Input::new("authorize", wire(&authorize)));
    for info in jdy::mock::endpoints() {
        let method = info.method.as_str();
        let mut query: Vec<(&str, &str)> = info.required_query().map(|q| (q, "1")).collect();
        if info.paged {
            query.extend([("page", "1"), ("page_size", "5")]);
        }
        let mut request = signed(method, info.path, &query).business(TOKEN, &config.domain);
        if info.multipart {
            let boundary = "robust-boundary";
            let mut body = String::new();
            for part in info.required_body() {
                body.push_str(&format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{part}\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
                ));
            }
            body.push_str(&format!("--{boundary}--\r\n"));
            let content_type = format!("multipart/form-data; boundary={boundary}");
            request = request.header("Content-Type", &content_type);
            request.body = Some(body);
        } else if method == "POST" {
            let fields: serde_json::Map<String, serde_json::Value> = info
                .required_body()
                .map(|f| (f.to_string(), serde_json::Value::from("1")))
                .collect();
            request.body = Some(serde_json::Value::Object(fields).to_string());
        }
        seeds.push(Input::new(info.title, wire(&request)));
    }
    seeds
}

/// Sends `bytes` on a new connection, closes the sending side, and reads until the mock closes;
/// panics if it does neither within [`ANSWER_LIMIT`]. The answer's bytes.
pub fn exchange(address: SocketAddr, bytes: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(address).expect("the mock accepts connections");
    stream
        .set_read_timeout(Some(ANSWER_LIMIT))
        .expect("a read timeout");
    // The mock may refuse the request before reading all of it: a failed write is an answer.
    let _ = stream.write_all(bytes);
    let _ = stream.shutdown(Shutdown::Write);
    let started = Instant::now();
    let mut answer = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return answer,
            // Only the start of an answer is kept: the token is near it.
            Ok(n) if answer.len() < 64 * 1024 => answer.extend_from_slice(&buf[..n]),
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                panic!(
                    "the mock neither answered nor closed the connection in {:?}",
                    started.elapsed()
                )
            }
            Err(_) => return answer,
        }
    }
}

/// The app-token in a token answer.
fn token_in(answer: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(answer);
    let start = text.find("\"app-token\":\"")? + "\"app-token\":\"".len();
    let len = text[start..].find('"')?;
    Some(text[start..start + len].to_string())
}

/// The file descriptors this process holds, if the system says (Linux).
fn open_descriptors() -> Option<usize> {
    std::fs::read_dir("/proc/self/fd").ok().map(|d| d.count())
}

pub fn runner() -> Runner {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let mock = runtime
        .block_on(MockGateway::start_with(config()))
        .expect("the mock starts");
    let address = mock.address();
    let token = token_in(&exchange(address, &wire(&token_request())))
        .expect("the mock issues a token to the seed's token request");
    let baseline = open_descriptors();
    Box::new(move |input: &Input| {
        // Both are kept alive by the closure, for as long as the child runs.
        let _ = (&runtime, &mock);
        let bytes = replace(&input.bytes, TOKEN.as_bytes(), token.as_bytes());
        exchange(address, &bytes);
        if let Some(baseline) = baseline {
            let limit = baseline + SPARE_DESCRIPTORS;
            // The mock closes its side a moment after ours: give it that moment.
            let deadline = Instant::now() + Duration::from_secs(2);
            while open_descriptors().is_some_and(|n| n > limit) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(10));
            }
            let open = open_descriptors().unwrap_or_default();
            assert!(
                open <= limit,
                "{open} file descriptors are open after the connection closed, {baseline} at the start"
            );
        }
    })
}

/// `bytes` with every `from` replaced by `to`.
fn replace(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}
