//! The cascade's events written briefly, and a worked example solved as the
//! commission proposes it (shared by the library's and the RPC's cascade tests).

use creche_alloc::cascade::{Event, EventKind};
use creche_alloc::domain::{Allocation, Commission, Instance};
use creche_alloc::solve::{self, SolveOptions};
use creche_alloc::{io, validate};

use super::examples_dir;

pub fn ev(date: &str, request: &str, kind: EventKind) -> Event {
    Event {
        date: date.into(),
        request: request.into(),
        kind,
    }
}

/// An offer sent, its place left to the replay.
pub fn sent(date: &str, request: &str) -> Event {
    ev(date, request, EventKind::OfferSent { place: None })
}

pub fn refused(date: &str, request: &str, carry_over: bool) -> Event {
    ev(date, request, EventKind::Refused { carry_over })
}

/// The example `name` of `instances/examples/`, validated and solved by the
/// default policy.
pub fn solved_example(name: &str) -> (Instance, Commission, Allocation) {
    let instance = io::read_instance(Some(&examples_dir().join(name))).expect("example");
    let commission = validate::validate(&instance).expect("valid");
    let allocation = solve::solve(&commission, &SolveOptions::default())
        .expect("solves")
        .allocation;
    (instance, commission, allocation)
}
