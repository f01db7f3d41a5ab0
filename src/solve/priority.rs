//! The priority policy: points order first, as hard as the rules allow.
//!
//! **Points order** is a stability rule written into the model: a request `i`
//! that is not placed at a wished crèche `c` (nor at a better-ranked wish) must,
//! at every option it has there, meet a half-day where the places are all held
//! by requests with at least its points at `c` (its own sibling group counted:
//! a group of two needs two places). So no request is left out, or given a
//! worse wish, while a request with fewer points holds a place it could use —
//! nor while several with fewer points share it. Where a rule makes this
//! impossible (siblings, crèche-specific points that cross), a *departure*
//! variable lets the row go, and departures are minimised first.
//!
//! Then, lexicographically, over everything points order leaves free:
//! 1. fewest departures from points order;
//! 2. most half-days filled (occupancy);
//! 3. best-ranked wishes (a first wish scores more than a second);
//! 4. earlier requests (submission date, then the commission's seeded draw).
//!
//! The greedy method (points order, first wish that fits) always satisfies the
//! stability rows when points do not depend on the crèche, so this policy never
//! fills fewer half-days than greedy and never has more inversions.

use good_lp::{constraint, Expression, Variable};
use std::collections::BTreeMap;
use std::time::Instant;

use super::load::Placement;
use super::model::{self, Model, Outcome, Sense, Settings, Stage, Vars};
use super::order::tie_order;
use super::{Raw, Stats};
use crate::domain::{Commission, Status};
use crate::error::Result;
use crate::rules::RequestOptions;

/// A block's half-day, full of requests with at least `points`, `threshold` of them.
type Blocking = (usize, usize, usize, usize, i64, u32);

pub fn allocate(
    c: &Commission,
    options: &[RequestOptions],
    settings: Settings,
    deadline: Option<Instant>,
) -> Result<Raw> {
    let t0 = Instant::now();
    let vars = Vars::new(c, options);
    let mut m = Model::base(c, &vars);
    let slack = stability_rows(c, options, &vars, &mut m);
    let stages = vec![
        Stage {
            name: "departures",
            sense: Sense::Minimise,
            objective: slack.iter().copied().sum(),
        },
        Stage {
            name: "half_days",
            sense: Sense::Maximise,
            objective: m.weighted(&half_days(options, &vars)),
        },
        Stage {
            name: "wishes",
            sense: Sense::Maximise,
            objective: m.weighted(&wish_scores(options, &vars)),
        },
        Stage {
            name: "earlier",
            sense: Sense::Maximise,
            objective: m.weighted(&earliness(c, &vars)),
        },
    ];
    let solved = model::lexicographic(&m, stages, settings, deadline, t0.elapsed())?;
    Ok(raw(c, &vars, &m, &solved))
}

/// Placements and figures from a solved model.
pub fn raw(c: &Commission, vars: &Vars, m: &Model, solved: &model::Solved) -> Raw {
    let mut placements: Vec<Option<Placement>> = vec![None; c.requests.len()];
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
    }
}

/// Adds the points-order rows; returns the departure variables.
fn stability_rows(
    c: &Commission,
    options: &[RequestOptions],
    vars: &Vars,
    m: &mut Model,
) -> Vec<Variable> {
    let users = users_by_half_day(c, options, vars, m);
    let mut blocking: BTreeMap<Blocking, Option<Variable>> = BTreeMap::new();
    let mut departures = Vec::new();
    for (i, ro) in options.iter().enumerate() {
        let planning = c.requests[i].planning;
        for w in ro.wishes.iter() {
            let opts: Vec<usize> = vars.by_request[i]
                .clone()
                .filter(|&v| vars.list[v].wish == w.rank - 1 && m.x[v].is_some())
                .collect();
            if opts.is_empty() {
                continue;
            }
            let better = m.sum(
                vars.by_request[i]
                    .clone()
                    .filter(|&v| vars.list[v].wish < w.rank),
            );
            let mut rows = Vec::new();
            for &v in &opts {
                let (cr, s, b) = vars.block(v);
                let cap = &c.creches[cr].sections[s].blocks[b].capacity;
                let mut blocked = Expression::with_capacity(planning.len() as usize);
                let mut always = false;
                for h in planning.iter() {
                    let need = group_demand(c, vars, m, i, (cr, s, b), h);
                    if cap[h] < need {
                        always = true;
                        break;
                    }
                    let key = (cr, s, b, h, w.points, cap[h] - need + 1);
                    let var = *blocking
                        .entry(key)
                        .or_insert_with(|| blocking_var(&users, m, key));
                    if let Some(bv) = var {
                        blocked.add_mul(1.0, bv);
                    }
                }
                if !always {
                    rows.push(blocked);
                }
            }
            if rows.is_empty() {
                continue;
            }
            let departure = m.binary();
            departures.push(departure);
            for blocked in rows {
                let row = constraint!(better.clone() + blocked + departure >= 1);
                m.rows.push(row);
            }
        }
    }
    departures
}

/// Places a request's sibling group needs at a block's half-day (1 for a single child).
fn group_demand(
    c: &Commission,
    vars: &Vars,
    m: &Model,
    i: usize,
    block: (usize, usize, usize),
    h: usize,
) -> u32 {
    let Some(g) = c.requests[i].sibling_group else {
        return 1;
    };
    c.sibling_groups[g]
        .members
        .iter()
        .filter(|&&j| {
            j == i
                || (c.requests[j].planning.contains(h)
                    && vars.by_request[j]
                        .clone()
                        .any(|v| m.x[v].is_some() && vars.block(v) == block))
        })
        .count() as u32
}

/// The options using each (crèche, section, block, half-day), most points first.
type Users = BTreeMap<(usize, usize, usize, usize), Vec<(i64, usize)>>;

fn users_by_half_day(c: &Commission, options: &[RequestOptions], vars: &Vars, m: &Model) -> Users {
    let mut users: Users = BTreeMap::new();
    for (v, var) in vars.list.iter().enumerate() {
        if m.x[v].is_none() {
            continue;
        }
        let (cr, s, b) = vars.block(v);
        let points = options[var.request].wishes[var.wish].points;
        for h in c.requests[var.request].planning.iter() {
            users.entry((cr, s, b, h)).or_default().push((points, v));
        }
    }
    for list in users.values_mut() {
        list.sort_by_key(|&(p, v)| (std::cmp::Reverse(p), v));
    }
    users
}

/// `threshold · B ≤ Σ x` of the requests with at least `points` at the crèche
/// using that half-day of that block; `None` when they are too few to fill it.
fn blocking_var(users: &Users, m: &mut Model, key: Blocking) -> Option<Variable> {
    let (cr, s, b, h, points, threshold) = key;
    let holders: Vec<usize> =
        users.get(&(cr, s, b, h)).into_iter().flatten().take_while(|&&(p, _)| p >= points).map(|&(_, v)| v).collect();
    if holders.len() < threshold as usize {
        return None;
    }
    let bv = m.binary();
    let row = constraint!(threshold as f64 * bv <= m.sum(holders.into_iter()));
    m.rows.push(row);
    Some(bv)
}

pub fn half_days(options: &[RequestOptions], vars: &Vars) -> Vec<f64> {
    vars.list
        .iter()
        .map(|v| options[v.request].half_days as f64)
        .collect()
}

/// `max wishes + 1 − rank`: a first wish always scores more than a second.
pub fn wish_scores(options: &[RequestOptions], vars: &Vars) -> Vec<f64> {
    let k = options.iter().map(|o| o.wishes.len()).max().unwrap_or(1) as f64;
    vars.list.iter().map(|v| k - v.wish as f64).collect()
}

/// `n − position` in tie order (submission date, then seeded draw).
pub fn earliness(c: &Commission, vars: &Vars) -> Vec<f64> {
    let mut order: Vec<usize> = (0..c.requests.len()).collect();
    tie_order(c, &mut order);
    let mut score = vec![0.0; c.requests.len()];
    for (pos, &r) in order.iter().enumerate() {
        score[r] = (order.len() - pos) as f64;
    }
    vars.list.iter().map(|v| score[v.request]).collect()
}
