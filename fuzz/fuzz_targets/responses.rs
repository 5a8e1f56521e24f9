//! Every response validator on arbitrary bodies and statuses: each must return a model or
//! an error, never panic, whatever the bytes. And the one-pass table check
//! (`operation::check_response`) must agree with the full readers on every input.
//! Input: [status selector, body...].
#![no_main]

mod clients;
#[path = "../../tests/differential/mod.rs"]
mod differential;

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static CLIENTS: OnceLock<differential::Clients> = OnceLock::new();
    let Some(raw) = differential::fuzz_input(data) else {
        return;
    };
    if let Err(why) = CLIENTS.get_or_init(differential::Clients::new).agree(&raw) {
        panic!("the table check and the full reader disagree: {why}");
    }
    let mut c = clients::clients();
    let _ = c.tencent.parse_sync_user_and_order_info(&raw);
    let _ = c.douyin.parse_client_token(&raw, clients::NOW_MS);
});
