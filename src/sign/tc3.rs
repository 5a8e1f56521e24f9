//! TC3-HMAC-SHA256, Tencent Cloud API 3.0's request signature.
//!
//! Spec: <https://www.tencentcloud.com/document/api/213/33224> (signature v3), the official
//! demo `TencentCloud/signature-process-demo` `signature-v3/python/demo.py`, and
//! tencentcloud-sdk-nodejs `src/common/sign.ts` `Sign.sign3`. Tested on
//! those vectors (the repository's `tests/vectors/tc3/`).
//!
//! ```text
//! CanonicalRequest = Method \n CanonicalURI \n CanonicalQueryString \n
//!                    CanonicalHeaders \n SignedHeaders \n Lowercase(HexEncode(SHA256(Payload)))
//! CredentialScope  = Date/service/tc3_request
//! StringToSign     = "TC3-HMAC-SHA256" \n Timestamp \n CredentialScope \n
//!                    Lowercase(HexEncode(SHA256(CanonicalRequest)))
//! ```
//!
//! ```
//! use quotakit::sign::tc3::{sign, SignableRequest, SigningParams};
//!
//! // Tencent's published example (signature v3 document).
//! let payload = r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;
//! let headers = [
//!     ("content-type", "application/json; charset=utf-8"),
//!     ("host", "cvm.tencentcloudapi.com"),
//! ];
//! let request = SignableRequest { method: "POST", query: "", headers: &headers, payload: payload.as_bytes() };
//! let params = SigningParams {
//!     secret_id: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******",
//!     secret_key: "Gu5t9xGARNpq86cd98joQYCN3*******",
//!     service: "cvm",
//!     timestamp: 1551113065,
//! };
//! let signature = sign(&request, &params);
//! assert_eq!(signature.signature, "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c");
//! ```

use sha2::Digest;

use super::hash::{hex, hex_sha256, hmac_finish, hmac_key, hmac_sha256, HmacSha256};
use super::keys::KeyCache;
use crate::time::utc_date;

/// The algorithm name, first line of the string to sign and of `Authorization`.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";

/// The parts of a request that TC3 covers.
#[derive(Debug, Clone, Copy)]
pub struct SignableRequest<'a> {
    /// `POST` or `GET`.
    pub method: &'a str,
    /// The canonical query string (already encoded); empty for POST.
    pub query: &'a str,
    /// The headers to sign, `(name, value)`; names in any case, in any order.
    pub headers: &'a [(&'a str, &'a str)],
    /// The exact body bytes that will be sent.
    pub payload: &'a [u8],
}

/// Who signs, for what, and when.
#[derive(Clone, Copy)]
pub struct SigningParams<'a> {
    /// SecretId (public; appears in `Authorization`).
    pub secret_id: &'a str,
    /// SecretKey.
    pub secret_key: &'a str,
    /// The service, the first label of the host (`partners`, `market`, `cvm`).
    pub service: &'a str,
    /// `X-TC-Timestamp`: seconds since the epoch. Its UTC date enters the credential scope.
    pub timestamp: i64,
}

impl std::fmt::Debug for SigningParams<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningParams")
            .field("secret_id", &self.secret_id)
            .field("secret_key", &"<redacted>")
            .field("service", &self.service)
            .field("timestamp", &self.timestamp)
            .finish()
    }
}

/// Every stage of a TC3 signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The canonical request (stage 1).
    pub canonical_request: String,
    /// `Date/service/tc3_request`.
    pub credential_scope: String,
    /// The string to sign (stage 2).
    pub string_to_sign: String,
    /// Signed header names, lowercase, sorted, joined by `;`.
    pub signed_headers: String,
    /// Lowercase hex signature (stage 3).
    pub signature: String,
    /// The full `Authorization` header value.
    pub authorization: String,
}

/// Signs `request`. Pure: the same inputs give the same signature.
pub fn sign(request: &SignableRequest<'_>, params: &SigningParams<'_>) -> Signature {
    sign_with(request, params, &KeyCache::default())
}

/// kSigning for one secret, UTC date and service, as an HMAC keyed and ready for the
/// string to sign.
pub fn signing_key(secret_key: &str, date: &str, service: &str) -> HmacSha256 {
    // kDate = HMAC("TC3" + SecretKey, Date)
    let k_date = hmac_sha256(format!("TC3{secret_key}").as_bytes(), date.as_bytes());
    // kService = HMAC(kDate, Service)
    let k_service = hmac_sha256(&k_date, service.as_bytes());
    // kSigning = HMAC(kService, "tc3_request")
    hmac_key(&hmac_sha256(&k_service, b"tc3_request"))
}

/// [`sign`], taking kSigning from `keys` (the client's cache) when it holds this scope.
pub fn sign_with(
    request: &SignableRequest<'_>,
    params: &SigningParams<'_>,
    keys: &KeyCache,
) -> Signature {
    sign_hashed(request, &hex_sha256(request.payload), params, keys)
}

/// [`sign_with`] for a payload hashed elsewhere (the host's SHA-256 for a large body):
/// `payload_sha256_hex` is the lowercase hex digest; `request.payload` is not read.
pub fn sign_hashed(
    request: &SignableRequest<'_>,
    payload_sha256_hex: &str,
    params: &SigningParams<'_>,
    keys: &KeyCache,
) -> Signature {
    let mut headers: Vec<(String, String)> = request
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.trim().to_ascii_lowercase(),
                value.trim().to_ascii_lowercase(),
            )
        })
        .collect();
    crate::internals::order::sort(&mut headers);
    let mut canonical_headers = String::new();
    for (name, value) in &headers {
        canonical_headers.push_str(name);
        canonical_headers.push(':');
        canonical_headers.push_str(value);
        canonical_headers.push('\n');
    }
    let signed_headers = headers
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(";");

    // Everything before the payload's hash is the same for every request of a client to
    // one service: its hash state is kept, and only the last block is hashed anew.
    let mut canonical_prefix = String::with_capacity(
        16 + request.query.len() + canonical_headers.len() + signed_headers.len(),
    );
    for part in [
        request.method,
        "\n/\n",
        request.query,
        "\n",
        &canonical_headers,
        "\n",
        &signed_headers,
        "\n",
    ] {
        canonical_prefix.push_str(part);
    }
    let canonical_hash = hex(&keys
        .hasher(&canonical_prefix)
        .chain_update(payload_sha256_hex.as_bytes())
        .finalize());
    let mut canonical_request = canonical_prefix;
    canonical_request.push_str(payload_sha256_hex);

    let date = utc_date(params.timestamp);
    let credential_scope = format!("{date}/{}/tc3_request", params.service);
    let timestamp = params.timestamp.to_string();
    let mut string_to_sign = String::with_capacity(160);
    for part in [
        ALGORITHM,
        "\n",
        &timestamp,
        "\n",
        &credential_scope,
        "\n",
        &canonical_hash,
    ] {
        string_to_sign.push_str(part);
    }

    // The scope names the date and service, the only inputs of kSigning besides the key.
    let k_signing = keys.mac(&credential_scope, || {
        signing_key(params.secret_key, &date, params.service)
    });
    // Signature = HexEncode(HMAC(kSigning, StringToSign))
    let signature = hex(&hmac_finish(k_signing, string_to_sign.as_bytes()));

    let authorization = format!(
        "{ALGORITHM} Credential={}/{credential_scope}, SignedHeaders={signed_headers}, Signature={signature}",
        params.secret_id
    );
    Signature {
        canonical_request,
        credential_scope,
        string_to_sign,
        signed_headers,
        signature,
        authorization,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_key_cache_never_changes_a_signature() {
        let keys = KeyCache::default();
        let request = SignableRequest {
            method: "POST",
            query: "",
            headers: &[
                ("content-type", "application/json"),
                ("host", "cvm.example"),
            ],
            payload: b"{}",
        };
        // Two days and two services, twice each, through one cache.
        for timestamp in [1_551_113_065, 1_551_200_000, 1_551_113_065, 1_551_200_000] {
            for service in ["cvm", "partners"] {
                let params = SigningParams {
                    secret_id: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
                    secret_key: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
                    service,
                    timestamp,
                };
                assert_eq!(sign_with(&request, &params, &keys), sign(&request, &params));
            }
        }
    }
}
