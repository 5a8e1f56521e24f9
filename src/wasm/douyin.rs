//! `Douyin` for JS: one short adapter per core method.

use tsify::Ts;
use wasm_bindgen::prelude::*;

use super::{build_options, error_to_js, input, request_to_js, to_js};
use crate::http::{BuildOptionsInput, HttpRequest, RawResponse};
use crate::platforms::douyin::webhook::{WebhookEvent, WebhookRequest};
use crate::platforms::douyin::{ClientToken, Douyin, DouyinOptions, VENDOR};

/// A Douyin Open Platform client (service market). Keeps the client_secret and the current
/// client_token; `call` fetches a token first when one is due.
#[wasm_bindgen(js_name = Douyin)]
#[derive(Debug)]
pub struct DouyinJs {
    inner: Douyin,
}

#[wasm_bindgen(js_class = Douyin)]
impl DouyinJs {
    /// Checks the options and creates a client. Throws `QuotakitError` (`kind: "input"`).
    #[wasm_bindgen(constructor)]
    pub fn new(options: Ts<DouyinOptions>) -> Result<DouyinJs, JsValue> {
        let inner = input::<DouyinOptions>(&options.into(), &[])
            .and_then(Douyin::new)
            .map_err(|e| error_to_js(e.during(VENDOR, "new Douyin")))?;
        Ok(DouyinJs { inner })
    }

    /// Builds the client_token request (`stable_client_token` unless configured otherwise).
    #[wasm_bindgen(js_name = clientToken)]
    pub fn client_token(
        &self,
        opts: Option<Ts<BuildOptionsInput>>,
    ) -> Result<Ts<HttpRequest>, JsValue> {
        let result = build_options(opts.map(Into::into))
            .and_then(|o| self.inner.client_token(&o))
            .map_err(|e| error_to_js(e.during(VENDOR, "clientToken")))?;
        request_to_js(result).map(Ts::new_unchecked)
    }

    /// Validates the client_token response, keeps the token, and returns it with `expiresAt`
    /// (from `opts.now`, default `Date.now()`).
    #[wasm_bindgen(js_name = parseClientToken)]
    pub fn parse_client_token(
        &self,
        raw: Ts<RawResponse>,
        opts: Option<Ts<BuildOptionsInput>>,
    ) -> Result<Ts<ClientToken>, JsValue> {
        let result = super::raw_response(&raw.into())
            .and_then(|r| Ok((r, build_options(opts.map(Into::into))?)))
            .and_then(|(r, o)| self.inner.parse_client_token(&r, o.now_ms))
            .map_err(|e| error_to_js(e.during(VENDOR, "clientToken")))?;
        to_js(&result).map(Ts::new_unchecked)
    }

    /// Stores a token obtained elsewhere, e.g. from a cache shared by several instances.
    #[wasm_bindgen(js_name = setToken)]
    pub fn set_token(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
        #[wasm_bindgen(js_name = expiresAt, unchecked_param_type = "number")] expires_at: JsValue,
    ) -> Result<(), JsValue> {
        input::<String>(&token, &["token"])
            .and_then(|t| Ok((t, input::<i64>(&expires_at, &["expiresAt"])?)))
            .and_then(|(t, at)| self.inner.set_token(&t, at))
            .map_err(|e| error_to_js(e.during(VENDOR, "setToken")))
    }

    /// Whether a new token is due at `now` (ms, default `Date.now()`): none yet, or expiring
    /// within the safety margin.
    #[wasm_bindgen(js_name = needsToken)]
    pub fn needs_token(&self, now: Option<js_sys::Number>) -> Result<bool, JsValue> {
        // `js_sys::Number` only types the parameter (`now?: number | null`); what arrives is
        // any JS value, read and checked like every other input.
        let now = match now {
            Some(v) => input::<Option<i64>>(&v.into(), &["now"])
                .map_err(|e| error_to_js(e.during(VENDOR, "needsToken")))?,
            None => None,
        };
        Ok(self
            .inner
            .needs_token(now.unwrap_or_else(|| js_sys::Date::now() as i64)))
    }

    /// Verifies `X-Douyin-Signature` and reads the event. Throws `kind: "signature"` when
    /// forged. For `verify_webhook`, answer with `event.reply`.
    #[wasm_bindgen(js_name = verifyWebhook)]
    pub fn verify_webhook(&self, request: Ts<WebhookRequest>) -> Result<Ts<WebhookEvent>, JsValue> {
        let result = input::<WebhookRequest>(&request.into(), &[])
            .and_then(|r| self.inner.verify_webhook(&r))
            .map_err(|e| error_to_js(e.during(VENDOR, "verifyWebhook")))?;
        to_js(&result).map(Ts::new_unchecked)
    }

    /// Whether `call` may resend operation `op` with `input` after a failure whose outcome
    /// is unknown: reads, and writes the vendor counts once per idempotency key. The rule
    /// is the operation's (quotakit's operation table), not the caller's. An unknown
    /// operation name throws (`code: "unknown_operation"`) rather than answer `false`.
    #[wasm_bindgen(js_name = safeToRepeat)]
    pub fn safe_to_repeat(
        &self,
        #[wasm_bindgen(unchecked_param_type = "keyof DouyinOperations | \"clientToken\"")]
        op: JsValue,
        #[wasm_bindgen(unchecked_param_type = "unknown")] input: JsValue,
    ) -> Result<bool, JsValue> {
        let op = super::operation_name(VENDOR, &op)?;
        Ok(self.inner.safe_to_repeat(&op, super::has_key(&input)))
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

    /// Never reveals credentials: `JSON.stringify(client)` gives `{"vendor":"douyin"}`.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "{ vendor: \"douyin\" }")]
    pub fn to_json(&self) -> JsValue {
        super::vendor_json(VENDOR)
    }

    /// A description without credentials.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        "Douyin { credentials: <redacted> }".to_owned()
    }
}

super::operation_methods!(DouyinJs, Douyin);
