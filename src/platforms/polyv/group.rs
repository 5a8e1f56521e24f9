//! Polyv group accounts: 查询分账号剩余资源 (package validity of sub-accounts),
//! `GET /live/v4/group/user/package-validity/list`. Doc:
//! <https://polyv.gitbook.io/document/docs/live/api/uncategorized/huawei/digital-man-1/packagelist>.
//!
//! Expired resources are not returned. The response also carries each sub-account's
//! `appSecret`; quotakit leaves it out of the model so that it does not travel into logs.
//!
//! ```
//! use quotakit::entitlement::EntitlementOptions;
//! use quotakit::{Client, Polyv, PolyvOptions, RawResponse};
//!
//! let polyv = Polyv::new(PolyvOptions::new("fakeapp", "fake-secret-not-real"))?;
//! let body = r#"{"code":200,"status":"success","requestId":"r-1","data":{"pageNumber":1,"pageSize":10,
//!     "totalPages":1,"totalItems":1,"contents":[{"userId":"u1","appSecret":"never-kept",
//!     "status":"frozen"}]}}"#;
//! let page = polyv.parse_list_package_validity(&RawResponse::new(200, body))?;
//! assert!(!format!("{page:?}").contains("never-kept"), "appSecret is left out");
//! let rights = polyv.entitlements(&page, &EntitlementOptions::at(0_i64))?;
//! assert_eq!(rights[0].holder.id.as_deref(), Some("u1"));
//! # Ok::<(), quotakit::Error>(())
//! ```

use std::collections::BTreeMap;

use super::{parse_response, Polyv, VENDOR};
use crate::entitlement::{
    convert, typed_conversion, Context, Entitlement, Product, State, Unit, View,
};
use crate::error::Error;
use crate::http::{check_rules, BuildOptions, HttpRequest, Parsed, RawResponse};
use crate::shape::HasShape;
use serde_json::Value;

use crate::schema::{describe, Issue, IssueCode, Validate, Walker};
use crate::time::parse_date;

/// The path.
pub const PACKAGE_VALIDITY_PATH: &str = "/live/v4/group/user/package-validity/list";
/// Most e-mails per call.
pub const MAX_EMAILS: usize = 100;
/// Largest `pageSize`.
pub const MAX_PAGE_SIZE: u64 = 50;

crate::json_model! {
    /// Input of `listPackageValidity`.
    pub struct ListPackageValidityInput {
        required {}
        optional {
            /// Sub-account e-mails, at most 100 (sent comma-joined).
            emails as "emails": Vec<String>,
            /// 每页数据大小, 1..=50 (default 10).
            page_size as "pageSize": u64,
            /// 当前的页数, from 1 (default 1).
            page_number as "pageNumber": u64,
        }
    }
}

/// A plausible e-mail address: one `@`, a non-empty local part, a dotted domain, no
/// spaces, commas or controls.
pub(crate) fn plausible_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && s.chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && c != ',')
}

impl Validate for ListPackageValidityInput {
    fn validate(&self, w: &mut Walker) {
        let query = (self.emails.as_ref(), self.page_size, self.page_number);
        check_account_query(w, query, MAX_PAGE_SIZE);
    }
}

/// A sub-account listing's query: its e-mails, page size and page number.
pub(crate) type AccountQuery<'a> = (Option<&'a Vec<String>>, Option<u64>, Option<u64>);

/// The documented rules of a sub-account listing's query: at most 100 plausible e-mails, a
/// page size in 1..=`max_page_size`, pages from 1.
pub(crate) fn check_account_query(w: &mut Walker, query: AccountQuery<'_>, max_page_size: u64) {
    let (emails, page_size, page_number) = query;
    if let Some(emails) = emails {
        if emails.len() > MAX_EMAILS {
            w.key("emails", |w| {
                w.issue(
                    IssueCode::OutOfRange,
                    "at most 100 e-mails",
                    format!("{} e-mails", emails.len()),
                )
            });
        }
        for (i, email) in emails.iter().enumerate() {
            if !plausible_email(email) {
                w.key("emails", |w| {
                    w.index(i, |w| {
                        w.issue(
                            IssueCode::InvalidFormat,
                            "an e-mail address",
                            describe(&serde_json::Value::String(email.clone())),
                        )
                    })
                });
            }
        }
    }
    if let Some(size) = page_size.filter(|s| !(1..=max_page_size).contains(s)) {
        w.key("pageSize", |w| {
            w.issue(
                IssueCode::OutOfRange,
                format!("1..={max_page_size}"),
                format!("number {size}"),
            )
        });
    }
    if page_number == Some(0) {
        w.key("pageNumber", |w| {
            w.issue(IssueCode::OutOfRange, "1 or more", "number 0")
        });
    }
}

/// A sub-account listing's query as the parameters to sign (e-mails joined with commas).
pub(crate) fn account_query_params(query: AccountQuery<'_>) -> BTreeMap<String, String> {
    let (emails, page_size, page_number) = query;
    let mut params = BTreeMap::new();
    if let Some(emails) = emails.filter(|e| !e.is_empty()) {
        params.insert("emails".to_owned(), emails.join(","));
    }
    if let Some(size) = page_size {
        params.insert("pageSize".to_owned(), size.to_string());
    }
    if let Some(number) = page_number {
        params.insert("pageNumber".to_owned(), number.to_string());
    }
    params
}

crate::json_model! {
    /// `data` of the response: one page of sub-accounts.
    pub struct ListPackageValidityResponse {
        required {
            /// 当前页码.
            page_number as "pageNumber": u64,
            /// 每页数据量.
            page_size as "pageSize": u64,
            /// 页面总数.
            total_pages as "totalPages": u64,
            /// 总数据量.
            total_items as "totalItems": u64,
            /// 当前页内容.
            contents as "contents": Vec<SubAccountPackage>,
        }
        optional {}
    }
}

crate::json_model! {
    /// One sub-account and its remaining resources.
    pub struct SubAccountPackage {
        required {}
        optional {
            /// 用户ID.
            user_id as "userId": String,
            /// 分帐号应用ID.
            app_id as "appId": String,
            /// 分帐号邮箱.
            email as "email": String,
            /// 剩余金额.
            balance as "balance": String,
            /// 手机号码.
            phone as "phone": String,
            /// 备注.
            memo as "memo": String,
            /// 联系人.
            contacts as "contacts": String,
            /// 云直播计费类型: minutes, parallelConcurrent, totalConcurrent.
            charge_type as "chargeType": String,
            /// 云直播并发数剩余资源.
            concurrent as "concurrent": Vec<Resource>,
            /// 云直播分钟数剩余资源.
            minutes as "minutes": Vec<Resource>,
            /// 云点播流量 (bytes) 剩余资源.
            flow as "flow": Vec<Resource>,
            /// 云点播空间 (bytes) 剩余资源.
            space as "space": Vec<Resource>,
            /// 到期时间类型: group (跟随主账号), custom (自定义).
            expire_type as "expireType": String,
            /// 账号到期时间, 13-digit ms timestamp.
            expire_date as "expireDate": i64,
            /// normal, expired, frozen.
            status as "status": String,
            /// 可用连麦分钟数.
            link_mic_minutes as "linkMicMinutes": i64,
            /// 可用云导播台分钟数.
            guide_minutes as "guideMinutes": i64,
            /// 可创建频道数.
            max_channels as "maxChannels": i64,
            /// 连麦人数.
            link_mic_limit as "linkMicLimit": i64,
        }
    }
}

crate::json_model! {
    /// `Resource`: an amount available over a date range.
    pub struct Resource {
        required {}
        optional {
            /// 开始时间, `yyyy-MM-dd`.
            start as "start": String,
            /// 到期时间, `yyyy-MM-dd`.
            end as "end": String,
            /// 资源可用量 (flow and space in bytes).
            available as "available": i64,
        }
    }
}

impl Polyv {
    /// Builds a signed `listPackageValidity` request.
    pub fn list_package_validity(
        &self,
        input: &ListPackageValidityInput,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        const OP: &str = "listPackageValidity";
        check_rules(input).map_err(|e| e.during(VENDOR, OP))?;
        let params =
            account_query_params((input.emails.as_ref(), input.page_size, input.page_number));
        self.get(PACKAGE_VALIDITY_PATH, &params, opts)
            .map_err(|e| e.during(VENDOR, OP))
    }

    /// Reads a `listPackageValidity` response (its `data`).
    pub fn parse_list_package_validity(
        &self,
        raw: &RawResponse,
    ) -> Result<Parsed<ListPackageValidityResponse>, Error> {
        parse_response(
            "listPackageValidity",
            raw,
            &self.limits,
            crate::schema::read,
        )
    }
}

/// China Standard Time, in which Polyv's `yyyy-MM-dd` dates are read (an assumption: the
/// doc names no time zone; Polyv serves mainland China).
const CST_OFFSET_MS: i64 = 8 * 3_600_000;

/// Each sub-account (`sub_account`: its `userId`, else `appId`, else `email`) as an
/// `access` entitlement ending at `expireDate`, plus one entitlement per entry of
/// its `minutes` (unit `minutes`), `concurrent` (`concurrent`), `flow` and `space`
/// (`bytes`) lists: `remaining` = `available`, from `start` 00:00 to the end of `end`
/// (China Standard Time).
///
/// An account `frozen` or `expired` passes that state to all of its entitlements;
/// otherwise each is judged by its dates and what is left.
pub(crate) fn account_entitlements(
    model: &Value,
    context: &Context<'_>,
) -> Result<Vec<Entitlement>, Vec<Issue>> {
    convert(model, ListPackageValidityResponse::SHAPE, |page| {
        let mut out = Vec::new();
        for account in page.items("contents") {
            account_entitlement(account, context.now_ms, &mut out);
        }
        out
    })
}

/// A sub-account of `operation`'s listing: the entitlement to the account itself (unit
/// `access`, until `expireDate`, pushed to `out`), and what its resources' entitlements start
/// from: its holder (`userId`, else `appId`, else `email`), and the state its `status`
/// forces (`frozen` or `expired`, whatever the dates say).
pub(crate) fn sub_account<'v>(
    account: View<'v>,
    operation: &str,
    now_ms: i64,
    out: &mut Vec<Entitlement>,
) -> (Entitlement, Option<&'v str>, Option<State>) {
    let holder = ["userId", "appId", "email"]
        .into_iter()
        .find_map(|key| account.text(key));
    let forced = match account.text("status") {
        Some("frozen") => Some(State::Frozen),
        Some("expired") => Some(State::Expired),
        _ => None,
    };
    let mut base = Entitlement::blank(VENDOR, operation, ("sub_account", holder), Unit::Access);
    base.product.tier = account.string("chargeType");
    let mut access = base.clone();
    access.source.id = holder.map(|h| format!("{h}/account"));
    access.product.name = Some("account".to_owned());
    let ends = account.integer("expireDate").filter(|d| *d > 0);
    if access.set_period(("expireDate", None), ("expireDate", ends)) {
        access.state = forced.unwrap_or_else(|| access.by_period_and_amount(now_ms));
    } else if let Some(state) = forced {
        access.state = state; // frozen or expired whatever the date says; the note stays
    }
    out.push(access);
    (base, holder, forced)
}

fn account_entitlement(account: View<'_>, now_ms: i64, out: &mut Vec<Entitlement>) {
    let (base, holder, forced) = sub_account(account, "listPackageValidity", now_ms, out);
    let lists = [
        (Unit::Minutes, "minutes", "云直播分钟数"),
        (Unit::Concurrent, "concurrent", "云直播并发数"),
        (Unit::Bytes, "flow", "云点播流量"),
        (Unit::Bytes, "space", "云点播空间"),
    ];
    for (unit, id, name) in lists {
        for (i, resource) in account.items(id).enumerate() {
            let mut e = base.clone();
            e.unit = unit;
            e.source.id = holder.map(|h| format!("{h}/{id}[{i}]"));
            e.product = Product {
                id: Some(id.to_owned()),
                name: Some(name.to_owned()),
                tier: account.string("chargeType"),
            };
            e.remaining = resource.integer("available");
            let day = |key: &str| {
                let days = resource.text(key).and_then(parse_date)?;
                Some(days * 86_400_000 - CST_OFFSET_MS)
            };
            e.starts_at = day("start");
            e.ends_at = day("end").map(|d| d + 86_400_000);
            e.state = forced.unwrap_or_else(|| e.by_period_and_amount(now_ms));
            out.push(e);
        }
    }
}

impl crate::driver::Entitled for ListPackageValidityResponse {
    fn entitlements_in(&self, context: &Context<'_>) -> Result<Vec<Entitlement>, Vec<Issue>> {
        typed_conversion(self, context, account_entitlements)
    }
}

crate::driver::call!(ListPackageValidityInput => Polyv, ListPackageValidityResponse,
    "listPackageValidity", list_package_validity, parse_list_package_validity);
