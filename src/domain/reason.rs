//! Why a family did not get a wish: a stable code for programs (the families'
//! portal writes its own words from it) and its parameters, beside the words
//! the allocation carries. The codes and their parameters are documented in
//! `docs/format.md`; a code, once published, keeps its meaning.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    /// The child is younger than the section's minimum age at its entry date.
    AgeBelowSection,
    /// The child is older than the section's maximum age at its entry date.
    AgeAboveSection,
    /// The child is under the 10-week minimum at its entry date.
    UnderTenWeeks,
    /// The section's places are free only after the start plus the tolerance.
    NotFreeInTime,
    /// The section has no place at all on some half-day of the planning.
    PlanningNoPlace,
    /// The crèche has no free place this commission.
    NoFreePlace,
    /// Not every child of the sibling group can go to this crèche.
    SiblingGroup,
    /// The places cannot hold the child together with the families placed
    /// there with more points.
    HeldByMorePoints,
    /// Families with equal points hold the places; the tie was settled by
    /// the tie-break named in `settled_by`.
    TieLost,
    /// A departure from points order: the child would fit beside every family
    /// placed there with at least its points; `cause` says why it is not.
    Departure,
}

impl ReasonCode {
    pub const ALL: [ReasonCode; 10] = [
        ReasonCode::AgeBelowSection,
        ReasonCode::AgeAboveSection,
        ReasonCode::UnderTenWeeks,
        ReasonCode::NotFreeInTime,
        ReasonCode::PlanningNoPlace,
        ReasonCode::NoFreePlace,
        ReasonCode::SiblingGroup,
        ReasonCode::HeldByMorePoints,
        ReasonCode::TieLost,
        ReasonCode::Departure,
    ];

    /// The code written `text`, if it is one.
    pub fn parse(text: &str) -> Option<ReasonCode> {
        ReasonCode::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// The code as written in the JSON and the proto.
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::AgeBelowSection => "age_below_section",
            ReasonCode::AgeAboveSection => "age_above_section",
            ReasonCode::UnderTenWeeks => "under_ten_weeks",
            ReasonCode::NotFreeInTime => "not_free_in_time",
            ReasonCode::PlanningNoPlace => "planning_no_place",
            ReasonCode::NoFreePlace => "no_free_place",
            ReasonCode::SiblingGroup => "sibling_group",
            ReasonCode::HeldByMorePoints => "held_by_more_points",
            ReasonCode::TieLost => "tie_lost",
            ReasonCode::Departure => "departure",
        }
    }
}

/// A reason's parameters: names, points, dates, half-days, as text.
pub type Params = BTreeMap<String, String>;

/// A reason before it is attached to a crèche: its code, parameters and words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub code: ReasonCode,
    pub params: Params,
    pub text: String,
}

impl Reason {
    pub fn new(code: ReasonCode, params: &[(&str, String)], text: String) -> Reason {
        Reason {
            code,
            params: params
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            text,
        }
    }
}
