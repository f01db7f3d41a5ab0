//! The integer program, built with good_lp and solved by HiGHS.
//!
//! One binary variable per eligible option (request × crèche × section × block),
//! created in canonical order (requests by id, wishes by rank, sections and
//! blocks in input order), so that the same commission always yields the same
//! model and, with fixed solver options, the same solution. Rows:
//! - each request takes at most one option;
//! - for each block and half-day, the children using it do not exceed its free
//!   places (only written where demand can exceed supply);
//! - siblings: every member of a group is at the same crèche or none is;
//! - the policy's own rows: fixed outcomes from earlier stages (`Σ x = 1`),
//!   forbidden options (left out of the model), an objective floor.
//!
//! good_lp builds the model; the `highs` crate solves it, because good_lp does
//! not expose the MIP gap or the final status we report.

use good_lp::solvers::highs::highs;
use good_lp::{
    constraint, variable, Constraint, Expression, ProblemVariables, SolverModel, Variable,
};
use highs::{HighsModelStatus, HighsSolutionStatus};
use std::ops::Range;
use std::time::{Duration, Instant};

use crate::domain::Commission;
use crate::error::{Error, Result};
use crate::rules::{Opt, RequestOptions};

/// One model column: an option of a request.
#[derive(Debug, Clone, Copy)]
pub struct Var {
    pub request: usize,
    /// Index into the request's wishes (rank − 1).
    pub wish: usize,
    pub creche: usize,
    pub opt: Opt,
}

/// Every option of every request, in canonical order.
#[derive(Debug, Clone)]
pub struct Vars {
    pub list: Vec<Var>,
    pub by_request: Vec<Range<usize>>,
    /// Options at a crèche that not every member of the request's sibling group
    /// can take: never in any model.
    pub excluded: Vec<bool>,
}

impl Vars {
    pub fn new(c: &Commission, options: &[RequestOptions]) -> Self {
        let mut list = Vec::new();
        let mut by_request = Vec::with_capacity(options.len());
        for (r, ro) in options.iter().enumerate() {
            let start = list.len();
            for (wi, w) in ro.wishes.iter().enumerate() {
                for opt in &w.options {
                    list.push(Var {
                        request: r,
                        wish: wi,
                        creche: w.creche,
                        opt: *opt,
                    });
                }
            }
            by_request.push(start..list.len());
        }
        let mut excluded = vec![false; list.len()];
        for g in &c.sibling_groups {
            let common = common_creches(options, &g.members);
            for &m in &g.members {
                for v in by_request[m].clone() {
                    excluded[v] = !common.contains(&list[v].creche);
                }
            }
        }
        Vars {
            list,
            by_request,
            excluded,
        }
    }
}

/// Crèches where every member of a sibling group has at least one option.
pub fn common_creches(options: &[RequestOptions], members: &[usize]) -> Vec<usize> {
    let first = &options[members[0]];
    first
        .wishes
        .iter()
        .filter(|w| !w.options.is_empty())
        .map(|w| w.creche)
        .filter(|&c| {
            members
                .iter()
                .all(|&m| options[m].wish_at(c).is_some_and(|w| !w.options.is_empty()))
        })
        .collect()
}

/// What one solve is asked.
pub struct Spec<'a> {
    /// Requests present in this model (others are as if absent).
    pub active: &'a [bool],
    /// Options left out of this model (fixed to 0).
    pub forbidden: &'a [bool],
    /// Sets of options of which exactly one is taken.
    pub exactly_one: &'a [Vec<usize>],
    /// Objective coefficient per option (maximised).
    pub objective: &'a [f64],
    /// `Σ coef·x ≥ bound` over options, for a second lexicographic stage.
    pub floor: Option<(&'a [f64], f64)>,
    /// Absolute gap at which a solution is optimal (below 1 for integer objectives).
    pub abs_gap: f64,
}

#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub time_limit: Option<f64>,
    pub threads: u32,
    pub seed: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Optimal,
    /// Time limit hit with a feasible solution.
    Feasible,
    /// Time limit hit before any solution.
    NoSolution,
}

#[derive(Debug, Clone)]
pub struct Solved {
    /// Per option: taken or not (false for options not in the model).
    pub taken: Vec<bool>,
    pub outcome: Outcome,
    pub gap: f64,
    pub objective: f64,
    pub columns: usize,
    pub rows: usize,
    pub build: Duration,
    pub solve: Duration,
}

pub fn solve(c: &Commission, vars: &Vars, spec: &Spec, settings: Settings) -> Result<Solved> {
    let t0 = Instant::now();
    let mut problem = ProblemVariables::new();
    let mut column: Vec<Option<Variable>> = vec![None; vars.list.len()];
    let mut alive: Vec<usize> = Vec::new();
    for (v, var) in vars.list.iter().enumerate() {
        if spec.active[var.request] && !spec.forbidden[v] && !vars.excluded[v] {
            column[v] = Some(problem.add(variable().binary()));
            alive.push(v);
        }
    }
    if alive.is_empty() {
        return Ok(Solved {
            taken: vec![false; vars.list.len()],
            outcome: Outcome::Optimal,
            gap: 0.0,
            objective: 0.0,
            columns: 0,
            rows: 0,
            build: t0.elapsed(),
            solve: Duration::ZERO,
        });
    }
    let sum = |vs: &mut dyn Iterator<Item = usize>| -> Expression {
        let mut e = Expression::with_capacity(8);
        for v in vs {
            if let Some(x) = column[v] {
                e.add_mul(1.0, x);
            }
        }
        e
    };
    let weighted = |coef: &[f64]| -> Expression {
        let mut e = Expression::with_capacity(alive.len());
        for &v in &alive {
            if coef[v] != 0.0 {
                e.add_mul(coef[v], column[v].expect("alive"));
            }
        }
        e
    };
    let mut rows: Vec<Constraint> = Vec::new();
    for range in &vars.by_request {
        if range.clone().filter(|&v| column[v].is_some()).count() > 1 {
            rows.push(constraint!(sum(&mut range.clone()) <= 1));
        }
    }
    capacity_rows(c, vars, &column, &alive, &mut rows);
    for g in &c.sibling_groups {
        for creche in creches_in_model(vars, &g.members, &column) {
            let at = |m: usize| {
                sum(&mut vars.by_request[m]
                    .clone()
                    .filter(|&v| vars.list[v].creche == creche))
            };
            let first = at(g.members[0]);
            for &m in &g.members[1..] {
                rows.push(constraint!(first.clone() - at(m) == 0));
            }
        }
    }
    for set in spec.exactly_one {
        rows.push(constraint!(sum(&mut set.iter().copied()) == 1));
    }
    if let Some((coef, bound)) = spec.floor {
        rows.push(constraint!(weighted(coef) >= bound));
    }
    let n_rows = rows.len();
    let mut model = problem.maximise(weighted(spec.objective)).using(highs);
    for row in rows {
        model.add_constraint(row);
    }
    let mut model = model
        .try_into_inner()
        .map_err(|e| Error::Solver(e.to_string()))?;
    model.make_quiet();
    model.set_option("threads", settings.threads.max(1) as i32);
    model.set_option("random_seed", settings.seed);
    model.set_option("mip_rel_gap", 0.0);
    model.set_option("mip_abs_gap", spec.abs_gap);
    if let Some(limit) = settings.time_limit {
        model.set_option("time_limit", limit.max(0.001));
    }
    let build = t0.elapsed();
    let t1 = Instant::now();
    let solved = model
        .try_solve()
        .map_err(|e| Error::Solver(format!("{e:?}")))?;
    let solve = t1.elapsed();
    let has_solution = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let outcome = match solved.status() {
        HighsModelStatus::Optimal => Outcome::Optimal,
        HighsModelStatus::ReachedTimeLimit | HighsModelStatus::ReachedInterrupt if has_solution => {
            Outcome::Feasible
        }
        HighsModelStatus::ReachedTimeLimit | HighsModelStatus::ReachedInterrupt => {
            Outcome::NoSolution
        }
        other => return Err(Error::Solver(format!("HiGHS ended with status {other:?}"))),
    };
    let mut taken = vec![false; vars.list.len()];
    if outcome != Outcome::NoSolution {
        let values = solved.get_solution();
        let values = values.columns();
        for (k, &v) in alive.iter().enumerate() {
            taken[v] = values[k] > 0.5;
        }
    }
    let gap = if outcome == Outcome::Optimal {
        0.0
    } else {
        solved.mip_gap()
    };
    Ok(Solved {
        taken,
        outcome,
        gap,
        objective: solved.objective_value(),
        columns: alive.len(),
        rows: n_rows,
        build,
        solve,
    })
}

/// Crèches where some member of the group has an option in the model: at each,
/// all members are placed or none (a member with no option there keeps all out).
fn creches_in_model(vars: &Vars, members: &[usize], column: &[Option<Variable>]) -> Vec<usize> {
    let mut creches: Vec<usize> = members
        .iter()
        .flat_map(|&m| vars.by_request[m].clone())
        .filter(|&v| column[v].is_some())
        .map(|v| vars.list[v].creche)
        .collect();
    creches.sort_unstable();
    creches.dedup();
    creches
}

/// `Σ x ≤ free places` per block and half-day, where demand can exceed supply.
fn capacity_rows(
    c: &Commission,
    vars: &Vars,
    column: &[Option<Variable>],
    alive: &[usize],
    rows: &mut Vec<Constraint>,
) {
    // Options grouped by block, in canonical (crèche, section, block) order.
    let mut by_block: Vec<((usize, usize, usize), usize)> = alive
        .iter()
        .map(|&v| {
            (
                (
                    vars.list[v].creche,
                    vars.list[v].opt.section,
                    vars.list[v].opt.block,
                ),
                v,
            )
        })
        .collect();
    by_block.sort_by_key(|&(k, v)| (k, v));
    let mut start = 0;
    while start < by_block.len() {
        let key = by_block[start].0;
        let end = start
            + by_block[start..]
                .iter()
                .take_while(|(k, _)| *k == key)
                .count();
        let group = &by_block[start..end];
        let cap = &c.creches[key.0].sections[key.1].blocks[key.2].capacity;
        for (h, &free) in cap.iter().enumerate() {
            let users: Vec<usize> = group
                .iter()
                .map(|&(_, v)| v)
                .filter(|&v| c.requests[vars.list[v].request].planning.contains(h))
                .collect();
            if users.len() > free as usize {
                let mut e = Expression::with_capacity(users.len());
                for v in users {
                    e.add_mul(1.0, column[v].expect("alive"));
                }
                rows.push(constraint!(e <= free as f64));
            }
        }
        start = end;
    }
}
