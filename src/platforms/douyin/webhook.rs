//! Inbound Douyin webhooks: signature check, the `verify_webhook` challenge, and
//! `service_market_order` events. Docs: …/dop/develop/webhooks/summarize and
//! …/webhooks/service-market-order.
//!
//! `X-Douyin-Signature` is the lowercase hex SHA1 of `client_secret` followed by the raw
//! body bytes; it is compared in constant time. Delivery is at least once (each push is
//! retried three times after a 5 s timeout): deduplicate on the `Msg-Id` header, which
//! [`WebhookEvent::msg_id`] exposes.
//!
//! A `service_market_order` event is also read as a [`ServiceMarketOrder`]: the fields the
//! public page documents are typed and checked; the rest of `content` (the page names
//! `remain_service_times`, `effective_time` and `expire_time` without their types) stays in
//! [`WebhookEvent::content`], UNCONFIRMED.
//!
//! ```
//! use std::collections::BTreeMap;
//! use quotakit::platforms::douyin::webhook::WebhookRequest;
//! use quotakit::{Douyin, DouyinOptions, ErrorKind};
//!
//! let douyin = Douyin::new(DouyinOptions::new("fakekey", "fake-secret-not-real"))?;
//! let headers = BTreeMap::from([("X-Douyin-Signature".to_owned(), "0".repeat(40))]);
//! let forged = WebhookRequest::new(headers, r#"{"event":"verify_webhook"}"#.into());
//! assert_eq!(douyin.verify_webhook(&forged).unwrap_err().kind, ErrorKind::Signature);
//! # Ok::<(), quotakit::Error>(())
//! ```

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::{Douyin, VENDOR};
use crate::error::{Error, ErrorKind};
use crate::limits::Refusal;
use crate::schema::{IssueCode, Walker};
use crate::sign::hash::{constant_time_eq, hex_sha1};

crate::json_model! {
    /// What the host received: headers (any case) and the raw body.
    #[cfg_attr(feature = "wasm", tsify(hashmap_as_object))]
    pub struct WebhookRequest {
        required {
            /// Request headers, any case. (The npm package also takes Node's `req.headers`,
            /// a repeated header's values joined with `, `, and a Fetch `Headers`.)
            #[cfg_attr(feature = "wasm", tsify(type = "Record<string, string | string[] | undefined> | { forEach(callback: (value: string, name: string) => void): void }"))]
            headers as "headers": BTreeMap<String, String>,
            /// The raw body, exactly as received.
            body as "body": String,
        }
        optional {}
    }
}

/// A verified webhook. An absent field is `None` (left out when serialized).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct WebhookEvent {
    /// The `event` field, e.g. `service_market_order` or `verify_webhook`.
    pub event: String,
    /// `Msg-Id` header: deduplicate on it.
    #[cfg_attr(feature = "wasm", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub msg_id: Option<String>,
    /// `client_key` of the envelope.
    #[cfg_attr(feature = "wasm", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_key: Option<String>,
    /// `from_user_id` (the buyer's open_id for market orders).
    #[cfg_attr(feature = "wasm", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_user_id: Option<String>,
    /// `content`, parsed when it arrives as a JSON string.
    #[cfg_attr(feature = "wasm", tsify(type = "unknown"))]
    pub content: Value,
    /// For `verify_webhook`: the body to answer with, `{"challenge": …}`.
    #[cfg_attr(feature = "wasm", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply: Option<String>,
    /// For `service_market_order`: the order and what happened to it, typed.
    #[cfg_attr(feature = "wasm", tsify(optional))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<ServiceMarketOrder>,
}

/// The event of a [`ServiceMarketOrder`] whose status changed.
pub const SERVICE_MARKET_ORDER: &str = "service_market_order";

crate::json_model! {
    /// The `content` of a `service_market_order` event (抖音服务市场订单事件): an order of a
    /// 平台应用类服务 whose status changed.
    pub struct ServiceMarketOrder {
        required {
            /// 订单id.
            order_id as "order_id": String,
            /// 事件类型: 1 用户支付订单 (paid), 2 服务商接单 (accepted by the provider),
            /// 3 服务商确认实施订单 (implementation confirmed), 4 用户确认订单 (confirmed by
            /// the user), 5 取消订单 (cancelled).
            #[cfg_attr(feature = "wasm", tsify(type = "1 | 2 | 3 | 4 | 5"))]
            order_event as "order_event": u64,
        }
        optional {
            /// 订单快照信息: the order as it is now.
            order_snapshot as "order_snapshot": OrderSnapshot,
        }
    }
}

crate::json_model! {
    /// `order_snapshot`: the part the public page lists. Its other fields stay untyped in
    /// the event's `content`.
    pub struct OrderSnapshot {
        required {}
        optional {
            /// 订单id.
            order_id as "order_id": String,
            /// 服务id, the service's unique id.
            service_id as "service_id": String,
            /// 服务名称.
            service_name as "service_name": String,
            /// 服务规格id, set by the provider when it created the service.
            service_mode_id as "service_mode_id": String,
            /// The kind of specification; its values are not on the public page (the purchase
            /// list's samples show 1 体验版 and 3 标准版: UNCONFIRMED).
            specification_type as "specification_type": i64,
        }
    }
}

fn header<'a>(headers: &'a BTreeMap<String, String>, name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn signature_error(message: &str) -> Error {
    Error::new(ErrorKind::Signature, message).during(VENDOR, "verifyWebhook")
}

impl Douyin {
    /// Verifies a webhook and reads its envelope. A missing or wrong signature is a
    /// `signature` error; a verified body that is not the documented envelope is `schema`.
    pub fn verify_webhook(&self, request: &WebhookRequest) -> Result<WebhookEvent, Error> {
        let refused = |refusal: Refusal| {
            let mut err = Error::new(ErrorKind::Schema, format!("webhook: {refusal}"))
                .during(VENDOR, "verifyWebhook");
            err.code = Some(refusal.code().into());
            err
        };
        // Measured before hashing, so an oversized delivery costs nothing to refuse.
        if request.body.len() as u64 > self.limits.max_body_bytes {
            return Err(refused(Refusal::TooLarge {
                bytes: request.body.len() as u64,
                limit: self.limits.max_body_bytes,
            }));
        }
        let given = header(&request.headers, "x-douyin-signature")
            .ok_or_else(|| signature_error("missing X-Douyin-Signature header"))?;
        let mut signed = self.client_secret.expose().as_bytes().to_vec();
        signed.extend_from_slice(request.body.as_bytes());
        let expected = hex_sha1(&signed);
        if !constant_time_eq(
            expected.as_bytes(),
            given.trim().to_ascii_lowercase().as_bytes(),
        ) {
            return Err(signature_error(
                "X-Douyin-Signature does not match SHA1(client_secret + body)",
            ));
        }
        let value = self.limits.parse(&request.body).map_err(refused)?;
        let mut w = Walker::at_root(&[]);
        let event = w.object(&value).and_then(|o| {
            let event = w.field::<String>(o, "event");
            let client_key = w.field::<Option<String>>(o, "client_key");
            let from_user_id = w.field::<Option<String>>(o, "from_user_id");
            let content = match o.get("content") {
                Some(Value::String(text)) => match self.limits.parse(text) {
                    Ok(parsed) => Some(parsed),
                    Err(_) => {
                        w.key("content", |w| {
                            w.issue(
                                IssueCode::InvalidFormat,
                                "JSON text",
                                "text that is not JSON",
                            )
                        });
                        None
                    }
                },
                Some(other) => Some(other.clone()),
                None => Some(Value::Null),
            };
            Some((event?, client_key?, from_user_id?, content?))
        });
        let Some((event, client_key, from_user_id, content)) = event.filter(|_| !w.has_issues())
        else {
            return Err(Error::from_issues(ErrorKind::Schema, w.into_issues())
                .during(VENDOR, "verifyWebhook"));
        };
        let order = if event == SERVICE_MARKET_ORDER {
            Some(read_order(&content)?)
        } else {
            None
        };
        let reply = (event == "verify_webhook")
            .then(|| {
                content
                    .get("challenge")
                    .map(|c| serde_json::json!({ "challenge": c }).to_string())
            })
            .flatten();
        Ok(WebhookEvent {
            event,
            msg_id: header(&request.headers, "msg-id").map(str::to_owned),
            client_key,
            from_user_id,
            content,
            reply,
            order,
        })
    }
}

/// The typed order of a `service_market_order` event's `content`, or a `schema` error that
/// names every field that breaks the documented fields (as `$.content.…`), an `order_event`
/// outside 1..=5 among them.
fn read_order(content: &Value) -> Result<ServiceMarketOrder, Error> {
    let read = crate::schema::read::<ServiceMarketOrder>(content, &["content"]);
    let mut w = Walker::at_root(&["content"]);
    let event = content.get("order_event").and_then(Value::as_u64);
    crate::platforms::one_of_numbers(&mut w, "order_event", event, &[1, 2, 3, 4, 5]);
    match read {
        Ok(order) if !w.has_issues() => Ok(order),
        read => {
            let mut issues = read.err().unwrap_or_default();
            issues.extend(w.into_issues());
            Err(Error::from_issues(ErrorKind::Schema, issues).during(VENDOR, "verifyWebhook"))
        }
    }
}
