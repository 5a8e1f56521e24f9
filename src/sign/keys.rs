//! Derived signing keys, kept per client so that each request pays only for its own bytes.
//!
//! TC3's kSigning depends only on the secret, the UTC date and the service; BCE's signing
//! key only on the secret and the authStringPrefix (which names the second). Deriving one
//! costs three HMACs (TC3) or one (BCE), and keying the final HMAC costs two more SHA-256
//! blocks: for a small TC3 request that was 16 of its 22 blocks. A client therefore keeps
//! its last few keys as HMACs whose key blocks are already absorbed, and clones one per
//! request. Entries are looked up by scope alone because a client's secret never changes.

use std::sync::Mutex;

use sha2::{Digest, Sha256};

use super::hash::HmacSha256;

/// How many scopes a client keeps: a day's services, or a second's BCE prefixes.
const CAPACITY: usize = 8;

/// A client's derived keys, and the SHA-256 states of the constant starts of its canonical
/// requests (TC3's method, path, headers and signed-header list come before the payload's
/// hash: one block of three, saved per request). Cloning a client starts an empty cache.
#[derive(Default)]
pub struct KeyCache {
    macs: Recent<HmacSha256>,
    prefixes: Recent<Sha256>,
}

/// The last [`CAPACITY`] values derived, by the text they were derived from.
struct Recent<T> {
    entries: Mutex<Vec<(String, T)>>,
}

impl<T> Default for Recent<T> {
    fn default() -> Self {
        Recent {
            entries: Mutex::new(Vec::new()),
        }
    }
}

impl<T: Clone> Recent<T> {
    fn get(&self, scope: &str, derive: impl FnOnce() -> T) -> T {
        // A poisoned lock cannot happen with `panic = "abort"`; deriving anew is still right.
        let Ok(mut entries) = self.entries.lock() else {
            return derive();
        };
        if let Some((_, value)) = entries.iter().find(|(s, _)| s == scope) {
            return value.clone();
        }
        let value = derive();
        if entries.len() >= CAPACITY {
            entries.remove(0);
        }
        entries.push((scope.to_owned(), value.clone()));
        value
    }

    fn len(&self) -> usize {
        self.entries.lock().map(|e| e.len()).unwrap_or(0)
    }
}

impl KeyCache {
    /// The keyed HMAC for `scope`, derived by `derive` on a miss and kept for next time.
    pub fn mac(&self, scope: &str, derive: impl FnOnce() -> HmacSha256) -> HmacSha256 {
        self.macs.get(scope, derive)
    }

    /// A SHA-256 that has absorbed `prefix`, ready for the rest of the message.
    pub fn hasher(&self, prefix: &str) -> Sha256 {
        self.prefixes
            .get(prefix, || Sha256::new().chain_update(prefix.as_bytes()))
    }
}

impl Clone for KeyCache {
    fn clone(&self) -> Self {
        KeyCache::default()
    }
}

impl std::fmt::Debug for KeyCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyCache")
            .field("scopes", &self.macs.len())
            .finish()
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
