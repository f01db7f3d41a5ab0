//! Why a family did not get one of its wishes, measured against the
//! allocation: in order,
//! - the rules (age, availability, planning: [`crate::rules::options`]);
//! - its sibling group (not every child may go there);
//! - the families placed there with **more** points fill the places it needs
//!   (`held_by_more_points`, naming them);
//! - families with **equal** points hold them: a tie settled by half-days,
//!   wish, entry date, earlier request or draw (`tie_lost`, naming the one
//!   that won it);
//! - otherwise families with fewer points hold a place it would fit beside
//!   everyone with at least its points: a departure from points order
//!   (`departure`, naming them and the cause).
//!
//! Each reason is a code and its parameters, machine values in no language;
//! [`crate::i18n`] writes the words.

use super::explainer::{Explainer, Policy};
use crate::domain::reason::holders_param;
use crate::domain::{Commission, Reason, ReasonCode, SlotSet};
use crate::error::Result;
use crate::rules::{Opt, Wish};
use crate::solve::load::Load;

/// Holders a reason names (`holders`); `more` counts the others.
const NAMED: usize = 6;

/// The reason at wish `w` of request `r`, and the reasons of the crèche's
/// other sections when none of them can take the child.
pub(super) fn reason(e: &Explainer, r: usize, w: &Wish) -> Result<(Reason, Vec<Reason>)> {
    if let Some((first, others)) = w.ineligible.split_first() {
        return Ok((first.clone(), others.to_vec()));
    }
    Ok((coded(e, r, w)?, Vec::new()))
}

/// The reason at an eligible wish, measured against the allocation.
fn coded(e: &Explainer, r: usize, w: &Wish) -> Result<Reason> {
    if group_excludes(e, r, w.creche).is_some() {
        return Ok(sibling_group(e.c, r, "eligibility"));
    }
    let u = e.holders.units.of_request[r];
    let claim = e.holders.units.list[u]
        .wish_at(w.creche)
        .map(|x| x.claim)
        .unwrap_or(w.points);
    if !e.holders.fits(e.c, u, w.creche, |_| false)? {
        return Ok(sibling_group(e.c, r, "capacity"));
    }
    if !e.holders.fits(e.c, u, w.creche, |h| h.claim > claim)? {
        return Ok(held_by_more(e, r, w, claim));
    }
    if !e.holders.fits(e.c, u, w.creche, |h| h.claim >= claim)? {
        return tie_lost(e, r, w, claim);
    }
    Ok(departure(e, r, w, claim))
}

fn group_excludes<'c>(e: &Explainer<'c>, r: usize, creche: usize) -> Option<&'c str> {
    let g = &e.c.sibling_groups()[e.c.requests()[r].sibling_group?];
    let all = g.members.iter().all(|&m| {
        e.options[m]
            .wish_at(creche)
            .is_some_and(|w| !w.options.is_empty())
    });
    (!all).then_some(g.id.as_str())
}

/// `sibling_group`: not every child of the group can go to the crèche
/// (`eligibility`), or its free places cannot hold them all together even with
/// nobody else placed there (`capacity`).
fn sibling_group(c: &Commission, r: usize, case: &str) -> Reason {
    let mut params = who(c, r);
    params.push(("case", case.to_string()));
    Reason::new(ReasonCode::SiblingGroup, &params)
}

/// Who the reason is about, for a child of a sibling group: `group` (its id)
/// and `children` (how many); nothing for a child alone.
fn who(c: &Commission, r: usize) -> Vec<(&'static str, String)> {
    match c.requests()[r].sibling_group {
        Some(g) => vec![
            ("children", c.sibling_groups()[g].members.len().to_string()),
            ("group", c.sibling_groups()[g].id.clone()),
        ],
        None => Vec::new(),
    }
}

/// The places at the wish cannot hold the family beside those with more
/// points: the section and half-days where it comes closest, and who holds them.
fn held_by_more(e: &Explainer, r: usize, w: &Wish, claim: i64) -> Reason {
    let c = e.c;
    let higher: Vec<(usize, i64)> = e
        .holders
        .held(w.creche)
        .iter()
        .filter(|h| h.claim > claim)
        .map(|h| (h.request, h.claim))
        .collect();
    let mut load = Load::new(c);
    for &(h, _) in &higher {
        if let Some(p) = e.placements[h] {
            load.add(p.creche, p.opt, c.requests()[h].planning);
        }
    }
    let planning = c.requests()[r].planning;
    let (opt, full) = closest(&load, c, w, planning);
    let section = &c.creches()[w.creche].sections[opt.section];
    let mut named: Vec<(usize, i64)> = higher
        .iter()
        .copied()
        .filter(|&(h, _)| {
            e.placements[h].is_some_and(|p| {
                p.opt.section == opt.section
                    && p.opt.block == opt.block
                    && !c.requests()[h].planning.intersection(full).is_empty()
            })
        })
        .collect();
    if named.is_empty() {
        named = higher.clone();
    }
    let mut params = who(c, r);
    params.push(("section", section.id.clone()));
    if !full.is_empty() {
        params.push(("half_days", c.week().codes(full)));
    }
    params.extend(holders(e, &named));
    Reason::new(ReasonCode::HeldByMorePoints, &params)
}

/// The option of the wish with the fewest full half-days under `load`.
fn closest(load: &Load, c: &Commission, w: &Wish, planning: SlotSet) -> (Opt, SlotSet) {
    let mut best: Option<(Opt, SlotSet)> = None;
    for &o in &w.options {
        let full = load.full_slots(c, w.creche, o, planning);
        if best.is_none_or(|(_, b)| full.len() < b.len()) {
            best = Some((o, full));
        }
    }
    best.expect("an eligible wish has options")
}

/// The families of `list` (request, points) as parameters: `families` (how
/// many), `holders` (the first [`NAMED`], most points first, as
/// `D-0027:23,D-0031:22`), `more` (how many are not in `holders`).
pub(super) fn holders(e: &Explainer, list: &[(usize, i64)]) -> [(&'static str, String); 3] {
    let mut list = list.to_vec();
    list.sort_by_key(|&(h, p)| (std::cmp::Reverse(p), h));
    let named: Vec<(&str, i64)> = list
        .iter()
        .take(NAMED)
        .map(|&(h, p)| (e.c.requests()[h].id.as_str(), p))
        .collect();
    [
        ("families", list.len().to_string()),
        ("holders", holders_param(&named)),
        ("more", list.len().saturating_sub(NAMED).to_string()),
    ]
}

/// Families with equal points hold the places: which one won, and by what.
fn tie_lost(e: &Explainer, r: usize, w: &Wish, claim: i64) -> Result<Reason> {
    let c = e.c;
    let u = e.holders.units.of_request[r];
    let equal: Vec<usize> = e
        .holders
        .held(w.creche)
        .iter()
        .filter(|h| h.claim == claim && h.unit != u)
        .map(|h| h.request)
        .collect();
    let mut winner = equal[0];
    for &x in &equal {
        let wx = e.holders.units.of_request[x];
        if e.holders
            .fits(c, u, w.creche, |h| h.claim >= claim && h.unit != wx)?
        {
            winner = x;
            break;
        }
    }
    let by = settled_by(e, r, winner, w.creche);
    Ok(Reason::new(
        ReasonCode::TieLost,
        &[
            ("winner", c.requests()[winner].id.clone()),
            ("points", claim.to_string()),
            ("settled_by", by.to_string()),
        ],
    ))
}

/// The first tie-break on which the winner is ahead of `r`.
fn settled_by(e: &Explainer, r: usize, winner: usize, creche: usize) -> &'static str {
    let c = e.c;
    let (units, ur, uw) = (
        &e.holders.units,
        e.holders.units.of_request[r],
        e.holders.units.of_request[winner],
    );
    let (a, b) = (&units.list[ur], &units.list[uw]);
    let rank = |x: usize| {
        e.options[x]
            .wish_at(creche)
            .map(|w| w.rank)
            .unwrap_or(usize::MAX)
    };
    let delay = |x: usize| {
        e.placements[x]
            .map(|p| (p.opt.entry - c.requests()[x].start).num_days())
            .unwrap_or(0)
    };
    if b.half_days != a.half_days {
        "half_days"
    } else if rank(winner) < rank(r) {
        "wish"
    } else if delay(winner) < delay(r) {
        "entry_date"
    } else if b.tie.0 < a.tie.0 {
        "earlier_request"
    } else if b.tie < a.tie {
        "draw"
    } else {
        "group"
    }
}

/// Families with fewer points hold a place the family would fit beside
/// everyone with at least its points.
fn departure(e: &Explainer, r: usize, w: &Wish, claim: i64) -> Reason {
    let c = e.c;
    let lower: Vec<(usize, i64)> = e
        .holders
        .held(w.creche)
        .iter()
        .filter(|h| h.claim < claim)
        .map(|h| (h.request, h.claim))
        .collect();
    // A place the commission gave by a decision is the cause whoever else
    // holds a place there with fewer points.
    let decided = lower.iter().any(|&(l, _)| e.decision_of(l).is_some());
    let why = match lower.first() {
        _ if decided => "decision",
        Some(&(l, _)) => cause(e, l),
        None => "time_limit",
    };
    let mut params = who(c, r);
    params.extend(holders(e, &lower));
    params.push(("cause", why.to_string()));
    Reason::new(ReasonCode::Departure, &params)
}

/// Why `lower` holds its place ahead of a family with more points.
pub(super) fn cause(e: &Explainer, lower: usize) -> &'static str {
    if e.decision_of(lower).is_some() {
        return "decision";
    }
    match (e.c.requests()[lower].sibling_group, e.policy) {
        (_, Policy::Greedy) => "greedy",
        (_, Policy::Balanced) => "balanced",
        (Some(_), Policy::Priority) => "sibling_group",
        (None, Policy::Priority) => "crossing_points",
    }
}
