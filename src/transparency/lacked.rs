//! The points a waiting request lacked at each wished crèche, searched by
//! re-solving rather than read off the cut-off: the cut-off brackets the
//! search ([`super::fit::Base::threshold`]), re-solves settle it.

use super::change::Change;
use super::suggest::{Counts, Fewest, Run, Suggestion};
use crate::error::Result;

impl Run<'_> {
    /// The points it lacked at each wished crèche, fewest first, until the
    /// request has its suggestions or its budget is spent.
    pub(super) fn points(
        &self,
        r: usize,
        n: &mut Counts,
        found: &mut Vec<Suggestion>,
    ) -> Result<()> {
        let ro = &self.base.options[r];
        let own = |k: usize| ro.wishes[k].points;
        // (estimated extra points, wish index, threshold)
        let mut wishes: Vec<(i64, usize, i64)> = (0..ro.wishes.len())
            .filter_map(|k| {
                let q = self.base.threshold(r, k)?;
                let tie = q - own(k);
                Some((if tie >= 1 { tie } else { q + 1 - own(k) }, k, q))
            })
            .collect();
        n.candidates += wishes.len();
        n.filtered_out += ro.wishes.len() - wishes.len();
        wishes.sort_unstable();
        for (_, k, q) in wishes {
            if found.len() >= self.opts.per_request || !self.budget_left(n) {
                break;
            }
            if let Some(s) = self.fewest_points(r, k, q, n)? {
                found.push(s);
            }
        }
        Ok(())
    }

    /// The fewest extra points at wish `k` that place the request. Below
    /// `q − own` it would not fit beside the holders with more points (the
    /// pre-filter); `q − own` ties with the best holder it would push out and
    /// `q + 1 − own` beats it. A failure there goes up to beating every
    /// holder of the crèche; a success after a failure is bisected down.
    fn fewest_points(
        &self,
        r: usize,
        k: usize,
        q: i64,
        n: &mut Counts,
    ) -> Result<Option<Suggestion>> {
        let ro = &self.base.options[r];
        let (ci, own) = (ro.wishes[k].creche, ro.wishes[k].points);
        let creche = self.base.c.creches()[ci].id.clone();
        let top = self.top_points(ci).unwrap_or(own);
        // Below `tie` the pre-filter fails (0 is the base, where it waits).
        let tie = q - own;
        let skip_tie = !self.opts.ties && tie >= 1;
        // Known (or, for a skipped tie, taken) not to place it.
        let mut failed = if skip_tie { tie } else { tie.max(1) - 1 };
        let mut tries: Vec<i64> = vec![q - own, q + 1 - own, top + 1 - own];
        tries.retain(|&x| x > failed);
        tries.sort_unstable();
        tries.dedup();
        let mut success: Option<(i64, Suggestion)> = None;
        let mut solved_below = false;
        for delta in tries {
            if delta <= failed || !self.budget_left(n) {
                continue;
            }
            let change = Change::MorePoints {
                creche: creche.clone(),
                points: delta,
            };
            match self.try_change(r, change, n)? {
                Some(s) => {
                    success = Some((delta, s));
                    break;
                }
                None => {
                    failed = delta;
                    solved_below = true;
                }
            }
        }
        let Some((mut best, mut s)) = success else {
            return Ok(None);
        };
        // Bisect between the last failure and the success.
        while best - failed > 1 && self.budget_left(n) {
            let mid = failed + (best - failed) / 2;
            let change = Change::MorePoints {
                creche: creche.clone(),
                points: mid,
            };
            match self.try_change(r, change, n)? {
                Some(x) => (best, s) = (mid, x),
                None => (failed, solved_below) = (mid, true),
            }
        }
        let why = fewest_why(best, failed, solved_below, skip_tie);
        s.fewest = self.names.coded("fewest", "code", &why);
        s.fewest_reason = Some(why);
        Ok(Some(s))
    }

    /// The most points, at crèche `ci`, of a request placed there.
    fn top_points(&self, ci: usize) -> Option<i64> {
        self.base
            .placements
            .iter()
            .enumerate()
            .filter_map(|(h, p)| {
                p.filter(|p| p.creche == ci)
                    .map(|p| self.base.options[h].wishes[p.wish].points)
            })
            .max()
    }
}

/// Why `best` extra points are the fewest: what was tried below it.
fn fewest_why(best: i64, failed: i64, solved_below: bool, skip_tie: bool) -> Fewest {
    let (points, below) = (best, failed);
    if best - failed > 1 {
        Fewest::BudgetSpent { points }
    } else if solved_below {
        Fewest::Bisected { points, below }
    } else if skip_tie {
        Fewest::TieNotSolved { points, below }
    } else if failed == 0 {
        Fewest::NoneWithout { points }
    } else {
        Fewest::NoFitBelow { points, below }
    }
}
