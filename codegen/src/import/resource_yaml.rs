//! A resource file as YAML: its endpoints and named types, in the house style of the spec.

use std::collections::{BTreeMap, BTreeSet};

use super::assemble::Builder;
use super::draft::{render_ty, Body, Endpoint, Field};
use super::yaml::Node;
use crate::spec::{BodyFormat, EnvelopeKind, FileNameRule, WireForm};

impl Builder<'_> {
    pub(super) fn type_nodes(
        &self,
        names: &[String],
        reachable: &BTreeSet<usize>,
    ) -> (Vec<(String, Node)>, (usize, usize)) {
        let mut structs: Vec<usize> = reachable
            .iter()
            .copied()
            .filter(|&i| !self.cands[i].is_enum())
            .collect();
        structs.sort_by_key(|&i| self.cands[i].order);
        let mut enums: BTreeMap<&str, usize> = BTreeMap::new();
        for &i in reachable.iter().filter(|&&i| self.cands[i].is_enum()) {
            let entry = enums.entry(names[i].as_str()).or_insert(i);
            if self.cands[i].key < self.cands[*entry].key {
                *entry = i;
            }
        }
        let mut out = Vec::new();
        for &i in structs.iter().chain(enums.values()) {
            if !out.is_empty() {
                out.push((String::new(), Node::Gap));
            }
            out.push((names[i].clone(), self.type_node(i, names)));
        }
        (out, (structs.len(), enums.len()))
    }

    fn type_node(&self, i: usize, names: &[String]) -> Node {
        let cand = &self.cands[i];
        let mut entries = Vec::new();
        match &cand.body {
            Body::Struct(fields) => {
                if !cand.description.is_empty() {
                    entries.push(("description".to_string(), Node::text(&cand.description)));
                }
                if !cand.note.is_empty() {
                    entries.push(("note".to_string(), Node::text(cand.note.join(" "))));
                }
                let fields = fields.iter().map(|f| self.field_node(f, names)).collect();
                entries.push(("fields".to_string(), Node::List(fields)));
            }
            Body::Enum {
                integer,
                values,
                names: variants,
            } => {
                let repr = if *integer { "integer" } else { "string" };
                entries.push(("type".to_string(), Node::Raw(repr.into())));
                if !cand.description.is_empty() {
                    entries.push(("description".to_string(), Node::text(&cand.description)));
                }
                if !cand.note.is_empty() {
                    entries.push(("note".to_string(), Node::text(cand.note.join(" "))));
                }
                let values = values
                    .iter()
                    .zip(variants)
                    .map(|(v, name)| {
                        let value = if *integer {
                            Node::Raw(v.value.clone())
                        } else {
                            Node::text(&v.value)
                        };
                        let mut e = vec![
                            ("value".to_string(), value),
                            ("name".to_string(), Node::text(name)),
                        ];
                        if !v.label.is_empty() {
                            e.push(("description".to_string(), Node::text(&v.label)));
                        }
                        Node::Map(e)
                    })
                    .collect();
                entries.push(("values".to_string(), Node::List(values)));
            }
        }
        Node::Map(entries)
    }

    fn field_node(&self, f: &Field, names: &[String]) -> Node {
        let mut e = vec![
            ("name".to_string(), Node::text(&f.name)),
            ("type".to_string(), Node::text(render_ty(&f.ty, names))),
        ];
        if let Some(rust) = &f.rust_name {
            e.push(("rust_name".to_string(), Node::text(rust)));
        }
        if f.wire != WireForm::Native {
            e.push(("wire".to_string(), Node::Raw(f.wire.as_str().into())));
        }
        if !f.description.is_empty() {
            e.push(("description".to_string(), Node::text(&f.description)));
        }
        if f.required {
            e.push(("required".to_string(), Node::Raw("true".into())));
        } else if f.unrequired {
            e.push(("required".to_string(), Node::Raw("false".into())));
        }
        if let Some(d) = &f.default {
            e.push(("default".to_string(), Node::text(d)));
        }
        if let Some(max) = f.max_bytes {
            e.push(("max_bytes".to_string(), Node::Raw(max.to_string())));
        }
        if f.file_name != FileNameRule::Any {
            e.push((
                "file_name".to_string(),
                Node::Raw(f.file_name.as_str().into()),
            ));
        }
        if f.sensitive {
            e.push(("sensitive".to_string(), Node::Raw("true".into())));
        }
        if let Some(note) = &f.note {
            e.push(("note".to_string(), Node::text(note)));
        }
        Node::Map(e)
    }

    pub(super) fn endpoint_node(&self, e: &Endpoint, names: &[String]) -> Node {
        let p = &e.page;
        let mut m = vec![
            ("title".to_string(), Node::text(&p.title)),
            ("summary".to_string(), Node::text(&p.summary)),
            ("doc".to_string(), Node::text(&p.doc)),
        ];
        if !p.category.is_empty() {
            m.push(("category".to_string(), Node::Flow(p.category.clone())));
        }
        m.push(("method".to_string(), Node::Raw(e.method.clone())));
        m.push(("path".to_string(), Node::text(&p.path)));
        if let Some(note) = &e.note {
            m.push(("note".to_string(), Node::text(note)));
        }
        if !e.query.is_empty() {
            let q = e.query.iter().map(|f| self.field_node(f, names)).collect();
            m.push(("query".to_string(), Node::List(q)));
        }
        if let Some(b) = e.body {
            m.push(("body".to_string(), Node::text(&names[b])));
        }
        if e.body_format != BodyFormat::Json {
            let format = e.body_format.as_str().into();
            m.push(("body_format".to_string(), Node::Raw(format)));
        }
        if let Some(r) = &e.response {
            m.push(("response".to_string(), Node::text(render_ty(r, names))));
        }
        if e.envelope != EnvelopeKind::Standard {
            let envelope = e.envelope.as_str().into();
            m.push(("envelope".to_string(), Node::Raw(envelope)));
        }
        let mut ex = Vec::new();
        if let Some(q) = &e.request_query {
            ex.push(("request_query".to_string(), Node::text(q)));
        }
        if let Some(b) = &e.request_body {
            ex.push(("request_body".to_string(), Node::Block(b.clone())));
        }
        if let Some(r) = &e.response_example {
            ex.push(("response".to_string(), Node::Block(r.clone())));
        }
        if !ex.is_empty() {
            m.push(("examples".to_string(), Node::Map(ex)));
        }
        Node::Map(m)
    }
}
