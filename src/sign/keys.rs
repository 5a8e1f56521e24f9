//! Derived signing keys, kept per client so that each request pays only for its own bytes.
//!
//! TC3's kSigning depends only on the secret, the UTC date and the service; BCE's signing
//! key only on the secret and the authStringPrefix (which names the second). Deriving one
//! costs three HMACs (TC3) or one (BCE), and keying the final HMAC costs two more SHA-256
//! blocks: for a small TC3 request that was 16 of its 22 blocks. A client therefore keeps
//! its last few keys as HMACs whose key blocks are already absorbed, and clones one per
//! request. Entries are looked up by scope alone because a client's secret never changes.

use std::sync::Mutex;

use super::hash::HmacSha256;

/// How many scopes a client keeps: a day's services, or a second's BCE prefixes.
const CAPACITY: usize = 8;

/// A client's derived keys. Cloning a client starts an empty cache.
#[derive(Default)]
pub struct KeyCache {
    entries: Mutex<Vec<(String, HmacSha256)>>,
}

impl KeyCache {
    /// The keyed HMAC for `scope`, derived by `derive` on a miss and kept for next time.
    pub fn mac(&self, scope: &str, derive: impl FnOnce() -> HmacSha256) -> HmacSha256 {
        // A poisoned lock cannot happen with `panic = "abort"`; deriving anew is still right.
        let Ok(mut entries) = self.entries.lock() else {
            return derive();
        };
        if let Some((_, mac)) = entries.iter().find(|(s, _)| s == scope) {
            return mac.clone();
        }
        let mac = derive();
        if entries.len() >= CAPACITY {
            entries.remove(0);
        }
        entries.push((scope.to_owned(), mac.clone()));
        mac
    }
}

impl Clone for KeyCache {
    fn clone(&self) -> Self {
        KeyCache::default()
    }
}

impl std::fmt::Debug for KeyCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scopes = self.entries.lock().map(|e| e.len()).unwrap_or(0);
        f.debug_struct("KeyCache").field("scopes", &scopes).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::hash::{hmac_finish, hmac_key};

    #[test]
    fn derives_once_per_scope_and_evicts_the_oldest() {
        let cache = KeyCache::default();
        let mut derived = 0;
        for scope in ["a", "b", "a", "a", "b"] {
            cache.mac(scope, || {
                derived += 1;
                hmac_key(scope.as_bytes())
            });
        }
        assert_eq!(derived, 2);
        for i in 0..CAPACITY {
            cache.mac(&i.to_string(), || hmac_key(b"k"));
        }
        // "a" was evicted: deriving it again gives the same key.
        let again = cache.mac("a", || hmac_key(b"a"));
        assert_eq!(hmac_finish(again, b"x"), hmac_finish(hmac_key(b"a"), b"x"));
        assert_eq!(
            format!("{cache:?}"),
            format!("KeyCache {{ scopes: {CAPACITY} }}")
        );
    }
}
