//! The CompareScenarios RPC end to end: the real server on 127.0.0.1:0,
//! called with the generated client, against the library's own comparison
//! (`whatif::compare`, what `creche-alloc compare` writes as comparison.json)
//! on `g_transparency.json` (one place at each crèche, seven requests; see
//! `instances/examples/README.md`) with small inline scenarios.

use crate::common;

use common::examples_dir;
use common::grpc::{violations, TestServer};
use creche_alloc::domain::Instance;
use creche_alloc::grpc::pb::{self, compare_scenarios_request::Input};
use creche_alloc::grpc::{convert, status, ServerConfig};
use creche_alloc::whatif::{self, CompareOptions, Comparison, Scenario};
use creche_alloc::{io, Error};
use serde_json::json;
use tonic::Code;

const EXAMPLE: &str = "g_transparency.json";

fn text() -> String {
    std::fs::read_to_string(examples_dir().join(EXAMPLE)).expect("example")
}

fn instance() -> Instance {
    io::read_instance(Some(&examples_dir().join(EXAMPLE))).expect("example")
}

/// One more baby place at toboggan on every half-day, and the spreadsheet
/// method; the scenario file's `base` path is there as a file would have it.
fn scenario_json() -> String {
    json!({
        "title": "g: one more place at toboggan?",
        "description": "two small variants",
        "base": "../examples/g_transparency.json",
        "variants": [
            {"name": "toboggan+1", "description": "one more baby place",
             "changes": [{"change": "places", "creche": "toboggan", "section": "bebes", "add": 1}]},
            {"name": "greedy", "changes": [{"change": "policy", "policy": "greedy"}]}
        ]
    })
    .to_string()
}

fn library(scenario: &str) -> Comparison {
    let s: Scenario = serde_json::from_str(scenario).expect("a scenario");
    whatif::compare(&instance(), &s, &CompareOptions::default(), &mut |_| {}).expect("compares")
}

fn request(input: Input, scenario: String) -> pb::CompareScenariosRequest {
    pb::CompareScenariosRequest {
        input: Some(input),
        scenario_json: scenario,
        time_limit: None,
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compare_scenarios_gives_the_library_comparison() {
    let server = TestServer::start(ServerConfig::default()).await;
    let mut client = server.client().await;
    let expected = library(&scenario_json());

    let got = client
        .compare_scenarios(request(Input::InstanceJson(text()), scenario_json()))
        .await
        .unwrap()
        .into_inner();
    // The whole comparison, byte for byte comparison.json.
    assert_eq!(got.comparison_json, io::to_json(&expected));
    // The typed part says the same.
    assert_eq!(got.title, expected.title);
    assert_eq!(got.description, expected.description);
    assert_eq!(got.commission_id, "example-g");
    let names: Vec<&str> = got.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["base", "toboggan+1", "greedy"]);
    for (v, e) in got.variants.iter().zip(&expected.variants) {
        assert_eq!(v.changes, e.changes);
        let f = v.figures.as_ref().unwrap();
        let m = f.metrics.as_ref().unwrap();
        assert_eq!(f.strategy, e.figures.strategy);
        assert_eq!(
            (
                m.placed as usize,
                m.places_filled_half_days,
                m.free_half_days
            ),
            (
                e.figures.metrics.placed,
                e.figures.metrics.places_filled_half_days,
                e.figures.metrics.free_half_days
            )
        );
        assert_eq!(m.occupancy, e.figures.metrics.occupancy);
        assert_eq!(m.first_wish_rate, e.figures.metrics.first_wish_rate);
        assert_eq!(
            m.priority_inversions as usize,
            e.figures.metrics.priority_inversions
        );
        assert_eq!(f.mean_points_placed, e.figures.mean_points_placed);
        assert_eq!(f.min_points_placed, e.figures.min_points_placed);
        assert_eq!(v.diff.is_some(), e.diff.is_some());
        let (Some(d), Some(ed)) = (&v.diff, &e.diff) else {
            continue;
        };
        assert_eq!(d.placed_delta, ed.placed_delta);
        let rows: Vec<(&str, &str)> = d
            .rows
            .iter()
            .map(|r| (r.request.as_str(), r.reason.as_str()))
            .collect();
        let want: Vec<(&str, &str)> = ed
            .rows
            .iter()
            .map(|r| (r.request.as_str(), r.reason.as_str()))
            .collect();
        assert_eq!(rows, want);
    }
    assert_eq!(
        got.variants[0].figures.as_ref().unwrap().status(),
        pb::AllocationStatus::Optimal
    );
    assert_eq!(
        got.variants[2].figures.as_ref().unwrap().status(),
        pb::AllocationStatus::Heuristic
    );
    // B (12) was second at toboggan behind A: the new place is hers.
    let d = got.variants[1].diff.as_ref().unwrap();
    let b = d.rows.iter().find(|r| r.request == "B").expect("B moves");
    assert_eq!(b.kind(), pb::DiffKind::Gains);
    let Some(pb::outcome::Outcome::Placed(place)) = b.after.as_ref().unwrap().outcome.as_ref()
    else {
        panic!("B placed");
    };
    assert_eq!((place.creche.as_str(), place.wish_rank), ("toboggan", 2));
    assert!(matches!(
        b.before.as_ref().unwrap().outcome,
        Some(pb::outcome::Outcome::Waiting(_))
    ));
    let timings = got.timings.unwrap();
    assert!(timings.queue.is_some() && timings.run.is_some() && timings.server.is_some());
    assert!(timings.time_limit.is_some() && timings.solve_time_limit.is_some());

    // The same comparison when the base travels as a message, with a
    // per-solve time limit.
    let mut req = request(
        Input::Instance(convert::instance_to_proto(&instance())),
        scenario_json(),
    );
    req.time_limit = Some(prost_types::Duration {
        seconds: 20,
        nanos: 0,
    });
    let as_message = client.compare_scenarios(req).await.unwrap().into_inner();
    assert_eq!(as_message.comparison_json, got.comparison_json);
    // Each solve had the 20 s asked (the job asked for a tenth more, for the
    // work around the solves).
    let t = as_message.timings.unwrap();
    let share = t.solve_time_limit.unwrap();
    let share = share.seconds as f64 + share.nanos as f64 * 1e-9;
    assert!((share - 20.0).abs() < 1e-3, "{share}");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scenario_problems_are_invalid_argument_with_the_command_line_s_paths() {
    let server = TestServer::start(ServerConfig::default()).await;
    let mut client = server.client().await;

    // An unknown crèche and a duplicate name: the paths and values the
    // library (and so the command line) gives.
    let bad = json!({"title": "t", "variants": [
        {"name": "v", "changes": [{"change": "places", "creche": "tobogan", "section": "bebes", "add": 1}]},
        {"name": "v", "changes": [{"change": "tolerance", "days": 3}]}
    ]})
    .to_string();
    let s: Scenario = serde_json::from_str(&bad).unwrap();
    let Err(Error::Invalid(problems)) = whatif::check(&instance(), &s) else {
        panic!("the library rejects the scenario");
    };
    let expected: Vec<(String, String)> = problems
        .iter()
        .map(|p| (p.path.clone(), status::describe(p)))
        .collect();
    let status = client
        .compare_scenarios(request(Input::InstanceJson(text()), bad))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    let got = violations(&status);
    assert_eq!(got, expected);
    let creche = got
        .iter()
        .find(|v| v.0 == "variants[0].changes[0].creche")
        .expect("the unknown crèche is named");
    assert!(
        creche.1.starts_with("unknown crèche") && creche.1.ends_with("(value: tobogan)"),
        "{creche:?}"
    );

    // JSON that is not a scenario, a bad time limit, no base: every part at once.
    let status = client
        .compare_scenarios(pb::CompareScenariosRequest {
            input: None,
            scenario_json: r#"{"title": "t", "variants": [{"name": "v", "chnges": []}]}"#.into(),
            time_limit: Some(prost_types::Duration {
                seconds: 0,
                nanos: 0,
            }),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    let fields: Vec<String> = violations(&status).into_iter().map(|v| v.0).collect();
    assert_eq!(
        fields,
        [
            "scenario_json: variants[0].chnges",
            "time_limit",
            "instance"
        ]
    );
    server.shutdown().await;
}
