//! Per-call data: the request id and receipt time of a call, the bearer-token
//! interceptor, the call's deadline (`grpc-timeout`).
//!
//! The token is compared in constant time: the SHA-256 digests of the given
//! and the expected token, compared with `subtle`, so that neither its bytes
//! nor its length show in the time a refusal takes. A peer (an IP address)
//! that keeps presenting wrong tokens is slowed down ([`Backoff`]): its first
//! [`FREE_FAILURES`] wrong tokens in a row cost nothing; after each further
//! one it must wait before its next call, 100 ms doubling up to 10 s
//! (`wait_after`), and calls within the wait are refused
//! with `RESOURCE_EXHAUSTED` and a `RetryInfo`, without looking at their
//! token. 200 guesses then take half an hour instead of a tenth of a second.
//! A call without any token is no guess and counts for nothing (probes,
//! misconfigured clients); a right token clears the peer's count.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use tonic::metadata::{MetadataMap, MetadataValue};
use tonic::{Code, Request, Response, Status};
use tonic_types::{ErrorDetails, StatusExt};
use tracing::warn;

use super::status::REQUEST_ID_HEADER;

/// Wrong tokens in a row a peer may present before it must wait.
pub const FREE_FAILURES: u32 = 2;
/// The first wait, doubled at each further wrong token...
pub const FIRST_WAIT: Duration = Duration::from_millis(100);
/// ...up to this.
pub const LONGEST_WAIT: Duration = Duration::from_secs(10);
/// A peer's count is forgotten this long after its last wait ended.
pub const FORGET_AFTER: Duration = Duration::from_secs(600);
/// Peers tracked at most; past it, peers no longer waiting are forgotten
/// first, and a new peer is not tracked while every entry is still waiting
/// (the table's memory stays bounded whatever the traffic).
pub const MAX_PEERS: usize = 10_000;

/// Request id and receipt time of a call, set by [`CallInterceptor`] before
/// the message is decoded.
#[derive(Debug, Clone)]
pub(super) struct CallInfo {
    pub id: String,
    pub start: Instant,
}

impl CallInfo {
    pub fn of<T>(req: &Request<T>) -> CallInfo {
        req.extensions()
            .get::<CallInfo>()
            .cloned()
            .unwrap_or_else(|| CallInfo::new(req.metadata()))
    }

    fn new(md: &MetadataMap) -> CallInfo {
        CallInfo {
            id: request_id(md),
            start: Instant::now(),
        }
    }
}

/// The caller's `x-request-id` when it is a short plain token, else a new one.
fn request_id(md: &MetadataMap) -> String {
    if let Some(v) = md.get(REQUEST_ID_HEADER).and_then(|v| v.to_str().ok()) {
        if !v.is_empty()
            && v.len() <= 64
            && v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        {
            return v.to_string();
        }
    }
    static COUNTER: AtomicU64 = AtomicU64::new(1);
    static PREFIX: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    let prefix = PREFIX.get_or_init(|| {
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        h.finish() as u32
    });
    format!("{prefix:08x}-{}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

#[derive(Clone)]
pub(super) struct CallInterceptor {
    /// SHA-256 of the token calls must carry.
    token: Option<[u8; 32]>,
    backoff: Arc<Backoff>,
}

impl CallInterceptor {
    pub fn new(token: Option<&str>) -> Self {
        CallInterceptor {
            token: token.map(digest),
            backoff: Arc::new(Backoff::default()),
        }
    }

    /// The refusal of a call without the right token, if it is refused.
    fn refusal(&self, req: &Request<()>) -> Option<Status> {
        let expected = self.token.as_ref()?;
        let peer = req.remote_addr().map(|a| a.ip());
        let now = Instant::now();
        if let Some(wait) = peer.and_then(|p| self.backoff.waiting(p, now)) {
            let mut details = ErrorDetails::new();
            details.set_retry_info(Some(wait));
            return Some(Status::with_error_details(
                Code::ResourceExhausted,
                format!(
                    "too many wrong bearer tokens from this address: retry in {} ms",
                    wait.as_millis().max(1)
                ),
                details,
            ));
        }
        let given = req
            .metadata()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            });
        match given {
            Some(g) if bool::from(digest(g).ct_eq(expected)) => {
                if let Some(p) = peer {
                    self.backoff.succeeded(p);
                }
                None
            }
            Some(_) => {
                if let Some(p) = peer {
                    self.backoff.failed(p, now);
                }
                Some(Status::unauthenticated("missing or invalid bearer token"))
            }
            None => Some(Status::unauthenticated("missing or invalid bearer token")),
        }
    }
}

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

impl tonic::service::Interceptor for CallInterceptor {
    fn call(&mut self, mut req: Request<()>) -> Result<Request<()>, Status> {
        let call = CallInfo::new(req.metadata());
        if let Some(mut status) = self.refusal(&req) {
            warn!(request_id = %call.id, code = ?status.code(), "unauthenticated call refused");
            if let Ok(v) = MetadataValue::try_from(call.id.as_str()) {
                status.metadata_mut().insert(REQUEST_ID_HEADER, v);
            }
            return Err(status);
        }
        req.extensions_mut().insert(call);
        Ok(req)
    }
}

/// Wrong tokens per peer, and until when each must wait (see the module doc).
#[derive(Debug, Default)]
pub(super) struct Backoff {
    peers: Mutex<HashMap<IpAddr, Strikes>>,
}

#[derive(Debug, Clone, Copy)]
struct Strikes {
    /// Wrong tokens in a row.
    failures: u32,
    /// No call before this.
    until: Instant,
}

impl Backoff {
    fn peers(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, Strikes>> {
        // A panic elsewhere while holding the lock leaves a usable table.
        self.peers.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How long `peer` must still wait at `now`, if it must.
    pub fn waiting(&self, peer: IpAddr, now: Instant) -> Option<Duration> {
        let until = self.peers().get(&peer)?.until;
        (until > now).then(|| until - now)
    }

    /// One more wrong token from `peer` at `now`.
    pub fn failed(&self, peer: IpAddr, now: Instant) {
        let mut peers = self.peers();
        if peers.len() >= MAX_PEERS && !peers.contains_key(&peer) {
            peers.retain(|_, s| s.until + FORGET_AFTER > now && s.until > now);
            if peers.len() >= MAX_PEERS {
                return;
            }
        }
        let s = peers.entry(peer).or_insert(Strikes {
            failures: 0,
            until: now,
        });
        if s.until + FORGET_AFTER <= now {
            s.failures = 0;
        }
        s.failures = s.failures.saturating_add(1);
        s.until = now + wait_after(s.failures);
    }

    /// A right token from `peer`: its count is cleared.
    pub fn succeeded(&self, peer: IpAddr) {
        self.peers().remove(&peer);
    }
}

/// The wait after `failures` wrong tokens in a row.
fn wait_after(failures: u32) -> Duration {
    match failures.checked_sub(FREE_FAILURES + 1) {
        None => Duration::ZERO,
        Some(doublings) => FIRST_WAIT
            .checked_mul(1u32.checked_shl(doublings).unwrap_or(u32::MAX))
            .map_or(LONGEST_WAIT, |d| d.min(LONGEST_WAIT)),
    }
}

/// The `grpc-timeout` header of a call (gRPC over HTTP/2: at most 8 digits
/// and a unit H, M, S, m, u, n).
pub(super) fn grpc_timeout(md: &MetadataMap) -> Option<Duration> {
    let v = md.get("grpc-timeout")?.to_str().ok()?;
    if v.len() < 2 || v.len() > 9 {
        return None;
    }
    let (digits, unit) = v.split_at(v.len() - 1);
    let n: u64 = digits.parse().ok()?;
    Some(match unit {
        "H" => Duration::from_secs(n * 3600),
        "M" => Duration::from_secs(n * 60),
        "S" => Duration::from_secs(n),
        "m" => Duration::from_millis(n),
        "u" => Duration::from_micros(n),
        "n" => Duration::from_nanos(n),
        _ => return None,
    })
}

pub(super) fn with_request_id<T>(body: T, id: &str) -> Response<T> {
    let mut r = Response::new(body);
    if let Ok(v) = MetadataValue::try_from(id) {
        r.metadata_mut().insert(REQUEST_ID_HEADER, v);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grpc_timeout_units() {
        let mut md = MetadataMap::new();
        assert_eq!(grpc_timeout(&md), None);
        for (v, d) in [
            ("1m", Duration::from_millis(1)),
            ("30S", Duration::from_secs(30)),
            ("2M", Duration::from_secs(120)),
            ("1H", Duration::from_secs(3600)),
            ("500u", Duration::from_micros(500)),
            ("7n", Duration::from_nanos(7)),
        ] {
            md.insert("grpc-timeout", v.parse().unwrap());
            assert_eq!(grpc_timeout(&md), Some(d), "{v}");
        }
        md.insert("grpc-timeout", "123456789S".parse().unwrap());
        assert_eq!(grpc_timeout(&md), None);
        md.insert("grpc-timeout", "5x".parse().unwrap());
        assert_eq!(grpc_timeout(&md), None);
    }

    #[test]
    fn request_ids() {
        let mut md = MetadataMap::new();
        let a = request_id(&md);
        let b = request_id(&md);
        assert_ne!(a, b);
        md.insert(REQUEST_ID_HEADER, "portal-42".parse().unwrap());
        assert_eq!(request_id(&md), "portal-42");
        md.insert(REQUEST_ID_HEADER, "has space".parse().unwrap());
        assert_ne!(request_id(&md), "has space");
    }

    #[test]
    fn tokens_compare_by_digest() {
        assert!(bool::from(digest("abc").ct_eq(&digest("abc"))));
        assert!(!bool::from(digest("abc").ct_eq(&digest("abd"))));
        assert!(!bool::from(digest("abc").ct_eq(&digest("ab"))));
    }

    #[test]
    fn waits_double_after_the_free_failures_up_to_the_longest() {
        let waits: Vec<u128> = (1..=12).map(|n| wait_after(n).as_millis()).collect();
        assert_eq!(
            waits,
            [0, 0, 100, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000, 10_000]
        );
        assert_eq!(wait_after(u32::MAX), LONGEST_WAIT);
    }

    #[test]
    fn a_peer_waits_after_wrong_tokens_and_a_right_one_clears_it() {
        let b = Backoff::default();
        let (peer, other) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let t0 = Instant::now();
        b.failed(peer, t0);
        b.failed(peer, t0);
        assert_eq!(b.waiting(peer, t0), None, "two free failures");
        b.failed(peer, t0);
        assert_eq!(b.waiting(peer, t0), Some(FIRST_WAIT));
        assert_eq!(b.waiting(peer, t0 + FIRST_WAIT), None);
        assert_eq!(b.waiting(other, t0), None, "per peer");
        b.failed(peer, t0 + FIRST_WAIT);
        assert_eq!(b.waiting(peer, t0 + FIRST_WAIT), Some(2 * FIRST_WAIT));
        // Long after, the count starts again.
        let later = t0 + FORGET_AFTER + Duration::from_secs(1);
        b.failed(peer, later);
        assert_eq!(b.waiting(peer, later), None);
        b.succeeded(peer);
        assert!(b.peers().is_empty());
    }
}
