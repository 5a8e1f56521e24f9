//! Percent-encoding as RFC 3986 `UriEncode`: every byte of the UTF-8 form except the
//! unreserved `A-Z a-z 0-9 - . _ ~` becomes `%XX` with uppercase hex. BCE signs with it and
//! quotakit builds query strings with it, so what is signed is what is sent.

/// `UriEncode(text)`; with `keep_slash`, `/` stays as is (BCE's canonical URI).
pub fn uri_encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(text.len());
    push_uri_encoded(&mut out, text, keep_slash);
    out
}

/// [`uri_encode`] appended to `out`: signers build canonical strings without one
/// allocation per part.
pub fn push_uri_encoded(out: &mut String, text: &str, keep_slash: bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let kept = |b: u8| {
        b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~')
            || (keep_slash && b == b'/')
    };
    // Most names and values need no escape at all.
    if text.bytes().all(kept) {
        out.push_str(text);
        return;
    }
    for &b in text.as_bytes() {
        if kept(b) {
            out.push(char::from(b));
        } else {
            // infallible: a nibble is below 16.
            let digit = |n: u8| char::from(*HEX.get(usize::from(n)).unwrap_or(&b'0'));
            out.push('%');
            out.push(digit(b >> 4));
            out.push(digit(b & 0x0f));
        }
    }
}

/// Decodes `%XX` escapes (and nothing else); `None` if an escape is malformed or the
/// result is not UTF-8. The inverse of [`uri_encode`], used by tests and verifiers.
pub fn uri_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `k1=v1&k2=v2` with both sides [`uri_encode`]d, in the order given.
pub fn query_string<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (k, v) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        push_uri_encoded(&mut out, k, false);
        out.push('=');
        push_uri_encoded(&mut out, v, false);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bce_doc_examples() {
        assert_eq!(
            uri_encode("/example/测试", true),
            "/example/%E6%B5%8B%E8%AF%95"
        );
        assert_eq!(uri_encode("text/plain", false), "text%2Fplain");
        assert_eq!(
            uri_encode("a b+c*~'!()", false),
            "a%20b%2Bc%2A~%27%21%28%29"
        );
    }

    #[test]
    fn round_trips() {
        for s in ["", "测试 😀 /?#[]@!$&'()*+,;=%", "\u{0}\r\n", "plain-._~"] {
            assert_eq!(uri_decode(&uri_encode(s, false)).as_deref(), Some(s));
        }
        assert_eq!(uri_decode("%E6%B5"), None);
        assert_eq!(uri_decode("%G0"), None);
        assert_eq!(uri_decode("%4"), None);
    }
}
