//! TC3-HMAC-SHA256 against published and derived vectors (`tests/vectors/tc3/`).
//! Each case is its own test, and each stage is compared separately, so a failure names the
//! stage that diverged.

mod common;

use quotakit::sign::hash::hex_sha256;
use quotakit::sign::tc3::{sign, SignableRequest, SigningParams};
use serde_json::Value;

fn str_of<'v>(v: &'v Value, key: &str) -> &'v str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("vector field {key}"))
}

fn check(name: &str) {
    let v = common::load("tc3", name);
    let headers: Vec<(&str, &str)> = v["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h[0].as_str().unwrap(), h[1].as_str().unwrap()))
        .collect();
    let payload = str_of(&v, "payload").as_bytes();
    let out = sign(
        &SignableRequest {
            method: str_of(&v, "method"),
            query: str_of(&v, "query"),
            headers: &headers,
            payload,
        },
        &SigningParams {
            secret_id: str_of(&v, "secretId"),
            secret_key: str_of(&v, "secretKey"),
            service: str_of(&v, "service"),
            timestamp: v["timestamp"].as_i64().unwrap(),
        },
    );
    let expected = &v["expected"];
    if let Some(hash) = expected["payloadHash"].as_str() {
        assert_eq!(hex_sha256(payload), hash, "{name}: stage 0, payload hash");
    }
    if let Some(cr) = expected["canonicalRequest"].as_str() {
        assert_eq!(
            out.canonical_request, cr,
            "{name}: stage 1, canonical request"
        );
    }
    if let Some(hash) = expected["canonicalRequestHash"].as_str() {
        assert_eq!(
            hex_sha256(out.canonical_request.as_bytes()),
            hash,
            "{name}: stage 1, canonical request hash"
        );
    }
    if let Some(sts) = expected["stringToSign"].as_str() {
        assert_eq!(out.string_to_sign, sts, "{name}: stage 2, string to sign");
    }
    assert_eq!(
        out.signature,
        str_of(expected, "signature"),
        "{name}: stage 3, signature"
    );
    if let Some(auth) = expected["authorization"].as_str() {
        assert_eq!(out.authorization, auth, "{name}: Authorization header");
    }
}

macro_rules! vectors {
    ($($name:ident),* $(,)?) => {
        $( #[test] fn $name() { check(&stringify!($name).replace('_', "-")); } )*
        #[test]
        fn every_vector_file_has_a_test() {
            common::assert_all_covered("tc3", &[$(stringify!($name)),*]);
        }
    };
}

vectors!(
    official_cvm_content_type_host,
    official_cvm_with_x_tc_action,
    sdk_nodejs_sign3_post,
    sdk_nodejs_sign3_get,
    derived_partners_describe_agent_deals,
    derived_market_sync_user_and_order_info,
);

/// tencentcloud-sdk-nodejs `sign.test.ts`: v1 HmacSHA256 of "test-sign-string", base64
/// `6c+oFbRDL8wKcVPPwa4KtGMOzMuJTQDwV+8tMMPf7oM=`; checks the shared HMAC primitive.
#[test]
fn sdk_nodejs_hmac_sha256_primitive() {
    let mac = quotakit::sign::hash::hmac_sha256(b"test-secret-key", b"test-sign-string");
    let expected_hex = "e9cfa815b4432fcc0a7153cfc1ae0ab4630ecccb894d00f057ef2d30c3dfee83";
    assert_eq!(quotakit::sign::hash::hex(&mac), expected_hex);
}

/// The credential scope uses the UTC date of the timestamp, so a request signed one second
/// before UTC midnight and one at midnight land in different scopes (and signatures).
#[test]
fn utc_date_around_midnight() {
    let sign_at = |timestamp| {
        sign(
            &SignableRequest {
                method: "POST",
                query: "",
                headers: &[
                    ("content-type", "application/json"),
                    ("host", "partners.tencentcloudapi.com"),
                ],
                payload: b"{}",
            },
            &SigningParams {
                secret_id: "AKIDEXAMPLE",
                secret_key: "SECRETEXAMPLE",
                service: "partners",
                timestamp,
            },
        )
    };
    // 2023-11-14T23:59:59Z, then 2023-11-15T00:00:00Z.
    let before = sign_at(1_700_006_399);
    let after = sign_at(1_700_006_400);
    assert_eq!(before.credential_scope, "2023-11-14/partners/tc3_request");
    assert_eq!(after.credential_scope, "2023-11-15/partners/tc3_request");
    assert_ne!(before.signature, after.signature);
    // 16:00 in Beijing (UTC+8) on the 14th is still the 14th in UTC: 2023-11-14T08:00:00Z.
    assert_eq!(
        sign_at(1_699_948_800).credential_scope,
        "2023-11-14/partners/tc3_request"
    );
    // Leap day.
    assert_eq!(
        sign_at(1_709_164_800).credential_scope,
        "2024-02-29/partners/tc3_request"
    );
}
