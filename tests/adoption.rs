//! An allocation handed in by a caller is checked against its instance
//! before anything is computed from it (`creche_alloc::adopt`): every kind of
//! problem, each with its path, through the library, the command line
//! (`cascade`, `minutes`, `suggest`: exit 2) and gRPC (`Cascade`, `Minutes`,
//! `Suggest`: `INVALID_ARGUMENT` with field violations).
//!
//! The two reproducers of issue 15 are built on `cascade_full_place.json`
//! (one full-time place at Toboggan; A 15 pts is placed, B 12, C 10, D 9,
//! E 8 wait): all five children in the one place, and A assigned twice.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::grpc::{violations, TestServer};
use common::{example, examples_dir, solve_value};
use creche_alloc::adopt::adopt;
use creche_alloc::domain::Allocation;
use creche_alloc::grpc::pb::{self, cascade_request, minutes_request, suggest_request};
use creche_alloc::grpc::{convert, ServerConfig};
use creche_alloc::solve::Strategy;
use creche_alloc::validate::{parse_json, validate};
use creche_alloc::{rules, Error, Problem};
use serde_json::{json, Value};
use tonic::Code;

const FULL: &str = "cascade_full_place.json";

/// The problems adopting `alloc` for `inst` gives (none: adopted).
fn problems(inst: &Value, alloc: &Value) -> Vec<Problem> {
    let c = validate(&parse_json(&inst.to_string()).unwrap()).unwrap();
    let a: Allocation = serde_json::from_value(alloc.clone()).expect("allocation JSON");
    match adopt(&c, &rules::resolve(&c), &a) {
        Ok(_) => Vec::new(),
        Err(Error::Invalid(p)) => p,
        Err(e) => panic!("expected invalid, got {e}"),
    }
}

/// Asserts a problem at `path` whose message contains `words`.
fn has(p: &[Problem], path: &str, words: &str) {
    assert!(
        p.iter()
            .any(|p| p.path == path && p.message.contains(words)),
        "expected {path}: …{words}…, got:\n{}",
        p.iter()
            .map(|p| format!("  {p}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The solved allocation of `cascade_full_place.json` with all five
/// requests in A's place.
fn five_in_one_place() -> Value {
    let c = validate(&parse_json(&example(FULL).to_string()).unwrap()).unwrap();
    let options = rules::resolve(&c);
    let half_days = |id: &Value| options[c.request_index(id.as_str().unwrap()).unwrap()].half_days;
    let mut a = solve_value(&example(FULL), Strategy::Priority);
    let placed = a["assignments"][0].clone();
    assert_eq!(placed["request"], "A");
    let waiting = a["waiting_list"].as_array().unwrap().clone();
    for w in &waiting {
        let mut x = placed.clone();
        x["request"] = w["request"].clone();
        x["points"] = w["points"].clone();
        x["half_days"] = json!(half_days(&w["request"]));
        x["reasons"] = json!([]);
        a["assignments"].as_array_mut().unwrap().push(x);
    }
    a["waiting_list"] = json!([]);
    a
}

/// The solved allocation with A's assignment twice.
fn assigned_twice() -> Value {
    let mut a = solve_value(&example(FULL), Strategy::Priority);
    let placed = a["assignments"][0].clone();
    a["assignments"].as_array_mut().unwrap().push(placed);
    a
}

#[test]
fn five_children_in_a_one_place_block_are_refused_each_with_its_path() {
    let p = problems(&example(FULL), &five_in_one_place());
    assert_eq!(p.len(), 4, "{p:?}");
    for k in 1..=4 {
        has(
            &p,
            &format!("allocation.assignments[{k}].block"),
            "capacity exceeded",
        );
    }
    assert!(p[0].message.contains("mon am"), "{}", p[0]);
}

#[test]
fn a_duplicate_assignment_is_refused() {
    let p = problems(&example(FULL), &assigned_twice());
    assert_eq!(p.len(), 1, "{p:?}");
    has(&p, "allocation.assignments[1].request", "assigned twice");
}

#[test]
fn the_solver_s_own_allocations_are_adopted() {
    for name in [FULL, "cascade_mon_tue.json", "d_twins_one_place.json"] {
        for strategy in [Strategy::Priority, Strategy::Greedy] {
            let inst = example(name);
            let a = solve_value(&inst, strategy);
            assert_eq!(problems(&inst, &a), [], "{name}");
        }
    }
}

#[test]
fn every_place_field_is_checked_against_the_rules() {
    let inst = example(FULL);
    let good = solve_value(&inst, Strategy::Priority);
    let with = |f: &dyn Fn(&mut Value)| {
        let mut a = good.clone();
        f(&mut a["assignments"][0]);
        problems(&inst, &a)
    };
    let at = "allocation.assignments[0]";
    has(
        &with(&|x| x["creche"] = json!("nowhere")),
        &format!("{at}.creche"),
        "unknown crèche",
    );
    has(
        &with(&|x| x["section"] = json!("grands")),
        &format!("{at}.section"),
        "unknown section",
    );
    has(
        &with(&|x| x["block"] = json!(3)),
        &format!("{at}.block"),
        "no such block",
    );
    has(
        &with(&|x| x["entry_date"] = json!("2027-02-01")),
        &format!("{at}.entry_date"),
        "2027-01-04",
    );
    has(
        &with(&|x| x["entry_date"] = json!("soon")),
        &format!("{at}.entry_date"),
        "entry date",
    );
    has(
        &with(&|x| x["wish_rank"] = json!(2)),
        &format!("{at}.wish_rank"),
        "is wish 1",
    );
    has(
        &with(&|x| x["points"] = json!(99)),
        &format!("{at}.points"),
        "15 points",
    );
    has(
        &with(&|x| x["half_days"] = json!(3)),
        &format!("{at}.half_days"),
        "10 half-days",
    );
    let p = with(&|x| x["request"] = json!("Z"));
    has(&p, &format!("{at}.request"), "unknown request");
    // A is then neither placed nor waiting.
    has(&p, "allocation.waiting_list", "neither placed nor waiting");
}

#[test]
fn eligibility_is_the_rules_one_age_availability_wish() {
    let mut inst = example(FULL);
    let good = solve_value(&inst, Strategy::Priority);
    // A born later: under 10 weeks at its entry date.
    inst["requests"][0]["child"]["birth_date"] = json!("2026-12-01");
    let p = problems(&inst, &good);
    has(&p, "allocation.assignments[0].block", "10-week minimum");
    // The block free only after A's start (no tolerance).
    let mut inst = example(FULL);
    inst["creches"][0]["sections"][0]["free"][0]["available_from"] = json!("2027-02-01");
    has(
        &problems(&inst, &good),
        "allocation.assignments[0].block",
        "has no free place by",
    );
    // A crèche the request did not wish.
    let mut inst = example(FULL);
    let mut other = inst["creches"][0].clone();
    other["id"] = json!("zebulon");
    inst["creches"].as_array_mut().unwrap().push(other);
    let mut a = good.clone();
    a["assignments"][0]["creche"] = json!("zebulon");
    has(
        &problems(&inst, &a),
        "allocation.assignments[0].creche",
        "not among the request's wishes",
    );
}

#[test]
fn the_waiting_list_and_the_commission_are_checked() {
    let inst = example(FULL);
    let good = solve_value(&inst, Strategy::Priority);
    let mut a = good.clone();
    a["commission_id"] = json!("another");
    has(
        &problems(&inst, &a),
        "allocation.commission_id",
        "another commission",
    );
    let mut a = good.clone();
    let mut dup = a["waiting_list"][0].clone();
    dup["position"] = json!(5);
    a["waiting_list"].as_array_mut().unwrap().push(dup);
    has(
        &problems(&inst, &a),
        "allocation.waiting_list[4].request",
        "waiting twice",
    );
    let mut a = good.clone();
    a["waiting_list"][0]["request"] = json!("A");
    let p = problems(&inst, &a);
    has(&p, "allocation.waiting_list[0].request", "both placed");
    has(&p, "allocation.waiting_list", "neither placed nor waiting");
    let mut a = good.clone();
    a["waiting_list"][1]["position"] = json!(7);
    a["waiting_list"][2]["points"] = json!(1);
    a["waiting_list"][3]["request"] = json!("nobody");
    let p = problems(&inst, &a);
    has(&p, "allocation.waiting_list[1].position", "position 2");
    has(
        &p,
        "allocation.waiting_list[2].points",
        "priority points are",
    );
    has(&p, "allocation.waiting_list[3].request", "unknown request");
}

/// `d_twins_one_place.json` with two places at Toboggan and a second
/// crèche, wished second: the twins T1 and T2 fit either.
fn twins_two_creches() -> Value {
    let mut inst = example("d_twins_one_place.json");
    let places = &mut inst["creches"][0]["sections"][0]["free"][0]["places"];
    for day in places.as_object_mut().unwrap().values_mut() {
        for n in day.as_object_mut().unwrap().values_mut() {
            *n = json!(2);
        }
    }
    let mut other = inst["creches"][0].clone();
    other["id"] = json!("zebulon");
    inst["creches"].as_array_mut().unwrap().push(other);
    for r in inst["requests"].as_array_mut().unwrap() {
        r["wishes"] = json!(["toboggan", "zebulon"]);
    }
    inst
}

#[test]
fn a_sibling_group_is_placed_whole_in_one_creche() {
    let inst = twins_two_creches();
    let good = solve_value(&inst, Strategy::Priority);
    assert_eq!(problems(&inst, &good), []);
    let k = |a: &Value, id: &str| {
        a["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .position(|x| x["request"] == id)
            .unwrap()
    };
    // Split: T2 waits, T1 is placed.
    let mut split = good.clone();
    let t2 = k(&split, "T2");
    split["assignments"].as_array_mut().unwrap().remove(t2);
    split["waiting_list"] = json!([
        {"request": "T2", "points": 12, "position": 1, "reasons": []}
    ]);
    let p = problems(&inst, &split);
    let t1 = k(&split, "T1");
    has(
        &p,
        &format!("allocation.assignments[{t1}].request"),
        "sibling group G1 split: T2",
    );
    // Spread: T2 at Zébulon, its second wish.
    let mut spread = good.clone();
    let x = &mut spread["assignments"][t2];
    x["creche"] = json!("zebulon");
    x["wish_rank"] = json!(2);
    let p = problems(&inst, &spread);
    assert_eq!(p.len(), 1, "{p:?}");
    has(
        &p,
        &format!("allocation.assignments[{t2}].creche"),
        "spread over crèches",
    );
}

// ---- the command line: exit 2, the problem on stderr ----

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("creche-adoption-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn write(name: &str, v: &Value) -> PathBuf {
    let path = scratch(name);
    std::fs::write(&path, serde_json::to_string_pretty(v).unwrap()).unwrap();
    path
}

fn cli(args: &[&Path]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_creche-alloc"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn the_command_line_refuses_a_bad_allocation_with_exit_2() {
    let instance = examples_dir().join(FULL);
    let events = write(
        "events.json",
        &json!({"commission_id": "cascade-full", "events": []}),
    );
    for (name, alloc, path, words) in [
        (
            "five.json",
            five_in_one_place(),
            "allocation.assignments[4].block",
            "capacity exceeded",
        ),
        (
            "twice.json",
            assigned_twice(),
            "allocation.assignments[1].request",
            "assigned twice",
        ),
    ] {
        let alloc = write(name, &alloc);
        let calls: [Vec<&Path>; 3] = [
            vec![Path::new("cascade"), &instance, &alloc, &events],
            vec![Path::new("minutes"), &instance, &alloc],
            vec![
                Path::new("suggest"),
                &instance,
                Path::new("--allocation"),
                &alloc,
            ],
        ];
        for args in calls {
            let (code, stderr) = cli(&args);
            assert_eq!(code, Some(2), "{args:?}: {stderr}");
            assert!(
                stderr.contains(path) && stderr.contains(words),
                "{args:?}: {stderr}"
            );
        }
    }
}

// ---- gRPC: INVALID_ARGUMENT with one field violation per problem ----

fn instance_input() -> String {
    std::fs::read_to_string(examples_dir().join(FULL)).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grpc_refuses_a_bad_allocation_with_field_violations() {
    let server = TestServer::start(ServerConfig::default()).await;
    let mut client = server.client().await;
    for (alloc, field, words) in [
        (
            five_in_one_place(),
            "allocation.assignments[4].block",
            "capacity exceeded",
        ),
        (
            assigned_twice(),
            "allocation.assignments[1].request",
            "assigned twice",
        ),
    ] {
        let a: Allocation = serde_json::from_value(alloc.clone()).unwrap();
        let as_message = convert::allocation_to_proto(&a);
        let as_json = alloc.to_string();
        let statuses = [
            client
                .cascade(pb::CascadeRequest {
                    input: Some(cascade_request::Input::InstanceJson(instance_input())),
                    adopted: Some(cascade_request::Adopted::Allocation(as_message.clone())),
                    happened: Some(cascade_request::Happened::EventsJson(
                        r#"{"commission_id": "cascade-full", "events": []}"#.into(),
                    )),
                    language: 0,
                })
                .await
                .unwrap_err(),
            client
                .minutes(pb::MinutesRequest {
                    input: Some(minutes_request::Input::InstanceJson(instance_input())),
                    adopted: Some(minutes_request::Adopted::AllocationJson(as_json.clone())),
                    ..Default::default()
                })
                .await
                .unwrap_err(),
            client
                .suggest(pb::SuggestRequest {
                    input: Some(suggest_request::Input::InstanceJson(instance_input())),
                    adopted: Some(suggest_request::Adopted::Allocation(as_message.clone())),
                    ..Default::default()
                })
                .await
                .unwrap_err(),
        ];
        for status in statuses {
            assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
            let v = violations(&status);
            assert!(
                v.iter().any(|(f, d)| f == field && d.contains(words)),
                "{field}: {v:?}"
            );
        }
    }
    server.shutdown().await;
}
