//! The decoding of answers. An input's context names what the bytes are decoded as:
//!
//! - `endpoint <module>/<resource>/<kind>`: the `data` of that endpoint's answer, by its
//!   `decode_data` in the mock's endpoint table;
//! - `answer`: a whole HTTP response (status line, headers, body) that a raw server sends to a
//!   real `jdy::Client` calling the customer list, so that the envelope, the errors and the
//!   page are decoded as an application sees them;
//! - `page`: a customer list page (`jdy::Page`);
//! - `decimal`, `date`, `datetime`, `timestamp`: the scalar types, as JSON values.
//!
//! Besides never crashing, every error must say what went wrong in a few lines: an error
//! message that carries a whole answer is a finding.

use std::collections::HashMap;
use std::future::IntoFuture;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jdy::bd::customer::CustomerListRow;
use jdy::wire::{from_str, DecodeError};
use jdy::{Date, DateTime, Decimal, Page, Timestamp};
use serde_json::Value;

use super::{assert_short, Runner};
use crate::robust::Input;

/// The longest error message (Display) accepted: a few lines, whatever the answer.
pub const MESSAGE_LIMIT: usize = 4096;
/// The longest `{:?}` of an error accepted.
pub const DEBUG_LIMIT: usize = 16 * 1024;

pub const WORDS: &[&str] = &[
    "\"errcode\":",
    "\"description\":",
    "\"data\":",
    "\"rows\":",
    "\"count\":",
    "\"page\":",
    "\"total_page\":",
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1e400",
    "\"\"",
    "[]",
    "{}",
    "\"12.345\"",
    "\"2024-02-30\"",
    "\"2024-01-01 25:61:61\"",
    "\\u0000",
    "\\ud800",
    "HTTP/1.1 ",
    "Content-Length: ",
    "Transfer-Encoding: chunked\r\n",
    "Content-Encoding: gzip\r\n",
    "\r\n",
    "X-Api-Requestid: ",
    "519 ",
    "200 OK",
];

const KEY_PREFIX: &str = "endpoint ";

/// The secrets of the client that calls the raw server, and the app-token the server hands
/// out: no error may show them.
const CLIENT_SECRET: &str = "robust-client-secret-5f1c";
const APP_SECRET: &str = "robust-app-secret-9e2d";
const ISSUED_TOKEN: &str = "TOKEN-robust-0123456789";

fn endpoint_key(info: &jdy::mock::EndpointInfo) -> String {
    format!("{}/{}", info.resource, info.kind)
}

pub fn seeds() -> Vec<Input> {
    let mut seeds = Vec::new();
    let mut list_page = None;
    for info in jdy::mock::endpoints() {
        let Some(example) = info.response_example else {
            continue;
        };
        let data = serde_json::from_str::<Value>(example)
            .ok()
            .and_then(|v| v.get("data").cloned())
            .map(|data| data.to_string())
            .unwrap_or_else(|| example.to_string());
        if info.resource == "bd/customer" && info.kind == "list" {
            list_page = Some(data.clone());
        }
        seeds.push(Input::new(
            format!("{KEY_PREFIX}{}", endpoint_key(info)),
            data,
        ));
    }
    let page = list_page.unwrap_or_else(|| r#"{"rows":[],"count":0,"page":1}"#.into());
    seeds.push(Input::new("page", page.clone()));
    let envelope = format!(r#"{{"errcode":0,"description":"success","data":{page}}}"#);
    seeds.push(Input::new("answer", http_answer("200 OK", &envelope, &[])));
    let refused = r#"{"errcode":4008,"description":"X-Api-Signature invalid[GW]","description_cn":"签名无效"}"#;
    let header = [("X-Api-Requestid", "req-1")];
    seeds.push(Input::new("answer", http_answer("519 ", refused, &header)));
    let business = r#"{"errcode":1030002003,"description":"客户不存在"}"#;
    seeds.push(Input::new("answer", http_answer("200 OK", business, &[])));
    let chunked = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{envelope}\r\n0\r\n\r\n",
        envelope.len()
    );
    seeds.push(Input::new("answer", chunked));
    // A whole answer to a real client reaches the most code (envelope, errors, page): drawn as
    // often as the endpoint types together, rather than one seed in thirty.
    let whole: Vec<Input> = seeds
        .iter()
        .filter(|s| s.context == "answer" || s.context == "page")
        .cloned()
        .collect();
    let endpoints = seeds.len() - whole.len();
    for _ in 1..(endpoints / whole.len().max(1)).max(1) {
        seeds.extend(whole.iter().cloned());
    }
    for (kind, value) in [
        ("decimal", "\"12.50\""),
        ("decimal", "-0.000001"),
        ("date", "\"2024-01-02\""),
        ("datetime", "\"2024-01-02 03:04:05\""),
        ("timestamp", "1700000000000"),
        ("timestamp", "\"1700000000000\""),
    ] {
        seeds.push(Input::new(kind, value));
    }
    seeds
}

/// A whole HTTP/1.1 response with a JSON body.
pub fn http_answer(status: &str, body: &str, headers: &[(&str, &str)]) -> String {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(body);
    out
}

/// The `decode_data` of an endpoint of the mock's table.
type DecodeData = fn(&str) -> Result<(), DecodeError>;

pub fn runner() -> Runner {
    let decoders: HashMap<String, DecodeData> = jdy::mock::endpoints()
        .map(|info| (endpoint_key(info), info.decode_data))
        .collect();
    let mut answers = None;
    Box::new(move |input: &Input| {
        let text = String::from_utf8_lossy(&input.bytes);
        match input.context.as_str() {
            "answer" => answers
                .get_or_insert_with(AnswerServer::start)
                .call(&input.bytes),
            "page" => drop(check(from_str::<Page<CustomerListRow>>(&text))),
            "decimal" => drop(check(from_str::<Decimal>(&text))),
            "date" => {
                if let Ok(date) = check(from_str::<Date>(&text)) {
                    let _ = date.date();
                }
                let _ = Date::parse(text.as_ref()).date();
            }
            "datetime" => {
                if let Ok(at) = check(from_str::<DateTime>(&text)) {
                    let _ = (at.date_time(), at.offset_date_time());
                }
                let _ = DateTime::parse(text.as_ref()).offset_date_time();
            }
            "timestamp" => {
                if let Ok(at) = check(from_str::<Timestamp>(&text)) {
                    let _ = (at.millis(), at.offset_date_time());
                }
                let _ = Timestamp::parse(text.as_ref()).offset_date_time();
            }
            context => {
                let key = context.strip_prefix(KEY_PREFIX).unwrap_or(context);
                if let Some(decode) = decoders.get(key) {
                    let _ = check(decode(&text));
                }
            }
        }
    })
}

/// Checks that a decoding error is short; passes the result on.
fn check<T>(result: Result<T, DecodeError>) -> Result<T, ()> {
    result.map_err(|error| {
        assert_short("a decoding error", &error.to_string(), MESSAGE_LIMIT);
    })
}

/// A client of a raw server that answers the token request properly and every other request
/// with the bytes under test, then closes the connection.
struct AnswerServer {
    answer: Arc<Mutex<Vec<u8>>>,
    client: jdy::Client,
    runtime: tokio::runtime::Runtime,
}

impl AnswerServer {
    fn start() -> AnswerServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let address = listener.local_addr().expect("a local address");
        let answer = Arc::new(Mutex::new(Vec::new()));
        let shared = answer.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let bytes = shared.lock().unwrap_or_else(|p| p.into_inner()).clone();
                serve(stream, &bytes);
            }
        });
        let credentials = jdy::Credentials::new(
            "robust-client",
            CLIENT_SECRET,
            "robust-app-key",
            APP_SECRET,
            "https://tf.jdy.com",
        );
        let client = jdy::Client::builder(credentials)
            .base_url(format!("http://{address}"))
            .retry(jdy::RetryPolicy::never())
            .no_rate_limit()
            .timeout(Duration::from_secs(5))
            .build()
            .expect("a client of the raw server");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        AnswerServer {
            answer,
            client,
            runtime,
        }
    }

    fn call(&self, answer: &[u8]) {
        *self.answer.lock().unwrap_or_else(|p| p.into_inner()) = answer.to_vec();
        let query = jdy::bd::customer::CustomerListQuery::default();
        let call = self.client.bd().customer_list(&query).into_future();
        let result = self.runtime.block_on(call);
        if let Err(error) = result {
            let (shown, debug) = (error.to_string(), format!("{error:?}"));
            assert_short("an error's message", &shown, MESSAGE_LIMIT);
            assert_short("an error's Debug", &debug, DEBUG_LIMIT);
            for secret in [CLIENT_SECRET, APP_SECRET, ISSUED_TOKEN] {
                assert!(
                    !shown.contains(secret) && !debug.contains(secret),
                    "an error shows a secret or the app-token: {debug}"
                );
            }
        }
    }
}

/// Reads one request's head, answers it and closes.
fn serve(mut stream: TcpStream, answer: &[u8]) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let is_token = String::from_utf8_lossy(line).contains(jdy::service::TOKEN_PATH);
    let _ = if is_token {
        let body =
            r#"{"errcode":0,"description":"success","data":{"uid":1,"app-token":"TOKEN-robust"}}"#;
        stream.write_all(http_answer("200 OK", body, &[]).as_bytes())
    } else {
        stream.write_all(answer)
    };
    let _ = stream.shutdown(std::net::Shutdown::Both);
}
