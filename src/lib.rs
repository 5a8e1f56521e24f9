//! quotakit: no networking, no clock, no random numbers; the host does `fetch`.
//!
//! quotakit builds signed requests for Chinese cloud marketplaces and SaaS platforms and
//! validates their responses into typed models. It is sans-IO: a builder turns typed input
//! and an explicit `now` into an [`HttpRequest`]; the host sends it however it likes and
//! hands back a [`RawResponse`]; a validator turns that into a typed model or an [`Error`]
//! that names the vendor's code, its request id, whether a retry can help and the JSON
//! path that broke.
//!
//! ```text
//! typed input ─► builder ─► signer ─► HttpRequest ─► (host: fetch) ─► RawResponse
//!             ─► validator ─► typed model | Error
//! ```
//!
//! - [`sign`]: signers, pure functions of request parts, key and time.
//! - [`vendor`]: one module per vendor, tying operations to a signer.
//! - [`schema`]: reading untrusted JSON with every issue reported by path.
//!
//! The same crate compiles to WebAssembly (feature `wasm`) and ships on npm; see README.

#![warn(missing_docs, unreachable_pub, missing_debug_implementations)]
// Errors carry every issue found and travel only on the cold path; boxing them would cost
// every caller an indirection for nothing.
#![allow(clippy::result_large_err)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod clock;
pub mod error;
pub mod http;
pub mod limits;
pub mod operation;
pub mod schema;
pub mod secret;
pub mod sign;
pub mod time;
pub mod url;
pub mod vendor;

#[cfg(feature = "wasm")]
mod wasm;

pub use error::{Error, ErrorKind};
pub use http::{BuildOptions, Explain, HttpRequest, Parsed, RawResponse, ResponseMetadata};
pub use vendor::tencent::TencentCloud;
