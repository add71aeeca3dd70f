//! One operation per endpoint of the spec: its query parameters, its body (JSON, or
//! `multipart/form-data` for an upload), and its answer wrapped in the gateway's envelope,
//! with the documented examples.

use super::json::{Json, Object};
use super::names::schema_ref;
use super::scalars::Place;
use super::schemas::Schemas;
use super::security;
use crate::spec::{BodyFormat, Endpoint, EnvelopeKind, Resource, Service, WireForm};

/// The operation id, as the runtime names the endpoint in its logs (`bd.customer_list`) with
/// `_` for the dot, which every generator accepts in a function name.
pub fn operation_id(resource: &Resource, endpoint: &Endpoint) -> String {
    format!("{}_{}_{}", resource.module, resource.name, endpoint.key)
}

pub fn operation(
    service: &Service,
    schemas: &mut Schemas,
    resource: &Resource,
    endpoint: &Endpoint,
) -> Object {
    let scope = Some(resource);
    let mut parameters = security::header_refs(service, true);
    let examples = query_example(endpoint.examples.request_query.as_deref());
    for field in &endpoint.query {
        let mut schema = schemas.field_schema(scope, field, Place::Query(WireForm::Native));
        let description = schema.remove("description");
        // A `$ref` wrapped only to carry the description, which goes on the parameter.
        if let (1, Some(Json::Array(only))) = (schema.len(), schema.get("allOf")) {
            if let [Json::Object(reference)] = only.as_slice() {
                schema = reference.clone();
            }
        }
        let example = examples
            .iter()
            .find(|(name, _)| *name == field.name)
            .map(|(_, value)| schemas.typed_value(scope, &field.ty, &schema, value));
        parameters.push(
            Object::new()
                .with("name", &field.name)
                .with("in", "query")
                .with("required", field.required)
                .with_opt("description", description)
                .with("schema", schema)
                .with_opt("example", example)
                .into(),
        );
    }

    let mut description = endpoint.summary.trim().to_owned();
    if let Some(note) = &endpoint.note {
        description.push_str("\n\n");
        description.push_str(note.trim());
    }
    if endpoint.paged {
        description.push_str(&format!(
            "\n\nA paged list: ask for page after page with `page` (from 1) and `page_size` (at most {}), until page `total_page`, or a page with fewer rows when the answer states no `total_page`.",
            service.limits.page_size_max
        ));
    }

    let mut operation = Object::new()
        .with("tags", vec![resource.module.as_str()])
        .with("summary", endpoint.title.trim())
        .with_text("description", &description)
        .with("operationId", operation_id(resource, endpoint))
        .with("externalDocs", Object::new().with("url", &endpoint.doc))
        .with_opt("parameters", (!parameters.is_empty()).then_some(parameters));
    if let Some(body) = &endpoint.body {
        let media = match endpoint.body_format {
            BodyFormat::Json => "application/json",
            BodyFormat::Multipart => "multipart/form-data",
        };
        let schema = Object::new().with(
            "$ref",
            schema_ref(&schemas.names.resource_type(resource, body)),
        );
        let content = Object::new()
            .with("schema", schema)
            .with_opt("example", example_json(&endpoint.examples.request_body));
        operation.insert(
            "requestBody",
            Object::new()
                .with("required", true)
                .with("content", Object::new().with(media, content)),
        );
    }
    let data = match &endpoint.response {
        Some(ty) => schemas.type_schema(scope, ty, Place::Received),
        None => Object::new().with(
            "description",
            "Nothing documented: whatever the server sends here is not read.",
        ),
    };
    operation.insert(
        "responses",
        responses(
            service,
            endpoint.envelope,
            data,
            example_json(&endpoint.examples.response),
        ),
    );
    operation.insert("security", security::requirement(service, true));
    if endpoint.paged {
        operation.insert("x-jdy-paged", true);
    }
    operation.with(
        "x-jdy-endpoint",
        format!("{}.{}_{}", resource.module, resource.name, endpoint.key),
    )
}

/// The answers of an operation: HTTP 200 in the envelope, and the gateway's refusal.
pub fn responses(
    service: &Service,
    envelope: EnvelopeKind,
    data: Object,
    example: Option<Json>,
) -> Object {
    let (description, schema) = match envelope {
        EnvelopeKind::Standard => (
            format!(
                "The answer (HTTP 200): `{code}` {success} is a success and `{data}` is the answer; any other `{code}` is a business error, `{message}` saying why.",
                code = service.envelope.code,
                success = service.envelope.success,
                data = service.envelope.data,
                message = service.envelope.message,
            ),
            standard_envelope(service, data),
        ),
        EnvelopeKind::Upload => (
            "The answer of an upload (HTTP 200): a success when `success` is true or `errorCode` is `success`; otherwise `errorCode` is the error code (a number, or a text) and `message` says why.".to_owned(),
            upload_envelope(data),
        ),
    };
    let content = Object::new()
        .with("schema", schema)
        .with_opt("example", example);
    Object::new()
        .with(
            "200",
            Object::new()
                .with("description", description)
                .with("content", Object::new().with("application/json", content)),
        )
        .with(
            "519",
            Object::new().with("$ref", "#/components/responses/GatewayError"),
        )
}

fn standard_envelope(service: &Service, data: Object) -> Object {
    let envelope = &service.envelope;
    Object::new()
        .with("type", "object")
        .with("required", vec![envelope.code.as_str()])
        .with(
            "properties",
            Object::new()
                .with(
                    &envelope.code,
                    Object::new()
                        .with("type", "integer")
                        .with("format", "int64")
                        .with(
                            "description",
                            format!("{} on success, else the error code.", envelope.success),
                        ),
                )
                .with(
                    &envelope.message,
                    Object::new().with("type", "string").with(
                        "description",
                        "`success` or 成功 on success, else what went wrong.",
                    ),
                )
                .with(&envelope.data, data),
        )
}

fn upload_envelope(data: Object) -> Object {
    Object::new().with("type", "object").with(
        "properties",
        Object::new()
            .with("success", Object::new().with("type", "boolean"))
            .with(
                "errorCode",
                Object::new()
                    .with(
                        "oneOf",
                        vec![
                            Object::new().with("type", "string"),
                            Object::new()
                                .with("type", "integer")
                                .with("format", "int64"),
                        ],
                    )
                    .with("description", "`success` on success, else the error code."),
            )
            .with("message", Object::new().with("type", "string"))
            .with("data", data),
    )
}

/// The parameters of a documented query (`order_by=name desc&page=1`), in order.
fn query_example(text: Option<&str>) -> Vec<(&str, &str)> {
    text.unwrap_or_default()
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .collect()
}

/// A documented JSON example, if it is JSON (the loader checked it; a text that is not is
/// left out rather than written as something it is not).
fn example_json(text: &Option<String>) -> Option<Json> {
    text.as_deref().and_then(Json::parse)
}
