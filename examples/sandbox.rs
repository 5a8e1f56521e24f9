//! quotakit from Rust with a real HTTP client (ureq), against the vendor sandbox: page
//! through every Tencent deal, then deduct one Douyin use, sent twice with the same
//! `out_trade_no` as a retry after a lost answer would, and counted once.
//!
//! ```sh
//! node www-demo/sandbox/server.mjs --port 8081 &
//! QUOTAKIT_SANDBOX_URL=http://127.0.0.1:8081 cargo run --features http --example sandbox
//! ```
//!
//! The credentials default to the sandbox's fake ones (`www-demo/sandbox/seed.json`);
//! `make test` runs this through `scripts/rust-example.mjs`, which checks the sandbox's side.

use std::env;
use std::time::{SystemTime, UNIX_EPOCH};

use quotakit::platforms::douyin::market::DecrUserRemainTimesInput;
use quotakit::platforms::tencent::partners::DescribeAgentDealsByCacheInput;
use quotakit::{
    BuildOptions, Douyin, DouyinOptions, HttpRequest, RawResponse, TencentCloud,
    TencentCloudOptions,
};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Sends `request` and hands back what came, whatever the status: ureq 3 turns 4xx and 5xx
/// answers into its own errors unless told otherwise, and then the vendor's error envelope
/// never reaches quotakit's validator.
fn send(agent: &ureq::Agent, request: HttpRequest) -> Result<RawResponse> {
    let response = agent.run(request.into_http()?)?;
    let (parts, mut body) = response.into_parts();
    let text = body.read_to_string()?;
    Ok(RawResponse::from_http(http::Response::from_parts(
        parts, text,
    ))?)
}

fn var(name: &str, default: &str) -> String {
    env::var(name).unwrap_or_else(|_| default.to_owned())
}

fn main() -> Result<()> {
    let sandbox = var("QUOTAKIT_SANDBOX_URL", "http://127.0.0.1:8081");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    // The core reads no clock: the time is an argument.
    let now = || -> Result<BuildOptions> {
        let ms = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis();
        Ok(BuildOptions::at(i64::try_from(ms)?))
    };

    let tencent = TencentCloud::new(TencentCloudOptions {
        secret_id: var(
            "QUOTAKIT_TENCENT_SECRET_ID",
            "AKIDsandbox00000000000000000000000001",
        ),
        secret_key: var(
            "QUOTAKIT_TENCENT_SECRET_KEY",
            "sandbox-tencent-secret-key-not-real-01",
        ),
        endpoint: Some(sandbox.clone()),
        ..Default::default()
    })?;
    let (mut deals, mut offset) = (0u64, 0u64);
    loop {
        let input = DescribeAgentDealsByCacheInput::new(offset, 100);
        let page = tencent.parse_describe_agent_deals_by_cache(&send(
            &agent,
            tencent.describe_agent_deals_by_cache(&input, &now()?)?,
        )?)?;
        let received = page.agent_deal_set.len() as u64;
        deals += received;
        offset += received;
        if received == 0 || offset >= page.total_count {
            println!("tencent: {deals} of {} deals", page.total_count);
            break;
        }
    }

    let douyin = Douyin::new(DouyinOptions {
        client_key: var("QUOTAKIT_DOUYIN_CLIENT_KEY", "awsandbox00000001"),
        client_secret: var(
            "QUOTAKIT_DOUYIN_CLIENT_SECRET",
            "sandbox-douyin-client-secret-not-real",
        ),
        endpoint: Some(sandbox.clone()),
        ..Default::default()
    })?;
    let token = send(&agent, douyin.client_token(&now()?)?)?;
    douyin.parse_client_token(&token, now()?.now_ms)?;
    let deduction = DecrUserRemainTimesInput::new(
        var("QUOTAKIT_DOUYIN_OPEN_ID", "_000yun6142-yunfanOpenId0"),
        var("QUOTAKIT_DOUYIN_SERVICE_ID", "7021602203591000001"),
        var("QUOTAKIT_DOUYIN_SERVICE_MODE_ID", "count_500"),
        format!("rust-example-{}", now()?.now_ms),
        1,
    );
    for attempt in 1..=2 {
        let answer = send(&agent, douyin.decr_user_remain_times(&deduction, &now()?)?)?;
        let ack = douyin.parse_decr_user_remain_times(&answer)?;
        println!(
            "douyin: deduction {} sent (attempt {attempt}), logid {}",
            deduction.out_trade_no,
            ack.metadata().request_id.as_deref().unwrap_or("-")
        );
    }
    Ok(())
}
