//! Tencent Cloud Market, version 2019-10-10: its two current actions, `GetUsagePlanUsageAmount`
//! (查询使用计划使用量) and `FlowProductRemind` (计量商品用量提醒), and the withdrawn
//! `SyncUserAndOrderInfo` (同步企微的用户信息和订单信息到云市场). Models as in
//! tencentcloud-sdk-go `tencentcloud/market/v20191010/models.go`, required fields as
//! tencentcloud-cli's `api.json` marks them.
//!
//! `SyncUserAndOrderInfo` (doc 306/59175) was published on 2021-07-27 and removed on
//! 2021-08-17: it is in tencentcloud-sdk-go v1.0.215–v1.0.228 only. quotakit builds it as
//! documented; where it is offline, the `InvalidAction` or `ActionOffline` answer surfaces
//! as a non-retryable `api` error carrying the vendor's code, message and request id.
//!
//! ```
//! use quotakit::{ErrorKind, RawResponse, TencentCloud, TencentCloudOptions};
//!
//! let tc = TencentCloud::new(TencentCloudOptions::new("AKIDfake", "fake-secret-not-real"))?;
//! let body = r#"{"Response":{"Info":{"Message":"订单已存在","Code":"FailedOperation"},
//!     "Details":null,"RequestId":"r-2"}}"#;
//! let error = tc.parse_sync_user_and_order_info(&RawResponse::new(200, body)).unwrap_err();
//! assert_eq!(error.kind, ErrorKind::Api);
//! assert_eq!(error.code.as_deref(), Some("FailedOperation"));
//! assert!(!error.retryable, "a resend may sync twice");
//! assert_eq!(error.path.as_deref(), Some("$.Response.Info.Code"));
//! # Ok::<(), quotakit::Error>(())
//! ```

use super::{parse_response, Action, TencentCloud};
use crate::entitlement::{convert, needed, typed_conversion, Context, Entitlement, Product, Unit};
use crate::error::Error;
use crate::error::ErrorKind;
use crate::http::{BuildOptions, HttpRequest, Parsed, RawResponse, ResponseMetadata};
use crate::platforms::one_of_numbers;
use crate::schema::{FromJson, Issue, IssueCode, Validate, Walker};
use crate::shape::HasShape;
use serde_json::Value;

/// The action.
pub const SYNC_USER_AND_ORDER_INFO: Action<'static> = Action {
    service: "market",
    name: "SyncUserAndOrderInfo",
    version: "2019-10-10",
};

crate::json_model! {
    /// Input of `SyncUserAndOrderInfo`.
    pub struct SyncUserAndOrderInfoInput {
        required {}
        optional {
            /// 企业微信用户信息.
            user_info as "UserInfo": WeChatUserInfo,
            /// 企业微信订单信息.
            order_info as "OrderInfo": WeChatOrderInfo,
        }
    }
}

crate::json_model! {
    /// `WeChatUserInfo`: the paying WeCom corporation.
    pub struct WeChatUserInfo {
        required {
            /// 客户企业的corpid.
            paid_corp_id as "PaidCorpId": String,
            /// 客户企业的Corp全称.
            paid_corp_name as "PaidCorpName": String,
        }
        optional {}
    }
}

crate::json_model! {
    /// `WeChatOrderInfo`: a WeCom order.
    pub struct WeChatOrderInfo {
        required {}
        optional {
            /// 企业微信订单号.
            order_id as "OrderId": String,
            /// 0 未支付, 1 已支付, 2 已关闭, 3 未支付且已过期, 4 申请退款中, 5 申请退款成功, 6 退款被拒绝.
            #[cfg_attr(feature = "wasm", tsify(type = "0 | 1 | 2 | 3 | 4 | 5 | 6"))]
            order_status as "OrderStatus": u64,
            /// 0 普通订单, 1 扩容订单, 2 续期, 3 版本变更.
            #[cfg_attr(feature = "wasm", tsify(type = "0 | 1 | 2 | 3"))]
            order_type as "OrderType": u64,
            /// 应用id.
            suite_id as "SuiteId": String,
            /// 购买版本ID.
            edition_id as "EditionId": String,
            /// 购买版本名称.
            edition_name as "EditionName": String,
            /// 实付款金额, 分.
            price as "Price": u64,
            /// 下单时间. UNCONFIRMED whether seconds or milliseconds: sent as given.
            order_time as "OrderTime": i64,
            /// 付款时间.
            paid_time as "PaidTime": i64,
            /// 备注.
            remark as "Remark": String,
            /// 资源使用开始时间.
            use_begin_time as "UseBeginTime": i64,
            /// 资源使用结束时间.
            use_end_time as "UseEndTime": i64,
            /// 磐石详细的四层订单: a single object, not an array.
            deals as "Deals": OfflineProductDeal,
        }
    }
}

crate::json_enum! {
    /// `TimeUnit` of an [`OfflineProductDeal`].
    pub enum TimeUnit {
        /// 年
        Year = "year",
        /// 月
        Month = "month",
        /// 日
        Day = "day",
        /// 小时
        Hour = "hour",
        /// 分钟
        Minute = "minute",
        /// 秒
        Second = "second",
        /// A one-off purchase, unrelated to time; `TimeSpan` must then be 1.
        Package = "package",
    }
}

crate::json_model! {
    /// `OfflineProductDeal`: the four-level order (磐石).
    pub struct OfflineProductDeal {
        required {}
        optional {
            /// 产品标签.
            product_code as "ProductCode": String,
            /// 子产品标签.
            sub_product_code as "SubProductCode": String,
            /// 计费项.
            billing_item_code as "BillingItemCode": String,
            /// 计费细项.
            sub_billing_item_code as "SubBillingItemCode": String,
            /// 单价, 分.
            unit_price as "UnitPrice": f64,
            /// 用量.
            dosage as "Dosage": f64,
            /// 用量单位.
            dosage_unit as "DosageUnit": String,
            /// 时间大小; must be 1 when `TimeUnit` is `package`.
            time_span as "TimeSpan": f64,
            /// 时间单位.
            time_unit as "TimeUnit": TimeUnit,
            /// 原价, 分 = round(UnitPrice × Dosage × TimeSpan).
            origin_price as "OriginPrice": i64,
            /// 折扣百分比, 0..=100.
            discount as "Discount": f64,
            /// 最终扣费金额, 分 = round(OriginPrice × Discount / 100).
            fee as "Fee": i64,
        }
    }
}

impl Validate for SyncUserAndOrderInfoInput {
    fn validate(&self, w: &mut Walker) {
        if let Some(user) = &self.user_info {
            w.key("UserInfo", |w| {
                for (key, value) in [
                    ("PaidCorpId", &user.paid_corp_id),
                    ("PaidCorpName", &user.paid_corp_name),
                ] {
                    if value.trim().is_empty() {
                        w.key(key, |w| {
                            w.issue(IssueCode::OutOfRange, "non-empty string", "empty string")
                        });
                    }
                }
            });
        }
        if let Some(order) = &self.order_info {
            w.key("OrderInfo", |w| {
                one_of_numbers(w, "OrderStatus", order.order_status, &[0, 1, 2, 3, 4, 5, 6]);
                one_of_numbers(w, "OrderType", order.order_type, &[0, 1, 2, 3]);
                if let Some(deal) = &order.deals {
                    w.key("Deals", |w| deal.validate(w));
                }
            });
        }
    }
}

impl Validate for OfflineProductDeal {
    fn validate(&self, w: &mut Walker) {
        let mut non_negative = |key: &'static str, value: Option<f64>| {
            if let Some(v) = value.filter(|v| !v.is_finite() || *v < 0.0) {
                w.key(key, |w| {
                    w.issue(
                        IssueCode::OutOfRange,
                        "a finite number ≥ 0",
                        format!("number {v}"),
                    )
                });
            }
        };
        non_negative("UnitPrice", self.unit_price);
        non_negative("Dosage", self.dosage);
        non_negative("TimeSpan", self.time_span);
        if let Some(d) = self.discount.filter(|d| !(0.0..=100.0).contains(d)) {
            w.key("Discount", |w| {
                w.issue(
                    IssueCode::OutOfRange,
                    "0..=100 (a percentage)",
                    format!("number {d}"),
                )
            });
        }
        if self.time_unit == Some(TimeUnit::Package) {
            if let Some(span) = self.time_span.filter(|s| *s != 1.0) {
                w.key("TimeSpan", |w| {
                    w.issue(
                        IssueCode::InvalidValue,
                        "1 when TimeUnit is \"package\"",
                        format!("number {span}"),
                    )
                });
            }
        }
        if let (Some(price), Some(dosage), Some(span), Some(origin)) = (
            self.unit_price,
            self.dosage,
            self.time_span,
            self.origin_price,
        ) {
            let exact = price * dosage * span;
            if !rounds_to(exact, origin) {
                w.key("OriginPrice", |w| {
                    w.issue(
                        IssueCode::InvalidValue,
                        format!(
                            "UnitPrice × Dosage × TimeSpan = {exact} rounded to whole 分: {}",
                            round_half_up(exact)
                        ),
                        format!("number {origin}"),
                    )
                });
            }
        }
        if let (Some(origin), Some(discount), Some(fee)) =
            (self.origin_price, self.discount, self.fee)
        {
            let exact = origin as f64 * discount / 100.0;
            if !rounds_to(exact, fee) {
                w.key("Fee", |w| {
                    w.issue(
                        IssueCode::InvalidValue,
                        format!(
                            "OriginPrice × Discount / 100 = {exact} rounded to whole 分: {}",
                            round_half_up(exact)
                        ),
                        format!("number {fee}"),
                    )
                });
            }
        }
    }
}

/// `Info.Code` of a successful sync (the SDK's convention).
const SYNC_SUCCESS: &str = "0";

/// Tolerance of the price formulas, in 分, beyond the half 分 of rounding: binary floating
/// point cannot hold 0.285, so 0.285 × 100 is 28.499999999999996, and a price that decimal
/// arithmetic rounds half-up to 29 must pass.
const PRICE_EPSILON: f64 = 1e-6;

/// Whether `given` whole 分 is `exact` rounded, half-up or half-even: within half a 分.
fn rounds_to(exact: f64, given: i64) -> bool {
    (given as f64 - exact).abs() <= 0.5 + PRICE_EPSILON
}

/// `exact` rounded half-up as decimal arithmetic would, for the expected value in a message.
fn round_half_up(exact: f64) -> f64 {
    (exact + PRICE_EPSILON).round()
}

crate::json_model! {
    /// Output of `SyncUserAndOrderInfo`.
    pub struct SyncUserAndOrderInfoResponse {
        required {
            /// Unique request id.
            request_id as "RequestId": String,
        }
        optional {
            /// 同步用户信息订单信息详情.
            details as "Details": SyncUserAndOrderInfoDetail,
            /// The vendor's `Error` structure: per the SDK, `Code` "0" means success.
            info as "Info": SyncResultInfo,
        }
    }
}

crate::json_model! {
    /// `SyncUserAndOrderInfoDetail`. Each field may be null.
    pub struct SyncUserAndOrderInfoDetail {
        required {}
        optional {
            /// 腾讯云订单总数.
            total_count as "TotalCount": u64,
            /// 腾讯云订单列表.
            market_orders as "MarketOrders": Vec<String>,
            /// 腾讯云用户Uin.
            owner_uin as "OwnerUin": String,
        }
    }
}

crate::json_model! {
    /// The `Error` structure returned in `Info` (named so it is not confused with errors).
    pub struct SyncResultInfo {
        required {}
        optional {
            /// 一级错误描述.
            code as "Code": String,
            /// 二级错误描述.
            message as "Message": String,
        }
    }
}

impl TencentCloud {
    /// Builds a signed `SyncUserAndOrderInfo` request.
    pub fn sync_user_and_order_info(
        &self,
        input: &SyncUserAndOrderInfoInput,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        self.build_checked(
            "syncUserAndOrderInfo",
            &SYNC_USER_AND_ORDER_INFO,
            input,
            opts,
        )
    }

    /// Reads a `SyncUserAndOrderInfo` response. The action reports its business result in
    /// `Info` (the SDK's `Error` structure): an `Info.Code` other than `"0"` is an `api` error
    /// with that code and the request id, never retryable (a resend may sync twice). An
    /// absent or null `Info` or `Info.Code` is taken as success, as the SDK does.
    pub fn parse_sync_user_and_order_info(
        &self,
        raw: &RawResponse,
    ) -> Result<Parsed<SyncUserAndOrderInfoResponse>, Error> {
        let (action, op) = (SYNC_USER_AND_ORDER_INFO.name, "syncUserAndOrderInfo");
        let parsed = parse_response(action, op, raw, &self.limits, read_with_json)?;
        sync_result(&parsed.1, parsed.metadata())?;
        Ok(parsed.map(|(model, _)| model))
    }
}

/// The business result in `Info` of a `SyncUserAndOrderInfo` response's model: an
/// `Info.Code` other than `"0"` is an `api` error with that code and the request id, never
/// retryable (a resend may sync twice). An absent or null `Info` or `Info.Code` is success,
/// as the SDK takes it. The operation table's result rule, so both readers apply it.
pub(crate) fn sync_result(model: &Value, metadata: &ResponseMetadata) -> Result<(), Error> {
    let info = model.get("Info");
    let text = |key: &str| info.and_then(|i| i.get(key)).and_then(Value::as_str);
    match text("Code") {
        Some(code) if code != SYNC_SUCCESS => {
            let message = text("Message").unwrap_or("");
            let mut error = business_error(
                format!("the sync failed with Info.Code {code:?}: {message}"),
                metadata,
                (
                    "syncUserAndOrderInfo",
                    &SYNC_USER_AND_ORDER_INFO,
                    "$.Response.Info.Code",
                ),
            );
            error.code = Some(code.to_owned());
            Err(error)
        }
        _ => Ok(()),
    }
}

/// The typed model, and the JSON it was read from for its result rule (which reads the
/// vendor's JSON, as the table reader hands it over).
fn read_with_json<T: FromJson>(value: &Value, root: &[&str]) -> Result<(T, Value), Vec<Issue>> {
    crate::schema::read::<T>(value, root).map(|model| (model, value.clone()))
}

/// An `api` error for a failure that a well-formed result reports (`operation`, its action,
/// and the path of the field that says so), with the response's request id and status.
fn business_error(
    message: String,
    metadata: &ResponseMetadata,
    (operation, action, path): (&'static str, &Action<'static>, &str),
) -> Error {
    let mut error = Error::new(ErrorKind::Api, message);
    error.request_id = metadata.request_id.clone();
    error.http_status = Some(metadata.http_status);
    error.path = Some(path.to_owned());
    error
        .during(super::VENDOR, operation)
        .for_action(action.name)
}

crate::driver::call!(SyncUserAndOrderInfoInput => TencentCloud, SyncUserAndOrderInfoResponse,
    "syncUserAndOrderInfo", sync_user_and_order_info, parse_sync_user_and_order_info);

/// `GetUsagePlanUsageAmount` (查询使用计划使用量): how much of an instance's usage plan is
/// used and left. Doc: <https://cloud.tencent.com/document/api/306/57443>.
pub const GET_USAGE_PLAN_USAGE_AMOUNT: Action<'static> = Action {
    service: "market",
    name: "GetUsagePlanUsageAmount",
    version: "2019-10-10",
};

/// `FlowProductRemind` (计量商品用量提醒): asks Tencent to remind a customer that a metered
/// product's usage is running out. Doc: <https://cloud.tencent.com/document/api/306/57512>.
pub const FLOW_PRODUCT_REMIND: Action<'static> = Action {
    service: "market",
    name: "FlowProductRemind",
    version: "2019-10-10",
};

crate::json_model! {
    /// Input of `GetUsagePlanUsageAmount`.
    pub struct GetUsagePlanUsageAmountInput {
        required {
            /// 用于查询实例的Id: the Cloud Market instance.
            instance_id as "InstanceId": String,
        }
        optional {}
    }
}

crate::json_model! {
    /// Result of `GetUsagePlanUsageAmount`. The three counts are required as tencentcloud-cli's
    /// `api.json` marks them (`output_required`, not nullable); the SDKs type them optional.
    pub struct GetUsagePlanUsageAmountResponse {
        required {
            /// 最大调用量: the calls the plan grants.
            max_request_num as "MaxRequestNum": i64,
            /// 已经调用量: the calls used.
            in_use_request_num as "InUseRequestNum": i64,
            /// 剩余调用量: the calls left.
            remaining_request_num as "RemainingRequestNum": i64,
            /// Unique request id.
            request_id as "RequestId": String,
        }
        optional {}
    }
}

crate::json_model! {
    /// Input of `FlowProductRemind`. Every field is a string, the amounts too, as documented.
    pub struct FlowProductRemindInput {
        required {
            /// 服务商uin: the provider's account.
            provider_uin as "ProviderUin": String,
            /// 服务商实例ID: the provider's own id of the instance.
            sign_id as "SignId": String,
            /// 云市场实例ID: the Cloud Market instance, e.g. `market-g9sjptwqi`.
            resource_id as "ResourceId": String,
            /// 实例总流量: the instance's total, e.g. `"2000"`.
            total_flow as "TotalFlow": String,
            /// 剩余流量: what is left, e.g. `"200"`.
            left_flow as "LeftFlow": String,
            /// 流量单位: the unit of both, e.g. `"Mb"`.
            flow_unit as "FlowUnit": String,
        }
        optional {}
    }
}

crate::json_model! {
    /// Result of `FlowProductRemind`. `Success` is required, as tencentcloud-cli's `api.json`
    /// marks it; a value other than `"true"` is an `api` error.
    pub struct FlowProductRemindResponse {
        required {
            /// 是否成功: `"true"` when the reminder was sent (a string, not a boolean).
            success as "Success": String,
            /// Unique request id.
            request_id as "RequestId": String,
        }
        optional {
            /// 流水号: the reminder's serial number.
            flow_id as "FlowId": String,
            /// 消息: Tencent's message, e.g. `已经发送完成信息`.
            info as "Info": String,
        }
    }
}

impl Validate for GetUsagePlanUsageAmountInput {
    fn validate(&self, _: &mut Walker) {}
}

impl Validate for FlowProductRemindInput {
    fn validate(&self, _: &mut Walker) {}
}

impl TencentCloud {
    /// Builds a signed `GetUsagePlanUsageAmount` request (a read: safe to repeat).
    pub fn get_usage_plan_usage_amount(
        &self,
        input: &GetUsagePlanUsageAmountInput,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        let action = &GET_USAGE_PLAN_USAGE_AMOUNT;
        self.build_checked("getUsagePlanUsageAmount", action, input, opts)
    }

    /// Reads a `GetUsagePlanUsageAmount` response.
    pub fn parse_get_usage_plan_usage_amount(
        &self,
        raw: &RawResponse,
    ) -> Result<Parsed<GetUsagePlanUsageAmountResponse>, Error> {
        let (action, op) = (GET_USAGE_PLAN_USAGE_AMOUNT.name, "getUsagePlanUsageAmount");
        parse_response(action, op, raw, &self.limits, crate::schema::read)
    }

    /// Builds a signed `FlowProductRemind` request. It messages a customer and takes no
    /// idempotency key, so it is never sent twice: not safe to repeat.
    pub fn flow_product_remind(
        &self,
        input: &FlowProductRemindInput,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        self.build_checked("flowProductRemind", &FLOW_PRODUCT_REMIND, input, opts)
    }

    /// Reads a `FlowProductRemind` response: a `Success` other than `"true"` is an `api`
    /// error with `path` `$.Response.Success`.
    pub fn parse_flow_product_remind(
        &self,
        raw: &RawResponse,
    ) -> Result<Parsed<FlowProductRemindResponse>, Error> {
        let (action, op) = (FLOW_PRODUCT_REMIND.name, "flowProductRemind");
        let parsed = parse_response(action, op, raw, &self.limits, read_with_json)?;
        remind_result(&parsed.1, parsed.metadata())?;
        Ok(parsed.map(|(model, _)| model))
    }
}

/// The business result of a `FlowProductRemind` response's model: a `Success` other than
/// `"true"` is an `api` error with Tencent's `Info` and the request id, never retryable (a
/// resend may remind twice). The operation table's result rule, so both readers apply it.
pub(crate) fn remind_result(model: &Value, metadata: &ResponseMetadata) -> Result<(), Error> {
    let text = |key: &str| model.get(key).and_then(Value::as_str);
    match text("Success") {
        Some("true") => Ok(()),
        success => Err(business_error(
            format!(
                "the reminder was not sent: Success is {:?}: {}",
                success.unwrap_or("absent"),
                text("Info").unwrap_or("")
            ),
            metadata,
            (
                "flowProductRemind",
                &FLOW_PRODUCT_REMIND,
                "$.Response.Success",
            ),
        )),
    }
}

/// A `getUsagePlanUsageAmount` result as one entitlement of its instance (`instance`,
/// given as `instanceId`: the response does not name it), product `usage-plan:<instance>`
/// (each plan is its own), in unit `requests`: `granted` =
/// `MaxRequestNum`, `used` = `InUseRequestNum`, `remaining` = `RemainingRequestNum`; the
/// plan has no period, so it is `active` while calls are left and `exhausted` at none.
pub(crate) fn usage_plan_entitlements(
    model: &Value,
    context: &Context<'_>,
) -> Result<Vec<Entitlement>, Vec<Issue>> {
    let instance = needed(context.instance_id, "instanceId")?;
    convert(model, GetUsagePlanUsageAmountResponse::SHAPE, |plan| {
        let mut e = Entitlement::blank(
            super::VENDOR,
            "getUsagePlanUsageAmount",
            ("instance", Some(instance)),
            Unit::Requests,
        );
        e.source.id = Some(instance.to_owned());
        // Each instance's plan is its own: two instances' calls are never summed.
        e.product = Product {
            id: Some(format!("usage-plan:{instance}")),
            name: Some(format!("使用计划 {instance}")),
            tier: None,
        };
        e.granted = plan.integer("MaxRequestNum");
        e.used = plan.integer("InUseRequestNum");
        e.remaining = plan.integer("RemainingRequestNum");
        e.state = e.by_period_and_amount(context.now_ms);
        vec![e]
    })
}

impl crate::driver::Entitled for GetUsagePlanUsageAmountResponse {
    fn entitlements_in(&self, context: &Context<'_>) -> Result<Vec<Entitlement>, Vec<Issue>> {
        typed_conversion(self, context, usage_plan_entitlements)
    }
}

crate::driver::call!(GetUsagePlanUsageAmountInput => TencentCloud, GetUsagePlanUsageAmountResponse,
    "getUsagePlanUsageAmount", get_usage_plan_usage_amount, parse_get_usage_plan_usage_amount);
crate::driver::call!(FlowProductRemindInput => TencentCloud, FlowProductRemindResponse,
    "flowProductRemind", flow_product_remind, parse_flow_product_remind);
