//! A host clock that is off the gateway's: refused with 4006, corrected from the gateway's
//! `Date` header, replayed once.

use jdy::bd::customer::CustomerListQuery;
use jdy::mock::MockGateway;
use jdy_tests::{within, CUSTOMER_PATH};

const SIX_MINUTES_MS: i64 = 6 * 60_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_calls_refused_for_their_timestamp_all_correct_and_succeed() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = jdy_tests::single_shot_client(&mock);
        client
            .bd()
            .customer_list(&CustomerListQuery::default())
            .await
            .expect("with agreeing clocks");
        // The gateway's clock jumps six minutes ahead while the client holds a valid token.
        mock.shift_clock(SIX_MINUTES_MS);
        for result in jdy_tests::concurrent_customer_lists(&client, 16).await {
            result.expect("corrected and replayed");
        }
        let offset = client.clock_offset_ms();
        assert!((offset - SIX_MINUTES_MS).abs() < 2_000, "{offset}");
        let refused = mock
            .requests()
            .iter()
            .filter(|r| r.path == CUSTOMER_PATH && r.errcode == Some(4006))
            .count();
        assert!((1..=16).contains(&refused), "{refused}");
        // Once corrected, a call goes through first time.
        let before = mock.requests().len();
        client
            .bd()
            .customer_list(&CustomerListQuery::default())
            .await
            .expect("with the corrected clock");
        assert_eq!(mock.requests().len(), before + 1);
    })
    .await
}

#[tokio::test]
async fn a_4006_without_a_usable_date_is_reported_once() {
    within(async {
        // The recording server answers 4006 with no Date header the client can use to
        // correct anything: the call is not replayed.
        let server = jdy_tests::TestServer::start().await;
        server.reply(
            CUSTOMER_PATH,
            jdy_tests::Reply::json(
                519,
                r#"{"errcode":4006,"description":"timestamp invalid[GW]","description_cn":"时间戳无效"}"#,
            )
            .header("date", "not a date"),
        );
        let client = server.client(jdy_tests::credentials());
        let error = client
            .bd()
            .customer_list(&CustomerListQuery::default())
            .await
            .unwrap_err();
        assert_eq!(error.errcode(), Some(4006));
        assert!(!error.is_retryable());
        assert_eq!(server.requests_to(CUSTOMER_PATH).len(), 1);
    })
    .await
}
