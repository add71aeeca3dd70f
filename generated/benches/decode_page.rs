//! How long one page of 100 rows takes to decode: the documented answer of 销售订单列表, its
//! row repeated 100 times, decoded by the SDK's rules as `SalOrderListPage`.
//!
//! `cargo bench -p jdy --features scm,mock --bench decode_page`

use std::hint::black_box;
use std::time::Instant;

use jdy::scm::sal_order::{SalOrderListRow, SalOrderListSummary};

type SalOrderListPage = jdy::Page<SalOrderListRow, SalOrderListSummary>;
use serde_json::Value;

const ROWS: usize = 100;
const ROUNDS: u32 = 2_000;

fn main() {
    let example = jdy::mock::endpoints()
        .find(|info| info.path == "/jdy/v2/scm/sal_order" && info.kind == "list")
        .and_then(|info| info.response_example)
        .expect("销售订单列表 has a documented answer");
    let mut data: Value = serde_json::from_str(example).expect("JSON");
    let data = data["data"].take();
    let row = data["rows"][0].clone();
    let mut page = data;
    page["rows"] = Value::Array(vec![row; ROWS]);
    let text = page.to_string();

    let decode = |text: &str| -> SalOrderListPage { decode(text) };
    assert_eq!(decode(&text).rows.len(), ROWS);
    let started = Instant::now();
    for _ in 0..ROUNDS {
        black_box(decode(black_box(&text)));
    }
    let per_page = started.elapsed() / ROUNDS;
    println!(
        "decode a page of {ROWS} rows ({} bytes): {:.1} µs",
        text.len(),
        per_page.as_secs_f64() * 1e6
    );
}

fn decode(text: &str) -> SalOrderListPage {
    jdy::wire::from_str(text).expect("the page decodes")
}
