//! The figures of one solved variant: the allocation's metrics, points of the
//! placed requests, occupancy per crèche and section (and per half-day, for
//! the heat maps), the points distribution of placed and waiting requests, and
//! the requests served in each criterion group.
//!
//! Everything is read from the allocation and the placements the solver
//! returned; capacity use comes from [`crate::solve::load::Load`], points and
//! offer order from [`crate::rules`] and [`crate::solve::order`], so a figure
//! here is the figure the allocation would give.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::scenario::{Scenario, DEFAULT_GROUPS};
use crate::domain::{Allocation, Assignment, Commission, Label, Metrics, WaitingEntry};
use crate::i18n::{Messages, Names};
use crate::rules::{self, RequestOptions};
use crate::solve::load::Load;
use crate::solve::order::offer_order;
use crate::solve::Placement;

/// A solved variant, with what the figures and the differences read from it.
pub struct View<'a> {
    pub c: &'a Commission,
    pub allocation: &'a Allocation,
    /// Indexed like `c.requests`.
    pub placements: &'a [Option<Placement>],
    pub options: Vec<RequestOptions>,
    /// Request indices in offer order (points, then earlier request, then draw).
    pub order: Vec<usize>,
    assignments: BTreeMap<&'a str, &'a Assignment>,
    waiting: BTreeMap<&'a str, &'a WaitingEntry>,
}

impl<'a> View<'a> {
    pub fn new(
        c: &'a Commission,
        allocation: &'a Allocation,
        placements: &'a [Option<Placement>],
    ) -> Self {
        View::with_options(c, allocation, placements, rules::resolve(c))
    }

    /// [`View::new`] with the options of `c` already resolved (their points
    /// give the offer order).
    pub fn with_options(
        c: &'a Commission,
        allocation: &'a Allocation,
        placements: &'a [Option<Placement>],
        options: Vec<RequestOptions>,
    ) -> Self {
        let order = offer_order(c, &options);
        View {
            c,
            allocation,
            placements,
            options,
            order,
            assignments: allocation
                .assignments
                .iter()
                .map(|a| (a.request.as_str(), a))
                .collect(),
            waiting: allocation
                .waiting_list
                .iter()
                .map(|w| (w.request.as_str(), w))
                .collect(),
        }
    }

    /// Offer-order points of request `r` (the best over its wishes).
    pub fn points(&self, r: usize) -> i64 {
        self.options[r].priority_points()
    }

    pub fn waiting_position(&self, id: &str) -> Option<usize> {
        self.waiting.get(id).map(|w| w.position)
    }

    /// The allocation's reason why request `id` is not placed at `creche`
    /// (for a waiting request, or a wish better than the one it got), in
    /// words of `m` from its code and parameters.
    pub fn reason_at(&self, id: &str, creche: &str, m: &Messages) -> Option<String> {
        let reasons = match (self.waiting.get(id), self.assignments.get(id)) {
            (Some(w), _) => &w.reasons,
            (None, Some(a)) => &a.reasons,
            (None, None) => return None,
        };
        let names = Names::of(self.c, m);
        reasons
            .iter()
            .find(|x| x.creche == creche)
            .map(|x| names.wish_reason(x))
    }

    /// The note of request `id`'s assignment, in words of `m`.
    pub fn note(&self, id: &str, m: &Messages) -> Option<String> {
        let a = self.assignments.get(id)?;
        Names::of(self.c, m).note(a)
    }
}

/// A named set of barème criteria and the base requests that carry one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub name: String,
    pub criteria: Vec<String>,
    /// Request ids of the base (a variant that removes a criterion does not
    /// change who the families are).
    pub members: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// e.g. `optimal/priority`.
    pub strategy: String,
    /// `optimal`, `feasible` (time limit; see `gap`) or `heuristic`.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap: Option<f64>,
    /// The allocation's metrics, as in its JSON.
    pub metrics: Metrics,
    /// Over placed requests, points at the crèche where placed.
    pub mean_points_placed: Option<f64>,
    pub min_points_placed: Option<i64>,
    pub creches: Vec<CrecheFigures>,
    /// Offer-order points → placed and waiting requests, ascending points.
    pub points: Vec<PointsBin>,
    /// One per [`Group`], in the same order.
    pub groups: Vec<GroupCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrecheFigures {
    pub id: String,
    pub name: String,
    pub free_half_days: u64,
    pub filled_half_days: u64,
    pub placed: usize,
    pub occupancy: f64,
    pub sections: Vec<SectionFigures>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionFigures {
    pub id: String,
    /// The section's label, when the instance gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Label>,
    pub free_half_days: u64,
    pub filled_half_days: u64,
    pub placed: usize,
    pub occupancy: f64,
    /// Per half-day of the week (day-major: mon am, mon pm, tue am, …), over
    /// every block: free places, and places used.
    pub free: Vec<u32>,
    pub used: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsBin {
    pub points: i64,
    pub placed: usize,
    pub waiting: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCount {
    pub name: String,
    pub members: usize,
    pub placed: usize,
}

/// `a / b`, 0 when `b` is 0.
pub fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

pub fn figures(v: &View, groups: &[Group]) -> Figures {
    let a = v.allocation;
    let placed_points: Vec<i64> = a.assignments.iter().map(|x| x.points).collect();
    Figures {
        strategy: a.strategy.clone().unwrap_or_default(),
        status: a.status.as_str().to_string(),
        gap: a.gap,
        metrics: a.metrics.clone(),
        mean_points_placed: (!placed_points.is_empty())
            .then(|| placed_points.iter().sum::<i64>() as f64 / placed_points.len() as f64),
        min_points_placed: placed_points.iter().copied().min(),
        creches: creches(v),
        points: points(v),
        groups: groups
            .iter()
            .map(|g| GroupCount {
                name: g.name.clone(),
                members: g.members.len(),
                placed: g
                    .members
                    .iter()
                    .filter(|id| {
                        v.c.request_index(id)
                            .is_some_and(|r| v.placements[r].is_some())
                    })
                    .count(),
            })
            .collect(),
    }
}

fn creches(v: &View) -> Vec<CrecheFigures> {
    let c = v.c;
    let load = Load::of(c, v.placements);
    let n = c.week().half_days();
    c.creches()
        .iter()
        .enumerate()
        .map(|(ci, cr)| {
            let sections: Vec<SectionFigures> = cr
                .sections
                .iter()
                .enumerate()
                .map(|(si, s)| {
                    let mut free = vec![0u32; n];
                    let mut used = vec![0u32; n];
                    for (bi, b) in s.blocks.iter().enumerate() {
                        for h in 0..n {
                            free[h] += b.capacity[h];
                            used[h] += load.used_in(ci, si, bi, h);
                        }
                    }
                    let free_hd: u64 = free.iter().map(|&x| x as u64).sum();
                    let used_hd: u64 = used.iter().map(|&x| x as u64).sum();
                    SectionFigures {
                        id: s.id.clone(),
                        label: s.label.clone(),
                        free_half_days: free_hd,
                        filled_half_days: used_hd,
                        placed: v
                            .placements
                            .iter()
                            .flatten()
                            .filter(|p| p.creche == ci && p.opt.section == si)
                            .count(),
                        occupancy: ratio(used_hd, free_hd),
                        free,
                        used,
                    }
                })
                .collect();
            let free: u64 = sections.iter().map(|s| s.free_half_days).sum();
            let filled: u64 = sections.iter().map(|s| s.filled_half_days).sum();
            CrecheFigures {
                id: cr.id.clone(),
                name: cr.name.clone(),
                free_half_days: free,
                filled_half_days: filled,
                placed: sections.iter().map(|s| s.placed).sum(),
                occupancy: ratio(filled, free),
                sections,
            }
        })
        .collect()
}

fn points(v: &View) -> Vec<PointsBin> {
    let mut bins: BTreeMap<i64, PointsBin> = BTreeMap::new();
    for r in 0..v.c.requests().len() {
        let p = v.points(r);
        let bin = bins.entry(p).or_insert(PointsBin {
            points: p,
            placed: 0,
            waiting: 0,
        });
        if v.placements[r].is_some() {
            bin.placed += 1;
        } else {
            bin.waiting += 1;
        }
    }
    bins.into_values().collect()
}

/// The scenario's criterion groups (or [`DEFAULT_GROUPS`]) with their members
/// in the base commission; criteria the barème does not name are left out, and
/// so is a group nobody belongs to.
pub fn groups(s: &Scenario, base: &Commission) -> Vec<Group> {
    let defs: Vec<(String, Vec<String>)> = match &s.groups {
        Some(g) => g.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        None => DEFAULT_GROUPS
            .iter()
            .map(|(k, v)| (k.to_string(), v.iter().map(|c| c.to_string()).collect()))
            .collect(),
    };
    defs.into_iter()
        .filter_map(|(name, criteria)| {
            let criteria: Vec<String> = criteria
                .into_iter()
                .filter(|c| base.bareme().value(c).is_some())
                .collect();
            let wanted: BTreeSet<&str> = criteria.iter().map(String::as_str).collect();
            let members: Vec<String> = base
                .requests()
                .iter()
                .filter(|r| {
                    r.criteria
                        .iter()
                        .chain(r.creche_criteria.values().flatten())
                        .any(|c| wanted.contains(c.as_str()))
                })
                .map(|r| r.id.clone())
                .collect();
            (!members.is_empty()).then_some(Group {
                name,
                criteria,
                members,
            })
        })
        .collect()
}
