//! The names of the document's schemas. A spec type keeps its own name where no other resource
//! has a type of that name; the few that share one (`MaterialListRow` of `bd/material` and of
//! `ls/material`) are named `<module>.<resource>.<Type>`. Spec type names are UpperCamelCase,
//! so the schemas the export adds (`jdy.Envelope`, `Page_<Row>`) can never take one of theirs.

use std::collections::{BTreeMap, BTreeSet};

use crate::spec::{Resource, Spec, TypeExpr};

pub struct SchemaNames {
    /// Type names defined by more than one resource.
    clashing: BTreeSet<String>,
}

impl SchemaNames {
    pub fn new(spec: &Spec) -> Self {
        let mut owners: BTreeMap<&str, usize> = BTreeMap::new();
        for resource in &spec.resources {
            for ty in &resource.types {
                *owners.entry(ty.name.as_str()).or_default() += 1;
            }
        }
        let clashing = owners
            .into_iter()
            .filter(|(_, count)| *count > 1)
            .map(|(name, _)| name.to_owned())
            .collect();
        SchemaNames { clashing }
    }

    /// The schema of the type `name` of `resource`.
    pub fn resource_type(&self, resource: &Resource, name: &str) -> String {
        if self.clashing.contains(name) {
            format!("{}.{}.{name}", resource.module, resource.name)
        } else {
            name.to_owned()
        }
    }

    /// The schema of a type expression that names a type, as written in `resource` (`None`:
    /// in shared.yaml).
    pub fn named(&self, resource: Option<&Resource>, ty: &TypeExpr) -> Option<String> {
        match (ty, resource) {
            // In shared.yaml a bare name is a shared type.
            (TypeExpr::Shared(name), _) | (TypeExpr::Named(name), None) => Some(name.clone()),
            (TypeExpr::Named(name), Some(resource)) => Some(self.resource_type(resource, name)),
            _ => None,
        }
    }

    /// The schema of one page of `row`, with `summary` beside the rows if any.
    pub fn page(row: &str, summary: Option<&str>) -> String {
        match summary {
            Some(summary) => format!("Page_{row}_{summary}"),
            None => format!("Page_{row}"),
        }
    }
}

/// A `$ref` to the schema `name`.
pub fn schema_ref(name: &str) -> String {
    format!("#/components/schemas/{name}")
}
