//! Polyv group accounts (集团账号 2.0), v4: a group's sub-accounts with what each has left
//! (查询分账号列表及剩余资源, `GET /live/v4/group/user/package/list`), and creating one
//! (创建集团分帐号, `POST /live/v4/group/user/create`). Docs:
//! <https://polyv.gitbook.io/document/docs/live/api/v-4/group/user/package_list> and
//! <https://polyv.gitbook.io/document/docs/live/api/v-4/group/user/create>. Both are signed
//! with the group's main appId and appSecret.
//!
//! Where Polyv's pages disagree, these follow the v4 group-account pages: a page holds at
//! most 100 sub-accounts (the package-validity page says 50, polyv-live-cli 1000), and
//! `phone` and `expireDate` are strings (the create page's own example sends numbers).
//!
//! The list carries each sub-account's credentials (`appSecret`, `vodSecretKey`,
//! `vodBakSecretKey`, `writeToken`, `readToken`); quotakit leaves them out of the model. A
//! created sub-account's `appSecret` is its result, so it is kept, as a [`SecretText`] that
//! never debug-prints; the `password` sent is one too.
//!
//! ```
//! use quotakit::entitlement::{EntitlementOptions, State};
//! use quotakit::{Client, Polyv, PolyvOptions, RawResponse};
//!
//! let polyv = Polyv::new(PolyvOptions::new("fakeapp", "fake-secret-not-real"))?;
//! let body = r#"{"code":200,"status":"success","success":true,"requestId":"r-1","data":{
//!     "pageNumber":1,"pageSize":10,"totalPages":1,"totalItems":1,"contents":[{"userId":"u1",
//!     "appSecret":"never-kept","status":"expired","remainMinutes":300}]}}"#;
//! let page = polyv.parse_list_sub_accounts(&RawResponse::new(200, body))?;
//! assert!(!format!("{page:?}").contains("never-kept"), "appSecret is left out");
//! let rights = polyv.entitlements(&page, &EntitlementOptions::at(0_i64))?;
//! assert!(rights.iter().all(|e| e.state == State::Expired), "an expired sub-account");
//! # Ok::<(), quotakit::Error>(())
//! ```

use super::group::{account_query_params, check_account_query, plausible_email, sub_account};
use super::{parse_response, Polyv, VENDOR};
use crate::entitlement::{convert, typed_conversion, Context, Entitlement, Product, Unit};
use crate::error::{Error, ErrorKind};
use crate::http::{check_rules, BuildOptions, HttpRequest, Parsed, RawResponse};
use crate::platforms::non_empty;
use crate::schema::{Issue, IssueCode, Validate, Walker};
use crate::shape::HasShape;
use serde_json::Value;

pub use crate::secret::SecretText;

/// Path of the sub-account list.
pub const SUB_ACCOUNTS_PATH: &str = "/live/v4/group/user/package/list";
/// Path of sub-account creation.
pub const CREATE_SUB_ACCOUNT_PATH: &str = "/live/v4/group/user/create";
/// Largest `pageSize` of the sub-account list ("默认10,最大值100").
pub const MAX_SUB_ACCOUNTS_PAGE_SIZE: u64 = 100;

crate::json_model! {
    /// Input of `listSubAccounts`.
    pub struct ListSubAccountsInput {
        required {}
        optional {
            /// 分账号邮箱: at most 100, sent joined with commas.
            emails as "emails": Vec<String>,
            /// 每页数据大小: 1..=100, default 10.
            page_size as "pageSize": u64,
            /// 当前的页数, from 1 (the default).
            page_number as "pageNumber": u64,
        }
    }
}

impl Validate for ListSubAccountsInput {
    fn validate(&self, w: &mut Walker) {
        let query = (self.emails.as_ref(), self.page_size, self.page_number);
        check_account_query(w, query, MAX_SUB_ACCOUNTS_PAGE_SIZE);
    }
}

crate::json_model! {
    /// `data` of a `listSubAccounts` response: one page of sub-accounts.
    pub struct ListSubAccountsResponse {
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
            contents as "contents": Vec<SubAccount>,
        }
        optional {}
    }
}

crate::json_model! {
    /// A sub-account and what it has left. Its credentials (`appSecret`, `vodSecretKey`,
    /// `vodBakSecretKey`, `writeToken`, `readToken`) are left out.
    pub struct SubAccount {
        required {}
        optional {
            /// 用户ID.
            user_id as "userId": String,
            /// 分帐号应用ID.
            app_id as "appId": String,
            /// 分帐号邮箱.
            email as "email": String,
            /// 剩余金额 (a string on the wire).
            balance as "balance": String,
            /// 手机号码.
            phone as "phone": String,
            /// 备注.
            memo as "memo": String,
            /// 联系人.
            contacts as "contacts": String,
            /// 云直播计费类型: `minutes`, `parallelConcurrent` or `totalConcurrent`.
            charge_type as "chargeType": String,
            /// 云直播剩余资源, 并发.
            remain_concurrent as "remainConcurrent": i64,
            /// 云直播剩余资源, 可用直播分钟数.
            remain_minutes as "remainMinutes": i64,
            /// 云点播剩余资源, 流量, in G.
            remain_flow as "remainFlow": f64,
            /// 云点播剩余资源, 空间, in G.
            remain_space as "remainSpace": f64,
            /// 到期时间类型: `group` (跟随主账号) or `custom`.
            expire_type as "expireType": String,
            /// 账号到期时间, ms since the epoch.
            expire_date as "expireDate": i64,
            /// 状态: `normal`, `expired` or `frozen`.
            status as "status": String,
            /// 可用连麦分钟数.
            link_mic_minutes as "linkMicMinutes": i64,
            /// 可用云导播台分钟数.
            guide_minutes as "guideMinutes": i64,
            /// 可创建频道数.
            max_channels as "maxChannels": i64,
            /// 连麦人数.
            link_mic_limit as "linkMicLimit": i64,
            /// 云直播剩余资源, 视频创作可用分钟数.
            remain_ai_ppt_video_duration as "remainAiPptVideoDuration": i64,
            /// 云直播剩余资源, 视频创作(含数字人)可用分钟数.
            remain_ai_ppt_video_with_digital_human_duration as "remainAiPptVideoWithDigitalHumanDuration": i64,
        }
    }
}

crate::json_model! {
    /// Input of `createSubAccount`: its JSON body (which Polyv does not sign). The page's
    /// table ends at `remainSpace` in every stored copy; fields after it are not modelled.
    pub struct CreateSubAccountInput {
        required {
            /// 邮箱: the sub-account's login.
            email as "email": String,
            /// 密码: 8..=32 characters, with both digits and letters.
            #[cfg_attr(feature = "wasm", tsify(type = "string"))]
            password as "password": SecretText,
            /// 联系人.
            contacts as "contacts": String,
            /// 手机号码: one number holds at most 3 sub-accounts' e-mails.
            phone as "phone": String,
            /// 最多可创建频道数量.
            max_channels as "maxChannels": u64,
        }
        optional {
            /// 分钟数: required when the group is billed by minutes.
            minutes as "minutes": u64,
            /// 并发数: required when the group is billed by concurrency.
            concurrent as "concurrent": u64,
            /// 金额, not below 0.
            balance as "balance": f64,
            /// 备注, at most 50 characters.
            memo as "memo": String,
            /// 到期时间类型: `group` follows the main account, `custom` uses `expireDate`.
            #[cfg_attr(feature = "wasm", tsify(type = "\"group\" | \"custom\""))]
            expire_type as "expireType": String,
            /// 账号过期时间, `yyyyMMdd`, e.g. `20220428`; without it the account follows the
            /// main account.
            expire_date as "expireDate": String,
            /// 点播流量, in G (default 100).
            remain_flow as "remainFlow": u64,
            /// 点播空间, in G.
            remain_space as "remainSpace": u64,
        }
    }
}

/// Longest `memo` ("50字符长度").
pub const MAX_MEMO_CHARS: usize = 50;

impl Validate for CreateSubAccountInput {
    fn validate(&self, w: &mut Walker) {
        // Static texts where they do: each format! costs the .wasm.
        let mut invalid = |key, code, expected, received| w.issue_at(key, code, expected, received);
        if !plausible_email(&self.email) {
            invalid(
                "email",
                IssueCode::InvalidFormat,
                "an e-mail address",
                "text that is not one",
            );
        }
        let password = self.password.expose();
        let digits = password.chars().any(|c| c.is_ascii_digit());
        let letters = password.chars().any(|c| c.is_ascii_alphabetic());
        // Never echo the password: say only what is wrong with it.
        if !(8..=32).contains(&password.chars().count()) {
            invalid(
                "password",
                IssueCode::OutOfRange,
                "8 to 32 characters",
                "a password of another length",
            );
        } else if !(digits && letters) {
            invalid(
                "password",
                IssueCode::InvalidValue,
                "both digits and letters",
                "a password without both",
            );
        }
        if self.balance.is_some_and(|b| !b.is_finite() || b < 0.0) {
            invalid(
                "balance",
                IssueCode::OutOfRange,
                "a number ≥ 0",
                "a negative number",
            );
        }
        if self
            .memo
            .as_deref()
            .is_some_and(|m| m.chars().count() > MAX_MEMO_CHARS)
        {
            invalid(
                "memo",
                IssueCode::OutOfRange,
                "at most 50 characters",
                "more than 50 characters",
            );
        }
        if self
            .expire_type
            .as_deref()
            .is_some_and(|t| !matches!(t, "group" | "custom"))
        {
            invalid(
                "expireType",
                IssueCode::UnknownEnum,
                "\"group\" or \"custom\"",
                "another text",
            );
        }
        if self.expire_date.as_deref().is_some_and(|d| !is_yyyymmdd(d)) {
            invalid(
                "expireDate",
                IssueCode::InvalidFormat,
                "a date yyyyMMdd, e.g. 20220428",
                "text that is not one",
            );
        }
        non_empty(w, "contacts", Some(&self.contacts));
        non_empty(w, "phone", Some(&self.phone));
    }
}

/// Whether `text` is a calendar date written `yyyyMMdd`.
fn is_yyyymmdd(text: &str) -> bool {
    let &[y0, y1, y2, y3, m0, m1, d0, d1] = text.as_bytes() else {
        return false;
    };
    let iso = [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1];
    std::str::from_utf8(&iso).is_ok_and(|iso| crate::time::parse_date(iso).is_some())
}

crate::json_model! {
    /// `data` of a `createSubAccount` response: the new sub-account.
    pub struct CreateSubAccountResponse {
        required {}
        optional {
            /// 应用ID.
            app_id as "appId": String,
            /// 应用Secret: the new sub-account's API secret. Store it as a credential.
            #[cfg_attr(feature = "wasm", tsify(type = "string"))]
            app_secret as "appSecret": SecretText,
            /// 用户全局ID.
            user_id as "userId": String,
        }
    }
}

impl Polyv {
    /// Builds a signed `listSubAccounts` request (a read: safe to repeat).
    pub fn list_sub_accounts(
        &self,
        input: &ListSubAccountsInput,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        const OP: &str = "listSubAccounts";
        check_rules(input).map_err(|e| e.during(VENDOR, OP))?;
        let query = (input.emails.as_ref(), input.page_size, input.page_number);
        self.get(SUB_ACCOUNTS_PATH, &account_query_params(query), opts)
            .map_err(|e| e.during(VENDOR, OP))
    }

    /// Reads a `listSubAccounts` response.
    pub fn parse_list_sub_accounts(
        &self,
        raw: &RawResponse,
    ) -> Result<Parsed<ListSubAccountsResponse>, Error> {
        parse_response("listSubAccounts", raw, &self.limits, crate::schema::read)
    }

    /// Builds a signed `createSubAccount` request: `appId`, `timestamp` and `sign` in the
    /// URL, the input as the JSON body. Not safe to repeat: it takes no idempotency key and
    /// creates the account asynchronously, so after a lost answer wait 1–3 s and look the
    /// e-mail up with `listSubAccounts` rather than send it again.
    pub fn create_sub_account(
        &self,
        input: &CreateSubAccountInput,
        opts: &BuildOptions,
    ) -> Result<HttpRequest, Error> {
        const OP: &str = "createSubAccount";
        check_rules(input).map_err(|e| e.during(VENDOR, OP))?;
        let body = serde_json::to_string(input).map_err(|e| {
            Error::new(ErrorKind::Input, format!("input cannot be serialized: {e}"))
                .during(VENDOR, OP)
        })?;
        self.post_json(CREATE_SUB_ACCOUNT_PATH, body, opts)
            .map_err(|e| e.during(VENDOR, OP))
    }

    /// Reads a `createSubAccount` response.
    pub fn parse_create_sub_account(
        &self,
        raw: &RawResponse,
    ) -> Result<Parsed<CreateSubAccountResponse>, Error> {
        parse_response("createSubAccount", raw, &self.limits, crate::schema::read)
    }
}

/// Each sub-account of a `listSubAccounts` page: the account (unit `access`, until
/// `expireDate`) and each amount it has left, as the list gives them (no amount granted or
/// used, and no period but the account's): `remainMinutes` (unit `minutes`),
/// `remainConcurrent` (`concurrent`), `remainFlow` and `remainSpace` (`gigabytes`, as Polyv
/// counts them, rounded down to whole G; whether a G is 10⁹ or 2³⁰ bytes is UNCONFIRMED, so
/// they are not converted).
/// A group billed by minutes allots only minutes, and one billed by concurrency only
/// concurrency (the create page), so an account's `chargeType` leaves the other out. A
/// `frozen` or `expired` status holds for every entitlement of the account.
pub(crate) fn sub_account_entitlements(
    model: &Value,
    context: &Context<'_>,
) -> Result<Vec<Entitlement>, Vec<Issue>> {
    const AMOUNTS: [(&str, Unit, &str); 4] = [
        ("remainMinutes", Unit::Minutes, "云直播剩余分钟数"),
        ("remainConcurrent", Unit::Concurrent, "云直播剩余并发"),
        ("remainFlow", Unit::Gigabytes, "云点播剩余流量"),
        ("remainSpace", Unit::Gigabytes, "云点播剩余空间"),
    ];
    convert(model, ListSubAccountsResponse::SHAPE, |page| {
        let mut out = Vec::new();
        for account in page.items("contents") {
            let (base, holder, forced) =
                sub_account(account, "listSubAccounts", context.now_ms, &mut out);
            let ends = out.last().and_then(|access| access.ends_at);
            let billing = account.text("chargeType");
            let by_concurrency = billing.is_some_and(|c| c.ends_with("Concurrent"));
            for (field, unit, name) in AMOUNTS {
                let other_billing = match unit {
                    Unit::Minutes => by_concurrency,
                    Unit::Concurrent => billing == Some("minutes"),
                    _ => false,
                };
                let Some(left) = account.whole(field).filter(|_| !other_billing) else {
                    continue;
                };
                let mut e = base.clone();
                e.unit = unit;
                e.source.id = holder.map(|h| format!("{h}/{field}"));
                e.product = Product {
                    id: Some(field.to_owned()),
                    name: Some(name.to_owned()),
                    tier: account.string("chargeType"),
                };
                e.remaining = Some(left);
                e.ends_at = ends;
                e.state = forced.unwrap_or_else(|| e.by_period_and_amount(context.now_ms));
                out.push(e);
            }
        }
        out
    })
}

impl crate::driver::Entitled for ListSubAccountsResponse {
    fn entitlements_in(&self, context: &Context<'_>) -> Result<Vec<Entitlement>, Vec<Issue>> {
        typed_conversion(self, context, sub_account_entitlements)
    }
}

crate::driver::call!(ListSubAccountsInput => Polyv, ListSubAccountsResponse,
    "listSubAccounts", list_sub_accounts, parse_list_sub_accounts);
crate::driver::call!(CreateSubAccountInput => Polyv, CreateSubAccountResponse,
    "createSubAccount", create_sub_account, parse_create_sub_account);
