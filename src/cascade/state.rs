//! The state of a commission after its run: a pure function of the instance,
//! the allocation and the events (replayed in date order). Replaying the same
//! events gives the same state; an event identical to one already applied is
//! ignored; an event that contradicts the state is rejected, naming it.

use chrono::{Duration, NaiveDate};
use serde::Serialize;
use std::collections::BTreeSet;

use crate::adopt::{self, Adopted};
use crate::domain::events::{Event, EventKind, EventLog, Place};
use crate::domain::{Allocation, Commission};
use crate::error::{Error, Problem, Result};
use crate::rules::{resolve, RequestOptions};
use crate::solve::load::{Load, Placement};

/// Days a family has to answer an offer (rules III.5).
pub const ANSWER_DAYS: i64 = 10;
/// Days after the entry date after which a child not brought loses the place (III.6).
pub const NO_SHOW_DAYS: i64 = 15;
/// Refusals that cancel a request for good (III.4).
pub const MAX_REFUSALS: u32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Not offered a place in this commission (yet).
    Waiting,
    /// Offered; `sent` tells whether the family was told.
    Offered,
    Accepted,
    Refused,
    /// No answer within 10 days: counts as a refusal.
    NoAnswer,
    NoShow,
    Withdrawn,
    /// Third refusal: the request is cancelled for good.
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Offer {
    pub place: Placement,
    /// Offered by the commission itself (else by a cascade).
    pub by_commission: bool,
    pub sent: Option<NaiveDate>,
}

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::Waiting => "waiting",
            Stage::Offered => "offered",
            Stage::Accepted => "accepted",
            Stage::Refused => "refused",
            Stage::NoAnswer => "no_answer",
            Stage::NoShow => "no_show",
            Stage::Withdrawn => "withdrawn",
            Stage::Cancelled => "cancelled",
        }
    }
}

impl Offer {
    pub fn deadline(&self) -> Option<NaiveDate> {
        self.sent.map(|d| d + Duration::days(ANSWER_DAYS))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestState {
    pub stage: Stage,
    pub offer: Option<Offer>,
    pub offers: u32,
    /// Refusals and no-answers in this commission.
    pub refusals: u32,
    pub no_shows: u32,
    /// The family asks to be presented at the next commission.
    pub carry: bool,
}

impl RequestState {
    /// Holds its place: accepted, or offered and not yet answered.
    pub fn pinned(&self) -> bool {
        matches!(self.stage, Stage::Offered | Stage::Accepted)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub as_of: NaiveDate,
    /// Indexed like the commission's requests.
    pub requests: Vec<RequestState>,
    pub events_applied: usize,
    pub duplicates_ignored: usize,
}

impl State {
    /// Placements held (pinned) now.
    pub fn pinned(&self) -> Vec<Option<Placement>> {
        held(&self.requests)
    }
}

/// The places held by accepted and pending offers, per request.
fn held(requests: &[RequestState]) -> Vec<Option<Placement>> {
    requests
        .iter()
        .map(|r| {
            if r.pinned() {
                r.offer.map(|o| o.place)
            } else {
                None
            }
        })
        .collect()
}

fn parse_date(path: &str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| Error::Invalid(vec![Problem::new(path, text, "not a date YYYY-MM-DD")]))
}

/// The place of an offer made by a cascade, checked as an adopted
/// allocation's places are ([`adopt::resolve_place`]).
fn event_place(
    c: &Commission,
    options: &[RequestOptions],
    r: usize,
    place: &Place,
    path: &str,
) -> Result<Placement> {
    let mut problems = Vec::new();
    adopt::resolve_place(c, options, r, place, path, &mut problems).ok_or(Error::Invalid(problems))
}

/// The commission's offers: the places of its adopted allocation.
fn initial(adopted: &Adopted) -> Vec<RequestState> {
    adopted
        .placements()
        .iter()
        .map(|p| RequestState {
            stage: if p.is_some() {
                Stage::Offered
            } else {
                Stage::Waiting
            },
            offer: p.map(|place| Offer {
                place,
                by_commission: true,
                sent: None,
            }),
            offers: u32::from(p.is_some()),
            refusals: 0,
            no_shows: 0,
            carry: false,
        })
        .collect()
}

/// Replays the events over the allocation's offers. The allocation is
/// adopted first ([`adopt`]): its problems and those of the events' header
/// and dates are reported together, and nothing is replayed over an
/// allocation that has one.
pub fn replay(c: &Commission, alloc: &Allocation, log: &EventLog) -> Result<State> {
    let options = resolve(c);
    let mut problems = Vec::new();
    let adopted = match adopt::adopt(c, &options, alloc) {
        Ok(a) => Some(a),
        Err(Error::Invalid(mut ps)) => {
            problems.append(&mut ps);
            None
        }
        Err(e) => return Err(e),
    };
    if log.commission_id != c.id() {
        problems.push(Problem::new(
            "events.commission_id",
            &log.commission_id,
            format!("events of another commission (instance is {})", c.id()),
        ));
    }
    let mut dated = Vec::with_capacity(log.events.len());
    for (k, e) in log.events.iter().enumerate() {
        match parse_date(&format!("events[{k}].date"), &e.date) {
            Ok(d) if d < c.date() => problems.push(Problem::new(
                format!("events[{k}].date"),
                &e.date,
                format!("event dated before the commission ({})", c.date()),
            )),
            Ok(d) => dated.push((d, k)),
            Err(Error::Invalid(mut ps)) => problems.append(&mut ps),
            Err(e) => return Err(e),
        }
    }
    let Some(adopted) = adopted.filter(|_| problems.is_empty()) else {
        return Err(Error::Invalid(problems));
    };
    let mut requests = initial(&adopted);
    dated.sort();
    let last = dated.last().map(|&(d, _)| d).unwrap_or(c.date());
    let as_of = match &log.as_of {
        Some(text) => parse_date("events.as_of", text)?,
        None => last,
    };
    if as_of < last {
        return Err(Error::Invalid(vec![Problem::new(
            "events.as_of",
            as_of,
            format!("before the last event ({last})"),
        )]));
    }
    let mut seen: BTreeSet<(NaiveDate, &str, String)> = BTreeSet::new();
    let mut state = State {
        as_of,
        requests: Vec::new(),
        events_applied: 0,
        duplicates_ignored: 0,
    };
    for (date, k) in dated {
        let e = &log.events[k];
        if !seen.insert((date, e.request.as_str(), format!("{:?}", e.kind))) {
            state.duplicates_ignored += 1;
            continue;
        }
        expire(c, &mut requests, date);
        apply(c, &options, &mut requests, date, e, k)?;
        state.events_applied += 1;
    }
    expire(c, &mut requests, as_of);
    state.requests = requests;
    Ok(state)
}

/// Offers whose answer deadline (sent + 10 days) is before `today` and that are
/// not answered become no-answers: an answer on the deadline day is in time.
fn expire(c: &Commission, requests: &mut [RequestState], today: NaiveDate) {
    for (r, s) in requests.iter_mut().enumerate() {
        if s.stage == Stage::Offered
            && s.offer
                .and_then(|o| o.deadline())
                .is_some_and(|d| d < today)
        {
            s.stage = Stage::NoAnswer;
            s.refusals += 1;
            cancel_if_third(c, r, s);
        }
    }
}

fn cancel_if_third(c: &Commission, r: usize, s: &mut RequestState) {
    if c.requests()[r].history.family_refusals + s.refusals >= MAX_REFUSALS {
        s.stage = Stage::Cancelled;
    }
}

/// One event being replayed: the commission, the event, its path in the
/// events file and the index of its request.
struct Replayed<'a> {
    c: &'a Commission,
    options: &'a [RequestOptions],
    e: &'a Event,
    path: String,
    date: NaiveDate,
    r: usize,
}

impl Replayed<'_> {
    /// The event refused, named by its path, date, request and kind.
    fn reject(&self, msg: impl Into<String>) -> Error {
        reject_event(&self.path, self.e, msg)
    }
}

fn reject_event(path: &str, e: &Event, msg: impl Into<String>) -> Error {
    Error::Invalid(vec![Problem::new(
        path,
        format!("{} {} {}", e.date, e.request, e.kind.name()),
        msg.into(),
    )])
}

fn apply(
    c: &Commission,
    options: &[RequestOptions],
    requests: &mut [RequestState],
    date: NaiveDate,
    e: &Event,
    k: usize,
) -> Result<()> {
    let path = format!("events[{k}]");
    let r =
        (c.request_index(&e.request)).ok_or_else(|| reject_event(&path, e, "unknown request"))?;
    let at = Replayed {
        c,
        options,
        e,
        path,
        date,
        r,
    };
    match &e.kind {
        EventKind::OfferSent { place } => offer_sent(&at, requests, place.as_ref()),
        EventKind::Accepted | EventKind::Refused { .. } => answered(&at, &mut requests[r]),
        EventKind::NoShow => no_show(&at, &mut requests[r]),
        EventKind::Withdrawn => match requests[r].stage {
            stage @ (Stage::Withdrawn | Stage::Cancelled) => {
                Err(at.reject(format!("withdrawal of a request that is {}", stage.name())))
            }
            _ => {
                requests[r].stage = Stage::Withdrawn;
                Ok(())
            }
        },
        EventKind::CarryRequested => match requests[r].stage {
            Stage::Waiting | Stage::Refused | Stage::NoAnswer | Stage::NoShow => {
                requests[r].carry = true;
                Ok(())
            }
            other => Err(at.reject(format!(
                "carry_requested from a request that is {}",
                other.name()
            ))),
        },
    }
}

/// The family is told of its offer: the commission's (its place from the
/// allocation, or the same place named again) or a cascade's (a waiting
/// request, its place named, free once every other held place is counted).
fn offer_sent(at: &Replayed, requests: &mut [RequestState], place: Option<&Place>) -> Result<()> {
    let (c, r) = (at.c, at.r);
    let given = |p: &Place| event_place(c, at.options, r, p, &format!("{}.place", at.path));
    let s = &requests[r];
    match (s.stage, s.offer, place) {
        (Stage::Offered, Some(o), p) if o.sent.is_none() => {
            if let Some(p) = p {
                if given(p)? != o.place {
                    return Err(at.reject("the place differs from the offer made"));
                }
            }
            requests[r].offer = Some(Offer {
                sent: Some(at.date),
                ..o
            });
        }
        (Stage::Waiting, None, Some(p)) => {
            let place = given(p)?;
            let mut pinned = held(requests);
            pinned[r] = None;
            let load = Load::of(c, &pinned);
            if !load.fits(c, place.creche, place.opt, c.requests()[r].planning) {
                return Err(
                    at.reject("the place offered is not free (it would exceed the free places)")
                );
            }
            let s = &mut requests[r];
            s.stage = Stage::Offered;
            s.offer = Some(Offer {
                place,
                by_commission: false,
                sent: Some(at.date),
            });
            s.offers += 1;
        }
        (Stage::Waiting, None, None) => {
            return Err(at.reject("offer_sent for a request that was offered no place"))
        }
        (Stage::Offered, _, _) => return Err(at.reject("offer already sent")),
        (other, _, _) => {
            return Err(at.reject(format!("offer_sent for a request that is {}", other.name())))
        }
    }
    Ok(())
}

/// The family accepts or refuses an offer it was told of.
fn answered(at: &Replayed, s: &mut RequestState) -> Result<()> {
    let offer = match (s.stage, s.offer) {
        (Stage::Offered, Some(o)) if o.sent.is_some() => o,
        (Stage::Offered, _) => return Err(at.reject("answer to an offer not yet sent")),
        (Stage::Waiting, _) => return Err(at.reject("answer to an offer never made")),
        (other, _) => {
            return Err(at.reject(format!("answer from a request that is {}", other.name())))
        }
    };
    debug_assert!(
        offer.deadline().is_some_and(|d| d >= at.date),
        "expired offers are no-answers"
    );
    match &at.e.kind {
        EventKind::Refused { carry_over } => {
            s.stage = Stage::Refused;
            s.refusals += 1;
            s.carry = *carry_over;
            cancel_if_third(at.c, at.r, s);
        }
        _ => s.stage = Stage::Accepted,
    }
    Ok(())
}

/// The child was not brought: only an accepted place, and only once the
/// entry date is `NO_SHOW_DAYS` past.
fn no_show(at: &Replayed, s: &mut RequestState) -> Result<()> {
    let entry = match (s.stage, s.offer) {
        (Stage::Accepted, Some(o)) => o.place.opt.entry,
        (other, _) => {
            return Err(at.reject(format!(
                "no_show for a request that is {} (only an accepted place can be lost)",
                other.name()
            )))
        }
    };
    let earliest = entry + Duration::days(NO_SHOW_DAYS);
    if at.date < earliest {
        return Err(at.reject(format!(
            "no_show before {earliest} (entry {entry} + {NO_SHOW_DAYS} days)"
        )));
    }
    s.stage = Stage::NoShow;
    s.no_shows += 1;
    Ok(())
}
