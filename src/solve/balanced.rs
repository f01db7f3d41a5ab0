//! The balanced policy: rank-1 points and rank-2 fit traded in one objective.
//!
//! Placing request `i` at wish `c` is worth `(points(i, c) − min points + 1) +
//! fit_weight × half-days(i)`, quantised to hundredths of a point so that the
//! objective is integer and optimality is proven exactly. Ties are then broken
//! lexicographically by better-ranked wishes, then earlier requests. There is no points-order rule here: two part-time requests
//! may displace one with more points when their half-days outweigh its points,
//! and the allocation reports how many priority inversions that trade cost.

use std::collections::BTreeMap;
use std::time::Instant;

use super::cancel::Stop;
use super::lexicographic::{lexicographic, Outcome, Solved};
use super::load::Placement;
use super::model::{self, Model, Vars};
use super::order::tie_order;
use super::raw::{Raw, Stats};
use super::session::HighsConfig;
use crate::domain::{Commission, Status};
use crate::error::Result;
use crate::rules::RequestOptions;

/// Points one half-day a week of planning fit is worth when none is given.
pub const DEFAULT_FIT_WEIGHT: f64 = 1.0;

pub fn allocate(
    c: &Commission,
    options: &[RequestOptions],
    fit_weight: f64,
    config: HighsConfig,
    stop: &Stop,
) -> Result<Raw> {
    let t0 = Instant::now();
    let vars = Vars::new(c, options);
    let mut m = Model::base(c, &vars);
    let min_points = options
        .iter()
        .flat_map(|o| o.wishes.iter().map(|w| w.points))
        .min()
        .unwrap_or(0);
    let value: Vec<f64> = vars
        .list
        .iter()
        .map(|v| {
            let points = options[v.request].wishes[v.wish].points - min_points + 1;
            ((points as f64 + fit_weight * options[v.request].half_days as f64) * 100.0).round()
        })
        .collect();
    let stages = model::merge(
        &m,
        tie_breaks(c, options, &vars, Some(("points_and_fit", value))),
    );
    let solved = lexicographic(&mut m, stages, config, stop, t0.elapsed(), None)?;
    Ok(raw(c, &vars, &m, &solved))
}

/// Placements and figures from a solved model.
fn raw(c: &Commission, vars: &Vars, m: &Model, solved: &Solved) -> Raw {
    let mut placements: Vec<Option<Placement>> = vec![None; c.requests().len()];
    for (v, var) in vars.list.iter().enumerate() {
        if solved.taken(m, v) {
            placements[var.request] = Some(Placement {
                creche: var.creche,
                wish: var.wish,
                opt: var.opt,
            });
        }
    }
    let status = if solved.outcome == Outcome::Optimal {
        Status::Optimal
    } else {
        Status::Feasible
    };
    Raw {
        placements,
        status,
        gap: solved.gap,
        stats: Stats::from(solved),
        greedy_fallback: false,
    }
}

/// The parts after points order: `first` (occupancy, or points and fit), then
/// wishes, then earlier requests.
fn tie_breaks(
    c: &Commission,
    options: &[RequestOptions],
    vars: &Vars,
    first: Option<(&'static str, Vec<f64>)>,
) -> Vec<model::Part> {
    let mut parts = Vec::new();
    if let Some((first_name, coef)) = first {
        let range = per_request_max(vars, &coef, c.requests().len()) + 1.0;
        parts.push(model::Part {
            name: first_name,
            coef,
            range,
        });
    }
    let wishes = wish_scores(options, vars);
    let range = per_request_max(vars, &wishes, c.requests().len()) + 1.0;
    parts.push(model::Part {
        name: "wishes",
        coef: wishes,
        range,
    });
    let early = earliness(c, options, vars);
    let range = per_request_max(vars, &early, c.requests().len()) + 1.0;
    parts.push(model::Part {
        name: "earlier",
        coef: early,
        range,
    });
    parts
}

/// Σ over requests of their best coefficient: a bound on the objective.
fn per_request_max(vars: &Vars, coef: &[f64], requests: usize) -> f64 {
    let mut best = vec![0.0f64; requests];
    for (v, var) in vars.list.iter().enumerate() {
        best[var.request] = best[var.request].max(coef[v]);
    }
    best.iter().sum()
}

/// `max wishes + 1 − rank`: a first wish always scores more than a second.
fn wish_scores(options: &[RequestOptions], vars: &Vars) -> Vec<f64> {
    let k = options.iter().map(|o| o.wishes.len()).max().unwrap_or(1) as f64;
    vars.list.iter().map(|v| k - v.wish as f64).collect()
}

/// Among requests with the same points, `1 +` the number after it in tie order
/// (submission date, then seeded draw): the earlier request scores more. Only
/// requests of equal points are compared, which keeps the range small.
fn earliness(c: &Commission, options: &[RequestOptions], vars: &Vars) -> Vec<f64> {
    let mut order: Vec<usize> = (0..c.requests().len()).collect();
    tie_order(c, &mut order);
    let mut after: BTreeMap<i64, usize> = BTreeMap::new();
    let mut score = vec![0.0; c.requests().len()];
    for &r in order.iter().rev() {
        let n = after.entry(options[r].priority_points()).or_insert(0);
        *n += 1;
        score[r] = *n as f64;
    }
    vars.list.iter().map(|v| score[v.request]).collect()
}
