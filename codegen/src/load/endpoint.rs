//! One endpoint of a resource file.

use marked_yaml::Node;

use super::fields::{read_fields, type_node, type_of, FileTypes, Place, TypeShape};
use super::reader::{join, loc_of, Map, Reader};
use crate::spec::{BodyFormat, Endpoint, EnvelopeKind, Examples, Field, Method, TypeExpr};

const ENDPOINT_KEYS: &[&str] = &[
    "title",
    "summary",
    "doc",
    "category",
    "method",
    "path",
    "query",
    "body",
    "body_format",
    "response",
    "envelope",
    "examples",
    "note",
];

pub(crate) fn read(
    r: &mut Reader<'_>,
    key: &str,
    node: &Node,
    path: &str,
    types: &FileTypes,
) -> Option<Endpoint> {
    let map = r.map(node, path)?;
    // `paged` is reported below, with what replaced it.
    r.check_keys_but_retired(
        &map,
        ENDPOINT_KEYS,
        &["paged"],
        &["title", "summary", "doc", "method", "path"],
    );
    if let Some(key) = map.node.keys().find(|k| k.as_str() == "paged") {
        r.error_on(
            key,
            &map.path,
            "`paged` is gone: a paged endpoint is one that answers `page<Row>`".into(),
            Some("remove it, and write the answer `response: page<Row>`".into()),
        );
    }
    let method = method(r, &map);
    let url_path = url_path(r, &map);
    let query = map
        .node
        .get_node("query")
        .map(|q| read_fields(r, q, &join(path, "query"), types, Place::Query))
        .unwrap_or_default();
    let body_format = body_format(r, &map);
    let body = body(r, &map, types, method, body_format);
    let response = r
        .scalar(&map, "response")
        .and_then(|s| type_of(r, &s, types));
    if let (Some(ty), Some(scalar)) = (&response, r.scalar(&map, "response")) {
        if let Some(name) = types.multipart_in(ty) {
            r.error_at(
                &scalar,
                format!("`{name}` is a multipart body, which is sent, never received"),
                Some("give the answer a struct of its own".into()),
            );
        }
    }
    let envelope = envelope(r, &map);
    let paged = matches!(response, Some(TypeExpr::Page { .. }));
    let examples = examples(r, &map);
    if body_format == BodyFormat::Multipart {
        if let Some(scalar) = map
            .node
            .get_mapping("examples")
            .and_then(|e| e.get_scalar("request_body"))
        {
            r.error_on(
                scalar,
                &join(path, "examples.request_body"),
                "a multipart body has no JSON example".into(),
                Some("remove `request_body`: the documentation's `curl --form` is not JSON".into()),
            );
        }
    }
    let example_has_data = examples
        .response
        .as_deref()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok())
        .is_some_and(|answer| !answer["data"].is_null());
    if example_has_data && map.node.get_node("response").is_none() {
        if let Some(scalar) = map
            .node
            .get_mapping("examples")
            .and_then(|e| e.get_scalar("response"))
        {
            r.error_on(
                scalar,
                &join(path, "examples.response"),
                "the example answer has `data`, but the endpoint declares no `response` type to check it against".into(),
                Some("add `response:` with the type of `data`".into()),
            );
        }
    }
    if let Some(TypeExpr::Page { row, summary }) = &response {
        check_paged(r, &map, &query, row, summary.as_deref(), types);
    }

    let endpoint = Endpoint {
        key: key.to_string(),
        loc: loc_of(map.node.span()),
        title: r.required_text(&map, "title")?,
        summary: r.required_text(&map, "summary")?,
        doc: doc_url(r, &map)?,
        category: r.texts(&map, "category"),
        method: method?,
        path: url_path?,
        query,
        body,
        body_format,
        response,
        envelope,
        paged,
        examples,
        note: r.text(&map, "note"),
    };
    Some(endpoint)
}

fn doc_url(r: &mut Reader<'_>, map: &Map<'_>) -> Option<String> {
    let scalar = r.scalar(map, "doc")?;
    let text = scalar.node.as_str();
    if text.starts_with("https://") || text.starts_with("http://") {
        Some(text.to_string())
    } else {
        r.error_at(
            &scalar,
            format!("`doc` is the address of the documentation page, not `{text}`"),
            Some("copy the `url` of the page's front matter".into()),
        );
        None
    }
}

fn method(r: &mut Reader<'_>, map: &Map<'_>) -> Option<Method> {
    let scalar = r.scalar(map, "method")?;
    let text = scalar.node.as_str();
    match Method::parse(text) {
        Some(method) => Some(method),
        None => {
            let other = text;
            let help = match Method::parse(&other.to_ascii_uppercase()) {
                Some(method) => format!("write it in capitals: `{}`", method.as_str()),
                None => "the jdy API uses only GET, POST and DELETE".to_string(),
            };
            r.error_at(&scalar, format!("unsupported method `{other}`"), Some(help));
            None
        }
    }
}

fn url_path(r: &mut Reader<'_>, map: &Map<'_>) -> Option<String> {
    let scalar = r.scalar(map, "path")?;
    let text = scalar.node.as_str();
    let problem = if !text.starts_with('/') {
        Some("a path starts with `/` and has no host")
    } else if text.contains('?') || text.contains('#') {
        Some("a path has no query: list the parameters under `query:`")
    } else if text.contains(char::is_whitespace) || text.contains('\\') {
        Some("a path has no spaces or backslashes (copy it without the Markdown escapes)")
    } else {
        None
    };
    match problem {
        Some(problem) => {
            r.error_at(
                &scalar,
                format!("invalid path `{text}`"),
                Some(problem.into()),
            );
            None
        }
        None => Some(text.to_string()),
    }
}

/// `body_format`: `json` unless it says `multipart`; a multipart endpoint needs a body.
fn body_format(r: &mut Reader<'_>, map: &Map<'_>) -> BodyFormat {
    let Some(scalar) = r.scalar(map, "body_format") else {
        return BodyFormat::Json;
    };
    let text = scalar.node.as_str();
    let Some(format) = BodyFormat::ALL.into_iter().find(|f| f.as_str() == text) else {
        r.error_at(
            &scalar,
            format!("unknown body format `{text}`"),
            Some("use `json` (the default) or `multipart` (multipart/form-data)".into()),
        );
        return BodyFormat::Json;
    };
    if format == BodyFormat::Multipart && map.node.get_node("body").is_none() {
        r.error_at(
            &scalar,
            "a multipart endpoint needs a `body`: the struct whose fields are its parts".into(),
            None,
        );
    }
    format
}

/// `envelope`: the fields of the answer, `standard` unless it says `upload`.
fn envelope(r: &mut Reader<'_>, map: &Map<'_>) -> EnvelopeKind {
    let Some(scalar) = r.scalar(map, "envelope") else {
        return EnvelopeKind::Standard;
    };
    let text = scalar.node.as_str();
    match EnvelopeKind::ALL.into_iter().find(|e| e.as_str() == text) {
        Some(envelope) => envelope,
        None => {
            r.error_at(
                &scalar,
                format!("unknown envelope `{text}`"),
                Some("use `standard` (errcode, description, data: the default) or `upload` (errorCode, success, message, data)".into()),
            );
            EnvelopeKind::Standard
        }
    }
}

fn body(
    r: &mut Reader<'_>,
    map: &Map<'_>,
    types: &FileTypes,
    method: Option<Method>,
    format: BodyFormat,
) -> Option<String> {
    let scalar = r.scalar(map, "body")?;
    let name = scalar.node.as_str();
    if format == BodyFormat::Json && types.multipart.contains(name) {
        r.error_at(
            &scalar,
            format!("`{name}` is the multipart body of another endpoint, and this one sends JSON"),
            Some("add `body_format: multipart`, or give this endpoint a struct of its own".into()),
        );
        return None;
    }
    match types.kinds.get(name) {
        Some(TypeShape::Struct) if method == Some(Method::Get) => {
            r.error_at(
                &scalar,
                "a GET endpoint has no body".into(),
                Some("send its parameters under `query:`, or correct the method".into()),
            );
            None
        }
        Some(TypeShape::Struct) => Some(name.to_string()),
        Some(TypeShape::Enum) => {
            r.error_at(
                &scalar,
                format!("the body must be a struct, and `{name}` is an enumeration"),
                None,
            );
            None
        }
        None => {
            r.error_at(
                &scalar,
                format!("unknown type `{name}`"),
                Some("the body is the name of a struct defined under `types:` in this file".into()),
            );
            None
        }
    }
}

fn examples(r: &mut Reader<'_>, map: &Map<'_>) -> Examples {
    let Some(node) = map.node.get_node("examples") else {
        return Examples::default();
    };
    let Some(examples) = r.map(node, &join(&map.path, "examples")) else {
        return Examples::default();
    };
    r.check_keys(
        &examples,
        &["request_query", "request_body", "response"],
        &[],
    );
    let mut json = |key: &str| {
        let scalar = r.scalar(&examples, key)?;
        let text = scalar.node.as_str();
        if let Err(error) = serde_json::from_str::<serde_json::Value>(text) {
            r.error_at(
                &scalar,
                format!("`{key}` is not valid JSON: {error}"),
                Some("line and column count from the start of the example".into()),
            );
        }
        Some(text.to_string())
    };
    let request_body = json("request_body");
    let response = json("response");
    Examples {
        request_query: r.text(&examples, "request_query"),
        request_body,
        response,
    }
}

/// A paged list must have what a pager needs: `page` and `page_size` to ask for a page, rows
/// that are structs, and a summary that is a struct.
fn check_paged(
    r: &mut Reader<'_>,
    map: &Map<'_>,
    query: &[Field],
    row: &TypeExpr,
    summary: Option<&TypeExpr>,
    types: &FileTypes,
) {
    let at_response = |r: &mut Reader<'_>, message: String, help: Option<String>| {
        if let Some(Node::Scalar(s)) = map.node.get_node("response") {
            r.error_on(s, &join(&map.path, "response"), message, help);
        }
    };
    for wanted in ["page", "page_size"] {
        match query.iter().find(|f| f.name == wanted) {
            None => at_response(
                r,
                format!("a paged endpoint needs the query parameter `{wanted}`"),
                Some(format!("add `{wanted}` (type: integer) under `query:`")),
            ),
            // The pager sets page numbers and sizes: they must be optional integers.
            Some(field) => {
                if field.ty != TypeExpr::Integer {
                    let at = map
                        .node
                        .get_node("query")
                        .and_then(|fields| type_node(fields, wanted));
                    if let Some((i, ty)) = at {
                        r.error_on(
                            ty,
                            &format!("{}[{i}].type", join(&map.path, "query")),
                            format!(
                                "the query parameter `{wanted}` of a paged endpoint must be an integer"
                            ),
                            Some("declare it `type: integer` (an answer may send it as text: integers accept that)".into()),
                        );
                    }
                }
                if field.required {
                    r.report_at(
                        field.loc,
                        &join(&map.path, "query"),
                        format!(
                            "the query parameter `{wanted}` of a paged endpoint cannot be required: the pager sets it"
                        ),
                        Some("remove `required: true`".into()),
                        1,
                    );
                }
            }
        }
    }
    if types.shape(row) != Some(TypeShape::Struct) {
        at_response(
            r,
            "the rows of a page must be a struct: `page<Row>`".into(),
            None,
        );
    }
    if summary.is_some_and(|s| types.shape(s) != Some(TypeShape::Struct)) {
        at_response(
            r,
            "the summary of a page must be a struct: `page<Row, Summary>`".into(),
            None,
        );
    }
}
