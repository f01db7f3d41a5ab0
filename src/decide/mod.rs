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
use crate::solve::{Detail, SolveOptions};
use crate::whatif::figures::View;

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
    let n = d.list.len();
    let mut placed = Vec::with_capacity(n + 1);
    let mut held: Option<(usize, Commission, Vec<crate::rules::RequestOptions>)> = None;
    for i in 0..=n {
        let prefix = d.prefix(i);
        // Only reservations change the free places, hence the options.
        let reservations = prefix
            .list
            .iter()
            .filter(|x| matches!(x, Decided::Reserve { .. }))
            .count();
        if held.as_ref().is_none_or(|h| h.0 != reservations) {
            let commission = apply::reserved(c, &prefix)?;
            let options = crate::rules::resolve(&commission);
            held = Some((reservations, commission, options));
        }
        let (_, commission, options) = held.as_ref().expect("just computed");
        placed.push(apply::place_on(
            c,
            &prefix,
            opts,
            commission.clone(),
            options.clone(),
        )?);
    }
    // An allocation compared with the next or the one before needs the
    // reasons of the requests whose place changes only (and of the blocked).
    let moved = |i: usize, j: usize| -> Vec<bool> {
        let (a, b) = (placed[i].placements(), placed[j].placements());
        a.iter().zip(b).map(|(x, y)| x != y).collect()
    };
    let masks: Vec<Vec<bool>> = (0..n)
        .map(|i| {
            let next = moved(i, i + 1);
            match i.checked_sub(1) {
                Some(prev) => (next.iter().zip(moved(prev, i)))
                    .map(|(a, b)| *a || b)
                    .collect(),
                None => next,
            }
        })
        .collect();
    let mut steps = Vec::with_capacity(n + 1);
    for (i, p) in placed.into_iter().enumerate() {
        let detail = masks.get(i).map_or(Detail::Shown, |m| Detail::Compared(m));
        steps.push(p.explain(opts, detail)?);
    }
    let views: Vec<View> = (steps.iter())
        .map(|a| View::with_options(&a.held, &a.allocation, &a.placements, a.options.clone()))
        .collect();
    let consequences = (0..n)
        .map(|i| consequences::consequence(c, d, i, &views[i], &views[i + 1], opts.lang))
        .collect();
    drop(views);
    Ok(Ruling {
        applied: steps.pop().expect("the allocation under every decision"),
        consequences,
    })
}

/// [`check`] then [`decide`].
pub fn decide_file(c: &Commission, file: &DecisionsFile, opts: &SolveOptions) -> Result<Ruling> {
    decide(c, &check(c, file)?, opts)
}
