//! Credentials kept in a profile file, so that they need not be exported in every shell.
//!
//! The file is `$JDY_PROFILES`, else `$XDG_CONFIG_HOME/jdy/profiles`, else
//! `~/.config/jdy/profiles`: sections of `key = value` lines, one section per account set.
//!
//! ```text
//! # Lines starting with # are comments.
//! [shop]
//! client_id = 123456
//! client_secret = ...
//! app_key = ...
//! app_secret = ...
//! domain = https://tf.jdy.com
//! # Optional: another gateway (a mock) instead of https://api.kingdee.com.
//! base_url = http://127.0.0.1:8787
//! ```
//!
//! Values are never printed: errors name the file, the line and the key only.

use std::path::{Path, PathBuf};

use jdy::{Credentials, Secret};

/// The keys a profile must set, in the order of [`Credentials::new`].
const REQUIRED: [&str; 5] = [
    "client_id",
    "client_secret",
    "app_key",
    "app_secret",
    "domain",
];

/// The keys a profile may set besides [`REQUIRED`].
const OPTIONAL: [&str; 1] = ["base_url"];

/// A complete profile: the five values of the file or the environment, all set.
#[derive(Debug)]
pub struct Profile {
    pub client_id: String,
    pub client_secret: Secret,
    pub app_key: String,
    pub app_secret: Secret,
    pub domain: String,
    pub base_url: Option<String>,
}

impl Profile {
    pub fn credentials(&self) -> Credentials {
        Credentials::new(
            self.client_id.clone(),
            self.client_secret.clone(),
            self.app_key.clone(),
            self.app_secret.clone(),
            self.domain.clone(),
        )
    }
}

/// What a profile section or the environment sets, before asking for what a command needs:
/// a call needs all five values, a signature only the client_secret.
pub struct Settings {
    source: Source,
    /// In the order of [`REQUIRED`]; secrets included, so no `Debug`.
    values: [Option<String>; 5],
    pub base_url: Option<String>,
}

/// Where settings come from, to name a missing value as its source names it.
enum Source {
    /// A section of a profile file (`file` is empty for text not read from a file).
    Profile { file: String, name: String },
    /// The `JDY_*` variables.
    Environment,
}

impl Settings {
    /// The `JDY_*` variables, as `var` reads them; an empty value is a missing one.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Settings {
        Settings {
            source: Source::Environment,
            values: jdy::ENV_VARS.map(|name| var(name).filter(|v| !v.trim().is_empty())),
            base_url: None,
        }
    }

    /// All five values, or an error naming every one missing.
    pub fn complete(self) -> Result<Profile, String> {
        self.require(&REQUIRED)
    }

    /// A profile with at least the `needed` keys set (the others are empty), or an error
    /// naming every needed key that is missing, as the source names it (`app_key` in a
    /// profile, `JDY_APP_KEY` in the environment). Never a value.
    pub fn require(self, needed: &[&str]) -> Result<Profile, String> {
        let missing: Vec<String> = REQUIRED
            .iter()
            .zip(&self.values)
            .filter(|(key, value)| needed.contains(key) && value.is_none())
            .map(|(key, _)| self.source.name_of(key))
            .collect();
        if !missing.is_empty() {
            return Err(self.source.missing(&missing));
        }
        let [client_id, client_secret, app_key, app_secret, domain] =
            self.values.map(Option::unwrap_or_default);
        Ok(Profile {
            client_id,
            client_secret: client_secret.into(),
            app_key,
            app_secret: app_secret.into(),
            domain,
            base_url: self.base_url,
        })
    }
}

impl Source {
    fn name_of(&self, key: &str) -> String {
        match self {
            Source::Profile { .. } => key.to_owned(),
            Source::Environment => format!("JDY_{}", key.to_ascii_uppercase()),
        }
    }

    fn missing(&self, names: &[String]) -> String {
        match self {
            Source::Profile { file, name } if file.is_empty() => {
                format!("profile [{name}] does not set {}", names.join(", "))
            }
            Source::Profile { file, name } => {
                format!("{file}: profile [{name}] does not set {}", names.join(", "))
            }
            Source::Environment => format!(
                "missing environment variable{}: {}",
                if names.len() == 1 { "" } else { "s" },
                names.join(", ")
            ),
        }
    }
}

/// Where profiles are read from, given the environment.
pub fn file_path(var: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    if let Some(path) = var("JDY_PROFILES").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let config = var("XDG_CONFIG_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            var("HOME")
                .filter(|p| !p.is_empty())
                .map(|home| Path::new(&home).join(".config"))
        })?;
    Some(config.join("jdy").join("profiles"))
}

/// Reads the settings of profile `name` from the file at `path`.
pub fn load(path: &Path, name: &str) -> Result<Settings, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the profile file {}: {e}", path.display()))?;
    warn_if_shared(path);
    let mut settings = parse(&text, name).map_err(|e| format!("{}: {e}", path.display()))?;
    if let Source::Profile { file, .. } = &mut settings.source {
        *file = path.display().to_string();
    }
    Ok(settings)
}

/// The settings of profile `name` in a profile file's text.
pub fn parse(text: &str, name: &str) -> Result<Settings, String> {
    let mut section: Option<&str> = None;
    let mut found = false;
    let mut values: Vec<(&str, &str)> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        let number = index + 1;
        if let Some(header) = line.strip_prefix('[') {
            let header = header
                .strip_suffix(']')
                .ok_or_else(|| format!("line {number}: a section header ends with `]`"))?;
            section = Some(header.trim());
            found |= header.trim() == name;
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .ok_or_else(|| format!("line {number}: expected `key = value` or `[profile]`"))?;
        let key = key.trim();
        if section != Some(name) {
            continue;
        }
        if !REQUIRED.contains(&key) && !OPTIONAL.contains(&key) {
            return Err(format!(
                "line {number}: unknown key `{key}` (expected one of {}, {})",
                REQUIRED.join(", "),
                OPTIONAL.join(", ")
            ));
        }
        values.retain(|(k, _)| *k != key);
        values.push((key, unquote(value.trim())));
    }
    if !found {
        return Err(format!("no profile [{name}]"));
    }
    let get = |key: &str| {
        values
            .iter()
            .find(|(k, v)| *k == key && !v.is_empty())
            .map(|(_, v)| v.to_string())
    };
    Ok(Settings {
        source: Source::Profile {
            file: String::new(),
            name: name.to_owned(),
        },
        values: REQUIRED.map(get),
        base_url: get("base_url"),
    })
}

/// The file holds secrets: say so when others may read it (as ssh does of a key).
#[cfg(unix)]
fn warn_if_shared(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(metadata) = std::fs::metadata(path) {
        if metadata.permissions().mode() & 0o077 != 0 {
            eprintln!(
                "jdy: warning: {} holds secrets but others may read it (chmod 600 it)",
                path.display()
            );
        }
    }
}

#[cfg(not(unix))]
fn warn_if_shared(_path: &Path) {}

/// A value may be quoted, to keep spaces at its ends.
fn unquote(value: &str) -> &str {
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
# two account sets
[shop]
client_id = cid
client_secret = \"s3cret-client\"
app_key = key
app_secret = s3cret-app
domain = https://tf.jdy.com

[test]
client_id = other
";

    #[test]
    fn a_profile_is_read_from_its_section_only() {
        let profile = parse(FILE, "shop")
            .and_then(Settings::complete)
            .expect("a complete profile");
        assert_eq!(profile.client_id, "cid");
        assert_eq!(profile.client_secret.expose(), "s3cret-client");
        assert_eq!(profile.credentials().domain(), "https://tf.jdy.com");
        assert_eq!(profile.base_url, None);
        // Debug shows no secret.
        let debug = format!("{profile:?}");
        assert!(!debug.contains("s3cret"), "{debug}");
    }

    #[test]
    fn errors_name_what_is_wrong_but_never_a_value() {
        let missing = parse(FILE, "test")
            .and_then(Settings::complete)
            .expect_err("incomplete");
        assert_eq!(
            missing,
            "profile [test] does not set client_secret, app_key, app_secret, domain"
        );
        assert!(parse(FILE, "nope")
            .err()
            .expect("absent")
            .contains("no profile [nope]"));
        let bad = parse("[shop]\nclient_secret: s3cret\n", "shop")
            .err()
            .expect("bad line");
        assert!(bad.starts_with("line 2:"), "{bad}");
        assert!(!bad.contains("s3cret"), "{bad}");
        let unknown = parse("[shop]\npassword = s3cret\n", "shop")
            .err()
            .expect("unknown");
        assert!(
            unknown.contains("`password`") && !unknown.contains("s3cret"),
            "{unknown}"
        );
    }

    #[test]
    fn a_command_may_need_fewer_values_and_the_environment_names_its_variables() {
        let signing = parse("[sign]\nclient_secret = s3cret\n", "sign")
            .and_then(|settings| settings.require(&["client_secret"]))
            .expect("enough to sign");
        assert_eq!(signing.client_secret.expose(), "s3cret");
        assert_eq!(signing.client_id, "");
        let env =
            Settings::from_env(|name| (name == "JDY_CLIENT_SECRET").then(|| "s3cret".to_owned()));
        let token = env
            .require(&["client_secret", "app_key", "app_secret"])
            .expect_err("no app_key");
        assert_eq!(
            token,
            "missing environment variables: JDY_APP_KEY, JDY_APP_SECRET"
        );
        let blank = Settings::from_env(|_| Some(" ".to_owned()))
            .complete()
            .expect_err("blank values");
        assert!(
            blank.starts_with("missing environment variables: JDY_CLIENT_ID, "),
            "{blank}"
        );
    }

    #[test]
    fn the_file_is_found_by_variable_then_config_folder_then_home() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            file_path(env(&[("JDY_PROFILES", "/p"), ("HOME", "/h")])),
            Some(PathBuf::from("/p"))
        );
        assert_eq!(
            file_path(env(&[("XDG_CONFIG_HOME", "/x"), ("HOME", "/h")])),
            Some(PathBuf::from("/x/jdy/profiles"))
        );
        assert_eq!(
            file_path(env(&[("HOME", "/h")])),
            Some(PathBuf::from("/h/.config/jdy/profiles"))
        );
        assert_eq!(file_path(env(&[])), None);
    }
}
