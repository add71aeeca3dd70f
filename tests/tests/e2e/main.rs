//! The end-to-end tests of the SDK over real HTTP, in one test binary: against the mock
//! gateway, a recording server, a switchable proxy, raw requests.
//!
//! One binary rather than one per file, because each links the whole SDK: a binary per file
//! spent most of the suite's time linking. What cannot share a process has its own binary
//! beside this one: `credentials_from_env` (it changes the environment), `soak` (a load test
//! that must not compete with the others for the mock), `spec_edit` (it runs cargo), and the
//! tests of the optional features (`redis_fleet`, `push`), and `robustness`, whose campaigns
//! run in child processes of their own.

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
mod tracing_logs;
mod typed_values;
mod uploads;
