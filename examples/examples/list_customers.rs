//! Lists every customer of an account set, page by page, as a table.
//!
//! With `JDY_CLIENT_ID`, `JDY_CLIENT_SECRET`, `JDY_APP_KEY`, `JDY_APP_SECRET` and `JDY_DOMAIN`
//! set it calls the real API; without them, the built-in mock gateway.
//!
//! ```sh
//! cargo run --example list_customers
//! ```

mod common;

use std::process::ExitCode;

use jdy::bd::customer::{CustomerListQuery, CustomerListRow};
use jdy::shared::SortOrder;
use jdy::Client;

/// Rows per page (the documented default; at most 100).
const PAGE_SIZE: i64 = 10;

#[tokio::main]
async fn main() -> ExitCode {
    let connection = match common::connect().await {
        Ok(connection) => connection,
        Err(error) => {
            eprintln!("list_customers: {error}");
            return ExitCode::from(2);
        }
    };
    match all_customers(&connection.client).await {
        Ok(rows) => {
            print_table(&rows);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("list_customers: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Fetches page after page until the last one.
async fn all_customers(client: &Client) -> Result<Vec<CustomerListRow>, jdy::Error> {
    let mut rows = Vec::new();
    let mut page = 1;
    loop {
        let query = CustomerListQuery {
            page: Some(page),
            page_size: Some(PAGE_SIZE),
            order_by: Some(SortOrder::NumberAsc),
            ..Default::default()
        };
        let answer = client.bd().customer_list(&query).await?;
        let received = answer.rows.len();
        rows.extend(answer.rows);
        eprintln!(
            "page {page}/{}: {received} customers",
            answer.total_page.unwrap_or(page)
        );
        if received == 0 || page >= answer.total_page.unwrap_or(page) {
            return Ok(rows);
        }
        page += 1;
    }
}

fn print_table(rows: &[CustomerListRow]) {
    let cell = |value: &Option<String>| value.clone().unwrap_or_default();
    let table: Vec<[String; 4]> = rows
        .iter()
        .map(|row| {
            [
                cell(&row.number),
                cell(&row.name),
                row.enable
                    .as_ref()
                    .map(|s| format!("{s:?}"))
                    .unwrap_or_default(),
                cell(&row.id),
            ]
        })
        .collect();
    let header = ["number", "name", "status", "id"].map(String::from);
    let mut widths = header.clone().map(|h| width(&h));
    for row in &table {
        for (w, value) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(value));
        }
    }
    for row in std::iter::once(&header).chain(&table) {
        let line: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(value, w)| format!("{value}{}", " ".repeat(w - width(value))))
            .collect();
        println!("{}", line.join("  ").trim_end());
    }
    println!("{} customers", rows.len());
}

/// Columns a text takes in a terminal: CJK characters take two.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}
