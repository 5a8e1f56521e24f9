//! Signers: pure functions from request parts and a key to a signature.
//!
//! A signer knows nothing about any vendor's operations, and an operation knows nothing
//! about how bytes become a signature; a vendor module ties the two together. Like
//! `aws-sigv4`, each signer returns every intermediate stage (canonical request, string to
//! sign) so that tests can name the stage that diverged and users can diff `explain` output
//! against a vendor's debugging tool.
//!
//! ```
//! use quotakit::sign::polyv::{sign, SignatureMethod};
//!
//! // Polyv's published example: empty values are dropped, names sorted.
//! let params = [("channelIds", "2477096,2272655"), ("startDay", "2022-05-20"),
//!     ("endDay", "2022-06-18"), ("appId", "g4rqgmmjuo"), ("timestamp", "1660270926732"),
//!     ("page", ""), ("size", "")];
//! let signature = sign(&params, "fsq2k5weced1h8vui657xtdva66whf0g", SignatureMethod::Md5);
//! assert_eq!(signature.sign, "0D2BDA2FD04D93A2B8832B91FD973C4D");
//! ```

pub mod bce;
#[doc(hidden)]
pub mod encode;
#[doc(hidden)]
pub mod hash;
#[doc(hidden)]
pub mod keys;
pub mod polyv;
pub mod tc3;
