//! The commission decides: its decisions as data, the allocation under
//! them, and what each costs the other families.
//!
//! - [`check`]: a decisions file checked against the commission (the only
//!   constructor of [`Decisions`]), every problem with its path;
//! - [`apply`]: the allocation under decisions by the commission's policy
//!   (placements held, exclusions and deferrals closing wishes,
//!   reservations taking places out), explained as any allocation;
//! - [`consequences`]: decision after decision, the what-if diff against
//!   the allocation without it, in words.
//!
//! Depends on domain, rules, solve, whatif (diff), i18n; the cascade uses
//! [`apply`] to keep the decisions in force after the commission. Nothing
//! here prints.

pub mod apply;
pub mod check;
pub mod consequences;

use serde::Serialize;

pub use apply::{allocate, Applied};
pub use check::{check, Decided, Decisions};
pub use consequences::Consequence;

use crate::domain::decisions::DecisionsFile;
use crate::domain::{Allocation, Commission};
use crate::error::Result;
use crate::solve::SolveOptions;

/// The allocation under the commission's decisions, and the consequences
/// of each.
#[derive(Debug, Clone)]
pub struct Ruling {
    pub applied: Applied,
    /// One per decision, in order.
    pub consequences: Vec<Consequence>,
}

/// What `decide --json` and the `Decide` RPC give: the allocation and the
/// consequences of each decision.
#[derive(Debug, Clone, Serialize)]
pub struct RulingJson<'a> {
    pub allocation: &'a Allocation,
    pub consequences: &'a [Consequence],
}

impl Ruling {
    pub fn json(&self) -> RulingJson<'_> {
        RulingJson {
            allocation: &self.applied.allocation,
            consequences: &self.consequences,
        }
    }
}

/// The allocation of `c` under the checked decisions `d`, and for each
/// decision its consequences against the allocation under the decisions
/// before it (its words in `opts.lang`). With no decision the allocation
/// is the proposal, byte for byte.
pub fn decide(c: &Commission, d: &Decisions, opts: &SolveOptions) -> Result<Ruling> {
    let mut before = allocate(c, &d.prefix(0), opts)?;
    let mut consequences = Vec::with_capacity(d.list.len());
    for i in 0..d.list.len() {
        let after = allocate(c, &d.prefix(i + 1), opts)?;
        consequences.push(consequences::consequence(
            c, d, i, &before, &after, opts.lang,
        ));
        before = after;
    }
    Ok(Ruling {
        applied: before,
        consequences,
    })
}

/// [`check`] then [`decide`].
pub fn decide_file(c: &Commission, file: &DecisionsFile, opts: &SolveOptions) -> Result<Ruling> {
    decide(c, &check(c, file)?, opts)
}
