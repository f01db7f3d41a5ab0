//! A fuzz harness on stable Rust: structured mutations of the shipped
//! instances and of their allocations, through every way an input comes in.
//!
//! Each input is one of the shipped instances (`instances/*.json`,
//! `instances/examples/*.json`, `instances/generated/small-7x120.json`)
//! changed by one to four mutations: a field the format has set to a value
//! at or past its range (0, −1, 3,651, 10^9, `i64::MAX`, a date that does
//! not exist, an id of something else, 12,000 characters...), a random node
//! replaced, removed, duplicated or given another type, an unknown field.
//! Then:
//!
//! 1. the JSON text goes through `validate`: no panic; an invalid instance
//!    gets `Error::Invalid` whose every problem has a path;
//! 2. a valid one is solved with the greedy strategy: the independent
//!    checker (`tests/common/checker.rs`) accepts the allocation, and the
//!    allocation is adopted (`adopt::adopt`);
//! 3. that allocation, mutated the same way, goes through the adoption: no
//!    panic; refused with paths under `allocation.`, or, when adopted, the
//!    checker finds nothing wrong in what the adoption checks (places,
//!    capacity, siblings, lists), and the cascade's replay runs on it;
//! 4. the requests of the RPCs (`Validate`, `Solve`, `Cascade`, `Minutes`),
//!    encoded with prost and their bytes mutated, are decoded and converted
//!    as the server does: no panic, every problem with a path.
//!
//! Everything is drawn from a seed, so a run is the same every time. The
//! short run is part of `cargo test` (a few seconds); the long run is
//! `CRECHE_FUZZ_SECONDS=600 cargo test --release --test all fuzz:: -- --ignored
//! --nocapture` (`CRECHE_FUZZ_SEED` to change the seed). A failing input
//! is written to `target/fuzz-failures/` with its seed and index.

use crate::common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::{checker, read_value, root};
use creche_alloc::adopt::adopt;
use creche_alloc::cascade::{replay, EventLog};
use creche_alloc::domain::Allocation;
use creche_alloc::generate::rng::SplitMix64;
use creche_alloc::grpc::convert::{self, Input};
use creche_alloc::grpc::convert_cascade::cascade_input;
use creche_alloc::grpc::convert_transparency::minutes_input;
use creche_alloc::grpc::pb;
use creche_alloc::solve::{solve, SolveOptions, Strategy};
use creche_alloc::validate::{parse_json, validate};
use creche_alloc::{rules, Error, Problem};
use prost::Message;
use serde_json::{json, Value};

/// The shipped instances, by file name.
fn corpus() -> Vec<(String, Value)> {
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in ["instances", "instances/examples"] {
        let mut in_dir: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        in_dir.sort();
        files.extend(in_dir);
    }
    files.push(root().join("instances/generated/small-7x120.json"));
    files
        .into_iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                read_value(&p),
            )
        })
        // instances/bareme.json is a barème alone, not an instance.
        .filter(|(_, v)| parse_json(&v.to_string()).is_ok())
        .collect()
}

// ---- mutations ----

const NUMBERS: [i64; 22] = [
    0,
    1,
    -1,
    2,
    3,
    72,
    73,
    1_000,
    1_001,
    3_650,
    3_651,
    1_000_000,
    1_000_001,
    1_000_000_000,
    1_000_000_001,
    i32::MAX as i64,
    u32::MAX as i64,
    u32::MAX as i64 + 1,
    i64::MAX,
    i64::MIN,
    -1_000_000_001,
    7,
];

/// The strings of a document (ids, dates, times), to put one where another was.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) if s.len() < 64 => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push(k.clone());
            strings(x, out)
        }),
        _ => {}
    }
}

struct Mutator<'a> {
    rng: SplitMix64,
    pool: &'a [String],
}

impl Mutator<'_> {
    fn number(&mut self) -> Value {
        match self.rng.below(10) {
            0 => json!(u64::MAX),
            1 => json!(1.5),
            2 => json!(self.rng.range(-50, 50)),
            _ => json!(*self.rng.pick(&NUMBERS)),
        }
    }

    fn string(&mut self, old: &str) -> Value {
        match self.rng.below(12) {
            0 => json!(""),
            1 => json!("x".repeat(12_000)),
            2 => json!("2027-02-30"),
            3 => json!("9999-12-31"),
            4 => json!("0000-01-01"),
            5 => json!(shift_date(old, self.rng.range(-400, 400))),
            6 => json!("24:00-25:00"),
            7 => json!("12:30-12:30"),
            8 => json!(format!("{old}é\u{0}")),
            _ => json!(self.rng.pick(self.pool).clone()),
        }
    }

    /// Any value, of any type.
    fn any(&mut self, old: &Value) -> Value {
        match self.rng.below(8) {
            0 => Value::Null,
            1 => json!(true),
            2 => json!([]),
            3 => json!({}),
            4 => json!(old.to_string()),
            5 | 6 => self.number(),
            _ => self.string(old.as_str().unwrap_or("")),
        }
    }

    /// A random node of `v`: the deeper, the less likely.
    fn node<'v>(&mut self, v: &'v mut Value) -> &'v mut Value {
        let len = match &*v {
            Value::Array(a) => a.len(),
            Value::Object(o) => o.len(),
            _ => 0,
        };
        if len == 0 || !self.rng.chance(0.8) {
            return v;
        }
        let i = self.rng.below(len as u64) as usize;
        match v {
            Value::Array(a) => self.node(&mut a[i]),
            Value::Object(o) => {
                let (_, x) = o.iter_mut().nth(i).expect("i < len");
                self.node(x)
            }
            other => other,
        }
    }

    /// A change that often keeps the instance valid: a number moved by a
    /// little, two elements of a list swapped, an id put for another.
    fn nudge(&mut self, v: &mut Value) {
        let n = self.node(v);
        match n {
            Value::Number(x) if x.is_i64() => {
                *n = json!(x.as_i64().unwrap().saturating_add(self.rng.range(-3, 3)))
            }
            Value::Array(a) if a.len() > 1 => {
                let i = self.rng.below(a.len() as u64) as usize;
                let j = self.rng.below(a.len() as u64) as usize;
                a.swap(i, j);
            }
            Value::String(_) => *n = json!(self.rng.pick(self.pool).clone()),
            _ => {}
        }
    }

    /// One mutation somewhere in `v`.
    fn mutate(&mut self, v: &mut Value) {
        if self.rng.chance(0.4) {
            return self.nudge(v);
        }
        let n = self.node(v);
        match (self.rng.below(10), n) {
            (0, Value::Object(o)) if !o.is_empty() => {
                let i = self.rng.below(o.len() as u64) as usize;
                let key = o.keys().nth(i).unwrap().clone();
                o.remove(&key);
            }
            (1, Value::Object(o)) => {
                o.insert("zz_unknown".into(), json!(1));
            }
            (0 | 1, Value::Array(a)) if !a.is_empty() => {
                let i = self.rng.below(a.len() as u64) as usize;
                if self.rng.chance(0.5) {
                    a.remove(i);
                } else {
                    let x = a[i].clone();
                    a.push(x);
                }
            }
            (2, n) => *n = self.any(n),
            (_, n @ Value::Number(_)) => *n = self.number(),
            (_, n @ Value::String(_)) => {
                let old = n.as_str().unwrap().to_string();
                *n = self.string(&old);
            }
            (_, n) => *n = self.any(n),
        }
    }

    fn mutated(&mut self, v: &Value) -> Value {
        let mut m = v.clone();
        let times = *self.rng.pick(&[1, 1, 1, 2, 2, 3, 4]);
        for _ in 0..times {
            self.mutate(&mut m);
        }
        m
    }

    /// Flipped, dropped, repeated or truncated bytes of an encoded message.
    fn bytes(&mut self, b: &mut Vec<u8>) {
        for _ in 0..*self.rng.pick(&[1, 1, 1, 2, 3]) {
            if b.is_empty() {
                return;
            }
            let i = self.rng.below(b.len() as u64) as usize;
            match self.rng.below(5) {
                0 => b[i] ^= 1 << self.rng.below(8),
                1 => b[i] = self.rng.next_u64() as u8,
                2 => {
                    b.remove(i);
                }
                3 => b.truncate(i),
                _ => {
                    let end = (i + 1 + self.rng.below(16) as usize).min(b.len());
                    let slice = b[i..end].to_vec();
                    b.splice(i..i, slice);
                }
            }
        }
    }
}

fn shift_date(text: &str, days: i64) -> String {
    match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(d) => (d + chrono::Duration::days(days)).to_string(),
        Err(_) => text.to_string(),
    }
}

// ---- properties ----

#[derive(Default)]
struct Figures {
    inputs: u64,
    valid: u64,
    invalid: u64,
    allocations: u64,
    adopted: u64,
    protos: u64,
    decoded: u64,
    failures: Vec<String>,
    slowest: (Duration, String),
}

/// Problems must each have a path, under `prefix`.
fn with_paths(problems: &[Problem], prefix: &str) -> Result<(), String> {
    match problems
        .iter()
        .find(|p| p.path.is_empty() || !p.path.starts_with(prefix))
    {
        None if !problems.is_empty() => Ok(()),
        None => Err("Error::Invalid without any problem".into()),
        Some(p) => Err(format!("problem without a path under {prefix:?}: {p}")),
    }
}

/// `Ok(true)` valid, `Ok(false)` refused with paths, `Err` a broken property.
fn invalid_with_paths<T>(r: creche_alloc::Result<T>, prefix: &str) -> Result<Option<T>, String> {
    match r {
        Ok(x) => Ok(Some(x)),
        Err(Error::Invalid(p)) => with_paths(&p, prefix).map(|()| None),
        Err(e) => Err(format!("not an Error::Invalid: {e}")),
    }
}

/// Checker violations the adoption is meant to rule out (not metrics,
/// reasons, status or waiting-list order, which it does not check).
fn adoption_violations(instance: &Value, allocation: &Value) -> Vec<String> {
    checker::check(instance, allocation)
        .into_iter()
        .filter(|v| {
            !["metrics.", "status", "reason", "points order", "cutoff"]
                .iter()
                .any(|k| v.contains(k))
        })
        .collect()
}

/// Steps 1–3 for one instance text; the solved allocation when valid.
fn instance_case(
    m: &mut Mutator,
    inst: &Value,
    f: &mut Figures,
) -> Result<Option<(creche_alloc::domain::Commission, Value)>, String> {
    let text = inst.to_string();
    let parsed = invalid_with_paths(parse_json(&text), "")?;
    let Some(parsed) = parsed else {
        f.invalid += 1;
        return Ok(None);
    };
    let Some(c) = invalid_with_paths(validate(&parsed), "")? else {
        f.invalid += 1;
        return Ok(None);
    };
    f.valid += 1;
    let opts = SolveOptions {
        strategy: Strategy::Greedy,
        ..SolveOptions::default()
    };
    let s = solve(&c, &opts).map_err(|e| format!("greedy solve failed: {e}"))?;
    let alloc = serde_json::to_value(&s.allocation).unwrap();
    let broken = checker::check(inst, &alloc);
    if !broken.is_empty() {
        return Err(format!(
            "the checker refuses the greedy allocation: {broken:?}"
        ));
    }
    let options = rules::resolve(&c);
    adopt(&c, &options, &s.allocation)
        .map_err(|e| format!("the solver's own allocation is not adopted: {e}"))?;
    for _ in 0..2 {
        f.allocations += 1;
        let bad = m.mutated(&alloc);
        let Ok(a) = serde_json::from_value::<Allocation>(bad.clone()) else {
            continue;
        };
        if invalid_with_paths(adopt(&c, &options, &a), "allocation.")?.is_some() {
            f.adopted += 1;
            let wrong = adoption_violations(inst, &bad);
            if !wrong.is_empty() {
                return Err(format!("adopted, but the checker finds {wrong:?} in {bad}"));
            }
            let log = EventLog {
                commission_id: c.id().to_string(),
                as_of: None,
                events: Vec::new(),
            };
            replay(&c, &a, &log).map_err(|e| format!("replay of an adopted allocation: {e}"))?;
        }
    }
    Ok(Some((c, alloc)))
}

/// Step 4: one request of each RPC, its bytes mutated, decoded and converted.
fn proto_case(m: &mut Mutator, inst: &Value, alloc: &Value, f: &mut Figures) -> Result<(), String> {
    let instance: creche_alloc::domain::Instance = serde_json::from_value(inst.clone()).unwrap();
    let message = convert::instance_to_proto(&instance);
    let allocation: Allocation = serde_json::from_value(alloc.clone()).unwrap();
    let events = json!({"commission_id": inst["commission"]["id"], "events": []}).to_string();
    let requests: [(u8, Vec<u8>); 4] = [
        (
            0,
            pb::ValidateRequest {
                input: Some(pb::validate_request::Input::InstanceJson(inst.to_string())),
            }
            .encode_to_vec(),
        ),
        (
            1,
            pb::SolveRequest {
                input: Some(pb::solve_request::Input::Instance(message.clone())),
                ..Default::default()
            }
            .encode_to_vec(),
        ),
        (
            2,
            pb::CascadeRequest {
                input: Some(pb::cascade_request::Input::Instance(message.clone())),
                adopted: Some(pb::cascade_request::Adopted::Allocation(
                    convert::allocation_to_proto(&allocation),
                )),
                happened: Some(pb::cascade_request::Happened::EventsJson(events)),
                language: 0,
            }
            .encode_to_vec(),
        ),
        (
            3,
            pb::MinutesRequest {
                input: Some(pb::minutes_request::Input::InstanceJson(inst.to_string())),
                adopted: Some(pb::minutes_request::Adopted::AllocationJson(
                    alloc.to_string(),
                )),
                ..Default::default()
            }
            .encode_to_vec(),
        ),
    ];
    for (kind, mut bytes) in requests {
        f.protos += 1;
        m.bytes(&mut bytes);
        let decoded = match kind {
            0 => pb::ValidateRequest::decode(&bytes[..]).map(|r| {
                invalid_with_paths(convert::commission_from_input(r.input.map(Input::from)), "")
                    .map(drop)
            }),
            1 => pb::SolveRequest::decode(&bytes[..]).map(|r| {
                invalid_with_paths(convert::commission_from_input(r.input.map(Input::from)), "")
                    .map(drop)
            }),
            2 => pb::CascadeRequest::decode(&bytes[..]).map(|r| {
                invalid_with_paths(cascade_input(r), "").and_then(|ok| match ok {
                    Some(x) => {
                        invalid_with_paths(replay(&x.commission, &x.allocation, &x.events), "")
                            .map(drop)
                    }
                    None => Ok(()),
                })
            }),
            _ => pb::MinutesRequest::decode(&bytes[..]).map(|r| {
                invalid_with_paths(minutes_input(r), "").and_then(|ok| match ok {
                    Some(x) => {
                        let c = &x.input.commission;
                        let made = creche_alloc::transparency::minutes(
                            c,
                            &x.allocation,
                            &x.run,
                            x.format,
                            x.lang,
                            None,
                        );
                        invalid_with_paths(made, "").map(drop)
                    }
                    None => Ok(()),
                })
            }),
        };
        if let Ok(r) = decoded {
            f.decoded += 1;
            r?;
        }
    }
    Ok(())
}

/// One input: the `i`-th of the run of `seed`.
fn case(corpus: &[(String, Value)], pools: &[Vec<String>], seed: u64, i: u64, f: &mut Figures) {
    let mut m = Mutator {
        rng: SplitMix64::stream(seed, 15, i),
        pool: &[],
    };
    let k = m.rng.below(corpus.len() as u64) as usize;
    m.pool = &pools[k];
    let (name, base) = &corpus[k];
    let inst = m.mutated(base);
    let t0 = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| -> Result<(), String> {
        if let Some((_, alloc)) = instance_case(&mut m, &inst, f)? {
            proto_case(&mut m, &inst, &alloc, f)?;
        }
        Ok(())
    }));
    let took = t0.elapsed();
    f.inputs += 1;
    if took > f.slowest.0 {
        f.slowest = (took, format!("#{i} (from {name})"));
    }
    let failure = match outcome {
        Ok(Ok(())) => return,
        Ok(Err(broken)) => broken,
        Err(panic) => format!(
            "panic: {}",
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default()
        ),
    };
    let dir = root().join("target/fuzz-failures");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("seed{seed}-{i}.json"));
    std::fs::write(&file, serde_json::to_string_pretty(&inst).unwrap()).unwrap();
    f.failures
        .push(format!("#{i} from {name} ({}): {failure}", file.display()));
}

/// Runs inputs 0, 1, ... of `seed` until `count` inputs or `time` have passed.
fn run(seed: u64, count: u64, time: Duration) -> Figures {
    let corpus = corpus();
    let pools: Vec<Vec<String>> = corpus
        .iter()
        .map(|(_, v)| {
            let mut p = Vec::new();
            strings(v, &mut p);
            p.sort();
            p.dedup();
            p
        })
        .collect();
    let mut f = Figures::default();
    let t0 = Instant::now();
    for i in 0..count {
        if t0.elapsed() > time {
            break;
        }
        case(&corpus, &pools, seed, i, &mut f);
    }
    println!(
        "fuzz: seed {seed}, {} inputs in {:.1} s from {} instances: {} valid, {} invalid; \
         {} mutated allocations, {} adopted; {} mutated RPC requests, {} decoded; {} failures; \
         slowest input {} in {:.1} ms",
        f.inputs,
        t0.elapsed().as_secs_f64(),
        corpus.len(),
        f.valid,
        f.invalid,
        f.allocations,
        f.adopted,
        f.protos,
        f.decoded,
        f.failures.len(),
        f.slowest.1,
        f.slowest.0.as_secs_f64() * 1e3
    );
    f
}

fn assert_no_failure(f: &Figures) {
    assert!(
        f.failures.is_empty(),
        "{} failure(s):\n{}",
        f.failures.len(),
        f.failures.join("\n")
    );
}

fn env(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

/// What `cargo test` runs: 2,000 inputs of seed 1 (a few seconds in release).
#[test]
fn a_short_fuzz_run_finds_nothing() {
    let f = run(1, 2_000, Duration::MAX);
    assert_no_failure(&f);
    assert_eq!(f.inputs, 2_000);
    assert!(f.valid > 0 && f.invalid > 0 && f.adopted > 0 && f.decoded > 0);
}

/// The long run: `CRECHE_FUZZ_SECONDS` (default 60) of seed
/// `CRECHE_FUZZ_SEED` (default 2).
#[test]
#[ignore]
fn a_long_fuzz_run_finds_nothing() {
    let seconds = env("CRECHE_FUZZ_SECONDS").unwrap_or(60);
    let f = run(
        env("CRECHE_FUZZ_SEED").unwrap_or(2),
        u64::MAX,
        Duration::from_secs(seconds),
    );
    assert_no_failure(&f);
}

// ---- what the fuzzer found, kept as named cases ----

/// A section whose `free` list is empty: every waiting request's reason at
/// that crèche was an empty string (the rules said nothing when no block
/// existed at all), which the checker refuses.
#[test]
fn a_section_without_blocks_still_explains_why() {
    let mut inst = read_value(&root().join("instances/examples/c3_equal_points_earlier.json"));
    inst["creches"][0]["sections"][0]["free"] = json!([]);
    let a = common::solve_value(&inst, Strategy::Greedy);
    common::assert_valid(&inst, &a, "no block");
    let reason = &a["waiting_list"][0]["reasons"][0];
    assert_eq!(reason["code"], "no_free_place");
    assert_eq!(
        reason["reason"],
        "la crèche n'a aucune place libre pour cette commission"
    );
}
