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
mod tests {
    use super::*;

    #[test]
    fn nested_shapes_are_static_tables() {
        assert_eq!(
            <Vec<Vec<u64>> as HasShape>::SHAPE,
            &Shape::Array(&Shape::Array(&Shape::NonNegativeInteger))
        );
    }
}
