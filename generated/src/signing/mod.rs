//! Request signing for the jdy (金蝶云星辰) Open API gateway: percent-encoding, the canonical
//! query, the string to sign, `X-Api-Signature` and `app_signature`, byte for byte as Kingdee's
//! own Java gateway client computes them.
//!
//! Everything here is pure (no clock, no randomness, no I/O): the caller supplies the nonce and
//! the timestamp, so every stage can be checked against fixed vectors and a rejected call
//! (gateway error 4008) can be debugged by comparing the intermediate strings.

pub(crate) mod clock;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Upper-case hex digits, as both percent-encoders emit them.
const UPPER_HEX: &[u8; 16] = b"0123456789ABCDEF";
/// Lower-case hex digits, as the signature digest is rendered before base64.
const LOWER_HEX: &[u8; 16] = b"0123456789abcdef";

/// Bytes that Java's `URLEncoder` leaves alone (besides the space, which becomes `+`).
fn form_keeps(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'*' | b'_')
}

/// Bytes that the gateway encoder leaves alone (besides the space, which becomes `+`).
fn gw_keeps(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// Appends `s` to `out`, percent-encoding every UTF-8 byte that `keep` rejects (upper-case hex)
/// and turning spaces into `+`. Writes into one buffer: no allocation per character.
fn encode_into(out: &mut String, s: &str, keep: fn(u8) -> bool) {
    for &b in s.as_bytes() {
        if keep(b) {
            out.push(char::from(b));
        } else if b == b' ' {
            out.push('+');
        } else {
            out.push('%');
            out.push(char::from(UPPER_HEX[usize::from(b >> 4)]));
            out.push(char::from(UPPER_HEX[usize::from(b & 0x0F)]));
        }
    }
}

/// Encodes `s` into a fresh `String` sized for the common case (few escapes).
fn encode(s: &str, keep: fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 2);
    encode_into(&mut out, s, keep);
    out
}

/// Percent-encodes a query **value** the way Java's `URLEncoder` (UTF-8) does, which is how
/// Kingdee's client puts values on the URL.
///
/// Keeps `A-Z a-z 0-9 . - * _`, turns a space into `+` and writes every other UTF-8 byte as
/// `%XX` with upper-case hex. Note that `~` is escaped (`%7E`) while `*` is kept: the opposite of
/// [`gw_encode`], and a frequent source of signature mismatches in hand-written clients.
///
/// ```
/// use jdy::signing::form_encode;
/// assert_eq!(form_encode("number desc"), "number+desc");
/// assert_eq!(form_encode("苹果"), "%E8%8B%B9%E6%9E%9C");
/// ```
pub fn form_encode(s: &str) -> String {
    encode(s, form_keeps)
}

/// Percent-encodes the way the gateway's signer does: used for query keys, for the path in the
/// string to sign, and for both halves of every entry of the canonical query line.
///
/// Keeps `A-Z a-z 0-9 - _ . ~`, turns a space into `+` and writes every other UTF-8 byte as
/// `%XX` with upper-case hex (so `*` becomes `%2A`, `/` becomes `%2F`, `%` becomes `%25`).
///
/// ```
/// use jdy::signing::gw_encode;
/// assert_eq!(gw_encode("/jdy/v2/bd/customer"), "%2Fjdy%2Fv2%2Fbd%2Fcustomer");
/// assert_eq!(gw_encode("a*b~c"), "a%2Ab~c");
/// ```
pub fn gw_encode(s: &str) -> String {
    encode(s, gw_keeps)
}

/// The query of one call in its two encoded forms: as sent on the wire, and as signed.
///
/// Both come from the same sorted list, so the URL carries exactly the parameters that were
/// signed, in the same order; that leaves the gateway no room to re-read them differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalQuery {
    /// The parameters as `gw(key)=form(value)`, sorted by plain byte order of these whole
    /// strings and joined with `&`: what goes after `?` on the URL (`""` when there are no
    /// parameters, in which case no `?` should be sent).
    ///
    /// A parameter with an empty key stays here (as `=value`) even though it is left out of
    /// [`signed`](Self::signed): Kingdee's client only drops it from the signed line.
    pub wire: String,
    /// The canonical query line of the string to sign: every entry of [`wire`](Self::wire)
    /// with a non-empty key, split at its first `=` and re-encoded as `gw(key)=gw(value)` over
    /// the already-encoded parts (so `+` becomes `%2B` and `%3D` becomes `%253D`), joined with
    /// `&`. `""` when there is nothing to sign.
    pub signed: String,
}

/// Builds the wire query and the canonical query line from `(key, value)` pairs given
/// unencoded and in any order.
///
/// Follows Kingdee's Java client exactly: each pair becomes `gw(key)=form(value)`; the whole
/// strings are sorted by byte order (so `a1=2` sorts before `a=1`, and `page=1` before
/// `page_size=10`: this is not a sort by key); the sorted list joined with `&` is
/// [`CanonicalQuery::wire`]; each entry is then split at its first `=`, dropped if its key is
/// empty, and re-encoded as `gw(k)=gw(v)` for [`CanonicalQuery::signed`]. Repeated keys are kept,
/// each as its own entry. Never fails: any string is a valid key or value.
///
/// ```
/// use jdy::signing::canonical_query;
/// let q = canonical_query(&[("page_size", "10"), ("order_by", "number desc"), ("page", "1")]);
/// assert_eq!(q.wire, "order_by=number+desc&page=1&page_size=10");
/// assert_eq!(q.signed, "order_by=number%2Bdesc&page=1&page_size=10");
/// ```
pub fn canonical_query<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> CanonicalQuery {
    // Step 1: gw(key) "=" form(value), one buffer per parameter.
    let mut entries: Vec<String> = params
        .iter()
        .map(|(k, v)| {
            let (k, v) = (k.as_ref(), v.as_ref());
            let mut e = String::with_capacity(k.len() + v.len() + 8);
            encode_into(&mut e, k, gw_keeps);
            e.push('=');
            encode_into(&mut e, v, form_keeps);
            e
        })
        .collect();
    // Step 2: plain byte order of the whole strings (`str`'s `Ord` compares UTF-8 bytes; the
    // entries are ASCII anyway). Equal strings are identical, so an unstable sort is exact.
    entries.sort_unstable();

    let wire = entries.join("&");

    // Step 3: split at the first '=', drop empty keys, gw-encode both (already encoded) halves.
    let mut signed = String::with_capacity(wire.len() + wire.len() / 4);
    for entry in &entries {
        // gw(key) never contains '=' (it is escaped to %3D), so the first '=' is always the
        // separator written in step 1; the fallback only guards the invariant without panicking.
        let (k, v) = entry.split_once('=').unwrap_or((entry.as_str(), ""));
        if k.is_empty() {
            continue;
        }
        if !signed.is_empty() {
            signed.push('&');
        }
        encode_into(&mut signed, k, gw_keeps);
        signed.push('=');
        encode_into(&mut signed, v, gw_keeps);
    }

    CanonicalQuery { wire, signed }
}

/// Assembles the string that `X-Api-Signature` signs, in the gateway's fixed layout:
///
/// ```text
/// METHOD\n
/// gw(path)\n
/// canonical_line\n
/// x-api-nonce:<nonce>\n
/// x-api-timestamp:<timestamp>\n
/// ```
///
/// `method` is upper-cased (ASCII only, so the result never depends on a locale); `path` is the
/// whole path without query and is [`gw_encode`]d; `canonical_line` is
/// [`CanonicalQuery::signed`] and may be empty (its line then stays, empty). Every line ends in
/// `\n`, the last one included, and the nonce line always precedes the timestamp line; getting
/// either wrong is the most common cause of gateway error 4008. The request body is never part
/// of the signature.
pub fn string_to_sign(
    method: &str,
    path: &str,
    canonical_line: &str,
    nonce: &str,
    timestamp: &str,
) -> String {
    let mut s = String::with_capacity(
        method.len() + path.len() * 2 + canonical_line.len() + nonce.len() + timestamp.len() + 40,
    );
    s.push_str(&method.to_ascii_uppercase());
    s.push('\n');
    encode_into(&mut s, path, gw_keeps);
    s.push('\n');
    s.push_str(canonical_line);
    s.push('\n');
    s.push_str("x-api-nonce:");
    s.push_str(nonce);
    s.push('\n');
    s.push_str("x-api-timestamp:");
    s.push_str(timestamp);
    s.push('\n');
    s
}

/// `base64(lowercase_hex(HMAC-SHA256(key, message)))`: the shape shared by `X-Api-Signature`
/// and `app_signature`.
fn hmac_hex_base64(key: &str, message: &str) -> String {
    // HMAC is defined for keys of any length (long keys are hashed, short ones padded), so the
    // `InvalidLength` error of `new_from_slice` cannot occur for HMAC-SHA256.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key.as_bytes())
        .expect("HMAC-SHA256 accepts keys of any length");
    mac.update(message.as_bytes());
    let digest = mac.finalize().into_bytes();

    let mut hex = [0u8; 64];
    for (pair, &b) in hex.chunks_exact_mut(2).zip(digest.iter()) {
        pair[0] = LOWER_HEX[usize::from(b >> 4)];
        pair[1] = LOWER_HEX[usize::from(b & 0x0F)];
    }
    STANDARD.encode(hex)
}

/// Computes `X-Api-Signature` for a string built by [`string_to_sign`], keyed with the
/// application's `client_secret`.
///
/// The gateway expects base64 of the 64-character **lower-case hex text** of the HMAC-SHA256
/// digest, not of the 32 raw bytes, so the result is always 88 characters ending in `==`.
pub fn signature(client_secret: &str, string_to_sign: &str) -> String {
    hmac_hex_base64(client_secret, string_to_sign)
}

/// Computes the `app_signature` query parameter of the token request
/// (`/jdyconnector/app_management/kingdee_auth_token`): HMAC-SHA256 keyed with the account
/// set's `app_secret` over its `app_key`, as base64 of the lower-case hex digest (88
/// characters).
///
/// ```
/// use jdy::signing::app_signature;
/// assert_eq!(
///     app_signature("abc", "abc123"),
///     "ZDljMTI3NGIyNTE1MTRkYzlkNjc1MDNhYjUzMzgzNWMyY2M4YTdjMzdmNmM3YTVlNDkxMTkzNjdiOTFjNzUyZQ=="
/// );
/// ```
pub fn app_signature(app_key: &str, app_secret: &str) -> String {
    hmac_hex_base64(app_secret, app_key)
}

/// Everything that is signed in one call. The caller picks the nonce (a random positive
/// integer; Kingdee's client uses 10 digits) and the timestamp (13-digit milliseconds, within
/// 5 minutes of the server clock) so that signing itself stays deterministic.
#[derive(Debug, Clone, Copy)]
pub struct SigningInput<'a> {
    /// HTTP method, any case (`"GET"`, `"post"`); it is upper-cased in the string to sign.
    pub method: &'a str,
    /// Request path without query or host, e.g. `/jdy/v2/bd/customer`.
    pub path: &'a str,
    /// Query parameters, unencoded, in any order.
    pub query: &'a [(&'a str, &'a str)],
    /// The value sent in `X-Api-Nonce`.
    pub nonce: &'a str,
    /// The value sent in `X-Api-TimeStamp`.
    pub timestamp: &'a str,
}

/// The result of signing: what to send, and the intermediate string it was derived from so a
/// rejected signature can be compared stage by stage. It never holds the secret, so its
/// `Debug` output is safe to log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// The query to put on the URL ([`CanonicalQuery::wire`]) and the line that was signed.
    pub query: CanonicalQuery,
    /// The exact string that was signed (see [`string_to_sign`]).
    pub string_to_sign: String,
    /// The value of the `X-Api-Signature` header.
    pub signature: String,
}

/// Signs one call with the application's `client_secret`: builds the canonical query, the
/// string to sign and the `X-Api-Signature` value.
///
/// Send [`CanonicalQuery::wire`] as the URL query (it is exactly what was signed), the
/// signature in `X-Api-Signature`, the same nonce and timestamp in `X-Api-Nonce` and
/// `X-Api-TimeStamp`, and `X-Api-SignHeaders: X-Api-TimeStamp,X-Api-Nonce`.
pub fn sign(client_secret: &str, input: &SigningInput<'_>) -> SignedRequest {
    let query = canonical_query(input.query);
    let string_to_sign = string_to_sign(
        input.method,
        input.path,
        &query.signed,
        input.nonce,
        input.timestamp,
    );
    let signature = signature(client_secret, &string_to_sign);
    SignedRequest {
        query,
        string_to_sign,
        signature,
    }
}
