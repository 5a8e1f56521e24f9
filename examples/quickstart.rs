//! The README's Rust program: every Tencent deal, page by page, with retries, as
//! entitlements per customer. `make test` checks that the README shows this file as it is.
use std::time::{Duration, SystemTime};

use quotakit::driver::{Driver, Transport};
use quotakit::entitlement::{summarize, EntitlementOptions, SummaryOptions};
use quotakit::platforms::tencent::partners::DescribeAgentDealsByCacheInput;
use quotakit::{
    Client, HttpRequest, RawResponse, TencentCloud, TencentCloudOptions, TransportError,
};

/// Any HTTP client plugs in: here ureq, which hands back every answer, error statuses
/// included (they are the vendor's to say and quotakit's to read).
struct Ureq(ureq::Agent);

impl Transport for Ureq {
    fn send(&self, request: HttpRequest) -> Result<RawResponse, TransportError> {
        let failed = |e: ureq::Error| match e {
            ureq::Error::Timeout(_) => TransportError::timeout(e),
            e => TransportError::network(e),
        };
        let request = request.into_http().map_err(TransportError::network)?;
        let (parts, mut body) = self.0.run(request).map_err(failed)?.into_parts();
        let text = body.read_to_string().map_err(failed)?;
        RawResponse::from_http(http::Response::from_parts(parts, text))
            .map_err(TransportError::network)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let keys = TencentCloudOptions::new(std::env::var("TC_ID")?, std::env::var("TC_KEY")?);
    let tencent = TencentCloud::new(keys)?;
    let config = ureq::Agent::config_builder().http_status_as_error(false);
    let agent = config.timeout_global(Some(Duration::from_secs(5))).build();
    // Retries what may help (rate limits, 5xx, timeouts) of operations safe to repeat: 3
    // attempts by default; `.with_retry(RetryPolicy::attempts(n))` for a flakier network.
    let driver = Driver::new(Ureq(agent.into()));

    let mut all = Vec::new();
    for page in driver.pages(&tencent, DescribeAgentDealsByCacheInput::new(0, 100)) {
        let page = page?; // a quotakit::Error: kind, code, request_id, retryable, path, issues
        all.extend(tencent.entitlements(&page, &EntitlementOptions::at(SystemTime::now()))?);
    }
    for customer in summarize(&all, &SummaryOptions::at(SystemTime::now()))?.customers {
        println!(
            "{}: {} products, alerts {:?}",
            customer.customer,
            customer.units.len(),
            customer.alerts
        );
    }
    Ok(())
}
