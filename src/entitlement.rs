//! What every customer bought and has left, in one shape across the four vendors.
//!
//! Each vendor answers "what did this customer buy, and how much is left?" in its own
//! shape: Douyin's `remain_service_times` or `effective_time`/`expire_time`, Tencent's deal
//! statuses, Baidu's `count`/`countUsage`/`expireTime`, Polyv's `minutes`/`flow`/`space`
//! lists. Each read operation's model converts to [`Entitlement`]s (the conversions live
//! next to the models, in `platforms/`), and [`summarize`] folds them into one row per
//! customer and unit with alerts, the way Stripe's active entitlements and Orb's credit
//! balance blocks present the same question.
//!
//! Everything is a pure function of the vendor's data and an explicit `now`. Where a
//! vendor's meaning is UNCONFIRMED (the README's "assumptions" table), a conversion says `unknown`
//! and its `note` says why, rather than guess.
//!
//! ```
//! use quotakit::entitlement::{summarize, Alert, EntitlementOptions, SummaryOptions, Unit};
//! use quotakit::{Baidu, BaiduOptions, Client, RawResponse};
//!
//! let baidu = Baidu::new(BaiduOptions::new("ak-example", "fake-secret-not-real"))?;
//! let body = r#"{"data":[{"resourcePackId":"TRP-1","name":"快速注册包年20件套餐","count":20,
//!     "countUsage":19,"expireTime":"2030-01-01T00:00:00.000+0000","status":"USING"}]}"#;
//! let packs = baidu.parse_list_resource_packages(&RawResponse::new(200, body))?;
//! let now = 1_700_000_000_000_i64;
//! let rights = baidu.entitlements(&packs, &EntitlementOptions::at(now))?;
//! assert_eq!((rights[0].unit, rights[0].remaining), (Unit::Items, Some(1)));
//! let summary = summarize(&rights, &SummaryOptions::at(now))?;
//! assert_eq!(summary.customers[0].customer, "baidu:account:ak-example");
//! assert_eq!(summary.customers[0].alerts, [Alert::Low]);
//! # Ok::<(), quotakit::Error>(())
//! ```

use std::collections::BTreeMap;

use serde_json::Value;

use crate::schema::{Issue, IssueCode, Walker};
use crate::shape::Shape;

/// The furthest a date can be from the epoch, in ms: ECMAScript's time value range (±10⁸
/// days), which JavaScript's dates and most date libraries share. A vendor's time beyond it passes
/// the schema (it is a documented integer) but makes no entitlement period.
pub const MAX_DATE_MS: i64 = 8_640_000_000_000_000;

/// What a conversion needs besides the model.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The time states are judged at, ms since the epoch.
    pub now_ms: i64,
    /// The Baidu account (its access key id), which the response does not name.
    pub account: Option<&'a str>,
    /// The Douyin user the request asked about (`open_id`), which the response does not name.
    pub open_id: Option<&'a str>,
    /// The Tencent Cloud Market instance a usage plan was asked for (`InstanceId`), which
    /// the response does not name.
    pub instance_id: Option<&'a str>,
    /// The Tencent Partners customer a balance was asked for (`ClientUin`), which the
    /// response does not name.
    pub client_uin: Option<&'a str>,
}

impl<'a> Context<'a> {
    /// The context of `options` at `now_ms`, for the client that signs as `account`.
    pub(crate) fn of(
        now_ms: i64,
        account: Option<&'a str>,
        options: &'a EntitlementOptions,
    ) -> Self {
        Context {
            now_ms,
            account,
            open_id: options.open_id.as_deref(),
            instance_id: options.instance_id.as_deref(),
            client_uin: options.client_uin.as_deref(),
        }
    }
}

/// One read operation's conversion: its validated model, as JSON, to entitlements.
pub type Conversion = fn(&Value, &Context<'_>) -> Result<Vec<Entitlement>, Vec<Issue>>;

/// Checks `model` against its table `shape` (leniently, as responses are read: every issue)
/// and converts it with `convert`, which reads it through a [`View`]. The one way a result
/// becomes entitlements, from JS's JSON and from Rust's typed models alike.
pub(crate) fn convert(
    model: &Value,
    shape: &'static Shape,
    convert: impl FnOnce(View<'_>) -> Vec<Entitlement>,
) -> Result<Vec<Entitlement>, Vec<Issue>> {
    let mut w = Walker::at_root(&[]);
    shape.check(model, &mut w);
    if w.has_issues() {
        return Err(w.into_issues());
    }
    Ok(convert(View(model)))
}

/// A typed model's entitlements by its conversion: the model as the JSON it came from.
pub(crate) fn typed_conversion<T: serde::Serialize>(
    model: &T,
    context: &Context<'_>,
    conversion: Conversion,
) -> Result<Vec<Entitlement>, Vec<Issue>> {
    conversion(&serde_json::to_value(model).unwrap_or_default(), context)
}

/// A checked model read by field name: what a conversion needs of it, with no reader per
/// model. A field that is absent or `null` reads as `None`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct View<'a>(&'a Value);

impl<'a> View<'a> {
    /// The text at `key`.
    pub(crate) fn text(self, key: &str) -> Option<&'a str> {
        self.0.get(key)?.as_str()
    }

    /// The text at `key`, owned.
    pub(crate) fn string(self, key: &str) -> Option<String> {
        self.text(key).map(str::to_owned)
    }

    /// The integer at `key`, as the table reads integers (`5.0` is 5).
    pub(crate) fn integer(self, key: &str) -> Option<i64> {
        crate::schema::exact_integer(self.0.get(key)?)
    }

    /// The number at `key` rounded down to a whole one (Polyv's G of flow and space may have
    /// a fraction), or `None` beyond what an `i64` holds exactly.
    pub(crate) fn whole(self, key: &str) -> Option<i64> {
        let n = self.0.get(key)?.as_f64()?.floor();
        (n.abs() <= crate::schema::MAX_SAFE_INTEGER as f64).then_some(n as i64)
    }

    /// Whether `key` holds a value other than `null`.
    pub(crate) fn has(self, key: &str) -> bool {
        !matches!(self.0.get(key), None | Some(Value::Null))
    }

    /// The items of the list at `key` (none when it is absent or `null`).
    pub(crate) fn items(self, key: &str) -> impl Iterator<Item = View<'a>> {
        self.0
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(View)
    }
}

/// `name` from the context, or a `missing_field` issue at `$.options.<name>`.
pub(crate) fn needed<'a>(
    value: Option<&'a str>,
    name: &'static str,
) -> Result<&'a str, Vec<Issue>> {
    value.ok_or_else(|| {
        let mut w = Walker::at_root(&["options"]);
        w.key(name, |w| {
            w.issue(IssueCode::MissingField, "string", "undefined")
        });
        w.into_issues()
    })
}

crate::json_enum! {
    /// What an entitlement is counted in.
    pub enum Unit {
        /// Uses of a service (Douyin's count-based tiers).
        Uses = "uses",
        /// Minutes (Polyv live minutes).
        Minutes = "minutes",
        /// Bytes (Polyv VOD traffic and storage).
        Bytes = "bytes",
        /// Items (Baidu TMS trademark registrations).
        Items = "items",
        /// Concurrent viewers or channels (Polyv's concurrency packages).
        Concurrent = "concurrent",
        /// Access for a period, without an amount (Douyin's time-based tiers, a Tencent deal).
        Access = "access",
        /// API calls of a usage plan (Tencent Cloud Market).
        Requests = "requests",
        /// Gigabytes, as Polyv's sub-account list counts VOD flow and space ("G": whether
        /// 10⁹ or 2³⁰ bytes is UNCONFIRMED, so they are not converted to `bytes`).
        Gigabytes = "gigabytes",
        /// Money, in 分 (hundredths of a yuan): a Tencent customer's balance.
        CnyFen = "cny_fen",
    }
}

crate::json_enum! {
    /// An entitlement's state at `now`.
    pub enum State {
        /// In force, with something left.
        Active = "active",
        /// In force, nothing left.
        Exhausted = "exhausted",
        /// Past its end.
        Expired = "expired",
        /// Before its start.
        NotStarted = "not_started",
        /// Bought but not yet paid or delivered.
        Pending = "pending",
        /// Refunded.
        Refunded = "refunded",
        /// Frozen by the vendor.
        Frozen = "frozen",
        /// The vendor's data does not say; `note` explains.
        Unknown = "unknown",
    }
}

crate::json_model! {
    /// Which record of which operation an entitlement came from.
    pub struct Source {
        required {
            /// The read operation, e.g. `describeAgentDealsByCache`.
            operation as "operation": String,
            /// The vendor's id of the record (a deal name, a resource pack id), when it has one.
            id as "id": Option<String>,
        }
        optional {}
    }
}

crate::json_model! {
    /// Who holds an entitlement, in the vendor's terms.
    pub struct Holder {
        required {
            /// `open_id` (Douyin), `uin` (Tencent), `sub_account` (Polyv), `account` (Baidu).
            kind as "kind": String,
            /// The id, when the vendor gives one.
            id as "id": Option<String>,
        }
        optional {}
    }
}

crate::json_model! {
    /// What was bought.
    pub struct Product {
        required {
            /// The vendor's product or service id.
            id as "id": Option<String>,
            /// Its name.
            name as "name": Option<String>,
            /// The tier or plan, e.g. Douyin's 标准版.
            tier as "tier": Option<String>,
        }
        optional {}
    }
}

crate::json_model! {
    /// One thing a customer bought, and how much of it is left at `now`.
    pub struct Entitlement {
        required {
            /// `tencent`, `baidu`, `polyv` or `douyin`.
            vendor as "vendor": String,
            /// Where it came from.
            source as "source": Source,
            /// Who holds it.
            holder as "holder": Holder,
            /// What it is for.
            product as "product": Product,
            /// What its amounts count.
            unit as "unit": Unit,
            /// How much was granted, where the vendor says.
            granted as "granted": Option<i64>,
            /// How much was used, where the vendor says.
            used as "used": Option<i64>,
            /// How much is left, where the vendor says.
            remaining as "remaining": Option<i64>,
            /// Start, ms since the epoch; none when unknown or from the beginning.
            starts_at as "startsAt": Option<i64>,
            /// End, ms since the epoch (exclusive); none for permanent or unknown.
            ends_at as "endsAt": Option<i64>,
            /// The state at the `now` it was computed for.
            state as "state": State,
            /// Why the state is what it is, where the vendor's data leaves it open.
            note as "note": Option<String>,
        }
        optional {}
    }
}

impl Entitlement {
    /// An entitlement of `vendor`'s `operation` with no amounts, no period and state
    /// `unknown`, for a conversion to fill in.
    pub(crate) fn blank(
        vendor: &str,
        operation: &str,
        holder: (&str, Option<&str>),
        unit: Unit,
    ) -> Self {
        Entitlement {
            vendor: vendor.to_owned(),
            source: Source {
                operation: operation.to_owned(),
                id: None,
            },
            holder: Holder {
                kind: holder.0.to_owned(),
                id: holder.1.map(str::to_owned),
            },
            product: Product {
                id: None,
                name: None,
                tier: None,
            },
            unit,
            granted: None,
            used: None,
            remaining: None,
            starts_at: None,
            ends_at: None,
            state: State::Unknown,
            note: None,
        }
    }

    /// Sets the period from the vendor's times in ms, each named by its field. A time beyond
    /// what a date can hold ([`MAX_DATE_MS`]) sets neither: the entitlement stays `unknown`
    /// with a note naming the field, since no calendar has such an end. Returns whether the
    /// period was set.
    pub(crate) fn set_period(
        &mut self,
        starts: (&str, Option<i64>),
        ends: (&str, Option<i64>),
    ) -> bool {
        for (field, value) in [starts, ends] {
            if let Some(ms) = value.filter(|ms| ms.unsigned_abs() > MAX_DATE_MS.unsigned_abs()) {
                self.state = State::Unknown;
                self.note = Some(format!(
                    "{field} {ms} ms is beyond the range of a date (±8.64e15 ms)"
                ));
                return false;
            }
        }
        self.starts_at = starts.1;
        self.ends_at = ends.1;
        true
    }

    /// The state of an entitlement in force from `starts_at` to `ends_at` with
    /// `remaining` left (when counted), at `now_ms`.
    pub(crate) fn by_period_and_amount(&self, now_ms: i64) -> State {
        if self.starts_at.is_some_and(|start| now_ms < start) {
            State::NotStarted
        } else if self.ends_at.is_some_and(|end| now_ms >= end) {
            State::Expired
        } else if self.remaining.is_some_and(|left| left <= 0) {
            State::Exhausted
        } else {
            State::Active
        }
    }

    /// `vendor:kind:id`, the key of a holder in [`SummaryOptions::customers`].
    pub fn holder_key(&self) -> String {
        format!(
            "{}:{}:{}",
            self.vendor,
            self.holder.kind,
            self.holder.id.as_deref().unwrap_or("")
        )
    }
}

crate::json_model! {
    /// Options of [`crate::Client::entitlements`]: when to judge, and for Douyin whose list it is.
    pub struct EntitlementOptions {
        required {}
        optional {
            /// The time states are judged at, ms since the epoch. Required in Rust
            /// ([`EntitlementOptions::at`]); the npm package defaults it to the time of the call.
            now as "now": i64,
            /// Douyin: the `open_id` the purchase list was asked for (the response does not
            /// repeat it). Required for `getUserServicePurchaseList`.
            open_id as "openId": String,
            /// Tencent Cloud Market: the `InstanceId` the usage plan was asked for (the
            /// response does not repeat it). Required for `getUsagePlanUsageAmount`.
            instance_id as "instanceId": String,
            /// Tencent Partners: the `ClientUin` the balance was asked for (the response does
            /// not repeat it). Required for `describeClientBalanceNew`.
            client_uin as "clientUin": String,
        }
    }
}

impl Default for EntitlementOptions {
    /// No time and nothing about the holder: the npm package's options when none are given.
    fn default() -> Self {
        EntitlementOptions {
            now: None,
            open_id: None,
            instance_id: None,
            client_uin: None,
        }
    }
}

impl EntitlementOptions {
    /// Options that judge at `now` (`SystemTime::now()`, or ms since the epoch). Douyin's
    /// results also need the user: `EntitlementOptions::at(now).with_open_id(id)`.
    pub fn at(now: impl crate::time::UnixMillis) -> Self {
        EntitlementOptions {
            now: Some(now.unix_millis()),
            ..EntitlementOptions::default()
        }
    }

    /// These options for the usage plan of Tencent Cloud Market instance `instance_id`.
    pub fn with_instance_id(self, instance_id: impl Into<String>) -> Self {
        EntitlementOptions {
            instance_id: Some(instance_id.into()),
            ..self
        }
    }

    /// These options for the balance of Tencent Partners customer `client_uin`.
    pub fn with_client_uin(self, client_uin: impl Into<String>) -> Self {
        EntitlementOptions {
            client_uin: Some(client_uin.into()),
            ..self
        }
    }

    /// These options for Douyin's purchase list of `open_id` (the user it was asked for).
    pub fn with_open_id(self, open_id: impl Into<String>) -> Self {
        EntitlementOptions {
            open_id: Some(open_id.into()),
            ..self
        }
    }
}

/// `now` from options, or a `missing_field` issue at `$.options.now`: the core reads no
/// clock.
pub(crate) fn needed_now(now: Option<i64>) -> Result<i64, Vec<Issue>> {
    now.ok_or_else(|| {
        let mut w = Walker::at_root(&["options"]);
        w.key("now", |w| {
            w.issue(
                IssueCode::MissingField,
                "ms since the epoch (the core reads no clock)",
                "undefined",
            )
        });
        w.into_issues()
    })
}

crate::json_enum! {
    /// Something about a customer's unit that needs attention.
    pub enum Alert {
        /// Less than `lowBelow` of what was granted is left.
        Low = "low",
        /// Nothing in force has anything left.
        Exhausted = "exhausted",
        /// Something in force ends within `expiringWithinDays`.
        Expiring = "expiring",
        /// Nothing is in force any more, and something has expired.
        Expired = "expired",
    }
}

crate::json_model! {
    /// Options of [`summarize`].
    #[cfg_attr(feature = "wasm", tsify(hashmap_as_object))]
    pub struct SummaryOptions {
        required {}
        optional {
            /// The time states and alerts are judged at, ms since the epoch. Required in Rust
            /// (the core reads no clock: [`SummaryOptions::at`]); the npm package defaults it to
            /// the time of the call.
            now as "now": i64,
            /// Holders (`vendor:kind:id`, e.g. `tencent:uin:100098443430`) to the caller's own customer ids, so
            /// that one company seen by several vendors is one row.
            customers as "customers": BTreeMap<String, String>,
            /// `low` when less than this share of what was granted is left. Default 0.1.
            low_below as "lowBelow": f64,
            /// `expiring` when something in force ends within this many days. Default 7.
            expiring_within_days as "expiringWithinDays": u64,
        }
    }
}

crate::json_model! {
    /// A holder as it appears in a summary.
    pub struct HolderRef {
        required {
            /// The vendor.
            vendor as "vendor": String,
            /// The holder's kind.
            kind as "kind": String,
            /// The holder's id.
            id as "id": Option<String>,
        }
        optional {}
    }
}

crate::json_model! {
    /// One customer's entitlements to one product in one unit, added up.
    pub struct UnitSummary {
        required {
            /// The unit.
            unit as "unit": Unit,
            /// The product: its id, and its name when every entitlement added here has the same.
            product as "product": Product,
            /// Granted, over the active entitlements that say, or over the exhausted ones when
            /// none is active (none if none does).
            granted as "granted": Option<i64>,
            /// Used, likewise.
            used as "used": Option<i64>,
            /// Left, likewise.
            remaining as "remaining": Option<i64>,
            /// The soonest end among the active ones, ms.
            soonest_end as "soonestEnd": Option<i64>,
            /// How many are active.
            active as "active": u64,
            /// Its alerts.
            alerts as "alerts": Vec<Alert>,
            /// The entitlements, as given.
            entitlements as "entitlements": Vec<Entitlement>,
        }
        optional {}
    }
}

crate::json_model! {
    /// One customer, across every vendor that knows them.
    pub struct CustomerSummary {
        required {
            /// The caller's customer id, or the holder key when `customers` does not map it.
            customer as "customer": String,
            /// Every vendor holder that maps to this customer.
            holders as "holders": Vec<HolderRef>,
            /// One row per unit and product.
            units as "units": Vec<UnitSummary>,
            /// Every alert of every unit, once each.
            alerts as "alerts": Vec<Alert>,
        }
        optional {}
    }
}

crate::json_model! {
    /// What [`summarize`] returns: customers by id.
    pub struct Summary {
        required {
            /// One entry per customer, sorted by id.
            customers as "customers": Vec<CustomerSummary>,
        }
        optional {}
    }
}

/// The default of [`SummaryOptions::low_below`].
pub const DEFAULT_LOW_BELOW: f64 = 0.1;
/// The default of [`SummaryOptions::expiring_within_days`].
pub const DEFAULT_EXPIRING_WITHIN_DAYS: u64 = 7;

impl SummaryOptions {
    /// Options that judge at `now` (`SystemTime::now()`, or ms since the epoch), every other
    /// option at its default.
    pub fn at(now: impl crate::time::UnixMillis) -> Self {
        SummaryOptions {
            now: Some(now.unix_millis()),
            customers: None,
            low_below: None,
            expiring_within_days: None,
        }
    }

    /// Records an issue for each option out of its range: `now` missing, `lowBelow` outside
    /// 0..=1, `expiringWithinDays` over 3650.
    fn check(&self, w: &mut Walker) {
        if self.now.is_none() {
            w.key("now", |w| {
                w.issue(
                    IssueCode::MissingField,
                    "ms since the epoch (the core reads no clock)",
                    "undefined",
                )
            });
        }
        if let Some(share) = self.low_below.filter(|s| !(0.0..=1.0).contains(s)) {
            w.key("lowBelow", |w| {
                w.issue(IssueCode::OutOfRange, "0..=1", format!("number {share}"))
            });
        }
        if let Some(days) = self.expiring_within_days.filter(|d| *d > 3650) {
            w.key("expiringWithinDays", |w| {
                w.issue(IssueCode::OutOfRange, "0..=3650", format!("number {days}"))
            });
        }
    }
}

/// Folds `entitlements` into one row per customer, unit and product, with alerts, at
/// `options.now`. An option out of its range is an `input` error naming it
/// (`$.options.lowBelow`).
pub fn summarize(
    entitlements: &[Entitlement],
    options: &SummaryOptions,
) -> Result<Summary, crate::Error> {
    let mut w = Walker::at_root(&["options"]);
    options.check(&mut w);
    match options.now {
        Some(now_ms) if !w.has_issues() => Ok(fold(entitlements, options, now_ms)),
        _ => Err(
            crate::Error::from_issues(crate::ErrorKind::Input, w.into_issues())
                .during("quotakit", "summarize"),
        ),
    }
}

/// [`summarize`] once its options are checked.
fn fold(entitlements: &[Entitlement], options: &SummaryOptions, now_ms: i64) -> Summary {
    let low_below = options.low_below.unwrap_or(DEFAULT_LOW_BELOW);
    let horizon = i64::try_from(
        options
            .expiring_within_days
            .unwrap_or(DEFAULT_EXPIRING_WITHIN_DAYS),
    )
    .unwrap_or(i64::MAX / 86_400_000)
    .saturating_mul(86_400_000);
    let mut by_customer: BTreeMap<String, Vec<&Entitlement>> = BTreeMap::new();
    for entitlement in entitlements {
        let key = entitlement.holder_key();
        let customer = options
            .customers
            .as_ref()
            .and_then(|map| map.get(&key))
            .cloned()
            .unwrap_or(key);
        by_customer.entry(customer).or_default().push(entitlement);
    }
    let customers = by_customer
        .into_iter()
        .map(|(customer, items)| {
            let mut holders: Vec<HolderRef> = Vec::new();
            for e in &items {
                let holder = HolderRef {
                    vendor: e.vendor.clone(),
                    kind: e.holder.kind.clone(),
                    id: e.holder.id.clone(),
                };
                if !holders.contains(&holder) {
                    holders.push(holder);
                }
            }
            // Only like is added to like: one unit, one vendor, one product.
            let mut groups: BTreeMap<(usize, &str, Option<&str>), Vec<&Entitlement>> =
                BTreeMap::new();
            for e in &items {
                let order = Unit::VARIANTS
                    .iter()
                    .position(|u| *u == e.unit)
                    .unwrap_or(0);
                groups
                    .entry((order, e.vendor.as_str(), e.product.id.as_deref()))
                    .or_default()
                    .push(e);
            }
            let units: Vec<UnitSummary> = groups
                .values()
                .map(|group| unit_summary(group, now_ms, low_below, horizon))
                .collect();
            let alerts = Alert::VARIANTS
                .iter()
                .copied()
                .filter(|a| units.iter().any(|u| u.alerts.contains(a)))
                .collect();
            CustomerSummary {
                customer,
                holders,
                units,
                alerts,
            }
        })
        .collect();
    Summary { customers }
}

/// One group of entitlements with the same unit and product id (never empty).
fn unit_summary(
    items: &[&Entitlement],
    now_ms: i64,
    low_below: f64,
    horizon_ms: i64,
) -> UnitSummary {
    let first = items
        .first()
        .map(|e| (e.unit, e.product.id.clone(), e.product.name.clone()));
    let (unit, id, name) = first.unwrap_or((Unit::Access, None, None));
    // The product's name when its entitlements agree on one (Baidu's packs each have their own).
    let name = name.filter(|n| items.iter().all(|e| e.product.name.as_ref() == Some(n)));
    let active: Vec<&Entitlement> = items
        .iter()
        .copied()
        .filter(|e| e.state == State::Active)
        .collect();
    // Amounts add up over the active entitlements; with none active, over the used-up ones,
    // so a used-up plan shows 0 left of what it granted rather than nothing (and a used-up
    // pack beside a fresh one does not make the fresh one look low).
    let counted = if active.is_empty() {
        State::Exhausted
    } else {
        State::Active
    };
    let in_force: Vec<&Entitlement> = items
        .iter()
        .copied()
        .filter(|e| e.state == counted)
        .collect();
    let total = |amount: fn(&Entitlement) -> Option<i64>| -> Option<i64> {
        in_force
            .iter()
            .filter_map(|e| amount(e))
            .fold(None, |sum, x| Some(sum.unwrap_or(0i64).saturating_add(x)))
    };
    let granted = total(|e| e.granted);
    let used = total(|e| e.used);
    let remaining = total(|e| e.remaining);
    let soonest_end = active.iter().filter_map(|e| e.ends_at).min();
    let any = |state: State| items.iter().any(|e| e.state == state);
    let mut alerts = Vec::new();
    if let (Some(granted), Some(left)) = (granted, remaining) {
        if granted > 0 && left > 0 && (left as f64) < low_below * granted as f64 {
            alerts.push(Alert::Low);
        }
    }
    if active.is_empty() && any(State::Exhausted) {
        alerts.push(Alert::Exhausted);
    }
    if soonest_end.is_some_and(|end| end > now_ms && end - now_ms <= horizon_ms) {
        alerts.push(Alert::Expiring);
    }
    if active.is_empty() && any(State::Expired) {
        alerts.push(Alert::Expired);
    }
    UnitSummary {
        unit,
        product: Product {
            id,
            name,
            tier: None,
        },
        granted,
        used,
        remaining,
        soonest_end,
        active: active.len() as u64,
        alerts,
        entitlements: items.iter().map(|e| (*e).clone()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;

    fn entitlement(
        vendor: &str,
        id: &str,
        unit: Unit,
        amounts: (i64, i64),
        ends_at: Option<i64>,
        now: i64,
    ) -> Entitlement {
        let mut e = Entitlement::blank(vendor, "op", ("account", Some(id)), unit);
        e.granted = Some(amounts.0);
        e.used = Some(amounts.0 - amounts.1);
        e.remaining = Some(amounts.1);
        e.ends_at = ends_at;
        e.state = e.by_period_and_amount(now);
        e
    }

    #[test]
    fn one_customer_across_vendors_with_alerts() {
        let now = 1_700_000_000_000;
        let items = vec![
            entitlement(
                "baidu",
                "ak",
                Unit::Items,
                (100, 5),
                Some(now + 3 * DAY),
                now,
            ),
            entitlement("douyin", "o1", Unit::Uses, (10, 0), None, now),
            entitlement(
                "polyv",
                "u1",
                Unit::Minutes,
                (600, 600),
                Some(now - DAY),
                now,
            ),
        ];
        let options = SummaryOptions {
            customers: Some(BTreeMap::from([
                ("baidu:account:ak".to_owned(), "acme".to_owned()),
                ("douyin:account:o1".to_owned(), "acme".to_owned()),
            ])),
            ..SummaryOptions::at(now)
        };
        let summary = summarize(&items, &options).unwrap();
        let ids: Vec<&str> = summary
            .customers
            .iter()
            .map(|c| c.customer.as_str())
            .collect();
        assert_eq!(ids, ["acme", "polyv:account:u1"]);
        let acme = &summary.customers[0];
        assert_eq!(acme.holders.len(), 2);
        assert_eq!(acme.units[0].unit, Unit::Uses);
        assert_eq!(acme.units[0].alerts, [Alert::Exhausted]);
        assert_eq!(acme.units[1].unit, Unit::Items);
        assert_eq!(acme.units[1].remaining, Some(5));
        assert_eq!(acme.units[1].alerts, [Alert::Low, Alert::Expiring]);
        assert_eq!(acme.alerts, [Alert::Low, Alert::Exhausted, Alert::Expiring]);
        assert_eq!(summary.customers[1].units[0].alerts, [Alert::Expired]);
        assert_eq!(summary.customers[1].units[0].remaining, None);
    }

    #[test]
    fn options_out_of_range_are_input_errors_naming_the_field() {
        let bad = |options: SummaryOptions| {
            let e = summarize(&[], &options).unwrap_err();
            assert_eq!(e.kind, crate::ErrorKind::Input);
            e.issues.iter().map(|i| i.path.clone()).collect::<Vec<_>>()
        };
        let low = SummaryOptions {
            low_below: Some(5.0),
            ..SummaryOptions::at(0)
        };
        assert_eq!(bad(low), ["$.options.lowBelow"]);
        let no_now = SummaryOptions {
            now: None,
            expiring_within_days: Some(4000),
            ..SummaryOptions::at(0)
        };
        assert_eq!(
            bad(no_now),
            ["$.options.now", "$.options.expiringWithinDays"]
        );
        assert!(summarize(&[], &SummaryOptions::at(0)).is_ok());
    }

    #[test]
    fn vendors_are_never_added_together() {
        let now = 1_700_000_000_000;
        let mut deal = Entitlement::blank("tencent", "op", ("uin", Some("9")), Unit::Access);
        deal.state = State::Active;
        let mut account =
            Entitlement::blank("polyv", "op", ("sub_account", Some("u")), Unit::Access);
        account.state = State::Active;
        let options = SummaryOptions {
            customers: Some(BTreeMap::from([
                ("tencent:uin:9".to_owned(), "acme".to_owned()),
                ("polyv:sub_account:u".to_owned(), "acme".to_owned()),
            ])),
            ..SummaryOptions::at(now)
        };
        let summary = summarize(&[deal, account], &options).unwrap();
        assert_eq!(summary.customers.len(), 1);
        assert_eq!(summary.customers[0].units.len(), 2, "one row per vendor");
    }
}
