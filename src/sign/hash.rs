//! One tiny function per hash primitive, shared by every signer (as in reqsign's `hash.rs`).

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let digit = |nibble: u8| *DIGITS.get(usize::from(nibble)).unwrap_or(&b'0');
    let text: Vec<u8> = bytes
        .iter()
        .flat_map(|b| [digit(b >> 4), digit(b & 0x0f)])
        .collect();
    // infallible: every byte is an ASCII digit.
    String::from_utf8(text).unwrap_or_default()
}

/// SHA256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// Lowercase hex SHA256 of `data`.
pub fn hex_sha256(data: &[u8]) -> String {
    hex(&sha256(data))
}

/// An HMAC-SHA256 with its key absorbed, ready for data (see [`super::keys`]).
pub type HmacSha256 = Hmac<Sha256>;

/// HMAC-SHA256 keyed with `key`: the two key blocks hashed, no data yet.
pub fn hmac_key(key: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length (long keys are hashed first), so this is the only arm
    // taken; `new_from_slice` merely has a fallible signature shared with other MACs.
    match HmacSha256::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => <HmacSha256 as hmac::digest::KeyInit>::new(&Default::default()),
    }
}

/// Finishes a keyed HMAC over `data`.
pub fn hmac_finish(mut mac: HmacSha256, data: &[u8]) -> [u8; 32] {
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// HMAC-SHA256 of `data` under `key`.
pub fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    hmac_finish(hmac_key(key), data)
}

/// Lowercase hex HMAC-SHA256 of `data` under `key`.
pub fn hex_hmac_sha256(key: &[u8], data: &[u8]) -> String {
    hex(&hmac_sha256(key, data))
}

/// Lowercase hex SHA1 of `data` (Douyin's webhook signature).
pub fn hex_sha1(data: &[u8]) -> String {
    hex(&sha1::Sha1::digest(data))
}

/// Compares two byte strings in time that depends only on their lengths, for signatures.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4231_case_2() {
        assert_eq!(
            hex_hmac_sha256(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn sha1_and_comparison() {
        assert_eq!(hex_sha1(b"abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }

    #[test]
    fn empty_sha256() {
        assert_eq!(
            hex_sha256(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
