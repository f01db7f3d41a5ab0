//! The commission instance exactly as exchanged in JSON (`shared/instance-format.md`).
//!
//! These types mirror the file: dates and times stay strings here, because a bad
//! value must be reported with its JSON path by validation, not lost in a parse
//! error. [`crate::validate`] turns an [`Instance`] into a checked
//! [`super::Commission`]. Every optional field added by this project is marked
//! `(extension)` and documented in `docs/format.md`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::label::Label;

/// One commission d'attribution: its header, the week grid, the barème, the
/// crèches with their free places and the requests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Instance {
    pub commission: CommissionHeader,
    pub week: Week,
    /// Barème (scoring grid): criterion id → points. Negative values are allowed.
    pub bareme: BTreeMap<String, i64>,
    /// (extension) Criterion → label shown in documents instead of the key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub bareme_labels: BTreeMap<String, Label>,
    pub creches: Vec<Creche>,
    pub requests: Vec<Request>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommissionHeader {
    pub id: String,
    /// Date the commission meets (`YYYY-MM-DD`).
    pub date: String,
    /// First and last entry dates this commission allocates for.
    pub entry_from: String,
    pub entry_to: String,
    /// A block available up to this many days after a request's start may serve it.
    #[serde(default)]
    pub start_tolerance_days: i64,
    /// Seed for the last tie-break; recorded for reproducibility.
    #[serde(default)]
    pub seed: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Week {
    /// Opening days, e.g. `["mon", "tue", "wed", "thu", "fri"]`.
    pub days: Vec<String>,
    /// Half-day slots of every opening day, in time order.
    pub slots: Vec<Slot>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slot {
    pub id: String,
    /// `HH:MM`
    pub start: String,
    /// `HH:MM`
    pub end: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Creche {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commune: Option<String>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    /// (extension) What documents call the section (`Bébés`); the id when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Label>,
    /// Youngest age admitted, in whole months at the entry date (inclusive).
    pub min_age_months: i64,
    /// Oldest age admitted, in whole months at the entry date (inclusive).
    pub max_age_months: i64,
    /// Free-place blocks; `block` in an assignment is an index into this list.
    pub free: Vec<FreeBlock>,
}

/// Day id → slot id → number of free places.
pub type Places = BTreeMap<String, BTreeMap<String, i64>>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FreeBlock {
    /// The block's places are free from this date on.
    pub available_from: String,
    /// Free places per day and slot; a missing day or slot means 0.
    pub places: Places,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub id: String,
    pub child: Child,
    /// Entry date the family asks for.
    pub start: String,
    /// Day id → time ranges `HH:MM-HH:MM` the child attends.
    pub planning: BTreeMap<String, Vec<String>>,
    /// Crèche ids, best first.
    pub wishes: Vec<String>,
    /// Barème criteria that apply to the family.
    #[serde(default)]
    pub criteria: Vec<String>,
    /// Crèche id → criteria that apply at that crèche only.
    #[serde(default)]
    pub creche_criteria: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub history: History,
    /// Requests sharing a non-null group are placed together or not at all.
    #[serde(default)]
    pub sibling_group: Option<String>,
    /// Date the request was registered (`YYYY-MM-DD`): earlier wins a tie.
    pub submitted: String,
    /// Overrides the computed family points (criteria + history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Child {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_birth_date: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// Times the request was presented again after the commission could not serve it.
    #[serde(default)]
    pub renewals: i64,
    /// Places the family refused (three cancel the request).
    #[serde(default)]
    pub family_refusals: i64,
    /// Places accepted but the child not brought within 15 days.
    #[serde(default)]
    pub no_shows: i64,
}
