//! The gRPC server: `AllocationService` (Solve, Validate), grpc.health.v1,
//! server reflection (v1 and v1alpha), an optional bearer token, TLS,
//! structured logs and graceful shutdown.
//!
//! [`serve_with_shutdown`] serves on an already-bound listener (tests bind
//! `127.0.0.1:0`); [`serve`] is the `creche-alloc serve` subcommand.

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::net::TcpListener;
use tonic::metadata::{MetadataMap, MetadataValue};
use tonic::service::interceptor::InterceptedService;
use tonic::transport::server::TcpIncoming;
use tonic::transport::{Identity, Server, ServerTlsConfig};
use tonic::{Request, Response, Status};
use tracing::{info, info_span, warn, Instrument};

use super::convert::{self, Input};
use super::pb;
use super::pb::allocation_service_server::{AllocationService, AllocationServiceServer};
use super::status::{Failure, REQUEST_ID_HEADER};
use super::worker::{self, ms, Job, Limits, Solver, MIN_SOLVE_TIME};
use crate::error::{Error, Problem};
use crate::solve::{balanced::DEFAULT_FIT_WEIGHT, Strategy};

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Everything the server needs, independent of how it was given.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Bearer token required on AllocationService calls (`authorization:
    /// Bearer <token>`); `None` accepts every call. Health and reflection are
    /// never guarded.
    pub token: Option<String>,
    /// TLS certificate chain and private key (PEM); `None` serves plaintext
    /// HTTP/2.
    pub tls: Option<Identity>,
    /// Largest request or response message, in bytes.
    pub max_message_bytes: usize,
    /// Solve time limit when neither the call's deadline nor its options give one.
    pub default_solve_time: Duration,
    /// Solve time limit never exceeded.
    pub max_solve_time: Duration,
    /// Taken off the call's deadline to leave time for the explanation, the
    /// response and the network.
    pub deadline_margin: Duration,
    /// Solve jobs that may wait for the solver thread; one more is refused
    /// with RESOURCE_EXHAUSTED.
    pub queue_len: usize,
    /// After the shutdown signal, how long calls in flight (and queued
    /// solves) may take to finish before the remaining connections are closed
    /// (a health `Watch` stream, for one, never ends by itself).
    pub shutdown_grace: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            token: None,
            tls: None,
            max_message_bytes: 16 * 1024 * 1024,
            default_solve_time: Duration::from_secs(60),
            max_solve_time: Duration::from_secs(300),
            deadline_margin: Duration::from_millis(100),
            queue_len: 16,
            shutdown_grace: Duration::from_secs(600),
        }
    }
}

/// Flags of `creche-alloc serve`, each also read from an environment variable.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "CRECHE_GRPC_ADDR", default_value = "127.0.0.1:50051")]
    pub addr: SocketAddr,
    /// TLS certificate chain (PEM file); with --tls-key, serves over TLS.
    #[arg(long, env = "CRECHE_GRPC_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// TLS private key (PEM file).
    #[arg(long, env = "CRECHE_GRPC_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Require `authorization: Bearer <TOKEN>` on AllocationService calls
    /// (prefer the environment variable: a flag shows in the process list).
    #[arg(long, env = "CRECHE_GRPC_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Largest request or response message, in bytes.
    #[arg(long, env = "CRECHE_GRPC_MAX_MESSAGE_BYTES", default_value_t = 16 * 1024 * 1024)]
    pub max_message_bytes: usize,
    /// Seconds: solve time limit of a call with no deadline and no time_limit option.
    #[arg(long, env = "CRECHE_GRPC_DEFAULT_SOLVE_TIME", default_value = "60", value_parser = seconds)]
    pub default_solve_time: Duration,
    /// Seconds: solve time limit never exceeded, whatever the call asks.
    #[arg(long, env = "CRECHE_GRPC_MAX_SOLVE_TIME", default_value = "300", value_parser = seconds)]
    pub max_solve_time: Duration,
    /// Seconds taken off a call's deadline for the explanation and the response.
    #[arg(long, env = "CRECHE_GRPC_DEADLINE_MARGIN", default_value = "0.1", value_parser = seconds)]
    pub deadline_margin: Duration,
    /// Solve calls that may wait for the solver; one more gets RESOURCE_EXHAUSTED.
    #[arg(long, env = "CRECHE_GRPC_QUEUE_LEN", default_value_t = 16,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub queue_len: u32,
    /// Seconds in-flight calls may take to finish after SIGTERM or ctrl-c.
    #[arg(long, env = "CRECHE_GRPC_SHUTDOWN_GRACE", default_value = "600", value_parser = seconds)]
    pub shutdown_grace: Duration,
    /// Log format (levels: RUST_LOG, default `info`).
    #[arg(long, env = "CRECHE_LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LogFormat {
    /// One human-readable line per event.
    Text,
    /// One JSON object per event.
    Json,
}

fn seconds(s: &str) -> Result<Duration, String> {
    let x: f64 = s
        .parse()
        .map_err(|_| format!("not a number of seconds: {s}"))?;
    if (0.0..1e9).contains(&x) {
        Ok(Duration::from_secs_f64(x))
    } else {
        Err(format!("not a non-negative number of seconds: {s}"))
    }
}

impl ServeArgs {
    /// Reads the TLS files and builds the configuration.
    pub fn config(&self) -> Result<ServerConfig, BoxError> {
        let tls = match (&self.tls_cert, &self.tls_key) {
            (Some(cert), Some(key)) => {
                let read = |p: &PathBuf| {
                    std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))
                };
                Some(Identity::from_pem(read(cert)?, read(key)?))
            }
            _ => None,
        };
        if self.max_solve_time < MIN_SOLVE_TIME {
            return Err("--max-solve-time is too small".into());
        }
        Ok(ServerConfig {
            token: self.token.clone().filter(|t| !t.is_empty()),
            tls,
            max_message_bytes: self.max_message_bytes,
            default_solve_time: self.default_solve_time,
            max_solve_time: self.max_solve_time,
            deadline_margin: self.deadline_margin,
            queue_len: self.queue_len as usize,
            shutdown_grace: self.shutdown_grace,
        })
    }
}

/// `creche-alloc serve`: logs, runtime, listener, signals. Returns when the
/// server has stopped after SIGTERM or ctrl-c and in-flight calls finished.
pub fn serve(args: ServeArgs) -> Result<(), BoxError> {
    init_tracing(args.log_format);
    let config = args.config()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("creche-grpc")
        .build()?;
    runtime.block_on(async move {
        let listener = TcpListener::bind(args.addr)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
        if config.token.is_some() && config.tls.is_none() && !args.addr.ip().is_loopback() {
            warn!(
                "a bearer token over plaintext on a non-loopback address travels in clear: use TLS"
            );
        }
        serve_with_shutdown(listener, config, shutdown_signal()).await
    })
}

/// Installs the `tracing` subscriber (once per process; later calls do nothing).
pub fn init_tracing(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => info!("ctrl-c received"),
        _ = term => info!("SIGTERM received"),
    }
}

/// Serves on `listener` until `shutdown` completes, then stops accepting,
/// lets in-flight calls (and their solves) finish, within
/// [`ServerConfig::shutdown_grace`], and stops the solver thread.
pub async fn serve_with_shutdown<F>(
    listener: TcpListener,
    config: ServerConfig,
    shutdown: F,
) -> Result<(), BoxError>
where
    F: Future<Output = ()> + Send,
{
    let addr = listener.local_addr()?;
    let (solver, solver_thread) = worker::start(
        config.queue_len,
        Limits {
            default_solve_time: config.default_solve_time,
            max_solve_time: config.max_solve_time,
        },
    );
    let service = AllocationServiceServer::new(Service {
        solver,
        deadline_margin: config.deadline_margin,
    })
    .max_decoding_message_size(config.max_message_bytes)
    .max_encoding_message_size(config.max_message_bytes);
    let guarded = InterceptedService::new(
        service,
        CallInterceptor {
            token: config.token.as_deref().map(Arc::from),
        },
    );

    let (health, health_service) = tonic_health::server::health_reporter();
    health
        .set_service_status(super::SERVICE_NAME, tonic_health::ServingStatus::Serving)
        .await;
    let reflection = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(super::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET);
    let reflection_v1 = reflection.build_v1()?;
    let reflection_v1alpha = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(super::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1alpha()?;

    let mut builder = Server::builder();
    if let Some(identity) = config.tls.clone() {
        builder = builder.tls_config(ServerTlsConfig::new().identity(identity))?;
    }
    info!(
        %addr,
        tls = config.tls.is_some(),
        token = config.token.is_some(),
        queue_len = config.queue_len,
        default_solve_s = config.default_solve_time.as_secs_f64(),
        max_solve_s = config.max_solve_time.as_secs_f64(),
        "serving {}", super::SERVICE_NAME
    );
    let incoming = TcpIncoming::from(listener).with_nodelay(Some(true));
    let (stopping, mut stop_seen) = tokio::sync::watch::channel(false);
    let stop = async move {
        shutdown.await;
        let _ = stopping.send(true);
        health
            .set_service_status(super::SERVICE_NAME, tonic_health::ServingStatus::NotServing)
            .await;
        health
            .set_service_status("", tonic_health::ServingStatus::NotServing)
            .await;
        info!("shutting down: no new calls, finishing in-flight ones");
    };
    let serving = builder
        .add_service(health_service)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .add_service(guarded)
        .serve_with_incoming_shutdown(incoming, stop);
    let grace_over = async {
        if stop_seen.wait_for(|s| *s).await.is_err() {
            // The signal future was dropped unfinished: no shutdown began.
            std::future::pending::<()>().await;
        }
        tokio::time::sleep(config.shutdown_grace).await;
    };
    tokio::select! {
        served = serving => {
            // The router (and with it every solver handle) is dropped: the
            // thread finishes what it holds and ends.
            tokio::task::spawn_blocking(move || solver_thread.join()).await?;
            info!("server stopped");
            served.map_err(Into::into)
        }
        _ = grace_over => {
            // Dropping the server closes the remaining connections; the
            // solver thread ends after its current job, unjoined.
            warn!(grace_s = config.shutdown_grace.as_secs_f64(),
                  "shutdown grace period over: remaining calls closed");
            Ok(())
        }
    }
}

// ---------------------------------------------------------------------------
// Per-call data: request id, receipt time, bearer token
// ---------------------------------------------------------------------------

/// Request id and receipt time of a call, set by [`CallInterceptor`] before
/// the message is decoded.
#[derive(Debug, Clone)]
struct CallInfo {
    id: String,
    start: Instant,
}

impl CallInfo {
    fn of<T>(req: &Request<T>) -> CallInfo {
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
struct CallInterceptor {
    token: Option<Arc<str>>,
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
fn grpc_timeout(md: &MetadataMap) -> Option<Duration> {
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

fn with_request_id<T>(body: T, id: &str) -> Response<T> {
    let mut r = Response::new(body);
    if let Ok(v) = MetadataValue::try_from(id) {
        r.metadata_mut().insert(REQUEST_ID_HEADER, v);
    }
    r
}

// ---------------------------------------------------------------------------
// The service
// ---------------------------------------------------------------------------

struct Service {
    solver: Solver,
    deadline_margin: Duration,
}

/// Checks the options of a Solve call; problems have paths `options.*`.
fn strategy_of(
    options: Option<&pb::SolveOptions>,
) -> Result<(Strategy, Option<Duration>), Vec<Problem>> {
    let Some(o) = options else {
        return Ok((Strategy::Priority, None));
    };
    let mut problems = Vec::new();
    let strategy = match pb::Strategy::try_from(o.strategy) {
        Ok(pb::Strategy::Unspecified | pb::Strategy::Priority) => Strategy::Priority,
        Ok(pb::Strategy::Greedy) => Strategy::Greedy,
        Ok(pb::Strategy::Balanced) => {
            let fit_weight = o.fit_weight.unwrap_or(DEFAULT_FIT_WEIGHT);
            if !(fit_weight.is_finite() && fit_weight >= 0.0) {
                problems.push(Problem::new(
                    "options.fit_weight",
                    fit_weight,
                    "must be a finite number >= 0",
                ));
            }
            Strategy::Balanced { fit_weight }
        }
        Err(_) => {
            problems.push(Problem::new(
                "options.strategy",
                o.strategy,
                "unknown strategy",
            ));
            Strategy::Priority
        }
    };
    let requested = match &o.time_limit {
        None => None,
        Some(d) => match convert::duration_from_proto(d).filter(|d| !d.is_zero()) {
            Some(d) => Some(d),
            None => {
                problems.push(Problem::new(
                    "options.time_limit",
                    format!("{}s{}ns", d.seconds, d.nanos),
                    "must be a positive duration",
                ));
                None
            }
        },
    };
    if problems.is_empty() {
        Ok((strategy, requested))
    } else {
        Err(problems)
    }
}

impl Service {
    async fn solve_call(
        &self,
        call: &CallInfo,
        timeout: Option<Duration>,
        body: pb::SolveRequest,
    ) -> Result<pb::SolveResponse, Failure> {
        let deadline = timeout.map(|t| call.start + t);
        let options = strategy_of(body.options.as_ref());
        let commission = convert::commission_from_input(body.input.map(Input::from));
        let (commission, (strategy, requested)) = match (commission, options) {
            (Ok(c), Ok(o)) => (c, o),
            (Err(Error::Invalid(mut p)), Err(q)) => {
                p.extend(q);
                return Err(Error::Invalid(p).into());
            }
            (Err(e), _) => return Err(e.into()),
            (Ok(_), Err(q)) => return Err(Error::Invalid(q).into()),
        };
        let (requests, creches) = (commission.requests.len(), commission.creches.len());
        // The solver must stop `margin` before the deadline; the wait for its
        // answer ends halfway through the margin, before tonic's own timer
        // (which would answer CANCELLED) fires at the deadline.
        let margin = self.deadline_margin;
        let solve_by = deadline.map(|d| d.checked_sub(margin).unwrap_or(call.start));
        let wait_until = deadline.map(|d| d.checked_sub(margin / 2).unwrap_or(call.start));
        if solve_by.is_some_and(|by| by < Instant::now() + MIN_SOLVE_TIME) {
            return Err(Failure::DeadlineBeforeSolve);
        }
        let rx = self.solver.submit(Job {
            commission,
            strategy,
            requested,
            solve_by,
            span: tracing::Span::current(),
        })?;
        let reply = match wait_until {
            None => rx.await,
            Some(at) => match tokio::time::timeout_at(at.into(), rx).await {
                Ok(r) => r,
                // Dropping the receiver tells the solver thread the caller is gone.
                Err(_) => return Err(Failure::DeadlineWhileSolving),
            },
        };
        let solved = reply.map_err(|_| Failure::Unavailable)??;
        let a = &solved.solution.allocation;
        let server = call.start.elapsed();
        info!(
            requests,
            creches,
            placed = a.metrics.placed,
            waiting = a.waiting_list.len(),
            status = a.status.as_str(),
            occupancy = a.metrics.occupancy,
            queue_ms = ms(solved.queued),
            solve_ms = ms(solved.solution.timings.total),
            server_ms = ms(server),
            "solved"
        );
        Ok(pb::SolveResponse {
            allocation: Some(convert::allocation_to_proto(a)),
            timings: Some(convert::timings_to_proto(
                &solved.solution.timings,
                solved.queued,
                server,
                solved.time_limit,
            )),
        })
    }
}

fn log_failure(f: &Failure, call: &CallInfo) {
    let code = f.code();
    let elapsed_ms = ms(call.start.elapsed());
    match code {
        tonic::Code::Internal | tonic::Code::Unavailable => {
            tracing::error!(code = ?code, kind = %f.log_kind(), elapsed_ms, "failed")
        }
        _ => warn!(code = ?code, kind = %f.log_kind(), elapsed_ms, "failed"),
    }
}

#[tonic::async_trait]
impl AllocationService for Service {
    async fn solve(
        &self,
        req: Request<pb::SolveRequest>,
    ) -> Result<Response<pb::SolveResponse>, Status> {
        let call = CallInfo::of(&req);
        let timeout = grpc_timeout(req.metadata());
        let span = info_span!("rpc", method = "Solve", request_id = %call.id);
        async {
            info!(
                deadline_ms = timeout.map(ms),
                bytes = prost::Message::encoded_len(req.get_ref()),
                "call"
            );
            match self.solve_call(&call, timeout, req.into_inner()).await {
                Ok(body) => Ok(with_request_id(body, &call.id)),
                Err(f) => {
                    log_failure(&f, &call);
                    Err(f.to_status(&call.id))
                }
            }
        }
        .instrument(span)
        .await
    }

    async fn validate(
        &self,
        req: Request<pb::ValidateRequest>,
    ) -> Result<Response<pb::ValidateResponse>, Status> {
        let call = CallInfo::of(&req);
        let span = info_span!("rpc", method = "Validate", request_id = %call.id);
        let _enter = span.enter();
        let input = req.into_inner().input.map(Input::from);
        let body = match convert::commission_from_input(input) {
            Ok(c) => {
                info!(
                    requests = c.requests.len(),
                    creches = c.creches.len(),
                    elapsed_ms = ms(call.start.elapsed()),
                    "valid"
                );
                pb::ValidateResponse {
                    valid: true,
                    problems: Vec::new(),
                    commission_id: c.id.clone(),
                    creches: c.creches.len() as u32,
                    requests: c.requests.len() as u32,
                    sibling_groups: c.sibling_groups.len() as u32,
                }
            }
            Err(Error::Invalid(problems)) => {
                info!(
                    problems = problems.len(),
                    elapsed_ms = ms(call.start.elapsed()),
                    "invalid"
                );
                pb::ValidateResponse {
                    valid: false,
                    problems: problems
                        .into_iter()
                        .map(|p| pb::Problem {
                            path: p.path,
                            value: p.value,
                            message: p.message,
                        })
                        .collect(),
                    ..Default::default()
                }
            }
            Err(e) => {
                let f = Failure::Lib(e);
                log_failure(&f, &call);
                return Err(f.to_status(&call.id));
            }
        };
        Ok(with_request_id(body, &call.id))
    }
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
    fn options_problems_have_paths() {
        let o = pb::SolveOptions {
            strategy: pb::Strategy::Balanced as i32,
            fit_weight: Some(f64::NAN),
            time_limit: Some(prost_types::Duration {
                seconds: -1,
                nanos: 0,
            }),
        };
        let p = strategy_of(Some(&o)).unwrap_err();
        let paths: Vec<_> = p.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["options.fit_weight", "options.time_limit"]);
        assert_eq!(strategy_of(None).unwrap().0, Strategy::Priority);
    }

    #[test]
    fn tokens_compare() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
