//! JS values to JSON values, refusing what JSON cannot say without loss.
//!
//! `JSON.stringify` and serde-wasm-bindgen both change meaning silently: `NaN` becomes
//! `null`, a lone surrogate becomes U+FFFD, `2**53 + 1` rounds. quotakit signs what it is
//! given, so each of these is an `input` issue at its path instead: non-finite numbers,
//! negative zero, integers beyond ±(2^53-1), strings that are not well-formed UTF-16, functions,
//! symbols, bigints, non-plain objects, and nesting deeper than [`MAX_DEPTH`].
//! Properties whose value is `undefined` are treated as absent, as in JSON.

use js_sys::{Array, JsString, Object, Reflect};
use serde_json::{Map, Number, Value};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{Error, ErrorKind};
use crate::schema::{IssueCode, Walker, MAX_SAFE_INTEGER};

/// Deepest nesting accepted in an input.
pub(super) const MAX_DEPTH: usize = 64;

/// Converts `value`, reporting every problem as an issue under `root`.
pub(super) fn from_js(value: &JsValue, root: &[&str]) -> Result<Value, Error> {
    let mut w = Walker::at_root(root);
    let out = convert(value, &mut w, 0);
    match out {
        Some(v) if !w.has_issues() => Ok(v),
        _ => Err(Error::from_issues(ErrorKind::Input, w.into_issues())),
    }
}

fn kind_of(value: &JsValue) -> String {
    value
        .js_typeof()
        .as_string()
        .unwrap_or_else(|| "unknown".into())
}

fn convert(value: &JsValue, w: &mut Walker, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        w.issue(
            IssueCode::OutOfRange,
            format!("nesting of at most {MAX_DEPTH} levels"),
            "deeper nesting",
        );
        return None;
    }
    // Probes are boundary calls, so the commonest types come first and each probe answers
    // as much as it can: a string costs one call (it was six), a number two.
    if let Some(text) = value.as_string() {
        // The copy (one TextEncoder call) turns a lone surrogate into U+FFFD, so only text
        // that came out with a U+FFFD needs the exact check, which reads the string one
        // code unit per boundary call: 40 ns a character, too slow for every 1 MB body.
        if text.contains('\u{FFFD}') && !value.unchecked_ref::<JsString>().is_valid_utf16() {
            w.issue(
                IssueCode::InvalidFormat,
                "well-formed text (no lone surrogates)",
                "string with a lone surrogate",
            );
            return None;
        }
        return Some(Value::String(text));
    }
    if let Some(f) = value.as_f64() {
        return number(f, w);
    }
    if value.is_null() || value.is_undefined() {
        return Some(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Some(Value::Bool(b));
    }
    if Array::is_array(value) {
        let array: &Array = value.unchecked_ref();
        let items: Vec<Option<Value>> = (0..array.length())
            .map(|i| w.index(i as usize, |w| convert(&array.get(i), w, depth + 1)))
            .collect();
        return items
            .into_iter()
            .collect::<Option<Vec<_>>>()
            .map(Value::Array);
    }
    if value.is_object() && is_plain(value) {
        let mut map = Map::new();
        let mut ok = true;
        for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
            let Some(name) = key.as_string() else {
                continue;
            };
            let item = Reflect::get(value, &key).unwrap_or(JsValue::UNDEFINED);
            if item.is_undefined() {
                continue;
            }
            match w.data_key(&name, |w| convert(&item, w, depth + 1)) {
                Some(v) => {
                    map.insert(name, v);
                }
                None => ok = false,
            }
        }
        return ok.then_some(Value::Object(map));
    }
    let received = if value.is_object() {
        "an object that is not a plain object".to_owned()
    } else {
        kind_of(value)
    };
    w.issue(
        IssueCode::InvalidType,
        "a JSON value (plain object, array, string, number, boolean or null)",
        received,
    );
    None
}

/// An object created by `{}`, `JSON.parse` or `Object.create(null)`: not a class instance,
/// `Date`, `Map`, `Headers` or proxy-like host object.
fn is_plain(value: &JsValue) -> bool {
    let proto = Object::get_prototype_of(value);
    proto.is_null() || proto == Object::get_prototype_of(&Object::new())
}

fn number(f: f64, w: &mut Walker) -> Option<Value> {
    if !f.is_finite() {
        let name = if f.is_nan() {
            "NaN"
        } else if f > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        };
        w.issue(
            IssueCode::InvalidType,
            "a finite number",
            format!("number {name}"),
        );
        return None;
    }
    if f.fract() == 0.0 {
        if f.abs() > MAX_SAFE_INTEGER as f64 {
            // As JS prints it; `{f}` would pull in core's float formatting (~14 KB of wasm).
            let printed = match Number::from_f64(f) {
                Some(n) if f.abs() >= 1e21 => n.to_string(),
                _ => (f as i128).to_string(),
            };
            w.issue(
                IssueCode::OutOfRange,
                "an integer within ±(2^53-1), exact in JS",
                format!("number {printed}"),
            );
            return None;
        }
        // JSON has no -0 (`JSON.stringify(-0)` is "0"), and a signed -0 would be read back
        // as 0, so it is refused like the other values JSON cannot say.
        if f == 0.0 && f.is_sign_negative() {
            w.issue(
                IssueCode::InvalidValue,
                "a number JSON can carry (not -0)",
                "number -0",
            );
            return None;
        }
        return Some(Value::Number(Number::from(f as i64)));
    }
    Number::from_f64(f).map(Value::Number)
}
