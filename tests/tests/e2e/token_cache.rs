//! The app-token is fetched once and shared (KINGDEE-API.md section 3 forbids a token per
//! call): concurrent calls through clones of one client wait for a single fetch, and later
//! calls reuse it. A failed fetch is not cached.

use std::time::Duration;

use jdy_tests::{credentials, scenarios, within, Reply, TestServer, CUSTOMER_PATH, TOKEN_PATH};

#[tokio::test]
async fn sixteen_concurrent_calls_through_clones_fetch_exactly_one_token() {
    let server = TestServer::start().await;
    // A slow token answer, so that all sixteen calls are waiting while it is fetched.
    server.reply(
        TOKEN_PATH,
        Reply::token("TOKEN-shared").delay(Duration::from_millis(300)),
    );
    let client = server.client(credentials());

    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.bd().customer_list(&Default::default()).await })
        })
        .collect();
    for task in tasks {
        within(task).await.expect("task").expect("call succeeds");
    }
    assert_eq!(server.requests_to(TOKEN_PATH).len(), 1);
    let calls = server.requests_to(CUSTOMER_PATH);
    assert_eq!(calls.len(), 16);
    for call in &calls {
        assert_eq!(call.header("app-token"), "TOKEN-shared");
    }

    // Later calls, on the original and on a fresh clone, reuse it.
    within(client.bd().customer_list(&Default::default()))
        .await
        .unwrap();
    within(client.clone().bd().customer_detail(&Default::default()))
        .await
        .unwrap();
    assert_eq!(server.requests_to(TOKEN_PATH).len(), 1);
    assert_eq!(server.requests().len(), 1 + 16 + 2);
    assert!(server
        .requests()
        .iter()
        .skip(1)
        .all(|r| r.header("app-token") == "TOKEN-shared"));
}

#[tokio::test]
async fn a_failed_token_fetch_is_not_cached() {
    let server = TestServer::start().await;
    let (path, refused) = scenarios::token_refused();
    server.reply(path, refused);
    let client = server.client(credentials());

    let err = within(client.bd().customer_list(&Default::default()))
        .await
        .unwrap_err();
    assert_eq!(err.errcode(), Some(1030002006));
    assert!(server.requests_to(CUSTOMER_PATH).is_empty());

    server.reply(TOKEN_PATH, Reply::token("TOKEN-second"));
    within(client.bd().customer_list(&Default::default()))
        .await
        .unwrap();
    assert_eq!(server.requests_to(TOKEN_PATH).len(), 2);
    let calls = server.requests_to(CUSTOMER_PATH);
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].header("app-token"), "TOKEN-second");
}
