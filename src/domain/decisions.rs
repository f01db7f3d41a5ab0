//! The commission's decisions file (`docs/format.md`, *Decisions*): an
//! ordered list of departures from the proposal, each with the reason the
//! commission gives. Plain data, field for field, strings as in the JSON so
//! that validation ([`crate::validate::decisions`]) can name every problem
//! with its path and value.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DecisionsFile {
    /// The commission the decisions are about (the instance's `commission.id`).
    pub commission_id: String,
    #[serde(default)]
    pub decisions: Vec<Decision>,
}

/// One decision of the commission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Decision {
    /// Place `request` at `creche` (optionally in a section, a block, from an
    /// entry date).
    Place {
        request: String,
        creche: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        section: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        block: Option<usize>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        entry_date: Option<String>,
        #[serde(default)]
        reason: String,
    },
    /// Close `creche` to `request`.
    Exclude {
        request: String,
        creche: String,
        #[serde(default)]
        reason: String,
    },
    /// Present `request` at the next commission instead of placing it now.
    Defer {
        request: String,
        /// Whether the next commission counts the renewal bonus (required).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        renewal_bonus: Option<bool>,
        #[serde(default)]
        reason: String,
    },
    /// Keep `places` places of one half-day of a block out of the allocation
    /// (an emergency).
    Reserve {
        creche: String,
        section: String,
        #[serde(default)]
        block: usize,
        day: String,
        half_day: String,
        #[serde(default = "one")]
        places: u32,
        #[serde(default)]
        reason: String,
    },
}

fn one() -> u32 {
    1
}

impl Decision {
    /// The code of its kind, as in the JSON: `place`, `exclude`, `defer`, `reserve`.
    pub fn kind(&self) -> &'static str {
        match self {
            Decision::Place { .. } => "place",
            Decision::Exclude { .. } => "exclude",
            Decision::Defer { .. } => "defer",
            Decision::Reserve { .. } => "reserve",
        }
    }

    /// The reason the commission gave.
    pub fn reason(&self) -> &str {
        match self {
            Decision::Place { reason, .. }
            | Decision::Exclude { reason, .. }
            | Decision::Defer { reason, .. }
            | Decision::Reserve { reason, .. } => reason,
        }
    }

    /// The request it is about, if any (a reservation is about places).
    pub fn request(&self) -> Option<&str> {
        match self {
            Decision::Place { request, .. }
            | Decision::Exclude { request, .. }
            | Decision::Defer { request, .. } => Some(request),
            Decision::Reserve { .. } => None,
        }
    }

    /// The crèche it is about, if any (a deferral is about a request).
    pub fn creche(&self) -> Option<&str> {
        match self {
            Decision::Place { creche, .. }
            | Decision::Exclude { creche, .. }
            | Decision::Reserve { creche, .. } => Some(creche),
            Decision::Defer { .. } => None,
        }
    }
}
