//! Cut-off points per crèche and section: the points of the last request
//! placed there and of the first request that waited there.
//!
//! Some towns publish "the score of the last family admitted"; alone it
//! misleads, because a place goes by planning as well as points: a family with
//! more points than the last admitted may still wait when the half-days it
//! needs are held by families with more points still. Publishing both figures
//! side by side shows that gap. Points are those *at this crèche* (a
//! crèche-specific criterion counts), ties go by the offer order's tie-break
//! (earlier request, then the commission's seeded draw).

use std::cmp::Reverse;

use super::load::Placement;
use super::order::tie_order;
use crate::domain::allocation::{Cutoff, RankedRequest};
use crate::domain::Commission;
use crate::rules::{RequestOptions, Wish};

/// One [`Cutoff`] per section of every crèche, in commission order (crèches by
/// id, sections as in the input).
///
/// A request *waited* at a section when it wished the crèche, had an option in
/// that section (its age, dates and planning let it take such a place), and got
/// neither this crèche nor a better-ranked wish: it is waiting, or placed at a
/// later wish. A request that could not take the section's places at all is
/// not counted: it did not compete for them.
pub fn cutoffs(
    c: &Commission,
    options: &[RequestOptions],
    placements: &[Option<Placement>],
) -> Vec<Cutoff> {
    let mut order: Vec<usize> = (0..c.requests().len()).collect();
    tie_order(c, &mut order);
    let mut tie_rank = vec![0; c.requests().len()];
    for (k, &r) in order.iter().enumerate() {
        tie_rank[r] = k;
    }
    let points = |r: usize, ci: usize| options[r].wish_at(ci).map_or(0, |w| w.points);
    let ranked = |r: usize, ci: usize| RankedRequest {
        request: c.requests()[r].id.clone(),
        points: points(r, ci),
    };
    let empty = || -> Vec<Vec<Option<usize>>> {
        c.creches()
            .iter()
            .map(|cr| vec![None; cr.sections.len()])
            .collect()
    };
    let (mut last, mut first) = (empty(), empty());
    // One pass over requests and their wishes (the département has 12,000).
    for (r, ro) in options.iter().enumerate() {
        let placed = placements[r];
        for (k, w) in ro.wishes.iter().enumerate() {
            let ci = w.creche;
            match placed {
                Some(p) if p.creche == ci => {
                    let slot = &mut last[ci][p.opt.section];
                    // Fewest points; among equals, the later in tie order.
                    let key = |r: usize| (points(r, ci), Reverse(tie_rank[r]));
                    if slot.is_none_or(|l| key(r) < key(l)) {
                        *slot = Some(r);
                    }
                }
                Some(p) if p.wish < k => {}
                _ => {
                    for si in sections_of(w) {
                        let slot = &mut first[ci][si];
                        // Most points; among equals, the earlier in tie order.
                        let key = |r: usize| (Reverse(points(r, ci)), tie_rank[r]);
                        if slot.is_none_or(|f| key(r) < key(f)) {
                            *slot = Some(r);
                        }
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for (ci, creche) in c.creches().iter().enumerate() {
        for (si, section) in creche.sections.iter().enumerate() {
            out.push(Cutoff {
                creche: creche.id.clone(),
                section: section.id.clone(),
                last_placed: last[ci][si].map(|r| ranked(r, ci)),
                first_waiting: first[ci][si].map(|r| ranked(r, ci)),
            });
        }
    }
    out
}

/// The sections a wish has an option in, each once.
fn sections_of(w: &Wish) -> Vec<usize> {
    let mut s: Vec<usize> = w.options.iter().map(|o| o.section).collect();
    s.dedup();
    s.sort_unstable();
    s.dedup();
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;
    use crate::solve::{solve, SolveOptions, Strategy};

    /// The cut-offs of an example's greedy allocation.
    fn greedy_cutoffs(example: &str) -> Vec<Cutoff> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("instances/examples")
            .join(example);
        let c = crate::io::read_commission(Some(&path)).unwrap();
        let opts = SolveOptions {
            strategy: Strategy::Greedy,
            ..SolveOptions::default()
        };
        let s = solve(&c, &opts).unwrap();
        cutoffs(&c, &rules::resolve(&c), &s.placements)
    }

    /// Example b: B (10) and D (7) share the mon–wed place; A (12) cannot take
    /// it at all (thu, fri closed), so nobody waited there.
    #[test]
    fn a_request_that_cannot_take_the_places_did_not_wait_for_them() {
        let cut = greedy_cutoffs("b_mon_to_wed_only.json");
        assert_eq!(cut.len(), 1);
        assert_eq!(
            cut[0].last_placed,
            Some(RankedRequest {
                request: "D".into(),
                points: 7
            })
        );
        assert_eq!(cut[0].first_waiting, None);
    }

    /// Example c3: I and J tie on everything but the date; I is placed, J is
    /// the first waiting with the same points.
    #[test]
    fn equal_points_go_by_tie_order() {
        let cut = greedy_cutoffs("c3_equal_points_earlier.json");
        let first = cut[0].first_waiting.as_ref().unwrap();
        let last = cut[0].last_placed.as_ref().unwrap();
        assert_eq!((last.request.as_str(), last.points), ("I", 10));
        assert_eq!((first.request.as_str(), first.points), ("J", 10));
    }
}
