//! Typed reading of untrusted JSON that reports **every** problem with its path.
//!
//! serde stops at the first error and does not say where it was. A user who gets a broken
//! vendor response wants what zod, valibot and typia give: the full list of issues, each
//! with a stable code, the JSON path as a string and as an array, what was expected and
//! what arrived. So models are read by [`FromJson`] over a parsed [`serde_json::Value`],
//! with a [`Walker`] that tracks the path and collects [`Issue`]s. The same machinery reads
//! the inputs that arrive from JavaScript, so input errors name their field the same way.
//!
//! Models are declared once with [`json_model!`](crate::json_model), which writes the
//! struct (with serde and, under the `wasm` feature, tsify derives) and its reader.
//! Unknown fields are ignored, so models stay forward-compatible; documented fields are
//! type-checked.

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

/// The largest integer a JavaScript number holds exactly (2^53 - 1).
pub const MAX_SAFE_INTEGER: i64 = 9_007_199_254_740_991;

/// Stable machine-readable issue codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IssueCode {
    /// A required field is absent (or `undefined`).
    MissingField,
    /// The value has the wrong JSON type.
    InvalidType,
    /// The value is not one of the documented enum members.
    UnknownEnum,
    /// A number or a length is outside its documented bounds.
    OutOfRange,
    /// A string does not have the documented format (e.g. `YYYY-MM-DD HH:mm:ss`).
    InvalidFormat,
    /// The value breaks a documented rule that involves other fields.
    InvalidValue,
    /// An input has a field quotakit does not know (a typo would otherwise be ignored).
    UnknownField,
}

impl IssueCode {
    /// The snake_case code, e.g. `"missing_field"`.
    pub fn as_str(self) -> &'static str {
        match self {
            IssueCode::MissingField => "missing_field",
            IssueCode::InvalidType => "invalid_type",
            IssueCode::UnknownEnum => "unknown_enum",
            IssueCode::OutOfRange => "out_of_range",
            IssueCode::InvalidFormat => "invalid_format",
            IssueCode::InvalidValue => "invalid_value",
            IssueCode::UnknownField => "unknown_field",
        }
    }
}

/// One step of a JSON path: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum PathSegment {
    /// An object key.
    Key(String),
    /// An array index.
    Index(usize),
}

/// One problem found while reading a value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Issue {
    /// The stable code.
    pub code: IssueCode,
    /// The path as a string: `$.Response.AgentDealSet[3].GoodsPrice.RealTotalCost`.
    pub path: String,
    /// The same path as segments: `["Response", "AgentDealSet", 3, "GoodsPrice", ...]`.
    pub path_segments: Vec<PathSegment>,
    /// What the documentation allows, e.g. `integer`, `one of "asc", "desc"`, `1..=200`.
    pub expected: String,
    /// What arrived, described briefly (`string "abc"`, `null`, `undefined`, `number 500`).
    pub received: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at {}: expected {}, received {}",
            self.code.as_str(),
            self.path,
            self.expected,
            self.received
        )
    }
}

/// Renders a path the way JS users write it: `$.a.b[3]`, with quoted keys where needed.
fn render_path(segments: &[PathSegment]) -> String {
    let mut out = String::from("$");
    for segment in segments {
        match segment {
            PathSegment::Index(i) => out.push_str(&format!("[{i}]")),
            PathSegment::Key(k) if is_identifier(k) => {
                out.push('.');
                out.push_str(k);
            }
            PathSegment::Key(k) => {
                out.push('[');
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(']');
            }
        }
    }
    out
}

fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// A short description of a JSON value for [`Issue::received`]. Strings are cut so a
/// 10 MB string does not become a 10 MB message.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) => {
            let cut: String = s.chars().take(40).collect();
            let more = if s.chars().nth(40).is_some() {
                "…"
            } else {
                ""
            };
            format!("string {}{more}", Value::String(cut))
        }
        Value::Array(a) => format!("array of {} item(s)", a.len()),
        Value::Object(_) => "object".into(),
    }
}

/// One step of the walker's current path. Field names are `'static` in every model, so a
/// step costs no allocation; only keys read from the data (maps) are copied. A 200-deal
/// response has ~6,000 field steps, and each used to allocate a `String`.
#[derive(Debug, Clone)]
enum Step {
    Field(&'static str),
    Key(String),
    Index(usize),
}

impl Step {
    fn segment(&self) -> PathSegment {
        match self {
            Step::Field(k) => PathSegment::Key((*k).to_owned()),
            Step::Key(k) => PathSegment::Key(k.clone()),
            Step::Index(i) => PathSegment::Index(*i),
        }
    }
}

/// Longest text an input field other than a body may hold, in UTF-8 bytes.
pub const MAX_INPUT_TEXT_BYTES: usize = 64 << 10;
/// Longest body handed in as input (Tencent's `payload`, Baidu's `body`, a webhook's `body`),
/// in UTF-8 bytes: below every vendor's documented request limit (TC3 POST: 10 MB). A
/// response's body is measured against its client's `limits` instead (`crate::limits`).
pub const MAX_INPUT_BODY_BYTES: usize = 8 << 20;
/// Fields that carry a whole body: their text is sent (or was received) as a body, never
/// placed in a header or URL, so they may hold control characters and be long.
const BODY_FIELDS: &[&str] = &["body", "payload"];

/// Tracks the current path and collects issues while a value is read.
#[derive(Debug, Default)]
pub struct Walker {
    path: Vec<Step>,
    issues: Vec<Issue>,
    /// Reading a caller's input rather than a vendor's response (see [`Walker::strict`]).
    strict: bool,
}

impl Walker {
    /// A walker whose paths start at `$` followed by `prefix` (e.g. `["Response"]`).
    pub fn at_root(prefix: &[&str]) -> Self {
        Walker {
            path: prefix.iter().map(|k| Step::Key((*k).to_owned())).collect(),
            issues: Vec::new(),
            strict: false,
        }
    }

    /// A walker for a caller's input: unknown fields are issues (a misspelt `limit` must not
    /// be dropped in silence), and text outside a body may not hold control characters (no
    /// header or URL injection) or exceed [`MAX_INPUT_TEXT_BYTES`]. Responses are read
    /// leniently instead, so that a vendor adding a field breaks nothing.
    pub fn strict(prefix: &[&str]) -> Self {
        Walker {
            strict: true,
            ..Walker::at_root(prefix)
        }
    }

    /// In a strict walker, records an `unknown_field` issue for each key of `object` that
    /// is not in `known`.
    pub fn only_fields(&mut self, object: &Map<String, Value>, known: &[&str]) {
        if !self.strict {
            return;
        }
        for key in object.keys().filter(|k| !known.contains(&k.as_str())) {
            self.data_key(key, |w| {
                w.issue(
                    IssueCode::UnknownField,
                    one_of(known).replacen("one of", "one of the fields", 1),
                    "an unknown field",
                )
            });
        }
    }

    /// Whether this walker reads a caller's input (strictly) rather than a vendor's answer.
    pub(crate) fn is_strict(&self) -> bool {
        self.strict
    }

    /// In a strict walker, checks the rules for input text at the current path.
    pub(crate) fn check_text(&mut self, text: &str) -> bool {
        if !self.strict {
            return true;
        }
        let body = matches!(self.path.last(), Some(Step::Field(k)) if BODY_FIELDS.contains(k));
        let max = if body {
            MAX_INPUT_BODY_BYTES
        } else {
            MAX_INPUT_TEXT_BYTES
        };
        if text.len() > max {
            self.issue(
                IssueCode::OutOfRange,
                format!("text of at most {max} bytes"),
                format!("text of {} bytes", text.len()),
            );
            return false;
        }
        if !body {
            if let Some(c) = text.chars().find(|c| c.is_ascii_control()) {
                self.issue(
                    IssueCode::InvalidFormat,
                    "text without control characters (NUL, CR, LF, ...)",
                    format!("text with U+{:04X}", u32::from(c)),
                );
                return false;
            }
        }
        true
    }

    /// Records an issue at the current path.
    #[inline(never)]
    pub fn issue(
        &mut self,
        code: IssueCode,
        expected: impl Into<String>,
        received: impl Into<String>,
    ) {
        let path_segments: Vec<PathSegment> = self.path.iter().map(Step::segment).collect();
        self.issues.push(Issue {
            code,
            path: render_path(&path_segments),
            path_segments,
            expected: expected.into(),
            received: received.into(),
        });
    }

    /// Runs `f` one field deeper: `key` is a name from a model or an input's rules.
    pub fn key<R>(&mut self, key: &'static str, f: impl FnOnce(&mut Self) -> R) -> R {
        self.step(Step::Field(key), f)
    }

    /// Runs `f` one key deeper, for a key that comes from the data itself (a map's key).
    pub fn data_key<R>(&mut self, key: &str, f: impl FnOnce(&mut Self) -> R) -> R {
        self.step(Step::Key(key.to_owned()), f)
    }

    /// Runs `f` one index deeper.
    pub fn index<R>(&mut self, index: usize, f: impl FnOnce(&mut Self) -> R) -> R {
        self.step(Step::Index(index), f)
    }

    fn step<R>(&mut self, step: Step, f: impl FnOnce(&mut Self) -> R) -> R {
        self.path.push(step);
        let out = f(self);
        self.path.pop();
        out
    }

    /// The value as an object, or an `invalid_type` issue.
    pub fn object<'v>(&mut self, value: &'v Value) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            other => {
                self.issue(IssueCode::InvalidType, "object", describe(other));
                None
            }
        }
    }

    /// Reads field `key` of `object` as a `T`, recording an issue when it is missing or bad.
    ///
    /// Never inlined: a model's reader is then one call per field instead of every
    /// field's reading code pasted in (a 30-field model was 32 KB of wasm).
    #[inline(never)]
    pub fn field<T: FromJson>(
        &mut self,
        object: &Map<String, Value>,
        key: &'static str,
    ) -> Option<T> {
        let value = lookup(object, key);
        self.key(key, |w| match value {
            Some(value) => T::from_json(value, w),
            None => {
                let absent = T::when_absent();
                if absent.is_none() {
                    w.issue(IssueCode::MissingField, T::expected(), "undefined");
                }
                absent
            }
        })
    }

    /// Records an issue at field `key` with texts known at compile time: one call, where
    /// `key(…, |w| w.issue(…))` pastes its path steps into every rule.
    #[inline(never)]
    pub fn issue_at(
        &mut self,
        key: &'static str,
        code: IssueCode,
        expected: &'static str,
        received: &'static str,
    ) {
        self.key(key, |w| w.issue(code, expected, received));
    }

    /// Whether any issue has been recorded.
    pub fn has_issues(&self) -> bool {
        !self.issues.is_empty()
    }

    /// Every issue recorded so far, in document order.
    pub fn into_issues(self) -> Vec<Issue> {
        self.issues
    }
}

/// `object[key]`: one copy of the map's lookup, not one in each field type's reader.
#[inline(never)]
fn lookup<'v>(object: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    object.get(key)
}

/// Reading a typed value from JSON while reporting issues to a [`Walker`].
pub trait FromJson: Sized {
    /// What a valid value looks like, for `expected`.
    fn expected() -> String;
    /// Reads `value`; `None` means at least one issue was recorded.
    fn from_json(value: &Value, w: &mut Walker) -> Option<Self>;
    /// The value of an absent field: `None` for required types, `Some(None)` for options.
    fn when_absent() -> Option<Self> {
        None
    }
}

/// Documented rules on an input beyond its JSON shape, reported as issues.
pub trait Validate {
    /// Records every broken rule in `w`.
    fn validate(&self, w: &mut Walker);
}

/// Reads a whole document: `Ok` with the value, or every issue found.
pub fn read<T: FromJson>(value: &Value, root: &[&str]) -> Result<T, Vec<Issue>> {
    read_with(value, Walker::at_root(root))
}

/// Reads a caller's input with a [`Walker::strict`] walker.
pub fn read_strict<T: FromJson>(value: &Value, root: &[&str]) -> Result<T, Vec<Issue>> {
    read_with(value, Walker::strict(root))
}

fn read_with<T: FromJson>(value: &Value, mut w: Walker) -> Result<T, Vec<Issue>> {
    match T::from_json(value, &mut w) {
        Some(v) if !w.has_issues() => Ok(v),
        _ => Err(w.into_issues()),
    }
}

impl FromJson for String {
    fn expected() -> String {
        "string".into()
    }
    fn from_json(value: &Value, w: &mut Walker) -> Option<Self> {
        match value {
            Value::String(s) => w.check_text(s).then(|| s.clone()),
            other => {
                w.issue(IssueCode::InvalidType, "string", describe(other));
                None
            }
        }
    }
}

impl FromJson for bool {
    fn expected() -> String {
        "boolean".into()
    }
    fn from_json(value: &Value, w: &mut Walker) -> Option<Self> {
        match value {
            Value::Bool(b) => Some(*b),
            other => {
                w.issue(IssueCode::InvalidType, "boolean", describe(other));
                None
            }
        }
    }
}

/// `value` as an integer when it is one that a JS number holds exactly (`5.0` is 5), as
/// [`safe_integer`] reads it.
pub(crate) fn exact_integer(value: &Value) -> Option<i64> {
    let n = value.as_number()?;
    let integral = || {
        n.as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() <= MAX_SAFE_INTEGER as f64)
    };
    n.as_i64()
        .or_else(|| integral().map(|f| f as i64))
        .filter(|i| (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(i))
}

/// Reads an integer that a JS number can hold exactly.
pub(crate) fn safe_integer(value: &Value, w: &mut Walker, expected: &str) -> Option<i64> {
    let Value::Number(n) = value else {
        w.issue(IssueCode::InvalidType, expected, describe(value));
        return None;
    };
    let integral_float = n.as_f64().filter(|f| f.fract() == 0.0);
    let exact = n.as_i64().or_else(|| {
        integral_float
            .filter(|f| f.abs() <= MAX_SAFE_INTEGER as f64)
            .map(|f| f as i64)
    });
    match exact {
        Some(i) if (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&i) => Some(i),
        Some(_) => {
            w.issue(
                IssueCode::OutOfRange,
                "integer within ±(2^53-1)",
                describe(value),
            );
            None
        }
        None if n.as_u64().is_some() || integral_float.is_some() => {
            w.issue(
                IssueCode::OutOfRange,
                "integer within ±(2^53-1)",
                describe(value),
            );
            None
        }
        None => {
            w.issue(IssueCode::InvalidType, expected, describe(value));
            None
        }
    }
}

impl FromJson for i64 {
    fn expected() -> String {
        "integer".into()
    }
    fn from_json(value: &Value, w: &mut Walker) -> Option<Self> {
        safe_integer(value, w, "integer")
    }
}

impl FromJson for u64 {
    fn expected() -> String {
        "non-negative integer".into()
    }
    fn from_json(value: &Value, w: &mut Walker) -> Option<Self> {
        let i = safe_integer(value, w, "non-negative integer")?;
        match u64::try_from(i) {
            Ok(u) => Some(u),
            Err(_) => {
                w.issue(
                    IssueCode::OutOfRange,
                    "non-negative integer",
                    describe(value),
                );
                None
            }
        }
    }
}

impl FromJson for f64 {
    fn expected() -> String {
        "number".into()
    }
    fn from_json(value: &Value, w: &mut Walker) -> Option<Self> {
        match value.as_f64() {
            Some(f) if value.is_number() => Some(f),
            _ => {
                w.issue(IssueCode::InvalidType, "number", describe(value));
                None
            }
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn expected() -> String {
        format!("array of {}", T::expected())
    }
    fn from_json(value: &Value, w: &mut Walker) -> Option<Self> {
        let Value::Array(items) = value else {
            w.issue(IssueCode::InvalidType, Self::expected(), describe(value));
            return None;
        };
        // Read every item, even after a bad one, so that all issues are reported.
        let read: Vec<Option<T>> = items
            .iter()
            .enumerate()
            .map(|(i, item)| w.index(i, |w| T::from_json(item, w)))
            .collect();
        read.into_iter().collect()
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn expected() -> String {
        T::expected()
    }
    fn from_json(value: &Value, w: &mut Walker) -> Option<Self> {
        match value {
            Value::Null => Some(None),
            other => T::from_json(other, w).map(Some),
        }
    }
    fn when_absent() -> Option<Self> {
        Some(None)
    }
}

/// Declares a JSON model: the struct with its wire names, serde `Serialize`, tsify (under
/// the `wasm` feature) and a [`FromJson`] reader.
///
/// Fields under `required` must be present and non-null. Fields under `optional` become
/// `Option<T>`, may be absent or `null`, and are `field?: T` in TypeScript.
#[macro_export]
#[doc(hidden)]
macro_rules! json_model {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            required { $( $(#[$rmeta:meta])* $rfield:ident as $rwire:literal : $rty:ty ),* $(,)? }
            optional { $( $(#[$ometa:meta])* $ofield:ident as $owire:literal : $oty:ty ),* $(,)? }
        }
    ) => {
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
        $(#[$meta])*
        pub struct $name {
            $(
                $(#[$rmeta])*
                #[serde(rename = $rwire)]
                pub $rfield: $rty,
            )*
            $(
                $(#[$ometa])*
                #[serde(rename = $owire, skip_serializing_if = "Option::is_none")]
                #[cfg_attr(feature = "wasm", tsify(optional))]
                pub $ofield: Option<$oty>,
            )*
        }

        impl $name {
            /// A value with its required fields as given (a model may have none) and every
            /// optional field absent. Set optional fields with struct update syntax
            /// (`Input { x: Some(1), ..Input::new(..) }`), which keeps compiling when
            /// quotakit adds an optional field.
            #[allow(clippy::too_many_arguments, clippy::new_without_default, dead_code)]
            pub fn new($($rfield: $rty),*) -> Self {
                Self {
                    $( $rfield, )*
                    $( $ofield: None, )*
                }
            }
        }

        impl $crate::shape::HasShape for $name {
            const SHAPE: &'static $crate::shape::Shape = &$crate::shape::Shape::Object(&[
                $( $crate::shape::Field {
                    wire: $rwire,
                    shape: <$rty as $crate::shape::HasShape>::SHAPE,
                    required: true,
                }, )*
                $( $crate::shape::Field {
                    wire: $owire,
                    shape: <$oty as $crate::shape::HasShape>::SHAPE,
                    required: false,
                }, )*
            ]);
        }

        impl $crate::schema::FromJson for $name {
            fn expected() -> String {
                "object".into()
            }
            fn from_json(
                value: &serde_json::Value,
                w: &mut $crate::schema::Walker,
            ) -> Option<Self> {
                let object = w.object(value)?;
                w.only_fields(object, &[$($rwire,)* $($owire,)*]);
                $( let $rfield = w.field::<$rty>(object, $rwire); )*
                $( let $ofield = w.field::<Option<$oty>>(object, $owire); )*
                Some(Self {
                    $( $rfield: $rfield?, )*
                    $( $ofield: $ofield?, )*
                })
            }
        }
    };
}

/// Declares a string enum with its documented wire values, read with `unknown_enum` issues.
#[macro_export]
#[doc(hidden)]
macro_rules! json_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),* $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $wire)] $variant, )*
        }

        impl $name {
            /// Every documented wire value, in documentation order.
            pub const ALL: &'static [&'static str] = &[$($wire),*];

            /// Every member, in the order of [`Self::ALL`].
            pub const VARIANTS: &'static [Self] = &[$($name::$variant),*];

            /// The wire value.
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $wire, )* }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::shape::HasShape for $name {
            const SHAPE: &'static $crate::shape::Shape = &$crate::shape::Shape::Enum(Self::ALL);
        }

        impl $crate::schema::FromJson for $name {
            fn expected() -> String {
                $crate::schema::one_of(Self::ALL)
            }
            fn from_json(
                value: &serde_json::Value,
                w: &mut $crate::schema::Walker,
            ) -> Option<Self> {
                let s = <String as $crate::schema::FromJson>::from_json(value, w)?;
                match s.as_str() {
                    $( $wire => Some($name::$variant), )*
                    _ => {
                        w.issue(
                            $crate::schema::IssueCode::UnknownEnum,
                            Self::expected(),
                            $crate::schema::describe(value),
                        );
                        None
                    }
                }
            }
        }
    };
}

/// Reads a secret string field without ever echoing it: a wrong type is reported by its
/// type alone. `Some(None)` when an optional field is absent or null.
pub fn secret_field(
    w: &mut Walker,
    object: &Map<String, Value>,
    key: &'static str,
    required: bool,
) -> Option<Option<String>> {
    w.key(key, |w| match object.get(key) {
        Some(Value::String(s)) => w.check_text(s).then(|| Some(s.clone())),
        None | Some(Value::Null) if !required => Some(None),
        None => {
            w.issue(IssueCode::MissingField, "string", "undefined");
            None
        }
        Some(other) => {
            let kind = match other {
                Value::Null => "null",
                Value::Bool(_) => "boolean",
                Value::Number(_) => "number",
                Value::String(_) => "string",
                Value::Array(_) => "array",
                Value::Object(_) => "object",
            };
            w.issue(IssueCode::InvalidType, "string", kind);
            None
        }
    })
}

/// `one of "a", "b"` for an `expected` text.
pub fn one_of(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
    format!("one of {}", quoted.join(", "))
}

#[cfg(test)]
#[allow(unreachable_pub)]
mod tests {
    use super::*;
    use serde_json::json;

    crate::json_model! {
        /// A test model.
        pub struct Inner {
            required { cost as "Cost": i64 }
            optional { note as "Note": String }
        }
    }

    crate::json_model! {
        /// A test model.
        pub struct Outer {
            required { items as "Items": Vec<Inner>, id as "Id": String }
            optional {}
        }
    }

    #[test]
    fn reports_every_issue_with_paths() {
        let v = json!({"Items": [{"Cost": 1}, {"Cost": "x"}, {"Note": 5}], "Extra": true});
        let issues = read::<Outer>(&v, &["Response"]).unwrap_err();
        let summary: Vec<(&str, &str)> = issues
            .iter()
            .map(|i| (i.code.as_str(), i.path.as_str()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("invalid_type", "$.Response.Items[1].Cost"),
                ("missing_field", "$.Response.Items[2].Cost"),
                ("invalid_type", "$.Response.Items[2].Note"),
                ("missing_field", "$.Response.Id"),
            ]
        );
        assert_eq!(
            issues[0].path_segments,
            vec![
                PathSegment::Key("Response".into()),
                PathSegment::Key("Items".into()),
                PathSegment::Index(1),
                PathSegment::Key("Cost".into())
            ]
        );
        assert_eq!(issues[0].received, "string \"x\"");
    }

    #[test]
    fn optional_accepts_null_and_absence_and_ignores_unknown_fields() {
        let v = json!({"Items": [{"Cost": -5, "Note": null, "New": [1]}], "Id": "r"});
        let outer = read::<Outer>(&v, &[]).unwrap();
        assert_eq!(
            outer.items[0],
            Inner {
                cost: -5,
                note: None
            }
        );
    }

    #[test]
    fn integers_must_be_exact_and_safe() {
        for (value, code) in [
            (json!(1.5), IssueCode::InvalidType),
            (json!(9_007_199_254_740_992_u64), IssueCode::OutOfRange),
            (json!(18_446_744_073_709_551_615_u64), IssueCode::OutOfRange),
            (json!(1e20), IssueCode::OutOfRange),
        ] {
            let issues = read::<i64>(&value, &[]).unwrap_err();
            assert_eq!(issues[0].code, code, "{value}");
        }
        assert_eq!(read::<i64>(&json!(2.0), &[]), Ok(2));
        assert_eq!(
            read::<u64>(&json!(-1), &[]).unwrap_err()[0].code,
            IssueCode::OutOfRange
        );
    }

    #[test]
    fn odd_keys_are_quoted_in_paths() {
        let mut w = Walker::at_root(&[]);
        w.key("a b", |w| {
            w.index(0, |w| w.issue(IssueCode::InvalidType, "x", "y"))
        });
        assert_eq!(w.into_issues()[0].path, "$[\"a b\"][0]");
    }

    #[test]
    fn long_strings_are_cut_in_descriptions() {
        let long = "x".repeat(10_000);
        assert!(describe(&Value::String(long)).len() < 60);
    }
}
