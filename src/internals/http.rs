//! The only types that cross the I/O boundary.
//!
//! A builder returns an [`HttpRequest`]; the host sends it with its own `fetch` and hands
//! the answer back as a [`RawResponse`]. quotakit itself never touches the network.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::error::{excerpt, Error, ErrorKind};
use crate::limits::{Limits, Refusal};
use crate::schema::{self, FromJson, IssueCode, Validate, Walker};

/// A signed request, ready for `fetch(req.url, req)`.
///
/// `Host` is not in `headers`: it is signed from the URL's host, which every HTTP client
/// sends anyway (and browsers forbid setting it).
#[derive(Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "wasm", tsify(hashmap_as_object))]
pub struct HttpRequest {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The full URL, query included.
    pub url: String,
    /// Headers to send, including `Authorization` or the vendor's token header.
    pub headers: BTreeMap<String, String>,
    /// The body to send, byte for byte as signed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub body: Option<String>,
    /// The signing stages, when the builder was called with `{ explain: true }`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub explain: Option<Explain>,
}

/// Headers whose values carry a credential: shown as `<redacted>` by `Debug`.
const CREDENTIAL_HEADERS: &[&str] = &[
    "authorization",
    "access-token",
    "x-tc-token",
    "x-bce-security-token",
];

/// `{:?}` of a request is for logs: credentials in headers are redacted and the body is
/// shown by its length, since some bodies carry a secret (Douyin's token request sends
/// `client_secret`).
impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: BTreeMap<&str, &str> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let secret = CREDENTIAL_HEADERS
                    .iter()
                    .any(|c| name.eq_ignore_ascii_case(c));
                (
                    name.as_str(),
                    if secret { "<redacted>" } else { value.as_str() },
                )
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field(
                "body",
                &self.body.as_ref().map(|b| format!("<{} bytes>", b.len())),
            )
            .field("explain", &self.explain)
            .finish()
    }
}

/// What a signer computed, for diffing against a vendor's "signature mismatch" output.
/// Holds no secret: derived keys and secret keys are never included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Explain {
    /// The signature scheme, e.g. `TC3-HMAC-SHA256`.
    pub algorithm: &'static str,
    /// The canonical request, exactly as hashed.
    pub canonical_request: String,
    /// The string to sign, exactly as signed.
    pub string_to_sign: String,
    /// The signed header names, as they appear in `Authorization`.
    pub signed_headers: String,
    /// The resulting signature.
    pub signature: String,
}

/// What the host's `fetch` got back.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "wasm", tsify(hashmap_as_object))]
pub struct RawResponse {
    /// The HTTP status code.
    pub status: u16,
    /// Response headers; names are matched case-insensitively.
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub headers: BTreeMap<String, String>,
    /// The body as text. In JS it may also be the bytes read (`Uint8Array`, `ArrayBuffer`),
    /// which must be UTF-8 in a success (else a `schema` error, `invalid_utf8`).
    #[cfg_attr(feature = "wasm", tsify(type = "string | Uint8Array | ArrayBuffer"))]
    pub body: String,
}

/// A body received as bytes, as text. A success (2xx) must be UTF-8, else it is a `schema`
/// error (`invalid_utf8`) with the response's `status`: no vendor answers so, and a lossy
/// decoding could turn a broken model into a valid one. Any other answer is decoded lossily
/// (U+FFFD for what is not UTF-8): its body only feeds the vendor's error envelope and the
/// excerpt, and a gateway's error page in GBK must stay the retryable `http` error it is.
pub(crate) fn body_text(bytes: Vec<u8>, status: u16) -> Result<String, Error> {
    if !(200..300).contains(&status) {
        return Ok(String::from_utf8_lossy(&bytes).into_owned());
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let mut error = Error::new(
            ErrorKind::Schema,
            format!("the response body is not UTF-8 (at byte {at})"),
        );
        error.code = Some("invalid_utf8".into());
        error.http_status = Some(status);
        error
    })
}

impl RawResponse {
    /// A response with no headers.
    pub fn new(status: u16, body: impl Into<String>) -> Self {
        RawResponse {
            status,
            headers: BTreeMap::new(),
            body: body.into(),
        }
    }

    /// The value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body parsed as JSON within `limits`, or a `schema` error (`invalid_json`,
    /// `too_large`, `too_deep`) quoting its start. An unreadable body is usually a gateway
    /// page or a cut connection, so it is retryable; a body over a limit is not.
    pub(crate) fn json(&self, limits: &Limits) -> Result<Value, Error> {
        limits.parse(&self.body).map_err(|refusal| {
            let what = if self.body.trim().is_empty() {
                "the response body is empty".to_owned()
            } else {
                format!("{refusal}: {:?}", excerpt(&self.body, 120))
            };
            let mut error = Error::new(ErrorKind::Schema, what);
            error.retryable = matches!(refusal, Refusal::Invalid(_));
            error.code = Some(refusal.code().into());
            error.excerpt = Some(excerpt(&self.body, 120));
            error.http_status = Some(self.status);
            error
        })
    }
}

/// A validated response: the vendor's model, and what identifies the exchange to the
/// vendor's support.
///
/// In JS the model's fields come first and the metadata is `$metadata`, as in AWS SDK v3's
/// outputs: `result.$metadata.requestId` for every operation of every vendor. In Rust,
/// `Parsed<T>` dereferences to `T`.
///
/// Its own parts are reached by methods, [`Parsed::metadata`] and [`Parsed::into_inner`],
/// so that every field name belongs to the model: `page.data` is Baidu's `data`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parsed<T> {
    #[serde(flatten)]
    model: T,
    #[serde(rename = "$metadata")]
    metadata: ResponseMetadata,
}

impl<T> Parsed<T> {
    /// `model` as received in `raw` with the vendor's `request_id`.
    pub(crate) fn new(model: T, raw: &RawResponse, request_id: Option<String>) -> Self {
        Parsed {
            model,
            metadata: ResponseMetadata {
                request_id,
                http_status: raw.status,
            },
        }
    }

    /// The vendor's request id and the HTTP status.
    pub fn metadata(&self) -> &ResponseMetadata {
        &self.metadata
    }

    /// This result with its model changed by `f`, and the same metadata.
    pub(crate) fn map<U>(self, f: impl FnOnce(T) -> U) -> Parsed<U> {
        Parsed {
            model: f(self.model),
            metadata: self.metadata,
        }
    }

    /// The model, to change in place.
    pub(crate) fn model_mut(&mut self) -> &mut T {
        &mut self.model
    }

    /// The model, without the metadata.
    pub fn into_inner(self) -> T {
        self.model
    }
}

impl<T> std::ops::Deref for Parsed<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.model
    }
}

/// What identifies a response to the vendor: quote `request_id` in a support ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ResponseMetadata {
    /// The vendor's id of this exchange, none when the response carried none: Tencent's
    /// `Response.RequestId`, Baidu's `x-bce-request-id` header, Polyv's `requestId`,
    /// Douyin's `extra.logid`.
    pub request_id: Option<String>,
    /// The HTTP status.
    pub http_status: u16,
}

impl FromJson for RawResponse {
    fn expected() -> String {
        "object { status, headers, body }".into()
    }
    fn from_json(value: &Value, w: &mut Walker) -> Option<Self> {
        let object = w.object(value)?;
        w.only_fields(object, &["status", "headers", "body"]);
        let status = w.field::<u64>(object, "status");
        let headers = w.field::<Option<BTreeMap<String, String>>>(object, "headers");
        // Read without the input text rules: a response body may hold anything, and its
        // size is checked against the client's `limits.maxBodyBytes` when it is parsed.
        let body = w.key("body", |w| match object.get("body") {
            Some(Value::String(text)) => Some(text.clone()),
            other => {
                let received = other.map_or_else(|| "undefined".to_owned(), schema::describe);
                let code = if other.is_some() {
                    IssueCode::InvalidType
                } else {
                    IssueCode::MissingField
                };
                w.issue(code, "string", received);
                None
            }
        });
        let status = w.key("status", |w| match status? {
            s @ 100..=599 => u16::try_from(s).ok(),
            s => {
                w.issue(
                    IssueCode::OutOfRange,
                    "HTTP status 100..=599",
                    format!("number {s}"),
                );
                None
            }
        });
        Some(RawResponse {
            status: status?,
            headers: headers?.unwrap_or_default(),
            body: body?,
        })
    }
}

impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn expected() -> String {
        format!("object of {}", T::expected())
    }
    fn from_json(value: &Value, w: &mut Walker) -> Option<Self> {
        let object = w.object(value)?;
        // Inserted one by one: a collect into a map compiles a sort of its own.
        let mut read = Some(BTreeMap::new());
        for (k, v) in object {
            match (w.data_key(k, |w| T::from_json(v, w)), read.as_mut()) {
                (Some(v), Some(map)) => {
                    map.insert(k.clone(), v);
                }
                _ => read = None,
            }
        }
        read
    }
}

crate::json_model! {
    /// Options every builder takes, as the npm package reads them: `{ now?, explain? }`.
    pub struct BuildOptionsInput {
        required {}
        optional {
            /// Signing time in milliseconds since the epoch. Defaults to `Date.now()`.
            now as "now": i64,
            /// Also return the canonical request, the string to sign and the signed headers.
            explain as "explain": bool,
        }
    }
}

/// Options every builder takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildOptions {
    /// The signing time, milliseconds since the epoch.
    pub now_ms: i64,
    /// Whether to attach [`Explain`] to the request.
    pub explain: bool,
}

impl BuildOptions {
    /// Options for signing at `now` (`SystemTime::now()`, or ms since the epoch) without
    /// explain output.
    pub fn at(now: impl crate::time::UnixMillis) -> Self {
        BuildOptions {
            now_ms: now.unix_millis(),
            explain: false,
        }
    }

    /// Checks that `now_ms` is a plausible wall-clock time (2000..2200).
    pub(crate) fn validate(&self) -> Result<(), Error> {
        if (crate::time::MIN_NOW_MS..crate::time::MAX_NOW_MS).contains(&self.now_ms) {
            return Ok(());
        }
        let mut w = Walker::at_root(&["options", "now_ms"]);
        w.issue(
            IssueCode::OutOfRange,
            "milliseconds since the epoch between 2000-01-01 and 2200-01-01",
            format!("number {}", self.now_ms),
        );
        Err(Error::from_issues(ErrorKind::Input, w.into_issues()))
    }
}

/// Reads a JSON value into `T`, turning issues into an `input` error rooted at `root`.
pub fn read_input<T: FromJson>(value: &Value, root: &[&str]) -> Result<T, Error> {
    let mut read = None;
    read_strictly(value, root, &mut |value, w| {
        read = T::from_json(value, w);
        read.is_some()
    })?;
    read.ok_or_else(|| Error::new(ErrorKind::Input, "invalid input"))
}

/// Runs `read` over `value` with a strict walker: `Ok` when it read with no issue, else an
/// `input` error with every issue. The part of [`read_input`] that is the same for every
/// type, so the .wasm holds it once.
#[inline(never)]
fn read_strictly(
    value: &Value,
    root: &[&str],
    read: &mut dyn FnMut(&Value, &mut Walker) -> bool,
) -> Result<(), Error> {
    let mut w = Walker::strict(root);
    if read(value, &mut w) && !w.has_issues() {
        return Ok(());
    }
    Err(Error::from_issues(ErrorKind::Input, w.into_issues()))
}

/// `Ok` when `input` keeps every documented rule, else an `input` error with every issue:
/// what each builder checks before it signs.
pub fn check_rules(input: &dyn Validate) -> Result<(), Error> {
    let mut w = Walker::at_root(&[]);
    input.validate(&mut w);
    if w.has_issues() {
        return Err(Error::from_issues(ErrorKind::Input, w.into_issues()));
    }
    Ok(())
}

/// Conversions to and from the `http` crate (feature `http`), as aws-sigv4's `http1`: any
/// Rust HTTP client that speaks `http::Request` and `http::Response` can send what a builder
/// made and hand back what came.
#[cfg(feature = "http")]
mod http_crate {
    use super::{HttpRequest, RawResponse};
    use crate::error::{Error, ErrorKind};

    impl HttpRequest {
        /// This request as an `http::Request` with a `String` body (empty when there is none).
        /// Fails only for a header the `http` crate refuses, which a builder never makes.
        pub fn into_http(self) -> Result<http::Request<String>, Error> {
            let mut builder = http::Request::builder()
                .method(self.method)
                .uri(self.url.as_str());
            for (name, value) in &self.headers {
                builder = builder.header(name.as_str(), value.as_str());
            }
            builder
                .body(self.body.unwrap_or_default())
                .map_err(|e| Error::new(ErrorKind::Input, format!("not an http::Request: {e}")))
        }
    }

    impl RawResponse {
        /// A response from the `http` crate's type, for a validator. Headers that repeat are
        /// joined with `, ` (RFC 9110); a header value that is not text is left out. A success
        /// whose body is not UTF-8 is a `schema` error (`invalid_utf8`): no vendor answers so;
        /// the body of any other answer is decoded lossily.
        pub fn from_http<B: AsRef<[u8]>>(response: http::Response<B>) -> Result<Self, Error> {
            let (parts, body) = response.into_parts();
            let body = super::body_text(body.as_ref().to_vec(), parts.status.as_u16())?;
            let mut raw = RawResponse::new(parts.status.as_u16(), body);
            for (name, value) in &parts.headers {
                let Ok(value) = value.to_str() else { continue };
                raw.headers
                    .entry(name.as_str().to_owned())
                    .and_modify(|joined| {
                        joined.push_str(", ");
                        joined.push_str(value);
                    })
                    .or_insert_with(|| value.to_owned());
            }
            Ok(raw)
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::{BuildOptions, Polyv};

        #[test]
        fn a_built_request_and_a_response_cross_over() {
            let polyv = Polyv::new(crate::http::read_input(
                &serde_json::json!({"appId": "g4rqgmmjuo", "appSecret": "fsq2k5weced1h8vui657xtdva66whf0g"}),
                &[],
            ).unwrap())
            .unwrap();
            let input = crate::http::read_input(&serde_json::json!({"pageSize": 10}), &[]).unwrap();
            let built = polyv
                .list_package_validity(&input, &BuildOptions::at(1_700_000_000_000))
                .unwrap();
            let request = built.clone().into_http().unwrap();
            assert_eq!(request.method(), http::Method::GET);
            assert_eq!(request.uri().to_string(), built.url);
            assert_eq!(request.body(), "");

            let response = http::Response::builder()
                .status(200)
                .header("x-a", "1")
                .header("x-a", "2")
                .body(r#"{"code":200,"status":"success","requestId":"r","data":{"pageNumber":1,"pageSize":10,"totalPages":0,"totalItems":0,"contents":[]}}"#)
                .unwrap();
            let raw = RawResponse::from_http(response).unwrap();
            assert_eq!(raw.header("X-A"), Some("1, 2"));
            let page = polyv.parse_list_package_validity(&raw).unwrap();
            assert_eq!(page.metadata().request_id.as_deref(), Some("r"));

            let bad = http::Response::builder()
                .status(200)
                .body(vec![0xff, 0xfe])
                .unwrap();
            assert_eq!(
                RawResponse::from_http(bad).unwrap_err().code.as_deref(),
                Some("invalid_utf8")
            );
        }
    }
}
