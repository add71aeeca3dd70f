//! Creates a customer, reads it back by id, and finds it in the list.
//!
//! With `JDY_CLIENT_ID`, `JDY_CLIENT_SECRET`, `JDY_APP_KEY`, `JDY_APP_SECRET` and `JDY_DOMAIN`
//! set it calls the real API (and really creates the customer); without them, the built-in
//! mock gateway.
//!
//! ```sh
//! cargo run --example save_customer
//! ```

mod common;

use std::process::ExitCode;

use jdy::bd::customer::{
    CustomerDetailQuery, CustomerListQuery, CustomerSaveContact, CustomerSaveRequest,
};
use jdy::Client;

#[tokio::main]
async fn main() -> ExitCode {
    let connection = match common::connect().await {
        Ok(connection) => connection,
        Err(error) => {
            eprintln!("save_customer: {error}");
            return ExitCode::from(2);
        }
    };
    match run(&connection.client).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("save_customer: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(client: &Client) -> Result<(), jdy::Error> {
    // A name no other customer has, so that the search below finds exactly this one.
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    let name = format!("示例客户 {stamp}");
    // `new` takes the fields the documentation requires (here the name); the rest are set here.
    let request = CustomerSaveRequest {
        remark: Some("created by the jdy SDK's save_customer example".into()),
        contact_persons: Some(vec![CustomerSaveContact {
            contact_person: Some("张三".into()),
            mobile: Some("13800000000".into()),
            is_default_linkman: Some(true),
            ..Default::default()
        }]),
        ..CustomerSaveRequest::new(name.clone())
    };
    let saved = client.bd().customer_save(&request).await?;
    let Some(id) = saved.ids.first().cloned() else {
        return Err(jdy::Error::Config("the save answer has no id".into()));
    };
    println!("saved: id {id}, number {:?}", saved.id_number_map.get(&id));

    let detail = client
        .bd()
        .customer_detail(&CustomerDetailQuery {
            id: Some(id.clone()),
            ..Default::default()
        })
        .await?;
    println!("read back by id: {:?} {:?}", detail.number, detail.name);

    let page = client
        .bd()
        .customer_list(&CustomerListQuery {
            search: Some(name.clone()),
            ..Default::default()
        })
        .await?;
    let found = page
        .rows
        .iter()
        .any(|row| row.id.as_deref() == Some(id.as_str()));
    println!(
        "found in the list by searching {name:?}: {}",
        if found { "yes" } else { "no" }
    );
    if !found {
        return Err(jdy::Error::Config(format!(
            "customer {id} is not in the list"
        )));
    }
    Ok(())
}
