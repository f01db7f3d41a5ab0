//! Proto ⇄ domain for the Cascade RPC: the instance, the adopted allocation
//! and the events in (each a message or JSON text), the state and the next
//! offers out.
//!
//! Problems keep the paths of the command line (`creche-alloc cascade`):
//! instance paths as for Solve, `allocation.*`, `events.*` and `events[k]`
//! for the k-th event (in the message, `events.events[k]`).

use std::time::Duration;

use super::convert::{self, collect, history_to_proto, request_to_proto, AllocationInput, Input};
use super::convert_allocation::{reasons_to_proto, u32_of, waiting_to_proto};
use super::{options, pb};
use crate::cascade::{Cascade, Event, EventKind, EventLog, Place};
use crate::domain::instance::{Instance, Request};
use crate::domain::{Allocation, Commission};
use crate::error::{Error, Problem, Result};
use crate::i18n::Lang;
use crate::io;

/// A Cascade call's input, converted and checked (the events are checked
/// against the state when replayed).
#[derive(Debug)]
pub struct CascadeInput {
    /// The instance as sent: the carried requests are returned from it.
    pub instance: Instance,
    pub commission: Commission,
    pub allocation: Allocation,
    pub events: EventLog,
    /// The language of the reasons' words.
    pub lang: Lang,
}

/// Converts the three parts of a request; every problem of every part is
/// reported at once.
pub fn cascade_input(req: pb::CascadeRequest) -> Result<CascadeInput> {
    let mut problems = Vec::new();
    let checked = collect(
        convert::checked_from_input(req.input.map(Input::from)),
        &mut problems,
    )?;
    let allocation = collect(
        convert::allocation_from_input(req.adopted.map(AllocationInput::from)),
        &mut problems,
    )?;
    let events = collect(events_in(req.happened), &mut problems)?;
    let lang = options::language(req.language, "language", &mut problems);
    match (checked, allocation, events) {
        (Some((instance, commission)), Some(allocation), Some(events)) if problems.is_empty() => {
            Ok(CascadeInput {
                instance,
                commission,
                allocation,
                events,
                lang,
            })
        }
        _ => Err(Error::Invalid(problems)),
    }
}

fn events_in(happened: Option<pb::cascade_request::Happened>) -> Result<EventLog> {
    use pb::cascade_request::Happened;
    match happened {
        None => Err(Error::Invalid(vec![Problem::new(
            "events",
            "",
            "no events: set `events` or `events_json`",
        )])),
        Some(Happened::EventsJson(text)) => io::parse_json_as(&text, "events_json"),
        Some(Happened::Events(log)) => event_log_from_proto(&log),
    }
}

/// `pb::EventLog` → [`EventLog`]: a type must be set, `place` goes with
/// `offer_sent` only and `carry_over` with `refused` only (the JSON form
/// cannot say otherwise, so neither may the message).
pub fn event_log_from_proto(p: &pb::EventLog) -> Result<EventLog> {
    let mut problems = Vec::new();
    let mut events = Vec::with_capacity(p.events.len());
    for (k, e) in p.events.iter().enumerate() {
        let path = format!("events[{k}]");
        let kind = match pb::EventType::try_from(e.r#type) {
            Ok(pb::EventType::OfferSent) => Some(EventKind::OfferSent {
                place: e.place.as_ref().map(|p| Place {
                    creche: p.creche.clone(),
                    section: p.section.clone(),
                    block: p.block as usize,
                    entry_date: p.entry_date.clone(),
                }),
            }),
            Ok(pb::EventType::Accepted) => Some(EventKind::Accepted),
            Ok(pb::EventType::Refused) => Some(EventKind::Refused {
                carry_over: e.carry_over,
            }),
            Ok(pb::EventType::NoShow) => Some(EventKind::NoShow),
            Ok(pb::EventType::Withdrawn) => Some(EventKind::Withdrawn),
            Ok(pb::EventType::CarryRequested) => Some(EventKind::CarryRequested),
            Ok(pb::EventType::Unspecified) | Err(_) => {
                problems.push(Problem::new(
                    format!("{path}.type"),
                    e.r#type,
                    "unknown event type: set one of EVENT_TYPE_OFFER_SENT, _ACCEPTED, \
                     _REFUSED, _NO_SHOW, _WITHDRAWN, _CARRY_REQUESTED",
                ));
                None
            }
        };
        let Some(kind) = kind else { continue };
        if e.place.is_some() && !matches!(kind, EventKind::OfferSent { .. }) {
            problems.push(Problem::new(
                format!("{path}.place"),
                "",
                format!("a place goes with offer_sent only, not {}", kind.name()),
            ));
        }
        if e.carry_over && !matches!(kind, EventKind::Refused { .. }) {
            problems.push(Problem::new(
                format!("{path}.carry_over"),
                "true",
                format!("carry_over goes with refused only, not {}", kind.name()),
            ));
        }
        events.push(Event {
            date: e.date.clone(),
            request: e.request.clone(),
            kind,
        });
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(EventLog {
        commission_id: p.commission_id.clone(),
        as_of: p.as_of.clone(),
        events,
    })
}

/// [`EventLog`] → `pb::EventLog` (clients and tests).
pub fn event_log_to_proto(log: &EventLog) -> pb::EventLog {
    pb::EventLog {
        commission_id: log.commission_id.clone(),
        as_of: log.as_of.clone(),
        events: log
            .events
            .iter()
            .map(|e| {
                let (r#type, place, carry_over) = match &e.kind {
                    EventKind::OfferSent { place } => {
                        (pb::EventType::OfferSent, place.as_ref(), false)
                    }
                    EventKind::Accepted => (pb::EventType::Accepted, None, false),
                    EventKind::Refused { carry_over } => {
                        (pb::EventType::Refused, None, *carry_over)
                    }
                    EventKind::NoShow => (pb::EventType::NoShow, None, false),
                    EventKind::Withdrawn => (pb::EventType::Withdrawn, None, false),
                    EventKind::CarryRequested => (pb::EventType::CarryRequested, None, false),
                };
                pb::Event {
                    date: e.date.clone(),
                    request: e.request.clone(),
                    r#type: r#type as i32,
                    place: place.map(|p| pb::OfferedPlace {
                        creche: p.creche.clone(),
                        section: p.section.clone(),
                        block: u32_of(p.block),
                        entry_date: p.entry_date.clone(),
                    }),
                    carry_over,
                }
            })
            .collect(),
    }
}

/// Timings of a Cascade call, as sent.
#[derive(Debug, Clone, Copy, Default)]
pub struct CascadeTimes {
    pub queue: Duration,
    pub replay: Duration,
    pub offers: Duration,
    pub server: Duration,
    pub time_limit: Option<Duration>,
}

/// The cascade, the carried requests and the replay counters as the response.
pub fn cascade_to_proto(
    c: &Cascade,
    carried: &[Request],
    events_applied: usize,
    duplicates_ignored: usize,
    t: CascadeTimes,
) -> pb::CascadeResponse {
    let d = convert::duration_to_proto;
    pb::CascadeResponse {
        commission_id: c.commission_id.clone(),
        as_of: c.as_of.clone(),
        new_offers: c
            .new_offers
            .iter()
            .map(|o| pb::NewOffer {
                request: o.request.clone(),
                creche: o.creche.clone(),
                section: o.section.clone(),
                block: u32_of(o.block),
                entry_date: o.entry_date.clone(),
                wish_rank: u32_of(o.wish_rank),
                points: o.points,
                offer_date: o.offer_date.clone(),
                answer_by: o.answer_by.clone(),
                reasons: reasons_to_proto(&o.reasons),
            })
            .collect(),
        waiting_list: c.waiting_list.iter().map(waiting_to_proto).collect(),
        lifecycle: c
            .lifecycle
            .iter()
            .map(|l| pb::Lifecycle {
                request: l.request.clone(),
                stage: l.stage.to_string(),
                offers_received: l.offers_received,
                refusals: l.refusals,
                no_shows: l.no_shows,
                cancelled: l.cancelled,
                carried: l.carried,
                next_history: l.next_history.as_ref().map(history_to_proto),
            })
            .collect(),
        carried: carried.iter().map(request_to_proto).collect(),
        events_applied: u32_of(events_applied),
        duplicates_ignored: u32_of(duplicates_ignored),
        timings: Some(pb::CascadeTimings {
            queue: Some(d(t.queue)),
            replay: Some(d(t.replay)),
            offers: Some(d(t.offers)),
            server: Some(d(t.server)),
            time_limit: t.time_limit.map(d),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log() -> EventLog {
        let ev = |date: &str, request: &str, kind| Event {
            date: date.into(),
            request: request.into(),
            kind,
        };
        EventLog {
            commission_id: "c".into(),
            as_of: Some("2026-11-30".into()),
            events: vec![
                ev("2026-10-20", "A", EventKind::OfferSent { place: None }),
                ev("2026-10-25", "A", EventKind::Refused { carry_over: true }),
                ev(
                    "2026-10-26",
                    "B",
                    EventKind::OfferSent {
                        place: Some(Place {
                            creche: "toboggan".into(),
                            section: "bebes".into(),
                            block: 1,
                            entry_date: "2027-01-04".into(),
                        }),
                    },
                ),
                ev("2026-10-27", "B", EventKind::Accepted),
                ev("2027-01-20", "B", EventKind::NoShow),
                ev("2027-01-21", "C", EventKind::Withdrawn),
                ev("2027-01-22", "D", EventKind::CarryRequested),
            ],
        }
    }

    #[test]
    fn events_round_trip_through_proto() {
        let l = log();
        assert_eq!(event_log_from_proto(&event_log_to_proto(&l)).unwrap(), l);
    }

    #[test]
    fn a_type_must_be_set_and_fields_go_with_their_type() {
        let mut p = event_log_to_proto(&log());
        p.events[0].r#type = pb::EventType::Unspecified as i32;
        p.events[3].carry_over = true;
        p.events[4].place = p.events[2].place.clone();
        let Err(Error::Invalid(problems)) = event_log_from_proto(&p) else {
            panic!("expected invalid");
        };
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            ["events[0].type", "events[3].carry_over", "events[4].place"]
        );
    }

    #[test]
    fn missing_parts_are_each_reported() {
        let Err(Error::Invalid(problems)) = cascade_input(pb::CascadeRequest::default()) else {
            panic!("expected invalid");
        };
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, [convert::INPUT_PATH, "allocation", "events"]);
    }

    #[test]
    fn bad_json_names_the_field_it_came_in() {
        let req = pb::CascadeRequest {
            input: Some(pb::cascade_request::Input::InstanceJson(
                io::DEFAULT_INSTANCE.to_string(),
            )),
            adopted: Some(pb::cascade_request::Adopted::AllocationJson("{}".into())),
            happened: Some(pb::cascade_request::Happened::EventsJson(
                r#"{"commission_id": "x", "events": [{"date": 1}]}"#.into(),
            )),
            language: 0,
        };
        let Err(Error::Invalid(problems)) = cascade_input(req) else {
            panic!("expected invalid");
        };
        assert!(
            problems[0].path.starts_with("allocation_json: "),
            "{problems:?}"
        );
        assert_eq!(problems[1].path, "events_json: events[0].date");
    }
}
