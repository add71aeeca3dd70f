//! Every documented example of the spec decodes into the generated types, and keeps every
//! documented field: a test per answer and per request body, generated from the spec
//! (`documented_examples.rs` in the build's output folder). Each answer is also decoded as
//! gateways are seen to vary it: numbers as strings, numeric strings as numbers, booleans as
//! 1 and 0.
//!
//! Needs the `serialize-answers` feature, to write the decoded answers back; a module's tests
//! run with its feature.

mod examples;

// The generated tests name the SDK's types as the generated library does, from its root.
#[allow(unused_imports)]
use jdy::{shared, Date, DateTime, Decimal, Page, Sensitive, Timestamp};

include!(concat!(env!("OUT_DIR"), "/documented_examples.rs"));
