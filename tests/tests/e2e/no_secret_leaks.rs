//! Secrets (client_secret, app_secret, the app-token) and personal data never show in what an
//! application is likely to log: `Debug` of credentials, client and models, and `Debug` and
//! `Display` of every error, including errors about the very answer that carried the token.

use jdy::bd::customer::CustomerDetailQuery;
use jdy::{Credentials, Error};
use jdy_tests::{refused_base_url, scenarios, within, Reply, TestServer, TOKEN_PATH};

const CLIENT_SECRET: &str = "CS-SECRET-123";
const APP_SECRET: &str = "AS-SECRET-456";
const TOKEN: &str = "TOKEN-SECRET-789";

fn secret_credentials() -> Credentials {
    Credentials::new(
        "client-1",
        CLIENT_SECRET,
        "app-key-1",
        APP_SECRET,
        "https://tf.jdy.com",
    )
}

fn assert_no_secret(what: &str, text: &str) {
    for secret in [CLIENT_SECRET, APP_SECRET, TOKEN] {
        assert!(!text.contains(secret), "{what} shows {secret}: {text}");
    }
}

fn assert_error_keeps_secrets(what: &str, err: &Error) {
    assert_no_secret(&format!("{what} (Debug)"), &format!("{err:?}"));
    assert_no_secret(&format!("{what} (Display)"), &format!("{err}"));
}

/// A customer list against a server whose token answer hands out [`TOKEN`], programmed with
/// `scenario`; returns the error.
async fn error_of(scenario: (&str, Reply)) -> Error {
    let server = TestServer::start().await;
    server.reply(TOKEN_PATH, Reply::token(TOKEN));
    server.reply(scenario.0, scenario.1);
    let client = server.client(secret_credentials());
    within(client.bd().customer_list(&Default::default()))
        .await
        .expect_err("the call must fail")
}

#[test]
fn credentials_and_client_debug_show_no_secret() {
    let credentials = secret_credentials();
    let text = format!("{credentials:?}");
    assert_no_secret("Credentials", &text);
    assert!(
        text.contains("client-1") && text.contains("app-key-1"),
        "{text}"
    );

    let client = jdy::Client::builder(credentials)
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    assert_no_secret("Client", &format!("{client:?}"));
    assert_no_secret("Client (pretty)", &format!("{client:#?}"));
}

#[tokio::test]
async fn the_error_answers_show_no_secret() {
    let cases = [
        ("gateway 519", scenarios::gateway_519()),
        ("business", scenarios::business_not_found()),
        ("not JSON", scenarios::not_json_10k()),
        ("wrong data", scenarios::wrong_data_shape()),
        ("HTML 500", scenarios::html_500()),
        ("token refused", scenarios::token_refused()),
    ];
    for (what, scenario) in cases {
        let err = error_of(scenario).await;
        assert_error_keeps_secrets(what, &err);
    }

    let client = jdy::Client::builder(secret_credentials())
        .base_url(refused_base_url())
        .build()
        .unwrap();
    let err = within(client.bd().customer_list(&Default::default()))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_error_keeps_secrets("connection refused", &err);
}

#[tokio::test]
async fn a_malformed_token_answer_does_not_quote_the_token() {
    let truncated = r#"{"errcode":0,"data":{"app-token":"TOKEN-SECRET-789","uid":"x"}"#;
    let err = error_of((TOKEN_PATH, Reply::json(200, truncated))).await;
    match &err {
        Error::Decode { call, status, .. } => {
            assert_eq!((call.path.as_str(), *status), (TOKEN_PATH, 200));
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert_error_keeps_secrets("truncated token answer", &err);

    // The token under an unexpected field name: `data` decodes to nothing usable.
    let renamed = r#"{"errcode":0,"data":{"token":"TOKEN-SECRET-789","uid":1}}"#;
    let err = error_of((TOKEN_PATH, Reply::json(200, renamed))).await;
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_error_keeps_secrets("renamed token field", &err);

    // A gateway refusal of the token call whose (non-JSON) body echoes the token.
    let echo = "token TOKEN-SECRET-789 refused";
    let err = error_of((TOKEN_PATH, Reply::raw(503, "text/plain", echo))).await;
    assert!(matches!(err, Error::Gateway { status: 503, .. }), "{err:?}");
    assert_error_keeps_secrets("token endpoint 503", &err);
}

/// `data` itself is the token string instead of an object: serde's message for that type
/// mismatch quotes the string it found.
#[tokio::test]
async fn a_token_answer_whose_data_is_the_token_itself_does_not_quote_it() {
    let bare = r#"{"errcode":0,"data":"TOKEN-SECRET-789"}"#;
    let err = error_of((TOKEN_PATH, Reply::json(200, bare))).await;
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_error_keeps_secrets("bare token as data", &err);
}

#[tokio::test]
async fn sensitive_fields_of_a_decoded_model_print_redacted() {
    let server = TestServer::start().await;
    server.reply(TOKEN_PATH, Reply::token(TOKEN));
    server.reply(
        "/jdy/v2/bd/customer_detail",
        Reply::data(
            r#"{"id":"7","name":"苹果","addr":"ADDR-PRIVATE-1","bank_account":"BANK-PRIVATE-2",
                "bomentity":[{"contact_person":"张三","mobile":"MOBILE-PRIVATE-3"}]}"#,
        ),
    );
    let client = server.client(secret_credentials());
    let query = CustomerDetailQuery {
        id: Some("7".into()),
        ..Default::default()
    };
    let detail = within(client.bd().customer_detail(&query)).await.unwrap();

    // The values arrived...
    assert_eq!(
        detail.addr.as_ref().map(|s| s.expose()),
        Some("ADDR-PRIVATE-1")
    );
    assert_eq!(
        detail.bomentity[0].mobile.as_ref().map(|s| s.expose()),
        Some("MOBILE-PRIVATE-3")
    );
    // ...and Debug does not show them.
    let text = format!("{detail:?}");
    for private in ["ADDR-PRIVATE-1", "BANK-PRIVATE-2", "MOBILE-PRIVATE-3"] {
        assert!(
            !text.contains(private),
            "CustomerDetail Debug shows {private}: {text}"
        );
    }
    assert!(text.contains("Sensitive(***)"), "{text}");
    assert!(
        text.contains("张三"),
        "non-sensitive fields still print: {text}"
    );
}
