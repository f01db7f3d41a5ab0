//! The allocation (result) JSON of `shared/instance-format.md`.

use serde::{Deserialize, Serialize};

use super::reason::{Params, Reason, ReasonCode};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Allocation {
    pub commission_id: String,
    /// `optimal`, `feasible` (time limit hit; see `gap`) or `heuristic` (greedy).
    pub status: Status,
    /// Relative MIP gap when `status` is `feasible` (extension).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap: Option<f64>,
    /// Strategy and policy that produced this allocation (extension).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<String>,
    pub assignments: Vec<Assignment>,
    pub waiting_list: Vec<WaitingEntry>,
    pub metrics: Metrics,
    /// Solver figures (extension). Timings are not here, so that the same input
    /// gives byte-identical output; the command line prints them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solver: Option<SolverReport>,
    /// Cut-off points per crèche and section (extension): the points of the
    /// last request placed there and of the first that waited there.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cutoffs: Vec<Cutoff>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Optimal,
    Feasible,
    Heuristic,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Feasible => "feasible",
            Status::Heuristic => "heuristic",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    pub request: String,
    pub creche: String,
    pub section: String,
    /// Index of the block in the section's `free` list.
    pub block: usize,
    pub entry_date: String,
    /// 1 = first wish.
    pub wish_rank: usize,
    /// Rank-1 points of the request at this crèche.
    pub points: i64,
    /// Half-days a week the child uses (extension).
    #[serde(default)]
    pub half_days: u32,
    /// Why each better-ranked wish was not given (extension).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<WishReason>,
    /// Why this placement departs from points order, when it does (extension).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The note's code, `placed_ahead` (extension; absent in files written
    /// before it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_code: Option<ReasonCode>,
    /// The note's parameters (extension).
    #[serde(default, skip_serializing_if = "Params::is_empty")]
    pub note_params: Params,
}

impl Assignment {
    /// The note's code and parameters, when it has a code.
    pub fn note_reason(&self) -> Option<Reason> {
        self.note_code.map(|code| Reason {
            code,
            params: self.note_params.clone(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaitingEntry {
    pub request: String,
    /// Rank-1 points used for the offer order (best over the request's wishes).
    pub points: i64,
    /// 1-based position in offer order.
    pub position: usize,
    pub reasons: Vec<WishReason>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WishReason {
    pub creche: String,
    /// Stable code for programs (extension; absent in files written before it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<ReasonCode>,
    /// The code's parameters (extension).
    #[serde(default, skip_serializing_if = "Params::is_empty")]
    pub params: Params,
    /// When no section of the crèche can take the child: the reasons of its
    /// other sections, each once (extension; `code` and `params` are the
    /// first section's).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_sections: Vec<Reason>,
    /// The reason in words, in the language the allocation was written in.
    pub reason: String,
}

impl WishReason {
    /// The reason at `creche`, its words not yet written
    /// ([`crate::i18n::Names::word_allocation`] writes them).
    pub fn at(creche: &str, reason: Reason, other_sections: Vec<Reason>) -> WishReason {
        WishReason {
            creche: creche.to_string(),
            code: Some(reason.code),
            params: reason.params,
            other_sections,
            reason: String::new(),
        }
    }

    /// The code and parameters, when the reason has a code.
    pub fn coded(&self) -> Option<Reason> {
        self.code.map(|code| Reason {
            code,
            params: self.params.clone(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub requests: usize,
    pub placed: usize,
    /// Half-days a week used by the placed children.
    pub places_filled_half_days: u64,
    /// Half-days a week offered by all free-place blocks.
    pub free_half_days: u64,
    /// `places_filled_half_days / free_half_days`.
    pub occupancy: f64,
    /// Share of placed requests that got their first wish.
    pub first_wish_rate: f64,
    pub priority_inversions: usize,
    /// Requests blocked: passed over at a wished crèche for families with
    /// fewer points there, once sections and blocks are rearranged
    /// (extension; 0 in files written before it).
    #[serde(default)]
    pub blocking: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SolverReport {
    /// Number of MIP solves (one per lexicographic stage).
    pub solves: usize,
    /// Model size: columns and rows (largest stage).
    pub variables: usize,
    pub rows: usize,
    /// Optimum of each lexicographic stage, in order (e.g. `departures`,
    /// `half_days`, `wishes`, `earlier` for the priority policy).
    pub objectives: Vec<(String, f64)>,
}

/// Cut-off points of one crèche section, as some towns publish them ("the
/// score of the last family admitted"). Points are those at this crèche.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cutoff {
    pub creche: String,
    pub section: String,
    /// The placed request with the fewest points here (the later in tie order
    /// among equals); absent when nobody is placed in the section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_placed: Option<RankedRequest>,
    /// The request with the most points here among those that wished this
    /// crèche, could take a place of this section, and got neither this crèche
    /// nor a better-ranked wish (the earlier in tie order among equals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_waiting: Option<RankedRequest>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RankedRequest {
    pub request: String,
    pub points: i64,
}
