//! The mock gateway as a resource: dropping the handle stops it.

use std::time::Duration;

use jdy::bd::customer::CustomerListQuery;
use jdy::mock::MockGateway;
use jdy::Error;
use jdy_tests::within;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_the_mock_is_dropped_no_request_is_answered_even_on_an_open_connection() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = mock.client().unwrap();
        // This call leaves a kept-alive connection in the client's pool.
        client
            .bd()
            .customer_list(&CustomerListQuery::default())
            .await
            .expect("while the mock runs");
        drop(mock);
        tokio::time::sleep(Duration::from_millis(100)).await;
        match client.bd().customer_list(&CustomerListQuery::default()).await {
            Err(Error::Transport { .. }) => {}
            other => panic!(
                "the mock was dropped (\"Dropping it stops the server\"), yet the call got {other:?}"
            ),
        }
    })
    .await
}

#[tokio::test]
async fn after_the_mock_is_dropped_new_connections_are_refused() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let base_url = mock.base_url().to_string();
        let credentials = mock.credentials();
        drop(mock);
        tokio::time::sleep(Duration::from_millis(100)).await;
        let client = jdy::Client::builder(credentials)
            .base_url(base_url)
            .build()
            .unwrap();
        match client
            .bd()
            .customer_list(&CustomerListQuery::default())
            .await
        {
            Err(Error::Transport { .. }) => {}
            other => panic!("expected a transport error, got {other:?}"),
        }
    })
    .await
}
