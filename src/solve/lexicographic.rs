//! Lexicographic stages on one HiGHS instance.
//!
//! The model is handed to HiGHS once. Between stages only what changes is
//! changed in place: the column costs (the next stage's objective), the sense,
//! one floor row (the stage just solved keeps its optimum) and the start
//! solution (the previous optimum, which satisfies every floor so far). The
//! rows are moved into HiGHS, never cloned per stage.
//!
//! The whole lexicographic solve is one [`Session`] (the process-wide HiGHS
//! lock, the shared options, the interrupt callback of the caller's
//! cancellation): a cancelled solve ends with [`Error::Cancelled`], between
//! stages or inside one.

use good_lp::solvers::highs::highs;
use good_lp::{Expression, IntoAffineExpression, SolverModel, Variable};
use highs::{HighsModelStatus, HighsSolutionStatus};
use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::cancel::Stop;
use super::model::{Model, Sense, Stage};
use super::session::{highs_ok, HighsConfig, Session};
use crate::error::{Error, Result};

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

/// Optimises the stages in order, each keeping the optima before it, until
/// `stop` (its deadline moved by the time spent waiting for the process-wide
/// HiGHS lock). `build_time` is the time already spent building `m`; its rows
/// are moved into the solver (`m.rows` is empty afterwards).
pub fn lexicographic(
    m: &mut Model,
    stages: Vec<Stage>,
    config: HighsConfig,
    stop: &Stop,
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
    let session = Session::open(config, &stop.cancel);
    let stop = stop.later_by(waiting.elapsed());
    let mut model = unsolved
        .try_into_inner()
        .map_err(|e| Error::Solver(e.to_string()))?;
    session.configure(&mut model)?;
    out.build += t0.elapsed();
    let mut run = Run {
        session: &session,
        stop: &stop,
        columns: &columns,
        out,
    };
    for (k, stage) in stages.iter().enumerate() {
        let warm = (k == 0).then_some(start.as_deref()).flatten();
        let (back, go_on) = run.stage(model, k, stage, warm, k + 1 < stages.len())?;
        model = back;
        if !go_on {
            break;
        }
    }
    let out = run.out;
    drop(model);
    drop(session);
    finish(out, start)
}

/// The best known when no stage found a solution in time: the policy's
/// start, when it has one, is feasible (it satisfies every row).
fn finish(mut out: Solved, start: Option<Vec<f64>>) -> Result<Solved> {
    if out.values.is_empty() && out.outcome != Outcome::Infeasible {
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

/// A lexicographic solve in progress.
struct Run<'a> {
    session: &'a Session,
    stop: &'a Stop,
    columns: &'a Columns,
    out: Solved,
}

impl Run<'_> {
    /// Solves stage `k` (the first from `warm`, the policy's start, if any;
    /// the others from the previous optimum) and, when `more` follow and it
    /// was proven optimal, adds its floor. Hands the model back, and whether
    /// the next stage may run.
    fn stage(
        &mut self,
        mut model: highs::Model,
        k: usize,
        stage: &Stage,
        warm: Option<&[f64]>,
        more: bool,
    ) -> Result<(highs::Model, bool)> {
        self.session.check()?;
        let t0 = Instant::now();
        if k > 0 {
            set_objective(&mut model, stage, self.columns)?;
        }
        if self.stop.expired() {
            self.out.outcome = Outcome::Feasible;
            return Ok((model, false));
        }
        if let Some(left) = self.stop.seconds_left() {
            model.set_option("time_limit", left);
        }
        // The previous optimum satisfies every floor so far: a warm start. A
        // start HiGHS rejects only costs time, never correctness.
        let warm = if k == 0 {
            warm
        } else {
            Some(&self.out.values[..])
        };
        if let Some(values) = warm {
            let _ = model.try_set_solution(Some(values), None, None, None);
        }
        self.out.build += t0.elapsed();
        let solved = self.solve_once(model, k, stage)?;
        self.record(solved, k, stage, more)
    }

    /// One HiGHS solve, timed, with its diagnostics event.
    fn solve_once(
        &mut self,
        model: highs::Model,
        k: usize,
        stage: &Stage,
    ) -> Result<highs::SolvedModel> {
        let t1 = Instant::now();
        let solved = model
            .try_solve()
            .map_err(|e| Error::Solver(format!("{e:?}")))?;
        self.out.solve += t1.elapsed();
        self.out.solves += 1;
        if self.session.config().diagnostics {
            tracing::info!(
                stage = %stage.name,
                solve_ms = (t1.elapsed().as_secs_f64() * 1e6).round() / 1e3,
                columns = self.out.columns,
                rows = self.out.rows + k,
                "HiGHS stage solved"
            );
        }
        Ok(solved)
    }

    /// What stage `k` gave: its values and optimum, the run's outcome when it
    /// ends here, and the stage's floor when `more` follow.
    fn record(
        &mut self,
        solved: highs::SolvedModel,
        k: usize,
        stage: &Stage,
        more: bool,
    ) -> Result<(highs::Model, bool)> {
        let outcome = outcome(&solved, k, stage)?;
        let values = solved.get_solution().columns().to_vec();
        let value = solved.objective_value();
        let gap = solved
            .double_info_value(c"mip_gap")
            .unwrap_or(f64::INFINITY);
        let mut model: highs::Model = solved.into();
        let out = &mut self.out;
        match outcome {
            Outcome::Infeasible => {
                out.outcome = Outcome::Infeasible;
                return Ok((model, false));
            }
            Outcome::NoSolution => {
                out.outcome = Outcome::Feasible;
                out.gap = Some(f64::INFINITY);
                return Ok((model, false));
            }
            Outcome::Feasible | Outcome::Optimal => {}
        }
        out.values = values;
        out.objectives
            .push((stage.name.clone(), (value + stage.constant).round()));
        if outcome == Outcome::Feasible {
            out.outcome = Outcome::Feasible;
            out.gap = Some(gap);
            return Ok((model, false));
        }
        if more {
            let t2 = Instant::now();
            add_floor(&mut model, stage, value, self.columns)?;
            out.rows += 1;
            out.build += t2.elapsed();
        }
        Ok((model, true))
    }
}

/// What HiGHS' status says of stage `k`: an interrupt is the caller's
/// cancellation (the only one the callback asks for).
fn outcome(solved: &highs::SolvedModel, k: usize, stage: &Stage) -> Result<Outcome> {
    // Read the info directly: the typed accessor panics on unexpected values.
    let has_solution = solved.int_info_value(c"primal_solution_status").ok()
        == Some(HighsSolutionStatus::Feasible as i64);
    match solved.status() {
        HighsModelStatus::Optimal => Ok(Outcome::Optimal),
        HighsModelStatus::ReachedInterrupt => Err(Error::Cancelled),
        HighsModelStatus::ReachedTimeLimit if has_solution => Ok(Outcome::Feasible),
        HighsModelStatus::ReachedTimeLimit => Ok(Outcome::NoSolution),
        HighsModelStatus::Infeasible if k == 0 => Ok(Outcome::Infeasible),
        other => Err(Error::Solver(format!(
            "HiGHS ended stage '{}' with status {other:?}",
            stage.name
        ))),
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
    highs_ok(status, "change the objective")?;
    // SAFETY: as above.
    let status = unsafe { highs_sys::Highs_changeObjectiveSense(model.as_mut_ptr(), sense) };
    highs_ok(status, "change the objective sense")
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
    highs_ok(status, "add a floor row")
}
