//! One folder per vendor, each with the same shape: hosts, versions, the wire envelope and
//! `parse_error` in `mod.rs`; one file per API family, mirroring one vendor doc page.
//!
//! ```
//! use quotakit::{Baidu, BaiduOptions, Douyin, DouyinOptions, Polyv, PolyvOptions};
//! use quotakit::{TencentCloud, TencentCloudOptions};
//!
//! let tencent = TencentCloud::new(TencentCloudOptions::new("AKIDfake", "fake-secret-not-real"))?;
//! let baidu = Baidu::new(BaiduOptions::new("fake-ak", "fake-secret-not-real"))?;
//! let polyv = Polyv::new(PolyvOptions::new("fakeapp", "fake-secret-not-real"))?;
//! let sandbox = DouyinOptions::new("fakekey", "fake-secret-not-real").with_endpoint("http://127.0.0.1:8081");
//! let douyin = Douyin::new(sandbox)?;
//! // Credentials never show in Debug output.
//! assert!(!format!("{tencent:?} {baidu:?} {polyv:?} {douyin:?}").contains("fake-secret"));
//! # Ok::<(), quotakit::Error>(())
//! ```

pub mod baidu;
pub mod douyin;
pub mod polyv;
pub mod tencent;

use crate::error::{excerpt, Error, ErrorKind};

/// `new(credentials)` and `with_endpoint(url)` for a vendor's options type, whose two
/// credential fields are named `$id` and `$secret`.
macro_rules! options_constructors {
    ($options:ident, $id:ident, $secret:ident) => {
        impl $options {
            /// The credentials given, every other option at its default. Set others with
            /// struct update syntax: `Options { limits: Some(…), ..Options::new(…) }`.
            pub fn new($id: impl Into<String>, $secret: impl Into<String>) -> Self {
                $options {
                    $id: $id.into(),
                    $secret: $secret.into(),
                    ..$options::default()
                }
            }

            /// These options with another base URL: a proxy, or the vendor sandbox.
            pub fn with_endpoint(self, endpoint: impl Into<String>) -> Self {
                $options {
                    endpoint: Some(endpoint.into()),
                    ..self
                }
            }
        }
    };
}
use crate::http::{Parsed, RawResponse};
use crate::schema::{describe, Issue, IssueCode, Walker};
pub(crate) use options_constructors;
use serde_json::Value;

/// A `schema` error for a response whose JSON did not match its model.
pub(crate) fn schema_error(
    raw: &RawResponse,
    issues: Vec<Issue>,
    request_id: Option<String>,
) -> Error {
    let mut error = Error::from_issues(ErrorKind::Schema, issues);
    error.http_status = Some(raw.status);
    error.request_id = request_id;
    // A 2xx answer that breaks the model may be a corrupted or misrouted one, so a read can
    // be asked again; `settle_retryable` turns this off for operations not safe to repeat,
    // and `call()`'s attempts bound a vendor that breaks its model every time.
    error.retryable = true;
    error
}

/// The model at `key` of a vendor's envelope `value`, read by `read` with paths from
/// `$.key`: or a `schema` error (untagged) with every issue, when the envelope lacks it
/// (`shape` says what the envelope should be) or the model breaks its table.
pub(crate) fn model_at<M>(
    raw: &RawResponse,
    value: &Value,
    (key, shape): (&'static str, &str),
    request_id: Option<String>,
    read: impl FnOnce(&Value, &[&str]) -> Result<M, Vec<Issue>>,
) -> Result<Parsed<M>, Error> {
    let Some(model) = value.get(key) else {
        let mut w = Walker::at_root(&[]);
        match value.as_object() {
            Some(_) => w.key(key, |w| {
                w.issue(IssueCode::MissingField, "object", "undefined")
            }),
            None => w.issue(IssueCode::InvalidType, shape, describe(value)),
        }
        return Err(schema_error(raw, w.into_issues(), request_id));
    };
    match read(model, &[key]) {
        Ok(data) => Ok(Parsed::new(data, raw, request_id)),
        Err(issues) => Err(schema_error(raw, issues, request_id)),
    }
}

/// A non-2xx answer without a vendor error body. 408, 429 and 5xx can pass on a retry.
pub(crate) fn http_error(raw: &RawResponse) -> Error {
    let mut error = Error::new(
        ErrorKind::Http,
        format!("HTTP {}: {:?}", raw.status, excerpt(&raw.body, 120)),
    );
    error.http_status = Some(raw.status);
    error.excerpt = Some(excerpt(&raw.body, 120));
    error.retryable = matches!(raw.status, 408 | 429 | 500..=599);
    error
}

/// Records an issue when `value` is the empty string.
pub(crate) fn non_empty(w: &mut Walker, key: &'static str, value: Option<&str>) {
    if value == Some("") {
        w.key(key, |w| {
            w.issue(IssueCode::OutOfRange, "non-empty string", "empty string")
        });
    }
}

/// Records an issue unless every string in `items` is non-empty.
pub(crate) fn non_empty_items(w: &mut Walker, key: &'static str, items: Option<&Vec<String>>) {
    for (i, item) in items.into_iter().flatten().enumerate() {
        if item.is_empty() {
            w.key(key, |w| {
                w.index(i, |w| {
                    w.issue(IssueCode::OutOfRange, "non-empty string", "empty string")
                })
            });
        }
    }
}

/// Records an issue unless `value` is one of `allowed`.
pub(crate) fn one_of_numbers(
    w: &mut Walker,
    key: &'static str,
    value: Option<u64>,
    allowed: &[u64],
) {
    if let Some(v) = value.filter(|v| !allowed.contains(v)) {
        let list: Vec<String> = allowed.iter().map(u64::to_string).collect();
        w.key(key, |w| {
            w.issue(
                IssueCode::UnknownEnum,
                format!("one of {}", list.join(", ")),
                format!("number {v}"),
            )
        });
    }
}

/// Records an issue unless `value`, a credential or other header-bound string, is non-empty
/// and free of control characters (which could split a header). Never echoes the value.
pub(crate) fn header_safe(w: &mut Walker, key: &str, value: &str) {
    if value.trim().is_empty() {
        w.data_key(key, |w| {
            w.issue(IssueCode::OutOfRange, "non-empty string", "empty string")
        });
    } else if value.chars().any(char::is_control) {
        w.data_key(key, |w| {
            w.issue(
                IssueCode::InvalidFormat,
                "no control characters (CR, LF, NUL, …)",
                "string with control characters",
            )
        });
    }
}
