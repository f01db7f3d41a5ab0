//! Proto ⇄ domain for the allocation (the result) and its parts, shared by
//! Solve (the allocation sent back), Cascade, Minutes and Suggest (the
//! adopted allocation received, as a message or JSON text: [`AllocationInput`]),
//! the waiting list and reasons sent back, and clients.

use super::pb;
use crate::domain::allocation::{
    Assignment, Cutoff, Metrics, RankedRequest, SolverReport, Status, WaitingEntry, WishReason,
};
use crate::domain::reason::Params;
use crate::domain::{Allocation, Reason, ReasonCode};
use crate::error::{Error, Problem, Result};
use crate::io;
use std::collections::HashMap;

/// The adopted allocation carried by a request: a message or JSON text.
#[derive(Debug, Clone)]
pub enum AllocationInput {
    Message(Box<pb::Allocation>),
    Json(String),
}

/// `From` the `adopted` oneof of each request that carries an allocation.
macro_rules! adopted_from {
    ($($m:ident),+) => {$(
        impl From<pb::$m::Adopted> for AllocationInput {
            fn from(a: pb::$m::Adopted) -> Self {
                match a {
                    pb::$m::Adopted::Allocation(m) => AllocationInput::Message(Box::new(m)),
                    pb::$m::Adopted::AllocationJson(j) => AllocationInput::Json(j),
                }
            }
        }
    )+};
}

adopted_from!(cascade_request, minutes_request, suggest_request);

/// The allocation of a request; problems have paths `allocation` (none
/// given), `allocation.status` (a message without a status) or
/// `allocation_json: <path>` (JSON that does not parse). Whether it fits
/// the instance is checked by its user (`allocation.assignments[k]...`).
pub fn allocation_from_input(input: Option<AllocationInput>) -> Result<Allocation> {
    match input {
        None => Err(Error::Invalid(vec![Problem::new(
            "allocation",
            "",
            "no allocation: set `allocation` or `allocation_json`",
        )])),
        Some(AllocationInput::Json(text)) => io::parse_json_as(&text, "allocation_json"),
        Some(AllocationInput::Message(a)) => allocation_from_proto(&a).map_err(|message| {
            Error::Invalid(vec![Problem::new("allocation.status", a.status, message)])
        }),
    }
}

pub(super) fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub(super) fn metrics_to_proto(m: &Metrics) -> pb::Metrics {
    pb::Metrics {
        requests: u32_of(m.requests),
        placed: u32_of(m.placed),
        places_filled_half_days: m.places_filled_half_days,
        free_half_days: m.free_half_days,
        occupancy: m.occupancy,
        first_wish_rate: m.first_wish_rate,
        priority_inversions: u32_of(m.priority_inversions),
        blocking: u32_of(m.blocking),
    }
}

pub(super) fn status_to_proto(s: Status) -> pb::AllocationStatus {
    match s {
        Status::Optimal => pb::AllocationStatus::Optimal,
        Status::Feasible => pb::AllocationStatus::Feasible,
        Status::Heuristic => pb::AllocationStatus::Heuristic,
    }
}

/// A code as the proto writes it: empty for none.
fn code_to_proto(code: Option<ReasonCode>) -> String {
    code.map(|c| c.as_str().to_string()).unwrap_or_default()
}

fn params_to_proto(p: &Params) -> HashMap<String, String> {
    p.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

fn params_from_proto(p: &HashMap<String, String>) -> Params {
    p.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

pub(super) fn reasons_to_proto(r: &[WishReason]) -> Vec<pb::WishReason> {
    r.iter()
        .map(|w| pb::WishReason {
            creche: w.creche.clone(),
            reason: w.reason.clone(),
            code: code_to_proto(w.code),
            params: params_to_proto(&w.params),
            other_sections: (w.other_sections.iter())
                .map(|o| pb::CodedReason {
                    code: code_to_proto(Some(o.code)),
                    params: params_to_proto(&o.params),
                })
                .collect(),
        })
        .collect()
}

fn reasons_from_proto(r: &[pb::WishReason]) -> Vec<WishReason> {
    r.iter()
        .map(|w| WishReason {
            creche: w.creche.clone(),
            code: ReasonCode::parse(&w.code),
            params: params_from_proto(&w.params),
            // A code this build does not know cannot be worded: left out.
            other_sections: (w.other_sections.iter())
                .filter_map(|o| {
                    Some(Reason {
                        code: ReasonCode::parse(&o.code)?,
                        params: params_from_proto(&o.params),
                    })
                })
                .collect(),
            reason: w.reason.clone(),
        })
        .collect()
}

pub(super) fn waiting_to_proto(w: &WaitingEntry) -> pb::WaitingEntry {
    pb::WaitingEntry {
        request: w.request.clone(),
        points: w.points,
        position: u32_of(w.position),
        reasons: reasons_to_proto(&w.reasons),
    }
}

/// [`Allocation`] → `pb::Allocation`.
pub fn allocation_to_proto(a: &Allocation) -> pb::Allocation {
    pb::Allocation {
        commission_id: a.commission_id.clone(),
        status: status_to_proto(a.status) as i32,
        gap: a.gap,
        strategy: a.strategy.clone(),
        assignments: a
            .assignments
            .iter()
            .map(|x| pb::Assignment {
                request: x.request.clone(),
                creche: x.creche.clone(),
                section: x.section.clone(),
                block: u32_of(x.block),
                entry_date: x.entry_date.clone(),
                wish_rank: u32_of(x.wish_rank),
                points: x.points,
                half_days: x.half_days,
                reasons: reasons_to_proto(&x.reasons),
                note: x.note.clone(),
                note_code: code_to_proto(x.note_code),
                note_params: params_to_proto(&x.note_params),
            })
            .collect(),
        waiting_list: a.waiting_list.iter().map(waiting_to_proto).collect(),
        metrics: Some(metrics_to_proto(&a.metrics)),
        solver: a.solver.as_ref().map(|s| pb::SolverReport {
            solves: u32_of(s.solves),
            variables: u32_of(s.variables),
            rows: u32_of(s.rows),
            objectives: s
                .objectives
                .iter()
                .map(|(name, value)| pb::StageObjective {
                    name: name.clone(),
                    value: *value,
                })
                .collect(),
        }),
        cutoffs: a
            .cutoffs
            .iter()
            .map(|c| {
                let ranked = |r: &RankedRequest| pb::RankedRequest {
                    request: r.request.clone(),
                    points: r.points,
                };
                pb::Cutoff {
                    creche: c.creche.clone(),
                    section: c.section.clone(),
                    last_placed: c.last_placed.as_ref().map(ranked),
                    first_waiting: c.first_waiting.as_ref().map(ranked),
                }
            })
            .collect(),
    }
}

/// `pb::Allocation` → [`Allocation`] (clients and tests: compare with the
/// command line's JSON). Fails on an unknown or unspecified status.
pub fn allocation_from_proto(p: &pb::Allocation) -> std::result::Result<Allocation, String> {
    let status = match pb::AllocationStatus::try_from(p.status) {
        Ok(pb::AllocationStatus::Optimal) => Status::Optimal,
        Ok(pb::AllocationStatus::Feasible) => Status::Feasible,
        Ok(pb::AllocationStatus::Heuristic) => Status::Heuristic,
        Ok(pb::AllocationStatus::Unspecified) | Err(_) => {
            return Err(format!("allocation status {} is not a status", p.status))
        }
    };
    let m = p.metrics.unwrap_or_default();
    Ok(Allocation {
        commission_id: p.commission_id.clone(),
        status,
        gap: p.gap,
        strategy: p.strategy.clone(),
        assignments: p.assignments.iter().map(assignment_from_proto).collect(),
        waiting_list: p
            .waiting_list
            .iter()
            .map(|w| WaitingEntry {
                request: w.request.clone(),
                points: w.points,
                position: w.position as usize,
                reasons: reasons_from_proto(&w.reasons),
            })
            .collect(),
        metrics: Metrics {
            requests: m.requests as usize,
            placed: m.placed as usize,
            places_filled_half_days: m.places_filled_half_days,
            free_half_days: m.free_half_days,
            occupancy: m.occupancy,
            first_wish_rate: m.first_wish_rate,
            priority_inversions: m.priority_inversions as usize,
            blocking: m.blocking as usize,
        },
        solver: p.solver.as_ref().map(|s| SolverReport {
            solves: s.solves as usize,
            variables: s.variables as usize,
            rows: s.rows as usize,
            objectives: s
                .objectives
                .iter()
                .map(|o| (o.name.clone(), o.value))
                .collect(),
        }),
        cutoffs: p
            .cutoffs
            .iter()
            .map(|c| {
                let ranked = |r: &pb::RankedRequest| RankedRequest {
                    request: r.request.clone(),
                    points: r.points,
                };
                Cutoff {
                    creche: c.creche.clone(),
                    section: c.section.clone(),
                    last_placed: c.last_placed.as_ref().map(ranked),
                    first_waiting: c.first_waiting.as_ref().map(ranked),
                }
            })
            .collect(),
    })
}

fn assignment_from_proto(x: &pb::Assignment) -> Assignment {
    Assignment {
        request: x.request.clone(),
        creche: x.creche.clone(),
        section: x.section.clone(),
        block: x.block as usize,
        entry_date: x.entry_date.clone(),
        wish_rank: x.wish_rank as usize,
        points: x.points,
        half_days: x.half_days,
        reasons: reasons_from_proto(&x.reasons),
        note: x.note.clone(),
        note_code: ReasonCode::parse(&x.note_code),
        note_params: params_from_proto(&x.note_params),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocation_round_trips_through_proto() {
        let a = Allocation {
            commission_id: "c".into(),
            status: Status::Feasible,
            gap: Some(0.25),
            strategy: Some("optimal/priority".into()),
            assignments: vec![Assignment {
                request: "R1".into(),
                creche: "toboggan".into(),
                section: "bebes".into(),
                block: 2,
                entry_date: "2027-01-04".into(),
                wish_rank: 2,
                points: 13,
                half_days: 7,
                reasons: vec![WishReason {
                    creche: "pirouette".into(),
                    code: Some(ReasonCode::AgeAboveSection),
                    params: [("section".to_string(), "bebes".to_string())].into(),
                    other_sections: vec![Reason::new(
                        ReasonCode::PlanningNoPlace,
                        &[("half_days", "fri_pm".to_string())],
                    )],
                    reason: "planning: no free place on fri pm".into(),
                }],
                note: Some("departs from points order".into()),
                note_code: Some(ReasonCode::PlacedAhead),
                note_params: [("cause".to_string(), "greedy".to_string())].into(),
            }],
            waiting_list: vec![WaitingEntry {
                request: "R2".into(),
                points: 12,
                position: 1,
                reasons: vec![],
            }],
            metrics: Metrics {
                requests: 2,
                placed: 1,
                places_filled_half_days: 7,
                free_half_days: 10,
                occupancy: 0.7,
                first_wish_rate: 0.0,
                priority_inversions: 0,
                blocking: 1,
            },
            solver: Some(SolverReport {
                solves: 4,
                variables: 10,
                rows: 20,
                objectives: vec![("departures".into(), 0.0), ("half_days".into(), 7.0)],
            }),
            cutoffs: vec![
                Cutoff {
                    creche: "toboggan".into(),
                    section: "bebes".into(),
                    last_placed: Some(RankedRequest {
                        request: "R1".into(),
                        points: 13,
                    }),
                    first_waiting: Some(RankedRequest {
                        request: "R2".into(),
                        points: 12,
                    }),
                },
                Cutoff {
                    creche: "pirouette".into(),
                    section: "moyens".into(),
                    last_placed: None,
                    first_waiting: None,
                },
            ],
        };
        assert_eq!(allocation_from_proto(&allocation_to_proto(&a)).unwrap(), a);
    }
}
