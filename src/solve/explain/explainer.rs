//! The explainer's state: the placements being explained, who holds each
//! crèche's places and who was passed over (measured once, on construction),
//! and the policy that made them. `mod.rs` writes the allocation from it and
//! `why` the reason at each wish; both read it, neither is read by it.

use crate::domain::Commission;
use crate::error::Result;
use crate::rules::RequestOptions;
use crate::solve::blocking::{Blocked, Holders};
use crate::solve::load::Placement;

/// The policy that produced the placements, for the wording of departures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Policy {
    Priority,
    Balanced,
    Greedy,
}

pub struct Explainer<'a> {
    pub(super) c: &'a Commission,
    pub(super) options: &'a [RequestOptions],
    pub(super) placements: &'a [Option<Placement>],
    pub(super) holders: Holders,
    pub(super) blocked: Vec<Blocked>,
    pub(super) policy: Policy,
    /// Per request, the commission's decision that placed it (empty: none).
    pub(super) decided: Vec<Option<usize>>,
    /// The requests whose reasons are written (`None`: all).
    pub(super) only: Option<Vec<bool>>,
}

impl<'a> Explainer<'a> {
    pub fn new(
        c: &'a Commission,
        options: &'a [RequestOptions],
        placements: &'a [Option<Placement>],
        policy: Policy,
    ) -> Result<Self> {
        let holders = Holders::new(c, options, placements);
        let blocked = holders.blocked(c, placements)?;
        Ok(Explainer {
            c,
            options,
            placements,
            holders,
            blocked,
            policy,
            decided: Vec::new(),
            only: None,
        })
    }
}
