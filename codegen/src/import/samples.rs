//! The values the page's examples give a field: what the importer reads a field's kind (a
//! date, an amount, a flag) and its written form from, when the table alone does not say.
//!
//! A table's fields are looked up in the example's objects that are most like the table: those
//! with the most keys in common with it. So `date` of a bill's header and `date` of its entries
//! are told apart, as long as the two objects differ in their other keys.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// The objects of one example (a JSON request body or answer, or a query string).
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Samples {
    objects: Vec<Map<String, Value>>,
    /// For each key, the objects that have it, in order: a field's values are found without
    /// looking through every object, however many the example has.
    holders: BTreeMap<String, Vec<usize>>,
}

/// How many keys each object of an example has in common with one table: computed once per
/// table, since every field of the table is looked up in the same objects.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Overlaps(Vec<usize>);

impl Samples {
    /// Every object of a JSON example, at any depth; nothing if it is not JSON.
    pub(super) fn from_json(text: &str) -> Samples {
        let mut objects = Vec::new();
        if let Ok(value) = serde_json::from_str::<Value>(text) {
            collect_objects(value, &mut objects);
        }
        Samples::of(objects)
    }

    fn of(objects: Vec<Map<String, Value>>) -> Samples {
        let mut holders: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, object) in objects.iter().enumerate() {
            for key in object.keys() {
                holders.entry(key.clone()).or_default().push(i);
            }
        }
        Samples { objects, holders }
    }

    /// How many of `siblings` (the names of a table's fields, a name listed twice counting
    /// twice) each object has.
    pub(super) fn overlaps(&self, siblings: &[&str]) -> Overlaps {
        let mut times: BTreeMap<&str, usize> = BTreeMap::new();
        for name in siblings {
            *times.entry(name).or_default() += 1;
        }
        let mut overlaps = vec![0; self.objects.len()];
        for (name, times) in times {
            for &i in self.holders.get(name).into_iter().flatten() {
                overlaps[i] += times;
            }
        }
        Overlaps(overlaps)
    }

    /// The parameters of a query string (`page=1&begin_time=1690000000000`), as one object:
    /// a value that reads as a JSON number or boolean is one, anything else is text.
    pub(super) fn from_query(text: &str) -> Samples {
        let mut object = Map::new();
        for pair in text.split('&') {
            let Some((key, value)) = pair.split_once('=') else {
                continue;
            };
            let key = key.trim();
            if key.is_empty() {
                continue;
            }
            let value = value.trim();
            let parsed = match serde_json::from_str::<Value>(value) {
                Ok(v @ (Value::Number(_) | Value::Bool(_))) => v,
                _ => Value::String(value.to_string()),
            };
            object.entry(key.to_string()).or_insert(parsed);
        }
        let objects = if object.is_empty() {
            Vec::new()
        } else {
            vec![object]
        };
        Samples::of(objects)
    }

    /// The values of `field` in the objects most like its table (`overlaps`, of the table's
    /// fields), leaving out `null` and `""`, which say nothing of the kind.
    pub(super) fn values_of<'s>(&'s self, field: &str, overlaps: &Overlaps) -> Vec<&'s Value> {
        self.sent_values(field, overlaps)
            .into_iter()
            .filter(|v| !is_empty(v))
            .collect()
    }

    /// Whether the objects most like the field's table send `field` as `null` or `""`.
    pub(super) fn sends_empty(&self, field: &str, overlaps: &Overlaps) -> bool {
        let values = self.sent_values(field, overlaps);
        !values.is_empty() && values.into_iter().all(is_empty)
    }

    /// Every value of `field` in the objects that hold it and have the most keys in common with
    /// its table.
    fn sent_values<'s>(&'s self, field: &str, overlaps: &Overlaps) -> Vec<&'s Value> {
        let holders = self.holders.get(field).map_or(&[][..], Vec::as_slice);
        let overlap = |i: usize| overlaps.0.get(i).copied().unwrap_or(0);
        let best = holders.iter().map(|&i| overlap(i)).max().unwrap_or(0);
        holders
            .iter()
            .filter(|&&i| overlap(i) == best)
            .filter_map(|&i| self.objects[i].get(field))
            .collect()
    }
}

fn is_empty(value: &Value) -> bool {
    matches!(value, Value::Null) || value.as_str() == Some("")
}

/// The objects of a value, its own first; keys are trimmed (`"ivc_status "` is a typo for the
/// field `ivc_status`, see `json::reindent`).
fn collect_objects(value: Value, out: &mut Vec<Map<String, Value>>) {
    match value {
        Value::Object(map) => {
            let mut own = Map::new();
            let mut inner = Vec::new();
            for (key, value) in map {
                if matches!(value, Value::Object(_) | Value::Array(_)) {
                    inner.push(value.clone());
                }
                own.insert(key.trim().to_string(), value);
            }
            out.push(own);
            for value in inner {
                collect_objects(value, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_objects(item, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_field_is_read_in_the_object_most_like_its_table() {
        let samples = Samples::from_json(
            r#"{"data": {"date": "2020-08-03", "bill_no": "A1",
                "entries": [{"date": "2020-08-03 10:00:00", "qty": 1}]}}"#,
        );
        assert_eq!(
            samples.values_of("date", &samples.overlaps(&["date", "bill_no"])),
            vec![&json!("2020-08-03")]
        );
        assert_eq!(
            samples.values_of("date", &samples.overlaps(&["date", "qty"])),
            vec![&json!("2020-08-03 10:00:00")]
        );
    }

    #[test]
    fn empty_values_say_nothing() {
        let samples = Samples::from_json(r#"[{"a": ""}, {"a": null}, {"a": 1}]"#);
        assert_eq!(
            samples.values_of("a", &samples.overlaps(&["a"])),
            vec![&json!(1)]
        );
        let none = Samples::from_json("not json");
        assert!(none.values_of("a", &none.overlaps(&[])).is_empty());
    }

    #[test]
    fn query_values_are_numbers_booleans_or_text() {
        let samples =
            Samples::from_query("begin_time=1690000000000&show=true&order_by=name desc&x");
        assert_eq!(
            samples.values_of("begin_time", &samples.overlaps(&[])),
            vec![&json!(1_690_000_000_000_u64)]
        );
        assert_eq!(
            samples.values_of("show", &samples.overlaps(&[])),
            vec![&json!(true)]
        );
        assert_eq!(
            samples.values_of("order_by", &samples.overlaps(&[])),
            vec![&json!("name desc")]
        );
    }
}
