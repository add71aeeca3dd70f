//! The SDK against the in-process mock gateway, for every customer endpoint: paging that adds
//! up, search, detail by id and by number, save that creates and updates, and the business
//! errors of section 4 (1030002000 required, 1030002002 already exists, 1030002003 not found).

use std::collections::{BTreeMap, BTreeSet};

use jdy::bd::customer::{
    CustomerDetailQuery, CustomerListQuery, CustomerListRow, CustomerSaveRequest,
};
use jdy::mock::{MockConfig, MockGateway};
use jdy::{Client, Error};
use jdy_tests::raw::{fetch_token, Signer};
use jdy_tests::{within, CUSTOMER_PATH};

const RESOURCE: &str = "bd/customer";
const DETAIL_PATH: &str = "/jdy/v2/bd/customer_detail";

async fn start() -> (MockGateway, Client) {
    let mock = MockGateway::start().await.expect("the mock starts");
    let client = mock.client().expect("a client of the mock");
    (mock, client)
}

fn page_query(page: i64, page_size: i64) -> CustomerListQuery {
    CustomerListQuery {
        page: Some(page),
        page_size: Some(page_size),
        ..Default::default()
    }
}

fn search_query(search: &str) -> CustomerListQuery {
    CustomerListQuery {
        search: Some(search.into()),
        page_size: Some(100),
        ..Default::default()
    }
}

fn by_id(id: &str) -> CustomerDetailQuery {
    CustomerDetailQuery {
        id: Some(id.into()),
        ..Default::default()
    }
}

fn by_number(number: &str) -> CustomerDetailQuery {
    CustomerDetailQuery {
        number: Some(number.into()),
        ..Default::default()
    }
}

fn new_customer(name: &str, number: Option<&str>) -> CustomerSaveRequest {
    CustomerSaveRequest {
        name: name.into(),
        number: number.map(Into::into),
        ..CustomerSaveRequest::new("")
    }
}

/// The errcode and description of a business refusal (HTTP 200, errcode != 0).
#[track_caller]
fn business(result: Result<impl std::fmt::Debug, Error>) -> (i64, String) {
    match result {
        Err(Error::Business {
            errcode,
            description,
            request_id,
            ..
        }) => {
            assert!(
                request_id.is_some_and(|id| !id.is_empty()),
                "the mock gives every answer a request id"
            );
            (errcode, description)
        }
        other => panic!("expected Error::Business, got {other:?}"),
    }
}

/// Every row, walking the pages of 100.
async fn all_rows(client: &Client) -> Vec<CustomerListRow> {
    let mut rows = Vec::new();
    for page in 1.. {
        let answer = client
            .bd()
            .customer_list(&page_query(page, 100))
            .await
            .expect("list");
        let total = answer.total_page.expect("total_page");
        rows.extend(answer.rows);
        if page >= total {
            break;
        }
    }
    rows
}

#[tokio::test]
async fn list_pages_of_10_over_23_records_are_10_10_3_with_total_page_3_and_count_23() {
    within(async {
        let (mock, client) = start().await;
        assert_eq!(mock.record_count(RESOURCE), 23);
        let mut ids = BTreeSet::new();
        let mut sizes = Vec::new();
        for page in 1..=3 {
            let answer = client
                .bd()
                .customer_list(&page_query(page, 10))
                .await
                .expect("list");
            assert_eq!(answer.total_page, Some(3), "page {page}");
            assert_eq!(answer.count, Some(23), "page {page}");
            assert_eq!(answer.page, Some(page), "page {page}");
            sizes.push(answer.rows.len());
            for row in &answer.rows {
                let id = row.id.clone().expect("every row has an id");
                assert!(ids.insert(id.clone()), "row {id} appears on two pages");
            }
        }
        assert_eq!(sizes, [10, 10, 3]);
        assert_eq!(ids.len(), 23);

        // Past the last page: no rows, same totals.
        let beyond = client
            .bd()
            .customer_list(&page_query(4, 10))
            .await
            .expect("list");
        assert_eq!(
            (beyond.rows.len(), beyond.total_page, beyond.count),
            (0, Some(3), Some(23))
        );

        // The same records in pages of 100: one page, same ids in the same order.
        let whole = client
            .bd()
            .customer_list(&page_query(1, 100))
            .await
            .expect("list");
        assert_eq!(whole.total_page, Some(1));
        let whole_ids: Vec<String> = whole.rows.iter().filter_map(|r| r.id.clone()).collect();
        let mut paged_ids = Vec::new();
        for page in 1..=3 {
            let answer = client
                .bd()
                .customer_list(&page_query(page, 10))
                .await
                .expect("list");
            paged_ids.extend(answer.rows.into_iter().filter_map(|r| r.id));
        }
        assert_eq!(whole_ids, paged_ids);
    })
    .await
}

#[tokio::test]
async fn list_without_paging_parameters_answers_the_first_page_of_the_default_10() {
    within(async {
        let (_mock, client) = start().await;
        let answer = client
            .bd()
            .customer_list(&Default::default())
            .await
            .expect("list");
        assert_eq!(answer.rows.len(), 10);
        assert_eq!(answer.page_size, Some(10));
        assert_eq!(answer.page, Some(1));
        assert_eq!(answer.total_page, Some(3));
        assert_eq!(answer.count, Some(23));
    })
    .await
}

#[tokio::test]
async fn list_count_arrives_as_the_json_string_of_the_documented_example_and_still_decodes() {
    within(async {
        let config = MockConfig::default();
        let mock = MockGateway::start_with(config.clone()).await.unwrap();
        let token = fetch_token(mock.base_url(), &config).await;
        let answer = Signer::of(&config)
            .sign("GET", CUSTOMER_PATH, &[("page", "1"), ("page_size", "10")])
            .business(&token, &config.domain)
            .send(mock.base_url())
            .await;
        assert_eq!(answer.status, 200, "{}", answer.text);
        let data = &answer.json()["data"];
        // The documented example sends "count": "1" (a string) and "total_page": 100.
        assert_eq!(data["count"], serde_json::json!("23"), "{}", answer.text);
        assert_eq!(data["total_page"], serde_json::json!(3), "{}", answer.text);

        let client = mock.client().unwrap();
        let page = client
            .bd()
            .customer_list(&page_query(1, 10))
            .await
            .expect("list");
        assert_eq!(page.count, Some(23));
    })
    .await
}

#[tokio::test]
async fn search_filters_the_list_by_name_and_by_number() {
    within(async {
        let (_mock, client) = start().await;
        let rows = all_rows(&client).await;
        assert_eq!(rows.len(), 23);
        let name_of = |r: &CustomerListRow| r.name.clone().unwrap_or_default();
        let number_of = |r: &CustomerListRow| r.number.clone().unwrap_or_default();

        // A name shared by several records (the seeds are the documented examples, varied).
        let name = name_of(&rows[0]);
        let expected: BTreeSet<String> = rows
            .iter()
            .filter(|r| name_of(r).contains(&name) || number_of(r).contains(&name))
            .filter_map(|r| r.id.clone())
            .collect();
        let found = client
            .bd()
            .customer_list(&search_query(&name))
            .await
            .expect("search by name");
        let found_ids: BTreeSet<String> = found.rows.iter().filter_map(|r| r.id.clone()).collect();
        assert!(found_ids.len() > 1, "{name}: {found_ids:?}");
        assert!(found_ids.len() < 23, "{name}: the search did not filter");
        assert_eq!(found_ids, expected, "search {name:?}");
        assert_eq!(found.count, Some(expected.len() as i64));

        // A number that no name contains: only the number can have matched.
        let (number, id) = rows
            .iter()
            .map(|r| (number_of(r), r.id.clone().unwrap_or_default()))
            .find(|(number, _)| {
                !number.is_empty()
                    && rows.iter().all(|r| !name_of(r).contains(number.as_str()))
                    && rows
                        .iter()
                        .filter(|r| number_of(r).contains(number.as_str()))
                        .count()
                        == 1
            })
            .expect("a number that appears in no name and in no other number");
        let found = client
            .bd()
            .customer_list(&search_query(&number))
            .await
            .expect("search by number");
        let found_ids: Vec<String> = found.rows.iter().filter_map(|r| r.id.clone()).collect();
        assert_eq!(found_ids, [id], "search by number {number:?}");
        assert_eq!((found.count, found.total_page), (Some(1), Some(1)));

        // Nothing matches: an empty page.
        let none = client
            .bd()
            .customer_list(&search_query("no-such-customer-zzz"))
            .await
            .expect("search");
        assert_eq!((none.rows.len(), none.count), (0, Some(0)));
    })
    .await
}

#[tokio::test]
async fn detail_by_id_and_by_number_return_the_listed_record() {
    within(async {
        let (_mock, client) = start().await;
        let page = client.bd().customer_list(&page_query(2, 10)).await.unwrap();
        let row = &page.rows[3];
        let id = row.id.clone().unwrap();
        let number = row.number.clone().unwrap();

        let detail = client.bd().customer_detail(&by_id(&id)).await.unwrap();
        assert_eq!(detail.id.as_deref(), Some(id.as_str()));
        assert_eq!(detail.number.as_deref(), Some(number.as_str()));
        assert_eq!(detail.name, row.name);

        let detail = client
            .bd()
            .customer_detail(&by_number(&number))
            .await
            .unwrap();
        assert_eq!(detail.id.as_deref(), Some(id.as_str()));
        assert_eq!(detail.name, row.name);
    })
    .await
}

#[tokio::test]
async fn every_listed_record_has_its_own_number_and_detail_by_that_number_finds_it() {
    within(async {
        let (_mock, client) = start().await;
        let rows = all_rows(&client).await;
        let mut numbers: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for row in &rows {
            numbers
                .entry(row.number.clone().unwrap_or_default())
                .or_default()
                .push(row.id.clone().unwrap_or_default());
        }
        let shared: Vec<_> = numbers.iter().filter(|(_, ids)| ids.len() > 1).collect();
        assert!(
            shared.is_empty(),
            "a customer number identifies one customer (saving a second one is refused with \
             1030002002), yet these numbers are held by several records (number -> ids): {shared:?}"
        );
        for row in &rows {
            let number = row.number.clone().unwrap();
            let detail = client
                .bd()
                .customer_detail(&by_number(&number))
                .await
                .unwrap();
            assert_eq!(detail.id, row.id, "detail by number {number}");
        }
    })
    .await
}

#[tokio::test]
async fn detail_of_an_unknown_id_is_business_1030002003() {
    within(async {
        let (_mock, client) = start().await;
        let (errcode, description) =
            business(client.bd().customer_detail(&by_id("4242424242")).await);
        assert_eq!(errcode, 1030002003);
        assert!(description.contains("4242424242"), "{description}");

        let (errcode, _) = business(client.bd().customer_detail(&by_number("NOPE-1")).await);
        assert_eq!(errcode, 1030002003);
    })
    .await
}

#[tokio::test]
async fn detail_without_id_or_number_is_business_1030002000_naming_id() {
    within(async {
        let (_mock, client) = start().await;
        let (errcode, description) =
            business(client.bd().customer_detail(&Default::default()).await);
        assert_eq!(errcode, 1030002000);
        assert!(description.contains("`id`"), "{description}");
    })
    .await
}

#[tokio::test]
async fn save_creates_a_record_that_detail_and_search_then_find() {
    within(async {
        let (mock, client) = start().await;
        assert_eq!(mock.record_count(RESOURCE), 23);

        // Without a number: the server gives one.
        let saved = client
            .bd()
            .customer_save(&new_customer("端到端测试客户甲", None))
            .await
            .expect("save");
        assert_eq!(saved.ids.len(), 1, "{saved:?}");
        let id = saved.ids[0].clone();
        assert!(!id.is_empty());
        assert_eq!(saved.id_number_map.len(), 1, "{saved:?}");
        let number = saved.id_number_map[&id].clone();
        assert!(!number.is_empty());
        assert_eq!(mock.record_count(RESOURCE), 24);

        let detail = client.bd().customer_detail(&by_id(&id)).await.unwrap();
        assert_eq!(detail.id.as_deref(), Some(id.as_str()));
        assert_eq!(detail.name.as_deref(), Some("端到端测试客户甲"));
        assert_eq!(detail.number.as_deref(), Some(number.as_str()));

        let found = client
            .bd()
            .customer_list(&search_query("端到端测试客户甲"))
            .await
            .unwrap();
        assert_eq!(found.count, Some(1));
        assert_eq!(found.rows.len(), 1);
        assert_eq!(found.rows[0].id.as_deref(), Some(id.as_str()));

        // With a number: it is kept, and detail by number finds the record.
        let saved = client
            .bd()
            .customer_save(&new_customer("端到端测试客户乙", Some("E2E-0002")))
            .await
            .expect("save");
        let id2 = saved.ids[0].clone();
        assert_ne!(id2, id);
        assert_eq!(
            saved.id_number_map,
            BTreeMap::from([(id2.clone(), "E2E-0002".to_string())])
        );
        let detail = client
            .bd()
            .customer_detail(&by_number("E2E-0002"))
            .await
            .unwrap();
        assert_eq!(detail.id.as_deref(), Some(id2.as_str()));
        assert_eq!(mock.record_count(RESOURCE), 25);

        let listed = client.bd().customer_list(&page_query(3, 10)).await.unwrap();
        assert_eq!((listed.count, listed.rows.len()), (Some(25), 5));
    })
    .await
}

#[tokio::test]
async fn save_with_an_existing_id_updates_that_record() {
    within(async {
        let (mock, client) = start().await;
        let saved = client
            .bd()
            .customer_save(&new_customer("更新前", Some("E2E-UPD")))
            .await
            .unwrap();
        let id = saved.ids[0].clone();
        assert_eq!(mock.record_count(RESOURCE), 24);

        let update = CustomerSaveRequest {
            id: Some(id.clone()),
            name: "更新后".into(),
            number: Some("E2E-UPD".into()),
            remark: Some("已修改".into()),
            ..CustomerSaveRequest::new("")
        };
        let answer = client.bd().customer_save(&update).await.expect("update");
        assert_eq!(answer.ids, [id.as_str()]);
        assert_eq!(
            answer.id_number_map,
            BTreeMap::from([(id.clone(), "E2E-UPD".to_string())])
        );
        assert_eq!(mock.record_count(RESOURCE), 24, "an update adds no record");

        let detail = client.bd().customer_detail(&by_id(&id)).await.unwrap();
        assert_eq!(detail.name.as_deref(), Some("更新后"));
        assert_eq!(detail.remark.as_deref(), Some("已修改"));
        assert_eq!(detail.number.as_deref(), Some("E2E-UPD"));
        let old = client
            .bd()
            .customer_list(&search_query("更新前"))
            .await
            .unwrap();
        assert_eq!(old.count, Some(0));
    })
    .await
}

#[tokio::test]
async fn save_with_an_unknown_id_is_business_1030002003_and_stores_nothing() {
    within(async {
        let (mock, client) = start().await;
        let update = CustomerSaveRequest {
            id: Some("4242424242".into()),
            name: "幽灵".into(),
            ..CustomerSaveRequest::new("")
        };
        let (errcode, _) = business(client.bd().customer_save(&update).await);
        assert_eq!(errcode, 1030002003);
        assert_eq!(mock.record_count(RESOURCE), 23);
    })
    .await
}

#[tokio::test]
async fn save_with_an_empty_name_is_business_1030002000_naming_name() {
    within(async {
        let (mock, client) = start().await;
        let (errcode, description) =
            business(client.bd().customer_save(&new_customer("", None)).await);
        assert_eq!(errcode, 1030002000);
        assert!(description.contains("`name`"), "{description}");
        assert_eq!(mock.record_count(RESOURCE), 23);
    })
    .await
}

#[tokio::test]
async fn save_with_a_number_already_taken_is_business_1030002002() {
    within(async {
        let (mock, client) = start().await;
        client
            .bd()
            .customer_save(&new_customer("第一个", Some("E2E-DUP")))
            .await
            .expect("the first save");
        assert_eq!(mock.record_count(RESOURCE), 24);
        let (errcode, description) = business(
            client
                .bd()
                .customer_save(&new_customer("第二个", Some("E2E-DUP")))
                .await,
        );
        assert_eq!(errcode, 1030002002);
        assert!(description.contains("E2E-DUP"), "{description}");
        assert_eq!(mock.record_count(RESOURCE), 24);

        // A seeded record's number is taken too.
        let seeded = client.bd().customer_list(&page_query(1, 10)).await.unwrap();
        let number = seeded.rows[5].number.clone().unwrap();
        let (errcode, _) = business(
            client
                .bd()
                .customer_save(&new_customer("第三个", Some(&number)))
                .await,
        );
        assert_eq!(errcode, 1030002002);
        assert_eq!(mock.record_count(RESOURCE), 24);
    })
    .await
}

#[tokio::test]
async fn an_update_that_takes_another_records_number_is_business_1030002002() {
    within(async {
        let (_mock, client) = start().await;
        let first = client
            .bd()
            .customer_save(&new_customer("甲", Some("E2E-A")))
            .await
            .unwrap();
        let second = client
            .bd()
            .customer_save(&new_customer("乙", Some("E2E-B")))
            .await
            .unwrap();
        let update = CustomerSaveRequest {
            id: Some(second.ids[0].clone()),
            name: "乙".into(),
            number: Some("E2E-A".into()),
            ..CustomerSaveRequest::new("")
        };
        let result = client.bd().customer_save(&update).await;
        let numbers_a = client
            .bd()
            .customer_list(&search_query("E2E-A"))
            .await
            .unwrap();
        let (errcode, _) = business(result);
        assert_eq!(errcode, 1030002002);
        assert_eq!(
            numbers_a
                .rows
                .iter()
                .filter_map(|r| r.id.clone())
                .collect::<Vec<_>>(),
            first.ids,
            "only the first record may carry number E2E-A"
        );
    })
    .await
}

#[tokio::test]
async fn the_customer_endpoints_are_the_three_of_the_spec_and_all_answer() {
    within(async {
        let endpoints: BTreeSet<(&str, &str, &str)> = jdy::mock::endpoints()
            .filter(|e| e.resource == RESOURCE)
            .map(|e| (e.method.as_str(), e.path, e.kind))
            .collect();
        assert_eq!(
            endpoints,
            BTreeSet::from([
                ("GET", CUSTOMER_PATH, "list"),
                ("GET", DETAIL_PATH, "detail"),
                ("POST", CUSTOMER_PATH, "save"),
            ])
        );
        let (mock, client) = start().await;
        client
            .bd()
            .customer_list(&Default::default())
            .await
            .unwrap();
        client.bd().customer_detail(&by_id("1")).await.unwrap();
        client
            .bd()
            .customer_save(&new_customer("三个都通", None))
            .await
            .unwrap();
        let seen: Vec<(String, String, u16, Option<i64>)> = mock
            .requests()
            .into_iter()
            .map(|r| (r.method, r.path, r.status, r.errcode))
            .collect();
        assert_eq!(
            seen,
            [
                ("GET".into(), jdy_tests::TOKEN_PATH.into(), 200, Some(0)),
                ("GET".into(), CUSTOMER_PATH.into(), 200, Some(0)),
                ("GET".into(), DETAIL_PATH.into(), 200, Some(0)),
                ("POST".into(), CUSTOMER_PATH.into(), 200, Some(0)),
            ]
        );
    })
    .await
}

#[tokio::test]
async fn a_save_body_that_is_not_a_json_object_is_business_1030002001() {
    within(async {
        let config = MockConfig::default();
        let mock = MockGateway::start_with(config.clone()).await.unwrap();
        let token = fetch_token(mock.base_url(), &config).await;
        for body in ["not json", "[1, 2]", r#""name""#] {
            let mut request = Signer::of(&config)
                .sign("POST", CUSTOMER_PATH, &[])
                .business(&token, &config.domain);
            request.body = Some(body.into());
            let answer = request.send(mock.base_url()).await;
            assert_eq!(
                (answer.status, answer.errcode()),
                (200, Some(1030002001)),
                "body {body}: {}",
                answer.text
            );
        }
        assert_eq!(mock.record_count(RESOURCE), 23);
    })
    .await
}

#[tokio::test]
async fn saves_past_the_mock_s_budget_are_business_1030002005_and_store_nothing() {
    within(async {
        let config = MockConfig {
            limits: jdy::mock::MockLimits {
                max_saved_bytes: 4096,
                ..Default::default()
            },
            ..Default::default()
        };
        let mock = MockGateway::start_with(config)
            .await
            .expect("the mock starts");
        let client = mock.client().expect("a client of the mock");
        // Each customer weighs a few hundred bytes: some fit, then the budget is spent.
        let mut kept = Vec::new();
        let refused = loop {
            let name = format!("预算客户{}", kept.len());
            match client.bd().customer_save(&new_customer(&name, None)).await {
                Ok(saved) => kept.push(saved.ids[0].clone()),
                Err(error) => break business(Err::<(), _>(error)),
            }
            assert!(
                kept.len() < 100,
                "4096 bytes hold far fewer than 100 customers"
            );
        };
        assert!(!kept.is_empty(), "the first save fits");
        assert_eq!(refused.0, 1030002005, "{}", refused.1);
        assert!(refused.1.contains("--max-saved-bytes"), "{}", refused.1);
        assert_eq!(mock.record_count(RESOURCE), 23 + kept.len());

        // An update that grows a record past the budget is refused and changes nothing; one
        // that does not grow it still succeeds.
        let grow = CustomerSaveRequest {
            id: Some(kept[0].clone()),
            name: "预算客户0".into(),
            remark: Some("长".repeat(4096)),
            ..CustomerSaveRequest::new("")
        };
        assert_eq!(
            business(client.bd().customer_save(&grow).await).0,
            1030002005
        );
        let detail = client.bd().customer_detail(&by_id(&kept[0])).await.unwrap();
        assert_eq!(detail.remark, None);
        let rename = CustomerSaveRequest {
            id: Some(kept[0].clone()),
            name: "预算0".into(),
            ..CustomerSaveRequest::new("")
        };
        client
            .bd()
            .customer_save(&rename)
            .await
            .expect("a smaller update fits");
        let detail = client.bd().customer_detail(&by_id(&kept[0])).await.unwrap();
        assert_eq!(detail.name.as_deref(), Some("预算0"));
    })
    .await
}
