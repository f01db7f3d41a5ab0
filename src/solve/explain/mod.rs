//! From placements to the allocation a commission reads: every assignment with
//! its points and wish rank, every waiting request in offer order, and for each
//! wish not given, the reason ([`why`]) — a stable code, its parameters, and
//! the words.
//!
//! Reasons are measured against the allocation itself, whatever policy made
//! it: at each wish, does the family fit beside the families placed there
//! with more points? with at least as many? ([`crate::solve::blocking`]).

mod why;

use std::collections::BTreeMap;

use super::blocking::{self, Blocked, Holders};
use super::load::Placement;
use super::metrics::metrics;
use super::order::offer_order;
use crate::domain::{Allocation, Assignment, Commission, Status, WaitingEntry, WishReason};
use crate::error::Result;
use crate::rules::RequestOptions;

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
    holders: Holders,
    blocked: Vec<Blocked>,
    policy: Policy,
}

impl<'a> Explainer<'a> {
    pub fn new(
        c: &'a Commission,
        options: &'a [RequestOptions],
        placements: &'a [Option<Placement>],
        policy: Policy,
    ) -> Result<Self> {
        let holders = Holders::new(c, options, placements);
        let blocked = holders.blocked(c, placements)?;
        Ok(Explainer {
            c,
            options,
            placements,
            holders,
            blocked,
            policy,
        })
    }

    pub fn allocation(
        &self,
        status: Status,
        gap: Option<f64>,
        strategy: String,
    ) -> Result<Allocation> {
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
                reasons: self.reasons(r, p.wish)?,
                note: self.departure_note(r),
            });
        }
        let mut waiting_list = Vec::new();
        for r in offer_order(c, self.options)
            .into_iter()
            .filter(|&r| self.placements[r].is_none())
        {
            waiting_list.push(WaitingEntry {
                request: c.requests[r].id.clone(),
                points: self.options[r].priority_points(),
                position: waiting_list.len() + 1,
                reasons: self.reasons(r, self.options[r].wishes.len())?,
            });
        }
        Ok(Allocation {
            commission_id: c.id.clone(),
            status,
            gap,
            strategy: Some(strategy),
            assignments,
            waiting_list,
            metrics: metrics(
                c,
                self.options,
                self.placements,
                blocking::count(&self.blocked),
            ),
            solver: None,
            cutoffs: Vec::new(),
        })
    }

    /// The reasons of request `r` at each of its first `wishes` wishes.
    fn reasons(&self, r: usize, wishes: usize) -> Result<Vec<WishReason>> {
        self.options[r].wishes[..wishes]
            .iter()
            .map(|w| {
                let reason = why::reason(self, r, w)?;
                Ok(WishReason::at(&self.c.creches[w.creche].id, reason))
            })
            .collect()
    }

    /// `D-0042 (23)`: a request and its points at a crèche.
    fn label(&self, r: usize, points: i64) -> String {
        format!("{} ({})", self.c.requests[r].id, points)
    }

    /// When this placement passes over a family with more points, why.
    fn departure_note(&self, r: usize) -> Option<String> {
        let over: Vec<&Blocked> = self
            .blocked
            .iter()
            .filter(|b| b.lower.contains(&r))
            .collect();
        if over.is_empty() {
            return None;
        }
        let mut by_creche: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for b in &over {
            for &h in &b.requests {
                by_creche
                    .entry(b.creche)
                    .or_default()
                    .push(self.label(h, b.points));
            }
        }
        let names: Vec<String> = by_creche.values().flatten().cloned().collect();
        Some(format!(
            "placed ahead of {} who have more points here: {}",
            names.join(", "),
            why::cause_words(why::cause(self, r))
        ))
    }
}
