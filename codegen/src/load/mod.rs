//! From a spec folder to the validated [`Spec`]: every file is read and checked, and every
//! problem in every file is reported before anything is generated.

mod cycles;
mod endpoint;
mod fields;
mod reader;
mod resource;
mod service;
mod shared;
pub(crate) mod source;
mod type_expr;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, Excerpt, Loc};
use crate::names;
use crate::spec::{Resource, Spec};
use reader::Reader;

/// Loads and validates the spec in `dir`. File names in messages start with `display`
/// (for example `spec`), so they read well wherever the folder is.
pub fn load(dir: &Path, display: &str) -> Result<Spec, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let files = match list_files(dir, display) {
        Ok(files) => files,
        Err(diagnostic) => {
            diagnostics.push(*diagnostic);
            return Err(diagnostics);
        }
    };

    let mut service = None;
    let mut shared = (Vec::new(), BTreeMap::new());
    let mut shared_file: Option<String> = None;
    let mut resources = Vec::new();
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    // shared.yaml first: the resource files refer to its types.
    let (first, rest): (Vec<&SpecFile>, Vec<&SpecFile>) =
        files.iter().partition(|f| matches!(f.role, Role::Shared));
    for file in first.into_iter().chain(rest) {
        if let Role::Misplaced(why) = &file.role {
            let mut d = file_problem(&file.display, why.clone());
            d.help = Some("resource files live in `<module>/<resource>.yaml`".into());
            diagnostics.push(d);
            continue;
        }
        let text = match source::read(&file.path) {
            Ok(text) => source::normalize_line_ends(&text).into_owned(),
            Err(source::ReadError::TooLarge) => {
                let mut d = file_problem(
                    &file.display,
                    format!(
                        "the file is larger than {} MiB",
                        source::MAX_FILE_BYTES / (1024 * 1024)
                    ),
                );
                d.help = Some("a spec file describes one resource; split it, or check that it is the file you meant".into());
                diagnostics.push(d);
                continue;
            }
            Err(source::ReadError::Io(error)) => {
                diagnostics.push(file_problem(&file.display, format!("cannot read: {error}")));
                continue;
            }
        };
        let mut reader = Reader::new(&file.display, &text);
        match &file.role {
            Role::Service => service = service::read(&mut reader, &text),
            Role::Shared => {
                if let Some(read) = shared::read(&mut reader, &text) {
                    shared = read;
                    shared_file = Some(file.display.clone());
                }
            }
            Role::Resource { module, name } => {
                if let Some(resource) = resource::read(&mut reader, &text, module, name, &shared.1)
                {
                    resources.push(resource);
                }
            }
            Role::Misplaced(_) => {}
        }
        diagnostics.extend(reader.diagnostics);
        texts.insert(file.display.clone(), text);
    }

    if let Some(service) = &service {
        check_modules(&files, service, &mut diagnostics);
    } else if !files.iter().any(|f| matches!(f.role, Role::Service)) {
        diagnostics.push(file_problem(
            &format!("{display}/service.yaml"),
            "the spec has no service.yaml".into(),
        ));
    }
    if let Some(file) = &shared_file {
        let text = texts.get(file).map(String::as_str);
        cycles::check(file, &shared.0, text, &mut diagnostics);
    }
    for resource in &resources {
        let text = texts.get(&resource.file).map(String::as_str);
        cycles::check(&resource.file, &resource.types, text, &mut diagnostics);
    }
    check_duplicate_endpoints(&resources, &texts, &mut diagnostics);
    check_method_names(&resources, &texts, &mut diagnostics);

    diagnostics.sort();
    match service {
        Some(service) if diagnostics.is_empty() => {
            resources.sort_by(|a, b| (&a.module, &a.name).cmp(&(&b.module, &b.name)));
            Ok(Spec {
                service,
                shared: shared.0,
                resources,
            })
        }
        _ => Err(diagnostics),
    }
}

enum Role {
    Service,
    Shared,
    Resource { module: String, name: String },
    Misplaced(String),
}

struct SpecFile {
    path: PathBuf,
    display: String,
    role: Role,
}

/// Every `.yaml` file of the spec, in a fixed order whatever the file system's, so that the
/// output and the report are the same on every machine.
fn list_files(dir: &Path, display: &str) -> Result<Vec<SpecFile>, Box<Diagnostic>> {
    let mut files = Vec::new();
    let entries = read_dir_sorted(dir).map_err(|error| {
        Box::new(file_problem(
            display,
            format!("cannot read the spec folder: {error}"),
        ))
    })?;
    for entry in entries {
        let name = file_name(&entry);
        let shown = format!("{display}/{name}");
        if entry.is_dir() {
            let inner = read_dir_sorted(&entry)
                .map_err(|error| Box::new(file_problem(&shown, format!("cannot read: {error}"))))?;
            for path in inner {
                let file = file_name(&path);
                let shown = format!("{shown}/{file}");
                if path.is_dir() {
                    if contains_yaml(&path) {
                        files.push(SpecFile {
                            display: shown.clone(),
                            role: Role::Misplaced(format!(
                                "folder `{shown}` is nested too deep: modules hold resource files, not folders"
                            )),
                            path,
                        });
                    }
                    continue;
                }
                let Some(stem) = file.strip_suffix(".yaml") else {
                    continue;
                };
                files.push(SpecFile {
                    path,
                    display: shown,
                    role: Role::Resource {
                        module: name.clone(),
                        name: stem.to_string(),
                    },
                });
            }
        } else if name == "service.yaml" {
            files.push(SpecFile {
                path: entry,
                display: shown,
                role: Role::Service,
            });
        } else if name == "shared.yaml" {
            files.push(SpecFile {
                path: entry,
                display: shown,
                role: Role::Shared,
            });
        } else if name == "overrides.yaml" {
            // The corrections `jdy-codegen import` applies to the documentation pages (see
            // spec/README.md): input of the importer, not part of the spec.
            continue;
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            files.push(SpecFile {
                role: Role::Misplaced(format!(
                    "`{name}` is at the top of the spec, where only service.yaml and shared.yaml belong"
                )),
                path: entry,
                display: shown,
            });
        }
    }
    Ok(files)
}

fn read_dir_sorted(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()?;
    paths.sort();
    Ok(paths)
}

fn contains_yaml(dir: &Path) -> bool {
    read_dir_sorted(dir)
        .map(|paths| paths.iter().any(|p| file_name(p).ends_with(".yaml")))
        .unwrap_or(false)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn file_problem(file: &str, message: String) -> Diagnostic {
    Diagnostic {
        file: file.to_string(),
        loc: Loc { line: 1, column: 1 },
        path: String::new(),
        message,
        help: None,
        excerpt: None,
    }
}

/// A resource's folder must be a module declared in service.yaml, and module and resource
/// names must be identifiers, since they become Rust modules.
fn check_modules(files: &[SpecFile], service: &crate::spec::Service, out: &mut Diagnostics) {
    for file in files {
        let Role::Resource { module, name } = &file.role else {
            continue;
        };
        if !service.modules.iter().any(|m| &m.name == module) {
            let declared: Vec<&str> = service.modules.iter().map(|m| m.name.as_str()).collect();
            let mut d = file_problem(
                &file.display,
                format!("module `{module}` is not declared in service.yaml"),
            );
            d.help = Some(format!(
                "add `{module}: <title>` under `modules:` in service.yaml (declared: {})",
                declared.join(", ")
            ));
            out.push(d);
        }
        for (what, value) in [("module", module), ("resource", name)] {
            if !names::is_snake_case(value) {
                let mut d = file_problem(
                    &file.display,
                    format!("{what} name `{value}` cannot be a Rust module name"),
                );
                d.help = Some("use a snake_case name: lower-case ASCII letters, digits and `_`, not starting with a digit".into());
                out.push(d);
            }
        }
    }
}

/// Two endpoints with the same method and path would be one call under two names.
fn check_duplicate_endpoints(
    resources: &[Resource],
    texts: &BTreeMap<String, String>,
    out: &mut Diagnostics,
) {
    let mut seen: BTreeMap<(crate::spec::Method, &str), (&str, &str)> = BTreeMap::new();
    for resource in resources {
        for endpoint in &resource.endpoints {
            let key = (endpoint.method, endpoint.path.as_str());
            if let Some((file, first)) = seen.get(&key) {
                out.push(at_endpoint(
                    resource,
                    endpoint,
                    texts,
                    format!(
                        "duplicate endpoint `{} {}`",
                        endpoint.method.as_str(),
                        endpoint.path
                    ),
                    format!("it is already declared as `endpoints.{first}` in {file}"),
                ));
            } else {
                seen.insert(key, (&resource.file, &endpoint.key));
            }
        }
    }
}

/// The methods of a module's resources share one API handle (`client.bd()`), so
/// `<resource>_<endpoint>` must be unique within the module: `sal` + `order_list` and
/// `sal_order` + `list` would both be `sal_order_list`.
fn check_method_names(
    resources: &[Resource],
    texts: &BTreeMap<String, String>,
    out: &mut Diagnostics,
) {
    let mut seen: BTreeMap<(String, String), (&str, &str)> = BTreeMap::new();
    for resource in resources {
        for endpoint in &resource.endpoints {
            let method = format!("{}_{}", resource.name, endpoint.key);
            let key = (resource.module.clone(), method.clone());
            if let Some((file, first)) = seen.get(&key) {
                out.push(at_endpoint(
                    resource,
                    endpoint,
                    texts,
                    format!("the method `{method}` of module `{}` would be generated twice", resource.module),
                    format!("`endpoints.{first}` in {file} has the same name; rename one of the endpoint keys"),
                ));
            } else {
                seen.insert(key, (&resource.file, &endpoint.key));
            }
        }
    }
}

fn at_endpoint(
    resource: &Resource,
    endpoint: &crate::spec::Endpoint,
    texts: &BTreeMap<String, String>,
    message: String,
    help: String,
) -> Diagnostic {
    let excerpt = texts
        .get(&resource.file)
        .and_then(|text| text.lines().nth(endpoint.loc.line.saturating_sub(1)))
        .map(|line| Excerpt::new(line, endpoint.loc.column, endpoint.key.chars().count()));
    Diagnostic {
        file: resource.file.clone(),
        loc: endpoint.loc,
        path: format!("endpoints.{}", endpoint.key),
        message,
        help: Some(help),
        excerpt,
    }
}
