//! Douyin service market, 服务订购关系: the four operations on a user's purchases.
//! Docs: developer.open-douyin.com …/dop/develop/openapi/service-market/service-relationship/
//! (get-user-service-purchase-list, decr-product-user-remain-times, InsertPurchaseInfo,
//! DeletePurchaseInfo); paths and fields as Douyin documents them. Every field is snake_case and
//! every path ends with `/`.
//!
//! ```
//! use quotakit::driver::Call;
//! use quotakit::platforms::douyin::market::DecrUserRemainTimesInput;
//! use quotakit::{BuildOptions, Douyin, DouyinOptions};
//!
//! let douyin = Douyin::new(DouyinOptions::new("fakekey", "fake-secret-not-real"))?;
//! let now = 1_700_000_000_000_i64;
//! douyin.set_token("clt.fake", now + 7_200_000)?;
//! let deduction = DecrUserRemainTimesInput::new(
//!     "open-id".into(), "service".into(), "mode".into(), "order-1".into(), 1);
//! assert!(deduction.safe_to_repeat(&douyin), "Douyin counts each out_trade_no once");
//! let request = douyin.decr_user_remain_times(&deduction, &BuildOptions::at(now))?;
//! assert_eq!(request.headers["access-token"], "clt.fake");
//! # Ok::<(), quotakit::Error>(())
//! ```

use super::{parse_response, Douyin, VENDOR};
use crate::entitlement::{
    convert, needed, typed_conversion, Context, Entitlement, Product, Unit, View,
};
use crate::error::{Error, ErrorKind};
use crate::http::{check_rules, BuildOptions, HttpRequest, Parsed, RawResponse};
use crate::shape::HasShape;
use serde_json::Value;

use crate::schema::{Issue, IssueCode, Validate, Walker};
use crate::sign::encode::query_string;

/// Longest `out_trade_no` (stated on the Delete page).
pub const MAX_OUT_TRADE_NO: usize = 128;

crate::json_model! {
    /// Input of `getUserServicePurchaseList` (GET, query).
    pub struct GetUserServicePurchaseListInput {
        required {
            /// The user's open_id.
            open_id as "open_id": String,
            /// 服务id.
            service_id as "service_id": String,
        }
        optional {
            /// Test mode: white-listed users get fixed values.
            is_test_env as "is_test_env": bool,
        }
    }
}

crate::json_model! {
    /// Input of `decrUserRemainTimes`; idempotent by `out_trade_no` (for about a month).
    pub struct DecrUserRemainTimesInput {
        required {
            /// The user's open_id.
            open_id as "open_id": String,
            /// 服务id.
            service_id as "service_id": String,
            /// 服务规格id.
            service_mode_id as "service_mode_id": String,
            /// Your unique order number for this deduction, 1..=128 characters.
            out_trade_no as "out_trade_no": String,
            /// How many to deduct, > 0.
            count as "count": u64,
        }
        optional {
            /// Test mode: nothing is deducted for white-listed users.
            is_test_env as "is_test_env": bool,
        }
    }
}

crate::json_model! {
    /// Input of `insertPurchaseInfo` (导入外部订购数据).
    pub struct InsertPurchaseInfoInput {
        required {
            /// The user's open_id.
            open_id as "open_id": String,
            /// 服务id.
            service_id as "service_id": String,
            /// 服务规格id.
            service_mode_id as "service_mode_id": String,
            /// Your unique order number, 1..=128 characters.
            out_trade_no as "out_trade_no": String,
            /// 服务订购时间, milliseconds since the epoch (13 digits).
            purchase_time as "purchase_time": i64,
            /// 服务规格的周期类型.
            period_type as "period_type": i64,
        }
        optional {
            /// 订购时长: required for time-based tiers.
            duration as "duration": i64,
            /// 有效使用次数: required for count-based tiers.
            usage_times as "usage_times": i64,
        }
    }
}

crate::json_model! {
    /// Input of `deletePurchaseInfo` (删除导入的外部订购数据).
    pub struct DeletePurchaseInfoInput {
        required {
            /// The user's open_id.
            open_id as "open_id": String,
            /// 服务id.
            service_id as "service_id": String,
            /// 服务规格id.
            service_mode_id as "service_mode_id": String,
            /// The `out_trade_no` used at insert.
            out_trade_no as "out_trade_no": String,
        }
        optional {}
    }
}

fn ids(w: &mut Walker, fields: &[(&'static str, &str)]) {
    for (key, value) in fields {
        if value.trim().is_empty() {
            w.key(key, |w| {
                w.issue(IssueCode::OutOfRange, "non-empty string", "empty string")
            });
        } else if value.chars().any(char::is_control) {
            w.key(key, |w| {
                w.issue(
                    IssueCode::InvalidFormat,
                    "no control characters",
                    "string with control characters",
                )
            });
        }
    }
}

fn out_trade_no(w: &mut Walker, value: &str) {
    let n = value.chars().count();
    if n == 0 || n > MAX_OUT_TRADE_NO {
        w.key("out_trade_no", |w| {
            w.issue(
                IssueCode::OutOfRange,
                "1..=128 characters",
                format!("{n} characters"),
            )
        });
    }
}

impl Validate for GetUserServicePurchaseListInput {
    fn validate(&self, w: &mut Walker) {
        ids(
            w,
            &[("open_id", &self.open_id), ("service_id", &self.service_id)],
        );
    }
}

impl Validate for DecrUserRemainTimesInput {
    fn validate(&self, w: &mut Walker) {
        ids(
            w,
            &[
                ("open_id", &self.open_id),
                ("service_id", &self.service_id),
                ("service_mode_id", &self.service_mode_id),
            ],
        );
        out_trade_no(w, &self.out_trade_no);
        if self.count == 0 || self.count > i32::MAX as u64 {
            w.key("count", |w| {
                w.issue(
                    IssueCode::OutOfRange,
                    "1..=2147483647",
                    format!("number {}", self.count),
                )
            });
        }
    }
}

impl Validate for InsertPurchaseInfoInput {
    fn validate(&self, w: &mut Walker) {
        ids(
            w,
            &[
                ("open_id", &self.open_id),
                ("service_id", &self.service_id),
                ("service_mode_id", &self.service_mode_id),
            ],
        );
        out_trade_no(w, &self.out_trade_no);
        if !(1_000_000_000_000..10_000_000_000_000).contains(&self.purchase_time) {
            w.key("purchase_time", |w| {
                w.issue(
                    IssueCode::OutOfRange,
                    "milliseconds since the epoch (13 digits)",
                    format!("number {}", self.purchase_time),
                )
            });
        }
        match (self.duration, self.usage_times) {
            (None, None) => w.key("duration", |w| {
                w.issue(
                    IssueCode::MissingField,
                    "duration (time-based tier) or usage_times (count-based tier)",
                    "neither",
                )
            }),
            (duration, usage) => {
                for (key, value) in [("duration", duration), ("usage_times", usage)] {
                    if let Some(v) = value.filter(|v| *v <= 0) {
                        w.key(key, |w| {
                            w.issue(
                                IssueCode::OutOfRange,
                                "a positive integer",
                                format!("number {v}"),
                            )
                        });
                    }
                }
            }
        }
    }
}

impl Validate for DeletePurchaseInfoInput {
    fn validate(&self, w: &mut Walker) {
        ids(
            w,
            &[
                ("open_id", &self.open_id),
                ("service_id", &self.service_id),
                ("service_mode_id", &self.service_mode_id),
            ],
        );
        out_trade_no(w, &self.out_trade_no);
    }
}

crate::json_model! {
    /// `data` of `getUserServicePurchaseList`.
    pub struct PurchaseListData {
        required {}
        optional {
            /// The user's purchases.
            purchase_info_list as "purchase_info_list": Vec<PurchaseInfo>,
            /// 0 on success.
            error_code as "error_code": i64,
            /// Empty on success.
            description as "description": String,
        }
    }
}

crate::json_model! {
    /// One purchased service tier.
    pub struct PurchaseInfo {
        required {}
        optional {
            /// 服务id.
            service_id as "service_id": String,
            /// 服务名称.
            service_name as "service_name": String,
            /// Service status (values undocumented).
            service_status as "service_status": i64,
            /// 1 体验版, 3 标准版 (2 定制版, inferred); absent when the service has no tiers.
            specification_type as "specification_type": i64,
            /// Tier title.
            specification_title as "specification_title": String,
            /// 服务规格id.
            service_mode_id as "service_mode_id": String,
            /// Remaining uses, for count-based tiers.
            remain_service_times as "remain_service_times": i64,
            /// Start, ms, for time-based tiers.
            effective_time as "effective_time": i64,
            /// End, ms, for time-based tiers; -1 means permanent.
            expire_time as "expire_time": i64,
        }
    }
}

crate::json_model! {
    /// `data` of the write operations: success is `error_code` 0.
    pub struct MarketAck {
        required {}
        optional {
            /// 0 on success.
            error_code as "error_code": i64,
            /// Empty on success.
            description as "description": String,
        }
    }
}

impl Douyin {
    fn post<T: Validate + serde::Serialize>(
        &self,
        operation: &'static str,
        path: &str,
        input: &T,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        check_rules(input).map_err(|e| e.during(VENDOR, operation))?;
        let body = serde_json::to_string(input).map_err(|e| {
            Error::new(ErrorKind::Input, format!("input cannot be serialized: {e}"))
                .during(VENDOR, operation)
        })?;
        self.market_request(operation, "POST", path, Some(body), opts)
    }

    /// `GET /market/service/user/purchase/list/`.
    pub fn get_user_service_purchase_list(
        &self,
        input: &GetUserServicePurchaseListInput,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        const OP: &str = "getUserServicePurchaseList";
        check_rules(input).map_err(|e| e.during(VENDOR, OP))?;
        let test = input.is_test_env.map(|t| t.to_string());
        let mut pairs = vec![
            ("open_id", input.open_id.as_str()),
            ("service_id", input.service_id.as_str()),
        ];
        if let Some(t) = &test {
            pairs.push(("is_test_env", t));
        }
        crate::internals::order::sort(&mut pairs);
        let path = format!(
            "/market/service/user/purchase/list/?{}",
            query_string(pairs)
        );
        self.market_request(OP, "GET", &path, None, opts)
    }

    /// Reads `getUserServicePurchaseList`'s `data`.
    pub fn parse_get_user_service_purchase_list(
        &self,
        raw: &RawResponse,
    ) -> Result<Parsed<PurchaseListData>, Error> {
        parse_response(
            "getUserServicePurchaseList",
            raw,
            &self.limits,
            crate::schema::read,
        )
    }

    /// `POST /market/service/user/remaintimes/decr/`.
    pub fn decr_user_remain_times(
        &self,
        input: &DecrUserRemainTimesInput,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        self.post(
            "decrUserRemainTimes",
            "/market/service/user/remaintimes/decr/",
            input,
            opts,
        )
    }

    /// Reads `decrUserRemainTimes`'s `data`.
    pub fn parse_decr_user_remain_times(
        &self,
        raw: &RawResponse,
    ) -> Result<Parsed<MarketAck>, Error> {
        parse_response(
            "decrUserRemainTimes",
            raw,
            &self.limits,
            crate::schema::read,
        )
    }

    /// `POST /market/service/user/insert/purchase/info/`.
    pub fn insert_purchase_info(
        &self,
        input: &InsertPurchaseInfoInput,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        self.post(
            "insertPurchaseInfo",
            "/market/service/user/insert/purchase/info/",
            input,
            opts,
        )
    }

    /// Reads `insertPurchaseInfo`'s `data`.
    pub fn parse_insert_purchase_info(
        &self,
        raw: &RawResponse,
    ) -> Result<Parsed<MarketAck>, Error> {
        parse_response("insertPurchaseInfo", raw, &self.limits, crate::schema::read)
    }

    /// `POST /market/service/user/delete/purchase/info/`.
    pub fn delete_purchase_info(
        &self,
        input: &DeletePurchaseInfoInput,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        self.post(
            "deletePurchaseInfo",
            "/market/service/user/delete/purchase/info/",
            input,
            opts,
        )
    }

    /// Reads `deletePurchaseInfo`'s `data`.
    pub fn parse_delete_purchase_info(
        &self,
        raw: &RawResponse,
    ) -> Result<Parsed<MarketAck>, Error> {
        parse_response("deletePurchaseInfo", raw, &self.limits, crate::schema::read)
    }
}

/// Each purchased tier as an entitlement of the user `open_id` (the request's;
/// the response does not repeat it).
///
/// - Count-based tiers (`remain_service_times`): unit `uses`, `remaining` as given,
///   `active` while above 0, else `exhausted`.
/// - Time-based tiers (`effective_time`/`expire_time`, ms): unit `access`, from
///   `effective_time` to `expire_time`; `-1` means from the start, or permanent.
/// - Neither: `unknown`.
///
/// `service_status` is not read: its values are UNCONFIRMED.
pub(crate) fn purchase_entitlements(
    model: &Value,
    context: &Context<'_>,
) -> Result<Vec<Entitlement>, Vec<Issue>> {
    let open_id = needed(context.open_id, "openId")?;
    convert(model, PurchaseListData::SHAPE, |data| {
        let tiers = data.items("purchase_info_list").enumerate();
        tiers
            .map(|(i, tier)| tier_entitlement(tier, i, open_id, context.now_ms))
            .collect()
    })
}

fn tier_entitlement(tier: View<'_>, index: usize, open_id: &str, now_ms: i64) -> Entitlement {
    let counted = tier.has("remain_service_times");
    let mut e = Entitlement::blank(
        VENDOR,
        "getUserServicePurchaseList",
        ("open_id", Some(open_id)),
        if counted { Unit::Uses } else { Unit::Access },
    );
    e.source.id = tier.string("service_mode_id");
    e.product = Product {
        // A tier that names no service is a product of its own: never summed with another
        // service's uses.
        id: Some(
            match (tier.text("service_id"), tier.text("service_mode_id")) {
                (Some(service), _) => service.to_owned(),
                (None, Some(mode)) => format!("tier:{mode}"),
                (None, None) => format!("tier:#{index}"),
            },
        ),
        name: tier.string("service_name"),
        tier: tier
            .string("specification_title")
            .or_else(|| tier.string("service_mode_id")),
    };
    e.remaining = tier.integer("remain_service_times");
    let (effective, expire) = (tier.integer("effective_time"), tier.integer("expire_time"));
    let dated = e.set_period(
        ("effective_time", effective.filter(|t| *t != -1)),
        ("expire_time", expire.filter(|t| *t != -1)),
    );
    let timed = effective.is_some() || expire.is_some();
    if dated && (counted || timed) {
        e.state = e.by_period_and_amount(now_ms);
    } else if dated {
        e.note = Some("neither remain_service_times nor a period".to_owned());
    }
    e
}

impl crate::driver::Entitled for PurchaseListData {
    fn entitlements_in(&self, context: &Context<'_>) -> Result<Vec<Entitlement>, Vec<Issue>> {
        typed_conversion(self, context, purchase_entitlements)
    }
}

crate::driver::call!(GetUserServicePurchaseListInput => Douyin, PurchaseListData,
    "getUserServicePurchaseList", get_user_service_purchase_list, parse_get_user_service_purchase_list);
crate::driver::call!(DecrUserRemainTimesInput => Douyin, MarketAck,
    "decrUserRemainTimes", decr_user_remain_times, parse_decr_user_remain_times);
crate::driver::call!(InsertPurchaseInfoInput => Douyin, MarketAck,
    "insertPurchaseInfo", insert_purchase_info, parse_insert_purchase_info);
crate::driver::call!(DeletePurchaseInfoInput => Douyin, MarketAck,
    "deletePurchaseInfo", delete_purchase_info, parse_delete_purchase_info);
