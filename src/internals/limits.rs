//! How much of a response quotakit reads, and how strictly.
//!
//! A validator runs inside the caller's backend or edge function, on bytes that came off
//! the network. Whatever a vendor, a proxy or an attacker on the path sends, reading it must
//! take bounded time and memory and end in a typed result or error. So a body is measured
//! before it is parsed, nesting is counted while it is parsed (serde_json's own recursion
//! cap of 128 stays underneath as the hard stop), and a key that appears twice in one
//! object is refused: `JSON.parse` keeps the last, other parsers the first, and a
//! validator must not approve a document that a different reader would see differently.
//!
//! The limits are per client (`limits: { maxBodyBytes, maxDepth }` in every client's
//! options) so a caller with unusually large responses can raise them.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::schema::{IssueCode, Walker};

/// Default for [`Limits::max_body_bytes`]: 8 MiB, far above any documented response here.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 8 << 20;
/// Default for [`Limits::max_depth`]. The deepest documented response nests 6 levels.
pub const DEFAULT_MAX_DEPTH: u64 = 64;
/// The largest `maxBodyBytes` accepted: 1 GiB.
const MAX_BODY_BYTES_CEILING: u64 = 1 << 30;
/// The largest `maxDepth` accepted; serde_json refuses deeper documents on its own.
const MAX_DEPTH_CEILING: u64 = 120;

/// Bounds on reading a response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest body read, in UTF-8 bytes; longer ones are a `schema` error `too_large`.
    pub max_body_bytes: u64,
    /// Deepest nesting of arrays and objects; deeper is a `schema` error `too_deep`.
    pub max_depth: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }
}

crate::json_model! {
    /// `limits` in a client's options: `{ maxBodyBytes?, maxDepth? }`.
    pub struct LimitsInput {
        required {}
        optional {
            /// Longest response body read, in bytes (default 8 MiB, at most 1 GiB).
            max_body_bytes as "maxBodyBytes": u64,
            /// Deepest nesting of a response (default 64, at most 120).
            max_depth as "maxDepth": u64,
        }
    }
}

impl Limits {
    /// The limits `input` asks for, with defaults for what it leaves out; an out-of-range
    /// value is an issue under `limits`.
    pub fn from_input(input: Option<&LimitsInput>, w: &mut Walker) -> Limits {
        let mut limits = Limits::default();
        let Some(input) = input else {
            return limits;
        };
        w.key("limits", |w| {
            let mut pick =
                |key: &'static str, value: Option<u64>, ceiling: u64, into: &mut u64| match value {
                    Some(v) if (1..=ceiling).contains(&v) => *into = v,
                    Some(v) => w.key(key, |w| {
                        w.issue(
                            IssueCode::OutOfRange,
                            format!("1..={ceiling}"),
                            format!("number {v}"),
                        )
                    }),
                    None => {}
                };
            pick(
                "maxBodyBytes",
                input.max_body_bytes,
                MAX_BODY_BYTES_CEILING,
                &mut limits.max_body_bytes,
            );
            pick(
                "maxDepth",
                input.max_depth,
                MAX_DEPTH_CEILING,
                &mut limits.max_depth,
            );
        });
        limits
    }

    /// Parses `text` as JSON within these limits. The error says which limit or which
    /// syntax rule was broken; the caller wraps it as a `schema` error.
    pub fn parse(&self, text: &str) -> Result<Value, Refusal> {
        if text.len() as u64 > self.max_body_bytes {
            return Err(Refusal::TooLarge {
                bytes: text.len() as u64,
                limit: self.max_body_bytes,
            });
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let value = Strict {
            depth: 0,
            max_depth: self.max_depth,
        }
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v));
        value.map_err(|e| {
            let text = e.to_string();
            if text.starts_with(TOO_DEEP) {
                Refusal::TooDeep {
                    limit: self.max_depth,
                }
            } else if text.starts_with("recursion limit exceeded") {
                // serde_json's own cap (128), below which `max_depth` always sits.
                Refusal::TooDeep {
                    limit: self.max_depth,
                }
            } else {
                Refusal::Invalid(text)
            }
        })
    }
}

/// Why a body was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The body is longer than `maxBodyBytes`.
    TooLarge {
        /// Its length in bytes.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// Arrays and objects nest deeper than `maxDepth`.
    TooDeep {
        /// The limit.
        limit: u64,
    },
    /// Not JSON, or an object repeats a key; serde_json's message with line and column.
    Invalid(String),
}

impl Refusal {
    /// quotakit's code for this refusal: `too_large`, `too_deep` or `invalid_json`.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::TooLarge { .. } => "too_large",
            Refusal::TooDeep { .. } => "too_deep",
            Refusal::Invalid(_) => "invalid_json",
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::TooLarge { bytes, limit } => write!(
                f,
                "the response body is {bytes} bytes, over this client's limit of {limit} (limits.maxBodyBytes)"
            ),
            Refusal::TooDeep { limit } => write!(
                f,
                "the response nests deeper than this client's limit of {limit} levels (limits.maxDepth)"
            ),
            Refusal::Invalid(why) => write!(f, "the response body is not JSON ({why})"),
        }
    }
}

const TOO_DEEP: &str = "nesting deeper than the limit";

/// A JSON value read with a depth limit and without duplicate keys.
#[derive(Clone, Copy)]
struct Strict {
    depth: u64,
    max_depth: u64,
}

impl Strict {
    fn deeper<E: de::Error>(&self) -> Result<Strict, E> {
        if self.depth >= self.max_depth {
            return Err(E::custom(TOO_DEEP));
        }
        Ok(Strict {
            depth: self.depth + 1,
            max_depth: self.max_depth,
        })
    }
}

impl<'de> DeserializeSeed<'de> for Strict {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // serde_json never hands out a non-finite float, so this is never `null`.
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = self.deeper()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let inner = self.deeper()?;
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(inner)?;
            if object.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "the key {} appears twice in one object",
                    Value::String(key)
                )));
            }
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refuse(limits: Limits, text: &str) -> &'static str {
        limits.parse(text).unwrap_err().code()
    }

    #[test]
    fn bodies_over_the_limit_are_refused_before_parsing() {
        let small = Limits {
            max_body_bytes: 10,
            ..Limits::default()
        };
        assert_eq!(refuse(small, r#"{"a":"0123456789"}"#), "too_large");
        assert!(small.parse(r#"{"a":1}"#).is_ok());
    }

    #[test]
    fn nesting_is_bounded_even_far_beyond_serde_json_s_cap() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert_eq!(refuse(Limits::default(), &deep), "too_deep");
        let objects = r#"{"a":"#.repeat(65) + "1" + &"}".repeat(65);
        assert_eq!(refuse(Limits::default(), &objects), "too_deep");
        let ok = r#"{"a":"#.repeat(64) + "1" + &"}".repeat(64);
        assert!(Limits::default().parse(&ok).is_ok());
    }

    #[test]
    fn a_repeated_key_is_refused_at_any_depth() {
        let e = Limits::default()
            .parse(r#"{"Response":{"RequestId":"a","RequestId":"b"}}"#)
            .unwrap_err();
        assert_eq!(e.code(), "invalid_json");
        assert!(e.to_string().contains("\"RequestId\" appears twice"), "{e}");
    }

    #[test]
    fn huge_numbers_are_errors_or_values_never_panics() {
        assert_eq!(refuse(Limits::default(), "1e999"), "invalid_json");
        let v = Limits::default()
            .parse("123456789012345678901234567890")
            .unwrap();
        assert!(v.is_number());
        assert_eq!(refuse(Limits::default(), "{} x"), "invalid_json");
    }

    #[test]
    fn configured_limits_are_checked() {
        let mut w = Walker::at_root(&[]);
        let input = LimitsInput {
            max_body_bytes: Some(0),
            max_depth: Some(500),
        };
        let limits = Limits::from_input(Some(&input), &mut w);
        assert_eq!(limits, Limits::default());
        let paths: Vec<String> = w.into_issues().into_iter().map(|i| i.path).collect();
        assert_eq!(paths, ["$.limits.maxBodyBytes", "$.limits.maxDepth"]);
    }
}
