//! Placeholder, replaced by the push router tests.
