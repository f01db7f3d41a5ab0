//! One contended part of a tie group too large for the depth-first search:
//! the same answer, with HiGHS as the oracle.
//!
//! The program: one column per choice a claimant may take (`x`); one per
//! block each of its children may use under it (`z`, summing to `x` child by
//! child); one per block each movable child already held may use (`w`,
//! summing to 1: it stays, maybe in another section or block). Rows: a
//! claimant takes at most one choice; at every contended crèche, block and
//! half-day, the children do not exceed the places left by those that cannot
//! move. Open crèches have no rows (anyone who might come fits there).
//!
//! 1. The optima of half-days, then wish scores, then delay, then
//!    earliness, stage by stage, each kept by a floor row for the stages
//!    after it.
//! 2. With those floors, the claimants in tie order: each tries its choices
//!    better than its current one, best first, and keeps the first that some
//!    allocation meeting the floors allows, given the choices fixed before
//!    it. This is the depth-first search's answer: the first allocation in
//!    tie order among those with the best half-days, wishes and delay.
//!
//! Every question goes to the linear relaxation first, re-solved from its
//! last basis. Its answer is exact when it is infeasible (then so is every
//! allocation) or when a rounding of it is an allocation: every claimant at
//! an integral choice keeps it, the others take their largest fraction that
//! still fits, and the packing check of each crèche ([`super::site`]) and the
//! floors confirm it. Only when neither holds does the integer program decide.

use std::collections::BTreeMap;

use highs::{Col, HighsModelStatus, Model, RowProblem, Sense};

use super::board::{Board, Choice, Party};
use super::search::Cand;
use crate::error::{Error, Result};
use crate::solve::cancel::Stop;
use crate::solve::session::Session;

/// The part's program, as a relaxation and as an integer program (the same
/// columns and rows), with each stage's coefficients.
struct Program {
    lp: RowProblem,
    mip: RowProblem,
    /// `x[k][i]`: claimant k takes its candidate i.
    x: Vec<Vec<Col>>,
    /// Per stage (half-days, wish score, −delay, earliness), per claimant and candidate.
    stages: [Vec<Vec<f64>>; 4],
}

impl Program {
    /// A binary column (continuous in the relaxation).
    fn column(&mut self) -> Col {
        self.lp.add_column(0.0, 0..=1);
        self.mip.add_integer_column(0.0, 0..=1)
    }

    fn row(&mut self, bounds: std::ops::RangeInclusive<f64>, factors: &[(Col, f64)]) {
        self.lp.add_row(bounds.clone(), factors.iter().copied());
        self.mip.add_row(bounds, factors.iter().copied());
    }

    /// The objective row of stage `s`.
    fn stage_row(&self, s: usize) -> Vec<(Col, f64)> {
        self.x
            .iter()
            .zip(&self.stages[s])
            .flat_map(|(cols, w)| cols.iter().copied().zip(w.iter().copied()))
            .collect()
    }

    /// Stage `s`'s value of an allocation.
    fn value(&self, s: usize, picks: &[Option<usize>]) -> f64 {
        picks
            .iter()
            .enumerate()
            .filter_map(|(k, p)| p.map(|i| self.stages[s][k][i]))
            .sum()
    }
}

/// The floors of the stages solved so far (their optima).
type Floors = Vec<f64>;

/// What HiGHS said, and what it proves.
enum Answer {
    /// No allocation meets the question.
    Infeasible,
    /// An allocation that does (checked crèche by crèche).
    Found(Vec<Option<usize>>),
    /// The relaxation could not tell.
    Unknown,
}

/// The part's context for the oracle.
struct Oracle<'p, 'a> {
    board: &'p mut Board<'a>,
    units: &'p [usize],
    cands: &'p [Vec<Cand>],
    program: &'p Program,
    session: &'p Session,
    stop: Stop,
    solves: &'p mut usize,
}

/// The part's best choices (in tie order, `None` for waiting), as
/// [`super::search::best`] would give them. Every HiGHS instance of the part
/// is made in one [`Session`], with the board's options and stop.
pub fn best(
    board: &mut Board,
    units: &[usize],
    cands: &[Vec<Cand>],
    solves: &mut usize,
) -> Result<Vec<Option<Choice>>> {
    let program = program(board, units, cands);
    let session = Session::open(board.highs, &board.stop.cancel);
    let stop = board.stop.clone();
    let mut o = Oracle {
        board,
        units,
        cands,
        program: &program,
        session: &session,
        stop,
        solves,
    };
    let mut lp = o.model(&program.lp, &[])?;
    // Re-solved many times after small changes: from the last basis, which
    // presolve would throw away.
    lp.set_option("presolve", "off");
    let (mut lp, mut current, floors) = o.optima(lp)?;
    let mut fixed: Vec<(Col, f64)> = Vec::new();
    for k in 0..units.len() {
        let better = current[k].unwrap_or(cands[k].len());
        for i in 0..better {
            if !o.fits_beside_fixed(&current[..k], k, i)? {
                continue;
            }
            let (back, found) = o.try_choice(lp, &fixed, (k, i), &floors)?;
            lp = back;
            if let Some(picks) = found {
                current = picks;
                break;
            }
        }
        for (i, &col) in program.x[k].iter().enumerate() {
            let v = if current[k] == Some(i) { 1.0 } else { 0.0 };
            lp.change_column_bounds(col, v..=v);
            fixed.push((col, v));
        }
    }
    Ok(current
        .iter()
        .zip(cands)
        .map(|(p, list)| p.map(|i| list[i].choice))
        .collect())
}

impl Oracle<'_, '_> {
    /// The stages' optima: the relaxation with their floor rows, an
    /// allocation reaching them, and the floors.
    fn optima(&mut self, mut lp: Model) -> Result<(Model, Vec<Option<usize>>, Floors)> {
        let mut floors = Floors::new();
        let mut picks = Vec::new();
        for s in 0..self.program.stages.len() {
            let row = self.program.stage_row(s);
            for &(col, c) in &row {
                lp.change_column_cost(col, c);
            }
            let (back, bound, answer) = self.run(lp, &floors)?;
            lp = back;
            picks = match answer {
                Answer::Found(p) if self.program.value(s, &p) >= bound - 0.5 => p,
                Answer::Infeasible => {
                    return Err(Error::Solver(
                        "a points-order part has no allocation".into(),
                    ))
                }
                _ => self.integer_optimum(s, &floors, &[])?,
            };
            let value = self.program.value(s, &picks);
            lp.try_add_row(value - 0.5.., row).map_err(highs_error)?;
            floors.push(value);
        }
        Ok((lp, picks, floors))
    }

    /// The integer program's optimum of stage `s` under `floors` and `fixed`.
    fn integer_optimum(
        &mut self,
        s: usize,
        floors: &[f64],
        fixed: &[(Col, f64)],
    ) -> Result<Vec<Option<usize>>> {
        let mut mip = self.model(&self.program.mip, fixed)?;
        self.add_floors(&mut mip, floors)?;
        for (col, c) in self.program.stage_row(s) {
            mip.change_column_cost(col, c);
        }
        match self.run(mip, floors)?.2 {
            Answer::Found(p) => Ok(p),
            _ => Err(Error::Solver(
                "HiGHS gave no checked allocation of a points-order part".into(),
            )),
        }
    }

    /// Whether some allocation meeting `floors` gives claimant k its
    /// candidate i (besides the choices `fixed`); if so, one. The relaxation
    /// is handed back unchanged.
    fn try_choice(
        &mut self,
        mut lp: Model,
        fixed: &[(Col, f64)],
        (k, i): (usize, usize),
        floors: &[f64],
    ) -> Result<(Model, Option<Vec<Option<usize>>>)> {
        let pin: Vec<(Col, f64)> = self.program.x[k]
            .iter()
            .enumerate()
            .map(|(j, &col)| (col, if j == i { 1.0 } else { 0.0 }))
            .collect();
        for &(col, v) in &pin {
            lp.change_column_bounds(col, v..=v);
        }
        let (mut lp, _, answer) = self.run(lp, floors)?;
        for &(col, _) in &pin {
            lp.change_column_bounds(col, 0.0..=1.0);
        }
        let found = match answer {
            Answer::Infeasible => None,
            Answer::Found(p) => Some(p),
            Answer::Unknown => {
                let all: Vec<(Col, f64)> = fixed.iter().chain(&pin).copied().collect();
                let mut mip = self.model(&self.program.mip, &all)?;
                self.add_floors(&mut mip, floors)?;
                match self.run(mip, floors)?.2 {
                    Answer::Found(p) => Some(p),
                    _ => None,
                }
            }
        };
        Ok((lp, found))
    }

    fn add_floors(&self, m: &mut Model, floors: &[f64]) -> Result<()> {
        for (s, &value) in floors.iter().enumerate() {
            m.try_add_row(value - 0.5.., self.program.stage_row(s))
                .map_err(highs_error)?;
        }
        Ok(())
    }

    /// A HiGHS model of `problem` with `fixed` columns, configured by the
    /// session (one thread: every HiGHS instance of the process must agree
    /// on it; the commission's seed, exact gaps), with the time left.
    fn model(&self, problem: &RowProblem, fixed: &[(Col, f64)]) -> Result<Model> {
        let mut problem = problem.clone();
        for &(col, v) in fixed {
            problem.change_column_bounds(col, v..=v);
        }
        let mut m = problem.try_optimise(Sense::Maximise).map_err(highs_error)?;
        self.session.configure(&mut m)?;
        if let Some(left) = self.stop.seconds_left() {
            m.set_option("time_limit", left);
        }
        // A primal heuristic only: the optimum is proven all the same, and
        // on these small binary programs it cost more than it found (the
        // town's part MIPs: a quarter of their time).
        m.set_option("mip_heuristic_run_feasibility_jump", false);
        Ok(m)
    }

    /// Solves `m`; hands it back (with its basis), the bound it proved on
    /// its objective, and what its answer proves about allocations.
    fn run(&mut self, m: Model, floors: &[f64]) -> Result<(Model, f64, Answer)> {
        self.stop.check()?;
        *self.solves += 1;
        let solved = m.try_solve().map_err(highs_error)?;
        let answer = match solved.status() {
            HighsModelStatus::Optimal => {
                let values = solved.get_solution().columns().to_vec();
                let bound = solved.objective_value();
                let answer = match self.rounding(&values, floors)? {
                    Some(picks) => Answer::Found(picks),
                    None => Answer::Unknown,
                };
                return Ok((solved.into(), bound, answer));
            }
            HighsModelStatus::Infeasible => Answer::Infeasible,
            HighsModelStatus::ReachedTimeLimit => return Err(Error::TimeLimit(0.0)),
            // The only interrupt the session's callback asks for.
            HighsModelStatus::ReachedInterrupt => return Err(Error::Cancelled),
            other => {
                return Err(Error::Solver(format!(
                    "HiGHS ended a points-order model with status {other:?}"
                )))
            }
        };
        Ok((solved.into(), f64::NEG_INFINITY, answer))
    }

    /// An allocation from a solution of the relaxation, if one rounds to an
    /// allocation that fits crèche by crèche and meets the floors.
    fn rounding(&mut self, values: &[f64], floors: &[f64]) -> Result<Option<Vec<Option<usize>>>> {
        let x = &self.program.x;
        let mut picks: Vec<Option<usize>> = vec![None; x.len()];
        let mut open: Vec<usize> = Vec::new();
        for k in 0..x.len() {
            let v: Vec<f64> = x[k].iter().map(|c| values[c.index()]).collect();
            match v.iter().position(|&f| f > 1.0 - 1e-6) {
                Some(i) => picks[k] = Some(i),
                None if v.iter().all(|&f| f < 1e-6) => {}
                None => open.push(k),
            }
        }
        let mut parties = self.parties(&picks);
        for party in parties.values() {
            if !self.board.fits(party.0, &party.1)? {
                return Ok(None);
            }
        }
        for k in open {
            let mut order: Vec<usize> = (0..x[k].len())
                .filter(|&i| values[x[k][i].index()] > 1e-6)
                .collect();
            order.sort_by(|&a, &b| {
                values[x[k][b].index()]
                    .total_cmp(&values[x[k][a].index()])
                    .then(a.cmp(&b))
            });
            for i in order {
                if self.fits_with(&mut parties, k, i)? {
                    picks[k] = Some(i);
                    break;
                }
            }
        }
        let meets = floors
            .iter()
            .enumerate()
            .all(|(s, &f)| self.program.value(s, &picks) >= f - 0.5);
        Ok(meets.then_some(picks))
    }

    /// The claimants placed at each contended crèche by `picks`.
    fn parties(&self, picks: &[Option<usize>]) -> BTreeMap<usize, (usize, Party)> {
        let mut out: BTreeMap<usize, (usize, Party)> = BTreeMap::new();
        for (k, p) in picks.iter().enumerate() {
            if let Some(i) = *p {
                let cand = self.cands[k][i];
                if cand.contended {
                    out.entry(cand.creche)
                        .or_insert((cand.creche, Vec::new()))
                        .1
                        .push((self.units[k], cand.choice));
                }
            }
        }
        out
    }

    /// Adds claimant k's candidate i to its crèche's party if it fits there.
    fn fits_with(
        &mut self,
        parties: &mut BTreeMap<usize, (usize, Party)>,
        k: usize,
        i: usize,
    ) -> Result<bool> {
        let cand = self.cands[k][i];
        if !cand.contended {
            return Ok(true);
        }
        let entry = parties
            .entry(cand.creche)
            .or_insert((cand.creche, Vec::new()));
        entry.1.push((self.units[k], cand.choice));
        let ok = self.board.fits(cand.creche, &entry.1)?;
        if !ok {
            entry.1.pop();
        }
        Ok(ok)
    }

    /// Whether claimant k's candidate i fits at its crèche beside the
    /// claimants before it placed there (a cheap necessary condition).
    fn fits_beside_fixed(&mut self, before: &[Option<usize>], k: usize, i: usize) -> Result<bool> {
        let mut parties = self.parties(before);
        self.fits_with(&mut parties, k, i)
    }
}

fn highs_error(status: highs::HighsStatus) -> Error {
    Error::Solver(format!("HiGHS refused a points-order model: {status:?}"))
}

/// The columns and rows of the part.
fn program(board: &Board, units: &[usize], cands: &[Vec<Cand>]) -> Program {
    let mut p = Program {
        lp: RowProblem::default(),
        mip: RowProblem::default(),
        x: Vec::with_capacity(units.len()),
        stages: stages(board, units, cands),
    };
    let mut uses: Uses = BTreeMap::new();
    for (k, &u) in units.iter().enumerate() {
        let mut row = Vec::new();
        for cand in &cands[k] {
            let col = p.column();
            row.push((col, 1.0));
            if cand.contended {
                children(board, u, cand, col, &mut p, &mut uses);
            }
        }
        if row.len() > 1 {
            p.row(f64::NEG_INFINITY..=1.0, &row);
        }
        p.x.push(row.into_iter().map(|(c, _)| c).collect());
    }
    held(board, &mut uses, &mut p);
    capacity(board, &uses, &mut p);
    p
}

/// The columns using each (crèche, block, half-day).
type Uses = BTreeMap<(usize, u16, usize), Vec<Col>>;

/// Each candidate's half-days, wish score, −delay and earliness.
fn stages(board: &Board, units: &[usize], cands: &[Vec<Cand>]) -> [Vec<Vec<f64>>; 4] {
    let per = |f: &dyn Fn(usize, &Cand) -> f64| -> Vec<Vec<f64>> {
        units
            .iter()
            .zip(cands)
            .map(|(&u, list)| list.iter().map(|c| f(u, c)).collect())
            .collect()
    };
    [
        per(&|u, _| board.unit(u).half_days as f64),
        per(&|_, c| c.score as f64),
        per(&|_, c| -c.delay as f64),
        per(&|_, c| c.early as f64),
    ]
}

/// The block columns of a candidate at a contended crèche.
fn children(board: &Board, u: usize, cand: &Cand, x: Col, p: &mut Program, uses: &mut Uses) {
    for item in board.items(u, cand.choice) {
        let mut row = vec![(x, -1.0)];
        for &b in item.opts {
            let z = p.column();
            row.push((z, 1.0));
            for d in item.planning.iter() {
                uses.entry((cand.creche, b, d)).or_default().push(z);
            }
        }
        p.row(0.0..=0.0, &row);
    }
}

/// The columns of the movable children held at the contended crèches.
fn held(board: &Board, uses: &mut Uses, p: &mut Program) {
    let mut creches: Vec<usize> = uses.keys().map(|&(c, _, _)| c).collect();
    creches.dedup();
    for c in creches {
        for h in board.sites[c].held.iter().filter(|h| h.opts.len() > 1) {
            let mut row = Vec::new();
            for &b in &h.opts {
                let w = p.column();
                row.push((w, 1.0));
                for d in h.planning.iter() {
                    uses.entry((c, b, d)).or_default().push(w);
                }
            }
            p.row(1.0..=1.0, &row);
        }
    }
}

/// Places per block and half-day, after the children that cannot move.
fn capacity(board: &Board, uses: &Uses, p: &mut Program) {
    for (&(c, b, d), cols) in uses {
        let left = board.sites[c].left_for_movable(b, d) as f64;
        if cols.len() as f64 > left {
            let row: Vec<(Col, f64)> = cols.iter().map(|&col| (col, 1.0)).collect();
            p.row(f64::NEG_INFINITY..=left, &row);
        }
    }
}
