//! Polyv live API v4: the client, its two error envelopes, and the one function that reads
//! Polyv error codes (`parse_error`). Operations: [`group`].
//!
//! Every call carries `appId`, a 13-digit millisecond `timestamp` (valid 3 minutes) and
//! `sign` ([`crate::sign::polyv`]) in its query string. The `appSecret` must stay on a
//! server: anyone who holds it can call every API of the account.
//!
//! ```
//! use std::collections::BTreeMap;
//! use quotakit::{BuildOptions, Polyv, PolyvOptions};
//!
//! // The escape hatch for any Polyv API, on Polyv's published example.
//! let polyv = Polyv::new(PolyvOptions::new("g4rqgmmjuo", "fsq2k5weced1h8vui657xtdva66whf0g"))?;
//! let params = BTreeMap::from([
//!     ("channelIds".to_owned(), "2477096,2272655".to_owned()),
//!     ("startDay".to_owned(), "2022-05-20".to_owned()),
//!     ("endDay".to_owned(), "2022-06-18".to_owned()),
//! ]);
//! let signed = polyv.sign_params(&params, &BuildOptions::at(1_660_270_926_732_i64))?;
//! assert_eq!(signed.params["sign"], "0D2BDA2FD04D93A2B8832B91FD973C4D");
//! # Ok::<(), quotakit::Error>(())
//! ```

pub mod accounts;
pub mod group;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::{header_safe, http_error, model_at};
use crate::clock::{ClockSkew, ClockSync};
use crate::error::{Error, ErrorKind};
use crate::http::{BuildOptions, Explain, HttpRequest, Parsed, RawResponse};
use crate::limits::{Limits, LimitsInput};
use crate::operation::settle_retryable;
use crate::schema::{self, describe, FromJson, IssueCode, Walker};
use crate::secret::Secret;
use crate::sign::encode::query_string;
use crate::sign::polyv::{self as polyv_sign, SignatureMethod};
use crate::time::UnixMillis;
use crate::url::Origin;

/// Name used in errors' `vendor` field.
pub const VENDOR: &str = "polyv";

/// Polyv's: the model in `data`; `code`, `success` and `status` tell an error. The
/// credentials that sub-account lists carry for every account are left out.
pub(crate) const ENVELOPE: crate::operation::Envelope = crate::operation::Envelope {
    model_at: Some("data"),
    probes: &[&["code"], &["success"], &["status"], &["requestId"]],
    request_id: Some(3),
    request_id_header: None,
    error: Some(parse_error),
    drop: &[
        &["contents", "*", "appSecret"],
        &["contents", "*", "vodSecretKey"],
        &["contents", "*", "vodBakSecretKey"],
        &["contents", "*", "writeToken"],
        &["contents", "*", "readToken"],
    ],
};

/// The API host.
pub const DEFAULT_ENDPOINT: &str = "https://api.polyv.net";

/// Client configuration: [`PolyvOptions::new`] with the credentials, the rest optional.
#[derive(Clone, Default, PartialEq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PolyvOptions {
    /// The (group master) account's appId.
    pub app_id: String,
    /// The account's appSecret. Server-side only; kept inside the client.
    pub app_secret: String,
    /// `MD5` (default) or `SHA256`; SHA256 also sends `signatureMethod=SHA256`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub signature_method: Option<SignatureMethod>,
    /// Base URL. Defaults to `https://api.polyv.net`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub endpoint: Option<String>,
    /// Bounds on reading responses: `{ maxBodyBytes?, maxDepth? }` (8 MiB and 64 levels
    /// by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub limits: Option<LimitsInput>,
}

super::options_constructors!(PolyvOptions, app_id, app_secret);

impl std::fmt::Debug for PolyvOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PolyvOptions")
            .field("app_id", &self.app_id)
            .field("app_secret", &"<redacted>")
            .field("signature_method", &self.signature_method)
            .field("endpoint", &self.endpoint)
            .field("limits", &self.limits)
            .finish()
    }
}

impl FromJson for PolyvOptions {
    fn expected() -> String {
        "object { appId, appSecret, signatureMethod?, endpoint? }".into()
    }
    fn from_json(value: &Value, w: &mut Walker) -> Option<Self> {
        let object = w.object(value)?;
        w.only_fields(
            object,
            &[
                "appId",
                "appSecret",
                "signatureMethod",
                "endpoint",
                "limits",
            ],
        );
        let app_id = w.field::<String>(object, "appId");
        let app_secret = schema::secret_field(w, object, "appSecret", true);
        let signature_method = w.field::<Option<SignatureMethod>>(object, "signatureMethod");
        let endpoint = w.field::<Option<String>>(object, "endpoint");
        let limits = w.field::<Option<LimitsInput>>(object, "limits");
        Some(PolyvOptions {
            app_id: app_id?,
            app_secret: app_secret??,
            signature_method: signature_method?,
            endpoint: endpoint?,
            limits: limits?,
        })
    }
}

/// A Polyv client: holds the appSecret, builds signed requests and reads responses.
///
/// ```
/// use quotakit::platforms::polyv::group::ListPackageValidityInput;
/// use quotakit::{BuildOptions, Polyv, PolyvOptions};
///
/// let polyv = Polyv::new(PolyvOptions::new("fakeapp", "fake-secret-not-real"))?;
/// let input = ListPackageValidityInput { page_size: Some(50), ..ListPackageValidityInput::new() };
/// let request = polyv.list_package_validity(&input, &BuildOptions::at(1_700_000_000_000_i64))?;
/// assert!(request.url.starts_with("https://api.polyv.net/live/v4/group/user/package-validity/list?"));
/// assert!(request.url.contains("timestamp=1700000000000"));
/// # Ok::<(), quotakit::Error>(())
/// ```
#[derive(Clone)]
pub struct Polyv {
    app_id: String,
    app_secret: Secret,
    method: SignatureMethod,
    origin: Origin,
    limits: Limits,
    skew: ClockSkew,
}

impl std::fmt::Debug for Polyv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Polyv")
            .field("app_id", &self.app_id)
            .field("app_secret", &self.app_secret)
            .field("method", &self.method)
            .field("origin", &self.origin)
            .finish()
    }
}

/// Parameters with their `sign`, as `signParams` returns them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "wasm", tsify(hashmap_as_object))]
pub struct SignedParams {
    /// Every parameter to send: yours (empty ones dropped), `appId`, `timestamp`,
    /// `signatureMethod` (SHA256 only) and `sign`.
    pub params: BTreeMap<String, String>,
    /// The same, as a query string.
    pub query: String,
    /// The signing stages, with `{ explain: true }`; the secret shows as `<appSecret>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub explain: Option<Explain>,
}

impl crate::driver::Client for Polyv {
    const VENDOR: &'static str = VENDOR;

    fn read_model(
        &self,
        operation: &'static str,
        raw: &RawResponse,
        read: crate::driver::ModelReader<'_>,
    ) -> Result<Parsed<Value>, Error> {
        parse_response(operation, raw, &self.limits, read)
    }

    fn repeat_rule(&self, operation: &str, has_key: &dyn Fn(&str) -> bool) -> bool {
        self.safe_to_repeat(operation, has_key)
    }
}

impl Polyv {
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

    /// Checks `options` and builds a client.
    pub fn new(options: PolyvOptions) -> Result<Self, Error> {
        let mut w = Walker::at_root(&[]);
        let limits = Limits::from_input(options.limits.as_ref(), &mut w);
        header_safe(&mut w, "appId", &options.app_id);
        header_safe(&mut w, "appSecret", &options.app_secret);
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
        match origin {
            Some(origin) if !w.has_issues() => Ok(Polyv {
                skew: ClockSkew::default(),
                limits,
                app_id: options.app_id,
                app_secret: Secret::new(options.app_secret),
                method: options.signature_method.unwrap_or(SignatureMethod::Md5),
                origin,
            }),
            _ => {
                Err(Error::from_issues(ErrorKind::Input, w.into_issues())
                    .during(VENDOR, "Polyv::new"))
            }
        }
    }

    /// Adds `appId`, `timestamp` (13-digit ms from `now`), `signatureMethod` (SHA256) and
    /// `sign` to `params`, dropping empty values. The escape hatch for any Polyv API.
    pub fn sign_params(
        &self,
        params: &BTreeMap<String, String>,
        opts: &BuildOptions,
    ) -> Result<SignedParams, Error> {
        opts.validate()?;
        let mut w = Walker::at_root(&[]);
        for (name, value) in params {
            if matches!(
                name.as_str(),
                "appId" | "timestamp" | "sign" | "signatureMethod"
            ) {
                w.data_key(name, |w| {
                    w.issue(
                        IssueCode::InvalidValue,
                        "not set by hand: quotakit adds appId, timestamp, signatureMethod and sign",
                        "a value",
                    )
                });
            } else if name.is_empty() || value.chars().any(char::is_control) {
                w.data_key(name, |w| {
                    w.issue(
                        IssueCode::InvalidFormat,
                        "a non-empty name and a value without control characters",
                        "a value with control characters",
                    )
                });
            }
        }
        if w.has_issues() {
            return Err(Error::from_issues(ErrorKind::Input, w.into_issues()));
        }
        // Inserted one by one: a collect into a map compiles a sort of its own.
        let mut all = BTreeMap::new();
        for (k, v) in params.iter().filter(|(_, v)| !v.is_empty()) {
            all.insert(k.clone(), v.clone());
        }
        all.insert("appId".into(), self.app_id.clone());
        all.insert("timestamp".into(), self.skew.apply(opts.now_ms).to_string());
        if self.method == SignatureMethod::Sha256 {
            all.insert("signatureMethod".into(), "SHA256".into());
        }
        let pairs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let signature = polyv_sign::sign(&pairs, self.app_secret.expose(), self.method);
        all.insert("sign".into(), signature.sign.clone());
        let query = query_string(all.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        Ok(SignedParams {
            params: all,
            query,
            explain: opts.explain.then(|| Explain {
                algorithm: if self.method == SignatureMethod::Sha256 {
                    "SHA256"
                } else {
                    "MD5"
                },
                canonical_request: signature.signed_params.join("&"),
                string_to_sign: signature.redacted_plain,
                signed_headers: String::new(),
                signature: signature.sign,
            }),
        })
    }

    /// A signed POST of `path` with the JSON `body`: `appId`, `timestamp` and `sign` in the
    /// query, the body unsigned, as Polyv's v4 writes take them.
    pub(crate) fn post_json(
        &self,
        path: &str,
        body: String,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        let signed = self.sign_params(&BTreeMap::new(), opts)?;
        Ok(HttpRequest {
            method: "POST",
            url: format!("{}{path}?{}", self.origin.base, signed.query),
            headers: BTreeMap::from([("Content-Type".to_owned(), "application/json".to_owned())]),
            body: Some(body),
            explain: signed.explain,
        })
    }

    /// A signed GET of `path` with `params` in the query.
    pub(crate) fn get(
        &self,
        path: &str,
        params: &BTreeMap<String, String>,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        let signed = self.sign_params(params, opts)?;
        Ok(HttpRequest {
            method: "GET",
            url: format!("{}{path}?{}", self.origin.base, signed.query),
            headers: BTreeMap::new(),
            body: None,
            explain: signed.explain,
        })
    }
}

/// Reads a Polyv response: the one place that interprets Polyv's envelopes.
///
/// - v4: `{code, status, success, requestId, error: {code, desc}, data}`; `success: false`
///   or `code` ≠ 200 → `api` with `error.code`, `error.desc` and `requestId`;
/// - older: `{code, status: "error", message, data: ""}` → `api`;
/// - any other non-2xx → `http`.
///
/// Retryable: HTTP 429 and 5xx, codes ≥ 500, and rate-limit messages ("qps": quotakit's
/// reading of a v3 example message; Polyv documents no rate-limit code).
pub(crate) fn parse_response<M>(
    operation: &'static str,
    raw: &RawResponse,
    limits: &Limits,
    read: impl FnOnce(&Value, &[&str]) -> Result<M, Vec<schema::Issue>>,
) -> Result<Parsed<M>, Error> {
    let tag = |e: Error| settle_retryable(e.during(VENDOR, operation), VENDOR, operation, None);
    let json = raw.json(limits);
    if let Some(error) = json.as_ref().ok().and_then(|v| parse_error(raw, v)) {
        return Err(tag(error));
    }
    if !raw.is_success() {
        return Err(tag(http_error(raw)));
    }
    let value = json.map_err(tag)?;
    let request_id = value
        .get("requestId")
        .and_then(Value::as_str)
        .map(str::to_owned);
    model_at(
        raw,
        &value,
        ("data", "object { code, status, data }"),
        request_id,
        read,
    )
    .map_err(tag)
}

fn parse_error(raw: &RawResponse, body: &Value) -> Option<Error> {
    let object = body.as_object()?;
    let code = object.get("code").and_then(Value::as_i64);
    let failed = object.get("success") == Some(&Value::Bool(false))
        || object.get("status").and_then(Value::as_str) == Some("error")
        || code.is_some_and(|c| c != 200);
    if !failed {
        return None;
    }
    let nested = object.get("error");
    let vendor_code = nested
        .and_then(|e| e.get("code"))
        .map(|c| c.as_str().map_or_else(|| c.to_string(), str::to_owned))
        .or_else(|| code.map(|c| c.to_string()));
    let message = nested
        .and_then(|e| e.get("desc"))
        .and_then(Value::as_str)
        .or_else(|| object.get("message").and_then(Value::as_str))
        .unwrap_or("")
        .to_owned();
    let mut error = Error::new(
        ErrorKind::Api,
        match &vendor_code {
            Some(c) if !message.is_empty() => format!("{c}: {message}"),
            Some(c) => c.clone(),
            None => message.clone(),
        },
    );
    error.retryable = matches!(raw.status, 429 | 500..=599)
        || code.is_some_and(|c| c >= 500)
        || message.to_ascii_lowercase().contains("qps");
    error.code = vendor_code;
    error.request_id = object
        .get("requestId")
        .and_then(Value::as_str)
        .map(str::to_owned);
    error.http_status = Some(raw.status);
    Some(error)
}
