//! The priority policy: points order first, exactly, by lexicographic solves.
//!
//! Each (request, wished crèche) pair is a *claim* at the request's points at
//! that crèche. Points levels are solved from the highest down; level `L`
//! maximises, for the requests with a claim at `L`,
//!
//! 1. the half-days placed (occupancy) of the requests placed at a wish where
//!    they have `L` points or at a better-ranked wish,
//! 2. then the wishes honoured (a first wish scores more than a second one),
//! 3. then the earlier request (weights by submission order, then seeded draw),
//!
//! combined with integer weights that make the three strictly lexicographic
//! (so `mip_abs_gap` 0.5 proves optimality). The outcome of every claim at `L`
//! is then fixed (taken: `Σ x = 1` over its options; not taken: its options
//! leave the model) before the next level is solved, and requests with fewer
//! points are not in the model yet. So no request ever loses a place, or gets
//! a worse wish, for the sake of one with fewer points — except where a rule
//! forces it (a sibling group placed with its highest member) — while the
//! choices that points leave free (which section, which block, which of equal
//! requests) go to whatever serves the lower levels best.

use std::collections::BTreeSet;
use std::time::Instant;

use super::greedy;
use super::load::Placement;
use super::model::{self, Outcome, Settings, Spec, Vars};
use super::order::{offer_order, tie_order};
use super::{Raw, Stats};
use crate::domain::{Commission, Status};
use crate::error::{Error, Result};
use crate::rules::RequestOptions;

pub fn allocate(
    c: &Commission,
    options: &[RequestOptions],
    settings: Settings,
    deadline: Option<Instant>,
) -> Result<Raw> {
    let vars = Vars::new(c, options);
    let n_vars = vars.list.len();
    let levels: BTreeSet<i64> = options
        .iter()
        .flat_map(|o| {
            o.wishes
                .iter()
                .filter(|w| !w.options.is_empty())
                .map(|w| w.points)
        })
        .collect();
    let mut active = vec![false; c.requests.len()];
    let mut forbidden = vec![false; n_vars];
    let mut exactly_one: Vec<Vec<usize>> = Vec::new();
    let mut taken = vec![false; n_vars];
    let mut processed = vec![false; c.requests.len()];
    let mut stats = Stats::default();
    let mut status = Status::Optimal;
    let mut gap: Option<f64> = None;
    let mut cut_short = false;

    for &level in levels.iter().rev() {
        let mut members: Vec<usize> = (0..c.requests.len())
            .filter(|&r| {
                options[r]
                    .wishes
                    .iter()
                    .any(|w| !w.options.is_empty() && w.points == level)
            })
            .collect();
        tie_order(c, &mut members);
        for &r in &members {
            active[r] = true;
            if let Some(g) = c.requests[r].sibling_group {
                for &m in &c.sibling_groups[g].members {
                    active[m] = true;
                }
            }
        }
        let claims = claims_at(&vars, options, &members, level);
        let objective = level_objective(&vars, options, &members, &claims, n_vars);
        let time_limit = match deadline {
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now()).as_secs_f64();
                if left <= 0.0 {
                    cut_short = true;
                    break;
                }
                Some(left)
            }
            None => None,
        };
        let spec = Spec {
            active: &active,
            forbidden: &forbidden,
            exactly_one: &exactly_one,
            objective: &objective,
            floor: None,
            abs_gap: 0.5,
        };
        let solved = model::solve(
            c,
            &vars,
            &spec,
            Settings {
                time_limit,
                ..settings
            },
        )?;
        stats.record(&solved);
        match solved.outcome {
            Outcome::NoSolution => {
                cut_short = true;
                break;
            }
            Outcome::Feasible => {
                status = Status::Feasible;
                gap = Some(gap.unwrap_or(0.0).max(solved.gap));
            }
            Outcome::Optimal => {}
        }
        taken = solved.taken;
        for set in claims.into_iter().map(|(_, set)| set) {
            let live: Vec<usize> = set
                .into_iter()
                .filter(|&v| !forbidden[v] && !vars.excluded[v])
                .collect();
            if live.iter().any(|&v| taken[v]) {
                exactly_one.push(live);
            } else {
                for v in live {
                    forbidden[v] = true;
                }
            }
        }
        for &r in &members {
            processed[r] = true;
        }
    }

    let mut placements: Vec<Option<Placement>> = vec![None; c.requests.len()];
    for (v, var) in vars.list.iter().enumerate() {
        if taken[v] {
            placements[var.request] = Some(Placement {
                creche: var.creche,
                wish: var.wish,
                opt: var.opt,
            });
        }
    }
    if cut_short {
        if stats.solves == 0 && deadline.is_some() && levels.len() > 0 {
            return Err(Error::TimeLimit(settings.time_limit.unwrap_or(0.0)));
        }
        // The time limit cut the lexicographic solves: the requests not reached
        // are placed greedily in offer order around the placements found.
        status = Status::Feasible;
        gap = gap.or(Some(f64::INFINITY));
        let mut done: Vec<bool> = (0..c.requests.len())
            .map(|r| processed[r] || placements[r].is_some())
            .collect();
        greedy::fill(
            c,
            options,
            &offer_order(c, options),
            &mut placements,
            &mut done,
        );
    }
    Ok(Raw {
        placements,
        status,
        gap,
        stats,
    })
}

/// What a claim is about: the request's placement, or one wish. Both are fixed
/// after their level; the objective scores the placement.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Claim {
    /// Placed at a wish where it has this level's points, or a better one.
    Placed { request: usize },
    /// Placed at this wish or a better-ranked one.
    Wish,
}

/// The claims at `level`, each with its option set (`Σ x` over the set is the claim).
fn claims_at(
    vars: &Vars,
    options: &[RequestOptions],
    members: &[usize],
    level: i64,
) -> Vec<(Claim, Vec<usize>)> {
    let mut claims = Vec::new();
    for &r in members {
        let ranks: Vec<usize> = options[r]
            .wishes
            .iter()
            .filter(|w| !w.options.is_empty() && w.points == level)
            .map(|w| w.rank)
            .collect();
        let up_to = |rank: usize| -> Vec<usize> {
            vars.by_request[r]
                .clone()
                .filter(|&v| vars.list[v].wish < rank)
                .collect()
        };
        let worst = *ranks
            .iter()
            .max()
            .expect("a member has a claim at its level");
        claims.push((Claim::Placed { request: r }, up_to(worst)));
        for rank in ranks {
            claims.push((Claim::Wish, up_to(rank)));
        }
    }
    claims
}

/// Integer weights making occupancy ≻ wishes ≻ earlier request. The wish
/// score of an option is `max wishes + 1 − rank`, so a first wish beats a second
/// one whoever holds it.
fn level_objective(
    vars: &Vars,
    options: &[RequestOptions],
    members: &[usize],
    claims: &[(Claim, Vec<usize>)],
    n_vars: usize,
) -> Vec<f64> {
    let n = members.len() as f64;
    let max_wishes = members
        .iter()
        .map(|&r| options[r].wishes.len())
        .max()
        .unwrap_or(1) as f64;
    let earliness_total = n * (n + 1.0) / 2.0;
    let wish_weight = earliness_total + 1.0;
    let occupancy_weight = wish_weight * (n * max_wishes + 1.0);
    let mut objective = vec![0.0; n_vars];
    for (claim, set) in claims {
        if let Claim::Placed { request } = *claim {
            let pos = members.iter().position(|&m| m == request).expect("member") as f64;
            let base = occupancy_weight * options[request].half_days as f64 + (n - pos);
            for &v in set {
                objective[v] += base + wish_weight * (max_wishes - vars.list[v].wish as f64);
            }
        }
    }
    objective
}
