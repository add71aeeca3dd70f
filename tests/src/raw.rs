//! Hand-made requests to the mock gateway: signed with `jdy::signing` exactly as the SDK signs,
//! then altered on purpose (a header dropped, the query changed after signing, ...) to provoke
//! each of the gateway's refusals, which the SDK itself would never send.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jdy::signing;
use serde_json::Value;

/// The token endpoint (KINGDEE-API.md section 3).
pub const TOKEN_PATH: &str = "/jdyconnector/app_management/kingdee_auth_token";
/// The pull-authorisation endpoint (KINGDEE-API.md section 3).
pub const AUTHORIZE_PATH: &str = "/jdyconnector/app_management/push_app_authorize";

/// Milliseconds since 1970, as `X-Api-TimeStamp` carries them.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis() as u64
}

/// A plain HTTP client for loopback, with no proxy and a bounded time per request.
pub fn http() -> reqwest::Client {
    // The workspace builds reqwest with rustls but no crypto provider; building any jdy client
    // installs one (ring), which reqwest needs even for plain http.
    let _ = jdy::Client::builder(jdy::Credentials::new("x", "x", "x", "x", "x"))
        .base_url("http://127.0.0.1:9")
        .build();
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("reqwest client")
}

/// Who signs: the application's client_id and client_secret.
#[derive(Debug, Clone)]
pub struct Signer {
    pub client_id: String,
    pub client_secret: String,
}

impl Signer {
    pub fn new(client_id: &str, client_secret: &str) -> Signer {
        Signer {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        }
    }

    /// The signer a mock with this config accepts.
    pub fn of(config: &jdy::mock::MockConfig) -> Signer {
        Signer::new(&config.client_id, config.client_secret.expose())
    }

    /// A request signed now, with a fresh 10-digit nonce.
    pub fn sign(&self, method: &str, path: &str, params: &[(&str, &str)]) -> RawRequest {
        let nonce = (1_000_000_000 + now_ms() % 8_999_999_999).to_string();
        self.sign_at(method, path, params, &nonce, &now_ms().to_string())
    }

    /// A request signed with a given nonce and timestamp.
    pub fn sign_at(
        &self,
        method: &str,
        path: &str,
        params: &[(&str, &str)],
        nonce: &str,
        timestamp: &str,
    ) -> RawRequest {
        let signed = signing::sign(
            &self.client_secret,
            &signing::SigningInput {
                method,
                path,
                query: params,
                nonce,
                timestamp,
            },
        );
        RawRequest {
            method: method.into(),
            path: path.into(),
            query: signed.query.wire,
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("X-Api-ClientID".into(), self.client_id.clone()),
                ("X-Api-Auth-Version".into(), "2.0".into()),
                ("X-Api-TimeStamp".into(), timestamp.into()),
                ("X-Api-Nonce".into(), nonce.into()),
                (
                    "X-Api-SignHeaders".into(),
                    "X-Api-TimeStamp,X-Api-Nonce".into(),
                ),
                ("X-Api-Signature".into(), signed.signature),
            ],
            body: (method == "POST").then(|| "{}".to_string()),
        }
    }
}

/// A request as it will go on the wire; every part can still be changed.
#[derive(Debug, Clone)]
pub struct RawRequest {
    pub method: String,
    /// The path exactly as sent.
    pub path: String,
    /// The query exactly as sent (without `?`).
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

impl RawRequest {
    /// Sets a header, replacing any value it had (names compared without case).
    pub fn header(mut self, name: &str, value: &str) -> RawRequest {
        self = self.without(name);
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Drops a header.
    pub fn without(mut self, name: &str) -> RawRequest {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self
    }

    /// The two headers of a business call: the app-token and the account set's domain.
    pub fn business(self, token: &str, domain: &str) -> RawRequest {
        self.header("app-token", token)
            .header("X-GW-Router-Addr", domain)
    }

    /// The value of a header, if set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Sends it to `base_url` (`http://127.0.0.1:<port>`).
    pub async fn send(&self, base_url: &str) -> RawAnswer {
        let mut url = format!("{base_url}{}", self.path);
        if !self.query.is_empty() {
            url.push('?');
            url.push_str(&self.query);
        }
        let method = reqwest::Method::from_bytes(self.method.as_bytes()).expect("HTTP method");
        let mut request = http().request(method, &url);
        for (name, value) in &self.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        if let Some(body) = &self.body {
            request = request.body(body.clone());
        }
        let response = request.send().await.expect("the mock answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("a readable body");
        RawAnswer {
            status,
            headers,
            text,
        }
    }
}

/// An answer as received.
#[derive(Debug, Clone)]
pub struct RawAnswer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl RawAnswer {
    /// The body as JSON (panics, with the body, if it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.text))
    }

    pub fn errcode(&self) -> Option<i64> {
        self.json().get("errcode").and_then(Value::as_i64)
    }

    /// `X-Api-Requestid`, if the answer carried one.
    pub fn request_id(&self) -> Option<&str> {
        self.headers
            .get("X-Api-Requestid")
            .and_then(|v| v.to_str().ok())
    }

    /// Checks that this is a gateway refusal as section 4 describes it: HTTP 519,
    /// `{"errcode": errcode, "description": "...[GW]", "description_cn": "..."}` and an
    /// `X-Api-Requestid` header.
    #[track_caller]
    pub fn assert_gateway(&self, errcode: i64) {
        assert_eq!(
            (self.status, self.errcode()),
            (519, Some(errcode)),
            "body: {}",
            self.text
        );
        let body = self.json();
        let description = body["description"].as_str().unwrap_or_default();
        assert!(
            description.ends_with("[GW]"),
            "description does not end in [GW]: {description:?}"
        );
        let description_cn = body["description_cn"].as_str().unwrap_or_default();
        assert!(
            !description_cn.trim().is_empty(),
            "description_cn is empty: {}",
            self.text
        );
        assert!(
            self.request_id().is_some_and(|id| !id.is_empty()),
            "no X-Api-Requestid header: {:?}",
            self.headers
        );
    }
}

/// Asks the mock for an app-token with raw requests (signed like any call).
pub async fn fetch_token(base_url: &str, config: &jdy::mock::MockConfig) -> String {
    let app_signature = signing::app_signature(&config.app_key, config.app_secret.expose());
    let answer = Signer::of(config)
        .sign(
            "GET",
            TOKEN_PATH,
            &[
                ("app_key", config.app_key.as_str()),
                ("app_signature", app_signature.as_str()),
            ],
        )
        .send(base_url)
        .await;
    assert_eq!(answer.status, 200, "token answer: {}", answer.text);
    let body = answer.json();
    assert_eq!(body["errcode"], 0, "token answer: {}", answer.text);
    body["data"]["app-token"]
        .as_str()
        .expect("data.app-token")
        .to_string()
}
