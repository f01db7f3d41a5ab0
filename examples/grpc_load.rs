//! Measures what the gRPC service adds to a solve, and how it holds under load:
//! round-trip overhead over an in-process solve, then throughput, latency,
//! errors by code, health and server memory with concurrent clients.
//!
//! ```text
//! cargo run --release --example grpc_load -- [--calls 1000] [--clients 8]
//!     [--concurrent-calls 200] [--strategy greedy|priority|balanced]
//!     [--instance FILE] [--addr HOST:PORT] [--token TOKEN]
//!     [--load-only] [--server-pid PID] [--health-every-ms 100]
//! ```
//!
//! Without `--addr`, the real server is started in this process on
//! 127.0.0.1:0 (the solver thread, queue and transport exactly as `serve`,
//! with a queue as long as the clients are many). With `--addr`, an external
//! server (e.g. `target/release/creche-alloc serve`); `--server-pid` names its
//! process for the memory figures. The default instance is the embedded one.
//! Reported:
//!
//! - in-process `validate` + `solve`, `--calls` times, one after the other;
//! - gRPC `Solve`, `--calls` times, one after the other: round trip, and the
//!   per-call overhead = round trip − the library solve time the server
//!   reports for that call (`timings.total`): proto decoding, conversion,
//!   validation, the queue hop to the solver thread, encoding, loopback TCP;
//! - `--clients` concurrent clients (one connection each) sharing
//!   `--concurrent-calls` calls: throughput of the calls answered, their
//!   latency, every error by code (a client refused with
//!   `RESOURCE_EXHAUSTED` waits the `RetryInfo` delay, as a polite client
//!   does), a health `Check` every `--health-every-ms` on its own connection
//!   throughout, and the server's resident memory before and after.
//!   `--load-only` runs only this part. The service solves one job at a time
//!   (one solver thread), so throughput is bounded by 1 / solve time.
//!
//! All loops are bounded by their counts; traffic goes to loopback only
//! (unless `--addr` names another server).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use creche_alloc::grpc::pb::allocation_service_client::AllocationServiceClient;
use creche_alloc::grpc::pb::{self, solve_request};
use creche_alloc::grpc::{convert, ServerConfig, SERVICE_NAME};
use creche_alloc::solve::{
    self, balanced::DEFAULT_FIT_WEIGHT, SolveOptions, SolverSettings, Strategy,
};
use creche_alloc::validate;
use tonic::transport::Channel;
use tonic_health::pb::health_client::HealthClient;
use tonic_health::pb::HealthCheckRequest;
use tonic_types::StatusExt;

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Client = AllocationServiceClient<Channel>;

struct Args {
    calls: usize,
    clients: usize,
    concurrent_calls: usize,
    strategy: String,
    instance: Option<String>,
    addr: Option<SocketAddr>,
    token: Option<String>,
    load_only: bool,
    server_pid: Option<u32>,
    health_every: Duration,
}

fn args() -> Args {
    let mut a = Args {
        calls: 1000,
        clients: 8,
        concurrent_calls: 200,
        strategy: "greedy".into(),
        instance: None,
        addr: None,
        token: std::env::var("CRECHE_GRPC_TOKEN").ok(),
        load_only: false,
        server_pid: None,
        health_every: Duration::from_millis(100),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--calls" => a.calls = value().parse().expect("--calls N"),
            "--clients" => a.clients = value().parse().expect("--clients N"),
            "--concurrent-calls" => {
                a.concurrent_calls = value().parse().expect("--concurrent-calls N")
            }
            "--strategy" => a.strategy = value(),
            "--instance" => a.instance = Some(value()),
            "--addr" => a.addr = Some(value().parse().expect("--addr HOST:PORT")),
            "--token" => a.token = Some(value()),
            "--load-only" => a.load_only = true,
            "--server-pid" => a.server_pid = Some(value().parse().expect("--server-pid PID")),
            "--health-every-ms" => {
                a.health_every =
                    Duration::from_millis(value().parse().expect("--health-every-ms N"))
            }
            "-h" | "--help" => {
                println!(
                    "grpc_load [--calls N] [--clients N] [--concurrent-calls N] \
                     [--strategy greedy|priority|balanced] [--instance FILE] \
                     [--addr HOST:PORT] [--token TOKEN] [--load-only] [--server-pid PID] \
                     [--health-every-ms N]"
                );
                std::process::exit(0);
            }
            other => panic!("unknown flag {other}"),
        }
    }
    assert!(a.calls > 0 && a.clients > 0 && a.concurrent_calls > 0);
    a
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[i.clamp(1, sorted.len()) - 1]
}

fn summary(name: &str, mut xs: Vec<Duration>) {
    if xs.is_empty() {
        println!("{name:<44} n=0");
        return;
    }
    xs.sort();
    let mean = xs.iter().sum::<Duration>() / xs.len() as u32;
    println!(
        "{name:<44} n={:<5} p50={:>9.3} ms  p99={:>9.3} ms  mean={:>9.3} ms  max={:>9.3} ms",
        xs.len(),
        ms(percentile(&xs, 50.0)),
        ms(percentile(&xs, 99.0)),
        ms(mean),
        ms(*xs.last().unwrap()),
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn with_token<T>(msg: T, token: &Option<String>) -> tonic::Request<T> {
    let mut r = tonic::Request::new(msg);
    r.set_timeout(Duration::from_secs(600));
    if let Some(t) = token {
        r.metadata_mut()
            .insert("authorization", format!("Bearer {t}").parse().unwrap());
    }
    r
}

/// Resident and peak resident memory of process `pid`, in MiB (Linux).
fn memory_mib(pid: u32) -> Option<(f64, f64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| -> Option<f64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib / 1024.0)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// CPU time process `pid` has used so far, user and system (Linux).
fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name (which may hold spaces), from state.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // SAFETY: sysconf has no preconditions.
    let per_s = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    (per_s > 0).then(|| Duration::from_secs_f64(ticks as f64 / per_s as f64))
}

fn strategy_of(name: &str) -> (Strategy, pb::Strategy) {
    match name {
        "greedy" => (Strategy::Greedy, pb::Strategy::Greedy),
        "priority" => (Strategy::Priority, pb::Strategy::Priority),
        "balanced" => (
            Strategy::Balanced {
                fit_weight: DEFAULT_FIT_WEIGHT,
            },
            pb::Strategy::Balanced,
        ),
        s => panic!("unknown strategy {s}"),
    }
}

async fn connect(addr: SocketAddr) -> Result<Channel, BoxError> {
    Ok(Channel::from_shared(format!("http://{addr}"))?
        .tcp_nodelay(true)
        .connect()
        .await?)
}

/// In-process `validate` + `solve`, `calls` times, as a Rust caller of the
/// library would.
async fn in_process(
    instance: &creche_alloc::domain::Instance,
    strategy: Strategy,
    calls: usize,
) -> Result<Vec<Duration>, BoxError> {
    let opts = SolveOptions {
        strategy,
        settings: SolverSettings {
            time_limit: Some(Duration::from_secs(60)),
            ..SolverSettings::default()
        },
        ..SolveOptions::default()
    };
    let instance = instance.clone();
    Ok(tokio::task::spawn_blocking(move || {
        let mut times = Vec::with_capacity(calls);
        for _ in 0..calls {
            let t = Instant::now();
            let c = validate::validate(&instance).expect("valid instance");
            let s = solve::solve(&c, &opts).expect("solved");
            std::hint::black_box(&s.allocation);
            times.push(t.elapsed());
        }
        times
    })
    .await?)
}

/// The server in this process on 127.0.0.1:0, and how to stop it.
type Stop = (
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<Result<(), BoxError>>,
);

async fn start_server(a: &Args) -> Result<(SocketAddr, Stop), BoxError> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let config = ServerConfig {
        queue_len: a.clients.max(16),
        token: a.token.clone(),
        ..ServerConfig::default()
    };
    let task = tokio::spawn(async move {
        creche_alloc::grpc::serve_with_shutdown(listener, config, async {
            let _ = rx.await;
        })
        .await
        .map_err(|e| e.to_string().into())
    });
    Ok((addr, (tx, task)))
}

/// `calls` gRPC `Solve` calls one after the other: round trip, overhead over
/// the library solve, server-side part of it, queue hop.
async fn sequential(
    client: &Client,
    request: &pb::SolveRequest,
    token: &Option<String>,
    calls: usize,
) -> Result<[Vec<Duration>; 4], BoxError> {
    let mut out: [Vec<Duration>; 4] = Default::default();
    for _ in 0..calls {
        let req = with_token(request.clone(), token);
        let t = Instant::now();
        let r = client.clone().solve(req).await?.into_inner();
        let round_trip = t.elapsed();
        let timings = r.timings.expect("timings");
        let get = |d: Option<prost_types::Duration>| {
            convert::duration_from_proto(&d.expect("timing")).expect("a duration")
        };
        let lib = get(timings.total);
        out[0].push(round_trip);
        out[1].push(round_trip.saturating_sub(lib));
        out[2].push(get(timings.server).saturating_sub(lib));
        out[3].push(get(timings.queue));
    }
    Ok(out)
}

/// The times of one call answered: round trip, and as the server reports
/// them, its library solve, its whole time in the server, its queue wait.
struct Answered {
    rtt: Duration,
    lib: Duration,
    server: Duration,
    queue: Duration,
}

/// What the concurrent clients saw.
#[derive(Default)]
struct Load {
    answered: Vec<Answered>,
    /// Calls that failed, by gRPC code.
    errors: BTreeMap<String, usize>,
}

/// One concurrent client: calls until `total` calls were made by all.
async fn client_loop(
    mut c: Client,
    request: pb::SolveRequest,
    token: Option<String>,
    counter: Arc<AtomicUsize>,
    total: usize,
) -> Load {
    let mut load = Load::default();
    while counter.fetch_add(1, Ordering::Relaxed) < total {
        let t = Instant::now();
        match c.solve(with_token(request.clone(), &token)).await {
            Ok(r) => {
                let rtt = t.elapsed();
                let timings = r.into_inner().timings.expect("timings");
                let get = |d: Option<prost_types::Duration>| {
                    convert::duration_from_proto(&d.expect("timing")).expect("a duration")
                };
                load.answered.push(Answered {
                    rtt,
                    lib: get(timings.total),
                    server: get(timings.server),
                    queue: get(timings.queue),
                });
            }
            Err(status) => {
                *load
                    .errors
                    .entry(format!("{:?}", status.code()))
                    .or_default() += 1;
                if let Some(retry) = status.get_details_retry_info() {
                    tokio::time::sleep(retry.retry_delay.unwrap_or(Duration::from_secs(1))).await;
                }
            }
        }
    }
    load
}

/// What the health checks said during the load.
#[derive(Default, Debug)]
struct Health {
    checks: usize,
    serving: usize,
    not_serving: usize,
    failed: usize,
    slowest: Duration,
}

/// [`health_loop`] on a thread of its own with its own runtime, so that the
/// load clients' work does not delay the checks: their times are the server's.
fn health_thread(
    addr: SocketAddr,
    every: Duration,
    done: Arc<AtomicBool>,
) -> std::thread::JoinHandle<Health> {
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
            .block_on(health_loop(addr, every, done))
    })
}

/// A health `Check` of the service every `every` until `done`, on its own
/// connection (as a probe makes them).
async fn health_loop(addr: SocketAddr, every: Duration, done: Arc<AtomicBool>) -> Health {
    let mut h = Health::default();
    let Ok(channel) = connect(addr).await else {
        h.failed += 1;
        return h;
    };
    let mut client = HealthClient::new(channel);
    use tonic_health::pb::health_check_response::ServingStatus;
    while !done.load(Ordering::Relaxed) {
        let mut req = tonic::Request::new(HealthCheckRequest {
            service: SERVICE_NAME.to_string(),
        });
        req.set_timeout(Duration::from_secs(5));
        let t = Instant::now();
        let got = client.check(req).await;
        h.slowest = h.slowest.max(t.elapsed());
        h.checks += 1;
        match got.map(|r| r.into_inner().status()) {
            Ok(ServingStatus::Serving) => h.serving += 1,
            Ok(_) => h.not_serving += 1,
            Err(_) => h.failed += 1,
        }
        tokio::time::sleep(every).await;
    }
    h
}

/// `a.clients` clients sharing `a.concurrent_calls` calls, health checked
/// throughout; the load and the health seen, and the wall time.
async fn concurrent(
    a: &Args,
    addr: SocketAddr,
    request: &pb::SolveRequest,
) -> Result<(Load, Health, Duration), BoxError> {
    let mut clients = Vec::new();
    for _ in 0..a.clients {
        clients.push(Client::new(connect(addr).await?).max_decoding_message_size(64 << 20));
    }
    let done = Arc::new(AtomicBool::new(false));
    let health = health_thread(addr, a.health_every, done.clone());
    let counter = Arc::new(AtomicUsize::new(0));
    let t0 = Instant::now();
    let tasks: Vec<_> = clients
        .into_iter()
        .map(|c| {
            let (request, token) = (request.clone(), a.token.clone());
            tokio::spawn(client_loop(
                c,
                request,
                token,
                counter.clone(),
                a.concurrent_calls,
            ))
        })
        .collect();
    let mut load = Load::default();
    for t in tasks {
        let l = t.await?;
        load.answered.extend(l.answered);
        for (code, n) in l.errors {
            *load.errors.entry(code).or_default() += n;
        }
    }
    let wall = t0.elapsed();
    done.store(true, Ordering::Relaxed);
    let health = health.join().map_err(|_| "the health thread panicked")?;
    Ok((load, health, wall))
}

fn report_concurrent(a: &Args, load: Load, health: &Health, wall: Duration, in_proc: Option<f64>) {
    let n = load.answered.len();
    let per_s = n as f64 / wall.as_secs_f64();
    let sequential = in_proc
        .map(|r| format!(" (in-process sequential: {r:.1} calls/s)"))
        .unwrap_or_default();
    println!(
        "{:<44} {n} calls answered in {:.3} s = {per_s:.1} calls/s{sequential}",
        format!("throughput, {} concurrent clients", a.clients),
        wall.as_secs_f64(),
    );
    let times = |f: fn(&Answered) -> Duration| load.answered.iter().map(f).collect::<Vec<_>>();
    summary(
        &format!("latency with {} concurrent clients", a.clients),
        times(|x| x.rtt),
    );
    summary("  in the server (as it reports)", times(|x| x.server));
    summary(
        "  of which waiting for the solver thread",
        times(|x| x.queue),
    );
    summary("  of which the library solve", times(|x| x.lib));
    println!("{:<44} {:?}", "errors by code", load.errors);
    println!(
        "{:<44} {} checks: {} SERVING, {} NOT_SERVING, {} failed; slowest {:.1} ms",
        "health during the load",
        health.checks,
        health.serving,
        health.not_serving,
        health.failed,
        ms(health.slowest)
    );
}

fn report_sequential(in_process: &[Duration], seq: [Vec<Duration>; 4]) {
    let [mut rtt, overhead, server_side, queue] = seq;
    summary("in-process validate + solve", in_process.to_vec());
    summary("gRPC Solve round trip (sequential)", rtt.clone());
    summary("gRPC overhead per call (rtt - lib solve)", overhead);
    summary("  of which server-side (server - lib solve)", server_side);
    summary("  of which queue hop to the solver thread", queue);
    let mut ip = in_process.to_vec();
    ip.sort();
    rtt.sort();
    println!(
        "{:<44} p50 {:+.3} ms, p99 {:+.3} ms",
        "difference of distributions (gRPC - in-proc)",
        ms(percentile(&rtt, 50.0)) - ms(percentile(&ip, 50.0)),
        ms(percentile(&rtt, 99.0)) - ms(percentile(&ip, 99.0)),
    );
}

fn print_memory(when: &str, pid: u32) {
    if let Some((rss, peak)) = memory_mib(pid) {
        println!(
            "{:<44} {rss:.1} MiB resident (peak {peak:.1} MiB), pid {pid}",
            format!("server memory {when}")
        );
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<(), BoxError> {
    let a = args();
    let text = match &a.instance {
        Some(p) => std::fs::read_to_string(p)?,
        None => creche_alloc::io::DEFAULT_INSTANCE.to_string(),
    };
    let instance = validate::parse_json(&text)?;
    let (strategy, pb_strategy) = strategy_of(&a.strategy);
    let request = pb::SolveRequest {
        input: Some(solve_request::Input::Instance(convert::instance_to_proto(
            &instance,
        ))),
        options: Some(pb::SolveOptions {
            strategy: pb_strategy as i32,
            ..Default::default()
        }),
    };
    println!(
        "instance: {} requests, {} crèches; strategy {}; request message {} bytes",
        instance.requests.len(),
        instance.creches.len(),
        strategy.name(),
        prost::Message::encoded_len(&request)
    );
    let in_proc = match a.load_only {
        true => None,
        false => Some(in_process(&instance, strategy, a.calls).await?),
    };
    let (addr, stop, pid) = match a.addr {
        Some(addr) => (addr, None, a.server_pid),
        None => {
            let (addr, stop) = start_server(&a).await?;
            (addr, Some(stop), Some(std::process::id()))
        }
    };
    let client = Client::new(connect(addr).await?).max_decoding_message_size(64 << 20);
    // Warm-up (connection, allocator), not measured.
    for _ in 0..3 {
        client
            .clone()
            .solve(with_token(request.clone(), &a.token))
            .await?;
    }
    if let Some(ip) = &in_proc {
        let seq = sequential(&client, &request, &a.token, a.calls).await?;
        println!();
        report_sequential(ip, seq);
    }
    if let Some(pid) = pid {
        print_memory("before the concurrent calls", pid);
    }
    // An external server's only: in this process, the clients' time would count.
    let cpu_before = a.server_pid.and_then(cpu_time);
    let (load, health, wall) = concurrent(&a, addr, &request).await?;
    if let (Some(before), Some(after)) = (cpu_before, a.server_pid.and_then(cpu_time)) {
        let used = after.saturating_sub(before);
        println!(
            "{:<44} {:.2} s ({:.2} ms per call made)",
            "server CPU time during the concurrent calls",
            used.as_secs_f64(),
            ms(used) / a.concurrent_calls as f64
        );
    }
    let rate =
        in_proc.map(|ip| 1.0 / (ip.iter().sum::<Duration>() / ip.len() as u32).as_secs_f64());
    report_concurrent(&a, load, &health, wall, rate);
    if let Some(pid) = pid {
        print_memory("after the concurrent calls", pid);
    }
    if let Some((tx, task)) = stop {
        let _ = tx.send(());
        task.await??;
    }
    Ok(())
}
