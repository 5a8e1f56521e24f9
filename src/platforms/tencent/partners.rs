//! Tencent Cloud Partners: `DescribeAgentDealsByCache` (代理商缓存订单查询接口, 预付费),
//! version 2018-03-21. Doc: <https://cloud.tencent.com/document/api/563/54256>; models as in
//! tencentcloud-sdk-go `tencentcloud/partners/v20180321/models.go`.
//!
//! Rate limit: 20 requests per second (per API, region and sub-account).
//!
//! ```
//! use quotakit::entitlement::{EntitlementOptions, State};
//! use quotakit::{Client, RawResponse, TencentCloud, TencentCloudOptions};
//!
//! let tc = TencentCloud::new(TencentCloudOptions::new("AKIDfake", "fake-secret-not-real"))?;
//! let body = r#"{"Response":{"TotalCount":1,"RequestId":"r","AgentDealSet":[{"DealName":"2023111400001",
//!     "OwnerUin":"100000000001","Status":"6","GoodsCategoryId":"100029"}]}}"#;
//! let deals = tc.parse_describe_agent_deals_by_cache(&RawResponse::new(200, body))?;
//! let rights = tc.entitlements(&deals, &EntitlementOptions::at(0_i64))?;
//! assert_eq!(rights[0].state, State::Refunded); // Status 6: 已退款
//! # Ok::<(), quotakit::Error>(())
//! ```

use super::{parse_response, Action, TencentCloud};
use crate::entitlement::{
    convert, typed_conversion, Context, Entitlement, Product, State, Unit, View,
};
use crate::error::Error;
use crate::http::{BuildOptions, HttpRequest, Parsed, RawResponse};
use crate::shape::HasShape;
use serde_json::Value;

use crate::schema::{describe, Issue, IssueCode, Validate, Walker};
use crate::time::parse_datetime;

/// The action.
pub const DESCRIBE_AGENT_DEALS_BY_CACHE: Action<'static> = Action {
    service: "partners",
    name: "DescribeAgentDealsByCache",
    version: "2018-03-21",
};

/// Largest documented `Limit`.
pub const MAX_LIMIT: u64 = 200;
/// Longest creation-time window the doc allows (90 days), in seconds.
pub const MAX_WINDOW_SECS: i64 = 90 * 86_400;
/// Documented sub-order status codes (doc table plus the Go SDK's 13 and 30).
pub const STATUS_VALUES: &[u64] = &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 30];

crate::json_model! {
    /// Input of `DescribeAgentDealsByCache`.
    pub struct DescribeAgentDealsByCacheInput {
        required {
            /// 偏移量: offset into the result set.
            offset as "Offset": u64,
            /// 限制数目: page size, 1..=200.
            limit as "Limit": u64,
        }
        optional {
            /// 下单时间范围起始点, `YYYY-MM-DD HH:mm:ss`. Keep the window at most 90 days.
            creat_time_range_start as "CreatTimeRangeStart": String,
            /// 下单时间范围终止点, `YYYY-MM-DD HH:mm:ss`.
            creat_time_range_end as "CreatTimeRangeEnd": String,
            /// 0: newest first; any other integer: oldest first (the doc: "0:下单时间降序;
            /// 其他:下单时间升序").
            order as "Order": i64,
            /// Sub-order status: 1 未支付, 2 已支付, 3 发货中, 4 已发货, 5 发货失败, 6 已退款,
            /// 7 已关单, 8 订单过期, 9 订单已失效, 10 产品已失效, 11 代付拒绝, 12 支付中,
            /// 13 退款中, 30 处理中.
            #[cfg_attr(feature = "wasm", tsify(type = "1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 30"))]
            status as "Status": u64,
            /// 下单人账号ID列表 (owner UINs).
            owner_uins as "OwnerUins": Vec<String>,
            /// 子订单号列表 (sub-order numbers).
            deal_names as "DealNames": Vec<String>,
            /// 大订单号列表 (big-order numbers).
            big_deal_ids as "BigDealIds": Vec<String>,
            /// 0: self-pay; 1: agent-pay.
            #[cfg_attr(feature = "wasm", tsify(type = "0 | 1"))]
            payer_mode as "PayerMode": u64,
        }
    }
}

/// Records an issue unless every string in `items` is non-empty.
pub(crate) fn non_empty_items(w: &mut Walker, key: &'static str, items: Option<&Vec<String>>) {
    for (i, item) in items.into_iter().flatten().enumerate() {
        if item.is_empty() {
            w.key(key, |w| {
                w.index(i, |w| {
                    w.issue(IssueCode::OutOfRange, "non-empty string", "empty string")
                })
            });
        }
    }
}

/// Records an issue unless `value` is one of `allowed`.
pub(crate) fn one_of_numbers(
    w: &mut Walker,
    key: &'static str,
    value: Option<u64>,
    allowed: &[u64],
) {
    if let Some(v) = value.filter(|v| !allowed.contains(v)) {
        let list: Vec<String> = allowed.iter().map(u64::to_string).collect();
        w.key(key, |w| {
            w.issue(
                IssueCode::UnknownEnum,
                format!("one of {}", list.join(", ")),
                format!("number {v}"),
            )
        });
    }
}

impl Validate for DescribeAgentDealsByCacheInput {
    fn validate(&self, w: &mut Walker) {
        if !(1..=MAX_LIMIT).contains(&self.limit) {
            w.key("Limit", |w| {
                w.issue(
                    IssueCode::OutOfRange,
                    "1..=200",
                    format!("number {}", self.limit),
                )
            });
        }
        let mut time = |key: &'static str, value: Option<&String>| -> Option<i64> {
            let text = value?;
            let parsed = parse_datetime(text);
            if parsed.is_none() {
                w.key(key, |w| {
                    w.issue(
                        IssueCode::InvalidFormat,
                        "a date-time \"YYYY-MM-DD HH:mm:ss\"",
                        describe(&serde_json::Value::String(text.clone())),
                    )
                });
            }
            parsed
        };
        let start = time("CreatTimeRangeStart", self.creat_time_range_start.as_ref());
        let end = time("CreatTimeRangeEnd", self.creat_time_range_end.as_ref());
        if let (Some(start), Some(end)) = (start, end) {
            if start > end {
                w.key("CreatTimeRangeStart", |w| {
                    w.issue(
                        IssueCode::InvalidValue,
                        "a start not after CreatTimeRangeEnd",
                        "a start after the end",
                    )
                });
            } else if end - start > MAX_WINDOW_SECS {
                w.key("CreatTimeRangeEnd", |w| {
                    w.issue(
                        IssueCode::OutOfRange,
                        "a window of at most 90 days after CreatTimeRangeStart",
                        // Tenths of a day in integers: float formatting would add ~10 KB of wasm.
                        {
                            let tenths = ((end - start) * 10 + 43_200) / 86_400;
                            format!("a window of {}.{} days", tenths / 10, tenths % 10)
                        },
                    )
                });
            }
        }
        one_of_numbers(w, "Status", self.status, STATUS_VALUES);
        one_of_numbers(w, "PayerMode", self.payer_mode, &[0, 1]);
        non_empty_items(w, "OwnerUins", self.owner_uins.as_ref());
        non_empty_items(w, "DealNames", self.deal_names.as_ref());
        non_empty_items(w, "BigDealIds", self.big_deal_ids.as_ref());
    }
}

crate::json_model! {
    /// Output of `DescribeAgentDealsByCache`.
    pub struct DescribeAgentDealsByCacheResponse {
        required {
            /// 订单数组.
            agent_deal_set as "AgentDealSet": Vec<AgentDealNewElem>,
            /// 符合条件的订单总数量.
            total_count as "TotalCount": u64,
            /// Unique request id; quote it in support tickets.
            request_id as "RequestId": String,
        }
        optional {}
    }
}

crate::json_model! {
    /// One prepaid order (`AgentDealNewElem`). Every field may be absent or null.
    pub struct AgentDealNewElem {
        required {}
        optional {
            /// Auto-increment id. Not unique: use `DealName`.
            deal_id as "DealId": String,
            /// Order number, the unique key.
            deal_name as "DealName": String,
            /// Goods category id.
            goods_category_id as "GoodsCategoryId": String,
            /// Order owner UIN.
            owner_uin as "OwnerUin": String,
            /// Owner's AppId.
            app_id as "AppId": String,
            /// Quantity (a string on the wire).
            goods_num as "GoodsNum": String,
            /// Prices in 分.
            goods_price as "GoodsPrice": DealGoodsPriceNewElem,
            /// Who placed the order (sic).
            creater as "Creater": String,
            /// Order time, `YYYY-MM-DD HH:mm:ss` (sic).
            creat_time as "CreatTime": String,
            /// Payment end time.
            pay_end_time as "PayEndTime": String,
            /// Billing flow id.
            bill_id as "BillId": String,
            /// Payer UIN.
            payer as "Payer": String,
            /// Status text, in Chinese.
            deal_status as "DealStatus": String,
            /// Sub-order status code, as in the input's `Status`.
            status as "Status": String,
            /// Product name.
            goods_name as "GoodsName": String,
            /// Customer remark.
            client_remark as "ClientRemark": String,
            /// purchase, upgrade, renew, refund, …
            action_type as "ActionType": String,
            /// Voucher deduction, 分.
            voucher_decline as "VoucherDecline": String,
            /// Big-order number.
            big_deal_id as "BigDealId": String,
            /// new / old / assign / direct / direct_newopp.
            client_type as "ClientType": String,
            /// self / repeat / platform.
            project_type as "ProjectType": String,
            /// Salesperson UIN.
            sales_uin as "SalesUin": String,
            /// "0" self-pay, "1" agent-pay.
            payer_mode as "PayerMode": String,
            /// Activity id.
            activity_id as "ActivityId": String,
            /// Order expiry time.
            overdue_time as "OverdueTime": String,
            /// Product configuration.
            product_info as "ProductInfo": Vec<ProductInfoElem>,
            /// Payment method, e.g. 按年:1年.
            payment_method as "PaymentMethod": String,
            /// Last update time.
            update_time as "UpdateTime": String,
            /// Resource ids.
            resource_ids as "ResourceIds": Vec<String>,
            /// Refunds against original sub-orders.
            refund_map as "RefundMap": Vec<RefundMap>,
            /// Sub-product name.
            sub_goods_name as "SubGoodsName": String,
        }
    }
}

crate::json_model! {
    /// `DealGoodsPriceNewElem`: prices in 分.
    pub struct DealGoodsPriceNewElem {
        required {}
        optional {
            /// Actually paid, after vouchers (as shown in the console).
            real_total_cost as "RealTotalCost": i64,
            /// Before discounts.
            original_total_cost as "OriginalTotalCost": i64,
        }
    }
}

crate::json_model! {
    /// `ProductInfoElem`: one name/value pair of the product configuration.
    pub struct ProductInfoElem {
        required {}
        optional {
            /// Item name.
            name as "Name": String,
            /// Item value.
            value as "Value": String,
        }
    }
}

crate::json_model! {
    /// `RefundMap`: a refund against an original sub-order.
    pub struct RefundMap {
        required {}
        optional {
            /// The original sub-order of the refund.
            deal_name as "DealName": String,
            /// Refunded amount, 分.
            refund_amount as "RefundAmount": i64,
        }
    }
}

impl TencentCloud {
    /// Builds a signed `DescribeAgentDealsByCache` request.
    pub fn describe_agent_deals_by_cache(
        &self,
        input: &DescribeAgentDealsByCacheInput,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        self.build_checked(
            "describeAgentDealsByCache",
            &DESCRIBE_AGENT_DEALS_BY_CACHE,
            input,
            opts,
        )
    }

    /// Reads a `DescribeAgentDealsByCache` response.
    pub fn parse_describe_agent_deals_by_cache(
        &self,
        raw: &RawResponse,
    ) -> Result<Parsed<DescribeAgentDealsByCacheResponse>, Error> {
        parse_response(
            DESCRIBE_AGENT_DEALS_BY_CACHE.name,
            "describeAgentDealsByCache",
            raw,
            &self.limits,
            crate::schema::read,
        )
    }
}

/// Each deal as an entitlement of its owner (`uin`), in unit `access`.
///
/// | `Status` | state |
/// |---|---|
/// | 6 已退款, or `ActionType` `refund` | `refunded` |
/// | 1 未支付, 3 发货中, 12 支付中, 30 处理中 | `pending` |
/// | any other | `unknown` |
///
/// What a paid or delivered deal grants, and until when, is UNCONFIRMED: the API gives
/// no service period, so those deals are `unknown` with a note, not `active`.
pub(crate) fn deal_entitlements(
    model: &Value,
    _: &Context<'_>,
) -> Result<Vec<Entitlement>, Vec<Issue>> {
    convert(model, DescribeAgentDealsByCacheResponse::SHAPE, |page| {
        page.items("AgentDealSet").map(deal_entitlement).collect()
    })
}

fn deal_entitlement(deal: View<'_>) -> Entitlement {
    let mut e = Entitlement::blank(
        super::VENDOR,
        "describeAgentDealsByCache",
        ("uin", deal.text("OwnerUin")),
        Unit::Access,
    );
    e.source.id = deal.string("DealName");
    e.product = Product {
        // The category, or the goods' name when a deal has none, or the deal.
        id: deal
            .string("GoodsCategoryId")
            .or_else(|| deal.string("GoodsName"))
            .or_else(|| deal.text("DealName").map(|d| format!("deal:{d}"))),
        name: deal.string("GoodsName"),
        tier: deal.string("SubGoodsName"),
    };
    let refund = deal.text("ActionType") == Some("refund");
    (e.state, e.note) = match deal.text("Status") {
        _ if refund => (State::Refunded, None),
        Some("6") => (State::Refunded, None),
        Some("1" | "3" | "12" | "30") => (State::Pending, None),
        status => (
            State::Unknown,
            Some(format!(
                "deal status {}: what it grants, and until when, is undocumented",
                status.unwrap_or("absent")
            )),
        ),
    };
    e
}

impl crate::driver::Entitled for DescribeAgentDealsByCacheResponse {
    fn entitlements_in(&self, context: &Context<'_>) -> Result<Vec<Entitlement>, Vec<Issue>> {
        typed_conversion(self, context, deal_entitlements)
    }
}

crate::driver::call!(DescribeAgentDealsByCacheInput => TencentCloud, DescribeAgentDealsByCacheResponse,
    "describeAgentDealsByCache", describe_agent_deals_by_cache, parse_describe_agent_deals_by_cache);
