//! The solver thread: solving off the async runtime, one job at a time.
//!
//! One dedicated `std::thread` takes jobs from a bounded queue (capacity =
//! the configured queue length; when full, [`Solver::submit`] fails at once
//! and the call gets `RESOURCE_EXHAUSTED`). Each job carries a oneshot reply
//! channel; a job whose caller has gone (the receiver is closed: cancelled,
//! deadline passed) is dropped, not solved. One thread also keeps the service
//! honest about HiGHS 1.x, which is not safe with several solver instances at
//! once in one process (HiGHS issue #3141; the library serialises HiGHS calls
//! with a process-wide mutex as well).
//!
//! A job is a [`Task`]: a solve ([`SolveTask`]), a cascade
//! ([`super::cascade::CascadeTask`]), a comparison
//! ([`super::whatif::CompareTask`]), minutes or suggestions
//! ([`super::transparency`]); one queue and one thread serve them all, so
//! each waits behind the others like any other HiGHS user. A job that solves
//! several times gets one time limit for all its solves and shares it out.
//!
//! The thread publishes its [`Readiness`] (alive, queue full or not), which
//! the health service reports (`super::health`), and feeds the metrics of
//! each job it takes: queue wait, time on the thread, commission size
//! ([`super::metrics`]).
//!
//! The solve time limit is decided when the job starts, so that time spent in
//! the queue counts against the caller's deadline: the caller's requested
//! limit, else the default solve time when the call has no deadline, capped
//! by the maximum solve time and by the deadline minus the safety margin.
//! With it, the job's [`SolverSettings`]: one thread, the server's
//! diagnostics setting, and the call's [`CancelToken`], which the server sets
//! when the caller goes away or its deadline passes; the running solve then
//! stops (between solves, between tie groups, or inside HiGHS) and the thread
//! takes the next job.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tokio::sync::{oneshot, watch};
use tracing::{debug, error, info, Span};

use super::metrics::Metrics;
use super::status::Failure;
use crate::domain::Commission;
use crate::error::Error;
use crate::i18n::Lang;
use crate::solve::{self, CancelToken, Solution, SolveOptions, SolverSettings, Strategy};

/// The least time worth giving the solver; a deadline leaving less fails
/// with `DEADLINE_EXCEEDED` before solving.
pub const MIN_SOLVE_TIME: Duration = Duration::from_millis(5);

/// What the solver thread gives every job: its time limit rules and the
/// server's diagnostics setting.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Limit when neither the call nor its options give one.
    pub default_solve_time: Duration,
    /// Limit never exceeded, whatever the call asks.
    pub max_solve_time: Duration,
    /// Each solve's HiGHS log and stage times in the server's log
    /// ([`SolverSettings::diagnostics`]).
    pub diagnostics: bool,
}

/// Work the solver thread does for one call: a solve, a cascade.
pub trait Task: Send + 'static {
    type Output: Send + 'static;
    /// Runs as `settings` say: the time limit the thread decided when the job
    /// started (always set; a job that solves several times shares it out),
    /// the server's diagnostics, the call's cancellation token.
    fn run(self, settings: SolverSettings) -> crate::Result<Self::Output>;
    /// Whether the task solves anything. One that does not (minutes without
    /// suggestions) runs beside the solver thread, without waiting in its
    /// queue, with a time limit of zero.
    fn solves(&self) -> bool {
        true
    }
    /// Requests and crèches of the commission the task solves, for the
    /// metrics; `None` when the task does not know them before it runs.
    fn size(&self) -> Option<(usize, usize)> {
        None
    }
}

/// A call whose work is one job of the solver thread (Cascade,
/// CompareScenarios, Minutes, Suggest): the request message becomes a task,
/// the task's output the response. The server runs every such call the same
/// way (conversion, queue, deadline, errors, logs).
pub trait JobCall: prost::Message + Sized + Send + 'static {
    type Task: Task;
    type Response: Send + 'static;
    /// The RPC's name, for the logs.
    const METHOD: &'static str;
    /// The task, and the time limit the call asks for (see [`Job::requested`]);
    /// or every problem of the request.
    fn task(self) -> Result<(Self::Task, Option<Duration>), Failure>;
    /// The response of a finished job (`server`: the call's time so far).
    fn response(solved: Solved<<Self::Task as Task>::Output>, server: Duration) -> Self::Response;
}

/// A Solve call's work.
#[derive(Debug)]
pub struct SolveTask {
    pub commission: Commission,
    pub strategy: Strategy,
    /// The language of the allocation's words.
    pub lang: Lang,
}

impl Task for SolveTask {
    type Output = Solution;
    fn run(self, settings: SolverSettings) -> crate::Result<Solution> {
        let opts = SolveOptions {
            strategy: self.strategy,
            settings,
            lang: self.lang,
        };
        solve::solve(&self.commission, &opts)
    }
    fn size(&self) -> Option<(usize, usize)> {
        Some((
            self.commission.requests().len(),
            self.commission.creches().len(),
        ))
    }
}

/// What a job asks for.
#[derive(Debug)]
pub struct Job<T> {
    pub task: T,
    /// The RPC the job serves, for the metrics.
    pub method: &'static str,
    /// The time limit the call asks for, if any: `SolveOptions.time_limit`
    /// of a Solve call; for a job that solves several times, its per-solve
    /// limit times the number of solves.
    pub requested: Option<Duration>,
    /// Instant by which the solver must stop: the call's deadline minus the
    /// safety margin. `None` when the call has no deadline.
    pub solve_by: Option<Instant>,
    /// The call's tracing span (request id), so the solver's logs join it.
    pub span: Span,
    /// Cancelled by the server when the caller goes away or its deadline
    /// passes: the job is then dropped, or its running solve stopped.
    pub cancel: CancelToken,
}

/// A finished job.
pub struct Solved<O> {
    pub output: O,
    /// Time the job waited in the queue.
    pub queued: Duration,
    /// The time limit the solver was given.
    pub time_limit: Option<Duration>,
}

pub type Reply<O> = Result<Solved<O>, Failure>;

/// A queued job with its reply channel, its output type erased so that one
/// queue carries every kind of task.
type Envelope = Box<dyn FnOnce(&Limits) + Send>;

/// What the health service says of the solver thread: it answers calls
/// while it is alive and its queue has room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Readiness {
    /// The thread is running (false once it has ended).
    pub alive: bool,
    /// The queue holds as many jobs as it can: one more is refused.
    pub full: bool,
}

/// The queue's bookkeeping, shared by the handles and the thread.
struct Queue {
    /// Jobs submitted and not yet taken by the thread.
    depth: AtomicUsize,
    capacity: usize,
    readiness: watch::Sender<Readiness>,
    metrics: Arc<Metrics>,
}

impl Queue {
    /// Adds `delta` (+1 or -1) to the depth; publishes the depth and, when
    /// it changes, whether the queue is full.
    fn add(&self, delta: isize) {
        let depth = if delta >= 0 {
            self.depth.fetch_add(1, Ordering::SeqCst) + 1
        } else {
            self.depth.fetch_sub(1, Ordering::SeqCst).saturating_sub(1)
        };
        self.metrics.set_queue_depth(depth);
        let full = depth >= self.capacity;
        self.readiness.send_if_modified(|r| {
            let changed = r.full != full;
            r.full = full;
            changed
        });
    }
}

/// Marks the thread dead when it ends, however it ends.
struct Alive(Arc<Queue>);

impl Drop for Alive {
    fn drop(&mut self) {
        self.0.readiness.send_modify(|r| r.alive = false);
    }
}

/// Handle to the solver thread (cheap to clone: a queue sender).
#[derive(Clone)]
pub struct Solver {
    tx: SyncSender<Envelope>,
    queue: Arc<Queue>,
}

/// Owner of the solver thread: join it after the last [`Solver`] is dropped.
pub struct SolverThread {
    handle: JoinHandle<()>,
}

impl SolverThread {
    /// Waits until the thread has finished the jobs it holds (every [`Solver`]
    /// handle must be dropped first, or this never returns).
    pub fn join(self) {
        if self.handle.join().is_err() {
            error!("solver thread ended by a panic");
        }
    }
}

/// Starts the solver thread with a queue of `capacity` jobs (at least 1),
/// feeding `metrics`.
pub fn start(capacity: usize, limits: Limits, metrics: Arc<Metrics>) -> (Solver, SolverThread) {
    let capacity = capacity.max(1);
    let (tx, rx) = sync_channel::<Envelope>(capacity);
    let (readiness, _) = watch::channel(Readiness {
        alive: true,
        full: false,
    });
    let queue = Arc::new(Queue {
        depth: AtomicUsize::new(0),
        capacity,
        readiness,
        metrics,
    });
    let alive = Alive(queue.clone());
    let handle = std::thread::Builder::new()
        .name("creche-solver".into())
        .spawn(move || {
            let _alive = alive;
            run(rx, limits)
        })
        .expect("spawn the solver thread");
    (Solver { tx, queue }, SolverThread { handle })
}

impl Solver {
    /// Queues a job; the receiver gets its result. Fails at once when the
    /// queue is full or the thread is gone.
    pub fn submit<T: Task>(
        &self,
        job: Job<T>,
    ) -> Result<oneshot::Receiver<Reply<T::Output>>, Failure> {
        let (reply, rx) = oneshot::channel();
        let enqueued = Instant::now();
        let queue = self.queue.clone();
        let envelope: Envelope = Box::new(move |limits| {
            queue.add(-1);
            execute(job, enqueued, reply, limits, &queue.metrics)
        });
        // Counted before it is sent, so the thread never takes a job the
        // depth does not hold yet.
        self.queue.add(1);
        let refused = match self.tx.try_send(envelope) {
            Ok(()) => return Ok(rx),
            Err(TrySendError::Full(_)) => Failure::QueueFull {
                capacity: self.queue.capacity,
            },
            Err(TrySendError::Disconnected(_)) => Failure::Unavailable,
        };
        self.queue.add(-1);
        Err(refused)
    }

    pub fn capacity(&self) -> usize {
        self.queue.capacity
    }

    /// Whether the queue holds as many jobs as it can now (a job submitted
    /// now would be refused, unless the thread takes one first).
    pub fn is_full(&self) -> bool {
        self.queue.depth.load(Ordering::SeqCst) >= self.queue.capacity
    }

    /// The thread's readiness, updated as jobs come and go.
    pub fn readiness(&self) -> watch::Receiver<Readiness> {
        self.queue.readiness.subscribe()
    }
}

/// The time limit of a job starting `now`, or `None` when its deadline leaves
/// no time.
pub fn time_limit<T>(job: &Job<T>, limits: &Limits, now: Instant) -> Option<Duration> {
    let wanted = match (job.requested, job.solve_by) {
        (Some(t), _) => t,
        (None, None) => limits.default_solve_time,
        (None, Some(_)) => limits.max_solve_time,
    };
    let mut limit = wanted.min(limits.max_solve_time);
    if let Some(by) = job.solve_by {
        limit = limit.min(by.saturating_duration_since(now));
    }
    (limit >= MIN_SOLVE_TIME).then_some(limit)
}

fn run(rx: Receiver<Envelope>, limits: Limits) {
    while let Ok(envelope) = rx.recv() {
        envelope(&limits);
    }
    debug!("solve queue closed: solver thread ends");
}

/// One job on the solver thread: dropped if its caller has gone, refused if
/// its deadline leaves no time, else run (a panic is caught) and answered.
fn execute<T: Task>(
    job: Job<T>,
    enqueued: Instant,
    reply: oneshot::Sender<Reply<T::Output>>,
    limits: &Limits,
    metrics: &Metrics,
) {
    let span = job.span.clone();
    let _enter = span.enter();
    let queued = enqueued.elapsed();
    metrics.job_started(job.method, queued);
    if reply.is_closed() || job.cancel.is_cancelled() {
        debug!(
            queued_ms = ms(queued),
            "caller gone before its solve started: job dropped"
        );
        return;
    }
    let Some(limit) = time_limit(&job, limits, Instant::now()) else {
        let _ = reply.send(Err(Failure::DeadlineBeforeSolve));
        return;
    };
    let task = job.task;
    if let Some((requests, creches)) = task.size() {
        metrics.job_size(job.method, requests, creches);
    }
    let settings = SolverSettings {
        threads: 1,
        time_limit: Some(limit),
        diagnostics: limits.diagnostics,
        cancel: job.cancel,
    };
    let started = Instant::now();
    let ran = catch_unwind(AssertUnwindSafe(|| task.run(settings)));
    let ran_for = started.elapsed();
    metrics.job_ran(job.method, ran_for);
    let out = match ran {
        Ok(Ok(output)) => Ok(Solved {
            output,
            queued,
            time_limit: Some(limit),
        }),
        Ok(Err(Error::Cancelled)) => {
            info!(
                queued_ms = ms(queued),
                ran_ms = ms(ran_for),
                "solve stopped: cancelled by its caller (gone, or deadline passed)"
            );
            Err(Failure::Lib(Error::Cancelled))
        }
        Ok(Err(e)) => Err(Failure::Lib(e)),
        Err(_) => {
            error!("the solver panicked on this job; the thread goes on");
            Err(Failure::Panicked)
        }
    };
    if reply.send(out).is_err() {
        debug!("caller gone while solving: result dropped");
    }
}

pub(crate) fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(requested: Option<Duration>, solve_by: Option<Instant>) -> Job<SolveTask> {
        let c = crate::validate::validate(
            &crate::validate::parse_json(include_str!(
                "../../instances/examples/a_one_full_time_place.json"
            ))
            .unwrap(),
        )
        .unwrap();
        Job {
            task: SolveTask {
                commission: c,
                strategy: Strategy::Priority,
                lang: Lang::Fr,
            },
            method: "Solve",
            requested,
            solve_by,
            span: Span::none(),
            cancel: CancelToken::new(),
        }
    }

    const LIMITS: Limits = Limits {
        default_solve_time: Duration::from_secs(30),
        max_solve_time: Duration::from_secs(120),
        diagnostics: false,
    };

    #[test]
    fn limit_rules() {
        let now = Instant::now();
        let s = Duration::from_secs;
        assert_eq!(time_limit(&job(None, None), &LIMITS, now), Some(s(30)));
        assert_eq!(
            time_limit(&job(Some(s(500)), None), &LIMITS, now),
            Some(s(120))
        );
        assert_eq!(time_limit(&job(Some(s(2)), None), &LIMITS, now), Some(s(2)));
        assert_eq!(
            time_limit(&job(None, Some(now + s(1000))), &LIMITS, now),
            Some(s(120))
        );
        assert_eq!(
            time_limit(&job(None, Some(now + s(10))), &LIMITS, now),
            Some(s(10))
        );
        assert_eq!(
            time_limit(&job(Some(s(3)), Some(now + s(10))), &LIMITS, now),
            Some(s(3))
        );
        assert_eq!(time_limit(&job(None, Some(now)), &LIMITS, now), None);
    }

    #[test]
    fn abandoned_jobs_are_dropped_and_others_solved() {
        let (solver, thread) = start(2, LIMITS, Arc::new(Metrics::new(2)));
        let rx = solver.submit(job(None, None)).unwrap();
        drop(rx);
        let rx = solver.submit(job(None, None)).unwrap();
        let solved = rx
            .blocking_recv()
            .unwrap()
            .map_err(|f| f.log_kind())
            .unwrap();
        assert!(solved.output.allocation.metrics.requests > 0);
        drop(solver);
        thread.join();
    }

    /// A task that runs until it is told to stop.
    struct Blocking(std::sync::mpsc::Receiver<()>);

    impl Task for Blocking {
        type Output = ();
        fn run(self, _: SolverSettings) -> crate::Result<()> {
            let _ = self.0.recv();
            Ok(())
        }
    }

    fn blocking(rx: std::sync::mpsc::Receiver<()>) -> Job<Blocking> {
        Job {
            task: Blocking(rx),
            method: "Solve",
            requested: None,
            solve_by: None,
            span: Span::none(),
            cancel: CancelToken::new(),
        }
    }

    #[test]
    fn readiness_follows_the_queue_and_the_thread() {
        let metrics = Arc::new(Metrics::new(1));
        let (solver, thread) = start(1, LIMITS, metrics.clone());
        let readiness = solver.readiness();
        let ready = Readiness {
            alive: true,
            full: false,
        };
        assert_eq!(*readiness.borrow(), ready);
        let (stop_a, a) = std::sync::mpsc::channel();
        let first = solver.submit(blocking(a)).unwrap();
        // Wait until the thread has taken the first job: the queue is empty.
        while solver.queue.depth.load(Ordering::SeqCst) > 0 {
            std::thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(*readiness.borrow(), ready);
        let (stop_b, b) = std::sync::mpsc::channel();
        let second = solver.submit(blocking(b)).unwrap();
        assert_eq!(
            *readiness.borrow(),
            Readiness {
                full: true,
                ..ready
            }
        );
        assert!(metrics.encode().contains("creche_queue_depth 1"));
        let (_, c) = std::sync::mpsc::channel();
        let refused = solver.submit(blocking(c)).map(|_| ()).unwrap_err();
        assert_eq!(refused.code(), tonic::Code::ResourceExhausted);
        assert_eq!(
            *readiness.borrow(),
            Readiness {
                full: true,
                ..ready
            }
        );

        stop_a.send(()).unwrap();
        first
            .blocking_recv()
            .unwrap()
            .map_err(|f| f.log_kind())
            .unwrap();
        // The second job left the queue when the thread took it.
        while readiness.borrow().full {
            std::thread::sleep(Duration::from_millis(1));
        }
        stop_b.send(()).unwrap();
        second
            .blocking_recv()
            .unwrap()
            .map_err(|f| f.log_kind())
            .unwrap();
        let text = metrics.encode();
        assert!(text.contains("creche_queue_depth 0"), "{text}");
        assert!(
            text.contains("creche_solve_duration_seconds_count{method=\"Solve\"} 2"),
            "{text}"
        );
        drop(solver);
        thread.join();
        assert!(!readiness.borrow().alive);
    }
}
