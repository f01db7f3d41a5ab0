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

use crate::i18n::Names;
use crate::whatif::diff::{DiffRow, Kind, Outcome};
use crate::whatif::figures::View;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Other {
    pub request: String,
    /// Offer-order points in the base.
    pub points: i64,
    pub kind: Kind,
    /// Its outcome before and after, in words.
    pub before: String,
    pub after: String,
    /// Why the policy lets this happen, in words ([`Why`] rendered).
    pub why: String,
    /// The same, as a stable code and its parameters (for programs).
    pub reason: Why,
}

/// Why another family's place changes, by stable code (`code` in the JSON,
/// documented in `docs/format.md`); request ids and points as parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Why {
    /// Same crèche, another section, block or entry date: the policy fills
    /// the most half-days.
    SameCreche,
    /// A better outcome than before.
    BetterOff,
    /// Not a request of the base commission.
    NotInBase,
    /// It had no place before.
    HadNoPlace,
    /// It gives way at `creche` to `to`, who has more points there.
    GivesWay {
        creche: String,
        to: String,
        their_points: i64,
        own_points: i64,
    },
    /// It ties at `creche` with `with`: the tie-breaks decide.
    TieBreak {
        creche: String,
        with: String,
        points: i64,
    },
    /// Nobody with its points came into `creche`: a departure from points order.
    Departure { creche: String, own_points: i64 },
}

impl Why {
    /// Whether points order (or the tie-breaks) explains the move.
    pub fn within_policy(&self) -> bool {
        !matches!(self, Why::Departure { .. })
    }
}

/// The other requests of `rows` (the differences between `base` and `new`),
/// each with its reason, and whether every move is one the policy makes
/// itself (no departure from points order that the base did not have).
pub fn others(
    base: &View,
    new: &View,
    rows: &[DiffRow],
    me: &str,
    n: &Names,
) -> (Vec<Other>, bool) {
    let mut within =
        new.allocation.metrics.priority_inversions <= base.allocation.metrics.priority_inversions;
    let list = rows
        .iter()
        .filter(|x| x.request != me)
        .map(|x| {
            let reason = why(base, new, x);
            within &= reason.within_policy();
            Other {
                request: x.request.clone(),
                points: x.points_before,
                kind: x.kind,
                before: x.before.detailed_words(n),
                after: x.after.detailed_words(n),
                why: n.coded("why", "code", &reason).unwrap_or_default(),
                reason,
            }
        })
        .collect();
    (list, within)
}

/// Whether an outcome is worse for the family: no place, or a later wish.
fn worse(before: &Outcome, after: &Outcome) -> bool {
    match (before, after) {
        (Outcome::Placed { .. }, Outcome::Waiting { .. }) => true,
        (Outcome::Placed { wish_rank: a, .. }, Outcome::Placed { wish_rank: b, .. }) => b > a,
        _ => false,
    }
}

/// Why one request's place changes.
fn why(base: &View, new: &View, x: &DiffRow) -> Why {
    if x.kind == Kind::ChangesPlace {
        return Why::SameCreche;
    }
    if !worse(&x.before, &x.after) {
        return Why::BetterOff;
    }
    let Some(o) = base.c.request_index(&x.request) else {
        return Why::NotInBase;
    };
    let Some(left) = base.placements[o] else {
        return Why::HadNoPlace;
    };
    let k = left.creche;
    let creche = base.c.creches()[k].id.clone();
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
        Some((p, j)) if p > mine => Why::GivesWay {
            creche,
            to: new.c.requests()[j].id.clone(),
            their_points: p,
            own_points: mine,
        },
        Some((p, j)) if p == mine => Why::TieBreak {
            creche,
            with: new.c.requests()[j].id.clone(),
            points: p,
        },
        _ => Why::Departure {
            creche,
            own_points: mine,
        },
    }
}
