//! The allocation under the commission's decisions. The decisions are
//! applied first: reservations take their places out of the free places,
//! placements are held where the commission put them (as an earlier family's
//! kept place), exclusions close a wish, deferrals close every wish of the
//! request. Every remaining family is then allocated by the commission's
//! policy around them, and the whole is explained as any allocation is, the
//! closed wishes with the decision's code and the departures the placements
//! make with the cause `decision`.

use std::time::Instant;

use super::check::{Decided, Decisions};
use crate::domain::{Allocation, Commission, Reason, ReasonCode};
use crate::error::{Error, Result};
use crate::rules::{self, RequestOptions};
use crate::solve::load::{residual, Placement};
use crate::solve::{self, Detail, Raw, SolveOptions};

/// An allocation under decisions.
#[derive(Debug, Clone)]
pub struct Applied {
    pub allocation: Allocation,
    /// Indexed like the commission's requests.
    pub placements: Vec<Option<Placement>>,
    /// The commission with the reserved places taken out of the free places:
    /// the one the allocation is measured against.
    pub held: Commission,
    /// The options it is explained with (wishes closed by the decisions).
    pub options: Vec<RequestOptions>,
}

/// The commission with every reserved place taken out of its free places.
/// The decisions were checked against `c`, so a place reserved always
/// exists; if it did not, that is an error, never a silent zero.
pub fn reserved(c: &Commission, d: &Decisions) -> Result<Commission> {
    let reservations: Vec<([usize; 4], u32)> = (d.list.iter())
        .filter_map(|x| match *x {
            Decided::Reserve {
                creche,
                section,
                block,
                half_day,
                places,
            } => Some(([creche, section, block, half_day], places)),
            _ => None,
        })
        .collect();
    let held = |k, s, b, h| {
        (reservations.iter())
            .filter(|(at, _)| *at == [k, s, b, h])
            .fold(0u32, |sum, (_, places)| sum.saturating_add(*places))
    };
    let keep = vec![true; c.requests().len()];
    c.residual(held, &keep).map_err(|o| {
        Error::Solver(format!(
            "the decisions reserve {} place(s) at crèche {}, section {}, block {}, half-day {} where {} are free",
            o.held,
            c.creches()[o.creche].id,
            c.creches()[o.creche].sections[o.section].id,
            o.block,
            c.week().code(o.half_day),
            o.free
        ))
    })
}

/// Closes the wishes the decisions close, in `options` of commission `at`
/// (the decisions' commission `c`, or one derived from it with fewer
/// requests: matched by id): an excluded crèche, every wish of a deferred
/// request; each with the decision's reason.
pub fn close(c: &Commission, at: &Commission, options: &mut [RequestOptions], d: &Decisions) {
    for (i, x) in d.list.iter().enumerate() {
        let (request, creche, reason) = match *x {
            Decided::Exclude { request, creche } => (
                request,
                Some(creche),
                Reason::new(
                    ReasonCode::ExcludedByCommission,
                    &[("decision", i.to_string())],
                ),
            ),
            Decided::Defer {
                request,
                renewal_bonus,
            } => (
                request,
                None,
                Reason::new(
                    ReasonCode::DeferredByCommission,
                    &[
                        ("decision", i.to_string()),
                        ("renewal_bonus", renewal_bonus.to_string()),
                    ],
                ),
            ),
            _ => continue,
        };
        let Some(r) = at.request_index(&c.requests()[request].id) else {
            continue;
        };
        for w in options[r].wishes.iter_mut() {
            if creche.is_none_or(|k| k == w.creche) {
                w.options.clear();
                w.ineligible = vec![reason.clone()];
            }
        }
    }
}

/// The commission's placements: per request, its place and the decision's index.
pub fn pins(c: &Commission, d: &Decisions) -> (Vec<Option<Placement>>, Vec<Option<usize>>) {
    let mut pinned = vec![None; c.requests().len()];
    let mut decided = vec![None; c.requests().len()];
    for (i, x) in d.list.iter().enumerate() {
        if let Decided::Place { request, place } = *x {
            pinned[request] = Some(place);
            decided[request] = Some(i);
        }
    }
    (pinned, decided)
}

/// The allocation of `c` under the decisions `d`, by `opts`' policy, explained.
/// With no decision it is the proposal, byte for byte.
pub fn allocate(c: &Commission, d: &Decisions, opts: &SolveOptions) -> Result<Applied> {
    place(c, d, opts)?.explain(opts, Detail::Shown)
}

/// The places under decisions, not yet explained.
pub struct Placed {
    held: Commission,
    /// The options the allocation is explained with (wishes closed by the decisions).
    options: Vec<RequestOptions>,
    decided: Vec<Option<usize>>,
    raw: Raw,
}

impl Placed {
    /// Indexed like the commission's requests.
    pub fn placements(&self) -> &[Option<Placement>] {
        &self.raw.placements
    }

    /// The allocation, explained to `detail`.
    pub fn explain(self, opts: &SolveOptions, detail: Detail) -> Result<Applied> {
        let Placed {
            held,
            options,
            decided,
            raw,
        } = self;
        let allocation = solve::explained(&held, &options, &raw, opts, &decided, detail)?;
        Ok(Applied {
            allocation,
            placements: raw.placements,
            held,
            options,
        })
    }
}

/// The places of `c` under the decisions `d`, by `opts`' policy: the
/// commission's placements held, every other family allocated around them.
pub fn place(c: &Commission, d: &Decisions, opts: &SolveOptions) -> Result<Placed> {
    let held = reserved(c, d)?;
    let options = rules::resolve(&held);
    place_on(c, d, opts, held, options)
}

/// [`place`] given the commission with the reserved places taken out
/// ([`reserved`]) and its options ([`rules::resolve`]), which only the
/// reservations change: computed once for decisions that share them.
pub fn place_on(
    c: &Commission,
    d: &Decisions,
    opts: &SolveOptions,
    held: Commission,
    mut options: Vec<RequestOptions>,
) -> Result<Placed> {
    opts.settings.cancel.check()?;
    let t0 = Instant::now();
    close(c, &held, &mut options, d);
    let (pinned, decided) = pins(c, d);
    let keep: Vec<bool> = pinned.iter().map(Option::is_none).collect();
    let rest = residual(&held, &pinned, &keep)?;
    // The options of the families left, as the whole commission gives them
    // (those the pinned places fill are simply found full): the same points
    // levels and wishes the allocation is explained with.
    let rest_options: Vec<RequestOptions> = (options.iter().zip(&keep))
        .filter(|(_, &k)| k)
        .map(|(o, _)| o.clone())
        .collect();
    let raw = solve::run(&rest, &rest_options, opts, t0)?;
    let mut placements = pinned;
    let kept = (0..c.requests().len()).filter(|&r| keep[r]);
    for (r, p) in kept.zip(&raw.placements) {
        placements[r] = *p;
    }
    Ok(Placed {
        held,
        options,
        decided,
        raw: Raw { placements, ..raw },
    })
}
