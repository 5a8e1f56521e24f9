//! What every customer has left, across four vendors, from Rust: every Tencent deal, Baidu
//! resource pack and Polyv sub-account, page by page; one Douyin use deducted (sent twice
//! with one `out_trade_no`, as a retry after a lost answer would be, and counted once); and
//! one summary per customer. quotakit's driver retries every call; ureq sends.
//!
//! `node scripts/rust-example.mjs` runs it against the vendor sandbox, with the sandbox's
//! fake credentials in `QUOTAKIT_*` variables; `make test` does so at a 30 % fault rate.

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime};

use quotakit::driver::{Call, Driver, Entitled, Transport};
use quotakit::entitlement::{summarize, Entitlement, EntitlementOptions, SummaryOptions};
use quotakit::platforms::baidu::tms::ListResourcePackagesInput as Packs;
use quotakit::platforms::douyin::market::{DecrUserRemainTimesInput as Deduction, *};
use quotakit::platforms::polyv::group::ListPackageValidityInput as Accounts;
use quotakit::platforms::tencent::partners::DescribeAgentDealsByCacheInput as Deals;
use quotakit::{retry::RetryPolicy, Client, HttpRequest, RawResponse, TransportError};
use quotakit::{Baidu, BaiduOptions, Douyin, DouyinOptions};
use quotakit::{Polyv, PolyvOptions, TencentCloud, TencentCloudOptions};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn env(name: &str) -> Result<String> {
    Ok(std::env::var(format!("QUOTAKIT_{name}"))?)
}

/// Sends with ureq and hands back any answer, error statuses included: those are the
/// vendor's to say and quotakit's to read.
struct Ureq(ureq::Agent);

impl Transport for Ureq {
    fn send(&self, request: HttpRequest) -> std::result::Result<RawResponse, TransportError> {
        let failed = |e: ureq::Error| match e {
            ureq::Error::Timeout(_) => TransportError::timeout(e),
            e => TransportError::network(e),
        };
        let request = request.into_http().map_err(TransportError::network)?;
        let (parts, mut body) = self.0.run(request).map_err(failed)?.into_parts();
        let text = body.read_to_string().map_err(failed)?;
        let response = http::Response::from_parts(parts, text);
        RawResponse::from_http(response).map_err(TransportError::network)
    }
}

/// The entitlements of every page of `first`'s listing, and what they came from.
fn every<C: Call<Output: Entitled>>(
    d: &Driver<Ureq>,
    c: &C::Client,
    first: C,
) -> Result<Vec<Entitlement>> {
    let mut all = Vec::new();
    for page in d.pages(c, first) {
        all.extend(c.entitlements(&page?, &EntitlementOptions::at(SystemTime::now()))?);
    }
    let sources = all
        .iter()
        .map(|e| &e.source.id)
        .collect::<BTreeSet<_>>()
        .len();
    let holders = all
        .iter()
        .map(|e| &e.holder.id)
        .collect::<BTreeSet<_>>()
        .len();
    let (n, vendor) = (all.len(), all.first().map_or("-", |e| e.vendor.as_str()));
    println!("{vendor}: {n} entitlements, {sources} sources, {holders} holders");
    Ok(all)
}

fn main() -> Result<()> {
    let url = env("SANDBOX_URL")?;
    let config = ureq::Agent::config_builder().http_status_as_error(false);
    let agent = config.timeout_global(Some(Duration::from_secs(1))).build();
    let driver = Driver::new(Ureq(agent.into())).with_retry(RetryPolicy::attempts(10));
    let keys = TencentCloudOptions::new(env("TENCENT_SECRET_ID")?, env("TENCENT_SECRET_KEY")?);
    let tencent = TencentCloud::new(keys.with_endpoint(&url))?;
    let keys = BaiduOptions::new(env("BAIDU_ACCESS_KEY_ID")?, env("BAIDU_SECRET_ACCESS_KEY")?);
    // The listing's documented path is also order creation's: set the path Baidu confirms.
    let keys = keys.with_list_resource_packages_path(env("BAIDU_LIST_PATH")?);
    let baidu = Baidu::new(keys.with_endpoint(&url))?;
    let keys = PolyvOptions::new(env("POLYV_APP_ID")?, env("POLYV_APP_SECRET")?);
    let polyv = Polyv::new(keys.with_endpoint(&url))?;
    let keys = DouyinOptions::new(env("DOUYIN_CLIENT_KEY")?, env("DOUYIN_CLIENT_SECRET")?);
    let douyin = Douyin::new(keys.with_endpoint(&url))?;

    let mut all = every(&driver, &tencent, Deals::new(0, 20))?;
    all.extend(every(&driver, &baidu, Packs::new())?);
    all.extend(every(&driver, &polyv, Accounts::new())?);

    let (open_id, service) = (env("DOUYIN_OPEN_ID")?, env("DOUYIN_SERVICE_ID")?);
    let (mode, key) = (env("DOUYIN_SERVICE_MODE_ID")?, env("DOUYIN_OUT_TRADE_NO")?);
    let deduction = Deduction::new(open_id.clone(), service.clone(), mode, key, 1);
    assert!(deduction.safe_to_repeat(&douyin), "keyed: counted once");
    for _ in 0..2 {
        driver.call(&douyin, &deduction)?;
    }
    println!("douyin: deduction {} sent twice", deduction.out_trade_no);
    let purchases = GetUserServicePurchaseListInput::new(open_id.clone(), service);
    let list = driver.call(&douyin, &purchases)?;
    let options = EntitlementOptions::at(SystemTime::now()).with_open_id(open_id);
    all.extend(douyin.entitlements(&list, &options)?);

    let summary = summarize(&all, &SummaryOptions::at(SystemTime::now()))?;
    let customers = summary.customers.len();
    println!("summary: {customers} customers, {} entitlements", all.len());
    for customer in summary.customers.iter().filter(|c| !c.alerts.is_empty()) {
        println!("  {}: {:?}", customer.customer, customer.alerts);
    }
    Ok(())
}
