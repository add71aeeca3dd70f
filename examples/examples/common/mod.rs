//! How the examples connect: to the real API when credentials are in the environment, to the
//! built-in mock gateway when none are.

use jdy::mock::MockGateway;
use jdy::{Client, Credentials};

/// A client, and the mock it talks to if it is one.
pub struct Connection {
    pub client: Client,
    /// Held so that the mock keeps running while the client is used.
    _mock: Option<MockGateway>,
}

/// Connects, and says where to in the first line of output.
pub async fn connect() -> Result<Connection, jdy::Error> {
    if Credentials::any_in_env() {
        // Some credentials are set: use the real API, and name any that are missing.
        let credentials = Credentials::from_env()?;
        println!(
            "Using the jdy API at {} for the account set at {}",
            jdy::service::BASE_URL,
            credentials.domain()
        );
        let client = Client::new(credentials)?;
        return Ok(Connection {
            client,
            _mock: None,
        });
    }
    let mock = MockGateway::start()
        .await
        .map_err(|e| jdy::Error::Config(format!("cannot start the mock gateway: {e}")))?;
    let client = mock.client()?;
    println!(
        "No JDY_* credentials in the environment: using the built-in mock gateway at {}",
        mock.base_url()
    );
    Ok(Connection {
        client,
        _mock: Some(mock),
    })
}
