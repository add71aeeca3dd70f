//! Pushed authorisations (`jdy::push`): a push is a hint, confirmed by a signed pull before
//! anything is kept; the router answers at once, refuses malformed input with a clear 4xx and
//! logs no secret. The mock sends the pushes, as Kingdee would.

use std::time::{Duration, Instant};

use jdy::mock::{fleet_account, MockConfig, MockGateway};
use jdy::App;
use jdy_tests::captured::Captured;
use jdy_tests::within;

const AUTHORIZE_PATH: &str = "/jdyconnector/app_management/push_app_authorize";

/// The mock with a fleet of three account sets, an application of it, and the push router
/// serving that application on loopback.
async fn setup() -> (MockGateway, App, String) {
    let mock = MockGateway::start_with(MockConfig {
        fleet: 3,
        ..MockConfig::default()
    })
    .await
    .unwrap();
    let config = MockConfig::default();
    let app = App::builder(config.client_id, config.client_secret)
        .base_url(mock.base_url())
        .build()
        .unwrap();
    let router = axum::Router::new().nest("/kingdee/authorize", jdy::push::router(app.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/kingdee/authorize",
        listener.local_addr().unwrap()
    );
    tokio::spawn(async move { axum::serve(listener, router).await });
    (mock, app, url)
}

fn pulls(mock: &MockGateway) -> usize {
    mock.requests()
        .iter()
        .filter(|r| r.path == AUTHORIZE_PATH)
        .count()
}

async fn until_pulled(mock: &MockGateway, pulls_expected: usize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while pulls(mock) < pulls_expected {
        assert!(Instant::now() < deadline, "no confirming pull came");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // The pull's answer is kept just after the mock logs it.
    tokio::time::sleep(Duration::from_millis(100)).await;
}

#[tokio::test]
async fn a_push_is_confirmed_by_a_pull_and_leads_to_a_first_business_call() {
    let (mock, app, url) = setup().await;
    let account = fleet_account(1);
    assert_eq!(
        app.stored_authorization(&account.outer_instance_id)
            .await
            .unwrap()
            .map(|c| c.app_key().to_string()),
        None
    );

    let started = Instant::now();
    let (status, body) = within(mock.push_authorization(&url, &account.outer_instance_id))
        .await
        .unwrap();
    assert_eq!((status, body.as_str()), (200, "success"));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the push was not answered at once"
    );

    until_pulled(&mock, 1).await;
    let kept = app
        .stored_authorization(&account.outer_instance_id)
        .await
        .unwrap()
        .expect("the confirmed authorisation is kept");
    assert_eq!(kept.app_key(), account.app_key);

    // A client of that installation finds it in the store: its first call needs no pull.
    let client = app.authorized(&account.outer_instance_id).unwrap();
    within(client.bd().customer_list(&Default::default()))
        .await
        .expect("first business call");
    assert_eq!(
        pulls(&mock),
        1,
        "the client pulled again instead of using the push"
    );
    assert_eq!(mock.tokens_issued(), 1);
    assert_eq!(client.credentials().unwrap().app_key(), account.app_key);
}

#[tokio::test]
async fn a_push_that_the_pull_does_not_confirm_keeps_nothing() {
    let (mock, app, url) = setup().await;
    let (status, _) = within(mock.push_authorization(&url, "not-an-installation"))
        .await
        .unwrap();
    // A hint is taken; its confirmation fails.
    assert_eq!(status, 200);
    until_pulled(&mock, 1).await;
    let failed = mock
        .requests()
        .into_iter()
        .find(|r| r.path == AUTHORIZE_PATH)
        .unwrap();
    assert_eq!(failed.errcode, Some(1030002003));
    assert!(app
        .stored_authorization("not-an-installation")
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn malformed_pushes_get_a_clear_4xx_and_no_pull() {
    let (mock, _app, url) = setup().await;
    let http = reqwest::Client::new();
    let json = "application/json";
    let big = format!(
        r#"{{"data":[{{"outerInstanceId":"a","pad":"{}"}}]}}"#,
        "x".repeat(200_000)
    );
    let cases: Vec<(&str, String, u16, &str)> = vec![
        (json, "not json".into(), 400, "malformed push"),
        (json, r#"{"bizType":"x"}"#.into(), 400, "malformed push"),
        (json, r#"{"data":[]}"#.into(), 400, "`data` is empty"),
        (
            json,
            r#"{"data":[{"outerInstanceId":""}]}"#.into(),
            400,
            "outerInstanceId",
        ),
        (
            json,
            r#"{"data":[{"outerInstanceId":"a/../b"}]}"#.into(),
            400,
            "outerInstanceId",
        ),
        (json, big, 413, "at most 65536 bytes"),
        (
            "text/plain",
            r#"{"data":[{"outerInstanceId":"a"}]}"#.into(),
            415,
            "JSON",
        ),
    ];
    for (content_type, body, status, says) in cases {
        let answer = http
            .post(&url)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), status, "{says}");
        let text = answer.text().await.unwrap();
        assert!(text.contains(says), "{status}: {text}");
    }
    let get = http.get(&url).send().await.unwrap();
    assert_eq!(get.status().as_u16(), 405);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(pulls(&mock), 0);
}

#[tokio::test]
async fn receiving_and_confirming_a_push_logs_no_secret() {
    let log = Captured::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // The test's runtime runs every task on this thread, the router's included.
    let _guard = tracing::subscriber::set_default(subscriber);

    let (mock, app, url) = setup().await;
    let account = fleet_account(2);
    within(mock.push_authorization(&url, &account.outer_instance_id))
        .await
        .unwrap();
    until_pulled(&mock, 1).await;
    let client = app.authorized(&account.outer_instance_id).unwrap();
    within(client.bd().customer_list(&Default::default()))
        .await
        .unwrap();

    let text = log.text();
    assert!(text.contains("confirmed"), "nothing was logged: {text}");
    let config = MockConfig::default();
    for secret in [
        account.app_secret.expose(),
        config.client_secret.expose(),
        "mock-token-",
    ] {
        assert!(!text.contains(secret), "the log shows a secret:\n{text}");
    }
}
