//! Tencent Cloud Partners, version 2018-03-21: a partner's customers' deals. The listings
//! `DescribeAgentDealsByCache` (代理商缓存订单查询接口, 预付费; doc
//! <https://cloud.tencent.com/document/api/563/54256>), `DescribeAgentSelfPayDealsV2` and
//! `DescribeAgentPayDealsV2` share the deal model (`AgentDealNewElem`) and its input rules;
//! `DescribeAgentDealsPriceDetailByDealName` prices deals by name. Models as in
//! tencentcloud-sdk-go `tencentcloud/partners/v20180321/models.go`.
//!
//! The listings read the status codes their docs agree on alike, and each names the others
//! by its own doc: the V2 inputs list 10 产品已失效 and 11 代付拒绝, which ByCache's current
//! list does not have.
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
use crate::platforms::{non_empty, non_empty_items, one_of_numbers};
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
/// Longest creation-time window the doc allows, in days.
pub const MAX_WINDOW_DAYS: i64 = 90;
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

impl Validate for DescribeAgentDealsByCacheInput {
    fn validate(&self, w: &mut Walker) {
        check_listing(
            w,
            &Listing {
                limit: (self.limit, MAX_LIMIT),
                window: (
                    self.creat_time_range_start.as_ref(),
                    self.creat_time_range_end.as_ref(),
                    Some(MAX_WINDOW_DAYS),
                ),
                enums: &[
                    ("Status", self.status, STATUS_VALUES),
                    ("PayerMode", self.payer_mode, &[0, 1]),
                ],
                lists: &[
                    ("OwnerUins", self.owner_uins.as_ref()),
                    ("DealNames", self.deal_names.as_ref()),
                    ("BigDealIds", self.big_deal_ids.as_ref()),
                ],
            },
        );
    }
}

/// What every deal listing's input says: its page size (and the largest), its creation-time
/// window (and its longest, in days, where the doc sets one), its enumerated filters (and
/// the codes its doc lists) and its lists of ids.
struct Listing<'a> {
    limit: (u64, u64),
    window: (Option<&'a String>, Option<&'a String>, Option<i64>),
    enums: &'a [(&'static str, Option<u64>, &'static [u64])],
    lists: &'a [(&'static str, Option<&'a Vec<String>>)],
}

/// The documented rules of a deal listing's input: `Limit` in 1..=its largest, times as
/// `YYYY-MM-DD HH:mm:ss` with the start not after the end (and not further apart than the
/// longest window), a documented status, no empty id.
fn check_listing(w: &mut Walker, listing: &Listing<'_>) {
    let (limit, max_limit) = listing.limit;
    if !(1..=max_limit).contains(&limit) {
        w.key("Limit", |w| {
            w.issue(
                IssueCode::OutOfRange,
                format!("1..={max_limit}"),
                format!("number {limit}"),
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
    let start = time("CreatTimeRangeStart", listing.window.0);
    let end = time("CreatTimeRangeEnd", listing.window.1);
    if let (Some(start), Some(end)) = (start, end) {
        if start > end {
            w.key("CreatTimeRangeStart", |w| {
                w.issue(
                    IssueCode::InvalidValue,
                    "a start not after CreatTimeRangeEnd",
                    "a start after the end",
                )
            });
        } else if let Some(days) = listing.window.2.filter(|d| end - start > d * 86_400) {
            w.key("CreatTimeRangeEnd", |w| {
                w.issue(
                    IssueCode::OutOfRange,
                    format!("a window of at most {days} days after CreatTimeRangeStart"),
                    // Tenths of a day in integers: float formatting would add ~10 KB of wasm.
                    {
                        let tenths = ((end - start) * 10 + 43_200) / 86_400;
                        format!("a window of {}.{} days", tenths / 10, tenths % 10)
                    },
                )
            });
        }
    }
    for &(key, value, allowed) in listing.enums {
        one_of_numbers(w, key, value, allowed);
    }
    for &(key, items) in listing.lists {
        non_empty_items(w, key, items);
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

/// Each deal as an entitlement of its owner (`uin`), in unit `access`. Every deal listing
/// reads the codes their docs agree on the same way:
///
/// | `Status` | state |
/// |---|---|
/// | 6 已退款, or `ActionType` `refund` | `refunded` |
/// | 1 未支付, 3 发货中, 12 支付中, 30 处理中 | `pending` |
/// | any other | `unknown` |
///
/// What a paid or delivered deal grants, and until when, is UNCONFIRMED: the API gives
/// no service period, so those deals are `unknown` with a note that names the status as
/// the listing's own doc does.
pub(crate) fn deal_entitlements(
    model: &Value,
    _: &Context<'_>,
) -> Result<Vec<Entitlement>, Vec<Issue>> {
    const BY_CACHE: DealListing = DealListing {
        operation: "describeAgentDealsByCache",
        items: "AgentDealSet",
        // The 子订单状态 list of its doc since 2025-07: no 10 or 11.
        names: &[
            ("2", "已支付"),
            ("4", "已发货"),
            ("5", "发货失败"),
            ("7", "已取消"),
            ("8", "已过期"),
            ("9", "已失效"),
            ("13", "退款中"),
        ],
    };
    deals_of(model, DescribeAgentDealsByCacheResponse::SHAPE, &BY_CACHE)
}

/// A deal listing, for its deals' entitlements: its operation, its list of deals, and the
/// names its doc gives the status codes that are `unknown`.
struct DealListing {
    operation: &'static str,
    items: &'static str,
    names: &'static [(&'static str, &'static str)],
}

fn deals_of(
    model: &Value,
    shape: &'static crate::shape::Shape,
    listing: &'static DealListing,
) -> Result<Vec<Entitlement>, Vec<Issue>> {
    convert(model, shape, |page| {
        page.items(listing.items)
            .map(|deal| deal_entitlement(deal, listing))
            .collect()
    })
}

fn deal_entitlement(deal: View<'_>, listing: &DealListing) -> Entitlement {
    let mut e = Entitlement::blank(
        super::VENDOR,
        listing.operation,
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
        status => {
            let status = status.unwrap_or("absent");
            let named = listing.names.iter().find(|(code, _)| *code == status);
            let status = match named {
                Some((code, name)) => format!("{code} ({name})"),
                None => status.to_owned(),
            };
            (
                State::Unknown,
                Some(format!(
                    "deal status {status}: what it grants, and until when, is undocumented"
                )),
            )
        }
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

/// `DescribeAgentSelfPayDealsV2` (查询代理商名下客户自付订单, 预付费): the deals one customer paid
/// for itself. Doc: <https://cloud.tencent.com/document/product/301/55197>.
pub const DESCRIBE_AGENT_SELF_PAY_DEALS_V2: Action<'static> = Action {
    service: "partners",
    name: "DescribeAgentSelfPayDealsV2",
    version: "2018-03-21",
};

/// `DescribeAgentPayDealsV2` (查询代理商代付订单, 预付费): the deals the partner paid for its
/// customers. Doc: <https://cloud.tencent.com/document/api/563/35194>.
pub const DESCRIBE_AGENT_PAY_DEALS_V2: Action<'static> = Action {
    service: "partners",
    name: "DescribeAgentPayDealsV2",
    version: "2018-03-21",
};

/// Largest `Limit` of the V2 deal listings ("限制数目 最大100").
pub const MAX_LIMIT_V2: u64 = 100;
/// Status codes the V2 listings' input documents: 1 未支付 … 12 支付中.
pub const STATUS_VALUES_V2: &[u64] = &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

crate::json_model! {
    /// Input of `DescribeAgentSelfPayDealsV2`. Without a time range Tencent lists the last
    /// 15 days; a range must start within the last 15 days (Tencent checks that, against its
    /// clock).
    pub struct DescribeAgentSelfPayDealsV2Input {
        required {
            /// 下单人账号ID: the customer whose deals to list.
            owner_uin as "OwnerUin": String,
            /// 偏移量: offset into the result set.
            offset as "Offset": u64,
            /// 限制数目: page size, 1..=100.
            limit as "Limit": u64,
        }
        optional {
            /// 下单时间范围起始点, `YYYY-MM-DD HH:mm:ss`, within the last 15 days.
            creat_time_range_start as "CreatTimeRangeStart": String,
            /// 下单时间范围终止点, `YYYY-MM-DD HH:mm:ss`.
            creat_time_range_end as "CreatTimeRangeEnd": String,
            /// 0: newest first; any other integer: oldest first.
            order as "Order": i64,
            /// 订单的状态: 1 未支付, 2 已支付, 3 发货中, 4 已发货, 5 发货失败, 6 已退款, 7 已关单,
            /// 8 订单过期, 9 订单已失效, 10 产品已失效, 11 代付拒绝, 12 支付中.
            #[cfg_attr(feature = "wasm", tsify(type = "1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12"))]
            status as "Status": u64,
            /// 子订单号列表 (sub-order numbers).
            deal_names as "DealNames": Vec<String>,
            /// 大订单号列表 (big-order numbers).
            big_deal_ids as "BigDealIds": Vec<String>,
        }
    }
}

crate::json_model! {
    /// Input of `DescribeAgentPayDealsV2`. Without a time range Tencent lists the last 15
    /// days; a range must start within the last 15 days (Tencent checks that, against its
    /// clock).
    pub struct DescribeAgentPayDealsV2Input {
        required {
            /// 偏移量: offset into the result set.
            offset as "Offset": u64,
            /// 限制数目: page size, 1..=100.
            limit as "Limit": u64,
        }
        optional {
            /// 下单时间范围起始点, `YYYY-MM-DD HH:mm:ss`, within the last 15 days.
            creat_time_range_start as "CreatTimeRangeStart": String,
            /// 下单时间范围终止点, `YYYY-MM-DD HH:mm:ss`.
            creat_time_range_end as "CreatTimeRangeEnd": String,
            /// 0: newest first; any other integer: oldest first.
            order as "Order": i64,
            /// 订单的状态: 1 未支付, 2 已支付, 3 发货中, 4 已发货, 5 发货失败, 6 已退款, 7 已关单,
            /// 8 订单过期, 9 订单已失效, 10 产品已失效, 11 代付拒绝, 12 支付中.
            #[cfg_attr(feature = "wasm", tsify(type = "1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12"))]
            status as "Status": u64,
            /// 下单人账号ID列表 (owner UINs).
            owner_uins as "OwnerUins": Vec<String>,
            /// 子订单号列表 (sub-order numbers).
            deal_names as "DealNames": Vec<String>,
            /// 大订单号列表 (big-order numbers).
            big_deal_ids as "BigDealIds": Vec<String>,
        }
    }
}

impl Validate for DescribeAgentSelfPayDealsV2Input {
    fn validate(&self, w: &mut Walker) {
        non_empty(w, "OwnerUin", Some(&self.owner_uin));
        check_listing(
            w,
            &Listing {
                limit: (self.limit, MAX_LIMIT_V2),
                window: (
                    self.creat_time_range_start.as_ref(),
                    self.creat_time_range_end.as_ref(),
                    None,
                ),
                enums: &[("Status", self.status, STATUS_VALUES_V2)],
                lists: &[
                    ("DealNames", self.deal_names.as_ref()),
                    ("BigDealIds", self.big_deal_ids.as_ref()),
                ],
            },
        );
    }
}

impl Validate for DescribeAgentPayDealsV2Input {
    fn validate(&self, w: &mut Walker) {
        check_listing(
            w,
            &Listing {
                limit: (self.limit, MAX_LIMIT_V2),
                window: (
                    self.creat_time_range_start.as_ref(),
                    self.creat_time_range_end.as_ref(),
                    None,
                ),
                enums: &[("Status", self.status, STATUS_VALUES_V2)],
                lists: &[
                    ("OwnerUins", self.owner_uins.as_ref()),
                    ("DealNames", self.deal_names.as_ref()),
                    ("BigDealIds", self.big_deal_ids.as_ref()),
                ],
            },
        );
    }
}

crate::json_model! {
    /// Output of `DescribeAgentSelfPayDealsV2`.
    pub struct DescribeAgentSelfPayDealsV2Response {
        required {
            /// 订单数组.
            agent_pay_deal_set as "AgentPayDealSet": Vec<AgentDealNewElem>,
            /// 符合条件的订单总数量.
            total_count as "TotalCount": u64,
            /// Unique request id.
            request_id as "RequestId": String,
        }
        optional {}
    }
}

crate::json_model! {
    /// Output of `DescribeAgentPayDealsV2`.
    pub struct DescribeAgentPayDealsV2Response {
        required {
            /// 订单数组.
            agent_pay_deal_set as "AgentPayDealSet": Vec<AgentDealNewElem>,
            /// 符合条件的订单总数量.
            total_count as "TotalCount": u64,
            /// Unique request id.
            request_id as "RequestId": String,
        }
        optional {}
    }
}

impl TencentCloud {
    /// Builds a signed `DescribeAgentSelfPayDealsV2` request (a read: safe to repeat).
    pub fn describe_agent_self_pay_deals_v2(
        &self,
        input: &DescribeAgentSelfPayDealsV2Input,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        let action = &DESCRIBE_AGENT_SELF_PAY_DEALS_V2;
        self.build_checked("describeAgentSelfPayDealsV2", action, input, opts)
    }

    /// Reads a `DescribeAgentSelfPayDealsV2` response.
    pub fn parse_describe_agent_self_pay_deals_v2(
        &self,
        raw: &RawResponse,
    ) -> Result<Parsed<DescribeAgentSelfPayDealsV2Response>, Error> {
        let (action, op) = (
            DESCRIBE_AGENT_SELF_PAY_DEALS_V2.name,
            "describeAgentSelfPayDealsV2",
        );
        parse_response(action, op, raw, &self.limits, crate::schema::read)
    }

    /// Builds a signed `DescribeAgentPayDealsV2` request (a read: safe to repeat).
    pub fn describe_agent_pay_deals_v2(
        &self,
        input: &DescribeAgentPayDealsV2Input,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        let action = &DESCRIBE_AGENT_PAY_DEALS_V2;
        self.build_checked("describeAgentPayDealsV2", action, input, opts)
    }

    /// Reads a `DescribeAgentPayDealsV2` response.
    pub fn parse_describe_agent_pay_deals_v2(
        &self,
        raw: &RawResponse,
    ) -> Result<Parsed<DescribeAgentPayDealsV2Response>, Error> {
        let (action, op) = (DESCRIBE_AGENT_PAY_DEALS_V2.name, "describeAgentPayDealsV2");
        parse_response(action, op, raw, &self.limits, crate::schema::read)
    }
}

crate::driver::call!(DescribeAgentSelfPayDealsV2Input => TencentCloud, DescribeAgentSelfPayDealsV2Response,
    "describeAgentSelfPayDealsV2", describe_agent_self_pay_deals_v2, parse_describe_agent_self_pay_deals_v2);
crate::driver::call!(DescribeAgentPayDealsV2Input => TencentCloud, DescribeAgentPayDealsV2Response,
    "describeAgentPayDealsV2", describe_agent_pay_deals_v2, parse_describe_agent_pay_deals_v2);

/// `DescribeAgentDealsPriceDetailByDealName` (代理商名下订单价格详情): what each sub-product of
/// up to 100 deals cost. Doc: <https://cloud.tencent.com/document/api/563/118388>.
pub const DESCRIBE_AGENT_DEALS_PRICE_DETAIL_BY_DEAL_NAME: Action<'static> = Action {
    service: "partners",
    name: "DescribeAgentDealsPriceDetailByDealName",
    version: "2018-03-21",
};

/// Most `DealNames` per `DescribeAgentDealsPriceDetailByDealName` ("每个请求最多查询100条").
pub const MAX_PRICE_DETAIL_DEALS: usize = 100;

crate::json_model! {
    /// Input of `DescribeAgentDealsPriceDetailByDealName`.
    pub struct DescribeAgentDealsPriceDetailByDealNameInput {
        required {
            /// 下单年份: the year the deals were created in, e.g. 2023.
            deal_creat_year as "DealCreatYear": u64,
            /// 子订单号: 1..=100 sub-order numbers.
            deal_names as "DealNames": Vec<String>,
        }
        optional {
            /// 订单归属代客uin: the customer the deals belong to.
            owner_uin as "OwnerUin": String,
        }
    }
}

impl Validate for DescribeAgentDealsPriceDetailByDealNameInput {
    fn validate(&self, w: &mut Walker) {
        if !(1000..=9999).contains(&self.deal_creat_year) {
            w.key("DealCreatYear", |w| {
                w.issue(
                    IssueCode::OutOfRange,
                    "a year of four digits",
                    format!("number {}", self.deal_creat_year),
                )
            });
        }
        let count = self.deal_names.len();
        if !(1..=MAX_PRICE_DETAIL_DEALS).contains(&count) {
            w.key("DealNames", |w| {
                w.issue(
                    IssueCode::OutOfRange,
                    "1..=100 sub-order numbers",
                    format!("{count} items"),
                )
            });
        }
        non_empty_items(w, "DealNames", Some(&self.deal_names));
    }
}

crate::json_model! {
    /// Output of `DescribeAgentDealsPriceDetailByDealName`.
    pub struct DescribeAgentDealsPriceDetailByDealNameResponse {
        required {
            /// Unique request id.
            request_id as "RequestId": String,
        }
        optional {
            /// 子订单的费用详情: empty for deals that are unknown or not this partner's
            /// customers' prepaid deals.
            deal_list as "DealList": Vec<DealPriceDetail>,
        }
    }
}

crate::json_model! {
    /// `DealPriceDetail`: the prices of one deal's sub-products.
    pub struct DealPriceDetail {
        required {}
        optional {
            /// 子订单号.
            deal_name as "DealName": String,
            /// 订单归属人uin (代客uin).
            owner_uin as "OwnerUin": String,
            /// 子产品价格详情列表.
            sub_product_price_detail as "SubProductPriceDetail": Vec<SubProductPriceDetail>,
        }
    }
}

crate::json_model! {
    /// `SubProductPriceDetail`: one sub-product's price, in 分.
    pub struct SubProductPriceDetail {
        required {}
        optional {
            /// 子产品名称.
            name as "Name": String,
            /// 折扣值: 100 is no discount, 85 is 15 % off (8.5折).
            discount_value as "DiscountValue": f64,
            /// 原价, before the discount, 分.
            total_cost as "TotalCost": i64,
            /// 折后价, after the discount, 分.
            real_total_cost as "RealTotalCost": i64,
        }
    }
}

impl TencentCloud {
    /// Builds a signed `DescribeAgentDealsPriceDetailByDealName` request (a read).
    pub fn describe_agent_deals_price_detail_by_deal_name(
        &self,
        input: &DescribeAgentDealsPriceDetailByDealNameInput,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        let action = &DESCRIBE_AGENT_DEALS_PRICE_DETAIL_BY_DEAL_NAME;
        self.build_checked(
            "describeAgentDealsPriceDetailByDealName",
            action,
            input,
            opts,
        )
    }

    /// Reads a `DescribeAgentDealsPriceDetailByDealName` response.
    pub fn parse_describe_agent_deals_price_detail_by_deal_name(
        &self,
        raw: &RawResponse,
    ) -> Result<Parsed<DescribeAgentDealsPriceDetailByDealNameResponse>, Error> {
        let (action, op) = (
            DESCRIBE_AGENT_DEALS_PRICE_DETAIL_BY_DEAL_NAME.name,
            "describeAgentDealsPriceDetailByDealName",
        );
        parse_response(action, op, raw, &self.limits, crate::schema::read)
    }
}

crate::driver::call!(DescribeAgentDealsPriceDetailByDealNameInput => TencentCloud,
    DescribeAgentDealsPriceDetailByDealNameResponse, "describeAgentDealsPriceDetailByDealName",
    describe_agent_deals_price_detail_by_deal_name, parse_describe_agent_deals_price_detail_by_deal_name);

/// The V2 listings' names of the status codes that are `unknown`: their input's list, which
/// has 10 产品已失效 and 11 代付拒绝, and their deals' (`AgentDealNewElem`'s) 13 退款中.
const V2_NAMES: &[(&str, &str)] = &[
    ("2", "已支付"),
    ("4", "已发货"),
    ("5", "发货失败"),
    ("7", "已关单"),
    ("8", "订单过期"),
    ("9", "订单已失效"),
    ("10", "产品已失效"),
    ("11", "代付拒绝"),
    ("13", "退款中"),
];

/// Each deal of a `describeAgentSelfPayDealsV2` page as an entitlement of its owner, as
/// [`deal_entitlements`] reads them.
pub(crate) fn self_pay_deal_entitlements(
    model: &Value,
    _: &Context<'_>,
) -> Result<Vec<Entitlement>, Vec<Issue>> {
    const SELF_PAY: DealListing = DealListing {
        operation: "describeAgentSelfPayDealsV2",
        items: "AgentPayDealSet",
        names: V2_NAMES,
    };
    deals_of(model, DescribeAgentSelfPayDealsV2Response::SHAPE, &SELF_PAY)
}

/// Each deal of a `describeAgentPayDealsV2` page as an entitlement of its owner, as
/// [`deal_entitlements`] reads them.
pub(crate) fn pay_deal_entitlements(
    model: &Value,
    _: &Context<'_>,
) -> Result<Vec<Entitlement>, Vec<Issue>> {
    const AGENT_PAY: DealListing = DealListing {
        operation: "describeAgentPayDealsV2",
        items: "AgentPayDealSet",
        names: V2_NAMES,
    };
    deals_of(model, DescribeAgentPayDealsV2Response::SHAPE, &AGENT_PAY)
}

impl crate::driver::Entitled for DescribeAgentSelfPayDealsV2Response {
    fn entitlements_in(&self, context: &Context<'_>) -> Result<Vec<Entitlement>, Vec<Issue>> {
        typed_conversion(self, context, self_pay_deal_entitlements)
    }
}

impl crate::driver::Entitled for DescribeAgentPayDealsV2Response {
    fn entitlements_in(&self, context: &Context<'_>) -> Result<Vec<Entitlement>, Vec<Issue>> {
        typed_conversion(self, context, pay_deal_entitlements)
    }
}
