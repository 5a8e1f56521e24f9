//! One folder per vendor, each with the same shape: hosts, versions, the wire envelope and
//! `parse_error` in `mod.rs`; one file per API family, mirroring one vendor doc page.

pub mod tencent;
