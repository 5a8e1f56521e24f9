//! One pass over a response body that says whether it is valid, without building a value.
//!
//! In JS, the engine's `JSON.parse` builds objects faster than anything behind the wasm
//! boundary can. What wasm adds is the checking `JSON.parse` does not do. So a response
//! body crosses into wasm once, as bytes, and [`check`] walks it against the model's
//! [`Shape`]: syntax, every field's type, required fields, enum members, safe integers,
//! repeated keys (`JSON.parse` keeps the last, other readers the first), nesting depth and
//! size. It builds nothing and allocates nothing for a valid body without escaped keys.
//!
//! It answers only yes or no. A body it refuses is read again by the full reader
//! ([`crate::schema`]), which reports every issue with its path, so the messages are built
//! only when there is something to say. `tests/scan_differential.rs` and the `scan` fuzz
//! target hold the two to the same verdict.
//!
//! A few values outside the model decide whether a body is a vendor's error envelope
//! (Tencent's `Response.Error`, Douyin's `extra.error_code`). The caller names them as
//! [`Probe`] paths; [`check`] returns their raw text, and the vendor's own error reader
//! decides from them, so that rule stays written once.

use serde_json::{Map, Value};

use crate::limits::Limits;
use crate::schema;
use crate::shape::{Field, Shape};

/// A path of one or two object keys from the root, whose value [`check`] hands back.
pub type Probe = &'static [&'static str];

/// The most probes one check takes.
pub const MAX_PROBES: usize = 8;

/// What [`check`] found at each probe: the value's text, when present.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProbeValues<'a> {
    found: [Option<&'a str>; MAX_PROBES],
}

impl<'a> ProbeValues<'a> {
    /// The value at probe `index`, as JSON text.
    pub fn text(&self, index: usize) -> Option<&'a str> {
        self.found.get(index).copied().flatten()
    }

    /// The probed values assembled into a JSON object with their paths, the skeleton of
    /// the body that an error reader can read as it reads the whole body.
    pub fn skeleton(&self, probes: &[Probe]) -> Value {
        let mut root = Map::new();
        for (index, path) in probes.iter().enumerate() {
            let Some(value) = self.text(index).and_then(|t| serde_json::from_str(t).ok()) else {
                continue;
            };
            match path {
                [key] => {
                    root.insert((*key).to_owned(), value);
                }
                [outer, inner] => {
                    let entry = root
                        .entry((*outer).to_owned())
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(object) = entry {
                        object.insert((*inner).to_owned(), value);
                    }
                }
                _ => {}
            }
        }
        Value::Object(root)
    }
}

/// Whether `body` is one JSON document within `limits` whose value at `model_at` (the root
/// when `None`) has `model`'s shape; `Some` with the probed values when it is.
///
/// With `refuse_fffd`, a U+FFFD in a string also stops the check: text that came from JS
/// has one where the JS string had a lone surrogate (the UTF-8 copy replaces it), and the
/// full reader must then look at the JS string itself.
pub fn check<'a>(
    body: &'a str,
    limits: &Limits,
    model_at: Option<&'static str>,
    model: &'static Shape,
    probes: &'a [Probe],
    refuse_fffd: bool,
) -> Option<ProbeValues<'a>> {
    if body.len() as u64 > limits.max_body_bytes || probes.len() > MAX_PROBES {
        return None;
    }
    let mut scanner = Scanner {
        text: body,
        b: body.as_bytes(),
        i: 0,
        depth: 0,
        max_depth: limits.max_depth,
        unknown_keys: Vec::new(),
        unknown_ends: Vec::new(),
        scratch: Vec::new(),
        orders: Vec::new(),
        probes,
        found: ProbeValues::default(),
        refuse_fffd,
    };
    let all_probes = (1u32 << probes.len()) - 1;
    let scanned = match model_at {
        None => scanner.value(model, all_probes, 0),
        Some(key) => {
            let envelope = [Field {
                wire: key,
                shape: model,
                required: true,
            }];
            scanner.skip_ws();
            match scanner.peek() {
                Some(b'{') => scanner.object(&envelope, &Shape::Any, all_probes, 0),
                _ => Err(Stop),
            }
        }
    };
    scanner.skip_ws();
    match scanned {
        Ok(()) if scanner.i == scanner.b.len() => Some(scanner.found),
        _ => None,
    }
}

/// Byte equality without a call to `memcmp`, which in wasm is a slow byte loop of its own:
/// keys are short, so eight bytes at a time as one word, then the last few one by one.
/// Comparing keys was a quarter of a scan's instructions when it went byte by byte.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let word = |chunk: &[u8]| u64::from_le_bytes(chunk.try_into().unwrap_or_default());
    let (mut a8, mut b8) = (a.chunks_exact(8), b.chunks_exact(8));
    a8.by_ref()
        .zip(b8.by_ref())
        .all(|(x, y)| word(x) == word(y))
        && a8
            .remainder()
            .iter()
            .zip(b8.remainder())
            .all(|(x, y)| x == y)
}

/// The body is not valid (or not simple enough to say so here): read it in full.
#[derive(Debug)]
struct Stop;

type Step = Result<(), Stop>;

/// A key as read: a slice of the body, or decoded into `scratch` when it had escapes.
#[derive(Clone, Copy)]
enum Key {
    Raw(usize, usize),
    Decoded,
}

struct Scanner<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    depth: u64,
    max_depth: u64,
    /// The unknown keys of every open object, decoded, end to end.
    unknown_keys: Vec<u8>,
    /// Where each of `unknown_keys` ends.
    unknown_ends: Vec<usize>,
    /// The current key or enum string, decoded, when it had escapes.
    scratch: Vec<u8>,
    /// For each model met so far (by the address of its fields), the order in which this
    /// body sends its fields: entry `i` is the field seen after field `i - 1` (entry 0: the
    /// first). Vendors send every object of a list in one order, rarely the model's.
    orders: Vec<(usize, FieldOrder, u64)>,
    probes: &'a [Probe],
    found: ProbeValues<'a>,
    refuse_fffd: bool,
}

/// Predicted successors of each field, as field indexes (`u8::MAX`: none yet). Kept with
/// the model's required fields as a bitset.
type FieldOrder = [u8; 65];

/// Bytes that end a run through a string: `"`, `\`, control characters, and 0xEF, the
/// first byte of U+FFFD (checked only with `refuse_fffd`).
#[allow(clippy::indexing_slicing)] // a constant: `byte` < 256 is checked at compile time
const STRING_STOP: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] =
            byte < 0x20 || byte == b'"' as usize || byte == b'\\' as usize || byte == 0xEF;
        byte += 1;
    }
    table
};

impl<'a> Scanner<'a> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.i += 1;
        }
    }

    #[inline]
    fn eat(&mut self, byte: u8) -> Step {
        if self.peek() == Some(byte) {
            self.i += 1;
            Ok(())
        } else {
            Err(Stop)
        }
    }

    fn literal(&mut self, word: &[u8]) -> Step {
        match self.b.get(self.i..self.i + word.len()) {
            Some(found) if found == word => {
                self.i += word.len();
                Ok(())
            }
            _ => Err(Stop),
        }
    }

    /// Whether the key at the cursor (at its opening quote) is exactly `wire`, unescaped.
    #[inline]
    fn key_is(&self, wire: &str) -> bool {
        let start = self.i + 1;
        let end = start + wire.len();
        matches!(self.b.get(start..end), Some(text) if same(text, wire.as_bytes()))
            && self.b.get(end) == Some(&b'"')
    }

    #[inline]
    fn key_bytes(&self, key: Key) -> &[u8] {
        match key {
            Key::Raw(start, end) => self.b.get(start..end).unwrap_or_default(),
            Key::Decoded => &self.scratch,
        }
    }

    /// One value of `shape`. `probes` are the probes whose path so far matches and goes
    /// deeper; `level` is the number of keys on the path so far.
    fn value(&mut self, shape: &Shape, probes: u32, level: usize) -> Step {
        self.skip_ws();
        match (self.peek().ok_or(Stop)?, shape) {
            (b'n', Shape::Nullable(_)) => self.literal(b"null"),
            (_, Shape::Nullable(inner)) => self.value(inner, probes, level),
            (b'{', Shape::Object(fields)) => self.object(fields, &Shape::Any, probes, level),
            (b'{', Shape::Map(values)) => self.object(&[], values, probes, level),
            (b'{', Shape::Any) => self.object(&[], &Shape::Any, probes, level),
            (b'[', Shape::Array(item)) => self.array(item),
            (b'[', Shape::Any) => self.array(&Shape::Any),
            (b'"', Shape::String | Shape::Any) => self.string(false).map(|_| ()),
            (b'"', Shape::Enum(members)) => {
                let key = self.string(true)?;
                let text = self.key_bytes(key);
                if members.iter().any(|m| same(m.as_bytes(), text)) {
                    Ok(())
                } else {
                    Err(Stop)
                }
            }
            (b't', Shape::Boolean | Shape::Any) => self.literal(b"true"),
            (b'f', Shape::Boolean | Shape::Any) => self.literal(b"false"),
            (b'n', Shape::Any) => self.literal(b"null"),
            (b'-' | b'0'..=b'9', _) => self.number(shape),
            _ => Err(Stop),
        }
    }

    fn enter(&mut self) -> Step {
        if self.depth >= self.max_depth {
            return Err(Stop);
        }
        self.depth += 1;
        self.i += 1;
        Ok(())
    }

    /// An object with `fields`; any other key's value must have the shape `others`.
    fn object(&mut self, fields: &[Field], others: &Shape, probes: u32, level: usize) -> Step {
        // Fields are matched into a bitset; no model has more than 64 (a test checks).
        if fields.len() > 64 {
            return Err(Stop);
        }
        self.enter()?;
        let unknown_mark = self.unknown_ends.len();
        let mut seen: u64 = 0;
        let identity = fields.as_ptr() as usize;
        let (mut order, required) = self
            .orders
            .iter()
            .find(|(id, _, _)| *id == identity)
            .map_or_else(
                || {
                    let required = fields
                        .iter()
                        .enumerate()
                        .filter(|(_, f)| f.required && !matches!(f.shape, Shape::Nullable(_)))
                        .fold(0u64, |mask, (i, _)| mask | 1 << i);
                    ([u8::MAX; 65], required)
                },
                |(_, order, required)| (*order, *required),
            );
        let mut after = 0usize;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
        } else {
            loop {
                self.skip_ws();
                if self.peek() != Some(b'"') {
                    return Err(Stop);
                }
                // Try the field that followed the last one in the previous object first,
                // straight on the bytes: a key that equals it needs no scan of its own.
                let predicted = order.get(after).map_or(usize::MAX, |&i| usize::from(i));
                let (key, index) = match fields.get(predicted) {
                    Some(f) if self.key_is(f.wire) => {
                        let start = self.i + 1;
                        self.i = start + f.wire.len() + 1;
                        (Key::Raw(start, start + f.wire.len()), Some(predicted))
                    }
                    _ => {
                        let key = self.string(true)?;
                        let text = self.key_bytes(key);
                        (
                            key,
                            fields.iter().position(|f| same(f.wire.as_bytes(), text)),
                        )
                    }
                };
                let (child_probes, record) = self.match_probes(probes, level, key);
                match index {
                    Some(index) => {
                        let bit = 1u64 << index;
                        if seen & bit != 0 {
                            return Err(Stop);
                        }
                        seen |= bit;
                        if let (Some(slot), Ok(index_u8)) =
                            (order.get_mut(after), u8::try_from(index))
                        {
                            *slot = index_u8;
                        }
                        after = index + 1;
                    }
                    None => self.remember_unknown(key, unknown_mark)?,
                }
                self.skip_ws();
                self.eat(b':')?;
                self.skip_ws();
                let start = self.i;
                match index.and_then(|i| fields.get(i)) {
                    Some(field) if !field.required && self.peek() == Some(b'n') => {
                        self.literal(b"null")?
                    }
                    // The commonest value of all, a string where a string belongs, without
                    // the general dispatch.
                    Some(Field {
                        shape: Shape::String,
                        ..
                    }) if self.peek() == Some(b'"') => {
                        self.string(false)?;
                    }
                    Some(field) => self.value(field.shape, child_probes, level + 1)?,
                    None => self.value(others, child_probes, level + 1)?,
                }
                if let Some(probe) = record {
                    if let Some(slot) = self.found.found.get_mut(probe) {
                        *slot = self.text.get(start..self.i);
                    }
                }
                self.skip_ws();
                match self.peek() {
                    Some(b',') => self.i += 1,
                    Some(b'}') => {
                        self.i += 1;
                        break;
                    }
                    _ => return Err(Stop),
                }
            }
        }
        if seen & required != required {
            return Err(Stop);
        }
        if !fields.is_empty() {
            match self.orders.iter_mut().find(|(id, _, _)| *id == identity) {
                Some((_, kept, _)) => *kept = order,
                None => self.orders.push((identity, order, required)),
            }
        }
        if let Some(&end) = unknown_mark
            .checked_sub(1)
            .and_then(|i| self.unknown_ends.get(i))
        {
            self.unknown_keys.truncate(end);
        } else {
            self.unknown_keys.clear();
        }
        self.unknown_ends.truncate(unknown_mark);
        self.depth -= 1;
        Ok(())
    }

    /// Which probes go on below `key`, and which one (if any) ends at it.
    #[inline]
    fn match_probes(&self, probes: u32, level: usize, key: Key) -> (u32, Option<usize>) {
        if probes == 0 {
            return (0, None);
        }
        let text = self.key_bytes(key);
        let mut deeper = 0;
        let mut ends = None;
        for (index, path) in self.probes.iter().enumerate() {
            if probes & (1 << index) == 0 || path.get(level).map(|k| k.as_bytes()) != Some(text) {
                continue;
            }
            if path.len() == level + 1 {
                ends = Some(index);
            } else {
                deeper |= 1 << index;
            }
        }
        (deeper, ends)
    }

    /// Records a key that no field of the object matched; a repeat is refused.
    fn remember_unknown(&mut self, key: Key, mark: usize) -> Step {
        let body = self.b;
        let text = match key {
            Key::Raw(start, end) => body.get(start..end).unwrap_or_default(),
            Key::Decoded => &self.scratch,
        };
        let mut start = mark
            .checked_sub(1)
            .and_then(|i| self.unknown_ends.get(i))
            .copied()
            .unwrap_or(0);
        for &end in self.unknown_ends.get(mark..).unwrap_or_default() {
            if self.unknown_keys.get(start..end) == Some(text) {
                return Err(Stop);
            }
            start = end;
        }
        self.unknown_keys.extend_from_slice(text);
        self.unknown_ends.push(self.unknown_keys.len());
        Ok(())
    }

    fn array(&mut self, item: &Shape) -> Step {
        self.enter()?;
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.i += 1;
        } else {
            loop {
                self.value(item, 0, 0)?;
                self.skip_ws();
                match self.peek() {
                    Some(b',') => self.i += 1,
                    Some(b']') => {
                        self.i += 1;
                        break;
                    }
                    _ => return Err(Stop),
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// A string from its opening quote. With `decode`, a string with escapes is decoded
    /// into `scratch` (for keys and enum members, which are compared).
    fn string(&mut self, decode: bool) -> Result<Key, Stop> {
        self.i += 1;
        let start = self.i;
        let mut escaped = false;
        loop {
            self.i = self.string_run(self.i).ok_or(Stop)?;
            match self.peek() {
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    self.escape()?;
                }
                Some(0xEF) => {
                    if self.refuse_fffd
                        && self.b.get(self.i..self.i + 3) == Some("\u{FFFD}".as_bytes())
                    {
                        return Err(Stop);
                    }
                    self.i += 1;
                }
                _ => return Err(Stop),
            }
        }
        let end = self.i;
        self.i += 1;
        if !(escaped && decode) {
            return Ok(Key::Raw(start, end));
        }
        // Rare (vendors do not escape keys): let serde_json decode it, quotes included.
        let quoted = self.text.get(start - 1..=end).ok_or(Stop)?;
        let decoded: String = serde_json::from_str(quoted).map_err(|_| Stop)?;
        self.scratch.clear();
        self.scratch.extend_from_slice(decoded.as_bytes());
        Ok(Key::Decoded)
    }

    /// The index of the first byte at or after `at` that ends a run through a string (see
    /// [`STRING_STOP`]), sixteen bytes at a time with WebAssembly SIMD, then eight: most of
    /// a body is string content.
    #[inline]
    fn string_run(&self, mut at: usize) -> Option<usize> {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        {
            use core::arch::wasm32::{
                u8x16, u8x16_bitmask, u8x16_eq, u8x16_lt, u8x16_splat, v128_or,
            };
            while let Some(chunk) = self.b.get(at..at + 16) {
                let c: [u8; 16] = chunk.try_into().ok()?;
                let v = u8x16(
                    c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11],
                    c[12], c[13], c[14], c[15],
                );
                let stops = v128_or(
                    v128_or(
                        u8x16_eq(v, u8x16_splat(b'"')),
                        u8x16_eq(v, u8x16_splat(b'\\')),
                    ),
                    v128_or(
                        u8x16_lt(v, u8x16_splat(0x20)),
                        u8x16_eq(v, u8x16_splat(0xEF)),
                    ),
                );
                let mask = u8x16_bitmask(stops);
                if mask != 0 {
                    return Some(at + mask.trailing_zeros() as usize);
                }
                at += 16;
            }
        }
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        // Bytes of `x` that are zero, as their high bits (exact for the lowest one).
        let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
        while let Some(chunk) = self.b.get(at..at + 8) {
            let x = u64::from_le_bytes(chunk.try_into().ok()?);
            let stops = zero(x ^ (ONES * u64::from(b'"')))
                | zero(x ^ (ONES * u64::from(b'\\')))
                | zero(x ^ (ONES * 0xEF))
                | (x.wrapping_sub(ONES * 0x20) & !x & HIGH);
            if stops != 0 {
                return Some(at + stops.trailing_zeros() as usize / 8);
            }
            at += 8;
        }
        let rest = self.b.get(at..)?;
        let stop = rest
            .iter()
            .position(|&c| STRING_STOP.get(usize::from(c)).copied().unwrap_or(true))?;
        Some(at + stop)
    }

    /// One escape from its backslash; surrogates must come in pairs.
    fn escape(&mut self) -> Step {
        self.i += 1;
        match self.peek().ok_or(Stop)? {
            b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {
                self.i += 1;
                Ok(())
            }
            b'u' => {
                let unit = self.hex4()?;
                match unit {
                    0xD800..=0xDBFF => {
                        self.literal(b"\\u")?;
                        match self.hex4()? {
                            0xDC00..=0xDFFF => Ok(()),
                            _ => Err(Stop),
                        }
                    }
                    0xDC00..=0xDFFF => Err(Stop),
                    _ => Ok(()),
                }
            }
            _ => Err(Stop),
        }
    }

    /// `uXXXX` (the `u` at the cursor, or after `\` for a second unit) as a number.
    fn hex4(&mut self) -> Result<u32, Stop> {
        if self.peek() == Some(b'u') {
            self.i += 1;
        }
        let digits = self.b.get(self.i..self.i + 4).ok_or(Stop)?;
        let mut unit = 0u32;
        for &d in digits {
            let v = (d as char).to_digit(16).ok_or(Stop)?;
            unit = unit * 16 + v;
        }
        self.i += 4;
        Ok(unit)
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
        self.i - start
    }

    /// A number, by JSON's grammar, of `shape`.
    fn number(&mut self, shape: &Shape) -> Step {
        let start = self.i;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.i += 1;
        }
        let whole = match self.peek() {
            Some(b'0') => {
                self.i += 1;
                1
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(Stop),
        };
        let mut plain = true;
        if self.peek() == Some(b'.') {
            self.i += 1;
            plain = false;
            if self.digits() == 0 {
                return Err(Stop);
            }
        }
        let mut exponent = false;
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            plain = false;
            exponent = true;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(Stop);
            }
        }
        let length = self.i - start;
        // Fifteen digits stay below 2^53; fewer than 300 without an exponent stay finite.
        let simple = match shape {
            Shape::Integer => plain && whole <= 15,
            Shape::NonNegativeInteger => plain && !negative && whole <= 15,
            Shape::Number | Shape::Any => !exponent && length < 300,
            _ => return Err(Stop),
        };
        if simple {
            return Ok(());
        }
        // Rare: read the literal as the full reader does and apply its rule.
        let text = self.text.get(start..self.i).ok_or(Stop)?;
        let value: Value = serde_json::from_str(text).map_err(|_| Stop)?;
        let fits = match shape {
            Shape::Integer => schema::read::<i64>(&value, &[]).is_ok(),
            Shape::NonNegativeInteger => schema::read::<u64>(&value, &[]).is_ok(),
            _ => true,
        };
        if fits {
            Ok(())
        } else {
            Err(Stop)
        }
    }
}

#[cfg(test)]
#[allow(unreachable_pub)]
mod tests {
    use super::*;
    use crate::shape::HasShape;

    crate::json_model! {
        /// A test model.
        pub struct Item {
            required { id as "Id": u64 }
            optional { note as "Note": String, tags as "Tags": Vec<String> }
        }
    }

    fn ok(body: &str) -> bool {
        check(body, &Limits::default(), None, Item::SHAPE, &[], false).is_some()
    }

    #[test]
    fn accepts_valid_bodies_and_ignores_unknown_fields() {
        assert!(ok(r#"{"Id":1}"#));
        assert!(ok(
            r#" { "Note" : null , "Id" : 9007199254740991, "x": [1e5, {"y": null}] } "#
        ));
        assert!(ok(r#"{"Id":2.0,"Tags":["a","\u00e9\ud83d\ude00"]}"#));
    }

    #[test]
    fn refuses_what_the_full_reader_refuses() {
        for body in [
            r#"{"Note":"a"}"#,
            r#"{"Id":null}"#,
            r#"{"Id":-1}"#,
            r#"{"Id":1.5}"#,
            r#"{"Id":9007199254740992}"#,
            r#"{"Id":1,"Id":1}"#,
            r#"{"Id":1,"x":1,"x":2}"#,
            r#"{"Id":1,"\u0078":1,"x":2}"#,
            r#"{"Id":1,"x":1e999}"#,
            r#"{"Id":1,"Tags":[null]}"#,
            r#"{"Id":1,"Note":"\ud800"}"#,
            r#"{"Id":1,}"#,
            r#"{"Id":1} x"#,
            "{\"Id\":1,\"Note\":\"a\u{1}\"}",
            "",
        ] {
            assert!(!ok(body), "{body}");
        }
    }

    #[test]
    fn probes_return_envelope_values() {
        let probes: &[Probe] = &[&["Response", "Error"], &["Response", "RequestId"]];
        let body = r#"{"Response":{"Id":1,"RequestId":"r-1"}}"#;
        let found = check(
            body,
            &Limits::default(),
            Some("Response"),
            Item::SHAPE,
            probes,
            false,
        )
        .expect("valid");
        assert_eq!(found.text(0), None);
        assert_eq!(found.text(1), Some("\"r-1\""));
        assert_eq!(
            found.skeleton(probes),
            serde_json::json!({"Response": {"RequestId": "r-1"}})
        );
    }

    #[test]
    fn depth_is_bounded() {
        let limits = Limits {
            max_depth: 3,
            ..Limits::default()
        };
        let body = r#"{"Id":1,"x":{"y":{"z":1}}}"#;
        assert!(check(body, &limits, None, Item::SHAPE, &[], false).is_some());
        let deeper = r#"{"Id":1,"x":{"y":{"z":[]}}}"#;
        assert!(check(deeper, &limits, None, Item::SHAPE, &[], false).is_none());
    }
}
