//! The priority policy: points order first, as hard as the rules allow.
//!
//! **Points order** is a stability rule written into the model
//! ([`super::stability`]): a request `i` that is not placed at a wished crèche
//! `c` (nor at a better-ranked wish) must, in every way it could sit there, meet
//! a half-day where the places are all held by requests with at least its points
//! at `c` (a sibling group claims as one: twins need two places). So no request
//! is left out, or given a worse wish, while a request with fewer points holds a
//! place it could use — nor while several with fewer points share it. Where a
//! rule makes this impossible (siblings, crèche-specific points that cross), a
//! *departure* variable lets the row go, and departures are minimised first.
//!
//! Before the model is built, [`super::propagate`] settles what points order
//! alone decides (the top request at a crèche takes its first wish, and so on
//! down); the model gets only what is left, with the same optima.
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

use std::collections::BTreeMap;
use std::time::Instant;

use super::greedy;
use super::load::Placement;
use super::model::{self, Model, Outcome, Sense, Settings, Stage, Vars};
use super::order::tie_order;
use super::propagate::{propagate, Fix, Users};
use super::stability::Stability;
use super::{Raw, Stats};
use crate::domain::{Commission, Status};
use crate::error::{Error, Result};
use crate::rules::{claim_points_at, RequestOptions};

pub fn allocate(
    c: &Commission,
    options: &[RequestOptions],
    settings: Settings,
    deadline: Option<Instant>,
) -> Result<Raw> {
    // CRECHE_NO_REDUCE=1 solves the whole model (diagnostics only).
    let reduce = std::env::var_os("CRECHE_NO_REDUCE").is_none();
    allocate_with(c, options, settings, deadline, reduce)
}

/// [`allocate`], with the fixings of [`propagate`] (`reduce`) or without (the
/// whole model: slower, the same optima; kept to check the fixings in tests).
pub fn allocate_with(
    c: &Commission,
    options: &[RequestOptions],
    settings: Settings,
    deadline: Option<Instant>,
    reduce: bool,
) -> Result<Raw> {
    let greedy = greedy::allocate(c, options);
    match solve_policy(c, options, &greedy, settings, deadline, reduce) {
        // No solution of the policy's model in time, and the greedy allocation
        // departs from points order (else HiGHS would have had it as a start):
        // the greedy allocation itself, whole, explained as greedy.
        Err(Error::TimeLimit(_)) => Ok(Raw {
            placements: greedy,
            status: Status::Feasible,
            gap: None,
            stats: Stats::default(),
            greedy_fallback: true,
        }),
        other => other,
    }
}

fn solve_policy(
    c: &Commission,
    options: &[RequestOptions],
    greedy: &[Option<Placement>],
    settings: Settings,
    deadline: Option<Instant>,
    reduce: bool,
) -> Result<Raw> {
    let t0 = Instant::now();
    let vars = Vars::new(c, options);
    let claim_points = claim_points(c, options, &vars);
    if reduce {
        // The fixings hold for every allocation that keeps points order
        // everywhere; if none exists, the reduced model is infeasible and the
        // whole model (with departures) decides.
        let users = users_by_half_day(c, &vars, &claim_points);
        let mut reduced = vars.clone();
        for (v, fix) in propagate(c, &vars, &claim_points, &users)
            .into_iter()
            .enumerate()
        {
            reduced.excluded[v] |= fix == Fix::Out;
            reduced.fixed[v] = fix == Fix::Taken;
        }
        let (m, solved) = solve_model(
            c,
            options,
            &reduced,
            &claim_points,
            greedy,
            false,
            settings,
            deadline,
            t0,
        )?;
        if solved.outcome != Outcome::Infeasible {
            return Ok(raw(c, &reduced, &m, &solved));
        }
    }
    let (m, solved) = solve_model(
        c,
        options,
        &vars,
        &claim_points,
        greedy,
        true,
        settings,
        deadline,
        t0,
    )?;
    Ok(raw(c, &vars, &m, &solved))
}

/// Builds the model of `vars` and solves its stages; `departures` allows
/// departures from points order when the greedy start needs them.
#[allow(clippy::too_many_arguments)]
fn solve_model(
    c: &Commission,
    options: &[RequestOptions],
    vars: &Vars,
    claim_points: &[i64],
    greedy: &[Option<Placement>],
    departures: bool,
    settings: Settings,
    deadline: Option<Instant>,
    t0: Instant,
) -> Result<(Model, model::Solved)> {
    let mut m = Model::base(c, vars);
    let users = users_by_half_day(c, vars, claim_points);
    let mut stability = Stability::build(c, options, vars, &m, claim_points, &users);
    let greedy = taken_by(vars, greedy);
    // When the greedy allocation keeps points order everywhere, the fewest
    // departures is 0: the model needs no departure column, and stage 1 is known.
    let departures_needed = departures && stability.departures(&greedy) > 0;
    let departure_cols = stability.add_rows(&mut m, departures_needed);
    // The greedy allocation starts HiGHS only where it is a solution of this
    // model: its departures have columns, and it agrees with the fixings (in
    // the reduced model a greedy allocation that departs from points order
    // may not). HiGHS finds its own start otherwise.
    let agrees =
        (0..vars.list.len()).all(|v| vars.fixed[v] == greedy[v] || (greedy[v] && m.x[v].is_some()));
    let start = (agrees && (departures_needed || stability.departures(&greedy) == 0))
        .then(|| stability.start(vars, &m, &greedy));
    let mut stages = Vec::new();
    if departures_needed {
        stages.push(Stage {
            name: "departures".into(),
            sense: Sense::Minimise,
            objective: departure_cols.iter().copied().sum(),
            constant: 0.0,
        });
    }
    stages.extend(model::merge(
        &m,
        tie_breaks(
            c,
            options,
            vars,
            Some(("half_days", half_days(options, vars))),
        ),
    ));
    let mut solved = model::lexicographic(&mut m, stages, settings, deadline, t0.elapsed(), start)?;
    if !departures_needed {
        solved.objectives.insert(0, ("departures".to_string(), 0.0));
    }
    Ok((m, solved))
}

/// Which options an allocation takes.
fn taken_by(vars: &Vars, placements: &[Option<Placement>]) -> Vec<bool> {
    vars.list
        .iter()
        .map(|var| {
            placements[var.request].is_some_and(|p| p.creche == var.creche && p.opt == var.opt)
        })
        .collect()
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
        greedy_fallback: false,
    }
}

/// Points a request claims at an option's crèche: a sibling group claims with
/// its highest member's points there (the group is placed as one).
fn claim_points(c: &Commission, options: &[RequestOptions], vars: &Vars) -> Vec<i64> {
    vars.list
        .iter()
        .map(|var| claim_points_at(c, options, var.request, var.creche))
        .collect()
}

/// The options using each (crèche, section, block, half-day), most claim
/// points first: every option not excluded, fixed ones included.
fn users_by_half_day(c: &Commission, vars: &Vars, claim_points: &[i64]) -> Users {
    let mut users: Users = BTreeMap::new();
    for (v, var) in vars.list.iter().enumerate() {
        if vars.excluded[v] {
            continue;
        }
        let (cr, s, b) = vars.block(v);
        for h in c.requests[var.request].planning.iter() {
            users
                .entry((cr, s, b, h))
                .or_default()
                .push((claim_points[v], v));
        }
    }
    for list in users.values_mut() {
        list.sort_by_key(|&(p, v)| (std::cmp::Reverse(p), v));
    }
    users
}

/// The parts after points order: `first` (occupancy, or points and fit), then
/// wishes, then earlier requests.
pub fn tie_breaks(
    c: &Commission,
    options: &[RequestOptions],
    vars: &Vars,
    first: Option<(&'static str, Vec<f64>)>,
) -> Vec<model::Part> {
    let mut parts = Vec::new();
    if let Some((first_name, coef)) = first {
        let range = per_request_max(vars, &coef, c.requests.len()) + 1.0;
        parts.push(model::Part {
            name: first_name,
            coef,
            range,
        });
    }
    let wishes = wish_scores(options, vars);
    let range = per_request_max(vars, &wishes, c.requests.len()) + 1.0;
    parts.push(model::Part {
        name: "wishes",
        coef: wishes,
        range,
    });
    let early = earliness(c, options, vars);
    let range = per_request_max(vars, &early, c.requests.len()) + 1.0;
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

/// Among requests with the same points, `1 +` the number after it in tie order
/// (submission date, then seeded draw): the earlier request scores more. Only
/// requests of equal points are compared, which keeps the range small.
pub fn earliness(c: &Commission, options: &[RequestOptions], vars: &Vars) -> Vec<f64> {
    let mut order: Vec<usize> = (0..c.requests.len()).collect();
    tie_order(c, &mut order);
    let mut after: BTreeMap<i64, usize> = BTreeMap::new();
    let mut score = vec![0.0; c.requests.len()];
    for &r in order.iter().rev() {
        let n = after.entry(options[r].priority_points()).or_insert(0);
        *n += 1;
        score[r] = *n as f64;
    }
    vars.list.iter().map(|v| score[v.request]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;

    /// A deadline already past: nothing is solved, and the answer is the
    /// greedy allocation whole, whether greedy keeps points order (the small
    /// generated commission: it is HiGHS' start) or not (the default one: 2
    /// departures, so it cannot start the reduced model).
    #[test]
    fn a_deadline_before_any_solution_gives_the_greedy_allocation_whole() {
        let small = std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/instances/generated/small-7x120.json"
        ));
        for path in [None, Some(small)] {
            let c = crate::io::read_commission(path).unwrap();
            let options = rules::resolve(&c);
            let settings = Settings {
                threads: 1,
                seed: 1,
            };
            let raw = allocate(&c, &options, settings, Some(Instant::now())).unwrap();
            assert_eq!(raw.status, Status::Feasible, "{path:?}");
            assert_eq!(raw.placements, greedy::allocate(&c, &options), "{path:?}");
        }
    }
}
