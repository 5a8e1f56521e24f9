//! Polyv's API `sign`: the parameters sorted by name, concatenated as `key1value1key2value2…`,
//! wrapped in `appSecret` at both ends, hashed (MD5, or SHA256 when `signatureMethod=SHA256`
//! is sent, which is then signed like any parameter) and written in uppercase hex.
//!
//! Spec: <https://polyv.gitbook.io/document/docs/live/api/buildsign>. Tested on its
//! vectors (the repository's `tests/vectors/polyv-sign/`). Parameters with an empty value are dropped, as the doc
//! says of nulls and as the official Java SDK does of blanks; callers must not send them
//! either.
//!
//! ```
//! use quotakit::sign::polyv::{sign, SignatureMethod};
//!
//! let params = [("appId", "g4rqgmmjuo"), ("timestamp", "1660270926732"), ("page", "")];
//! let signature = sign(&params, "fsq2k5weced1h8vui657xtdva66whf0g", SignatureMethod::Md5);
//! assert_eq!(signature.signed_params, ["appId", "timestamp"]); // the empty one is dropped
//! assert_eq!(signature.redacted_plain, "<appSecret>appIdg4rqgmmjuotimestamp1660270926732<appSecret>");
//! ```

use md5::Md5;
use sha2::{Digest, Sha256};

use super::hash::hex;

crate::json_enum! {
    /// The hash behind Polyv's `sign`.
    pub enum SignatureMethod {
        /// The default.
        Md5 = "MD5",
        /// Chosen by sending `signatureMethod=SHA256`.
        Sha256 = "SHA256",
    }
}

/// Every stage of a Polyv signature. The plain string is kept with the secret replaced by
/// `<appSecret>`, so it can be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// `<appSecret>key1value1…<appSecret>`.
    pub redacted_plain: String,
    /// The parameter names that were signed, in order.
    pub signed_params: Vec<String>,
    /// The uppercase hex `sign`.
    pub sign: String,
}

/// Signs `params` with `app_secret`. Empty values are skipped; names sort by byte order.
pub fn sign(params: &[(&str, &str)], app_secret: &str, method: SignatureMethod) -> Signature {
    let mut kept: Vec<(&str, &str)> = params
        .iter()
        .copied()
        .filter(|(k, v)| !v.is_empty() && *k != "sign")
        .collect();
    crate::internals::order::sort_by(&mut kept, |a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut middle = String::new();
    for (k, v) in &kept {
        middle.push_str(k);
        middle.push_str(v);
    }
    let plain = format!("{app_secret}{middle}{app_secret}");
    let digest = match method {
        SignatureMethod::Md5 => hex(&Md5::digest(plain.as_bytes())),
        SignatureMethod::Sha256 => hex(&Sha256::digest(plain.as_bytes())),
    };
    Signature {
        redacted_plain: format!("<appSecret>{middle}<appSecret>"),
        signed_params: kept.iter().map(|(k, _)| (*k).to_owned()).collect(),
        sign: digest.to_ascii_uppercase(),
    }
}
