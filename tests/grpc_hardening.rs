//! The service's edges against a hostile or careless caller (issue 15), on
//! the real server at 127.0.0.1:0 with the generated client: a huge value
//! stays `INVALID_ARGUMENT` with small details, `Validate` names unknown
//! fields, and wrong bearer tokens from one peer are slowed down.

use crate::common;

use std::time::{Duration, Instant};

use common::grpc::{violations, TestServer};
use common::{examples_dir, read_value};
use creche_alloc::grpc::pb::{self, validate_request};
use creche_alloc::grpc::ServerConfig;
use serde_json::{json, Value};
use tonic::{Code, Request};
use tonic_types::StatusExt;

fn instance() -> Value {
    read_value(&examples_dir().join("a_one_full_time_place.json"))
}

fn validate_json(v: &Value) -> pb::ValidateRequest {
    pb::ValidateRequest {
        input: Some(validate_request::Input::InstanceJson(v.to_string())),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_12000_character_wish_stays_invalid_argument_with_small_details() {
    let server = TestServer::start(ServerConfig::default()).await;
    let mut client = server.client().await;
    let mut inst = instance();
    let long = "x".repeat(12_000);
    inst["requests"][0]["wishes"] = json!([long.clone(), long.clone()]);
    inst["requests"][1]["creche_criteria"] = json!({ long.clone(): ["domicile_ccmvr"] });
    let req = pb::SolveRequest {
        input: Some(pb::solve_request::Input::InstanceJson(inst.to_string())),
        ..Default::default()
    };
    let status = client.solve(req).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert!(
        status.details().len() < 4096,
        "{} bytes",
        status.details().len()
    );
    let v = violations(&status);
    assert_eq!(v.len(), 3, "{v:?}");
    assert_eq!(v[0].0, "requests[0].wishes[0]");
    assert!(
        v[0].1.starts_with("unknown crèche (value: xxx")
            && v[0].1.ends_with("… (12000 characters in all))"),
        "{}",
        v[0].1
    );
    // A path quoting the input's own key is cut too.
    assert!(v.iter().all(|(f, _)| f.len() < 300), "{v:?}");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validate_lists_unknown_fields_as_warnings() {
    let server = TestServer::start(ServerConfig::default()).await;
    let mut client = server.client().await;
    let mut inst = instance();
    inst["requests"][2]["critera"] = json!(["domicile_ccmvr"]);
    let r = client
        .validate(validate_json(&inst))
        .await
        .unwrap()
        .into_inner();
    assert!(r.valid, "{r:?}");
    let warnings: Vec<(&str, &str)> = r
        .warnings
        .iter()
        .map(|w| (w.path.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [("requests[2].critera", "unknown field, ignored")]
    );
    // And beside the problems of an invalid instance.
    inst["requests"][2]["child"]["birth_date"] = json!("2027-06-01");
    let r = client
        .validate(validate_json(&inst))
        .await
        .unwrap()
        .into_inner();
    assert!(!r.valid);
    assert_eq!(r.problems[0].path, "requests[2].child.birth_date");
    assert_eq!(r.warnings.len(), 1);
    server.shutdown().await;
}

fn with_token(token: &str) -> Request<pb::ValidateRequest> {
    let mut req = Request::new(validate_json(&instance()));
    req.metadata_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    req
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_tokens_from_one_peer_make_it_wait() {
    let server = TestServer::start(ServerConfig {
        token: Some("s3cret-token".to_string()),
        ..ServerConfig::default()
    })
    .await;
    let mut client = server.client().await;
    // No token at all is no guess: it never makes the peer wait.
    for _ in 0..5 {
        let s = client
            .validate(validate_json(&instance()))
            .await
            .unwrap_err();
        assert_eq!(s.code(), Code::Unauthenticated);
    }
    // Two wrong tokens are free; the third makes the peer wait 100 ms.
    for _ in 0..3 {
        let s = client.validate(with_token("guess")).await.unwrap_err();
        assert_eq!(s.code(), Code::Unauthenticated, "{s:?}");
    }
    let t0 = Instant::now();
    let s = client
        .validate(with_token("s3cret-token"))
        .await
        .unwrap_err();
    assert_eq!(s.code(), Code::ResourceExhausted, "{s:?}");
    assert!(
        s.message().contains("too many wrong bearer tokens"),
        "{s:?}"
    );
    let wait = s
        .get_details_retry_info()
        .and_then(|r| r.retry_delay)
        .expect("RetryInfo");
    assert!(
        wait > Duration::ZERO && wait <= Duration::from_millis(100),
        "{wait:?}"
    );
    tokio::time::sleep(wait.saturating_sub(t0.elapsed()) + Duration::from_millis(5)).await;
    // The right token after the wait is accepted, and clears the count.
    let r = client
        .validate(with_token("s3cret-token"))
        .await
        .expect("accepted");
    assert!(r.into_inner().valid);
    let s = client.validate(with_token("guess")).await.unwrap_err();
    assert_eq!(s.code(), Code::Unauthenticated, "a fresh count: {s:?}");
    server.shutdown().await;
}
