//! The cascade: the places freed by refusals, no-answers, no-shows and
//! withdrawals, with those the commission left unused, go to the waiting
//! requests in the commission's points order, by the same rules (the priority
//! policy on the remaining capacity) and with the same explanations.

use chrono::Duration;
use serde::Serialize;

use super::state::{Stage, State, ANSWER_DAYS, MAX_REFUSALS};
use crate::domain::commission::Commission;
use crate::domain::{instance, WaitingEntry, WishReason};
use std::time::Instant;

use crate::decide::apply::{close, reserved};
use crate::decide::Decisions;
use crate::domain::Status;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::rules;
use crate::solve::load::residual;
use crate::solve::{self, SolveOptions, SolverSettings, Strategy};

/// An offer to send now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewOffer {
    pub request: String,
    pub creche: String,
    pub section: String,
    pub block: usize,
    pub entry_date: String,
    pub wish_rank: usize,
    pub points: i64,
    /// The offer is made on the state's date; the family answers by this date.
    pub offer_date: String,
    pub answer_by: String,
    /// Why each better-ranked wish was not given.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<WishReason>,
}

/// Per request: where it stands and what it carries to the next commission.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lifecycle {
    pub request: String,
    pub stage: &'static str,
    pub offers_received: u32,
    /// Refusals before and during this commission (no-answers count as refusals).
    pub refusals: u32,
    /// No-shows before and during this commission.
    pub no_shows: u32,
    /// Three refusals: cancelled for good.
    pub cancelled: bool,
    /// Presented again at the next commission.
    pub carried: bool,
    /// Points the next commission adds (+ renewal) or removes (− no-show malus), in
    /// barème units: `renewals` and `no_shows` of the carried request's history.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_history: Option<instance::History>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cascade {
    pub commission_id: String,
    pub as_of: String,
    pub new_offers: Vec<NewOffer>,
    /// Requests still waiting, in offer order, with their reasons.
    pub waiting_list: Vec<WaitingEntry>,
    pub lifecycle: Vec<Lifecycle>,
}

/// Requests that may still receive an offer in this commission: waiting, never
/// offered, and (for a sibling group) every member so.
fn eligible(c: &Commission, state: &State) -> Vec<bool> {
    let open: Vec<bool> = state
        .requests
        .iter()
        .map(|s| s.stage == Stage::Waiting && s.offers == 0)
        .collect();
    (0..c.requests().len())
        .map(|r| match c.requests()[r].sibling_group {
            Some(g) => c.sibling_groups()[g].members.iter().all(|&m| open[m]),
            None => open[r],
        })
        .collect()
}

/// The commission as it stands: pinned places taken out of the free places,
/// only the eligible requests left.
pub fn remaining(c: &Commission, state: &State) -> Result<Commission> {
    residual(c, &state.pinned(), &eligible(c, state))
}

/// [`remaining`] under the commission's decisions: the reserved places
/// taken out too.
fn remaining_decided(c: &Commission, state: &State, d: &Decisions) -> Result<Commission> {
    residual(&reserved(c, d)?, &state.pinned(), &eligible(c, state))
}

/// The next offers for a state, their reasons in French.
pub fn next_offers(c: &Commission, state: &State) -> Result<Cascade> {
    next_offers_within(c, state, &SolverSettings::default(), Lang::Fr)
}

/// [`next_offers`] solved as `settings` say (the gRPC service's time limit
/// and cancellation), the reasons in words of `lang`. Offers go to families,
/// so a solve cut short before proven optimality is an [`Error::NotProven`](crate::Error::NotProven),
/// never merely feasible offers.
pub fn next_offers_within(
    c: &Commission,
    state: &State,
    settings: &SolverSettings,
    lang: Lang,
) -> Result<Cascade> {
    next_offers_decided(c, state, &Decisions::none(c), settings, lang)
}

/// [`next_offers_within`] keeping the commission's decisions `d` in force:
/// its placements stay pinned (they are the allocation's offers), its
/// reservations stay out of the free places, its exclusions keep the crèche
/// closed to the family, and a deferred request is offered nothing (it is
/// carried to the next commission, [`lifecycle_decided`]).
pub fn next_offers_decided(
    c: &Commission,
    state: &State,
    d: &Decisions,
    settings: &SolverSettings,
    lang: Lang,
) -> Result<Cascade> {
    let rest = remaining_decided(c, state, d)?;
    let mut options = rules::resolve(&rest);
    close(c, &rest, &mut options, d);
    let opts = SolveOptions {
        strategy: Strategy::Priority,
        settings: settings.clone(),
        lang,
    };
    let raw = solve::run(&rest, &options, &opts, Instant::now())?;
    if let (Some(limit), Status::Feasible) = (settings.time_limit, raw.status) {
        return Err(Error::NotProven {
            what: "next offers' allocation",
            limit: limit.as_secs_f64(),
        });
    }
    let allocation = solve::explained(&rest, &options, &raw, &opts, &[], solve::Detail::Shown)?;
    let answer_by = state.as_of + Duration::days(ANSWER_DAYS);
    let new_offers = allocation
        .assignments
        .iter()
        .map(|a| NewOffer {
            request: a.request.clone(),
            creche: a.creche.clone(),
            section: a.section.clone(),
            block: a.block,
            entry_date: a.entry_date.clone(),
            wish_rank: a.wish_rank,
            points: a.points,
            offer_date: state.as_of.to_string(),
            answer_by: answer_by.to_string(),
            reasons: a.reasons.clone(),
        })
        .collect();
    Ok(Cascade {
        commission_id: c.id().to_string(),
        as_of: state.as_of.to_string(),
        new_offers,
        waiting_list: allocation.waiting_list,
        lifecycle: lifecycle_decided(c, state, d),
    })
}

/// Counters per request, and what it carries to the next commission.
pub fn lifecycle(c: &Commission, state: &State) -> Vec<Lifecycle> {
    lifecycle_decided(c, state, &Decisions::none(c))
}

/// [`lifecycle`] under the commission's decisions: a request the commission
/// deferred is carried (it waits for the next commission by decision), with
/// the renewal bonus only if the commission said so.
pub fn lifecycle_decided(c: &Commission, state: &State, d: &Decisions) -> Vec<Lifecycle> {
    c.requests()
        .iter()
        .zip(&state.requests)
        .enumerate()
        .map(|(i, (r, s))| {
            let refusals = r.history.family_refusals + s.refusals;
            let cancelled = s.stage == Stage::Cancelled || refusals >= MAX_REFUSALS;
            let deferred = d.deferred(i);
            let carried = !cancelled
                && (s.carry || deferred.is_some())
                && matches!(
                    s.stage,
                    Stage::Waiting | Stage::Refused | Stage::NoAnswer | Stage::NoShow
                );
            // Renewal bonus only for a request the commission could not serve (III.4):
            // not after the family's own refusal, nor after a no-show (III.6); for a
            // deferred request, as the commission decided.
            let renewal = match deferred {
                Some((_, bonus)) => u32::from(bonus && s.stage == Stage::Waiting),
                None => u32::from(s.stage == Stage::Waiting),
            };
            Lifecycle {
                request: r.id.clone(),
                stage: s.stage.name(),
                offers_received: s.offers,
                refusals,
                no_shows: r.history.no_shows + s.no_shows,
                cancelled,
                carried,
                next_history: carried.then(|| instance::History {
                    renewals: (r.history.renewals + renewal) as i64,
                    family_refusals: refusals as i64,
                    no_shows: (r.history.no_shows + s.no_shows) as i64,
                }),
            }
        })
        .collect()
}

/// The carried requests, ready to merge into the next commission's instance:
/// the original request with its history updated.
pub fn carried_requests(
    inst: &instance::Instance,
    c: &Commission,
    state: &State,
) -> Vec<instance::Request> {
    carried_decided(inst, c, state, &Decisions::none(c))
}

/// [`carried_requests`] under the commission's decisions ([`lifecycle_decided`]).
pub fn carried_decided(
    inst: &instance::Instance,
    c: &Commission,
    state: &State,
    d: &Decisions,
) -> Vec<instance::Request> {
    let life = lifecycle_decided(c, state, d);
    inst.requests
        .iter()
        .filter_map(|r| {
            let l = life.iter().find(|l| l.request == r.id)?;
            let history = l.next_history.clone()?;
            Some(instance::Request {
                history,
                ..r.clone()
            })
        })
        .collect()
}
