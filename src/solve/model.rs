//! The integer program, built with good_lp and solved by HiGHS.
//!
//! One binary variable per eligible option (request × crèche × section × block),
//! created in canonical order (requests by id, wishes by rank, sections and
//! blocks in input order), so that the same commission always yields the same
//! model and, with fixed solver options, the same solution. Base rows:
//! - each request takes at most one option;
//! - for each block and half-day, the children using it do not exceed its free
//!   places (only written where demand can exceed supply);
//! - siblings: at every crèche, all members of a group are placed or none is.
//!
//! A policy adds its own variables and rows, then optimises a list of
//! [`Stage`]s lexicographically: each stage keeps the previous optima as floors
//! and starts from the previous solution. Every stage objective has integer
//! coefficients, so `mip_abs_gap` 0.5 with `mip_rel_gap` 0 proves optimality.
//!
//! good_lp builds the model; the `highs` crate solves it, because good_lp does
//! not expose the MIP gap or the final status we report.

use good_lp::solvers::highs::highs;
use good_lp::{
    constraint, variable, Constraint, Expression, ProblemVariables, SolverModel, Variable,
};
use highs::{HighsModelStatus, HighsSolutionStatus};
use std::ops::Range;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// HiGHS 1.x is not safe with several solver instances alive at once in one
/// process (HiGHS issue #3141: `Highs_destroy` resets a global scheduler), so
/// every solve in the process holds this lock. Callers that need a queue (the
/// gRPC service) put theirs in front of it.
static HIGHS: Mutex<()> = Mutex::new(());

use crate::domain::Commission;
use crate::error::{Error, Result};
use crate::rules::{Opt, RequestOptions};

/// One option of a request.
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
    /// Options at a crèche where not every member of the request's sibling
    /// group has an option, or ruled out before solving: never in a model.
    pub excluded: Vec<bool>,
    /// Options decided taken before solving ([`super::propagate`]): constants,
    /// not columns; their places come off the free capacity.
    pub fixed: Vec<bool>,
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
        let fixed = vec![false; list.len()];
        Vars {
            list,
            by_request,
            excluded,
            fixed,
        }
    }

    pub fn block(&self, v: usize) -> (usize, usize, usize) {
        let var = &self.list[v];
        (var.creche, var.opt.section, var.opt.block)
    }
}

/// Crèches where every member of a sibling group has at least one option.
pub fn common_creches(options: &[RequestOptions], members: &[usize]) -> Vec<usize> {
    options[members[0]]
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

/// The model under construction: columns and rows shared by every stage.
pub struct Model {
    pub problem: ProblemVariables,
    /// Column of each option (`None`: excluded).
    pub x: Vec<Option<Variable>>,
    /// Column index of each option, into a solution's values.
    pub col: Vec<Option<usize>>,
    /// Options taken before solving (see [`Vars::fixed`]).
    pub fixed: Vec<bool>,
    pub rows: Vec<Constraint>,
}

impl Model {
    /// Option columns and the base rows.
    pub fn base(c: &Commission, vars: &Vars) -> Model {
        let mut problem = ProblemVariables::new();
        let mut x = Vec::with_capacity(vars.list.len());
        let mut col = Vec::with_capacity(vars.list.len());
        for (&ex, &fixed) in vars.excluded.iter().zip(&vars.fixed) {
            let column = !ex && !fixed;
            col.push(column.then(|| problem.len()));
            x.push(column.then(|| problem.add(variable().binary())));
        }
        let mut m = Model {
            problem,
            x,
            col,
            fixed: vars.fixed.clone(),
            rows: Vec::new(),
        };
        for range in &vars.by_request {
            if range.clone().filter(|&v| m.x[v].is_some()).count() > 1 {
                let row = constraint!(m.sum(range.clone()) <= 1);
                m.rows.push(row);
            }
        }
        m.capacity_rows(c, vars);
        for g in &c.sibling_groups {
            for creche in common_creches_of(vars, &g.members, &m.x) {
                let at = |m_: usize| {
                    vars.by_request[m_]
                        .clone()
                        .filter(|&v| vars.list[v].creche == creche)
                };
                let first = m.sum(at(g.members[0]));
                for &member in &g.members[1..] {
                    let row = constraint!(first.clone() - m.sum(at(member)) == 0);
                    m.rows.push(row);
                }
            }
        }
        m
    }

    pub fn binary(&mut self) -> Variable {
        self.problem.add(variable().binary())
    }

    /// `Σ x` over options (excluded ones count 0).
    pub fn sum(&self, options: impl Iterator<Item = usize>) -> Expression {
        let mut e = Expression::with_capacity(4);
        for v in options {
            if let Some(x) = self.x[v] {
                e.add_mul(1.0, x);
            }
        }
        e
    }

    /// `Σ coef·x` over options with a non-zero coefficient.
    pub fn weighted(&self, coef: &[f64]) -> Expression {
        let mut e = Expression::with_capacity(coef.len());
        for (v, &k) in coef.iter().enumerate() {
            if let (Some(x), true) = (self.x[v], k != 0.0) {
                e.add_mul(k, x);
            }
        }
        e
    }

    pub fn columns(&self) -> usize {
        self.problem.len()
    }

    /// `Σ x ≤ free places` per block and half-day, where demand can exceed
    /// supply; places of options fixed taken come off first.
    fn capacity_rows(&mut self, c: &Commission, vars: &Vars) {
        let mut by_block: Vec<((usize, usize, usize), usize)> = (0..vars.list.len())
            .filter(|&v| self.x[v].is_some() || self.fixed[v])
            .map(|v| (vars.block(v), v))
            .collect();
        by_block.sort_unstable();
        for group in by_block.chunk_by(|a, b| a.0 == b.0) {
            let (cr, s, b) = group[0].0;
            let cap = &c.creches[cr].sections[s].blocks[b].capacity;
            for (h, &free) in cap.iter().enumerate() {
                let using = |v: &usize| c.requests[vars.list[*v].request].planning.contains(h);
                let held = group
                    .iter()
                    .map(|&(_, v)| v)
                    .filter(|v| self.fixed[*v] && using(v))
                    .count() as f64;
                let users = group
                    .iter()
                    .map(|&(_, v)| v)
                    .filter(|v| self.x[*v].is_some() && using(v));
                if held + users.clone().count() as f64 > free as f64 {
                    let row = constraint!(self.sum(users) <= free as f64 - held);
                    self.rows.push(row);
                }
            }
        }
    }

    /// `Σ coef` over the options fixed taken: the part of an objective that is
    /// a constant of the model.
    pub fn fixed_value(&self, coef: &[f64]) -> f64 {
        coef.iter()
            .zip(&self.fixed)
            .filter(|&(_, &f)| f)
            .map(|(k, _)| k)
            .sum()
    }
}

/// Crèches where some member of the group has an option in the model: at each,
/// all members are placed or none (a member with no option there keeps all out).
fn common_creches_of(vars: &Vars, members: &[usize], x: &[Option<Variable>]) -> Vec<usize> {
    let mut creches: Vec<usize> = members
        .iter()
        .flat_map(|&m| vars.by_request[m].clone())
        .filter(|&v| x[v].is_some())
        .map(|v| vars.list[v].creche)
        .collect();
    creches.sort_unstable();
    creches.dedup();
    creches
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    Maximise,
    Minimise,
}

/// One objective of a lexicographic solve.
pub struct Stage {
    pub name: String,
    pub sense: Sense,
    /// Over the model's columns only (HiGHS gets no objective offset).
    pub objective: Expression,
    /// What the options fixed before solving add to the objective.
    pub constant: f64,
}

/// A maximised objective over options with integer coefficients, whose value
/// on any allocation lies in `0..range`.
pub struct Part {
    pub name: &'static str,
    pub coef: Vec<f64>,
    pub range: f64,
}

/// Objectives whose combined value range stays below this are merged into one
/// solve: integer weights keep the merge exactly lexicographic, and HiGHS
/// (which detects the objective's integrality) resolves unit differences. At
/// 1e10 a double still resolves units a million times over; merging the
/// "earlier" stage into the first halves the default commission's solve time
/// (one MIP instead of two, each with its own presolve and root cuts).
const MERGE_LIMIT: f64 = 1e10;

/// Lexicographic parts → stages, merging consecutive parts while exact.
pub fn merge(m: &Model, parts: Vec<Part>) -> Vec<Stage> {
    let mut stages = Vec::new();
    let mut current: Option<(Vec<&'static str>, Vec<f64>, f64)> = None;
    for part in parts {
        current = match current {
            Some((mut names, coef, range)) if range * part.range < MERGE_LIMIT => {
                names.push(part.name);
                let merged = coef
                    .iter()
                    .zip(&part.coef)
                    .map(|(a, b)| a * part.range + b)
                    .collect();
                Some((names, merged, range * part.range))
            }
            Some((names, coef, _)) => {
                stages.push(Stage {
                    name: names.join("+"),
                    sense: Sense::Maximise,
                    objective: m.weighted(&coef),
                    constant: m.fixed_value(&coef),
                });
                Some((vec![part.name], part.coef, part.range))
            }
            None => Some((vec![part.name], part.coef, part.range)),
        };
    }
    if let Some((names, coef, _)) = current {
        stages.push(Stage {
            name: names.join("+"),
            sense: Sense::Maximise,
            objective: m.weighted(&coef),
            constant: m.fixed_value(&coef),
        });
    }
    stages
}

#[derive(Debug, Clone, Copy)]
pub struct Settings {
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
    /// The rows admit no solution (only possible when a policy fixed options
    /// under an assumption, e.g. that points order can be kept everywhere).
    Infeasible,
}

/// The result of a lexicographic solve.
#[derive(Debug, Clone)]
pub struct Solved {
    /// Column values of the last stage that found a solution.
    pub values: Vec<f64>,
    /// `Optimal` when every stage was proven optimal.
    pub outcome: Outcome,
    pub gap: Option<f64>,
    /// Optimum (or best value) of each stage that ran.
    pub objectives: Vec<(String, f64)>,
    pub solves: usize,
    pub columns: usize,
    pub rows: usize,
    pub build: Duration,
    pub solve: Duration,
}

impl Solved {
    pub fn taken(&self, m: &Model, v: usize) -> bool {
        m.fixed[v] || m.col[v].is_some_and(|k| self.values[k] > 0.5)
    }
}

/// Optimises the stages in order, each keeping the optima before it, until the
/// deadline. `build_time` is the time already spent building `m`.
pub fn lexicographic(
    m: &Model,
    stages: Vec<Stage>,
    settings: Settings,
    deadline: Option<Instant>,
    build_time: Duration,
    start: Option<Vec<f64>>,
) -> Result<Solved> {
    let mut floors: Vec<Constraint> = Vec::new();
    let mut out = Solved {
        values: Vec::new(),
        outcome: Outcome::Optimal,
        gap: None,
        objectives: Vec::new(),
        solves: 0,
        columns: m.columns(),
        rows: m.rows.len(),
        build: build_time,
        solve: Duration::ZERO,
    };
    if m.columns() == 0 {
        // Nothing to decide (HiGHS would report an empty model, not a solution).
        out.objectives = stages
            .iter()
            .map(|s| (s.name.clone(), s.constant))
            .collect();
        return Ok(out);
    }
    for stage in stages {
        let time_limit = match deadline {
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now()).as_secs_f64();
                if left <= 0.0 {
                    out.outcome = Outcome::Feasible;
                    break;
                }
                Some(left)
            }
            None => None,
        };
        let t0 = Instant::now();
        let problem = m.problem.clone();
        let objective = stage.objective.clone();
        let mut unsolved = match stage.sense {
            Sense::Maximise => problem.maximise(objective),
            Sense::Minimise => problem.minimise(objective),
        }
        .using(highs);
        for row in m.rows.iter().chain(&floors) {
            unsolved.add_constraint(row.clone());
        }
        let n_rows = m.rows.len() + floors.len();
        // From the creation of the HiGHS instance to its destruction.
        let guard = HIGHS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut model = unsolved
            .try_into_inner()
            .map_err(|e| Error::Solver(e.to_string()))?;
        // CRECHE_HIGHS_LOG=1 shows HiGHS' own log (diagnostics only).
        if std::env::var_os("CRECHE_HIGHS_LOG").is_none() {
            model.make_quiet();
        } else {
            model.set_option("output_flag", true);
            model.set_option("log_to_console", true);
        }
        model.set_option("threads", settings.threads.max(1) as i32);
        model.set_option("random_seed", settings.seed);
        model.set_option("mip_rel_gap", 0.0);
        model.set_option("mip_abs_gap", 0.5);
        if let Some(limit) = time_limit {
            model.set_option("time_limit", limit.max(0.001));
        }
        // CRECHE_HIGHS_OPTIONS="name=value,..." (experiments only; numbers or words).
        if let Ok(list) = std::env::var("CRECHE_HIGHS_OPTIONS") {
            for (name, value) in list.split(',').filter_map(|kv| kv.split_once('=')) {
                let name = name.trim();
                let set = if let Ok(i) = value.parse::<i32>() {
                    model.try_set_option(name, i)
                } else if let Ok(f) = value.parse::<f64>() {
                    model.try_set_option(name, f)
                } else if let Ok(b) = value.parse::<bool>() {
                    model.try_set_option(name, b)
                } else {
                    model.try_set_option(name, value)
                };
                if set.is_err() {
                    eprintln!("CRECHE_HIGHS_OPTIONS: HiGHS refused {name}={value}");
                }
            }
        }
        // The previous optimum satisfies every floor so far: a warm start. The
        // first stage may start from a solution given by the policy.
        let warm = if out.values.is_empty() {
            start.as_deref()
        } else {
            Some(out.values.as_slice())
        };
        if let Some(values) = warm {
            // A start HiGHS rejects only costs time, never correctness.
            let _ = model.try_set_solution(Some(values), None, None, None);
        }
        out.build += t0.elapsed();
        let t1 = Instant::now();
        let solved = model
            .try_solve()
            .map_err(|e| Error::Solver(format!("{e:?}")))?;
        out.solve += t1.elapsed();
        // CRECHE_DEBUG_STAGES=1 prints each stage's solve time (diagnostics only).
        if std::env::var_os("CRECHE_DEBUG_STAGES").is_some() {
            eprintln!(
                "stage {}: {:?} ({} columns, {} rows)",
                stage.name,
                t1.elapsed(),
                m.columns(),
                n_rows
            );
        }
        out.solves += 1;
        out.rows = out.rows.max(n_rows);
        // Read the info directly: the typed accessor panics on unexpected values.
        let has_solution = solved.int_info_value(c"primal_solution_status").ok()
            == Some(HighsSolutionStatus::Feasible as i64);
        let outcome = match solved.status() {
            HighsModelStatus::Optimal => Outcome::Optimal,
            HighsModelStatus::ReachedTimeLimit | HighsModelStatus::ReachedInterrupt
                if has_solution =>
            {
                Outcome::Feasible
            }
            HighsModelStatus::ReachedTimeLimit | HighsModelStatus::ReachedInterrupt => {
                Outcome::NoSolution
            }
            HighsModelStatus::Infeasible if out.solves == 1 => {
                out.outcome = Outcome::Infeasible;
                return Ok(out);
            }
            other => {
                return Err(Error::Solver(format!(
                    "HiGHS ended stage '{}' with status {other:?}",
                    stage.name
                )))
            }
        };
        let values = solved.get_solution().columns().to_vec();
        let value = solved.objective_value();
        let gap = solved
            .double_info_value(c"mip_gap")
            .unwrap_or(f64::INFINITY);
        drop(solved);
        drop(guard);
        if outcome == Outcome::NoSolution {
            out.outcome = Outcome::Feasible;
            out.gap = Some(f64::INFINITY);
            break;
        }
        out.values = values;
        out.objectives
            .push((stage.name.clone(), (value + stage.constant).round()));
        if outcome == Outcome::Feasible {
            out.outcome = Outcome::Feasible;
            out.gap = Some(gap);
            break;
        }
        floors.push(match stage.sense {
            Sense::Maximise => constraint!(stage.objective >= value - 0.5),
            Sense::Minimise => constraint!(stage.objective <= value + 0.5),
        });
    }
    if out.values.is_empty() {
        // No stage found a solution in time: the policy's start, when it has
        // one, is feasible (it satisfies every row), so it is the best known.
        match start {
            Some(values) => {
                out.values = values;
                out.outcome = Outcome::Feasible;
                out.gap = Some(f64::INFINITY);
            }
            None => return Err(Error::TimeLimit(0.0)),
        }
    }
    Ok(out)
}

/// The HiGHS library version linked in (e.g. "1.16.0"), for reproducibility footers.
pub fn highs_version() -> String {
    // SAFETY: `Highs_version` returns a pointer to a static NUL-terminated string.
    let ptr = unsafe { highs_sys::Highs_version() };
    if ptr.is_null() {
        return "unknown".to_string();
    }
    unsafe { std::ffi::CStr::from_ptr(ptr) }
        .to_string_lossy()
        .into_owned()
}
