//! Why a family did not get a wish: a stable code for programs (the families'
//! portal writes its own words from it) and its parameters, machine values
//! (ids, integers, ISO dates, half-day codes such as `mon_am,fri_pm`, lists of
//! `request:points`). The words are not here: [`crate::i18n`] writes them
//! from the code and its parameters, in the reader's language. The codes and
//! their parameters are documented in `docs/format.md`; a code, once
//! published, keeps its meaning.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
    /// An assignment's note: this placement passes over families with more
    /// points there; `cause` says why.
    PlacedAhead,
    /// An assignment's note: the commission placed this child by a decision
    /// (`decision`, its index in the decisions file), passing over the
    /// families with more points named in `holders`, if any.
    PlacedByCommission,
    /// The commission excluded the child from this crèche (`decision`).
    ExcludedByCommission,
    /// The commission deferred the request to the next commission
    /// (`decision`; `renewal_bonus`: whether it carries the renewal bonus).
    DeferredByCommission,
}

impl ReasonCode {
    pub const ALL: [ReasonCode; 14] = [
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
        ReasonCode::PlacedAhead,
        ReasonCode::PlacedByCommission,
        ReasonCode::ExcludedByCommission,
        ReasonCode::DeferredByCommission,
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
            ReasonCode::PlacedAhead => "placed_ahead",
            ReasonCode::PlacedByCommission => "placed_by_commission",
            ReasonCode::ExcludedByCommission => "excluded_by_commission",
            ReasonCode::DeferredByCommission => "deferred_by_commission",
        }
    }
}

/// A reason's parameters, each a machine value written as text (the
/// parameters of each code: `docs/format.md`).
pub type Params = BTreeMap<String, String>;

/// A reason: its code and parameters, in no language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub code: ReasonCode,
    #[serde(default, skip_serializing_if = "Params::is_empty")]
    pub params: Params,
}

impl Reason {
    pub fn new(code: ReasonCode, params: &[(&str, String)]) -> Reason {
        Reason {
            code,
            params: params
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        }
    }
}

/// `D-0027:23,D-0031:22`: requests with their points, as a parameter writes
/// them (`holders`).
pub fn holders_param(list: &[(&str, i64)]) -> String {
    let items: Vec<String> = list.iter().map(|(id, p)| format!("{id}:{p}")).collect();
    items.join(",")
}

/// The requests and points of a `holders` parameter; `None` when it is not
/// one (a file written before parameters were machine values). A request id
/// is everything before an item's last `:`.
pub fn parse_holders(param: &str) -> Option<Vec<(&str, i64)>> {
    if param.is_empty() {
        return Some(Vec::new());
    }
    param
        .split(',')
        .map(|item| {
            let (id, points) = item.rsplit_once(':')?;
            Some((id, points.parse().ok()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holders_are_written_and_read_back() {
        let text = holders_param(&[("D-0027", 23), ("X:1", -2)]);
        assert_eq!(text, "D-0027:23,X:1:-2");
        assert_eq!(
            parse_holders(&text),
            Some(vec![("D-0027", 23), ("X:1", -2)])
        );
        assert_eq!(parse_holders(""), Some(vec![]));
        assert_eq!(parse_holders("D-0027 (23), and 1 more"), None);
    }

    #[test]
    fn every_code_reads_back() {
        for c in ReasonCode::ALL {
            assert_eq!(ReasonCode::parse(c.as_str()), Some(c));
        }
    }
}
