//! What points order decides before any solver runs.
//!
//! Most of a commission is settled by the stability rule alone: the request
//! with the most points at a crèche, if its planning fits, *must* get its first
//! wish; once it holds that place, the next one either still fits or is
//! certainly blocked, and so on down the points order. Only ties, options in
//! several sections or blocks, and sibling groups leave real choices. This
//! module applies two implications to a fixpoint and hands the integer program
//! only what is left — on generated towns the model shrinks by an order of
//! magnitude, and HiGHS' time with it.
//!
//! Both rules are consequences of the rows the policy writes, so every stable
//! allocation (one without departures) satisfies the fixings, and the reduced
//! model has exactly the same optima:
//! - **capacity**: an option whose block already has, on one of its half-days,
//!   as many certain holders as free places can never be taken;
//! - **stability**: when a request's best live wish has an option that no set of
//!   requests with at least its points could ever fill (on every half-day of its
//!   planning, fewer live holders with those points than free places), the
//!   request cannot be blocked there, so it is placed there: its worse wishes
//!   are out, and if that wish has one live option, it is taken.
//!
//! Sibling groups are never fixed as taken (a group's places are decided
//! together in the model), but their options are pruned by the capacity rule.

use std::collections::BTreeMap;

use super::model::Vars;
use crate::domain::Commission;

/// What the rules decided for an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fix {
    Open,
    Taken,
    Out,
}

/// The options using each (crèche, section, block, half-day), most claim points first.
pub type Users = BTreeMap<(usize, usize, usize, usize), Vec<(i64, usize)>>;

/// Applies the two rules to a fixpoint. `claim_points[v]` are the points an
/// option claims with (a sibling group's highest), `users` lists options by
/// block half-day; options already excluded start `Out`.
pub fn propagate(c: &Commission, vars: &Vars, claim_points: &[i64], users: &Users) -> Vec<Fix> {
    let mut fix: Vec<Fix> = vars
        .excluded
        .iter()
        .map(|&ex| if ex { Fix::Out } else { Fix::Open })
        .collect();
    let mut certain: BTreeMap<(usize, usize, usize, usize), u32> = BTreeMap::new();
    // Requests in points order: one pass settles most of a strict order.
    let mut order: Vec<usize> = (0..c.requests.len())
        .filter(|&r| c.requests[r].sibling_group.is_none())
        .collect();
    let best = |r: usize| {
        vars.by_request[r]
            .clone()
            .map(|v| claim_points[v])
            .max()
            .unwrap_or(i64::MIN)
    };
    order.sort_by_key(|&r| (std::cmp::Reverse(best(r)), r));
    let capacity = |v: usize, h: usize| {
        let (cr, s, b) = vars.block(v);
        c.creches[cr].sections[s].blocks[b].capacity[h]
    };
    let key = |v: usize, h: usize| {
        let (cr, s, b) = vars.block(v);
        (cr, s, b, h)
    };
    loop {
        let mut changed = false;
        // Capacity: certain holders fill a half-day.
        for (v, f) in fix.iter_mut().enumerate() {
            if *f != Fix::Open {
                continue;
            }
            let planning = &c.requests[vars.list[v].request].planning;
            let full = planning
                .iter()
                .any(|h| certain.get(&key(v, h)).copied().unwrap_or(0) + 1 > capacity(v, h));
            if full {
                *f = Fix::Out;
                changed = true;
            }
        }
        for &r in &order {
            let range = vars.by_request[r].clone();
            if range.clone().any(|v| fix[v] == Fix::Taken) {
                continue;
            }
            let Some(first_live) = range.clone().find(|&v| fix[v] == Fix::Open) else {
                continue;
            };
            let wish = vars.list[first_live].wish;
            let at_wish: Vec<usize> = range
                .clone()
                .filter(|&v| fix[v] == Fix::Open && vars.list[v].wish == wish)
                .collect();
            let never_blocked = at_wish.iter().any(|&v| {
                let points = claim_points[v];
                c.requests[r].planning.iter().all(|h| {
                    let cap = capacity(v, h) as usize;
                    let live = users
                        .get(&key(v, h))
                        .into_iter()
                        .flatten()
                        .take_while(|&&(p, _)| p >= points)
                        .filter(|&&(_, u)| vars.list[u].request != r && fix[u] != Fix::Out)
                        .take(cap)
                        .count();
                    live < cap
                })
            });
            if !never_blocked {
                continue;
            }
            for v in range.clone() {
                if fix[v] == Fix::Open && vars.list[v].wish > wish {
                    fix[v] = Fix::Out;
                    changed = true;
                }
            }
            if let [v] = at_wish[..] {
                fix[v] = Fix::Taken;
                for h in c.requests[r].planning.iter() {
                    *certain.entry(key(v, h)).or_insert(0) += 1;
                }
                changed = true;
            }
        }
        if !changed {
            return fix;
        }
    }
}
