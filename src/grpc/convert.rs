//! Proto ⇄ domain, in one place.
//!
//! - [`instance_from_proto`]: `pb::Instance` → [`Instance`] (the JSON mirror),
//!   which the crate's own [`validate`] then checks, so every problem comes out
//!   with the same JSON path as for a file.
//! - [`commission_from_input`]: the `instance` / `instance_json` oneof of a
//!   request → checked [`Commission`], or [`Error::Invalid`] listing every
//!   problem.
//! - [`instance_to_proto`], [`allocation_to_proto`], [`allocation_from_proto`]:
//!   the other directions (clients, tests).
//!
//! Field names are the JSON ones. Proto3 cannot nest maps or put lists in
//! maps, so `places`, `planning` and `creche_criteria` have one wrapper
//! message per map value (`SlotPlaces.slots`, `TimeRanges.ranges`,
//! `CriterionList.criteria`); their validation paths stay in the JSON form
//! (`places.mon.am`, `planning.mon[0]`, `creche_criteria.x[0]`).

use std::time::Duration;

use super::pb;
use crate::domain::allocation::{
    Assignment, Metrics, SolverReport, Status, WaitingEntry, WishReason,
};
use crate::domain::instance::{
    Child, CommissionHeader, Creche, FreeBlock, History, Instance, Request, Section, Slot, Week,
};
use crate::domain::{Allocation, Commission};
use crate::error::{Error, Problem, Result};
use crate::solve::Timings;
use crate::validate;

/// The commission carried by a request: a message or JSON text.
#[derive(Debug, Clone)]
pub enum Input {
    Message(Box<pb::Instance>),
    Json(String),
}

impl From<pb::solve_request::Input> for Input {
    fn from(i: pb::solve_request::Input) -> Self {
        match i {
            pb::solve_request::Input::Instance(m) => Input::Message(Box::new(m)),
            pb::solve_request::Input::InstanceJson(j) => Input::Json(j),
        }
    }
}

impl From<pb::validate_request::Input> for Input {
    fn from(i: pb::validate_request::Input) -> Self {
        match i {
            pb::validate_request::Input::Instance(m) => Input::Message(Box::new(m)),
            pb::validate_request::Input::InstanceJson(j) => Input::Json(j),
        }
    }
}

/// Path given to the problem of a request that carries no instance.
pub const INPUT_PATH: &str = "instance";

/// Converts and validates the instance of a request. Every problem (a missing
/// part, a JSON syntax error, each validation problem) is reported with its
/// path in [`Error::Invalid`].
pub fn commission_from_input(input: Option<Input>) -> Result<Commission> {
    match input {
        None => Err(Error::Invalid(vec![Problem::new(
            INPUT_PATH,
            "",
            "no commission: set `instance` or `instance_json`",
        )])),
        Some(Input::Json(text)) => validate::validate(&validate::parse_json(&text)?),
        Some(Input::Message(m)) => commission_from_proto(&m),
    }
}

/// Converts and validates a `pb::Instance`.
pub fn commission_from_proto(p: &pb::Instance) -> Result<Commission> {
    let (instance, missing) = instance_from_proto(p);
    match validate::validate(&instance) {
        Ok(c) if missing.is_empty() => Ok(c),
        Ok(_) => Err(Error::Invalid(missing)),
        Err(Error::Invalid(found)) => {
            // A missing part was converted to an empty one; its own problems
            // (an empty id, dates that are not dates) only repeat "missing".
            let under_missing = |path: &str| {
                missing.iter().any(|m| {
                    path == m.path
                        || path
                            .strip_prefix(m.path.as_str())
                            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
                })
            };
            let mut all = missing.clone();
            all.extend(found.into_iter().filter(|p| !under_missing(&p.path)));
            Err(Error::Invalid(all))
        }
        Err(e) => Err(e),
    }
}

/// `pb::Instance` → [`Instance`]. Proto3 has no required fields: a missing
/// `commission` or `week` message becomes an empty one and is listed in the
/// returned problems (a missing `child` is left to validation, which reports
/// it as for JSON).
pub fn instance_from_proto(p: &pb::Instance) -> (Instance, Vec<Problem>) {
    let mut missing = Vec::new();
    let commission = match &p.commission {
        Some(h) => CommissionHeader {
            id: h.id.clone(),
            date: h.date.clone(),
            entry_from: h.entry_from.clone(),
            entry_to: h.entry_to.clone(),
            start_tolerance_days: h.start_tolerance_days,
            seed: h.seed,
        },
        None => {
            missing.push(Problem::new("commission", "", "missing commission header"));
            CommissionHeader {
                id: String::new(),
                date: String::new(),
                entry_from: String::new(),
                entry_to: String::new(),
                start_tolerance_days: 0,
                seed: 0,
            }
        }
    };
    let week = match &p.week {
        Some(w) => Week {
            days: w.days.clone(),
            slots: w
                .slots
                .iter()
                .map(|s| Slot {
                    id: s.id.clone(),
                    start: s.start.clone(),
                    end: s.end.clone(),
                })
                .collect(),
        },
        None => {
            missing.push(Problem::new("week", "", "missing week (days and slots)"));
            Week {
                days: Vec::new(),
                slots: Vec::new(),
            }
        }
    };
    let instance = Instance {
        commission,
        week,
        bareme: p.bareme.iter().map(|(k, v)| (k.clone(), *v)).collect(),
        creches: p.creches.iter().map(creche_from_proto).collect(),
        requests: p.requests.iter().map(request_from_proto).collect(),
    };
    (instance, missing)
}

fn creche_from_proto(c: &pb::Creche) -> Creche {
    Creche {
        id: c.id.clone(),
        name: c.name.clone(),
        commune: c.commune.clone(),
        sections: c
            .sections
            .iter()
            .map(|s| Section {
                id: s.id.clone(),
                min_age_months: s.min_age_months,
                max_age_months: s.max_age_months,
                free: s
                    .free
                    .iter()
                    .map(|b| FreeBlock {
                        available_from: b.available_from.clone(),
                        places: b
                            .places
                            .iter()
                            .map(|(day, slots)| {
                                (
                                    day.clone(),
                                    slots.slots.iter().map(|(s, n)| (s.clone(), *n)).collect(),
                                )
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn request_from_proto(r: &pb::Request) -> Request {
    let child = r.child.clone().unwrap_or_default();
    let history = r.history.unwrap_or_default();
    Request {
        id: r.id.clone(),
        child: Child {
            birth_date: child.birth_date,
            expected_birth_date: child.expected_birth_date,
        },
        start: r.start.clone(),
        planning: r
            .planning
            .iter()
            .map(|(day, t)| (day.clone(), t.ranges.clone()))
            .collect(),
        wishes: r.wishes.clone(),
        criteria: r.criteria.clone(),
        creche_criteria: r
            .creche_criteria
            .iter()
            .map(|(c, l)| (c.clone(), l.criteria.clone()))
            .collect(),
        history: History {
            renewals: history.renewals,
            family_refusals: history.family_refusals,
            no_shows: history.no_shows,
        },
        sibling_group: r.sibling_group.clone(),
        submitted: r.submitted.clone(),
        points: r.points,
    }
}

/// [`Instance`] → `pb::Instance` (what a client does with a JSON file).
pub fn instance_to_proto(i: &Instance) -> pb::Instance {
    let h = &i.commission;
    pb::Instance {
        commission: Some(pb::CommissionHeader {
            id: h.id.clone(),
            date: h.date.clone(),
            entry_from: h.entry_from.clone(),
            entry_to: h.entry_to.clone(),
            start_tolerance_days: h.start_tolerance_days,
            seed: h.seed,
        }),
        week: Some(pb::Week {
            days: i.week.days.clone(),
            slots: i
                .week
                .slots
                .iter()
                .map(|s| pb::Slot {
                    id: s.id.clone(),
                    start: s.start.clone(),
                    end: s.end.clone(),
                })
                .collect(),
        }),
        bareme: i.bareme.iter().map(|(k, v)| (k.clone(), *v)).collect(),
        creches: i
            .creches
            .iter()
            .map(|c| pb::Creche {
                id: c.id.clone(),
                name: c.name.clone(),
                commune: c.commune.clone(),
                sections: c
                    .sections
                    .iter()
                    .map(|s| pb::Section {
                        id: s.id.clone(),
                        min_age_months: s.min_age_months,
                        max_age_months: s.max_age_months,
                        free: s
                            .free
                            .iter()
                            .map(|b| pb::FreeBlock {
                                available_from: b.available_from.clone(),
                                places: b
                                    .places
                                    .iter()
                                    .map(|(day, slots)| {
                                        (
                                            day.clone(),
                                            pb::SlotPlaces {
                                                slots: slots
                                                    .iter()
                                                    .map(|(s, n)| (s.clone(), *n))
                                                    .collect(),
                                            },
                                        )
                                    })
                                    .collect(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
        requests: i
            .requests
            .iter()
            .map(|r| pb::Request {
                id: r.id.clone(),
                child: Some(pb::Child {
                    birth_date: r.child.birth_date.clone(),
                    expected_birth_date: r.child.expected_birth_date.clone(),
                }),
                start: r.start.clone(),
                planning: r
                    .planning
                    .iter()
                    .map(|(d, ranges)| {
                        (
                            d.clone(),
                            pb::TimeRanges {
                                ranges: ranges.clone(),
                            },
                        )
                    })
                    .collect(),
                wishes: r.wishes.clone(),
                criteria: r.criteria.clone(),
                creche_criteria: r
                    .creche_criteria
                    .iter()
                    .map(|(c, l)| {
                        (
                            c.clone(),
                            pb::CriterionList {
                                criteria: l.clone(),
                            },
                        )
                    })
                    .collect(),
                history: Some(pb::History {
                    renewals: r.history.renewals,
                    family_refusals: r.history.family_refusals,
                    no_shows: r.history.no_shows,
                }),
                sibling_group: r.sibling_group.clone(),
                submitted: r.submitted.clone(),
                points: r.points,
            })
            .collect(),
    }
}

fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn status_to_proto(s: Status) -> pb::AllocationStatus {
    match s {
        Status::Optimal => pb::AllocationStatus::Optimal,
        Status::Feasible => pb::AllocationStatus::Feasible,
        Status::Heuristic => pb::AllocationStatus::Heuristic,
    }
}

fn reasons_to_proto(r: &[WishReason]) -> Vec<pb::WishReason> {
    r.iter()
        .map(|w| pb::WishReason {
            creche: w.creche.clone(),
            reason: w.reason.clone(),
        })
        .collect()
}

fn reasons_from_proto(r: &[pb::WishReason]) -> Vec<WishReason> {
    r.iter()
        .map(|w| WishReason {
            creche: w.creche.clone(),
            reason: w.reason.clone(),
        })
        .collect()
}

/// [`Allocation`] → `pb::Allocation`.
pub fn allocation_to_proto(a: &Allocation) -> pb::Allocation {
    let m = &a.metrics;
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
            })
            .collect(),
        waiting_list: a
            .waiting_list
            .iter()
            .map(|w| pb::WaitingEntry {
                request: w.request.clone(),
                points: w.points,
                position: u32_of(w.position),
                reasons: reasons_to_proto(&w.reasons),
            })
            .collect(),
        metrics: Some(pb::Metrics {
            requests: u32_of(m.requests),
            placed: u32_of(m.placed),
            places_filled_half_days: m.places_filled_half_days,
            free_half_days: m.free_half_days,
            occupancy: m.occupancy,
            first_wish_rate: m.first_wish_rate,
            priority_inversions: u32_of(m.priority_inversions),
        }),
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
        assignments: p
            .assignments
            .iter()
            .map(|x| Assignment {
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
            })
            .collect(),
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
    })
}

/// std → protobuf duration (saturating; durations here are never negative).
pub fn duration_to_proto(d: Duration) -> prost_types::Duration {
    prost_types::Duration::try_from(d).unwrap_or(prost_types::Duration {
        seconds: i64::MAX,
        nanos: 999_999_999,
    })
}

/// Protobuf → std duration; `None` for a negative or out-of-range value.
pub fn duration_from_proto(d: &prost_types::Duration) -> Option<Duration> {
    Duration::try_from(*d).ok()
}

/// The library's timings plus the server's, as sent in `SolveResponse`.
pub fn timings_to_proto(
    t: &Timings,
    queue: Duration,
    server: Duration,
    time_limit: Option<Duration>,
) -> pb::Timings {
    pb::Timings {
        queue: Some(duration_to_proto(queue)),
        options: Some(duration_to_proto(t.options)),
        build: Some(duration_to_proto(t.build)),
        solve: Some(duration_to_proto(t.solve)),
        explain: Some(duration_to_proto(t.explain)),
        total: Some(duration_to_proto(t.total)),
        server: Some(duration_to_proto(server)),
        time_limit: time_limit.map(duration_to_proto),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Instance {
        validate::parse_json(include_str!(
            "../../instances/examples/d_twins_one_place.json"
        ))
        .unwrap()
    }

    #[test]
    fn instance_round_trips_through_proto() {
        let i = example();
        let (back, missing) = instance_from_proto(&instance_to_proto(&i));
        assert!(missing.is_empty());
        assert_eq!(back, i);
    }

    #[test]
    fn missing_parts_are_reported_once() {
        let mut p = instance_to_proto(&example());
        p.commission = None;
        p.week = None;
        let Err(Error::Invalid(problems)) = commission_from_proto(&p) else {
            panic!("expected invalid");
        };
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["commission", "week"]);
    }

    #[test]
    fn no_input_is_invalid() {
        let Err(Error::Invalid(problems)) = commission_from_input(None) else {
            panic!("expected invalid");
        };
        assert_eq!(problems[0].path, INPUT_PATH);
    }

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
                    reason: "planning: no free place on fri pm".into(),
                }],
                note: Some("departs from points order".into()),
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
            },
            solver: Some(SolverReport {
                solves: 4,
                variables: 10,
                rows: 20,
                objectives: vec![("departures".into(), 0.0), ("half_days".into(), 7.0)],
            }),
        };
        assert_eq!(allocation_from_proto(&allocation_to_proto(&a)).unwrap(), a);
    }
}
