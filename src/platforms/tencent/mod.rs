//! Tencent Cloud API 3.0: the client, its hosts, the `{"Response": …}` envelope, and the
//! one function that reads Tencent's error codes (`parse_error`).
//!
//! Every API 3.0 action is a `POST /` with a compact JSON body, signed with TC3
//! ([`crate::sign::tc3`]). Operations live one API family per file:
//! [`partners`] (DescribeAgentDealsByCache) and [`market`] (SyncUserAndOrderInfo).
//! Docs: <https://cloud.tencent.com/document/api/563/54256>,
//! <https://cloud.tencent.com/document/api/306/59175>.
//!
//! ```
//! use quotakit::platforms::tencent::partners::DescribeAgentDealsByCacheInput;
//! use quotakit::{BuildOptions, TencentCloud, TencentCloudOptions};
//!
//! let tc = TencentCloud::new(TencentCloudOptions::new("AKIDfake", "fake-secret-not-real"))?;
//! let input = DescribeAgentDealsByCacheInput::new(0, 100);
//! let request = tc.describe_agent_deals_by_cache(&input, &BuildOptions::at(1_700_000_000_000_i64))?;
//! assert_eq!(request.url, "https://partners.tencentcloudapi.com/");
//! assert_eq!(request.headers["X-TC-Action"], "DescribeAgentDealsByCache");
//! let scope = "TC3-HMAC-SHA256 Credential=AKIDfake/2023-11-14/partners/tc3_request";
//! assert!(request.headers["Authorization"].starts_with(scope));
//! # Ok::<(), quotakit::Error>(())
//! ```

pub mod billing;
pub mod market;
pub mod notification;
pub mod partners;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::{header_safe, http_error, model_at};
use crate::clock::{ClockSkew, ClockSync};
use crate::error::{Error, ErrorKind};
use crate::http::{check_rules, BuildOptions, Explain, HttpRequest, Parsed, RawResponse};
use crate::limits::{Limits, LimitsInput};
use crate::operation::settle_retryable;
use crate::schema::{self, describe, FromJson, IssueCode, Validate, Walker};
use crate::secret::Secret;
use crate::sign::hash::hex_sha256;
use crate::sign::keys::KeyCache;
use crate::sign::tc3;
use crate::time::UnixMillis;
use crate::url::{Origin, OriginCache};

/// Name used in errors' `vendor` field.
pub const VENDOR: &str = "tencent";

/// Tencent's: the model in `Response`, an error in `Response.Error`, even with HTTP 200.
pub(crate) const ENVELOPE: crate::operation::Envelope = crate::operation::Envelope {
    model_at: Some("Response"),
    probes: &[&["Response", "Error"], &["Response", "RequestId"]],
    request_id: Some(1),
    request_id_header: None,
    error: Some(parse_error),
    drop: &[],
};

/// Default endpoint template; `{service}` becomes the action's service.
pub const DEFAULT_ENDPOINT: &str = "https://{service}.tencentcloudapi.com";

/// The content type quotakit sends and signs (the Node and Go SDKs' choice).
const CONTENT_TYPE: &str = "application/json";
/// The other Content-Type Tencent accepts for JSON, used by its own signature examples.
const CONTENT_TYPE_UTF8: &str = "application/json; charset=utf-8";

/// One API 3.0 action: where it lives and which version it speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Action<'a> {
    /// Service name, the first label of the host and part of the credential scope.
    pub service: &'a str,
    /// `X-TC-Action`.
    pub name: &'a str,
    /// `X-TC-Version`.
    pub version: &'a str,
}

crate::json_enum! {
    /// `X-TC-Language`.
    pub enum Language {
        /// Chinese (the server default).
        ZhCn = "zh-CN",
        /// English.
        EnUs = "en-US",
    }
}

/// Client configuration: [`TencentCloudOptions::new`] with the credentials, the rest optional.
#[derive(Clone, Default, PartialEq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct TencentCloudOptions {
    /// SecretId of a CAM key (public; it appears in `Authorization`).
    pub secret_id: String,
    /// SecretKey of the same CAM key. Kept inside the client; never readable back.
    pub secret_key: String,
    /// STS session token for temporary credentials, sent as `X-TC-Token`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub token: Option<String>,
    /// `X-TC-Region`, e.g. `ap-guangzhou`. Optional for market and partners.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub region: Option<String>,
    /// `X-TC-Language`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub language: Option<Language>,
    /// Base URL; `{service}` is replaced by the action's service. Defaults to
    /// `https://{service}.tencentcloudapi.com`. Point it at a sandbox or a proxy here.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub endpoint: Option<String>,
    /// Bounds on reading responses: `{ maxBodyBytes?, maxDepth? }` (8 MiB and 64 levels
    /// by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub limits: Option<LimitsInput>,
}

super::options_constructors!(TencentCloudOptions, secret_id, secret_key);

impl std::fmt::Debug for TencentCloudOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TencentCloudOptions")
            .field("secret_id", &self.secret_id)
            .field("secret_key", &"<redacted>")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("region", &self.region)
            .field("language", &self.language)
            .field("endpoint", &self.endpoint)
            .field("limits", &self.limits)
            .finish()
    }
}

impl FromJson for TencentCloudOptions {
    fn expected() -> String {
        "object { secretId, secretKey, token?, region?, language?, endpoint? }".into()
    }
    fn from_json(value: &Value, w: &mut Walker) -> Option<Self> {
        let object = w.object(value)?;
        w.only_fields(
            object,
            &[
                "secretId",
                "secretKey",
                "token",
                "region",
                "language",
                "endpoint",
                "limits",
            ],
        );
        let secret_id = w.field::<String>(object, "secretId");
        let secret_key = schema::secret_field(w, object, "secretKey", true);
        let token = schema::secret_field(w, object, "token", false);
        let region = w.field::<Option<String>>(object, "region");
        let language = w.field::<Option<Language>>(object, "language");
        let endpoint = w.field::<Option<String>>(object, "endpoint");
        let limits = w.field::<Option<LimitsInput>>(object, "limits");
        Some(TencentCloudOptions {
            secret_id: secret_id?,
            secret_key: secret_key??,
            token: token?,
            region: region?,
            language: language?,
            endpoint: endpoint?,
            limits: limits?,
        })
    }
}

/// A Tencent Cloud API 3.0 client: holds credentials, builds signed requests and reads
/// responses. It sends nothing.
///
/// ```
/// use quotakit::platforms::tencent::partners::DescribeAgentDealsByCacheInput;
/// use quotakit::{Driver, HttpRequest, RawResponse, TencentCloud, TencentCloudOptions, TransportError};
///
/// let tc = TencentCloud::new(TencentCloudOptions::new("AKIDfake", "fake-secret-not-real"))?;
/// // Any HTTP client sends; here a stand-in answers.
/// let send = |_: HttpRequest| -> Result<RawResponse, TransportError> {
///     let body = r#"{"Response":{"AgentDealSet":[],"TotalCount":0,"RequestId":"r-1"}}"#;
///     Ok(RawResponse::new(200, body))
/// };
/// let page = Driver::new(send).call(&tc, &DescribeAgentDealsByCacheInput::new(0, 100))?;
/// assert_eq!(page.total_count, 0);
/// assert_eq!(page.metadata().request_id.as_deref(), Some("r-1"));
/// # Ok::<(), quotakit::Error>(())
/// ```
#[derive(Clone)]
pub struct TencentCloud {
    secret_id: String,
    secret_key: Secret,
    token: Option<Secret>,
    region: Option<String>,
    language: Option<Language>,
    endpoint: String,
    keys: KeyCache,
    origins: OriginCache,
    limits: Limits,
    skew: ClockSkew,
}

impl std::fmt::Debug for TencentCloud {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TencentCloud")
            .field("secret_id", &self.secret_id)
            .field("secret_key", &self.secret_key)
            .field("token", &self.token)
            .field("region", &self.region)
            .field("language", &self.language)
            .field("endpoint", &self.endpoint)
            .finish()
    }
}

impl crate::driver::Client for TencentCloud {
    const VENDOR: &'static str = VENDOR;

    fn read_model(
        &self,
        operation: &'static str,
        raw: &RawResponse,
        read: crate::driver::ModelReader<'_>,
    ) -> Result<Parsed<Value>, Error> {
        // Each operation is named for its action: `describeAgentDealsByCache` is
        // `DescribeAgentDealsByCache`.
        let mut chars = operation.chars();
        let action: String = chars
            .next()
            .map(|c| c.to_ascii_uppercase())
            .into_iter()
            .chain(chars)
            .collect();
        parse_response(&action, operation, raw, &self.limits, read)
    }

    fn repeat_rule(&self, operation: &str, has_key: &dyn Fn(&str) -> bool) -> bool {
        self.safe_to_repeat(operation, has_key)
    }
}

impl TencentCloud {
    /// The limits this client reads responses within.
    #[cfg(feature = "wasm")]
    pub(crate) fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Whether operation `op` may be resent after a failure whose outcome is unknown;
    /// `has_key(field)` says whether the input carries that idempotency key. See
    /// [`crate::operation`].
    pub(crate) fn safe_to_repeat(&self, op: &str, has_key: impl Fn(&str) -> bool) -> bool {
        crate::operation::safe_to_repeat(VENDOR, op, None, has_key)
    }

    /// Learns this client's clock offset from a response received at `received_at` (see
    /// [`crate::clock`]); later requests are signed at `now + offset`.
    pub fn sync_clock(&self, raw: &RawResponse, received_at: impl UnixMillis) -> ClockSync {
        self.skew.learn(raw, received_at.unix_millis())
    }

    /// Checks `options` and builds a client. Fails with an `input` error naming the field.
    pub fn new(options: TencentCloudOptions) -> Result<Self, Error> {
        let mut w = Walker::at_root(&[]);
        let limits = Limits::from_input(options.limits.as_ref(), &mut w);
        header_safe(&mut w, "secretId", &options.secret_id);
        header_safe(&mut w, "secretKey", &options.secret_key);
        if let Some(token) = &options.token {
            header_safe(&mut w, "token", token);
        }
        if let Some(region) = &options.region {
            let ok = !region.is_empty()
                && region
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !ok {
                w.key("region", |w| {
                    w.issue(
                        IssueCode::InvalidFormat,
                        "a region id such as ap-guangzhou",
                        describe(&Value::String(region.clone())),
                    )
                });
            }
        }
        let endpoint = options
            .endpoint
            .clone()
            .unwrap_or_else(|| DEFAULT_ENDPOINT.to_owned());
        if Origin::parse(&endpoint.replace("{service}", "x")).is_none() {
            w.key("endpoint", |w| {
                w.issue(
                    IssueCode::InvalidFormat,
                    "http(s)://host[:port] with an optional {service} placeholder and no path",
                    describe(&Value::String(endpoint.clone())),
                )
            });
        }
        if w.has_issues() {
            return Err(Error::from_issues(ErrorKind::Input, w.into_issues())
                .during(VENDOR, "TencentCloud::new"));
        }
        Ok(TencentCloud {
            skew: ClockSkew::default(),
            limits,
            secret_id: options.secret_id,
            secret_key: Secret::new(options.secret_key),
            token: options.token.map(Secret::new),
            region: options.region,
            language: options.language,
            endpoint,
            keys: KeyCache::default(),
            origins: OriginCache::default(),
        })
    }

    /// Signs `payload` (a compact JSON object) as a call to `action`; errors name
    /// `operation`.
    fn build(
        &self,
        action: &Action<'_>,
        operation: &'static str,
        (content_type, payload): (&str, &str),
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        let hash = hex_sha256(payload.as_bytes());
        let mut request = self.build_hashed(action, operation, content_type, &hash, opts)?;
        request.body = Some(payload.to_owned());
        Ok(request)
    }

    /// [`Self::build`] for a payload hashed elsewhere: the request comes without a body.
    fn build_hashed(
        &self,
        action: &Action<'_>,
        operation: &'static str,
        content_type: &str,
        payload_sha256_hex: &str,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        let tag = |e: Error| e.during(VENDOR, operation).for_action(action.name);
        opts.validate().map_err(tag)?;
        let origin = self
            .origins
            .get(&self.endpoint, action.service)
            .ok_or_else(|| {
                tag(Error::new(
                    ErrorKind::Input,
                    "endpoint does not form a valid URL for this service",
                ))
            })?;
        let timestamp = self.skew.apply(opts.now_ms).div_euclid(1000);
        let signature = tc3::sign_hashed(
            &tc3::SignableRequest {
                method: "POST",
                query: "",
                headers: &[("content-type", content_type), ("host", &origin.host)],
                payload: &[],
            },
            payload_sha256_hex,
            &tc3::SigningParams {
                secret_id: &self.secret_id,
                secret_key: self.secret_key.expose(),
                service: action.service,
                timestamp,
            },
            &self.keys,
        );
        let mut headers = BTreeMap::new();
        headers.insert("Authorization".to_owned(), signature.authorization.clone());
        headers.insert("Content-Type".to_owned(), content_type.to_owned());
        headers.insert("X-TC-Action".to_owned(), action.name.to_owned());
        headers.insert("X-TC-Version".to_owned(), action.version.to_owned());
        headers.insert("X-TC-Timestamp".to_owned(), timestamp.to_string());
        if let Some(region) = &self.region {
            headers.insert("X-TC-Region".to_owned(), region.clone());
        }
        if let Some(token) = &self.token {
            headers.insert("X-TC-Token".to_owned(), token.expose().to_owned());
        }
        if let Some(language) = self.language {
            headers.insert("X-TC-Language".to_owned(), language.as_str().to_owned());
        }
        Ok(HttpRequest {
            method: "POST",
            url: format!("{}/", origin.base),
            headers,
            body: None,
            explain: opts.explain.then_some(Explain {
                algorithm: tc3::ALGORITHM,
                canonical_request: signature.canonical_request,
                string_to_sign: signature.string_to_sign,
                signed_headers: signature.signed_headers,
                signature: signature.signature,
            }),
        })
    }

    /// Validates `input`'s documented rules, then signs it as a call to `action`; errors
    /// name `operation` (the method) and the action.
    fn build_checked<T: Serialize + Validate>(
        &self,
        operation: &'static str,
        action: &Action<'static>,
        input: &T,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        let tag = |e: Error| e.during(VENDOR, operation).for_action(action.name);
        check_rules(input).map_err(tag)?;
        let body = serde_json::to_string(input).map_err(|e| {
            tag(Error::new(
                ErrorKind::Input,
                format!("input cannot be serialized: {e}"),
            ))
        })?;
        self.build(action, operation, (CONTENT_TYPE, &body), opts)
    }

    /// Signs a call to any API 3.0 action quotakit does not model: the escape hatch.
    pub fn sign_request(
        &self,
        request: &SignRequestInput,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        check_rules(request).map_err(|e| e.during(VENDOR, "signRequest"))?;
        let body = match &request.payload {
            // Text is signed and sent byte for byte: validate() has checked it is an object.
            Some(Value::String(text)) => text.clone(),
            Some(payload) => serde_json::to_string(payload).map_err(|e| {
                Error::new(
                    ErrorKind::Input,
                    format!("payload cannot be serialized: {e}"),
                )
                .during(VENDOR, "signRequest")
            })?,
            None => "{}".to_owned(),
        };
        if body.len() > schema::MAX_INPUT_BODY_BYTES {
            let mut w = Walker::at_root(&["payload"]);
            w.issue(
                IssueCode::OutOfRange,
                format!("a body of at most {} bytes", schema::MAX_INPUT_BODY_BYTES),
                format!("a body of {} bytes", body.len()),
            );
            return Err(
                Error::from_issues(ErrorKind::Input, w.into_issues()).during(VENDOR, "signRequest")
            );
        }
        let (action, content_type) = request.action_and_content_type();
        self.build(&action, "signRequest", (content_type, &body), opts)
    }

    /// [`Self::sign_request`] for a text payload hashed by the host (`node:crypto` for a
    /// large body, so that its megabytes need not be copied into wasm): `request.payload`
    /// must be `None`, and the caller checked the text with [`is_object_text`] and sends it
    /// as the body. The request comes back without a body.
    pub fn sign_request_hashed(
        &self,
        request: &SignRequestInput,
        payload_sha256_hex: &str,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        let mut w = Walker::at_root(&[]);
        request.validate(&mut w);
        let is_digest = payload_sha256_hex.len() == 64
            && payload_sha256_hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if request.payload.is_some() || !is_digest {
            w.key("payload", |w| {
                w.issue(
                    IssueCode::InvalidValue,
                    "no payload, and its SHA-256 as 64 lowercase hex digits",
                    "a payload or a malformed digest",
                )
            });
        }
        if w.has_issues() {
            return Err(
                Error::from_issues(ErrorKind::Input, w.into_issues()).during(VENDOR, "signRequest")
            );
        }
        let action = Action {
            service: &request.service,
            name: &request.action,
            version: &request.version,
        };
        let content_type = match request.content_type.as_deref() {
            Some(CONTENT_TYPE_UTF8) => CONTENT_TYPE_UTF8,
            _ => CONTENT_TYPE,
        };
        self.build_hashed(
            &action,
            "signRequest",
            content_type,
            payload_sha256_hex,
            opts,
        )
    }
}

/// Whether `text` is meant as a JSON object: `{` first and `}` last, JSON whitespace aside.
///
/// A text payload is signed and sent byte for byte (to reproduce another client's
/// signature), and may be megabytes; parsing it would cost more than signing it, and
/// Tencent judges its JSON anyway. This catches what is plainly not an object.
pub fn is_object_text(text: &str) -> bool {
    let json_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r');
    let inner = text.trim_matches(json_space);
    inner.starts_with('{') && inner.ends_with('}')
}

impl SignRequestInput {
    /// The action it names, and the content type to sign (the default unless the UTF-8
    /// variant was asked for).
    fn action_and_content_type(&self) -> (Action<'_>, &'static str) {
        let action = Action {
            service: &self.service,
            name: &self.action,
            version: &self.version,
        };
        let content_type = match self.content_type.as_deref() {
            Some(CONTENT_TYPE_UTF8) => CONTENT_TYPE_UTF8,
            _ => CONTENT_TYPE,
        };
        (action, content_type)
    }
}

impl Validate for SignRequestInput {
    fn validate(&self, w: &mut Walker) {
        let mut token_like =
            |key: &'static str, value: &str, allowed: fn(u8) -> bool, expected: &str| {
                if value.is_empty() || !value.bytes().all(allowed) {
                    w.key(key, |w| {
                        w.issue(
                            IssueCode::InvalidFormat,
                            expected,
                            describe(&Value::String(value.to_owned())),
                        )
                    });
                }
            };
        token_like(
            "service",
            &self.service,
            |b| b.is_ascii_lowercase() || b.is_ascii_digit(),
            "a lowercase service name such as cvm",
        );
        token_like(
            "action",
            &self.action,
            |b| b.is_ascii_alphanumeric(),
            "an action name such as DescribeInstances",
        );
        token_like(
            "version",
            &self.version,
            |b| b.is_ascii_digit() || b == b'-',
            "a version such as 2017-03-12",
        );
        if let Some(content_type) = &self.content_type {
            if content_type != CONTENT_TYPE && content_type != CONTENT_TYPE_UTF8 {
                w.key("contentType", |w| {
                    w.issue(
                        IssueCode::UnknownEnum,
                        "\"application/json\" or \"application/json; charset=utf-8\"",
                        describe(&Value::String(content_type.clone())),
                    )
                });
            }
        }
        match &self.payload {
            None | Some(Value::Object(_)) => {}
            Some(Value::String(text)) => {
                if !is_object_text(text) {
                    w.key("payload", |w| {
                        w.issue(
                            IssueCode::InvalidFormat,
                            "the text of a JSON object",
                            "text that is not a JSON object",
                        )
                    });
                }
            }
            Some(other) => w.key("payload", |w| {
                w.issue(
                    IssueCode::InvalidType,
                    "object, or the text of a JSON object",
                    describe(other),
                )
            }),
        }
    }
}

crate::json_model! {
    /// A call to any TC3 action, for `signRequest`.
    pub struct SignRequestInput {
        required {
            /// Service name, e.g. `cvm` (the host's first label).
            service as "service": String,
            /// Action name, e.g. `DescribeInstances`.
            action as "action": String,
            /// API version, e.g. `2017-03-12`.
            version as "version": String,
        }
        optional {
            /// The request parameters: an object, sent as compact JSON, or the text of one,
            /// signed and sent byte for byte (to reproduce another client's signature).
            #[cfg_attr(feature = "wasm", tsify(type = "Record<string, unknown> | string"))]
            payload as "payload": Value,
            /// `"application/json"` (default) or `"application/json; charset=utf-8"`, the
            /// variant in Tencent's signature examples.
            #[cfg_attr(feature = "wasm", tsify(type = "\"application/json\" | \"application/json; charset=utf-8\""))]
            content_type as "contentType": String,
        }
    }
}

impl FromJson for Value {
    fn expected() -> String {
        "any JSON value".into()
    }
    fn from_json(value: &Value, _w: &mut Walker) -> Option<Self> {
        Some(value.clone())
    }
}

/// Reads a Tencent response: the one place that interprets Tencent's error codes.
///
/// - a `Response.Error` object (Tencent answers errors with HTTP 200) → `api`;
/// - any other non-2xx status → `http`;
/// - otherwise the body must be `{"Response": T}` → `T`, or `schema` with every issue.
pub(crate) fn parse_response<M>(
    action: &str,
    operation: &'static str,
    raw: &RawResponse,
    limits: &Limits,
    read: impl FnOnce(&Value, &[&str]) -> Result<M, Vec<schema::Issue>>,
) -> Result<Parsed<M>, Error> {
    let tag = |e: Error| {
        let e = e.during(VENDOR, operation).for_action(action);
        settle_retryable(e, VENDOR, operation, None)
    };
    let json = raw.json(limits);
    if let Some(error) = json.as_ref().ok().and_then(|v| parse_error(raw, v)) {
        return Err(tag(error));
    }
    if !raw.is_success() {
        return Err(tag(http_error(raw)));
    }
    let value = json.map_err(tag)?;
    // The request id is inside the model; a body without a model has none.
    let request_id = value
        .get("Response")
        .and_then(|r| r.get("RequestId"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let envelope = ("Response", "object { Response }");
    model_at(raw, &value, envelope, request_id, read).map_err(tag)
}

/// The error in `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`, if any.
///
/// Retryable: rate limits (`RequestLimitExceeded*`), `InternalError*` and
/// `ServiceUnavailable`. Not retryable: `AuthFailure.*` (including `SignatureExpire`, which
/// needs a clock fix, not a resend), `InvalidParameter*`, `InvalidAction`, `ActionOffline`
/// and everything else, since an unknown code is safer not to repeat.
fn parse_error(raw: &RawResponse, body: &Value) -> Option<Error> {
    let response = body.get("Response")?;
    let error = response.get("Error")?;
    let code = error
        .get("Code")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let message = error
        .get("Message")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let mut out = Error::new(
        ErrorKind::Api,
        if message.is_empty() {
            code.clone()
        } else {
            format!("{code}: {message}")
        },
    );
    out.retryable = code.starts_with("RequestLimitExceeded")
        || code.starts_with("InternalError")
        || code == "ServiceUnavailable";
    out.code = (!code.is_empty()).then_some(code);
    out.request_id = response
        .get("RequestId")
        .and_then(Value::as_str)
        .map(str::to_owned);
    out.http_status = Some(raw.status);
    Some(out)
}

#[cfg(test)]
mod tests;
