//! One call with retries, and a paginator, without tying quotakit to an HTTP client or an
//! async runtime. The core reads no clock; a driver asks its transport ([`Transport::now`],
//! `SystemTime::now()` by default) when it signs each attempt.
//!
//! The rules live in one sans-IO state machine, [`Exchange`]: it says what to do next
//! ([`Step::Send`] a request, [`Step::Sleep`] a while, or [`Step::Done`]), and is told what
//! happened. It fetches a Douyin token when one is due (and again when Douyin calls it
//! stale), re-signs every attempt at the time it is sent, and asks the core's
//! [`RetryPolicy`] whether and when to resend: only failures that are `retryable`, of
//! operations that are safe to repeat with this input, after a backoff with full jitter and
//! never sooner than `Retry-After`. [`Driver`] runs it with a blocking [`Transport`] (ureq, or
//! any closure), [`AsyncDriver`] with an [`AsyncTransport`] (reqwest, hyper). Both page
//! through a paged read by the operation table's rule ([`Driver::pages`]).
//!
//! Operations are named by their input's type ([`Call`]): `DescribeAgentDealsByCacheInput`
//! knows its client, its result and its repeat rule, so nothing is asked by string. One
//! generic function can then page any vendor's listing into entitlements:
//!
//! ```
//! use quotakit::driver::{Call, Driver, Entitled, Transport};
//! use quotakit::entitlement::{Entitlement, EntitlementOptions};
//! use quotakit::{Client, Error};
//!
//! fn every<C: Call<Output: Entitled>>(
//!     driver: &Driver<impl Transport>,
//!     client: &C::Client,
//!     first: C,
//!     options: &EntitlementOptions,
//! ) -> Result<Vec<Entitlement>, Error> {
//!     let mut all = Vec::new();
//!     for page in driver.pages(client, first) {
//!         all.extend(client.entitlements(&page?, options)?);
//!     }
//!     Ok(all)
//! }
//! ```
//!
//! ```
//! use quotakit::driver::{Driver, TransportError};
//! use quotakit::platforms::polyv::group::ListPackageValidityInput;
//! use quotakit::{HttpRequest, Polyv, PolyvOptions, RawResponse};
//!
//! // The official example's dummy keys.
//! let polyv = Polyv::new(PolyvOptions::new("g4rqgmmjuo", "fsq2k5weced1h8vui657xtdva66whf0g"))?;
//! // Any HTTP client: here a stand-in that answers one page of two accounts.
//! let send = |_request: HttpRequest| -> Result<RawResponse, TransportError> {
//!     let body = r#"{"code":200,"status":"success","requestId":"r-1","data":{"pageNumber":1,
//!         "pageSize":50,"totalPages":1,"totalItems":2,"contents":[{"userId":"a"},{"userId":"b"}]}}"#;
//!     Ok(RawResponse::new(200, body))
//! };
//! let driver = Driver::new(send);
//! let mut accounts = 0;
//! let first = ListPackageValidityInput { page_size: Some(50), ..ListPackageValidityInput::new() };
//! for page in driver.pages(&polyv, first) {
//!     accounts += page?.contents.len();
//! }
//! assert_eq!(accounts, 2);
//! # Ok::<(), quotakit::Error>(())
//! ```

use std::future::Future;
use std::time::{Duration, SystemTime};

use serde::Serialize;
use serde_json::Value;

use crate::entitlement::{Context, Entitlement, EntitlementOptions};
use crate::error::{Error, ErrorKind};
use crate::http::{BuildOptions, HttpRequest, Parsed, RawResponse};
use crate::retry::{Decision, Failure, RetryPolicy};
use crate::schema::FromJson;
use crate::time::UnixMillis;

/// Reads a model out of its envelope (the value, and the path to it), with every issue.
#[doc(hidden)]
pub type ModelReader<'a> = &'a dyn Fn(&Value, &[&str]) -> Result<Value, Vec<crate::schema::Issue>>;

/// A client of one vendor: what the driver needs to know of it besides its operations.
pub trait Client {
    /// `"tencent"`, `"baidu"`, `"polyv"` or `"douyin"`.
    const VENDOR: &'static str;

    /// Whether `operation` may be sent again after a failure whose outcome is unknown, with
    /// `has_key(field)` saying whether the input carries that idempotency key. Not API: ask
    /// [`Call::safe_to_repeat`], which names the operation by its type.
    #[doc(hidden)]
    fn repeat_rule(&self, operation: &str, has_key: &dyn Fn(&str) -> bool) -> bool;

    /// Reads a response of `operation` through this vendor's envelope, its errors and its
    /// request id, with `read` reading the model. Not API: the npm package's full reader is
    /// [`crate::operation::read_response`], which reads the model by its table.
    #[doc(hidden)]
    fn read_model(
        &self,
        operation: &'static str,
        raw: &RawResponse,
        read: ModelReader<'_>,
    ) -> Result<Parsed<Value>, Error>;

    /// A token request to send first, when this client signs with a token it fetches
    /// (Douyin) and one is due at `now_ms`, or `force`d because the vendor called it stale.
    fn token_request(&self, _now_ms: i64, _force: bool) -> Option<Result<HttpRequest, Error>> {
        None
    }

    /// Keeps the token in the answer to [`Client::token_request`], received at `now_ms`.
    fn keep_token(&self, _raw: &RawResponse, _now_ms: i64) -> Result<(), Error> {
        Ok(())
    }

    /// What entitlements of this client's results need besides the result: the account it
    /// signs as, for a vendor whose results do not name their holder (Baidu).
    fn account(&self) -> Option<&str> {
        None
    }

    /// What a customer bought and has left, from a validated result of one of this client's
    /// read operations, at `options.now` (Douyin also needs `options.open_id`). The same
    /// shape for every vendor (see [`crate::entitlement`]).
    fn entitlements<R: Entitled>(
        &self,
        result: &R,
        options: &EntitlementOptions,
    ) -> Result<Vec<Entitlement>, Error> {
        let fail = |issues| {
            Error::from_issues(ErrorKind::Input, issues).during(Self::VENDOR, "entitlements")
        };
        let now_ms = crate::entitlement::needed_now(options.now).map_err(fail)?;
        let context = Context::of(now_ms, self.account(), options);
        result.entitlements_in(&context).map_err(fail)
    }
}

/// A validated result that says what customers bought: read through [`Client::entitlements`].
pub trait Entitled {
    /// Its entitlements in `context`, or the issues of a context that lacks what it needs.
    fn entitlements_in(
        &self,
        context: &Context<'_>,
    ) -> Result<Vec<Entitlement>, Vec<crate::schema::Issue>>;
}

impl<T: Entitled> Entitled for Parsed<T> {
    fn entitlements_in(
        &self,
        context: &Context<'_>,
    ) -> Result<Vec<Entitlement>, Vec<crate::schema::Issue>> {
        (**self).entitlements_in(context)
    }
}

/// One operation, named by the type of its input: its client, its result, and how to build
/// and read it. Implemented by every operation's input (`DescribeAgentDealsByCacheInput`,
/// `DecrUserRemainTimesInput`, …).
pub trait Call: Serialize + FromJson + Sized {
    /// The client that sends it.
    type Client: Client;
    /// Its validated result.
    type Output: Serialize;
    /// Its name in the operation table ([`crate::operation::OPERATIONS`]), e.g.
    /// `"describeAgentDealsByCache"`: the `operation` of its errors.
    const OPERATION: &'static str;
    /// The names of its input and result models.
    #[doc(hidden)]
    const TYPES: [&'static str; 2];

    /// Builds the signed request.
    fn build(&self, client: &Self::Client, opts: &BuildOptions) -> Result<HttpRequest, Error>;

    /// Reads the response.
    fn parse(client: &Self::Client, raw: &RawResponse) -> Result<Parsed<Self::Output>, Error>;

    /// Whether this input may be sent again after a failure whose outcome is unknown: the
    /// operation's rule, with this input's idempotency key (Douyin's `out_trade_no`).
    fn safe_to_repeat(&self, client: &Self::Client) -> bool {
        let fields = serde_json::to_value(self).unwrap_or(Value::Null);
        let has_key = |field: &str| {
            fields
                .get(field)
                .and_then(Value::as_str)
                .is_some_and(|v| !v.is_empty())
        };
        client.repeat_rule(Self::OPERATION, &has_key)
    }

    /// The operation's row of the operation table.
    fn operation() -> Option<&'static crate::operation::Operation> {
        crate::operation::find(<Self::Client as Client>::VENDOR, Self::OPERATION)
    }
}

/// Declares `impl Call` for an operation's input, next to the operation.
macro_rules! call {
    ($input:ty => $client:ty, $output:ty, $name:literal, $build:ident, $parse:ident) => {
        impl $crate::driver::Call for $input {
            type Client = $client;
            type Output = $output;
            const OPERATION: &'static str = $name;
            const TYPES: [&'static str; 2] = [stringify!($input), stringify!($output)];
            fn build(
                &self,
                client: &$client,
                opts: &$crate::http::BuildOptions,
            ) -> Result<$crate::http::HttpRequest, $crate::Error> {
                client.$build(self, opts)
            }
            fn parse(
                client: &$client,
                raw: &$crate::http::RawResponse,
            ) -> Result<$crate::http::Parsed<$output>, $crate::Error> {
                client.$parse(raw)
            }
        }
    };
}
pub(crate) use call;

/// Why a request got no response. Its `retryable` error says `code` `"network"` or
/// `"timeout"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    timeout: bool,
    message: String,
}

impl TransportError {
    /// The request failed on the way: DNS, a refused or reset connection, TLS.
    pub fn network(message: impl std::fmt::Display) -> Self {
        TransportError {
            timeout: false,
            message: message.to_string(),
        }
    }

    /// No response came in time.
    pub fn timeout(message: impl std::fmt::Display) -> Self {
        TransportError {
            timeout: true,
            message: message.to_string(),
        }
    }

    /// This failure as a quotakit error of `vendor`'s `operation`.
    fn into_error(self, vendor: &'static str, operation: &'static str) -> Error {
        let (code, what) = if self.timeout {
            ("timeout", "timed out")
        } else {
            ("network", "network failure")
        };
        let mut error = Error::new(ErrorKind::Http, format!("{what}: {}", self.message));
        error.code = Some(code.to_owned());
        error.retryable = true;
        error.during(vendor, operation)
    }
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TransportError {}

/// What an [`Exchange`] wants done next.
#[derive(Debug)]
pub enum Step<T> {
    /// Send this request; then call [`Exchange::received`].
    Send(HttpRequest),
    /// Wait this long; then call [`Exchange::slept`].
    Sleep(Duration),
    /// The call is over.
    Done(Result<Parsed<T>, Error>),
}

/// One call of operation `C` as a state machine, for hosts that drive it themselves:
/// [`Driver`] and [`AsyncDriver`] are its two loops.
#[derive(Debug)]
pub struct Exchange<'a, C: Call> {
    client: &'a C::Client,
    input: &'a C,
    policy: RetryPolicy,
    safe: bool,
    attempt: u32,
    token_refreshed: bool,
    awaiting_token: bool,
    seed: u64,
}

impl<'a, C: Call> Exchange<'a, C> {
    /// A call of `input` through `client`, retried by `policy`; `seed` feeds the jitter.
    pub fn new(client: &'a C::Client, input: &'a C, policy: RetryPolicy, seed: u64) -> Self {
        Exchange {
            client,
            input,
            safe: input.safe_to_repeat(client),
            policy,
            attempt: 1,
            token_refreshed: false,
            awaiting_token: false,
            seed,
        }
    }

    /// The first step, at `now`.
    pub fn start(&mut self, now: impl UnixMillis) -> Step<C::Output> {
        self.next_request(now.unix_millis(), false)
    }

    /// What came back for the last [`Step::Send`], at `now`.
    pub fn received(
        &mut self,
        outcome: Result<RawResponse, TransportError>,
        now: impl UnixMillis,
    ) -> Step<C::Output> {
        let now_ms = now.unix_millis();
        let vendor = <C::Client as Client>::VENDOR;
        let token = std::mem::take(&mut self.awaiting_token);
        let operation = if token { "clientToken" } else { C::OPERATION };
        let (error, retry_after) = match outcome {
            Err(failure) => (failure.into_error(vendor, operation), None),
            Ok(raw) if token => match self.client.keep_token(&raw, now_ms) {
                Ok(()) => return self.build(now_ms),
                Err(error) => (error, raw.header("retry-after").map(str::to_owned)),
            },
            Ok(raw) => match C::parse(self.client, &raw) {
                Ok(parsed) => return Step::Done(Ok(parsed)),
                Err(error) => (error, raw.header("retry-after").map(str::to_owned)),
            },
        };
        self.failed(error, retry_after.as_deref(), now_ms, token)
    }

    /// The wait of the last [`Step::Sleep`] is over, at `now`.
    pub fn slept(&mut self, now: impl UnixMillis) -> Step<C::Output> {
        self.attempt += 1;
        self.next_request(now.unix_millis(), false)
    }

    /// The next request: a token first when one is due, else the operation, signed now.
    fn next_request(&mut self, now_ms: i64, force_token: bool) -> Step<C::Output> {
        match self.client.token_request(now_ms, force_token) {
            Some(Ok(request)) => {
                self.awaiting_token = true;
                Step::Send(request)
            }
            Some(Err(error)) => Step::Done(Err(error)),
            None => self.build(now_ms),
        }
    }

    /// The operation's request, signed now. After a token fetch it is built at once: a
    /// token that lives less than the client's refresh margin is still due, and asking again
    /// would fetch forever.
    fn build(&mut self, now_ms: i64) -> Step<C::Output> {
        match self.input.build(self.client, &BuildOptions::at(now_ms)) {
            Ok(request) => Step::Send(request),
            Err(error) => Step::Done(Err(error)),
        }
    }

    /// After a failed attempt: the policy's decision (a failed token fetch is the call's).
    fn failed(
        &mut self,
        mut error: Error,
        retry_after: Option<&str>,
        now_ms: i64,
        token: bool,
    ) -> Step<C::Output> {
        let safe = token || self.safe;
        let random = self.random();
        let failure = Failure {
            vendor: <C::Client as Client>::VENDOR,
            attempt: self.attempt,
            code: error.code.as_deref(),
            retryable: error.retryable,
            safe_to_repeat: safe,
            retry_after,
            token_refreshed: self.token_refreshed,
        };
        match self.policy.decide(&failure, now_ms, random) {
            Decision::RefreshToken => {
                self.token_refreshed = true;
                self.next_request(now_ms, true)
            }
            Decision::Retry { delay_ms } => {
                Step::Sleep(Duration::from_millis(delay_ms.max(0.0) as u64))
            }
            Decision::Stop => {
                if error.retryable && !safe {
                    error.retryable = false;
                    error.message.push_str(&format!(
                        " (not retryable: {} is not safe to repeat; the first attempt may have acted)",
                        C::OPERATION
                    ));
                } else if self.attempt > 1 {
                    error
                        .message
                        .push_str(&format!(" (gave up after {} attempts)", self.attempt));
                }
                error.attempts = Some(self.attempt);
                Step::Done(Err(error))
            }
        }
    }

    /// A number in `0.0..1.0` for the jitter (splitmix64).
    fn random(&mut self) -> f64 {
        self.seed = self.seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// How a blocking program sends a request and waits. A closure
/// `Fn(HttpRequest) -> Result<RawResponse, TransportError>` is one, sleeping with
/// `std::thread::sleep` and reading `SystemTime::now()`.
pub trait Transport {
    /// Sends `request` and returns the response, whatever its status (an error status is
    /// the vendor's answer, for quotakit to read).
    fn send(&self, request: HttpRequest) -> Result<RawResponse, TransportError>;

    /// Waits `duration` before a retry.
    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }

    /// The time now, at which requests are signed.
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

impl<F: Fn(HttpRequest) -> Result<RawResponse, TransportError>> Transport for F {
    fn send(&self, request: HttpRequest) -> Result<RawResponse, TransportError> {
        self(request)
    }
}

/// How an async program sends a request and waits (reqwest, hyper, …). The futures need
/// not be `Send`.
pub trait AsyncTransport {
    /// Sends `request` and returns the response, whatever its status.
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<RawResponse, TransportError>>;

    /// Waits `duration` before a retry (`tokio::time::sleep`, …).
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()>;

    /// The time now, at which requests are signed.
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A seed for the jitter, different for each call: the clock's nanoseconds and a counter.
fn fresh_seed() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    u64::from(nanos) ^ CALLS.fetch_add(1, Ordering::Relaxed).rotate_left(32)
}

/// Calls operations through a blocking [`Transport`], with retries.
#[derive(Debug, Clone)]
pub struct Driver<T> {
    transport: T,
    policy: RetryPolicy,
}

impl<T: Transport> Driver<T> {
    /// A driver over `transport`, retrying with [`RetryPolicy::default`]: 3 attempts,
    /// backoff from 200 ms up to 5 s.
    pub fn new(transport: T) -> Self {
        Driver {
            transport,
            policy: RetryPolicy::default(),
        }
    }

    /// This driver with another retry policy (`RetryPolicy { attempts: 1, .. }`: none).
    pub fn with_retry(self, policy: RetryPolicy) -> Self {
        Driver { policy, ..self }
    }

    /// Builds, sends, reads and, when it may help, resends `input`'s operation.
    pub fn call<C: Call>(&self, client: &C::Client, input: &C) -> Result<Parsed<C::Output>, Error> {
        let mut exchange = Exchange::new(client, input, self.policy, fresh_seed());
        let mut step = exchange.start(self.transport.now());
        loop {
            step = match step {
                Step::Send(request) => {
                    let outcome = self.transport.send(request);
                    exchange.received(outcome, self.transport.now())
                }
                Step::Sleep(duration) => {
                    self.transport.sleep(duration);
                    exchange.slept(self.transport.now())
                }
                Step::Done(result) => return result,
            };
        }
    }

    /// Every page of a paged read, from `input`'s page on, each fetched with [`Self::call`]:
    /// an iterator that ends after an empty or short page or at the total the vendor
    /// reports, so it never asks for a page past the end. It stops after an error.
    pub fn pages<'d, C: Call>(&'d self, client: &'d C::Client, input: C) -> Pages<'d, T, C> {
        Pages {
            driver: self,
            client,
            next: Some(input),
            failed: None,
        }
    }
}

/// The pages of a paged read ([`Driver::pages`]).
#[derive(Debug)]
pub struct Pages<'d, T, C: Call> {
    driver: &'d Driver<T>,
    client: &'d C::Client,
    next: Option<C>,
    failed: Option<Error>,
}

impl<T: Transport, C: Call> Iterator for Pages<'_, T, C> {
    type Item = Result<Parsed<C::Output>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(error) = self.failed.take() {
            return Some(Err(error));
        }
        let input = self.next.take()?;
        let page = self.driver.call(self.client, &input);
        if let Ok(parsed) = &page {
            match next_input(&input, parsed) {
                Ok(next) => self.next = next,
                Err(error) => self.failed = Some(error),
            }
        }
        Some(page)
    }
}

/// Calls operations through an [`AsyncTransport`], with retries: [`Driver`]'s async twin.
#[derive(Debug, Clone)]
pub struct AsyncDriver<T> {
    transport: T,
    policy: RetryPolicy,
}

impl<T: AsyncTransport> AsyncDriver<T> {
    /// A driver over `transport`, retrying as [`Driver::new`] does.
    pub fn new(transport: T) -> Self {
        AsyncDriver {
            transport,
            policy: RetryPolicy::default(),
        }
    }

    /// This driver with another retry policy.
    pub fn with_retry(self, policy: RetryPolicy) -> Self {
        AsyncDriver { policy, ..self }
    }

    /// [`Driver::call`], awaiting the transport.
    pub async fn call<C: Call>(
        &self,
        client: &C::Client,
        input: &C,
    ) -> Result<Parsed<C::Output>, Error> {
        let mut exchange = Exchange::new(client, input, self.policy, fresh_seed());
        let mut step = exchange.start(self.transport.now());
        loop {
            step = match step {
                Step::Send(request) => {
                    let outcome = self.transport.send(request).await;
                    exchange.received(outcome, self.transport.now())
                }
                Step::Sleep(duration) => {
                    self.transport.sleep(duration).await;
                    exchange.slept(self.transport.now())
                }
                Step::Done(result) => return result,
            };
        }
    }

    /// The next page of a paged read: `cursor` starts as `Some(input)` and is advanced by
    /// each call, `None` once the last page came (or an error ended the listing).
    pub async fn next_page<C: Call>(
        &self,
        client: &C::Client,
        cursor: &mut Option<C>,
    ) -> Option<Result<Parsed<C::Output>, Error>> {
        let input = cursor.take()?;
        let page = self.call(client, &input).await;
        Some(page.and_then(|parsed| {
            *cursor = next_input(&input, &parsed)?;
            Ok(parsed)
        }))
    }
}

/// The input of the page after `page`, by the operation table's paging rule: `Ok(None)`
/// after the last page, or for an operation that does not page; an error (never a silent
/// end) when the next input cannot be made.
fn next_input<C: Call>(input: &C, page: &Parsed<C::Output>) -> Result<Option<C>, Error> {
    let Some(paging) = C::operation().and_then(|o| o.paging) else {
        return Ok(None);
    };
    let tag = |e: Error| e.during(<C::Client as Client>::VENDOR, C::OPERATION);
    let json = |value: serde_json::Result<Value>| {
        value.map_err(|e| {
            tag(Error::new(
                ErrorKind::Input,
                format!("the next page cannot be asked for: {e}"),
            ))
        })
    };
    let this = json(serde_json::to_value(input))?;
    let received = json(serde_json::to_value(&**page))?;
    match paging.next_input(&this, &received) {
        None => Ok(None),
        Some(next) => crate::http::read_input::<C>(&next, &[])
            .map(Some)
            .map_err(tag),
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::collections::VecDeque;

    use super::*;
    use crate::platforms::douyin::market::DecrUserRemainTimesInput;
    use crate::platforms::tencent::market::SyncUserAndOrderInfoInput;
    use crate::platforms::tencent::partners::DescribeAgentDealsByCacheInput;
    use crate::{Douyin, DouyinOptions, TencentCloud, TencentCloudOptions};

    const NOW: i64 = 1_700_000_000_000;

    /// Answers from a script, and records what was sent and slept.
    struct Script {
        answers: RefCell<VecDeque<Result<RawResponse, TransportError>>>,
        sent: RefCell<Vec<HttpRequest>>,
        slept: RefCell<Vec<Duration>>,
    }

    impl Script {
        fn new(answers: Vec<Result<RawResponse, TransportError>>) -> Self {
            Script {
                answers: RefCell::new(answers.into()),
                sent: RefCell::default(),
                slept: RefCell::default(),
            }
        }
    }

    impl Transport for &Script {
        fn send(&self, request: HttpRequest) -> Result<RawResponse, TransportError> {
            self.sent.borrow_mut().push(request);
            self.answers
                .borrow_mut()
                .pop_front()
                .unwrap_or_else(|| Err(TransportError::network("the script ran out")))
        }
        fn sleep(&self, duration: Duration) {
            self.slept.borrow_mut().push(duration);
        }
        fn now(&self) -> SystemTime {
            SystemTime::UNIX_EPOCH + Duration::from_millis(NOW as u64)
        }
    }

    fn tencent() -> TencentCloud {
        TencentCloud::new(TencentCloudOptions {
            secret_id: "AKIDfake".into(),
            secret_key: "fake-secret-not-real".into(),
            ..TencentCloudOptions::default()
        })
        .unwrap()
    }

    fn deals(offset: u64, count: u64, total: u64) -> RawResponse {
        let deal = r#"{"DealName":"d"}"#;
        let set = vec![deal; count as usize].join(",");
        RawResponse::new(
            200,
            format!(
                r#"{{"Response":{{"AgentDealSet":[{set}],"TotalCount":{total},"RequestId":"r-{offset}"}}}}"#
            ),
        )
    }

    const BUSY: &str =
        r#"{"Response":{"Error":{"Code":"InternalError","Message":"busy"},"RequestId":"r"}}"#;

    #[test]
    fn a_retryable_failure_of_a_read_is_resent_after_a_backoff() {
        let script = Script::new(vec![
            Ok(RawResponse::new(200, BUSY)),
            Err(TransportError::timeout("no answer in 2 s")),
            Ok(deals(0, 1, 1)),
        ]);
        let page = Driver::new(&script)
            .call(&tencent(), &DescribeAgentDealsByCacheInput::new(0, 10))
            .unwrap();
        assert_eq!(page.total_count, 1);
        assert_eq!(script.sent.borrow().len(), 3);
        assert_eq!(script.slept.borrow().len(), 2);
        assert!(script
            .slept
            .borrow()
            .iter()
            .all(|d| *d <= Duration::from_millis(400)));
    }

    #[test]
    fn attempts_run_out_and_the_error_says_so() {
        let script = Script::new(vec![Ok(RawResponse::new(200, BUSY)); 3]);
        let error = Driver::new(&script)
            .call(&tencent(), &DescribeAgentDealsByCacheInput::new(0, 10))
            .unwrap_err();
        assert_eq!(error.code.as_deref(), Some("InternalError"));
        assert_eq!(error.attempts, Some(3));
        assert!(
            error.message.ends_with("(gave up after 3 attempts)"),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_write_without_a_key_is_never_resent() {
        let script = Script::new(vec![Err(TransportError::network("connection reset"))]);
        let input: SyncUserAndOrderInfoInput = crate::http::read_input(
            &serde_json::json!({
                "UserInfo": { "PaidCorpId": "wwcorp", "PaidCorpName": "甲" },
                "OrderInfo": { "OrderId": "o", "OrderStatus": 1, "OrderType": 0, "SuiteId": "s1",
                    "EditionId": "e1", "EditionName": "标准版", "Price": 9900 }
            }),
            &[],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let error = Driver::new(&script).call(&tencent(), &input).unwrap_err();
        assert_eq!(
            (error.code.as_deref(), error.retryable, error.attempts),
            (Some("network"), false, Some(1))
        );
        assert_eq!(error.operation, Some("syncUserAndOrderInfo"));
        assert!(error.message.contains("not safe to repeat"));
    }

    #[test]
    fn pages_follow_the_table_and_stop_at_the_total() {
        let script = Script::new(vec![
            Ok(deals(0, 2, 5)),
            Ok(deals(2, 2, 5)),
            Ok(deals(4, 1, 5)),
        ]);
        let driver = Driver::new(&script);
        let client = tencent();
        let pages: Vec<_> = driver
            .pages(&client, DescribeAgentDealsByCacheInput::new(0, 2))
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(pages.len(), 3);
        let offsets: Vec<String> = script
            .sent
            .borrow()
            .iter()
            .map(|r| {
                let body: Value = serde_json::from_str(r.body.as_deref().unwrap()).unwrap();
                body["Offset"].to_string()
            })
            .collect();
        assert_eq!(offsets, ["0", "2", "4"], "never a page past the end");
    }

    #[test]
    fn douyin_fetches_its_token_first_and_again_when_it_is_stale() {
        let token = |t: &str| {
            Ok(RawResponse::new(
                200,
                format!(
                    r#"{{"data":{{"access_token":"{t}","expires_in":7200,"error_code":0}},"extra":{{"error_code":0}}}}"#
                ),
            ))
        };
        let ack =
            r#"{"data":{"error_code":0,"description":""},"extra":{"error_code":0,"logid":"l"}}"#;
        let stale = r#"{"data":{"error_code":2190008,"description":"expired"},"extra":{"error_code":2190008}}"#;
        let script = Script::new(vec![
            token("clt.first"),
            Ok(RawResponse::new(200, stale)),
            token("clt.second"),
            Ok(RawResponse::new(200, ack)),
        ]);
        let douyin = Douyin::new(DouyinOptions {
            client_key: "fakekey".into(),
            client_secret: "fake-secret-not-real".into(),
            ..DouyinOptions::default()
        })
        .unwrap();
        let input =
            DecrUserRemainTimesInput::new("o".into(), "s".into(), "m".into(), "t-1".into(), 1);
        assert!(input.safe_to_repeat(&douyin), "keyed by out_trade_no");
        Driver::new(&script).call(&douyin, &input).unwrap();
        let sent = script.sent.borrow();
        let tokens: Vec<Option<&String>> =
            sent.iter().map(|r| r.headers.get("access-token")).collect();
        assert_eq!(tokens.len(), 4);
        assert_eq!(tokens[1].map(String::as_str), Some("clt.first"));
        assert_eq!(tokens[3].map(String::as_str), Some("clt.second"));
        assert!(
            script.slept.borrow().is_empty(),
            "a new token is not a retry"
        );
    }

    #[test]
    fn a_token_shorter_lived_than_the_margin_is_fetched_once_per_attempt() {
        // The stable endpoint answers with the time the token has left: near its end, less
        // than the client's 300 s refresh margin. The call must go on, not fetch forever.
        let token = r#"{"data":{"access_token":"clt.old","expires_in":60,"error_code":0},"extra":{"error_code":0}}"#;
        let ack =
            r#"{"data":{"error_code":0,"description":""},"extra":{"error_code":0,"logid":"l"}}"#;
        let script = Script::new(vec![
            Ok(RawResponse::new(200, token)),
            Ok(RawResponse::new(200, ack)),
        ]);
        let douyin = Douyin::new(DouyinOptions::new("fakekey", "fake-secret-not-real")).unwrap();
        let input =
            DecrUserRemainTimesInput::new("o".into(), "s".into(), "m".into(), "t-2".into(), 1);
        Driver::new(&script).call(&douyin, &input).unwrap();
        assert_eq!(script.sent.borrow().len(), 2);
    }
}
