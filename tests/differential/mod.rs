//! The one-pass checker ([`quotakit::operation::check_response`]) against the full readers
//! (`parse_*`), on one body: they must give the same verdict, and where both accept, the
//! JSON the JS side builds (`JSON.parse`, the envelope unwrapped, dropped fields removed)
//! must say what the full reader's model says. And the table reader that the npm package
//! uses as its full reader ([`read_response`]) must say what the typed readers say, error
//! for error and issue for issue. Shared by `tests/scan_differential.rs` and the
//! `responses` fuzz target.
#![allow(dead_code)]

use quotakit::internals::shape::Shape;
use quotakit::operation::{check_response, envelope, read_response, Operation, OPERATIONS};
use quotakit::platforms::baidu::Baidu;
use quotakit::platforms::douyin::Douyin;
use quotakit::platforms::polyv::Polyv;
use quotakit::platforms::tencent::TencentCloud;
use quotakit::{Error, Parsed, RawResponse};
use serde_json::{Map, Value};

/// One client per vendor, with obviously fake credentials.
pub struct Clients {
    pub tencent: TencentCloud,
    pub baidu: Baidu,
    pub polyv: Polyv,
    pub douyin: Douyin,
}

impl Clients {
    pub fn new() -> Clients {
        fn read<T: quotakit::internals::schema::FromJson>(v: Value) -> T {
            quotakit::internals::http::read_input(&v, &[]).expect("valid options")
        }
        Clients {
            tencent: TencentCloud::new(read(
                serde_json::json!({"secretId": "AKIDfake", "secretKey": "fake-secret-not-real"}),
            ))
            .expect("client"),
            baidu: Baidu::new(read(
                serde_json::json!({"accessKeyId": "fakeak", "secretAccessKey": "fake-secret-not-real"}),
            ))
            .expect("client"),
            polyv: Polyv::new(read(
                serde_json::json!({"appId": "fakeapp", "appSecret": "fake-secret-not-real"}),
            ))
            .expect("client"),
            douyin: Douyin::new(read(
                serde_json::json!({"clientKey": "fakekey", "clientSecret": "fake-secret-not-real"}),
            ))
            .expect("client"),
        }
    }

    /// The full reader of `vendor`'s operation `name`, its model as JSON.
    fn full(&self, vendor: &str, name: &str, raw: &RawResponse) -> Option<Result<Value, Error>> {
        fn json<T: serde::Serialize>(r: Result<T, Error>) -> Result<Value, Error> {
            r.map(|m| serde_json::to_value(m).expect("models serialise"))
        }
        Some(match (vendor, name) {
            ("tencent", "describeAgentDealsByCache") => {
                json(self.tencent.parse_describe_agent_deals_by_cache(raw))
            }
            ("baidu", "listResourcePackages") => json(self.baidu.parse_list_resource_packages(raw)),
            ("polyv", "listPackageValidity") => json(self.polyv.parse_list_package_validity(raw)),
            ("polyv", "listSubAccounts") => json(self.polyv.parse_list_sub_accounts(raw)),
            ("polyv", "createSubAccount") => json(self.polyv.parse_create_sub_account(raw)),
            ("douyin", "getUserServicePurchaseList") => {
                json(self.douyin.parse_get_user_service_purchase_list(raw))
            }
            ("douyin", "decrUserRemainTimes") => {
                json(self.douyin.parse_decr_user_remain_times(raw))
            }
            ("douyin", "insertPurchaseInfo") => json(self.douyin.parse_insert_purchase_info(raw)),
            ("douyin", "deletePurchaseInfo") => json(self.douyin.parse_delete_purchase_info(raw)),
            ("tencent", "syncUserAndOrderInfo") => {
                json(self.tencent.parse_sync_user_and_order_info(raw))
            }
            ("tencent", "getUsagePlanUsageAmount") => {
                json(self.tencent.parse_get_usage_plan_usage_amount(raw))
            }
            ("tencent", "flowProductRemind") => json(self.tencent.parse_flow_product_remind(raw)),
            ("tencent", "describeAgentSelfPayDealsV2") => {
                json(self.tencent.parse_describe_agent_self_pay_deals_v2(raw))
            }
            ("tencent", "describeAgentPayDealsV2") => {
                json(self.tencent.parse_describe_agent_pay_deals_v2(raw))
            }
            ("tencent", "describeAgentDealsPriceDetailByDealName") => json(
                self.tencent
                    .parse_describe_agent_deals_price_detail_by_deal_name(raw),
            ),
            ("tencent", "describeClientBalanceNew") => {
                json(self.tencent.parse_describe_client_balance_new(raw))
            }
            ("tencent", "describeAgentBills") => json(self.tencent.parse_describe_agent_bills(raw)),
            _ => return None,
        })
    }

    /// The table reader ([`read_response`]) of `vendor`'s operation `name`, its result as JSON.
    fn by_table(&self, operation: &'static Operation, raw: &RawResponse) -> Result<Value, Error> {
        let json = |r: Result<Parsed<Value>, Error>| {
            r.map(|m| serde_json::to_value(m).expect("results serialise"))
        };
        match operation.vendor {
            "tencent" => json(read_response(&self.tencent, operation, raw)),
            "baidu" => json(read_response(&self.baidu, operation, raw)),
            "polyv" => json(read_response(&self.polyv, operation, raw)),
            _ => json(read_response(&self.douyin, operation, raw)),
        }
    }

    /// The table reader against the typed reader of every operation with a result model,
    /// on `raw`: the same error (kind, code, message, request id, retryable, every issue
    /// with its path), or the same model (the table's result less what the model does not
    /// declare). Returns how many operations accepted it.
    pub fn tables_agree(&self, raw: &RawResponse) -> Result<usize, String> {
        let mut accepted = 0;
        for op in OPERATIONS.iter().filter(|o| o.result.is_some()) {
            let typed = self
                .full(op.vendor, op.name, raw)
                .ok_or_else(|| format!("no typed reader for {} {}", op.vendor, op.name))?;
            match (self.by_table(op, raw), typed) {
                (Ok(table), Ok(typed)) => {
                    accepted += 1;
                    let mut declared_part = declared(&table, op.result.expect("filtered"));
                    if let (Value::Object(map), Some(meta)) =
                        (&mut declared_part, table.get("$metadata"))
                    {
                        map.insert("$metadata".into(), meta.clone());
                    }
                    if canonical(&declared_part) != canonical(&typed) {
                        return Err(format!(
                            "{} {}: models differ\n  table: {declared_part}\n  typed: {typed}",
                            op.vendor, op.name
                        ));
                    }
                }
                (Err(a), Err(b)) => {
                    let a = serde_json::to_value(&a).expect("errors serialise");
                    let b = serde_json::to_value(&b).expect("errors serialise");
                    if a != b {
                        return Err(format!(
                            "{} {}: errors differ\n  table: {a}\n  typed: {b}",
                            op.vendor, op.name
                        ));
                    }
                }
                (Ok(_), Err(e)) => {
                    return Err(format!(
                        "{} {}: the table reader accepts, the typed says {e}",
                        op.vendor, op.name
                    ))
                }
                (Err(e), Ok(_)) => {
                    return Err(format!(
                        "{} {}: the typed reader accepts, the table says {e}",
                        op.vendor, op.name
                    ))
                }
            }
        }
        Ok(accepted)
    }

    /// Every table-read operation on `raw`: `Err` says where the two disagree. Returns how
    /// many operations accepted it.
    pub fn agree(&self, raw: &RawResponse) -> Result<usize, String> {
        self.tables_agree(raw)?;
        let mut accepted = 0;
        for op in OPERATIONS.iter().filter(|o| o.response.is_some()) {
            let full = self
                .full(op.vendor, op.name, raw)
                .ok_or_else(|| format!("no full reader for {} {}", op.vendor, op.name))?;
            let header = envelope(op.vendor)
                .and_then(|e| e.request_id_header)
                .and_then(|h| raw.header(h));
            let fast = check_response(
                op,
                raw.status,
                &raw.body,
                &quotakit::internals::limits::Limits::default(),
                header,
                false,
            );
            match (fast, full) {
                (None, Err(_)) => {}
                (Some(request_id), Ok(model)) => {
                    accepted += 1;
                    let built = js_result(
                        op.vendor,
                        op.response.expect("filtered"),
                        &raw.body,
                        request_id,
                        raw.status,
                    )
                    .ok_or_else(|| {
                        format!("{}: JSON.parse would fail on an accepted body", op.name)
                    })?;
                    if canonical(&built) != canonical(&model) {
                        return Err(format!(
                            "{} {}: models differ\n  table: {built}\n  full:  {model}",
                            op.vendor, op.name
                        ));
                    }
                }
                (Some(_), Err(e)) => {
                    return Err(format!(
                        "{} {}: the table accepts, the full reader says {e}",
                        op.vendor, op.name
                    ))
                }
                (None, Ok(_)) => {
                    return Err(format!(
                        "{} {}: the full reader accepts, the table refuses",
                        op.vendor, op.name
                    ))
                }
            }
        }
        Ok(accepted)
    }
}

/// What `JSON.parse` and the JS wrapper make of an accepted body, reduced to what the
/// model declares: unknown fields and nulls dropped (the JS result keeps them).
fn js_result(
    vendor: &str,
    model: &Shape,
    body: &str,
    request_id: Option<String>,
    status: u16,
) -> Option<Value> {
    let envelope = envelope(vendor)?;
    let whole: Value = serde_json::from_str(body).ok()?;
    let mut data = match envelope.model_at {
        Some(key) => whole.get(key)?.clone(),
        None => whole,
    };
    envelope.drop_fields(&mut data);
    let mut out = declared(&data, model);
    if let Value::Object(map) = &mut out {
        map.insert(
            "$metadata".into(),
            serde_json::json!({ "requestId": request_id, "httpStatus": status }),
        );
    }
    Some(out)
}

/// `value` with only what `shape` declares; nulls of optional fields left out.
fn declared(value: &Value, shape: &Shape) -> Value {
    match (shape, value) {
        (Shape::Object(fields), Value::Object(map)) => Value::Object(
            fields
                .iter()
                .filter_map(|f| {
                    let v = map.get(f.wire).filter(|v| !v.is_null())?;
                    Some((f.wire.to_owned(), declared(v, f.shape)))
                })
                .collect::<Map<String, Value>>(),
        ),
        (Shape::Map(inner), Value::Object(map)) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), declared(v, inner)))
                .collect(),
        ),
        (Shape::Array(item), Value::Array(items)) => {
            Value::Array(items.iter().map(|v| declared(v, item)).collect())
        }
        _ => value.clone(),
    }
}

/// Numbers as f64, so that `2`, `2.0` and `2e0` compare equal, as they do in JS.
fn canonical(value: &Value) -> Value {
    match value {
        Value::Number(n) => n.as_f64().map_or(Value::Null, Value::from),
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), canonical(v))).collect())
        }
        other => other.clone(),
    }
}

/// The `responses` fuzz target's input: a status selector byte, then the body.
pub fn fuzz_input(data: &[u8]) -> Option<RawResponse> {
    const STATUSES: [u16; 6] = [200, 400, 403, 429, 500, 502];
    let (&selector, body) = data.split_first()?;
    let status = *STATUSES.get(usize::from(selector) % STATUSES.len())?;
    let mut raw = RawResponse::new(status, String::from_utf8_lossy(body).into_owned());
    if selector & 0x80 != 0 {
        raw.headers.insert("x-bce-request-id".into(), "r".into());
        raw.headers.insert("x-tt-logid".into(), "l".into());
    }
    Some(raw)
}

/// The table interpreter's issues (`Shape::check`) against the generated reader's
/// (`schema::read::<T>`), for the model of every table-read operation found in `body`.
pub fn issues_agree(body: &Value) -> Result<usize, String> {
    use quotakit::internals::schema::{read, Issue, Walker};
    use quotakit::platforms::{baidu, douyin, polyv, tencent};
    fn generated<T: quotakit::internals::schema::FromJson>(v: &Value, root: &[&str]) -> Vec<Issue> {
        read::<T>(v, root).err().unwrap_or_default()
    }
    let mut compared = 0;
    for op in OPERATIONS.iter().filter(|o| o.response.is_some()) {
        let envelope = envelope(op.vendor).expect("every vendor has an envelope");
        let (model, root): (Option<&Value>, Vec<&str>) = match envelope.model_at {
            Some(key) => (body.get(key), vec![key]),
            None => (Some(body), vec![]),
        };
        let Some(model) = model else { continue };
        let old = match (op.vendor, op.name) {
            ("tencent", "describeAgentDealsByCache") => {
                generated::<tencent::partners::DescribeAgentDealsByCacheResponse>(model, &root)
            }
            ("tencent", "getUsagePlanUsageAmount") => {
                generated::<tencent::market::GetUsagePlanUsageAmountResponse>(model, &root)
            }
            ("tencent", "describeAgentSelfPayDealsV2") => {
                generated::<tencent::partners::DescribeAgentSelfPayDealsV2Response>(model, &root)
            }
            ("tencent", "describeAgentPayDealsV2") => {
                generated::<tencent::partners::DescribeAgentPayDealsV2Response>(model, &root)
            }
            ("tencent", "describeAgentDealsPriceDetailByDealName") => generated::<
                tencent::partners::DescribeAgentDealsPriceDetailByDealNameResponse,
            >(model, &root),
            ("tencent", "describeClientBalanceNew") => {
                generated::<tencent::billing::DescribeClientBalanceNewResponse>(model, &root)
            }
            ("tencent", "describeAgentBills") => {
                generated::<tencent::billing::DescribeAgentBillsResponse>(model, &root)
            }
            ("baidu", "listResourcePackages") => {
                generated::<baidu::tms::ListResourcePackagesResponse>(model, &root)
            }
            ("polyv", "listPackageValidity") => {
                generated::<polyv::group::ListPackageValidityResponse>(model, &root)
            }
            ("polyv", "listSubAccounts") => {
                generated::<polyv::accounts::ListSubAccountsResponse>(model, &root)
            }
            ("polyv", "createSubAccount") => {
                generated::<polyv::accounts::CreateSubAccountResponse>(model, &root)
            }
            ("douyin", "getUserServicePurchaseList") => {
                generated::<douyin::market::PurchaseListData>(model, &root)
            }
            ("douyin", _) => generated::<douyin::market::MarketAck>(model, &root),
            (v, n) => return Err(format!("no generated reader for {v} {n}")),
        };
        let mut w = Walker::at_root(&root);
        op.response.expect("filtered").check(model, &mut w);
        let new = w.into_issues();
        if old != new {
            return Err(format!(
                "{} {}: issues differ\n  generated: {old:?}\n  table:     {new:?}",
                op.vendor, op.name
            ));
        }
        compared += 1;
    }
    Ok(compared)
}
