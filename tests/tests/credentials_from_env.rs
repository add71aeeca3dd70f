//! `Credentials::from_env` names exactly the variables that are missing (or empty), so a
//! misconfigured deployment says what to fix in one go.
//!
//! The environment is process-global, so everything runs in one test function, in sequence.

use jdy::{Credentials, Error, ENV_VARS};

const ALL: [(&str, &str); 5] = [
    ("JDY_CLIENT_ID", "client-env"),
    ("JDY_CLIENT_SECRET", "CS-ENV-SECRET"),
    ("JDY_APP_KEY", "app-key-env"),
    ("JDY_APP_SECRET", "AS-ENV-SECRET"),
    ("JDY_DOMAIN", "https://tf.jdy.com"),
];

fn set_all() {
    for (name, value) in ALL {
        std::env::set_var(name, value);
    }
}

/// The message of the `Error::Config` that `from_env` returns.
fn config_error() -> String {
    match Credentials::from_env() {
        Err(Error::Config(message)) => message,
        Err(other) => panic!("expected Error::Config, got {other:?}"),
        Ok(credentials) => panic!("expected an error, got {credentials:?}"),
    }
}

#[test]
fn from_env_names_exactly_the_missing_variables() {
    assert_eq!(ENV_VARS, ALL.map(|(name, _)| name));

    set_all();
    let credentials = Credentials::from_env().expect("all five are set");
    assert_eq!(credentials.client_id(), "client-env");
    assert_eq!(credentials.app_key(), "app-key-env");
    assert_eq!(credentials.domain(), "https://tf.jdy.com");
    let text = format!("{credentials:?}");
    assert!(
        !text.contains("CS-ENV-SECRET") && !text.contains("AS-ENV-SECRET"),
        "{text}"
    );

    // One missing: named alone, singular.
    std::env::remove_var("JDY_APP_SECRET");
    assert_eq!(
        config_error(),
        "missing environment variable: JDY_APP_SECRET"
    );

    // Two missing, one removed and one blank: both named, in ENV_VARS order.
    set_all();
    std::env::remove_var("JDY_DOMAIN");
    std::env::set_var("JDY_CLIENT_ID", "  ");
    assert_eq!(
        config_error(),
        "missing environment variables: JDY_CLIENT_ID, JDY_DOMAIN"
    );

    // Every subset of missing variables: each missing one named, no present one named.
    for mask in 1u32..(1 << ALL.len()) {
        set_all();
        for (i, (name, _)) in ALL.iter().enumerate() {
            if mask & (1 << i) != 0 {
                std::env::remove_var(name);
            }
        }
        let message = config_error();
        for (i, (name, _)) in ALL.iter().enumerate() {
            let missing = mask & (1 << i) != 0;
            assert_eq!(
                message.contains(name),
                missing,
                "mask {mask:05b}: {name} (missing: {missing}) in {message:?}"
            );
        }
        assert!(!message.contains("ENV-SECRET"), "{message}");
    }

    for (name, _) in ALL {
        std::env::remove_var(name);
    }
    assert_eq!(
        config_error(),
        "missing environment variables: JDY_CLIENT_ID, JDY_CLIENT_SECRET, JDY_APP_KEY, \
         JDY_APP_SECRET, JDY_DOMAIN"
    );
}
