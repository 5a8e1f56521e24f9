//! Douyin Open Platform (service market): the client, its token state, the envelopes and the
//! one function that reads Douyin error codes (`parse_error`).
//!
//! Douyin does not sign outbound requests: market calls carry an app-level `client_token`
//! in the `access-token` header. The client keeps that token ([`Douyin::set_token`],
//! [`Douyin::needs_token`]) so the host never has to. By default it uses
//! `POST /oauth/stable_client_token/`, which returns the same token while it is valid:
//! stateless edge instances can then each fetch one without invalidating the others (the
//! plain `/oauth/client_token/` endpoint invalidates older tokens and allows 500 calls per
//! 5 minutes). Operations in [`market`], webhooks in [`webhook`].
//!
//! ```
//! use quotakit::{BuildOptions, Douyin, DouyinOptions, RawResponse};
//!
//! let douyin = Douyin::new(DouyinOptions::new("fakekey", "fake-secret-not-real"))?;
//! let now = 1_700_000_000_000_i64;
//! assert!(douyin.needs_token(now));
//! let _request = douyin.client_token(&BuildOptions::at(now))?; // send it, then:
//! let body = r#"{"data":{"access_token":"clt.fake","expires_in":7200,"error_code":0},
//!     "extra":{"error_code":0}}"#;
//! douyin.parse_client_token(&RawResponse::new(200, body), now)?;
//! assert!(!douyin.needs_token(now + 60_000));
//! # Ok::<(), quotakit::Error>(())
//! ```

pub mod market;
pub mod webhook;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::{header_safe, http_error, model_at};
use crate::error::{Error, ErrorKind};
use crate::http::{BuildOptions, HttpRequest, Parsed, RawResponse};
use crate::limits::{Limits, LimitsInput};
use crate::operation::settle_retryable;
use crate::schema::{self, describe, FromJson, IssueCode, Walker};
use crate::secret::Secret;
use crate::time::UnixMillis;
use crate::url::Origin;

/// Name used in errors' `vendor` field.
pub const VENDOR: &str = "douyin";

/// Douyin's: the model in `data`; a nonzero `extra.error_code` or `data.error_code` is an error; the request id is `extra.logid`.
pub(crate) const ENVELOPE: crate::operation::Envelope = crate::operation::Envelope {
    model_at: Some("data"),
    probes: &[
        &["extra", "error_code"],
        &["data", "error_code"],
        &["extra", "logid"],
    ],
    request_id: Some(2),
    request_id_header: None,
    error: Some(parse_error),
    drop: &[],
};
/// The API host.
pub const DEFAULT_ENDPOINT: &str = "https://open.douyin.com";
/// A token is renewed this long before it expires, by default (5 minutes).
pub const DEFAULT_REFRESH_MARGIN_SECS: u64 = 300;

crate::json_enum! {
    /// Which client_token endpoint to use.
    pub enum TokenEndpoint {
        /// `/oauth/stable_client_token/`: the same token while valid (default).
        Stable = "stable",
        /// `/oauth/client_token/`: a new token each call; older ones expire 5 minutes later.
        Plain = "plain",
    }
}

/// Client configuration: [`DouyinOptions::new`] with the credentials, the rest optional.
#[derive(Clone, Default, PartialEq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DouyinOptions {
    /// The app's client_key.
    pub client_key: String,
    /// The app's client_secret. Kept inside the client; also verifies webhooks.
    pub client_secret: String,
    /// Base URL. Defaults to `https://open.douyin.com`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub endpoint: Option<String>,
    /// `stable` (default) or `plain`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub token_endpoint: Option<TokenEndpoint>,
    /// Renew the token this many seconds before it expires (default 300).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub refresh_margin_seconds: Option<u64>,
    /// Bounds on reading responses: `{ maxBodyBytes?, maxDepth? }` (8 MiB and 64 levels
    /// by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub limits: Option<LimitsInput>,
}

super::options_constructors!(DouyinOptions, client_key, client_secret);

impl std::fmt::Debug for DouyinOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DouyinOptions")
            .field("client_key", &self.client_key)
            .field("client_secret", &"<redacted>")
            .field("endpoint", &self.endpoint)
            .field("token_endpoint", &self.token_endpoint)
            .field("refresh_margin_seconds", &self.refresh_margin_seconds)
            .field("limits", &self.limits)
            .finish()
    }
}

impl FromJson for DouyinOptions {
    fn expected() -> String {
        "object { clientKey, clientSecret, endpoint?, tokenEndpoint?, refreshMarginSeconds? }"
            .into()
    }
    fn from_json(value: &Value, w: &mut Walker) -> Option<Self> {
        let object = w.object(value)?;
        w.only_fields(
            object,
            &[
                "clientKey",
                "clientSecret",
                "endpoint",
                "tokenEndpoint",
                "refreshMarginSeconds",
                "limits",
            ],
        );
        let client_key = w.field::<String>(object, "clientKey");
        let client_secret = schema::secret_field(w, object, "clientSecret", true);
        let endpoint = w.field::<Option<String>>(object, "endpoint");
        let token_endpoint = w.field::<Option<TokenEndpoint>>(object, "tokenEndpoint");
        let margin = w.field::<Option<u64>>(object, "refreshMarginSeconds");
        let limits = w.field::<Option<LimitsInput>>(object, "limits");
        Some(DouyinOptions {
            client_key: client_key?,
            client_secret: client_secret??,
            endpoint: endpoint?,
            token_endpoint: token_endpoint?,
            refresh_margin_seconds: margin?,
            limits: limits?,
        })
    }
}

/// A Douyin client: holds the client_secret and the current client_token.
///
/// ```
/// use quotakit::entitlement::{EntitlementOptions, Unit};
/// use quotakit::{Client, Douyin, DouyinOptions, RawResponse};
///
/// let douyin = Douyin::new(DouyinOptions::new("fakekey", "fake-secret-not-real"))?;
/// let body = r#"{"data":{"error_code":0,"description":"","purchase_info_list":[{"service_id":"s",
///     "service_mode_id":"count_500","remain_service_times":3}]},"extra":{"error_code":0,"logid":"l"}}"#;
/// let list = douyin.parse_get_user_service_purchase_list(&RawResponse::new(200, body))?;
/// let options = EntitlementOptions::at(0_i64).with_open_id("open-id");
/// let rights = douyin.entitlements(&list, &options)?;
/// assert_eq!((rights[0].unit, rights[0].remaining), (Unit::Uses, Some(3)));
/// # Ok::<(), quotakit::Error>(())
/// ```
#[derive(Clone)]
pub struct Douyin {
    client_key: String,
    client_secret: Secret,
    origin: Origin,
    token_endpoint: TokenEndpoint,
    margin_ms: i64,
    token: TokenStore,
    limits: Limits,
}

/// The client_token and when it expires (ms), behind a lock: every client method takes
/// `&self`, so one client serves concurrent calls and a retry loop that holds it.
#[derive(Default)]
struct TokenStore(std::sync::Mutex<Option<(Secret, i64)>>);

impl TokenStore {
    fn get(&self) -> Option<(Secret, i64)> {
        self.0
            .lock()
            .map_or_else(|p| p.into_inner().clone(), |t| t.clone())
    }

    fn set(&self, token: Secret, expires_at_ms: i64) {
        let mut slot = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *slot = Some((token, expires_at_ms));
    }

    /// Keeps a fetched token unless the one held lives longer: of two fetches that raced
    /// (calls on several threads), the older answer never replaces the newer.
    fn offer(&self, token: Secret, expires_at_ms: i64) {
        let mut slot = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !slot.as_ref().is_some_and(|(_, held)| *held > expires_at_ms) {
            *slot = Some((token, expires_at_ms));
        }
    }
}

impl Clone for TokenStore {
    fn clone(&self) -> Self {
        TokenStore(std::sync::Mutex::new(self.get()))
    }
}

impl std::fmt::Debug for Douyin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Douyin")
            .field("client_key", &self.client_key)
            .field("client_secret", &self.client_secret)
            .field("origin", &self.origin)
            .field("token_endpoint", &self.token_endpoint)
            .field("token_expires_at", &self.token.get().map(|(_, at)| at))
            .finish()
    }
}

/// What [`Douyin::parse_client_token`] returns; the token is also kept by the client.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ClientToken {
    /// The token (`clt.…`), for hosts that persist it across instances (then
    /// [`Douyin::set_token`]).
    pub access_token: String,
    /// Lifetime in seconds, as Douyin sent it.
    pub expires_in: u64,
    /// When it expires, ms since the epoch (`now + expiresIn`).
    pub expires_at: i64,
}

crate::json_model! {
    /// `data` of the client_token response.
    pub struct ClientTokenData {
        required {
            /// The token.
            access_token as "access_token": String,
            /// Lifetime in seconds.
            expires_in as "expires_in": u64,
        }
        optional {
            /// 0 on success.
            error_code as "error_code": i64,
            /// Empty on success.
            description as "description": String,
        }
    }
}

impl crate::driver::Client for Douyin {
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

    fn token_request(&self, now_ms: i64, force: bool) -> Option<Result<HttpRequest, Error>> {
        (force || self.needs_token(now_ms)).then(|| self.client_token(&BuildOptions::at(now_ms)))
    }

    fn keep_token(&self, raw: &RawResponse, now_ms: i64) -> Result<(), Error> {
        self.parse_client_token(raw, now_ms).map(|_| ())
    }
}

impl Douyin {
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

    /// Checks `options` and builds a client (without a token).
    pub fn new(options: DouyinOptions) -> Result<Self, Error> {
        let mut w = Walker::at_root(&[]);
        let limits = Limits::from_input(options.limits.as_ref(), &mut w);
        header_safe(&mut w, "clientKey", &options.client_key);
        header_safe(&mut w, "clientSecret", &options.client_secret);
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
        let margin = options
            .refresh_margin_seconds
            .unwrap_or(DEFAULT_REFRESH_MARGIN_SECS);
        if margin > 3600 {
            w.key("refreshMarginSeconds", |w| {
                w.issue(
                    IssueCode::OutOfRange,
                    "0..=3600",
                    format!("number {margin}"),
                )
            });
        }
        match origin {
            Some(origin) if !w.has_issues() => Ok(Douyin {
                limits,
                client_key: options.client_key,
                client_secret: Secret::new(options.client_secret),
                origin,
                token_endpoint: options.token_endpoint.unwrap_or(TokenEndpoint::Stable),
                margin_ms: i64::try_from(margin).unwrap_or(300) * 1000,
                token: TokenStore::default(),
            }),
            _ => {
                Err(Error::from_issues(ErrorKind::Input, w.into_issues())
                    .during(VENDOR, "Douyin::new"))
            }
        }
    }

    /// Builds the client_token request.
    pub fn client_token(&self, opts: &BuildOptions) -> Result<HttpRequest, Error> {
        opts.validate()
            .map_err(|e| e.during(VENDOR, "clientToken"))?;
        let path = match self.token_endpoint {
            TokenEndpoint::Stable => "/oauth/stable_client_token/",
            TokenEndpoint::Plain => "/oauth/client_token/",
        };
        let body = serde_json::json!({
            "client_key": self.client_key,
            "client_secret": self.client_secret.expose(),
            "grant_type": "client_credential",
        });
        Ok(self.request("POST", path, Some(body.to_string()), BTreeMap::new()))
    }

    /// Reads the client_token response, keeps the token, and returns it with its expiry.
    pub fn parse_client_token(
        &self,
        raw: &RawResponse,
        received_at: impl UnixMillis,
    ) -> Result<ClientToken, Error> {
        let now_ms = received_at.unix_millis();
        let data = parse_response(
            "clientToken",
            raw,
            &self.limits,
            schema::read::<ClientTokenData>,
        )?
        .into_inner();
        let expires_in_ms = i64::try_from(data.expires_in)
            .unwrap_or(i64::MAX / 2)
            .saturating_mul(1000);
        let expires_at = now_ms.saturating_add(expires_in_ms);
        self.token
            .offer(Secret::new(data.access_token.clone()), expires_at);
        Ok(ClientToken {
            access_token: data.access_token,
            expires_in: data.expires_in,
            expires_at,
        })
    }

    /// Stores a token obtained elsewhere (e.g. from a shared cache).
    pub fn set_token(&self, token: &str, expires_at: impl UnixMillis) -> Result<(), Error> {
        let mut w = Walker::at_root(&[]);
        header_safe(&mut w, "token", token);
        if w.has_issues() {
            return Err(
                Error::from_issues(ErrorKind::Input, w.into_issues()).during(VENDOR, "setToken")
            );
        }
        self.token.set(Secret::new(token), expires_at.unix_millis());
        Ok(())
    }

    /// Whether a new token is due at `now_ms`: none yet, or expiring within the margin.
    pub fn needs_token(&self, now: impl UnixMillis) -> bool {
        match self.token.get() {
            Some((_, expires_at)) => now.unix_millis() >= expires_at.saturating_sub(self.margin_ms),
            None => true,
        }
    }

    /// A request with `content-type` and, for market calls, `access-token`.
    fn request(
        &self,
        method: &'static str,
        path_and_query: &str,
        body: Option<String>,
        mut headers: BTreeMap<String, String>,
    ) -> HttpRequest {
        headers.insert("content-type".to_owned(), "application/json".to_owned());
        HttpRequest {
            method,
            url: format!("{}{path_and_query}", self.origin.base),
            headers,
            body,
            explain: None,
        }
    }

    /// A market request authorized with the stored token; an `input` error if there is none
    /// or it has expired at `now`.
    pub(crate) fn market_request(
        &self,
        operation: &'static str,
        method: &'static str,
        path_and_query: &str,
        body: Option<String>,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        opts.validate().map_err(|e| e.during(VENDOR, operation))?;
        let token = match self.token.get() {
            Some((token, expires_at)) if opts.now_ms < expires_at => token,
            Some(_) => {
                return Err(no_token(
                    "the client_token has expired: fetch a new one (clientToken) or setToken",
                    operation,
                ))
            }
            None => {
                return Err(no_token(
                    "no client_token yet: call clientToken first, or setToken",
                    operation,
                ))
            }
        };
        let mut headers = BTreeMap::new();
        headers.insert("access-token".to_owned(), token.expose().to_owned());
        Ok(self.request(method, path_and_query, body, headers))
    }
}

fn no_token(message: &str, operation: &'static str) -> Error {
    let mut e = Error::new(ErrorKind::Input, message);
    e.code = Some("no_token".into());
    e.during(VENDOR, operation)
}

/// Reads a Douyin response: the one place that interprets Douyin error codes.
///
/// `extra.error_code` or `data.error_code` ≠ 0 → `api`, with `description`,
/// `sub_error_code` and `extra.logid` as the request id. 10020 (rate limit) and 5xx are
/// retryable. Otherwise the body's `data` must match `T`.
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
    let request_id = logid(&value);
    model_at(
        raw,
        &value,
        ("data", "object { data, extra }"),
        request_id,
        read,
    )
    .map_err(tag)
}

fn logid(body: &Value) -> Option<String> {
    body.get("extra")
        .and_then(|e| e.get("logid"))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

fn parse_error(raw: &RawResponse, body: &Value) -> Option<Error> {
    let nonzero = |part: &str| {
        let section = body.get(part)?;
        let code = section
            .get("error_code")
            .and_then(Value::as_i64)
            .filter(|c| *c != 0)?;
        Some((code, section))
    };
    let (code, section) = nonzero("extra").or_else(|| nonzero("data"))?;
    let description = section
        .get("description")
        .and_then(Value::as_str)
        .filter(|d| !d.is_empty())
        .or_else(|| {
            body.get("data")
                .and_then(|d| d.get("description"))
                .and_then(Value::as_str)
        })
        .unwrap_or("")
        .to_owned();
    let sub = section
        .get("sub_error_code")
        .and_then(Value::as_i64)
        .filter(|c| *c != 0);
    let mut message = if description.is_empty() {
        code.to_string()
    } else {
        format!("{code}: {description}")
    };
    if let Some(sub) = sub {
        message.push_str(&format!(" (sub_error_code {sub})"));
    }
    let mut error = Error::new(ErrorKind::Api, message);
    error.code = Some(code.to_string());
    error.retryable = code == 10020 || matches!(raw.status, 429 | 500..=599);
    error.request_id = logid(body);
    error.http_status = Some(raw.status);
    Some(error)
}
