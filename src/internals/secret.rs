//! A string that must never be printed.
//!
//! Credentials are wrapped in [`Secret`] as soon as they are read. Its `Debug` is
//! hand-written (a derived `Debug` on a credential is a leak), it has no `Display` and no
//! `Serialize`, and the only way to the bytes is [`Secret::expose`], which signers call.

/// A secret string: redacted in `Debug`, not serializable.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for signing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let s = Secret::new("hunter2-secret");
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
        assert_eq!(s.expose(), "hunter2-secret");
    }
}
