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
    /// over those that could go only to contended ones, of their half-days.
    open_from: Vec<i64>,
    closed_from: Vec<i64>,
    /// Half-days still free at the contended crèches, over all of them.
    free: i64,
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
    let (mut bound_from, mut open_from, mut closed_from) =
        (vec![ZERO; n + 1], vec![0; n + 1], vec![0; n + 1]);
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
        let open = cands[k].iter().any(|c| !c.contended);
        open_from[k] = open_from[k + 1] + if open { own.0 } else { 0 };
        closed_from[k] = closed_from[k + 1] + if open { 0 } else { own.0 };
    }
    let mut creches: Vec<usize> = cands
        .iter()
        .flatten()
        .filter(|c| c.contended)
        .map(|c| c.creche)
        .collect();
    creches.sort_unstable();
    creches.dedup();
    let free = creches
        .iter()
        .map(|&c| board.sites[c].free_half_days())
        .sum();
    let mut s = Search {
        board,
        units,
        cands,
        bound_from,
        open_from,
        closed_from,
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
            bound.0 = value.0 + self.open_from[k] + self.closed_from[k].min(self.free.max(0));
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
            let used = if cand.contended { hd } else { 0 };
            self.free -= used;
            let finished = self.go(add(value, (hd, cand.score, -cand.delay, cand.early)))?;
            self.free += used;
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

    /// Whether claimant `u` fits at the candidate's crèche beside those
    /// already placed there in this branch.
    fn room(&mut self, u: usize, cand: Cand) -> Result<bool> {
        let mut party = self.at.get(&cand.creche).cloned().unwrap_or_default();
        party.push((u, cand.choice));
        self.board.fits(cand.creche, &party)
    }
}
