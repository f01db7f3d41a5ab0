//! The checked, typed commission every rule and solver works on.
//!
//! Built only by [`crate::validate`]; its invariants hold by construction:
//! ids are unique, every wish names a crèche (as an index), every criterion is in
//! the barème, dates are parsed, ages are ordered, capacities are non-negative.
//! Crèches and requests are sorted by id so that everything built from a
//! commission (model, output) has a canonical order, whatever the input order.

use chrono::NaiveDate;
use std::collections::BTreeMap;

use super::label::Label;
use super::slots::{SlotSet, WeekGrid};

#[derive(Debug, Clone)]
pub struct Commission {
    pub id: String,
    pub date: NaiveDate,
    pub entry_from: NaiveDate,
    pub entry_to: NaiveDate,
    pub start_tolerance_days: i64,
    pub seed: u64,
    pub week: WeekGrid,
    pub bareme: Bareme,
    /// Sorted by id.
    pub creches: Vec<Creche>,
    /// Sorted by id.
    pub requests: Vec<Request>,
    /// Sorted by id; each has at least two members (request indices, sorted).
    pub sibling_groups: Vec<SiblingGroup>,
}

/// The scoring grid: criterion id → points.
#[derive(Debug, Clone, Default)]
pub struct Bareme {
    pub values: BTreeMap<String, i64>,
    /// Criterion → label (the rules' wording); a key without one is shown as is.
    pub labels: BTreeMap<String, Label>,
}

/// Barème key of the renewal bonus (one per renewal; default 1).
pub const RENEWAL_KEY: &str = "renouvellement";
/// Barème key of the no-show malus (subtracted per no-show; default 1).
pub const NO_SHOW_KEY: &str = "malus_absence";

impl Bareme {
    pub fn value(&self, criterion: &str) -> Option<i64> {
        self.values.get(criterion).copied()
    }
    pub fn renewal_bonus(&self) -> i64 {
        self.value(RENEWAL_KEY).unwrap_or(1)
    }
    pub fn no_show_malus(&self) -> i64 {
        self.value(NO_SHOW_KEY).unwrap_or(1)
    }
}

#[derive(Debug, Clone)]
pub struct Creche {
    pub id: String,
    pub name: String,
    pub commune: Option<String>,
    /// In input order (section ids appear in the output).
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    /// What documents call it (`Bébés`); the id when absent.
    pub label: Option<Label>,
    pub min_age_months: u32,
    pub max_age_months: u32,
    /// In input order: an assignment's `block` is an index into this list.
    pub blocks: Vec<Block>,
}

/// Free places of a section from a date on, per half-day of the week.
#[derive(Debug, Clone)]
pub struct Block {
    pub available_from: NaiveDate,
    /// Indexed by [`WeekGrid::slot_index`].
    pub capacity: Vec<u32>,
}

impl Block {
    pub fn half_days(&self) -> u64 {
        self.capacity.iter().map(|&c| c as u64).sum()
    }
}

#[derive(Debug, Clone)]
pub struct Request {
    pub id: String,
    pub child: Child,
    pub start: NaiveDate,
    /// Half-day slots the planning covers.
    pub planning: SlotSet,
    /// Crèche indices, best first (rank = position + 1).
    pub wishes: Vec<usize>,
    pub criteria: Vec<String>,
    /// Crèche index → criteria counted at that crèche only.
    pub creche_criteria: BTreeMap<usize, Vec<String>>,
    pub history: History,
    pub sibling_group: Option<usize>,
    pub submitted: NaiveDate,
    pub points_override: Option<i64>,
}

#[derive(Debug, Clone, Copy)]
pub struct Child {
    /// Birth date, or expected birth date for an unborn child.
    pub birth: NaiveDate,
    pub unborn: bool,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct History {
    pub renewals: u32,
    pub family_refusals: u32,
    pub no_shows: u32,
}

#[derive(Debug, Clone)]
pub struct SiblingGroup {
    pub id: String,
    /// Request indices, sorted.
    pub members: Vec<usize>,
}

impl Commission {
    pub fn creche_index(&self, id: &str) -> Option<usize> {
        self.creches
            .binary_search_by(|c| c.id.as_str().cmp(id))
            .ok()
    }
    pub fn request_index(&self, id: &str) -> Option<usize> {
        self.requests
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()
    }
    /// Total free half-days a week over every block of every section.
    pub fn free_half_days(&self) -> u64 {
        self.creches
            .iter()
            .flat_map(|c| &c.sections)
            .flat_map(|s| &s.blocks)
            .map(Block::half_days)
            .sum()
    }
}
