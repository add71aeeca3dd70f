//! The headers of every call (`service.yaml`'s `headers`): the three that carry credentials
//! become security schemes, with the signing algorithm in their descriptions; the others are
//! header parameters every operation refers to.

use super::json::{Json, Object};
use crate::spec::{Header, Service};

/// The application's id, sent on every call.
const CLIENT_ID: &str = "X-Api-ClientID";
/// The signature of the call.
const SIGNATURE: &str = "X-Api-Signature";
/// The account set's token, sent on business calls.
const APP_TOKEN: &str = "app-token";

/// The name of the security scheme a credential header is, if it is one.
fn scheme_of(header: &str) -> Option<&'static str> {
    match header {
        CLIENT_ID => Some("clientId"),
        SIGNATURE => Some("signature"),
        APP_TOKEN => Some("appToken"),
        _ => None,
    }
}

/// The headers that are parameters: not a credential, and not `Content-Type`, which
/// OpenAPI takes from the request body's media type.
fn parameter_headers(service: &Service) -> impl Iterator<Item = &Header> {
    service
        .headers
        .iter()
        .filter(|h| scheme_of(&h.name).is_none() && !h.name.eq_ignore_ascii_case("content-type"))
}

/// `components.parameters`: one per header that is a parameter, named as the header.
pub fn header_parameters(service: &Service) -> Object {
    let mut out = Object::new();
    for header in parameter_headers(service) {
        let mut description = header.description.trim().to_owned();
        if header.business_only {
            description.push_str("\n\nBusiness endpoints only.");
        }
        let parameter = Object::new()
            .with("name", &header.name)
            .with("in", "header")
            .with("required", header.required)
            .with_text("description", &description)
            .with("schema", Object::new().with("type", "string"))
            .with("example", &header.value);
        out.insert(&header.name, parameter);
    }
    out
}

/// The references to the header parameters an operation sends: every header for a business
/// endpoint, those of scope `all` for the token and authorisation endpoints.
pub fn header_refs(service: &Service, business: bool) -> Vec<Json> {
    parameter_headers(service)
        .filter(|h| business || !h.business_only)
        .map(|h| {
            Object::new()
                .with("$ref", format!("#/components/parameters/{}", h.name))
                .into()
        })
        .collect()
}

/// What an operation needs: all of its schemes at once (one requirement object).
pub fn requirement(service: &Service, business: bool) -> Json {
    let mut all = Object::new();
    for header in &service.headers {
        if let Some(scheme) = scheme_of(&header.name) {
            if business || !header.business_only {
                all.insert(scheme, Json::Array(Vec::new()));
            }
        }
    }
    Json::Array(vec![all.into()])
}

/// `components.securitySchemes`.
pub fn schemes(service: &Service) -> Object {
    let mut out = Object::new();
    for header in &service.headers {
        let Some(scheme) = scheme_of(&header.name) else {
            continue;
        };
        let description = match scheme {
            "signature" => signature_description(service),
            "appToken" => token_description(service),
            _ => header.description.trim().to_owned(),
        };
        out.insert(
            scheme,
            Object::new()
                .with("type", "apiKey")
                .with("in", "header")
                .with("name", &header.name)
                .with("description", description),
        );
    }
    out
}

fn signature_description(service: &Service) -> String {
    let auth = &service.auth;
    format!(
        "The signature of the call, computed from the client_secret of the application (it is \
never sent). Every call also sends `X-Api-Auth-Version: {version}`, `X-Api-SignHeaders: {sign}`, \
`X-Api-TimeStamp` (milliseconds since the epoch, 13 digits, accepted within 5 minutes of the \
server's clock) and `X-Api-Nonce` (a random positive integer).

Two percent-encoders over UTF-8 bytes, hex digits in upper case, a space written `+`:
`form` keeps `A-Z a-z 0-9 . - * _` and `gw` keeps `A-Z a-z 0-9 - _ . ~`; both escape every \
other byte.

1. The canonical query: for each query parameter the text `gw(name)=form(value)`; sort these \
texts by byte order (the whole text, not the name); then write each again as \
`gw(name)=gw(value)`, splitting it at its first `=` and leaving out an empty name, and join \
them with `&`. Without parameters it is empty. Send the query in the sorted order, \
`form`-encoded, so that the server reads what was signed.
2. The text to sign is five lines, each ending with a line feed (the last one too): the method \
in capitals; `gw(path)` (`/jdy/v2/bd/customer` gives `%2Fjdy%2Fv2%2Fbd%2Fcustomer`); the \
canonical query; `x-api-nonce:<nonce>`; `x-api-timestamp:<timestamp>`. The nonce line comes \
first, whatever the order of `X-Api-SignHeaders`. The body is never signed.
3. `X-Api-Signature` is the base64 of the lower-case hexadecimal text of \
HMAC-SHA256(key = client_secret, message = the text to sign): 88 characters ending in `==`.

The official worked example: client_secret `f2adcfef73369bfc4e1384677d38a0ff`, \
`GET /jdyconnector/app_management/kingdee_auth_token?app_key=bVZgAZOv1&app_signature=MzZlYTk0ODk4MWZlNjdiODNmNWU4YzViNzYxNGM5MTFlOGJkN2NjMzk0MTJkZGNhZGM0NzZhN2YxZDJmOTlkZA==`, \
nonce `4427456950`, timestamp `1670305063559` give the signature \
`OTFiZTliNDFiMjNkYTI3YzVhNzg4MDI4ZGU3MWY1ZTA5ZTk1NjVlNGM1YTI1ZjIxY2Y5YTA3ZGY2OGI1MGQ1MQ==`.",
        version = auth.version,
        sign = auth.sign_headers,
    )
}

fn token_description(service: &Service) -> String {
    let token = &service.auth.token;
    let lifetime = token
        .lifetime_seconds
        .map(|s| format!(" It lives {} hours: cache it and share it between calls; an expired token is refused with errcode 1000202001 or gateway code 4011.", s / 3600))
        .unwrap_or_default();
    format!(
        "The token of one account set (产品账套级别的token), sent on business calls with the \
`X-GW-Router-Addr` header (the account set's `domain`). Get it with `{method} {path}` \
(operation `auth_token`), passing the account set's `app_key` and \
`app_signature` = base64 of the lower-case hexadecimal text of \
HMAC-SHA256(key = app_secret, message = app_key).{lifetime}",
        method = token.method.as_str(),
        path = token.path,
    )
}
