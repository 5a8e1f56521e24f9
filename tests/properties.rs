//! Properties of the signers and encoders over generated inputs (proptest), and a
//! differential check against small reference implementations written here from the
//! vendors' documents, independent of `src/sign/`.

use hmac::{Hmac, Mac};
use proptest::prelude::*;
use quotakit::sign::encode::{uri_decode, uri_encode};
use quotakit::sign::{bce, polyv, tc3};
use sha2::{Digest, Sha256};

// ---- reference implementations -----------------------------------------------------------

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// TC3 as Tencent's signature document spells it, for a POST with the given headers.
fn reference_tc3(
    headers: &[(String, String)],
    payload: &str,
    key: &str,
    service: &str,
    ts: i64,
) -> String {
    let mut lines: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| (n.trim().to_lowercase(), v.trim().to_lowercase()))
        .collect();
    lines.sort();
    let canonical_headers: String = lines.iter().map(|(n, v)| format!("{n}:{v}\n")).collect();
    let signed: Vec<&str> = lines.iter().map(|(n, _)| n.as_str()).collect();
    let canonical = format!(
        "POST\n/\n\n{canonical_headers}\n{}\n{}",
        signed.join(";"),
        hex(&Sha256::digest(payload.as_bytes()))
    );
    let days = ts.div_euclid(86_400);
    let date = civil_date(days);
    let scope = format!("{date}/{service}/tc3_request");
    let to_sign = format!(
        "TC3-HMAC-SHA256\n{ts}\n{scope}\n{}",
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let k = hmac(format!("TC3{key}").as_bytes(), date.as_bytes());
    let k = hmac(&k, service.as_bytes());
    let k = hmac(&k, b"tc3_request");
    hex(&hmac(&k, to_sign.as_bytes()))
}

/// `YYYY-MM-DD` of a day count since 1970-01-01 (Howard Hinnant's civil_from_days).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// RFC 3986 encoding, byte by byte, as the BCE document describes it.
fn reference_encode(text: &str, keep_slash: bool) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            b'/' if keep_slash => "/".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// bce-auth-v1 signature for a request whose headers are all signed.
fn reference_bce(
    method: &str,
    path: &str,
    headers: &[(String, String)],
    ak: &str,
    sk: &str,
    ts: i64,
) -> String {
    let date = format!("{}T{}Z", civil_date(ts.div_euclid(86_400)), {
        let s = ts.rem_euclid(86_400);
        format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    });
    let prefix = format!("bce-auth-v1/{ak}/{date}/1800");
    let mut lines: Vec<String> = headers
        .iter()
        .map(|(n, v)| {
            format!(
                "{}:{}",
                reference_encode(&n.trim().to_lowercase(), false),
                reference_encode(v.trim(), false)
            )
        })
        .collect();
    lines.sort();
    let canonical = format!(
        "{method}\n{}\n\n{}",
        reference_encode(path, true),
        lines.join("\n")
    );
    let signing_key = hex(&hmac(sk.as_bytes(), prefix.as_bytes()));
    hex(&hmac(signing_key.as_bytes(), canonical.as_bytes()))
}

// ---- generators ------------------------------------------------------------------------------

/// Distinct header names (lowercase) with printable values, as TC3 and BCE sign them.
fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::btree_map("[a-z][a-z0-9-]{0,12}", "[ -~]{1,24}", 1..6)
        .prop_map(|m| {
            m.into_iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .collect::<Vec<_>>()
        })
        .prop_filter("at least one header", |h| !h.is_empty())
}

/// `headers` shuffled, with each name's letters in random case.
fn reordered(headers: &[(String, String)], seed: u64) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = headers
        .iter()
        .enumerate()
        .map(|(i, (n, v))| {
            let name = n
                .chars()
                .enumerate()
                .map(|(j, c)| {
                    if (seed >> ((i + j) % 64)) & 1 == 1 {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    }
                })
                .collect();
            (name, v.clone())
        })
        .collect();
    out.rotate_left((seed as usize) % headers.len().max(1));
    if seed & 1 == 1 {
        out.reverse();
    }
    out
}

fn pairs(h: &[(String, String)]) -> Vec<(&str, &str)> {
    h.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect()
}

const TS: std::ops::Range<i64> = 946_684_800..4_102_444_800; // 2000..2100

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn tc3_ignores_header_order_and_name_case(h in headers(), seed in any::<u64>(), payload in ".{0,64}", ts in TS) {
        let params = tc3::SigningParams { secret_id: "AKIDprop", secret_key: "prop-key", service: "cvm", timestamp: ts };
        let request = |h: &[(String, String)]| tc3::sign(&tc3::SignableRequest { method: "POST", query: "", headers: &pairs(h), payload: payload.as_bytes() }, &params);
        prop_assert_eq!(request(&h), request(&reordered(&h, seed)));
    }

    #[test]
    fn bce_ignores_header_order_and_name_case(h in headers(), seed in any::<u64>(), ts in TS) {
        let params = bce::SigningParams { access_key_id: "ak", secret_access_key: "sk", timestamp: ts, expiration_secs: 1800 };
        let request = |h: &[(String, String)]| bce::sign(&bce::SignableRequest { method: "GET", path: "/v1/x", query: &[], headers: &pairs(h), headers_to_sign: None }, &params);
        let (a, b) = (request(&h), request(&reordered(&h, seed)));
        prop_assert_eq!(a.signature, b.signature);
    }

    #[test]
    fn bce_canonical_query_is_stable_under_reordering(q in prop::collection::btree_map("[ -~]{1,8}", "[ -~]{0,8}", 0..6), seed in any::<u64>()) {
        let q: Vec<(String, String)> = q.into_iter().collect();
        // Only the order changes: query names are case-sensitive.
        let mut shuffled = q.clone();
        shuffled.rotate_left((seed as usize) % q.len().max(1));
        if seed & 1 == 1 {
            shuffled.reverse();
        }
        let once = bce::canonical_query(&pairs(&q));
        prop_assert_eq!(&once, &bce::canonical_query(&pairs(&shuffled)));
        prop_assert_eq!(&once, &bce::canonical_query(&pairs(&q)));
    }

    #[test]
    fn polyv_ignores_parameter_order(p in prop::collection::btree_map("[a-zA-Z]{1,8}", "[ -~]{0,12}", 0..8), seed in any::<u64>()) {
        let p: Vec<(String, String)> = p.into_iter().collect();
        let mut shuffled = p.clone();
        shuffled.rotate_left((seed as usize) % p.len().max(1));
        let sign = |p: &[(String, String)]| polyv::sign(&pairs(p), "prop-secret", polyv::SignatureMethod::Md5).sign;
        prop_assert_eq!(sign(&p), sign(&shuffled));
    }

    #[test]
    fn percent_encoding_round_trips(text in any::<String>(), keep_slash in any::<bool>()) {
        let encoded = uri_encode(&text, keep_slash);
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b) || (keep_slash && b == b'/')));
        prop_assert_eq!(uri_decode(&encoded), Some(text.clone()));
        prop_assert_eq!(encoded, reference_encode(&text, keep_slash));
    }

    #[test]
    fn tc3_matches_the_reference(h in headers(), payload in ".{0,200}", key in "[!-~]{1,40}", service in "[a-z]{2,12}", ts in TS) {
        let params = tc3::SigningParams { secret_id: "AKIDprop", secret_key: &key, service: &service, timestamp: ts };
        let got = tc3::sign(&tc3::SignableRequest { method: "POST", query: "", headers: &pairs(&h), payload: payload.as_bytes() }, &params);
        prop_assert_eq!(got.signature, reference_tc3(&h, &payload, &key, &service, ts));
    }

    #[test]
    fn bce_matches_the_reference(h in headers(), path in "/[!-~]{0,30}", sk in "[!-~]{1,40}", ts in TS) {
        let list: Vec<&str> = h.iter().map(|(n, _)| n.as_str()).collect();
        let params = bce::SigningParams { access_key_id: "ak", secret_access_key: &sk, timestamp: ts, expiration_secs: 1800 };
        let got = bce::sign(&bce::SignableRequest { method: "GET", path: &path, query: &[], headers: &pairs(&h), headers_to_sign: Some(&list) }, &params);
        prop_assert_eq!(got.signature, reference_bce("GET", &path, &h, "ak", &sk, ts));
    }
}
