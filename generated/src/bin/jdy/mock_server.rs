//! The mock gateway as a standalone server: its options and its run loop, shared by the
//! `jdy-mock` binary and `jdy mock`.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use jdy::mock::{MockConfig, MockGateway, MockLimits};

/// How the mock server listens and behaves.
#[derive(Debug, clap::Args)]
pub struct ServerArgs {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,
    /// The client_id the mock accepts.
    #[arg(long)]
    pub client_id: Option<String>,
    /// The client_secret the mock accepts.
    #[arg(long)]
    pub client_secret: Option<String>,
    /// The app_key of the mock's account set.
    #[arg(long)]
    pub app_key: Option<String>,
    /// The app_secret of the mock's account set.
    #[arg(long)]
    pub app_secret: Option<String>,
    /// The account set's domain, expected in X-GW-Router-Addr.
    #[arg(long)]
    pub domain: Option<String>,
    /// How long an app-token lives, in seconds.
    #[arg(long, default_value_t = 86_400)]
    pub token_lifetime: u64,
    /// Calls per minute per account set before answering 429.
    #[arg(long, default_value_t = 500)]
    pub calls_per_minute: u32,
    /// Milliseconds added before every answer.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Share of business calls answered with a transient gateway error (0 to 1).
    #[arg(long, default_value_t = 0.0)]
    pub transient_rate: f64,
    /// Share of business calls answered with a cut-off body (0 to 1).
    #[arg(long, default_value_t = 0.0)]
    pub malformed_rate: f64,
    /// Replace the app_secret every this many seconds, as Kingdee does daily; each new secret
    /// is printed.
    #[arg(long)]
    pub rotate_app_secret_every: Option<u64>,
    /// Records per resource, seeded from the documented examples.
    #[arg(long, default_value_t = 23)]
    pub records: usize,
    /// Do not print a line per request.
    #[arg(long)]
    pub quiet: bool,
    /// Answer a refused signature (4008) with the string the mock signed, to compare with
    /// the client's (the app_signature of a token request stays masked).
    #[arg(long)]
    pub explain_signatures: bool,
    /// Seconds a client has to send a request head (and then its body) before it is
    /// disconnected.
    #[arg(long, default_value_t = MockLimits::default().header_read_timeout.as_secs())]
    pub header_read_timeout: u64,
    /// Seconds a kept-alive connection may wait for its next request.
    #[arg(long, default_value_t = MockLimits::default().idle_timeout.as_secs())]
    pub idle_timeout: u64,
    /// Connections served at once; more wait to be accepted.
    #[arg(long, default_value_t = MockLimits::default().max_connections)]
    pub max_connections: usize,
    /// Requests kept in the mock's log (the newest).
    #[arg(long, default_value_t = MockLimits::default().log_capacity)]
    pub log_capacity: usize,
    /// App-tokens kept (expired ones are forgotten; past this number, the oldest).
    #[arg(long, default_value_t = MockLimits::default().max_tokens)]
    pub max_tokens: usize,
    /// Bytes of JSON that saves may add to the seeded records; a save past it is refused.
    #[arg(long, default_value_t = MockLimits::default().max_saved_bytes)]
    pub max_saved_bytes: usize,
}

/// Runs the server until Ctrl-C. `program` names the command in messages.
pub async fn serve(program: &str, args: ServerArgs) -> ExitCode {
    for (name, rate) in [
        ("--transient-rate", args.transient_rate),
        ("--malformed-rate", args.malformed_rate),
    ] {
        if !(0.0..=1.0).contains(&rate) {
            eprintln!("{program}: {name} must be between 0 and 1, not {rate}");
            return ExitCode::from(2);
        }
    }
    if args.header_read_timeout == 0 || args.idle_timeout == 0 || args.max_connections == 0 {
        eprintln!(
            "{program}: --header-read-timeout, --idle-timeout and --max-connections must be above 0"
        );
        return ExitCode::from(2);
    }
    let defaults = MockConfig::default();
    let config = MockConfig {
        client_id: args.client_id.unwrap_or(defaults.client_id),
        client_secret: args
            .client_secret
            .map(Into::into)
            .unwrap_or(defaults.client_secret),
        app_key: args.app_key.unwrap_or(defaults.app_key),
        app_secret: args
            .app_secret
            .map(Into::into)
            .unwrap_or(defaults.app_secret),
        domain: args.domain.unwrap_or(defaults.domain),
        token_lifetime: Duration::from_secs(args.token_lifetime),
        calls_per_minute: args.calls_per_minute,
        latency: Duration::from_millis(args.latency_ms),
        transient_rate: args.transient_rate,
        malformed_rate: args.malformed_rate,
        records_per_resource: args.records,
        log_to_stderr: !args.quiet,
        explain_signatures: args.explain_signatures,
        limits: MockLimits {
            header_read_timeout: Duration::from_secs(args.header_read_timeout),
            idle_timeout: Duration::from_secs(args.idle_timeout),
            max_connections: args.max_connections,
            log_capacity: args.log_capacity,
            max_tokens: args.max_tokens,
            max_saved_bytes: args.max_saved_bytes,
        },
        ..defaults
    };
    // Printed in full on purpose: these are the mock's own demo credentials, which a client
    // under test needs.
    let printed = format!(
        "  client_id     {}\n  client_secret {}\n  app_key       {}\n  app_secret    {}\n  domain        {}",
        config.client_id,
        config.client_secret.expose(),
        config.app_key,
        config.app_secret.expose(),
        config.domain
    );
    let mock = match MockGateway::bind(args.listen, config).await {
        Ok(mock) => mock,
        Err(error) => {
            eprintln!("{program}: cannot listen on {}: {error}", args.listen);
            return ExitCode::FAILURE;
        }
    };
    let endpoints = jdy::mock::endpoints().count();
    println!(
        "{program} listening on {} ({endpoints} endpoints)",
        mock.base_url()
    );
    println!("accepting:\n{printed}");
    let mock = Arc::new(mock);
    if let Some(seconds) = args.rotate_app_secret_every.filter(|s| *s > 0) {
        let mock = mock.clone();
        let program = program.to_owned();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(seconds));
            every.tick().await;
            loop {
                every.tick().await;
                let secret = mock.rotate_app_secret();
                println!("{program}: app_secret rotated, now {}", secret.expose());
            }
        });
    }
    if tokio::signal::ctrl_c().await.is_err() {
        eprintln!("{program}: cannot wait for Ctrl-C; stopping");
        return ExitCode::FAILURE;
    }
    println!("{program}: stopped");
    drop(mock);
    ExitCode::SUCCESS
}
