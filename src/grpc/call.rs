//! Per-call data: the request id and receipt time of a call, the bearer-token
//! interceptor, the call's deadline (`grpc-timeout`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tonic::metadata::{MetadataMap, MetadataValue};
use tonic::{Request, Response, Status};
use tracing::warn;

use super::status::REQUEST_ID_HEADER;

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
    pub token: Option<Arc<str>>,
}

impl tonic::service::Interceptor for CallInterceptor {
    fn call(&mut self, mut req: Request<()>) -> Result<Request<()>, Status> {
        let call = CallInfo::new(req.metadata());
        if let Some(token) = &self.token {
            let given = req
                .metadata()
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| {
                    v.strip_prefix("Bearer ")
                        .or_else(|| v.strip_prefix("bearer "))
                });
            if !given.is_some_and(|g| constant_time_eq(g.as_bytes(), token.as_bytes())) {
                warn!(request_id = %call.id, "unauthenticated call refused");
                let mut status = Status::unauthenticated("missing or invalid bearer token");
                if let Ok(v) = MetadataValue::try_from(call.id.as_str()) {
                    status.metadata_mut().insert(REQUEST_ID_HEADER, v);
                }
                return Err(status);
            }
        }
        req.extensions_mut().insert(call);
        Ok(req)
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
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
    fn tokens_compare() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
