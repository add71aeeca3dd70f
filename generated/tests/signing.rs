//! Tests of the pure signing layer against the official worked example and against vectors
//! whose expected strings were written by hand and whose signatures were computed with an
//! independent tool (Python hmac/hashlib, cross-checked with openssl); see
//! `tests/vectors/signing.json`.

use jdy::signing::{
    app_signature, canonical_query, form_encode, gw_encode, sign, signature, string_to_sign,
    CanonicalQuery, SignedRequest, SigningInput,
};
use serde::Deserialize;

const VECTORS: &str = include_str!("vectors/signing.json");

#[derive(Debug, Deserialize)]
struct Vectors {
    official: Case,
    cases: Vec<Case>,
    app_signature: Vec<AppSignatureCase>,
    form_encode: Vec<(String, String)>,
    gw_encode: Vec<(String, String)>,
}

#[derive(Debug, Deserialize)]
struct Case {
    name: String,
    client_secret: String,
    method: String,
    path: String,
    path_gw: String,
    query: Vec<(String, String)>,
    #[serde(default)]
    body: Option<String>,
    nonce: String,
    timestamp: String,
    wire: String,
    canonical: String,
    string_to_sign: String,
    signature: String,
}

#[derive(Debug, Deserialize)]
struct AppSignatureCase {
    note: String,
    app_key: String,
    app_secret: String,
    app_signature: String,
}

fn vectors() -> Vectors {
    serde_json::from_str(VECTORS).expect("tests/vectors/signing.json is valid")
}

/// Checks one case stage by stage, then through `sign()`.
fn check_case(c: &Case) {
    let name = &c.name;

    // Stage 0: the path as it appears in the string to sign.
    assert_eq!(gw_encode(&c.path), c.path_gw, "{name}: gw(path)");

    // Stage 1: wire query and canonical line.
    let q = canonical_query(&c.query);
    assert_eq!(q.wire, c.wire, "{name}: wire query");
    assert_eq!(q.signed, c.canonical, "{name}: canonical line");

    // Stage 2: string to sign, built from the expected canonical line.
    let sts = string_to_sign(&c.method, &c.path, &c.canonical, &c.nonce, &c.timestamp);
    assert_eq!(sts, c.string_to_sign, "{name}: string to sign");

    // Stage 3: signature over the expected string to sign.
    let sig = signature(&c.client_secret, &c.string_to_sign);
    assert_eq!(sig, c.signature, "{name}: signature");
    assert_eq!(sig.len(), 88, "{name}: signature length");
    assert!(sig.ends_with("=="), "{name}: signature padding");

    // All stages at once.
    let query: Vec<(&str, &str)> = c
        .query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let input = SigningInput {
        method: &c.method,
        path: &c.path,
        query: &query,
        nonce: &c.nonce,
        timestamp: &c.timestamp,
    };
    let signed = sign(&c.client_secret, &input);
    assert_eq!(
        signed,
        SignedRequest {
            query: CanonicalQuery {
                wire: c.wire.clone(),
                signed: c.canonical.clone(),
            },
            string_to_sign: c.string_to_sign.clone(),
            signature: c.signature.clone(),
        },
        "{name}: sign()"
    );

    // The body is never part of what is signed.
    if let Some(body) = &c.body {
        assert!(
            !signed.string_to_sign.contains(body.as_str()),
            "{name}: body signed"
        );
    }
    // The derived Debug never shows the secret.
    assert!(
        !format!("{signed:?}").contains(&c.client_secret),
        "{name}: secret in Debug"
    );
}

#[test]
fn official_worked_example_stage_by_stage() {
    const SECRET: &str = "f2adcfef73369bfc4e1384677d38a0ff";
    const PATH: &str = "/jdyconnector/app_management/kingdee_auth_token";
    const APP_SIG: &str =
        "MzZlYTk0ODk4MWZlNjdiODNmNWU4YzViNzYxNGM5MTFlOGJkN2NjMzk0MTJkZGNhZGM0NzZhN2YxZDJmOTlkZA==";
    const WIRE: &str = "app_key=bVZgAZOv1&app_signature=\
        MzZlYTk0ODk4MWZlNjdiODNmNWU4YzViNzYxNGM5MTFlOGJkN2NjMzk0MTJkZGNhZGM0NzZhN2YxZDJmOTlkZA%3D%3D";
    const CANONICAL: &str = "app_key=bVZgAZOv1&app_signature=\
        MzZlYTk0ODk4MWZlNjdiODNmNWU4YzViNzYxNGM5MTFlOGJkN2NjMzk0MTJkZGNhZGM0NzZhN2YxZDJmOTlkZA%253D%253D";
    const STS: &str = "GET\n\
        %2Fjdyconnector%2Fapp_management%2Fkingdee_auth_token\n\
        app_key=bVZgAZOv1&app_signature=\
        MzZlYTk0ODk4MWZlNjdiODNmNWU4YzViNzYxNGM5MTFlOGJkN2NjMzk0MTJkZGNhZGM0NzZhN2YxZDJmOTlkZA%253D%253D\n\
        x-api-nonce:4427456950\n\
        x-api-timestamp:1670305063559\n";
    const SIG: &str =
        "OTFiZTliNDFiMjNkYTI3YzVhNzg4MDI4ZGU3MWY1ZTA5ZTk1NjVlNGM1YTI1ZjIxY2Y5YTA3ZGY2OGI1MGQ1MQ==";

    let query = [("app_key", "bVZgAZOv1"), ("app_signature", APP_SIG)];
    let q = canonical_query(&query);
    assert_eq!(q.wire, WIRE);
    assert_eq!(q.signed, CANONICAL);

    let sts = string_to_sign("GET", PATH, &q.signed, "4427456950", "1670305063559");
    assert_eq!(sts, STS);
    assert_eq!(signature(SECRET, &sts), SIG);

    // Without the final '\n' the signature is different (a common mistake).
    assert_ne!(signature(SECRET, STS.trim_end_matches('\n')), SIG);

    let signed = sign(
        SECRET,
        &SigningInput {
            method: "GET",
            path: PATH,
            query: &query,
            nonce: "4427456950",
            timestamp: "1670305063559",
        },
    );
    assert_eq!(signed.query.wire, WIRE);
    assert_eq!(signed.query.signed, CANONICAL);
    assert_eq!(signed.string_to_sign, STS);
    assert_eq!(signed.signature, SIG);
}

#[test]
fn official_worked_example_from_vector_file() {
    check_case(&vectors().official);
}

#[test]
fn own_vectors_stage_by_stage() {
    let v = vectors();
    assert!(v.cases.len() >= 20, "vector file lost cases");
    for c in &v.cases {
        check_case(c);
    }
}

#[test]
fn app_signature_documented_example() {
    assert_eq!(
        app_signature("abc", "abc123"),
        "ZDljMTI3NGIyNTE1MTRkYzlkNjc1MDNhYjUzMzgzNWMyY2M4YTdjMzdmNmM3YTVlNDkxMTkzNjdiOTFjNzUyZQ=="
    );
}

#[test]
fn app_signature_vectors() {
    for a in &vectors().app_signature {
        let got = app_signature(&a.app_key, &a.app_secret);
        assert_eq!(got, a.app_signature, "{}", a.note);
        assert_eq!(got.len(), 88, "{}", a.note);
    }
}

#[test]
fn app_signature_key_and_secret_are_not_interchangeable() {
    assert_ne!(
        app_signature("abc", "abc123"),
        app_signature("abc123", "abc")
    );
}

#[test]
fn encoder_tables_from_vector_file() {
    let v = vectors();
    for (input, expected) in &v.form_encode {
        assert_eq!(&form_encode(input), expected, "form_encode({input:?})");
    }
    for (input, expected) in &v.gw_encode {
        assert_eq!(&gw_encode(input), expected, "gw_encode({input:?})");
    }
}

#[test]
fn encoders_differ_exactly_on_star_and_tilde() {
    assert_eq!(form_encode("*"), "*");
    assert_eq!(gw_encode("*"), "%2A");
    assert_eq!(form_encode("~"), "%7E");
    assert_eq!(gw_encode("~"), "~");
    for s in [".", "-", "_", "A", "Z", "a", "z", "0", "9"] {
        assert_eq!(form_encode(s), s);
        assert_eq!(gw_encode(s), s);
    }
    assert_eq!(form_encode(" "), "+");
    assert_eq!(gw_encode(" "), "+");
}

/// Every ASCII character on its own, against the kept sets spelled out literally.
#[test]
fn encoders_on_every_ascii_byte() {
    const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let escaped = |b: u8| -> String {
        let mut s = String::from("%");
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 15)]));
        s
    };
    for b in 0u8..=0x7F {
        let c = char::from(b);
        let s = c.to_string();
        let form_expected = if ALNUM.contains(c) || ".-*_".contains(c) {
            s.clone()
        } else if c == ' ' {
            "+".to_owned()
        } else {
            escaped(b)
        };
        let gw_expected = if ALNUM.contains(c) || "-_.~".contains(c) {
            s.clone()
        } else if c == ' ' {
            "+".to_owned()
        } else {
            escaped(b)
        };
        assert_eq!(form_encode(&s), form_expected, "form_encode byte {b:#04x}");
        assert_eq!(gw_encode(&s), gw_expected, "gw_encode byte {b:#04x}");
    }
}

#[test]
fn encoders_escape_multibyte_utf8_with_upper_case_hex() {
    // 2-, 3- and 4-byte sequences: every byte >= 0x80 is escaped, never kept.
    assert_eq!(form_encode("é苹😀"), "%C3%A9%E8%8B%B9%F0%9F%98%80");
    assert_eq!(gw_encode("é苹😀"), "%C3%A9%E8%8B%B9%F0%9F%98%80");
    // Only the ASCII space becomes '+'; other spaces are escaped.
    assert_eq!(form_encode("\u{3000}"), "%E3%80%80");
    assert_eq!(gw_encode("\u{a0}"), "%C2%A0");
}

#[test]
fn canonical_query_accepts_owned_and_borrowed_pairs() {
    let owned: Vec<(String, String)> =
        vec![("page".into(), "1".into()), ("a".into(), "x y".into())];
    let borrowed = [("page", "1"), ("a", "x y")];
    let expected = CanonicalQuery {
        wire: "a=x+y&page=1".to_owned(),
        signed: "a=x%2By&page=1".to_owned(),
    };
    assert_eq!(canonical_query(&owned), expected);
    assert_eq!(canonical_query(&borrowed), expected);
    let none: [(&str, &str); 0] = [];
    assert_eq!(
        canonical_query(&none),
        CanonicalQuery {
            wire: String::new(),
            signed: String::new(),
        }
    );
}

#[test]
fn string_to_sign_layout() {
    assert_eq!(
        string_to_sign("get", "/a b", "", "1", "2"),
        "GET\n%2Fa+b\n\nx-api-nonce:1\nx-api-timestamp:2\n"
    );
    assert_eq!(
        string_to_sign("Post", "/x", "k=v", "n", "t"),
        "POST\n%2Fx\nk=v\nx-api-nonce:n\nx-api-timestamp:t\n"
    );
}

#[test]
fn signature_is_base64_of_lower_case_hex_text() {
    // HMAC-SHA256(key = "key", "The quick brown fox jumps over the lazy dog") is the well-known
    // digest f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8 (checked with
    // openssl); the signature is base64 of that 64-character hex text, not of the raw bytes.
    assert_eq!(
        signature("key", "The quick brown fox jumps over the lazy dog"),
        "ZjdiYzgzZjQzMDUzODQyNGIxMzI5OGU2YWE2ZmIxNDNlZjRkNTlhMTQ5NDYxNzU5OTc0NzlkYmMyZDFhM2NkOA=="
    );
    // Empty key and empty message never panic.
    assert_eq!(signature("", "").len(), 88);
}

#[test]
fn signed_request_debug_does_not_leak_secret() {
    let secret = "very-secret-client-secret-0123456789";
    let signed = sign(
        secret,
        &SigningInput {
            method: "GET",
            path: "/jdy/v2/bd/customer",
            query: &[("page", "1")],
            nonce: "1",
            timestamp: "2",
        },
    );
    let debug = format!("{signed:?}");
    assert!(!debug.contains(secret));
    assert!(debug.contains(&signed.signature));
}
