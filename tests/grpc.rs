//! The gRPC service end to end: the real server on 127.0.0.1:0, called with
//! the generated tonic client (and once with the Python example client).

use crate::common;

use std::process::Command;
use std::time::Duration;

use common::grpc::{violations, TestServer};
use creche_alloc::domain::Instance;
use creche_alloc::grpc::pb::{self, solve_request, validate_request};
use creche_alloc::grpc::{convert, ServerConfig, SERVICE_NAME};
use creche_alloc::{io, validate};
use tonic::{Code, Request};

fn default_instance() -> Instance {
    validate::parse_json(io::DEFAULT_INSTANCE).expect("the default instance parses")
}

fn solve_request(i: &Instance) -> pb::SolveRequest {
    pb::SolveRequest {
        input: Some(solve_request::Input::Instance(convert::instance_to_proto(
            i,
        ))),
        options: None,
    }
}

/// The default instance with an unknown crèche in a wish and a negative
/// capacity, and the field violations expected for it.
fn bad_instance() -> (Instance, Vec<(String, String)>) {
    let mut i = default_instance();
    i.requests[3].wishes[0] = "nowhere".to_string();
    let day = i.week.days[0].clone();
    let slot = i.week.slots[0].id.clone();
    i.creches[1].sections[0].free[0]
        .places
        .entry(day.clone())
        .or_default()
        .insert(slot.clone(), -2);
    let expected = vec![
        (
            format!("creches[1].sections[0].free[0].places.{day}.{slot}"),
            "negative capacity (value: -2)".to_string(),
        ),
        (
            "requests[3].wishes[0]".to_string(),
            "unknown crèche (value: nowhere)".to_string(),
        ),
    ];
    (i, expected)
}

/// The allocation JSON of the command line (`solve --quiet`, no timings).
fn cli_allocation() -> serde_json::Value {
    cli_allocation_in("fr")
}

/// The same, its words in `lang` (`--lang`).
fn cli_allocation_in(lang: &str) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_creche-alloc"))
        .args(["--lang", lang, "solve", "--quiet"])
        .output()
        .expect("run creche-alloc");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("allocation JSON")
}

fn allocation_json(r: &pb::SolveResponse) -> serde_json::Value {
    let a = convert::allocation_from_proto(r.allocation.as_ref().expect("allocation")).unwrap();
    serde_json::to_value(a).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn solve_default_instance_gives_the_command_line_allocation() {
    let server = TestServer::start(ServerConfig::default()).await;
    let mut client = server.client().await;
    let response = client
        .solve(solve_request(&default_instance()))
        .await
        .expect("solve succeeds");
    assert!(response.metadata().get("x-request-id").is_some());
    let response = response.into_inner();
    let timings = response.timings.as_ref().expect("timings");
    assert!(timings.total.is_some() && timings.server.is_some());
    let via_grpc = allocation_json(&response);
    assert_eq!(via_grpc, cli_allocation());

    // The same instance sent as JSON text gives the same allocation.
    let response = client
        .solve(pb::SolveRequest {
            input: Some(solve_request::Input::InstanceJson(
                io::DEFAULT_INSTANCE.to_string(),
            )),
            options: None,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(allocation_json(&response), via_grpc);

    // `options.language`: the words of the reasons in English, as `--lang en`.
    let mut request = solve_request(&default_instance());
    request.options = Some(pb::SolveOptions {
        language: pb::Language::En as i32,
        ..Default::default()
    });
    let response = client.solve(request).await.unwrap().into_inner();
    let english = allocation_json(&response);
    assert_eq!(english, cli_allocation_in("en"));
    assert_ne!(english, via_grpc);
    let reason = |a: &serde_json::Value| a["waiting_list"][0]["reasons"][0].clone();
    let (fr, en) = (reason(&via_grpc), reason(&english));
    assert_eq!((&fr["code"], &fr["params"]), (&en["code"], &en["params"]));
    assert!(
        fr["reason"].as_str().unwrap().contains("égalité de points"),
        "{fr}"
    );
    assert!(
        en["reason"].as_str().unwrap().contains("equal points"),
        "{en}"
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_instance_gives_invalid_argument_with_each_field_violation() {
    let server = TestServer::start(ServerConfig::default()).await;
    let mut client = server.client().await;
    let (bad, expected) = bad_instance();

    let status = client.solve(solve_request(&bad)).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert_eq!(violations(&status), expected);

    // Same paths when the instance travels as JSON text.
    let status = client
        .solve(pb::SolveRequest {
            input: Some(solve_request::Input::InstanceJson(
                serde_json::to_string(&bad).unwrap(),
            )),
            options: None,
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(violations(&status), expected);

    // Options are checked too, with `options.` paths, alongside the instance.
    let mut req = solve_request(&bad);
    req.options = Some(pb::SolveOptions {
        strategy: pb::Strategy::Balanced as i32,
        fit_weight: Some(-1.0),
        time_limit: None,
        ..Default::default()
    });
    let status = client.solve(req).await.unwrap_err();
    let mut with_options = expected.clone();
    with_options.push((
        "options.fit_weight".to_string(),
        "must be a non-negative number (value: -1)".to_string(),
    ));
    assert_eq!(violations(&status), with_options);

    // A request without an instance.
    let status = client.solve(pb::SolveRequest::default()).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(violations(&status)[0].0, "instance");

    // JSON that is not an instance: the path of the first bad field.
    let status = client
        .solve(pb::SolveRequest {
            input: Some(solve_request::Input::InstanceJson(
                r#"{"commission": {"id": 3}}"#.to_string(),
            )),
            options: None,
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(violations(&status)[0].0, "commission.id");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validate_good_and_bad_instances() {
    let server = TestServer::start(ServerConfig::default()).await;
    let mut client = server.client().await;
    let good = default_instance();
    let commission = validate::validate(&good).unwrap();
    let r = client
        .validate(pb::ValidateRequest {
            input: Some(validate_request::Input::Instance(
                convert::instance_to_proto(&good),
            )),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(r.valid);
    assert!(r.problems.is_empty());
    assert_eq!(r.commission_id, commission.id());
    assert_eq!(r.creches as usize, commission.creches().len());
    assert_eq!(r.requests as usize, commission.requests().len());
    assert_eq!(r.sibling_groups as usize, commission.sibling_groups().len());

    let (bad, expected) = bad_instance();
    let r = client
        .validate(pb::ValidateRequest {
            input: Some(validate_request::Input::Instance(
                convert::instance_to_proto(&bad),
            )),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!r.valid);
    let problems: Vec<(String, String, String)> = r
        .problems
        .iter()
        .map(|p| (p.path.clone(), p.value.clone(), p.message.clone()))
        .collect();
    assert_eq!(
        problems,
        vec![
            (
                expected[0].0.clone(),
                "-2".into(),
                "negative capacity".into()
            ),
            (
                expected[1].0.clone(),
                "nowhere".into(),
                "unknown crèche".into()
            ),
        ]
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_reports_serving() {
    use tonic_health::pb::health_check_response::ServingStatus;
    use tonic_health::pb::health_client::HealthClient;
    use tonic_health::pb::HealthCheckRequest;

    let server = TestServer::start(ServerConfig::default()).await;
    let mut health = HealthClient::new(server.channel().await);
    for service in [SERVICE_NAME, ""] {
        let r = health
            .check(HealthCheckRequest {
                service: service.to_string(),
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(r.status(), ServingStatus::Serving, "{service:?}");
    }
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reflection_lists_and_describes_the_service() {
    use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
    use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
    use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;
    use tonic_reflection::pb::v1::ServerReflectionRequest;

    let server = TestServer::start(ServerConfig::default()).await;
    let mut reflection = ServerReflectionClient::new(server.channel().await);
    let requests = vec![
        ServerReflectionRequest {
            host: String::new(),
            message_request: Some(MessageRequest::ListServices(String::new())),
        },
        ServerReflectionRequest {
            host: String::new(),
            message_request: Some(MessageRequest::FileContainingSymbol(
                SERVICE_NAME.to_string(),
            )),
        },
        // The contract's import, which a client asks for next.
        ServerReflectionRequest {
            host: String::new(),
            message_request: Some(MessageRequest::FileByFilename(
                "google/protobuf/duration.proto".to_string(),
            )),
        },
    ];
    let mut stream = reflection
        .server_reflection_info(tokio_stream::iter(requests))
        .await
        .unwrap()
        .into_inner();
    let first = stream.message().await.unwrap().unwrap();
    let Some(MessageResponse::ListServicesResponse(list)) = first.message_response else {
        panic!("expected a service list, got {first:?}");
    };
    let names: Vec<&str> = list.service.iter().map(|s| s.name.as_str()).collect();
    assert!(names.contains(&SERVICE_NAME), "{names:?}");
    assert!(names.contains(&"grpc.health.v1.Health"), "{names:?}");

    let second = stream.message().await.unwrap().unwrap();
    let Some(MessageResponse::FileDescriptorResponse(files)) = second.message_response else {
        panic!("expected file descriptors, got {second:?}");
    };
    let files: Vec<prost_types::FileDescriptorProto> = files
        .file_descriptor_proto
        .iter()
        .map(|b| prost::Message::decode(b.as_slice()).unwrap())
        .collect();
    let ours = files
        .iter()
        .find(|f| f.name() == "creche/allocation/v1/allocation.proto")
        .expect("the contract's file");
    assert_eq!(ours.service[0].name(), "AllocationService");
    assert!(ours
        .dependency
        .contains(&"google/protobuf/duration.proto".to_string()));
    let third = stream.message().await.unwrap().unwrap();
    assert!(
        matches!(
            third.message_response,
            Some(MessageResponse::FileDescriptorResponse(_))
        ),
        "{third:?}"
    );

    // v1alpha as well (older grpcurl and tools).
    use tonic_reflection::pb::v1alpha as alpha;
    let mut reflection =
        alpha::server_reflection_client::ServerReflectionClient::new(server.channel().await);
    let mut stream = reflection
        .server_reflection_info(tokio_stream::iter(vec![alpha::ServerReflectionRequest {
            host: String::new(),
            message_request: Some(
                alpha::server_reflection_request::MessageRequest::ListServices(String::new()),
            ),
        }]))
        .await
        .unwrap()
        .into_inner();
    let r = stream.message().await.unwrap().unwrap();
    assert!(format!("{r:?}").contains(SERVICE_NAME));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_protected_server_refuses_calls_without_the_token() {
    let server = TestServer::start(ServerConfig {
        token: Some("s3cret-token".to_string()),
        ..ServerConfig::default()
    })
    .await;
    let mut client = server.client().await;
    let instance = default_instance();

    let status = client.solve(solve_request(&instance)).await.unwrap_err();
    assert_eq!(status.code(), Code::Unauthenticated);

    let mut wrong = Request::new(solve_request(&instance));
    wrong
        .metadata_mut()
        .insert("authorization", "Bearer s3cret-tokeN".parse().unwrap());
    let status = client.solve(wrong).await.unwrap_err();
    assert_eq!(status.code(), Code::Unauthenticated);

    let mut right = Request::new(solve_request(&instance));
    right
        .metadata_mut()
        .insert("authorization", "Bearer s3cret-token".parse().unwrap());
    let r = client.solve(right).await.expect("accepted with the token");
    assert!(r.into_inner().allocation.is_some());

    // Health stays open to probes.
    let mut health = tonic_health::pb::health_client::HealthClient::new(server.channel().await);
    health
        .check(tonic_health::pb::HealthCheckRequest {
            service: SERVICE_NAME.to_string(),
        })
        .await
        .expect("health needs no token");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_concurrent_solves_all_succeed_with_the_same_result() {
    let server = TestServer::start(ServerConfig {
        queue_len: 32,
        ..ServerConfig::default()
    })
    .await;
    let client = server.client().await;
    let request = solve_request(&default_instance());
    let sequential = allocation_json(
        &client
            .clone()
            .solve(request.clone())
            .await
            .unwrap()
            .into_inner(),
    );
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let mut client = client.clone();
            let request = request.clone();
            tokio::spawn(async move { client.solve(request).await })
        })
        .collect();
    for call in calls {
        let r = call
            .await
            .unwrap()
            .expect("every concurrent solve succeeds");
        assert_eq!(allocation_json(&r.into_inner()), sequential);
    }
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tiny_deadline_is_a_clean_deadline_error_and_the_server_goes_on() {
    let server = TestServer::start(ServerConfig::default()).await;
    let mut client = server.client().await;
    let request = solve_request(&default_instance());

    let mut tiny = Request::new(request.clone());
    tiny.set_timeout(Duration::from_millis(1));
    let status = client.solve(tiny).await.unwrap_err();
    // The server answers DEADLINE_EXCEEDED; tonic's client may give up first
    // on its own timer, which it reports as CANCELLED "Timeout expired".
    assert!(
        status.code() == Code::DeadlineExceeded
            || (status.code() == Code::Cancelled && status.message().contains("Timeout expired")),
        "{status:?}"
    );

    // A deadline shorter than the server's safety margin (100 ms): the server
    // itself refuses at once with DEADLINE_EXCEEDED, before the client's timer.
    let mut short = Request::new(request.clone());
    short.set_timeout(Duration::from_millis(60));
    let status = client.solve(short).await.unwrap_err();
    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");

    // The server keeps serving.
    let mut ok = Request::new(request);
    ok.set_timeout(Duration::from_secs(120));
    let r = client.solve(ok).await.expect("a later solve succeeds");
    let timings = r.into_inner().timings.unwrap();
    // The limit follows the deadline (minus the margin), capped by the maximum.
    let limit = convert::duration_from_proto(&timings.time_limit.unwrap()).unwrap();
    assert!(limit <= Duration::from_secs(120) && limit > Duration::from_secs(100));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_example_client_solves_against_the_real_server() {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_string());
    let check = Command::new(&python)
        .args(["-c", "import grpc, grpc_tools, grpc_status"])
        .output();
    match check {
        Ok(o) if o.status.success() => {}
        _ => panic!(
            "the Python example needs its requirements: \
             python3 -m pip install -r examples/python/requirements.txt (scripts/setup.sh does it)"
        ),
    }
    let server = TestServer::start(ServerConfig::default()).await;
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = std::env::temp_dir().join(format!("creche-grpc-py-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("default.json");
    std::fs::write(&file, io::DEFAULT_INSTANCE).unwrap();

    let expected = {
        let mut client = server.client().await;
        let r = client
            .solve(solve_request(&default_instance()))
            .await
            .unwrap()
            .into_inner();
        r.allocation.unwrap()
    };
    let addr = server.addr.to_string();
    let run = |extra: &[&str]| {
        let mut cmd = Command::new(&python);
        cmd.arg(format!("{root}/examples/python/solve.py"))
            .arg(&file)
            .args(["--addr", &addr])
            .args(extra);
        cmd
    };
    let out = tokio::task::spawn_blocking({
        let mut cmd = run(&[]);
        move || cmd.output().unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "stdout:\n{stdout}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m = expected.metrics.unwrap();
    for line in [
        format!("commission: {}", expected.commission_id),
        "status: optimal".to_string(),
        format!("placed: {} of {}", m.placed, m.requests),
        format!("waiting: {}", expected.waiting_list.len()),
        format!("occupancy: {:.3}", m.occupancy),
        format!("priority inversions: {}", m.priority_inversions),
    ] {
        assert!(stdout.contains(&line), "missing {line:?} in:\n{stdout}");
    }

    // An invalid instance: exit status 2 and the field violations on stderr.
    let (bad, expected_violations) = bad_instance();
    let bad_file = dir.join("bad.json");
    std::fs::write(&bad_file, serde_json::to_string(&bad).unwrap()).unwrap();
    let out = tokio::task::spawn_blocking({
        let mut cmd = Command::new(&python);
        cmd.arg(format!("{root}/examples/python/solve.py"))
            .arg(&bad_file)
            .args(["--addr", &addr]);
        move || cmd.output().unwrap()
    })
    .await
    .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for (field, description) in &expected_violations {
        assert!(
            stderr.contains(&format!("{field}: {description}")),
            "missing {field} in:\n{stderr}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_lets_the_solve_in_flight_finish() {
    let server = TestServer::start(ServerConfig::default()).await;
    let mut client = server.client().await;
    let request = solve_request(&default_instance());
    let in_flight = tokio::spawn(async move { client.solve(request).await });
    // Let the call reach the server (an exact solve of the default instance
    // takes far longer than this).
    tokio::time::sleep(Duration::from_millis(500)).await;
    server.shutdown().await;
    let r = in_flight
        .await
        .unwrap()
        .expect("the call in flight completes");
    assert!(r.into_inner().allocation.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_grace_closes_calls_that_never_end() {
    use tokio_stream::StreamExt;
    use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
    use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
    use tonic_reflection::pb::v1::ServerReflectionRequest;
    let server = TestServer::start(ServerConfig {
        shutdown_grace: Duration::from_millis(300),
        ..ServerConfig::default()
    })
    .await;
    // A reflection stream whose client never closes its side never ends by
    // itself (health Watch streams are ended at shutdown: tests/grpc_lifecycle.rs).
    let mut reflection = ServerReflectionClient::new(server.channel().await);
    let requests = tokio_stream::iter(vec![ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    }])
    .chain(tokio_stream::pending());
    let mut stream = reflection
        .server_reflection_info(requests)
        .await
        .unwrap()
        .into_inner();
    assert!(stream.message().await.unwrap().is_some());
    let t = std::time::Instant::now();
    server.shutdown().await;
    assert!(t.elapsed() < Duration::from_secs(30));
}
