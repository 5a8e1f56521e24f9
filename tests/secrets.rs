//! Rust's side of the secrets check (the JS side is `tests/js/hostile.test.mjs`): `Debug` of
//! every client, options value and signing parameter, every error built while the secrets
//! are in play, and any panic message, must not contain a secret or a piece of one.

use std::sync::{Arc, Mutex};

use quotakit::internals::http::read_input;
use quotakit::platforms::baidu::{Baidu, BaiduOptions};
use quotakit::platforms::douyin::{Douyin, DouyinOptions};
use quotakit::platforms::polyv::{Polyv, PolyvOptions};
use quotakit::platforms::tencent::{TencentCloud, TencentCloudOptions};
use quotakit::sign::{bce, tc3};
use quotakit::{BuildOptions, RawResponse};
use serde_json::json;

const SECRETS: [&str; 5] = [
    "tc-secret-RUST-1111",
    "tc-token-RUST-2222",
    "bd-secret-RUST-3333",
    "pv-secret-RUST-4444",
    "dy-secret-RUST-5555",
];

fn assert_no_secret(texts: &[String]) {
    for secret in SECRETS {
        for i in 0..=secret.len() - 8 {
            let piece = &secret[i..i + 8];
            if piece.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
                continue; // "-secret-" is a word, not a secret
            }
            if let Some(leak) = texts.iter().find(|t| t.contains(piece)) {
                panic!("{piece:?} of a secret leaked: {leak}");
            }
        }
    }
}

#[test]
fn debug_output_errors_and_panics_hold_no_secret() {
    let panics = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = Arc::clone(&panics);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        seen.lock().unwrap().push(info.to_string());
    }));

    let mut texts = Vec::new();
    let tencent_options = TencentCloudOptions {
        secret_id: "AKIDrust".into(),
        secret_key: SECRETS[0].into(),
        token: Some(SECRETS[1].into()),
        region: None,
        language: None,
        endpoint: None,
        limits: None,
    };
    texts.push(format!("{tencent_options:?}"));
    let tc = TencentCloud::new(tencent_options).unwrap();
    let bd_options = BaiduOptions {
        access_key_id: "ak".into(),
        secret_access_key: SECRETS[2].into(),
        session_token: Some(SECRETS[1].into()),
        endpoint: None,
        expiration_period_in_seconds: None,
        paths: None,
        limits: None,
    };
    texts.push(format!("{bd_options:?}"));
    let bd = Baidu::new(bd_options).unwrap();
    let pv_options = PolyvOptions {
        app_id: "app".into(),
        app_secret: SECRETS[3].into(),
        signature_method: None,
        endpoint: None,
        limits: None,
    };
    texts.push(format!("{pv_options:?}"));
    let pv = Polyv::new(pv_options).unwrap();
    let dy_options = DouyinOptions {
        client_key: "key".into(),
        client_secret: SECRETS[4].into(),
        endpoint: None,
        token_endpoint: None,
        refresh_margin_seconds: None,
        limits: None,
    };
    texts.push(format!("{dy_options:?}"));
    let dy = Douyin::new(dy_options).unwrap();
    dy.set_token(SECRETS[1], 1_800_000_000_000).unwrap();

    // Signing (fills the key caches, which are part of the clients' Debug).
    let now = BuildOptions::at(1_763_884_800_000);
    let input = read_input(&json!({"Offset": 0, "Limit": 1}), &[]).unwrap();
    tc.describe_agent_deals_by_cache(&input, &now).unwrap();
    let list = read_input(&json!({}), &[]).unwrap();
    bd.list_resource_packages(&list, &now).unwrap();
    // Requests as a transport would log them: Douyin's token request carries client_secret
    // in its body, a market request the token in a header.
    texts.push(format!("{:?}", dy.client_token(&now).unwrap()));
    let deduction = quotakit::platforms::douyin::market::DecrUserRemainTimesInput::new(
        "o".into(),
        "s".into(),
        "m".into(),
        "t".into(),
        1,
    );
    texts.push(format!(
        "{:?}",
        dy.decr_user_remain_times(&deduction, &now).unwrap()
    ));
    texts.extend([
        format!("{tc:?}"),
        format!("{bd:?}"),
        format!("{pv:?}"),
        format!("{dy:?}"),
    ]);
    texts.push(format!(
        "{:?}",
        tc3::SigningParams {
            secret_id: "id",
            secret_key: SECRETS[0],
            service: "cvm",
            timestamp: 1,
        }
    ));
    texts.push(format!(
        "{:?}",
        bce::SigningParams {
            access_key_id: "ak",
            secret_access_key: SECRETS[2],
            timestamp: 1,
            expiration_secs: 1800,
        }
    ));

    // Errors with the secrets in play.
    let errors = [
        read_input::<TencentCloudOptions>(
            &json!({"secretId": "x", "secretKey": format!("{}\r\n", SECRETS[0])}),
            &[],
        )
        .map(|_| ())
        .unwrap_err(),
        read_input::<TencentCloudOptions>(
            &json!({"secretId": "x", "secretKey": {"k": SECRETS[0]}}),
            &[],
        )
        .map(|_| ())
        .unwrap_err(),
        dy.set_token(&format!("{}\n", SECRETS[1]), 1).unwrap_err(),
        dy.parse_client_token(
            &RawResponse::new(
                200,
                json!({"data": {"access_token": SECRETS[1], "expires_in": "soon"}}).to_string(),
            ),
            1,
        )
        .map(|_| ())
        .unwrap_err(),
        pv.parse_list_package_validity(&RawResponse::new(
            200,
            json!({"code": 200, "status": "success", "data": {"contents": [{"appSecret": SECRETS[3], "userId": 5}]}}).to_string(),
        ))
        .map(|_| ())
        .unwrap_err(),
        // Unreadable bodies are quoted in `excerpt`: a truncated listing with the secret in
        // its first bytes, and an error page that echoes a token.
        pv.parse_list_package_validity(&RawResponse::new(
            200,
            format!(r#"{{"data":{{"contents":[{{"appSecret":"{}"#, SECRETS[3]),
        ))
        .map(|_| ())
        .unwrap_err(),
        pv.parse_list_package_validity(&RawResponse::new(
            503,
            format!("upstream said access_token={}", SECRETS[1]),
        ))
        .map(|_| ())
        .unwrap_err(),
    ];
    for e in &errors {
        texts.push(format!("{e:?}"));
        texts.push(e.to_string());
        texts.push(serde_json::to_string(e).unwrap());
    }

    std::panic::set_hook(previous);
    let panics = panics.lock().unwrap().clone();
    assert!(panics.is_empty(), "quotakit panicked: {panics:?}");
    assert!(texts.len() > 20);
    assert_no_secret(&texts);
}
