//! When to send a failed request again, and after how long: a sans-IO policy.
//!
//! The host owns the loop (it sends, sleeps and reads the clock); this module only decides,
//! from what the host tells it: which attempt failed, the error, whether the operation is
//! safe to repeat (`crate::operation`), the response's `Retry-After`, the time, and a random
//! number for the jitter. [`crate::driver`] asks it, so does the npm package's `call`, and a Rust caller
//! asks it directly, so both behave the same and it is tested once, here.
//!
//! The backoff is AWS's "exponential backoff with full jitter": a delay drawn uniformly from
//! `0..min(maxDelay, baseDelay * 2^(attempt-1))`, never shorter than `Retry-After`; a
//! `Retry-After` beyond `maxDelay` ends the retries rather than wait that long.
//!
//! ```
//! use quotakit::retry::{Decision, Failure, RetryPolicy};
//!
//! let failure = Failure {
//!     vendor: "tencent",
//!     attempt: 1,
//!     code: Some("InternalError"),
//!     retryable: true,
//!     safe_to_repeat: true,
//!     retry_after: Some("2"),
//!     token_refreshed: false,
//! };
//! // Full jitter within 200 ms, but never sooner than Retry-After's 2 s.
//! let policy = RetryPolicy::default();
//! assert_eq!(policy.decide(&failure, 0, 0.5), Decision::Retry { delay_ms: 2000.0 });
//! let write = Failure { safe_to_repeat: false, ..failure };
//! assert_eq!(policy.decide(&write, 0, 0.5), Decision::Stop);
//! ```

/// Douyin's codes for an invalid (2190002) or expired (2190008) `access-token`: fetch a new
/// token and send once more. UNCONFIRMED for the service market (README, assumptions).
pub const STALE_TOKEN_CODES: &[&str] = &["2190002", "2190008"];

/// How many attempts, and how long between them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included: 1..=10. 1 means no retry.
    pub attempts: u32,
    /// The first backoff's ceiling, ms; each later one doubles it.
    pub base_delay_ms: f64,
    /// No backoff is longer, ms; a `Retry-After` beyond it ends the retries.
    pub max_delay_ms: f64,
}

impl RetryPolicy {
    /// `attempts` in all (1: no retry), with the default backoff.
    pub fn attempts(attempts: u32) -> Self {
        RetryPolicy {
            attempts,
            ..RetryPolicy::default()
        }
    }
}

impl Default for RetryPolicy {
    /// 3 attempts, 200 ms, at most 5 s: `call({ retry: true })`.
    fn default() -> Self {
        RetryPolicy {
            attempts: 3,
            base_delay_ms: 200.0,
            max_delay_ms: 5000.0,
        }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Decision {
    /// Send again, re-signed, after this many ms.
    Retry {
        /// The wait, ms.
        delay_ms: f64,
    },
    /// Fetch a new Douyin token, then send again at once. Not counted as an attempt: the
    /// request never reached the service.
    RefreshToken,
    /// Give the error to the caller.
    Stop,
}

/// What the host knows about a failed attempt.
#[derive(Debug, Clone, Copy)]
pub struct Failure<'a> {
    /// The vendor of the operation.
    pub vendor: &'a str,
    /// Which attempt failed, from 1.
    pub attempt: u32,
    /// The error's `code`.
    pub code: Option<&'a str>,
    /// The error's `retryable`.
    pub retryable: bool,
    /// Whether the operation, with this input, may be sent twice (`safe_to_repeat`).
    pub safe_to_repeat: bool,
    /// The response's `Retry-After`, when there was a response with one.
    pub retry_after: Option<&'a str>,
    /// Whether a new token was already fetched during this call.
    pub token_refreshed: bool,
}

impl RetryPolicy {
    /// The decision after `failure`, at `now_ms`, with `random` drawn from `0.0..1.0`.
    pub fn decide(&self, failure: &Failure<'_>, now_ms: i64, random: f64) -> Decision {
        if failure.vendor == crate::platforms::douyin::VENDOR
            && !failure.token_refreshed
            && failure.code.is_some_and(|c| STALE_TOKEN_CODES.contains(&c))
        {
            return Decision::RefreshToken;
        }
        if failure.attempt >= self.attempts || !failure.retryable || !failure.safe_to_repeat {
            return Decision::Stop;
        }
        let exponent = i32::try_from(failure.attempt.saturating_sub(1)).unwrap_or(i32::MAX);
        let ceiling = self
            .max_delay_ms
            .min(self.base_delay_ms * 2f64.powi(exponent.min(60)));
        let backoff = random.clamp(0.0, 1.0) * ceiling;
        match failure
            .retry_after
            .and_then(|value| retry_after_ms(value, now_ms))
        {
            Some(told) if told > self.max_delay_ms => Decision::Stop,
            Some(told) => Decision::Retry {
                delay_ms: backoff.max(told),
            },
            None => Decision::Retry { delay_ms: backoff },
        }
    }
}

/// `Retry-After` (RFC 9110): delay-seconds, or an HTTP date, as ms from `now_ms` (never
/// negative); `None` when unreadable.
pub fn retry_after_ms(value: &str, now_ms: i64) -> Option<f64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<f64>().ok().map(|secs| secs * 1000.0);
    }
    let at = crate::time::parse_http_date(value)?;
    Some((at.saturating_mul(1000) - now_ms).max(0) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(attempt: u32) -> Failure<'static> {
        Failure {
            vendor: "tencent",
            attempt,
            code: Some("InternalError"),
            retryable: true,
            safe_to_repeat: true,
            retry_after: None,
            token_refreshed: false,
        }
    }

    #[test]
    fn full_jitter_doubles_up_to_the_ceiling_and_stops_after_the_last_attempt() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.decide(&failure(1), 0, 0.5),
            Decision::Retry { delay_ms: 100.0 }
        );
        assert_eq!(
            policy.decide(&failure(2), 0, 1.0),
            Decision::Retry { delay_ms: 400.0 }
        );
        assert_eq!(policy.decide(&failure(3), 0, 1.0), Decision::Stop);
        let long = RetryPolicy {
            attempts: 10,
            ..policy
        };
        assert_eq!(
            long.decide(&failure(9), 0, 1.0),
            Decision::Retry { delay_ms: 5000.0 }
        );
    }

    #[test]
    fn only_retryable_errors_of_operations_safe_to_repeat() {
        let policy = RetryPolicy::default();
        let unsafe_write = Failure {
            safe_to_repeat: false,
            ..failure(1)
        };
        assert_eq!(policy.decide(&unsafe_write, 0, 0.5), Decision::Stop);
        let final_error = Failure {
            retryable: false,
            ..failure(1)
        };
        assert_eq!(policy.decide(&final_error, 0, 0.5), Decision::Stop);
    }

    #[test]
    fn retry_after_is_a_floor_and_too_long_a_wait_ends_the_retries() {
        let policy = RetryPolicy::default();
        let told = |value: &'static str| Failure {
            retry_after: Some(value),
            ..failure(1)
        };
        assert_eq!(
            policy.decide(&told("2"), 0, 0.0),
            Decision::Retry { delay_ms: 2000.0 }
        );
        assert_eq!(policy.decide(&told("60"), 0, 0.0), Decision::Stop);
        let now = 784_111_777_000; // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(
            policy.decide(&told("Sun, 06 Nov 1994 08:49:40 GMT"), now, 0.0),
            Decision::Retry { delay_ms: 3000.0 }
        );
        assert_eq!(
            policy.decide(&told("soon"), 0, 0.5),
            Decision::Retry { delay_ms: 100.0 }
        );
    }

    #[test]
    fn a_stale_douyin_token_is_refreshed_once() {
        let policy = RetryPolicy::default();
        let stale = Failure {
            vendor: "douyin",
            code: Some("2190008"),
            retryable: false,
            ..failure(1)
        };
        assert_eq!(policy.decide(&stale, 0, 0.5), Decision::RefreshToken);
        let again = Failure {
            token_refreshed: true,
            ..stale
        };
        assert_eq!(policy.decide(&again, 0, 0.5), Decision::Stop);
        let tencent = Failure {
            vendor: "tencent",
            ..stale
        };
        assert_eq!(policy.decide(&tencent, 0, 0.5), Decision::Stop);
    }
}
