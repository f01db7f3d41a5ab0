//! Measures what the gRPC service adds to a solve: round-trip overhead over an
//! in-process solve, and throughput with concurrent clients.
//!
//! ```text
//! cargo run --release --example grpc_load -- [--calls 1000] [--clients 8]
//!     [--concurrent-calls 200] [--strategy greedy|priority|balanced]
//!     [--instance FILE] [--addr HOST:PORT] [--token TOKEN]
//! ```
//!
//! Without `--addr`, the real server is started in this process on
//! 127.0.0.1:0 (the solver thread, queue and transport exactly as `serve`).
//! The default instance is the embedded one. Reported:
//!
//! - in-process `validate` + `solve`, `--calls` times, one after the other;
//! - gRPC `Solve`, `--calls` times, one after the other: round trip, and the
//!   per-call overhead = round trip − the library solve time the server
//!   reports for that call (`timings.total`): proto decoding, conversion,
//!   validation, the queue hop to the solver thread, encoding, loopback TCP;
//! - `--clients` concurrent clients sharing `--concurrent-calls` calls:
//!   throughput and latency. The service solves one job at a time (one solver
//!   thread), so throughput is bounded by 1 / solve time.
//!
//! All loops are bounded by their counts; traffic goes to loopback only
//! (unless `--addr` names another server).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use creche_alloc::grpc::pb::allocation_service_client::AllocationServiceClient;
use creche_alloc::grpc::pb::{self, solve_request};
use creche_alloc::grpc::{convert, ServerConfig};
use creche_alloc::solve::{self, balanced::DEFAULT_FIT_WEIGHT, SolveOptions, Strategy};
use creche_alloc::{io, validate};
use tonic::transport::Channel;

struct Args {
    calls: usize,
    clients: usize,
    concurrent_calls: usize,
    strategy: String,
    instance: Option<String>,
    addr: Option<SocketAddr>,
    token: Option<String>,
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
            "-h" | "--help" => {
                println!(
                    "grpc_load [--calls N] [--clients N] [--concurrent-calls N] \
                     [--strategy greedy|priority|balanced] [--instance FILE] \
                     [--addr HOST:PORT] [--token TOKEN]"
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

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a = args();
    let text = match &a.instance {
        Some(p) => std::fs::read_to_string(p)?,
        None => io::DEFAULT_INSTANCE.to_string(),
    };
    let instance = validate::parse_json(&text)?;
    let (strategy, pb_strategy) = match a.strategy.as_str() {
        "greedy" => (Strategy::Greedy, pb::Strategy::Greedy),
        "priority" => (Strategy::Priority, pb::Strategy::Priority),
        "balanced" => (
            Strategy::Balanced {
                fit_weight: DEFAULT_FIT_WEIGHT,
            },
            pb::Strategy::Balanced,
        ),
        s => panic!("unknown strategy {s}"),
    };
    let request = pb::SolveRequest {
        input: Some(solve_request::Input::Instance(convert::instance_to_proto(
            &instance,
        ))),
        options: Some(pb::SolveOptions {
            strategy: pb_strategy as i32,
            fit_weight: None,
            time_limit: None,
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

    // In-process: validate + solve, as a Rust caller of the library would.
    let opts = SolveOptions {
        strategy,
        time_limit: Some(Duration::from_secs(60)),
        threads: 1,
        ..SolveOptions::default()
    };
    let in_process = tokio::task::spawn_blocking({
        let instance = instance.clone();
        let calls = a.calls;
        move || {
            let mut times = Vec::with_capacity(calls);
            for _ in 0..calls {
                let t = Instant::now();
                let c = validate::validate(&instance).expect("valid instance");
                let s = solve::solve(&c, &opts).expect("solved");
                std::hint::black_box(&s.allocation);
                times.push(t.elapsed());
            }
            times
        }
    })
    .await?;

    // The server: in this process unless --addr.
    let mut stop = None;
    let addr = match a.addr {
        Some(addr) => addr,
        None => {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
            let addr = listener.local_addr()?;
            let (tx, rx) = tokio::sync::oneshot::channel::<()>();
            let config = ServerConfig {
                queue_len: a.clients.max(16),
                token: a.token.clone(),
                ..ServerConfig::default()
            };
            let task = tokio::spawn(creche_alloc::grpc::serve_with_shutdown(
                listener,
                config,
                async {
                    let _ = rx.await;
                },
            ));
            stop = Some((tx, task));
            addr
        }
    };
    let channel = Channel::from_shared(format!("http://{addr}"))?
        .tcp_nodelay(true)
        .connect()
        .await?;
    let client = AllocationServiceClient::new(channel).max_decoding_message_size(64 << 20);

    // Warm-up (connection, allocator), not measured.
    for _ in 0..3 {
        client
            .clone()
            .solve(with_token(request.clone(), &a.token))
            .await?;
    }

    // Sequential gRPC calls.
    let mut rtt = Vec::with_capacity(a.calls);
    let mut overhead = Vec::with_capacity(a.calls);
    let mut server_side = Vec::with_capacity(a.calls);
    let mut queue = Vec::with_capacity(a.calls);
    for _ in 0..a.calls {
        let req = with_token(request.clone(), &a.token);
        let t = Instant::now();
        let r = client.clone().solve(req).await?.into_inner();
        let round_trip = t.elapsed();
        let timings = r.timings.expect("timings");
        let lib = convert::duration_from_proto(&timings.total.unwrap()).unwrap();
        let server = convert::duration_from_proto(&timings.server.unwrap()).unwrap();
        rtt.push(round_trip);
        overhead.push(round_trip.saturating_sub(lib));
        server_side.push(server.saturating_sub(lib));
        queue.push(convert::duration_from_proto(&timings.queue.unwrap()).unwrap());
    }

    // Concurrent clients (one HTTP/2 connection each).
    let mut clients = Vec::new();
    for _ in 0..a.clients {
        let ch = Channel::from_shared(format!("http://{addr}"))?
            .tcp_nodelay(true)
            .connect()
            .await?;
        clients.push(AllocationServiceClient::new(ch).max_decoding_message_size(64 << 20));
    }
    let counter = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let t0 = Instant::now();
    let tasks: Vec<_> = clients
        .into_iter()
        .map(|mut c| {
            let counter = counter.clone();
            let request = request.clone();
            let token = a.token.clone();
            let total = a.concurrent_calls;
            tokio::spawn(async move {
                let mut lat = Vec::new();
                while counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < total {
                    let t = Instant::now();
                    let r = c
                        .solve(with_token(request.clone(), &token))
                        .await
                        .expect("concurrent solve")
                        .into_inner();
                    let lib = r.timings.and_then(|t| t.total).expect("timings");
                    lat.push((t.elapsed(), convert::duration_from_proto(&lib).unwrap()));
                }
                lat
            })
        })
        .collect();
    let mut concurrent = Vec::new();
    let mut concurrent_lib = Vec::new();
    for t in tasks {
        for (rtt, lib) in t.await? {
            concurrent.push(rtt);
            concurrent_lib.push(lib);
        }
    }
    let wall = t0.elapsed();

    println!();
    summary("in-process validate + solve", in_process.clone());
    summary("gRPC Solve round trip (sequential)", rtt.clone());
    summary("gRPC overhead per call (rtt - lib solve)", overhead);
    summary("  of which server-side (server - lib solve)", server_side);
    summary("  of which queue hop to the solver thread", queue);
    let mut ip = in_process;
    ip.sort();
    rtt.sort();
    println!(
        "{:<44} p50 {:+.3} ms, p99 {:+.3} ms",
        "difference of distributions (gRPC - in-proc)",
        ms(percentile(&rtt, 50.0)) - ms(percentile(&ip, 50.0)),
        ms(percentile(&rtt, 99.0)) - ms(percentile(&ip, 99.0)),
    );
    println!(
        "{:<44} {} calls in {:.3} s = {:.1} calls/s (in-process sequential: {:.1} calls/s)",
        format!("throughput, {} concurrent clients", a.clients),
        concurrent.len(),
        wall.as_secs_f64(),
        concurrent.len() as f64 / wall.as_secs_f64(),
        1.0 / (ip.iter().sum::<Duration>() / ip.len() as u32).as_secs_f64(),
    );
    summary(
        &format!("latency with {} concurrent clients", a.clients),
        concurrent,
    );
    summary("  library solve time during that phase", concurrent_lib);

    if let Some((tx, task)) = stop {
        let _ = tx.send(());
        task.await?.map_err(|e| e.to_string())?;
    }
    Ok(())
}
