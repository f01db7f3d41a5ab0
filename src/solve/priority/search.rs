//! The exact search of one contended part of a tie group.
//!
//! "Best for the group", in this order: most half-days placed; then
//! better-ranked wishes (Σ of wish scores); then earlier entry dates (least
//! total delay); then earlier requests (Σ over the claimants placed of one
//! more than the number of claimants of the group after it in tie order:
//! earlier `submitted`, then the commission's seeded draw); and where all of
//! these are equal, tie order itself — the claimants in that order, the
//! first whose outcome differs being better off (placed, then a better wish,
//! then an earlier entry).
//!
//! A depth-first search over the claimants in tie order, each trying its
//! choices best first and waiting last, meets every allocation in exactly that
//! last order. So it keeps the first allocation it finds with the best
//! (half-days, wishes, delay), and prunes every branch whose bound cannot beat
//! it. The bound counts the claimants left as placed at their best score and
//! least delay, but no more half-days at the contended crèches than they
//! have left: no completion exceeds it in that lexicographic order.

use std::collections::BTreeMap;

use super::board::{Board, Choice, Party};
use crate::error::Result;

/// Search nodes one part may visit before the search hands it to the
/// integer program ([`super::mip`]).
const NODE_BUDGET: u64 = 50_000;

/// One choice the search may give a claimant.
#[derive(Debug, Clone, Copy)]
pub struct Cand {
    pub choice: Choice,
    pub creche: usize,
    /// At a contended crèche, the places must be checked; at an open one,
    /// anyone who might come fits.
    pub contended: bool,
    pub score: i64,
    pub delay: i64,
    /// The claimant's earliness in its tie group (one more than the number
    /// of claimants after it in tie order).
    pub early: i64,
}

/// Where a claimant's candidates lie.
enum Reach {
    /// At least one at an open crèche.
    Open,
    /// All at contended crèches, more than one.
    Several,
    /// All at this contended crèche.
    Only(usize),
}

fn reach(cands: &[Cand]) -> Reach {
    if cands.iter().any(|c| !c.contended) {
        return Reach::Open;
    }
    match cands.first() {
        Some(c) if cands.iter().all(|x| x.creche == c.creche) => Reach::Only(c.creche),
        Some(_) => Reach::Several,
        None => Reach::Open,
    }
}

/// (half-days, wish score, −delay, earliness): more is better, compared in
/// that order.
type Value = (i64, i64, i64, i64);

const ZERO: Value = (0, 0, 0, 0);

fn add(a: Value, b: Value) -> Value {
    (a.0 + b.0, a.1 + b.1, a.2 + b.2, a.3 + b.3)
}

struct Search<'b, 'a> {
    board: &'b mut Board<'a>,
    units: &'b [usize],
    cands: &'b [Vec<Cand>],
    /// Σ over the claimants from k on of their best value.
    bound_from: Vec<Value>,
    /// Σ over the claimants from k on that could go to an open crèche, and
    /// over those that could go to several contended ones, of their half-days.
    open_from: Vec<i64>,
    several_from: Vec<i64>,
    /// Per contended crèche (in `creches` order), Σ over the claimants from k
    /// on that could go there only, of their half-days.
    only_from: Vec<Vec<i64>>,
    /// The contended crèches, and the half-days still free at each.
    creches: Vec<usize>,
    free: Vec<i64>,
    /// Claimants placed so far at each contended crèche.
    at: BTreeMap<usize, Party>,
    path: Vec<Option<usize>>,
    best: Option<(Value, Vec<Option<usize>>)>,
    nodes: u64,
}

/// The group's best choices for `units` (in tie order), `None` for waiting;
/// `None` when the search grew past its budget.
pub fn best(
    board: &mut Board,
    units: &[usize],
    cands: &[Vec<Cand>],
    nodes: &mut u64,
) -> Result<Option<Vec<Option<Choice>>>> {
    let n = units.len();
    let mut creches: Vec<usize> = cands
        .iter()
        .flatten()
        .filter(|c| c.contended)
        .map(|c| c.creche)
        .collect();
    creches.sort_unstable();
    creches.dedup();
    let (mut bound_from, mut open_from, mut several_from) =
        (vec![ZERO; n + 1], vec![0; n + 1], vec![0; n + 1]);
    let mut only_from = vec![vec![0; n + 1]; creches.len()];
    for k in (0..n).rev() {
        let hd = board.unit(units[k]).half_days;
        let score = cands[k].iter().map(|c| c.score).max().unwrap_or(0);
        let delay = cands[k].iter().map(|c| -c.delay).max().unwrap_or(0);
        let early = cands[k].first().map(|c| c.early).unwrap_or(0);
        let own = if cands[k].is_empty() {
            ZERO
        } else {
            (hd, score, delay, early)
        };
        bound_from[k] = add(bound_from[k + 1], own);
        open_from[k] = open_from[k + 1];
        several_from[k] = several_from[k + 1];
        for only in only_from.iter_mut() {
            only[k] = only[k + 1];
        }
        match reach(&cands[k]) {
            Reach::Open => open_from[k] += own.0,
            Reach::Several => several_from[k] += own.0,
            Reach::Only(c) => {
                let i = creches.binary_search(&c).expect("a contended crèche");
                only_from[i][k] += own.0;
            }
        }
    }
    let free = creches
        .iter()
        .map(|&c| board.sites[c].free_half_days())
        .collect();
    let mut s = Search {
        board,
        units,
        cands,
        bound_from,
        open_from,
        several_from,
        only_from,
        creches,
        free,
        at: BTreeMap::new(),
        path: Vec::with_capacity(units.len()),
        best: None,
        nodes: 0,
    };
    let finished = s.go(ZERO)?;
    *nodes += s.nodes;
    if !finished {
        return Ok(None);
    }
    let (_, path) = s.best.expect("waiting for everyone is always possible");
    Ok(Some(
        path.iter()
            .zip(cands)
            .map(|(p, list)| p.map(|i| list[i].choice))
            .collect(),
    ))
}

impl Search<'_, '_> {
    /// Searches below the current path; `false` when the budget ran out.
    fn go(&mut self, value: Value) -> Result<bool> {
        self.nodes += 1;
        if self.nodes > NODE_BUDGET {
            return Ok(false);
        }
        let k = self.path.len();
        if let Some((best, _)) = &self.best {
            let mut bound = add(value, self.bound_from[k]);
            bound.0 = value.0 + self.half_days_bound(k);
            if bound <= *best {
                return Ok(true);
            }
        }
        if k == self.units.len() {
            self.best = Some((value, self.path.clone()));
            return Ok(true);
        }
        let u = self.units[k];
        let hd = self.board.unit(u).half_days;
        for i in 0..self.cands[k].len() {
            let cand = self.cands[k][i];
            if cand.contended && !self.room(u, cand)? {
                continue;
            }
            self.at
                .entry(cand.creche)
                .or_default()
                .push((u, cand.choice));
            self.path.push(Some(i));
            let at = self
                .creches
                .binary_search(&cand.creche)
                .ok()
                .filter(|_| cand.contended);
            if let Some(i) = at {
                self.free[i] -= hd;
            }
            let finished = self.go(add(value, (hd, cand.score, -cand.delay, cand.early)))?;
            if let Some(i) = at {
                self.free[i] += hd;
            }
            self.path.pop();
            self.at.get_mut(&cand.creche).expect("pushed above").pop();
            if !finished {
                return Ok(false);
            }
        }
        self.path.push(None);
        let finished = self.go(value)?;
        self.path.pop();
        Ok(finished)
    }

    /// The most half-days the claimants from k on can still add: those that
    /// may go to an open crèche, all; the others, no more than the places
    /// left at the crèches they may go to.
    fn half_days_bound(&self, k: usize) -> i64 {
        let free: i64 = self.free.iter().map(|&f| f.max(0)).sum();
        let only: i64 = (0..self.creches.len())
            .map(|i| self.only_from[i][k].min(self.free[i].max(0)))
            .sum();
        self.open_from[k] + (self.several_from[k] + only).min(free)
    }

    /// Whether claimant `u` fits at the candidate's crèche beside those
    /// already placed there in this branch.
    fn room(&mut self, u: usize, cand: Cand) -> Result<bool> {
        let mut party = self.at.get(&cand.creche).cloned().unwrap_or_default();
        party.push((u, cand.choice));
        self.board.fits(cand.creche, &party)
    }
}
