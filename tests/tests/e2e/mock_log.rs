//! The mock's request log: one record per request, in order, with the request id the client
//! saw; and neither the records, the log, nor the lines the mock prints to standard error
//! ever show a secret (client_secret, app_secret, app_signature, an issued token).

use std::collections::BTreeSet;
use std::time::Duration;

use jdy::bd::customer::{CustomerDetailQuery, CustomerListQuery, CustomerSaveRequest};
use jdy::mock::{Fault, MockConfig, MockGateway, RequestRecord};
use jdy::{Client, Credentials, Error};
use jdy_tests::raw::{fetch_token, Signer, AUTHORIZE_PATH, TOKEN_PATH};
use jdy_tests::{single_shot_client, within, CUSTOMER_PATH};

const DETAIL_PATH: &str = "/jdy/v2/bd/customer_detail";
const CLIENT_SECRET: &str = "CS-e2e-log-0f9d8c7b6a5f4e3d";
const APP_SECRET: &str = "AS-e2e-log-1a2b3c4d5e6f7a8b";
/// Set in the environment of the copy of this test binary that prints the mock's log.
const CHILD_ENV: &str = "JDY_E2E_MOCK_LOG_CHILD";

fn distinctive_config(log_to_stderr: bool) -> MockConfig {
    MockConfig {
        client_id: "e2e-log-client".into(),
        client_secret: CLIENT_SECRET.into(),
        app_key: "e2e-log-app-key".into(),
        app_secret: APP_SECRET.into(),
        log_to_stderr,
        ..Default::default()
    }
}

/// The request id of an error the SDK returned (every answer of the mock carries one).
#[track_caller]
fn id_of(err: &Error) -> String {
    err.request_id()
        .unwrap_or_else(|| panic!("no request id in {err:?}"))
        .to_string()
}

fn summary(r: &RequestRecord) -> (&str, &str, u16, Option<i64>, &str) {
    (
        r.method.as_str(),
        r.path.as_str(),
        r.status,
        r.errcode,
        r.verdict.as_str(),
    )
}

#[tokio::test]
async fn the_log_has_one_record_per_request_in_order_with_the_request_id_the_client_saw() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let config = MockConfig::default();
        let client = single_shot_client(&mock);

        client
            .bd()
            .customer_list(&CustomerListQuery::default())
            .await
            .expect("list");
        let not_found = client
            .bd()
            .customer_detail(&CustomerDetailQuery {
                id: Some("4242".into()),
                ..Default::default()
            })
            .await
            .unwrap_err();
        let not_found_description = match &not_found {
            Error::Business { description, .. } => description.clone(),
            other => panic!("expected Business, got {other:?}"),
        };
        let unknown_path = Signer::of(&config)
            .sign("GET", "/jdy/v2/bd/nowhere", &[])
            .send(mock.base_url())
            .await;
        mock.inject(Fault::Unavailable, 1);
        let unavailable = client
            .bd()
            .customer_list(&CustomerListQuery::default())
            .await
            .unwrap_err();
        let empty_name = client
            .bd()
            .customer_save(&CustomerSaveRequest::new(""))
            .await
            .unwrap_err();
        let empty_name_description = match &empty_name {
            Error::Business { description, .. } => description.clone(),
            other => panic!("expected Business, got {other:?}"),
        };
        mock.expire_tokens();
        client
            .bd()
            .customer_list(&CustomerListQuery::default())
            .await
            .expect("replayed with a new token");

        let log = mock.requests();
        let summaries: Vec<_> = log.iter().map(summary).collect();
        assert_eq!(
            summaries,
            [
                ("GET", TOKEN_PATH, 200, Some(0), "token issued"),
                ("GET", CUSTOMER_PATH, 200, Some(0), "ok"),
                (
                    "GET",
                    DETAIL_PATH,
                    200,
                    Some(1030002003),
                    not_found_description.as_str()
                ),
                (
                    "GET",
                    "/jdy/v2/bd/nowhere",
                    519,
                    Some(5001),
                    "no API at /jdy/v2/bd/nowhere"
                ),
                ("GET", CUSTOMER_PATH, 503, None, "fault: 503"),
                (
                    "POST",
                    CUSTOMER_PATH,
                    200,
                    Some(1030002000),
                    empty_name_description.as_str()
                ),
                (
                    "GET",
                    CUSTOMER_PATH,
                    519,
                    Some(4011),
                    "app-token has expired"
                ),
                ("GET", TOKEN_PATH, 200, Some(0), "token issued"),
                ("GET", CUSTOMER_PATH, 200, Some(0), "ok"),
            ]
        );

        // The request id of each record is the X-Api-Requestid the client received.
        assert_eq!(log[2].request_id, id_of(&not_found));
        assert_eq!(
            Some(log[3].request_id.as_str()),
            unknown_path.request_id(),
            "raw answer"
        );
        assert_eq!(log[4].request_id, id_of(&unavailable));
        assert_eq!(log[5].request_id, id_of(&empty_name));
        let ids: BTreeSet<&str> = log.iter().map(|r| r.request_id.as_str()).collect();
        assert_eq!(ids.len(), log.len(), "request ids are unique: {ids:?}");
        assert!(ids.iter().all(|id| !id.is_empty()));

        // Display: `METHOD path -> status[ errcode] verdict [request id]`.
        assert_eq!(
            log[0].to_string(),
            format!(
                "GET {TOKEN_PATH} -> 200 0 token issued [{}]",
                log[0].request_id
            )
        );
        assert_eq!(
            log[4].to_string(),
            format!(
                "GET {CUSTOMER_PATH} -> 503 fault: 503 [{}]",
                log[4].request_id
            )
        );
        assert_eq!(
            log[6].to_string(),
            format!(
                "GET {CUSTOMER_PATH} -> 519 4011 app-token has expired [{}]",
                log[6].request_id
            )
        );
        for record in &log {
            assert!(!record.to_string().contains('\n'), "{record}");
        }
    })
    .await
}

/// Makes requests of every kind against `mock`, including refused ones, and returns the
/// secret values that went over the wire (beyond the configured secrets).
async fn busy_session(mock: &MockGateway, config: &MockConfig) -> Vec<String> {
    let signer = Signer::of(config);
    let app_signature = jdy::signing::app_signature(&config.app_key, config.app_secret.expose());
    let token = fetch_token(mock.base_url(), config).await;
    let ok = signer
        .sign("GET", CUSTOMER_PATH, &[("search", "客户")])
        .business(&token, &config.domain)
        .send(mock.base_url())
        .await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    // Refused: a wrong signature, a missing router header, an unknown token.
    Signer::new(&config.client_id, "wrong-secret")
        .sign("GET", CUSTOMER_PATH, &[])
        .business(&token, &config.domain)
        .send(mock.base_url())
        .await
        .assert_gateway(4008);
    signer
        .sign("GET", CUSTOMER_PATH, &[])
        .business(&token, &config.domain)
        .without("X-GW-Router-Addr")
        .send(mock.base_url())
        .await
        .assert_gateway(5001);
    signer
        .sign("GET", CUSTOMER_PATH, &[])
        .business(&format!("{token}-forged"), &config.domain)
        .send(mock.base_url())
        .await
        .assert_gateway(4010);
    // The authorisation answer carries the app_secret.
    let pulled = signer
        .sign(
            "POST",
            AUTHORIZE_PATH,
            &[("outerInstanceId", config.outer_instance_id.as_str())],
        )
        .send(mock.base_url())
        .await;
    assert!(pulled.text.contains(config.app_secret.expose()));
    // Through the SDK: a good client, then a rotated app_secret and an expired token.
    let client = mock.client().unwrap();
    client
        .bd()
        .customer_list(&CustomerListQuery::default())
        .await
        .unwrap();
    let rotated = mock.rotate_app_secret();
    let stale = Client::builder(Credentials::new(
        config.client_id.clone(),
        config.client_secret.clone(),
        config.app_key.clone(),
        config.app_secret.clone(),
        config.domain.clone(),
    ))
    .base_url(mock.base_url())
    .build()
    .unwrap();
    let err = stale
        .bd()
        .customer_list(&CustomerListQuery::default())
        .await
        .unwrap_err();
    assert_eq!(err.errcode(), Some(1030002006));
    mock.expire_tokens();
    signer
        .sign("GET", CUSTOMER_PATH, &[])
        .business(&token, &config.domain)
        .send(mock.base_url())
        .await
        .assert_gateway(4011);
    vec![token, app_signature, rotated.expose().to_string()]
}

fn forbidden(extra: &[String]) -> Vec<String> {
    let mut secrets = vec![CLIENT_SECRET.to_string(), APP_SECRET.to_string()];
    secrets.extend(extra.iter().cloned());
    secrets
}

#[track_caller]
fn assert_no_secret(what: &str, text: &str, secrets: &[String]) {
    for secret in secrets {
        assert!(
            !text.contains(secret.as_str()),
            "{what} shows a secret ({secret}): {text}"
        );
    }
}

#[tokio::test]
async fn records_the_whole_log_and_the_mock_itself_never_show_a_secret() {
    within(async {
        let config = distinctive_config(false);
        let mock = MockGateway::start_with(config.clone()).await.unwrap();
        let extra = busy_session(&mock, &config).await;
        let secrets = forbidden(&extra);

        let log = mock.requests();
        assert_eq!(log.len(), 10, "{log:#?}");
        for record in &log {
            assert_no_secret("a record's Display", &record.to_string(), &secrets);
            assert_no_secret("a record's Debug", &format!("{record:?}"), &secrets);
        }
        let whole: Vec<String> = log.iter().map(ToString::to_string).collect();
        assert_no_secret("the log", &whole.join("\n"), &secrets);
        assert_no_secret("the log's Debug", &format!("{log:#?}"), &secrets);
        assert_no_secret("the mock's Debug", &format!("{mock:?}"), &secrets);
        assert_no_secret("the config's Debug", &format!("{config:?}"), &secrets);
        assert_no_secret(
            "the credentials' Debug",
            &format!("{:?}", mock.credentials()),
            &secrets,
        );
    })
    .await
}

/// Runs in a copy of this test binary (see the test below): a session against a mock that
/// logs to standard error, then its records and the token on standard output.
async fn child_session() {
    let config = distinctive_config(true);
    let mock = MockGateway::start_with(config.clone()).await.unwrap();
    let extra = busy_session(&mock, &config).await;
    // The test harness has not ended its own line yet.
    println!();
    for record in mock.requests() {
        println!("RECORD\t{record}");
    }
    for secret in extra {
        println!("SECRET\t{secret}");
    }
}

#[tokio::test]
async fn the_stderr_log_has_one_line_per_record_and_no_secret() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return within(child_session()).await;
    }
    // The mock prints to the process's standard error: run this same test in a child
    // process, with the child role switched on, and read what it printed.
    let exe = std::env::current_exe().expect("the test binary");
    let output = tokio::time::timeout(
        Duration::from_secs(60),
        tokio::process::Command::new(exe)
            .args([
                "--exact",
                "mock_log::the_stderr_log_has_one_line_per_record_and_no_secret",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, "1")
            .kill_on_drop(true)
            .output(),
    )
    .await
    .expect("the child finished in time")
    .expect("the child ran");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "child failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    let records: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("RECORD\t"))
        .collect();
    let extra: Vec<String> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("SECRET\t"))
        .map(str::to_string)
        .collect();
    assert_eq!(records.len(), 10, "stdout:\n{stdout}");
    assert_eq!(extra.len(), 3, "stdout:\n{stdout}");

    let logged: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("jdy-mock"))
        .collect();
    let expected: Vec<String> = records.iter().map(|r| format!("jdy-mock: {r}")).collect();
    assert_eq!(logged, expected, "stderr:\n{stderr}");
    assert_no_secret("standard error", &stderr, &forbidden(&extra));
}

#[tokio::test]
async fn the_log_is_in_arrival_order_even_when_a_delayed_answer_finishes_last() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = mock.client().unwrap();
        client
            .bd()
            .customer_list(&CustomerListQuery::default())
            .await
            .expect("token and a first call");
        mock.inject(Fault::Delay(Duration::from_millis(800)), 1);
        let slow = {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .bd()
                    .customer_list(&CustomerListQuery::default())
                    .await
            })
        };
        // The slow call has arrived (and waits in the mock) before the quick one is sent.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let quick = client
            .bd()
            .customer_detail(&CustomerDetailQuery {
                id: Some("4242".into()),
                ..Default::default()
            })
            .await
            .unwrap_err();
        slow.await.expect("task").expect("the slow call");

        let log = mock.requests();
        let paths: Vec<&str> = log.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(
            paths,
            [TOKEN_PATH, CUSTOMER_PATH, CUSTOMER_PATH, DETAIL_PATH],
            "the slow list arrived before the quick detail: {log:#?}"
        );
        assert_eq!(log[3].request_id, id_of(&quick));
    })
    .await
}

#[tokio::test]
async fn the_log_keeps_the_newest_requests_and_counts_the_dropped() {
    within(async {
        let config = MockConfig {
            limits: jdy::mock::MockLimits {
                log_capacity: 4,
                ..Default::default()
            },
            ..Default::default()
        };
        let mock = MockGateway::start_with(config.clone()).await.unwrap();
        let signer = Signer::of(&config);
        let mut ids = Vec::new();
        for i in 0..11 {
            let answer = signer
                .sign("GET", &format!("/no/such/api/{i}"), &[])
                .send(mock.base_url())
                .await;
            ids.push(answer.request_id().expect("a request id").to_string());
        }
        let log = mock.requests();
        let paths: Vec<&str> = log.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/no/such/api/7",
                "/no/such/api/8",
                "/no/such/api/9",
                "/no/such/api/10"
            ]
        );
        let kept: Vec<&str> = log.iter().map(|r| r.request_id.as_str()).collect();
        assert_eq!(kept, ids[7..]);
        assert_eq!(mock.requests_dropped(), 7);
    })
    .await
}

#[tokio::test]
async fn a_long_path_is_cut_in_the_log() {
    within(async {
        let config = MockConfig::default();
        let mock = MockGateway::start_with(config.clone()).await.unwrap();
        let path = format!("/{}", "x".repeat(20_000));
        let answer = Signer::of(&config)
            .sign("GET", &path, &[])
            .send(mock.base_url())
            .await;
        assert_eq!(answer.errcode(), Some(5001));
        let record = mock.requests().pop().expect("the request is logged");
        assert!(record.path.len() < 1_000, "{} bytes", record.path.len());
        assert!(record.path.starts_with("/xxx") && record.path.ends_with('…'));
        assert!(
            record.verdict.len() < 1_000,
            "{} bytes",
            record.verdict.len()
        );
    })
    .await
}
