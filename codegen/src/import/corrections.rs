//! The corrections of the overrides file applied to a page being imported: fields, types,
//! and the method, whose change moves the parameters between the query and the body.

use super::draft::{Body, Cand, Endpoint, Field, Ty};
use super::overrides::{FieldAddress, FieldOverride, TableRef, TypeOverride, TypeTarget};
use super::page_import::PageBuild;
use crate::names;
use crate::spec::WireForm;

impl PageBuild<'_, '_, '_, '_> {
    /// Whether a correction's table is this one.
    pub(super) fn table_matches(&self, wanted: &TableRef, actual: &TableRef) -> bool {
        match (wanted, actual) {
            (TableRef::Query, TableRef::Query)
            | (TableRef::Body, TableRef::Body)
            | (TableRef::Answer, TableRef::Answer) => true,
            (
                TableRef::Local {
                    response: w,
                    name: wn,
                },
                TableRef::Local {
                    response: a,
                    name: an,
                },
            ) => wn == an && (w.is_none() || w == a),
            _ => false,
        }
    }

    pub(super) fn apply_field_corrections(&mut self, field: &mut Field, address: &FieldAddress) {
        let Some(corrections) = self.plan.corrections else {
            return;
        };
        let matching: Vec<&FieldOverride> = corrections
            .fields
            .iter()
            .filter(|o| {
                o.address.field == address.field
                    && self.table_matches(&o.address.table, &address.table)
            })
            .collect();
        for o in matching {
            if let TableRef::Local {
                response: None,
                name,
            } = &o.address.table
            {
                if self.ambiguous.contains(name) {
                    // Reported once, and not as unused.
                    if self.b.used.insert((self.file().to_string(), o.line)) {
                        self.warn(0, format!("the correction `{}` (overrides line {}) could mean the request's or the answer's `{name}`: write `request.{name}` or `response.{name}`", o.address, o.line));
                    }
                    continue;
                }
            }
            self.b.used.insert((self.file().to_string(), o.line));
            if let Some(text) = &o.ty {
                match parse_spec_type(text) {
                    Some(ty) => {
                        // The written form the rules read from the example goes with the type
                        // they chose: a corrected type is sent in its own form.
                        field.wire = WireForm::Native;
                        field.ty = ty;
                    }
                    None => self.warn(field.line, format!("the correction of `{}` (overrides line {}) has the type `{text}`, which is not a type expression: ignored", o.address, o.line)),
                }
            }
            if let Some(required) = o.required {
                field.unrequired = field.required && !required;
                field.required = required;
            }
            if let Some(sensitive) = o.sensitive {
                field.sensitive = sensitive;
            }
            if let Some(rust) = &o.rust_name {
                field.rust_name = Some(rust.clone());
            }
            if let Some(default) = &o.default {
                field.default = Some(default.clone());
            }
            if let Some(description) = &o.description {
                field.description = description.clone();
            }
            field.note = Some(o.reason.clone());
        }
    }

    pub(super) fn apply_type_corrections(&mut self) {
        let Some(corrections) = self.plan.corrections else {
            return;
        };
        let file = self.file().to_string();
        let first = self
            .b
            .cands
            .iter()
            .position(|c| c.page == file && c.order.0 == self.order)
            .unwrap_or(self.b.cands.len());
        for o in &corrections.types {
            let found: Vec<usize> = (first..self.b.cands.len())
                .filter(|&i| {
                    let c = &self.b.cands[i];
                    match &o.target {
                        TypeTarget::Table(t) => {
                            c.field.is_none() && self.table_matches(t, &c.table)
                        }
                        TypeTarget::Enum(a) => {
                            c.field.as_deref() == Some(a.field.as_str())
                                && self.table_matches(&a.table, &c.table)
                        }
                    }
                })
                .collect();
            if found.len() > 1 {
                self.warn(0, format!("the correction of type `{}` (overrides line {}) matches tables of both the request and the answer: write `request.` or `response.` before it", o.target, o.line));
                continue;
            }
            let Some(&i) = found.first() else {
                continue;
            };
            self.b.used.insert((file.clone(), o.line));
            apply_type_correction(&mut self.b.cands[i], o);
        }
    }

    /// A correction of the method moves the parameters: a GET sends its fields in the query,
    /// a POST in its body.
    pub(super) fn method_change(&mut self, e: &mut Endpoint) {
        let documented = self.plan.page.method.as_str();
        if let (true, Some(id)) = (e.method == "GET", e.body) {
            e.body = None;
            let fields = match &self.b.cands[id].body {
                Body::Struct(fields) => fields.clone(),
                Body::Enum { .. } => Vec::new(),
            };
            let (fits, rest): (Vec<Field>, Vec<Field>) =
                fields.into_iter().partition(|f| self.fits_query(&f.ty));
            for f in &rest {
                self.warn(
                    f.line,
                    format!(
                        "`{}` cannot be a query parameter of a GET: left out",
                        f.name
                    ),
                );
            }
            if documented != "GET" {
                self.warn(self.plan.page.method_line, format!("documented as {documented}, imported as GET: the body's fields are sent in the query"));
            }
            e.query.extend(fits);
        } else if e.method == "POST" && !e.query.is_empty() && documented == "GET" {
            let fields = std::mem::take(&mut e.query);
            let id = self.new_body_cand(fields, self.plan.page.method_line);
            self.warn(
                self.plan.page.method_line,
                "documented as GET, imported as POST: the query's fields are sent in the body"
                    .into(),
            );
            e.body = Some(id);
        }
    }

    pub(super) fn report_unused_corrections(&mut self) {
        let Some(corrections) = self.plan.corrections else {
            return;
        };
        let file = self.file().to_string();
        for o in &corrections.fields {
            if !self.b.used.contains(&(file.clone(), o.line)) {
                self.warn(
                    0,
                    format!(
                        "the correction of `{}` (overrides line {}) matches no field of the page",
                        o.address, o.line
                    ),
                );
            }
        }
        for o in &corrections.types {
            if !self.b.used.contains(&(file.clone(), o.line)) {
                self.warn(0, format!("the correction of type `{}` (overrides line {}) matches no table or enumeration of the page", o.target, o.line));
            }
        }
    }
}

fn apply_type_correction(cand: &mut Cand, o: &TypeOverride) {
    if let Some(name) = &o.name {
        cand.explicit = Some(name.clone());
    }
    if let Some(description) = &o.description {
        cand.description = description.clone();
    }
    if let Body::Enum {
        integer,
        values,
        names,
    } = &mut cand.body
    {
        if let Some(wanted) = o.integer {
            let all_numbers = values.iter().all(|v| v.value.parse::<i64>().is_ok());
            if !wanted || all_numbers {
                *integer = wanted;
            }
        }
        for (value, name) in &o.values {
            if let Some(i) = values.iter().position(|v| &v.value == value) {
                names[i] = name.clone();
            }
        }
    }
    cand.note.push(o.reason.clone());
}

/// A spec type expression written in a correction (`list<string>`, `CustomerStatus`).
fn parse_spec_type(text: &str) -> Option<Ty> {
    let text = text.trim();
    if let Some(inner) = text.strip_prefix("list<").and_then(|t| t.strip_suffix('>')) {
        return parse_spec_type(inner).map(|t| Ty::List(Box::new(t)));
    }
    if let Some(inner) = text.strip_prefix("map<").and_then(|t| t.strip_suffix('>')) {
        return parse_spec_type(inner).map(|t| Ty::Map(Box::new(t)));
    }
    Some(match text {
        "string" => Ty::String,
        "integer" => Ty::Integer,
        "number" => Ty::Number,
        "decimal" => Ty::Decimal,
        "boolean" => Ty::Boolean,
        "date" => Ty::Date,
        "datetime" => Ty::DateTime,
        "timestamp" => Ty::Timestamp,
        "json" => Ty::Json,
        "file" => Ty::File,
        name if names::is_upper_camel_case(name) => Ty::Named(name.to_string()),
        _ => return None,
    })
}
