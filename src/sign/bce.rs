//! bce-auth-v1, Baidu AI Cloud's request signature.
//!
//! Spec: <https://cloud.baidu.com/doc/Reference/s/njwvz1yfu> (生成认证字符串); cross-checked
//! against `@baiducloud/sdk` `src/auth.js`. Tested on the published vectors
//! (the repository's `tests/vectors/bce/`).
//!
//! ```text
//! authStringPrefix = "bce-auth-v1" / accessKeyId / timestamp / expirationPeriodInSeconds
//! CanonicalRequest = HTTPMethod \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders
//! signingKey       = HexEncode(HMAC-SHA256(SecretAccessKey, authStringPrefix))
//! signature        = HexEncode(HMAC-SHA256(signingKey, CanonicalRequest))
//! Authorization    = authStringPrefix / signedHeaders / signature
//! ```
//!
//! ```
//! use quotakit::sign::bce::{sign, SignableRequest, SigningParams};
//!
//! // bce-sdk-js's own test (test/sdk/auth.spec.js).
//! let headers = [
//!     ("Content-Type", "application/json; charset=utf-8"),
//!     ("Content-Length", "0"),
//!     ("User-Agent", "This is the user-agent"),
//! ];
//! let request = SignableRequest {
//!     method: "DELETE",
//!     path: "/v1/test-bucket1361199862",
//!     query: &[],
//!     headers: &headers,
//!     headers_to_sign: None,
//! };
//! let params = SigningParams {
//!     access_key_id: "my_ak",
//!     secret_access_key: "my_sk",
//!     timestamp: 1402639056,
//!     expiration_secs: 1800,
//! };
//! let signature = sign(&request, &params);
//! assert_eq!(signature.signature, "c9386b15d585960ae5e6972f73ed92a9a682dc81025480ba5b41206d3e489822");
//! ```

use super::encode::push_uri_encoded;
use super::hash::{hex, hex_hmac_sha256, hmac_finish, hmac_key};
use super::keys::KeyCache;

/// The scheme name, first part of `Authorization`.
pub const ALGORITHM: &str = "bce-auth-v1";

/// The default validity of a signature, as in Baidu's SDKs.
pub const DEFAULT_EXPIRATION_SECS: u32 = 1800;

/// Whether BCE signs header `name` (lowercase) when no explicit list is given: `host`,
/// `content-length`, `content-type`, `content-md5` and every `x-bce-*` header.
pub fn signed_by_default(name: &str) -> bool {
    matches!(
        name,
        "host" | "content-length" | "content-type" | "content-md5"
    ) || name.starts_with("x-bce-")
}

/// The parts of a request that bce-auth-v1 covers.
#[derive(Debug, Clone, Copy)]
pub struct SignableRequest<'a> {
    /// HTTP method, any case.
    pub method: &'a str,
    /// The raw (not yet encoded) path, e.g. `/v1/bucket/测试`.
    pub path: &'a str,
    /// Raw query parameters; `authorization` is never signed.
    pub query: &'a [(&'a str, &'a str)],
    /// Request headers, any case; which are signed is decided by `headers_to_sign`.
    pub headers: &'a [(&'a str, &'a str)],
    /// Lowercase names to sign; `None` applies [`signed_by_default`].
    pub headers_to_sign: Option<&'a [&'a str]>,
}

/// Who signs and for how long.
#[derive(Clone, Copy)]
pub struct SigningParams<'a> {
    /// AccessKeyId (public; appears in `Authorization`).
    pub access_key_id: &'a str,
    /// SecretAccessKey.
    pub secret_access_key: &'a str,
    /// Signing time, seconds since the epoch (written as `yyyy-mm-ddThh:mm:ssZ`).
    pub timestamp: i64,
    /// How long the signature stays valid.
    pub expiration_secs: u32,
}

impl std::fmt::Debug for SigningParams<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningParams")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field("timestamp", &self.timestamp)
            .field("expiration_secs", &self.expiration_secs)
            .finish()
    }
}

/// Every stage of a bce-auth-v1 signature. The signing key is not kept: it is a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// `bce-auth-v1/{ak}/{timestamp}/{expiration}`.
    pub auth_string_prefix: String,
    /// The canonical request.
    pub canonical_request: String,
    /// Signed header names, lowercase, sorted, joined by `;`.
    pub signed_headers: String,
    /// Lowercase hex signature.
    pub signature: String,
    /// The `Authorization` header value (with the signed header list).
    pub authorization: String,
}

/// The canonical query string: every parameter but `authorization`, key and value
/// UriEncoded, `key=value` (an empty value keeps `key=`), sorted, joined by `&`.
pub fn canonical_query(query: &[(&str, &str)]) -> String {
    let mut pairs: Vec<String> = query
        .iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("authorization"))
        .map(|(k, v)| name_value(k, '=', v))
        .collect();
    crate::internals::order::sort(&mut pairs);
    pairs.join("&")
}

/// `UriEncode(name)` `separator` `UriEncode(value)`.
fn name_value(name: &str, separator: char, value: &str) -> String {
    let mut out = String::with_capacity(name.len() + value.len() + 1);
    push_uri_encoded(&mut out, name, false);
    out.push(separator);
    push_uri_encoded(&mut out, value, false);
    out
}

/// Signs `request`. Pure: the same inputs give the same signature.
pub fn sign(request: &SignableRequest<'_>, params: &SigningParams<'_>) -> Signature {
    sign_with(request, params, &KeyCache::default())
}

/// [`sign`], taking the signing key from `keys` (the client's cache) when it holds this
/// authStringPrefix: requests signed in the same second share it.
pub fn sign_with(
    request: &SignableRequest<'_>,
    params: &SigningParams<'_>,
    keys: &KeyCache,
) -> Signature {
    let timestamp = crate::time::utc_iso8601(params.timestamp);
    let auth_string_prefix = format!(
        "{ALGORITHM}/{}/{timestamp}/{}",
        params.access_key_id, params.expiration_secs
    );

    let mut headers: Vec<(String, String)> = request
        .headers
        .iter()
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .filter(|(n, v)| {
            !v.is_empty()
                && match request.headers_to_sign {
                    Some(list) => list.iter().any(|s| s.eq_ignore_ascii_case(n)),
                    None => signed_by_default(n),
                }
        })
        .collect();
    crate::internals::order::sort(&mut headers);
    headers.dedup_by(|a, b| a.0 == b.0);
    // Sorted by canonical line, as Baidu's SDKs do; the signed-header list follows that order
    // (it differs from name order only when one name is a prefix of another).
    let mut lines: Vec<(String, &str)> = headers
        .iter()
        .map(|(n, v)| (name_value(n, ':', v), n.as_str()))
        .collect();
    crate::internals::order::sort(&mut lines);
    let canonical_headers: Vec<&str> = lines.iter().map(|(line, _)| line.as_str()).collect();
    let signed_headers = lines.iter().map(|(_, n)| *n).collect::<Vec<_>>().join(";");

    let path = if request.path.is_empty() {
        "/"
    } else {
        request.path
    };
    let mut canonical_request = request.method.to_ascii_uppercase();
    canonical_request.push('\n');
    push_uri_encoded(&mut canonical_request, path, true);
    canonical_request.push('\n');
    canonical_request.push_str(&canonical_query(request.query));
    canonical_request.push('\n');
    canonical_request.push_str(&canonical_headers.join("\n"));
    // signature = HexEncode(HMAC-SHA256(signingKey, CanonicalRequest)); the key is the hex text.
    let key = keys.mac(&auth_string_prefix, || {
        hmac_key(signing_key(params.secret_access_key, &auth_string_prefix).as_bytes())
    });
    let signature = hex(&hmac_finish(key, canonical_request.as_bytes()));
    let authorization = format!("{auth_string_prefix}/{signed_headers}/{signature}");
    Signature {
        auth_string_prefix,
        canonical_request,
        signed_headers,
        signature,
        authorization,
    }
}

/// signingKey = HexEncode(HMAC-SHA256(SecretAccessKey, authStringPrefix)).
pub fn signing_key(secret_access_key: &str, auth_string_prefix: &str) -> String {
    hex_hmac_sha256(secret_access_key.as_bytes(), auth_string_prefix.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_key_cache_never_changes_a_signature() {
        let keys = KeyCache::default();
        let request = SignableRequest {
            method: "GET",
            path: "/v1/x",
            query: &[],
            headers: &[("host", "bj.bcebos.com")],
            headers_to_sign: None,
        };
        for timestamp in [1_427_196_289, 1_427_196_290, 1_427_196_289] {
            for expiration_secs in [1800, 60] {
                let params = SigningParams {
                    access_key_id: "aabbccddeeff11223344556677889900",
                    secret_access_key: "00998877665544332211ffeeddccbbaa",
                    timestamp,
                    expiration_secs,
                };
                assert_eq!(sign_with(&request, &params, &keys), sign(&request, &params));
            }
        }
    }
}
