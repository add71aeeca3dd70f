//! What holds for every call, from `service.yaml`: the document's description (answers, how
//! leniently they are read, error codes, limits), the gateway's refusal and its schema.

use super::json::Object;
use super::names::schema_ref;
use crate::spec::{ErrorKind, Service};

/// The schema of the gateway's refusal.
pub const GATEWAY_ERROR: &str = "jdy.GatewayError";

/// `info.description`.
pub fn api_description(service: &Service) -> String {
    let envelope = &service.envelope;
    let limits = &service.limits;
    let mut text = format!(
        "The {title} ({doc}), described from the spec of the Rust SDK `jdy`.

## Answers

Every answer is HTTP 200 with `{{\"{code}\": …, \"{message}\": …, \"{data}\": …}}`: `{code}` {success} \
is a success; any other `{code}` is a business error, even with HTTP 200. The uploads answer \
`{{\"success\": …, \"errorCode\": …, \"message\": …, \"data\": …}}` instead. The gateway refuses a \
call with HTTP 519 and `{{\"errcode\": …, \"description\": …, \"description_cn\": …}}`.

## How answers are read

The documentation is loose about the JSON types of answers, and the server with it, so the \
SDK reads an answer by the type the spec gives each field, and accepts more than that type's \
own form: numbers sent as text and text sent as numbers, yes/no flags as `true`/`false`, \
`1`/`0`, `\"true\"` or `\"1\"`, integer enumerations as text, `\"\"` and `null` as a missing \
field, a list or map that is `null` as empty, and a date or time it cannot read kept as text. \
Any field of an answer may be missing or `null` (every one is `nullable`), and an enumeration \
of an answer may hold a value the documentation does not list (its schema is `anyOf` the \
enumeration and any text). A client generated from this document should be as lenient: the \
other schemas of answers say what the documentation says; decimals (money, prices, \
quantities, rates) are exact values sent as JSON numbers or as text, and should be read into \
a decimal type, never a binary floating-point number.

Requests are written exactly as the schemas say: where the documentation's examples write a \
decimal or a flag in another JSON form (`\"amount\": \"100\"`, `\"is_default\": 1`), the schema of \
that field is that form.

A list in a query parameter is written in brackets, `[1,2]`, as in the documentation's \
examples.

## Error codes

| code | kind | meaning |
| --- | --- | --- |
",
        title = service.title,
        doc = service.doc,
        code = envelope.code,
        message = envelope.message,
        data = envelope.data,
        success = envelope.success,
    );
    for error in &service.errors {
        let kind = match error.kind {
            ErrorKind::Gateway => "gateway",
            ErrorKind::Business => "business",
        };
        let meaning = match &error.description_cn {
            Some(cn) => format!("{} ({})", error.description, cn.replace('|', "\\|")),
            None => error.description.clone(),
        };
        text.push_str(&format!("| {} | {kind} | {meaning} |\n", error.code));
    }
    text.push_str(&format!(
        "
## Limits

At most {} calls a minute per account set, {} rows per query and {} per save, {} seconds \
per call; a page holds {} rows unless asked for more, at most {}; a URL is at most {} \
characters.
",
        limits.calls_per_minute,
        limits.max_rows_per_query,
        limits.max_rows_per_save,
        limits.timeout_seconds,
        limits.page_size_default,
        limits.page_size_max,
        limits.max_url_length,
    ));
    text
}

/// `x-jdy-limits`: the limits, for tools.
pub fn limits(service: &Service) -> Object {
    let limits = &service.limits;
    Object::new()
        .with("calls_per_minute", limits.calls_per_minute)
        .with("max_rows_per_query", limits.max_rows_per_query)
        .with("max_rows_per_save", limits.max_rows_per_save)
        .with("timeout_seconds", limits.timeout_seconds)
        .with("page_size_default", limits.page_size_default)
        .with("page_size_max", limits.page_size_max)
        .with("max_url_length", limits.max_url_length)
}

pub fn gateway_error_schema() -> Object {
    let text = || Object::new().with("type", "string");
    Object::new()
        .with("type", "object")
        .with("description", "The gateway's refusal of a call.")
        .with(
            "properties",
            Object::new()
                .with(
                    "errcode",
                    Object::new()
                        .with("type", "integer")
                        .with("format", "int64")
                        .with(
                            "description",
                            "A gateway code (4001-4012, 5000-5007, 400-504).",
                        ),
                )
                .with(
                    "description",
                    text().with("description", "What went wrong, ending in `[GW]`."),
                )
                .with(
                    "description_cn",
                    text().with("description", "The same, in Chinese."),
                ),
        )
}

/// `components.responses.GatewayError`.
pub fn gateway_error_response() -> Object {
    Object::new()
        .with("description", "The gateway refused the call (HTTP 519).")
        .with(
            "headers",
            Object::new().with(
                "X-Api-Requestid",
                Object::new()
                    .with(
                        "description",
                        "The id of the request, for Kingdee's support.",
                    )
                    .with("schema", Object::new().with("type", "string")),
            ),
        )
        .with(
            "content",
            Object::new().with(
                "application/json",
                Object::new().with(
                    "schema",
                    Object::new().with("$ref", schema_ref(GATEWAY_ERROR)),
                ),
            ),
        )
}
