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

use super::{Explainer, Policy};
use crate::domain::{Commission, Reason, ReasonCode, SlotSet};
use crate::error::Result;
use crate::rules::{Opt, Wish};
use crate::solve::load::Load;

/// Holders named in a reason before "and N more".
const NAMED: usize = 6;

pub(super) fn reason(e: &Explainer, r: usize, w: &Wish) -> Result<Reason> {
    if let Some(why) = &w.ineligible {
        return Ok(why.clone());
    }
    if let Some(group) = group_excludes(e, r, w.creche) {
        return Ok(Reason::new(
            ReasonCode::SiblingGroup,
            &[("group", group.to_string())],
            format!("sibling group {group}: not every child of the group can go to this crèche"),
        ));
    }
    let u = e.holders.units.of_request[r];
    let claim = e.holders.units.list[u]
        .wish_at(w.creche)
        .map(|x| x.claim)
        .unwrap_or(w.points);
    if !e.holders.fits(e.c, u, w.creche, |_| false)? {
        return Ok(too_many_children(e, r, w));
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
    let g = &e.c.sibling_groups[e.c.requests[r].sibling_group?];
    let all = g.members.iter().all(|&m| {
        e.options[m]
            .wish_at(creche)
            .is_some_and(|w| !w.options.is_empty())
    });
    (!all).then_some(g.id.as_str())
}

/// A sibling group that the free places cannot hold even with nobody else.
fn too_many_children(e: &Explainer, r: usize, w: &Wish) -> Reason {
    let c = e.c;
    let name = &c.creches[w.creche].name;
    let group = c.requests[r]
        .sibling_group
        .map(|g| c.sibling_groups[g].id.clone())
        .unwrap_or_default();
    Reason::new(
        ReasonCode::SiblingGroup,
        &[("group", group.clone()), ("creche_name", name.clone())],
        format!(
            "the free places of {name} cannot hold all {} together, even with nobody else placed there",
            who(c, r)
        ),
    )
}

/// "This child" or "sibling group G1 (2 children)".
fn who(c: &Commission, r: usize) -> String {
    match c.requests[r].sibling_group {
        Some(g) => format!(
            "sibling group {} ({} children)",
            c.sibling_groups[g].id,
            c.sibling_groups[g].members.len()
        ),
        None => "this child".to_string(),
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
            load.add(p.creche, p.opt, c.requests[h].planning);
        }
    }
    let planning = c.requests[r].planning;
    let (opt, full) = closest(&load, c, w, planning);
    let creche = &c.creches[w.creche];
    let section = &creche.sections[opt.section];
    let slots: Vec<String> = full.iter().map(|h| c.week.label(h)).collect();
    let mut named: Vec<(usize, i64)> = higher
        .iter()
        .copied()
        .filter(|&(h, _)| {
            e.placements[h].is_some_and(|p| {
                p.opt.section == opt.section
                    && p.opt.block == opt.block
                    && !c.requests[h].planning.intersection(full).is_empty()
            })
        })
        .collect();
    if named.is_empty() {
        named = higher.clone();
    }
    named.sort_by_key(|&(h, p)| (std::cmp::Reverse(p), h));
    let list = names(e, &named);
    let place = if full.is_empty() {
        format!("the free places of {}", creche.name)
    } else {
        format!(
            "the free places of section {} at {} on {}",
            section.id,
            creche.name,
            slots.join(", ")
        )
    };
    Reason::new(
        ReasonCode::HeldByMorePoints,
        &[
            ("creche_name", creche.name.clone()),
            ("section", section.id.clone()),
            ("half_days", slots.join(", ")),
            ("families", named.len().to_string()),
            ("holders", list.clone()),
        ],
        format!(
            "{place} cannot hold {} together with the {} famil{} placed there with more points ({list})",
            who(c, r),
            named.len(),
            if named.len() == 1 { "y" } else { "ies" },
        ),
    )
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

/// `D-0027 (23), D-0031 (22), … and 3 more`.
fn names(e: &Explainer, list: &[(usize, i64)]) -> String {
    let mut out: Vec<String> = list
        .iter()
        .take(NAMED)
        .map(|&(h, p)| e.label(h, p))
        .collect();
    if list.len() > NAMED {
        out.push(format!("and {} more", list.len() - NAMED));
    }
    out.join(", ")
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
    let name = &c.creches[w.creche].name;
    Ok(Reason::new(
        ReasonCode::TieLost,
        &[
            ("creche_name", name.clone()),
            ("winner", c.requests[winner].id.clone()),
            ("points", claim.to_string()),
            ("settled_by", by.to_string()),
        ],
        format!(
            "equal points ({claim}) with {}, who holds the place at {name}: the tie was settled by {}",
            c.requests[winner].id,
            settled_words(by)
        ),
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
            .map(|p| (p.opt.entry - c.requests[x].start).num_days())
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

fn settled_words(by: &str) -> &'static str {
    match by {
        "half_days" => "half-days (the tie group fills more half-days this way)",
        "wish" => "wish rank (this crèche ranks better among the other family's wishes)",
        "entry_date" => "entry date (the other family enters earlier)",
        "earlier_request" => "the earlier request",
        "draw" => "the commission's seeded draw",
        _ => "what is best for the tie group as a whole (half-days, then wishes, then entry dates)",
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
    let list = names(e, &lower);
    let why = lower
        .first()
        .map(|&(l, _)| cause(e, l))
        .unwrap_or("time_limit");
    let name = &c.creches[w.creche].name;
    Reason::new(
        ReasonCode::Departure,
        &[
            ("creche_name", name.clone()),
            ("holders", list.clone()),
            ("cause", why.to_string()),
        ],
        format!(
            "departure from points order: {} would fit at {name} beside every family placed there with at least its points, but {list} hold the place with fewer points ({})",
            who(c, r),
            cause_words(why)
        ),
    )
}

/// Why `lower` holds its place ahead of a family with more points.
pub(super) fn cause(e: &Explainer, lower: usize) -> &'static str {
    match (e.c.requests[lower].sibling_group, e.policy) {
        (_, Policy::Greedy) => "greedy",
        (_, Policy::Balanced) => "balanced",
        (Some(_), Policy::Priority) => "sibling_group",
        (None, Policy::Priority) => "crossing_points",
    }
}

pub(super) fn cause_words(cause: &str) -> &'static str {
    match cause {
        "greedy" => "the greedy method took requests in points order at the first crèche that fit",
        "balanced" => "the balanced policy traded points for planning fit",
        "sibling_group" => "placed with its sibling group: siblings together or not at all",
        "crossing_points" => {
            "crèche-specific points: crèches rank these families in crossing orders, and no arrangement satisfies them all"
        }
        _ => "the time limit stopped the optimizer first",
    }
}
