//! Clock skew: the difference between this machine's clock and a vendor's, learned from the
//! vendor's own responses and kept per client.
//!
//! TC3 refuses timestamps more than 5 minutes off (`AuthFailure.SignatureExpire`), Polyv
//! more than 3, BCE after `expirationPeriodInSeconds`. A host whose clock drifts fails every
//! request until someone fixes the clock. `syncClock(raw)` reads the response's `Date`
//! header (an `AuthFailure.SignatureExpire` answer carries one too) and later requests of
//! that client are signed at `now + offset`. Three rules keep this from doing harm:
//!
//! - **bounded**: an offset beyond ±24 hours is a broken server or proxy (a 1970 `Date`),
//!   not a drifting clock, and is ignored;
//! - **fresh answers only**: a response with an `Age` header came from a cache and its
//!   `Date` is when the cache stored it, not now (aws-sdk-js-v3#6202);
//! - **per client**: the offset is a field of the client, never shared: one misbehaving
//!   endpoint must not skew others (Baidu's SDKs keep one global offset).

use std::sync::atomic::{AtomicI64, Ordering};

use serde::Serialize;

use crate::http::RawResponse;
use crate::time::parse_http_date;

/// The largest offset accepted, in milliseconds: 24 hours.
pub const MAX_OFFSET_MS: i64 = 24 * 3_600_000;

/// A client's learned offset: the vendor's clock minus this machine's. Kept in an atomic,
/// so that a client shared across threads (`&self`, `Arc`) learns in place.
#[derive(Debug, Default)]
pub struct ClockSkew {
    offset_ms: AtomicI64,
}

impl Clone for ClockSkew {
    fn clone(&self) -> Self {
        ClockSkew {
            offset_ms: AtomicI64::new(self.offset_ms()),
        }
    }
}

/// What `syncClock` learned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ClockSync {
    /// The offset now in force, in ms (the vendor's clock minus this machine's).
    pub offset_ms: i64,
    /// Whether this response changed it.
    pub applied: bool,
    /// Why it did or did not.
    pub reason: String,
}

impl ClockSkew {
    /// The offset in force, in milliseconds.
    pub fn offset_ms(&self) -> i64 {
        self.offset_ms.load(Ordering::Relaxed)
    }

    /// `now_ms` on the vendor's clock.
    pub fn apply(&self, now_ms: i64) -> i64 {
        now_ms.saturating_add(self.offset_ms())
    }

    /// Learns from `raw`, received at `local_now_ms` on this machine's clock.
    pub fn learn(&self, raw: &RawResponse, local_now_ms: i64) -> ClockSync {
        let keep = |skew: &ClockSkew, reason: &str| ClockSync {
            offset_ms: skew.offset_ms(),
            applied: false,
            reason: reason.to_owned(),
        };
        if raw.header("age").is_some() {
            return keep(
                self,
                "the response came from a cache (Age header): its Date is not now",
            );
        }
        let Some(date_ms) = raw
            .header("date")
            .and_then(parse_http_date)
            .map(|s| s * 1000)
        else {
            return keep(self, "the response has no readable Date header");
        };
        // Date is whole seconds, cut down: the server's clock was within the next second.
        let offset = date_ms.saturating_add(500).saturating_sub(local_now_ms);
        if offset.saturating_abs() > MAX_OFFSET_MS {
            return keep(
                self,
                "the Date header is more than 24 hours away: ignored as broken",
            );
        }
        // Within the header's own precision there is nothing to correct.
        let learned = if offset.abs() < 1000 { 0 } else { offset };
        self.offset_ms.store(learned, Ordering::Relaxed);
        ClockSync {
            offset_ms: learned,
            applied: true,
            reason: "learned from the Date header".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dated(date: &str, age: Option<&str>) -> RawResponse {
        let mut raw = RawResponse::new(200, "{}");
        raw.headers.insert("Date".into(), date.into());
        if let Some(age) = age {
            raw.headers.insert("Age".into(), age.into());
        }
        raw
    }

    // 2026-11-23T08:00:00Z
    const LOCAL: i64 = 1_795_420_800_000;

    #[test]
    fn learns_a_drift_and_applies_it() {
        let skew = ClockSkew::default();
        let sync = skew.learn(&dated("Mon, 23 Nov 2026 08:10:00 GMT", None), LOCAL);
        assert!(sync.applied);
        assert_eq!(sync.offset_ms, 600_500);
        assert_eq!(skew.apply(LOCAL), LOCAL + 600_500);
    }

    #[test]
    fn ignores_cached_broken_and_missing_dates() {
        let skew = ClockSkew::default();
        skew.learn(&dated("Mon, 23 Nov 2026 08:10:00 GMT", None), LOCAL);
        for raw in [
            dated("Mon, 23 Nov 2026 07:00:00 GMT", Some("3600")),
            dated("Thu, 01 Jan 1970 00:00:00 GMT", None),
            dated("not a date", None),
            RawResponse::new(200, "{}"),
        ] {
            let sync = skew.learn(&raw, LOCAL);
            assert!(!sync.applied, "{}", sync.reason);
            assert_eq!(skew.offset_ms(), 600_500);
        }
    }

    #[test]
    fn sub_second_differences_are_no_offset() {
        let skew = ClockSkew::default();
        assert_eq!(
            skew.learn(&dated("Mon, 23 Nov 2026 08:00:00 GMT", None), LOCAL)
                .offset_ms,
            0
        );
    }
}
