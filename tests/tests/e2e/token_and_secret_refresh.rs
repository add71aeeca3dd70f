//! A refused token is replaced once and the call replayed, with one refresh for any number
//! of concurrent calls; pulled credentials are pulled again when the app_secret is rotated.

use std::time::Duration;

use jdy::bd::customer::{CustomerListQuery, CustomerListRow, CustomerSaveRequest};
use jdy::mock::{Fault, MockConfig, MockGateway};
use jdy::service::{AUTHORIZE_PATH, TOKEN_PATH};
use jdy::{Client, Error, PullAuthorization};
use jdy_tests::{within, CUSTOMER_PATH};

const CONCURRENT: usize = 16;

async fn list(client: &Client) -> Result<jdy::Page<CustomerListRow>, Error> {
    client
        .bd()
        .customer_list(&CustomerListQuery::default())
        .await
}

fn count(mock: &MockGateway, path: &str) -> usize {
    mock.requests().iter().filter(|r| r.path == path).count()
}

/// Runs `CONCURRENT` list calls at once on clones of `client`; all must succeed.
async fn concurrent_lists(client: &Client) {
    for result in jdy_tests::concurrent_customer_lists(client, CONCURRENT).await {
        result.expect("every concurrent call succeeds");
    }
}

fn pulling_client(mock: &MockGateway) -> Client {
    let config = MockConfig::default();
    Client::builder(PullAuthorization::new(
        config.client_id,
        config.client_secret,
        config.outer_instance_id,
    ))
    .base_url(mock.base_url())
    .build()
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_calls_refused_4011_share_one_new_token() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = mock.client().unwrap();
        list(&client).await.expect("the first call");
        mock.expire_tokens();
        concurrent_lists(&client).await;
        assert_eq!(count(&mock, TOKEN_PATH), 2, "one token, then one refresh");
        // 4011 while the mock still knows the expired token, 4010 once it has forgotten it
        // (it forgets expired tokens when it issues the next one).
        let refused = mock
            .requests()
            .iter()
            .filter(|r| matches!(r.errcode, Some(4010 | 4011)))
            .count();
        assert!((1..=CONCURRENT).contains(&refused), "{refused}");
        assert_eq!(count(&mock, CUSTOMER_PATH), 1 + CONCURRENT + refused);
    })
    .await
}

#[tokio::test]
async fn a_jwt_expired_answer_from_the_service_gets_a_new_token_and_a_replay() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = mock.client().unwrap();
        list(&client).await.expect("the first call");
        mock.inject(Fault::TokenExpired, 1);
        list(&client).await.expect("replayed with a new token");
        let last: Vec<(String, Option<i64>)> = mock.requests()[2..]
            .iter()
            .map(|r| (r.path.clone(), r.errcode))
            .collect();
        assert_eq!(
            last,
            [
                (CUSTOMER_PATH.to_string(), Some(1000202001)),
                (TOKEN_PATH.to_string(), Some(0)),
                (CUSTOMER_PATH.to_string(), Some(0)),
            ]
        );
    })
    .await
}

#[tokio::test]
async fn a_token_refused_three_times_is_reported_not_refreshed_forever() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = mock.client().unwrap();
        // A token that expires again on its way is replaced once more; a third refusal is
        // not a matter of tokens.
        mock.inject(Fault::TokenExpired, 3);
        let error = list(&client).await.unwrap_err();
        assert_eq!(error.errcode(), Some(1000202001));
        assert!(error.request_id().is_some());
        assert_eq!(count(&mock, TOKEN_PATH), 3);
        assert_eq!(count(&mock, CUSTOMER_PATH), 3);
    })
    .await
}

#[tokio::test]
async fn a_save_refused_for_its_token_is_replayed_and_saved_once() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = mock.client().unwrap();
        list(&client).await.expect("the first call");
        mock.expire_tokens();
        let saved = client
            .bd()
            .customer_save(&CustomerSaveRequest {
                name: "令牌过期后保存".into(),
                number: Some("TOKEN-SAVE".into()),
                ..CustomerSaveRequest::new("")
            })
            .await
            .expect("saved after the token was replaced");
        assert_eq!(saved.ids.len(), 1);
        let copies = mock
            .records("bd/customer")
            .into_iter()
            .filter(|r| r["number"] == "TOKEN-SAVE")
            .count();
        assert_eq!(copies, 1);
    })
    .await
}

#[tokio::test]
async fn pulled_credentials_are_fetched_once_before_the_first_token() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = pulling_client(&mock);
        assert!(
            client.credentials().is_none(),
            "nothing pulled before a call"
        );
        list(&client).await.expect("the first call");
        list(&client).await.expect("the second call");
        let paths: Vec<String> = mock.requests().into_iter().map(|r| r.path).collect();
        assert_eq!(
            paths,
            [AUTHORIZE_PATH, TOKEN_PATH, CUSTOMER_PATH, CUSTOMER_PATH]
        );
        let pulled = client.credentials().expect("pulled");
        let config = MockConfig::default();
        assert_eq!(pulled.app_key(), config.app_key);
        assert_eq!(pulled.domain(), config.domain);
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_rotated_app_secret_is_pulled_again_once_for_all_concurrent_calls() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = pulling_client(&mock);
        list(&client).await.expect("the first call");
        // Kingdee rotates the app_secret; the token then expires.
        mock.rotate_app_secret();
        mock.expire_tokens();
        concurrent_lists(&client).await;
        assert_eq!(count(&mock, AUTHORIZE_PATH), 2, "one pull, then one more");
        let tokens: Vec<Option<i64>> = mock
            .requests()
            .iter()
            .filter(|r| r.path == TOKEN_PATH)
            .map(|r| r.errcode)
            .collect();
        assert_eq!(tokens, [Some(0), Some(1030002006), Some(0)]);
    })
    .await
}

#[tokio::test]
async fn fixed_credentials_with_a_rotated_app_secret_fail_clearly() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = mock.client().unwrap();
        mock.rotate_app_secret();
        let error = list(&client).await.unwrap_err();
        assert_eq!(error.errcode(), Some(1030002006));
        assert!(!error.is_retryable());
        assert_eq!(count(&mock, AUTHORIZE_PATH), 0, "nothing to pull from");
        assert_eq!(count(&mock, TOKEN_PATH), 1);
    })
    .await
}

#[tokio::test]
async fn an_unknown_installation_is_a_clear_error() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let config = MockConfig::default();
        let client = Client::builder(PullAuthorization::new(
            config.client_id,
            config.client_secret,
            "no-such-instance",
        ))
        .base_url(mock.base_url())
        .build()
        .unwrap();
        let error = list(&client).await.unwrap_err();
        assert_eq!(error.errcode(), Some(1030002003));
        assert!(error.to_string().contains(AUTHORIZE_PATH), "{error}");
        assert_eq!(count(&mock, TOKEN_PATH), 0);
    })
    .await
}

#[tokio::test]
async fn a_pull_source_with_an_empty_field_is_refused_when_built() {
    let error = Client::builder(PullAuthorization::new("id", "", "instance"))
        .build()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "configuration: empty credential: client_secret"
    );
}

/// A call may take as long as its handle says, per attempt, whatever the client's default.
#[tokio::test]
async fn a_per_call_timeout_applies_to_that_handle_only() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = jdy_tests::single_shot_client(&mock);
        list(&client).await.expect("the token and a first call");
        let hasty = client.with_timeout(Duration::from_millis(200));
        mock.inject(Fault::Delay(Duration::from_millis(800)), 1);
        match list(&hasty).await {
            Err(Error::Transport { source, .. }) => assert!(source.is_timeout(), "{source}"),
            other => panic!("expected a timeout, got {other:?}"),
        }
        mock.inject(Fault::Delay(Duration::from_millis(800)), 1);
        list(&client)
            .await
            .expect("the client's own 30 s are enough");
        let patient = client.with_connect_timeout(Duration::from_secs(1)).unwrap();
        list(&patient).await.expect("its own pool connects");
    })
    .await
}
