//! The account sets of the mock beyond its first (an ISV's fleet), and the pushes Kingdee
//! sends an application when an account set authorises it.

use serde_json::{json, Value};

use super::{MockConfig, Shared};
use crate::{Error, Secret};

/// One account set of the mock's fleet ([`MockConfig::fleet`]).
#[derive(Debug, Clone)]
pub struct FleetAccount {
    pub app_key: String,
    pub app_secret: Secret,
    pub outer_instance_id: String,
}

const APP_KEY: &str = "mock-fleet-key-";
const INSTANCE: &str = "mock-fleet-instance-";

/// Account set `i` of the mock's fleet (it exists when `i < MockConfig::fleet`).
pub fn fleet_account(i: usize) -> FleetAccount {
    FleetAccount {
        app_key: format!("{APP_KEY}{i}"),
        app_secret: Secret::new(format!("mock-fleet-secret-{i}")),
        outer_instance_id: format!("{INSTANCE}{i}"),
    }
}

/// The index of a fleet name (`<prefix><i>`) that the config has.
fn index(config: &MockConfig, name: &str, prefix: &str) -> Option<usize> {
    let digits = name.strip_prefix(prefix)?;
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|i| *i < config.fleet)
}

/// The app_key and app_secret of the account set `app_key`, if the mock has it.
pub(crate) fn account(config: &MockConfig, app_key: &str) -> Option<(String, Secret)> {
    if app_key == config.app_key {
        return Some((config.app_key.clone(), config.app_secret.clone()));
    }
    let account = fleet_account(index(config, app_key, APP_KEY)?);
    Some((account.app_key, account.app_secret))
}

/// The entry of the authorisation answer for `outer_instance_id`, if the mock has it.
pub(crate) fn authorization(config: &MockConfig, outer_instance_id: &str) -> Option<Value> {
    let (app_key, app_secret, name) = if outer_instance_id == config.outer_instance_id {
        (
            config.app_key.clone(),
            config.app_secret.clone(),
            "演示账套".to_string(),
        )
    } else {
        let i = index(config, outer_instance_id, INSTANCE)?;
        let account = fleet_account(i);
        (account.app_key, account.app_secret, format!("账套 {i}"))
    };
    Some(json!({
        "accountId": format!("mock-account-{outer_instance_id}"),
        "accountName": name,
        "agreementCompanyName": "演示公司",
        "appKey": app_key,
        "appSecret": app_secret.expose(),
        "clientId": config.client_id,
        "domain": config.domain,
        "groupName": "mock",
        "outerInstanceId": outer_instance_id,
        "serviceId": "mock-service",
        "status": 1,
    }))
}

/// The body of a push: the authorisation entry as the pull answers it, for an id the mock
/// has; for another, an entry that names it and nothing else.
pub(crate) fn push_body(shared: &Shared, outer_instance_id: &str, now_ms: u64) -> Value {
    let entry = authorization(&shared.config(), outer_instance_id)
        .unwrap_or_else(|| json!({ "outerInstanceId": outer_instance_id }));
    json!({ "bizType": "app_authorize", "timestamp": now_ms, "data": [entry] })
}

pub(crate) async fn send_push(url: &str, body: Value) -> Result<(u16, String), Error> {
    let call = || crate::CallName {
        method: crate::Method::Post,
        path: "push".into(),
    };
    let response = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .map_err(|source| Error::Transport {
            call: call(),
            source: source.without_url(),
        })?;
    let status = response.status().as_u16();
    let text = response.text().await.map_err(|source| Error::Transport {
        call: call(),
        source: source.without_url(),
    })?;
    Ok((status, text))
}
