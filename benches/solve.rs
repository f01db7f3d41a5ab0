//! Solve benchmarks on the shipped instances: end-to-end (options, model,
//! HiGHS, explanations) for the priority policy and the greedy baseline.

use criterion::{criterion_group, criterion_main, Criterion};
use std::time::Duration;

use creche_alloc::solve::{solve, SolveOptions, Strategy};
use creche_alloc::{io, validate};

fn commission(path: Option<&str>) -> creche_alloc::domain::Commission {
    let text = match path {
        Some(p) => std::fs::read_to_string(format!("{}/{p}", env!("CARGO_MANIFEST_DIR")))
            .expect("instance file"),
        None => io::DEFAULT_INSTANCE.to_string(),
    };
    validate::validate(&validate::parse_json(&text).expect("json")).expect("valid")
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("solve");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for (name, path) in [
        ("default", None),
        ("small-7x120", Some("instances/generated/small-7x120.json")),
    ] {
        let commission = commission(path);
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
