//! The one error type every quotakit entry point returns.
//!
//! Following h11, errors are split by whose fault they are:
//! - *local*: [`ErrorKind::Input`] means the caller passed something quotakit refuses to
//!   sign. It is a bug in the caller and nothing was sent.
//! - *remote*: [`ErrorKind::Api`], [`ErrorKind::Http`] and [`ErrorKind::Schema`] describe what
//!   a vendor answered. They are runtime conditions, and [`Details::retryable`] says whether
//!   sending the same request again can help.
//!
//! Each vendor maps its own error codes to this type in exactly one function, its
//! `parse_error`. No other code reads vendor codes.
//!
//! Messages never contain secrets: nothing that builds an [`Error`] is handed one, and a
//! vendor's body quoted in an excerpt is dropped whole when it names a credential.
//!
//! ```
//! use quotakit::{ErrorKind, RawResponse, TencentCloud, TencentCloudOptions};
//!
//! let tc = TencentCloud::new(TencentCloudOptions::new("AKIDfake", "fake-secret-not-real"))?;
//! let busy = r#"{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"slow down"},
//!     "RequestId":"r-1"}}"#;
//! let error = tc.parse_describe_agent_deals_by_cache(&RawResponse::new(200, busy)).unwrap_err();
//! assert_eq!(error.kind, ErrorKind::Api);
//! assert_eq!(error.code.as_deref(), Some("RequestLimitExceeded"));
//! assert_eq!(error.request_id.as_deref(), Some("r-1"));
//! assert!(error.retryable);
//! assert_eq!(error.operation, Some("describeAgentDealsByCache"));
//! assert_eq!(error.action.as_deref(), Some("DescribeAgentDealsByCache"));
//! # Ok::<(), quotakit::Error>(())
//! ```

use std::fmt;

use serde::Serialize;

use crate::schema::Issue;

/// What went wrong, at the coarsest level. Serialized in lowercase (`"input"`, `"api"`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The caller's input broke a rule; nothing was signed or sent.
    Input,
    /// The vendor answered with its own error envelope (it has a vendor `code`).
    Api,
    /// The HTTP status was not a success and the body held no vendor error.
    Http,
    /// The body was not JSON, or its JSON did not match the documented model.
    Schema,
    /// An inbound message (webhook, notification) failed its signature check.
    Signature,
}

impl ErrorKind {
    /// The lowercase name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Input => "input",
            ErrorKind::Api => "api",
            ErrorKind::Http => "http",
            ErrorKind::Schema => "schema",
            ErrorKind::Signature => "signature",
        }
    }
}

/// A quotakit error: always a value, never a panic. It reads as its [`Details`]
/// (`error.kind`, `error.code`, `error.issues`, …) and is one pointer wide, so that
/// `Result<T, quotakit::Error>` stays small in every function that returns it (clippy's
/// `result_large_err`).
#[derive(Clone, PartialEq)]
pub struct Error {
    details: Box<Details>,
}

impl std::ops::Deref for Error {
    type Target = Details;
    fn deref(&self) -> &Details {
        &self.details
    }
}

impl std::ops::DerefMut for Error {
    fn deref_mut(&mut self) -> &mut Details {
        &mut self.details
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.details.serialize(serializer)
    }
}

impl Error {
    /// The details, owned: to move `issues` or `message` out.
    pub fn into_details(self) -> Details {
        *self.details
    }
}

/// What an [`Error`] says (in the npm package, the fields of a thrown `QuotakitError`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "wasm", tsify(rename = "QuotakitErrorFields"))]
// An absent value is absent in JS too (`undefined`, typed `field?: T`), never `null`.
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Details {
    /// The class of failure.
    pub kind: ErrorKind,
    /// Human-readable summary. Names the field and the rule for input errors.
    pub message: String,
    /// `"tencent"`, `"baidu"`, `"polyv"` or `"douyin"`, when known; `"quotakit"` for an
    /// entry of no vendor's (`summarize`, the schemas).
    #[cfg_attr(
        feature = "wasm",
        tsify(
            optional,
            type = "\"tencent\" | \"baidu\" | \"polyv\" | \"douyin\" | \"quotakit\""
        )
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor: Option<&'static str>,
    /// The operation as the operation table names it ([`crate::operation::OPERATIONS`]),
    /// e.g. `"describeAgentDealsByCache"`, the same for every vendor, or the entry that
    /// failed (`"signRequest"`, `"TencentCloud::new"`).
    #[cfg_attr(feature = "wasm", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<&'static str>,
    /// The vendor's own name for the operation, where it has one: Tencent's action
    /// (`X-TC-Action`), e.g. `"DescribeAgentDealsByCache"`.
    #[cfg_attr(feature = "wasm", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// The vendor's error code, e.g. `"AuthFailure.SignatureFailure"`, or quotakit's own code
    /// for errors the vendor did not name (`"invalid_json"`, the first issue's code).
    #[cfg_attr(feature = "wasm", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The vendor's request id, for support tickets.
    #[cfg_attr(feature = "wasm", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The HTTP status of the response, for remote errors.
    #[cfg_attr(feature = "wasm", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// Whether sending the same request again (re-signed) can help.
    pub retryable: bool,
    /// JSON path of the first issue, e.g. `$.Response.AgentDealSet[3].GoodsPrice.RealTotalCost`.
    #[cfg_attr(feature = "wasm", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Every problem found, not just the first (input and schema errors).
    pub issues: Vec<Issue>,
    /// A short, printable excerpt of a body that could not be read as JSON.
    #[cfg_attr(feature = "wasm", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    /// How many attempts a driver's `call` made before it gave up: each resend counts, a
    /// token fetched along the way does not (a failed token fetch is an attempt).
    #[cfg_attr(feature = "wasm", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attempts: Option<u32>,
}

impl Error {
    /// A bare error of `kind`; the constructors below fill in the rest.
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        let details = Details {
            kind,
            message: message.into(),
            vendor: None,
            operation: None,
            action: None,
            code: None,
            request_id: None,
            http_status: None,
            retryable: false,
            path: None,
            issues: Vec::new(),
            excerpt: None,
            attempts: None,
        };
        Error {
            details: Box::new(details),
        }
    }

    /// An input or schema error that carries every issue found. The first issue supplies
    /// `code`, `path` and the lead of the message.
    pub(crate) fn from_issues(kind: ErrorKind, issues: Vec<Issue>) -> Self {
        let mut message = match kind {
            ErrorKind::Input => String::from("invalid input"),
            _ => String::from("the vendor's data does not match the documented model"),
        };
        if let Some(first) = issues.first() {
            message.push_str(": ");
            message.push_str(&first.to_string());
        }
        if issues.len() > 1 {
            message.push_str(&format!(" (and {} more issue(s))", issues.len() - 1));
        }
        let mut error = Error::new(kind, message);
        error.code = issues.first().map(|i| i.code.as_str().to_owned());
        error.path = issues.first().map(|i| i.path.clone());
        error.issues = issues;
        error
    }

    /// Tags the error with the vendor and operation it came from.
    pub(crate) fn during(mut self, vendor: &'static str, operation: &'static str) -> Self {
        self.vendor = Some(vendor);
        self.operation = Some(operation);
        self
    }

    /// Tags the error with the vendor's own name for the operation (Tencent's action).
    pub(crate) fn for_action(mut self, action: &str) -> Self {
        self.action = Some(action.to_owned());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.vendor, self.operation) {
            (Some(v), Some(op)) => write!(f, "[{v} {op}] ")?,
            (Some(v), None) => write!(f, "[{v}] ")?,
            _ => {}
        }
        write!(f, "{} error: {}", self.kind.as_str(), self.message)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// One line, as `{:?}` in a log or an `unwrap` panic should be: the message, then what a
/// program branches on. The fields themselves are public for the rest.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({self}")?;
        if let Some(code) = &self.code {
            write!(f, ", code: {code:?}")?;
        }
        if let Some(path) = &self.path {
            write!(f, ", path: {path:?}")?;
        }
        if self.issues.len() > 1 {
            write!(f, ", issues: {}", self.issues.len())?;
        }
        write!(f, ", retryable: {})", self.retryable)
    }
}

impl std::error::Error for Error {}

/// The first `max` characters of `text`, with control characters made visible and the
/// values of secret-looking fields redacted ([`redact_secrets`]), for quoting an unreadable
/// body in an error message.
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    // Only the head can show: `max` characters are at most 4 bytes each. A secret's value
    // that starts there and runs past the cut is redacted to the cut.
    let mut cut = text.len().min(max.saturating_mul(4).saturating_add(64));
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = redact_secrets(text.get(..cut).unwrap_or_default());
    let mut out: String = head
        .chars()
        .take(max)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if cut < text.len() || head.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

/// Parts of a name that mark what follows as a credential: Polyv's `appSecret` (which its
/// listings carry for every sub-account), Douyin's `access_token` and `client_secret`, and
/// their kin.
const SECRET_NAMES: &[&str] = &["secret", "token", "password", "passwd"];

/// `text`, or only `<redacted: …>` when it names a credential anywhere.
///
/// The bodies quoted are the ones that failed to parse, so their structure cannot be
/// trusted: a value may be cut short, escaped twice (`{\"appSecret\":\"…`), quoted with `'`
/// or `&quot;`, its name spelt with escapes (`app\u0053ecret`, `app%53ecret`,
/// `app&#83;ecret`), or given as a name/value pair in either order. Rather than find the value
/// in each of those, the whole body goes. An excerpt may then say less than it could; it
/// never says a secret.
pub(crate) fn redact_secrets(text: &str) -> std::borrow::Cow<'_, str> {
    let plain = unescaped_lowercase(text);
    if SECRET_NAMES.iter().any(|name| plain.contains(name)) {
        return std::borrow::Cow::Borrowed("<redacted: the body names a credential>");
    }
    std::borrow::Cow::Borrowed(text)
}

/// `text` with `\uXXXX`, `%XX`, `&#NN;` and `&#xHH;` escapes decoded and ASCII lowercased:
/// what a name reads as, however it was escaped.
fn unescaped_lowercase(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let hex = |digits: Option<&str>| digits.and_then(|d| u32::from_str_radix(d, 16).ok());
        let decimal = |digits: Option<&str>| digits.and_then(|d| d.parse::<u32>().ok());
        let entity_end = rest.find(';').filter(|at| *at <= 10);
        let (decoded, width) =
            if let Some(code) = rest.strip_prefix("\\u").and_then(|r| hex(r.get(..4))) {
                (char::from_u32(code), 6)
            } else if let Some(code) = rest.strip_prefix('%').and_then(|r| hex(r.get(..2))) {
                (char::from_u32(code), 3)
            } else if let (Some(end), true) = (entity_end, rest.starts_with("&#")) {
                let body = rest.get(2..end);
                let code = match body.and_then(|b| b.strip_prefix(['x', 'X'])) {
                    Some(digits) => hex(Some(digits)),
                    None => decimal(body),
                };
                (code.and_then(char::from_u32), end + 1)
            } else {
                (Some(c), c.len_utf8())
            };
        // An escape that decodes to nothing is read as plain text.
        let (kept, width) = decoded.map_or((c, c.len_utf8()), |d| (d, width));
        out.push(kept.to_ascii_lowercase());
        rest = rest.get(width..).unwrap_or_default();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_one_short_line_with_what_programs_branch_on() {
        let mut error = Error::new(ErrorKind::Api, "InternalError: oops").during("tencent", "X");
        error.code = Some("InternalError".into());
        error.request_id = Some("r-1".into());
        error.retryable = true;
        let debug = format!("{error:?}");
        assert_eq!(
            debug,
            "Error([tencent X] api error: InternalError: oops (request id r-1), \
             code: \"InternalError\", retryable: true)"
        );
    }

    #[test]
    fn excerpts_of_bodies_that_name_a_credential_are_redacted_however_it_is_written() {
        let leaks = [
            r#"{"code":200,"data":{"contents":[{"appSecret": "abcd1234secret","email":"a@b"}]}}"#,
            r#"{"contents":[{"appSecret":"abcd1234"#,
            "access_token=abcd1234&x=1",
            r#"{"message":"{\"appSecret\":\"abcd1234\"}"}"#,
            "{\"appSecret\"\n : \"abcd1234\"}",
            "{'appSecret': 'abcd1234'}",
            r#"{"app\u0053ecret":"abcd1234"}"#,
            "{&quot;appSecret&quot;:&quot;abcd1234&quot;}",
            r#"{"name":"appSecret","value":"abcd1234"}"#,
            r#"{"CLIENT_SECRET":"abcd1234"}"#,
        ];
        let more = [
            r#"{"value":"abcd1234","name":"appSecret"}"#,
            "{\"app%53ecret\":\"abcd1234\"}",
            "{\"app&#115;ecret\":\"abcd1234\"}",
            "{\"app&#x53;ecret\":\"abcd1234\"}",
        ];
        for body in leaks.iter().chain(&more) {
            let quoted = excerpt(body, 120);
            assert!(!quoted.contains("abcd1234"), "{body} -> {quoted}");
            assert_eq!(quoted, "<redacted: the body names a credential>");
        }
        assert_eq!(excerpt("no credentials here", 120), "no credentials here");
        assert_eq!(excerpt(r#"{"a":"tok"}"#, 120), r#"{"a":"tok"}"#);
        assert_eq!(
            excerpt("100% &#; \\u12", 120),
            "100% &#; \\u12",
            "stray escapes"
        );
    }
}
