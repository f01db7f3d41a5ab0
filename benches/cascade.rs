//! The désistement cascade on the default commission: the family with the
//! most points refuses its offer, and the next offers are computed — the
//! priority solve on the remaining capacity alone (`next-offers`), and with
//! the replay of the events before it (`replay+next-offers`, what
//! `creche-alloc cascade` and the Cascade RPC do).

use criterion::{criterion_group, criterion_main, Criterion};

use creche_alloc::cascade::{next_offers, replay, Event, EventKind, EventLog};
use creche_alloc::solve::{solve, SolveOptions};
use creche_alloc::{io, validate};

fn bench(c: &mut Criterion) {
    let commission = validate::validate(&io::read_instance(None).expect("json")).expect("valid");
    let allocation = solve(&commission, &SolveOptions::default())
        .expect("solves")
        .allocation;
    let first = allocation
        .assignments
        .iter()
        .max_by_key(|a| a.points)
        .expect("someone is placed")
        .request
        .clone();
    let log = EventLog {
        commission_id: commission.id().to_string(),
        as_of: None,
        events: vec![
            Event {
                date: "2026-10-20".into(),
                request: first.clone(),
                kind: EventKind::OfferSent { place: None },
            },
            Event {
                date: "2026-10-25".into(),
                request: first,
                kind: EventKind::Refused { carry_over: true },
            },
        ],
    };
    let state = replay(&commission, &allocation, &log).expect("replays");
    let mut group = c.benchmark_group("cascade");
    group.sample_size(20);
    group.bench_function("default/one-refusal/next-offers", |b| {
        b.iter(|| next_offers(&commission, &state).expect("cascades"))
    });
    group.bench_function("default/one-refusal/replay+next-offers", |b| {
        b.iter(|| {
            let state = replay(&commission, &allocation, &log).expect("replays");
            next_offers(&commission, &state).expect("cascades")
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
