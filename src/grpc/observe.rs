//! A tower layer around the whole gRPC router: counts every call by service,
//! method and status code ([`super::metrics`]), and answers an oversized
//! message `RESOURCE_EXHAUSTED`.
//!
//! It sits outside the services so that it sees every call the way the
//! caller does: those refused by the token check, those whose message does
//! not decode, health and reflection. A unary call's status is in the
//! response headers when it failed before any message (a "trailers-only"
//! response) and otherwise in the trailers after the body, so the body is
//! wrapped to read them; a body dropped before its trailers is a call the
//! caller (or the transport's timer) cut short, counted `CANCELLED`.
//!
//! tonic answers a message over `--max-message-bytes`, received or sent,
//! with `OUT_OF_RANGE`, where the gRPC status code guide says
//! `RESOURCE_EXHAUSTED` ("sent or received message was larger than
//! configured limit"). tonic's limit check is kept (it refuses a message by
//! its length prefix, before reading it) and its code rewritten here; the
//! service itself never answers `OUT_OF_RANGE`.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Instant;

use http::{HeaderMap, HeaderValue, Request, Response};
use http_body::{Body, Frame, SizeHint};
use prost::Message;

use super::metrics::{MethodLabels, Metrics};

const GRPC_STATUS: &str = "grpc-status";
const OUT_OF_RANGE: &str = "11";
const RESOURCE_EXHAUSTED: &str = "8";

/// The layer; [`tonic::transport::Server::layer`] takes it.
#[derive(Clone)]
pub struct ObserveLayer {
    metrics: Arc<Metrics>,
}

impl ObserveLayer {
    pub fn new(metrics: Arc<Metrics>) -> Self {
        ObserveLayer { metrics }
    }
}

impl<S> tower_layer::Layer<S> for ObserveLayer {
    type Service = Observe<S>;
    fn layer(&self, inner: S) -> Observe<S> {
        Observe {
            inner,
            metrics: self.metrics.clone(),
        }
    }
}

/// The router, observed.
#[derive(Clone)]
pub struct Observe<S> {
    inner: S,
    metrics: Arc<Metrics>,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, B, ReqBody> tower_service::Service<Request<ReqBody>> for Observe<S>
where
    S: tower_service::Service<Request<ReqBody>, Response = Response<B>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Response<Observed<B>>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Self::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<ReqBody>) -> Self::Future {
        let mut record = Record {
            metrics: Some(self.metrics.clone()),
            method: method_of(req.uri().path()),
            start: Instant::now(),
        };
        let response = self.inner.call(req);
        Box::pin(async move {
            let mut response = response.await?;
            // A trailers-only response: the status is already here.
            if let Some(code) = read_status(response.headers_mut()) {
                record.finish(code);
            }
            Ok(response.map(|inner| Observed { inner, record }))
        })
    }
}

/// A call not yet counted. Dropped unfinished, it counts as `CANCELLED`.
struct Record {
    metrics: Option<Arc<Metrics>>,
    method: MethodLabels,
    start: Instant,
}

impl Record {
    fn finish(&mut self, code: &'static str) {
        if let Some(m) = self.metrics.take() {
            m.call(self.method.clone(), code, self.start.elapsed());
        }
    }
}

impl Drop for Record {
    fn drop(&mut self) {
        self.finish("CANCELLED");
    }
}

/// A response body that counts its call when the status goes by.
pub struct Observed<B> {
    inner: B,
    record: Record,
}

impl<B: Body + Unpin> Body for Observed<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<B::Data>, B::Error>>> {
        let this = &mut *self;
        let mut polled = Pin::new(&mut this.inner).poll_frame(cx);
        match &mut polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(trailers) = frame.trailers_mut() {
                    this.record
                        .finish(read_status(trailers).unwrap_or("UNKNOWN"));
                }
            }
            // The body ended without a status (the caller sees UNKNOWN), or
            // after a trailers-only response (already counted); or it failed.
            Poll::Ready(None | Some(Err(_))) => this.record.finish("UNKNOWN"),
            Poll::Pending => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// The status code of a header map, `OUT_OF_RANGE` rewritten (see the module
/// doc); `None` when the map carries no status.
fn read_status(headers: &mut HeaderMap) -> Option<&'static str> {
    let value = headers.get(GRPC_STATUS)?;
    if value == OUT_OF_RANGE {
        headers.insert(GRPC_STATUS, HeaderValue::from_static(RESOURCE_EXHAUSTED));
    }
    let code = headers.get(GRPC_STATUS)?.to_str().ok()?.parse::<i32>().ok();
    Some(code.map_or("UNKNOWN", code_name))
}

/// The canonical name of a gRPC status code (as in the gRPC spec and the
/// `grpc_code` label of other servers' metrics).
pub fn code_name(code: i32) -> &'static str {
    const NAMES: [&str; 17] = [
        "OK",
        "CANCELLED",
        "UNKNOWN",
        "INVALID_ARGUMENT",
        "DEADLINE_EXCEEDED",
        "NOT_FOUND",
        "ALREADY_EXISTS",
        "PERMISSION_DENIED",
        "RESOURCE_EXHAUSTED",
        "FAILED_PRECONDITION",
        "ABORTED",
        "OUT_OF_RANGE",
        "UNIMPLEMENTED",
        "INTERNAL",
        "UNAVAILABLE",
        "DATA_LOSS",
        "UNAUTHENTICATED",
    ];
    usize::try_from(code)
        .ok()
        .and_then(|i| NAMES.get(i))
        .copied()
        .unwrap_or("UNKNOWN")
}

/// The labels of a request path `/package.Service/Method`: one of the
/// methods the server serves, or `unknown` (a caller's made-up path must
/// not create a label).
fn method_of(path: &str) -> MethodLabels {
    known_methods().get(path).cloned().unwrap_or(MethodLabels {
        grpc_service: "unknown",
        grpc_method: "unknown",
    })
}

/// Every method of the services the server registers, by request path,
/// read once from their descriptors (a new RPC is counted without a change
/// here).
fn known_methods() -> &'static HashMap<String, MethodLabels> {
    static KNOWN: OnceLock<HashMap<String, MethodLabels>> = OnceLock::new();
    KNOWN.get_or_init(|| {
        let sets = [
            super::pb::FILE_DESCRIPTOR_SET,
            tonic_health::pb::FILE_DESCRIPTOR_SET,
            tonic_reflection::pb::v1::FILE_DESCRIPTOR_SET,
            tonic_reflection::pb::v1alpha::FILE_DESCRIPTOR_SET,
        ];
        let mut known = HashMap::new();
        for set in sets {
            let Ok(set) = prost_types::FileDescriptorSet::decode(set) else {
                continue;
            };
            for file in &set.file {
                for service in &file.service {
                    let full = format!("{}.{}", file.package(), service.name());
                    let grpc_service: &'static str = Box::leak(full.into_boxed_str());
                    for m in &service.method {
                        let grpc_method: &'static str = Box::leak(m.name().into());
                        known.insert(
                            format!("/{grpc_service}/{grpc_method}"),
                            MethodLabels {
                                grpc_service,
                                grpc_method,
                            },
                        );
                    }
                }
            }
        }
        known
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_known_labels_only() {
        let m = method_of("/creche.allocation.v1.AllocationService/Solve");
        assert_eq!(
            (m.grpc_service, m.grpc_method),
            ("creche.allocation.v1.AllocationService", "Solve")
        );
        let h = method_of("/grpc.health.v1.Health/Watch");
        assert_eq!(h.grpc_method, "Watch");
        let r = method_of("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo");
        assert_eq!(r.grpc_service, "grpc.reflection.v1.ServerReflection");
        let made_up = method_of("/creche.allocation.v1.AllocationService/D-0042");
        assert_eq!(
            (made_up.grpc_service, made_up.grpc_method),
            ("unknown", "unknown")
        );
    }

    #[test]
    fn codes_by_name_and_out_of_range_rewritten() {
        assert_eq!(code_name(0), "OK");
        assert_eq!(code_name(3), "INVALID_ARGUMENT");
        assert_eq!(code_name(16), "UNAUTHENTICATED");
        assert_eq!(code_name(17), "UNKNOWN");
        assert_eq!(code_name(-1), "UNKNOWN");
        let mut h = HeaderMap::new();
        assert_eq!(read_status(&mut h), None);
        h.insert(GRPC_STATUS, HeaderValue::from_static("11"));
        assert_eq!(read_status(&mut h), Some("RESOURCE_EXHAUSTED"));
        assert_eq!(h.get(GRPC_STATUS).unwrap(), "8");
        h.insert(GRPC_STATUS, HeaderValue::from_static("4"));
        assert_eq!(read_status(&mut h), Some("DEADLINE_EXCEEDED"));
    }
}
