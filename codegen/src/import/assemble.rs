//! Pages of one resource, turned into the resource's file: each page is imported (module
//! `page_import`) with its corrections (`corrections`) into a draft of the file (`draft`),
//! then the types are named (`type_names`) and the file is written (`resource_yaml`).

use std::collections::BTreeSet;

use super::draft::{collect, missing_name, Body, Cand, Counts, Endpoint, Field, Plan};
use super::naming;
use super::page_import::PageBuild;
use super::yaml::Node;
use super::Warning;

/// Builds one resource file.
pub struct Builder<'w> {
    /// The resource's name (`customer`).
    pub(super) name: String,
    pub(super) cands: Vec<Cand>,
    pub(super) endpoints: Vec<Endpoint>,
    pub(super) warnings: &'w mut Vec<Warning>,
    /// The value sets of shared.yaml.
    pub(super) value_sets: &'w super::ValueSets,
    /// Corrections that matched something: (page, line in the corrections file).
    pub used: BTreeSet<(String, usize)>,
}

/// The canonical order of endpoint kinds in a file: list, detail, save, then by name.
pub fn kind_order(kind: &str) -> (u8, String) {
    let rank = match kind {
        "list" => 0,
        "detail" => 1,
        "save" => 2,
        _ => 3,
    };
    (rank, kind.to_string())
}

impl<'w> Builder<'w> {
    pub fn new(
        name: &str,
        warnings: &'w mut Vec<Warning>,
        value_sets: &'w super::ValueSets,
    ) -> Self {
        Builder {
            name: name.to_string(),
            cands: Vec::new(),
            endpoints: Vec::new(),
            warnings,
            value_sets,
            used: BTreeSet::new(),
        }
    }

    pub(super) fn warn(&mut self, page: &str, line: usize, message: String) {
        self.warnings.push(Warning {
            page: page.to_string(),
            line,
            message,
        });
    }

    pub(super) fn resource_camel(&self) -> String {
        naming::camel(&self.name)
    }

    /// Adds one page. Pages must be added in their canonical order (see [`kind_order`]).
    pub fn add(&mut self, plan: Plan<'_>) {
        let order = self.endpoints.len();
        let mut page_build = PageBuild::new(self, &plan, order);
        page_build.run();
    }

    /// Names the types and writes the file. Returns the YAML and what it counts.
    pub fn finish(mut self, title: &str) -> (String, Counts) {
        let names = self.resolve_names();
        self.check_named_types(&names);
        let reachable = self.reachable(&names);
        let (types, counts_types) = self.type_nodes(&names, &reachable);
        let mut endpoints = Vec::new();
        let mut fields = 0;
        for (i, endpoint) in self.endpoints.iter().enumerate() {
            if i > 0 {
                endpoints.push((String::new(), Node::Gap));
            }
            fields += endpoint.query.len();
            endpoints.push((endpoint.key.clone(), self.endpoint_node(endpoint, &names)));
        }
        for (i, cand) in self.cands.iter().enumerate() {
            if let (Body::Struct(f), true) = (&cand.body, reachable.contains(&i)) {
                fields += f.len();
            }
        }
        let mut doc = vec![
            ("title".to_string(), Node::text(title)),
            (String::new(), Node::Gap),
            ("endpoints".to_string(), Node::Map(endpoints)),
        ];
        if !types.is_empty() {
            doc.push((String::new(), Node::Gap));
            doc.push(("types".to_string(), Node::Map(types)));
        }
        let counts = Counts {
            endpoints: self.endpoints.len(),
            structs: counts_types.0,
            enums: counts_types.1,
            fields,
        };
        (super::yaml::render(&doc), counts)
    }

    /// A correction that names a type the file does not have falls back to the imported type.
    fn check_named_types(&mut self, names: &[String]) {
        let mut known: BTreeSet<String> = names.iter().cloned().collect();
        known.extend(self.value_sets.names().map(str::to_string));
        let mut problems = Vec::new();
        let fix = |field: &mut Field, page: &str, problems: &mut Vec<(String, usize, String)>| {
            if let Some(missing) = missing_name(&field.ty, &known) {
                problems.push((
                    page.to_string(),
                    field.line,
                    format!("a correction gives `{}` the type `{missing}`, which is not a type of this resource: the imported type is kept", field.name),
                ));
                field.ty = field.imported_ty.clone();
            }
        };
        for e in &mut self.endpoints {
            for f in &mut e.query {
                fix(f, &e.page.file, &mut problems);
            }
            if let Some(missing) = e.response.as_ref().and_then(|r| missing_name(r, &known)) {
                problems.push((
                    e.page.file.clone(),
                    0,
                    format!("a correction gives the answer's `data` the type `{missing}`, which is not a type of this resource: imported as `json`"),
                ));
                e.response = Some(super::draft::Ty::Json);
            }
        }
        for c in &mut self.cands {
            if let Body::Struct(fields) = &mut c.body {
                for f in fields {
                    fix(f, &c.page, &mut problems);
                }
            }
        }
        for (page, line, message) in problems {
            self.warn(&page, line, message);
        }
    }

    /// The candidates the file's endpoints use, directly or not (and the orphan tables).
    fn reachable(&self, names: &[String]) -> BTreeSet<usize> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<usize> = Vec::new();
        for e in &self.endpoints {
            for f in &e.query {
                collect(&f.ty, names, &mut stack);
            }
            if let Some(b) = e.body {
                stack.push(b);
            }
            if let Some(r) = &e.response {
                collect(r, names, &mut stack);
            }
        }
        stack.extend((0..self.cands.len()).filter(|&i| self.cands[i].orphan));
        while let Some(i) = stack.pop() {
            if !seen.insert(i) {
                continue;
            }
            if let Body::Struct(fields) = &self.cands[i].body {
                for f in fields {
                    collect(&f.ty, names, &mut stack);
                }
            }
        }
        seen
    }
}
