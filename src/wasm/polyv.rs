//! `Polyv` for JS: one short adapter per core method.

use std::collections::BTreeMap;

use tsify::Ts;
use wasm_bindgen::prelude::*;

use crate::clock::ClockSync;

use super::{build_options, error_to_js, input, to_js};
use crate::http::{BuildOptionsInput, RawResponse};
use crate::platforms::polyv::{Polyv, PolyvOptions, SignedParams, VENDOR};

/// A Polyv client (MD5/SHA256 `sign`). Keep it on a server: it holds the appSecret.
#[wasm_bindgen(js_name = Polyv)]
#[derive(Debug)]
pub struct PolyvJs {
    inner: Polyv,
}

#[wasm_bindgen(js_class = Polyv)]
impl PolyvJs {
    /// Checks the options and creates a client. Throws `QuotakitError` (`kind: "input"`).
    #[wasm_bindgen(constructor)]
    pub fn new(options: Ts<PolyvOptions>) -> Result<PolyvJs, JsValue> {
        let inner = input::<PolyvOptions>(&options.into(), &[])
            .and_then(Polyv::new)
            .map_err(|e| error_to_js(e.during(VENDOR, "new Polyv")))?;
        Ok(PolyvJs { inner })
    }

    /// Signs the parameters of any Polyv API: adds `appId`, `timestamp`, `sign`.
    #[wasm_bindgen(js_name = signParams)]
    pub fn sign_params(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] params: JsValue,
        opts: Option<Ts<BuildOptionsInput>>,
    ) -> Result<Ts<SignedParams>, JsValue> {
        let result = input::<BTreeMap<String, String>>(&params, &[])
            .and_then(|p| Ok((p, build_options(opts.map(Into::into))?)))
            .and_then(|(p, o)| self.inner.sign_params(&p, &o))
            .map_err(|e| error_to_js(e.during(VENDOR, "signParams")))?;
        to_js::<SignedParams>(&result).map(Ts::new_unchecked)
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
        #[wasm_bindgen(unchecked_param_type = "keyof PolyvOperations")] op: JsValue,
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

    /// Never reveals credentials: `JSON.stringify(client)` gives `{"vendor":"polyv"}`.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "{ vendor: \"polyv\" }")]
    pub fn to_json(&self) -> JsValue {
        super::vendor_json(VENDOR)
    }

    /// A description without credentials.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        "Polyv { credentials: <redacted> }".to_owned()
    }
}

super::operation_methods!(PolyvJs, Polyv);
