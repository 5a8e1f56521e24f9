//! Every response validator on arbitrary bodies and statuses: each must return a model or
//! an error, never panic, whatever the bytes. Input: [status selector, body...].
#![no_main]

mod clients;

use libfuzzer_sys::fuzz_target;
use quotakit::RawResponse;

const STATUSES: [u16; 6] = [200, 400, 403, 429, 500, 502];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let status = STATUSES[usize::from(selector) % STATUSES.len()];
    let mut raw = RawResponse::new(status, String::from_utf8_lossy(body).into_owned());
    if selector & 0x80 != 0 {
        raw.headers.insert("x-bce-request-id".into(), "r".into());
        raw.headers.insert("x-tt-logid".into(), "l".into());
    }
    let mut c = clients::clients();
    let _ = c.tencent.parse_describe_agent_deals_by_cache(&raw);
    let _ = c.tencent.parse_sync_user_and_order_info(&raw);
    let _ = c.baidu.parse_list_resource_packages(&raw);
    let _ = c.polyv.parse_list_package_validity(&raw);
    let _ = c.douyin.parse_get_user_service_purchase_list(&raw);
    let _ = c.douyin.parse_decr_user_remain_times(&raw);
    let _ = c.douyin.parse_insert_purchase_info(&raw);
    let _ = c.douyin.parse_delete_purchase_info(&raw);
    let _ = c.douyin.parse_client_token(&raw, clients::NOW_MS);
});
