//! Models as data: one static table per model, read by one interpreter.
//!
//! Each [`json_model!`](crate::json_model) and [`json_enum!`](crate::json_enum) also emits
//! its [`Shape`]: the fields with their wire names, types, whether they are required, and
//! the enum members. [`crate::scan`] checks a response body against a shape in one pass
//! without building a value; generated per-model readers cost ~1 KB of wasm a field, and a
//! table costs a few words.
//!
//! A shape says only what the vendor's JSON must look like. What a field means, and the
//! documented rules between fields of an input, stay in the model's Rust code.

use serde_json::Value;

use crate::schema::{self, describe, IssueCode, Walker};

/// What a JSON value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Anything (a pass-through payload).
    Any,
    /// A string.
    String,
    /// An integer within ±(2^53-1): a JS number holds it exactly.
    Integer,
    /// A non-negative integer within 2^53-1.
    NonNegativeInteger,
    /// Any finite number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A string that is one of these wire values.
    Enum(&'static [&'static str]),
    /// An array whose items all have this shape.
    Array(&'static Shape),
    /// An object with these documented fields. Unknown fields are allowed.
    Object(&'static [Field]),
    /// An object whose keys are data and whose values all have this shape.
    Map(&'static Shape),
    /// `null`, or this shape; a field of this shape may also be absent.
    Nullable(&'static Shape),
}

/// One documented field of an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The name on the wire.
    pub wire: &'static str,
    /// The value's shape.
    pub shape: &'static Shape,
    /// Required fields must be present and not `null`; optional ones may be either.
    pub required: bool,
}

impl Shape {
    /// What a valid value looks like, for an issue's `expected`, as the generated readers
    /// say it.
    pub fn expected(&self) -> String {
        match self {
            Shape::Any => "any JSON value".into(),
            Shape::String => "string".into(),
            Shape::Integer => "integer".into(),
            Shape::NonNegativeInteger => "non-negative integer".into(),
            Shape::Number => "number".into(),
            Shape::Boolean => "boolean".into(),
            Shape::Enum(members) => schema::one_of(members),
            Shape::Array(item) => format!("array of {}", item.expected()),
            Shape::Object(_) => "object".into(),
            Shape::Map(values) => format!("object of {}", values.expected()),
            Shape::Nullable(inner) => inner.expected(),
        }
    }

    /// A value of this shape that reads without an issue of its own where it can (a nested
    /// model's required fields cannot be guessed): what stands in for a broken input field
    /// while the other fields' rules are checked.
    pub fn placeholder(&self) -> Value {
        match self {
            Shape::Any | Shape::Nullable(_) => Value::Null,
            Shape::String => Value::String(String::new()),
            Shape::Integer | Shape::NonNegativeInteger | Shape::Number => Value::from(0),
            Shape::Boolean => Value::Bool(false),
            Shape::Enum(members) => members.first().map_or(Value::Null, |m| Value::from(*m)),
            Shape::Array(_) => Value::Array(Vec::new()),
            Shape::Object(_) | Shape::Map(_) => Value::Object(serde_json::Map::new()),
        }
    }

    /// This shape as JSON Schema (draft 2020-12), for ajv, OpenAPI tools and anything else
    /// that speaks it. Unknown fields are allowed, as the readers allow them; an optional
    /// field may be `null`.
    pub fn json_schema(&self) -> Value {
        self.schema_of(false)
    }

    /// This shape as the JSON Schema of an input, which is read strictly: an object's
    /// fields beyond its table are refused (`additionalProperties: false`). Documented rules
    /// beyond the shape (ranges, formats) are not in it; `schema(op, "input")` checks them.
    pub fn input_json_schema(&self) -> Value {
        self.schema_of(true)
    }

    /// The JSON Schema of this shape; `closed`: objects refuse unknown fields.
    fn schema_of(&self, closed: bool) -> Value {
        use serde_json::json;
        const MAX: i64 = schema::MAX_SAFE_INTEGER;
        // `"type": [t, "null"]` where the inner schema has one type (ajv checks it far faster
        // than an `anyOf`), with `null` added to an `enum`.
        let or_null = |mut inner: Value| {
            let single = inner.get("type").and_then(Value::as_str).map(str::to_owned);
            match (single, inner.as_object_mut()) {
                (Some(t), Some(object)) => {
                    object.insert("type".into(), json!([t, "null"]));
                    if let Some(Value::Array(members)) = object.get_mut("enum") {
                        members.push(Value::Null);
                    }
                    inner
                }
                _ => json!({ "anyOf": [inner, { "type": "null" }] }),
            }
        };
        match self {
            Shape::Any => json!({}),
            Shape::String => json!({ "type": "string" }),
            Shape::Integer => json!({ "type": "integer", "minimum": -MAX, "maximum": MAX }),
            Shape::NonNegativeInteger => json!({ "type": "integer", "minimum": 0, "maximum": MAX }),
            Shape::Number => json!({ "type": "number" }),
            Shape::Boolean => json!({ "type": "boolean" }),
            Shape::Enum(members) => json!({ "type": "string", "enum": members }),
            Shape::Array(item) => json!({ "type": "array", "items": item.schema_of(closed) }),
            Shape::Object(fields) => {
                // Inserted one by one: a collect into a map compiles a sort of its own.
                let mut properties = serde_json::Map::new();
                for f in *fields {
                    let inner = f.shape.schema_of(closed);
                    let nullable = !f.required && !matches!(f.shape, Shape::Nullable(_));
                    let schema = if nullable { or_null(inner) } else { inner };
                    properties.insert(f.wire.to_owned(), schema);
                }
                let required: Vec<&str> = fields
                    .iter()
                    .filter(|f| f.required && !matches!(f.shape, Shape::Nullable(_)))
                    .map(|f| f.wire)
                    .collect();
                let mut object =
                    json!({ "type": "object", "properties": properties, "required": required });
                if let (true, Some(map)) = (closed, object.as_object_mut()) {
                    map.insert("additionalProperties".into(), false.into());
                }
                object
            }
            Shape::Map(values) => {
                json!({ "type": "object", "additionalProperties": values.schema_of(closed) })
            }
            Shape::Nullable(inner) => or_null(inner.schema_of(closed)),
        }
    }

    /// `value` checked leniently against this shape (as responses are read): a copy of it
    /// as received, or every issue, with paths from `root`.
    pub fn read(&self, value: &Value, root: &[&str]) -> Result<Value, Vec<schema::Issue>> {
        let mut w = Walker::at_root(root);
        self.check(value, &mut w);
        if w.has_issues() {
            return Err(w.into_issues());
        }
        Ok(value.clone())
    }

    /// Reads `value` as this shape leniently (as responses are read), recording every
    /// issue in `w` with its path: the table's answer to what the generated per-model
    /// readers say (`tests/scan_differential.rs` holds the two to the same issues).
    pub fn check(&self, value: &Value, w: &mut Walker) {
        match self {
            Shape::Any => {}
            Shape::String => {
                if !value.is_string() {
                    w.issue(IssueCode::InvalidType, "string", describe(value));
                }
            }
            Shape::Integer => {
                schema::safe_integer(value, w, "integer");
            }
            Shape::NonNegativeInteger => {
                if schema::safe_integer(value, w, "non-negative integer").is_some_and(|i| i < 0) {
                    w.issue(
                        IssueCode::OutOfRange,
                        "non-negative integer",
                        describe(value),
                    );
                }
            }
            Shape::Number => {
                if !value.is_number() {
                    w.issue(IssueCode::InvalidType, "number", describe(value));
                }
            }
            Shape::Boolean => {
                if !value.is_boolean() {
                    w.issue(IssueCode::InvalidType, "boolean", describe(value));
                }
            }
            Shape::Enum(members) => match value.as_str() {
                None => w.issue(IssueCode::InvalidType, "string", describe(value)),
                Some(text) if !members.contains(&text) => {
                    w.issue(IssueCode::UnknownEnum, self.expected(), describe(value));
                }
                Some(_) => {}
            },
            Shape::Array(item) => match value.as_array() {
                None => w.issue(IssueCode::InvalidType, self.expected(), describe(value)),
                Some(items) => {
                    for (i, v) in items.iter().enumerate() {
                        w.index(i, |w| item.check(v, w));
                    }
                }
            },
            Shape::Object(fields) => {
                let Some(object) = w.object(value) else {
                    return;
                };
                for field in fields.iter() {
                    let optional = !field.required || matches!(field.shape, Shape::Nullable(_));
                    w.key(field.wire, |w| match object.get(field.wire) {
                        None if !optional => {
                            w.issue(IssueCode::MissingField, field.shape.expected(), "undefined");
                        }
                        None => {}
                        Some(Value::Null) if optional => {}
                        Some(v) => field.shape.check(v, w),
                    });
                }
            }
            Shape::Map(values) => {
                if let Some(object) = w.object(value) {
                    for (key, v) in object {
                        w.data_key(key, |w| values.check(v, w));
                    }
                }
            }
            Shape::Nullable(inner) => {
                if !value.is_null() {
                    inner.check(value, w);
                }
            }
        }
    }
}

/// A type whose JSON form is described by a [`Shape`].
pub trait HasShape {
    /// The shape.
    const SHAPE: &'static Shape;
}

impl HasShape for String {
    const SHAPE: &'static Shape = &Shape::String;
}
impl HasShape for i64 {
    const SHAPE: &'static Shape = &Shape::Integer;
}
impl HasShape for u64 {
    const SHAPE: &'static Shape = &Shape::NonNegativeInteger;
}
impl HasShape for f64 {
    const SHAPE: &'static Shape = &Shape::Number;
}
impl HasShape for bool {
    const SHAPE: &'static Shape = &Shape::Boolean;
}
impl HasShape for serde_json::Value {
    const SHAPE: &'static Shape = &Shape::Any;
}
impl<T: HasShape> HasShape for std::collections::BTreeMap<String, T> {
    const SHAPE: &'static Shape = &Shape::Map(T::SHAPE);
}
impl<T: HasShape> HasShape for Option<T> {
    const SHAPE: &'static Shape = &Shape::Nullable(T::SHAPE);
}
impl<T: HasShape> HasShape for Vec<T> {
    const SHAPE: &'static Shape = &Shape::Array(T::SHAPE);
}

#[cfg(test)]
#[allow(unreachable_pub, dead_code)]
mod tests {
    use super::*;
    use serde_json::json;

    crate::json_enum! {
        /// A test enum.
        pub enum Colour { Red = "red", Blue = "blue" }
    }

    crate::json_model! {
        /// Every kind of shape, required and optional.
        pub struct Everything {
            required {
                text as "text": String,
                int as "int": i64,
                count as "count": u64,
                ratio as "ratio": f64,
                flag as "flag": bool,
                colour as "colour": Colour,
                list as "list": Vec<u64>,
                map as "map": std::collections::BTreeMap<String, i64>,
                maybe as "maybe": Option<String>,
                any as "any": serde_json::Value,
            }
            optional { nested as "nested": Inner }
        }
    }

    crate::json_model! {
        /// A nested model.
        pub struct Inner {
            required { text as "text": String }
            optional {}
        }
    }

    /// The table's issues and the generated reader's, for `value`.
    fn both(value: &Value) -> (Vec<crate::schema::Issue>, Vec<crate::schema::Issue>) {
        let generated = crate::schema::read::<Everything>(value, &["r"])
            .err()
            .unwrap_or_default();
        let mut w = Walker::at_root(&["r"]);
        Everything::SHAPE.check(value, &mut w);
        (generated, w.into_issues())
    }

    #[test]
    fn the_table_says_what_the_generated_reader_says() {
        let good = json!({"text": "t", "int": -1, "count": 2, "ratio": 0.5, "flag": true, "colour": "red",
            "list": [1], "map": {"a": 1}, "maybe": null, "any": [null]});
        for value in [
            good.clone(),
            json!({}),
            json!([]),
            json!({"text": 1, "int": 1.5, "count": -1, "ratio": "x", "flag": 0, "colour": "green",
                "list": [1, -2, "x"], "map": {"a": "b"}, "maybe": 5, "any": 1, "nested": {"text": null}}),
            json!({"colour": 5, "list": {}, "map": [], "int": 9_007_199_254_740_992_u64, "count": 1e20}),
        ] {
            let (generated, table) = both(&value);
            assert_eq!(generated, table, "{value}");
        }
        assert!(both(&good).0.is_empty());
        assert_eq!(
            both(&json!({})).1.len(),
            9,
            "every required field but the nullable one"
        );
    }

    #[test]
    fn json_schema_says_the_same_rules() {
        let schema = Everything::SHAPE.json_schema();
        assert_eq!(schema["type"], "object");
        assert_eq!(
            schema["required"],
            json!(["text", "int", "count", "ratio", "flag", "colour", "list", "map", "any"])
        );
        assert_eq!(
            schema["properties"]["count"],
            json!({"type": "integer", "minimum": 0, "maximum": 9_007_199_254_740_991_i64})
        );
        assert_eq!(
            schema["properties"]["colour"],
            json!({"type": "string", "enum": ["red", "blue"]})
        );
        assert_eq!(
            schema["properties"]["maybe"],
            json!({"type": ["string", "null"]})
        );
        assert_eq!(
            schema["properties"]["map"],
            json!({"type": "object", "additionalProperties": {"type": "integer", "minimum": -9_007_199_254_740_991_i64, "maximum": 9_007_199_254_740_991_i64}})
        );
        assert_eq!(
            schema["properties"]["nested"]["type"],
            json!(["object", "null"])
        );
        assert_eq!(schema["properties"]["any"], json!({}));
    }

    #[test]
    fn nested_shapes_are_static_tables() {
        assert_eq!(
            <Vec<Vec<u64>> as HasShape>::SHAPE,
            &Shape::Array(&Shape::Array(&Shape::NonNegativeInteger))
        );
    }
}
