//! A string that must never be printed.
//!
//! Credentials are wrapped in [`Secret`] as soon as they are read. Its `Debug` is
//! hand-written (a derived `Debug` on a credential is a leak), it has no `Display` and no
//! `Serialize`, and the only way to the bytes is [`Secret::expose`], which signers call.
//!
//! A secret that is the data of a call (a password to send, an `appSecret` a vendor returns)
//! is a [`SecretText`]: it serializes, because it must, but never debug-prints.

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

/// A secret that is data rather than this client's credential: a password sent to a vendor,
/// or a credential a vendor returns (a new Polyv sub-account's `appSecret`). It must reach the
/// wire or the caller, so it reads and serializes as its text; its `Debug` is redacted, so a
/// logged input or model does not show it.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct SecretText(String);

impl SecretText {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        SecretText(value.into())
    }

    /// The text itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SecretText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretText(<redacted>)")
    }
}

impl crate::schema::FromJson for SecretText {
    fn expected() -> String {
        String::expected()
    }
    /// An input's never says the value: a number sent as a password is "number", not its
    /// digits. (A response's says it as the table reader does, which the differential holds
    /// both readers to.)
    fn from_json(value: &serde_json::Value, w: &mut crate::schema::Walker) -> Option<Self> {
        use crate::schema::IssueCode;
        match value {
            serde_json::Value::String(text) => w.check_text(text).then(|| SecretText(text.clone())),
            other if !w.is_strict() => {
                w.issue(
                    IssueCode::InvalidType,
                    "string",
                    crate::schema::describe(other),
                );
                None
            }
            other => {
                let kind = match other {
                    serde_json::Value::Null => "null",
                    serde_json::Value::Bool(_) => "boolean",
                    serde_json::Value::Number(_) => "number",
                    serde_json::Value::Array(_) => "array",
                    _ => "object",
                };
                w.issue(IssueCode::InvalidType, "string", kind);
                None
            }
        }
    }
}

impl crate::shape::HasShape for SecretText {
    const SHAPE: &'static crate::shape::Shape = String::SHAPE;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_text_is_redacted_in_debug_only() {
        let text = SecretText::new("pa55word-not-real");
        assert_eq!(format!("{text:?}"), "SecretText(<redacted>)");
        assert_eq!(
            serde_json::to_string(&text).unwrap(),
            "\"pa55word-not-real\""
        );
        assert_eq!(text.expose(), "pa55word-not-real");
    }

    #[test]
    fn debug_is_redacted() {
        let s = Secret::new("hunter2-secret");
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
        assert_eq!(s.expose(), "hunter2-secret");
    }
}
