//! The values of the data, as the API sends and expects them: exact decimals, China-time dates,
//! encrypted personal fields, and the lenient reading and exact writing of every scalar
//! (`wire`). The generated models are made of these.

pub mod datetime;
pub mod decimal;
pub mod sensitive;
pub mod wire;
