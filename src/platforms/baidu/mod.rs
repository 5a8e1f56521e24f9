//! Baidu AI Cloud (BCE): the client, its error envelope `{code, message, requestId}` and the
//! one function that reads BCE error codes (`parse_error`). Operations: [`tms`].
//!
//! Requests are signed with bce-auth-v1 ([`crate::sign::bce`]) over `host`,
//! `content-type`, `x-bce-date` and every other `x-bce-*` header sent.
//!
//! ```
//! use quotakit::driver::Call;
//! use quotakit::platforms::baidu::tms::ListResourcePackagesInput;
//! use quotakit::{Baidu, BaiduOptions};
//!
//! let listing = ListResourcePackagesInput::new();
//! let documented = Baidu::new(BaiduOptions::new("fake-ak", "fake-secret-not-real"))?;
//! assert!(!listing.safe_to_repeat(&documented), "order creation's path: never resent");
//! let options = BaiduOptions::new("fake-ak", "fake-secret-not-real");
//! let confirmed = Baidu::new(options.with_list_resource_packages_path("/v1/tms/openapi/resourcepacks"))?;
//! assert!(listing.safe_to_repeat(&confirmed));
//! # Ok::<(), quotakit::Error>(())
//! ```

pub mod tms;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::{header_safe, http_error, schema_error};
use crate::clock::{ClockSkew, ClockSync};
use crate::error::{Error, ErrorKind};
use crate::http::{BuildOptions, Explain, HttpRequest, Parsed, RawResponse};
use crate::limits::{Limits, LimitsInput};
use crate::operation::settle_retryable;
use crate::schema::{self, describe, FromJson, IssueCode, Walker};
use crate::secret::Secret;
use crate::sign::bce;
use crate::sign::keys::KeyCache;
use crate::time::UnixMillis;
use crate::url::Origin;

/// Name used in errors' `vendor` field.
pub const VENDOR: &str = "baidu";

/// Baidu's: the model at the root of a 2xx body; errors come with an error status, and the request id in `x-bce-request-id`.
pub(crate) const ENVELOPE: crate::operation::Envelope = crate::operation::Envelope {
    model_at: None,
    probes: &[],
    request_id: None,
    request_id_header: Some("x-bce-request-id"),
    error: None,
    drop: &[],
};

/// The TMS host.
pub const DEFAULT_ENDPOINT: &str = "https://tms-api.baidu.com";

/// Longest signature validity accepted (7 days), a sanity bound.
pub const MAX_EXPIRATION_SECS: u64 = 7 * 86_400;

crate::json_model! {
    /// Per-operation path overrides. Baidu's TMS document shows the same path for listing
    /// resource packages and for creating (and paying for) a trademark order; confirm the
    /// real path with Baidu and set it here.
    pub struct BaiduPaths {
        required {}
        optional {
            /// Path of `listResourcePackages`. Default `/v1/tms/openapi/trademarks` (as documented).
            list_resource_packages as "listResourcePackages": String,
        }
    }
}

/// Client configuration: [`BaiduOptions::new`] with the credentials, the rest optional.
#[derive(Clone, Default, PartialEq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct BaiduOptions {
    /// Access Key ID (public; it appears in `Authorization`).
    pub access_key_id: String,
    /// Secret Access Key. Kept inside the client; never readable back.
    pub secret_access_key: String,
    /// STS session token, sent and signed as `x-bce-security-token`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub session_token: Option<String>,
    /// Base URL. Defaults to `https://tms-api.baidu.com`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub endpoint: Option<String>,
    /// How long each signature stays valid, in seconds (1..=604800). Defaults to 1800.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub expiration_period_in_seconds: Option<u64>,
    /// Per-operation path overrides.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub paths: Option<BaiduPaths>,
    /// Bounds on reading responses: `{ maxBodyBytes?, maxDepth? }` (8 MiB and 64 levels
    /// by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub limits: Option<LimitsInput>,
}

super::options_constructors!(BaiduOptions, access_key_id, secret_access_key);

impl BaiduOptions {
    /// These options with `listResourcePackages` sent to `path`, the path Baidu confirms to
    /// you: the documented one is also order creation's (see [`tms`]), so a listing there is
    /// never resent.
    pub fn with_list_resource_packages_path(self, path: impl Into<String>) -> Self {
        BaiduOptions {
            paths: Some(BaiduPaths {
                list_resource_packages: Some(path.into()),
            }),
            ..self
        }
    }
}

impl std::fmt::Debug for BaiduOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BaiduOptions")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "<redacted>"),
            )
            .field("endpoint", &self.endpoint)
            .field(
                "expiration_period_in_seconds",
                &self.expiration_period_in_seconds,
            )
            .field("paths", &self.paths)
            .field("limits", &self.limits)
            .finish()
    }
}

impl FromJson for BaiduOptions {
    fn expected() -> String {
        "object { accessKeyId, secretAccessKey, sessionToken?, endpoint?, expirationPeriodInSeconds?, paths? }".into()
    }
    fn from_json(value: &Value, w: &mut Walker) -> Option<Self> {
        let object = w.object(value)?;
        w.only_fields(
            object,
            &[
                "accessKeyId",
                "secretAccessKey",
                "sessionToken",
                "endpoint",
                "expirationPeriodInSeconds",
                "paths",
                "limits",
            ],
        );
        let access_key_id = w.field::<String>(object, "accessKeyId");
        let secret_access_key = schema::secret_field(w, object, "secretAccessKey", true);
        let session_token = schema::secret_field(w, object, "sessionToken", false);
        let endpoint = w.field::<Option<String>>(object, "endpoint");
        let expiration = w.field::<Option<u64>>(object, "expirationPeriodInSeconds");
        let paths = w.field::<Option<BaiduPaths>>(object, "paths");
        let limits = w.field::<Option<LimitsInput>>(object, "limits");
        Some(BaiduOptions {
            access_key_id: access_key_id?,
            secret_access_key: secret_access_key??,
            session_token: session_token?,
            endpoint: endpoint?,
            expiration_period_in_seconds: expiration?,
            paths: paths?,
            limits: limits?,
        })
    }
}

/// A Baidu AI Cloud client: holds credentials, builds signed requests and reads responses.
///
/// ```
/// use quotakit::platforms::baidu::tms::ListResourcePackagesInput;
/// use quotakit::{Baidu, BaiduOptions, BuildOptions};
///
/// let baidu = Baidu::new(BaiduOptions::new("fake-ak", "fake-secret-not-real"))?;
/// let input = ListResourcePackagesInput::new();
/// let request = baidu.list_resource_packages(&input, &BuildOptions::at(1_700_000_000_000_i64))?;
/// assert_eq!(request.url, "https://tms-api.baidu.com/v1/tms/openapi/trademarks");
/// let prefix = "bce-auth-v1/fake-ak/2023-11-14T22:13:20Z/1800/";
/// assert!(request.headers["Authorization"].starts_with(prefix));
/// # Ok::<(), quotakit::Error>(())
/// ```
#[derive(Clone)]
pub struct Baidu {
    access_key_id: String,
    secret_access_key: Secret,
    session_token: Option<Secret>,
    origin: Origin,
    expiration_secs: u32,
    paths: BaiduPaths,
    keys: KeyCache,
    limits: Limits,
    skew: ClockSkew,
}

impl std::fmt::Debug for Baidu {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Baidu")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &self.secret_access_key)
            .field("session_token", &self.session_token)
            .field("origin", &self.origin)
            .field("expiration_secs", &self.expiration_secs)
            .field("paths", &self.paths)
            .finish()
    }
}

/// Records an issue unless `path` is an absolute path without query, fragment, control
/// characters or `.`/`..` segments (URL parsers, and so `fetch`, remove those, and the
/// server would then see a different path from the one signed).
pub(crate) fn check_path(w: &mut Walker, key: &'static str, path: &str) {
    let ok = path.starts_with('/')
        && !path.contains(['?', '#'])
        && !path.chars().any(char::is_control)
        && !path
            .split('/')
            .any(|segment| segment == "." || segment == "..");
    if !ok {
        w.key(key, |w| {
            w.issue(
                IssueCode::InvalidFormat,
                "an absolute path starting with / (no query, fragment, control characters or . and .. segments)",
                describe(&Value::String(path.to_owned())),
            )
        });
    }
}

impl crate::driver::Client for Baidu {
    const VENDOR: &'static str = VENDOR;

    fn read_model(
        &self,
        operation: &'static str,
        raw: &RawResponse,
        read: crate::driver::ModelReader<'_>,
    ) -> Result<Parsed<Value>, Error> {
        parse_response(operation, self.path_of(operation), raw, &self.limits, read)
    }

    fn repeat_rule(&self, operation: &str, has_key: &dyn Fn(&str) -> bool) -> bool {
        self.safe_to_repeat(operation, has_key)
    }

    fn account(&self) -> Option<&str> {
        Some(self.access_key_id())
    }
}

impl Baidu {
    /// The account this client signs as: its access key id (not a secret), which is also the
    /// holder of its entitlements.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The limits this client reads responses within.
    #[cfg(feature = "wasm")]
    pub(crate) fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Whether operation `op` may be resent after a failure whose outcome is unknown;
    /// `has_key(field)` says whether the input carries that idempotency key. See
    /// [`crate::operation`].
    pub(crate) fn safe_to_repeat(&self, op: &str, has_key: impl Fn(&str) -> bool) -> bool {
        crate::operation::safe_to_repeat(VENDOR, op, self.path_of(op), has_key)
    }

    /// The path operation `op` is sent to: the one set in `paths`, else the documented one.
    /// What decides whether it may be resent is this path, not whether it was overridden:
    /// an override can name the order path too ([`crate::operation::WRITE_PATHS`]).
    pub(crate) fn path_of(&self, op: &str) -> Option<&str> {
        match op {
            "listResourcePackages" => Some(
                self.paths
                    .list_resource_packages
                    .as_deref()
                    .unwrap_or(tms::LIST_RESOURCE_PACKAGES_PATH),
            ),
            _ => None,
        }
    }

    /// Learns this client's clock offset from a response received at `received_at` (see
    /// [`crate::clock`]); later requests are signed at `now + offset`.
    pub fn sync_clock(&self, raw: &RawResponse, received_at: impl UnixMillis) -> ClockSync {
        self.skew.learn(raw, received_at.unix_millis())
    }

    /// Checks `options` and builds a client.
    pub fn new(options: BaiduOptions) -> Result<Self, Error> {
        let mut w = Walker::at_root(&[]);
        let limits = Limits::from_input(options.limits.as_ref(), &mut w);
        header_safe(&mut w, "accessKeyId", &options.access_key_id);
        header_safe(&mut w, "secretAccessKey", &options.secret_access_key);
        if let Some(token) = &options.session_token {
            header_safe(&mut w, "sessionToken", token);
        }
        let endpoint = options
            .endpoint
            .clone()
            .unwrap_or_else(|| DEFAULT_ENDPOINT.to_owned());
        let origin = Origin::parse(&endpoint);
        if origin.is_none() {
            w.key("endpoint", |w| {
                w.issue(
                    IssueCode::InvalidFormat,
                    "http(s)://host[:port] with no path",
                    describe(&Value::String(endpoint.clone())),
                )
            });
        }
        let expiration = options
            .expiration_period_in_seconds
            .unwrap_or(u64::from(bce::DEFAULT_EXPIRATION_SECS));
        if !(1..=MAX_EXPIRATION_SECS).contains(&expiration) {
            w.key("expirationPeriodInSeconds", |w| {
                w.issue(
                    IssueCode::OutOfRange,
                    format!("1..={MAX_EXPIRATION_SECS}"),
                    format!("number {expiration}"),
                )
            });
        }
        let paths = options.paths.unwrap_or(BaiduPaths {
            list_resource_packages: None,
        });
        if let Some(p) = &paths.list_resource_packages {
            w.key("paths", |w| check_path(w, "listResourcePackages", p));
        }
        match origin {
            Some(origin) if !w.has_issues() => Ok(Baidu {
                skew: ClockSkew::default(),
                limits,
                access_key_id: options.access_key_id,
                secret_access_key: Secret::new(options.secret_access_key),
                session_token: options.session_token.map(Secret::new),
                origin,
                expiration_secs: u32::try_from(expiration).unwrap_or(bce::DEFAULT_EXPIRATION_SECS),
                paths,
                keys: KeyCache::default(),
            }),
            _ => {
                Err(Error::from_issues(ErrorKind::Input, w.into_issues())
                    .during(VENDOR, "Baidu::new"))
            }
        }
    }

    /// Signs a request. `headers` are extra headers to send; `host`, `x-bce-date` and (with
    /// STS) `x-bce-security-token` are added, and all `x-bce-*`, `host` and `content-*`
    /// headers are signed.
    pub(crate) fn sign(
        &self,
        method: &'static str,
        path: &str,
        query: &[(&str, &str)],
        extra_headers: &[(&str, &str)],
        body: Option<String>,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        opts.validate()?;
        let timestamp = self.skew.apply(opts.now_ms).div_euclid(1000);
        let date = crate::time::utc_iso8601(timestamp);
        // Inserted one by one: a collect into a map compiles a sort of its own.
        let mut headers = BTreeMap::new();
        for (k, v) in extra_headers {
            headers.insert((*k).to_owned(), (*v).to_owned());
        }
        headers.insert("x-bce-date".to_owned(), date);
        if let Some(token) = &self.session_token {
            headers.insert("x-bce-security-token".to_owned(), token.expose().to_owned());
        }
        let mut signable: Vec<(&str, &str)> = headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        signable.push(("host", &self.origin.host));
        let signature = bce::sign_with(
            &bce::SignableRequest {
                method,
                path,
                query,
                headers: &signable,
                headers_to_sign: None,
            },
            &bce::SigningParams {
                access_key_id: &self.access_key_id,
                secret_access_key: self.secret_access_key.expose(),
                timestamp,
                expiration_secs: self.expiration_secs,
            },
            &self.keys,
        );
        headers.insert("Authorization".to_owned(), signature.authorization.clone());
        let encoded_path = crate::sign::encode::uri_encode(path, true);
        let query_string = crate::sign::encode::query_string(query.iter().copied());
        let url = if query_string.is_empty() {
            format!("{}{encoded_path}", self.origin.base)
        } else {
            format!("{}{encoded_path}?{query_string}", self.origin.base)
        };
        Ok(HttpRequest {
            method,
            url,
            headers,
            body,
            explain: opts.explain.then(|| Explain {
                algorithm: bce::ALGORITHM,
                // The STS token is signed as a header; show where it goes, not what it is.
                canonical_request: match &self.session_token {
                    Some(token) => signature.canonical_request.replace(
                        &crate::sign::encode::uri_encode(token.expose(), false),
                        "<sessionToken>",
                    ),
                    None => signature.canonical_request,
                },
                string_to_sign: signature.auth_string_prefix,
                signed_headers: signature.signed_headers,
                signature: signature.signature,
            }),
        })
    }

    /// Signs any BCE request: the escape hatch for APIs quotakit does not model.
    pub fn sign_request(
        &self,
        request: &BceRequestInput,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        let mut w = Walker::at_root(&[]);
        check_path(&mut w, "path", &request.path);
        for (name, value) in request.headers.iter().flatten() {
            let ok =
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            if !ok
                || name.eq_ignore_ascii_case("host")
                || name.eq_ignore_ascii_case("authorization")
            {
                w.key("headers", |w| {
                    w.issue(
                        IssueCode::InvalidFormat,
                        "a header name of letters, digits and -, other than Host and Authorization",
                        describe(&Value::String(name.clone())),
                    )
                });
            }
            w.key("headers", |w| header_safe(w, name, value));
        }
        if w.has_issues() {
            return Err(
                Error::from_issues(ErrorKind::Input, w.into_issues()).during(VENDOR, "signRequest")
            );
        }
        let query: Vec<(&str, &str)> = request
            .query
            .iter()
            .flatten()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let headers: Vec<(&str, &str)> = request
            .headers
            .iter()
            .flatten()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        self.sign(
            request.method.as_str(),
            &request.path,
            &query,
            &headers,
            request.body.clone(),
            opts,
        )
        .map_err(|e| e.during(VENDOR, "signRequest"))
    }
}

crate::json_enum! {
    /// HTTP methods accepted by `signRequest`.
    pub enum Method {
        /// GET
        Get = "GET",
        /// POST
        Post = "POST",
        /// PUT
        Put = "PUT",
        /// DELETE
        Delete = "DELETE",
        /// HEAD
        Head = "HEAD",
    }
}

crate::json_model! {
    /// Any BCE request, for `signRequest`. The host comes from the client's endpoint.
    #[cfg_attr(feature = "wasm", tsify(hashmap_as_object))]
    pub struct BceRequestInput {
        required {
            /// HTTP method.
            method as "method": Method,
            /// Raw path, e.g. `/v1/bucket/测试` (quotakit encodes it).
            path as "path": String,
        }
        optional {
            /// Raw query parameters.
            query as "query": BTreeMap<String, String>,
            /// Extra headers to send; `x-bce-*` and `content-*` ones are signed.
            headers as "headers": BTreeMap<String, String>,
            /// The body, sent as is.
            body as "body": String,
        }
    }
}

/// Reads a BCE response: the one place that interprets BCE error codes.
///
/// An error status with a `{code, message, requestId}` body → `api`; any other non-2xx →
/// `http`; otherwise the body must match `T`. Retryable: `InternalError`,
/// `ServiceUnavailable`, `SlowDown`, `RequestLimitExceeded` and any 5xx or 429. Signature,
/// auth and parameter errors are not.
pub(crate) fn parse_response<M>(
    operation: &'static str,
    sent_path: Option<&str>,
    raw: &RawResponse,
    limits: &Limits,
    read: impl FnOnce(&Value, &[&str]) -> Result<M, Vec<schema::Issue>>,
) -> Result<Parsed<M>, Error> {
    let tag =
        |e: Error| settle_retryable(e.during(VENDOR, operation), VENDOR, operation, sent_path);
    let header_id = ENVELOPE
        .request_id_header
        .and_then(|name| raw.header(name))
        .map(str::to_owned);
    let json = raw.json(limits);
    if !raw.is_success() {
        let error = json
            .as_ref()
            .ok()
            .and_then(|v| parse_error(raw, v))
            .unwrap_or_else(|| http_error(raw));
        let mut error = tag(error);
        error.request_id = error.request_id.take().or(header_id);
        return Err(error);
    }
    let value = json.map_err(tag)?;
    match read(&value, &[]) {
        Ok(data) => Ok(Parsed::new(data, raw, header_id)),
        Err(issues) => Err(tag(schema_error(raw, issues, header_id))),
    }
}

fn parse_error(raw: &RawResponse, body: &Value) -> Option<Error> {
    let code = body.get("code").and_then(Value::as_str)?.to_owned();
    let message = body
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let mut error = Error::new(
        ErrorKind::Api,
        if message.is_empty() {
            code.clone()
        } else {
            format!("{code}: {message}")
        },
    );
    error.retryable = matches!(
        code.as_str(),
        "InternalError" | "ServiceUnavailable" | "SlowDown" | "RequestLimitExceeded"
    ) || matches!(raw.status, 429 | 500..=599);
    error.code = Some(code);
    error.request_id = body
        .get("requestId")
        .and_then(Value::as_str)
        .map(str::to_owned);
    error.http_status = Some(raw.status);
    Some(error)
}
