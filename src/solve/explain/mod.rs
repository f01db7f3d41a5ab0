//! From placements to the allocation a commission reads: every assignment with
//! its points and wish rank, every waiting request in offer order, and for each
//! wish not given, the reason ([`why`]) — a stable code and its parameters,
//! then the words in the language asked for, written from them by
//! [`crate::i18n`] (the one place sentences come from).
//!
//! Reasons are measured against the allocation itself, whatever policy made
//! it: at each wish, does the family fit beside the families placed there
//! with more points? with at least as many? ([`crate::solve::blocking`]).

mod explainer;
mod why;

use std::collections::BTreeMap;

use super::blocking::{self, Blocked};
use super::metrics::metrics;
use super::order::offer_order;
use crate::domain::{Allocation, Assignment, Reason, ReasonCode, Status, WaitingEntry, WishReason};
use crate::error::Result;
use crate::i18n::{Lang, Names};
pub use explainer::{Explainer, Policy};

impl<'a> Explainer<'a> {
    /// Writes the reasons of the requests `which` marks and of every blocked
    /// family only (the others' are left empty): an allocation compared with
    /// another, where only the requests that change are read.
    pub fn only(mut self, which: &[bool]) -> Self {
        let mut only = which.to_vec();
        for b in &self.blocked {
            for &r in &b.requests {
                only[r] = true;
            }
        }
        self.only = Some(only);
        self
    }

    /// The requests the commission placed by a decision (`decided[r]`: the
    /// decision's index): their note is `placed_by_commission`, and the
    /// departures they make are caused by the decision.
    pub fn decided(mut self, decided: &[Option<usize>]) -> Self {
        self.decided = decided.to_vec();
        self
    }

    /// The decision that placed request `r`, if any.
    pub(super) fn decision_of(&self, r: usize) -> Option<usize> {
        self.decided.get(r).copied().flatten()
    }

    /// The allocation, its reasons and notes in words of `lang`.
    pub fn allocation(
        &self,
        status: Status,
        gap: Option<f64>,
        strategy: String,
        lang: Lang,
    ) -> Result<Allocation> {
        let mut allocation = self.coded(status, gap, strategy)?;
        Names::of(self.c, lang.messages()).word_allocation(&mut allocation);
        Ok(allocation)
    }

    /// The allocation with its reasons and notes as codes and parameters
    /// only, their words not written (an allocation compared, never shown:
    /// documents word reasons again from their codes).
    pub fn coded(&self, status: Status, gap: Option<f64>, strategy: String) -> Result<Allocation> {
        let c = self.c;
        let mut assignments = Vec::new();
        for (r, p) in self.placements.iter().enumerate() {
            let Some(p) = p else { continue };
            let wish = &self.options[r].wishes[p.wish];
            let section = &c.creches()[p.creche].sections[p.opt.section];
            let note = self.departure_note(r);
            assignments.push(Assignment {
                request: c.requests()[r].id.clone(),
                creche: c.creches()[p.creche].id.clone(),
                section: section.id.clone(),
                block: p.opt.block,
                entry_date: p.opt.entry.to_string(),
                wish_rank: wish.rank,
                points: wish.points,
                half_days: self.options[r].half_days,
                reasons: self.reasons(r, p.wish)?,
                note: None,
                note_code: note.as_ref().map(|n| n.code),
                note_params: note.map(|n| n.params).unwrap_or_default(),
            });
        }
        let mut waiting_list = Vec::new();
        for r in offer_order(c, self.options)
            .into_iter()
            .filter(|&r| self.placements[r].is_none())
        {
            waiting_list.push(WaitingEntry {
                request: c.requests()[r].id.clone(),
                points: self.options[r].priority_points(),
                position: waiting_list.len() + 1,
                reasons: self.reasons(r, self.options[r].wishes.len())?,
            });
        }
        Ok(Allocation {
            commission_id: c.id().to_string(),
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
        if self.only.as_ref().is_some_and(|only| !only[r]) {
            return Ok(Vec::new());
        }
        self.options[r].wishes[..wishes]
            .iter()
            .map(|w| {
                let (reason, others) = why::reason(self, r, w)?;
                Ok(WishReason::at(
                    &self.c.creches()[w.creche].id,
                    reason,
                    others,
                ))
            })
            .collect()
    }

    /// When this placement passes over families with more points, why
    /// (`placed_ahead`): those families with their points here, and the cause.
    fn departure_note(&self, r: usize) -> Option<Reason> {
        let over: Vec<&Blocked> = self
            .blocked
            .iter()
            .filter(|b| b.lower.contains(&r))
            .collect();
        if over.is_empty() {
            return self.decision_of(r).map(|i| {
                Reason::new(
                    ReasonCode::PlacedByCommission,
                    &[("decision", i.to_string())],
                )
            });
        }
        let mut by_creche: BTreeMap<usize, Vec<(usize, i64)>> = BTreeMap::new();
        for b in &over {
            for &h in &b.requests {
                by_creche.entry(b.creche).or_default().push((h, b.points));
            }
        }
        let passed: Vec<(usize, i64)> = by_creche.into_values().flatten().collect();
        let mut params = why::holders(self, &passed).to_vec();
        if let Some(i) = self.decision_of(r) {
            params.push(("decision", i.to_string()));
            return Some(Reason::new(ReasonCode::PlacedByCommission, &params));
        }
        let decided = (over.iter()).any(|b| b.lower.iter().any(|&l| self.decision_of(l).is_some()));
        let cause = if decided {
            "decision"
        } else {
            why::cause(self, r)
        };
        params.push(("cause", cause.to_string()));
        Some(Reason::new(ReasonCode::PlacedAhead, &params))
    }
}
