//! Baidu TMS (trademark service) resource packages: 获取用户资源包列表.
//! Doc: <https://cloud.baidu.com/doc/TMS/s/dlpcf0sp5>.
//!
//! **The documented path is the same as 创建商标订单并下单支付's** (create a trademark order
//! and pay, <https://cloud.baidu.com/doc/TMS/s/Ylpb66r8p>): `POST /v1/tms/openapi/trademarks`.
//! It is probably a copy-paste error in the doc, and sending the listing body there might
//! be read as an order. quotakit uses the documented path by default and lets users
//! override it in `paths.listResourcePackages`. It never resends the listing to the order
//! path, however that path is spelt (trailing or repeated slashes, percent-encoding, case;
//! [`crate::operation::route_key`]), whether by default or by override: only a listing
//! sent elsewhere is safe to repeat.
//!
//! ```
//! use quotakit::entitlement::EntitlementOptions;
//! use quotakit::{Baidu, BaiduOptions, Client, RawResponse};
//!
//! let baidu = Baidu::new(BaiduOptions::new("fake-ak", "fake-secret-not-real"))?;
//! let body = r#"{"data":[{"resourcePackId":"A","name":"快速注册包年10件套餐","count":9,"countUsage":1},
//!     {"resourcePackId":"B","name":"商标监控包年套餐","count":5,"countUsage":0}]}"#;
//! let packs = baidu.parse_list_resource_packages(&RawResponse::new(200, body))?;
//! let rights = baidu.entitlements(&packs, &EntitlementOptions::at(0_i64))?;
//! // One product per kind of pack, so only like is summed with like.
//! assert_eq!(rights[0].product.id.as_deref(), Some("tms:快速注册包年套餐"));
//! assert_eq!(rights[1].product.id.as_deref(), Some("tms:商标监控包年套餐"));
//! # Ok::<(), quotakit::Error>(())
//! ```

use super::{parse_response, Baidu, VENDOR};
use crate::entitlement::{
    convert, needed, typed_conversion, Context, Entitlement, Product, State, Unit, View,
};
use crate::error::Error;
use crate::http::{check_rules, BuildOptions, HttpRequest, Parsed, RawResponse};
use crate::shape::HasShape;
use serde_json::Value;

use crate::schema::{Issue, IssueCode, Validate, Walker};
use crate::time::parse_iso_datetime_ms;

/// The documented path (see the module docs before relying on it).
pub const LIST_RESOURCE_PACKAGES_PATH: &str = "/v1/tms/openapi/trademarks";
/// Largest `pageSize` accepted: quotakit's own bound, not Baidu's. The doc sets none; this
/// only catches mistakes such as a page size of 10⁹. A vendor limit below it surfaces as
/// Baidu's own error.
pub const MAX_PAGE_SIZE: u64 = 1000;

crate::json_enum! {
    /// 资源包状态.
    pub enum ResourcePackStatus {
        /// 待支付
        NeedPurchase = "NEED_PURCHASE",
        /// 已取消
        Canceled = "CANCELED",
        /// 使用中
        Using = "USING",
        /// 已确认
        Confirmed = "CONFIRMED",
        /// 已完成
        Finished = "FINISHED",
        /// `""`: any state, as absent. The doc's own example body sends it.
        Unset = "",
    }
}

crate::json_enum! {
    /// 条件筛选.
    pub enum ResourcePackCondition {
        /// Only usable packs.
        Available = "AVAILABLE",
        /// `""`: no filter, as absent. The doc's own example body sends it.
        Unset = "",
    }
}

crate::json_enum! {
    /// 排序方式.
    pub enum SortOrder {
        /// 正序
        Asc = "asc",
        /// 倒序 (default)
        Desc = "desc",
        /// `""`: the default order, as absent. The doc's own example body sends it.
        Unset = "",
    }
}

crate::json_enum! {
    /// 排序列.
    pub enum ResourcePackOrderBy {
        /// 更新时间 (default)
        UpdateTime = "updateTime",
        /// 权益失效日期
        ExpireTime = "expireTime",
        /// `""`: the default column, as absent. The doc's own example body sends it.
        Unset = "",
    }
}

crate::json_model! {
    /// Input of `listResourcePackages`.
    pub struct ListResourcePackagesInput {
        required {}
        optional {
            /// 页码, from 1 (default 1).
            page_no as "pageNo": u64,
            /// 页大小, 1..=1000 (default 10).
            page_size as "pageSize": u64,
            /// Only packs in this state.
            status as "status": ResourcePackStatus,
            /// `AVAILABLE`: only usable packs.
            condition as "condition": ResourcePackCondition,
            /// Sort direction (default `desc`).
            order as "order": SortOrder,
            /// Sort column (default `updateTime`).
            order_by as "orderBy": ResourcePackOrderBy,
        }
    }
}

impl Validate for ListResourcePackagesInput {
    fn validate(&self, w: &mut Walker) {
        if self.page_no == Some(0) {
            w.key("pageNo", |w| {
                w.issue(IssueCode::OutOfRange, "1 or more", "number 0")
            });
        }
        if let Some(size) = self.page_size.filter(|s| !(1..=MAX_PAGE_SIZE).contains(s)) {
            w.key("pageSize", |w| {
                w.issue(
                    IssueCode::OutOfRange,
                    format!("1..={MAX_PAGE_SIZE}"),
                    format!("number {size}"),
                )
            });
        }
    }
}

crate::json_model! {
    /// Output of `listResourcePackages`.
    pub struct ListResourcePackagesResponse {
        required {
            /// 资源包信息.
            data as "data": Vec<ResourcePack>,
        }
        optional {
            /// 页码.
            page_no as "pageNo": u64,
            /// 页大小.
            page_size as "pageSize": u64,
            /// 资源包总数.
            total_count as "totalCount": u64,
        }
    }
}

crate::json_model! {
    /// One resource package.
    pub struct ResourcePack {
        required {}
        optional {
            /// 资源包ID, e.g. `TRP-LenpD4qVNGm`.
            resource_pack_id as "resourcePackId": String,
            /// 套餐名称.
            name as "name": String,
            /// 资源包总数量.
            count as "count": i64,
            /// 资源包已使用数量.
            count_usage as "countUsage": i64,
            /// 资源包过期时间, e.g. `2022-09-25T15:59:59.000+0000`.
            expire_time as "expireTime": String,
            /// 资源包更新时间.
            update_time as "updateTime": String,
            /// 关联资源ID.
            order_id as "orderId": String,
            /// 关联资源ID.
            association_id as "associationId": String,
            /// 来源: `TRANSFER` 赠送, `PURCHASE` 购买.
            source as "source": String,
            /// 资源包状态: NEED_PURCHASE, CANCELED, USING, CONFIRMED, FINISHED.
            status as "status": String,
        }
    }
}

impl Baidu {
    /// Builds a signed `listResourcePackages` request (read the module docs on its path).
    pub fn list_resource_packages(
        &self,
        input: &ListResourcePackagesInput,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        const OP: &str = "listResourcePackages";
        check_rules(input).map_err(|e| e.during(VENDOR, OP))?;
        let body = serde_json::to_string(input).map_err(|e| {
            Error::new(
                crate::ErrorKind::Input,
                format!("input cannot be serialized: {e}"),
            )
            .during(VENDOR, OP)
        })?;
        let path = self.path_of(OP).unwrap_or(LIST_RESOURCE_PACKAGES_PATH);
        self.sign(
            "POST",
            path,
            &[],
            &[("Content-Type", "application/json")],
            Some(body),
            opts,
        )
        .map_err(|e| e.during(VENDOR, OP))
    }

    /// Reads a `listResourcePackages` response.
    pub fn parse_list_resource_packages(
        &self,
        raw: &RawResponse,
    ) -> Result<Parsed<ListResourcePackagesResponse>, Error> {
        const OP: &str = "listResourcePackages";
        parse_response(OP, self.path_of(OP), raw, &self.limits, crate::schema::read)
    }
}

/// `name` without its size: every run of digits (ASCII or full-width), white space around it
/// allowed, followed by `件` (items) is removed.
fn without_size(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut out = String::with_capacity(name.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let mut end = i;
        while chars.get(end).is_some_and(|c| c.is_whitespace()) {
            end += 1;
        }
        let digits_from = end;
        while chars.get(end).is_some_and(|c| digit(*c)) {
            end += 1;
        }
        let digits = end > digits_from;
        while chars.get(end).is_some_and(|c| c.is_whitespace()) {
            end += 1;
        }
        if digits && chars.get(end) == Some(&'件') {
            i = end + 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out.trim().to_owned()
}

/// Each pack as an entitlement of the Baidu account `account` (the client's access
/// key id), in unit `items`: `granted` = `count`, `used` = `countUsage`, ending at
/// `expireTime`.
///
/// Packs of one kind share a product, so that only like is summed with like: its id is
/// `tms:` and the pack's `name` less its size (`快速注册包年10件套餐` and
/// `快速注册包年1件套餐` are both `tms:快速注册包年套餐`; `商标监控包年套餐` is a product of
/// its own). The listing has no field for the kind, so this reading of `name` is
/// UNCONFIRMED; a pack without a name is a product of its own (`tms:pack:<id>`, or its
/// place in the list when it has no id either).
///
/// `NEED_PURCHASE` is `pending`. `USING`, `CONFIRMED` and `FINISHED` (the doc's sample
/// pack is `FINISHED` with 8 of 9 left) are judged by expiry and what is left. A
/// `CANCELED` pack is `unknown`: the doc does not say whether it keeps its items.
pub(crate) fn pack_entitlements(
    model: &Value,
    context: &Context<'_>,
) -> Result<Vec<Entitlement>, Vec<Issue>> {
    let account = needed(context.account, "account")?;
    convert(model, ListResourcePackagesResponse::SHAPE, |page| {
        let packs = page.items("data").enumerate();
        packs
            .map(|(i, pack)| pack_entitlement(pack, i, account, context.now_ms))
            .collect()
    })
}

fn pack_entitlement(pack: View<'_>, index: usize, account: &str, now_ms: i64) -> Entitlement {
    let mut e = Entitlement::blank(
        super::VENDOR,
        "listResourcePackages",
        ("account", Some(account)),
        Unit::Items,
    );
    e.source.id = pack.string("resourcePackId");
    e.product = Product {
        id: Some(pack_product(pack, index)),
        name: pack.string("name"),
        tier: pack.string("source"),
    };
    let (count, usage) = (pack.integer("count"), pack.integer("countUsage"));
    e.granted = count;
    e.used = usage;
    e.remaining = count.zip(usage).map(|(c, u)| c - u);
    e.ends_at = pack.text("expireTime").and_then(parse_iso_datetime_ms);
    (e.state, e.note) = match pack.text("status") {
        Some("NEED_PURCHASE") => (State::Pending, None),
        Some("USING" | "CONFIRMED" | "FINISHED") | None => (e.by_period_and_amount(now_ms), None),
        Some(other) => (
            State::Unknown,
            Some(format!(
                "pack status {other}: whether it keeps its items is undocumented"
            )),
        ),
    };
    e
}

/// The product id of `pack` (see [`pack_entitlements`]).
fn pack_product(pack: View<'_>, index: usize) -> String {
    match pack.text("name").map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => format!("tms:{}", without_size(name)),
        None => match ["resourcePackId", "orderId", "associationId"]
            .into_iter()
            .find_map(|key| pack.text(key))
        {
            Some(id) => format!("tms:pack:{id}"),
            None => format!("tms:pack:#{index}"),
        },
    }
}

impl crate::driver::Entitled for ListResourcePackagesResponse {
    fn entitlements_in(&self, context: &Context<'_>) -> Result<Vec<Entitlement>, Vec<Issue>> {
        typed_conversion(self, context, pack_entitlements)
    }
}

crate::driver::call!(ListResourcePackagesInput => Baidu, ListResourcePackagesResponse,
    "listResourcePackages", list_resource_packages, parse_list_resource_packages);

#[cfg(test)]
mod tests {
    use super::without_size;

    #[test]
    fn a_pack_kind_is_its_name_without_its_size() {
        assert_eq!(without_size("快速注册包年10件套餐"), "快速注册包年套餐");
        assert_eq!(without_size("快速注册包年1件套餐"), "快速注册包年套餐");
        assert_eq!(without_size("商标监控包年套餐"), "商标监控包年套餐");
        assert_eq!(without_size("2024版10件"), "2024版");
        assert_eq!(without_size("套餐12"), "套餐12");
        assert_eq!(without_size("商标监控 50 件"), "商标监控");
        assert_eq!(without_size("商标监控５０件套餐"), "商标监控套餐");
        assert_eq!(without_size("快速注册 包年10件套餐"), "快速注册 包年套餐");
    }
}
