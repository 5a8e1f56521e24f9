//! Signers: pure functions from request parts and a key to a signature.
//!
//! A signer knows nothing about any vendor's operations, and an operation knows nothing
//! about how bytes become a signature; a vendor module ties the two together. Like
//! `aws-sigv4`, each signer returns every intermediate stage (canonical request, string to
//! sign) so that tests can name the stage that diverged and users can diff `explain` output
//! against a vendor's debugging tool.

pub mod bce;
pub mod encode;
pub mod hash;
pub mod keys;
pub mod polyv;
pub mod tc3;
