//! The gRPC server: `AllocationService` (Solve, Validate, and the job calls
//! Cascade, CompareScenarios, Minutes, Suggest), grpc.health.v1 (readiness
//! and liveness, [`super::health`]), server reflection (v1 and v1alpha), an
//! optional bearer token, TLS, structured logs, Prometheus metrics
//! ([`super::metrics`], every call counted by [`super::observe`]) and
//! graceful shutdown.
//!
//! [`serve_with_shutdown`] serves on an already-bound listener (tests bind
//! `127.0.0.1:0`), [`serve_listeners`] also `/metrics` and a plaintext
//! health-only listener (for the kubelet's probes, which cannot speak TLS); [`serve`] is the `creche-alloc serve` subcommand. Its
//! configuration is in [`super::config`], the per-call plumbing (request id,
//! token, deadline) in `call`, the options' checks in `options`; each job
//! call's conversion and task are in its own module ([`super::cascade`],
//! [`super::whatif`], [`super::transparency`]) behind [`JobCall`].

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::net::TcpListener;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::server::{Router, TcpIncoming};
use tonic::transport::{Server, ServerTlsConfig};
use tonic::{Request, Response, Status};
use tonic_health::pb::health_server::{Health, HealthServer};
use tower_layer::{Identity, Stack};
use tracing::{info, info_span, warn, Instrument};

use super::call::{grpc_timeout, with_request_id, CallInfo, CallInterceptor};
pub use super::config::BoxError;
use super::config::{init_tracing, ServeArgs, ServerConfig};
use super::convert::{self, Input};
use super::linger::LingeringIncoming;
use super::metrics::{serve_metrics, Metrics};
use super::observe::ObserveLayer;
use super::options::strategy_of;
use super::pb;
use super::pb::allocation_service_server::{AllocationService, AllocationServiceServer};
use super::status::Failure;
use super::worker::{
    self, ms, Job, JobCall, Limits, SolveTask, Solved, Solver, Task, MIN_SOLVE_TIME,
};
use crate::error::Error;
use crate::solve::{CancelToken, SolverSettings};

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
        let metrics = bind_extra(args.metrics_addr, "metrics").await?;
        let health = bind_extra(args.health_addr, "health").await?;
        if config.token.is_some() && config.tls.is_none() && !args.addr.ip().is_loopback() {
            warn!(
                "a bearer token over plaintext on a non-loopback address travels in clear: use TLS"
            );
        }
        let listeners = Listeners {
            grpc: listener,
            metrics,
            health,
        };
        serve_listeners(listeners, config, shutdown_signal()).await
    })
}

async fn bind_extra(addr: Option<SocketAddr>, what: &str) -> Result<Option<TcpListener>, BoxError> {
    let Some(addr) = addr else { return Ok(None) };
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr} for {what}: {e}"))?;
    Ok(Some(listener))
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
/// reports `NOT_SERVING` and ends the health `Watch` streams, lets in-flight
/// calls (and their solves) finish, within [`ServerConfig::shutdown_grace`],
/// and stops the solver thread.
pub async fn serve_with_shutdown<F>(
    listener: TcpListener,
    config: ServerConfig,
    shutdown: F,
) -> Result<(), BoxError>
where
    F: Future<Output = ()> + Send,
{
    let listeners = Listeners {
        grpc: listener,
        metrics: None,
        health: None,
    };
    serve_listeners(listeners, config, shutdown).await
}

/// Where the server listens.
pub struct Listeners {
    /// Every gRPC service (TLS when configured).
    pub grpc: TcpListener,
    /// Prometheus metrics, `GET /metrics` (HTTP/1.1, plaintext, no token:
    /// bind it where only the scraper reaches).
    pub metrics: Option<TcpListener>,
    /// grpc.health.v1 alone, plaintext, the same statuses: for the kubelet's
    /// gRPC probes, which cannot speak TLS.
    pub health: Option<TcpListener>,
}

/// [`serve_with_shutdown`] on every listener of `listeners`.
pub async fn serve_listeners<F>(
    listeners: Listeners,
    config: ServerConfig,
    shutdown: F,
) -> Result<(), BoxError>
where
    F: Future<Output = ()> + Send,
{
    let Listeners {
        grpc: listener,
        metrics: metrics_listener,
        health: health_listener,
    } = listeners;
    let addr = listener.local_addr()?;
    let metrics = Arc::new(Metrics::new(config.queue_len));
    let (solver, solver_thread) = worker::start(
        config.queue_len,
        Limits {
            default_solve_time: config.default_solve_time,
            max_solve_time: config.max_solve_time,
            diagnostics: config.solver_diagnostics,
        },
        metrics.clone(),
    );
    let exporter = metrics_listener.map(|l| tokio::spawn(serve_metrics(l, metrics.clone())));
    let (stopping, stop_seen) = tokio::sync::watch::channel(false);
    let (health, health_service) = tonic_health::server::health_reporter();
    // The statuses exist before the first call is accepted (a probe or a
    // Watch at once would otherwise find the service not registered).
    let now = *solver.readiness().borrow();
    super::health::initial(&health, now).await;
    let health_only = health_listener.map(|l| tokio::spawn(serve_health(l, &health, &stop_seen)));
    let reporting = tokio::spawn(super::health::report(
        health,
        solver.readiness(),
        stop_seen.clone(),
    ));
    let router = routes(&config, solver, metrics, health_service)?;
    info!(
        %addr,
        tls = config.tls.is_some(),
        token = config.token.is_some(),
        queue_len = config.queue_len,
        default_solve_s = config.default_solve_time.as_secs_f64(),
        max_solve_s = config.max_solve_time.as_secs_f64(),
        "serving {}", pb::SERVICE_NAME
    );
    let incoming = LingeringIncoming::new(TcpIncoming::from(listener).with_nodelay(Some(true)));
    let stop = async move {
        shutdown.await;
        let _ = stopping.send(true);
        // NOT_SERVING, then the health streams end (see `health`).
        let _ = reporting.await;
        info!("shutting down: no new calls, finishing in-flight ones");
    };
    let served = drain(
        router.serve_with_incoming_shutdown(incoming, stop),
        stop_seen,
        config.shutdown_grace,
        solver_thread,
    )
    .await;
    for task in exporter.into_iter().chain(health_only) {
        task.abort();
    }
    served
}

/// grpc.health.v1 alone on `listener`, plaintext, until shutdown begins.
fn serve_health(
    listener: TcpListener,
    reporter: &tonic_health::server::HealthReporter,
    stop_seen: &tokio::sync::watch::Receiver<bool>,
) -> impl Future<Output = ()> + Send + 'static {
    let service = HealthServer::new(tonic_health::server::HealthService::from_health_reporter(
        reporter.clone(),
    ));
    let mut stop_seen = stop_seen.clone();
    async move {
        let stop = async move {
            let _ = stop_seen.wait_for(|s| *s).await;
        };
        let incoming = TcpIncoming::from(listener).with_nodelay(Some(true));
        if let Err(e) = Server::builder()
            .add_service(service)
            .serve_with_incoming_shutdown(incoming, stop)
            .await
        {
            warn!(error = %e, "health listener stopped");
        }
    }
}

type Routes = Router<Stack<ObserveLayer, Identity>>;

/// The services, each call observed by the metrics layer.
fn routes(
    config: &ServerConfig,
    solver: Solver,
    metrics: Arc<Metrics>,
    health_service: HealthServer<impl Health>,
) -> Result<Routes, BoxError> {
    let service = AllocationServiceServer::new(Service {
        solver,
        metrics: metrics.clone(),
        deadline_margin: config.deadline_margin,
    })
    .max_decoding_message_size(config.max_message_bytes)
    .max_encoding_message_size(config.max_message_bytes);
    let guarded = InterceptedService::new(service, CallInterceptor::new(config.token.as_deref()));
    let reflection_v1 = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(pb::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1()?;
    let reflection_v1alpha = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(pb::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1alpha()?;
    let mut builder = Server::builder();
    if let Some(identity) = config.tls.clone() {
        builder = builder.tls_config(ServerTlsConfig::new().identity(identity))?;
    }
    Ok(builder
        .layer(ObserveLayer::new(metrics))
        .add_service(health_service)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .add_service(guarded))
}

/// Runs the server until it stops by itself (every connection closed after
/// the shutdown began) or until the grace period after the shutdown is over.
async fn drain(
    serving: impl Future<Output = Result<(), tonic::transport::Error>>,
    mut stop_seen: tokio::sync::watch::Receiver<bool>,
    grace: Duration,
    solver_thread: worker::SolverThread,
) -> Result<(), BoxError> {
    let grace_over = async {
        if stop_seen.wait_for(|s| *s).await.is_err() {
            // The signal future was dropped unfinished: no shutdown began.
            std::future::pending::<()>().await;
        }
        tokio::time::sleep(grace).await;
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
            warn!(grace_s = grace.as_secs_f64(),
                  "shutdown grace period over: remaining calls closed");
            Ok(())
        }
    }
}

// ---------------------------------------------------------------------------
// The service
// ---------------------------------------------------------------------------

struct Service {
    solver: Solver,
    metrics: Arc<Metrics>,
    deadline_margin: Duration,
}

/// Held by a call's handler while its job is queued or running. When the
/// caller goes away before the answer (the call's future is dropped: the
/// client cancelled, or tonic's timer fired at its deadline), the job's token
/// is cancelled, so that its solve stops and the solver thread takes the next
/// job; the cancellation is counted and logged with the request id.
struct Abandoned<'a> {
    metrics: &'a Metrics,
    method: &'static str,
    request_id: &'a str,
    cancel: CancelToken,
    answered: bool,
}

impl Drop for Abandoned<'_> {
    fn drop(&mut self) {
        if !self.answered {
            self.cancel.cancel();
            self.metrics.cancelled(self.method);
            info!(
                request_id = %self.request_id,
                method = self.method,
                "caller went away: its job is cancelled"
            );
        }
    }
}

impl Service {
    /// Queues a task on the solver thread and waits for its result within the
    /// call's deadline; counts it when it ends DEADLINE_EXCEEDED or its
    /// caller goes away.
    async fn run_job<T: Task>(
        &self,
        method: &'static str,
        call: &CallInfo,
        timeout: Option<Duration>,
        task: T,
        requested: Option<Duration>,
    ) -> Result<Solved<T::Output>, Failure> {
        if !task.solves() {
            return run_beside(task).await;
        }
        let cancel = CancelToken::new();
        let mut abandoned = Abandoned {
            metrics: &self.metrics,
            method,
            request_id: &call.id,
            cancel: cancel.clone(),
            answered: false,
        };
        let job = Job {
            task,
            method,
            requested,
            solve_by: None,
            span: tracing::Span::current(),
            cancel,
        };
        let result = self.queue_job(call, timeout, job).await;
        abandoned.answered = true;
        if result
            .as_ref()
            .is_err_and(|f| f.code() == tonic::Code::DeadlineExceeded)
        {
            self.metrics.deadline_exceeded(method);
        }
        result
    }

    /// Queues `job` with the call's deadline; its answer, or the deadline
    /// passed (the job's token is then cancelled: nobody waits for it).
    async fn queue_job<T: Task>(
        &self,
        call: &CallInfo,
        timeout: Option<Duration>,
        mut job: Job<T>,
    ) -> Result<Solved<T::Output>, Failure> {
        let deadline = timeout.map(|t| call.start + t);
        // The solver must stop `margin` before the deadline; the wait for its
        // answer ends halfway through the margin, before tonic's own timer
        // (which would answer CANCELLED) fires at the deadline.
        let margin = self.deadline_margin;
        let solve_by = deadline.map(|d| d.checked_sub(margin).unwrap_or(call.start));
        let wait_until = deadline.map(|d| d.checked_sub(margin / 2).unwrap_or(call.start));
        if solve_by.is_some_and(|by| by < Instant::now() + MIN_SOLVE_TIME) {
            return Err(Failure::DeadlineBeforeSolve);
        }
        job.solve_by = solve_by;
        let cancel = job.cancel.clone();
        let rx = self.solver.submit(job)?;
        let reply = match wait_until {
            None => rx.await,
            Some(at) => match tokio::time::timeout_at(at.into(), rx).await {
                Ok(r) => r,
                Err(_) => {
                    // Nobody waits for the answer any more: the job is
                    // dropped if queued, its solve stopped if running.
                    cancel.cancel();
                    return Err(Failure::DeadlineWhileSolving);
                }
            },
        };
        reply.map_err(|_| Failure::Unavailable)?
    }

    /// A call that is one job of the solver thread: its request converted
    /// (every problem at once), queued, run within the call's deadline, and
    /// its output turned into the response.
    async fn job_call<R: JobCall>(&self, req: Request<R>) -> Result<Response<R::Response>, Status> {
        let call = CallInfo::of(&req);
        let timeout = grpc_timeout(req.metadata());
        let bytes = prost::Message::encoded_len(req.get_ref());
        let body = req.into_inner();
        let work = async {
            let (task, requested) = body.task()?;
            let solved = self
                .run_job(R::METHOD, &call, timeout, task, requested)
                .await?;
            Ok(R::response(solved, call.start.elapsed()))
        };
        answer(R::METHOD, &call, timeout, bytes, work).await
    }

    async fn solve_call(
        &self,
        call: &CallInfo,
        timeout: Option<Duration>,
        body: pb::SolveRequest,
    ) -> Result<pb::SolveResponse, Failure> {
        // Under overload most calls are refused: refused before the instance
        // is converted and validated, a refusal costs little more than the
        // message's decoding, and the runtime keeps answering health checks.
        if self.solver.is_full() {
            return Err(Failure::QueueFull {
                capacity: self.solver.capacity(),
            });
        }
        let options = strategy_of(body.options.as_ref());
        let commission = convert::commission_from_input(body.input.map(Input::from));
        let (commission, (strategy, requested, lang)) = match (commission, options) {
            (Ok(c), Ok(o)) => (c, o),
            (Err(Error::Invalid(mut p)), Err(q)) => {
                p.extend(q);
                return Err(Error::Invalid(p).into());
            }
            (Err(e), _) => return Err(e.into()),
            (Ok(_), Err(q)) => return Err(Error::Invalid(q).into()),
        };
        let (requests, creches) = (commission.requests().len(), commission.creches().len());
        let task = SolveTask {
            commission,
            strategy,
            lang,
        };
        let solved = self
            .run_job("Solve", call, timeout, task, requested)
            .await?;
        let a = &solved.output.allocation;
        let server = call.start.elapsed();
        info!(
            requests,
            creches,
            placed = a.metrics.placed,
            waiting = a.waiting_list.len(),
            status = a.status.as_str(),
            occupancy = a.metrics.occupancy,
            queue_ms = ms(solved.queued),
            solve_ms = ms(solved.output.timings.total),
            server_ms = ms(server),
            "solved"
        );
        Ok(pb::SolveResponse {
            allocation: Some(convert::allocation_to_proto(a)),
            timings: Some(convert::timings_to_proto(
                &solved.output.timings,
                solved.queued,
                server,
                solved.time_limit,
            )),
        })
    }
}

/// A task that solves nothing, run on the blocking pool instead of the
/// solver thread: it neither waits behind solves nor delays them.
async fn run_beside<T: Task>(task: T) -> Result<Solved<T::Output>, Failure> {
    let span = tracing::Span::current();
    let settings = SolverSettings::default().with_time_limit(Some(Duration::ZERO));
    match tokio::task::spawn_blocking(move || span.in_scope(|| task.run(settings))).await {
        Ok(output) => Ok(Solved {
            output: output?,
            queued: Duration::ZERO,
            time_limit: None,
        }),
        Err(_) => Err(Failure::Panicked),
    }
}

/// Answers a call: its span (method, request id), the `call` event, then the
/// response with its request id, or the failure logged and mapped to a status.
async fn answer<R>(
    method: &'static str,
    call: &CallInfo,
    timeout: Option<Duration>,
    bytes: usize,
    work: impl Future<Output = Result<R, Failure>>,
) -> Result<Response<R>, Status> {
    let span = info_span!("rpc", method, request_id = %call.id);
    async {
        info!(deadline_ms = timeout.map(ms), bytes, "call");
        match work.await {
            Ok(body) => Ok(with_request_id(body, &call.id)),
            Err(f) => {
                log_failure(&f, call);
                Err(f.to_status(&call.id))
            }
        }
    }
    .instrument(span)
    .await
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
        let bytes = prost::Message::encoded_len(req.get_ref());
        let work = self.solve_call(&call, timeout, req.into_inner());
        answer("Solve", &call, timeout, bytes, work).await
    }

    async fn cascade(
        &self,
        req: Request<pb::CascadeRequest>,
    ) -> Result<Response<pb::CascadeResponse>, Status> {
        self.job_call(req).await
    }

    async fn compare_scenarios(
        &self,
        req: Request<pb::CompareScenariosRequest>,
    ) -> Result<Response<pb::CompareScenariosResponse>, Status> {
        self.job_call(req).await
    }

    async fn minutes(
        &self,
        req: Request<pb::MinutesRequest>,
    ) -> Result<Response<pb::MinutesResponse>, Status> {
        self.job_call(req).await
    }

    async fn suggest(
        &self,
        req: Request<pb::SuggestRequest>,
    ) -> Result<Response<pb::SuggestResponse>, Status> {
        self.job_call(req).await
    }

    async fn decide(
        &self,
        req: Request<pb::DecideRequest>,
    ) -> Result<Response<pb::DecideResponse>, Status> {
        self.job_call(req).await
    }

    async fn validate(
        &self,
        req: Request<pb::ValidateRequest>,
    ) -> Result<Response<pb::ValidateResponse>, Status> {
        let call = CallInfo::of(&req);
        let span = info_span!("rpc", method = "Validate", request_id = %call.id);
        let _enter = span.enter();
        let input = req.into_inner().input.map(Input::from);
        let (checked, warnings) = convert::commission_noting(input);
        let mut body = match checked {
            Ok(c) => {
                info!(
                    requests = c.requests().len(),
                    creches = c.creches().len(),
                    elapsed_ms = ms(call.start.elapsed()),
                    "valid"
                );
                pb::ValidateResponse {
                    valid: true,
                    problems: Vec::new(),
                    commission_id: c.id().to_string(),
                    creches: c.creches().len() as u32,
                    requests: c.requests().len() as u32,
                    sibling_groups: c.sibling_groups().len() as u32,
                    ..Default::default()
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
        body.warnings = convert::problems_to_proto(warnings);
        Ok(with_request_id(body, &call.id))
    }
}
