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
    let mut placements = vec![None; c.requests().len()];
    let order = offer_order(c, options);
    let mut done = vec![false; c.requests().len()];
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
        let members: Vec<usize> = match c.requests()[r].sibling_group {
            Some(g) => c.sibling_groups()[g].members.clone(),
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

/// Places every member at `creche` (the first combination of options where all
/// fit together), or none.
fn place_all(
    c: &Commission,
    options: &[RequestOptions],
    members: &[usize],
    creche: usize,
    load: &mut Load,
) -> Option<Vec<Placement>> {
    let wishes: Vec<(usize, &crate::rules::Wish)> = members
        .iter()
        .map(|&m| {
            options[m]
                .wishes
                .iter()
                .enumerate()
                .find(|(_, w)| w.creche == creche)
        })
        .collect::<Option<_>>()?;
    let group: Vec<_> = members
        .iter()
        .zip(&wishes)
        .map(|(&m, (_, w))| (c.requests()[m].planning, w.options.as_slice()))
        .collect();
    let opts = load.fit_together(c, creche, &group)?;
    let placed: Vec<Placement> = wishes
        .iter()
        .zip(opts)
        .map(|(&(wi, _), opt)| Placement {
            creche,
            wish: wi,
            opt,
        })
        .collect();
    for (p, &m) in placed.iter().zip(members) {
        load.add(creche, p.opt, c.requests()[m].planning);
    }
    Some(placed)
}
