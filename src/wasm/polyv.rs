//! `Polyv` for JS: one short adapter per core method.

use std::collections::BTreeMap;

use tsify::Ts;
use wasm_bindgen::prelude::*;

use crate::clock::ClockSync;

use super::{build_options, build_with, error_to_js, input, parse_with, to_js};
use crate::http::{BuildOptionsInput, HttpRequest, RawResponse};
use crate::platforms::polyv::group::ListPackageValidityInput;
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

    /// Builds a signed `listPackageValidity` request (group sub-accounts' resources).
    #[wasm_bindgen(js_name = listPackageValidity)]
    pub fn list_package_validity(
        &self,
        input: Ts<ListPackageValidityInput>,
        opts: Option<Ts<BuildOptionsInput>>,
    ) -> Result<Ts<HttpRequest>, JsValue> {
        build_with(
            VENDOR,
            "listPackageValidity",
            input.into(),
            opts.map(Into::into),
            |i, o| self.inner.list_package_validity(i, o),
        )
        .map(Ts::new_unchecked)
    }

    /// Validates a `listPackageValidity` response; returns its `data`.
    #[wasm_bindgen(js_name = parseListPackageValidity, unchecked_return_type = "Parsed<ListPackageValidityResponse>")]
    pub fn parse_list_package_validity(&self, raw: Ts<RawResponse>) -> Result<JsValue, JsValue> {
        parse_with(VENDOR, "listPackageValidity", raw.into(), |r| {
            self.inner.parse_list_package_validity(r)
        })
    }

    /// The typed builder on the string boundary, for the package's JS (`build_lines`).
    #[wasm_bindgen(js_name = "__buildLines", skip_typescript)]
    pub fn build_lines(&self, op: &str, input: &str, now: Option<f64>) -> Result<String, JsValue> {
        match op {
            "listPackageValidity" => {
                super::build_lines(VENDOR, "listPackageValidity", input, now, |i, o| {
                    self.inner.list_package_validity(i, o)
                })
            }
            _ => Err(super::no_builder(VENDOR, op)),
        }
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

    /// Internal to the package's JS: whether a response is a valid success of `op`, read
    /// by the operation table in one pass (see `check_with`).
    #[wasm_bindgen(js_name = "__check", skip_typescript)]
    pub fn check(
        &self,
        op: &str,
        status: u16,
        body: &str,
        header_request_id: Option<String>,
    ) -> JsValue {
        super::check_with(
            VENDOR,
            op,
            status,
            body,
            header_request_id,
            self.inner.limits(),
        )
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

#[wasm_bindgen(typescript_custom_section)]
const CALL_TS: &str = r#"
/** Each operation `call` accepts: `[input, result]`. */
export interface PolyvOperations {
    listPackageValidity: [ListPackageValidityInput, Parsed<ListPackageValidityResponse>];
}

export interface Polyv {
    /** Builds, sends with `opts.fetch` and validates in one call. */
    call<K extends keyof PolyvOperations>(op: K, input: PolyvOperations[K][0], opts?: CallOptions): Promise<PolyvOperations[K][1]>;
}
"#;
