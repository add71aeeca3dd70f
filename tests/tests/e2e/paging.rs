//! The paging streams (`customer_list_pages`, `customer_list_items`) against the in-process mock
//! gateway, which seeds 23 customers and pages over them: every row once and in order, one
//! list call per page and none ahead of the reader, the page size capped at the documented
//! maximum, and an error mid-walk that loses no row already received.

use futures_util::{StreamExt, TryStreamExt};
use jdy::bd::customer::CustomerListQuery;
use jdy::mock::{Fault, MockGateway};
use jdy::paging::Items;
use jdy::{Client, Error};
use jdy_tests::{within, TestServer, CUSTOMER_PATH};

const RESOURCE: &str = "bd/customer";

async fn start() -> (MockGateway, Client) {
    let mock = MockGateway::start().await.expect("the mock starts");
    let client = mock.client().expect("a client of the mock");
    (mock, client)
}

fn sized(page_size: i64) -> CustomerListQuery {
    CustomerListQuery {
        page_size: Some(page_size),
        ..Default::default()
    }
}

/// How many list calls the mock has seen.
fn list_calls(mock: &MockGateway) -> usize {
    mock.requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path == CUSTOMER_PATH)
        .count()
}

/// The ids of the mock's customers, in list order.
fn seeded_ids(mock: &MockGateway) -> Vec<String> {
    mock.records(RESOURCE)
        .iter()
        .map(|r| {
            r["id"]
                .as_str()
                .expect("every record has an id")
                .to_string()
        })
        .collect()
}

/// Reads every row's id, until the end or the first error.
async fn read_ids(items: &mut Items<CustomerListQuery>) -> (Vec<String>, Option<Error>) {
    let mut ids = Vec::new();
    while let Some(row) = items.next_item().await {
        match row {
            Ok(row) => ids.push(row.id.expect("every row has an id")),
            Err(error) => return (ids, Some(error)),
        }
    }
    (ids, None)
}

#[tokio::test]
async fn pages_of_10_give_all_23_customers_once_in_order_in_3_list_calls() {
    within(async {
        let (mock, client) = start().await;
        let seeded = seeded_ids(&mock);
        assert_eq!(seeded.len(), 23);
        let mut items = client.bd().customer_list_items(&sized(10));
        let (ids, error) = read_ids(&mut items).await;
        assert!(error.is_none(), "{error:?}");
        assert_eq!(ids, seeded);
        assert_eq!(list_calls(&mock), 3);
        // Ended for good: reading again calls nothing.
        assert!(items.next_item().await.is_none());
        assert_eq!(list_calls(&mock), 3);
    })
    .await;
}

#[tokio::test]
async fn the_default_page_size_is_the_maximum_so_23_customers_take_one_call() {
    within(async {
        let (mock, client) = start().await;
        let items = client
            .bd()
            .customer_list_items(&CustomerListQuery::default());
        assert_eq!(items.page_size(), 100);
        let rows = items.collect_all().await.expect("every row");
        assert_eq!(rows.len(), 23);
        assert_eq!(list_calls(&mock), 1);
    })
    .await;
}

#[tokio::test]
async fn creating_a_stream_calls_nothing_and_the_first_row_takes_one_list_call() {
    within(async {
        let (mock, client) = start().await;
        let mut items = client.bd().customer_list_items(&sized(10));
        let _pages = client.bd().customer_list_pages(&sized(10));
        assert!(
            mock.requests().is_empty(),
            "not even a token is fetched: {:?}",
            mock.requests()
        );
        let first = items.next_item().await.expect("a row").expect("no error");
        assert_eq!(first.id, seeded_ids(&mock).first().cloned());
        assert_eq!(list_calls(&mock), 1);
    })
    .await;
}

#[tokio::test]
async fn a_page_size_above_the_maximum_is_sent_as_the_maximum() {
    within(async {
        // The mock clamps what it receives, so the query is read where it arrives raw.
        let server = TestServer::start().await;
        let client = server.client(jdy_tests::credentials());
        let mut pages = client.bd().customer_list_pages(&sized(1000));
        assert_eq!(pages.page_size(), 100);
        // The default answer, `data: {}`, is an empty page: the last one.
        let page = pages.next_page().await.expect("a page").expect("no error");
        assert!(page.rows.is_empty());
        assert!(pages.next_page().await.is_none());
        let calls = server.requests_to(CUSTOMER_PATH);
        assert_eq!(calls.len(), 1);
        let query = calls[0].raw_query();
        let pairs: Vec<&str> = query.split('&').collect();
        assert!(pairs.contains(&"page_size=100"), "{query}");
        assert!(pairs.contains(&"page=1"), "{query}");

        // And the mock answers pages of that size.
        let (mock, client) = start().await;
        let mut pages = client.bd().customer_list_pages(&sized(1000));
        let page = pages.next_page().await.expect("a page").expect("no error");
        assert_eq!(page.page_size, Some(100));
        assert_eq!(page.rows.len(), 23);
        assert!(pages.next_page().await.is_none());
        assert_eq!(list_calls(&mock), 1);
    })
    .await;
}

#[tokio::test]
async fn an_error_on_page_2_comes_after_the_10_rows_of_page_1_then_the_stream_ends() {
    within(async {
        let (mock, client) = start().await;
        let seeded = seeded_ids(&mock);
        let mut items = client.bd().customer_list_items(&sized(10));
        let first = items.next_item().await.expect("a row").expect("no error");
        assert_eq!(list_calls(&mock), 1);
        // Faults apply to business calls only, so the next one is the list call for page 2.
        mock.inject(Fault::Malformed, 1);
        let (mut ids, error) = read_ids(&mut items).await;
        ids.insert(0, first.id.expect("an id"));
        assert_eq!(ids, seeded[..10]);
        assert!(
            matches!(error, Some(Error::Decode { .. })),
            "expected a decode error, got {error:?}"
        );
        assert!(items.next_item().await.is_none());
        assert!(items.next_item().await.is_none());
        assert_eq!(list_calls(&mock), 2, "no call after the error");
    })
    .await;
}

#[tokio::test]
async fn pages_of_10_are_pages_1_2_3_with_10_10_3_rows() {
    within(async {
        let (mock, client) = start().await;
        let mut pages = client.bd().customer_list_pages(&sized(10));
        let mut seen = Vec::new();
        while let Some(page) = pages.next_page().await {
            let page = page.expect("no error");
            assert_eq!(page.total_page, Some(3));
            seen.push((page.page, page.rows.len()));
        }
        assert_eq!(seen, [(Some(1), 10), (Some(2), 10), (Some(3), 3)]);
        assert_eq!(list_calls(&mock), 3);
    })
    .await;
}

#[tokio::test]
async fn the_walk_starts_at_the_callers_page() {
    within(async {
        let (mock, client) = start().await;
        let query = CustomerListQuery {
            page: Some(2),
            ..sized(10)
        };
        let rows = client
            .bd()
            .customer_list_items(&query)
            .collect_all()
            .await
            .expect("every row");
        let ids: Vec<String> = rows.into_iter().filter_map(|r| r.id).collect();
        assert_eq!(ids, seeded_ids(&mock)[10..]);
        assert_eq!(list_calls(&mock), 2);
    })
    .await;
}

#[tokio::test]
async fn the_other_parameters_go_with_every_page() {
    within(async {
        let (mock, client) = start().await;
        // The copies of the seed records are named `...-c1` to `...-c22`: `-c1` matches 11.
        let expected: Vec<String> = mock
            .records(RESOURCE)
            .iter()
            .filter(|r| {
                ["name", "number"]
                    .iter()
                    .any(|k| r[*k].as_str().is_some_and(|v| v.contains("-c1")))
            })
            .map(|r| r["id"].as_str().expect("an id").to_string())
            .collect();
        assert_eq!(expected.len(), 11);
        let query = CustomerListQuery {
            search: Some("-c1".into()),
            ..sized(5)
        };
        let mut items = client.bd().customer_list_items(&query);
        let (ids, error) = read_ids(&mut items).await;
        assert!(error.is_none(), "{error:?}");
        assert_eq!(ids, expected);
        assert_eq!(list_calls(&mock), 3);
    })
    .await;
}

#[tokio::test]
async fn the_streams_work_with_stream_ext_and_can_be_spawned() {
    within(async {
        let (mock, client) = start().await;
        let seeded = seeded_ids(&mock);

        let ids: Vec<String> = client
            .bd()
            .customer_list_items(&sized(10))
            .map_ok(|row| row.id.expect("an id"))
            .try_collect()
            .await
            .expect("every row");
        assert_eq!(ids, seeded);

        let sizes: Vec<usize> = client
            .bd()
            .customer_list_pages(&sized(10))
            .map(|page| page.expect("no error").rows.len())
            .collect()
            .await;
        assert_eq!(sizes, [10, 10, 3]);

        // The streams own their client and query: a task can take one.
        let items = client.bd().customer_list_items(&sized(10));
        let task = tokio::spawn(items.collect_all());
        drop(client);
        let rows = task.await.expect("the task ends").expect("every row");
        assert_eq!(rows.len(), 23);
    })
    .await;
}
