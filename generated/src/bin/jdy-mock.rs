//! `jdy-mock`: the mock jdy gateway as a standalone server, so that clients in any language
//! can be tested against it.
//!
//! ```sh
//! cargo run -p jdy --features mock-server --bin jdy-mock -- --listen 127.0.0.1:8787
//! ```

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use jdy::mock::{MockConfig, MockGateway, MockLimits};

#[derive(Parser)]
#[command(
    name = "jdy-mock",
    version,
    about = "A mock of the jdy (金蝶云星辰) API gateway, driven by the SDK's spec"
)]
struct Args {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8787")]
    listen: SocketAddr,
    /// The client_id the mock accepts.
    #[arg(long)]
    client_id: Option<String>,
    /// The client_secret the mock accepts.
    #[arg(long)]
    client_secret: Option<String>,
    /// The app_key of the mock's account set.
    #[arg(long)]
    app_key: Option<String>,
    /// The app_secret of the mock's account set.
    #[arg(long)]
    app_secret: Option<String>,
    /// The account set's domain, expected in X-GW-Router-Addr.
    #[arg(long)]
    domain: Option<String>,
    /// How long an app-token lives, in seconds.
    #[arg(long, default_value_t = 86_400)]
    token_lifetime: u64,
    /// Calls per minute per account set before answering 429.
    #[arg(long, default_value_t = 500)]
    calls_per_minute: u32,
    /// Milliseconds added before every answer.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Share of business calls answered with a transient gateway error (0 to 1).
    #[arg(long, default_value_t = 0.0)]
    transient_rate: f64,
    /// Share of business calls answered with a cut-off body (0 to 1).
    #[arg(long, default_value_t = 0.0)]
    malformed_rate: f64,
    /// Replace the app_secret every this many seconds, as Kingdee does daily; each new secret
    /// is printed.
    #[arg(long)]
    rotate_app_secret_every: Option<u64>,
    /// Records per resource, seeded from the documented examples.
    #[arg(long, default_value_t = 23)]
    records: usize,
    /// Do not print a line per request.
    #[arg(long)]
    quiet: bool,
    /// Seconds a client has to send a request head (and then its body) before it is
    /// disconnected.
    #[arg(long, default_value_t = MockLimits::default().header_read_timeout.as_secs())]
    header_read_timeout: u64,
    /// Seconds a kept-alive connection may wait for its next request.
    #[arg(long, default_value_t = MockLimits::default().idle_timeout.as_secs())]
    idle_timeout: u64,
    /// Connections served at once; more wait to be accepted.
    #[arg(long, default_value_t = MockLimits::default().max_connections)]
    max_connections: usize,
    /// Requests kept in the mock's log (the newest).
    #[arg(long, default_value_t = MockLimits::default().log_capacity)]
    log_capacity: usize,
    /// App-tokens kept (expired ones are forgotten; past this number, the oldest).
    #[arg(long, default_value_t = MockLimits::default().max_tokens)]
    max_tokens: usize,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    for (name, rate) in [
        ("--transient-rate", args.transient_rate),
        ("--malformed-rate", args.malformed_rate),
    ] {
        if !(0.0..=1.0).contains(&rate) {
            eprintln!("jdy-mock: {name} must be between 0 and 1, not {rate}");
            return ExitCode::from(2);
        }
    }
    if args.header_read_timeout == 0 || args.idle_timeout == 0 || args.max_connections == 0 {
        eprintln!(
            "jdy-mock: --header-read-timeout, --idle-timeout and --max-connections must be above 0"
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
        limits: MockLimits {
            header_read_timeout: Duration::from_secs(args.header_read_timeout),
            idle_timeout: Duration::from_secs(args.idle_timeout),
            max_connections: args.max_connections,
            log_capacity: args.log_capacity,
            max_tokens: args.max_tokens,
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
            eprintln!("jdy-mock: cannot listen on {}: {error}", args.listen);
            return ExitCode::FAILURE;
        }
    };
    let endpoints = jdy::mock::endpoints().count();
    println!(
        "jdy-mock listening on {} ({endpoints} endpoints)",
        mock.base_url()
    );
    println!("accepting:\n{printed}");
    let mock = std::sync::Arc::new(mock);
    if let Some(seconds) = args.rotate_app_secret_every.filter(|s| *s > 0) {
        let mock = mock.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(seconds));
            every.tick().await;
            loop {
                every.tick().await;
                let secret = mock.rotate_app_secret();
                println!("jdy-mock: app_secret rotated, now {}", secret.expose());
            }
        });
    }
    if tokio::signal::ctrl_c().await.is_err() {
        eprintln!("jdy-mock: cannot wait for Ctrl-C; stopping");
        return ExitCode::FAILURE;
    }
    println!("jdy-mock: stopped");
    drop(mock);
    ExitCode::SUCCESS
}
