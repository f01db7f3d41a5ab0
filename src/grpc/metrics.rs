//! Prometheus metrics of the server, and the `/metrics` endpoint that
//! `serve --metrics-addr HOST:PORT` opens.
//!
//! Built on `prometheus-client`, the Prometheus project's own Rust client:
//! the metrics live in a [`Registry`] value that each server owns and passes
//! down (no process-wide recorder), so two servers in one process (the
//! tests) never mix their counts, and the crate pulls in no HTTP stack of
//! its own. The endpoint is a few lines of `hyper`, which tonic already
//! brings.
//!
//! What is measured, and where:
//! - every gRPC call, by service, method and status code, and its duration
//!   ([`super::observe`], around the whole router: calls refused by the
//!   token check or by message decoding are counted too);
//! - each job of the solver thread, by method: its wait in the queue, its
//!   time on the solver thread, and the requests and crèches of its
//!   commission ([`super::worker`]);
//! - the queue's depth and capacity;
//! - the jobs that ended `DEADLINE_EXCEEDED` and those whose caller went
//!   away before the answer (cancelled) ([`super::server`]).
//!
//! Labels are method names, status codes and the build's versions, a fixed
//! set: no request id, no field of a request, no value of a caller ever
//! becomes a label. Nothing here depends on how the solver works inside:
//! a job is timed from the outside.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::metrics::info::Info;
use prometheus_client::registry::{Registry, Unit};
use tokio::net::TcpListener;
use tracing::{debug, info};

/// The path Prometheus scrapes.
pub const METRICS_PATH: &str = "/metrics";

/// Content type of the OpenMetrics text format that `/metrics` answers.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// One gRPC call's labels.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct CallLabels {
    pub grpc_service: &'static str,
    pub grpc_method: &'static str,
    pub grpc_code: &'static str,
}

/// A call's method, without its outcome.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct MethodLabels {
    pub grpc_service: &'static str,
    pub grpc_method: &'static str,
}

/// A job of the solver thread: the RPC it serves.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct JobLabels {
    pub method: &'static str,
}

type Histograms<L> = Family<L, Histogram, fn() -> Histogram>;

/// Every metric of one server.
pub struct Metrics {
    registry: Registry,
    calls: Family<CallLabels, Counter>,
    call_seconds: Histograms<MethodLabels>,
    queue_wait_seconds: Histograms<JobLabels>,
    solve_seconds: Histograms<JobLabels>,
    requests: Histograms<JobLabels>,
    creches: Histograms<JobLabels>,
    deadline_exceeded: Family<JobLabels, Counter>,
    cancelled: Family<JobLabels, Counter>,
    queue_depth: Gauge,
}

/// Seconds from 1 ms to about 4.4 min, doubling: a greedy solve of the
/// default commission to the server's longest solve time.
fn seconds_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 19))
}

/// Counts from 1 to 16384, doubling (a town's commission has thousands of
/// requests; a crèche count stays far below).
fn count_histogram() -> Histogram {
    Histogram::new(exponential_buckets(1.0, 2.0, 15))
}

/// What the build was made of.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct BuildLabels {
    version: &'static str,
    highs_version: String,
    git_commit: &'static str,
}

/// The git commit the binary was built from (`build.rs`; `unknown` outside
/// a git checkout, e.g. a container build without `.git`).
pub const GIT_COMMIT: &str = env!("CRECHE_GIT_COMMIT");

impl Metrics {
    /// The metrics of a server whose solve queue holds `queue_capacity` jobs.
    pub fn new(queue_capacity: usize) -> Metrics {
        let mut m = Metrics {
            registry: Registry::with_prefix("creche"),
            calls: Family::default(),
            call_seconds: Family::new_with_constructor(seconds_histogram),
            queue_wait_seconds: Family::new_with_constructor(seconds_histogram),
            solve_seconds: Family::new_with_constructor(seconds_histogram),
            requests: Family::new_with_constructor(count_histogram),
            creches: Family::new_with_constructor(count_histogram),
            deadline_exceeded: Family::default(),
            cancelled: Family::default(),
            queue_depth: Gauge::default(),
        };
        m.register_calls();
        m.register_jobs();
        m.register_queue(queue_capacity);
        m.registry.register(
            "build",
            "The server's version, HiGHS version and git commit",
            Info::new(BuildLabels {
                version: env!("CARGO_PKG_VERSION"),
                highs_version: crate::solve::model::highs_version(),
                git_commit: GIT_COMMIT,
            }),
        );
        m
    }

    fn register_calls(&mut self) {
        self.registry.register(
            "grpc_calls",
            "gRPC calls answered, by service, method and status code",
            self.calls.clone(),
        );
        self.registry.register_with_unit(
            "grpc_call_duration",
            "Time from a call's arrival to its status",
            Unit::Seconds,
            self.call_seconds.clone(),
        );
    }

    fn register_jobs(&mut self) {
        let r = &mut self.registry;
        r.register_with_unit(
            "queue_wait",
            "Time a job waited in the solve queue before the solver thread took it",
            Unit::Seconds,
            self.queue_wait_seconds.clone(),
        );
        r.register_with_unit(
            "solve_duration",
            "Time a job ran on the solver thread (all its solves)",
            Unit::Seconds,
            self.solve_seconds.clone(),
        );
        r.register(
            "solve_requests",
            "Requests of the commission a job solves",
            self.requests.clone(),
        );
        r.register(
            "solve_creches",
            "Crèches of the commission a job solves",
            self.creches.clone(),
        );
        r.register(
            "solves_deadline_exceeded",
            "Jobs answered DEADLINE_EXCEEDED (deadline before or while solving, or no allocation within the time limit)",
            self.deadline_exceeded.clone(),
        );
        r.register(
            "solves_cancelled",
            "Jobs whose caller went away before the answer",
            self.cancelled.clone(),
        );
    }

    fn register_queue(&mut self, queue_capacity: usize) {
        let capacity = Gauge::<i64>::default();
        capacity.set(i64::try_from(queue_capacity).unwrap_or(i64::MAX));
        let r = &mut self.registry;
        r.register(
            "queue_depth",
            "Jobs waiting in the solve queue (not counting the one solving)",
            self.queue_depth.clone(),
        );
        r.register(
            "queue_capacity",
            "Jobs the solve queue holds; one more is refused with RESOURCE_EXHAUSTED",
            capacity,
        );
    }

    /// A call answered with `code`, `elapsed` after it arrived.
    pub fn call(&self, method: MethodLabels, code: &'static str, elapsed: Duration) {
        self.call_seconds
            .get_or_create(&method)
            .observe(elapsed.as_secs_f64());
        self.calls
            .get_or_create(&CallLabels {
                grpc_service: method.grpc_service,
                grpc_method: method.grpc_method,
                grpc_code: code,
            })
            .inc();
    }

    /// The solver thread took a job that waited `queued`.
    pub fn job_started(&self, method: &'static str, queued: Duration) {
        self.queue_wait_seconds
            .get_or_create(&JobLabels { method })
            .observe(queued.as_secs_f64());
    }

    /// A job ran `elapsed` on the solver thread.
    pub fn job_ran(&self, method: &'static str, elapsed: Duration) {
        self.solve_seconds
            .get_or_create(&JobLabels { method })
            .observe(elapsed.as_secs_f64());
    }

    /// The size of the commission a job solves.
    pub fn job_size(&self, method: &'static str, requests: usize, creches: usize) {
        let labels = JobLabels { method };
        self.requests
            .get_or_create(&labels)
            .observe(requests as f64);
        self.creches.get_or_create(&labels).observe(creches as f64);
    }

    /// A job answered DEADLINE_EXCEEDED.
    pub fn deadline_exceeded(&self, method: &'static str) {
        self.deadline_exceeded
            .get_or_create(&JobLabels { method })
            .inc();
    }

    /// A job's caller went away before its answer.
    pub fn cancelled(&self, method: &'static str) {
        self.cancelled.get_or_create(&JobLabels { method }).inc();
    }

    /// Jobs now waiting in the solve queue.
    pub fn set_queue_depth(&self, depth: usize) {
        self.queue_depth
            .set(i64::try_from(depth).unwrap_or(i64::MAX));
    }

    /// The OpenMetrics text of every metric.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

/// Serves `GET /metrics` on `listener` (HTTP/1.1) until the task is dropped.
pub async fn serve_metrics(listener: TcpListener, metrics: Arc<Metrics>) {
    let addr = listener.local_addr().ok();
    info!(addr = ?addr, path = METRICS_PATH, "serving Prometheus metrics");
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(x) => x,
            Err(e) => {
                debug!(error = %e, "metrics listener: accept failed");
                continue;
            }
        };
        let metrics = metrics.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| {
                let metrics = metrics.clone();
                async move { Ok::<_, Infallible>(answer(&req, &metrics)) }
            });
            let io = hyper_util::rt::TokioIo::new(stream);
            if let Err(e) = hyper::server::conn::http1::Builder::new()
                .serve_connection(io, service)
                .await
            {
                debug!(error = %e, "metrics connection ended");
            }
        });
    }
}

fn answer(req: &Request<Incoming>, metrics: &Metrics) -> Response<Full<Bytes>> {
    let (status, content_type, body) = if req.uri().path() != METRICS_PATH {
        (
            StatusCode::NOT_FOUND,
            "text/plain",
            "not found: try /metrics\n".into(),
        )
    } else if req.method() != Method::GET && req.method() != Method::HEAD {
        (
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain",
            "GET only\n".into(),
        )
    } else {
        (StatusCode::OK, CONTENT_TYPE, metrics.encode())
    };
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    if let Ok(v) = hyper::header::HeaderValue::from_str(content_type) {
        response
            .headers_mut()
            .insert(hyper::header::CONTENT_TYPE, v);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_labels_and_build_info() {
        let m = Metrics::new(16);
        let solve = MethodLabels {
            grpc_service: "creche.allocation.v1.AllocationService",
            grpc_method: "Solve",
        };
        m.call(solve.clone(), "OK", Duration::from_millis(3));
        m.call(solve, "OK", Duration::from_millis(5));
        m.job_started("Solve", Duration::from_millis(1));
        m.job_size("Solve", 104, 7);
        m.set_queue_depth(2);
        let text = m.encode();
        let calls = "creche_grpc_calls_total{grpc_service=\"creche.allocation.v1.AllocationService\",grpc_method=\"Solve\",grpc_code=\"OK\"} 2";
        assert!(text.contains(calls), "{text}");
        assert!(text.contains("creche_queue_capacity 16"), "{text}");
        assert!(text.contains("creche_queue_depth 2"), "{text}");
        assert!(
            text.contains("creche_solve_requests_sum{method=\"Solve\"} 104.0"),
            "{text}"
        );
        assert!(
            text.contains("creche_queue_wait_seconds_count{method=\"Solve\"} 1"),
            "{text}"
        );
        let version = format!("version=\"{}\"", env!("CARGO_PKG_VERSION"));
        let build = text
            .lines()
            .find(|l| l.starts_with("creche_build_info{"))
            .unwrap();
        assert!(
            build.contains(&version) && build.contains("highs_version=\""),
            "{build}"
        );
        assert!(
            build.contains(&format!("git_commit=\"{GIT_COMMIT}\"")),
            "{build}"
        );
        assert!(text.ends_with("# EOF\n"));
    }
}
