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
//! - [`platforms`]: one module per platform (vendor), tying operations to a signer.
//! - [`operation`]: each operation's vendor and whether it is safe to repeat.
//! - [`schema`]: reading untrusted JSON with every issue reported by path.
//!
//! The same crate compiles to WebAssembly (feature `wasm`) and ships on npm; see README.
//!
//! ```
//! use quotakit::platforms::polyv::group::ListPackageValidityInput;
//! use quotakit::{BuildOptions, Polyv, PolyvOptions, RawResponse};
//!
//! // The official example's dummy keys; `now` is an argument, never the clock.
//! let polyv = Polyv::new(PolyvOptions {
//!     app_id: "g4rqgmmjuo".into(),
//!     app_secret: "fsq2k5weced1h8vui657xtdva66whf0g".into(),
//!     signature_method: None,
//!     endpoint: None,
//!     limits: None,
//! })?;
//! let input = ListPackageValidityInput {
//!     emails: None,
//!     page_size: Some(50),
//!     page_number: Some(1),
//! };
//! let request = polyv.list_package_validity(&input, &BuildOptions::at(1_700_000_000_000))?;
//! assert_eq!(request.method, "GET");
//! assert!(request.url.contains("timestamp=1700000000000"));
//!
//! // The host sends `request` with any HTTP client and hands back what came.
//! let body = r#"{"code":200,"status":"success","requestId":"r-1",
//!     "data":{"pageNumber":1,"pageSize":50,"totalPages":1,"totalItems":0,"contents":[]}}"#;
//! let page = polyv.parse_list_package_validity(&RawResponse::new(200, body))?;
//! assert_eq!(page.total_items, 0);
//! assert_eq!(page.metadata().request_id.as_deref(), Some("r-1"));
//! # Ok::<(), quotakit::Error>(())
//! ```

#![warn(missing_docs, unreachable_pub, missing_debug_implementations)]
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

pub mod driver;
pub mod entitlement;
pub mod error;
pub mod operation;
pub mod platforms;
pub mod retry;
pub mod sign;
pub mod time;

#[cfg(feature = "wasm")]
mod wasm;

#[doc(hidden)]
pub mod internals;
pub(crate) use internals::{clock, http, limits, scan, schema, secret, shape, url};

pub use clock::ClockSync;
pub use driver::{AsyncDriver, Client, Driver, TransportError};
pub use error::{Details, Error, ErrorKind};
pub use http::{BuildOptions, Explain, HttpRequest, Parsed, RawResponse, ResponseMetadata};
pub use limits::LimitsInput;
pub use operation::{Operation, Repeat};
pub use platforms::baidu::{Baidu, BaiduOptions};
pub use platforms::douyin::{Douyin, DouyinOptions};
pub use platforms::polyv::{Polyv, PolyvOptions};
pub use platforms::tencent::{TencentCloud, TencentCloudOptions};
pub use schema::{Issue, IssueCode, PathSegment};
pub use time::UnixMillis;
