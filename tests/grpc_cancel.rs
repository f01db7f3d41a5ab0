//! Cooperative cancellation, end to end on 127.0.0.1:0: a slow solve whose
//! call is dropped by its client stops, the next call is answered long before
//! the slow one would have ended, and the cancellation is counted once.

use crate::common;

use std::time::{Duration, Instant};

use common::grpc::TestServer;
use common::scrape::{moved, scrape};
use creche_alloc::grpc::pb::{self, solve_request};
use creche_alloc::grpc::ServerConfig;
use creche_alloc::io;

const JOB: &str = "{method=\"Solve\"}";

fn request(instance_json: String, options: Option<pb::SolveOptions>) -> pb::SolveRequest {
    pb::SolveRequest {
        input: Some(solve_request::Input::InstanceJson(instance_json)),
        options,
    }
}

/// The balanced policy on the town, with a minute to solve: it is not
/// proven optimal in minutes, so it would keep the solver busy for 60 s.
fn slow_solve() -> pb::SolveRequest {
    let town = std::fs::read_to_string("instances/generated/town-40x1500.json").unwrap();
    request(
        town,
        Some(pb::SolveOptions {
            strategy: pb::Strategy::Balanced as i32,
            time_limit: Some(prost_types::Duration {
                seconds: 60,
                nanos: 0,
            }),
            ..Default::default()
        }),
    )
}

/// Waits until the solver thread has started `n` more Solve jobs than in `before`.
async fn jobs_started(server: &TestServer, before: &std::collections::BTreeMap<String, f64>) {
    let series = format!("creche_queue_wait_seconds_count{JOB}");
    let t0 = Instant::now();
    loop {
        let now = scrape(server.metrics.unwrap()).await;
        if moved(before, &now).get(&series).copied().unwrap_or(0.0) >= 1.0 {
            return;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "the slow solve never started"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_call_stops_its_solve_and_frees_the_solver() {
    let server = TestServer::start_with_metrics(ServerConfig::default()).await;
    let before = scrape(server.metrics.unwrap()).await;
    let mut client = server.client().await;
    let call = tokio::spawn(async move { client.solve(slow_solve()).await });
    jobs_started(&server, &before).await;
    // Inside HiGHS by now (the model is built in milliseconds): the client
    // goes away, as a caller that cancels or whose process ends.
    tokio::time::sleep(Duration::from_millis(300)).await;
    call.abort();
    assert!(call.await.unwrap_err().is_cancelled());

    let t0 = Instant::now();
    let quick = server
        .client()
        .await
        .solve(request(io::DEFAULT_INSTANCE.to_string(), None))
        .await
        .expect("the default commission solved");
    let waited = t0.elapsed();
    // A functional bound, not a speed target: without cancellation the quick
    // solve waits for the slow one's 60 s.
    assert!(
        waited < Duration::from_secs(20),
        "the next call waited {waited:?}"
    );
    let allocation = quick.into_inner().allocation.unwrap();
    assert_eq!(allocation.status(), pb::AllocationStatus::Optimal);

    let after = scrape(server.metrics.unwrap()).await;
    let moved = moved(&before, &after);
    let count = |series: &str| moved.get(series).copied().unwrap_or(0.0);
    assert_eq!(
        count(&format!("creche_solves_cancelled_total{JOB}")),
        1.0,
        "{moved:#?}"
    );
    assert_eq!(
        count(&format!("creche_solves_deadline_exceeded_total{JOB}")),
        0.0
    );
    assert_eq!(
        count(&format!("creche_solve_duration_seconds_count{JOB}")),
        2.0,
        "both jobs ran: the slow one stopped"
    );
    server.shutdown().await;
}
