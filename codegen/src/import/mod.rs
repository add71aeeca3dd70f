//! `jdy-codegen import`: documentation pages (`jdy-docs/*.md`) turned into spec files
//! (`<module>/<resource>.yaml`), with the reviewer's corrections (`overrides.yaml`) applied.
//!
//! The steps, one module each: [`front_matter`] and [`markdown`] read a page's text,
//! [`page`] reads its layout (基本信息, the parameter tables, the `**Type**` tables, the
//! examples), [`naming`] gives it a module, a resource and a kind, [`types`] reads the
//! documented types and [`enums`] the enumerations and defaults spelled out in descriptions,
//! `value_kinds` decides by rules what a field's value is (an id, a yes/no flag, a date, an
//! amount) from its name, description and the values `samples` finds in the examples,
//! [`overrides`] reads the corrections, [`assemble`] builds each resource file (importing each
//! page, applying its corrections, naming the types), [`yaml`] and [`json`] write it, and
//! [`summary`] says what happened.
//!
//! The import never stops at a page it cannot read: it warns (page, line, what was unexpected)
//! and goes on, and it keeps every field it finds (a type it cannot resolve becomes `json`).
//! The same pages give the same bytes, whatever the order they are given in.

pub mod assemble;
mod corrections;
mod draft;
pub mod enums;
mod files;
pub mod front_matter;
pub mod json;
pub mod markdown;
pub mod naming;
pub mod overrides;
pub mod page;
mod page_import;
mod resource_yaml;
mod samples;
pub mod summary;
mod type_names;
pub mod types;
mod unique_names;
mod value_kinds;
pub mod value_sets;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

pub use overrides::{OverrideError, Overrides};
pub use summary::Summary;
pub use value_sets::ValueSets;

use crate::diagnostic::{one_line, MESSAGE_CHARS};
use assemble::{kind_order, Builder};
use draft::Plan;
use naming::Place;
use page::NotAnEndpoint;

/// Something in a page the importer did not expect, and what it did about it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// The page's file name.
    pub page: String,
    /// 1-based, counted in the whole file; 0 when it is about the page as a whole.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Warning {
    /// One line, however much of a page the message quotes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = one_line(&self.message, MESSAGE_CHARS);
        if self.line == 0 {
            write!(f, "warning: {}: {message}", self.page)
        } else {
            write!(f, "warning: {}:{}: {message}", self.page, self.line)
        }
    }
}

/// A page to import: its file name (how warnings and overrides name it) and its text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    pub name: String,
    pub text: String,
}

/// A spec file written by the import: `<module>/<resource>.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub contents: String,
}

/// What an import produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// In path order.
    pub files: Vec<OutputFile>,
    /// In page and line order.
    pub warnings: Vec<Warning>,
    pub summary: Summary,
}

/// Imports pages. See [`import_with_progress`].
pub fn import(inputs: &[Input], overrides: &Overrides) -> Import {
    import_with_progress(inputs, overrides, &mut |_, _| {})
}

/// Imports pages, calling `progress(done, total)` after each page is read.
pub fn import_with_progress(
    inputs: &[Input],
    overrides: &Overrides,
    progress: &mut dyn FnMut(usize, usize),
) -> Import {
    let mut inputs: Vec<&Input> = inputs.iter().collect();
    inputs.sort();
    let mut warnings = Vec::new();
    let mut skipped = Vec::new();
    let mut plans: Vec<Plan<'_>> = Vec::new();
    let mut seen_names = BTreeSet::new();
    let total = inputs.len();
    for (done, input) in inputs.iter().enumerate() {
        progress(done + 1, total);
        if !seen_names.insert(input.name.as_str()) {
            warnings.push(Warning {
                page: input.name.clone(),
                line: 0,
                message: "another file of the same name was given: this one is skipped".into(),
            });
            skipped.push((input.name.clone(), "a second file of the same name".into()));
            continue;
        }
        match plan(input, overrides, &mut warnings) {
            Ok(plan) => plans.push(plan),
            Err(why) => skipped.push((input.name.clone(), why)),
        }
    }
    settle_collisions(&mut plans, &mut warnings, &mut skipped);

    let mut by_resource: BTreeMap<(String, String), Vec<Plan<'_>>> = BTreeMap::new();
    for plan in plans {
        let key = (plan.place.module.clone(), plan.place.resource.clone());
        by_resource.entry(key).or_default().push(plan);
    }
    let mut summary = Summary {
        files: total,
        ..Summary::default()
    };
    let mut modules: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut files = Vec::new();
    for ((module, resource), mut plans) in by_resource {
        plans.sort_by_key(|p| kind_order(&p.place.kind));
        let title = resource_title(&plans);
        for plan in &plans {
            if let Some(top) = plan.page.category.first() {
                *modules
                    .entry(module.clone())
                    .or_default()
                    .entry(top.clone())
                    .or_default() += 1;
            } else {
                modules.entry(module.clone()).or_default();
            }
        }
        summary.pages += plans.len();
        let mut builder = Builder::new(&resource, &mut warnings, &overrides.value_sets);
        for plan in plans {
            builder.add(plan);
        }
        let (contents, counts) = builder.finish(&title);
        summary.resources += 1;
        summary.endpoints += counts.endpoints;
        summary.structs += counts.structs;
        summary.enums += counts.enums;
        summary.fields += counts.fields;
        files.push(OutputFile {
            path: format!("{module}/{resource}.yaml"),
            contents,
        });
    }
    summary.modules = modules
        .into_iter()
        .map(|(module, titles)| {
            let title = titles
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(t, _)| t)
                .unwrap_or_else(|| module.clone());
            (module, title)
        })
        .collect();
    warnings.sort();
    warnings.dedup();
    skipped.sort();
    summary.warnings = warnings.len();
    summary.skipped = skipped;
    Import {
        files,
        warnings,
        summary,
    }
}

/// Reads one page and decides where it goes, or why it does not.
fn plan<'o>(
    input: &Input,
    overrides: &'o Overrides,
    warnings: &mut Vec<Warning>,
) -> Result<Plan<'o>, String> {
    let warn = |warnings: &mut Vec<Warning>, line: usize, message: String| {
        warnings.push(Warning {
            page: input.name.clone(),
            line,
            message,
        })
    };
    let corrections = overrides.pages.get(&input.name);
    if let Some(why) = corrections.and_then(|c| c.skip.clone()) {
        return Err(format!("skipped by the overrides: {why}"));
    }
    let mut page_warnings = Vec::new();
    let page = match page::read(&input.name, &input.text, &mut page_warnings) {
        Ok(page) => page,
        Err(NotAnEndpoint::NotAPage) => {
            return Err("not a documentation page (no front matter)".into())
        }
        Err(NotAnEndpoint::Guide) => return Err("a guide, not an endpoint (no 基本信息)".into()),
        Err(NotAnEndpoint::Broken { line, reason }) => {
            warnings.extend(page_warnings);
            warn(warnings, line, format!("{reason}: the page is skipped"));
            return Err(reason);
        }
    };
    warnings.extend(page_warnings);
    let method = corrections
        .and_then(|c| c.method.clone())
        .unwrap_or_else(|| page.method.clone());
    if crate::spec::Method::parse(&method).is_none() {
        let why = format!(
            "请求方式 {method}: the spec format has GET, POST and DELETE only (an override can set `method:` if the page is wrong)"
        );
        warn(
            warnings,
            page.method_line,
            format!("{why}; the page is skipped"),
        );
        return Err(why);
    }
    // An upload: its body goes as multipart/form-data, its `File` fields as files.
    let file_body = page
        .body
        .as_ref()
        .is_some_and(|b| b.rows.iter().any(|r| r.ty.eq_ignore_ascii_case("file")));
    let multipart = page.example.multipart || file_body;
    let paged = method == "GET" && looks_paged(&page);
    let mut place = match naming::place(&page.path, &method, &page.title, paged) {
        Ok(place) => place,
        Err(why) => {
            warn(
                warnings,
                page.path_line,
                format!("{why}; the page is skipped"),
            );
            return Err(why);
        }
    };
    if let Some(c) = corrections {
        if let Some(resource) = &c.resource {
            place.resource = resource.clone();
        }
        if let Some(kind) = &c.kind {
            place.kind = kind.clone();
        }
    }
    Ok(Plan {
        page,
        place,
        method,
        paged,
        multipart,
        corrections,
    })
}

/// A GET whose `data` has a `rows` list and `total_page` (it takes `page` and `page_size`
/// whether its query documents them or not).
fn looks_paged(page: &page::Page) -> bool {
    let data_name = page
        .envelope
        .as_ref()
        .and_then(|e| e.rows.iter().find(|r| r.name == "data"))
        .map(|r| r.ty.trim().to_string())
        .unwrap_or_else(|| "Data".into());
    let data = page.response_types.iter().find(|l| l.name == data_name);
    let answers = data.is_some_and(|d| {
        d.params
            .iter()
            .any(|p| p.name == "rows" && p.ty.trim().to_ascii_lowercase().starts_with("list"))
            && d.params.iter().any(|p| p.name == "total_page")
    });
    answers
}

/// Two pages for one call: the first (by file name) is kept. Two pages of one resource with
/// the same kind, or two that would make the same method name in a module: the later ones get
/// a numbered kind.
fn settle_collisions(
    plans: &mut Vec<Plan<'_>>,
    warnings: &mut Vec<Warning>,
    skipped: &mut Vec<(String, String)>,
) {
    plans.sort_by(|a, b| a.page.file.cmp(&b.page.file));
    let mut calls: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut kept = Vec::new();
    for plan in plans.drain(..) {
        let call = (plan.method.clone(), plan.page.path.clone());
        if let Some(first) = calls.get(&call) {
            let why = format!(
                "the same endpoint ({} {}) as {first}",
                plan.method, plan.page.path
            );
            warnings.push(Warning {
                page: plan.page.file.clone(),
                line: plan.page.path_line,
                message: format!("{why}: skipped (add `skip:` to one of the two pages in the overrides to choose)"),
            });
            skipped.push((plan.page.file.clone(), why));
            continue;
        }
        calls.insert(call, plan.page.file.clone());
        kept.push(plan);
    }
    let mut methods: BTreeMap<(String, String), String> = BTreeMap::new();
    for plan in &mut kept {
        let Place {
            module,
            resource,
            kind,
        } = plan.place.clone();
        let mut new_kind = kind.clone();
        let mut n = 2;
        while methods.contains_key(&(module.clone(), format!("{resource}_{new_kind}"))) {
            new_kind = format!("{kind}_{n}");
            n += 1;
        }
        let first = methods
            .get(&(module.clone(), format!("{resource}_{kind}")))
            .cloned();
        if let Some(first) = first {
            warnings.push(Warning {
                page: plan.page.file.clone(),
                line: 0,
                message: format!(
                    "`{module}/{resource}` `{kind}` is already {first}: this page is the endpoint `{new_kind}` (an override can name it)"
                ),
            });
            plan.place.kind = new_kind.clone();
        }
        methods.insert(
            (module, format!("{resource}_{new_kind}")),
            plan.page.file.clone(),
        );
    }
    *plans = kept;
}

/// The resource's title: its pages' titles without their kind, the most common one.
fn resource_title(plans: &[Plan<'_>]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for plan in plans {
        *counts
            .entry(naming::resource_title(&plan.page.title))
            .or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| {
            a.1.cmp(&b.1)
                .then(b.0.chars().count().cmp(&a.0.chars().count()))
                .then(b.0.cmp(a.0))
        })
        .map(|(t, _)| t.to_string())
        .unwrap_or_default()
}

/// The pages named on the command line: `.md` files, and the `.md` files of folders.
pub fn read_inputs(paths: &[PathBuf]) -> Result<Vec<Input>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = fs::read_dir(path)
                .map_err(|e| format!("cannot read the folder {}: {e}", path.display()))?;
            for entry in entries {
                let entry = entry.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                let p = entry.path();
                if p.is_file() && p.extension().is_some_and(|e| e == "md") {
                    files.push(p);
                }
            }
        } else {
            files.push(path.clone());
        }
    }
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text =
                fs::read_to_string(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok(Input { name, text })
        })
        .collect()
}

/// Writes the files under `out`, leaving unchanged ones untouched. Returns how many were
/// written.
pub fn write_files(out: &Path, files: &[OutputFile]) -> std::io::Result<usize> {
    let mut written = 0;
    for file in files {
        let path = out.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        if fs::read_to_string(&path).ok().as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        fs::write(&path, &file.contents)?;
        written += 1;
    }
    Ok(written)
}
