//! Helpers shared by the integration tests. Each test binary uses a part of them.
#![allow(dead_code)]

pub mod checker;
pub mod grpc;
pub mod reference;
pub mod specs;

use std::path::{Path, PathBuf};

use creche_alloc::solve::{solve, SolveOptions, Strategy};
use creche_alloc::validate::{parse_json, validate};
use serde_json::Value;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn examples_dir() -> PathBuf {
    root().join("instances").join("examples")
}

/// An instance file under `instances/examples`, as JSON.
pub fn example(name: &str) -> Value {
    read_value(&examples_dir().join(name))
}

pub fn read_value(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub const STRATEGIES: [(&str, Strategy); 3] = [
    ("priority", Strategy::Priority),
    ("balanced", Strategy::Balanced { fit_weight: 1.0 }),
    ("greedy", Strategy::Greedy),
];

pub fn options(strategy: Strategy) -> SolveOptions {
    SolveOptions {
        strategy,
        time_limit: None,
        threads: 1,
        ..SolveOptions::default()
    }
}

/// Solves an instance given as JSON; returns the allocation JSON text (as
/// `creche_alloc::io::to_json` writes it).
pub fn solve_text_with(instance: &Value, opts: &SolveOptions) -> String {
    let text = serde_json::to_string(instance).expect("serialise instance");
    let inst = parse_json(&text).unwrap_or_else(|e| panic!("parse: {e}\n{text}"));
    let commission = validate(&inst).unwrap_or_else(|e| panic!("validate: {e}\n{text}"));
    let solution = solve(&commission, opts).unwrap_or_else(|e| panic!("solve: {e}\n{text}"));
    creche_alloc::io::to_json(&solution.allocation)
}

/// Like [`solve_text_with`], but a solver error is returned, not a panic.
pub fn try_solve_text(instance: &Value, strategy: Strategy) -> Result<String, String> {
    let text = serde_json::to_string(instance).expect("serialise instance");
    let inst = parse_json(&text).map_err(|e| format!("parse: {e}"))?;
    let commission = validate(&inst).map_err(|e| format!("validate: {e}"))?;
    let solution = solve(&commission, &options(strategy)).map_err(|e| format!("solve: {e}"))?;
    Ok(creche_alloc::io::to_json(&solution.allocation))
}

pub fn solve_text(instance: &Value, strategy: Strategy) -> String {
    solve_text_with(instance, &options(strategy))
}

/// Solves an instance given as JSON; returns the allocation as JSON.
pub fn solve_value(instance: &Value, strategy: Strategy) -> Value {
    serde_json::from_str(&solve_text(instance, strategy)).expect("allocation JSON")
}

/// Panics with every violation the independent checker finds.
pub fn assert_valid(instance: &Value, allocation: &Value, what: &str) {
    let violations = checker::check(instance, allocation);
    assert!(
        violations.is_empty(),
        "{what}: the checker found {} violation(s):\n  {}\ninstance:\n{}\nallocation:\n{}",
        violations.len(),
        violations.join("\n  "),
        serde_json::to_string(instance).unwrap(),
        serde_json::to_string_pretty(allocation).unwrap()
    );
}

/// The assignment of a request, if placed.
pub fn assignment<'a>(allocation: &'a Value, request: &str) -> Option<&'a Value> {
    allocation["assignments"]
        .as_array()?
        .iter()
        .find(|a| a["request"] == request)
}

/// The waiting-list entry of a request, if waiting.
pub fn waiting<'a>(allocation: &'a Value, request: &str) -> Option<&'a Value> {
    allocation["waiting_list"]
        .as_array()?
        .iter()
        .find(|a| a["request"] == request)
}

/// Ids of placed requests, sorted.
pub fn placed_ids(allocation: &Value) -> Vec<String> {
    let mut ids: Vec<String> = allocation["assignments"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| x["request"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    ids
}

/// Ids on the waiting list, in order.
pub fn waiting_ids(allocation: &Value) -> Vec<String> {
    allocation["waiting_list"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| x["request"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

pub fn filled(allocation: &Value) -> i64 {
    allocation["metrics"]["places_filled_half_days"]
        .as_i64()
        .expect("metrics.places_filled_half_days")
}
