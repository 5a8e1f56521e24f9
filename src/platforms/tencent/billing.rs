//! Tencent Cloud Partners, version 2018-03-21: what a partner's customers have and pay.
//! `DescribeClientBalanceNew` (查询代客余额) reads a customer's balance, and
//! `DescribeAgentBills` (代理商支付订单查询接口) lists the payments of a month, paged. Models as
//! in tencentcloud-sdk-go `tencentcloud/partners/v20180321/models.go`.
//!
//! Amounts are integers of 分 (hundredths of a yuan), as Tencent sends them: a balance
//! becomes an entitlement in unit `cny_fen`.
//!
//! ```
//! use quotakit::entitlement::{EntitlementOptions, State};
//! use quotakit::{Client, RawResponse, TencentCloud, TencentCloudOptions};
//!
//! let tc = TencentCloud::new(TencentCloudOptions::new("AKIDfake", "fake-secret-not-real"))?;
//! let body = r#"{"Response":{"Balance":0,"Cash":0,"RequestId":"r"}}"#;
//! let balance = tc.parse_describe_client_balance_new(&RawResponse::new(200, body))?;
//! let options = EntitlementOptions::at(0_i64).with_client_uin("100000000001");
//! let rights = tc.entitlements(&balance, &options)?;
//! assert_eq!(rights[0].state, State::Exhausted); // nothing left to spend
//! # Ok::<(), quotakit::Error>(())
//! ```

use super::{parse_response, Action, TencentCloud};
use crate::entitlement::{convert, needed, typed_conversion, Context, Entitlement, Product, Unit};
use crate::error::Error;
use crate::http::{BuildOptions, HttpRequest, Parsed, RawResponse};
use crate::platforms::non_empty;
use crate::schema::{describe, Issue, IssueCode, Validate, Walker};
use crate::shape::HasShape;
use serde_json::Value;

/// `DescribeClientBalanceNew`: a customer's balance. Doc:
/// <https://cloud.tencent.com/document/api/563/57850>.
pub const DESCRIBE_CLIENT_BALANCE_NEW: Action<'static> = Action {
    service: "partners",
    name: "DescribeClientBalanceNew",
    version: "2018-03-21",
};

/// `DescribeAgentBills`: the payments of a month. Doc:
/// <https://cloud.tencent.com/document/api/563/16042>.
pub const DESCRIBE_AGENT_BILLS: Action<'static> = Action {
    service: "partners",
    name: "DescribeAgentBills",
    version: "2018-03-21",
};

crate::json_model! {
    /// Input of `DescribeClientBalanceNew`.
    pub struct DescribeClientBalanceNewInput {
        required {
            /// 客户(代客)账号ID: the customer's UIN.
            client_uin as "ClientUin": String,
        }
        optional {}
    }
}

impl Validate for DescribeClientBalanceNewInput {
    fn validate(&self, w: &mut Walker) {
        non_empty(w, "ClientUin", Some(&self.client_uin));
    }
}

crate::json_model! {
    /// Output of `DescribeClientBalanceNew`, in 分.
    pub struct DescribeClientBalanceNewResponse {
        required {
            /// 账户可用余额: cash + gifts − arrears − frozen; below zero when the customer owes.
            balance as "Balance": i64,
            /// 账户现金余额: the cash part.
            cash as "Cash": i64,
            /// Unique request id.
            request_id as "RequestId": String,
        }
        optional {}
    }
}

crate::json_model! {
    /// Input of `DescribeAgentBills`.
    pub struct DescribeAgentBillsInput {
        required {
            /// 支付月份: the month of the payments, `YYYY-MM`.
            settle_month as "SettleMonth": String,
        }
        optional {
            /// 客户账号ID: one customer's payments.
            client_uin as "ClientUin": String,
            /// 支付方式: `prepay` or `postpay`.
            #[cfg_attr(feature = "wasm", tsify(type = "\"prepay\" | \"postpay\""))]
            pay_mode as "PayMode": String,
            /// 预付费订单号: one prepaid order's payments.
            order_id as "OrderId": String,
            /// 客户备注名称: the customers with this remark.
            client_remark as "ClientRemark": String,
            /// 偏移量: offset into the result set.
            offset as "Offset": u64,
            /// 限制数目: page size. Neither its default nor its largest value is documented.
            limit as "Limit": u64,
        }
    }
}

impl Validate for DescribeAgentBillsInput {
    fn validate(&self, w: &mut Walker) {
        if !is_month(&self.settle_month) {
            w.key("SettleMonth", |w| {
                w.issue(
                    IssueCode::InvalidFormat,
                    "a month \"YYYY-MM\"",
                    describe(&Value::String(self.settle_month.clone())),
                )
            });
        }
        if let Some(mode) = self.pay_mode.as_deref() {
            if !matches!(mode, "prepay" | "postpay") {
                w.key("PayMode", |w| {
                    w.issue(
                        IssueCode::UnknownEnum,
                        "\"prepay\" or \"postpay\"",
                        describe(&Value::String(mode.to_owned())),
                    )
                });
            }
        }
        non_empty(w, "ClientUin", self.client_uin.as_deref());
    }
}

/// Whether `text` is a month `YYYY-MM` (month 01..=12).
fn is_month(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    bytes.len() == 7
        && digits(0..4)
        && bytes.get(4) == Some(&b'-')
        && digits(5..7)
        && matches!(
            text.get(5..7).and_then(|m| m.parse::<u8>().ok()),
            Some(1..=12)
        )
}

crate::json_model! {
    /// Output of `DescribeAgentBills`.
    pub struct DescribeAgentBillsResponse {
        required {
            /// 符合查询条件列表总数量.
            total_count as "TotalCount": u64,
            /// 业务明细列表.
            agent_bill_set as "AgentBillSet": Vec<AgentBillElem>,
            /// Unique request id.
            request_id as "RequestId": String,
        }
        optional {}
    }
}

crate::json_model! {
    /// `AgentBillElem`: one payment.
    pub struct AgentBillElem {
        required {}
        optional {
            /// 代理商账号ID: the partner's UIN.
            uin as "Uin": String,
            /// 订单号: the order, for prepaid bills only.
            order_id as "OrderId": String,
            /// 代客账号ID: the customer's UIN.
            client_uin as "ClientUin": String,
            /// 代客备注名称: the customer's remark.
            client_remark as "ClientRemark": String,
            /// 支付时间.
            pay_time as "PayTime": String,
            /// 云产品名称.
            goods_type as "GoodsType": String,
            /// 预付费/后付费.
            pay_mode as "PayMode": String,
            /// 支付月份.
            settle_month as "SettleMonth": String,
            /// 支付金额, 分.
            amt as "Amt": i64,
            /// `agentpay` (代付) or `selfpay` (自付).
            payer_mode as "PayerMode": String,
            /// new / assign / old / direct / direct_newopp, or empty.
            client_type as "ClientType": String,
            /// self / platform / repeat, or empty.
            project_type as "ProjectType": String,
            /// 活动ID.
            activity_id as "ActivityId": String,
        }
    }
}

impl TencentCloud {
    /// Builds a signed `DescribeClientBalanceNew` request (a read: safe to repeat).
    pub fn describe_client_balance_new(
        &self,
        input: &DescribeClientBalanceNewInput,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        let action = &DESCRIBE_CLIENT_BALANCE_NEW;
        self.build_checked("describeClientBalanceNew", action, input, opts)
    }

    /// Reads a `DescribeClientBalanceNew` response.
    pub fn parse_describe_client_balance_new(
        &self,
        raw: &RawResponse,
    ) -> Result<Parsed<DescribeClientBalanceNewResponse>, Error> {
        let (action, op) = (DESCRIBE_CLIENT_BALANCE_NEW.name, "describeClientBalanceNew");
        parse_response(action, op, raw, &self.limits, crate::schema::read)
    }

    /// Builds a signed `DescribeAgentBills` request (a read: safe to repeat).
    pub fn describe_agent_bills(
        &self,
        input: &DescribeAgentBillsInput,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        self.build_checked("describeAgentBills", &DESCRIBE_AGENT_BILLS, input, opts)
    }

    /// Reads a `DescribeAgentBills` response.
    pub fn parse_describe_agent_bills(
        &self,
        raw: &RawResponse,
    ) -> Result<Parsed<DescribeAgentBillsResponse>, Error> {
        let (action, op) = (DESCRIBE_AGENT_BILLS.name, "describeAgentBills");
        parse_response(action, op, raw, &self.limits, crate::schema::read)
    }
}

/// A `describeClientBalanceNew` result as one entitlement of its customer (`clientUin`,
/// given as an option: the response does not name it), product `balance`, in unit `cny_fen`:
/// `remaining` = `Balance`, what the customer can spend; no `granted` or `used`. It is
/// `active` above zero and `exhausted` at zero or below (a negative `remaining` is owed).
pub(crate) fn balance_entitlements(
    model: &Value,
    context: &Context<'_>,
) -> Result<Vec<Entitlement>, Vec<Issue>> {
    let uin = needed(context.client_uin, "clientUin")?;
    convert(model, DescribeClientBalanceNewResponse::SHAPE, |balance| {
        let mut e = Entitlement::blank(
            super::VENDOR,
            "describeClientBalanceNew",
            ("uin", Some(uin)),
            Unit::CnyFen,
        );
        e.product = Product {
            id: Some("balance".to_owned()),
            name: Some("账户可用余额".to_owned()),
            tier: None,
        };
        e.remaining = balance.integer("Balance");
        e.state = e.by_period_and_amount(context.now_ms);
        vec![e]
    })
}

impl crate::driver::Entitled for DescribeClientBalanceNewResponse {
    fn entitlements_in(&self, context: &Context<'_>) -> Result<Vec<Entitlement>, Vec<Issue>> {
        typed_conversion(self, context, balance_entitlements)
    }
}

crate::driver::call!(DescribeClientBalanceNewInput => TencentCloud, DescribeClientBalanceNewResponse,
    "describeClientBalanceNew", describe_client_balance_new, parse_describe_client_balance_new);
crate::driver::call!(DescribeAgentBillsInput => TencentCloud, DescribeAgentBillsResponse,
    "describeAgentBills", describe_agent_bills, parse_describe_agent_bills);
