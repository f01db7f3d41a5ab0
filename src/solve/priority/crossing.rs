//! Where crèches rank families differently.
//!
//! A crèche-specific criterion (a sibling already in *this* crèche) gives a
//! family more points at one crèche than at another, so two crèches may rank
//! two families in opposite orders, and no single points order exists. The
//! tie groups are then served by each claimant's best claim (its points at
//! the crèche where it has the most), and a family may find a crèche it
//! prefers held by a family that crèche ranks lower. Such a family is
//! *blocked*; it then takes the place, as in family-proposing deferred
//! acceptance (the practice of KitaMatch and of school choice): the crèche
//! keeps the families that rank at least as high as the newcomer, the
//! newcomer, and then, in its own points order, whoever still fits; a family
//! that no longer fits waits again and is itself served by the same rule.
//!
//! Without crèche-specific points nothing is ever blocked, so this changes
//! nothing there. With them, the moves stop when nobody is blocked, or after
//! a bound on their number; what blocking remains (a cycle of crossing
//! orders, or a sibling group) is counted in the metrics and explained.

use std::collections::BTreeSet;

use super::board::{Board, Choice};
use super::units::Units;
use crate::error::Result;

/// Moves made, and whether their bound stopped them.
#[derive(Debug, Clone, Default)]
pub struct Repairs {
    pub moves: usize,
    pub capped: bool,
    /// Claimants set aside by a move since nobody was last blocked: they are
    /// checked at every wish, not only where a lower claim sits.
    moved: BTreeSet<usize>,
}

/// Whether some claimant has fewer points at one of its crèches than at
/// another: only then can a family be blocked under points order.
pub fn possible(units: &Units) -> bool {
    units
        .list
        .iter()
        .any(|u| u.wishes.iter().any(|w| w.claim != u.level))
}

/// Moves blocked claimants to the places they are owed until none is
/// blocked, or the moves reach their bound.
pub fn repair(board: &mut Board, repairs: &mut Repairs) -> Result<()> {
    let bound = 4 * board.units.list.len() + 100;
    while let Some((u, wish)) = first_blocked(board, &repairs.moved)? {
        if repairs.moves >= bound {
            repairs.capped = true;
            return Ok(());
        }
        repairs.moves += 1;
        let lower = take(board, u, wish)?;
        repairs.moved.extend(lower);
    }
    board.settled();
    repairs.moved.clear();
    Ok(())
}

/// The blocked claimant with the highest claim at the crèche blocking it
/// (then the earlier in tie order), with its best such wish.
fn first_blocked(board: &mut Board, moved: &BTreeSet<usize>) -> Result<Option<(usize, usize)>> {
    let mut found: Option<(i64, (chrono::NaiveDate, u64), usize, usize)> = None;
    for u in 0..board.units.list.len() {
        if !board.served(u) {
            continue;
        }
        let Some(wish) = blocked_at(board, u, moved.contains(&u))? else {
            continue;
        };
        let unit = board.unit(u);
        let key = (unit.wishes[wish].claim, unit.tie);
        if found.is_none_or(|(claim, tie, _, _)| key.0 > claim || (key.0 == claim && key.1 < tie)) {
            found = Some((key.0, key.1, u, wish));
        }
    }
    Ok(found.map(|(_, _, u, wish)| (u, wish)))
}

/// The best wish of claimant `u` where it is blocked, if any.
fn blocked_at(board: &mut Board, u: usize, moved: bool) -> Result<Option<usize>> {
    let better = board.given[u].map(|ch| ch.wish).unwrap_or(usize::MAX);
    let unit = board.unit(u);
    for (wish, w) in unit.wishes.iter().enumerate().take(better) {
        let site = &board.sites[w.creche];
        if !moved && !site.held.iter().any(|h| h.claim < w.claim) && !board.freed(w.creche) {
            continue;
        }
        if board.fits_beside(u, wish, w.claim)? {
            return Ok(Some(wish));
        }
    }
    Ok(None)
}

/// Claimant `u` takes wish `wish`: the families ranked lower there step
/// aside, `u` takes its earliest entry, and they come back in their points
/// order while they fit; the others wait. Returns those set aside.
fn take(board: &mut Board, u: usize, wish: usize) -> Result<Vec<usize>> {
    board.release(u);
    let w = &board.unit(u).wishes[wish];
    let (creche, claim) = (w.creche, w.claim);
    let mut lower: Vec<(usize, Choice, i64)> = Vec::new();
    for h in &board.sites[creche].held {
        if h.claim < claim && !lower.iter().any(|(v, _, _)| *v == h.unit) {
            let ch = board.given[h.unit].expect("a held claimant was given a choice");
            lower.push((h.unit, ch, h.claim));
        }
    }
    lower.sort_by_key(|&(v, _, c)| (std::cmp::Reverse(c), board.unit(v).tie, v));
    for &(v, _, _) in &lower {
        board.release(v);
    }
    let outcomes = board.unit(u).wishes[wish].outcomes.len();
    for outcome in 0..outcomes {
        let ch = Choice { wish, outcome };
        if board.fits(creche, &[(u, ch)])? {
            board.commit(creche, &[(u, ch)])?;
            break;
        }
    }
    for &(v, ch, _) in &lower {
        if board.fits(creche, &[(v, ch)])? {
            board.commit(creche, &[(v, ch)])?;
        }
    }
    Ok(lower.into_iter().map(|(v, _, _)| v).collect())
}
