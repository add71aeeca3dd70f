//! One handler for every request: route it, check it as the gateway does, answer it.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Value};

use super::faults::Fault;
use super::multipart;
use super::store::{documented_data, required_missing, BusinessError};
use super::verify::{check_signature, decode_query, Rejection};
use super::{EndpointInfo, RequestRecord, Shared};
use crate::service::{AUTHORIZE_PATH, TOKEN_PATH};
use crate::signing::app_signature;
use crate::{Envelope, KnownErrcode};

/// The largest body the mock reads (the documented maximum is 500 rows per save).
const MAX_BODY: usize = 16 * 1024 * 1024;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

/// What the mock answered, before it becomes an HTTP response.
struct Answer {
    status: u16,
    body: String,
    errcode: Option<i64>,
    verdict: String,
}

impl Answer {
    fn success(data: Value) -> Answer {
        Answer {
            status: 200,
            body: json!({"errcode": 0, "description": "success", "data": data}).to_string(),
            errcode: Some(0),
            verdict: "ok".into(),
        }
    }

    fn business(error: BusinessError) -> Answer {
        Answer {
            status: 200,
            body: json!({"errcode": error.errcode, "description": error.description}).to_string(),
            errcode: Some(error.errcode),
            verdict: error.description,
        }
    }

    /// What an endpoint answers, in its envelope: the usual one, or the uploads'
    /// `{"success", "errorCode", "message", "data"}`, whose `errorCode` is text.
    fn endpoint(info: &EndpointInfo, result: Result<Value, BusinessError>) -> Answer {
        match (info.envelope, result) {
            (Envelope::Standard, Ok(data)) => Answer::success(data),
            (Envelope::Standard, Err(error)) => Answer::business(error),
            (Envelope::Upload, Ok(data)) => Answer {
                status: 200,
                body: json!({"success": true, "errorCode": "success", "data": data}).to_string(),
                errcode: Some(0),
                verdict: "ok".into(),
            },
            (Envelope::Upload, Err(error)) => Answer {
                status: 200,
                body: json!({
                    "success": false,
                    "errorCode": error.errcode.to_string(),
                    "message": error.description,
                })
                .to_string(),
                errcode: Some(error.errcode),
                verdict: error.description,
            },
        }
    }

    /// A gateway refusal: `{"errcode", "description": "...[GW]", "description_cn"}`.
    fn rejection(rejection: Rejection) -> Answer {
        let known = KnownErrcode::find(rejection.errcode);
        let description = known.map_or("gateway error", |k| k.description);
        let description_cn = known
            .and_then(|k| k.description_cn)
            .unwrap_or_else(|| gateway_cn(rejection.errcode));
        Answer {
            status: rejection.status,
            body: json!({
                "errcode": rejection.errcode,
                "description": if rejection.explained {
                    format!("{description}[GW]: {}", rejection.detail)
                } else {
                    format!("{description}[GW]")
                },
                "description_cn": description_cn,
            })
            .to_string(),
            errcode: Some(rejection.errcode),
            verdict: rejection.detail,
        }
    }
}

/// Chinese wording of the gateway codes whose documentation gives none.
fn gateway_cn(errcode: i64) -> &'static str {
    match errcode {
        4001 => "不支持的认证类型",
        4002 => "ClientID为空",
        4003 => "ClientID无效",
        4006 => "时间戳无效或已过期",
        4007 => "签名头无效",
        4008 => "签名无效",
        4009 => "Token为空",
        4010 => "Token无效",
        4011 => "Token已过期",
        5001 => "API不存在",
        5002 => "请求方法不允许",
        _ => "网关错误",
    }
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let method = parts.method.as_str().to_string();
    let path = parts.uri.path().to_string();
    let raw_query = parts.uri.query().unwrap_or_default().to_string();
    // A body that does not come in time is answered 408 and its connection closed, so that
    // a client stalling in the middle of one cannot hold the connection.
    let body_timeout = shared.config().limits.header_read_timeout;
    let body = match tokio::time::timeout(body_timeout, to_bytes(body, MAX_BODY)).await {
        Ok(body) => body.unwrap_or_default(),
        Err(_) => return body_timed_out(),
    };

    let request_id = {
        let mut state = shared.state();
        state.requests += 1;
        format!("mock-{:06}-{:08x}", state.requests, fastrand::u32(..))
    };
    if path == TOKEN_PATH && shared.state().hold_tokens {
        let record = RequestRecord {
            method,
            path,
            status: 0,
            errcode: None,
            verdict: "held: never answered".into(),
            request_id,
        };
        shared.state().log.push(record);
        return std::future::pending().await;
    }
    let (answer, delay) = answer(&shared, &method, &path, &raw_query, &parts.headers, &body);
    // Logged as the request is decided, so the log is in arrival order even when an answer is
    // delayed.
    let record = RequestRecord {
        method,
        path,
        status: answer.status,
        errcode: answer.errcode,
        verdict: answer.verdict,
        request_id: request_id.clone(),
    };
    if shared.config().log_to_stderr {
        eprintln!("jdy-mock: {record}");
    }
    shared.state().log.push(record);
    let latency = shared.config().latency + delay;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }

    let mut response = (
        StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        Body::from(answer.body),
    )
        .into_response();
    let headers = response.headers_mut();
    let content_type = if answer.status == 503 {
        "text/plain"
    } else {
        "application/json"
    };
    headers.insert("content-type", HeaderValue::from_static(content_type));
    if let Ok(id) = HeaderValue::from_str(&request_id) {
        headers.insert("X-Api-Requestid", id);
    }
    // The mock's own clock, which a test may have shifted: clients correct theirs from it.
    let now = std::time::UNIX_EPOCH + std::time::Duration::from_millis(shared.now_ms());
    if let Ok(date) = HeaderValue::from_str(&httpdate::fmt_http_date(now)) {
        headers.insert("date", date);
    }
    response
}

fn body_timed_out() -> Response {
    let mut response = (
        StatusCode::REQUEST_TIMEOUT,
        "the request body did not come in time",
    )
        .into_response();
    response
        .headers_mut()
        .insert("connection", HeaderValue::from_static("close"));
    response
}

/// Routes and checks a request; the answer and any extra delay a fault asks for.
fn answer(
    shared: &Shared,
    method: &str,
    path: &str,
    raw_query: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> (Answer, std::time::Duration) {
    let none = std::time::Duration::ZERO;
    let route = match route(method, path) {
        Ok(route) => route,
        Err(rejection) => return (Answer::rejection(rejection), none),
    };
    let now = shared.now_ms();
    let signed = {
        let config = shared.config();
        check_signature(
            method,
            path,
            raw_query,
            headers,
            |client_id| {
                (client_id == config.client_id).then(|| config.client_secret.expose().to_string())
            },
            now,
            config.explain_signatures,
        )
    };
    if let Err(rejection) = signed {
        return (Answer::rejection(rejection), none);
    }
    let query: BTreeMap<String, String> = decode_query(raw_query).into_iter().collect();
    match route {
        Route::Token => (token(shared, &query, now), none),
        Route::Authorize => (authorize(shared, &query), none),
        Route::Endpoint(info) => business(shared, info, &query, headers, body, now),
    }
}

enum Route {
    Token,
    Authorize,
    Endpoint(&'static EndpointInfo),
}

fn route(method: &str, path: &str) -> Result<Route, Rejection> {
    let fixed = [(TOKEN_PATH, "GET"), (AUTHORIZE_PATH, "POST")];
    for (fixed_path, fixed_method) in fixed {
        if path == fixed_path {
            if method != fixed_method {
                return Err(Rejection::gateway(
                    5002,
                    format!("{path} takes {fixed_method}"),
                ));
            }
            return Ok(if path == TOKEN_PATH {
                Route::Token
            } else {
                Route::Authorize
            });
        }
    }
    let mut path_known = false;
    for info in super::endpoints() {
        if info.path == path {
            if info.method.as_str() == method {
                return Ok(Route::Endpoint(info));
            }
            path_known = true;
        }
    }
    Err(if path_known {
        Rejection::gateway(5002, format!("{method} is not allowed on {path}"))
    } else {
        Rejection::gateway(5001, format!("no API at {path}"))
    })
}

/// `kingdee_auth_token`: checks app_key and app_signature, issues a token.
fn token(shared: &Shared, query: &BTreeMap<String, String>, now: u64) -> Answer {
    let asked = query.get("app_key").map(String::as_str).unwrap_or_default();
    let (account, lifetime) = {
        let config = shared.config();
        (super::fleet::account(&config, asked), config.token_lifetime)
    };
    let Some((app_key, app_secret)) = account else {
        return Answer::business(BusinessError {
            errcode: 1020002008,
            description: "授权错误，请检查app_key (unknown app_key)".into(),
        });
    };
    let expected = app_signature(&app_key, app_secret.expose());
    if query.get("app_signature") != Some(&expected) {
        return Answer::business(BusinessError {
            errcode: 1030002006,
            description: "授权密钥校验失败 (app_signature does not match the app_secret)".into(),
        });
    }
    let token = format!(
        "mock-token-{:016x}{:016x}",
        fastrand::u64(..),
        fastrand::u64(..)
    );
    let expires_at = now.saturating_add(lifetime.as_millis() as u64);
    let issued = super::tokens::Issued {
        expires_at,
        app_key,
    };
    shared.state().tokens.issue(token.clone(), issued, now);
    let mut answer = Answer::success(json!({"uid": 1001, "app-token": token}));
    answer.verdict = "token issued".into();
    answer
}

/// `push_app_authorize`: the account set's app_key, app_secret and domain.
fn authorize(shared: &Shared, query: &BTreeMap<String, String>) -> Answer {
    let config = shared.config();
    let asked = query
        .get("outerInstanceId")
        .map(String::as_str)
        .unwrap_or_default();
    match super::fleet::authorization(&config, asked) {
        Some(entry) => Answer::success(json!([entry])),
        None => Answer::business(BusinessError {
            errcode: 1030002003,
            description: "数据不存在: unknown outerInstanceId".into(),
        }),
    }
}

/// A business endpoint: token and router checks, rate limit, faults, then the endpoint.
fn business(
    shared: &Shared,
    info: &EndpointInfo,
    query: &BTreeMap<String, String>,
    headers: &HeaderMap,
    body: &[u8],
    now: u64,
) -> (Answer, std::time::Duration) {
    let none = std::time::Duration::ZERO;
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty())
    };
    let Some(token) = header("app-token") else {
        return (
            Answer::rejection(Rejection::gateway(4009, "app-token is missing")),
            none,
        );
    };
    let (domain, per_window, window) = {
        let config = shared.config();
        (
            config.domain.clone(),
            config.calls_per_minute,
            config.rate_window,
        )
    };
    let mut state = shared.state();
    let Some(super::tokens::Issued {
        expires_at,
        app_key,
    }) = state.tokens.get(token).cloned()
    else {
        return (
            Answer::rejection(Rejection::gateway(4010, "unknown app-token")),
            none,
        );
    };
    if now >= expires_at {
        return (
            Answer::rejection(Rejection::gateway(4011, "app-token has expired")),
            none,
        );
    }
    if header("X-GW-Router-Addr") != Some(domain.as_str()) {
        // Without the account set's data centre the gateway has nowhere to route the call.
        return (
            Answer::rejection(Rejection::gateway(
                5001,
                "X-GW-Router-Addr is missing or not this account set's domain",
            )),
            none,
        );
    }
    if !state
        .limits
        .entry(app_key)
        .or_default()
        .admit(now, per_window, window)
    {
        return (
            Answer::rejection(Rejection {
                status: 429,
                errcode: 429,
                detail: format!("over {per_window} calls in {} s", window.as_secs_f64()),
                explained: false,
            }),
            none,
        );
    }
    let mut delay = none;
    match state.faults.next() {
        Some(Fault::GatewayTransient(code)) => {
            return (
                Answer::rejection(Rejection::gateway(code, format!("fault: {code}"))),
                none,
            )
        }
        Some(Fault::Unavailable) => {
            return (
                Answer {
                    status: 503,
                    body: "Service Temporarily Unavailable".into(),
                    errcode: None,
                    verdict: "fault: 503".into(),
                },
                none,
            )
        }
        Some(Fault::Malformed) => {
            return (
                Answer {
                    status: 200,
                    body: r#"{"errcode":0,"description":"success","data":{"ro"#.into(),
                    errcode: None,
                    verdict: "fault: malformed body".into(),
                },
                none,
            )
        }
        Some(Fault::Delay(by)) => delay = by,
        Some(Fault::TokenExpired) => {
            return (
                Answer::business(BusinessError {
                    errcode: 1000202001,
                    description: "JWT token has expired".into(),
                }),
                none,
            )
        }
        None => {}
    }

    for name in info.required_query() {
        if query.get(name).is_none_or(|v| v.is_empty()) {
            return (Answer::endpoint(info, Err(required_missing(name))), delay);
        }
    }
    if info.multipart {
        return match multipart_parts(info, headers, body) {
            Ok(received) => {
                let data = documented_data(info).unwrap_or(Value::Null);
                let mut answer = Answer::endpoint(info, Ok(data));
                answer.verdict = format!("ok: {received}");
                (answer, delay)
            }
            Err(error) => (Answer::endpoint(info, Err(error)), delay),
        };
    }
    let body: Value = if body.is_empty() {
        Value::Null
    } else {
        match serde_json::from_slice(body) {
            Ok(value) => value,
            Err(error) => {
                let error = BusinessError {
                    errcode: 1030002001,
                    description: format!("参数类型错误: the body is not JSON ({error})"),
                };
                return (Answer::endpoint(info, Err(error)), delay);
            }
        }
    };
    if info.required_body().next().is_some() && !body.is_object() {
        let error = BusinessError {
            errcode: 1030002001,
            description: "参数类型错误: the body must be a JSON object".into(),
        };
        return (Answer::endpoint(info, Err(error)), delay);
    }
    for name in info.required_body() {
        if body.get(name).is_none_or(|v| v.is_null() || v == "") {
            return (Answer::endpoint(info, Err(required_missing(name))), delay);
        }
    }
    let result = match info.kind {
        "list" => Ok(state.store.list(info, query)),
        _ if info.paged => Ok(state.store.list(info, query)),
        // A POST "detail" is a query with a body: it answers its documented example.
        "detail" if info.method == crate::Method::Get => state.store.detail(info, query),
        "save" => state.store.save(info, &body),
        _ => Ok(documented_data(info).unwrap_or(Value::Null)),
    };
    (Answer::endpoint(info, result), delay)
}

/// An upload's body: `multipart/form-data` with a boundary, and every required part in it.
/// On success, what was received, for the log: `file1=111.txt (5 bytes)`.
fn multipart_parts(
    info: &EndpointInfo,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<String, BusinessError> {
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let Some(boundary) = multipart::boundary(content_type) else {
        return Err(BusinessError {
            errcode: 1030002001,
            description: format!(
                "参数类型错误: the body must be multipart/form-data with a boundary, not `{content_type}`"
            ),
        });
    };
    let parts = multipart::parts(body, boundary).map_err(|why| BusinessError {
        errcode: 1030002001,
        description: format!("参数类型错误: the multipart body cannot be read: {why}"),
    })?;
    for name in info.required_body() {
        if !parts.iter().any(|part| part.name == name) {
            return Err(BusinessError {
                errcode: 1030002000,
                description: format!(
                    "必填字段为空: {name} (the multipart body has no part `{name}`)"
                ),
            });
        }
    }
    let received: Vec<String> = parts
        .iter()
        .map(|part| match &part.file_name {
            Some(file_name) => format!("{}={file_name} ({} bytes)", part.name, part.len),
            None => format!("{} ({} bytes of text)", part.name, part.len),
        })
        .collect();
    Ok(received.join(", "))
}
