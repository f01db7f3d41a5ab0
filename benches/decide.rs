//! The commission decides, on the default commission with the ten decisions
//! of `instances/decisions/default-ten.json`: checking them, and applying
//! them with the consequences of each (eleven priority solves: the proposal,
//! then one per decision), what `creche-alloc decide` and the Decide RPC do.
//! Target (issue 19): at most 50 ms for ten decisions.

use criterion::{criterion_group, criterion_main, Criterion};

use creche_alloc::decide::{check, decide};
use creche_alloc::io;
use creche_alloc::solve::SolveOptions;

fn bench(c: &mut Criterion) {
    let commission = io::read_commission(None).expect("valid");
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/instances/decisions/default-ten.json"
    );
    let file = io::read_decisions(std::path::Path::new(path)).expect("decisions");
    let opts = SolveOptions::default();
    let mut group = c.benchmark_group("decide");
    group.sample_size(20);
    group.bench_function("default/ten-decisions/check", |b| {
        b.iter(|| check(&commission, &file).expect("valid decisions"))
    });
    group.bench_function("default/ten-decisions/check+apply+consequences", |b| {
        b.iter(|| {
            let d = check(&commission, &file).expect("valid decisions");
            decide(&commission, &d, &opts).expect("decides")
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
