//! Support for end-to-end tests of the `jdy` SDK over real HTTP on loopback.
//!
//! Whether a call is right is decided on the wire: the exact query bytes, the headers, the
//! signature over what actually arrived. So the tests do not mock the HTTP client; they run a
//! small axum server on `127.0.0.1:0` that records every request exactly as received (raw
//! path, raw query, all headers, body bytes) and answers with a programmable [`Reply`] per
//! path. By default it behaves like a healthy gateway: a valid token answer on the token path
//! and a successful envelope with `data: {}` everywhere else.

use std::collections::HashMap;
use std::future::IntoFuture;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Router;

/// The token endpoint (KINGDEE-API.md section 3), written out rather than taken from the SDK.
pub const TOKEN_PATH: &str = "/jdyconnector/app_management/kingdee_auth_token";
/// The customer endpoint (list is GET, save is POST).
pub const CUSTOMER_PATH: &str = "/jdy/v2/bd/customer";
/// The token the default token answer hands out.
pub const DEFAULT_TOKEN: &str = "TOKEN-abc";
/// The default answer on [`TOKEN_PATH`].
pub const DEFAULT_TOKEN_BODY: &str =
    r#"{"errcode":0,"description":"success","data":{"uid":1,"app-token":"TOKEN-abc"}}"#;
/// The default answer on every other path.
pub const DEFAULT_BODY: &str = r#"{"errcode":0,"description":"success","data":{}}"#;
/// The longest a test waits for anything: a hung call fails the test instead of hanging it.
pub const LIMIT: Duration = Duration::from_secs(10);

/// Awaits `f`, failing the test if it takes longer than [`LIMIT`].
pub async fn within<F: IntoFuture>(f: F) -> F::Output {
    tokio::time::timeout(LIMIT, f.into_future())
        .await
        .expect("timed out: the call did not finish in time")
}

/// Credentials with recognisable, harmless values.
pub fn credentials() -> jdy::Credentials {
    jdy::Credentials::new(
        "client-1",
        "client-secret-1",
        "abc",
        "abc123",
        "https://tf.jdy.com",
    )
}

/// A base URL on loopback where nothing listens (the port was free a moment ago).
pub fn refused_base_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let port = listener.local_addr().expect("local address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// The path exactly as on the request line, not decoded.
    pub path: String,
    /// The query exactly as on the request line (without `?`), not decoded or re-ordered.
    pub query: Option<String>,
    /// Every header, in arrival order; names are lower-case (HTTP names are case-insensitive).
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// Every value of the header `name` (any case).
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The value of a header that must be present exactly once.
    pub fn header(&self, name: &str) -> &str {
        match self.header_values(name).as_slice() {
            [one] => one,
            other => panic!("header {name}: expected exactly one value, got {other:?}"),
        }
    }

    pub fn has_header(&self, name: &str) -> bool {
        !self.header_values(name).is_empty()
    }

    /// The raw query, `""` when there was none.
    pub fn raw_query(&self) -> &str {
        self.query.as_deref().unwrap_or("")
    }
}

/// A programmed answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before answering (to make concurrent calls overlap).
    pub delay: Duration,
}

impl Reply {
    /// A JSON answer with this status and body.
    pub fn json(status: u16, body: impl Into<Vec<u8>>) -> Reply {
        Reply::raw(status, "application/json", body)
    }

    /// An answer with any content type.
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    /// A successful envelope whose `data` is the given JSON text.
    pub fn data(data_json: &str) -> Reply {
        Reply::json(
            200,
            format!(r#"{{"errcode":0,"description":"success","data":{data_json}}}"#),
        )
    }

    /// A successful token answer handing out `token`.
    pub fn token(token: &str) -> Reply {
        Reply::data(&format!(r#"{{"uid":1,"app-token":"{token}"}}"#))
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

#[derive(Default)]
struct Shared {
    requests: Mutex<Vec<Recorded>>,
    replies: Mutex<HashMap<String, Reply>>,
}

/// The recording server. It stops when dropped.
pub struct TestServer {
    base_url: String,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl TestServer {
    /// Starts a server on a free loopback port.
    pub async fn start() -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let base_url = format!("http://{}", listener.local_addr().expect("local address"));
        let shared = Arc::new(Shared::default());
        let app = Router::new().fallback(answer).with_state(shared.clone());
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("test server failed");
        });
        TestServer {
            base_url,
            shared,
            task,
        }
    }

    /// `http://127.0.0.1:<port>`, no trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// A client of this server, built the way an application builds one.
    pub fn client(&self, credentials: jdy::Credentials) -> jdy::Client {
        jdy::Client::builder(credentials)
            .base_url(self.base_url.clone())
            .build()
            .expect("client builds")
    }

    /// Answers every later request to `path` (the path alone, no query) with `reply`.
    pub fn reply(&self, path: &str, reply: Reply) {
        self.shared
            .replies
            .lock()
            .unwrap()
            .insert(path.into(), reply);
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().unwrap().clone()
    }

    /// The requests received on `path`.
    pub fn requests_to(&self, path: &str) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.path == path)
            .collect()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn answer(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, 16 * 1024 * 1024)
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default();
    let recorded = Recorded {
        method: parts.method.as_str().to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().map(str::to_string),
        headers: parts
            .headers
            .iter()
            .map(|(n, v)| {
                let value = String::from_utf8_lossy(v.as_bytes()).into_owned();
                (n.as_str().to_string(), value)
            })
            .collect(),
        body,
    };
    let programmed = shared.replies.lock().unwrap().get(&recorded.path).cloned();
    let reply = programmed.unwrap_or_else(|| match recorded.path.as_str() {
        TOKEN_PATH => Reply::json(200, DEFAULT_TOKEN_BODY),
        _ => Reply::json(200, DEFAULT_BODY),
    });
    shared.requests.lock().unwrap().push(recorded);

    tokio::time::sleep(reply.delay).await;
    let mut response = Response::new(Body::from(reply.body));
    *response.status_mut() = StatusCode::from_u16(reply.status).expect("valid status");
    for (name, value) in &reply.headers {
        response.headers_mut().append(
            HeaderName::from_bytes(name.as_bytes()).expect("header name"),
            HeaderValue::from_str(value).expect("header value"),
        );
    }
    response
}

/// The answers of the error tests, shared with the secret-leak tests so that both look at
/// the same errors. Each is `(path to program, reply)`.
pub mod scenarios {
    use super::{Reply, CUSTOMER_PATH, TOKEN_PATH};

    /// The gateway refuses the signature (HTTP 519, code 4008), with a request id.
    pub fn gateway_519() -> (&'static str, Reply) {
        let body = r#"{"errcode":4008,"description":"X-Api-Signature invalid[GW]","description_cn":"签名无效"}"#;
        (
            CUSTOMER_PATH,
            Reply::json(519, body).header("X-Api-Requestid", "req-1"),
        )
    }

    /// HTTP 200 with a business errcode.
    pub fn business_not_found() -> (&'static str, Reply) {
        let body = r#"{"errcode":1030002003,"description":"客户不存在"}"#;
        (CUSTOMER_PATH, Reply::json(200, body))
    }

    /// HTTP 200 with 10 KB that is not JSON (one line).
    pub fn not_json_10k() -> (&'static str, Reply) {
        let body = "not json at all; ".repeat(10 * 1024 / 17 + 1);
        (CUSTOMER_PATH, Reply::raw(200, "text/plain", body))
    }

    /// HTTP 200, errcode 0, but `rows` is not a list.
    pub fn wrong_data_shape() -> (&'static str, Reply) {
        (CUSTOMER_PATH, Reply::data(r#"{"rows":"not a list"}"#))
    }

    /// HTTP 500 with an HTML page (one line).
    pub fn html_500() -> (&'static str, Reply) {
        let body = "<html><head><title>500 Internal Server Error</title></head><body><h1>500 Internal Server Error</h1></body></html>";
        (CUSTOMER_PATH, Reply::raw(500, "text/html", body))
    }

    /// The token endpoint refuses the app_secret.
    pub fn token_refused() -> (&'static str, Reply) {
        let body = r#"{"errcode":1030002006,"description":"授权密钥校验失败"}"#;
        (TOKEN_PATH, Reply::json(200, body))
    }
}

pub mod captured;
pub mod proxy;
pub mod raw;
pub mod redis_server;
pub mod robust;

/// A client of `mock` that sends every call once and keeps no rate limit of its own, so that a
/// test sees the mock's answers as they are. (A refused token or timestamp is still corrected
/// and the call replayed: that is not a retry policy but part of signing.)
pub fn single_shot_client(mock: &jdy::mock::MockGateway) -> jdy::Client {
    jdy::Client::builder(mock.credentials())
        .base_url(mock.base_url())
        .retry(jdy::RetryPolicy::never())
        .no_rate_limit()
        .build()
        .expect("a client of the mock")
}

/// Runs `tasks` customer-list calls at once, each on its own clone of `client` in its own
/// task; their results, in task order.
pub async fn concurrent_customer_lists(
    client: &jdy::Client,
    tasks: usize,
) -> Vec<Result<jdy::Page<jdy::bd::customer::CustomerListRow>, jdy::Error>> {
    let handles: Vec<_> = (0..tasks)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .bd()
                    .customer_list(&jdy::bd::customer::CustomerListQuery::default())
                    .await
            })
        })
        .collect();
    let mut results = Vec::with_capacity(tasks);
    for handle in handles {
        results.push(handle.await.expect("the task ran to its end"));
    }
    results
}
