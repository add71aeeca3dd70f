//! The two endpoints of `service.yaml`'s `auth`, which the resource files do not describe: the
//! token of an account set, and the pull of the authorisations of the application. Their
//! shapes are the gateway's, the same for every account set.

use super::json::{Json, Object};
use super::names::schema_ref;
use super::operations::responses;
use super::security;
use crate::spec::{EnvelopeKind, Method, Service};

/// The schema of the token answer.
const APP_TOKEN: &str = "jdy.AppToken";
/// The schema of one authorisation.
const AUTHORIZATION: &str = "jdy.Authorization";

/// The operations, each with its path and method.
pub fn operations(service: &Service) -> Vec<(String, Method, Object)> {
    let auth = &service.auth;
    let text = || Object::new().with("type", "string");
    let query = |name: &str, required: bool, description: &str| {
        Object::new()
            .with("name", name)
            .with("in", "query")
            .with("required", required)
            .with("description", description)
            .with("schema", text())
    };
    let with_query = |mut refs: Vec<Json>, query: Vec<Object>| {
        refs.extend(query.into_iter().map(Into::into));
        refs
    };

    let token = Object::new()
        .with("tags", vec!["auth"])
        .with("summary", "获取app-token")
        .with(
            "description",
            "The token of an account set, for the `app-token` header of business calls. Signed like any call, without an `app-token`.",
        )
        .with("operationId", "auth_token")
        .with(
            "parameters",
            with_query(
                security::header_refs(service, false),
                vec![
                    query("app_key", true, "The account set's app_key."),
                    query(
                        "app_signature",
                        true,
                        "base64 of the lower-case hexadecimal text of HMAC-SHA256(key = app_secret, message = app_key).",
                    ),
                    query(
                        "uid",
                        false,
                        "A cloud user: the token acts as this user instead of the administrator who authorised the application.",
                    ),
                ],
            ),
        )
        .with(
            "responses",
            responses(
                service,
                EnvelopeKind::Standard,
                Object::new().with("$ref", schema_ref(APP_TOKEN)),
                None,
            ),
        )
        .with("security", security::requirement(service, false));

    let authorize = Object::new()
        .with("tags", vec!["auth"])
        .with("summary", "获取授权信息")
        .with(
            "description",
            "The account sets that authorised the application (pull). Pick the entry whose `status` is 1. This endpoint has been seen answering `code: 200` instead of `errcode: 0`.",
        )
        .with("operationId", "auth_authorize")
        .with(
            "parameters",
            with_query(
                security::header_refs(service, false),
                vec![query(
                    "outerInstanceId",
                    true,
                    "The instance of the application in the marketplace.",
                )],
            ),
        )
        .with_opt(
            "requestBody",
            (auth.authorize.method != Method::Get).then(|| Object::new().with("required", true).with(
                "content",
                Object::new().with(
                    "application/json",
                    Object::new()
                        .with("schema", Object::new().with("type", "object"))
                        .with("example", Object::new()),
                ),
            )),
        )
        .with(
            "responses",
            responses(
                service,
                EnvelopeKind::Standard,
                Object::new()
                    .with("type", "array")
                    .with("items", Object::new().with("$ref", schema_ref(AUTHORIZATION))),
                None,
            ),
        )
        .with("security", security::requirement(service, false));

    vec![
        (auth.token.path.clone(), auth.token.method, token),
        (
            auth.authorize.path.clone(),
            auth.authorize.method,
            authorize,
        ),
    ]
}

/// The schemas the two operations answer.
pub fn schemas(out: &mut Object) {
    let text = |description: &str| {
        Object::new()
            .with("type", "string")
            .with("description", description)
    };
    out.insert(
        APP_TOKEN,
        Object::new().with("type", "object").with(
            "properties",
            Object::new()
                .with(
                    "uid",
                    Object::new()
                        .with("type", "integer")
                        .with("format", "int64")
                        .with("description", "The user the token acts as."),
                )
                .with(
                    "app-token",
                    text("The token (some answers name it `app_token`)."),
                ),
        ),
    );
    let mut fields = Object::new();
    for (name, description) in [
        ("accountId", "The account set's id."),
        ("accountName", "The account set's name."),
        ("agreementCompanyName", "The company of the agreement."),
        ("appKey", "The account set's app_key."),
        ("appSecret", "The account set's app_secret: a secret."),
        ("clientId", "The application's client_id."),
        (
            "domain",
            "The account set's data centre, for the `X-GW-Router-Addr` header.",
        ),
        ("groupName", "The group of the account set."),
        (
            "outerInstanceId",
            "The instance of the application in the marketplace.",
        ),
        ("serviceId", "The service."),
    ] {
        fields.insert(name, text(description));
    }
    fields.insert(
        "status",
        Object::new()
            .with("type", "integer")
            .with("description", "1: the authorisation in force."),
    );
    out.insert(
        AUTHORIZATION,
        Object::new()
            .with("type", "object")
            .with(
                "description",
                "An account set that authorised the application.",
            )
            .with("properties", fields),
    );
}
