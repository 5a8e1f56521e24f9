//! Clients with obviously fake credentials, shared by the fuzz targets.
#![allow(dead_code)] // each target uses some of the clients

use quotakit::internals::http::read_input;
use quotakit::platforms::baidu::Baidu;
use quotakit::platforms::douyin::Douyin;
use quotakit::platforms::polyv::Polyv;
use quotakit::platforms::tencent::TencentCloud;
use serde_json::json;

pub const SECRET: &str = "fuzz-secret-not-real";
pub const NOW_MS: i64 = 1_763_884_800_000;

pub struct Clients {
    pub tencent: TencentCloud,
    pub baidu: Baidu,
    pub polyv: Polyv,
    pub douyin: Douyin,
}

pub fn clients() -> Clients {
    let mut douyin = Douyin::new(
        read_input(
            &json!({"clientKey": "fuzzkey", "clientSecret": SECRET}),
            &[],
        )
        .unwrap(),
    )
    .unwrap();
    douyin.set_token("fuzz-token", NOW_MS + 3_600_000).unwrap();
    Clients {
        tencent: TencentCloud::new(
            read_input(&json!({"secretId": "AKIDfuzz", "secretKey": SECRET}), &[]).unwrap(),
        )
        .unwrap(),
        baidu: Baidu::new(
            read_input(
                &json!({"accessKeyId": "fuzzak", "secretAccessKey": SECRET}),
                &[],
            )
            .unwrap(),
        )
        .unwrap(),
        polyv: Polyv::new(
            read_input(&json!({"appId": "fuzzapp", "appSecret": SECRET}), &[]).unwrap(),
        )
        .unwrap(),
        douyin,
    }
}
