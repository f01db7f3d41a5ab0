//! Serving one tie group: the claimants with equal points get what is best for
//! the group among the allocations that keep every earlier family where it was
//! given (its crèche, an entry no later; sections and blocks may move).
//!
//! Most of a group is forced. Each claimant's *best* is its best-ranked wish
//! where it fits beside the families before it, at its earliest entry there;
//! where the bests of a crèche fit together, nobody there competes. Only the
//! crèches where they do not (*contended*) need a search, and only with the
//! claimants they draw in: those whose best is there, and, through the worse
//! wishes those may fall back to, the claimants of any crèche that could not
//! hold everyone who might come. A crèche that can hold all who might come is
//! *open*: anyone may take it at its earliest entry, and those already there
//! keep their bests. Claimants outside the contended crèches get their bests,
//! which is without loss (each already has the most it could have), so the
//! group's optimum is found by searching the contended parts alone, one
//! independent part at a time ([`super::search`]).

use std::collections::{BTreeMap, BTreeSet};

use super::board::{Board, Choice, Party};
use super::mip;
use super::search::{self, Cand};
use crate::error::Result;

/// Parts with at most this many claimants are searched depth first; larger
/// ones go to the integer program.
const SEARCH_UP_TO: usize = 12;

/// Figures of the groups served, for the solver report.
#[derive(Debug, Clone, Copy, Default)]
pub struct GroupStats {
    pub groups: usize,
    pub contended_groups: usize,
    pub searched_parts: usize,
    pub largest_part: usize,
    pub search_nodes: u64,
    /// Parts solved by the integer program, and its HiGHS solves.
    pub mip_parts: usize,
    pub solves: usize,
}

/// Serves the claimants of `group` (one points level, in tie order).
pub fn serve(board: &mut Board, group: &[usize], stats: &mut GroupStats) -> Result<()> {
    stats.groups += 1;
    board.mark_served(group);
    let cands: Vec<Vec<Choice>> = group
        .iter()
        .map(|&u| alone(board, u))
        .collect::<Result<_>>()?;
    let bests: BTreeMap<usize, Party> = by_creche(board, group, &cands);
    let mut contended = BTreeSet::new();
    for (&creche, party) in &bests {
        if !board.fits(creche, party)? {
            contended.insert(creche);
        }
    }
    let mut given: Vec<Option<Choice>> = cands.iter().map(|c| c.first().copied()).collect();
    if !contended.is_empty() {
        stats.contended_groups += 1;
        let active = draw_in(board, group, &cands, &bests, &mut contended)?;
        for part in parts(board, group, &cands, &active, &contended) {
            let units: Vec<usize> = part.iter().map(|&i| group[i]).collect();
            let lists: Vec<Vec<Cand>> = part
                .iter()
                .map(|&i| {
                    let early = (group.len() - i) as i64;
                    search_cands(board, group[i], &cands[i], &contended, early)
                })
                .collect();
            stats.searched_parts += 1;
            stats.largest_part = stats.largest_part.max(part.len());
            let found = best_of_part(board, &units, &lists, stats)?;
            for (&i, ch) in part.iter().zip(found) {
                given[i] = ch;
            }
        }
    }
    let mut parties: BTreeMap<usize, Party> = BTreeMap::new();
    for (k, ch) in given.into_iter().enumerate() {
        if let Some(ch) = ch {
            parties
                .entry(board.creche_of(group[k], ch))
                .or_default()
                .push((group[k], ch));
        }
    }
    for (creche, party) in parties {
        board.commit(creche, &party)?;
    }
    Ok(())
}

/// A part's best choices: by the depth-first search when it is small, else
/// (or when the search outgrows its budget) by the integer program.
fn best_of_part(
    board: &mut Board,
    units: &[usize],
    lists: &[Vec<Cand>],
    stats: &mut GroupStats,
) -> Result<Vec<Option<Choice>>> {
    if units.len() <= SEARCH_UP_TO {
        if let Some(found) = search::best(board, units, lists, &mut stats.search_nodes)? {
            #[cfg(test)]
            tests::cross_check(board, units, lists, &found)?;
            return Ok(found);
        }
    }
    stats.mip_parts += 1;
    mip::best(board, units, lists, &mut stats.solves)
}

/// Every choice of claimant `u` that fits beside what is held, best first:
/// its wishes in its order, and at each, its outcomes least delay first.
fn alone(board: &mut Board, u: usize) -> Result<Vec<Choice>> {
    let mut out = Vec::new();
    for (wish, w) in board.unit(u).wishes.iter().enumerate() {
        let loosest = w.loosest();
        if !board.fits(
            w.creche,
            &[(
                u,
                Choice {
                    wish,
                    outcome: loosest,
                },
            )],
        )? {
            continue;
        }
        for outcome in 0..w.outcomes.len() {
            let ch = Choice { wish, outcome };
            if outcome == loosest || board.fits(w.creche, &[(u, ch)])? {
                out.push(ch);
            }
        }
    }
    Ok(out)
}

/// The claimants' bests, by crèche.
fn by_creche(board: &Board, group: &[usize], cands: &[Vec<Choice>]) -> BTreeMap<usize, Party> {
    let mut out: BTreeMap<usize, Party> = BTreeMap::new();
    for (k, c) in cands.iter().enumerate() {
        if let Some(&ch) = c.first() {
            out.entry(board.creche_of(group[k], ch))
                .or_default()
                .push((group[k], ch));
        }
    }
    out
}

/// The claimants (indices into `group`) the contended crèches draw in, growing
/// `contended` with every crèche that cannot hold all who might come.
fn draw_in(
    board: &mut Board,
    group: &[usize],
    cands: &[Vec<Choice>],
    bests: &BTreeMap<usize, Party>,
    contended: &mut BTreeSet<usize>,
) -> Result<BTreeSet<usize>> {
    let best_at =
        |k: usize, board: &Board| cands[k].first().map(|&ch| board.creche_of(group[k], ch));
    let mut active: BTreeSet<usize> = (0..group.len())
        .filter(|&k| best_at(k, board).is_some_and(|c| contended.contains(&c)))
        .collect();
    loop {
        let mut entrants: BTreeMap<usize, Party> = BTreeMap::new();
        for &k in &active {
            for (creche, ch) in firsts_by_creche(board, group[k], &cands[k]) {
                if !contended.contains(&creche) {
                    entrants.entry(creche).or_default().push((group[k], ch));
                }
            }
        }
        let mut grew = false;
        for (creche, mut party) in entrants {
            let residents = bests.get(&creche).cloned().unwrap_or_default();
            let outsiders: Vec<(usize, Choice)> = residents
                .into_iter()
                .filter(|(u, _)| !party.iter().any(|(v, _)| v == u))
                .collect();
            party.extend(outsiders.iter().copied());
            if !board.fits(creche, &party)? {
                contended.insert(creche);
                for (u, _) in outsiders {
                    active.insert(group.iter().position(|&g| g == u).expect("in the group"));
                }
                grew = true;
            }
        }
        if !grew {
            return Ok(active);
        }
    }
}

/// A claimant's first (best) choice at each crèche among `cands`.
fn firsts_by_creche(board: &Board, u: usize, cands: &[Choice]) -> Vec<(usize, Choice)> {
    let mut out: Vec<(usize, Choice)> = Vec::new();
    for &ch in cands {
        let creche = board.creche_of(u, ch);
        if !out.iter().any(|(c, _)| *c == creche) {
            out.push((creche, ch));
        }
    }
    out
}

/// The independent parts of the active claimants: linked when they may both
/// take places at one contended crèche. Each part in tie order.
fn parts(
    board: &Board,
    group: &[usize],
    cands: &[Vec<Choice>],
    active: &BTreeSet<usize>,
    contended: &BTreeSet<usize>,
) -> Vec<Vec<usize>> {
    let mut part_of_creche: BTreeMap<usize, usize> = BTreeMap::new();
    let mut parent: Vec<usize> = (0..group.len()).collect();
    fn root(parent: &mut [usize], mut k: usize) -> usize {
        while parent[k] != k {
            parent[k] = parent[parent[k]];
            k = parent[k];
        }
        k
    }
    for &k in active {
        for &ch in &cands[k] {
            let creche = board.creche_of(group[k], ch);
            if !contended.contains(&creche) {
                continue;
            }
            match part_of_creche.get(&creche) {
                Some(&other) => {
                    let (a, b) = (root(&mut parent, k), root(&mut parent, other));
                    parent[a.max(b)] = a.min(b);
                }
                None => {
                    part_of_creche.insert(creche, k);
                }
            }
        }
    }
    let mut out: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &k in active {
        let r = root(&mut parent, k);
        out.entry(r).or_default().push(k);
    }
    out.into_values().collect()
}

/// What the search may give a claimant: every choice at a contended crèche,
/// and only its first at an open one (anyone fits there, so no later entry
/// can help anybody).
fn search_cands(
    board: &Board,
    u: usize,
    cands: &[Choice],
    contended: &BTreeSet<usize>,
    early: i64,
) -> Vec<Cand> {
    let unit = board.unit(u);
    let mut seen_open = BTreeSet::new();
    cands
        .iter()
        .filter(|&&ch| {
            let creche = board.creche_of(u, ch);
            contended.contains(&creche) || seen_open.insert(creche)
        })
        .map(|&ch| {
            let w = &unit.wishes[ch.wish];
            Cand {
                choice: ch,
                creche: w.creche,
                contended: contended.contains(&w.creche),
                score: w.score,
                delay: w.outcomes[ch.outcome].delay,
                early,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    //! The depth-first search and the integer program answer the same
    //! question: on generated commissions, every part the search solves is
    //! solved by the integer program too, and the answers must agree.

    use std::cell::Cell;

    use super::*;
    use crate::generate::{generate, GenerateOptions};
    use crate::solve::cancel::Stop;
    use crate::solve::session::HighsConfig;

    thread_local! {
        /// Parts compared on this thread, and those whose answers differed
        /// (`None`: not comparing).
        static COMPARED: Cell<Option<(usize, usize)>> = const { Cell::new(None) };
    }

    /// With comparing on, the integer program's answer for a part the
    /// search answered, counted as agreeing or not.
    pub(super) fn cross_check(
        board: &mut Board,
        units: &[usize],
        lists: &[Vec<Cand>],
        found: &[Option<Choice>],
    ) -> Result<()> {
        let Some((n, differ)) = COMPARED.get() else {
            return Ok(());
        };
        let by_mip = mip::best(board, units, lists, &mut 0)?;
        let same = by_mip.as_slice() == found;
        COMPARED.set(Some((n + 1, differ + usize::from(!same))));
        Ok(())
    }

    #[test]
    fn the_search_and_the_integer_program_give_every_part_the_same_answer() {
        COMPARED.set(Some((0, 0)));
        for seed in 1..=30u64 {
            let opts = GenerateOptions {
                creches: 3 + (seed % 5) as usize,
                requests: 60 + 10 * (seed % 7) as usize,
                seed: 1000 + seed,
            };
            let c = crate::validate::validate(&generate(&opts)).unwrap();
            let options = crate::rules::resolve(&c);
            let config = HighsConfig {
                threads: 1,
                seed: crate::solve::settings::seed(&c),
                diagnostics: false,
            };
            super::super::allocate(&c, &options, config, &Stop::default()).unwrap();
        }
        let (n, differ) = COMPARED.get().unwrap();
        COMPARED.set(None);
        assert_eq!(differ, 0, "{differ} of {n} parts answered differently");
        assert!(n >= 30, "only {n} parts compared");
    }
}
