//! Both inbound verifiers on arbitrary deliveries. Half of the Douyin deliveries carry the
//! right signature, so the fuzzer also reaches the JSON reading behind it.
//! Input: [flags, body...]; for Tencent the body is split into signature, timestamp, id, token.
#![no_main]

mod clients;

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use quotakit::platforms::douyin::webhook::WebhookRequest;
use quotakit::platforms::tencent::notification::{
    verify_market_notification, MarketNotificationQuery,
};
use sha1::{Digest, Sha1};

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let body = String::from_utf8_lossy(rest).into_owned();
    let signature = if flags & 1 == 1 {
        let mut h = Sha1::new();
        h.update(clients::SECRET.as_bytes());
        h.update(body.as_bytes());
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    } else {
        body.chars().take(40).collect()
    };
    let mut headers = BTreeMap::new();
    headers.insert("X-Douyin-Signature".to_owned(), signature);
    let c = clients::clients();
    let _ = c.douyin.verify_webhook(&WebhookRequest {
        headers,
        body: body.clone(),
    });

    let mut parts = body.splitn(4, '\n');
    let query = MarketNotificationQuery {
        signature: parts.next().unwrap_or("").to_owned(),
        timestamp: parts.next().unwrap_or("").to_owned(),
        event_id: parts.next().unwrap_or("").to_owned(),
    };
    let token = parts.next().unwrap_or("");
    let _ = verify_market_notification(&query, token, clients::NOW_MS, u64::from(flags));
});
