//! The spreadsheet method, as a baseline: requests in offer order, each given
//! its best wish that still fits (first section and block that fit), a sibling
//! group placed all together at the first crèche where all its children fit.
//! Also used to complete an allocation when the time limit cuts the optimizer.

use super::load::{Load, Placement};
use super::order::offer_order;
use crate::domain::Commission;
use crate::rules::RequestOptions;

/// Greedy allocation of the whole commission.
pub fn allocate(c: &Commission, options: &[RequestOptions]) -> Vec<Option<Placement>> {
    let mut placements = vec![None; c.requests.len()];
    let order = offer_order(c, options);
    let mut done = vec![false; c.requests.len()];
    fill(c, options, &order, &mut placements, &mut done);
    placements
}

/// Places the requests of `order` not yet `done`, around the existing placements.
pub fn fill(
    c: &Commission,
    options: &[RequestOptions],
    order: &[usize],
    placements: &mut [Option<Placement>],
    done: &mut [bool],
) {
    let mut load = Load::of(c, placements);
    for &r in order {
        if done[r] {
            continue;
        }
        let members: Vec<usize> = match c.requests[r].sibling_group {
            Some(g) => c.sibling_groups[g].members.clone(),
            None => vec![r],
        };
        for &m in &members {
            done[m] = true;
        }
        if members.iter().any(|&m| placements[m].is_some()) {
            continue;
        }
        for wish in &options[r].wishes {
            if let Some(group) = place_all(c, options, &members, wish.creche, &mut load) {
                for (m, p) in members.iter().zip(group) {
                    placements[*m] = Some(p);
                }
                break;
            }
        }
    }
}

/// Places every member at `creche` (first option that fits each), or none.
fn place_all(
    c: &Commission,
    options: &[RequestOptions],
    members: &[usize],
    creche: usize,
    load: &mut Load,
) -> Option<Vec<Placement>> {
    let mut placed: Vec<Placement> = Vec::new();
    for &m in members {
        let planning = c.requests[m].planning;
        let found = options[m]
            .wishes
            .iter()
            .enumerate()
            .find(|(_, w)| w.creche == creche)
            .and_then(|(wi, w)| {
                w.options
                    .iter()
                    .find(|o| load.fits(c, creche, **o, planning))
                    .map(|o| Placement {
                        creche,
                        wish: wi,
                        opt: *o,
                    })
            });
        match found {
            Some(p) => {
                load.add(creche, p.opt, planning);
                placed.push(p);
            }
            None => {
                for (p, &m2) in placed.iter().zip(members) {
                    load.remove(creche, p.opt, c.requests[m2].planning);
                }
                return None;
            }
        }
    }
    Some(placed)
}
