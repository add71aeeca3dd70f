//! The token and authorisation endpoints of the mock (KINGDEE-API.md section 3): a correct
//! app_signature gets a token that the SDK fetches once and shares; a rotated app_secret
//! refuses the old credentials until the new one is pulled; tokens expire; the pull
//! authorisation hands out the account set.

use std::time::Duration;

use jdy::bd::customer::{CustomerListQuery, CustomerListRow};
use jdy::mock::{MockConfig, MockGateway};
use jdy::{Client, Credentials, Error};
use jdy_tests::raw::{fetch_token, Signer, AUTHORIZE_PATH, TOKEN_PATH};
use jdy_tests::{within, CUSTOMER_PATH};
use serde_json::{json, Value};

fn client_of(mock: &MockGateway, credentials: Credentials) -> Client {
    Client::builder(credentials)
        .base_url(mock.base_url())
        .build()
        .expect("client")
}

async fn list(client: &Client) -> Result<jdy::Page<CustomerListRow>, Error> {
    client
        .bd()
        .customer_list(&CustomerListQuery::default())
        .await
}

fn count_path(mock: &MockGateway, path: &str) -> usize {
    mock.requests().iter().filter(|r| r.path == path).count()
}

/// Pulls the authorisation with a raw signed `POST ...?outerInstanceId=..`, body `{}`.
async fn pull(mock: &MockGateway, config: &MockConfig, outer_instance_id: &str) -> Value {
    let answer = Signer::of(config)
        .sign(
            "POST",
            AUTHORIZE_PATH,
            &[("outerInstanceId", outer_instance_id)],
        )
        .send(mock.base_url())
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.json()
}

#[tokio::test]
async fn a_correct_app_signature_gets_a_token_in_the_documented_shape() {
    within(async {
        let config = MockConfig::default();
        let mock = MockGateway::start_with(config.clone()).await.unwrap();
        let app_signature =
            jdy::signing::app_signature(&config.app_key, config.app_secret.expose());
        let answer = Signer::of(&config)
            .sign(
                "GET",
                TOKEN_PATH,
                &[
                    ("app_key", config.app_key.as_str()),
                    ("app_signature", app_signature.as_str()),
                ],
            )
            .send(mock.base_url())
            .await;
        assert_eq!(answer.status, 200, "{}", answer.text);
        let body = answer.json();
        assert_eq!(body["errcode"], 0);
        let token = body["data"]["app-token"].as_str().expect("data.app-token");
        assert!(!token.is_empty());
        assert!(body["data"]["uid"].is_number(), "{}", answer.text);

        // The token opens business calls.
        let answer = Signer::of(&config)
            .sign("GET", CUSTOMER_PATH, &[])
            .business(token, &config.domain)
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
async fn a_wrong_app_signature_or_app_key_gets_no_token() {
    within(async {
        let config = MockConfig::default();
        let mock = MockGateway::start_with(config.clone()).await.unwrap();
        let signer = Signer::of(&config);
        let wrong_signature = jdy::signing::app_signature(&config.app_key, "not-the-app-secret");
        let answer = signer
            .sign(
                "GET",
                TOKEN_PATH,
                &[
                    ("app_key", config.app_key.as_str()),
                    ("app_signature", wrong_signature.as_str()),
                ],
            )
            .send(mock.base_url())
            .await;
        assert_eq!((answer.status, answer.errcode()), (200, Some(1030002006)));
        assert!(
            answer.json()["data"]["app-token"].is_null(),
            "{}",
            answer.text
        );

        // Through the SDK: an app_key that is not the account set's.
        let credentials = Credentials::new(
            config.client_id.clone(),
            config.client_secret.clone(),
            "other-app-key",
            config.app_secret.clone(),
            config.domain.clone(),
        );
        match list(&client_of(&mock, credentials)).await {
            Err(Error::Business { call, errcode, .. }) => {
                assert_eq!((call.path.as_str(), errcode), (TOKEN_PATH, 1020002008));
            }
            other => panic!("expected Business 1020002008, got {other:?}"),
        }
    })
    .await
}

#[tokio::test]
async fn one_token_fetch_serves_many_sequential_and_concurrent_calls() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = mock.client().unwrap();
        for _ in 0..5 {
            list(&client).await.expect("sequential call");
        }
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let client = client.clone();
                tokio::spawn(async move { list(&client).await })
            })
            .collect();
        for task in tasks {
            task.await.expect("task").expect("concurrent call");
        }
        assert_eq!(count_path(&mock, TOKEN_PATH), 1);
        assert_eq!(count_path(&mock, CUSTOMER_PATH), 13);
        assert_eq!(mock.requests()[0].path, TOKEN_PATH);
        assert!(mock
            .requests()
            .iter()
            .all(|r| r.status == 200 && r.errcode == Some(0)));
    })
    .await
}

#[tokio::test]
async fn after_rotate_app_secret_old_credentials_are_refused_1030002006_and_new_ones_work() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let old = mock.credentials();
        list(&client_of(&mock, old.clone()))
            .await
            .expect("before the rotation");

        mock.rotate_app_secret();
        match list(&client_of(&mock, old)).await {
            Err(Error::Business {
                call,
                errcode,
                request_id,
                ..
            }) => {
                assert_eq!(call.path, TOKEN_PATH);
                assert_eq!(errcode, 1030002006);
                assert!(request_id.is_some());
            }
            other => panic!("expected Business 1030002006 from the token call, got {other:?}"),
        }
        list(&client_of(&mock, mock.credentials()))
            .await
            .expect("with the new app_secret");
    })
    .await
}

#[tokio::test]
async fn after_a_rotation_the_pulled_authorisation_hands_out_the_new_secret_which_works() {
    within(async {
        let config = MockConfig::default();
        let mock = MockGateway::start_with(config.clone()).await.unwrap();
        let new_secret = mock.rotate_app_secret();
        assert_ne!(new_secret.expose(), config.app_secret.expose());

        let body = pull(&mock, &config, &config.outer_instance_id).await;
        assert_eq!(body["errcode"], 0, "{body}");
        let entry = &body["data"][0];
        assert_eq!(entry["appSecret"], json!(new_secret.expose()));

        let pulled = Credentials::new(
            config.client_id.clone(),
            config.client_secret.clone(),
            entry["appKey"].as_str().unwrap(),
            entry["appSecret"].as_str().unwrap(),
            entry["domain"].as_str().unwrap(),
        );
        list(&client_of(&mock, pulled))
            .await
            .expect("the pulled credentials work");
    })
    .await
}

#[tokio::test]
async fn a_short_token_lifetime_makes_the_cached_token_answer_4011_and_the_sdk_replaces_it() {
    within(async {
        let mock = MockGateway::start_with(MockConfig {
            token_lifetime: Duration::from_secs(3),
            ..Default::default()
        })
        .await
        .unwrap();
        let client = mock.client().unwrap();
        list(&client).await.expect("with a fresh token");
        list(&client).await.expect("still within its 3 s");
        assert_eq!(count_path(&mock, TOKEN_PATH), 1, "the SDK kept its token");
        mock.shift_clock(3_500);
        list(&client).await.expect("replayed with a new token");
        let last: Vec<(String, u16, Option<i64>)> = mock.requests()[3..]
            .iter()
            .map(|r| (r.path.clone(), r.status, r.errcode))
            .collect();
        assert_eq!(
            last,
            [
                (CUSTOMER_PATH.to_string(), 519, Some(4011)),
                (TOKEN_PATH.to_string(), 200, Some(0)),
                (CUSTOMER_PATH.to_string(), 200, Some(0)),
            ]
        );
    })
    .await
}

#[tokio::test]
async fn pull_authorisation_lists_the_account_set_of_the_mock() {
    within(async {
        let config = MockConfig {
            client_id: "pull-client".into(),
            client_secret: "pull-client-secret".into(),
            app_key: "pull-app-key".into(),
            app_secret: "pull-app-secret".into(),
            domain: "https://pull.jdy.local".into(),
            outer_instance_id: "pull-instance-7".into(),
            ..Default::default()
        };
        let mock = MockGateway::start_with(config.clone()).await.unwrap();
        let body = pull(&mock, &config, "pull-instance-7").await;
        assert_eq!(body["errcode"], 0, "{body}");
        let entries = body["data"].as_array().expect("data is a list");
        let active: Vec<&Value> = entries.iter().filter(|e| e["status"] == 1).collect();
        assert_eq!(active.len(), 1, "{body}");
        let entry = active[0];
        let credentials = mock.credentials();
        assert_eq!(entry["appKey"], json!(credentials.app_key()));
        assert_eq!(entry["appKey"], json!("pull-app-key"));
        assert_eq!(entry["appSecret"], json!("pull-app-secret"));
        assert_eq!(entry["domain"], json!(credentials.domain()));
        assert_eq!(entry["clientId"], json!(credentials.client_id()));
        assert_eq!(entry["outerInstanceId"], json!("pull-instance-7"));
        for key in [
            "accountId",
            "accountName",
            "agreementCompanyName",
            "groupName",
            "serviceId",
        ] {
            assert!(entry.get(key).is_some(), "{key} missing: {entry}");
        }

        // The pulled values are what the SDK needs: a client built from them works.
        let pulled = Credentials::new(
            "pull-client",
            "pull-client-secret",
            entry["appKey"].as_str().unwrap(),
            entry["appSecret"].as_str().unwrap(),
            entry["domain"].as_str().unwrap(),
        );
        list(&client_of(&mock, pulled)).await.expect("pulled");
    })
    .await
}

#[tokio::test]
async fn pull_authorisation_of_an_unknown_outer_instance_id_is_1030002003() {
    within(async {
        let config = MockConfig::default();
        let mock = MockGateway::start_with(config.clone()).await.unwrap();
        let body = pull(&mock, &config, "no-such-instance").await;
        assert_eq!(body["errcode"], 1030002003, "{body}");
        let body = pull(&mock, &config, "").await;
        assert_eq!(body["errcode"], 1030002003, "{body}");
    })
    .await
}

#[tokio::test]
async fn the_token_and_authorisation_calls_are_signed_calls_too() {
    within(async {
        // Both skip the app-token, not the signature.
        let config = MockConfig::default();
        let mock = MockGateway::start_with(config.clone()).await.unwrap();
        let wrong = Signer::new(&config.client_id, "not-the-client-secret");
        wrong
            .sign(
                "POST",
                AUTHORIZE_PATH,
                &[("outerInstanceId", &config.outer_instance_id)],
            )
            .send(mock.base_url())
            .await
            .assert_gateway(4008);
        wrong
            .sign("GET", TOKEN_PATH, &[("app_key", &config.app_key)])
            .send(mock.base_url())
            .await
            .assert_gateway(4008);
        // And a correctly signed token call needs no app-token.
        let token = fetch_token(mock.base_url(), &config).await;
        assert!(!token.is_empty());
    })
    .await
}

/// A business call with a raw token: the errcode the mock answers (0 when it is accepted).
async fn call_with(mock: &MockGateway, config: &MockConfig, token: &str) -> Option<i64> {
    Signer::of(config)
        .sign("GET", CUSTOMER_PATH, &[])
        .business(token, &config.domain)
        .send(mock.base_url())
        .await
        .errcode()
}

#[tokio::test]
async fn an_expired_token_is_forgotten_when_the_next_is_issued() {
    within(async {
        let config = MockConfig::default();
        let mock = MockGateway::start_with(config.clone()).await.unwrap();
        let old = fetch_token(mock.base_url(), &config).await;
        mock.expire_tokens();
        // Expired but still known: refused as expired.
        assert_eq!(call_with(&mock, &config, &old).await, Some(4011));
        assert_eq!(mock.tokens_kept(), 1);

        let new = fetch_token(mock.base_url(), &config).await;
        assert_eq!((mock.tokens_kept(), mock.tokens_issued()), (1, 2));
        // Forgotten: refused as unknown, which a client answers by fetching a new one too.
        assert_eq!(call_with(&mock, &config, &old).await, Some(4010));
        assert_eq!(call_with(&mock, &config, &new).await, Some(0));
    })
    .await
}

#[tokio::test]
async fn a_token_past_its_lifetime_is_forgotten() {
    within(async {
        let config = MockConfig {
            token_lifetime: Duration::from_secs(1),
            ..Default::default()
        };
        let mock = MockGateway::start_with(config.clone()).await.unwrap();
        let old = fetch_token(mock.base_url(), &config).await;
        tokio::time::sleep(Duration::from_millis(1_200)).await;
        let new = fetch_token(mock.base_url(), &config).await;
        assert_eq!(mock.tokens_kept(), 1);
        assert_eq!(call_with(&mock, &config, &old).await, Some(4010));
        assert_eq!(call_with(&mock, &config, &new).await, Some(0));
    })
    .await
}

#[tokio::test]
async fn the_mock_keeps_at_most_max_tokens_the_newest() {
    within(async {
        let config = MockConfig {
            limits: jdy::mock::MockLimits {
                max_tokens: 3,
                ..Default::default()
            },
            ..Default::default()
        };
        let mock = MockGateway::start_with(config.clone()).await.unwrap();
        let mut tokens = Vec::new();
        for _ in 0..10 {
            tokens.push(fetch_token(mock.base_url(), &config).await);
        }
        assert_eq!((mock.tokens_kept(), mock.tokens_issued()), (3, 10));
        for (i, token) in tokens.iter().enumerate() {
            let expected = if i < 7 { Some(4010) } else { Some(0) };
            assert_eq!(
                call_with(&mock, &config, token).await,
                expected,
                "token {i}"
            );
        }
    })
    .await
}
