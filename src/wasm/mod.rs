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

/// Hands a result to JS as JSON text for the engine's `JSON.parse` to build: one boundary
/// crossing instead of one per field. Measured on 200 Tencent deals (Node 20): 9.8 ms
/// through serde-wasm-bindgen's field-by-field object building, far less this way; see
/// the README's Performance section. Absent fields are skipped by the models' serde
/// attributes, so they stay absent (not `null`).
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| {
        error_to_js(Error::new(
            ErrorKind::Schema,
            format!("value cannot be represented in JS: {e}"),
        ))
    })?;
    js_sys::JSON::parse(&text)
}

/// A core error as a thrown `QuotakitError` (or a plain `Error` named so, if no class
/// was registered).
fn error_to_js(error: Error) -> JsValue {
    let fields = error
        .serialize(&serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true))
        .unwrap_or(JsValue::UNDEFINED);
    let message = JsValue::from_str(&error.to_string());
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

/// `{ vendor }`: what `JSON.stringify(client)` shows instead of credentials.
fn vendor_json(vendor: &str) -> JsValue {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"vendor".into(), &vendor.into());
    o.into()
}

/// One builder call: reads the input and options, runs `build`, returns the request as a
/// JS object or throws a `QuotakitError` tagged with `vendor` and `operation`.
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
    to_js(&result)
}

/// One validator call: reads `{ status, headers, body }`, runs `parse`, returns the model
/// as a JS object or throws a `QuotakitError`.
fn parse_with<T: Serialize>(
    vendor: &'static str,
    operation: &'static str,
    raw: JsValue,
    parse: impl FnOnce(&RawResponse) -> Result<T, Error>,
) -> Result<JsValue, JsValue> {
    let result = input::<RawResponse>(&raw, &["raw"])
        .map_err(|e| e.during(vendor, operation))
        .and_then(|r| parse(&r))
        .map_err(error_to_js)?;
    to_js(&result)
}

#[wasm_bindgen(typescript_custom_section)]
const CALL_OPTIONS_TS: &str = r#"
/** The subset of the Fetch API's `Response` that `call` reads. */
export interface FetchResponseLike {
    status: number;
    headers: { forEach(callback: (value: string, name: string) => void): void };
    text(): Promise<string>;
}

/** A `fetch`-compatible function: `globalThis.fetch`, undici's, or a test double. */
export type FetchLike = (
    url: string,
    init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<FetchResponseLike>;

/** Options of `client.call(op, input, opts)`: the builder's options plus the I/O. */
export interface CallOptions extends BuildOptionsInput {
    /** The fetch to use. Defaults to `globalThis.fetch`. */
    fetch?: FetchLike;
    /** Aborts the request. */
    signal?: AbortSignal;
}
"#;
