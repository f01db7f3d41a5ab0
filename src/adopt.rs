//! The one way in for an allocation that comes from outside (a file, a gRPC
//! message or JSON text): checked against the validated commission into an
//! [`Adopted`] value, which nothing else can build.
//!
//! The cascade's replay, the minutes and the suggestions all start from an
//! allocation the commission adopted. Each used to read it its own way, and
//! they disagreed (a duplicate assignment passed one and not the other); none
//! checked capacity, so five children in a one-place block gave answers as
//! if nothing were wrong. Here every problem is reported at once, each with
//! its path in the allocation (`allocation.assignments[3].block`,
//! `allocation.waiting_list[0].request`, ...), and nothing is computed from
//! an allocation that has one:
//!
//! - `commission_id` is the commission's;
//! - each assignment names a known request (once), a crèche it wished, a
//!   section of that crèche and a block of that section that the rules give
//!   the request ([`rules::options::block_problem`]: availability, age,
//!   planning), with the `entry_date`, `wish_rank`, `points` and
//!   `half_days` the rules give for that place;
//! - no half-day of a block holds more children than its free places;
//! - a sibling group is placed whole, in one crèche, or not at all;
//! - every request is either placed or on the waiting list, never both, the
//!   list numbered 1, 2, ... with each request's priority points.
//!
//! Whatever the caller sent, an adopted allocation never exceeds capacity, so
//! neither does a cascade state built on it.

use std::collections::BTreeMap;

use crate::domain::events::Place;
use crate::domain::{Allocation, Commission};
use crate::error::{Error, Problem, Result};
use crate::i18n::{Lang, Names};
use crate::rules::options::block_problem;
use crate::rules::RequestOptions;
use crate::solve::load::{Load, Placement};

/// An allocation checked against its commission: a placement or none per
/// request (indexed like the commission's requests). Built only by [`adopt`].
#[derive(Debug, Clone, PartialEq)]
pub struct Adopted {
    placements: Vec<Option<Placement>>,
}

impl Adopted {
    /// The place of each request, `None` for a request that waits.
    pub fn placements(&self) -> &[Option<Placement>] {
        &self.placements
    }

    pub fn into_placements(self) -> Vec<Option<Placement>> {
        self.placements
    }
}

/// Checks `a` against the commission `c` and its resolved `options`
/// ([`crate::rules::resolve`]); every problem at once in [`Error::Invalid`].
pub fn adopt(c: &Commission, options: &[RequestOptions], a: &Allocation) -> Result<Adopted> {
    let mut problems = Vec::new();
    if a.commission_id != c.id() {
        problems.push(Problem::new(
            "allocation.commission_id",
            &a.commission_id,
            format!("allocation of another commission (instance is {})", c.id()),
        ));
    }
    let placed = assignments(c, options, a, &mut problems);
    capacity(c, &placed, &mut problems);
    siblings(c, &placed, &mut problems);
    waiting(c, options, a, &placed, &mut problems);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let mut placements = vec![None; c.requests().len()];
    for p in placed {
        placements[p.request] = Some(p.place);
    }
    Ok(Adopted { placements })
}

/// One assignment that names a place the request can take.
struct Placed {
    /// Index of the assignment in the allocation.
    k: usize,
    request: usize,
    place: Placement,
}

fn path(k: usize) -> String {
    format!("allocation.assignments[{k}]")
}

/// The assignments that name a place their request can take, in order; the
/// problems of the others.
fn assignments(
    c: &Commission,
    options: &[RequestOptions],
    a: &Allocation,
    problems: &mut Vec<Problem>,
) -> Vec<Placed> {
    let mut first: BTreeMap<usize, usize> = BTreeMap::new();
    let mut placed = Vec::new();
    for (k, x) in a.assignments.iter().enumerate() {
        let p = path(k);
        let Some(r) = c.request_index(&x.request) else {
            problems.push(Problem::new(
                format!("{p}.request"),
                &x.request,
                "unknown request",
            ));
            continue;
        };
        if let Some(&j) = first.get(&r) {
            problems.push(Problem::new(
                format!("{p}.request"),
                &x.request,
                format!("request assigned twice (first in assignments[{j}])"),
            ));
            continue;
        }
        first.insert(r, k);
        let given = Place {
            creche: x.creche.clone(),
            section: x.section.clone(),
            block: x.block,
            entry_date: x.entry_date.clone(),
        };
        let before = problems.len();
        let Some(place) = resolve_place(c, options, r, &given, &p, problems) else {
            continue;
        };
        let wish = &options[r].wishes[place.wish];
        if x.wish_rank != wish.rank {
            problems.push(Problem::new(
                format!("{p}.wish_rank"),
                x.wish_rank,
                format!("{} is wish {} of the request", x.creche, wish.rank),
            ));
        }
        if x.points != wish.points {
            problems.push(Problem::new(
                format!("{p}.points"),
                x.points,
                format!("the request has {} points at {}", wish.points, x.creche),
            ));
        }
        if x.half_days != options[r].half_days {
            problems.push(Problem::new(
                format!("{p}.half_days"),
                x.half_days,
                format!(
                    "the request's planning has {} half-days a week",
                    options[r].half_days
                ),
            ));
        }
        if problems.len() == before {
            placed.push(Placed {
                k,
                request: r,
                place,
            });
        }
    }
    placed
}

/// The place of an assignment or of an offer (the cascade's events), checked
/// against the request's options: problems are added with paths under `path`.
pub fn resolve_place(
    c: &Commission,
    options: &[RequestOptions],
    r: usize,
    place: &Place,
    path: &str,
    problems: &mut Vec<Problem>,
) -> Option<Placement> {
    match locate(c, options, r, place).and_then(|at| option_at(c, options, r, place, at)) {
        Ok(placement) => Some(placement),
        Err(Bad(field, value, why)) => {
            problems.push(Problem::new(format!("{path}.{field}"), value, why));
            None
        }
    }
}

/// A field of a place that is wrong: its name, its value, why.
struct Bad(&'static str, String, String);

/// The crèche (index), the wish and the section a place names.
fn locate(
    c: &Commission,
    options: &[RequestOptions],
    r: usize,
    place: &Place,
) -> std::result::Result<(usize, usize, usize), Bad> {
    let creche_bad = |why: &str| Bad("creche", place.creche.clone(), why.to_string());
    let creche = c
        .creche_index(&place.creche)
        .ok_or_else(|| creche_bad("unknown crèche"))?;
    let wish = (options[r].wishes.iter().position(|w| w.creche == creche))
        .ok_or_else(|| creche_bad("crèche not among the request's wishes"))?;
    let section = (c.creches()[creche]
        .sections
        .iter()
        .position(|s| s.id == place.section))
    .ok_or_else(|| {
        let why = format!("unknown section of crèche {}", place.creche);
        Bad("section", place.section.clone(), why)
    })?;
    Ok((creche, wish, section))
}

/// The option of the wish that is this place's block, with its entry date.
fn option_at(
    c: &Commission,
    options: &[RequestOptions],
    r: usize,
    place: &Place,
    (creche, wish, section): (usize, usize, usize),
) -> std::result::Result<Placement, Bad> {
    let block_bad = |why: String| Bad("block", place.block.to_string(), why);
    let section_of = &c.creches()[creche].sections[section];
    let blocks = &section_of.blocks;
    let block = blocks.get(place.block).ok_or_else(|| {
        let n = blocks.len();
        block_bad(format!(
            "no such block: section {} has {n} (numbered from 0)",
            place.section
        ))
    })?;
    if let Some(why) = block_problem(c, &c.requests()[r], section_of, block) {
        // Problems are in English, as every validation message.
        let words = Names::of(c, Lang::En.messages())
            .reason(&place.creche, why.code, &why.params)
            .unwrap_or_else(|| why.code.as_str().to_string());
        return Err(block_bad(format!(
            "not a place this request can take: {words}"
        )));
    }
    // The same rule made the wish's options: a block without a problem is one.
    let opt = *(options[r].wishes[wish].options.iter())
        .find(|o| o.section == section && o.block == place.block)
        .ok_or_else(|| block_bad("not a place this request can take".into()))?;
    if place.entry_date != opt.entry.to_string() {
        let why = format!(
            "the entry date on this place is {} (the later of the request's start and \
             the block's available_from)",
            opt.entry
        );
        return Err(Bad("entry_date", place.entry_date.clone(), why));
    }
    Ok(Placement { creche, wish, opt })
}

/// Every assignment that would take a half-day of a block beyond its free
/// places, counting the assignments in order.
fn capacity(c: &Commission, placed: &[Placed], problems: &mut Vec<Problem>) {
    let mut load = Load::new(c);
    for p in placed {
        let Placement { creche, opt, .. } = p.place;
        let planning = c.requests()[p.request].planning;
        let full = load.full_slots(c, creche, opt, planning);
        if full.is_empty() {
            load.add(creche, opt, planning);
            continue;
        }
        problems.push(Problem::new(
            format!("{}.block", path(p.k)),
            opt.block,
            format!(
                "capacity exceeded: block {} of {}/{} has no place left on {} (taken by the \
                 assignments before this one)",
                opt.block,
                c.creches()[creche].id,
                c.creches()[creche].sections[opt.section].id,
                labels(c, full.iter()),
            ),
        ));
    }
}

fn labels(c: &Commission, half_days: impl Iterator<Item = usize>) -> String {
    half_days
        .map(|h| c.week().label(h))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Sibling groups placed in part, or over several crèches.
fn siblings(c: &Commission, placed: &[Placed], problems: &mut Vec<Problem>) {
    let at: BTreeMap<usize, &Placed> = placed.iter().map(|p| (p.request, p)).collect();
    for g in c.sibling_groups() {
        let members: Vec<Option<&&Placed>> = g.members.iter().map(|m| at.get(m)).collect();
        let Some(first) = members.iter().flatten().next() else {
            continue;
        };
        let missing: Vec<&str> = g
            .members
            .iter()
            .zip(&members)
            .filter(|(_, p)| p.is_none())
            .map(|(&m, _)| c.requests()[m].id.as_str())
            .collect();
        if !missing.is_empty() {
            problems.push(Problem::new(
                format!("{}.request", path(first.k)),
                &c.requests()[first.request].id,
                format!(
                    "sibling group {} split: {} not placed (siblings are placed together or \
                     not at all)",
                    g.id,
                    missing.join(", ")
                ),
            ));
        }
        for p in members
            .iter()
            .flatten()
            .filter(|p| p.place.creche != first.place.creche)
        {
            problems.push(Problem::new(
                format!("{}.creche", path(p.k)),
                &c.creches()[p.place.creche].id,
                format!(
                    "sibling group {} spread over crèches: {} is at {} (siblings share a crèche)",
                    g.id,
                    c.requests()[first.request].id,
                    c.creches()[first.place.creche].id
                ),
            ));
        }
    }
}

/// The waiting list: known requests, once each, not placed, numbered in
/// order, with their priority points; and no request left out of both lists.
fn waiting(
    c: &Commission,
    options: &[RequestOptions],
    a: &Allocation,
    placed: &[Placed],
    problems: &mut Vec<Problem>,
) {
    // Requests named by an assignment, valid or not: a request with a bad
    // assignment is reported there, not again as missing.
    let assigned: BTreeMap<usize, usize> = a
        .assignments
        .iter()
        .enumerate()
        .rev()
        .filter_map(|(k, x)| c.request_index(&x.request).map(|r| (r, k)))
        .collect();
    debug_assert!(placed.iter().all(|p| assigned.contains_key(&p.request)));
    let mut listed: BTreeMap<usize, usize> = BTreeMap::new();
    for (j, w) in a.waiting_list.iter().enumerate() {
        let p = format!("allocation.waiting_list[{j}]");
        if w.position != j + 1 {
            problems.push(Problem::new(
                format!("{p}.position"),
                w.position,
                format!("entry {} of the waiting list has position {}", j + 1, j + 1),
            ));
        }
        let Some(r) = c.request_index(&w.request) else {
            problems.push(Problem::new(
                format!("{p}.request"),
                &w.request,
                "unknown request",
            ));
            continue;
        };
        if let Some(&i) = listed.get(&r) {
            problems.push(Problem::new(
                format!("{p}.request"),
                &w.request,
                format!("request waiting twice (first at waiting_list[{i}])"),
            ));
            continue;
        }
        listed.insert(r, j);
        if let Some(k) = assigned.get(&r) {
            problems.push(Problem::new(
                format!("{p}.request"),
                &w.request,
                format!("request both placed (assignments[{k}]) and waiting"),
            ));
        }
        let points = options[r].priority_points();
        if w.points != points {
            problems.push(Problem::new(
                format!("{p}.points"),
                w.points,
                format!("the request's priority points are {points}"),
            ));
        }
    }
    for (r, req) in c.requests().iter().enumerate() {
        if !assigned.contains_key(&r) && !listed.contains_key(&r) {
            problems.push(Problem::new(
                "allocation.waiting_list",
                &req.id,
                "request neither placed nor waiting",
            ));
        }
    }
}
