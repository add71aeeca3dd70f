//! Support for the generated tests that decode each endpoint's documented examples.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Decodes a documented answer's `data` by the SDK's rules, then checks that the decoded
/// value, written back as JSON, still has every field the example had.
pub(crate) fn check_answer<T: DeserializeOwned + Serialize>(example: &str) {
    check_answer_in::<T>(example, "errcode");
}

/// [`check_answer`] for an answer in the upload envelope (`errorCode`, `success`, `data`).
pub(crate) fn check_upload_answer<T: DeserializeOwned + Serialize>(example: &str) {
    check_answer_in::<T>(example, "errorCode");
}

fn check_answer_in<T: DeserializeOwned + Serialize>(example: &str, code: &str) {
    let example: Value = serde_json::from_str(example).expect("the spec checked it is JSON");
    assert!(
        example.get(code).is_some(),
        "the documented answer has no `{code}`"
    );
    let data: T = decode(&example["data"], "the documented answer");
    assert_nothing_dropped(&page_names(&example["data"]), &to_json(&data), "data");
    // The same answer as gateways are seen to vary it.
    for (variation, rewrite) in VARIATIONS {
        let mut varied = example["data"].clone();
        rewrite(&mut varied);
        let _: T = decode(&varied, variation);
    }
}

/// `jdy::Page` reads a page's size sent as `cur_page_size` into `current_page_size`, the name
/// it writes back.
fn page_names(data: &Value) -> Value {
    let mut data = data.clone();
    if let Some(fields) = data.as_object_mut() {
        if let Some(size) = fields.remove("cur_page_size") {
            fields.insert("current_page_size".into(), size);
        }
    }
    data
}

fn decode<T: DeserializeOwned>(data: &Value, what: &str) -> T {
    match jdy::wire::from_str(&data.to_string()) {
        Ok(data) => data,
        Err(error) => panic!("{what} does not decode: {error}"),
    }
}

type Rewrite = fn(&mut Value);

/// The ways a gateway's answer differs from its documentation: each rewrites every value of
/// one kind in `data`.
const VARIATIONS: [(&str, Rewrite); 3] = [
    ("the answer with numbers sent as strings", |v| {
        rewrite(v, &|v| match v {
            Value::Number(n) => Some(Value::String(n.to_string())),
            _ => None,
        })
    }),
    ("the answer with numeric strings sent as numbers", |v| {
        rewrite(v, &|v| match v {
            Value::String(s) if is_json_number(s) => serde_json::from_str(s).ok(),
            _ => None,
        })
    }),
    ("the answer with booleans sent as 1 and 0", |v| {
        rewrite(v, &|v| match v {
            Value::Bool(b) => Some(Value::from(u8::from(*b))),
            _ => None,
        })
    }),
];

fn rewrite(value: &mut Value, change: &dyn Fn(&Value) -> Option<Value>) {
    if let Some(changed) = change(value) {
        *value = changed;
        return;
    }
    match value {
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite(v, change)),
        Value::Object(fields) => fields.values_mut().for_each(|v| rewrite(v, change)),
        _ => {}
    }
}

/// Text that is a JSON number as it stands (`12`, `-0.5`, `1e3`; not `001` or `1.`).
fn is_json_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let leading_zero = digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0.");
    !leading_zero && serde_json::from_str::<serde_json::Number>(text).is_ok()
}

/// Decodes a documented request body and checks that nothing was dropped.
pub(crate) fn check_value<T: DeserializeOwned + Serialize>(example: &str) {
    let decoded: T = match jdy::wire::from_str(example) {
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
