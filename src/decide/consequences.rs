//! What each decision costs the other families, before the commission
//! confirms: decision `i` is compared with the allocation under the
//! decisions before it (so the consequences of a list add up, decision
//! after decision), by the what-if diff ([`crate::whatif::diff`]): who gains
//! or loses a place, who changes crèche or place, and who is now passed over
//! by a family with fewer points (`blocking`: a `departure` reason the
//! allocation without the decision did not have). In words too:
//! "placer D-0044 à Toboggan déplace D-0031 (22 points) vers son vœu 2 et
//! laisse D-0077 (19 points) en attente".

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::check::Decisions;
use crate::args;
use crate::domain::allocation::RankedRequest;
use crate::domain::decisions::Decision;
use crate::domain::reason::parse_holders;
use crate::domain::{Allocation, Commission, ReasonCode, WishReason};
use crate::i18n::{Lang, Names};
use crate::whatif::diff::{self, DiffRow, Kind};
use crate::whatif::figures::View;

/// The consequences of one decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Consequence {
    /// Its index in the decisions file.
    pub decision: usize,
    /// `place`, `exclude`, `defer` or `reserve`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creche: Option<String>,
    /// The reason the commission gave.
    pub reason: String,
    /// Placed requests, with the decision minus without it.
    pub placed_delta: i64,
    /// Blocked requests, with the decision minus without it.
    pub blocking_delta: i64,
    /// Every request whose place changes, in offer order (the what-if diff's rows).
    pub changes: Vec<DiffRow>,
    /// Families now passed over by families with fewer points.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocking: Vec<Passed>,
    /// The consequences in words, in the language asked for.
    pub summary: String,
}

/// A family passed over at a crèche by families with fewer points.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Passed {
    pub request: String,
    /// Its offer-order points.
    pub points: i64,
    pub creche: String,
    /// The families with fewer points holding the place (named as the
    /// allocation's reason names them).
    pub holders: Vec<RankedRequest>,
}

/// The consequences of decision `i` of `d`: `variant`, the allocation under
/// the decisions up to `i`, against `base`, under the decisions before it;
/// in words of `lang`.
pub fn consequence(
    c: &Commission,
    d: &Decisions,
    i: usize,
    base: &View,
    variant: &View,
    lang: Lang,
) -> Consequence {
    let m = lang.messages();
    let diff = diff::diff(base, variant, m);
    let had: BTreeSet<(String, String)> = passed(base.allocation, base)
        .into_iter()
        .map(|p| (p.request, p.creche))
        .collect();
    let blocking: Vec<Passed> = passed(variant.allocation, variant)
        .into_iter()
        .filter(|p| !had.contains(&(p.request.clone(), p.creche.clone())))
        .collect();
    let decision = &d.file.decisions[i];
    let names = Names::of(c, m);
    let summary = summary(&names, decision, &diff.rows, &blocking);
    Consequence {
        decision: i,
        kind: decision.kind().to_string(),
        request: decision.request().map(str::to_string),
        creche: decision.creche().map(str::to_string),
        reason: decision.reason().to_string(),
        placed_delta: diff.placed_delta,
        blocking_delta: diff.blocking_delta,
        changes: diff.rows,
        blocking,
        summary,
    }
}

/// Every family an allocation passes over for families with fewer points
/// (its `departure` reasons), sorted.
fn passed(a: &Allocation, v: &View) -> Vec<Passed> {
    let waiting = a.waiting_list.iter().map(|w| (&w.request, &w.reasons));
    let placed = a.assignments.iter().map(|x| (&x.request, &x.reasons));
    let mut out: Vec<Passed> = waiting
        .chain(placed)
        .flat_map(|(request, reasons)| {
            reasons
                .iter()
                .filter(|w| w.code == Some(ReasonCode::Departure))
                .map(move |w| departure(v, request, w))
        })
        .collect();
    out.sort();
    out
}

fn departure(v: &View, request: &str, w: &WishReason) -> Passed {
    let holders = w
        .params
        .get("holders")
        .and_then(|h| parse_holders(h))
        .unwrap_or_default()
        .into_iter()
        .map(|(id, points)| RankedRequest {
            request: id.to_string(),
            points,
        })
        .collect();
    Passed {
        request: request.to_string(),
        points: v.c.request_index(request).map_or(0, |r| v.points(r)),
        creche: w.creche.clone(),
        holders,
    }
}

/// The decision in a few words: `placer D-0044 à Toboggan`.
pub fn decision_words(n: &Names, d: &Decision) -> String {
    let m = n.m;
    match d {
        Decision::Place {
            request, creche, ..
        } => m.text(
            "decision-place",
            &args! {"request" => request.as_str(), "creche" => n.creche(creche)},
        ),
        Decision::Exclude {
            request, creche, ..
        } => m.text(
            "decision-exclude",
            &args! {"request" => request.as_str(), "creche" => n.creche(creche)},
        ),
        Decision::Defer {
            request,
            renewal_bonus,
            ..
        } => m.text(
            "decision-defer",
            &args! {
                "request" => request.as_str(),
                "bonus" => renewal_bonus.unwrap_or(false).to_string(),
            },
        ),
        Decision::Reserve {
            creche,
            section,
            day,
            half_day,
            places,
            ..
        } => m.text(
            "decision-reserve",
            &args! {
                "places" => *places,
                "creche" => n.creche(creche),
                "section" => n.section(creche, section),
                "day" => m.day(day),
                "slot" => m.slot(half_day),
            },
        ),
    }
}

/// The consequences in one sentence: the decision, then what it does to
/// every other family.
fn summary(n: &Names, d: &Decision, rows: &[DiffRow], blocking: &[Passed]) -> String {
    let m = n.m;
    let subject = d.request();
    let mut effects: Vec<String> = rows
        .iter()
        .filter(|r| Some(r.request.as_str()) != subject)
        .map(|r| effect(n, r))
        .collect();
    for p in blocking {
        let holders: Vec<String> = p
            .holders
            .iter()
            .map(|h| {
                m.text(
                    "effect-holder",
                    &args! {"request" => h.request.as_str(), "points" => h.points},
                )
            })
            .collect();
        effects.push(m.text(
            "effect-blocking",
            &args! {
                "request" => p.request.as_str(),
                "points" => p.points,
                "holders" => n.list(holders),
                "creche" => n.creche(&p.creche),
            },
        ));
    }
    let decision = decision_words(n, d);
    if effects.is_empty() {
        return m.text("consequence-none", &args! {"decision" => decision});
    }
    m.text(
        "consequence",
        &args! {"decision" => decision, "effects" => n.list(effects)},
    )
}

/// What one change does to a family, in words.
fn effect(n: &Names, r: &DiffRow) -> String {
    let (m, id, points) = (n.m, r.request.as_str(), r.points_after);
    match (r.kind, &r.after) {
        (Kind::Loses, _) => m.text("effect-loses", &args! {"request" => id, "points" => points}),
        (
            Kind::Gains | Kind::ChangesCreche,
            diff::Outcome::Placed {
                creche, wish_rank, ..
            },
        ) => m.text(
            if r.kind == Kind::Gains {
                "effect-gains"
            } else {
                "effect-moves"
            },
            &args! {
                "request" => id,
                "points" => points,
                "rank" => *wish_rank,
                "creche" => n.creche(creche),
            },
        ),
        _ => m.text("effect-place", &args! {"request" => id, "points" => points}),
    }
}
