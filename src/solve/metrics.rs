//! Figures of an allocation, and the priority inversions it contains (one
//! holder at a time; [`super::blocking`] looks at all of them at once).

use super::load::{Load, Placement};
use crate::domain::{Commission, Metrics};
use crate::rules::{claim_points_at, RequestOptions};

/// A request with more points at a crèche that is not placed there (nor at a
/// better wish) while `lower` is, and would fit there if `lower` were removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inversion {
    pub higher: usize,
    pub lower: usize,
    pub creche: usize,
}

/// The figures of an allocation; `blocking` is counted by
/// [`super::blocking`].
pub fn metrics(
    c: &Commission,
    options: &[RequestOptions],
    placements: &[Option<Placement>],
    blocking: usize,
) -> Metrics {
    let placed: Vec<usize> = (0..placements.len())
        .filter(|&r| placements[r].is_some())
        .collect();
    let filled: u64 = placed.iter().map(|&r| options[r].half_days as u64).sum();
    let free = c.free_half_days();
    let first = placed
        .iter()
        .filter(|&&r| placements[r].is_some_and(|p| p.wish == 0))
        .count();
    Metrics {
        requests: c.requests().len(),
        placed: placed.len(),
        places_filled_half_days: filled,
        free_half_days: free,
        occupancy: if free == 0 {
            0.0
        } else {
            round4(filled as f64 / free as f64)
        },
        first_wish_rate: if placed.is_empty() {
            0.0
        } else {
            round4(first as f64 / placed.len() as f64)
        },
        priority_inversions: inversions(c, options, placements).len(),
        blocking,
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Every priority inversion, as defined in `shared/instance-format.md`. A request
/// of a sibling group "would fit" only if its whole group would.
pub fn inversions(
    c: &Commission,
    options: &[RequestOptions],
    placements: &[Option<Placement>],
) -> Vec<Inversion> {
    let mut load = Load::of(c, placements);
    // The requests placed at each crèche, in request order (the pairs are
    // found in the same order as a scan of every placement would).
    let mut placed_at: Vec<Vec<usize>> = vec![Vec::new(); c.creches().len()];
    for (r, p) in placements.iter().enumerate() {
        if let Some(p) = p {
            placed_at[p.creche].push(r);
        }
    }
    let mut found = Vec::new();
    for (hi, ro) in options.iter().enumerate() {
        let placed_rank = placements[hi].map(|p| p.wish).unwrap_or(usize::MAX);
        for w in ro
            .wishes
            .iter()
            .filter(|w| w.rank - 1 < placed_rank && !w.options.is_empty())
        {
            let higher_points = claim_points_at(c, options, hi, w.creche);
            for &lo in &placed_at[w.creche] {
                let Some(p) = placements[lo] else { continue };
                if lo == hi {
                    continue;
                }
                // Sibling groups compare with their claim points (the
                // highest member's), as the priority policy does.
                let lower_points = claim_points_at(c, options, lo, p.creche);
                if lower_points >= higher_points {
                    continue;
                }
                load.remove(p.creche, p.opt, c.requests()[lo].planning);
                let fits = would_fit(c, options, &mut load, placements, hi, w.creche);
                load.add(p.creche, p.opt, c.requests()[lo].planning);
                if fits {
                    found.push(Inversion {
                        higher: hi,
                        lower: lo,
                        creche: w.creche,
                    });
                }
            }
        }
    }
    found
}

/// Whether `request` (with the unplaced members of its sibling group) fits at
/// `creche` given `load`, each taking the first option that fits.
pub fn would_fit(
    c: &Commission,
    options: &[RequestOptions],
    load: &mut Load,
    placements: &[Option<Placement>],
    request: usize,
    creche: usize,
) -> bool {
    let members: Vec<usize> = match c.requests()[request].sibling_group {
        Some(g) => c.sibling_groups()[g]
            .members
            .iter()
            .copied()
            .filter(|&m| m == request || placements[m].map(|p| p.creche) != Some(creche))
            .collect(),
        None => vec![request],
    };
    let group: Option<Vec<_>> = members
        .iter()
        .map(|&m| {
            options[m]
                .wish_at(creche)
                .map(|w| (c.requests()[m].planning, w.options.as_slice()))
        })
        .collect();
    group.is_some_and(|g| load.fit_together(c, creche, &g).is_some())
}
