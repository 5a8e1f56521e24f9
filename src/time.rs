//! Calendar arithmetic on UTC timestamps, without a clock.
//!
//! The core never reads the time: every `now` arrives as an argument (milliseconds since the
//! Unix epoch, or a `SystemTime` through [`UnixMillis`]); only the drivers ask their
//! transport for it. This module only converts. The day/civil conversions are
//! Howard Hinnant's `days_from_civil` / `civil_from_days`
//! (<https://howardhinnant.github.io/date_algorithms.html>), exact for every date here.
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use quotakit::UnixMillis;
//!
//! assert_eq!((SystemTime::UNIX_EPOCH + Duration::from_millis(1500)).unix_millis(), 1500);
//! assert_eq!(1_700_000_000_000_i64.unix_millis(), 1_700_000_000_000);
//! ```

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// Earliest `now` accepted: 2000-01-01T00:00:00Z. Anything earlier is a unit mistake
/// (seconds passed as milliseconds) or a broken clock, and no vendor would accept it.
pub const MIN_NOW_MS: i64 = 946_684_800_000;
/// Latest `now` accepted: 2200-01-01T00:00:00Z.
pub const MAX_NOW_MS: i64 = 7_258_118_400_000;

/// A broken-down UTC time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    /// Full year, e.g. 2024.
    pub year: i64,
    /// 1..=12
    pub month: u32,
    /// 1..=31
    pub day: u32,
    /// 0..=23
    pub hour: u32,
    /// 0..=59
    pub minute: u32,
    /// 0..=59
    pub second: u32,
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The UTC calendar time of `secs` seconds since the epoch.
pub fn civil_from_secs(secs: i64) -> Civil {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    Civil {
        year,
        month,
        day,
        hour: (rem / 3600) as u32,
        minute: (rem % 3600 / 60) as u32,
        second: (rem % 60) as u32,
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// `YYYY-MM-DD` (UTC) of `secs`, as TC3 uses in its credential scope.
pub fn utc_date(secs: i64) -> String {
    let c = civil_from_secs(secs);
    let mut out = String::with_capacity(10);
    push_digits(&mut out, c.year, 4);
    out.push('-');
    push_digits(&mut out, i64::from(c.month), 2);
    out.push('-');
    push_digits(&mut out, i64::from(c.day), 2);
    out
}

/// `YYYY-MM-DDTHH:mm:ssZ` (UTC, no milliseconds), as BCE uses.
pub fn utc_iso8601(secs: i64) -> String {
    let c = civil_from_secs(secs);
    let mut out = utc_date(secs);
    for (separator, value) in [('T', c.hour), (':', c.minute), (':', c.second)] {
        out.push(separator);
        push_digits(&mut out, i64::from(value), 2);
    }
    out.push('Z');
    out
}

/// `value` in decimal, zero-padded to `width` digits (`format!` costs a tenth of a signature
/// in wasm). Negative values, which no date here has, are written with their sign.
fn push_digits(out: &mut String, value: i64, width: usize) {
    let text = value.unsigned_abs().to_string();
    if value < 0 {
        out.push('-');
    }
    for _ in text.len()..width {
        out.push('0');
    }
    out.push_str(&text);
}

/// Parses exactly `YYYY-MM-DD HH:mm:ss` into seconds since the epoch, treating it as UTC
/// (only differences between two such values are used). `None` if the shape or any field
/// is invalid, e.g. `2023-02-30 00:00:00`.
pub fn parse_datetime(text: &str) -> Option<i64> {
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1, b' ', h0, h1, b':', i0, i1, b':', s0, s1] =
        *text.as_bytes()
    else {
        return None;
    };
    let num = |digits: &[u8]| -> Option<u32> {
        digits.iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let year = i64::from(num(&[y0, y1, y2, y3])?);
    let (month, day) = (num(&[m0, m1])?, num(&[d0, d1])?);
    let (hour, minute, second) = (num(&[h0, h1])?, num(&[i0, i1])?, num(&[s0, s1])?);
    let valid = (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month)
        && hour < 24
        && minute < 60
        && second < 60;
    valid.then(|| {
        days_from_civil(year, month, day) * 86_400
            + i64::from(hour) * 3600
            + i64::from(minute) * 60
            + i64::from(second)
    })
}

/// Parses `YYYY-MM-DD` (a calendar date) into days since the epoch.
pub fn parse_date(text: &str) -> Option<i64> {
    let midnight = parse_datetime(&format!("{} 00:00:00", text.get(..10)?))?;
    (text.len() == 10).then_some(midnight.div_euclid(86_400))
}

/// Parses `YYYY-MM-DDTHH:mm:ss[.SSS](Z|±HHMM|±HH:MM)`, as Baidu's `2022-09-25T15:59:59.000+0000`,
/// into milliseconds since the epoch.
pub fn parse_iso_datetime_ms(text: &str) -> Option<i64> {
    let date = text.get(..10)?;
    let time = text.get(11..19)?;
    if text.as_bytes().get(10) != Some(&b'T') {
        return None;
    }
    let secs = parse_datetime(&format!("{date} {time}"))?;
    let mut rest = text.get(19..)?;
    let mut millis = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        let (whole, tail) = fraction.split_at(digits);
        if digits == 0 {
            return None;
        }
        let first3 = format!("{:0<3}", whole.get(..3.min(digits))?);
        millis = first3.parse::<i64>().ok()?;
        rest = tail;
    }
    let offset_secs = match rest.as_bytes() {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h0, h1, tail @ ..] => {
            let minutes = match tail {
                [m0, m1] | [b':', m0, m1] => [*m0, *m1],
                _ => return None,
            };
            let num = |d: [u8; 2]| -> Option<i64> {
                d.iter().try_fold(0i64, |acc, &c| {
                    c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
                })
            };
            let value = num([*h0, *h1])? * 3600 + num(minutes)? * 60;
            if *sign == b'-' {
                -value
            } else {
                value
            }
        }
        _ => return None,
    };
    Some((secs - offset_secs) * 1000 + millis)
}

/// Parses an HTTP `Date` (IMF-fixdate, RFC 9110: `Sun, 06 Nov 1994 08:49:37 GMT`) into
/// seconds since the epoch. `None` for any other shape.
pub fn parse_http_date(text: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let rest = text.trim().get(5..)?; // "Sun, "
    let mut parts = rest.split(' ');
    let (day, month, year, time, zone) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if zone != "GMT" || parts.next().is_some() || day.len() != 2 {
        return None;
    }
    let month = MONTHS.iter().position(|m| *m == month)? + 1;
    parse_datetime(&format!("{year}-{month:02}-{day} {time}"))
}

#[cfg(test)]
mod date_tests {
    use super::*;

    #[test]
    fn iso_datetimes_with_offsets_and_plain_dates() {
        assert_eq!(
            parse_iso_datetime_ms("2022-09-25T15:59:59.000+0000"),
            Some(1_664_121_599_000)
        );
        assert_eq!(
            parse_iso_datetime_ms("2022-09-25T23:59:59.5+08:00"),
            Some(1_664_121_599_500)
        );
        assert_eq!(
            parse_iso_datetime_ms("2022-09-25T15:59:59Z"),
            Some(1_664_121_599_000)
        );
        for bad in [
            "2022-09-25 15:59:59Z",
            "2022-09-25T15:59:59",
            "2022-09-25T15:59:59.+0000",
            "2022-02-30T00:00:00Z",
        ] {
            assert_eq!(parse_iso_datetime_ms(bad), None, "{bad}");
        }
        assert_eq!(parse_date("1970-01-02"), Some(1));
        assert_eq!(parse_date("2022-13-01"), None);
        assert_eq!(parse_date("2022-01-01x"), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_day_for_four_centuries() {
        let mut secs = days_from_civil(1900, 1, 1) * 86_400;
        let end = days_from_civil(2300, 1, 1) * 86_400;
        while secs < end {
            let c = civil_from_secs(secs);
            assert_eq!(days_from_civil(c.year, c.month, c.day) * 86_400, secs);
            secs += 86_400;
        }
    }

    #[test]
    fn known_dates() {
        assert_eq!(utc_date(1_551_113_065), "2019-02-25");
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_iso8601(1_402_639_056), "2014-06-13T05:57:36Z");
        assert_eq!(utc_date(951_782_400), "2000-02-29");
    }

    #[test]
    fn midnight_boundaries() {
        // 2023-11-14T23:59:59Z and one second later.
        assert_eq!(utc_date(1_700_006_399), "2023-11-14");
        assert_eq!(utc_date(1_700_006_400), "2023-11-15");
    }

    #[test]
    fn parses_and_rejects_datetimes() {
        assert_eq!(parse_datetime("2020-01-01 00:00:00"), Some(1_577_836_800));
        assert_eq!(parse_datetime("2024-02-29 23:59:59"), Some(1_709_251_199));
        for bad in [
            "2023-02-29 00:00:00",
            "2020-13-01 00:00:00",
            "2020-01-01T00:00:00",
            "2020-1-01 00:00:00",
            "2020-01-01 24:00:00",
            "2020-01-01 00:00",
            "２０２０-01-01 00:00:00",
            "+020-01-01 00:00:00",
            "",
        ] {
            assert_eq!(parse_datetime(bad), None, "{bad}");
        }
    }
}

/// A point in time as quotakit takes it: milliseconds since the Unix epoch (`i64`), or a
/// [`std::time::SystemTime`]. Every entry that needs the time takes `impl UnixMillis`, so a
/// program passes `SystemTime::now()` and a test passes a fixed number.
pub trait UnixMillis {
    /// Milliseconds since 1970-01-01T00:00:00Z (negative before it), saturating.
    fn unix_millis(self) -> i64;
}

impl UnixMillis for i64 {
    fn unix_millis(self) -> i64 {
        self
    }
}

impl UnixMillis for std::time::SystemTime {
    fn unix_millis(self) -> i64 {
        let millis = |d: std::time::Duration| i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        match self.duration_since(std::time::UNIX_EPOCH) {
            Ok(after) => millis(after),
            Err(before) => millis(before.duration()).saturating_neg(),
        }
    }
}
