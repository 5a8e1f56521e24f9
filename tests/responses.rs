//! Response fixtures (`tests/vectors/{tencent,baidu,polyv,douyin}/`): the seeds' samples parse to
//! typed models; error and malformed bodies give the documented kinds, codes and paths.

mod common;

use std::collections::BTreeMap;

use quotakit::driver::Call;
use quotakit::platforms::baidu::tms::ListResourcePackagesInput;
use quotakit::platforms::baidu::{Baidu, BaiduOptions};
use quotakit::platforms::douyin::{Douyin, DouyinOptions};
use quotakit::platforms::polyv::{Polyv, PolyvOptions};
use quotakit::platforms::tencent::{TencentCloud, TencentCloudOptions};
use quotakit::RawResponse;
use serde_json::Value;

fn tencent() -> TencentCloud {
    TencentCloud::new(TencentCloudOptions {
        secret_id: "AKIDEXAMPLE".into(),
        secret_key: "SECRETEXAMPLE".into(),
        token: None,
        region: None,
        language: None,
        endpoint: None,
        limits: None,
    })
    .unwrap()
}

fn baidu() -> Baidu {
    Baidu::new(BaiduOptions {
        access_key_id: "a".repeat(32),
        secret_access_key: "b".repeat(32),
        session_token: None,
        endpoint: None,
        expiration_period_in_seconds: None,
        paths: None,
        limits: None,
    })
    .unwrap()
}

fn polyv() -> Polyv {
    Polyv::new(PolyvOptions {
        app_id: "g4rqgmmjuo".into(),
        app_secret: "fsq2k5weced1h8vui657xtdva66whf0g".into(),
        signature_method: None,
        endpoint: None,
        limits: None,
    })
    .unwrap()
}

fn douyin() -> Douyin {
    Douyin::new(DouyinOptions {
        client_key: "awEXAMPLE".into(),
        client_secret: "SECRETEXAMPLE".into(),
        endpoint: None,
        token_endpoint: None,
        refresh_margin_seconds: None,
        limits: None,
    })
    .unwrap()
}

fn json<T: serde::Serialize>(r: Result<T, quotakit::Error>) -> Result<Value, quotakit::Error> {
    r.map(|m| serde_json::to_value(m).unwrap())
}

fn check(dir: &str, name: &str) {
    let v = common::load(dir, name);
    let headers: BTreeMap<String, String> =
        serde_json::from_value(v["headers"].clone()).unwrap_or_default();
    let raw = RawResponse {
        status: v["status"].as_u64().unwrap() as u16,
        headers,
        body: v["body"].as_str().unwrap().to_owned(),
    };
    let result = match (dir, v["operation"].as_str().unwrap()) {
        ("tencent", "describeAgentDealsByCache") => {
            json(tencent().parse_describe_agent_deals_by_cache(&raw))
        }
        ("tencent", "syncUserAndOrderInfo") => json(tencent().parse_sync_user_and_order_info(&raw)),
        ("tencent", "getUsagePlanUsageAmount") => {
            json(tencent().parse_get_usage_plan_usage_amount(&raw))
        }
        ("tencent", "flowProductRemind") => json(tencent().parse_flow_product_remind(&raw)),
        ("tencent", "describeAgentSelfPayDealsV2") => {
            json(tencent().parse_describe_agent_self_pay_deals_v2(&raw))
        }
        ("tencent", "describeAgentPayDealsV2") => {
            json(tencent().parse_describe_agent_pay_deals_v2(&raw))
        }
        ("tencent", "describeAgentDealsPriceDetailByDealName") => {
            json(tencent().parse_describe_agent_deals_price_detail_by_deal_name(&raw))
        }
        ("tencent", "describeClientBalanceNew") => {
            json(tencent().parse_describe_client_balance_new(&raw))
        }
        ("tencent", "describeAgentBills") => json(tencent().parse_describe_agent_bills(&raw)),
        ("baidu", "listResourcePackages") => json(baidu().parse_list_resource_packages(&raw)),
        ("polyv", "listPackageValidity") => json(polyv().parse_list_package_validity(&raw)),
        ("polyv", "listSubAccounts") => json(polyv().parse_list_sub_accounts(&raw)),
        ("polyv", "createSubAccount") => json(polyv().parse_create_sub_account(&raw)),
        ("douyin", "clientToken") => json(
            douyin()
                .parse_client_token(&raw, 1_700_000_000_000)
                .map(|t| {
                    assert_eq!(
                        t.expires_at,
                        1_700_000_000_000 + i64::try_from(t.expires_in).unwrap() * 1000
                    );
                    serde_json::json!({ "expires_in": t.expires_in })
                }),
        ),
        ("douyin", "getUserServicePurchaseList") => {
            json(douyin().parse_get_user_service_purchase_list(&raw))
        }
        ("douyin", "decrUserRemainTimes") => json(douyin().parse_decr_user_remain_times(&raw)),
        ("douyin", "insertPurchaseInfo") => json(douyin().parse_insert_purchase_info(&raw)),
        ("douyin", "deletePurchaseInfo") => json(douyin().parse_delete_purchase_info(&raw)),
        (d, op) => panic!("unknown operation {d}/{op}"),
    };
    let expect = &v["expect"];
    if expect["ok"] == Value::Bool(true) {
        let model = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        for (path, want) in expect["check"].as_object().unwrap() {
            assert_eq!(common::at(&model, path), want, "{name}: {path}");
        }
        // Fields the model leaves out (credentials): not there at all.
        for path in expect["absent"].as_array().into_iter().flatten() {
            let (parent, key) = path.as_str().unwrap().rsplit_once('.').unwrap();
            assert!(
                common::at(&model, parent).get(key).is_none(),
                "{name}: {path} is left out"
            );
        }
        return;
    }
    let e = result
        .err()
        .unwrap_or_else(|| panic!("{name}: expected an error"));
    let got = serde_json::to_value(&e).unwrap();
    assert_eq!(got["operation"], v["operation"]);
    assert_eq!(
        got["action"], v["action"],
        "{name}: the vendor's action, if any"
    );
    assert_eq!(got["vendor"], v["vendor"]);
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
    ($dir:literal, $module:ident: $($name:ident),* $(,)?) => {
        mod $module {
            $( #[test] fn $name() { super::check($dir, &stringify!($name).replace('_', "-")); } )*
            #[test]
            fn every_fixture_has_a_test() {
                super::common::assert_all_covered($dir, &[$(stringify!($name)),*]);
            }
        }
    };
}

fixtures!("tencent", tencent_fixtures:
    seed_describe_agent_deals_by_cache, seed_agent_deal_new_elem_example, tccli_sync_user_and_order_info,
    sync_nulls_allowed, auth_failure_signature, signature_expire, rate_limited, internal_error,
    invalid_parameter, action_offline, http_502_gateway_page, http_403_empty, html_with_200,
    empty_body, truncated_body, missing_response, wrong_types_everywhere, unsafe_integer,
    sync_info_code_0, sync_failed_operation, sync_internal_error,
    tccli_get_usage_plan_usage_amount, usage_plan_used_up, usage_plan_missing_count,
    usage_plan_resource_not_found, tccli_flow_product_remind, remind_not_sent,
    remind_internal_error, tccli_describe_agent_self_pay_deals_v2, tccli_describe_agent_pay_deals_v2,
    tccli_price_detail_not_found, tccli_price_detail, tccli_describe_client_balance_new,
    tccli_describe_agent_bills, balance_in_arrears, balance_wrong_types, bills_missing_set,
    pay_deals_v2_unauthorized, self_pay_deals_v2_status_number,
);

fixtures!("baidu", baidu_fixtures:
    seed_list_resource_packages, data_only, no_such_key, internal_error, signature_mismatch,
    access_denied_no_body, gateway_html, wrong_types,
);

fixtures!("polyv", polyv_fixtures:
    seed_package_validity, v4_error_envelope, legacy_error_envelope, qps_limit,
    success_without_data, wrong_types, server_error_html, sub_accounts_every_field,
    sub_accounts_wrong_types, create_sub_account, create_not_a_group_account,
);

fixtures!("douyin", douyin_fixtures:
    client_token, client_token_rate_limited, client_token_bad_secret, seed_purchase_list,
    market_error_extra, market_error_data, decr_ok, server_error, wrong_types,
);

/// Baidu's listing shares its documented path with order creation, so an error there is
/// never retryable; once the user has set the confirmed path, the vendor's verdict stands.
#[test]
fn baidu_listing_is_retryable_only_at_an_overridden_path() {
    let v = common::load("baidu", "internal-error");
    let raw = RawResponse::new(500, v["body"].as_str().unwrap());
    let at_documented = baidu().parse_list_resource_packages(&raw).unwrap_err();
    assert_eq!(at_documented.code.as_deref(), Some("InternalError"));
    assert!(!at_documented.retryable);
    let at = |path: &str| {
        Baidu::new(BaiduOptions {
            access_key_id: "a".repeat(32),
            secret_access_key: "b".repeat(32),
            session_token: None,
            endpoint: None,
            expiration_period_in_seconds: None,
            paths: Some(quotakit::platforms::baidu::BaiduPaths {
                list_resource_packages: Some(path.into()),
            }),
            limits: None,
        })
    };
    let confirmed = at("/v1/tms/openapi/resourcepacks").unwrap();
    assert!(
        confirmed
            .parse_list_resource_packages(&raw)
            .unwrap_err()
            .retryable
    );
    let listing = ListResourcePackagesInput::new();
    assert!(listing.safe_to_repeat(&confirmed));
    // The order path set as an override, in every spelling: refused as a path, or never
    // resent and never retryable.
    let table = common::load("write-paths", "baidu-order-path");
    let spellings = table["orderPath"].as_array().unwrap();
    let mut accepted = 0;
    for path in spellings.iter().map(|p| p.as_str().unwrap()) {
        let Ok(client) = at(path) else { continue };
        accepted += 1;
        assert!(!listing.safe_to_repeat(&client), "{path}");
        let error = client.parse_list_resource_packages(&raw).unwrap_err();
        assert!(!error.retryable, "{path}");
    }
    assert!(
        accepted >= spellings.len() - 3,
        "most spellings are valid paths"
    );
    // The rule itself, on every spelling and on the distinct routes beside them.
    for path in spellings.iter().map(|p| p.as_str().unwrap()) {
        assert!(
            quotakit::operation::write_at("baidu", path).is_some(),
            "{path}"
        );
    }
    for path in table["otherPaths"].as_array().unwrap() {
        let path = path.as_str().unwrap();
        assert!(
            quotakit::operation::write_at("baidu", path).is_none(),
            "{path}"
        );
        assert!(listing.safe_to_repeat(&at(path).unwrap()), "{path}");
    }
}
