//! Proto ⇄ domain, in one place.
//!
//! - [`instance_from_proto`]: `pb::Instance` → [`Instance`] (the JSON mirror),
//!   which the crate's own [`validate`] then checks, so every problem comes out
//!   with the same JSON path as for a file.
//! - [`commission_from_input`]: the `instance` / `instance_json` oneof of a
//!   request → checked [`Commission`], or [`Error::Invalid`] listing every
//!   problem.
//! - [`instance_to_proto`], [`allocation_to_proto`], [`allocation_from_proto`]:
//!   the other directions (clients, tests); the allocation's conversions live
//!   in [`super::convert_allocation`], re-exported here, with
//!   [`allocation_from_input`] (the `allocation` / `allocation_json` oneof of
//!   Cascade, Minutes and Suggest).
//!
//! Field names are the JSON ones. Proto3 cannot nest maps or put lists in
//! maps, so `places`, `planning` and `creche_criteria` have one wrapper
//! message per map value (`SlotPlaces.slots`, `TimeRanges.ranges`,
//! `CriterionList.criteria`); their validation paths stay in the JSON form
//! (`places.mon.am`, `planning.mon[0]`, `creche_criteria.x[0]`).

use std::time::Duration;

pub use super::convert_allocation::{
    allocation_from_input, allocation_from_proto, allocation_to_proto, AllocationInput,
};
use super::pb;
use super::worker::Solved;
use crate::domain::instance::{
    Child, CommissionHeader, Creche, FreeBlock, History, Instance, Request, Section, Slot, Week,
};
use crate::domain::{Commission, Label};
use crate::error::{Error, Problem, Result};
use crate::solve::Timings;
use crate::validate;

/// The commission carried by a request: a message or JSON text.
#[derive(Debug, Clone)]
pub enum Input {
    Message(Box<pb::Instance>),
    Json(String),
}

/// `From` the `input` oneof of each request that carries a commission (the
/// generated oneofs are one type per message, alike).
macro_rules! input_from {
    ($($m:ident),+) => {$(
        impl From<pb::$m::Input> for Input {
            fn from(i: pb::$m::Input) -> Self {
                match i {
                    pb::$m::Input::Instance(m) => Input::Message(Box::new(m)),
                    pb::$m::Input::InstanceJson(j) => Input::Json(j),
                }
            }
        }
    )+};
}

input_from!(
    solve_request,
    validate_request,
    cascade_request,
    compare_scenarios_request,
    minutes_request,
    suggest_request,
    decide_request
);

/// Path given to the problem of a request that carries no instance.
pub const INPUT_PATH: &str = "instance";

/// Converts and validates the instance of a request. Every problem (a missing
/// part, a JSON syntax error, each validation problem) is reported with its
/// path in [`Error::Invalid`].
pub fn commission_from_input(input: Option<Input>) -> Result<Commission> {
    checked_from_input(input).map(|(_, c)| c)
}

/// [`commission_from_input`], keeping the instance as given too (a cascade
/// returns the carried requests as they were sent).
pub fn checked_from_input(input: Option<Input>) -> Result<(Instance, Commission)> {
    match input {
        None => Err(Error::Invalid(vec![Problem::new(
            INPUT_PATH,
            "",
            "no commission: set `instance` or `instance_json`",
        )])),
        Some(Input::Json(text)) => {
            let instance = validate::parse_json(&text)?;
            let commission = validate::validate(&instance)?;
            Ok((instance, commission))
        }
        Some(Input::Message(m)) => checked_from_proto(&m),
    }
}

/// [`commission_from_input`] with the warnings of the instance: its unknown
/// fields, with their paths (JSON text only: a message has no unknown field).
pub fn commission_noting(input: Option<Input>) -> (Result<Commission>, Vec<Problem>) {
    match input {
        Some(Input::Json(text)) => match validate::parse_json_noting(&text) {
            Ok((instance, warnings)) => (validate::validate(&instance), warnings),
            Err(e) => (Err(e), Vec::new()),
        },
        other => (commission_from_input(other), Vec::new()),
    }
}

/// Problems (or warnings) as the `Problem` messages of a response.
pub fn problems_to_proto(problems: Vec<Problem>) -> Vec<pb::Problem> {
    problems
        .into_iter()
        .map(|p| pb::Problem {
            path: p.path,
            value: p.value,
            message: p.message,
        })
        .collect()
}

/// The value of one part of a request, or its problems added to `problems`
/// (other errors end the call): requests with several parts report every
/// problem of every part at once.
pub(super) fn collect<T>(r: Result<T>, problems: &mut Vec<Problem>) -> Result<Option<T>> {
    match r {
        Ok(x) => Ok(Some(x)),
        Err(Error::Invalid(mut p)) => {
            problems.append(&mut p);
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Converts and validates a `pb::Instance`.
pub fn commission_from_proto(p: &pb::Instance) -> Result<Commission> {
    checked_from_proto(p).map(|(_, c)| c)
}

fn checked_from_proto(p: &pb::Instance) -> Result<(Instance, Commission)> {
    let (instance, missing) = instance_from_proto(p);
    match validate::validate(&instance) {
        Ok(c) if missing.is_empty() => Ok((instance, c)),
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
        bareme_labels: (p.bareme_labels.iter())
            .map(|(k, l)| (k.clone(), label_from_proto(l)))
            .collect(),
        creches: p.creches.iter().map(creche_from_proto).collect(),
        requests: p.requests.iter().map(request_from_proto).collect(),
    };
    (instance, missing)
}

fn label_from_proto(l: &pb::Label) -> Label {
    if l.by_lang.is_empty() {
        Label::Text(l.text.clone())
    } else {
        Label::ByLang(
            l.by_lang
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        )
    }
}

fn label_to_proto(l: &Label) -> pb::Label {
    match l {
        Label::Text(text) => pb::Label {
            text: text.clone(),
            ..Default::default()
        },
        Label::ByLang(m) => pb::Label {
            by_lang: m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            ..Default::default()
        },
    }
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
                label: s.label.as_ref().map(label_from_proto),
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
        bareme_labels: (i.bareme_labels.iter())
            .map(|(k, l)| (k.clone(), label_to_proto(l)))
            .collect(),
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
                        label: s.label.as_ref().map(label_to_proto),
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
        requests: i.requests.iter().map(request_to_proto).collect(),
    }
}

/// A request as its message (also the carried requests of a cascade).
pub fn request_to_proto(r: &Request) -> pb::Request {
    pb::Request {
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
        history: Some(history_to_proto(&r.history)),
        sibling_group: r.sibling_group.clone(),
        submitted: r.submitted.clone(),
        points: r.points,
    }
}

pub(super) fn history_to_proto(h: &History) -> pb::History {
    pb::History {
        renewals: h.renewals,
        family_refusals: h.family_refusals,
        no_shows: h.no_shows,
    }
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

/// The timings of a job call (CompareScenarios, Minutes, Suggest): the
/// queue and the job's limit from the solver thread, the job's own time
/// (`run`), the call's (`server`) and each solve's share of the limit.
pub fn job_timings_to_proto<O>(
    solved: &Solved<O>,
    run: Duration,
    server: Duration,
    solve_time_limit: Option<Duration>,
) -> pb::JobTimings {
    pb::JobTimings {
        queue: Some(duration_to_proto(solved.queued)),
        run: Some(duration_to_proto(run)),
        server: Some(duration_to_proto(server)),
        time_limit: solved.time_limit.map(duration_to_proto),
        solve_time_limit: solve_time_limit.map(duration_to_proto),
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
        // The default commission has every optional field: labels of both kinds.
        let mut d = validate::parse_json(crate::io::DEFAULT_INSTANCE).unwrap();
        d.creches[0].sections[0].label = Some(Label::Text("Mixte".into()));
        let (back, missing) = instance_from_proto(&instance_to_proto(&d));
        assert!(missing.is_empty());
        assert_eq!(back, d);
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
}
