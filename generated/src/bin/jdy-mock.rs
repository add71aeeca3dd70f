//! `jdy-mock`: the mock jdy gateway as a standalone server, so that clients in any language
//! can be tested against it. `jdy mock` (feature `cli`) runs the same server.
//!
//! ```sh
//! cargo run -p jdy --features mock-server --bin jdy-mock -- --listen 127.0.0.1:8787
//! ```

use std::process::ExitCode;

use clap::Parser;

#[path = "jdy/mock_server.rs"]
mod mock_server;

#[derive(Parser)]
#[command(
    name = "jdy-mock",
    version,
    about = "A mock of the jdy (金蝶云星辰) API gateway, driven by the SDK's spec"
)]
struct Args {
    #[command(flatten)]
    server: mock_server::ServerArgs,
}

#[tokio::main]
async fn main() -> ExitCode {
    mock_server::serve("jdy-mock", Args::parse().server).await
}
