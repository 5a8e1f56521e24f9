//! Every builder (and every client constructor) fed arbitrary JSON as its input, as the
//! wasm layer does: read strictly, then built. Errors are fine; panics are not.
#![no_main]

mod clients;

use libfuzzer_sys::fuzz_target;
use quotakit::internals::http::read_input;
use quotakit::platforms::{baidu, douyin, polyv, tencent};
use quotakit::BuildOptions;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, json)) = data.split_first() else {
        return;
    };
    let Ok(value) = serde_json::from_slice::<Value>(json) else {
        return;
    };
    // The time varies too, within and beyond the plausible range.
    let opts = BuildOptions::at(clients::NOW_MS + i64::from(selector as i8) * 86_400_000 * 365);
    let c = clients::clients();
    if let Ok(i) = read_input(&value, &[]) {
        let _ = c.tencent.describe_agent_deals_by_cache(&i, &opts);
    }
    if let Ok(i) = read_input(&value, &[]) {
        let _ = c.tencent.sync_user_and_order_info(&i, &opts);
    }
    if let Ok(i) = read_input(&value, &[]) {
        let _ = c.tencent.sign_request(&i, &opts);
    }
    if let Ok(i) = read_input(&value, &[]) {
        let _ = c.baidu.sign_request(&i, &opts);
    }
    if let Ok(i) = read_input(&value, &[]) {
        let _ = c.baidu.list_resource_packages(&i, &opts);
    }
    if let Ok(i) = read_input(&value, &[]) {
        let _ = c.polyv.list_package_validity(&i, &opts);
    }
    if let Ok(i) = read_input(&value, &[]) {
        let _ = c.polyv.sign_params(&i, &opts);
    }
    if let Ok(i) = read_input(&value, &[]) {
        let _ = c.douyin.get_user_service_purchase_list(&i, &opts);
    }
    if let Ok(i) = read_input(&value, &[]) {
        let _ = c.douyin.decr_user_remain_times(&i, &opts);
    }
    if let Ok(i) = read_input(&value, &[]) {
        let _ = c.douyin.insert_purchase_info(&i, &opts);
    }
    if let Ok(i) = read_input(&value, &[]) {
        let _ = c.douyin.delete_purchase_info(&i, &opts);
    }
    if let Ok(o) = read_input(&value, &[]) {
        let _ = tencent::TencentCloud::new(o);
    }
    if let Ok(o) = read_input(&value, &[]) {
        let _ = baidu::Baidu::new(o);
    }
    if let Ok(o) = read_input(&value, &[]) {
        let _ = polyv::Polyv::new(o);
    }
    if let Ok(o) = read_input(&value, &[]) {
        let _ = douyin::Douyin::new(o);
    }
});
