//! A resource file: its title, endpoints and types.

use std::collections::{BTreeMap, BTreeSet};

use super::endpoint;
use super::fields::{read_fields, FileTypes, Place, TypeShape};
use super::reader::{join, loc_of, Map, Reader};
use crate::names;
use crate::spec::{BodyFormat, EnumRepr, EnumValue, Resource, TypeDef, TypeKind};

pub(crate) fn read(
    r: &mut Reader<'_>,
    text: &str,
    module: &str,
    name: &str,
    shared: &BTreeMap<String, TypeShape>,
) -> Option<Resource> {
    let root = r.parse(text)?;
    let map = r.map(&root, "")?;
    r.check_keys(
        &map,
        &["title", "endpoints", "types"],
        &["title", "endpoints"],
    );

    let types_map = map
        .node
        .get_node("types")
        .and_then(|node| r.map(node, "types"));
    let mut file_types = declare_types(r, types_map.as_ref(), name, shared);
    file_types.multipart = multipart_bodies(&map);
    file_types.shared = shared.clone();
    let types = types_map
        .as_ref()
        .map(|m| read_types(r, m, &file_types))
        .unwrap_or_default();

    let mut endpoints = Vec::new();
    if let Some(node) = map.node.get_node("endpoints") {
        if let Some(endpoints_map) = r.map(node, "endpoints") {
            for (key, node) in endpoints_map.node.iter() {
                let path = join("endpoints", key.as_str());
                if !names::is_snake_case(key.as_str()) {
                    r.error_on(
                        key,
                        "endpoints",
                        format!(
                            "endpoint key `{}` is not a snake_case identifier",
                            key.as_str()
                        ),
                        Some(
                            "use the page kind in snake_case: `list`, `detail`, `save`, ...".into(),
                        ),
                    );
                    continue;
                }
                if let Some(mut e) = endpoint::read(r, key.as_str(), node, &path, &file_types) {
                    // Point at the endpoint's key, where a reader looks for it.
                    e.loc = loc_of(key.span());
                    endpoints.push(e);
                }
            }
        }
    }

    check_generated_names(r, name, &endpoints, &types, types_map.as_ref());
    let title = r.required_text(&map, "title")?;
    Some(Resource {
        module: module.to_string(),
        name: name.to_string(),
        title,
        file: r.file().to_string(),
        endpoints,
        types,
    })
}

/// The structs that endpoints send as a multipart body, known before any field is read (the
/// endpoints' keys themselves are checked when the endpoints are read).
fn multipart_bodies(map: &Map<'_>) -> BTreeSet<String> {
    let Some(endpoints) = map.node.get_mapping("endpoints") else {
        return BTreeSet::new();
    };
    endpoints
        .values()
        .filter_map(|node| node.as_mapping())
        .filter(|e| {
            e.get_scalar("body_format")
                .is_some_and(|f| f.as_str() == BodyFormat::Multipart.as_str())
        })
        .filter_map(|e| e.get_scalar("body"))
        .map(|body| body.as_str().to_string())
        .collect()
}

/// Names and shapes of every type of the file, checked once here. A name of shared.yaml is
/// not for a file to take: which of the two a field meant could not be told.
pub(crate) fn declare_types(
    r: &mut Reader<'_>,
    types: Option<&Map<'_>>,
    resource: &str,
    shared: &BTreeMap<String, TypeShape>,
) -> FileTypes {
    let mut declared = FileTypes::default();
    let Some(types) = types else {
        return declared;
    };
    for (key, node) in types.node.iter() {
        let name = key.as_str();
        if !names::is_upper_camel_case(name) {
            r.error_on(
                key,
                "types",
                format!("type name `{name}` is not an UpperCamelCase identifier"),
                Some("name types like `CustomerListRow`".into()),
            );
            continue;
        }
        if names::RESERVED_TYPE_NAMES.contains(&name) {
            r.error_on(
                key,
                "types",
                format!("type name `{name}` is reserved: the generated code uses it"),
                Some(format!(
                    "rename it, for example `{}{name}`",
                    names::camel(resource)
                )),
            );
            continue;
        }
        if shared.contains_key(name) {
            r.error_on(
                key,
                "types",
                format!("type name `{name}` is already a type of shared.yaml"),
                Some(format!(
                    "use the shared type, or rename this one (for example `{}{name}`)",
                    names::camel(resource)
                )),
            );
            continue;
        }
        let shape = match node.as_mapping() {
            Some(m) if m.get_node("values").is_some() => TypeShape::Enum,
            _ => TypeShape::Struct,
        };
        declared.kinds.insert(name.to_string(), shape);
    }
    declared
}

pub(crate) fn read_types(
    r: &mut Reader<'_>,
    types: &Map<'_>,
    file_types: &FileTypes,
) -> Vec<TypeDef> {
    let mut out = Vec::new();
    for (key, node) in types.node.iter() {
        let name = key.as_str();
        if !file_types.kinds.contains_key(name) {
            continue; // its name was already reported
        }
        let path = join("types", name);
        let Some(map) = r.map(node, &path) else {
            continue;
        };
        let has_fields = map.node.get_node("fields").is_some();
        let has_values = map.node.get_node("values").is_some();
        let kind = match (has_fields, has_values) {
            (true, true) => {
                r.error(
                    map.node.span(),
                    &path,
                    "a type has either `fields` (a struct) or `values` (an enumeration), not both"
                        .into(),
                    None,
                );
                continue;
            }
            (false, false) => {
                r.error(
                    map.node.span(),
                    &path,
                    format!("type `{name}` has neither `fields` nor `values`"),
                    Some("a struct lists its `fields:`, an enumeration its `values:`".into()),
                );
                continue;
            }
            (true, false) => {
                r.check_keys(&map, &["description", "fields", "note"], &["fields"]);
                let Some(fields_node) = map.node.get_node("fields") else {
                    continue;
                };
                let place = if file_types.multipart.contains(name) {
                    Place::Multipart
                } else {
                    Place::Struct
                };
                let fields = read_fields(r, fields_node, &join(&path, "fields"), file_types, place);
                TypeKind::Struct { fields }
            }
            (false, true) => {
                r.check_keys(
                    &map,
                    &["description", "type", "values", "note"],
                    &["type", "values"],
                );
                match read_enum(r, &map) {
                    Some(kind) => kind,
                    None => continue,
                }
            }
        };
        out.push(TypeDef {
            name: name.to_string(),
            loc: loc_of(key.span()),
            description: r.text(&map, "description").unwrap_or_default(),
            kind,
        });
    }
    out
}

fn read_enum(r: &mut Reader<'_>, map: &Map<'_>) -> Option<TypeKind> {
    let repr = match r.scalar(map, "type") {
        Some(s) if s.node.as_str() == "string" => Some(EnumRepr::String),
        Some(s) if s.node.as_str() == "integer" => Some(EnumRepr::Integer),
        Some(s) => {
            r.error_at(
                &s,
                format!(
                    "an enumeration's `type` is `string` or `integer`, not `{}`",
                    s.node.as_str()
                ),
                None,
            );
            None
        }
        None => None,
    };
    let values_path = join(&map.path, "values");
    let seq = r.seq(map.node.get_node("values")?, &values_path)?;
    if seq.is_empty() {
        r.error(
            seq.span(),
            &values_path,
            "an enumeration needs at least one value".into(),
            None,
        );
    }
    let mut values = Vec::new();
    let mut seen_values = BTreeSet::new();
    let mut seen_variants = BTreeSet::new();
    for (i, item) in seq.iter().enumerate() {
        let item_path = format!("{values_path}[{i}]");
        let Some(entry) = r.map(item, &item_path) else {
            continue;
        };
        r.check_keys(&entry, &["value", "name", "description"], &["value"]);
        let Some(value) = r.scalar(&entry, "value") else {
            continue;
        };
        let mut text = value.node.as_str().to_string();
        if repr == Some(EnumRepr::Integer) {
            match text.parse::<i64>() {
                // `01` and `+1` are the same number as `1` on the wire: compare them as numbers.
                Ok(n) => text = n.to_string(),
                Err(_) => {
                    r.error_at(
                        &value,
                        format!(
                            "`{text}` is not a whole number, but the enumeration's type is `integer`"
                        ),
                        None,
                    );
                    continue;
                }
            }
        }
        if !seen_values.insert(text.clone()) {
            r.error_at(&value, format!("duplicate value `{text}`"), None);
            continue;
        }
        let variant = match r.scalar(&entry, "name") {
            Some(name) => match names::type_name(name.node.as_str()) {
                Some(v) => Some(v),
                None => {
                    r.error_at(
                        &name,
                        format!("`{}` cannot become a Rust variant name", name.node.as_str()),
                        Some("use ASCII letters, digits and `_`, starting with a letter".into()),
                    );
                    None
                }
            },
            None => match names::type_name(&text) {
                Some(v) => Some(v),
                None => {
                    r.error_at(
                        &value,
                        format!(
                            "cannot derive a Rust variant name from `{text}`: {}",
                            names::unusable(&text).unwrap_or("it is not an identifier")
                        ),
                        Some("add `name: <english_name>` to this value".into()),
                    );
                    None
                }
            },
        };
        let Some(variant) = variant else {
            continue;
        };
        if variant == "Unknown" {
            let at = r.scalar(&entry, "name").unwrap_or(value);
            r.error_at(
                &at,
                "the variant `Unknown` is reserved for values the spec does not list".into(),
                Some("give this value another `name:`".into()),
            );
            continue;
        }
        if !seen_variants.insert(variant.clone()) {
            r.error_at(
                &value,
                format!("two values become the Rust variant `{variant}`"),
                Some("give one of them a distinct `name:`".into()),
            );
            continue;
        }
        values.push(EnumValue {
            value: text,
            variant,
            description: r.text(&entry, "description").unwrap_or_default(),
        });
    }
    Some(TypeKind::Enum {
        repr: repr?,
        values,
    })
}

/// The generator adds a `<Resource><Endpoint>Query` struct per endpoint with query parameters;
/// a type of the file must not take that name.
fn check_generated_names(
    r: &mut Reader<'_>,
    resource: &str,
    endpoints: &[crate::spec::Endpoint],
    types: &[TypeDef],
    types_map: Option<&Map<'_>>,
) {
    let Some(types_map) = types_map else {
        return;
    };
    for endpoint in endpoints.iter().filter(|e| !e.query.is_empty()) {
        let generated = format!(
            "{}{}Query",
            names::camel(resource),
            names::camel(&endpoint.key)
        );
        if types.iter().any(|t| t.name == generated) {
            if let Some(key) = types_map.node.keys().find(|k| k.as_str() == generated) {
                r.error_on(
                    key,
                    "types",
                    format!(
                        "type `{generated}` has the name of the query parameters of `endpoints.{}`",
                        endpoint.key
                    ),
                    Some("rename the type".into()),
                );
            }
        }
    }
}
