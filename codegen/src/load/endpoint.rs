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
    "paged",
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
    r.check_keys(
        &map,
        ENDPOINT_KEYS,
        &["title", "summary", "doc", "method", "path"],
    );
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
    let paged = r.flag(&map, "paged");
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
    if paged {
        check_paged(r, &map, &query, response.as_ref(), types);
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

/// A paged list must have what a pager needs: `page` and `page_size` to ask, `rows` and
/// `total_page` in the answer.
fn check_paged(
    r: &mut Reader<'_>,
    map: &Map<'_>,
    query: &[Field],
    response: Option<&TypeExpr>,
    types: &FileTypes,
) {
    for wanted in ["page", "page_size"] {
        match query.iter().find(|f| f.name == wanted) {
            None => {
                if let Some(Node::Scalar(s)) = map.node.get_node("paged") {
                    r.error_on(
                        s,
                        &join(&map.path, "paged"),
                        format!("a paged endpoint needs the query parameter `{wanted}`"),
                        None,
                    );
                }
            }
            // The generated pager sets page numbers and sizes: they must be integers.
            Some(field) if field.ty != TypeExpr::Integer => {
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
                        Some("declare it `type: integer`".into()),
                    );
                }
            }
            Some(_) => {}
        }
    }
    let paged_struct = match response {
        Some(TypeExpr::Named(name)) if types.kinds.get(name) == Some(&TypeShape::Struct) => true,
        Some(_) => false,
        None => false,
    };
    if !paged_struct {
        if let Some(Node::Scalar(s)) = map.node.get_node("paged") {
            r.error_on(
                s,
                &join(&map.path, "paged"),
                "a paged endpoint's `response` must be a struct with `rows` and `total_page`"
                    .into(),
                None,
            );
        }
    }
}
