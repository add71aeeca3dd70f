//! A forwarding proxy whose backend can be switched between requests: a client that fetched
//! its app-token through it from one mock gateway can then be sent, token and all, to another
//! (as if a load balancer moved it to a gateway that never issued that token).
//!
//! It forwards at the HTTP level, one request at a time, so the switch applies to the very
//! next request whatever connections the client keeps open.

use std::sync::{Arc, Mutex};

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Router;

struct Shared {
    backend: Mutex<String>,
    http: reqwest::Client,
}

/// The proxy. It stops when dropped.
pub struct SwitchProxy {
    base_url: String,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl SwitchProxy {
    /// Starts a proxy on a free loopback port, forwarding to `backend` (a base URL).
    pub async fn start(backend: &str) -> SwitchProxy {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let base_url = format!("http://{}", listener.local_addr().expect("local address"));
        let shared = Arc::new(Shared {
            backend: Mutex::new(backend.to_string()),
            http: crate::raw::http(),
        });
        let app = Router::new().fallback(forward).with_state(shared.clone());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("proxy failed");
        });
        SwitchProxy {
            base_url,
            shared,
            task,
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends every later request to `backend`.
    pub fn switch_to(&self, backend: &str) {
        *self.shared.backend.lock().unwrap() = backend.to_string();
    }
}

impl Drop for SwitchProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn forward(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, 16 * 1024 * 1024).await.unwrap_or_default();
    let backend = shared.backend.lock().unwrap().clone();
    let path_and_query = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".into());
    let method = reqwest::Method::from_bytes(parts.method.as_str().as_bytes()).expect("method");
    let mut outgoing = shared
        .http
        .request(method, format!("{backend}{path_and_query}"));
    for (name, value) in &parts.headers {
        if !matches!(name.as_str(), "host" | "content-length" | "connection") {
            outgoing = outgoing.header(name.as_str(), value.as_bytes());
        }
    }
    let answer = match outgoing.body(body.to_vec()).send().await {
        Ok(answer) => answer,
        Err(error) => {
            let mut response = Response::new(Body::from(format!("proxy: {error}")));
            *response.status_mut() = StatusCode::BAD_GATEWAY;
            return response;
        }
    };
    let status = StatusCode::from_u16(answer.status().as_u16()).expect("status");
    let headers: Vec<(String, Vec<u8>)> = answer
        .headers()
        .iter()
        .filter(|(n, _)| !matches!(n.as_str(), "content-length" | "transfer-encoding"))
        .map(|(n, v)| (n.as_str().to_string(), v.as_bytes().to_vec()))
        .collect();
    let bytes = answer.bytes().await.unwrap_or_default();
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    for (name, value) in headers {
        response.headers_mut().append(
            HeaderName::from_bytes(name.as_bytes()).expect("header name"),
            HeaderValue::from_bytes(&value).expect("header value"),
        );
    }
    response
}
