//! `serve --metrics-addr`: the real server on 127.0.0.1:0 with its metrics
//! endpoint on another loopback port, called with the generated client, and
//! `/metrics` scraped over HTTP before and after the calls: every counter
//! moved by exactly the calls made (the health-only listener answers too,
//! outside those counts: it is not behind the metrics layer).

use crate::common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::scrape::{moved, scrape};
use creche_alloc::grpc::pb::allocation_service_client::AllocationServiceClient;
use creche_alloc::grpc::pb::{self, solve_request, validate_request};
use creche_alloc::grpc::{Listeners, ServerConfig, SERVICE_NAME};
use creche_alloc::{io, validate};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tonic::transport::Channel;
use tonic::{Code, Request};

const HEALTH: &str = "grpc.health.v1.Health";

fn calls(service: &str, method: &str, code: &str) -> String {
    format!(
        "creche_grpc_calls_total{{grpc_service=\"{service}\",grpc_method=\"{method}\",grpc_code=\"{code}\"}}"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scrape_counts_exactly_the_calls_made() {
    let grpc = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let metrics = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let (addr, metrics_addr) = (grpc.local_addr().unwrap(), metrics.local_addr().unwrap());
    let config = ServerConfig {
        queue_len: 5,
        ..ServerConfig::default()
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let health_only = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let health_addr = health_only.local_addr().unwrap();
    let listeners = Listeners {
        grpc,
        metrics: Some(metrics),
        health: Some(health_only),
    };
    let server = tokio::spawn(creche_alloc::grpc::serve_listeners(
        listeners,
        config,
        async {
            let _ = stopped.await;
        },
    ));
    let channel = Channel::from_shared(format!("http://{addr}"))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut client = AllocationServiceClient::new(channel.clone());
    let before = scrape(metrics_addr).await;
    assert_eq!(before.get("creche_queue_capacity"), Some(&5.0));
    assert_eq!(before.get("creche_queue_depth"), Some(&0.0));

    let instance = validate::parse_json(io::DEFAULT_INSTANCE).unwrap();
    let commission = validate::validate(&instance).unwrap();
    let input = || {
        Some(solve_request::Input::InstanceJson(
            io::DEFAULT_INSTANCE.into(),
        ))
    };
    let greedy = pb::SolveRequest {
        input: input(),
        options: Some(pb::SolveOptions {
            strategy: pb::Strategy::Greedy as i32,
            ..Default::default()
        }),
    };

    // 1. Solve, answered.
    let ok = client.solve(greedy.clone()).await.expect("a greedy solve");
    let request_id = ok
        .metadata()
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    // 2. Solve, an invalid instance: nothing queued.
    let bad = pb::SolveRequest {
        input: Some(solve_request::Input::InstanceJson(
            "{\"commission\": 3}".into(),
        )),
        options: None,
    };
    assert_eq!(
        client.solve(bad).await.unwrap_err().code(),
        Code::InvalidArgument
    );
    // 3. Solve with a deadline shorter than the server's margin: refused
    //    before the queue.
    let mut short = Request::new(greedy.clone());
    short.set_timeout(Duration::from_millis(60));
    assert_eq!(
        client.solve(short).await.unwrap_err().code(),
        Code::DeadlineExceeded
    );
    // 4. Validate.
    let v = client
        .validate(pb::ValidateRequest {
            input: Some(validate_request::Input::InstanceJson(
                io::DEFAULT_INSTANCE.into(),
            )),
        })
        .await
        .unwrap();
    assert!(v.into_inner().valid);
    // 5. A health check, as a probe makes it.
    let mut health = tonic_health::pb::health_client::HealthClient::new(channel);
    health
        .check(tonic_health::pb::HealthCheckRequest {
            service: SERVICE_NAME.to_string(),
        })
        .await
        .unwrap();

    // 6. The same check on the plaintext health-only listener (the kubelet's).
    let health_channel = Channel::from_shared(format!("http://{health_addr}"))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let status = tonic_health::pb::health_client::HealthClient::new(health_channel)
        .check(tonic_health::pb::HealthCheckRequest {
            service: SERVICE_NAME.to_string(),
        })
        .await
        .unwrap()
        .into_inner()
        .status;
    assert_eq!(
        status,
        tonic_health::pb::health_check_response::ServingStatus::Serving as i32
    );

    let after = scrape(metrics_addr).await;
    let moved = moved(&before, &after);
    let count = |series: &str| moved.get(series).copied().unwrap_or(0.0);
    let expected_calls = [
        (calls(SERVICE_NAME, "Solve", "OK"), 1.0),
        (calls(SERVICE_NAME, "Solve", "INVALID_ARGUMENT"), 1.0),
        (calls(SERVICE_NAME, "Solve", "DEADLINE_EXCEEDED"), 1.0),
        (calls(SERVICE_NAME, "Validate", "OK"), 1.0),
        (calls(HEALTH, "Check", "OK"), 1.0),
    ];
    let moved_calls: BTreeMap<String, f64> = moved
        .iter()
        .filter(|(k, _)| k.starts_with("creche_grpc_calls_total"))
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    assert_eq!(
        moved_calls,
        expected_calls.into_iter().collect(),
        "{moved:#?}"
    );
    let durations = |method: &str| {
        count(&format!(
            "creche_grpc_call_duration_seconds_count{{grpc_service=\"{SERVICE_NAME}\",grpc_method=\"{method}\"}}"
        ))
    };
    assert_eq!((durations("Solve"), durations("Validate")), (3.0, 1.0));

    // One job reached the solver thread: the greedy solve.
    let job = "{method=\"Solve\"}";
    assert_eq!(count(&format!("creche_queue_wait_seconds_count{job}")), 1.0);
    assert_eq!(
        count(&format!("creche_solve_duration_seconds_count{job}")),
        1.0
    );
    assert_eq!(count(&format!("creche_solve_requests_count{job}")), 1.0);
    assert_eq!(
        count(&format!("creche_solve_requests_sum{job}")),
        commission.requests().len() as f64
    );
    assert_eq!(
        count(&format!("creche_solve_creches_sum{job}")),
        commission.creches().len() as f64
    );
    assert_eq!(
        count(&format!("creche_solves_deadline_exceeded_total{job}")),
        1.0
    );
    assert_eq!(count(&format!("creche_solves_cancelled_total{job}")), 0.0);
    assert_eq!(after.get("creche_queue_depth"), Some(&0.0));

    // Build info, and no request id or request field anywhere in the text.
    let build = after
        .keys()
        .find(|k| k.starts_with("creche_build_info{"))
        .expect("build info");
    assert!(
        build.contains(&format!("version=\"{}\"", env!("CARGO_PKG_VERSION"))),
        "{build}"
    );
    assert!(
        build.contains("highs_version=\"") && build.contains("git_commit=\""),
        "{build}"
    );
    for series in after.keys() {
        assert!(!series.contains(&request_id), "{series}");
        assert!(
            commission
                .requests()
                .iter()
                .all(|r| !series.contains(&format!("\"{}\"", r.id))),
            "{series}"
        );
    }

    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(60), server)
        .await
        .expect("server stops")
        .unwrap()
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_paths_are_not_found() {
    let grpc = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let metrics = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let metrics_addr = metrics.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let listeners = Listeners {
        grpc,
        metrics: Some(metrics),
        health: None,
    };
    let server = tokio::spawn(creche_alloc::grpc::serve_listeners(
        listeners,
        ServerConfig::default(),
        async {
            let _ = stopped.await;
        },
    ));
    let mut stream = tokio::net::TcpStream::connect(metrics_addr).await.unwrap();
    stream
        .write_all(b"GET /other HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.unwrap();
    assert!(raw.starts_with("HTTP/1.1 404"), "{raw}");
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}
