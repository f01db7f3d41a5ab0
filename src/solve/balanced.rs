//! The balanced policy: rank-1 points and rank-2 fit traded in one objective.
//!
//! Placing request `i` at wish `c` is worth `(points(i, c) − min points + 1) +
//! fit_weight × half-days(i)`, quantised to hundredths of a point so that the
//! objective is integer and optimality is proven exactly. Ties are then broken
//! lexicographically by better-ranked wishes and earlier requests, as in the
//! priority policy. There is no points-order rule here: two part-time requests
//! may displace one with more points when their half-days outweigh its points,
//! and the allocation reports how many priority inversions that trade cost.

use std::time::Instant;

use super::model::{self, Model, Settings, Vars};
use super::priority::{raw, tie_breaks};
use super::Raw;
use crate::domain::Commission;
use crate::error::Result;
use crate::rules::RequestOptions;

/// Points one half-day a week of planning fit is worth when none is given.
pub const DEFAULT_FIT_WEIGHT: f64 = 1.0;

pub fn allocate(
    c: &Commission,
    options: &[RequestOptions],
    fit_weight: f64,
    settings: Settings,
    deadline: Option<Instant>,
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
    let solved = model::lexicographic(&mut m, stages, settings, deadline, t0.elapsed(), None)?;
    Ok(raw(c, &vars, &m, &solved))
}
