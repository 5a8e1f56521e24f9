//! Operations as data: which vendor answers each operation, and whether sending it twice is
//! safe.
//!
//! Whether a request may be resent is a property of the operation, not of the caller's
//! code, so it lives here once. Three readers use it: each vendor's response reader (an
//! error of an operation that is not safe to repeat is never `retryable`, whatever the
//! vendor's code says), [`crate::driver::Call::safe_to_repeat`] (which the drivers ask
//! before resending after a network failure), and the docs. Smithy's `@idempotent` and
//! `@idempotencyToken` traits are the model.
//!
//! Each operation also names its response model's `Shape` and its vendor's [`Envelope`],
//! so that one function, [`check_response`], validates a success of any operation in one
//! pass, and the npm package builds the result with the engine's `JSON.parse`. Its input
//! model ([`InputModel`]) and result model are what `schema(op, part)` and
//! `jsonSchema(op, part)` expose, so a form validates with the builder's own check.
//!
//! ```
//! use quotakit::operation::{find, route_key, write_at, Repeat};
//!
//! let listing = find("baidu", "listResourcePackages");
//! assert_eq!(listing.map(|o| o.repeat), Some(Repeat::Read));
//! assert!(listing.is_some_and(|o| o.paging.is_some()));
//! // Every spelling of a route compares alike; Baidu's listing path is also order creation's.
//! assert_eq!(route_key("/V1/tms//openapi/trademark%73/"), "/v1/tms/openapi/trademarks");
//! assert!(write_at("baidu", "/v1/tms/openapi/trademarks/").is_some());
//! ```

use std::any::Any;

use serde_json::Value;

use crate::driver::Call;
use crate::driver::Client;
use crate::entitlement::Conversion;
use crate::error::{Error, ErrorKind};
use crate::http::{
    check_rules, read_input, BuildOptions, HttpRequest, Parsed, RawResponse, ResponseMetadata,
};
use crate::limits::Limits;
use crate::platforms::{baidu, douyin, polyv, tencent};
use crate::scan::{self, Probe};
use crate::schema::{FromJson, Validate};
use crate::shape::{HasShape, Shape};

/// Whether an operation may be sent again after a failure whose outcome is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Repeat {
    /// A read: sending it twice changes nothing.
    Read,
    /// A write the vendor counts once per value of this input field (Douyin's
    /// `out_trade_no`). Every such field is required, so a valid input always has it.
    Keyed(&'static str),
    /// A write with no idempotency key: a resend may act twice.
    Never,
}

/// One operation of one vendor.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// `tencent`, `baidu`, `polyv` or `douyin`: the `vendor` of its errors.
    pub vendor: &'static str,
    /// Its name, e.g. `describeAgentDealsByCache`: the `operation` of its errors.
    pub name: &'static str,
    /// Whether it may be sent twice.
    pub repeat: Repeat,
    /// The model of a successful response, when the table alone reads it. `None` for the
    /// two whose reader does more: the token fetch keeps the token, `syncUserAndOrderInfo`
    /// reads its business result in `Info.Code`.
    pub response: Option<&'static Shape>,
    /// The result model, for schemas: `response`, and `syncUserAndOrderInfo`'s model too.
    /// `None` for the token fetch, whose result is the token the client keeps.
    pub result: Option<&'static Shape>,
    /// A documented rule of a result that its shape cannot say, checked after it: Tencent
    /// Market's `Info.Code` of `syncUserAndOrderInfo`.
    pub result_rule: Option<ResultRule>,
    /// The input model, for schemas: `None` for the token fetch, which takes no input.
    pub input: Option<InputModel>,
    /// Its typed builder behind one signature, and its model names: `None` for the token
    /// fetch, which has a client method of its own.
    pub calls: Option<Calls>,
    /// How its model converts to entitlements: read operations that say what a customer
    /// bought (see [`crate::entitlement`]).
    pub entitlements: Option<Conversion>,
    /// What its conversion needs of the caller besides the result (the JS option's name):
    /// the user of Douyin's purchase list (`openId`), the instance of a Tencent usage plan
    /// (`instanceId`). Their results do not name their holder.
    pub entitlements_need: Option<&'static str>,
    /// How it pages, for a paged read ([`crate::driver::Driver::pages`]).
    pub paging: Option<Paging>,
}

/// A result's documented rule: `Err` with the vendor's error when a well-formed model
/// reports a failure.
pub type ResultRule = fn(&Value, &ResponseMetadata) -> Result<(), Error>;

/// An operation's input model: its table, and the check its builder makes before signing.
#[derive(Debug, Clone, Copy)]
pub struct InputModel {
    /// The input's shape (read strictly: unknown fields are issues).
    pub shape: &'static Shape,
    /// Reads a JSON input as the builder does and checks its documented rules: `Ok`, or an
    /// `input` error with every issue.
    pub check: fn(&Value) -> Result<(), Error>,
}

impl InputModel {
    /// The model of input type `T`.
    const fn of<T: HasShape + FromJson + Validate>() -> InputModel {
        InputModel {
            shape: T::SHAPE,
            check: |value| with_rule_issues(value, T::SHAPE, read_and_check::<T>),
        }
    }
}

/// An operation's typed builder behind one signature, for callers that name the operation
/// rather than its types: the npm package has one generic export per kind (`__build`,
/// `__buildLines`; `__parse` reads by the tables, [`read_response`]) and names a method per
/// operation at load from this table, so an operation is its declaration and nothing in
/// the wasm layer.
#[derive(Debug, Clone, Copy)]
pub struct Calls {
    /// The name of its input model (its TypeScript type in the npm package).
    pub input_type: &'static str,
    /// The name of its result model.
    pub result_type: &'static str,
    /// Reads a JSON input as its builder does (every issue, the documented rules' included)
    /// and builds the signed request with `client`, which must be the operation's client.
    pub build: fn(&dyn Any, &Value, &BuildOptions) -> Result<HttpRequest, Error>,
}

impl Calls {
    /// The calls of the operation whose input is `I`.
    const fn of<I: Call + HasShape + Validate + 'static>() -> Calls {
        let [input_type, result_type] = I::TYPES;
        Calls {
            input_type,
            result_type,
            build: build_erased::<I>,
        }
    }
}

/// `client` as `I`'s client, or an error that says which client `I` needs.
fn client_of<I: Call + 'static>(client: &dyn Any) -> Result<&I::Client, Error> {
    client
        .downcast_ref::<I::Client>()
        .ok_or_else(|| foreign(I::OPERATION))
}

/// The error of an operation called on another vendor's client: one copy, not one per input.
#[inline(never)]
fn foreign(operation: &str) -> Error {
    Error::new(
        ErrorKind::Input,
        format!("{operation} is not an operation of this client"),
    )
}

fn build_erased<I: Call + HasShape + Validate + 'static>(
    client: &dyn Any,
    input: &Value,
    opts: &BuildOptions,
) -> Result<HttpRequest, Error> {
    let client = client_of::<I>(client)?;
    // When it does not read, the input model says every issue, its documented rules' too.
    let check = InputModel::of::<I>().check;
    let typed: I = read_input(input, &[]).map_err(|e| check(input).err().unwrap_or(e))?;
    typed.build(client, opts)
}

/// Reads a JSON input as a `T` and checks its documented rules: the builder's own check.
fn read_and_check<T: FromJson + Validate>(value: &Value) -> Result<(), Error> {
    check_rules(&read_input::<T>(value, &[])?)
}

/// `check(value)`, and when it fails, the documented rules' issues about the *other*
/// fields too, so that every issue comes in one pass: `{ open_id: "", service_id: 5 }` says
/// both that `service_id` is not a string and that `open_id` is empty. The broken top-level
/// fields stand in with a placeholder of their `shape` (unknown ones are left out), the
/// check runs again, and what it says about the placeholders is dropped. When that cannot
/// be done (a broken root or nested model), the first error stands alone.
fn with_rule_issues(
    value: &Value,
    shape: &Shape,
    check: fn(&Value) -> Result<(), Error>,
) -> Result<(), Error> {
    use crate::schema::{IssueCode, PathSegment};
    let Err(first) = check(value) else {
        return Ok(());
    };
    let (Some(object), Shape::Object(fields)) = (value.as_object(), shape) else {
        return Err(first);
    };
    let mut patched = object.clone();
    let mut broken: Vec<&str> = Vec::new();
    for issue in &first.issues {
        let Some(PathSegment::Key(key)) = issue.path_segments.first() else {
            return Err(first);
        };
        match fields.iter().find(|f| f.wire == key) {
            Some(field) if issue.code != IssueCode::UnknownField => {
                patched.insert(key.clone(), field.shape.placeholder());
                broken.push(field.wire);
            }
            _ => {
                patched.remove(key);
            }
        }
    }
    let Err(again) = check(&Value::Object(patched)) else {
        return Err(first);
    };
    let about_others: Vec<_> = again
        .into_details()
        .issues
        .into_iter()
        .filter(|issue| {
            let at_broken = matches!(issue.path_segments.first(),
                Some(PathSegment::Key(k)) if broken.contains(&k.as_str()));
            !at_broken && !first.issues.contains(issue)
        })
        .collect();
    if about_others.is_empty() {
        return Err(first);
    }
    let issues = first.issues.iter().cloned().chain(about_others).collect();
    Err(Error::from_issues(crate::ErrorKind::Input, issues))
}

/// How a paged read asks for the next page and knows it has had the last, as Smithy's
/// `@paginated` trait says it. Field names are the vendor's, in the input and the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// An offset and a limit (Tencent): the next page starts after the records received.
    Offset {
        /// The input's offset field.
        offset: &'static str,
        /// The input's page-size field.
        limit: &'static str,
        /// The largest page size the vendor documents, where it documents one.
        max_limit: Option<u64>,
        /// The model's list of records.
        items: &'static str,
        /// The model's count of all records.
        total: &'static str,
    },
    /// A page number from 1 and a page size (Baidu, Polyv).
    Numbered {
        /// The input's page-number field.
        number: &'static str,
        /// The input's page-size field.
        size: &'static str,
        /// The page size the vendor uses when the input has none.
        default_size: u64,
        /// The largest page size accepted.
        max_size: u64,
        /// The model's list of records.
        items: &'static str,
        /// The model's count of pages, when the vendor gives one.
        total_pages: Option<&'static str>,
        /// The model's count of records, when the vendor gives one.
        total_items: Option<&'static str>,
    },
}

impl Paging {
    /// The input of the page after `page` (both as JSON), or `None` when `page` was the
    /// last: it was empty or short, or reached the total the vendor reports. The same rule
    /// in every driver, so it never asks for a page past the end.
    pub fn next_input(&self, input: &Value, page: &Value) -> Option<Value> {
        let number = |value: &Value, key: &str| value.get(key).and_then(Value::as_u64);
        let mut next = input.as_object()?.clone();
        match *self {
            Paging::Offset {
                offset,
                limit,
                items,
                total,
                ..
            } => {
                let received = page
                    .get(items)
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len) as u64;
                let at = number(input, offset).unwrap_or(0).saturating_add(received);
                let short = number(input, limit).is_some_and(|l| received < l);
                let all = number(page, total).is_some_and(|t| at >= t);
                if received == 0 || short || all {
                    return None;
                }
                next.insert(offset.to_owned(), Value::from(at));
            }
            Paging::Numbered {
                number: page_number,
                size,
                default_size,
                items,
                total_pages,
                total_items,
                ..
            } => {
                let received = page
                    .get(items)
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len) as u64;
                let size = number(input, size).unwrap_or(default_size);
                let at = number(input, page_number).unwrap_or(1);
                let last_page = total_pages
                    .and_then(|k| number(page, k))
                    .is_some_and(|p| at >= p);
                let all = total_items
                    .and_then(|k| number(page, k))
                    .is_some_and(|t| at.saturating_mul(size) >= t);
                if received == 0 || received < size || last_page || all {
                    return None;
                }
                next.insert(page_number.to_owned(), Value::from(at.checked_add(1)?));
            }
        }
        Some(Value::Object(next))
    }
}

/// How a vendor wraps its answers.
#[derive(Debug, Clone, Copy)]
pub struct Envelope {
    /// The key of the model in the body (`Response`, `data`), or `None` for the root.
    pub model_at: Option<&'static str>,
    /// The values outside the model that the error reader looks at, request id included.
    pub probes: &'static [Probe],
    /// Which probe holds the request id, when it is in the body.
    pub request_id: Option<usize>,
    /// The header that holds the request id, when it is not in the body.
    pub request_id_header: Option<&'static str>,
    /// The vendor's reader of error envelopes in a 2xx body, over the probed values.
    pub error: Option<fn(&RawResponse, &Value) -> Option<Error>>,
    /// Fields of the model's JSON that the model leaves out (Polyv's `appSecret`), as
    /// paths below the model; `*` stands for every item of an array.
    pub drop: &'static [&'static [&'static str]],
}

impl Envelope {
    /// Removes from `model` the fields that this vendor's models leave out ([`Envelope::drop`]).
    pub fn drop_fields(&self, model: &mut Value) {
        for path in self.drop {
            drop_path(model, path);
        }
    }
}

/// Every operation quotakit models.
pub const OPERATIONS: &[Operation] = &[
    op(
        "tencent",
        "describeAgentDealsByCache",
        Repeat::Read,
        Some(tencent::partners::DescribeAgentDealsByCacheResponse::SHAPE),
    )
    .typed::<tencent::partners::DescribeAgentDealsByCacheInput>()
    .with_entitlements(tencent::partners::deal_entitlements)
    .paged(Paging::Offset {
        offset: "Offset",
        limit: "Limit",
        max_limit: Some(tencent::partners::MAX_LIMIT),
        items: "AgentDealSet",
        total: "TotalCount",
    }),
    op(
        "tencent",
        "describeAgentSelfPayDealsV2",
        Repeat::Read,
        Some(tencent::partners::DescribeAgentSelfPayDealsV2Response::SHAPE),
    )
    .typed::<tencent::partners::DescribeAgentSelfPayDealsV2Input>()
    .with_entitlements(tencent::partners::self_pay_deal_entitlements)
    .paged(Paging::Offset {
        offset: "Offset",
        limit: "Limit",
        max_limit: Some(tencent::partners::MAX_LIMIT_V2),
        items: "AgentPayDealSet",
        total: "TotalCount",
    }),
    op(
        "tencent",
        "describeAgentPayDealsV2",
        Repeat::Read,
        Some(tencent::partners::DescribeAgentPayDealsV2Response::SHAPE),
    )
    .typed::<tencent::partners::DescribeAgentPayDealsV2Input>()
    .with_entitlements(tencent::partners::pay_deal_entitlements)
    .paged(Paging::Offset {
        offset: "Offset",
        limit: "Limit",
        max_limit: Some(tencent::partners::MAX_LIMIT_V2),
        items: "AgentPayDealSet",
        total: "TotalCount",
    }),
    op(
        "tencent",
        "describeAgentDealsPriceDetailByDealName",
        Repeat::Read,
        Some(tencent::partners::DescribeAgentDealsPriceDetailByDealNameResponse::SHAPE),
    )
    .typed::<tencent::partners::DescribeAgentDealsPriceDetailByDealNameInput>(),
    op(
        "tencent",
        "describeClientBalanceNew",
        Repeat::Read,
        Some(tencent::billing::DescribeClientBalanceNewResponse::SHAPE),
    )
    .typed::<tencent::billing::DescribeClientBalanceNewInput>()
    .with_entitlements(tencent::billing::balance_entitlements)
    .needing("clientUin"),
    op(
        "tencent",
        "describeAgentBills",
        Repeat::Read,
        Some(tencent::billing::DescribeAgentBillsResponse::SHAPE),
    )
    .typed::<tencent::billing::DescribeAgentBillsInput>()
    .paged(Paging::Offset {
        offset: "Offset",
        limit: "Limit",
        // Neither a default nor a largest Limit is documented.
        max_limit: None,
        items: "AgentBillSet",
        total: "TotalCount",
    }),
    // SyncUserAndOrderInfo takes no ClientToken: a resend may sync an order twice.
    op("tencent", "syncUserAndOrderInfo", Repeat::Never, None)
        .typed::<tencent::market::SyncUserAndOrderInfoInput>()
        .with_result(tencent::market::SyncUserAndOrderInfoResponse::SHAPE)
        .ruled(tencent::market::sync_result),
    op(
        "tencent",
        "getUsagePlanUsageAmount",
        Repeat::Read,
        Some(tencent::market::GetUsagePlanUsageAmountResponse::SHAPE),
    )
    .typed::<tencent::market::GetUsagePlanUsageAmountInput>()
    .with_entitlements(tencent::market::usage_plan_entitlements)
    .needing("instanceId"),
    // FlowProductRemind messages a customer and takes no idempotency key.
    op("tencent", "flowProductRemind", Repeat::Never, None)
        .typed::<tencent::market::FlowProductRemindInput>()
        .with_result(tencent::market::FlowProductRemindResponse::SHAPE)
        .ruled(tencent::market::remind_result),
    op(
        "baidu",
        "listResourcePackages",
        Repeat::Read,
        Some(baidu::tms::ListResourcePackagesResponse::SHAPE),
    )
    .typed::<baidu::tms::ListResourcePackagesInput>()
    .with_entitlements(baidu::tms::pack_entitlements)
    // The doc's body defaults pageSize to 10; its paging fields are UNCONFIRMED, so a short
    // or empty page ends the listing too.
    .paged(Paging::Numbered {
        number: "pageNo",
        size: "pageSize",
        default_size: 10,
        max_size: baidu::tms::MAX_PAGE_SIZE,
        items: "data",
        total_pages: None,
        total_items: Some("totalCount"),
    }),
    op(
        "polyv",
        "listPackageValidity",
        Repeat::Read,
        Some(polyv::group::ListPackageValidityResponse::SHAPE),
    )
    .typed::<polyv::group::ListPackageValidityInput>()
    .with_entitlements(polyv::group::account_entitlements)
    .paged(Paging::Numbered {
        number: "pageNumber",
        size: "pageSize",
        default_size: 10,
        max_size: polyv::group::MAX_PAGE_SIZE,
        items: "contents",
        total_pages: Some("totalPages"),
        total_items: Some("totalItems"),
    }),
    op(
        "polyv",
        "listSubAccounts",
        Repeat::Read,
        Some(polyv::accounts::ListSubAccountsResponse::SHAPE),
    )
    .typed::<polyv::accounts::ListSubAccountsInput>()
    .with_entitlements(polyv::accounts::sub_account_entitlements)
    .paged(Paging::Numbered {
        number: "pageNumber",
        size: "pageSize",
        default_size: 10,
        max_size: polyv::accounts::MAX_SUB_ACCOUNTS_PAGE_SIZE,
        items: "contents",
        total_pages: Some("totalPages"),
        total_items: Some("totalItems"),
    }),
    // Creation takes no idempotency key, and is asynchronous: look the e-mail up instead.
    op(
        "polyv",
        "createSubAccount",
        Repeat::Never,
        Some(polyv::accounts::CreateSubAccountResponse::SHAPE),
    )
    .typed::<polyv::accounts::CreateSubAccountInput>(),
    op("douyin", "clientToken", Repeat::Read, None),
    op(
        "douyin",
        "getUserServicePurchaseList",
        Repeat::Read,
        Some(douyin::market::PurchaseListData::SHAPE),
    )
    .typed::<douyin::market::GetUserServicePurchaseListInput>()
    .with_entitlements(douyin::market::purchase_entitlements)
    .needing("openId"),
    op(
        "douyin",
        "decrUserRemainTimes",
        Repeat::Keyed("out_trade_no"),
        Some(douyin::market::MarketAck::SHAPE),
    )
    .typed::<douyin::market::DecrUserRemainTimesInput>(),
    op(
        "douyin",
        "insertPurchaseInfo",
        Repeat::Never,
        Some(douyin::market::MarketAck::SHAPE),
    )
    .typed::<douyin::market::InsertPurchaseInfoInput>(),
    op(
        "douyin",
        "deletePurchaseInfo",
        Repeat::Never,
        Some(douyin::market::MarketAck::SHAPE),
    )
    .typed::<douyin::market::DeletePurchaseInfoInput>(),
];

const fn op(
    vendor: &'static str,
    name: &'static str,
    repeat: Repeat,
    response: Option<&'static Shape>,
) -> Operation {
    Operation {
        vendor,
        name,
        repeat,
        response,
        result: response,
        result_rule: None,
        input: None,
        calls: None,
        entitlements: None,
        entitlements_need: None,
        paging: None,
    }
}

impl Operation {
    /// This operation, with its input `I`: its input model and its typed calls.
    const fn typed<I: Call + HasShape + FromJson + Validate + 'static>(self) -> Operation {
        Operation {
            input: Some(InputModel::of::<I>()),
            calls: Some(Calls::of::<I>()),
            ..self
        }
    }

    /// This operation, with a result model that the table alone does not read.
    const fn with_result(self, result: &'static Shape) -> Operation {
        Operation {
            result: Some(result),
            ..self
        }
    }

    /// This operation, with a rule its result must keep.
    const fn ruled(self, rule: ResultRule) -> Operation {
        Operation {
            result_rule: Some(rule),
            ..self
        }
    }

    /// This operation, with a conversion of its model to entitlements.
    const fn with_entitlements(self, conversion: Conversion) -> Operation {
        Operation {
            entitlements: Some(conversion),
            ..self
        }
    }

    /// This operation, whose conversion needs the option `name` (see
    /// [`Operation::entitlements_need`]).
    const fn needing(self, name: &'static str) -> Operation {
        Operation {
            entitlements_need: Some(name),
            ..self
        }
    }

    /// This operation, paged.
    const fn paged(self, paging: Paging) -> Operation {
        Operation {
            paging: Some(paging),
            ..self
        }
    }
}

/// `vendor`'s envelope.
pub fn envelope(vendor: &str) -> Option<&'static Envelope> {
    match vendor {
        tencent::VENDOR => Some(&tencent::ENVELOPE),
        baidu::VENDOR => Some(&baidu::ENVELOPE),
        polyv::VENDOR => Some(&polyv::ENVELOPE),
        douyin::VENDOR => Some(&douyin::ENVELOPE),
        _ => None,
    }
}

/// Whether `body` (with HTTP `status`) is a valid success of `operation`: `Some` with the
/// vendor's request id (`header_request_id` for a vendor that sends it as a header), or
/// `None` when the full reader must read it, because it is an error, is invalid, or the
/// operation's response is not read by the table alone. One pass, nothing built.
/// `from_js`: the body is a UTF-8 copy of a JS string (see [`scan::check`]'s `refuse_fffd`).
pub fn check_response(
    operation: &Operation,
    status: u16,
    body: &str,
    limits: &Limits,
    header_request_id: Option<&str>,
    from_js: bool,
) -> Option<Option<String>> {
    let model = operation.response?;
    // A result rule reads the built model: such an operation is never approved in one pass.
    if operation.result_rule.is_some() {
        return None;
    }
    let envelope = envelope(operation.vendor)?;
    if !(200..300).contains(&status) {
        return None;
    }
    let found = scan::check(
        body,
        limits,
        envelope.model_at,
        model,
        envelope.probes,
        from_js,
    )?;
    let skeleton = found.skeleton(envelope.probes);
    if let Some(error) = envelope.error {
        if error(&RawResponse::new(status, String::new()), &skeleton).is_some() {
            return None;
        }
    }
    let request_id = match envelope.request_id {
        Some(index) => envelope
            .probes
            .get(index)
            .and_then(|path| path.iter().try_fold(&skeleton, |v, key| v.get(key)))
            .and_then(Value::as_str)
            .map(str::to_owned),
        None => header_request_id.map(str::to_owned),
    };
    Some(request_id)
}

/// Reads a response of `operation` with `client` by the tables alone: the vendor's
/// envelope and errors, then the result model's shape (every issue, with its path), then
/// the result's documented rule. The model comes back as the vendor sent it, less the
/// fields the envelope drops: what the one-pass check and `JSON.parse` give, for a body
/// the check sent on (the npm package's full reader, so the `.wasm` has no reader per model).
pub fn read_response<C: Client>(
    client: &C,
    operation: &'static Operation,
    raw: &RawResponse,
) -> Result<Parsed<Value>, Error> {
    let Some(shape) = operation.result else {
        let message = format!("{} has no result model", operation.name);
        return Err(Error::new(ErrorKind::Input, message).during(operation.vendor, operation.name));
    };
    let mut parsed = client.read_model(operation.name, raw, &|v, root| shape.read(v, root))?;
    if let Some(envelope) = envelope(operation.vendor) {
        envelope.drop_fields(parsed.model_mut());
    }
    if let Some(rule) = operation.result_rule {
        rule(&parsed, parsed.metadata())?;
    }
    Ok(parsed)
}

/// Removes the field at `path` (`*` for every item of an array) from `value`.
fn drop_path(value: &mut Value, path: &[&str]) {
    match (path.split_first(), value) {
        (Some((&"*", rest)), Value::Array(items)) => {
            items.iter_mut().for_each(|item| drop_path(item, rest));
        }
        (Some((key, [])), Value::Object(map)) => {
            map.remove(*key);
        }
        (Some((key, rest)), Value::Object(map)) => {
            if let Some(inner) = map.get_mut(*key) {
                drop_path(inner, rest);
            }
        }
        _ => {}
    }
}

/// The operation `name` of `vendor`, if quotakit models it.
pub fn find(vendor: &str, name: &str) -> Option<&'static Operation> {
    OPERATIONS
        .iter()
        .find(|o| o.vendor == vendor && o.name == name)
}

/// A write that a read may be sent to by mistake: its path is routed by the path alone, and
/// a read's documented (or overridden) path can name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WritePath {
    /// The vendor whose host serves it.
    pub vendor: &'static str,
    /// The path, as documented.
    pub path: &'static str,
    /// What it does, in the vendor's words.
    pub what: &'static str,
}

/// Every write path that a read's path can reach. A read sent to one of these (after
/// [`route_key`]) is never resent, whatever its declaration says: the first attempt may
/// have acted. Baidu's TMS document gives its listing the path of its order creation.
pub const WRITE_PATHS: &[WritePath] = &[WritePath {
    vendor: "baidu",
    path: "/v1/tms/openapi/trademarks",
    what: "Baidu TMS's 创建商标订单并下单支付 (create a trademark order and pay)",
}];

/// `path` as a router may see it, so that every spelling of one route compares equal:
/// percent-decoding applied until nothing changes (a server or a proxy may decode twice;
/// bytes that are not UTF-8 become U+FFFD), `\` as `/`, case folded (with the letters whose
/// case mapping lands in ASCII, `ſ` and the Kelvin sign, as Java's `equalsIgnoreCase` does),
/// `;` parameters cut from each segment (as Java servlet containers do), white space around a
/// segment trimmed, empty and `.` segments dropped, `..` applied, no trailing slash, and the
/// last segment's suffix (`.json`, `.do`, a bare `.`) dropped, as Spring MVC's suffix
/// matching routes `/x.json` to `/x`. Deliberately broad: it only ever makes a resend *less*
/// likely.
pub fn route_key(path: &str) -> String {
    let mut text = path.to_owned();
    for _ in 0..8 {
        let decoded = percent_decode(&text);
        if decoded == text {
            break;
        }
        text = decoded;
    }
    let folded: String = text
        .chars()
        .map(|c| match c {
            '\\' => '/',
            'ſ' => 's',
            '\u{212A}' => 'k',
            'ı' | 'İ' => 'i',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    let mut segments: Vec<&str> = Vec::new();
    for segment in folded.split('/') {
        match segment.split(';').next().unwrap_or_default().trim() {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    if let Some(last) = segments.last_mut() {
        if let Some(dot) = last.rfind('.').filter(|at| *at > 0) {
            *last = last.get(..dot).unwrap_or(last);
        }
    }
    format!("/{}", segments.join("/"))
}

/// `%XX` sequences as the bytes they stand for, anything else as written; a byte sequence
/// that is not UTF-8 becomes U+FFFD.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let hex = |at: usize| bytes.get(at).and_then(|b| (*b as char).to_digit(16));
        match (byte, hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            _ => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The write of `vendor` that `path` reaches, if any (see [`WRITE_PATHS`]).
pub fn write_at(vendor: &str, path: &str) -> Option<&'static WritePath> {
    let key = route_key(path);
    WRITE_PATHS
        .iter()
        .find(|w| w.vendor == vendor && route_key(w.path) == key)
}

/// Whether `vendor`'s operation `name` may be resent. `sent_path`: the path the request
/// goes to, for a vendor that routes by path (Baidu); `has_key(field)`: the input carries a
/// non-empty value for `field`. Unknown operations (escape hatches such as `signRequest`)
/// are never resent, and neither is a read sent to a write's path ([`WRITE_PATHS`]).
pub(crate) fn safe_to_repeat(
    vendor: &str,
    name: &str,
    sent_path: Option<&str>,
    has_key: impl Fn(&str) -> bool,
) -> bool {
    if sent_path.is_some_and(|path| write_at(vendor, path).is_some()) {
        return false;
    }
    match find(vendor, name).map(|o| o.repeat) {
        Some(Repeat::Read) => true,
        Some(Repeat::Keyed(field)) => has_key(field),
        Some(Repeat::Never) | None => false,
    }
}

/// `error` as the caller of `vendor`'s operation `name` should see it: a vendor's
/// "transient" code on an operation that is not safe to repeat is not retryable, because
/// the first attempt may have acted. Keyed operations keep the vendor's verdict: their key
/// is required, so the input that was sent had one.
pub(crate) fn settle_retryable(
    mut error: crate::Error,
    vendor: &str,
    name: &str,
    sent_path: Option<&str>,
) -> crate::Error {
    if error.retryable && !safe_to_repeat(vendor, name, sent_path, |_| true) {
        error.retryable = false;
        let why = match sent_path.and_then(|path| write_at(vendor, path)) {
            Some(write) => format!("its path is also that of {}", write.what),
            None => "the first attempt may have acted".to_owned(),
        };
        error.message.push_str(&format!(
            " (not retryable: {name} is not safe to repeat; {why})"
        ));
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_declared_once() {
        for (i, a) in OPERATIONS.iter().enumerate() {
            for b in OPERATIONS.iter().skip(i + 1) {
                assert!(
                    (a.vendor, a.name) != (b.vendor, b.name),
                    "{} {} twice",
                    a.vendor,
                    a.name
                );
            }
        }
    }

    #[test]
    fn every_operation_but_the_token_fetch_has_input_and_result_models() {
        for o in OPERATIONS {
            let token = (o.vendor, o.name) == ("douyin", "clientToken");
            assert_eq!(o.input.is_none(), token, "{} {} input", o.vendor, o.name);
            assert_eq!(o.result.is_none(), token, "{} {} result", o.vendor, o.name);
            assert!(o.response.is_none() || o.response == o.result);
        }
    }

    #[test]
    fn an_input_model_checks_shape_then_documented_rules() {
        let deals = find("tencent", "describeAgentDealsByCache")
            .and_then(|o| o.input)
            .expect("declared");
        let most = tencent::partners::MAX_LIMIT;
        assert!((deals.check)(&serde_json::json!({ "Offset": 0, "Limit": most })).is_ok());
        let shape = (deals.check)(&serde_json::json!({ "Offset": "0", "Limit": 1, "X": 1 }))
            .expect_err("a string offset and an unknown field");
        let paths: Vec<&str> = shape.issues.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, ["$.X", "$.Offset"]);
        let rule = (deals.check)(&serde_json::json!({ "Offset": 0, "Limit": most + 1 }))
            .expect_err("Limit over the documented maximum");
        assert_eq!(
            rule.issues.first().map(|i| i.path.as_str()),
            Some("$.Limit")
        );
    }

    #[test]
    fn writes_without_a_key_and_unknown_operations_are_never_resent() {
        assert!(!safe_to_repeat(
            "tencent",
            "syncUserAndOrderInfo",
            None,
            |_| true
        ));
        assert!(!safe_to_repeat(
            "douyin",
            "insertPurchaseInfo",
            None,
            |_| true
        ));
        assert!(!safe_to_repeat("tencent", "signRequest", None, |_| true));
    }

    #[test]
    fn an_input_check_reports_rules_beside_type_errors_in_one_pass() {
        let deals = find("tencent", "describeAgentDealsByCache")
            .and_then(|o| o.input)
            .expect("declared");
        let both = (deals.check)(&serde_json::json!({ "Offset": "0", "Limit": 0, "X": 1 }))
            .expect_err("a string offset, a zero limit, an unknown field");
        let found: Vec<(&str, &str)> = both
            .issues
            .iter()
            .map(|i| (i.code.as_str(), i.path.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("unknown_field", "$.X"),
                ("invalid_type", "$.Offset"),
                ("out_of_range", "$.Limit")
            ]
        );
        assert_eq!(both.path.as_deref(), Some("$.X"), "the first issue leads");
        // A missing required field stands in too; its placeholder's own issue is dropped.
        let missing = (deals.check)(&serde_json::json!({ "Limit": 500 })).expect_err("two");
        let paths: Vec<&str> = missing.issues.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, ["$.Offset", "$.Limit"]);
    }

    #[test]
    fn keyed_writes_need_their_key() {
        assert!(safe_to_repeat("douyin", "decrUserRemainTimes", None, |k| k
            == "out_trade_no"));
        assert!(!safe_to_repeat(
            "douyin",
            "decrUserRemainTimes",
            None,
            |_| false
        ));
    }
}
