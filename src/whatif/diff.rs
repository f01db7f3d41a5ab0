//! Request by request, what a variant changes against the base: who gains a
//! place, who loses one, who changes crèche (or section, block, entry date),
//! each with the reason the allocations give, and the first change in points
//! order.
//!
//! "Better" is read in the family's own terms: a better-ranked wish is better,
//! any place is better than none. Ranks are those of the variant's wish lists
//! (a variant that opens a crèche inserts it into some of them).

use serde::{Deserialize, Serialize};

use super::figures::View;
use crate::args;
use crate::i18n::{Messages, Names};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diff {
    /// Variant minus base.
    pub placed_delta: i64,
    pub half_days_delta: i64,
    pub inversions_delta: i64,
    pub blocking_delta: i64,
    pub gains: usize,
    pub losses: usize,
    /// Placed in both, at another crèche.
    pub creche_changes: usize,
    /// Placed in both at the same crèche, in another section, block or entry date.
    pub place_changes: usize,
    /// The first request, in the variant's offer order, whose wish outcome changes
    /// (gains, loses, or changes crèche).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_change: Option<FirstChange>,
    /// Every request whose place changes, in the variant's offer order.
    pub rows: Vec<DiffRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirstChange {
    pub request: String,
    pub points: i64,
    /// True when its outcome in the variant is better than in the base.
    pub better: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Gains,
    Loses,
    ChangesCreche,
    ChangesPlace,
}

impl Kind {
    /// The stable code (as in the JSON): `gains`, `loses`, `changes_creche`,
    /// `changes_place`.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Gains => "gains",
            Kind::Loses => "loses",
            Kind::ChangesCreche => "changes_creche",
            Kind::ChangesPlace => "changes_place",
        }
    }

    /// In words (message `diff-kind-<code>`).
    pub fn words(self, m: &Messages) -> String {
        m.t(&format!("diff-kind-{}", self.code().replace('_', "-")))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    Placed {
        creche: String,
        section: String,
        block: usize,
        entry_date: String,
        wish_rank: usize,
    },
    Waiting {
        position: usize,
    },
}

impl Outcome {
    /// `Toboggan / Bébés (vœu 2)`, `en attente (n° 3)`.
    pub fn words(&self, n: &Names) -> String {
        match self {
            Outcome::Placed {
                creche,
                section,
                wish_rank,
                ..
            } => n.m.text(
                "outcome-placed",
                &args! {
                    "creche" => n.creche(creche),
                    "section" => n.section(creche, section),
                    "rank" => *wish_rank,
                },
            ),
            Outcome::Waiting { position } => {
                n.m.text("outcome-waiting", &args! {"position" => *position})
            }
        }
    }

    /// With the block and the entry date, which show a move within a
    /// section: `Toboggan / Bébés, bloc 1 (vœu 2), à partir du 1er février 2027`.
    pub fn detailed_words(&self, n: &Names) -> String {
        match self {
            Outcome::Placed {
                creche,
                section,
                block,
                entry_date,
                wish_rank,
            } => n.m.text(
                "outcome-placed-detailed",
                &args! {
                    "creche" => n.creche(creche),
                    "section" => n.section(creche, section),
                    "block" => *block,
                    "rank" => *wish_rank,
                    "date" => n.m.date(entry_date),
                },
            ),
            Outcome::Waiting { .. } => self.words(n),
        }
    }
    fn creche(&self) -> Option<&str> {
        match self {
            Outcome::Placed { creche, .. } => Some(creche),
            Outcome::Waiting { .. } => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffRow {
    pub request: String,
    pub kind: Kind,
    /// Offer-order points in the base and in the variant.
    pub points_before: i64,
    pub points_after: i64,
    pub before: Outcome,
    pub after: Outcome,
    /// Why, in the allocations' words: what held the request back in the base
    /// (`before: …`) or holds it back now (`now: …`).
    pub reason: String,
}

/// What `variant` changes for each request of `base`, its reasons in the
/// language of `m`.
pub fn diff(base: &View, variant: &View, m: &Messages) -> Diff {
    let names = Names::of(variant.c, m);
    let mut rows = Vec::new();
    let mut first_change = None;
    for &r in &variant.order {
        let id = variant.c.requests()[r].id.as_str();
        let Some(rb) = base.c.request_index(id) else {
            continue;
        };
        let before = outcome(base, rb);
        let after = outcome(variant, r);
        let same = match (&before, &after) {
            // A waiting request that stays waiting is unchanged, whatever its position.
            (Outcome::Waiting { .. }, Outcome::Waiting { .. }) => true,
            _ => before == after,
        };
        if same {
            continue;
        }
        let rank = |o: &Outcome| match o.creche() {
            Some(cr) => wish_rank(variant, r, cr),
            None => usize::MAX,
        };
        let kind = match (before.creche(), after.creche()) {
            (None, _) => Kind::Gains,
            (_, None) => Kind::Loses,
            (Some(x), Some(y)) if x != y => Kind::ChangesCreche,
            _ => Kind::ChangesPlace,
        };
        let better = rank(&after) < rank(&before);
        if kind != Kind::ChangesPlace && first_change.is_none() {
            first_change = Some(FirstChange {
                request: id.to_string(),
                points: variant.points(r),
                better,
            });
        }
        let reason = reason(&names, base, variant, id, kind, better, &before, &after);
        rows.push(DiffRow {
            request: id.to_string(),
            kind,
            points_before: base.points(rb),
            points_after: variant.points(r),
            before,
            after,
            reason,
        });
    }
    let count = |k: Kind| rows.iter().filter(|x| x.kind == k).count();
    let (mb, mv) = (&base.allocation.metrics, &variant.allocation.metrics);
    Diff {
        placed_delta: mv.placed as i64 - mb.placed as i64,
        half_days_delta: mv.places_filled_half_days as i64 - mb.places_filled_half_days as i64,
        inversions_delta: mv.priority_inversions as i64 - mb.priority_inversions as i64,
        blocking_delta: mv.blocking as i64 - mb.blocking as i64,
        gains: count(Kind::Gains),
        losses: count(Kind::Loses),
        creche_changes: count(Kind::ChangesCreche),
        place_changes: count(Kind::ChangesPlace),
        first_change,
        rows,
    }
}

/// Where request `r` stands in `v`.
pub fn outcome(v: &View, r: usize) -> Outcome {
    match v.placements[r] {
        Some(p) => Outcome::Placed {
            creche: v.c.creches()[p.creche].id.clone(),
            section: v.c.creches()[p.creche].sections[p.opt.section].id.clone(),
            block: p.opt.block,
            entry_date: p.opt.entry.to_string(),
            wish_rank: p.wish + 1,
        },
        None => Outcome::Waiting {
            position: v.waiting_position(&v.c.requests()[r].id).unwrap_or(0),
        },
    }
}

/// Rank of crèche `id` among request `r`'s wishes in view `v` (`usize::MAX` if absent).
fn wish_rank(v: &View, r: usize, id: &str) -> usize {
    v.c.creche_index(id)
        .and_then(|ci| v.c.requests()[r].wishes.iter().position(|&w| w == ci))
        .map_or(usize::MAX, |k| k + 1)
}

/// A gain or a better crèche is explained by what held the request back in the
/// base; a loss or a worse crèche by what holds it back in the variant.
#[allow(clippy::too_many_arguments)]
fn reason(
    n: &Names,
    base: &View,
    variant: &View,
    id: &str,
    kind: Kind,
    better: bool,
    before: &Outcome,
    after: &Outcome,
) -> String {
    let text = match (kind, before, after) {
        (
            Kind::ChangesPlace,
            Outcome::Placed {
                section: s0,
                entry_date: d0,
                block: b0,
                ..
            },
            Outcome::Placed {
                section: s1,
                entry_date: d1,
                block: b1,
                ..
            },
        ) => {
            let cr = before.creche().unwrap_or_default();
            n.m.text(
                "diff-same-creche",
                &args! {
                    "from-section" => n.section(cr, s0),
                    "to-section" => n.section(cr, s1),
                    "from-block" => *b0,
                    "to-block" => *b1,
                    "from-date" => n.m.date(d0),
                    "to-date" => n.m.date(d1),
                },
            )
        }
        _ if better => {
            let cr = after.creche().unwrap_or_default();
            let creche = n.creche(cr);
            match base.reason_at(id, cr, n.m) {
                Some(why) => {
                    n.m.text("diff-before-at", &args! {"creche" => creche, "why" => why})
                }
                None => {
                    n.m.text("diff-not-wished-before", &args! {"creche" => creche})
                }
            }
        }
        _ => {
            let cr = before.creche().unwrap_or_default();
            let creche = n.creche(cr);
            match variant.reason_at(id, cr, n.m) {
                Some(why) => {
                    n.m.text("diff-now-at", &args! {"creche" => creche, "why" => why})
                }
                None => {
                    n.m.text("diff-no-longer-wished", &args! {"creche" => creche})
                }
            }
        }
    };
    match variant.note(id, n.m) {
        Some(note) => {
            n.m.text("diff-with-note", &args! {"text" => text, "note" => note})
        }
        None => text,
    }
}
