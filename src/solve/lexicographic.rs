//! Lexicographic stages on one HiGHS instance.
//!
//! The model is handed to HiGHS once. Between stages only what changes is
//! changed in place: the column costs (the next stage's objective), the sense,
//! one floor row (the stage just solved keeps its optimum) and the start
//! solution (the previous optimum, which satisfies every floor so far). The
//! rows are moved into HiGHS, never cloned per stage.
//!
//! HiGHS 1.x is not safe with several solver instances alive at once in one
//! process (HiGHS issue #3141: `Highs_destroy` resets a global scheduler), so
//! the whole lexicographic solve holds [`HIGHS`], from the creation of the
//! instance to its destruction. Callers that need a queue (the gRPC service)
//! put theirs in front of it.

use good_lp::solvers::highs::highs;
use good_lp::{Expression, IntoAffineExpression, SolverModel, Variable};
use highs::{HighsModelStatus, HighsSolutionStatus};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::model::{Model, Sense, Settings, Stage};
use crate::error::{Error, Result};

pub(crate) static HIGHS: Mutex<()> = Mutex::new(());

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
/// deadline (moved by the time spent waiting for the process-wide HiGHS lock).
/// `build_time` is the time already spent building `m`; its rows are moved
/// into the solver (`m.rows` is empty afterwards).
pub fn lexicographic(
    m: &mut Model,
    stages: Vec<Stage>,
    settings: Settings,
    deadline: Option<Instant>,
    build_time: Duration,
    start: Option<Vec<f64>>,
) -> Result<Solved> {
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
    let Some(first) = stages.first().filter(|_| m.columns() > 0) else {
        // Nothing to decide (HiGHS would report an empty model, not a solution).
        out.objectives = stages
            .iter()
            .map(|s| (s.name.clone(), s.constant))
            .collect();
        return Ok(out);
    };
    let t0 = Instant::now();
    let columns = Columns::of(m);
    let problem = m.problem.clone();
    let mut unsolved = match first.sense {
        Sense::Maximise => problem.maximise(first.objective.clone()),
        Sense::Minimise => problem.minimise(first.objective.clone()),
    }
    .using(highs);
    for row in std::mem::take(&mut m.rows) {
        unsolved.add_constraint(row);
    }
    // Time spent waiting for another solve of this process to release HiGHS
    // is not this solve's: its deadline moves by as much.
    let waiting = Instant::now();
    let guard = HIGHS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let deadline = deadline.map(|d| d + waiting.elapsed());
    let mut model = unsolved
        .try_into_inner()
        .map_err(|e| Error::Solver(e.to_string()))?;
    configure(&mut model, settings);
    out.build += t0.elapsed();
    for (k, stage) in stages.iter().enumerate() {
        let t0 = Instant::now();
        if k > 0 {
            set_objective(&mut model, stage, &columns)?;
        }
        if let Some(d) = deadline {
            let left = d.saturating_duration_since(Instant::now()).as_secs_f64();
            if left <= 0.0 {
                out.outcome = Outcome::Feasible;
                break;
            }
            model.set_option("time_limit", left.max(0.001));
        }
        // The previous optimum satisfies every floor so far: a warm start. The
        // first stage may start from a solution given by the policy. A start
        // HiGHS rejects only costs time, never correctness.
        let warm = match k {
            0 => start.as_deref(),
            _ => Some(out.values.as_slice()),
        };
        if let Some(values) = warm {
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
                out.columns,
                out.rows + k
            );
        }
        out.solves += 1;
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
            HighsModelStatus::Infeasible if k == 0 => {
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
        model = solved.into();
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
        if k + 1 < stages.len() {
            let t2 = Instant::now();
            add_floor(&mut model, stage, value, &columns)?;
            out.rows += 1;
            out.build += t2.elapsed();
        }
    }
    drop(model);
    drop(guard);
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

/// Options every stage shares.
fn configure(model: &mut highs::Model, settings: Settings) {
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
}

/// HiGHS' column index of each variable of the model (good_lp numbers them in
/// creation order but keeps the number private).
struct Columns(HashMap<Variable, i32>);

impl Columns {
    fn of(m: &Model) -> Columns {
        Columns(
            m.problem
                .iter_variables_with_def()
                .enumerate()
                .map(|(k, (v, _))| (v, k as i32))
                .collect(),
        )
    }
}

/// `(column, coefficient)` of an objective, as HiGHS indexes them.
fn terms(objective: &Expression, columns: &Columns) -> (Vec<i32>, Vec<f64>) {
    let mut terms: Vec<(i32, f64)> = objective
        .linear_coefficients()
        .filter(|&(_, k)| k != 0.0)
        .map(|(v, k)| (columns.0[&v], k))
        .collect();
    // In column order, whatever the expression's own order.
    terms.sort_unstable_by_key(|&(c, _)| c);
    terms.into_iter().unzip()
}

fn check(status: i32, what: &str) -> Result<()> {
    if status == highs_sys::kHighsStatusError {
        return Err(Error::Solver(format!("HiGHS refused to {what}")));
    }
    Ok(())
}

/// The next stage's objective and sense, in place.
fn set_objective(model: &mut highs::Model, stage: &Stage, columns: &Columns) -> Result<()> {
    let mut cost = vec![0.0; columns.0.len()];
    let (cols, coefs) = terms(&stage.objective, columns);
    for (c, k) in cols.into_iter().zip(coefs) {
        cost[c as usize] += k;
    }
    let sense = match stage.sense {
        Sense::Maximise => highs_sys::kHighsObjSenseMaximize,
        Sense::Minimise => highs_sys::kHighsObjSenseMinimize,
    };
    let last = cost.len() as i32 - 1;
    // SAFETY: the pointer is the live HiGHS instance of `model`, and `cost`
    // holds one value per column, `0..=last`.
    let status = unsafe {
        highs_sys::Highs_changeColsCostByRange(model.as_mut_ptr(), 0, last, cost.as_ptr())
    };
    check(status, "change the objective")?;
    // SAFETY: as above.
    let status = unsafe { highs_sys::Highs_changeObjectiveSense(model.as_mut_ptr(), sense) };
    check(status, "change the objective sense")
}

/// The stage just solved keeps its optimum `value` (integer objectives, so
/// half a unit of slack is exact).
fn add_floor(model: &mut highs::Model, stage: &Stage, value: f64, columns: &Columns) -> Result<()> {
    let (cols, coefs) = terms(&stage.objective, columns);
    let (lower, upper) = match stage.sense {
        Sense::Maximise => (value - 0.5, f64::INFINITY),
        Sense::Minimise => (f64::NEG_INFINITY, value + 0.5),
    };
    // SAFETY: the pointer is the live HiGHS instance of `model`; `cols` and
    // `coefs` have the same length, passed as the row's number of non-zeros.
    let status = unsafe {
        highs_sys::Highs_addRow(
            model.as_mut_ptr(),
            lower,
            upper,
            cols.len() as i32,
            cols.as_ptr(),
            coefs.as_ptr(),
        )
    };
    check(status, "add a floor row")
}
