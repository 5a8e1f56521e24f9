//! Each read operation's conversion to entitlements, on the vendors' documented samples and
//! on edge cases (`tests/vectors/entitlements/`): states, amounts and periods as the docs
//! give them, computed by hand in each file.

mod common;
mod differential;

use quotakit::entitlement::{summarize, Entitlement, EntitlementOptions, SummaryOptions};
use quotakit::RawResponse;
use quotakit::{Baidu, BaiduOptions, Client};
use serde_json::Value;

fn entitlements(v: &Value) -> Vec<Entitlement> {
    let body = match v["response"].as_str() {
        Some(path) => {
            let (dir, name) = path.split_once('/').unwrap();
            common::load(dir, name)["body"].as_str().unwrap().to_owned()
        }
        None => v["body"].to_string(),
    };
    let raw = RawResponse::new(200, body);
    let c = differential::Clients::new();
    let now = v["now"].as_i64().unwrap();
    let holder = v["holder"].as_str().unwrap_or_default();
    // Every vendor's result converts the same way: client.entitlements(&result, &options).
    let options = EntitlementOptions::at(now)
        .with_open_id(holder)
        .with_instance_id(holder)
        .with_client_uin(holder);
    let converted = match (
        v["vendor"].as_str().unwrap(),
        v["operation"].as_str().unwrap(),
    ) {
        ("tencent", "describeAgentDealsByCache") => c.tencent.entitlements(
            &c.tencent.parse_describe_agent_deals_by_cache(&raw).unwrap(),
            &options,
        ),
        ("tencent", "getUsagePlanUsageAmount") => c.tencent.entitlements(
            &c.tencent.parse_get_usage_plan_usage_amount(&raw).unwrap(),
            &options,
        ),
        ("tencent", "describeAgentSelfPayDealsV2") => c.tencent.entitlements(
            &c.tencent
                .parse_describe_agent_self_pay_deals_v2(&raw)
                .unwrap(),
            &options,
        ),
        ("tencent", "describeAgentPayDealsV2") => c.tencent.entitlements(
            &c.tencent.parse_describe_agent_pay_deals_v2(&raw).unwrap(),
            &options,
        ),
        ("tencent", "describeClientBalanceNew") => c.tencent.entitlements(
            &c.tencent.parse_describe_client_balance_new(&raw).unwrap(),
            &options,
        ),
        ("baidu", "listResourcePackages") => {
            // Baidu's holder is the account the client signs as.
            let baidu = Baidu::new(BaiduOptions {
                access_key_id: holder.to_owned(),
                secret_access_key: "fake-secret-not-real".into(),
                ..BaiduOptions::default()
            })
            .unwrap();
            baidu.entitlements(&baidu.parse_list_resource_packages(&raw).unwrap(), &options)
        }
        ("polyv", "listPackageValidity") => c.polyv.entitlements(
            &c.polyv.parse_list_package_validity(&raw).unwrap(),
            &options,
        ),
        ("polyv", "listSubAccounts") => c
            .polyv
            .entitlements(&c.polyv.parse_list_sub_accounts(&raw).unwrap(), &options),
        ("douyin", "getUserServicePurchaseList") => c.douyin.entitlements(
            &c.douyin.parse_get_user_service_purchase_list(&raw).unwrap(),
            &options,
        ),
        (vendor, op) => panic!("no conversion for {vendor} {op}"),
    };
    converted.unwrap()
}

#[test]
fn conversions_match_the_documented_samples() {
    let names = common::names("entitlements");
    assert!(names.len() >= 12);
    for name in names {
        let v = common::load("entitlements", &name);
        let got = serde_json::to_value(entitlements(&v)).unwrap();
        let expected = v["expect"].as_array().unwrap();
        let got = got.as_array().unwrap();
        assert_eq!(got.len(), expected.len(), "{name}: how many entitlements");
        for (e, want) in got.iter().zip(expected) {
            for (key, value) in want.as_object().unwrap() {
                let actual = match key.as_str() {
                    "sourceId" => &e["source"]["id"],
                    "tier" => &e["product"]["tier"],
                    "productId" => &e["product"]["id"],
                    "holder" => {
                        let pair = Value::from(vec![
                            e["holder"]["kind"].clone(),
                            e["holder"]["id"].clone(),
                        ]);
                        assert_eq!(&pair, value, "{name}: holder");
                        continue;
                    }
                    other => &e[other],
                };
                assert_eq!(actual, value, "{name}: {key} of {}", e["source"]["id"]);
            }
            assert_eq!(e["vendor"], v["vendor"], "{name}");
            let unknown = e["state"] == "unknown";
            assert_eq!(
                unknown,
                e["note"].is_string(),
                "{name}: an unknown state says why"
            );
        }
    }
}

/// Vectors with a `summary` expect these rows of their one customer, in order: only like is
/// summed with like (one product per kind of pack, tier or resource).
#[test]
fn summaries_add_up_only_like_with_like() {
    let mut checked = 0;
    for name in common::names("entitlements") {
        let v = common::load("entitlements", &name);
        let Some(rows) = v["summary"].as_array() else {
            continue;
        };
        let items = entitlements(&v);
        let summary = summarize(&items, &SummaryOptions::at(v["now"].as_i64().unwrap())).unwrap();
        assert_eq!(summary.customers.len(), 1, "{name}: one customer");
        let units = serde_json::to_value(&summary.customers[0].units).unwrap();
        let units = units.as_array().unwrap();
        assert_eq!(units.len(), rows.len(), "{name}: how many rows");
        for (unit, want) in units.iter().zip(rows) {
            for (key, value) in want.as_object().unwrap() {
                let actual = match key.as_str() {
                    "productId" => &unit["product"]["id"],
                    other => &unit[other],
                };
                assert_eq!(actual, value, "{name}: {key} of {}", unit["product"]["id"]);
            }
        }
        checked += 1;
    }
    assert!(checked >= 1);
}

#[test]
fn a_conversion_names_what_it_lacks() {
    let c = differential::Clients::new();
    let list = c
        .douyin
        .parse_get_user_service_purchase_list(&RawResponse::new(
            200,
            r#"{"data":{"error_code":0,"purchase_info_list":[]},"extra":{"error_code":0}}"#,
        ))
        .unwrap();
    let no_open_id = c
        .douyin
        .entitlements(&list, &EntitlementOptions::at(0))
        .unwrap_err();
    assert_eq!(no_open_id.path.as_deref(), Some("$.options.openId"));
    let no_now = EntitlementOptions {
        now: None,
        ..EntitlementOptions::at(0).with_open_id("o")
    };
    let error = c.douyin.entitlements(&list, &no_now).unwrap_err();
    assert_eq!(error.path.as_deref(), Some("$.options.now"));
}
