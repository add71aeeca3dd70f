//! Values in the types of the data, end to end: a request writes each value in the form its
//! page documents, an answer's decimals, dates and flags arrive typed whatever form the
//! gateway chose, and a successful call tells its request id.

use jdy::bd::customer::CustomerListQuery;
use jdy::mock::MockGateway;
use jdy::scm::sal_order::{
    SalOrderDetail, SalOrderDetailQuery, SalOrderSaveMaterialEntity, SalOrderSaveRequest,
};
use jdy::{Date, Decimal};
use jdy_tests::within;

fn decimal(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

fn order() -> SalOrderSaveRequest {
    let entry = SalOrderSaveMaterialEntity {
        // Documented as a string (`"tax_amount": "100"`): sent as one.
        tax_amount: Some(decimal("1.30")),
        // 二选一 with `tax_price`: optional, given here.
        price: Some(decimal("12.3400")),
        ..SalOrderSaveMaterialEntity::new(false, "M-1", Decimal::from(3), "U-1")
    };
    SalOrderSaveRequest::new(Date::parse("2024-01-31"), "C-1", vec![entry])
}

#[test]
fn a_save_request_writes_each_value_in_its_documented_form() {
    let body = serde_json::to_string(&order()).expect("serialises");
    for part in [
        r#""bill_date":"2024-01-31""#,
        r#""customer_id":"C-1""#,
        r#""is_free":false"#,
        // Exact digits, scale kept, as a JSON number.
        r#""price":12.3400"#,
        r#""qty":3"#,
        r#""tax_amount":"1.30""#,
    ] {
        assert!(body.contains(part), "{part} is not in {body}");
    }
    // Unset fields are left out rather than sent empty.
    assert!(!body.contains("null"), "{body}");
}

#[tokio::test]
async fn a_saved_order_reads_back_with_exact_decimals_and_a_real_date() {
    within(async {
        let mock = MockGateway::start().await.expect("the mock starts");
        let client = mock.client().expect("a client of the mock");
        let saved = client.scm().sal_order_save(&order()).await.expect("saved");
        let id = saved.ids.first().cloned().expect("an id");
        let detail: SalOrderDetail = client
            .scm()
            .sal_order_detail(&SalOrderDetailQuery {
                id: Some(id),
                ..Default::default()
            })
            .await
            .expect("read back");
        let bill_date = detail.bill_date.expect("a bill date");
        assert_eq!(bill_date.as_str(), "2024-01-31");
        assert_eq!(
            bill_date.date().map(|d| d.to_string()),
            Ok("2024-01-31".to_string())
        );
        let entry = detail.material_entity.first().expect("an entry");
        assert_eq!(entry.price, Some(decimal("12.34")));
        assert_eq!(entry.qty, Some(Decimal::from(3)));
        assert_eq!(entry.is_free, Some(false));
    })
    .await
}

#[test]
fn an_answer_keeps_scale_digits_and_malformed_dates() {
    let detail: SalOrderDetail = jdy::wire::from_str(
        r#"{"bill_date":"2020-02-30","total_amount":12.3400,"material_entity":[
            {"price":"0.10","qty":"","is_free":1,"material_id":768582155554002944}]}"#,
    )
    .expect("decodes");
    let bill_date = detail.bill_date.expect("kept");
    assert_eq!(bill_date.as_str(), "2020-02-30");
    assert!(bill_date.date().is_err(), "30 February is not a date");
    assert_eq!(
        detail.total_amount.map(|a| a.to_string()),
        Some("12.3400".to_string())
    );
    let entry = &detail.material_entity[0];
    assert_eq!(entry.price.map(|p| p.to_string()), Some("0.10".to_string()));
    assert_eq!(entry.qty, None);
    assert_eq!(entry.is_free, Some(true));
    assert_eq!(entry.material_id.as_deref(), Some("768582155554002944"));
}

#[test]
fn a_decimal_that_is_not_one_fails_with_its_place() {
    let error =
        jdy::wire::from_str::<SalOrderDetail>(r#"{"material_entity":[{},{},{},{"price":"abc"}]}"#)
            .expect_err("abc is not a price");
    assert_eq!(
        error.to_string(),
        r#"material_entity[3].price: expected a decimal, found "abc""#
    );
}

#[tokio::test]
async fn a_successful_call_gives_its_request_id_and_status_with_meta() {
    within(async {
        let mock = MockGateway::start().await.expect("the mock starts");
        let client = mock.client().expect("a client of the mock");
        let answered = client
            .bd()
            .customer_list(&CustomerListQuery::default())
            .with_meta()
            .await
            .expect("listed");
        assert_eq!(answered.status, 200);
        assert!(!answered.data.rows.is_empty());
        let logged = mock.requests().last().cloned().expect("logged");
        assert_eq!(answered.request_id, Some(logged.request_id));
    })
    .await
}
