//! The balanced policy: rank-1 points and rank-2 fit traded in one objective.
//!
//! Placing request `i` at wish `c` is worth `(points(i, c) − min points + 1) +
//! fit_weight × half-days(i)`, quantised to hundredths of a point so that the
//! objective is integer and optimality is proven exactly. A first solve
//! maximises that sum; a second keeps it at its optimum and breaks ties by
//! better-ranked wishes, then earlier requests. Unlike the priority policy, two
//! part-time requests may here displace one with more points when their
//! half-days together outweigh its points: the allocation reports how many
//! priority inversions that trade cost.

use std::time::Instant;

use super::load::Placement;
use super::model::{self, Outcome, Settings, Spec, Vars};
use super::order::tie_order;
use super::{Raw, Stats};
use crate::domain::{Commission, Status};
use crate::error::{Error, Result};
use crate::rules::RequestOptions;

/// Points per half-day a week when none is given: one half-day of planning fit
/// is worth one barème point.
pub const DEFAULT_FIT_WEIGHT: f64 = 1.0;

pub fn allocate(
    c: &Commission,
    options: &[RequestOptions],
    fit_weight: f64,
    settings: Settings,
    deadline: Option<Instant>,
) -> Result<Raw> {
    let vars = Vars::new(c, options);
    let min_points = options
        .iter()
        .flat_map(|o| o.wishes.iter().map(|w| w.points))
        .min()
        .unwrap_or(0);
    let main: Vec<f64> = vars
        .list
        .iter()
        .map(|v| {
            let w = &options[v.request].wishes[v.wish];
            let value = (w.points - min_points + 1) as f64
                + fit_weight * options[v.request].half_days as f64;
            (value * 100.0).round()
        })
        .collect();
    let active = vec![true; c.requests.len()];
    let forbidden = vec![false; vars.list.len()];
    let left = |d: Instant| d.saturating_duration_since(Instant::now()).as_secs_f64();
    let mut stats = Stats::default();
    let first = model::solve(
        c,
        &vars,
        &Spec {
            active: &active,
            forbidden: &forbidden,
            exactly_one: &[],
            objective: &main,
            floor: None,
            abs_gap: 0.5,
        },
        Settings {
            time_limit: deadline.map(left),
            ..settings
        },
    )?;
    stats.record(&first);
    let mut status = Status::Optimal;
    let mut gap = None;
    let mut taken = first.taken.clone();
    match first.outcome {
        Outcome::NoSolution => return Err(Error::TimeLimit(settings.time_limit.unwrap_or(0.0))),
        Outcome::Feasible => {
            status = Status::Feasible;
            gap = Some(first.gap);
        }
        Outcome::Optimal => {
            if deadline.is_none_or(|d| left(d) > 0.0) {
                let ties = tie_break_objective(c, options, &vars);
                let second = model::solve(
                    c,
                    &vars,
                    &Spec {
                        active: &active,
                        forbidden: &forbidden,
                        exactly_one: &[],
                        objective: &ties,
                        floor: Some((&main, first.objective - 0.5)),
                        abs_gap: 0.5,
                    },
                    Settings {
                        time_limit: deadline.map(left),
                        ..settings
                    },
                )?;
                stats.record(&second);
                if second.outcome != Outcome::NoSolution {
                    taken = second.taken;
                }
                if second.outcome == Outcome::Feasible {
                    status = Status::Feasible;
                    gap = Some(second.gap);
                }
            }
        }
    }
    let mut placements = vec![None; c.requests.len()];
    for (v, var) in vars.list.iter().enumerate() {
        if taken[v] {
            placements[var.request] = Some(Placement {
                creche: var.creche,
                wish: var.wish,
                opt: var.opt,
            });
        }
    }
    Ok(Raw {
        placements,
        status,
        gap,
        stats,
    })
}

/// Better-ranked wishes first, then earlier requests, as integer weights.
fn tie_break_objective(c: &Commission, options: &[RequestOptions], vars: &Vars) -> Vec<f64> {
    let mut order: Vec<usize> = (0..c.requests.len()).collect();
    tie_order(c, &mut order);
    let n = order.len() as f64;
    let mut earliness = vec![0.0; c.requests.len()];
    for (pos, &r) in order.iter().enumerate() {
        earliness[r] = n - pos as f64;
    }
    let wish_weight = n * (n + 1.0) / 2.0 + 1.0;
    vars.list
        .iter()
        .map(|v| {
            let k = options[v.request].wishes.len() as f64;
            wish_weight * (k - v.wish as f64) + earliness[v.request]
        })
        .collect()
}
