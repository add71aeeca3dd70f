//! What the SDK puts on the wire: the headers of KINGDEE-API.md section 1, the query exactly as
//! section 2 sorts and encodes it, and an `X-Api-Signature` that a gateway recomputing it from
//! the raw request (as Kingdee's does) would accept.

use std::time::{SystemTime, UNIX_EPOCH};

use jdy::bd::customer::{CustomerListQuery, CustomerSaveRequest};
use jdy::shared::{CustomerInvoiceType, EnableFilter, SortOrder};
use jdy::signing::{gw_encode, signature};
use jdy_tests::{
    credentials, within, Recorded, Reply, TestServer, CUSTOMER_PATH, DEFAULT_TOKEN, TOKEN_PATH,
};

const CLIENT_SECRET: &str = "client-secret-1";

/// The canonical query line, rebuilt from the query as it arrived: split on `&`, split each
/// at its first `=`, drop empty keys, re-encode both halves with `gw`, join with `&`.
fn canonical_line_from_raw(raw_query: &str) -> String {
    raw_query
        .split('&')
        .filter(|entry| !entry.is_empty())
        .map(|entry| entry.split_once('=').unwrap_or((entry, "")))
        .filter(|(k, _)| !k.is_empty())
        .map(|(k, v)| format!("{}={}", gw_encode(k), gw_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The string to sign, laid out by hand from section 2.
fn string_to_sign_by_hand(
    method: &str,
    path: &str,
    raw_query: &str,
    nonce: &str,
    ts: &str,
) -> String {
    format!(
        "{method}\n{}\n{}\nx-api-nonce:{nonce}\nx-api-timestamp:{ts}\n",
        gw_encode(path),
        canonical_line_from_raw(raw_query)
    )
}

/// The signature a gateway would compute for the request as received.
fn signature_of(request: &Recorded) -> String {
    let text = string_to_sign_by_hand(
        &request.method,
        &request.path,
        request.raw_query(),
        request.header("X-Api-Nonce"),
        request.header("X-Api-TimeStamp"),
    );
    signature(CLIENT_SECRET, &text)
}

/// The headers every call carries (section 1), with exact values where they are fixed.
fn assert_common_headers(request: &Recorded) {
    assert_eq!(request.header("Content-Type"), "application/json");
    assert_eq!(request.header("X-Api-ClientID"), "client-1");
    assert_eq!(request.header("X-Api-Auth-Version"), "2.0");
    assert_eq!(
        request.header("X-Api-SignHeaders"),
        "X-Api-TimeStamp,X-Api-Nonce"
    );

    let ts = request.header("X-Api-TimeStamp");
    assert_eq!(ts.len(), 13, "timestamp {ts:?} is not 13 digits");
    assert!(ts.bytes().all(|b| b.is_ascii_digit()), "timestamp {ts:?}");
    let ts: i128 = ts.parse().unwrap();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i128;
    assert!(
        (now - ts).abs() < 10_000,
        "timestamp {ts} is not now ({now})"
    );

    let nonce = request.header("X-Api-Nonce");
    assert!(
        !nonce.is_empty() && nonce.bytes().all(|b| b.is_ascii_digit()),
        "nonce {nonce:?} is not an integer"
    );
    assert!(
        nonce.parse::<u64>().unwrap() > 0,
        "nonce {nonce:?} is not positive"
    );

    let sig = request.header("X-Api-Signature");
    assert_eq!(sig.len(), 88, "signature {sig:?}");
    assert!(sig.ends_with("=="), "signature {sig:?}");
}

#[test]
fn the_recomputation_reproduces_the_documented_example() {
    // The official worked example (KINGDEE-API.md section 2), fed through the same helper
    // that checks the SDK's requests, so that helper is itself known to be right.
    let raw_query = "app_key=bVZgAZOv1&app_signature=MzZlYTk0ODk4MWZlNjdiODNmNWU4YzViNzYxNGM5MTFlOGJkN2NjMzk0MTJkZGNhZGM0NzZhN2YxZDJmOTlkZA%3D%3D";
    let text = string_to_sign_by_hand("GET", TOKEN_PATH, raw_query, "4427456950", "1670305063559");
    assert_eq!(
        text,
        "GET\n%2Fjdyconnector%2Fapp_management%2Fkingdee_auth_token\napp_key=bVZgAZOv1&app_signature=MzZlYTk0ODk4MWZlNjdiODNmNWU4YzViNzYxNGM5MTFlOGJkN2NjMzk0MTJkZGNhZGM0NzZhN2YxZDJmOTlkZA%253D%253D\nx-api-nonce:4427456950\nx-api-timestamp:1670305063559\n"
    );
    assert_eq!(
        signature("f2adcfef73369bfc4e1384677d38a0ff", &text),
        "OTFiZTliNDFiMjNkYTI3YzVhNzg4MDI4ZGU3MWY1ZTA5ZTk1NjVlNGM1YTI1ZjIxY2Y5YTA3ZGY2OGI1MGQ1MQ=="
    );
}

#[tokio::test]
async fn a_get_sends_every_header_the_sorted_form_encoded_query_and_a_valid_signature() {
    let server = TestServer::start().await;
    server.reply(
        CUSTOMER_PATH,
        Reply::data(r#"{"count":"1","page":2,"rows":[{"id":"7","name":"苹果","enable":"1"}]}"#),
    );
    let client = server.client(credentials());
    let query = CustomerListQuery {
        search: Some("苹果".into()),
        order_by: Some(SortOrder::NameDesc),
        group: Some(vec!["1".into(), "2".into()]),
        page: Some(2),
        page_size: Some(20),
        enable: Some(EnableFilter::Any),
        ..Default::default()
    };
    let page = within(client.bd().customer_list(&query)).await.unwrap();
    assert_eq!(page.count, Some(1));
    assert_eq!(page.rows[0].name.as_deref(), Some("苹果"));

    let requests = server.requests();
    assert_eq!(requests.len(), 2, "one token request, then the call");
    let call = &requests[1];
    assert_eq!(call.method, "GET");
    assert_eq!(call.path, "/jdy/v2/bd/customer");
    assert!(call.body.is_empty(), "a GET has no body");
    assert_common_headers(call);
    assert_eq!(call.header("app-token"), DEFAULT_TOKEN);
    assert_eq!(call.header("X-GW-Router-Addr"), "https://tf.jdy.com");

    // Each entry gw(key)=form(value), sorted as whole strings: "page=2" before "page_size=20"
    // because '=' (0x3D) < '_' (0x5F); the space is '+', '[' ',' ']' are %5B %2C %5D, and
    // 苹果 is its UTF-8 bytes E8 8B B9 E6 9E 9C.
    assert_eq!(
        call.raw_query(),
        "enable=-1&group=%5B1%2C2%5D&order_by=name+desc&page=2&page_size=20&search=%E8%8B%B9%E6%9E%9C"
    );
    // The signed line re-encodes each half with gw: '%' -> %25, '+' -> %2B.
    assert_eq!(
        canonical_line_from_raw(call.raw_query()),
        "enable=-1&group=%255B1%252C2%255D&order_by=name%2Bdesc&page=2&page_size=20&search=%25E8%258B%25B9%25E6%259E%259C"
    );
    assert_eq!(call.header("X-Api-Signature"), signature_of(call));
}

#[tokio::test]
async fn the_token_request_carries_app_key_and_app_signature_is_signed_and_has_no_token() {
    let server = TestServer::start().await;
    let client = server.client(credentials());
    within(client.bd().customer_list(&Default::default()))
        .await
        .unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let token = &requests[0];
    assert_eq!(token.method, "GET");
    assert_eq!(token.path, TOKEN_PATH);
    assert_common_headers(token);
    assert!(!token.has_header("app-token"), "{:?}", token.headers);
    assert!(!token.has_header("X-GW-Router-Addr"), "{:?}", token.headers);

    // app_key `abc`, app_secret `abc123`: the documented app_signature, '=' form-encoded.
    assert_eq!(
        jdy::signing::app_signature("abc", "abc123"),
        "ZDljMTI3NGIyNTE1MTRkYzlkNjc1MDNhYjUzMzgzNWMyY2M4YTdjMzdmNmM3YTVlNDkxMTkzNjdiOTFjNzUyZQ=="
    );
    assert_eq!(
        token.raw_query(),
        "app_key=abc&app_signature=ZDljMTI3NGIyNTE1MTRkYzlkNjc1MDNhYjUzMzgzNWMyY2M4YTdjMzdmNmM3YTVlNDkxMTkzNjdiOTFjNzUyZQ%3D%3D"
    );
    assert_eq!(token.header("X-Api-Signature"), signature_of(token));

    // A call without parameters: no query at all, and an empty line in the signature.
    let call = &requests[1];
    assert_eq!(call.query, None);
    assert_eq!(call.header("X-Api-Signature"), signature_of(call));
}

#[tokio::test]
async fn a_post_sends_the_json_body_and_signs_an_empty_query_line() {
    let server = TestServer::start().await;
    server.reply(
        CUSTOMER_PATH,
        Reply::data(r#"{"ids":["9"],"id_number_map":{"9":"C001"}}"#),
    );
    let client = server.client(credentials());
    let body = CustomerSaveRequest {
        name: "苹果公司".into(),
        number: Some("C001".into()),
        deduct: Some(true),
        invoice_type: Some(CustomerInvoiceType::PaperNormal),
        ..CustomerSaveRequest::new("")
    };
    let saved = within(client.bd().customer_save(&body)).await.unwrap();
    assert_eq!(saved.ids, ["9"]);
    assert_eq!(saved.id_number_map["9"], "C001");

    let calls = server.requests_to(CUSTOMER_PATH);
    assert_eq!(calls.len(), 1);
    let call = &calls[0];
    assert_eq!(call.method, "POST");
    assert_eq!(call.query, None);
    assert_common_headers(call);
    assert_eq!(call.header("app-token"), DEFAULT_TOKEN);
    assert_eq!(call.header("X-GW-Router-Addr"), "https://tf.jdy.com");
    let sent: serde_json::Value = serde_json::from_slice(&call.body).expect("a JSON body");
    assert_eq!(
        sent,
        serde_json::json!({"name": "苹果公司", "number": "C001", "deduct": true, "invoice_type": 2})
    );

    let expected_text = format!(
        "POST\n%2Fjdy%2Fv2%2Fbd%2Fcustomer\n\nx-api-nonce:{}\nx-api-timestamp:{}\n",
        call.header("X-Api-Nonce"),
        call.header("X-Api-TimeStamp")
    );
    assert_eq!(
        call.header("X-Api-Signature"),
        signature(CLIENT_SECRET, &expected_text)
    );
}
