//! `jdy`: the 金蝶云星辰 (jdy) Open API from the command line. Lists and describes the
//! endpoints of the spec, calls any of them through the SDK's runtime (signed, rate limited,
//! retried, paged), shows each stage of a signature, and runs the mock gateway.
//!
//! ```sh
//! cargo run -p jdy --features cli --bin jdy -- call bd.customer_list --all --output jsonl
//! ```

mod call;
mod catalog;
mod connection;
mod describe;
mod failure;
mod mock_server;
mod output;
mod profile;
mod sign;

use std::io::{self, Read, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use jdy::Method;

use crate::connection::Choice;
use crate::failure::{Failure, EXIT_CODES};
use crate::output::Format;

#[derive(Parser)]
#[command(
    name = "jdy",
    version,
    about = "The 金蝶云星辰 (jdy) Open API from the command line",
    after_help = EXIT_CODES,
    long_about = "The 金蝶云星辰 (jdy) Open API from the command line.\n\n\
        Credentials come from --profile NAME (a section of $JDY_PROFILES, else \
        $XDG_CONFIG_HOME/jdy/profiles, else ~/.config/jdy/profiles), else from the \
        JDY_CLIENT_ID, JDY_CLIENT_SECRET, JDY_APP_KEY, JDY_APP_SECRET and JDY_DOMAIN \
        variables. With neither, `call` starts the built-in mock gateway and calls it, and \
        `sign` signs with the mock's demo credentials; both say so on standard error. \
        `sign` needs only the client_secret (`sign token` also the app_key and app_secret). \
        Secrets are never printed."
)]
struct Cli {
    /// Read the credentials from this profile of the profile file.
    #[arg(long, global = true, value_name = "NAME")]
    profile: Option<String>,
    /// Call this gateway instead of https://api.kingdee.com (or the profile's base_url).
    #[arg(long, global = true, value_name = "URL")]
    base_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the endpoints (name, method, path, title), or those whose name, path or title
    /// contains FILTER.
    Endpoints { filter: Option<String> },
    /// Show an endpoint's query parameters, body and answer: field names, types, whether
    /// required, descriptions, and the values of enumerations with their meanings.
    Describe {
        /// The endpoint's name, as `jdy endpoints` lists it (`bd.customer_list`).
        endpoint: String,
    },
    /// Call an endpoint and print the `data` of its answer.
    Call(CallArgs),
    /// Print each stage of signing a request (string to sign, HMAC hex, signature, headers),
    /// to debug a 4008 (X-Api-Signature invalid).
    Sign(SignArgs),
    /// Run the mock gateway (the same server as `jdy-mock`).
    Mock(mock_server::ServerArgs),
    /// Print a shell completion script: `jdy completions bash > /etc/bash_completion.d/jdy`.
    Completions { shell: clap_complete::Shell },
}

#[derive(clap::Args)]
struct CallArgs {
    /// The endpoint's name (`bd.customer_list`), or a path (`/jdy/v2/...`) with --method.
    endpoint: String,
    /// A query parameter, as KEY=VALUE; repeat for more.
    #[arg(long, short, value_name = "KEY=VALUE")]
    query: Vec<String>,
    /// The JSON body, as text, or @FILE to read it from a file (@- from standard input).
    #[arg(long, short, value_name = "JSON|@FILE")]
    body: Option<String>,
    /// Walk every page of a paged list, from the query's `page` (or 1) to the last.
    #[arg(long)]
    all: bool,
    /// How to print the answer.
    #[arg(long, short, value_enum, default_value_t = Format::Json)]
    output: Format,
    /// The HTTP method of a path (GET, POST or DELETE; default GET).
    #[arg(long, value_parser = call::method_arg)]
    method: Option<Method>,
    /// Print no progress on standard error.
    #[arg(long)]
    quiet: bool,
}

#[derive(clap::Args)]
struct SignArgs {
    /// An endpoint's name, a path (`/jdy/v2/...`), or `token` for the app-token request of
    /// the credentials' account set (its app_signature is shown too).
    target: String,
    /// A query parameter, as KEY=VALUE (unencoded); repeat for more.
    #[arg(long, short, value_name = "KEY=VALUE")]
    query: Vec<String>,
    /// The HTTP method of a path (default GET).
    #[arg(long, value_parser = call::method_arg)]
    method: Option<Method>,
    /// The X-Api-Nonce to sign with (default: 10 random digits).
    #[arg(long)]
    nonce: Option<String>,
    /// The X-Api-TimeStamp to sign with, in milliseconds (default: now).
    #[arg(long)]
    timestamp: Option<String>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let choice = Choice {
        profile: cli.profile.as_deref(),
        base_url: cli.base_url.as_deref(),
    };
    let result = match cli.command {
        Command::Endpoints { filter } => endpoints(filter.as_deref()),
        Command::Describe { endpoint } => describe(&endpoint),
        Command::Call(args) => run_call(&choice, args).await,
        Command::Sign(args) => run_sign(&choice, args),
        Command::Mock(args) => return mock_server::serve("jdy mock", args).await,
        Command::Completions { shell } => completions(shell),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !matches!(failure, Failure::OutputClosed) {
                eprintln!("jdy: {failure}");
            }
            failure.exit_code()
        }
    }
}

fn endpoints(filter: Option<&str>) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    let count = describe::list(&mut out, filter)?;
    out.flush()?;
    if count == 0 {
        return Err(Failure::Usage(format!(
            "no endpoint matches `{}`",
            filter.unwrap_or_default()
        )));
    }
    Ok(())
}

fn describe(name: &str) -> Result<(), Failure> {
    let endpoint = call::find(name)?;
    let mut out = io::stdout().lock();
    describe::describe(&mut out, endpoint)?;
    out.flush()?;
    Ok(())
}

async fn run_call(choice: &Choice<'_>, args: CallArgs) -> Result<(), Failure> {
    let body = args.body.map(read_body).transpose()?;
    let request = call::Request::new(&args.endpoint, args.method, &args.query, body)?;
    let connection = connection::connect(choice).await?;
    if args.all {
        call::all(&connection.client, request, args.output, args.quiet).await
    } else {
        call::once(&connection.client, &request, args.output).await
    }
}

/// The body given as text, or as `@FILE` (`@-`: standard input).
fn read_body(text: String) -> Result<String, Failure> {
    let Some(path) = text.strip_prefix('@') else {
        return Ok(text);
    };
    let mut body = String::new();
    let read = if path == "-" {
        io::stdin().read_to_string(&mut body).map(drop)
    } else {
        std::fs::read_to_string(path).map(|text| body = text)
    };
    read.map_err(|e| Failure::Usage(format!("cannot read the body from {path}: {e}")))?;
    Ok(body)
}

fn run_sign(choice: &Choice<'_>, args: SignArgs) -> Result<(), Failure> {
    // A signature needs the client_secret alone (the client_id and domain only fill in
    // headers); the token request's app_signature also needs the app_key and app_secret.
    let needed: &[&str] = if args.target == "token" {
        &["client_secret", "app_key", "app_secret"]
    } else {
        &["client_secret"]
    };
    let profile = match connection::settings(choice)? {
        Some(settings) => settings.require(needed).map_err(Failure::Credentials)?,
        None => {
            eprintln!(
                "{}",
                connection::no_credentials_note(
                    "signing with the built-in mock's demo credentials"
                )
            );
            connection::mock_profile()
        }
    };
    let mut out = io::stdout().lock();
    let mut query: Vec<(String, String)> = Vec::new();
    let (method, path) = match args.target.as_str() {
        "token" => {
            let app_signature =
                sign::write_app_signature(&mut out, &profile.app_key, &profile.app_secret)?;
            query.push(("app_key".into(), profile.app_key.clone()));
            query.push(("app_signature".into(), app_signature));
            (Method::Get, jdy::service::TOKEN_PATH.to_owned())
        }
        path if path.starts_with('/') => (args.method.unwrap_or(Method::Get), path.to_owned()),
        name => {
            let request = call::Request::new(name, args.method, &[], None)?;
            (request.method, request.path.into_owned())
        }
    };
    for pair in &args.query {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| Failure::Usage(format!("--query {pair}: expected key=value")))?;
        query.push((key.to_owned(), value.to_owned()));
    }
    let request = sign::SignRequest {
        method,
        path,
        query,
        nonce: args.nonce.unwrap_or_else(sign::random_nonce),
        timestamp: args.timestamp.unwrap_or_else(sign::now_ms),
    };
    let signer = sign::Signer {
        client_id: Some(profile.client_id.clone()).filter(|id| !id.is_empty()),
        client_secret: profile.client_secret.clone(),
        domain: Some(profile.domain.clone()).filter(|d| !d.is_empty()),
    };
    sign::write_stages(&mut out, &request, &signer)?;
    out.flush()?;
    Ok(())
}

fn completions(shell: clap_complete::Shell) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    clap_complete::generate(shell, &mut Cli::command(), "jdy", &mut out);
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
