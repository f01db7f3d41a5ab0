//! Who else moves when a change gives a waiting request a place, and why the
//! policy lets it happen.
//!
//! A re-solve may move more than the request that changed: it pushes out a
//! request with fewer points, which takes its second wish from someone with
//! fewer points still, and equal points are settled again by the tie-breaks
//! (half-days filled first). So a request that loses its place, or gets a
//! worse wish, is explained by who came into the crèche it left: a newcomer
//! with more points (points order) or the same points (the tie-breaks). One
//! with fewer points only would be a departure from points order, which the
//! suggestion then reports as such.

use serde::{Deserialize, Serialize};

use crate::whatif::diff::{DiffRow, Kind, Outcome};
use crate::whatif::figures::View;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Other {
    pub request: String,
    /// Offer-order points in the base.
    pub points: i64,
    pub kind: Kind,
    pub before: String,
    pub after: String,
    /// Why the policy lets this happen.
    pub why: String,
}

/// The other requests of `rows` (the differences between `base` and `new`),
/// each with its reason, and whether every move is one the policy makes
/// itself (no departure from points order that the base did not have).
pub fn others(base: &View, new: &View, rows: &[DiffRow], me: &str) -> (Vec<Other>, bool) {
    let mut within =
        new.allocation.metrics.priority_inversions <= base.allocation.metrics.priority_inversions;
    let list = rows
        .iter()
        .filter(|x| x.request != me)
        .map(|x| {
            let (why, ok) = why(base, new, x);
            within &= ok;
            Other {
                request: x.request.clone(),
                points: x.points_before,
                kind: x.kind,
                before: words(&x.before),
                after: words(&x.after),
                why,
            }
        })
        .collect();
    (list, within)
}

/// `lutins / grands block 1 (wish 2) from 2027-02-01`, or `waiting (#3)`:
/// the block and date show a move within a section.
fn words(o: &Outcome) -> String {
    match o {
        Outcome::Placed {
            creche,
            section,
            block,
            entry_date,
            wish_rank,
        } => format!("{creche} / {section} block {block} (wish {wish_rank}) from {entry_date}"),
        Outcome::Waiting { .. } => o.words(),
    }
}

/// Whether an outcome is worse for the family: no place, or a later wish.
fn worse(before: &Outcome, after: &Outcome) -> bool {
    match (before, after) {
        (Outcome::Placed { .. }, Outcome::Waiting { .. }) => true,
        (Outcome::Placed { wish_rank: a, .. }, Outcome::Placed { wish_rank: b, .. }) => b > a,
        _ => false,
    }
}

/// Why one request's place changes, and whether points order explains it.
fn why(base: &View, new: &View, x: &DiffRow) -> (String, bool) {
    if x.kind == Kind::ChangesPlace {
        return (
            "same crèche, another section, block or entry date: the policy fills the most half-days"
                .into(),
            true,
        );
    }
    if !worse(&x.before, &x.after) {
        return (
            "better off: the places move to fill the most half-days".into(),
            true,
        );
    }
    let Some(o) = base.c.request_index(&x.request) else {
        return ("not in the base commission".into(), true);
    };
    let Some(left) = base.placements[o] else {
        return ("it had no place".into(), true);
    };
    let k = left.creche;
    let creche = &base.c.creches[k].id;
    let mine = base.options[o].wishes[left.wish].points;
    // Who came into crèche `k`: placed there now, not at the same place before.
    let newcomer = (0..new.placements.len())
        .filter(|&j| {
            let now = new.placements[j];
            now.is_some_and(|p| p.creche == k) && now != base.placements[j]
        })
        .filter_map(|j| new.options[j].wish_at(k).map(|w| (w.points, j)))
        .max_by_key(|&(p, j)| (p, std::cmp::Reverse(j)));
    match newcomer {
        Some((p, j)) if p > mine => (
            format!(
                "gives way at {creche} to {} ({p} pts there, it has {mine}): points order",
                new.c.requests[j].id
            ),
            true,
        ),
        Some((p, j)) if p == mine => (
            format!(
                "ties at {creche} with {} ({p} pts): the tie-breaks decide (half-days filled, \
                 wish rank, earlier request)",
                new.c.requests[j].id
            ),
            true,
        ),
        _ => (
            format!(
                "nobody with its points ({mine}) came into {creche}: a departure from points order"
            ),
            false,
        ),
    }
}
