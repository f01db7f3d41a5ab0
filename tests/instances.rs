//! Every instance under `instances/` (recursively): the priority and greedy
//! allocations pass the independent checker; the priority policy has no more
//! priority inversions than greedy, and fills at least as many half-days where
//! greedy has none. One comparison line per instance is printed (run with
//! `--nocapture` to see them).
//!
//! Files that are not instances (the barème, allocation outputs) are skipped:
//! an instance has top-level `commission` and `requests` keys. Files over 5 MB
//! are skipped. The priority solve has a time limit (`CRECHE_TEST_TIME_LIMIT`
//! seconds, default 10: the town instance does not prove optimality in minutes); when it is hit, the allocation must still pass the
//! checker, but the comparisons with greedy, which assume an optimum, are skipped.

use crate::common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::checker::{check, inversions};
use common::*;
use creche_alloc::solve::{solve, SolveOptions, SolverSettings, Strategy};
use creche_alloc::validate::{parse_json, validate};
use serde_json::Value;

const MAX_BYTES: u64 = 5 * 1024 * 1024;

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "json") {
            out.push(path);
        }
    }
}

/// Instance files under `instances/`, with their JSON.
fn instances() -> Vec<(PathBuf, Value)> {
    let mut files = Vec::new();
    json_files(&root().join("instances"), &mut files);
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        if size > MAX_BYTES {
            eprintln!("skip {} ({size} bytes > 5 MB)", path.display());
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(value) = serde_json::from_str::<Value>(&text) else {
            eprintln!("skip {} (not JSON)", path.display());
            continue;
        };
        if value.get("commission").is_some() && value.get("requests").is_some() {
            out.push((path, value));
        }
    }
    out
}

fn time_limit() -> Duration {
    let secs = std::env::var("CRECHE_TEST_TIME_LIMIT")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| *s > 0.0)
        .unwrap_or(10.0);
    Duration::from_secs_f64(secs)
}

fn summary(a: &Value, inversions: usize) -> String {
    let m = &a["metrics"];
    format!(
        "placed {:>4}, filled {:>5}, occupancy {:.3}, first wish {:.3}, inversions {:>3}",
        m["placed"],
        m["places_filled_half_days"],
        m["occupancy"].as_f64().unwrap_or(f64::NAN),
        m["first_wish_rate"].as_f64().unwrap_or(f64::NAN),
        inversions
    )
}

#[test]
fn every_instance_passes_the_checker_and_priority_beats_greedy() {
    let all = instances();
    assert!(
        all.iter()
            .any(|(p, _)| p.to_string_lossy().contains("examples")),
        "no instance found under instances/"
    );
    let mut failures: Vec<String> = Vec::new();
    for (path, inst) in &all {
        let name = path
            .strip_prefix(root())
            .unwrap_or(path)
            .display()
            .to_string();
        let text = serde_json::to_string(inst).unwrap();
        let commission = match parse_json(&text).and_then(|i| validate(&i)) {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("{name}: not a valid instance: {e}"));
                continue;
            }
        };
        let run = |strategy: Strategy, limit: Option<Duration>| {
            let t0 = Instant::now();
            let opts = SolveOptions {
                strategy,
                settings: SolverSettings {
                    time_limit: limit,
                    ..SolverSettings::default()
                },
                lang: creche_alloc::i18n::Lang::Fr,
            };
            solve(&commission, &opts).map(|s| {
                let v = serde_json::to_value(&s.allocation).unwrap();
                (v, t0.elapsed())
            })
        };
        let (greedy, t_greedy) = match run(Strategy::Greedy, None) {
            Ok(x) => x,
            Err(e) => {
                failures.push(format!("{name}: greedy failed: {e}"));
                continue;
            }
        };
        let (priority, t_priority) = match run(Strategy::Priority, Some(time_limit())) {
            Ok(x) => x,
            Err(e) => {
                failures.push(format!("{name}: priority failed: {e}"));
                continue;
            }
        };
        for (what, a) in [("priority", &priority), ("greedy", &greedy)] {
            let v = check(inst, a);
            if !v.is_empty() {
                failures.push(format!(
                    "{name} ({what}): {} violation(s):\n    {}",
                    v.len(),
                    v.iter()
                        .take(20)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("\n    ")
                ));
            }
        }
        let inv_p = inversions(inst, &priority).len();
        let inv_g = inversions(inst, &greedy).len();
        eprintln!("{name}");
        eprintln!(
            "  priority: {}  [{}, {:.2} s]",
            summary(&priority, inv_p),
            priority["status"].as_str().unwrap_or("?"),
            t_priority.as_secs_f64()
        );
        eprintln!(
            "  greedy:   {}  [{:.2} s]",
            summary(&greedy, inv_g),
            t_greedy.as_secs_f64()
        );
        for (what, a, n) in [("priority", &priority, inv_p), ("greedy", &greedy, inv_g)] {
            if a["metrics"]["priority_inversions"].as_u64() != Some(n as u64) {
                failures.push(format!(
                    "{name} ({what}): reports {} priority inversions, the checker counts {n}",
                    a["metrics"]["priority_inversions"]
                ));
            }
        }
        if priority["status"] != "optimal" {
            eprintln!("  (time limit hit: comparisons with greedy skipped)");
            continue;
        }
        if inv_p > inv_g {
            failures.push(format!(
                "{name}: priority has {inv_p} inversions, greedy {inv_g}"
            ));
        }
        if inv_g == 0 && filled(&priority) < filled(&greedy) {
            failures.push(format!(
                "{name}: priority fills {} half-days, greedy (no inversion) {}",
                filled(&priority),
                filled(&greedy)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
