//! Every endpoint of the spec works in the mock gateway, with no code written for it: called
//! through the SDK's signed transport with its required parameters (an upload with a file in
//! each required part), each answers success in its envelope, and its `data` decodes as the
//! endpoint's generated answer type.

use jdy::mock::{MockConfig, MockGateway};
use jdy::wire::Query;
use jdy::{Call, FileLimits, Method, Multipart, UploadFile};
use serde_json::value::RawValue;
use serde_json::{json, Map, Value};

#[tokio::test]
async fn every_endpoint_of_the_spec_answers_through_the_mock() {
    // One call per endpoint: more than the documented 500 a minute once the spec is complete.
    let config = MockConfig {
        calls_per_minute: 100_000,
        ..MockConfig::default()
    };
    let mock = MockGateway::start_with(config).await.expect("mock");
    // Every answer as the mock gives it, and no wait for a client-side rate limit: the calls
    // stay under the mock's own 500 per minute.
    let client = jdy_tests::single_shot_client(&mock);
    let endpoints: Vec<_> = jdy::mock::endpoints().collect();
    assert!(
        !endpoints.is_empty(),
        "the crate was built without any module feature"
    );

    let mut failures = Vec::new();
    for info in &endpoints {
        // A detail needs a record that exists: the first one the mock holds for the resource.
        let record = mock.records(info.resource).into_iter().next();
        let value_of = |name: &str| match record.as_ref()?.get(name)? {
            Value::String(text) if !text.is_empty() => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        };
        // Whether the record can be found at all: a documented record whose key is null cannot.
        let mut findable = record.is_some();
        let mut query = Query::new();
        for name in info.required_query() {
            let value = value_of(name);
            findable &= value.is_some();
            query.push(name, value.unwrap_or_else(|| "1".to_owned()).as_str());
        }
        if info.kind == "detail" && info.required_query().next().is_none() {
            // The first query parameter the record has a value for: `id`, or `bill_no`, ...
            let key = info.query().find_map(|name| Some((name, value_of(name)?)));
            findable &= key.is_some();
            if let Some((name, value)) = key {
                query.push(name, value.as_str());
            }
        }
        let mut call = Call::new(info.method, info.path)
            .query(query)
            .envelope(info.envelope);
        if info.multipart {
            // A name every documented rule on names accepts.
            let file = UploadFile::new("e2e.txt", b"uploaded by the test".to_vec());
            let form = info.required_body().fold(Multipart::new(), |form, name| {
                form.file(name, &file, FileLimits::NONE)
            });
            call = call.multipart(form);
        } else if info.method != Method::Get {
            // POST, and DELETE (商品图片删除), send their parameters as a JSON body.
            let body: Map<String, Value> = info
                .required_body()
                .map(|name| (name.to_string(), json!(format!("e2e-{name}"))))
                .collect();
            call = call.json(&Value::Object(body));
        }
        let outcome = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            client.send::<Box<RawValue>>(call),
        )
        .await;
        match outcome {
            Ok(Ok(data)) => {
                if let Err(error) = (info.decode_data)(data.get()) {
                    failures.push(format!(
                        "{} {}: the answer does not decode as its type: {error}",
                        info.method.as_str(),
                        info.path
                    ));
                }
            }
            Ok(Err(error)) if info.kind == "detail" && !findable => {
                // No documented record to find by its keys: "does not exist" is the right answer.
                if error.errcode() != Some(1030002003) {
                    failures.push(format!("{} {}: {error}", info.method.as_str(), info.path));
                }
            }
            Ok(Err(error)) => {
                failures.push(format!("{} {}: {error}", info.method.as_str(), info.path))
            }
            Err(_) => failures.push(format!(
                "{} {}: no answer in 10 s",
                info.method.as_str(),
                info.path
            )),
        }
    }
    let uploads = endpoints.iter().filter(|info| info.multipart).count();
    assert!(
        uploads >= 2,
        "the uploads (附件上传, 凭证附件上传) are not among the endpoints: {uploads}"
    );
    assert!(
        failures.is_empty(),
        "{} of {} endpoints failed in the mock:\n{}",
        failures.len(),
        endpoints.len(),
        failures.join("\n")
    );
}
