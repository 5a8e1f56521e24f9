//! `TencentCloud` for JS: one short adapter per core method.

use tsify::Ts;
use wasm_bindgen::prelude::*;

use crate::clock::ClockSync;
use crate::error::{Error, ErrorKind};

use super::{build_with, error_to_js, input};
use crate::http::{BuildOptionsInput, HttpRequest, RawResponse};
use crate::platforms::tencent::notification::{
    self, MarketNotificationInput, VerifiedNotification, DEFAULT_WINDOW_SECS,
};
use crate::platforms::tencent::{SignRequestInput, TencentCloud, TencentCloudOptions, VENDOR};

/// A Tencent Cloud API 3.0 client (TC3-HMAC-SHA256). Holds the credentials; they cannot be
/// read back. Builders return signed requests; `parse*` methods validate responses.
#[wasm_bindgen(js_name = TencentCloud)]
#[derive(Debug)]
pub struct TencentCloudJs {
    inner: TencentCloud,
}

#[wasm_bindgen(js_class = TencentCloud)]
impl TencentCloudJs {
    /// Checks the options and creates a client. Throws `QuotakitError` (`kind: "input"`).
    #[wasm_bindgen(constructor)]
    pub fn new(options: Ts<TencentCloudOptions>) -> Result<TencentCloudJs, JsValue> {
        let options = input::<TencentCloudOptions>(&options.into(), &[])
            .map_err(|e| e.during(VENDOR, "new TencentCloud"))
            .map_err(error_to_js)?;
        let inner = TencentCloud::new(options).map_err(error_to_js)?;
        Ok(TencentCloudJs { inner })
    }

    /// Signs a call to any API 3.0 action: `{ service, action, version, payload }`.
    #[wasm_bindgen(js_name = signRequest)]
    pub fn sign_request(
        &self,
        request: Ts<SignRequestInput>,
        opts: Option<Ts<BuildOptionsInput>>,
    ) -> Result<Ts<HttpRequest>, JsValue> {
        build_with(
            VENDOR,
            "signRequest",
            request.into(),
            opts.map(Into::into),
            |i, o| self.inner.sign_request(i, o),
        )
        .map(Ts::new_unchecked)
    }

    /// Verifies a Tencent Cloud Market SaaS notification: `{ query: { signature, timestamp,
    /// eventId }, token, now?, windowSeconds? }`. Throws `kind: "signature"` when forged or
    /// older than the window (30 s by default).
    #[wasm_bindgen(js_name = verifyMarketNotification)]
    pub fn verify_market_notification(
        request: Ts<MarketNotificationInput>,
    ) -> Result<Ts<VerifiedNotification>, JsValue> {
        let result = input::<MarketNotificationInput>(&request.into(), &[])
            .and_then(|r| {
                let now = r.now.unwrap_or_else(|| js_sys::Date::now() as i64);
                let window = r.window_seconds.unwrap_or(DEFAULT_WINDOW_SECS);
                notification::verify_market_notification(&r.query, &r.token, now, window)
            })
            .map_err(|e| error_to_js(e.during(VENDOR, "verifyMarketNotification")))?;
        super::to_js(&result).map(Ts::new_unchecked)
    }

    /// Learns this client's clock offset from a response's `Date` header (ignored when the
    /// response came from a cache or is more than 24 hours off); later requests of this
    /// client are signed at `now + offset`. Call it after an `AuthFailure.SignatureExpire`,
    /// or on any fresh response.
    #[wasm_bindgen(js_name = syncClock)]
    pub fn sync_clock(
        &self,
        raw: Ts<RawResponse>,
        opts: Option<Ts<BuildOptionsInput>>,
    ) -> Result<Ts<ClockSync>, JsValue> {
        super::sync_with(VENDOR, raw.into(), opts.map(Into::into), |r, now| {
            self.inner.sync_clock(r, now)
        })
        .map(Ts::new_unchecked)
    }

    /// Whether `call` may resend operation `op` with `input` after a failure whose outcome
    /// is unknown: reads, and writes the vendor counts once per idempotency key. The rule
    /// is the operation's (quotakit's operation table), not the caller's. An unknown
    /// operation name throws (`code: "unknown_operation"`) rather than answer `false`.
    #[wasm_bindgen(js_name = safeToRepeat)]
    pub fn safe_to_repeat(
        &self,
        #[wasm_bindgen(unchecked_param_type = "keyof TencentCloudOperations | \"signRequest\"")] op: JsValue,
        #[wasm_bindgen(unchecked_param_type = "unknown")] input: JsValue,
    ) -> Result<bool, JsValue> {
        let op = super::operation_name(VENDOR, &op)?;
        Ok(self.inner.safe_to_repeat(&op, super::has_key(&input)))
    }

    /// Internal to the package's JS: `signRequest` across a string boundary, one string in
    /// and one out. `parts` is `service`, `action`, `version` and `contentType` (empty for
    /// the default), each followed by a newline, then the payload; JS has checked their
    /// types and characters (see `extras.mjs`). `payload_kind` says what the payload is: 0
    /// none (`{}`), 1 the text to send, 2 `JSON.stringify` of an object, 3 the SHA-256
    /// (hex) of a text JS sends itself. Returns the request as lines (`request_lines`), with
    /// the body when quotakit wrote it (kinds 0 and 2).
    #[wasm_bindgen(js_name = "__signLines", skip_typescript)]
    pub fn sign_lines(
        &self,
        parts: &str,
        payload_kind: u8,
        now: Option<f64>,
    ) -> Result<String, JsValue> {
        let fail = |e: Error| error_to_js(e.during(VENDOR, "signRequest"));
        let mut fields = parts.splitn(5, '\n');
        let mut next = || fields.next().unwrap_or_default();
        let (service, action, version, content_type, payload) =
            (next(), next(), next(), next(), next());
        let mut request = SignRequestInput {
            service: service.to_owned(),
            action: action.to_owned(),
            version: version.to_owned(),
            payload: None,
            content_type: (!content_type.is_empty()).then(|| content_type.to_owned()),
        };
        let opts = super::now_options(now);
        let signed = match payload_kind {
            3 => self.inner.sign_request_hashed(&request, payload, &opts),
            kind => {
                request.payload = match kind {
                    1 => Some(serde_json::Value::String(payload.to_owned())),
                    2 => Some(serde_json::from_str(payload).map_err(|e| {
                        fail(Error::new(
                            ErrorKind::Input,
                            format!("payload is not JSON: {e}"),
                        ))
                    })?),
                    _ => None,
                };
                self.inner.sign_request(&request, &opts)
            }
        };
        signed
            .map(|r| super::request_lines(&r, matches!(payload_kind, 0 | 2)))
            .map_err(fail)
    }

    /// Internal to the package's JS: `entitlements(op, result, opts)` on the JSON text of
    /// a result (see `entitlements_with`).
    #[wasm_bindgen(js_name = "__entitlements", skip_typescript)]
    pub fn entitlements(
        &self,
        op: &str,
        result: &str,
        opts: Option<JsValue>,
    ) -> Result<String, JsValue> {
        super::entitlements_with(VENDOR, op, result, opts, None)
    }

    /// Never reveals credentials: `JSON.stringify(client)` gives `{"vendor":"tencent"}`.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "{ vendor: \"tencent\" }")]
    pub fn to_json(&self) -> JsValue {
        super::vendor_json(VENDOR)
    }

    /// `[object TencentCloud]`-style description without credentials.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        "TencentCloud { credentials: <redacted> }".to_owned()
    }
}

super::operation_methods!(TencentCloudJs, TencentCloud);
