//! Which gateway a command talks to, with which credentials: a profile, the environment, or,
//! with neither, a mock gateway started in this process.

use jdy::mock::{MockConfig, MockGateway};
use jdy::{Client, Credentials};

use crate::failure::Failure;
use crate::profile::{self, Profile, Settings};

/// Where the credentials come from, as chosen on the command line.
pub struct Choice<'a> {
    /// `--profile NAME`.
    pub profile: Option<&'a str>,
    /// `--base-url URL`: overrides the profile's and the default.
    pub base_url: Option<&'a str>,
}

/// A client, and the mock it calls if one was started: the mock lives as long as this does.
pub struct Connection {
    pub client: Client,
    _mock: Option<MockGateway>,
}

/// The settings of `choice`: the profile named, else the `JDY_*` variables if any is set.
/// `None` when neither is there. What a command needs of them, it asks with
/// [`Settings::require`].
pub fn settings(choice: &Choice<'_>) -> Result<Option<Settings>, Failure> {
    let mut found = if let Some(name) = choice.profile {
        let path = profile::file_path(|name| std::env::var(name).ok()).ok_or_else(|| {
            Failure::Credentials(
                "cannot find the profile file: set JDY_PROFILES, XDG_CONFIG_HOME or HOME".into(),
            )
        })?;
        profile::load(&path, name).map_err(Failure::Credentials)?
    } else if Credentials::any_in_env() {
        Settings::from_env(|name| std::env::var(name).ok())
    } else {
        return Ok(None);
    };
    if let Some(base_url) = choice.base_url {
        found.base_url = Some(base_url.to_owned());
    }
    Ok(Some(found))
}

/// The complete credentials of `choice` (see [`settings`]); an error names every value
/// missing.
pub fn find(choice: &Choice<'_>) -> Result<Option<Profile>, Failure> {
    settings(choice)?
        .map(|found| found.complete().map_err(Failure::Credentials))
        .transpose()
}

/// The built-in mock's own demo credentials, when none are given.
pub fn mock_profile() -> Profile {
    let config = MockConfig::default();
    Profile {
        client_id: config.client_id,
        client_secret: config.client_secret,
        app_key: config.app_key,
        app_secret: config.app_secret,
        domain: config.domain,
        base_url: None,
    }
}

/// What to say on standard error when no credentials are given.
pub fn no_credentials_note(what: &str) -> String {
    format!(
        "jdy: no credentials (neither --profile nor the {} variables): {what}",
        jdy::ENV_VARS.join("/")
    )
}

/// A client for `choice`, starting the built-in mock (and saying so on standard error) when
/// no credentials are given.
pub async fn connect(choice: &Choice<'_>) -> Result<Connection, Failure> {
    if let Some(found) = find(choice)? {
        let mut builder = Client::builder(found.credentials());
        if let Some(base_url) = found.base_url {
            builder = builder.base_url(base_url);
        }
        let client = builder
            .build()
            .map_err(|e| Failure::Credentials(e.to_string()))?;
        return Ok(Connection {
            client,
            _mock: None,
        });
    }
    if let Some(base_url) = choice.base_url {
        return Err(Failure::Credentials(format!(
            "--base-url {base_url} needs credentials: --profile NAME or the {} variables",
            jdy::ENV_VARS.join("/")
        )));
    }
    let mock = MockGateway::start()
        .await
        .map_err(|e| Failure::Other(format!("cannot start the built-in mock gateway: {e}")))?;
    eprintln!(
        "{}",
        no_credentials_note(&format!(
            "calling the built-in mock gateway at {}",
            mock.base_url()
        ))
    );
    let client = mock.client()?;
    Ok(Connection {
        client,
        _mock: Some(mock),
    })
}
