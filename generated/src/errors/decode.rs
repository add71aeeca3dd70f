//! From an answer to a typed value or an error that says what happened.
//!
//! Every answer is read in two steps: first the envelope (`errcode`, `description`, and `data`
//! kept as raw JSON), then, on success only, `data` as the endpoint's type. So a business
//! error is reported as one even when its `data` has another shape. The uploads answer in an
//! envelope of their own (`errorCode`, `success`, `message`, `data`), read by [`upload_data`].

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::transport::Answer;
use crate::wire::{self, DecodeError};
use crate::{service, Call, Error};

/// How much of a body an error message quotes.
const EXCERPT_BYTES: usize = 300;
/// How much of a description from the server an error keeps.
const DESCRIPTION_BYTES: usize = 500;
/// How much of an upload's textual `errorCode` an error keeps: real ones are a word or two.
const CODE_BYTES: usize = 64;

/// The answer envelope, read by the rules of [`wire::decode`] like everything else (some answers
/// send `errcode` as text). The authorisation endpoint has been seen answering `code` instead
/// of `errcode`.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(default, alias = "code")]
    errcode: Option<i64>,
    #[serde(default, alias = "message", alias = "msg")]
    description: Option<String>,
    #[serde(default)]
    description_cn: Option<String>,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

/// Decodes the `data` of a successful answer as `T`, in the envelope the call expects.
pub(crate) fn data<T: DeserializeOwned>(call: &Call, answer: Answer) -> Result<T, Error> {
    match call.envelope {
        crate::Envelope::Standard => decode_with(call, answer, Quote::Body, &[service::SUCCESS]),
        crate::Envelope::Upload => upload_data(call, answer),
    }
}

/// Whether an error may quote the body: not when it holds a token.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quote {
    Body,
    Withhold,
}

/// Decodes the `data` of an answer whose errcode is one of `success`.
pub(crate) fn decode_with<T: DeserializeOwned>(
    call: &Call,
    answer: Answer,
    quote: Quote,
    success: &[i64],
) -> Result<T, Error> {
    let excerpt = || match quote {
        Quote::Body => excerpt(&answer.body),
        Quote::Withhold => "(withheld: the answer carries a token)".to_string(),
    };
    // The messages quote the value they could not use, which in a token answer may be the
    // token itself: there only the place of the problem is kept.
    let reason = |within: &str, error: DecodeError| {
        let path = match (within, error.path()) {
            (within, "") => within.to_string(),
            ("", path) => path.to_string(),
            (within, path) => format!("{within}.{path}"),
        };
        let place = if path.is_empty() {
            String::new()
        } else {
            format!("{path}: ")
        };
        match quote {
            Quote::Body => format!("{place}{}", error.message()),
            Quote::Withhold => format!("{place}unexpected content"),
        }
    };
    let decode_error = |reason: String| Error::Decode {
        call: call.name(),
        status: answer.status,
        reason,
        excerpt: excerpt(),
        request_id: answer.request_id.clone(),
    };

    let envelope: Result<Envelope<'_>, String> = match std::str::from_utf8(&answer.body) {
        Ok(text) => wire::from_str(text).map_err(|e| reason("", e)),
        Err(_) => Err("the answer is not UTF-8 text".into()),
    };
    if answer.status != 200 {
        // The gateway's refusals (HTTP 519) carry errcode, description and description_cn.
        let (errcode, description, description_cn) = match &envelope {
            Ok(e) => (
                e.errcode,
                e.description.as_deref(),
                e.description_cn.as_deref(),
            ),
            Err(_) => (None, None, None),
        };
        return Err(Error::Gateway {
            call: call.name(),
            status: answer.status,
            errcode,
            description: description.map(one_line).unwrap_or_else(excerpt),
            description_cn: description_cn.map(one_line),
            request_id: answer.request_id.clone(),
        });
    }
    let envelope = envelope.map_err(|e| decode_error(format!("not a jdy answer: {e}")))?;
    match envelope.errcode {
        Some(code) if success.contains(&code) => {}
        Some(code) => {
            return Err(Error::Business {
                call: call.name(),
                errcode: code,
                description: one_line(envelope.description.as_deref().unwrap_or_default()),
                request_id: answer.request_id.clone(),
            })
        }
        None => return Err(decode_error("the answer has no errcode".into())),
    }
    let raw = envelope.data.map(RawValue::get).unwrap_or("null");
    wire::from_str(raw).map_err(|e| decode_error(reason("data", e)))
}

/// The errcode of an answer, if it has one, without decoding the rest: to recognise a
/// refusal the client can recover from before reporting it.
pub(crate) fn errcode(answer: &Answer) -> Option<i64> {
    let text = std::str::from_utf8(&answer.body).ok()?;
    wire::from_str::<Envelope<'_>>(text).ok()?.errcode
}

/// The upload endpoints' envelope (附件上传, 凭证附件上传).
#[derive(Deserialize)]
struct UploadEnvelope<'a> {
    #[serde(default)]
    success: Option<serde_json::Value>,
    #[serde(default, rename = "errorCode")]
    error_code: Option<serde_json::Value>,
    #[serde(default)]
    message: Option<String>,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

/// Decodes an answer in the upload envelope: a success when `success` is true or `errorCode`
/// is `"success"`. A refusal with a numeric `errorCode` (as text or as a number) is an
/// [`Error::Business`] like any other, so that the codes of the documentation and the token
/// refusals mean the same everywhere; a refusal whose `errorCode` is not a number is an
/// [`Error::BusinessText`] that keeps the code as sent, since no number would be true to it.
/// Gateway refusals (not HTTP 200) and answers in the usual envelope (the service's own
/// refusals of a token arrive so) are read as usual.
fn upload_data<T: DeserializeOwned>(call: &Call, answer: Answer) -> Result<T, Error> {
    let upload = if answer.status == 200 {
        serde_json::from_slice::<UploadEnvelope<'_>>(&answer.body)
            .ok()
            .filter(|e| e.success.is_some() || e.error_code.is_some())
    } else {
        None
    };
    let Some(upload) = upload else {
        return decode_with(call, answer, Quote::Body, &[service::SUCCESS]);
    };
    // A code is a word (or a number); whatever else a server sends there is kept short.
    let code = upload.error_code.as_ref().map(|code| match code {
        serde_json::Value::String(text) => wire::bounded_line(text, CODE_BYTES),
        other => wire::bounded_line(&other.to_string(), CODE_BYTES),
    });
    let succeeded = matches!(&upload.success, Some(serde_json::Value::Bool(true)))
        || matches!(&upload.success, Some(serde_json::Value::String(s)) if s == "true")
        || code.as_deref() == Some("success");
    if !succeeded {
        let description = one_line(upload.message.as_deref().unwrap_or_default());
        let request_id = answer.request_id.clone();
        let code = code.unwrap_or_default();
        return Err(match code.parse::<i64>() {
            Ok(errcode) => Error::Business {
                call: call.name(),
                errcode,
                description,
                request_id,
            },
            Err(_) => Error::BusinessText {
                call: call.name(),
                code,
                description,
                request_id,
            },
        });
    }
    let raw = upload.data.map(RawValue::get).unwrap_or("null");
    wire::from_str(raw).map_err(|error| Error::Decode {
        call: call.name(),
        status: answer.status,
        reason: match error.path() {
            "" => format!("data: {}", error.message()),
            path => format!("data.{path}: {}", error.message()),
        },
        excerpt: excerpt(&answer.body),
        request_id: answer.request_id.clone(),
    })
}

/// Text from the server for a one-line message: line breaks and other control characters
/// become spaces, runs of spaces one, and a description of a megabyte a few hundred bytes.
fn one_line(text: &str) -> String {
    wire::bounded_line(text, DESCRIPTION_BYTES)
}

/// The start of a body on one line, cut at a character boundary, for error messages.
fn excerpt(body: &[u8]) -> String {
    // Only the start is read: a body may be megabytes long.
    let start = &body[..body.len().min(EXCERPT_BYTES * 4)];
    let text = wire::bounded_line(&String::from_utf8_lossy(start), EXCERPT_BYTES);
    if text.is_empty() {
        return "(empty)".to_string();
    }
    if text.ends_with('…') || start.len() < body.len() {
        return format!("{text} ({} bytes)", body.len());
    }
    text
}
