//! The gateway's checks of a signed request, in the order the gateway makes them.

use axum::http::HeaderMap;

use crate::signing;

/// A refusal, as the gateway answers it: HTTP status, errcode and descriptions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rejection {
    pub(crate) status: u16,
    pub(crate) errcode: i64,
    /// Why, for the mock's log.
    pub(crate) detail: String,
    /// The detail is added to the answer's description too, for the client to read.
    pub(crate) explained: bool,
}

impl Rejection {
    pub(crate) fn gateway(errcode: i64, detail: impl Into<String>) -> Self {
        Rejection {
            status: 519,
            errcode,
            detail: detail.into(),
            explained: false,
        }
    }
}

/// How far a timestamp may be from the gateway's clock.
const TIMESTAMP_WINDOW_MS: u64 = 5 * 60 * 1000;

/// The headers every call must carry and the signature over method, path and query
/// (4001..4008). `known_client` gives the secret of a known client id. With `explain`, a
/// refused signature's detail shows the string the mock signed (see
/// [`MockConfig::explain_signatures`](super::MockConfig::explain_signatures)).
pub(crate) fn check_signature(
    method: &str,
    path: &str,
    raw_query: &str,
    headers: &HeaderMap,
    known_client: impl Fn(&str) -> Option<String>,
    now_ms: u64,
    explain: bool,
) -> Result<(), Rejection> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let client_id = header("X-Api-ClientID")
        .ok_or_else(|| Rejection::gateway(4002, "X-Api-ClientID is empty"))?;
    let secret = known_client(client_id)
        .ok_or_else(|| Rejection::gateway(4003, format!("unknown client id `{client_id}`")))?;
    if header("X-Api-Auth-Version") != Some(crate::service::AUTH_VERSION) {
        return Err(Rejection::gateway(4001, "X-Api-Auth-Version must be 2.0"));
    }
    let timestamp = header("X-Api-TimeStamp")
        .and_then(|t| t.parse::<u64>().ok())
        .ok_or_else(|| {
            Rejection::gateway(4006, "X-Api-TimeStamp is missing or not milliseconds")
        })?;
    if timestamp.abs_diff(now_ms) > TIMESTAMP_WINDOW_MS {
        return Err(Rejection::gateway(
            4006,
            format!(
                "X-Api-TimeStamp {timestamp} is more than 5 minutes from the gateway's {now_ms}"
            ),
        ));
    }
    let sign_headers_ok = header("X-Api-SignHeaders").is_some_and(|v| {
        let mut names: Vec<String> = v
            .split(',')
            .map(|n| n.trim().to_ascii_lowercase())
            .collect();
        names.sort();
        names == ["x-api-nonce", "x-api-timestamp"]
    });
    if !sign_headers_ok {
        return Err(Rejection::gateway(
            4007,
            "X-Api-SignHeaders must be X-Api-TimeStamp,X-Api-Nonce",
        ));
    }
    let nonce = header("X-Api-Nonce")
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| {
            Rejection::gateway(4007, "X-Api-Nonce is missing or not a positive integer")
        })?;
    let received = header("X-Api-Signature")
        .ok_or_else(|| Rejection::gateway(4008, "X-Api-Signature is missing"))?;

    let params = decode_query(raw_query);
    let canonical = signing::canonical_query(&params);
    let string_to_sign = signing::string_to_sign(
        method,
        &percent_decode(path, false),
        &canonical.signed,
        nonce,
        &timestamp.to_string(),
    );
    if signing::signature(&secret, &string_to_sign) != received {
        let mut detail = "X-Api-Signature does not match the request".to_string();
        if explain {
            // The string only: the secret stays out, and so does the app_signature a token
            // request carries. Newlines are shown as `\n` to keep the answer on one line.
            let signed = crate::transport::trace::redact_string_to_sign(&string_to_sign);
            detail.push_str("; the mock signed: ");
            detail.push_str(&signed.replace('\n', "\\n"));
        }
        return Err(Rejection {
            explained: explain,
            ..Rejection::gateway(4008, detail)
        });
    }
    Ok(())
}

/// The query's parameters as the client meant them: split at `&` and the first `=`, then
/// form-decoded. The canonical form is rebuilt from these, so a client that signed its
/// parameters in another order, or encoded them otherwise, is caught.
pub(crate) fn decode_query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            (percent_decode(key, true), percent_decode(value, true))
        })
        .collect()
}

/// Percent-decoding over UTF-8; with `plus_is_space`, `+` is a space (form encoding).
/// Malformed escapes are kept as they are: the signature check then fails, as it should.
pub(crate) fn percent_decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' if plus_is_space => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_form_encoded_queries() {
        assert_eq!(
            decode_query("search=%E8%8B%B9%E6%9E%9C&order_by=name+desc&a=&b&c=1=2&bad=%zz"),
            [
                ("search".to_string(), "苹果".to_string()),
                ("order_by".into(), "name desc".into()),
                ("a".into(), "".into()),
                ("b".into(), "".into()),
                ("c".into(), "1=2".into()),
                ("bad".into(), "%zz".into()),
            ]
        );
        assert_eq!(percent_decode("%2", true), "%2");
        assert_eq!(percent_decode("a%2B", true), "a+");
    }
}
