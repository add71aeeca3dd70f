//! One page imported into the resource file being built: its tables read into fields and
//! candidate types, the documented types resolved, enumerations and defaults read from the
//! descriptions, the examples re-indented.

use std::collections::BTreeSet;

use super::assemble::Builder;
use super::draft::{Body, Cand, Endpoint, Field, Plan, Ty};
use super::enums::{self, DefaultKind, Enumeration, ValueKind};
use super::files;
use super::json;
use super::naming;
use super::overrides::{FieldAddress, TableRef};
use super::page::{Local, Page, Param};
use super::samples::{Overlaps, Samples};
use super::types::{self, DocType};
use super::unique_names::UniqueNames;
use super::value_kinds::{self, Documented, Facts, Kind, Sent};
use crate::names;
use crate::spec::{BodyFormat, EnvelopeKind, FileNameRule, WireForm};

/// Which part of the page a table is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Request,
    Response,
}

/// The import of one page into the builder.
pub(super) struct PageBuild<'b, 'w, 'p, 'o> {
    pub(super) b: &'b mut Builder<'w>,
    pub(super) plan: &'p Plan<'o>,
    pub(super) order: usize,
    pub(super) kind_camel: String,
    /// The candidate of each `**Name**` table, by part and index.
    pub(super) request_cands: Vec<Option<usize>>,
    pub(super) response_cands: Vec<Option<usize>>,
    /// Names present in both parts, where a correction must say which.
    pub(super) ambiguous: BTreeSet<String>,
    /// The values of the examples: the query's, the request body's, the answer's.
    pub(super) query_samples: Samples,
    pub(super) body_samples: Samples,
    pub(super) response_samples: Samples,
}

impl<'b, 'w, 'p, 'o> PageBuild<'b, 'w, 'p, 'o> {
    /// The overlaps of a table whose fields are named `names` with the page's examples.
    fn siblings(&self, names: &[&str]) -> Siblings {
        Siblings {
            query: self.query_samples.overlaps(names),
            body: self.body_samples.overlaps(names),
            response: self.response_samples.overlaps(names),
        }
    }

    pub(super) fn new(b: &'b mut Builder<'w>, plan: &'p Plan<'o>, order: usize) -> Self {
        let page = &plan.page;
        let request: BTreeSet<&str> = page.request_types.iter().map(|l| l.name.as_str()).collect();
        let ambiguous = page
            .response_types
            .iter()
            .filter(|l| request.contains(l.name.as_str()))
            .map(|l| l.name.clone())
            .collect();
        PageBuild {
            kind_camel: naming::camel(&plan.place.kind),
            b,
            plan,
            order,
            request_cands: vec![None; page.request_types.len()],
            response_cands: vec![None; page.response_types.len()],
            ambiguous,
            query_samples: page
                .example
                .query
                .as_deref()
                .map(Samples::from_query)
                .unwrap_or_default(),
            body_samples: page
                .example
                .body
                .as_ref()
                .map(|(text, _)| Samples::from_json(text))
                .unwrap_or_default(),
            response_samples: plan
                .corrections
                .and_then(|c| c.response_example.as_ref())
                .map(|corrected| corrected.json.as_str())
                .or(page
                    .response_example
                    .as_ref()
                    .map(|(text, _)| text.as_str()))
                .map(Samples::from_json)
                .unwrap_or_default(),
        }
    }

    pub(super) fn file(&self) -> &str {
        &self.plan.page.file
    }

    pub(super) fn warn(&mut self, line: usize, message: String) {
        let file = self.file().to_string();
        self.b.warn(&file, line, message);
    }

    pub(super) fn locals(&self, part: Part) -> &'p [Local] {
        match part {
            Part::Request => &self.plan.page.request_types,
            Part::Response => &self.plan.page.response_types,
        }
    }

    pub(super) fn run(&mut self) {
        let page = &self.plan.page;
        self.check_duplicate_tables();

        // The answer's root first, so that its candidate gets the `data` name.
        let mut response = None;
        let mut response_note = None;
        let envelope_kind = page
            .envelope
            .as_ref()
            .map(envelope_kind)
            .unwrap_or_default();
        if let Some(envelope) = &page.envelope {
            check_envelope(self, envelope, envelope_kind);
            if let Some(data) = envelope.rows.iter().find(|r| r.name == "data") {
                let (ty, note) = self.root_type(data);
                response = Some(ty);
                response_note = note;
            } else {
                self.warn(envelope.line, "the answer's table has no `data` row".into());
            }
        } else if let Some(i) = page.response_types.iter().position(|l| l.name == "Data") {
            self.warn(page.response_types[i].line, "no table of the answer's fields (errcode, description, data): `**Data**` is read as `data`".into());
            let cand = self.local_cand(Part::Response, i, true);
            response = Some(Ty::Cand(cand));
        }
        let response = match response {
            Some(ty) => Some(ty),
            None => page.response_example.as_ref().and_then(|(text, line)| {
                let has_data = serde_json::from_str::<serde_json::Value>(text)
                    .map(|v| !v["data"].is_null())
                    .unwrap_or(false);
                has_data.then(|| {
                    (*line, "the example answer has `data`, but the page does not describe it: `data` is imported as `json`".to_string())
                })
            }).map(|(line, message)| {
                self.warn(line, message);
                Ty::Json
            }),
        };

        let body = page.body.as_ref().map(|body| {
            let id = self.new_body_cand(Vec::new(), body.line);
            let fields = self.fields(&body.rows, Part::Request, &TableRef::Body, "Body");
            self.b.cands[id].body = Body::Struct(fields);
            id
        });
        let query = page
            .query
            .as_ref()
            .map(|q| self.fields(&q.rows, Part::Request, &TableRef::Query, "Query"))
            .unwrap_or_default();

        // Tables nobody refers to: kept, with a warning.
        for part in [Part::Request, Part::Response] {
            for i in 0..self.locals(part).len() {
                let seen = match part {
                    Part::Request => self.request_cands[i].is_some(),
                    Part::Response => self.response_cands[i].is_some(),
                };
                if !seen {
                    let local = &self.locals(part)[i];
                    self.warn(local.line, format!("no field refers to `**{}**`: its table is imported as a type of its own", local.name));
                    let id = self.local_cand(part, i, false);
                    self.b.cands[id].orphan = true;
                }
            }
        }
        self.apply_type_corrections();

        let mut endpoint = Endpoint {
            key: self.plan.place.kind.clone(),
            page: page.clone(),
            method: self.plan.method.clone(),
            paged: false,
            note: self.plan.corrections.and_then(|c| c.reason.clone()),
            query,
            body,
            body_format: BodyFormat::Json,
            response,
            envelope: envelope_kind,
            request_query: page
                .example
                .query
                .clone()
                .filter(|_| self.plan.method == "GET"),
            request_body: None,
            response_example: None,
        };
        if let Some(note) = response_note {
            append_endpoint_note(&mut endpoint, &note);
        }
        self.method_change(&mut endpoint);
        self.check_query(&mut endpoint.query);
        self.multipart_body(&mut endpoint);
        let json_body = endpoint.method != "GET" && endpoint.body_format == BodyFormat::Json;
        if let (Some((text, line)), true) = (&page.example.body, json_body) {
            match json::reindent(text) {
                Ok(json) => {
                    self.note_trimmed_keys(&mut endpoint, *line, "request", &json.trimmed_keys);
                    endpoint.request_body = Some(json.text);
                }
                Err(error) => self.warn(
                    *line,
                    format!("the request example's body is not JSON ({error}): left out"),
                ),
            }
        }
        let corrected_example = self
            .plan
            .corrections
            .and_then(|c| c.response_example.as_ref());
        if let Some(corrected) = corrected_example {
            let documented_is_json = page
                .response_example
                .as_ref()
                .is_some_and(|(text, _)| json::reindent(text).is_ok());
            if documented_is_json {
                self.warn(0, format!("the 响应示例 is JSON now: the corrected example (overrides line {}) may no longer be needed", corrected.line));
            }
            match json::reindent(&corrected.json) {
                Ok(json) => {
                    endpoint.response_example = Some(json.text);
                    append_endpoint_note(&mut endpoint, &corrected.reason);
                }
                Err(error) => self.warn(
                    0,
                    format!("the corrected 响应示例 (overrides line {}) is not JSON ({error}): left out", corrected.line),
                ),
            }
        } else if let Some((text, line)) = &page.response_example {
            match json::reindent(text) {
                Ok(json) => {
                    self.note_trimmed_keys(&mut endpoint, *line, "response", &json.trimmed_keys);
                    endpoint.response_example = Some(json.text);
                }
                Err(error) => self.warn(
                    *line,
                    format!("the 响应示例 is not JSON ({error}): left out"),
                ),
            }
        }
        endpoint.paged = self.plan.paged && self.is_paged(&endpoint);
        if self.plan.paged && !endpoint.paged {
            self.warn(self.plan.page.method_line, "the list looked paged, but its answer has no `rows` list and `total_page`: not marked paged".into());
        }
        if endpoint.paged {
            self.ask_for_pages(&mut endpoint);
            self.paging_numbers_are_integers(&mut endpoint);
            self.answer_pages(&mut endpoint);
        }
        self.open_custom_fields();
        self.report_unused_corrections();
        self.b.endpoints.push(endpoint);
    }

    /// An example key written with spaces around it is a typo for the field of the table: the
    /// spec keeps the example with the key trimmed, and says so.
    fn note_trimmed_keys(
        &mut self,
        endpoint: &mut Endpoint,
        line: usize,
        which: &str,
        keys: &[String],
    ) {
        if keys.is_empty() {
            return;
        }
        let quoted: Vec<String> = keys.iter().map(|k| format!("`\"{k}\"`")).collect();
        let note = format!(
            "The documented {which} example writes the key{} {} with spaces, a typo for the field of the same name; the spec's example has it trimmed.",
            if keys.len() == 1 { "" } else { "s" },
            quoted.join(", ")
        );
        self.warn(
            line,
            format!(
                "the {which} example has keys with spaces around them ({}): trimmed",
                quoted.join(", ")
            ),
        );
        endpoint.note = Some(match endpoint.note.take() {
            Some(existing) => format!("{existing} {note}"),
            None => note,
        });
    }

    pub(super) fn check_duplicate_tables(&mut self) {
        for part in [Part::Request, Part::Response] {
            let mut seen = BTreeSet::new();
            let locals = self.locals(part);
            for local in locals {
                if !seen.insert(local.name.as_str()) {
                    let line = local.line;
                    let name = local.name.clone();
                    self.warn(line, format!("a second `**{name}**` table in the same part of the page: fields refer to the first"));
                }
            }
        }
    }

    pub(super) fn new_cand(&mut self, cand: Cand) -> usize {
        self.b.cands.push(cand);
        self.b.cands.len() - 1
    }

    /// The struct of the page's JSON body, `<Resource><Kind>Request`.
    pub(super) fn new_body_cand(&mut self, fields: Vec<Field>, line: usize) -> usize {
        let rc = self.b.resource_camel();
        let kc = self.kind_camel.clone();
        self.new_cand(Cand {
            page: self.file().to_string(),
            order: (self.order, 0, 0, 0),
            key: (self.file().to_string(), "body".into(), String::new()),
            table: TableRef::Body,
            field: None,
            ladder: vec![format!("{rc}{kc}Request"), format!("{rc}{kc}Body")],
            explicit: None,
            description: first_sentence(&self.plan.page.summary),
            note: Vec::new(),
            body: Body::Struct(fields),
            described: true,
            orphan: false,
            line,
        })
    }

    /// The type of the `data` row of the answer's table, and the reason of its correction
    /// (`answer.data` in the overrides), which is a note of the endpoint.
    pub(super) fn root_type(&mut self, data: &Param) -> (Ty, Option<String>) {
        let ty = match types::parse(&data.ty) {
            DocType::Local(name) => match self.find_local(Part::Response, &name, data.line) {
                Some(i) if self.locals(Part::Response)[i].params.is_empty() => {
                    self.warn(data.line, format!("the answer's `data` is a `{name}`, whose table lists no field: imported as `json`"));
                    self.local_cand(Part::Response, i, true);
                    Ty::Json
                }
                Some(i) => Ty::Cand(self.local_cand(Part::Response, i, true)),
                None => {
                    self.warn(data.line, format!("the answer's `data` is a `{name}`, which has no `**{name}**` table: imported as `json`"));
                    Ty::Json
                }
            },
            _ => {
                let envelope: Vec<String> = self
                    .plan
                    .page
                    .envelope
                    .as_ref()
                    .map(|e| e.rows.iter().map(|r| r.name.clone()).collect())
                    .unwrap_or_default();
                let names: Vec<&str> = envelope.iter().map(String::as_str).collect();
                let siblings = self.siblings(&names);
                let field = self.field(
                    data,
                    Part::Response,
                    &TableRef::Local {
                        response: Some(true),
                        name: "data".into(),
                    },
                    "Data",
                    &siblings,
                );
                field.map(|f| f.ty).unwrap_or(Ty::Json)
            }
        };
        // A correction of the row (`answer.data`) applies to the type as read; a table keeps
        // its candidate, so that it is still named and written.
        let mut field = Field {
            name: data.name.clone(),
            imported_ty: ty.clone(),
            ty,
            rust_name: None,
            required: false,
            unrequired: false,
            wire: WireForm::Native,
            description: data.description.clone(),
            default: None,
            sensitive: false,
            max_bytes: None,
            file_name: FileNameRule::Any,
            note: None,
            line: data.line,
        };
        let address = FieldAddress {
            table: TableRef::Answer,
            field: data.name.clone(),
        };
        self.apply_field_corrections(&mut field, &address);
        (field.ty, field.note)
    }

    /// The index of a `**Name**` table of the part: exact name, else the same name in other
    /// case (with a warning).
    pub(super) fn find_local(&mut self, part: Part, name: &str, line: usize) -> Option<usize> {
        let locals = self.locals(part);
        if let Some(i) = locals.iter().position(|l| l.name == name) {
            return Some(i);
        }
        let i = locals
            .iter()
            .position(|l| l.name.eq_ignore_ascii_case(name))?;
        let found = locals[i].name.clone();
        self.warn(
            line,
            format!(
                "the type `{name}` is written `**{found}**` above its table: read as that table"
            ),
        );
        Some(i)
    }

    /// The candidate of a `**Name**` table, made on first use.
    pub(super) fn local_cand(&mut self, part: Part, i: usize, root: bool) -> usize {
        let existing = match part {
            Part::Request => self.request_cands[i],
            Part::Response => self.response_cands[i],
        };
        if let Some(id) = existing {
            return id;
        }
        let local = &self.locals(part)[i];
        let rc = self.b.resource_camel();
        let kc = self.kind_camel.clone();
        let mut local_camel = naming::camel(&local.name);
        if !names::is_upper_camel_case(&local_camel) {
            self.warn(
                local.line,
                format!(
                    "`**{}**` cannot name a Rust type: it is named `Table{}`",
                    local.name,
                    i + 1
                ),
            );
            local_camel = format!("Table{}", i + 1);
        }
        let part_camel = if part == Part::Request {
            "Request"
        } else {
            "Response"
        };
        let ladder = if root {
            let head = if self.plan.place.kind == "detail" {
                format!("{rc}{kc}")
            } else if self.plan.paged {
                format!("{rc}{kc}Page")
            } else {
                format!("{rc}{kc}Result")
            };
            vec![head, format!("{rc}{kc}Data")]
        } else {
            vec![
                format!("{rc}{kc}{local_camel}"),
                format!("{rc}{kc}{part_camel}{local_camel}"),
            ]
        };
        let description = if root {
            root_description(&self.plan.page, &self.plan.place.kind, self.plan.paged)
        } else {
            String::new()
        };
        let id = self.new_cand(Cand {
            page: self.file().to_string(),
            order: (
                self.order,
                if part == Part::Request { 0 } else { 1 },
                u8::from(!root),
                i + 1,
            ),
            key: (
                self.file().to_string(),
                format!("{part_camel}.{}", local.name),
                String::new(),
            ),
            table: TableRef::Local {
                response: Some(part == Part::Response),
                name: local.name.clone(),
            },
            field: None,
            ladder,
            explicit: None,
            description,
            note: Vec::new(),
            body: Body::Struct(Vec::new()),
            described: root,
            orphan: false,
            line: local.line,
        });
        match part {
            Part::Request => self.request_cands[i] = Some(id),
            Part::Response => self.response_cands[i] = Some(id),
        }
        let params = &local.params;
        let table = TableRef::Local {
            response: Some(part == Part::Response),
            name: local.name.clone(),
        };
        let owner = if root {
            "Data".to_string()
        } else {
            local_camel
        };
        let fields = self.fields(params, part, &table, &owner);
        self.b.cands[id].body = Body::Struct(fields);
        id
    }

    /// The fields of a table, with duplicate names and Rust name collisions settled.
    pub(super) fn fields(
        &mut self,
        params: &[Param],
        part: Part,
        table: &TableRef,
        owner: &str,
    ) -> Vec<Field> {
        let mut out: Vec<Field> = Vec::new();
        let mut rust_names = UniqueNames::default();
        let mut listed: BTreeSet<&str> = BTreeSet::new();
        let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
        let siblings = self.siblings(&names);
        for (index, param) in params.iter().enumerate() {
            if !listed.insert(param.name.as_str()) {
                self.warn(
                    param.line,
                    format!(
                        "`{}` is listed twice in this table: the second row is skipped",
                        param.name
                    ),
                );
                continue;
            }
            let Some(mut field) = self.field(param, part, table, owner, &siblings) else {
                continue;
            };
            let rust = field
                .rust_name
                .clone()
                .or_else(|| names::field_name(&field.name))
                .unwrap_or_else(|| {
                    let fallback = format!("field_{}", index + 1);
                    self.warn(param.line, format!("`{}` cannot become a Rust name: it is named `{fallback}` (give it a `rust_name` in the overrides)", param.name));
                    field.rust_name = Some(fallback.clone());
                    fallback
                });
            if let Some(renamed) = rust_names.claim(&rust, "_") {
                self.warn(param.line, format!("`{}` has the same Rust name as another field, `{rust}`: it is named `{renamed}`", param.name));
                field.rust_name = Some(renamed);
            }
            out.push(field);
        }
        if part == Part::Request {
            let in_body = *table != TableRef::Query;
            self.optional_by_description(&mut out, params, in_body);
        }
        out
    }

    /// A field marked required that the page itself says may be left out is not required: its
    /// description (or a sibling's that names it) says it is filled in by the server when absent
    /// (不传递则由后台生成), one of two (二选一), or not needed under a condition (非必填, 不填,
    /// 不传); or the documented request example sends it `null` or `""`. A correction that sets
    /// `required` wins.
    fn optional_by_description(&mut self, fields: &mut [Field], params: &[Param], in_body: bool) {
        const OWN: [(&str, &str); 5] = [
            (
                "不传递则由后台生成",
                "the server fills it in when it is absent (不传递则由后台生成)",
            ),
            (
                "二选一",
                "it is one of two that identify the same thing (二选一)",
            ),
            (
                "非必填",
                "it is not needed under a condition the description gives (非必填)",
            ),
            (
                "不填",
                "it is left out under a condition the description gives (不填)",
            ),
            (
                "不传",
                "it is left out under a condition the description gives (不传)",
            ),
        ];
        let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
        let body_overlaps = self.body_samples.overlaps(&names);
        let mentioned = Mentions::of(
            fields
                .iter()
                .map(|f| f.description.as_str())
                .enumerate()
                .filter(|(_, d)| d.contains("二选一") || d.contains("非必填")),
        );
        for i in 0..fields.len() {
            if !fields[i].required || fields[i].unrequired {
                continue;
            }
            let name = fields[i].name.clone();
            let own = OWN
                .iter()
                .find(|(word, _)| fields[i].description.contains(word))
                .map(|(_, why)| format!("its own description says {why}"));
            let named_by = || {
                mentioned
                    .by(&name)
                    .map(|j| &fields[j])
                    .find(|f| f.name != name && mentions(&f.description, &name))
            };
            let sibling = own.is_none().then(named_by).flatten().map(|f| {
                format!(
                    "the description of `{}` says the two are one of two (二选一)",
                    f.name
                )
            });
            let empty_in_example = || {
                (in_body && self.body_samples.sends_empty(&name, &body_overlaps))
                    .then(|| "the documented request example sends it empty".to_string())
            };
            let Some(why) = own.or(sibling).or_else(empty_in_example) else {
                continue;
            };
            fields[i].required = false;
            fields[i].unrequired = true;
            append_note(
                &mut fields[i],
                &format!("Marked required, but {why}: not required."),
            );
        }
    }

    /// One row: its type resolved, its kind of value decided, its enumeration and default read,
    /// corrections applied. `siblings` are the table's fields, for finding the
    /// row's values in the examples.
    pub(super) fn field(
        &mut self,
        param: &Param,
        part: Part,
        table: &TableRef,
        owner: &str,
        siblings: &Siblings,
    ) -> Option<Field> {
        let doc = types::parse(&param.ty);
        let mut notes = Vec::new();
        let ty = self.resolve(&doc, param, part, &mut notes);
        let mut field = Field {
            name: param.name.clone(),
            imported_ty: ty.clone(),
            ty,
            rust_name: None,
            required: param.required.unwrap_or(false),
            unrequired: false,
            wire: WireForm::Native,
            description: param.description.clone(),
            default: None,
            sensitive: false,
            max_bytes: None,
            file_name: FileNameRule::Any,
            note: None,
            line: param.line,
        };
        if field.ty == Ty::File {
            if *table == TableRef::Body {
                // The limits the description spells out, checked before a file is sent.
                field.max_bytes = files::max_bytes(&param.description);
                field.file_name = files::name_rule(&param.description);
            } else {
                self.warn(param.line, format!("`{}` is a `File` outside the body参数 table: imported as `json` (a file can only be a part of the body)", param.name));
                notes.push("Documented as `File` outside the body; imported as raw JSON.".into());
                field.ty = Ty::Json;
                field.imported_ty = Ty::Json;
            }
        }
        // What the value is (an id, a flag, a date, an amount), by the rules of `value_kinds`.
        let decision = self.value_kind(&doc, param, part, table, siblings);
        if let Some((ty, decision)) = &decision {
            field.ty = ty.clone();
            field.imported_ty = ty.clone();
            field.wire = decision.wire;
            notes.extend(decision.note.clone());
        }
        let decided = decision.as_ref().map(|(_, d)| d.kind);
        // Enumerations spelled out in the description: not of a value a rule decided, but of an
        // id that was documented as a number, whose values are then text.
        let scalar = match (&doc, decided) {
            (DocType::Integer | DocType::Number, Some(Kind::Id)) => Some((false, false)),
            (_, Some(_)) => None,
            (DocType::String, None) => Some((false, false)),
            (DocType::Integer, None) => Some((true, false)),
            (DocType::Array | DocType::List(_), None) if matches!(field.ty, Ty::List(ref t) if **t == Ty::String) => {
                Some((false, true))
            }
            _ => None,
        };
        let mut enumeration: Option<Enumeration> = None;
        // A value set shared.yaml does not know: the page's own type.
        let mut unknown_set: Option<(usize, Enumeration)> = None;
        // A value that arrives encrypted is not one of the listed values.
        let scalar = scalar.filter(|_| !param.sensitive);
        if let Some((integer, list)) = scalar {
            if let Some(e) = enums::extract(&param.description) {
                if !(integer && e.kind == ValueKind::Word) {
                    // A value set shared.yaml defines is that type; another is the page's own.
                    let ty = match self.b.value_sets.find(&e.values) {
                        Some(name) => Ty::Shared(name.to_string()),
                        None => {
                            let id = self.enum_cand(&e, integer, param, table, owner);
                            unknown_set = Some((id, e.clone()));
                            Ty::Cand(id)
                        }
                    };
                    field.ty = if list { Ty::List(Box::new(ty)) } else { ty };
                    field.imported_ty = field.ty.clone();
                    enumeration = Some(e);
                }
            }
        }
        let default_kind = match &doc {
            DocType::Boolean => Some(DefaultKind::Boolean),
            DocType::Integer => Some(DefaultKind::Integer),
            DocType::Number => Some(DefaultKind::Number),
            DocType::String => Some(DefaultKind::Text),
            _ => None,
        };
        if let Some(kind) = default_kind {
            field.default = if decided == Some(Kind::Boolean) && doc != DocType::Boolean {
                // A flag's documented default is one of its two values (`默认1`, `1：是（默认）`).
                let values = enums::extract(&param.description);
                enums::documented_default(&param.description, kind, values.as_ref())
                    .and_then(|value| flag_default(&value))
            } else {
                enums::documented_default(&param.description, kind, enumeration.as_ref())
            };
        }
        if param.sensitive {
            if field.ty == Ty::String {
                field.sensitive = true;
            } else {
                self.warn(
                    param.line,
                    format!(
                        "`{}` links to 敏感数据解密 but is not a string: not marked sensitive",
                        param.name
                    ),
                );
            }
        }
        if !notes.is_empty() {
            field.note = Some(notes.join(" "));
        }
        let address = FieldAddress {
            table: table.clone(),
            field: param.name.clone(),
        };
        self.apply_field_corrections(&mut field, &address);
        if let Some((id, e)) = unknown_set {
            // Unless a correction gave the field another type.
            let kept = matches!(&field.ty, Ty::Cand(c) if *c == id)
                || matches!(&field.ty, Ty::List(inner) if **inner == Ty::Cand(id));
            if kept {
                self.unknown_value_set(param, &e);
            }
        }
        Some(field)
    }

    /// The type a rule of `value_kinds` gives a documented scalar (or a list of ids), with its
    /// decision. A value that arrives encrypted stays text.
    fn value_kind(
        &self,
        doc: &DocType,
        param: &Param,
        part: Part,
        table: &TableRef,
        siblings: &Siblings,
    ) -> Option<(Ty, value_kinds::Decision)> {
        let (documented, list) = match doc {
            DocType::List(inner) => (documented(inner)?, true),
            _ => (documented(doc)?, false),
        };
        if param.sensitive {
            return None;
        }
        let (samples, overlaps, sent) = match (part, table) {
            (Part::Response, _) => (&self.response_samples, &siblings.response, Sent::No),
            (Part::Request, TableRef::Query) => (&self.query_samples, &siblings.query, Sent::Query),
            (Part::Request, _) => (&self.body_samples, &siblings.body, Sent::Json),
        };
        let values = if list {
            Vec::new()
        } else {
            samples.values_of(&param.name, overlaps)
        };
        let decision = value_kinds::decide(&Facts {
            name: &param.name,
            documented,
            description: &param.description,
            samples: &values,
            sent,
        })?;
        let ty = match decision.kind {
            Kind::Id => Ty::String,
            Kind::Boolean => Ty::Boolean,
            Kind::Date => Ty::Date,
            Kind::DateTime => Ty::DateTime,
            Kind::Timestamp => Ty::Timestamp,
            Kind::Decimal => Ty::Decimal,
        };
        if list {
            // Only a list of ids changes: the items of other lists are not described.
            return (decision.kind == Kind::Id).then(|| (Ty::List(Box::new(ty)), decision));
        }
        Some((ty, decision))
    }

    pub(super) fn resolve(
        &mut self,
        doc: &DocType,
        param: &Param,
        part: Part,
        notes: &mut Vec<String>,
    ) -> Ty {
        match doc {
            DocType::String => Ty::String,
            DocType::Integer => Ty::Integer,
            DocType::Number => Ty::Number,
            DocType::Boolean => Ty::Boolean,
            DocType::Object => Ty::Json,
            DocType::File => Ty::File,
            DocType::Array => {
                notes.push(
                    "Documented as `array` without an item type; imported as a list of strings."
                        .into(),
                );
                Ty::List(Box::new(Ty::String))
            }
            DocType::List(inner) => Ty::List(Box::new(self.resolve(inner, param, part, notes))),
            DocType::Map(inner) => Ty::Map(Box::new(self.resolve(inner, param, part, notes))),
            DocType::Local(name) => {
                let Some(i) = self.find_local(part, name, param.line) else {
                    self.warn(param.line, format!("`{}` is of type `{name}`, which has no `**{name}**` table on the page: imported as `json`", param.name));
                    notes.push(format!("Documented as `{name}`, which the page does not describe; imported as raw JSON."));
                    return Ty::Json;
                };
                if self.locals(part)[i].params.is_empty() {
                    self.warn(param.line, format!("`{}` is of type `{name}`, whose table has no fields: imported as `json`", param.name));
                    notes.push(format!("Documented as `{name}`, whose table on the page lists no field; imported as raw JSON."));
                    // Made all the same, so that the table is not also reported as unreferenced.
                    self.local_cand(part, i, false);
                    return Ty::Json;
                }
                let id = self.local_cand(part, i, false);
                if !self.b.cands[id].described {
                    self.b.cands[id].description = param.description.clone();
                    self.b.cands[id].described = true;
                }
                Ty::Cand(id)
            }
            DocType::Unknown(text) if text.is_empty() => {
                self.warn(
                    param.line,
                    format!("`{}` has no type: imported as `json`", param.name),
                );
                notes.push("Documented without a type; imported as raw JSON.".into());
                Ty::Json
            }
            DocType::Unknown(text) => {
                self.warn(
                    param.line,
                    format!(
                        "`{}` has the unknown type `{text}`: imported as `json`",
                        param.name
                    ),
                );
                notes.push(format!(
                    "Documented with the unknown type `{text}`; imported as raw JSON."
                ));
                Ty::Json
            }
        }
    }

    pub(super) fn enum_cand(
        &mut self,
        e: &Enumeration,
        integer: bool,
        param: &Param,
        table: &TableRef,
        owner: &str,
    ) -> usize {
        let rc = self.b.resource_camel();
        let kc = self.kind_camel.clone();
        let fc = naming::camel(&param.name);
        let description = if e.description.is_empty() {
            param.description.clone()
        } else {
            e.description.clone()
        };
        let names = enums::variant_names(&e.values);
        self.new_cand(Cand {
            page: self.file().to_string(),
            order: (self.order, 2, 0, 0),
            key: (
                self.file().to_string(),
                table.to_string(),
                param.name.clone(),
            ),
            table: table.clone(),
            field: Some(param.name.clone()),
            // Named after the page, never after the resource alone: a page added later cannot
            // take the name.
            ladder: vec![format!("{rc}{kc}{fc}"), format!("{rc}{kc}{owner}{fc}")],
            explicit: None,
            description,
            note: Vec::new(),
            body: Body::Enum {
                integer,
                values: e.values.clone(),
                names,
            },
            described: true,
            orphan: false,
            line: param.line,
        })
    }

    /// A value set shared.yaml does not have becomes the page's own enumeration; when its
    /// variants can only be named after the values (`v1`), that is worth a warning: shared.yaml
    /// is where a value set gets English names, once.
    fn unknown_value_set(&mut self, param: &Param, e: &Enumeration) {
        if enums::named_after_values(&e.values) {
            let values: Vec<String> = e
                .values
                .iter()
                .map(|v| format!("{} {}", v.value, v.label))
                .collect();
            self.warn(param.line, format!("the values of `{}` ({}) are not a value set of shared.yaml: imported as a type of this page, its variants named after the values; add the set to shared.yaml with English names", param.name, values.join(", ")));
        }
    }

    pub(super) fn fits_query(&self, ty: &Ty) -> bool {
        match ty {
            scalar if scalar.is_scalar() => true,
            Ty::Named(_) | Ty::Shared(_) => true,
            Ty::Cand(i) => self.b.cands[*i].is_enum(),
            Ty::List(inner) => !matches!(**inner, Ty::List(_)) && self.fits_query(inner),
            _ => false,
        }
    }

    /// Query parameters must fit in a URL: anything else is sent as text.
    pub(super) fn check_query(&mut self, query: &mut [Field]) {
        for f in query {
            if !self.fits_query(&f.ty) {
                self.warn(f.line, format!("the query parameter `{}` is not a text, number, boolean or list of those: imported as `string`", f.name));
                f.ty = Ty::String;
                let note = "The documented type cannot be sent in a query; imported as text.";
                f.note = Some(match f.note.take() {
                    Some(n) => format!("{n} {note}"),
                    None => note.to_string(),
                });
            }
        }
    }

    /// The numbers of a paged list are documented now as `string`, now as `integer`: in every
    /// paged list they are integers (an answer accepts them as text as well), and
    /// `page`/`page_size` are sent as integers. A field a correction already decided is left as
    /// it is.
    fn paging_numbers_are_integers(&mut self, e: &mut Endpoint) {
        const ANSWER: [&str; 6] = [
            "count",
            "total_page",
            "page",
            "page_size",
            "current_page",
            "current_page_size",
        ];
        for field in e.query.iter_mut() {
            if !matches!(field.name.as_str(), "page" | "page_size") {
                continue;
            }
            if field.ty == Ty::String {
                field.ty = Ty::Integer;
                append_note(
                    field,
                    "Documented as `string`; a page number or size, sent as an integer.",
                );
            }
            if field.required {
                field.required = false;
                append_note(
                    field,
                    "Marked required; the pager sets it on every page, and the page's default applies to one call without it.",
                );
            }
        }
        let Some(Ty::Cand(i)) = &e.response else {
            return;
        };
        let Body::Struct(fields) = &mut self.b.cands[*i].body else {
            return;
        };
        for field in fields.iter_mut() {
            if !ANSWER.contains(&field.name.as_str()) || field.ty != field.imported_ty {
                continue;
            }
            // A `number` is a decimal by the rules; the rules leave other paging numbers alone.
            let documented = match field.ty {
                Ty::String => "string",
                Ty::Decimal => "number",
                _ => continue,
            };
            field.ty = Ty::Integer;
            field.imported_ty = Ty::Integer;
            append_note(
                field,
                &format!("Documented as `{documented}`; a paging number, typed `integer`."),
            );
        }
    }

    /// Custom fields (`custom_field`, `custom_entity_field`) are documented as `Map <string>`,
    /// but a custom field of a numeric kind carries a number (自定义字段使用指南): their values
    /// are kept as JSON, so that such a field cannot make a whole answer fail to decode.
    fn open_custom_fields(&mut self) {
        for cand in self.b.cands.iter_mut() {
            let Body::Struct(fields) = &mut cand.body else {
                continue;
            };
            for field in fields.iter_mut() {
                let custom = matches!(field.name.as_str(), "custom_field" | "custom_entity_field");
                if custom && field.ty == Ty::Map(Box::new(Ty::String)) {
                    field.ty = Ty::Map(Box::new(Ty::Json));
                    append_note(field, "Documented as `Map <string>`; custom fields of numeric kinds carry numbers, so the values are kept as JSON.");
                }
            }
        }
    }

    /// An upload sends its body as `multipart/form-data`, each field a part: a file, or a value
    /// sent as text. A field that is neither is sent as text.
    fn multipart_body(&mut self, e: &mut Endpoint) {
        if !self.plan.multipart {
            return;
        }
        let Some(id) = e.body else {
            self.warn(self.plan.page.method_line, "an upload (`--form` or a `File` field) without a body参数 table: imported without a body".into());
            return;
        };
        e.body_format = BodyFormat::Multipart;
        let mut changed = Vec::new();
        if let Body::Struct(fields) = &self.b.cands[id].body {
            for (i, f) in fields.iter().enumerate() {
                let text = f.ty.is_scalar()
                    || matches!(f.ty, Ty::Shared(_))
                    || matches!(f.ty, Ty::Cand(c) if self.b.cands[c].is_enum());
                if f.ty != Ty::File && !text {
                    changed.push((i, f.name.clone(), f.line));
                }
            }
        }
        for (i, name, line) in changed {
            self.warn(line, format!("`{name}` is neither a file nor a value: imported as `string`, a text part of the multipart body"));
            if let Body::Struct(fields) = &mut self.b.cands[id].body {
                fields[i].ty = Ty::String;
                append_note(
                    &mut fields[i],
                    "The documented type cannot be a part of a multipart body; imported as text.",
                );
            }
        }
    }

    /// A list whose answer has a `rows` list of structs and a `total_page` is paged, whatever
    /// its query documents (see `ask_for_pages`).
    pub(super) fn is_paged(&self, e: &Endpoint) -> bool {
        let Some(Ty::Cand(i)) = &e.response else {
            return false;
        };
        let Body::Struct(fields) = &self.b.cands[*i].body else {
            return false;
        };
        let rows_of_structs = |f: &Field| {
            f.name == "rows"
                && matches!(&f.ty, Ty::List(row) if matches!(**row, Ty::Cand(r) if !self.b.cands[r].is_enum()))
        };
        e.method == "GET"
            && fields.iter().any(rows_of_structs)
            && fields.iter().any(|f| f.name == "total_page")
    }

    /// Every paged list takes `page` and `page_size`, and the pager sets them: one the page
    /// leaves out of its query is added, and says so.
    fn ask_for_pages(&mut self, e: &mut Endpoint) {
        for name in ["page", "page_size"] {
            if e.query.iter().any(|f| f.name == name) {
                continue;
            }
            e.query.push(Field {
                name: name.into(),
                imported_ty: Ty::Integer,
                ty: Ty::Integer,
                rust_name: None,
                required: false,
                unrequired: false,
                wire: WireForm::Native,
                description: String::new(),
                default: None,
                sensitive: false,
                max_bytes: None,
                file_name: FileNameRule::Any,
                note: Some(format!("Not documented on this page; every paged list takes `{name}`, and the pager sets it.")),
                line: self.plan.page.method_line,
            });
        }
    }

    /// A paged list answers `page<Row>`: the rows and counts are the runtime's `jdy::Page`, and
    /// what the page has beside them becomes its summary, `<Resource><Kind>Summary`.
    fn answer_pages(&mut self, e: &mut Endpoint) {
        const PAGE_FIELDS: [&str; 8] = [
            "rows",
            "count",
            "page",
            "page_size",
            "total_page",
            "current_page",
            "current_page_size",
            "cur_page_size",
        ];
        let Some(Ty::Cand(i)) = e.response.clone() else {
            return;
        };
        let name = format!("{}{}Summary", self.b.resource_camel(), self.kind_camel);
        let Body::Struct(fields) = &mut self.b.cands[i].body else {
            return;
        };
        let Some(Ty::List(row)) = fields
            .iter()
            .find(|f| f.name == "rows")
            .map(|f| f.ty.clone())
        else {
            return;
        };
        fields.retain(|f| !PAGE_FIELDS.contains(&f.name.as_str()));
        let summary = if fields.is_empty() {
            None
        } else {
            let cand = &mut self.b.cands[i];
            cand.ladder = vec![name];
            cand.description = format!("{}：每页在数据行之外的内容", self.plan.page.title);
            Some(Box::new(Ty::Cand(i)))
        };
        e.response = Some(Ty::Page(row, summary));
    }
}

/// The descriptions that may name a field, indexed by the words they name, so that finding
/// the ones naming a field does not read them all again for each field of a long table.
struct Mentions {
    /// Each word (a run of ASCII letters, digits and `_`), and the descriptions naming it.
    words: std::collections::HashMap<String, Vec<usize>>,
    /// Every description, for a name that is not one word.
    all: Vec<usize>,
}

impl Mentions {
    fn of<'d>(descriptions: impl Iterator<Item = (usize, &'d str)>) -> Mentions {
        let mut words: std::collections::HashMap<String, Vec<usize>> = Default::default();
        let mut all = Vec::new();
        for (i, description) in descriptions {
            all.push(i);
            let mut named: BTreeSet<&str> = BTreeSet::new();
            for word in description.split(|c: char| !is_word_char(c)) {
                if !word.is_empty() && named.insert(word) {
                    words.entry(word.to_string()).or_default().push(i);
                }
            }
        }
        Mentions { words, all }
    }

    /// The descriptions that may name `name`, in order; [`mentions`] tells which do.
    fn by(&self, name: &str) -> impl Iterator<Item = usize> + '_ {
        let candidates = if !name.is_empty() && name.chars().all(is_word_char) {
            self.words.get(name).map_or(&[][..], Vec::as_slice)
        } else {
            &self.all
        };
        candidates.iter().copied()
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Whether `text` names the field `name` as a word of its own (`unit_id` is not named by
/// `base_unit_id`).
fn mentions(text: &str, name: &str) -> bool {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

/// The documented scalar type the rules of `value_kinds` look at.
fn documented(doc: &DocType) -> Option<Documented> {
    match doc {
        DocType::String => Some(Documented::String),
        DocType::Integer => Some(Documented::Integer),
        DocType::Number => Some(Documented::Number),
        DocType::Boolean => Some(Documented::Boolean),
        _ => None,
    }
}

/// A flag's default as a boolean: `1` is `true`, `0` is `false`.
fn flag_default(value: &str) -> Option<String> {
    match value {
        "1" | "true" => Some("true".into()),
        "0" | "false" => Some("false".into()),
        _ => None,
    }
}

fn append_note(field: &mut Field, note: &str) {
    field.note = Some(match field.note.take() {
        Some(existing) => format!("{existing} {note}"),
        None => note.to_string(),
    });
}

fn append_endpoint_note(endpoint: &mut Endpoint, note: &str) {
    endpoint.note = Some(match endpoint.note.take() {
        Some(existing) => format!("{existing} {note}"),
        None => note.to_string(),
    });
}

/// An answer documented with `errorCode` (and no `errcode`) has the uploads' envelope.
fn envelope_kind(envelope: &super::page::Params) -> EnvelopeKind {
    let has = |name: &str| envelope.rows.iter().any(|r| r.name == name);
    if has("errorCode") && !has("errcode") {
        EnvelopeKind::Upload
    } else {
        EnvelopeKind::Standard
    }
}

/// The answer's table must be errcode, description, data (the envelope of service.yaml), or
/// errorCode, message, data (the uploads').
fn check_envelope(
    pb: &mut PageBuild<'_, '_, '_, '_>,
    envelope: &super::page::Params,
    kind: EnvelopeKind,
) {
    let names: Vec<&str> = envelope.rows.iter().map(|r| r.name.as_str()).collect();
    let (wanted, usual): (&[&str], &str) = match kind {
        EnvelopeKind::Standard => (&["errcode", "description"], "errcode, description, data"),
        EnvelopeKind::Upload => (&["errorCode", "message"], "errorCode, message, data"),
    };
    for wanted in wanted {
        if !names.contains(wanted) {
            pb.warn(envelope.line, format!("the answer's table has no `{wanted}`: this answer does not have the usual envelope ({usual})"));
        }
    }
}

/// The description of the `data` type: the page's title for a detail, `<title>的一页` for a
/// paged list, 保存结果 for a save, `<title>的结果` otherwise.
fn root_description(page: &Page, kind: &str, paged: bool) -> String {
    match kind {
        "detail" => page.title.clone(),
        "save" => "保存结果".to_string(),
        _ if paged => format!("{}的一页", page.title),
        _ => format!("{}的结果", page.title),
    }
}

/// How much each object of each example of the page has in common with one table, found
/// once per table for all of its fields (see [`Samples::overlaps`]).
pub(super) struct Siblings {
    query: Overlaps,
    body: Overlaps,
    response: Overlaps,
}

/// The summary up to its first full stop (客户新增及修改。审核、删除等... -> 客户新增及修改).
pub(super) fn first_sentence(summary: &str) -> String {
    summary
        .split(['。', '；'])
        .next()
        .unwrap_or(summary)
        .trim()
        .to_string()
}
