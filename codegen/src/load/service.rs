//! service.yaml: the facts that hold for every endpoint.

use super::reader::{join, Map, Reader};
use crate::names;
use crate::spec::{
    Auth, AuthEndpoint, Envelope, ErrorCode, ErrorKind, Header, Limits, Method, Module, Service,
};

pub(crate) fn read(r: &mut Reader<'_>, text: &str) -> Option<Service> {
    let root = r.parse(text)?;
    let map = r.map(&root, "")?;
    const KEYS: &[&str] = &[
        "title", "base_url", "doc", "modules", "headers", "auth", "envelope", "errors", "limits",
    ];
    r.check_keys(&map, KEYS, KEYS);

    let modules = modules(r, &map);
    let headers = headers(r, &map);
    let auth = child(r, &map, "auth").and_then(|m| auth(r, &m));
    let envelope = child(r, &map, "envelope").and_then(|m| envelope(r, &m));
    let errors = errors(r, &map);
    let limits = child(r, &map, "limits").and_then(|m| limits(r, &m));
    let base_url = r.scalar(&map, "base_url").and_then(|s| {
        let url = s.node.as_str();
        if url.starts_with("https://") || url.starts_with("http://") {
            Some(url.trim_end_matches('/').to_string())
        } else {
            r.error_at(&s, format!("`{url}` is not an http(s) URL"), None);
            None
        }
    });
    Some(Service {
        title: r.text(&map, "title")?,
        base_url: base_url?,
        doc: r.text(&map, "doc")?,
        modules,
        headers,
        auth: auth?,
        envelope: envelope?,
        errors,
        limits: limits?,
    })
}

fn child<'n>(r: &mut Reader<'_>, map: &Map<'n>, key: &str) -> Option<Map<'n>> {
    let node = map.node.get_node(key)?;
    r.map(node, &join(&map.path, key))
}

fn modules(r: &mut Reader<'_>, map: &Map<'_>) -> Vec<Module> {
    let Some(modules) = child(r, map, "modules") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, _) in modules.node.iter() {
        let name = key.as_str();
        if !names::is_snake_case(name) {
            r.error_on(
                key,
                "modules",
                format!("module name `{name}` cannot be a Rust module name"),
                Some("use the path segment of the API, for example `bd`".into()),
            );
            continue;
        }
        if names::RESERVED_MODULE_NAMES.contains(&name) {
            r.error_on(
                key,
                "modules",
                format!("module name `{name}` is taken by the SDK's runtime"),
                Some(format!(
                    "reserved: {}",
                    names::RESERVED_MODULE_NAMES.join(", ")
                )),
            );
            continue;
        }
        if let Some(title) = r.required_text(&modules, name) {
            out.push(Module {
                name: name.to_string(),
                title,
            });
        }
    }
    out
}

fn headers(r: &mut Reader<'_>, map: &Map<'_>) -> Vec<Header> {
    let Some(node) = map.node.get_node("headers") else {
        return Vec::new();
    };
    let Some(seq) = r.seq(node, "headers") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in seq.iter().enumerate() {
        let Some(h) = r.map(item, &format!("headers[{i}]")) else {
            continue;
        };
        r.check_keys(
            &h,
            &["name", "value", "required", "description", "scope"],
            &["name", "value", "scope"],
        );
        let business_only = match r.scalar(&h, "scope") {
            Some(s) if s.node.as_str() == "all" => false,
            Some(s) if s.node.as_str() == "business" => true,
            Some(s) => {
                r.error_at(
                    &s,
                    format!("`scope` is `all` or `business`, not `{}`", s.node.as_str()),
                    None,
                );
                false
            }
            None => false,
        };
        let required = r.flag(&h, "required");
        if let (Some(name), Some(value)) = (r.text(&h, "name"), r.text(&h, "value")) {
            out.push(Header {
                name,
                value,
                required,
                description: r.text(&h, "description").unwrap_or_default(),
                business_only,
            });
        }
    }
    out
}

fn auth(r: &mut Reader<'_>, map: &Map<'_>) -> Option<Auth> {
    r.check_keys(
        map,
        &["version", "sign_headers", "token", "authorize"],
        &["version", "sign_headers", "token", "authorize"],
    );
    let token = child(r, map, "token").and_then(|m| auth_endpoint(r, &m));
    let authorize = child(r, map, "authorize").and_then(|m| auth_endpoint(r, &m));
    Some(Auth {
        version: r.text(map, "version")?,
        sign_headers: r.text(map, "sign_headers")?,
        token: token?,
        authorize: authorize?,
    })
}

fn auth_endpoint(r: &mut Reader<'_>, map: &Map<'_>) -> Option<AuthEndpoint> {
    r.check_keys(
        map,
        &["method", "path", "lifetime_seconds"],
        &["method", "path"],
    );
    let method = match r.scalar(map, "method") {
        Some(s) if Method::parse(s.node.as_str()).is_some() => Method::parse(s.node.as_str()),
        Some(s) => {
            r.error_at(
                &s,
                format!("unsupported method `{}`", s.node.as_str()),
                Some("use GET or POST".into()),
            );
            None
        }
        None => None,
    };
    let lifetime_seconds = r.count(map, "lifetime_seconds");
    Some(AuthEndpoint {
        method: method?,
        path: r.text(map, "path")?,
        lifetime_seconds,
    })
}

fn envelope(r: &mut Reader<'_>, map: &Map<'_>) -> Option<Envelope> {
    let keys = &["code", "message", "data", "success"];
    r.check_keys(map, keys, keys);
    Some(Envelope {
        code: r.text(map, "code")?,
        message: r.text(map, "message")?,
        data: r.text(map, "data")?,
        success: r.integer(map, "success")?,
    })
}

fn errors(r: &mut Reader<'_>, map: &Map<'_>) -> Vec<ErrorCode> {
    let Some(node) = map.node.get_node("errors") else {
        return Vec::new();
    };
    let Some(seq) = r.seq(node, "errors") else {
        return Vec::new();
    };
    let mut out: Vec<ErrorCode> = Vec::new();
    for (i, item) in seq.iter().enumerate() {
        let Some(e) = r.map(item, &format!("errors[{i}]")) else {
            continue;
        };
        r.check_keys(
            &e,
            &["code", "kind", "description", "description_cn"],
            &["code", "kind", "description"],
        );
        let kind = match r.scalar(&e, "kind") {
            Some(s) if s.node.as_str() == "gateway" => Some(ErrorKind::Gateway),
            Some(s) if s.node.as_str() == "business" => Some(ErrorKind::Business),
            Some(s) => {
                r.error_at(
                    &s,
                    format!(
                        "`kind` is `gateway` or `business`, not `{}`",
                        s.node.as_str()
                    ),
                    None,
                );
                None
            }
            None => None,
        };
        let code = r.integer(&e, "code");
        if let (Some(code), Some(s)) = (code, r.scalar(&e, "code")) {
            if out.iter().any(|x| x.code == code) {
                r.error_at(&s, format!("error code {code} is listed twice"), None);
                continue;
            }
        }
        if let (Some(code), Some(kind), Some(description)) = (code, kind, r.text(&e, "description"))
        {
            out.push(ErrorCode {
                code,
                kind,
                description,
                description_cn: r.text(&e, "description_cn"),
            });
        }
    }
    out
}

fn limits(r: &mut Reader<'_>, map: &Map<'_>) -> Option<Limits> {
    let keys = &[
        "calls_per_minute",
        "max_rows_per_query",
        "max_rows_per_save",
        "timeout_seconds",
        "page_size_default",
        "page_size_max",
        "max_url_length",
    ];
    r.check_keys(map, keys, keys);
    Some(Limits {
        calls_per_minute: r.count(map, "calls_per_minute")?,
        max_rows_per_query: r.count(map, "max_rows_per_query")?,
        max_rows_per_save: r.count(map, "max_rows_per_save")?,
        timeout_seconds: r.count(map, "timeout_seconds")?,
        page_size_default: r.count(map, "page_size_default")?,
        page_size_max: r.count(map, "page_size_max")?,
        max_url_length: r.count(map, "max_url_length")?,
    })
}
