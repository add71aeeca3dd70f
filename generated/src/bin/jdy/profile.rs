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

/// A profile read from the file (or the same five values from the environment).
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

/// Reads profile `name` from the file at `path`.
pub fn load(path: &Path, name: &str) -> Result<Profile, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the profile file {}: {e}", path.display()))?;
    warn_if_shared(path);
    parse(&text, name).map_err(|e| format!("{}: {e}", path.display()))
}

/// Profile `name` of a profile file's text.
pub fn parse(text: &str, name: &str) -> Result<Profile, String> {
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
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|key| get(key).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "profile [{name}] does not set {}",
            missing.join(", ")
        ));
    }
    let [client_id, client_secret, app_key, app_secret, domain] =
        REQUIRED.map(|key| get(key).unwrap_or_default());
    Ok(Profile {
        client_id,
        client_secret: client_secret.into(),
        app_key,
        app_secret: app_secret.into(),
        domain,
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
        let profile = parse(FILE, "shop").expect("a complete profile");
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
        let missing = parse(FILE, "test").expect_err("incomplete");
        assert!(
            missing.contains("client_secret, app_key, app_secret, domain"),
            "{missing}"
        );
        assert!(parse(FILE, "nope")
            .expect_err("absent")
            .contains("no profile [nope]"));
        let bad = parse("[shop]\nclient_secret: s3cret\n", "shop").expect_err("bad line");
        assert!(bad.starts_with("line 2:"), "{bad}");
        assert!(!bad.contains("s3cret"), "{bad}");
        let unknown = parse("[shop]\npassword = s3cret\n", "shop").expect_err("unknown");
        assert!(
            unknown.contains("`password`") && !unknown.contains("s3cret"),
            "{unknown}"
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
