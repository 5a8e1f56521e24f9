//! Douyin `service_market_order` webhooks (tests/vectors/douyin-webhook): each vector's event,
//! signed as Douyin signs it, reads to its typed order, or fails with every issue at
//! `$.content.…`; what the page does not type stays in `content`.

mod common;

use std::collections::BTreeMap;

use quotakit::platforms::douyin::webhook::WebhookRequest;
use quotakit::{Douyin, DouyinOptions, ErrorKind};
use serde_json::Value;
use sha1::{Digest, Sha1};

const SECRET: &str = "fake-douyin-secret-not-real";

/// A delivery of the vector: its envelope, its content as a JSON string (or as an object),
/// its `Msg-Id`, and `X-Douyin-Signature` = hex SHA1(secret + body).
fn delivery(v: &Value) -> WebhookRequest {
    let mut envelope = v["envelope"].clone();
    envelope["content"] = match v["contentAs"].as_str() {
        Some("object") => v["content"].clone(),
        _ => Value::String(v["content"].to_string()),
    };
    let body = envelope.to_string();
    let digest = Sha1::digest(format!("{SECRET}{body}").as_bytes());
    let signature: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let headers = BTreeMap::from([
        ("X-Douyin-Signature".to_owned(), signature),
        ("Msg-Id".to_owned(), v["msgId"].as_str().unwrap().to_owned()),
    ]);
    WebhookRequest::new(headers, body)
}

#[test]
fn service_market_order_events_read_as_their_vectors_say() {
    let douyin = Douyin::new(DouyinOptions::new("awfake", SECRET)).unwrap();
    let names = common::names("douyin-webhook");
    assert!(names.len() >= 8);
    for name in names {
        let v = common::load("douyin-webhook", &name);
        let expect = &v["expect"];
        let result = douyin.verify_webhook(&delivery(&v));
        if expect["ok"] == Value::Bool(true) {
            let event = result.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(
                event.msg_id.as_deref(),
                v["msgId"].as_str(),
                "{name}: Msg-Id"
            );
            let got = serde_json::to_value(&event).unwrap();
            if expect["order"].is_null() {
                assert!(event.order.is_none(), "{name}: no order");
            }
            for (key, want) in expect["order"].as_object().into_iter().flatten() {
                assert_eq!(&got["order"][key], want, "{name}: order.{key}");
            }
            for (path, want) in expect["untyped"].as_object().into_iter().flatten() {
                assert_eq!(common::at(&event.content, path), want, "{name}: {path}");
            }
            continue;
        }
        let e = result
            .err()
            .unwrap_or_else(|| panic!("{name}: expected an error"));
        assert_eq!(e.kind, ErrorKind::Schema, "{name}");
        let issues: Vec<Value> = e
            .issues
            .iter()
            .map(|i| serde_json::json!([i.code.as_str(), i.path]))
            .collect();
        assert_eq!(
            &Value::from(issues),
            &expect["issues"],
            "{name}: every issue"
        );
    }
}
