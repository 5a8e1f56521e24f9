//! The wasm-bindgen edge: the only module that names `wasm_bindgen`, `JsValue` or `Ts<T>`.
//!
//! It converts JS values to core types and back, supplies `Date.now()` as the default
//! `now`, and turns core errors into `QuotakitError` objects. It holds no logic of its own:
//! if an adapter needs an `if`, that logic belongs in the core.
//!
//! Inputs arrive as `Ts<T>` (typed in the `.d.ts`, a plain `JsValue` at runtime) and are
//! converted inside the function by [`convert::from_js`], never through tsify's
//! `from_wasm_abi`: a malformed value then becomes an `input` error and the client object
//! stays usable (tsify issues #65, #86, #47).

// wasm_bindgen exports must be `pub`, though the crate does not re-export them.
#![allow(unreachable_pub)]

mod baidu;
mod convert;
mod douyin;
mod polyv;
mod tencent;

use std::cell::RefCell;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::error::{Error, ErrorKind};
use crate::http::{BuildOptions, BuildOptionsInput, HttpRequest, RawResponse};
use crate::operation::{Calls, Operation};
use crate::schema::FromJson;

thread_local! {
    /// The `QuotakitError` class registered by the package's entry file.
    static ERROR_CLASS: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Registers the JS `QuotakitError` class that errors are constructed with. Called once
/// by the package's entry files; not part of the public API.
#[wasm_bindgen(js_name = "__setErrorClass", skip_typescript)]
pub fn set_error_class(class: js_sys::Function) {
    ERROR_CLASS.with(|c| *c.borrow_mut() = Some(class));
}

/// Hands a value to JS as JSON text for the engine's `JSON.parse` to build: one boundary
/// crossing instead of one per field. serde-wasm-bindgen builds objects field by field
/// through the boundary: 9.8 ms for 200 Tencent deals (Node 20) against 4.6 ms this way
/// (README, Performance). Absent fields are skipped by the models' serde attributes, so
/// they stay absent (not `null`).
fn json_to_js<T: Serialize>(value: &T) -> Result<JsValue, String> {
    let text = serde_json::to_string(value).map_err(|e| e.to_string())?;
    js_sys::JSON::parse(&text).map_err(|_| "JSON.parse refused quotakit's output".to_owned())
}

/// A result as a JS value.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    json_to_js(value).map_err(|e| {
        error_to_js(Error::new(
            ErrorKind::Schema,
            format!("value cannot be represented in JS: {e}"),
        ))
    })
}

/// `error` in JS's words: the core names Rust things (`TencentCloud::new`,
/// `$.options.now_ms`), a JS caller wrote `new TencentCloud` and `{ now }`.
fn js_names(mut error: Error) -> Error {
    error.operation = error.operation.map(|op| match op {
        "TencentCloud::new" => "new TencentCloud",
        "Baidu::new" => "new Baidu",
        "Polyv::new" => "new Polyv",
        "Douyin::new" => "new Douyin",
        other => other,
    });
    const RUST: &str = "$.options.now_ms";
    const JS: &str = "$.options.now";
    let rename = |text: &mut String| {
        if text.contains(RUST) {
            *text = text.replace(RUST, JS);
        }
    };
    rename(&mut error.message);
    if let Some(path) = error.path.as_mut() {
        rename(path);
    }
    for issue in &mut error.issues {
        rename(&mut issue.path);
        if let [crate::schema::PathSegment::Key(first), crate::schema::PathSegment::Key(second), ..] =
            issue.path_segments.as_mut_slice()
        {
            if first == "options" && second == "now_ms" {
                *second = "now".to_owned();
            }
        }
    }
    error
}

/// A core error as a thrown `QuotakitError` (or a plain `Error` named so, if no class
/// was registered), in JS's words.
fn error_to_js(error: Error) -> JsValue {
    let error = js_names(error);
    let message = JsValue::from_str(&error.to_string());
    let fields = json_to_js(&error).unwrap_or(JsValue::UNDEFINED);
    let class = ERROR_CLASS.with(|c| c.borrow().clone());
    if let Some(class) = class {
        let args = js_sys::Array::of2(&message, &fields);
        if let Ok(instance) = js_sys::Reflect::construct(&class, &args) {
            return instance;
        }
    }
    let plain = js_sys::Error::new(&error.to_string());
    plain.set_name("QuotakitError");
    let _ = js_sys::Object::assign(plain.as_ref(), fields.unchecked_ref());
    plain.into()
}

/// Reads a JS value into a core type; a wrong shape is an `input` error naming the field.
///
/// The value is walked from wasm ([`convert::from_js`]), not sent as `JSON.stringify` text.
/// Measured (Node 20): text plus `serde_json` was no faster for a small TC3 input (a
/// `JSON.stringify` of four fields alone takes ~1 µs), 40 % slower for a 1 MB body and
/// twice as slow for a 200-deal response, whose body it escapes and unescapes.
fn input<T: FromJson>(value: &JsValue, root: &[&str]) -> Result<T, Error> {
    let json = convert::from_js(value, root)?;
    crate::http::read_input(&json, root)
}

/// Build options with `Date.now()` as the default time.
fn build_options(opts: Option<JsValue>) -> Result<BuildOptions, Error> {
    let given: BuildOptionsInput = match opts {
        Some(v) => input(&v, &["options"])?,
        None => BuildOptionsInput {
            now: None,
            explain: None,
        },
    };
    Ok(BuildOptions {
        now_ms: given.now.unwrap_or_else(|| js_sys::Date::now() as i64),
        explain: given.explain.unwrap_or(false),
    })
}

/// Whether `input` (a JS object) has a non-empty string at `field`: an idempotency key.
fn has_key(input: &JsValue) -> impl Fn(&str) -> bool + '_ {
    move |field| {
        js_sys::Reflect::get(input, &JsValue::from_str(field))
            .ok()
            .and_then(|v| v.as_string())
            .is_some_and(|v| !v.is_empty())
    }
}

/// `op` when it is a string naming one of `vendor`'s operations (or its `signRequest`), else
/// an `input` error listing them: a misspelt name must not read as "not safe to repeat".
fn operation_name(vendor: &'static str, op: &JsValue) -> Result<String, JsValue> {
    let fail = |e: Error| error_to_js(e.during(vendor, "safeToRepeat"));
    let op = input::<String>(op, &["op"]).map_err(fail)?;
    let known = || {
        crate::operation::OPERATIONS
            .iter()
            .filter(move |o| o.vendor == vendor)
            .map(|o| o.name)
    };
    let escape_hatch = op == "signRequest" && matches!(vendor, "tencent" | "baidu");
    if escape_hatch || known().any(|name| name == op) {
        return Ok(op);
    }
    Err(fail(unknown_operation(vendor, &op, known().collect())))
}

/// The `input` error (`code` `unknown_operation`) of a name that is not one of `names`,
/// `vendor`'s operations: it lists them, so a misspelt name shows the right one.
fn unknown_operation(vendor: &str, op: &str, names: Vec<&str>) -> Error {
    let mut e = Error::new(
        ErrorKind::Input,
        format!(
            "unknown operation {op:?}: {vendor} has {}",
            names.join(", ")
        ),
    );
    e.code = Some("unknown_operation".into());
    e
}

/// `raw` as a core response. Its `body` may be text or the bytes read (a `Uint8Array`, a
/// Node `Buffer`, an `ArrayBuffer`, from any realm), decoded as [`crate::http::body_text`]
/// says: a success must be UTF-8.
fn raw_response(raw: &JsValue) -> Result<RawResponse, Error> {
    let body = raw
        .is_object()
        .then(|| js_sys::Reflect::get(raw, &"body".into()).ok())
        .flatten();
    let tag = body
        .as_ref()
        .filter(|b| b.is_object())
        .and_then(|b| js_sys::Reflect::get(b, &js_sys::Symbol::to_string_tag()).ok())
        .and_then(|t| t.as_string());
    let (Some(body), Some("Uint8Array" | "ArrayBuffer")) = (body, tag.as_deref()) else {
        return input::<RawResponse>(raw, &["raw"]);
    };
    let bytes = js_sys::Uint8Array::new(&body).to_vec();
    let text = js_sys::Object::assign(&js_sys::Object::new(), raw.unchecked_ref());
    js_sys::Reflect::set(&text, &"body".into(), &JsValue::from_str(""))
        .map_err(|_| Error::new(ErrorKind::Input, "raw cannot be copied"))?;
    let mut response = input::<RawResponse>(&text.into(), &["raw"])?;
    response.body = crate::http::body_text(bytes, response.status)?;
    Ok(response)
}

/// `{ vendor }`: what `JSON.stringify(client)` shows instead of credentials.
fn vendor_json(vendor: &str) -> JsValue {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"vendor".into(), &vendor.into());
    o.into()
}

/// A builder call outside the operation table (`signRequest`): reads the input and
/// options, runs `build`, returns the request as a JS object or throws a `QuotakitError`
/// tagged with `vendor` and `operation`.
fn build_with<I: FromJson>(
    vendor: &'static str,
    operation: &'static str,
    input_: JsValue,
    opts: Option<JsValue>,
    build: impl FnOnce(&I, &BuildOptions) -> Result<HttpRequest, Error>,
) -> Result<JsValue, JsValue> {
    let result = input::<I>(&input_, &[])
        .and_then(|i| Ok((i, build_options(opts)?)))
        .and_then(|(i, o)| build(&i, &o))
        .map_err(|e| error_to_js(e.during(vendor, operation)))?;
    request_to_js(result)
}

/// A built request as a JS object. The body crosses on its own, as a string, rather than
/// inside the JSON text: escaping it, decoding the escaped copy and `JSON.parse`-ing it
/// again was a third of a 1 MB body's time.
#[inline(never)]
fn request_to_js(mut request: HttpRequest) -> Result<JsValue, JsValue> {
    let body = request.body.take();
    let object = to_js(&request)?;
    if let Some(body) = body {
        js_sys::Reflect::set(&object, &"body".into(), &JsValue::from_str(&body))?;
    }
    Ok(object)
}

/// Options for a string-boundary builder: `now` (checked in JS to be a safe integer) or
/// `Date.now()`, and no explain output (JS takes the full path for that).
fn now_options(now: Option<f64>) -> BuildOptions {
    BuildOptions {
        now_ms: now.map_or_else(|| js_sys::Date::now() as i64, |n| n as i64),
        explain: false,
    }
}

/// A built request as lines, for the package's JS to assemble: the URL, each header's name
/// and value on lines of their own, and last the body (empty unless `with_body`: JS holds a
/// body it passed in). None of these holds a newline: header values are checked, and a
/// body quotakit serialises is compact JSON.
fn request_lines(request: &HttpRequest, with_body: bool) -> String {
    let mut lines = request.url.clone();
    for (name, value) in &request.headers {
        lines.push('\n');
        lines.push_str(name);
        lines.push('\n');
        lines.push_str(value);
    }
    lines.push('\n');
    if with_body {
        lines.push_str(request.body.as_deref().unwrap_or_default());
    }
    lines
}

/// Declares the methods every client class has, one per kind of call, each reaching any
/// operation of the client's vendor through the operation table (`Operation::calls`). The
/// package's JS names a method per operation at load (`extras.mjs`), and generates their
/// declarations from the same table (`scripts/build-pkg.mjs`): an operation is its
/// declaration in the core and nothing here.
macro_rules! operation_methods {
    ($js:ident, $class:ident) => {
        #[wasm_bindgen(js_class = $class)]
        impl $js {
            /// Internal to the package's JS: builds operation `op` from a JS input.
            #[wasm_bindgen(js_name = "__build", skip_typescript)]
            pub fn build_op(
                &self,
                op: &str,
                input: JsValue,
                opts: Option<JsValue>,
            ) -> Result<JsValue, JsValue> {
                super::build_op(&self.inner, VENDOR, op, input, opts)
            }

            /// Internal to the package's JS: builds `op` from `JSON.stringify` text of a
            /// plain input (see `build_lines`).
            #[wasm_bindgen(js_name = "__buildLines", skip_typescript)]
            pub fn build_lines(
                &self,
                op: &str,
                input: &str,
                now: Option<f64>,
            ) -> Result<String, JsValue> {
                super::build_lines(&self.inner, VENDOR, op, input, now)
            }

            /// Internal to the package's JS: reads a response of `op` with every issue.
            #[wasm_bindgen(js_name = "__parse", skip_typescript)]
            pub fn parse_op(&self, op: &str, raw: JsValue) -> Result<JsValue, JsValue> {
                super::parse_op(&self.inner, VENDOR, op, raw)
            }

            /// Internal to the package's JS: whether a response is a valid success of `op`,
            /// read by the operation table in one pass (see `check_with`).
            #[wasm_bindgen(js_name = "__check", skip_typescript)]
            pub fn check(
                &self,
                op: &str,
                status: u16,
                body: &str,
                header_request_id: Option<String>,
            ) -> JsValue {
                let limits = self.inner.limits();
                super::check_with(VENDOR, op, status, body, header_request_id, limits, true)
            }

            /// Internal to the package's JS: `__check` on the bytes read, copied into wasm
            /// as they are; bytes that are not UTF-8 go to the full reader.
            #[wasm_bindgen(js_name = "__checkBytes", skip_typescript)]
            pub fn check_bytes(
                &self,
                op: &str,
                status: u16,
                body: &[u8],
                header_request_id: Option<String>,
            ) -> JsValue {
                let Ok(body) = std::str::from_utf8(body) else {
                    return JsValue::FALSE;
                };
                let limits = self.inner.limits();
                super::check_with(VENDOR, op, status, body, header_request_id, limits, false)
            }
        }
    };
}
use operation_methods;

/// `vendor`'s operation `op` with its typed calls, or an `input` error naming the
/// operations it has (`code` `unknown_operation`).
fn typed_operation(vendor: &'static str, op: &str) -> Result<(&'static Operation, Calls), Error> {
    if let Some(found) = crate::operation::find(vendor, op).and_then(|o| Some((o, o.calls?))) {
        return Ok(found);
    }
    let typed = crate::operation::OPERATIONS
        .iter()
        .filter(|o| o.vendor == vendor && o.calls.is_some());
    Err(unknown_operation(vendor, op, typed.map(|o| o.name).collect()).during(vendor, "call"))
}

/// Builds operation `op` of `client` from a JS input and options: the request as a JS
/// object, or a thrown `QuotakitError` tagged with the vendor and the operation.
fn build_op(
    client: &dyn std::any::Any,
    vendor: &'static str,
    op: &str,
    input: JsValue,
    opts: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let (operation, calls) = typed_operation(vendor, op).map_err(error_to_js)?;
    let name = operation.name;
    let request = convert::from_js(&input, &[])
        .and_then(|json| Ok((json, build_options(opts)?)))
        .and_then(|(json, o)| (calls.build)(client, &json, &o))
        .map_err(|e| error_to_js(e.during(vendor, name)))?;
    request_to_js(request)
}

/// A typed builder on the string boundary: `text` is `JSON.stringify` of an input that JS
/// has checked to be plain JSON (no floats, no lone surrogates, plain objects only; see
/// `extras.mjs`), which reads exactly as [`build_op`] reads the same JS object after its
/// conversion. Returns the method, then [`request_lines`] with the body. The full path stays
/// the reference (tests/js/string-boundary.test.mjs).
fn build_lines(
    client: &dyn std::any::Any,
    vendor: &'static str,
    op: &str,
    text: &str,
    now: Option<f64>,
) -> Result<String, JsValue> {
    let (operation, calls) = typed_operation(vendor, op).map_err(error_to_js)?;
    let fail = |e: Error| error_to_js(e.during(vendor, operation.name));
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        fail(Error::new(
            ErrorKind::Input,
            format!("input is not JSON: {e}"),
        ))
    })?;
    let request = (calls.build)(client, &value, &now_options(now)).map_err(fail)?;
    Ok(format!(
        "{}\n{}",
        request.method,
        request_lines(&request, true)
    ))
}

/// Reads `{ status, headers, body }` as a response of operation `op` of `client` by the
/// tables alone ([`crate::operation::read_response`]): the result as a JS object, or a
/// thrown `QuotakitError` with every issue.
fn parse_op<C: crate::driver::Client>(
    client: &C,
    vendor: &'static str,
    op: &str,
    raw: JsValue,
) -> Result<JsValue, JsValue> {
    let (operation, _) = typed_operation(vendor, op).map_err(error_to_js)?;
    let parsed = raw_response(&raw)
        .map_err(|e| e.during(vendor, operation.name))
        .and_then(|r| crate::operation::read_response(client, operation, &r))
        .map_err(error_to_js)?;
    to_js(&parsed)
}

/// One `syncClock(raw, opts?)` call: reads the response, learns the offset at `opts.now`
/// (default `Date.now()`) and returns what was learned.
fn sync_with(
    vendor: &'static str,
    raw: JsValue,
    opts: Option<JsValue>,
    sync: impl FnOnce(&RawResponse, i64) -> crate::clock::ClockSync,
) -> Result<JsValue, JsValue> {
    let result = raw_response(&raw)
        .and_then(|r| Ok((r, build_options(opts)?)))
        .map(|(r, o)| sync(&r, o.now_ms))
        .map_err(|e| error_to_js(e.during(vendor, "syncClock")))?;
    to_js(&result)
}

/// The operation table's verdict on a response, for the package's JS: `false` when the
/// full reader must read it (an error, an invalid body, or an operation the table does not
/// read alone); otherwise the request id (`null` when there is none), and the JS side
/// builds the result with `JSON.parse`. The body crosses once and nothing comes back.
/// `from_js`: the body is a UTF-8 copy of a JS string, not the bytes received.
fn check_with(
    vendor: &str,
    op: &str,
    status: u16,
    body: &str,
    header_request_id: Option<String>,
    limits: &crate::limits::Limits,
    from_js: bool,
) -> JsValue {
    let verdict = crate::operation::find(vendor, op).and_then(|operation| {
        crate::operation::check_response(
            operation,
            status,
            body,
            limits,
            header_request_id.as_deref(),
            from_js,
        )
    });
    match verdict {
        None => JsValue::FALSE,
        Some(None) => JsValue::NULL,
        Some(Some(id)) => JsValue::from_str(&id),
    }
}

/// `client.entitlements(op, result, opts)` for the package's JS: `result` is the JSON text
/// of a validated result (its `$metadata` and fields beyond the model are ignored);
/// `account` is the Baidu account the client signs as. Returns the entitlements as JSON.
fn entitlements_with(
    vendor: &'static str,
    op: &str,
    result: &str,
    opts: Option<JsValue>,
    account: Option<&str>,
) -> Result<String, JsValue> {
    use crate::entitlement::{Context, EntitlementOptions};
    let fail = |e: Error| error_to_js(e.during(vendor, "entitlements"));
    let options: EntitlementOptions = match opts {
        Some(v) if !v.is_undefined() => input(&v, &["options"]).map_err(fail)?,
        _ => EntitlementOptions::default(),
    };
    let conversion = crate::operation::find(vendor, op)
        .and_then(|o| o.entitlements)
        .ok_or_else(|| {
            let mut e = Error::new(
                ErrorKind::Input,
                format!("{op:?} is not a read operation with entitlements"),
            );
            e.code = Some("unknown_operation".into());
            fail(e)
        })?;
    let model: serde_json::Value = serde_json::from_str(result).map_err(|e| {
        fail(Error::new(
            ErrorKind::Input,
            format!("result is not JSON: {e}"),
        ))
    })?;
    let now_ms = options.now.unwrap_or_else(|| js_sys::Date::now() as i64);
    let context = Context::of(now_ms, account, &options);
    let entitlements = conversion(&model, &context)
        .map_err(|issues| fail(Error::from_issues(ErrorKind::Input, issues)))?;
    serde_json::to_string(&entitlements)
        .map_err(|e| fail(Error::new(ErrorKind::Input, e.to_string())))
}

/// The operation `op` of `vendor`, for `schema()` and `jsonSchema()`, or an `input` error.
fn schema_operation(
    vendor: &str,
    op: &str,
    has: impl Fn(&crate::operation::Operation) -> bool,
    part: &str,
) -> Result<&'static crate::operation::Operation, JsValue> {
    crate::operation::find(vendor, op)
        .filter(|o| has(o))
        .ok_or_else(|| {
            let mut e = Error::new(
                ErrorKind::Input,
                format!("{op:?} is not an operation whose {part} has a schema"),
            );
            e.code = Some("unknown_operation".into());
            error_to_js(e.during("quotakit", "schema"))
        })
}

/// `client.jsonSchema(op, part)` for the package's JS: the result model (`input` false) or
/// the input model as JSON Schema text.
#[wasm_bindgen(js_name = "__jsonSchema", skip_typescript)]
pub fn json_schema(vendor: &str, op: &str, input: bool) -> Result<String, JsValue> {
    let (mut schema, part) = if input {
        let model = schema_operation(vendor, op, |o| o.input.is_some(), "input")?.input;
        (model.map(|m| m.shape.input_json_schema()), "input")
    } else {
        let model = schema_operation(vendor, op, |o| o.result.is_some(), "result")?.result;
        (model.map(|m| m.json_schema()), "result")
    };
    if let Some(object) = schema.as_mut().and_then(serde_json::Value::as_object_mut) {
        object.insert(
            "$schema".into(),
            "https://json-schema.org/draft/2020-12/schema".into(),
        );
        object.insert("title".into(), format!("{vendor} {op} {part}").into());
    }
    Ok(schema.unwrap_or_default().to_string())
}

/// The issues of a failed check as the JS `schema().validate` reports them: `""` for none.
fn issues_text(issues: Vec<crate::schema::Issue>) -> Result<String, JsValue> {
    if issues.is_empty() {
        return Ok(String::new());
    }
    serde_json::to_string(&issues)
        .map_err(|e| error_to_js(Error::new(ErrorKind::Input, e.to_string())))
}

/// `client.schema(op)`'s `validate` for the package's JS: `text` (JSON) checked against the
/// result model leniently; `""` when it passes, else the issues as JSON.
#[wasm_bindgen(js_name = "__checkShape", skip_typescript)]
pub fn check_shape(vendor: &str, op: &str, text: &str) -> Result<String, JsValue> {
    let operation = schema_operation(vendor, op, |o| o.result.is_some(), "result")?;
    let value = crate::limits::Limits::default()
        .parse(text)
        .map_err(|refusal| error_to_js(Error::new(ErrorKind::Input, refusal.to_string())))?;
    let mut w = crate::schema::Walker::at_root(&[]);
    if let Some(shape) = operation.result {
        shape.check(&value, &mut w);
    }
    issues_text(w.into_issues())
}

/// `client.schema(op, "input")`'s `validate` for the package's JS: `value` checked exactly
/// as the operation's builder checks its input (the same conversion from JS, the same
/// strict reading, the same documented rules); `""` when it passes, else the issues as JSON.
#[wasm_bindgen(js_name = "__checkInput", skip_typescript)]
pub fn check_input(vendor: &str, op: &str, value: JsValue) -> Result<String, JsValue> {
    let operation = schema_operation(vendor, op, |o| o.input.is_some(), "input")?;
    let checked = convert::from_js(&value, &[]).and_then(|json| match operation.input {
        Some(model) => (model.check)(&json),
        None => Ok(()),
    });
    issues_text(
        checked
            .err()
            .map(|e| e.into_details().issues)
            .unwrap_or_default(),
    )
}

/// `call()`'s retry decision for the package's JS (`crate::retry`): the delay in ms before
/// sending again, `-1` to give up, `-2` to fetch a new Douyin token and send again at once.
#[wasm_bindgen(js_name = "__retryDecision", skip_typescript)]
#[allow(clippy::too_many_arguments)]
pub fn retry_decision(
    vendor: &str,
    attempt: u32,
    code: Option<String>,
    retryable: bool,
    safe_to_repeat: bool,
    retry_after: Option<String>,
    now_ms: f64,
    random: f64,
    token_refreshed: bool,
    attempts: u32,
    base_delay_ms: f64,
    max_delay_ms: f64,
) -> f64 {
    use crate::retry::{Decision, Failure, RetryPolicy};
    let policy = RetryPolicy {
        attempts,
        base_delay_ms,
        max_delay_ms,
    };
    let failure = Failure {
        vendor,
        attempt,
        code: code.as_deref(),
        retryable,
        safe_to_repeat,
        retry_after: retry_after.as_deref(),
        token_refreshed,
    };
    match policy.decide(&failure, now_ms as i64, random) {
        Decision::Retry { delay_ms } => delay_ms,
        Decision::RefreshToken => -2.0,
        Decision::Stop => -1.0,
    }
}

/// `summarize(entitlements, opts)` for the package's JS.
#[wasm_bindgen(js_name = "__summarize", skip_typescript)]
pub fn summarize(entitlements: JsValue, opts: Option<JsValue>) -> Result<JsValue, JsValue> {
    use crate::entitlement::{summarize, Entitlement, SummaryOptions};
    let fail = |e: Error| error_to_js(e.during("quotakit", "summarize"));
    let entitlements: Vec<Entitlement> = input(&entitlements, &["entitlements"]).map_err(fail)?;
    let mut options: SummaryOptions = match opts {
        Some(v) if !v.is_undefined() => input(&v, &["options"]).map_err(fail)?,
        _ => SummaryOptions::at(js_sys::Date::now() as i64),
    };
    options.now = options.now.or_else(|| Some(js_sys::Date::now() as i64));
    to_js(&summarize(&entitlements, &options).map_err(error_to_js)?)
}

#[wasm_bindgen(typescript_custom_section)]
const ENTITLEMENTS_TS: &str = r#"
/**
 * Folds entitlements from any vendors into one row per customer and unit, with alerts
 * (`low`, `exhausted`, `expiring`, `expired`), at `opts.now` (default `Date.now()`).
 * Throws `QuotakitError` (`kind: "input"`) naming the field that is wrong.
 */
export function summarize(entitlements: Entitlement[], opts?: SummaryOptions): Summary;

/** The Standard Schema v1 interface (https://standardschema.dev), as its spec says to copy it. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
    readonly "~standard": {
        readonly version: 1;
        readonly vendor: string;
        readonly validate: (value: unknown) => StandardSchemaV1.Result<Output> | Promise<StandardSchemaV1.Result<Output>>;
        readonly types?: { readonly input: Input; readonly output: Output } | undefined;
    };
}
export declare namespace StandardSchemaV1 {
    type Result<Output> = { readonly value: Output; readonly issues?: undefined } | { readonly issues: ReadonlyArray<Issue> };
    interface Issue { readonly message: string; readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined }
}

/** A client's models as schemas, from the same tables and checks as its builders and parsers. */
export interface ClientSchemas<C extends keyof ResultModels> {
    /** The result model of `op` as a Standard Schema (zod, valibot and others' common interface). */
    schema<K extends keyof ResultModels[C]>(op: K, part?: "result"): StandardSchemaV1<unknown, ResultModels[C][K]>;
    /** The input model of `op` as a Standard Schema: every rule its builder checks before signing. */
    schema<K extends keyof InputModels[C]>(op: K, part: "input"): StandardSchemaV1<InputModels[C][K], InputModels[C][K]>;
    /** The result model of `op` as JSON Schema (draft 2020-12). */
    jsonSchema(op: keyof ResultModels[C], part?: "result"): Record<string, unknown>;
    /** The input model of `op` as JSON Schema (draft 2020-12): its shape, unknown fields refused. */
    jsonSchema(op: keyof InputModels[C], part: "input"): Record<string, unknown>;
}
export interface TencentCloud extends ClientSchemas<"TencentCloud"> {}
export interface Baidu extends ClientSchemas<"Baidu"> {}
export interface Polyv extends ClientSchemas<"Polyv"> {}
export interface Douyin extends ClientSchemas<"Douyin"> {}
"#;

/// The operation table as JSON, for the package's JS: each operation, whether the table
/// reads its responses alone (with where its vendor puts the model and which fields the
/// model drops), whether it converts to entitlements, how it pages, and the names of its
/// input and result models: the package names a method per operation from it at load, and
/// `scripts/build-pkg.mjs` writes their declarations from it.
#[wasm_bindgen(js_name = "__operations", skip_typescript)]
pub fn operations() -> String {
    use crate::operation::Paging;
    let table: Vec<serde_json::Value> = crate::operation::OPERATIONS
        .iter()
        .filter_map(|o| {
            let envelope = crate::operation::envelope(o.vendor)?;
            let paging = o.paging.map(|p| match p {
                Paging::Offset {
                    offset,
                    limit,
                    max_limit,
                    items,
                    total,
                } => serde_json::json!({
                    "kind": "offset", "offset": offset, "limit": limit,
                    "maxLimit": max_limit, "items": items, "total": total,
                }),
                Paging::Numbered {
                    number,
                    size,
                    default_size,
                    max_size,
                    items,
                    total_pages,
                    total_items,
                } => serde_json::json!({
                    "kind": "numbered", "number": number, "size": size,
                    "defaultSize": default_size, "maxSize": max_size, "items": items,
                    "totalPages": total_pages, "totalItems": total_items,
                }),
            });
            Some(serde_json::json!({
                "vendor": o.vendor,
                "name": o.name,
                "tableRead": o.response.is_some(),
                "resultSchema": o.result.is_some(),
                "inputSchema": o.input.is_some(),
                "modelAt": envelope.model_at,
                "drop": envelope.drop,
                "requestIdHeader": envelope.request_id_header,
                "entitlements": o.entitlements.is_some(),
                "entitlementsNeed": o.entitlements_need,
                "paging": paging,
                "inputType": o.calls.map(|c| c.input_type),
                "resultType": o.calls.map(|c| c.result_type),
            }))
        })
        .collect();
    serde_json::Value::Array(table).to_string()
}

#[wasm_bindgen(typescript_custom_section)]
const CALL_OPTIONS_TS: &str = r#"
/**
 * A validated response: the vendor's model, plus `$metadata` with the vendor's request id
 * (quote it in a support ticket) and the HTTP status, as in AWS SDK v3's outputs.
 */
export type Parsed<T> = T & { $metadata: ResponseMetadata };

/** The subset of the Fetch API's `Response` that `call` reads. */
export interface FetchResponseLike {
    status: number;
    headers: { forEach(callback: (value: string, name: string) => void): void };
    /** Read when there is no `arrayBuffer`. */
    text(): Promise<string>;
    /** Read when present: the bytes cross into wasm as received, without decoding. */
    arrayBuffer?(): Promise<ArrayBuffer>;
}

/** A `fetch`-compatible function: `globalThis.fetch`, undici's, or a test double. */
export type FetchLike = (
    url: string,
    init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<FetchResponseLike>;

/** Retries in `call`: how many attempts in all, and the backoff between them. */
export interface RetryOptions {
    /** Attempts in all, the first included: 1..=10. Default 3. */
    attempts?: number;
    /** The first backoff's ceiling; each later one doubles it. Default 200 ms. */
    baseDelayMs?: number;
    /** No backoff is longer; a Retry-After beyond it ends the retries. Default 5000 ms. */
    maxDelayMs?: number;
}

/** Options of `client.call(op, input, opts)`: the builder's options plus the I/O. */
export interface CallOptions extends BuildOptionsInput {
    /** The fetch to use. Defaults to `globalThis.fetch`. */
    fetch?: FetchLike;
    /**
     * The deadline of the whole call: when it aborts, nothing more is sent, and the error
     * is final (`code` `"deadline"` for `AbortSignal.timeout(…)`, `"aborted"` for your own
     * abort; not retryable). To bound each attempt instead, use `timeoutMs`.
     */
    signal?: AbortSignal;
    /**
     * The longest one attempt may wait for its response, in ms. Its expiry is an `http`
     * error with `code: "timeout"`, retryable, so `retry` resends it (as AWS SDK v3's
     * `requestTimeout`). No limit by default.
     */
    timeoutMs?: number;
    /**
     * Opt-in retries of retryable failures, for operations safe to repeat (reads, Douyin
     * deductions keyed by `out_trade_no`; `client.safeToRepeat(op, input)` tells), each
     * re-signed. Off by default.
     */
    retry?: boolean | RetryOptions;
    /** The jitter's source of randomness, in [0, 1). Defaults to `Math.random`. */
    random?: () => number;
}
"#;
