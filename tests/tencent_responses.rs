//! Tencent response fixtures (`tests/vectors/tencent/`): seeds' samples parse to typed
//! models; error and malformed bodies give the documented error kinds, codes and paths.

mod common;

use quotakit::vendor::tencent::{TencentCloud, TencentCloudOptions};
use quotakit::RawResponse;
use serde_json::Value;

fn client() -> TencentCloud {
    TencentCloud::new(TencentCloudOptions {
        secret_id: "AKIDEXAMPLE".into(),
        secret_key: "SECRETEXAMPLE".into(),
        token: None,
        region: None,
        language: None,
        endpoint: None,
    })
    .unwrap()
}

fn check(name: &str) {
    let v = common::load("tencent", name);
    let raw = RawResponse::new(
        v["status"].as_u64().unwrap() as u16,
        v["body"].as_str().unwrap(),
    );
    let c = client();
    let result: Result<Value, quotakit::Error> = match v["operation"].as_str().unwrap() {
        "DescribeAgentDealsByCache" => c
            .parse_describe_agent_deals_by_cache(&raw)
            .map(|m| serde_json::to_value(m).unwrap()),
        "SyncUserAndOrderInfo" => c
            .parse_sync_user_and_order_info(&raw)
            .map(|m| serde_json::to_value(m).unwrap()),
        other => panic!("unknown operation {other}"),
    };
    let expect = &v["expect"];
    if expect["ok"] == Value::Bool(true) {
        let model = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        for (path, want) in expect["check"].as_object().unwrap() {
            assert_eq!(common::at(&model, path), want, "{name}: {path}");
        }
        return;
    }
    let e = result
        .err()
        .unwrap_or_else(|| panic!("{name}: expected an error"));
    let got = serde_json::to_value(&e).unwrap();
    assert_eq!(got["operation"], v["operation"]);
    assert_eq!(got["vendor"], "tencent");
    for key in [
        "kind",
        "code",
        "path",
        "requestId",
        "retryable",
        "httpStatus",
    ] {
        if let Some(want) = expect.get(key) {
            assert_eq!(&got[key], want, "{name}: {key}");
        }
    }
    if let Some(fragment) = expect.get("excerptContains").and_then(Value::as_str) {
        assert!(
            got["excerpt"].as_str().unwrap().contains(fragment),
            "{name}: excerpt {}",
            got["excerpt"]
        );
        assert!(
            got["message"].as_str().unwrap().contains(fragment),
            "{name}: message quotes the body"
        );
    }
    if let Some(issues) = expect.get("issues").and_then(Value::as_array) {
        let got_issues: Vec<Value> = got["issues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| serde_json::json!([i["code"], i["path"]]))
            .collect();
        assert_eq!(&got_issues, issues, "{name}: every issue");
        let first = &got["issues"][0];
        assert!(first["expected"].is_string() && first["received"].is_string());
        assert!(first["pathSegments"].is_array());
    }
}

macro_rules! fixtures {
    ($($name:ident),* $(,)?) => {
        $( #[test] fn $name() { check(&stringify!($name).replace('_', "-")); } )*
        #[test]
        fn every_fixture_has_a_test() {
            common::assert_all_covered("tencent", &[$(stringify!($name)),*]);
        }
    };
}

fixtures!(
    seed_describe_agent_deals_by_cache,
    seed_agent_deal_new_elem_example,
    tccli_sync_user_and_order_info,
    sync_nulls_allowed,
    auth_failure_signature,
    signature_expire,
    rate_limited,
    internal_error,
    invalid_parameter,
    action_offline,
    http_502_gateway_page,
    http_403_empty,
    html_with_200,
    empty_body,
    truncated_body,
    missing_response,
    wrong_types_everywhere,
    unsafe_integer,
);
