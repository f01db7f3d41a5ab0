//! Solve benchmarks on the shipped instances, end to end (options, model,
//! HiGHS, explanations), for the priority policy and the greedy baseline:
//! the default commission (7 crèches, 104 requests) and the three generated
//! sizes of `instances/generated/` — a commission (7×120), a town (40×1,500)
//! and a département (400×12,000).
//!
//! The exact solver is slow on the town and département sizes until the
//! speed work lands: `CRECHE_BENCH_SKIP_LARGE=1 cargo bench --bench solve`
//! runs the two small ones only. `creche-alloc bench` gives the same figures
//! with the model size and each solve's peak memory.

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::Path;
use std::time::Duration;

use creche_alloc::generate::SHIPPED;
use creche_alloc::solve::{solve, SolveOptions, Strategy};
use creche_alloc::{io, validate};

/// Instances from this many requests on are skipped with `CRECHE_BENCH_SKIP_LARGE`.
const LARGE: usize = 1000;

fn skip_large() -> bool {
    std::env::var("CRECHE_BENCH_SKIP_LARGE").is_ok_and(|v| !v.is_empty() && v != "0")
}

fn bench(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/generated");
    let mut instances = vec![("default".to_string(), None)];
    for s in &SHIPPED {
        if s.options.requests >= LARGE && skip_large() {
            eprintln!("skipping {} (CRECHE_BENCH_SKIP_LARGE)", s.file);
            continue;
        }
        let name = s.file.split('.').next().unwrap_or(s.file).to_string();
        instances.push((name, Some(dir.join(s.file))));
    }
    let mut group = c.benchmark_group("solve");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    for (name, path) in instances {
        let instance = io::read_instance(path.as_deref()).expect("instance file");
        let commission = validate::validate(&instance).expect("valid");
        for (label, strategy) in [
            ("priority", Strategy::Priority),
            ("greedy", Strategy::Greedy),
        ] {
            let opts = SolveOptions {
                strategy,
                ..SolveOptions::default()
            };
            group.bench_function(format!("{name}/{label}"), |b| {
                b.iter(|| solve(&commission, &opts).expect("solves"))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
