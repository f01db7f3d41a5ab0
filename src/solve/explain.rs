//! From placements to the allocation a commission reads: every assignment with
//! its points and wish rank, every waiting request in offer order, and for each
//! wish not given, the reason in words.

use std::collections::BTreeMap;

use super::load::{Load, Placement};
use super::metrics::{inversions, metrics, Inversion};
use super::order::offer_order;
use crate::domain::{
    Allocation, Assignment, Commission, SlotSet, Status, WaitingEntry, WishReason,
};
use crate::rules::{Opt, RequestOptions, Wish};

/// The policy that produced the placements, for the wording of departures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Policy {
    Priority,
    Balanced,
    Greedy,
}

pub struct Explainer<'a> {
    c: &'a Commission,
    options: &'a [RequestOptions],
    placements: &'a [Option<Placement>],
    load: Load,
    /// The requests placed at each crèche, in request order.
    placed_at: Vec<Vec<usize>>,
    inversions: Vec<Inversion>,
    policy: Policy,
}

impl<'a> Explainer<'a> {
    pub fn new(
        c: &'a Commission,
        options: &'a [RequestOptions],
        placements: &'a [Option<Placement>],
        policy: Policy,
    ) -> Self {
        let mut placed_at = vec![Vec::new(); c.creches.len()];
        for (r, p) in placements.iter().enumerate() {
            if let Some(p) = p {
                placed_at[p.creche].push(r);
            }
        }
        Explainer {
            c,
            options,
            placements,
            load: Load::of(c, placements),
            placed_at,
            inversions: inversions(c, options, placements),
            policy,
        }
    }

    pub fn allocation(&self, status: Status, gap: Option<f64>, strategy: String) -> Allocation {
        let c = self.c;
        let mut assignments = Vec::new();
        for (r, p) in self.placements.iter().enumerate() {
            let Some(p) = p else { continue };
            let wish = &self.options[r].wishes[p.wish];
            let section = &c.creches[p.creche].sections[p.opt.section];
            assignments.push(Assignment {
                request: c.requests[r].id.clone(),
                creche: c.creches[p.creche].id.clone(),
                section: section.id.clone(),
                block: p.opt.block,
                entry_date: p.opt.entry.to_string(),
                wish_rank: wish.rank,
                points: wish.points,
                half_days: self.options[r].half_days,
                reasons: self.options[r].wishes[..p.wish]
                    .iter()
                    .map(|w| self.reason(r, w))
                    .collect(),
                note: self.departure_note(r),
            });
        }
        let waiting_list = offer_order(c, self.options)
            .into_iter()
            .filter(|&r| self.placements[r].is_none())
            .enumerate()
            .map(|(i, r)| WaitingEntry {
                request: c.requests[r].id.clone(),
                points: self.options[r].priority_points(),
                position: i + 1,
                reasons: self.options[r]
                    .wishes
                    .iter()
                    .map(|w| self.reason(r, w))
                    .collect(),
            })
            .collect();
        Allocation {
            commission_id: c.id.clone(),
            status,
            gap,
            strategy: Some(strategy),
            assignments,
            waiting_list,
            metrics: metrics(c, self.options, self.placements),
            solver: None,
            cutoffs: Vec::new(),
        }
    }

    fn label(&self, r: usize, points: i64) -> String {
        format!("{} ({})", self.c.requests[r].id, points)
    }

    fn points_at(&self, r: usize, creche: usize) -> i64 {
        self.placements[r]
            .map(|p| self.options[r].wishes[p.wish].points)
            .unwrap_or_else(|| {
                self.options[r]
                    .wish_at(creche)
                    .map(|w| w.points)
                    .unwrap_or(self.options[r].family_points)
            })
    }

    /// Why request `r` is not placed at wish `w`.
    fn reason(&self, r: usize, w: &Wish) -> WishReason {
        let creche = WishReason {
            creche: self.c.creches[w.creche].id.clone(),
            reason: String::new(),
        };
        let text = if let Some(why) = &w.ineligible {
            why.clone()
        } else if let Some(group) = self.group_excludes(r, w.creche) {
            format!("sibling group {group}: not every child of the group can go to this crèche")
        } else {
            self.blocked(r, w)
        };
        WishReason {
            reason: text,
            ..creche
        }
    }

    fn group_excludes(&self, r: usize, creche: usize) -> Option<&str> {
        let g = &self.c.sibling_groups[self.c.requests[r].sibling_group?];
        let all = g.members.iter().all(|&m| {
            self.options[m]
                .wish_at(creche)
                .is_some_and(|w| !w.options.is_empty())
        });
        (!all).then_some(g.id.as_str())
    }

    /// The wish has options but none was free: name the full half-days and who holds them.
    fn blocked(&self, r: usize, w: &Wish) -> String {
        let planning = self.c.requests[r].planning;
        let mut best: Option<(Opt, SlotSet)> = None;
        for &o in &w.options {
            let full = self.load.full_slots(self.c, w.creche, o, planning);
            if best.is_none_or(|(_, b)| full.len() < b.len()) {
                best = Some((o, full));
            }
        }
        let (opt, full) = best.expect("an eligible wish has options");
        if full.is_empty() {
            return match self.c.requests[r].sibling_group {
                Some(g) => format!(
                    "sibling group {} could not be placed together here",
                    self.c.sibling_groups[g].id
                ),
                None => "a place was free here but the time limit stopped the optimizer first"
                    .to_string(),
            };
        }
        let section = &self.c.creches[w.creche].sections[opt.section];
        let slots: Vec<String> = full.iter().map(|h| self.c.week.label(h)).collect();
        let holders = self.holders(w.creche, opt, full);
        let mut names: Vec<String> = holders
            .iter()
            .take(6)
            .map(|&(h, p)| self.label(h, p))
            .collect();
        if holders.len() > 6 {
            names.push(format!("and {} more", holders.len() - 6));
        }
        let points = w.points;
        let mut text = if holders.iter().all(|&(_, p)| p > points) {
            format!(
                "section {}: no free place left on {}, taken by requests with more points: {}",
                section.id,
                slots.join(", "),
                names.join(", ")
            )
        } else {
            format!(
                "section {}: no free place left on {}, taken by {}",
                section.id,
                slots.join(", "),
                names.join(", ")
            )
        };
        if let Some(g) = self.c.requests[r].sibling_group {
            let g = &self.c.sibling_groups[g];
            text = format!(
                "sibling group {} ({} children) cannot be placed together: {}",
                g.id,
                g.members.len(),
                text
            );
        }
        let departures: Vec<&Inversion> = self
            .inversions
            .iter()
            .filter(|i| i.higher == r && i.creche == w.creche)
            .collect();
        if !departures.is_empty() {
            let who: Vec<String> = departures
                .iter()
                .map(|i| self.label(i.lower, self.points_at(i.lower, w.creche)))
                .collect();
            text.push_str(&format!(
                "; departure from points order in favour of {}: {}",
                who.join(", "),
                self.departure_cause(departures[0].lower)
            ));
        } else if self.c.requests[r].sibling_group.is_none()
            && holders.iter().any(|&(_, p)| p < points)
        {
            text.push_str(
                "; removing any one request with fewer points would not free all these half-days",
            );
        }
        let block = &section.blocks[opt.block];
        if section.blocks.len() > 1 {
            text.push_str(&format!(" (block from {})", block.available_from));
        }
        text
    }

    /// Placed requests of a block using any of `slots`, most points first.
    fn holders(&self, creche: usize, opt: Opt, slots: SlotSet) -> Vec<(usize, i64)> {
        let mut out: Vec<(usize, i64)> = self.placed_at[creche]
            .iter()
            .filter_map(|&r| self.placements[r].map(|p| (r, p)))
            .filter(|(r, p)| {
                p.opt.section == opt.section
                    && p.opt.block == opt.block
                    && !self.c.requests[*r].planning.intersection(slots).is_empty()
            })
            .map(|(r, p)| (r, self.options[r].wishes[p.wish].points))
            .collect();
        out.sort_by_key(|&(r, p)| (std::cmp::Reverse(p), r));
        out
    }

    fn departure_cause(&self, lower: usize) -> String {
        match (self.c.requests[lower].sibling_group, self.policy) {
            (Some(g), _) => format!(
                "placed with its sibling group {} (siblings together or not at all)",
                self.c.sibling_groups[g].id
            ),
            (None, Policy::Balanced) => {
                "the balanced policy traded points for planning fit".to_string()
            }
            (None, Policy::Greedy) => {
                "the greedy method took requests in points order at the first crèche that fit"
                    .to_string()
            }
            (None, Policy::Priority) => {
                "crèche-specific points: it holds a better claim through another of its wishes"
                    .to_string()
            }
        }
    }

    /// When this placement is a departure from points order, why.
    fn departure_note(&self, r: usize) -> Option<String> {
        let over: Vec<&Inversion> = self.inversions.iter().filter(|i| i.lower == r).collect();
        if over.is_empty() {
            return None;
        }
        let mut by_creche: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for i in &over {
            let pts = self.options[i.higher]
                .wish_at(i.creche)
                .map(|w| w.points)
                .unwrap_or(0);
            by_creche
                .entry(i.creche)
                .or_default()
                .push(self.label(i.higher, pts));
        }
        let names: Vec<String> = by_creche.values().flatten().cloned().collect();
        Some(format!(
            "placed ahead of {} who have more points: {}",
            names.join(", "),
            self.departure_cause(r)
        ))
    }
}
