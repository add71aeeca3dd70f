//! Each refusal of the gateway (KINGDEE-API.md sections 1, 2 and 4), provoked on purpose
//! against the mock: through the SDK where a misconfigured client can provoke it, with
//! hand-made requests for what the SDK never sends. And the official worked example of
//! section 2, replayed byte for byte, is accepted.

use jdy::bd::customer::CustomerListQuery;
use jdy::mock::{MockConfig, MockGateway};
use jdy::{signing, Client, Credentials, Error};
use jdy_tests::proxy::SwitchProxy;
use jdy_tests::raw::{fetch_token, now_ms, RawRequest, Signer, AUTHORIZE_PATH, TOKEN_PATH};
use jdy_tests::{within, CUSTOMER_PATH};

const DETAIL_PATH: &str = "/jdy/v2/bd/customer_detail";
const MINUTE_MS: i64 = 60_000;

/// A gateway refusal as the SDK reports it: HTTP 519, the code, a request id, `[GW]`.
#[track_caller]
fn assert_gateway<T: std::fmt::Debug>(result: Result<T, Error>, expected: i64) {
    match result {
        Err(Error::Gateway {
            status,
            errcode,
            description,
            description_cn,
            request_id,
            ..
        }) => {
            assert_eq!((status, errcode), (519, Some(expected)), "{description}");
            assert!(
                request_id.as_deref().is_some_and(|id| !id.is_empty()),
                "no request id"
            );
            assert!(description.ends_with("[GW]"), "{description}");
            assert!(
                description_cn.is_some_and(|cn| !cn.is_empty()),
                "no description_cn"
            );
        }
        other => panic!("expected Error::Gateway 519 {expected}, got {other:?}"),
    }
}

/// The mock's credentials, but for the client_secret.
fn with_a_wrong_client_secret() -> Credentials {
    let config = MockConfig::default();
    Credentials::new(
        config.client_id.clone(),
        "not-the-client-secret",
        config.app_key.clone(),
        config.app_secret.clone(),
        config.domain.clone(),
    )
}

fn client_of(mock: &MockGateway, credentials: Credentials) -> Client {
    Client::builder(credentials)
        .base_url(mock.base_url())
        .build()
        .expect("client")
}

async fn list(client: &Client) -> Result<jdy::Page<jdy::bd::customer::CustomerListRow>, Error> {
    client
        .bd()
        .customer_list(&CustomerListQuery::default())
        .await
}

/// A mock with the default config, that config, and a token it issued.
async fn mock_with_token() -> (MockGateway, MockConfig, String) {
    let config = MockConfig::default();
    let mock = MockGateway::start_with(config.clone()).await.unwrap();
    let token = fetch_token(mock.base_url(), &config).await;
    (mock, config, token)
}

/// A correctly signed customer list, page 1 of 10, with token and domain.
fn signed_list(config: &MockConfig, token: &str) -> RawRequest {
    Signer::of(config)
        .sign("GET", CUSTOMER_PATH, &[("page", "1"), ("page_size", "10")])
        .business(token, &config.domain)
}

// ---------------------------------------------------------------------------------------------
// Through the SDK

#[tokio::test]
async fn sdk_with_an_unknown_client_id_is_refused_4003() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let config = MockConfig::default();
        let credentials = Credentials::new(
            "somebody-else",
            config.client_secret.clone(),
            config.app_key.clone(),
            config.app_secret.clone(),
            config.domain.clone(),
        );
        assert_gateway(list(&client_of(&mock, credentials)).await, 4003);
        assert_eq!(mock.requests().len(), 1, "refused at the token call");
        assert_eq!(mock.requests()[0].path, TOKEN_PATH);
    })
    .await
}

#[tokio::test]
async fn sdk_with_a_wrong_client_secret_is_refused_4008() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let credentials = with_a_wrong_client_secret();
        assert_gateway(list(&client_of(&mock, credentials)).await, 4008);
    })
    .await
}

#[tokio::test]
async fn a_4008_says_the_string_the_mock_signed_only_when_asked() {
    within(async {
        let quiet = MockGateway::start().await.unwrap();
        let refused = list(&client_of(&quiet, with_a_wrong_client_secret())).await;
        let message = refused.unwrap_err().to_string();
        assert!(!message.contains("the mock signed"), "{message}");

        let config = MockConfig {
            explain_signatures: true,
            ..Default::default()
        };
        let explaining = MockGateway::start_with(config.clone()).await.unwrap();
        let refused = list(&client_of(&explaining, with_a_wrong_client_secret())).await;
        let message = refused.unwrap_err().to_string();
        // The token request is the one refused: its string to sign, app_signature masked.
        let expected = format!(
            "the mock signed: GET\\n{}\\napp_key={}&app_signature=***",
            jdy::signing::gw_encode(TOKEN_PATH),
            config.app_key
        );
        assert!(message.contains(&expected), "{message}");
        assert!(message.contains("\\nx-api-nonce:"), "{message}");
        let signature = jdy::signing::app_signature(&config.app_key, config.app_secret.expose());
        assert!(!message.contains(&signature), "{message}");
        assert!(
            !message.contains(config.client_secret.expose()),
            "{message}"
        );
    })
    .await
}

/// What the mock saw, as (path, errcode) pairs.
fn seen(mock: &MockGateway) -> Vec<(String, Option<i64>)> {
    mock.requests()
        .into_iter()
        .map(|r| (r.path, r.errcode))
        .collect()
}

/// A client whose clock is `shift_ms` off the gateway's is refused 4006 once (on its first
/// request, the token's), corrects its clock from the gateway's `Date` header, and goes on.
async fn assert_clock_refused_then_corrected(shift_ms: i64) {
    let mock = MockGateway::start().await.unwrap();
    mock.shift_clock(shift_ms);
    let client = mock.client().unwrap();
    list(&client)
        .await
        .expect("accepted once the clock is corrected");
    list(&client).await.expect("the correction is kept");
    assert_eq!(
        seen(&mock),
        [
            (TOKEN_PATH.to_string(), Some(4006)),
            (TOKEN_PATH.to_string(), Some(0)),
            (CUSTOMER_PATH.to_string(), Some(0)),
            (CUSTOMER_PATH.to_string(), Some(0)),
        ]
    );
    let offset = client.clock_offset_ms();
    assert!(
        (offset - shift_ms).abs() < 2_000,
        "offset {offset} for a shift of {shift_ms}"
    );
}

#[tokio::test]
async fn sdk_with_a_clock_6_minutes_behind_the_gateway_is_refused_4006_then_corrects_it() {
    within(assert_clock_refused_then_corrected(6 * MINUTE_MS)).await
}

#[tokio::test]
async fn sdk_with_a_clock_6_minutes_ahead_of_the_gateway_is_refused_4006_then_corrects_it() {
    within(assert_clock_refused_then_corrected(-6 * MINUTE_MS)).await
}

#[tokio::test]
async fn sdk_with_a_clock_4_minutes_off_is_still_accepted() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        mock.shift_clock(4 * MINUTE_MS);
        list(&mock.client().unwrap())
            .await
            .expect("4 minutes ahead");
        mock.shift_clock(-8 * MINUTE_MS);
        list(&mock.client().unwrap())
            .await
            .expect("4 minutes behind");
    })
    .await
}

#[tokio::test]
async fn sdk_with_an_expired_token_is_refused_4011_then_fetches_a_new_one() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = mock.client().unwrap();
        list(&client).await.expect("the first call");
        mock.expire_tokens();
        list(&client).await.expect("replayed with a new token");
        assert_eq!(
            seen(&mock)[2..],
            [
                (CUSTOMER_PATH.to_string(), Some(4011)),
                (TOKEN_PATH.to_string(), Some(0)),
                (CUSTOMER_PATH.to_string(), Some(0)),
            ]
        );
    })
    .await
}

#[tokio::test]
async fn sdk_with_a_token_issued_by_another_gateway_is_refused_4010_then_fetches_a_new_one() {
    within(async {
        // Two gateways that accept the same credentials; the client reaches them through a
        // proxy, fetches its token from the first, and is then moved to the second.
        let first = MockGateway::start().await.unwrap();
        let second = MockGateway::start().await.unwrap();
        let proxy = SwitchProxy::start(first.base_url()).await;
        let client = Client::builder(first.credentials())
            .base_url(proxy.base_url())
            .build()
            .unwrap();
        list(&client).await.expect("through the first gateway");
        proxy.switch_to(second.base_url());
        list(&client)
            .await
            .expect("replayed with the second gateway's token");
        assert_eq!(
            seen(&second),
            [
                (CUSTOMER_PATH.to_string(), Some(4010)),
                (TOKEN_PATH.to_string(), Some(0)),
                (CUSTOMER_PATH.to_string(), Some(0)),
            ]
        );
    })
    .await
}

#[tokio::test]
async fn a_correctly_signed_raw_request_is_accepted() {
    within(async {
        // The control for every raw refusal below: the unaltered request passes.
        let (mock, config, token) = mock_with_token().await;
        let answer = signed_list(&config, &token).send(mock.base_url()).await;
        assert_eq!(
            (answer.status, answer.errcode()),
            (200, Some(0)),
            "{}",
            answer.text
        );
        assert_eq!(answer.json()["data"]["rows"].as_array().unwrap().len(), 10);
    })
    .await
}

#[tokio::test]
async fn an_empty_or_missing_client_id_is_refused_4002() {
    within(async {
        let (mock, config, token) = mock_with_token().await;
        let request = signed_list(&config, &token);
        request
            .clone()
            .header("X-Api-ClientID", "")
            .send(mock.base_url())
            .await
            .assert_gateway(4002);
        request
            .without("X-Api-ClientID")
            .send(mock.base_url())
            .await
            .assert_gateway(4002);
    })
    .await
}

#[tokio::test]
async fn auth_version_1_0_is_refused_4001() {
    within(async {
        let (mock, config, token) = mock_with_token().await;
        signed_list(&config, &token)
            .header("X-Api-Auth-Version", "1.0")
            .send(mock.base_url())
            .await
            .assert_gateway(4001);
    })
    .await
}

#[tokio::test]
async fn a_missing_nonce_or_wrong_sign_headers_are_refused_4007() {
    within(async {
        let (mock, config, token) = mock_with_token().await;
        let request = signed_list(&config, &token);
        request
            .clone()
            .without("X-Api-Nonce")
            .send(mock.base_url())
            .await
            .assert_gateway(4007);
        for wrong in [
            "X-Api-TimeStamp",
            "X-Api-Nonce",
            "X-Api-TimeStamp,X-Api-Nonce,X-Api-ClientID",
            "X-Api-TimeStamp;X-Api-Nonce",
        ] {
            request
                .clone()
                .header("X-Api-SignHeaders", wrong)
                .send(mock.base_url())
                .await
                .assert_gateway(4007);
        }
        request
            .without("X-Api-SignHeaders")
            .send(mock.base_url())
            .await
            .assert_gateway(4007);
    })
    .await
}

#[tokio::test]
async fn sign_headers_listed_nonce_first_are_accepted() {
    within(async {
        // Section 2: the nonce line comes first whatever order X-Api-SignHeaders lists.
        let (mock, config, token) = mock_with_token().await;
        let answer = signed_list(&config, &token)
            .header("X-Api-SignHeaders", "X-Api-Nonce,X-Api-TimeStamp")
            .send(mock.base_url())
            .await;
        assert_eq!(
            (answer.status, answer.errcode()),
            (200, Some(0)),
            "{}",
            answer.text
        );
    })
    .await
}

#[tokio::test]
async fn a_missing_signature_is_refused_4008() {
    within(async {
        let (mock, config, token) = mock_with_token().await;
        signed_list(&config, &token)
            .without("X-Api-Signature")
            .send(mock.base_url())
            .await
            .assert_gateway(4008);
    })
    .await
}

#[tokio::test]
async fn a_business_call_without_app_token_is_refused_4009() {
    within(async {
        let (mock, config, token) = mock_with_token().await;
        signed_list(&config, &token)
            .without("app-token")
            .send(mock.base_url())
            .await
            .assert_gateway(4009);
    })
    .await
}

#[tokio::test]
async fn a_business_call_with_an_unknown_token_is_refused_4010() {
    within(async {
        let (mock, config, token) = mock_with_token().await;
        signed_list(&config, &token)
            .header("app-token", &format!("{token}x"))
            .send(mock.base_url())
            .await
            .assert_gateway(4010);
    })
    .await
}

#[tokio::test]
async fn a_business_call_without_or_with_a_foreign_router_addr_is_refused_5001() {
    within(async {
        let (mock, config, token) = mock_with_token().await;
        let request = signed_list(&config, &token);
        request
            .clone()
            .without("X-GW-Router-Addr")
            .send(mock.base_url())
            .await
            .assert_gateway(5001);
        request
            .header("X-GW-Router-Addr", "https://other.jdy.com")
            .send(mock.base_url())
            .await
            .assert_gateway(5001);
    })
    .await
}

#[tokio::test]
async fn an_unknown_path_is_refused_5001() {
    within(async {
        let (mock, config, token) = mock_with_token().await;
        for path in ["/jdy/v2/bd/no_such_resource", "/", "/jdy/v2/bd/customer/"] {
            Signer::of(&config)
                .sign("GET", path, &[])
                .business(&token, &config.domain)
                .send(mock.base_url())
                .await
                .assert_gateway(5001);
        }
    })
    .await
}

#[tokio::test]
async fn a_known_path_with_another_method_is_refused_5002() {
    within(async {
        let (mock, config, token) = mock_with_token().await;
        let signer = Signer::of(&config);
        for (method, path) in [
            ("DELETE", CUSTOMER_PATH),
            ("PUT", CUSTOMER_PATH),
            ("POST", DETAIL_PATH),
            ("POST", TOKEN_PATH),
            ("GET", AUTHORIZE_PATH),
        ] {
            let answer = signer
                .sign(method, path, &[])
                .business(&token, &config.domain)
                .send(mock.base_url())
                .await;
            assert_eq!(
                answer.errcode(),
                Some(5002),
                "{method} {path}: {}",
                answer.text
            );
            answer.assert_gateway(5002);
        }
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// Raw requests: tampering with what was signed (section 2)

#[tokio::test]
async fn a_query_value_changed_after_signing_is_refused_4008() {
    within(async {
        let (mock, config, token) = mock_with_token().await;
        let mut request = signed_list(&config, &token);
        assert_eq!(request.query, "page=1&page_size=10");
        request.query = "page=2&page_size=10".into();
        request.send(mock.base_url()).await.assert_gateway(4008);

        // A parameter added after signing, too.
        let mut request = signed_list(&config, &token);
        request.query.push_str("&search=x");
        request.send(mock.base_url()).await.assert_gateway(4008);
    })
    .await
}

#[tokio::test]
async fn parameters_signed_in_unsorted_order_are_refused_4008() {
    within(async {
        // Kingdee's PHP SDK signs the parameters in the order given, without sorting: the
        // canonical line and the URL both say `page_size=10&page=1`.
        let (mock, config, token) = mock_with_token().await;
        let request = signed_list(&config, &token);
        let nonce = request.get("X-Api-Nonce").unwrap().to_string();
        let timestamp = request.get("X-Api-TimeStamp").unwrap().to_string();
        let unsorted = "page_size=10&page=1";
        let text = signing::string_to_sign("GET", CUSTOMER_PATH, unsorted, &nonce, &timestamp);
        let mut request = request.header(
            "X-Api-Signature",
            &signing::signature(config.client_secret.expose(), &text),
        );
        request.query = unsorted.into();
        request.send(mock.base_url()).await.assert_gateway(4008);
    })
    .await
}

#[tokio::test]
async fn a_signature_without_the_final_newline_is_refused_4008() {
    within(async {
        let (mock, config, token) = mock_with_token().await;
        let request = signed_list(&config, &token);
        let nonce = request.get("X-Api-Nonce").unwrap().to_string();
        let timestamp = request.get("X-Api-TimeStamp").unwrap().to_string();
        let text = signing::string_to_sign(
            "GET",
            CUSTOMER_PATH,
            "page=1&page_size=10",
            &nonce,
            &timestamp,
        );
        // The same text signs to the header the request already carries ...
        assert_eq!(
            Some(signing::signature(config.client_secret.expose(), &text).as_str()),
            request.get("X-Api-Signature")
        );
        // ... and without its last "\n" it does not pass.
        let truncated = text.strip_suffix('\n').expect("ends in a newline");
        request
            .header(
                "X-Api-Signature",
                &signing::signature(config.client_secret.expose(), truncated),
            )
            .send(mock.base_url())
            .await
            .assert_gateway(4008);
    })
    .await
}

#[tokio::test]
async fn a_request_signed_6_minutes_ago_is_refused_4006() {
    within(async {
        let (mock, config, token) = mock_with_token().await;
        let old = (now_ms() - 6 * 60_000).to_string();
        Signer::of(&config)
            .sign_at(
                "GET",
                CUSTOMER_PATH,
                &[("page", "1"), ("page_size", "10")],
                "1234567890",
                &old,
            )
            .business(&token, &config.domain)
            .send(mock.base_url())
            .await
            .assert_gateway(4006);
        // A timestamp that is not milliseconds at all.
        signed_list(&config, &token)
            .header("X-Api-TimeStamp", "yesterday")
            .send(mock.base_url())
            .await
            .assert_gateway(4006);
    })
    .await
}

#[tokio::test]
async fn a_path_changed_after_signing_is_refused_4008() {
    within(async {
        let (mock, config, token) = mock_with_token().await;
        let mut request = Signer::of(&config)
            .sign("GET", CUSTOMER_PATH, &[("id", "1")])
            .business(&token, &config.domain);
        request.path = DETAIL_PATH.into();
        request.send(mock.base_url()).await.assert_gateway(4008);
    })
    .await
}

#[tokio::test]
async fn a_method_changed_after_signing_is_refused_4008() {
    within(async {
        let (mock, config, token) = mock_with_token().await;
        let mut request = Signer::of(&config)
            .sign("GET", CUSTOMER_PATH, &[])
            .business(&token, &config.domain);
        request.method = "POST".into();
        request.body = Some(r#"{"name":"x"}"#.into());
        request.send(mock.base_url()).await.assert_gateway(4008);
    })
    .await
}

#[tokio::test]
async fn the_body_is_not_signed_so_a_changed_body_still_passes_the_gateway() {
    within(async {
        let (mock, config, token) = mock_with_token().await;
        let mut request = Signer::of(&config)
            .sign("POST", CUSTOMER_PATH, &[])
            .business(&token, &config.domain);
        request.body = Some(r#"{"name":"原始请求客户"}"#.into());
        let answer = request.send(mock.base_url()).await;
        assert_eq!(
            (answer.status, answer.errcode()),
            (200, Some(0)),
            "{}",
            answer.text
        );
        assert_eq!(answer.json()["data"]["ids"].as_array().unwrap().len(), 1);
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// The official worked example (section 2)

const EXAMPLE_CLIENT_SECRET: &str = "f2adcfef73369bfc4e1384677d38a0ff";
const EXAMPLE_QUERY: &str = "app_key=bVZgAZOv1&app_signature=MzZlYTk0ODk4MWZlNjdiODNmNWU4YzViNzYxNGM5MTFlOGJkN2NjMzk0MTJkZGNhZGM0NzZhN2YxZDJmOTlkZA%3D%3D";
const EXAMPLE_NONCE: &str = "4427456950";
const EXAMPLE_TIMESTAMP: &str = "1670305063559";
const EXAMPLE_SIGNATURE: &str =
    "OTFiZTliNDFiMjNkYTI3YzVhNzg4MDI4ZGU3MWY1ZTA5ZTk1NjVlNGM1YTI1ZjIxY2Y5YTA3ZGY2OGI1MGQ1MQ==";

async fn official_example_mock() -> MockGateway {
    MockGateway::start_with(MockConfig {
        client_id: "official-example-client".into(),
        client_secret: EXAMPLE_CLIENT_SECRET.into(),
        fixed_time_ms: Some(1670305063559),
        ..Default::default()
    })
    .await
    .unwrap()
}

fn official_example_request(signature: &str) -> RawRequest {
    RawRequest {
        method: "GET".into(),
        path: TOKEN_PATH.into(),
        query: EXAMPLE_QUERY.into(),
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("X-Api-ClientID".into(), "official-example-client".into()),
            ("X-Api-Auth-Version".into(), "2.0".into()),
            ("X-Api-TimeStamp".into(), EXAMPLE_TIMESTAMP.into()),
            ("X-Api-Nonce".into(), EXAMPLE_NONCE.into()),
            (
                "X-Api-SignHeaders".into(),
                "X-Api-TimeStamp,X-Api-Nonce".into(),
            ),
            ("X-Api-Signature".into(), signature.into()),
        ],
        body: None,
    }
}

#[tokio::test]
async fn the_official_worked_example_sent_byte_for_byte_passes_the_gateway() {
    within(async {
        let mock = official_example_mock().await;
        let answer = official_example_request(EXAMPLE_SIGNATURE)
            .send(mock.base_url())
            .await;
        // Past the gateway: the token endpoint itself answers, refusing an app_key that is
        // not the mock's account set.
        assert_eq!(answer.status, 200, "{}", answer.text);
        assert_eq!(answer.errcode(), Some(1020002008), "{}", answer.text);
        assert!(answer.request_id().is_some());
        let log = mock.requests();
        assert_eq!(log.len(), 1);
        assert_eq!(
            (log[0].path.as_str(), log[0].status, log[0].errcode),
            (TOKEN_PATH, 200, Some(1020002008))
        );
    })
    .await
}

#[tokio::test]
async fn the_official_worked_example_with_one_character_changed_is_refused_4008() {
    within(async {
        // The control: the gateway did check the example's signature.
        let mock = official_example_mock().await;
        let altered = EXAMPLE_SIGNATURE.replacen("OTFi", "OTFj", 1);
        official_example_request(&altered)
            .send(mock.base_url())
            .await
            .assert_gateway(4008);
        let mut request = official_example_request(EXAMPLE_SIGNATURE);
        request.query = request.query.replace("bVZgAZOv1", "bVZgAZOv2");
        request.send(mock.base_url()).await.assert_gateway(4008);
    })
    .await
}

#[tokio::test]
async fn the_official_worked_example_replayed_6_minutes_later_is_refused_4006() {
    within(async {
        let mock = official_example_mock().await;
        mock.shift_clock(6 * MINUTE_MS);
        official_example_request(EXAMPLE_SIGNATURE)
            .send(mock.base_url())
            .await
            .assert_gateway(4006);
    })
    .await
}

#[tokio::test]
async fn gateway_refusals_leave_a_record_with_the_request_id_the_client_saw() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let credentials = with_a_wrong_client_secret();
        let err = list(&client_of(&mock, credentials)).await.unwrap_err();
        let log = mock.requests();
        assert_eq!(log.len(), 1);
        assert_eq!((log[0].status, log[0].errcode), (519, Some(4008)));
        assert_eq!(Some(log[0].request_id.as_str()), err.request_id());
    })
    .await
}
