//! The end-to-end tests of the SDK over real HTTP, in one test binary: against the mock
//! gateway, a recording server, a switchable proxy, raw requests.
//!
//! One binary rather than one per file, because each links the whole SDK: a binary per file
//! spent most of the suite's time linking. What cannot share a process has its own binary
//! beside this one:
//! - `credentials_from_env`: it changes the environment;
//! - `tracing_logs`: tracing's callsites are process-wide, and a test without a subscriber can
//!   leave one switched off for a test that has one;
//! - `soak`: a load test that must not compete with the others for the machine;
//! - `spec_edit`: it runs cargo;
//! - `robustness`: its campaigns run in child processes of their own;
//! - `redis_fleet` and `push`: they test optional features.

mod clock_skew;
mod errors;
mod mock_connections;
mod mock_customers;
mod mock_every_endpoint;
mod mock_gateway_checks;
mod mock_lifecycle;
mod mock_limits_and_faults;
mod mock_log;
mod mock_tokens_and_auth;
mod no_secret_leaks;
mod paging;
mod rate_limit;
mod retries;
mod sensitive_fields;
mod signing_on_the_wire;
mod sync;
mod token_and_secret_refresh;
mod token_cache;
mod typed_values;
mod uploads;
