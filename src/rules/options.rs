//! The options a request may take: (crèche, section, block) where the child's age
//! at its entry date fits the section, the block is free in time, and the block
//! has places on every half-day of the planning. Everything the solvers place a
//! child on comes from here; everything a wish cannot offer is explained here.

use chrono::{NaiveDate, TimeDelta};

use super::age::{age_in_days, age_in_months, old_enough};
use super::points::{family_points, points_at};
use crate::domain::commission::{Block, Section};
use crate::domain::{Commission, Reason, ReasonCode, Request, SlotSet};

/// One way to place a request: a block of a section of a crèche.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opt {
    pub section: usize,
    pub block: usize,
    /// The later of the requested start and the block's `available_from`.
    pub entry: NaiveDate,
}

/// One wish of a request, with its eligible options.
#[derive(Debug, Clone)]
pub struct Wish {
    pub creche: usize,
    /// 1 = first wish.
    pub rank: usize,
    /// Rank-1 points of the request at this crèche.
    pub points: i64,
    pub options: Vec<Opt>,
    /// Why no option exists, when `options` is empty: the reason of each
    /// section (each reason once), in section order; empty when it has options.
    pub ineligible: Vec<Reason>,
}

/// A request with its wishes resolved into options.
#[derive(Debug, Clone)]
pub struct RequestOptions {
    pub family_points: i64,
    /// Half-days a week of the planning.
    pub half_days: u32,
    pub wishes: Vec<Wish>,
}

impl RequestOptions {
    /// Points used for the offer order: the best over the request's wishes.
    pub fn priority_points(&self) -> i64 {
        self.wishes
            .iter()
            .map(|w| w.points)
            .max()
            .unwrap_or(self.family_points)
    }
    pub fn wish_at(&self, creche: usize) -> Option<&Wish> {
        self.wishes.iter().find(|w| w.creche == creche)
    }
}

/// Resolves every request of the commission, in request order.
/// The points request `r` claims with at `creche`: its own there, or for a
/// sibling group (placed as one), its highest member's there. Points order —
/// the priority policy's rows and the inversion count alike — compares these.
pub fn claim_points_at(c: &Commission, options: &[RequestOptions], r: usize, creche: usize) -> i64 {
    let own = options[r].wish_at(creche).map(|w| w.points);
    let group_best = c.requests()[r].sibling_group.and_then(|g| {
        c.sibling_groups()[g]
            .members
            .iter()
            .filter_map(|&m| options[m].wish_at(creche).map(|w| w.points))
            .max()
    });
    own.max(group_best).unwrap_or(i64::MIN)
}

pub fn resolve(c: &Commission) -> Vec<RequestOptions> {
    c.requests().iter().map(|r| resolve_request(c, r)).collect()
}

fn resolve_request(c: &Commission, r: &Request) -> RequestOptions {
    let wishes = r
        .wishes
        .iter()
        .enumerate()
        .map(|(i, &creche)| {
            let (options, reasons) = wish_options(c, r, creche);
            let ineligible = if options.is_empty() {
                unique(reasons)
            } else {
                Vec::new()
            };
            Wish {
                creche,
                rank: i + 1,
                points: points_at(r, creche, c.bareme()),
                options,
                ineligible,
            }
        })
        .collect();
    RequestOptions {
        family_points: family_points(r, c.bareme()),
        half_days: r.planning.len(),
        wishes,
    }
}

/// The latest `available_from` a block may have to serve this request.
/// Checked: validation bounds the tolerance (at most 3,650 days) and dates
/// (four-digit years), so the sum is always a date; a tolerance beyond the
/// calendar means no limit, hence the latest date there is.
pub fn latest_availability(c: &Commission, r: &Request) -> NaiveDate {
    let days = c.start_tolerance_days();
    TimeDelta::try_days(days)
        .and_then(|d| r.start.checked_add_signed(d))
        .unwrap_or(if days < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
}

fn wish_options(c: &Commission, r: &Request, creche: usize) -> (Vec<Opt>, Vec<Reason>) {
    let latest = latest_availability(c, r);
    let mut options = Vec::new();
    let mut reasons = Vec::new();
    for (si, section) in c.creches()[creche].sections.iter().enumerate() {
        let mut section_reason: Option<Reason> = None;
        for (bi, block) in section.blocks.iter().enumerate() {
            match block_problem(c, r, section, block) {
                None => options.push(Opt {
                    section: si,
                    block: bi,
                    entry: entry_on(r, block),
                }),
                // Keep the reason of the most relevant block: one that is free in time.
                Some(why) => {
                    if section_reason.is_none() || block.available_from <= latest {
                        section_reason = Some(why);
                    }
                }
            }
        }
        if let Some(why) = section_reason {
            reasons.push(why);
        }
    }
    // No section, or sections without any block: nothing else said why.
    if options.is_empty() && reasons.is_empty() {
        reasons.push(Reason::new(ReasonCode::NoFreePlace, &[]));
    }
    (options, reasons)
}

/// The entry date of a request on a block: the later of its start and the
/// block's `available_from`.
pub fn entry_on(r: &Request, block: &Block) -> NaiveDate {
    r.start.max(block.available_from)
}

/// Why request `r` cannot take `block` of `section`, or `None` when it can
/// (free in time, old enough, age within the section, places on every
/// half-day of the planning). [`wish_options`] and the check of an adopted
/// allocation ([`crate::adopt`]) both ask here.
pub fn block_problem(
    c: &Commission,
    r: &Request,
    section: &Section,
    block: &Block,
) -> Option<Reason> {
    let latest = latest_availability(c, r);
    let entry = entry_on(r, block);
    let s = ("section", section.id.clone());
    if block.available_from > latest {
        return Some(Reason::new(
            ReasonCode::NotFreeInTime,
            &[
                s,
                ("start", r.start.to_string()),
                ("tolerance_days", c.start_tolerance_days().to_string()),
                ("latest_date", latest.to_string()),
                ("available_from", block.available_from.to_string()),
            ],
        ));
    }
    if !old_enough(r.child.birth, entry) {
        let weeks = age_in_days(r.child.birth, entry).max(0) / 7;
        return Some(Reason::new(
            ReasonCode::UnderTenWeeks,
            &[
                ("weeks", weeks.to_string()),
                ("entry_date", entry.to_string()),
            ],
        ));
    }
    let age = age_in_months(r.child.birth, entry);
    let (code, limit) = if age < section.min_age_months as i64 {
        (ReasonCode::AgeBelowSection, section.min_age_months)
    } else if age > section.max_age_months as i64 {
        (ReasonCode::AgeAboveSection, section.max_age_months)
    } else {
        let closed = closed_slots(r.planning, &block.capacity);
        if closed.is_empty() {
            return None;
        }
        return Some(Reason::new(
            ReasonCode::PlanningNoPlace,
            &[s, ("half_days", c.week().codes(closed))],
        ));
    };
    Some(Reason::new(
        code,
        &[
            s,
            ("age_months", age.to_string()),
            ("limit_months", limit.to_string()),
            ("entry_date", entry.to_string()),
        ],
    ))
}

/// Planning half-days where the block offers no place at all.
pub fn closed_slots(planning: SlotSet, capacity: &[u32]) -> SlotSet {
    let mut closed = SlotSet::EMPTY;
    for i in planning.iter() {
        if capacity.get(i).copied().unwrap_or(0) == 0 {
            closed.insert(i);
        }
    }
    closed
}

/// Each reason once, in order.
fn unique(reasons: Vec<Reason>) -> Vec<Reason> {
    let mut out: Vec<Reason> = Vec::with_capacity(reasons.len());
    for r in reasons {
        if !out.contains(&r) {
            out.push(r);
        }
    }
    out
}
