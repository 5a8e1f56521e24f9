//! `Baidu` for JS: one short adapter per core method.

use tsify::Ts;
use wasm_bindgen::prelude::*;

use crate::clock::ClockSync;

use super::{build_with, error_to_js, input};
use crate::http::{BuildOptionsInput, HttpRequest, RawResponse};
use std::collections::BTreeMap;

use crate::error::{Error, ErrorKind};
use crate::platforms::baidu::{Baidu, BaiduOptions, BceRequestInput, Method, VENDOR};

/// A Baidu AI Cloud client (bce-auth-v1). Holds the credentials; they cannot be read back.
#[wasm_bindgen(js_name = Baidu)]
#[derive(Debug)]
pub struct BaiduJs {
    inner: Baidu,
}

#[wasm_bindgen(js_class = Baidu)]
impl BaiduJs {
    /// Checks the options and creates a client. Throws `QuotakitError` (`kind: "input"`).
    #[wasm_bindgen(constructor)]
    pub fn new(options: Ts<BaiduOptions>) -> Result<BaiduJs, JsValue> {
        let options = input::<BaiduOptions>(&options.into(), &[])
            .and_then(Baidu::new)
            .map_err(|e| error_to_js(e.during(VENDOR, "new Baidu")))?;
        Ok(BaiduJs { inner: options })
    }

    /// Signs any BCE request: `{ method, path, query?, headers?, body? }`.
    #[wasm_bindgen(js_name = signRequest)]
    pub fn sign_request(
        &self,
        request: Ts<BceRequestInput>,
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
        #[wasm_bindgen(unchecked_param_type = "keyof BaiduOperations | \"signRequest\"")]
        op: JsValue,
        #[wasm_bindgen(unchecked_param_type = "unknown")] input: JsValue,
    ) -> Result<bool, JsValue> {
        let op = super::operation_name(VENDOR, &op)?;
        Ok(self.inner.safe_to_repeat(&op, super::has_key(&input)))
    }

    /// Internal to the package's JS: `signRequest` across a string boundary, one string in
    /// and one out. `parts` is lines: the method, the path, the number of query
    /// parameters and each one's name and value, the number of headers and each one's
    /// name and value. JS has checked that none holds a control character and sends the
    /// body itself (bce-auth-v1 does not sign it). Returns the request as lines
    /// (`request_lines`).
    #[wasm_bindgen(js_name = "__signLines", skip_typescript)]
    pub fn sign_lines(&self, parts: &str, now: Option<f64>) -> Result<String, JsValue> {
        let malformed = || {
            error_to_js(
                Error::new(ErrorKind::Input, "malformed signRequest lines")
                    .during(VENDOR, "signRequest"),
            )
        };
        let mut lines = parts.split('\n');
        let method = lines.next().ok_or_else(malformed)?;
        let path = lines.next().ok_or_else(malformed)?.to_owned();
        let query = name_values(&mut lines).ok_or_else(malformed)?;
        let headers = name_values(&mut lines).ok_or_else(malformed)?;
        let method = Method::ALL
            .iter()
            .position(|m| *m == method)
            .and_then(|i| Method::VARIANTS.get(i).copied())
            .ok_or_else(malformed)?;
        let request = BceRequestInput {
            method,
            path,
            query: Some(query),
            headers: Some(headers),
            body: None,
        };
        self.inner
            .sign_request(&request, &super::now_options(now))
            .map(|r| super::request_lines(&r, false))
            .map_err(error_to_js)
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
        super::entitlements_with(VENDOR, op, result, opts, Some(self.inner.access_key_id()))
    }

    /// Never reveals credentials: `JSON.stringify(client)` gives `{"vendor":"baidu"}`.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "{ vendor: \"baidu\" }")]
    pub fn to_json(&self) -> JsValue {
        super::vendor_json(VENDOR)
    }

    /// A description without credentials.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        "Baidu { credentials: <redacted> }".to_owned()
    }
}

/// A count, then that many name and value lines.
fn name_values<'a>(lines: &mut impl Iterator<Item = &'a str>) -> Option<BTreeMap<String, String>> {
    let count: usize = lines.next()?.parse().ok()?;
    let mut out = BTreeMap::new();
    for _ in 0..count {
        let name = lines.next()?.to_owned();
        out.insert(name, lines.next()?.to_owned());
    }
    Some(out)
}

super::operation_methods!(BaiduJs, Baidu);
