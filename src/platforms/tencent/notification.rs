//! Tencent Cloud Market SaaS notifications (发货 and other callbacks): signature check.
//! Doc: <https://cloud.tencent.com/document/product/586/37730> (SaaS 接口说明).
//!
//! The market adds `signature`, `timestamp` (Unix seconds) and `eventId` to the provider's
//! URL. `signature` is the hex SHA256 of the lexicographically sorted concatenation of the
//! provider's Token, `timestamp` and `eventId`. It is compared in constant time, and a
//! timestamp outside the window (30 s by default, as the doc recommends) is refused.
//!
//! ```
//! use quotakit::platforms::tencent::notification::{verify_market_notification, MarketNotificationQuery};
//! use quotakit::ErrorKind;
//!
//! let forged = MarketNotificationQuery::new("0".repeat(64), "1700000000".into(), "e-1".into());
//! let error = verify_market_notification(&forged, "fake-token", 1_700_000_000_000, 30).unwrap_err();
//! assert_eq!(error.kind, ErrorKind::Signature);
//! ```

use serde::Serialize;

use super::VENDOR;
use crate::error::{Error, ErrorKind};
use crate::sign::hash::{constant_time_eq, hex_sha256};

/// The doc's recommended freshness window for notifications, in seconds.
pub const DEFAULT_WINDOW_SECS: u64 = 30;

crate::json_model! {
    /// The query parameters the market added to the notification URL.
    pub struct MarketNotificationQuery {
        required {
            /// Hex SHA256 of the sorted Token, timestamp and eventId.
            signature as "signature": String,
            /// Unix seconds, as text.
            timestamp as "timestamp": String,
            /// Random event id, as text.
            event_id as "eventId": String,
        }
        optional {}
    }
}

crate::json_model! {
    /// Input of `TencentCloud.verifyMarketNotification`.
    pub struct MarketNotificationInput {
        required {
            /// The URL's query parameters.
            query as "query": MarketNotificationQuery,
            /// The 发货 Token configured in the market console.
            token as "token": String,
        }
        optional {
            /// The current time, ms (the npm package defaults it to the time of the call).
            now as "now": i64,
            /// Freshness window in seconds (default 30).
            window_seconds as "windowSeconds": u64,
        }
    }
}

/// A verified notification.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct VerifiedNotification {
    /// Unix seconds.
    pub timestamp: i64,
    /// The event id (deduplicate on it).
    pub event_id: String,
}

fn refuse(message: &str) -> Error {
    Error::new(ErrorKind::Signature, message).during(VENDOR, "verifyMarketNotification")
}

/// Verifies a notification's `signature` and freshness at `now_ms`.
pub fn verify_market_notification(
    query: &MarketNotificationQuery,
    token: &str,
    now_ms: i64,
    window_secs: u64,
) -> Result<VerifiedNotification, Error> {
    let timestamp: i64 = query
        .timestamp
        .parse()
        .ok()
        .filter(|_| query.timestamp.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| refuse("timestamp is not Unix seconds"))?;
    let mut parts = [token, query.timestamp.as_str(), query.event_id.as_str()];
    parts.sort_unstable();
    let expected = hex_sha256(parts.concat().as_bytes());
    if !constant_time_eq(
        expected.as_bytes(),
        query.signature.trim().to_ascii_lowercase().as_bytes(),
    ) {
        return Err(refuse(
            "signature does not match SHA256(sorted Token, timestamp, eventId)",
        ));
    }
    let age = now_ms
        .div_euclid(1000)
        .saturating_sub(timestamp)
        .unsigned_abs();
    if age > window_secs {
        return Err(refuse(&format!(
            "stale notification: {age} s old, window {window_secs} s"
        )));
    }
    Ok(VerifiedNotification {
        timestamp,
        event_id: query.event_id.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(token: &str, ts: &str, id: &str) -> MarketNotificationQuery {
        // Built here from the algorithm's text: sort, concatenate, SHA256, lowercase hex.
        let mut parts = [token, ts, id];
        parts.sort_unstable();
        MarketNotificationQuery {
            signature: hex_sha256(parts.concat().as_bytes()),
            timestamp: ts.into(),
            event_id: id.into(),
        }
    }

    #[test]
    fn accepts_fresh_and_refuses_forged_or_stale() {
        let q = query("MyToken", "1529981569", "1447906768");
        // sorted: "1447906768" < "1529981569" < "MyToken"
        assert_eq!(q.signature, hex_sha256(b"14479067681529981569MyToken"));
        let ok = verify_market_notification(&q, "MyToken", 1_529_981_580_000, 30).unwrap();
        assert_eq!(ok.event_id, "1447906768");
        assert_eq!(
            verify_market_notification(&q, "Other", 1_529_981_580_000, 30)
                .unwrap_err()
                .kind,
            ErrorKind::Signature
        );
        assert!(
            verify_market_notification(&q, "MyToken", 1_529_981_600_000, 30)
                .unwrap_err()
                .message
                .contains("stale")
        );
        let upper = MarketNotificationQuery {
            signature: q.signature.to_uppercase(),
            ..q.clone()
        };
        assert!(verify_market_notification(&upper, "MyToken", 1_529_981_580_000, 30).is_ok());
        let bad_ts = MarketNotificationQuery {
            timestamp: "-1".into(),
            ..q
        };
        assert_eq!(
            verify_market_notification(&bad_ts, "MyToken", 0, 30)
                .unwrap_err()
                .kind,
            ErrorKind::Signature
        );
    }
}
