//! The mock's data: records per resource, seeded from the documented examples, listed page by
//! page, read by id or number, and saved.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::EndpointInfo;

/// A business refusal (HTTP 200, errcode other than 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BusinessError {
    pub(crate) errcode: i64,
    pub(crate) description: String,
}

fn business(errcode: i64, description: impl Into<String>) -> BusinessError {
    BusinessError {
        errcode,
        description: description.into(),
    }
}

pub(crate) fn required_missing(field: &str) -> BusinessError {
    business(
        1030002000,
        format!("必填字段为空: {field} (required field `{field}` is empty)"),
    )
}

#[derive(Debug, Default)]
pub(crate) struct Store {
    records: BTreeMap<&'static str, Vec<Map<String, Value>>>,
    next_id: u64,
    /// What the records weigh together (see [`weight`]).
    bytes: usize,
    /// What saves may bring `bytes` to: the seeded weight plus `max_saved_bytes`.
    max_bytes: usize,
    /// [`MockLimits::max_saved_bytes`](super::MockLimits::max_saved_bytes).
    max_saved_bytes: usize,
}

/// A record's weight: the length of its JSON text, close to what it holds in memory.
fn weight(record: &Map<String, Value>) -> usize {
    serde_json::to_vec(record).map_or(0, |json| json.len())
}

fn store_full(max_saved_bytes: usize) -> BusinessError {
    business(
        1030002005,
        format!(
            "对象数量过多: the mock's saves may add at most {max_saved_bytes} bytes to its seeded \
             records (MockLimits::max_saved_bytes, --max-saved-bytes); nothing was stored"
        ),
    )
}

impl Store {
    /// Seeds every resource with the records of its documented answers (the rows of its list
    /// examples, the `data` of its detail examples), repeated with new ids, numbers and names
    /// until there are `per_resource` of them, so that paging has pages to walk. Saves may
    /// then add `max_saved_bytes` to them.
    pub(crate) fn seeded(
        tables: &[&[EndpointInfo]],
        per_resource: usize,
        max_saved_bytes: usize,
    ) -> Store {
        let mut store = Store {
            records: BTreeMap::new(),
            next_id: 900_000_000_000_000_000,
            bytes: 0,
            max_bytes: 0,
            max_saved_bytes,
        };
        for table in tables {
            for info in table.iter() {
                let examples = store.records.entry(info.resource).or_default();
                for mut record in documented_records(info) {
                    let id = record.get("id").cloned();
                    if examples.iter().any(|r| r.get("id") == id.as_ref()) {
                        continue;
                    }
                    // Two documented examples may share a number (`001`); numbers are unique
                    // in the mock, as a save with a taken number is refused.
                    if let Some(Value::String(number)) = record.get("number").cloned() {
                        let mut unique = number.clone();
                        let mut n = 1;
                        while number_taken(examples, &unique, None) {
                            n += 1;
                            unique = format!("{number}-{n}");
                        }
                        record.insert("number".into(), Value::String(unique));
                    }
                    examples.push(record);
                }
            }
        }
        let resources: Vec<&'static str> = store.records.keys().copied().collect();
        for resource in resources {
            let seeds = store.records[resource].clone();
            let mut copy = 1;
            while !seeds.is_empty() && store.records[resource].len() < per_resource {
                let seed = &seeds[(copy - 1) % seeds.len()];
                let mut record = seed.clone();
                let id = store.new_id();
                record.insert("id".into(), Value::String(id));
                for key in ["number", "name"] {
                    if let Some(Value::String(text)) = record.get(key) {
                        let varied = format!("{text}-c{copy}");
                        record.insert(key.into(), Value::String(varied));
                    }
                }
                store.records.entry(resource).or_default().push(record);
                copy += 1;
            }
        }
        store.bytes = store.records.values().flatten().map(weight).sum();
        store.max_bytes = store.bytes.saturating_add(max_saved_bytes);
        store
    }

    fn new_id(&mut self) -> String {
        self.next_id += 1;
        self.next_id.to_string()
    }

    /// One page of a list, in the shape of the documented answer.
    pub(crate) fn list(&self, info: &EndpointInfo, query: &BTreeMap<String, String>) -> Value {
        let search = query
            .get("search")
            .map(|s| s.to_lowercase())
            .filter(|s| !s.is_empty());
        let matching: Vec<&Map<String, Value>> = self
            .records
            .get(info.resource)
            .into_iter()
            .flatten()
            .filter(|record| match &search {
                None => true,
                Some(needle) => ["name", "number"].iter().any(|key| {
                    record
                        .get(*key)
                        .and_then(Value::as_str)
                        .is_some_and(|v| v.to_lowercase().contains(needle))
                }),
            })
            .filter(|record| modified_within(record, query))
            .collect();
        let max = crate::service::limits::PAGE_SIZE_MAX as usize;
        let page_size = number(query, "page_size")
            .unwrap_or(crate::service::limits::PAGE_SIZE_DEFAULT as usize)
            .clamp(1, max);
        let page = number(query, "page").unwrap_or(1).max(1);
        let count = matching.len();
        let total_page = count.div_ceil(page_size);
        let rows: Vec<Value> = matching
            .iter()
            .skip((page - 1) * page_size)
            .take(page_size)
            .map(|r| {
                let record = Value::Object((*r).clone());
                // In the shape of the list's rows where the record has it; as stored otherwise,
                // which the every-endpoint test then reports.
                info.shape_row
                    .and_then(|shape| shape(&record))
                    .unwrap_or(record)
            })
            .collect();

        // Keep the documented shape: its keys, and whether its numbers were sent as text.
        let template = documented_data(info)
            .and_then(|d| d.as_object().cloned())
            .unwrap_or_default();
        let mut data = Map::new();
        let numbers = [
            ("count", count),
            ("total_page", total_page),
            ("page", page),
            ("current_page", page),
            ("page_size", page_size),
            ("current_page_size", rows.len()),
        ];
        for (key, value) in numbers {
            match template.get(key) {
                Some(Value::String(_)) => data.insert(key.into(), Value::String(value.to_string())),
                Some(_) => data.insert(key.into(), json!(value)),
                None if matches!(key, "count" | "total_page" | "page" | "page_size") => {
                    data.insert(key.into(), json!(value))
                }
                None => None,
            };
        }
        data.insert("rows".into(), Value::Array(rows));
        Value::Object(data)
    }

    /// One record, by `id`, by `number`, or by whichever other key of the endpoint's query the
    /// call gives (`bill_no`, `invoice_no`, ...): the first of them that is set must match.
    pub(crate) fn detail(
        &self,
        info: &EndpointInfo,
        query: &BTreeMap<String, String>,
    ) -> Result<Value, BusinessError> {
        let given = |key: &str| query.get(key).filter(|v| !v.is_empty());
        let keys = ["id", "number"]
            .into_iter()
            .chain(info.query().filter(|k| !matches!(*k, "id" | "number")));
        let Some((key, value)) = keys.filter_map(|k| given(k).map(|v| (k, v))).next() else {
            return Err(required_missing(info.query().next().unwrap_or("id")));
        };
        self.records
            .get(info.resource)
            .into_iter()
            .flatten()
            .find(|r| match r.get(key) {
                Some(Value::String(text)) => text == value,
                Some(Value::Number(n)) => n.to_string() == *value,
                _ => false,
            })
            .map(|r| Value::Object(r.clone()))
            .ok_or_else(|| {
                business(
                    1030002003,
                    format!("数据不存在: {key} {value} (no such record)"),
                )
            })
    }

    /// Creates a record, or updates the one whose `id` the body names. The answer has the
    /// shape of the documented save answer (`ids`, `id_number_map`).
    pub(crate) fn save(
        &mut self,
        info: &EndpointInfo,
        body: &Value,
    ) -> Result<Value, BusinessError> {
        let Some(fields) = body.as_object() else {
            return Err(business(
                1030002001,
                "参数类型错误: the body must be a JSON object",
            ));
        };
        let resource = info.resource;
        let id = fields
            .get("id")
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty());
        let saved = match id {
            Some(id) => {
                let records = self.records.entry(resource).or_default();
                if let Some(number) = fields.get("number").and_then(Value::as_str) {
                    if number_taken(records, number, Some(id)) {
                        return Err(business(
                            1030002002,
                            format!("编码已存在: {number} (already exists)"),
                        ));
                    }
                }
                let at = records
                    .iter()
                    .position(|r| r.get("id").and_then(Value::as_str) == Some(id))
                    .ok_or_else(|| {
                        business(1030002003, format!("数据不存在: id {id} (no such record)"))
                    })?;
                let mut record = records[at].clone();
                for (key, value) in fields {
                    record.insert(key.clone(), value.clone());
                }
                if !fields.contains_key("modify_time") {
                    let now = crate::DateTime::now().as_str().into();
                    record.insert("modify_time".into(), Value::String(now));
                }
                let (before, after) = (weight(&records[at]), weight(&record));
                let bytes = self.bytes - before + after;
                if after > before && bytes > self.max_bytes {
                    return Err(store_full(self.max_saved_bytes));
                }
                self.bytes = bytes;
                records[at] = record.clone();
                record
            }
            None => {
                let id = self.new_id();
                let records = self.records.entry(resource).or_default();
                let number = match fields
                    .get("number")
                    .and_then(Value::as_str)
                    .filter(|n| !n.is_empty())
                {
                    Some(number) => {
                        if number_taken(records, number, None) {
                            return Err(business(
                                1030002002,
                                format!("编码已存在: {number} (already exists)"),
                            ));
                        }
                        number.to_string()
                    }
                    None => format!("MOCK{:04}", records.len() + 1),
                };
                let mut record = fields.clone();
                record.insert("id".into(), Value::String(id));
                record
                    .entry("modify_time")
                    .or_insert_with(|| Value::String(crate::DateTime::now().as_str().into()));
                record.insert("number".into(), Value::String(number));
                record.entry("enable").or_insert(Value::String("1".into()));
                let bytes = self.bytes + weight(&record);
                if bytes > self.max_bytes {
                    return Err(store_full(self.max_saved_bytes));
                }
                self.bytes = bytes;
                records.push(record.clone());
                record
            }
        };
        let id = saved.get("id").cloned().unwrap_or(Value::Null);
        let number = saved.get("number").cloned().unwrap_or(Value::Null);
        let mut answer = Map::new();
        let template = documented_data(info).and_then(|d| d.as_object().cloned());
        let wants = |key: &str| template.as_ref().is_none_or(|t| t.contains_key(key));
        if wants("ids") {
            answer.insert("ids".into(), json!([id.clone()]));
        }
        if wants("id_number_map") {
            let key = id.as_str().unwrap_or_default().to_string();
            answer.insert("id_number_map".into(), json!({ key: number }));
        }
        if answer.is_empty() {
            answer.insert("id".into(), id);
        }
        Ok(Value::Object(answer))
    }

    /// How many records a resource has.
    pub(crate) fn len(&self, resource: &str) -> usize {
        self.records.get(resource).map_or(0, Vec::len)
    }

    pub(crate) fn records(&self, resource: &str) -> Vec<Map<String, Value>> {
        self.records.get(resource).cloned().unwrap_or_default()
    }
}

/// Whether a record's `modify_time` (China time text, or milliseconds) is within the query's
/// `modify_start_time` and `modify_end_time` (milliseconds, both included); with neither,
/// every record is.
fn modified_within(record: &Map<String, Value>, query: &BTreeMap<String, String>) -> bool {
    let bound = |key: &str| query.get(key).and_then(|v| v.trim().parse::<i64>().ok());
    let (start, end) = (bound("modify_start_time"), bound("modify_end_time"));
    if start.is_none() && end.is_none() {
        return true;
    }
    let modified = match record.get("modify_time") {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(text)) => crate::DateTime::parse(text.as_str())
            .offset_date_time()
            .ok()
            .map(|at| (at.unix_timestamp_nanos() / 1_000_000) as i64),
        _ => None,
    };
    modified.is_some_and(|at| start.is_none_or(|s| at >= s) && end.is_none_or(|e| at <= e))
}

/// Whether a record other than the one with id `except` holds `number`.
fn number_taken(records: &[Map<String, Value>], number: &str, except: Option<&str>) -> bool {
    records.iter().any(|r| {
        r.get("number").and_then(Value::as_str) == Some(number)
            && (except.is_none() || r.get("id").and_then(Value::as_str) != except)
    })
}

fn number(query: &BTreeMap<String, String>, key: &str) -> Option<usize> {
    query.get(key).and_then(|v| v.trim().parse().ok())
}

/// The `data` of the documented answer.
pub(crate) fn documented_data(info: &EndpointInfo) -> Option<Value> {
    let example: Value = serde_json::from_str(info.response_example?).ok()?;
    Some(example.get("data")?.clone())
}

/// The records a documented answer shows: the rows of a page, or the object of a detail.
fn documented_records(info: &EndpointInfo) -> Vec<Map<String, Value>> {
    let Some(data) = documented_data(info) else {
        return Vec::new();
    };
    let candidates: Vec<Value> = match data.get("rows") {
        Some(Value::Array(rows)) => rows.clone(),
        _ if info.kind == "detail" => vec![data],
        _ => Vec::new(),
    };
    candidates
        .into_iter()
        .filter_map(|v| match v {
            Value::Object(map) if map.contains_key("id") => Some(map),
            _ => None,
        })
        .collect()
}
