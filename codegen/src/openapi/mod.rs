//! The spec as an OpenAPI 3.0.3 document, for the tools of other languages: client generators,
//! API explorers, gateways. It is written from the validated [`Spec`], like the Rust code, so
//! the two describe the same API.
//!
//! 3.0.3 rather than 3.1: every generator and validator reads it, and nothing here needs 3.1
//! (a decimal that is a number or a text is a `oneOf`).

mod auth;
mod gateway;
mod json;
mod names;
mod operations;
mod scalars;
mod schemas;
mod security;

use std::collections::BTreeMap;

use json::{Json, Object};
use schemas::Schemas;

use crate::spec::{Method, Spec};

/// The OpenAPI version the document follows.
pub const OPENAPI_VERSION: &str = "3.0.3";

/// The OpenAPI document of `spec`, as indented JSON ending with a new line. The same spec
/// gives the same bytes.
pub fn export(spec: &Spec) -> String {
    document(spec).to_pretty_string()
}

fn document(spec: &Spec) -> Json {
    let service = &spec.service;
    let mut schemas = Schemas::new(spec);

    // Paths in byte order, each path's operations in method order.
    let mut paths: BTreeMap<String, BTreeMap<Method, Object>> = BTreeMap::new();
    for (path, method, operation) in auth::operations(service) {
        paths.entry(path).or_default().insert(method, operation);
    }
    for resource in &spec.resources {
        for endpoint in &resource.endpoints {
            let operation = operations::operation(service, &mut schemas, resource, endpoint);
            paths
                .entry(endpoint.path.clone())
                .or_default()
                .insert(endpoint.method, operation);
        }
    }
    let mut path_items = Object::new();
    for (path, methods) in paths {
        let mut item = Object::new();
        for (method, operation) in methods {
            item.insert(&method.as_str().to_ascii_lowercase(), operation);
        }
        path_items.insert(&path, item);
    }

    let mut components = Object::new();
    schemas.type_components(&mut components);
    schemas.page_components(&mut components);
    auth::schemas(&mut components);
    components.insert(gateway::GATEWAY_ERROR, gateway::gateway_error_schema());

    let mut tags: Vec<Json> = service
        .modules
        .iter()
        .filter(|m| spec.resources_of(&m.name).next().is_some())
        .map(|m| {
            Object::new()
                .with("name", &m.name)
                .with("description", &m.title)
                .into()
        })
        .collect();
    tags.push(
        Object::new()
            .with("name", "auth")
            .with(
                "description",
                "The token and the authorisations of the application.",
            )
            .into(),
    );

    Object::new()
        .with("openapi", OPENAPI_VERSION)
        .with(
            "info",
            Object::new()
                .with("title", &service.title)
                .with("version", env!("CARGO_PKG_VERSION"))
                .with("description", gateway::api_description(service)),
        )
        .with("externalDocs", Object::new().with("url", &service.doc))
        .with(
            "servers",
            vec![Object::new().with("url", &service.base_url)],
        )
        .with("tags", tags)
        .with("paths", path_items)
        .with(
            "components",
            Object::new()
                .with("schemas", components)
                .with_opt(
                    "parameters",
                    Some(security::header_parameters(service)).filter(|p| !p.is_empty()),
                )
                .with(
                    "responses",
                    Object::new().with("GatewayError", gateway::gateway_error_response()),
                )
                .with("securitySchemes", security::schemes(service)),
        )
        .with("x-jdy-limits", gateway::limits(service))
        .into()
}
