//! Support for the generated tests that decode each endpoint's documented examples.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::transport::Answer;
use crate::{Call, Envelope, Method};

/// Decodes a documented answer through the same path as a real one, then checks that the
/// decoded value, written back as JSON, still has every field the example had.
pub(crate) fn check_answer<T: DeserializeOwned + Serialize>(example: &str) {
    check_answer_in::<T>(example, Call::new(Method::Get, "/documented/example"));
}

/// [`check_answer`] for an answer in the upload envelope (`errorCode`, `success`, `data`).
pub(crate) fn check_upload_answer<T: DeserializeOwned + Serialize>(example: &str) {
    let call = Call::new(Method::Post, "/documented/example").envelope(Envelope::Upload);
    check_answer_in::<T>(example, call);
}

fn check_answer_in<T: DeserializeOwned + Serialize>(example: &str, call: Call) {
    let answer = Answer {
        status: 200,
        request_id: None,
        date: None,
        body: bytes::Bytes::copy_from_slice(example.as_bytes()),
    };
    let data: T = match crate::decode::data(&call, answer) {
        Ok(data) => data,
        Err(error) => panic!("the documented answer does not decode: {error}"),
    };
    let example: Value = serde_json::from_str(example).expect("the spec checked it is JSON");
    assert_nothing_dropped(&example["data"], &to_json(&data), "data");
}

/// Decodes a documented request body and checks that nothing was dropped.
pub(crate) fn check_value<T: DeserializeOwned + Serialize>(example: &str) {
    let decoded: T = match crate::wire::from_str(example) {
        Ok(decoded) => decoded,
        Err(error) => panic!("the documented example does not decode: {error}"),
    };
    let example: Value = serde_json::from_str(example).expect("the spec checked it is JSON");
    assert_nothing_dropped(&example, &to_json(&decoded), "body");
}

fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("generated types serialise")
}

/// Every key of `example` that holds something must be in `decoded`: a key the type does not
/// know would be silently ignored by serde, which here means the spec misses a field.
fn assert_nothing_dropped(example: &Value, decoded: &Value, path: &str) {
    match (example, decoded) {
        (Value::Object(fields), Value::Object(kept)) => {
            for (key, value) in fields {
                if is_empty(value) {
                    continue;
                }
                match kept.get(key) {
                    Some(kept_value) => {
                        assert_nothing_dropped(value, kept_value, &format!("{path}.{key}"))
                    }
                    None => panic!("`{path}.{key}` of the documented example is not in the type"),
                }
            }
        }
        (Value::Array(items), Value::Array(kept)) => {
            assert_eq!(items.len(), kept.len(), "`{path}` lost items");
            for (i, (item, kept_item)) in items.iter().zip(kept).enumerate() {
                assert_nothing_dropped(item, kept_item, &format!("{path}[{i}]"));
            }
        }
        _ => {}
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}
