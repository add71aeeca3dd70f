//! What can go wrong with a call, kept apart by what the caller can do about it.

pub(crate) mod decode;

use std::fmt;

use crate::Method;

/// An error from a call to the jdy API.
///
/// The variants separate where it went wrong: the call never left ([`Error::Config`],
/// [`Error::InvalidRequest`]), it did not arrive or no answer came ([`Error::Transport`]),
/// the gateway refused it ([`Error::Gateway`]), the service refused it
/// ([`Error::Business`], or [`Error::BusinessText`] for an upload refused with a code that is
/// not a number), or the answer could not be read ([`Error::Decode`]). Every message
/// is one line; the request id, where the server gave one, is what Kingdee support asks for.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client is not set up to make calls (a missing credential, a bad base URL).
    #[error("configuration: {0}")]
    Config(String),

    /// The call could not be built (a GET URL longer than the gateway takes, a body that
    /// cannot be serialised, a file over an upload's documented limits).
    #[error("{call}: cannot send: {reason}")]
    InvalidRequest { call: CallName, reason: String },

    /// The request did not complete: connection refused, TLS failure, timeout. The message
    /// names the cause reqwest reports (`connection refused`, `operation timed out`, ...), not
    /// only reqwest's own words.
    #[error("{call}: transport failure: {}", with_causes(.source))]
    Transport {
        call: CallName,
        #[source]
        source: reqwest::Error,
    },

    /// The gateway refused the call: HTTP 519 (or another status that is not 200) with a
    /// gateway code such as 4008 (signature invalid) or 4011 (token expired).
    #[error("{call}: gateway refused with HTTP {status}{}: {description}{}{}",
        errcode_part(.errcode), cn_part(.description_cn), request_id_part(.request_id))]
    Gateway {
        call: CallName,
        status: u16,
        errcode: Option<i64>,
        description: String,
        description_cn: Option<String>,
        request_id: Option<String>,
    },

    /// The service answered HTTP 200 with an `errcode` other than 0.
    #[error("{call}: errcode {errcode}: {description}{}", request_id_part(.request_id))]
    Business {
        call: CallName,
        errcode: i64,
        description: String,
        request_id: Option<String>,
    },

    /// The service refused the call (HTTP 200) with a code that is not a number. The uploads
    /// answer `{"success": false, "errorCode": ..., "message": ...}`; a numeric `errorCode` is
    /// an [`Error::Business`], and any other is kept here as sent (`code` is empty when the
    /// answer has none), rather than turned into a number it is not.
    #[error("{call}: {}: {description}{}", code_text_part(.code), request_id_part(.request_id))]
    BusinessText {
        call: CallName,
        code: String,
        description: String,
        request_id: Option<String>,
    },

    /// The answer was not what the spec describes. `excerpt` is the start of the body, cut
    /// to a bounded length (and left out where the body holds a token).
    #[error("{call}: cannot decode the answer (HTTP {status}): {reason}{}; body: {excerpt}",
        request_id_part(.request_id))]
    Decode {
        call: CallName,
        status: u16,
        reason: String,
        excerpt: String,
        request_id: Option<String>,
    },

    /// The [store](crate::store) that keeps tokens, authorisations and rate budgets failed
    /// (for example, Redis cannot be reached): the call was not sent.
    #[error("store: {0}")]
    Store(#[from] crate::store::StoreError),
}

impl Error {
    /// The `errcode` of a gateway or business refusal.
    pub fn errcode(&self) -> Option<i64> {
        match self {
            Error::Gateway { errcode, .. } => *errcode,
            Error::Business { errcode, .. } => Some(*errcode),
            _ => None,
        }
    }

    /// The `X-Api-Requestid` the server gave, to quote to Kingdee support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Gateway { request_id, .. }
            | Error::Business { request_id, .. }
            | Error::BusinessText { request_id, .. }
            | Error::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status of the answer, when one came.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Gateway { status, .. } | Error::Decode { status, .. } => Some(*status),
            Error::Business { .. } | Error::BusinessText { .. } => Some(200),
            Error::Transport { source, .. } => source.status().map(|s| s.as_u16()),
            _ => None,
        }
    }

    /// Whether the same call, sent again a little later, could succeed: a transport failure or
    /// timeout, HTTP 429 or 5xx, or a transient gateway code (5000, 5003 to 5007). The
    /// client has already retried such errors as far as its [`RetryPolicy`](crate::RetryPolicy)
    /// allows. A business refusal, a refused signature or an answer that cannot be read will
    /// fail the same way again.
    pub fn is_retryable(&self) -> bool {
        match self {
            // A store that could not be reached may be back in a moment; nothing was sent.
            Error::Transport { .. } | Error::Store(_) => true,
            Error::Gateway {
                status, errcode, ..
            } => {
                matches!(*status, 429 | 500..=599 if *status != 519)
                    || matches!(errcode, Some(429 | 5000 | 5003..=5007))
            }
            Error::Config(_)
            | Error::InvalidRequest { .. }
            | Error::Business { .. }
            | Error::BusinessText { .. }
            | Error::Decode { .. } => false,
        }
    }

    /// What the documentation says about this error's `errcode`, if it is a shared code.
    pub fn known_errcode(&self) -> Option<&'static KnownErrcode> {
        self.errcode().and_then(KnownErrcode::find)
    }
}

/// Which call failed: method and path, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallName {
    pub method: Method,
    pub path: String,
}

impl fmt::Display for CallName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method.as_str(), self.path)
    }
}

/// An error and the errors it wraps, outermost first: reqwest's own text ("error sending
/// request") says what failed, its sources say why (a refused connection, a timeout, a TLS
/// certificate). Repeated texts are left out, as hyper repeats its cause's words.
fn with_causes(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        let said = inner.to_string();
        if !said.is_empty() && !text.contains(&said) {
            text.push_str(": ");
            text.push_str(&said);
        }
        cause = inner.source();
    }
    text
}

fn errcode_part(errcode: &Option<i64>) -> String {
    errcode
        .map(|c| format!(", errcode {c}"))
        .unwrap_or_default()
}

fn code_text_part(code: &str) -> String {
    if code.is_empty() {
        "refused without an errorCode".to_string()
    } else {
        format!("errorCode `{code}`")
    }
}

fn cn_part(description_cn: &Option<String>) -> String {
    description_cn
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| format!(" ({s})"))
        .unwrap_or_default()
}

fn request_id_part(request_id: &Option<String>) -> String {
    request_id
        .as_deref()
        .map(|id| format!(" [request id {id}]"))
        .unwrap_or_default()
}

/// A documented error code shared by every endpoint (see `spec/service.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownErrcode {
    pub code: i64,
    pub kind: ErrcodeKind,
    pub description: &'static str,
    pub description_cn: Option<&'static str>,
}

impl KnownErrcode {
    /// Looks a code up in the documented table.
    pub fn find(code: i64) -> Option<&'static KnownErrcode> {
        crate::service::ERRCODES.iter().find(|e| e.code == code)
    }
}

/// Who answers with a code: the gateway (HTTP 519, codes 4001..5007) or the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrcodeKind {
    Gateway,
    Business,
}
