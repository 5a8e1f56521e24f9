use serde_json::json;

use super::market::*;
use super::partners::*;
use super::*;
use crate::http::read_input;

const NOW: i64 = 1_700_000_000_000;

fn client() -> TencentCloud {
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

fn deals(input: serde_json::Value) -> Result<HttpRequest, Error> {
    let input: DescribeAgentDealsByCacheInput = read_input(&input, &[])?;
    client().describe_agent_deals_by_cache(&input, &BuildOptions::at(NOW))
}

fn issue_list(e: &Error) -> Vec<(&str, &str)> {
    e.issues
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect()
}

#[test]
fn builds_the_derived_partners_vector() {
    let req = deals(json!({"Offset": 0, "Limit": 10})).unwrap();
    assert_eq!(req.url, "https://partners.tencentcloudapi.com/");
    assert_eq!(req.body.as_deref(), Some(r#"{"Offset":0,"Limit":10}"#));
    assert_eq!(
        req.headers["Authorization"],
        "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2023-11-14/partners/tc3_request, SignedHeaders=content-type;host, \
         Signature=64ac8ddc19c43d19ab786c61da8c1ccbabfd22c27843a62be2feec531fee282e"
    );
    assert_eq!(req.headers["X-TC-Action"], "DescribeAgentDealsByCache");
    assert_eq!(req.headers["X-TC-Version"], "2018-03-21");
    assert_eq!(req.headers["X-TC-Timestamp"], "1700000000");
    assert!(!req.headers.contains_key("X-TC-Region"));
    assert!(req.explain.is_none());
}

#[test]
fn builds_the_derived_market_vector() {
    let input: SyncUserAndOrderInfoInput = read_input(
        &json!({"UserInfo": {"PaidCorpId": "wwcorp", "PaidCorpName": "Demo"}, "OrderInfo": {"OrderId": "O1"}}),
        &[],
    )
    .unwrap();
    let req = client()
        .sync_user_and_order_info(&input, &BuildOptions::at(NOW))
        .unwrap();
    assert_eq!(req.url, "https://market.tencentcloudapi.com/");
    assert!(req.headers["Authorization"]
        .ends_with("Signature=47e72ccf4234f6e8ab083849a8d04c103c061ee74fe0209561e1a48e5bd05670"));
    assert_eq!(req.headers["X-TC-Version"], "2019-10-10");
}

#[test]
fn sts_token_region_language_and_endpoint() {
    let c = TencentCloud::new(TencentCloudOptions {
        secret_id: "AKIDEXAMPLE".into(),
        secret_key: "SECRETEXAMPLE".into(),
        token: Some("sts-token-EXAMPLE".into()),
        region: Some("ap-guangzhou".into()),
        language: Some(Language::EnUs),
        endpoint: Some("http://127.0.0.1:8787".into()),
        limits: None,
    })
    .unwrap();
    let input = DescribeAgentDealsByCacheInput {
        offset: 0,
        limit: 10,
        ..read_input(&json!({"Offset":0,"Limit":1}), &[]).unwrap()
    };
    let req = c
        .describe_agent_deals_by_cache(
            &input,
            &BuildOptions {
                now_ms: NOW,
                explain: true,
            },
        )
        .unwrap();
    assert_eq!(req.url, "http://127.0.0.1:8787/");
    assert_eq!(req.headers["X-TC-Token"], "sts-token-EXAMPLE");
    assert_eq!(req.headers["X-TC-Region"], "ap-guangzhou");
    assert_eq!(req.headers["X-TC-Language"], "en-US");
    let explain = req.explain.unwrap();
    assert!(explain
        .canonical_request
        .contains("\nhost:127.0.0.1:8787\n"));
    assert_eq!(explain.signed_headers, "content-type;host");
    for text in [
        &explain.canonical_request,
        &explain.string_to_sign,
        &format!("{c:?}"),
    ] {
        assert!(
            !text.contains("SECRETEXAMPLE") && !text.contains("sts-token-EXAMPLE"),
            "{text}"
        );
    }
}

#[test]
fn limit_must_be_1_to_200() {
    for bad in [0, 201, 1000] {
        let e = deals(json!({"Offset": 0, "Limit": bad})).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Input);
        assert_eq!(issue_list(&e), vec![("out_of_range", "$.Limit")]);
        assert!(e.message.contains("1..=200"), "{}", e.message);
    }
    assert!(deals(json!({"Offset": 0, "Limit": 200})).is_ok());
    assert!(deals(json!({"Offset": 0, "Limit": 1})).is_ok());
}

#[test]
fn required_fields_and_types() {
    let e = deals(json!({"Limit": "10", "Status": "2"})).unwrap_err();
    assert_eq!(
        issue_list(&e),
        vec![
            ("missing_field", "$.Offset"),
            ("invalid_type", "$.Limit"),
            ("invalid_type", "$.Status")
        ]
    );
    assert_eq!(e.issues[1].expected, "non-negative integer");
    assert_eq!(e.issues[1].received, "string \"10\"");
}

#[test]
fn time_window_rules() {
    let window = |start: &str, end: &str| {
        deals(json!({"Offset":0,"Limit":10,"CreatTimeRangeStart":start,"CreatTimeRangeEnd":end}))
    };
    assert!(window("2024-01-01 00:00:00", "2024-03-31 00:00:00").is_ok()); // 90 days
    let e = window("2024-01-01 00:00:00", "2024-03-31 00:00:01").unwrap_err();
    assert_eq!(
        issue_list(&e),
        vec![("out_of_range", "$.CreatTimeRangeEnd")]
    );
    let e = window("2024-02-01 00:00:00", "2024-01-01 00:00:00").unwrap_err();
    assert_eq!(
        issue_list(&e),
        vec![("invalid_value", "$.CreatTimeRangeStart")]
    );
    let e = window("2024-01-01", "2024/01/02 00:00:00").unwrap_err();
    assert_eq!(
        issue_list(&e),
        vec![
            ("invalid_format", "$.CreatTimeRangeStart"),
            ("invalid_format", "$.CreatTimeRangeEnd")
        ]
    );
    let e = window("2023-02-29 00:00:00", "2023-03-01 00:00:00").unwrap_err();
    assert_eq!(e.issues[0].code.as_str(), "invalid_format");
}

#[test]
fn enums_and_lists() {
    let e = deals(
        json!({"Offset":0,"Limit":10,"Status":14,"Order":2,"PayerMode":3,"OwnerUins":["1",""]}),
    )
    .unwrap_err();
    assert_eq!(
        issue_list(&e),
        vec![
            ("unknown_enum", "$.Status"),
            ("unknown_enum", "$.PayerMode"),
            ("out_of_range", "$.OwnerUins[1]"),
        ]
    );
    assert!(deals(
        json!({"Offset":0,"Limit":10,"Status":30,"Order":1,"PayerMode":0,"DealNames":["x"]})
    )
    .is_ok());
}

fn sync(input: serde_json::Value) -> Result<HttpRequest, Error> {
    let input: SyncUserAndOrderInfoInput = read_input(&input, &[])?;
    client().sync_user_and_order_info(&input, &BuildOptions::at(NOW))
}

#[test]
fn order_takes_any_integer_as_the_doc_says() {
    // "0:下单时间降序;其他:下单时间升序"
    for order in [0, 1, 7, -1] {
        assert!(deals(json!({"Offset":0,"Limit":10,"Order":order})).is_ok());
    }
    let e = deals(json!({"Offset":0,"Limit":10,"Order":1.5})).unwrap_err();
    assert_eq!(issue_list(&e), vec![("invalid_type", "$.Order")]);
}

#[test]
fn price_formulas_round_half_up_in_decimal() {
    // 0.285 × 100 × 1 is 28.5 in decimal, 28.499999999999996 in binary floating point.
    let deal = |origin: i64| {
        sync(
            json!({"OrderInfo":{"Deals":{"UnitPrice":0.285,"Dosage":100,"TimeSpan":1,"OriginPrice":origin}}}),
        )
    };
    assert!(deal(29).is_ok(), "decimal round-half-up");
    assert!(deal(28).is_ok(), "within half a 分 of the exact product");
    for wrong in [27, 30] {
        let e = deal(wrong).unwrap_err();
        assert_eq!(
            issue_list(&e),
            vec![("invalid_value", "$.OrderInfo.Deals.OriginPrice")]
        );
        assert!(
            e.issues[0].expected.contains("29"),
            "{}",
            e.issues[0].expected
        );
    }
    // Fee = OriginPrice × Discount / 100: 57 × 50 / 100 = 28.5.
    let fee =
        |fee: i64| sync(json!({"OrderInfo":{"Deals":{"OriginPrice":57,"Discount":50,"Fee":fee}}}));
    assert!(fee(29).is_ok() && fee(28).is_ok() && fee(27).is_err() && fee(30).is_err());
}

#[test]
fn offline_product_deal_rules() {
    let ok = json!({"OrderInfo":{"Deals":{"UnitPrice":100,"Dosage":2,"TimeSpan":3,"TimeUnit":"month","OriginPrice":600,"Discount":50,"Fee":300}}});
    assert!(sync(ok).is_ok());
    let e = sync(json!({"OrderInfo":{"Deals":{"TimeUnit":"package","TimeSpan":2,"Discount":101}}}))
        .unwrap_err();
    assert_eq!(
        issue_list(&e),
        vec![
            ("out_of_range", "$.OrderInfo.Deals.Discount"),
            ("invalid_value", "$.OrderInfo.Deals.TimeSpan")
        ]
    );
    let e = sync(json!({"OrderInfo":{"Deals":{"TimeUnit":"week"}}})).unwrap_err();
    assert_eq!(
        issue_list(&e),
        vec![("unknown_enum", "$.OrderInfo.Deals.TimeUnit")]
    );
    assert!(e.issues[0].expected.contains("\"package\""));
    let e = sync(json!({"OrderInfo":{"Deals":{"UnitPrice":100,"Dosage":2,"TimeSpan":3,"OriginPrice":601,"Discount":50,"Fee":1}}})).unwrap_err();
    assert_eq!(
        issue_list(&e),
        vec![
            ("invalid_value", "$.OrderInfo.Deals.OriginPrice"),
            ("invalid_value", "$.OrderInfo.Deals.Fee")
        ]
    );
    let e = sync(
        json!({"UserInfo":{"PaidCorpId":"","PaidCorpName":"x"},"OrderInfo":{"OrderStatus":7}}),
    )
    .unwrap_err();
    assert_eq!(
        issue_list(&e),
        vec![
            ("out_of_range", "$.UserInfo.PaidCorpId"),
            ("unknown_enum", "$.OrderInfo.OrderStatus")
        ]
    );
    let e = sync(json!({"UserInfo":{"PaidCorpId":"x"}})).unwrap_err();
    assert_eq!(
        issue_list(&e),
        vec![("missing_field", "$.UserInfo.PaidCorpName")]
    );
}

#[test]
fn bad_options_name_the_field_without_echoing_secrets() {
    let e = read_input::<TencentCloudOptions>(
        &json!({"secretId": 5, "secretKey": {"k": "SECRETEXAMPLE"}}),
        &[],
    )
    .unwrap_err();
    assert_eq!(
        issue_list(&e),
        vec![
            ("invalid_type", "$.secretId"),
            ("invalid_type", "$.secretKey")
        ]
    );
    assert!(!format!("{e:?}").contains("SECRETEXAMPLE"));
    // Control characters are refused while reading, without echoing the secret.
    let e = read_input::<TencentCloudOptions>(
        &json!({"secretId": "id", "secretKey": "k\r\nX: y", "Endpoint": "x"}),
        &[],
    )
    .unwrap_err();
    assert_eq!(
        issue_list(&e),
        vec![
            ("unknown_field", "$.Endpoint"),
            ("invalid_format", "$.secretKey")
        ]
    );
    assert!(!format!("{e:?}").contains("X: y"));
    let opts = read_input::<TencentCloudOptions>(
        &json!({"secretId": "id", "secretKey": " ", "endpoint": "https://x.com/path"}),
        &[],
    )
    .unwrap();
    let e = TencentCloud::new(opts).unwrap_err();
    assert_eq!(
        issue_list(&e),
        vec![
            ("out_of_range", "$.secretKey"),
            ("invalid_format", "$.endpoint")
        ]
    );
}

#[test]
fn now_must_be_plausible() {
    let input = read_input(&json!({"Offset":0,"Limit":1}), &[]).unwrap();
    let e = client()
        .describe_agent_deals_by_cache(&input, &BuildOptions::at(1_700_000_000))
        .unwrap_err();
    assert_eq!(issue_list(&e), vec![("out_of_range", "$.options.now_ms")]);
}

#[test]
fn rust_errors_name_rust_things() {
    let e = TencentCloud::new(TencentCloudOptions {
        secret_id: "AKIDEXAMPLE".into(),
        secret_key: "SECRETEXAMPLE".into(),
        region: Some("Not A Region".into()),
        ..Default::default()
    })
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("[tencent TencentCloud::new] input error"),
        "{e}"
    );
}

#[test]
fn sign_request_escape_hatch() {
    let req = client()
        .sign_request(
            &read_input(&json!({"service":"cvm","action":"DescribeInstances","version":"2017-03-12","payload":{"Limit":1}}), &[]).unwrap(),
            &BuildOptions::at(NOW),
        )
        .unwrap();
    assert_eq!(req.url, "https://cvm.tencentcloudapi.com/");
    assert_eq!(req.headers["X-TC-Action"], "DescribeInstances");
    assert!(req.headers["Authorization"].contains("/cvm/tc3_request"));
    let e = client()
        .sign_request(
            &read_input(
                &json!({"service":"cvm.","action":"X Y","version":"v1","payload":[1]}),
                &[],
            )
            .unwrap(),
            &BuildOptions::at(NOW),
        )
        .unwrap_err();
    assert_eq!(
        issue_list(&e),
        vec![
            ("invalid_format", "$.service"),
            ("invalid_format", "$.action"),
            ("invalid_format", "$.version"),
            ("invalid_type", "$.payload")
        ]
    );
}

/// The official TC3 vector (content-type;host, charset=utf-8, the doc's exact payload text)
/// through `signRequest`: what the console's signature inspector does.
#[test]
fn sign_request_reproduces_the_official_vector_from_payload_text() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/tc3/official-cvm-content-type-host.json"
    ))
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let official = TencentCloud::new(
        read_input(
            &json!({"secretId": v["secretId"], "secretKey": v["secretKey"]}),
            &[],
        )
        .unwrap(),
    )
    .unwrap();
    let input = json!({
        "service": "cvm", "action": "DescribeInstances", "version": "2017-03-12",
        "payload": v["payload"], "contentType": "application/json; charset=utf-8",
    });
    let mut opts = BuildOptions::at(v["timestamp"].as_i64().unwrap() * 1000);
    opts.explain = true;
    let req = official
        .sign_request(&read_input(&input, &[]).unwrap(), &opts)
        .unwrap();
    assert_eq!(req.body.as_deref(), v["payload"].as_str());
    assert_eq!(
        req.headers["Authorization"],
        v["expected"]["authorization"].as_str().unwrap()
    );
    let explain = req.explain.unwrap();
    assert_eq!(
        explain.canonical_request,
        v["expected"]["canonicalRequest"].as_str().unwrap()
    );
    assert_eq!(
        explain.string_to_sign,
        v["expected"]["stringToSign"].as_str().unwrap()
    );

    let input = json!({"service": "cvm", "action": "A", "version": "2017-03-12",
        "payload": "[1, 2]", "contentType": "text/plain"});
    let e = official
        .sign_request(&read_input(&input, &[]).unwrap(), &BuildOptions::at(NOW))
        .unwrap_err();
    assert_eq!(
        issue_list(&e),
        vec![
            ("unknown_enum", "$.contentType"),
            ("invalid_format", "$.payload")
        ]
    );
}
