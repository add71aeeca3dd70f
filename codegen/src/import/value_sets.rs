//! The value sets the spec already defines (`spec/shared.yaml`): an enumeration a page spells
//! out with the same values and labels is that shared type, not a new one.
//!
//! Labels are compared as written, but for spaces and a leading 代表 (`0 代表禁用` is `0 禁用`).
//! The same values with other labels (C/Z as 已审核/未审核, or as 已关闭/未关闭) are another
//! value set, and so another type.

use std::collections::BTreeMap;

use super::enums::Value;
use crate::load::source;

/// The shared enumerations, by their values and labels.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValueSets {
    by_values: BTreeMap<Vec<(String, String)>, String>,
}

impl ValueSets {
    /// Reads the enumerations of a shared.yaml (its structs are not value sets). The loader
    /// checks the file itself; here a type that is not read is only not recognised.
    pub fn parse(text: &str) -> Result<ValueSets, String> {
        if let Some(at) = source::too_deep(&source::normalize_line_ends(text)) {
            return Err(format!(
                "line {}, column {}: nests more than {} levels deep",
                at.line,
                at.column,
                source::MAX_DEPTH
            ));
        }
        let root = marked_yaml::parse_yaml(0, text).map_err(|e| e.to_string())?;
        let types = root
            .as_mapping()
            .and_then(|m| m.get_mapping("types"))
            .ok_or("no `types:` mapping")?;
        let mut sets = ValueSets::default();
        for (name, def) in types.iter() {
            let Some(values) = def.as_mapping().and_then(|d| d.get_sequence("values")) else {
                continue;
            };
            let values = values
                .iter()
                .filter_map(|v| v.as_mapping())
                .filter_map(|v| {
                    let value = v.get_scalar("value")?.as_str().trim().to_string();
                    let description = v.get_scalar("description").map_or("", |d| d.as_str());
                    Some((value, label(description)))
                })
                .collect();
            sets.by_values
                .insert(key(values), name.as_str().to_string());
        }
        Ok(sets)
    }

    /// The shared type of these values, if one has exactly these values and labels.
    pub fn find(&self, values: &[Value]) -> Option<&str> {
        let values = values
            .iter()
            .map(|v| (v.value.clone(), label(&v.label)))
            .collect();
        self.by_values.get(&key(values)).map(String::as_str)
    }

    /// The names of the shared types.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.by_values.values().map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.by_values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_values.is_empty()
    }
}

fn key(mut values: Vec<(String, String)>) -> Vec<(String, String)> {
    values.sort();
    values
}

/// A label as compared: no spaces, no leading 代表.
fn label(text: &str) -> String {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    compact
        .strip_prefix("代表")
        .map(str::to_string)
        .unwrap_or(compact)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> Vec<Value> {
        pairs
            .iter()
            .map(|(v, l)| Value {
                value: v.to_string(),
                label: l.to_string(),
            })
            .collect()
    }

    #[test]
    fn the_same_values_and_labels_are_the_shared_type_and_other_labels_are_not() {
        let sets = ValueSets::parse(
            "types:\n  AuditStatus:\n    type: string\n    values:\n      - {value: C, name: audited, description: 已审核}\n      - {value: Z, name: unaudited, description: 未审核}\n  EnableStatus:\n    type: integer\n    values:\n      - {value: 1, name: enabled, description: 启用}\n      - {value: 0, name: disabled, description: 禁用}\n",
        )
        .unwrap();
        assert_eq!(
            sets.find(&values(&[("Z", "未审核"), ("C", "已审核")])),
            Some("AuditStatus")
        );
        assert_eq!(
            sets.find(&values(&[("C", "已关闭"), ("Z", "未关闭")])),
            None
        );
        assert_eq!(
            sets.find(&values(&[("0", "代表禁用"), ("1", " 代表启用")])),
            Some("EnableStatus")
        );
        assert_eq!(sets.find(&values(&[("1", "启用")])), None);
    }
}
