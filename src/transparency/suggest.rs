//! What it would take: for each waiting request, the smallest changes that
//! would have given it a place in this commission, each proven by re-solving
//! with that change alone — the whole commission, where other families are
//! displaced only as the policy allows ([`Scope::Commission`]), or only the
//! places the allocation left free, where every other family keeps its place
//! ([`Scope::FreePlaces`]).
//!
//! Few solves, because a re-solve of the whole commission is a full exact
//! solve: the changes are generated without solving ([`super::candidates`]),
//! those that cannot fit beside the requests with more points (or, keeping
//! every place, in the free places) are dropped ([`super::fit`]), the likely
//! ones are tried first, a kind stops at its first success, and a request
//! stops at [`SuggestOptions::per_request`] suggestions or its solve budget.
//! The kinds, in order: the planning (a half-day less, then a day less), a
//! later entry, one more crèche, then (whole commission only) the points it
//! lacked at each wished crèche (fewest first; [`super::lacked`]).
//!
//! Keeping every place, the re-solve is of the free places among all the
//! waiting requests, so that a request with more points that the free places
//! could take would go first; with an optimal base allocation there is none
//! (the policy would have placed it), and every family placed keeps its place
//! by construction.

use std::cell::{Cell, RefCell};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::candidates::Generator;
use super::change::Change;
use super::fit::{Base, Fit};
use super::others::others;
pub use super::others::Other;
use crate::args;
use crate::domain::instance::Instance;
use crate::domain::{Allocation, Commission, Status};
use crate::error::{Error, Result};
use crate::i18n::{Lang, Messages, Names};
use crate::rules;
use crate::solve::load::{residual, Load};
use crate::solve::{solve, Placement, Solution, SolveOptions};
use crate::validate::validate;
use crate::whatif::diff::{diff, outcome, Outcome};
use crate::whatif::figures::View;

/// What a re-solve may change besides the waiting request's own file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The whole commission is re-solved: other families are displaced only
    /// as the policy allows (a newcomer with more points, or equal points
    /// settled by the tie-breaks), and each suggestion says who.
    #[default]
    Commission,
    /// Every family placed keeps its place: the change is re-solved on the
    /// places the allocation left free, among the waiting requests, by the
    /// same policy — what can still be offered after the commission without
    /// taking back an offer. A small problem, so fast; more points change
    /// nothing there, so it gives no "points lacked", and a place it gives
    /// may be worse than the one the whole commission would have given.
    FreePlaces,
}

impl Scope {
    /// [`Scope::FreePlaces`] when every family placed keeps its place (the
    /// `--keep-places` flag, the `keep_places` field), else the whole commission.
    pub fn keeping_places(keep_places: bool) -> Scope {
        if keep_places {
            Scope::FreePlaces
        } else {
            Scope::Commission
        }
    }

    /// How each change was checked, in words.
    pub fn words(self, m: &Messages) -> String {
        match self {
            Scope::Commission => m.t("scope-commission"),
            Scope::FreePlaces => m.t("scope-free-places"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct SuggestOptions {
    /// How every re-solve is made (the base allocation's strategy).
    pub solve: SolveOptions,
    /// Suggestions per request (the Guichet Unique gives three at most).
    pub per_request: usize,
    /// Re-solves per request, failed ones included.
    pub solves_per_request: usize,
    /// Only these requests (ids); every waiting request when empty.
    pub requests: Vec<String>,
    /// Re-solve the changes after which the request would only *tie* on
    /// points with a request in its way ([`Fit::BesideHigher`]): the
    /// tie-breaks decide them, and they succeed rarely (7 to 13 % measured
    /// on `small-7x120`) but cost more than half the re-solves. Without them
    /// a smaller change decided by the tie-breaks may be missed, and the
    /// points lacked are found without re-solving the tie.
    pub ties: bool,
    /// Whether other families may be displaced.
    pub scope: Scope,
    /// The language of the texts (the codes beside them do not depend on it).
    pub lang: Lang,
}

impl Default for SuggestOptions {
    fn default() -> Self {
        SuggestOptions {
            solve: SolveOptions::default(),
            per_request: 3,
            solves_per_request: 8,
            requests: Vec::new(),
            ties: true,
            scope: Scope::Commission,
            lang: Lang::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestions {
    pub commission_id: String,
    pub strategy: String,
    /// What each re-solve could change besides the request's own file.
    #[serde(default)]
    pub scope: Scope,
    /// In offer order.
    pub requests: Vec<RequestSuggestions>,
    /// Changes generated, dropped by the pre-filter (or invalid), re-solved.
    pub candidates: usize,
    pub filtered_out: usize,
    pub solves: usize,
    /// Wall-clock time, total and in re-solves (not serialised: the JSON is
    /// reproducible, timings are not).
    #[serde(skip)]
    pub elapsed: Duration,
    #[serde(skip)]
    pub solving: Duration,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestSuggestions {
    pub request: String,
    /// Offer-order points and waiting-list position.
    pub points: i64,
    pub position: usize,
    pub suggestions: Vec<Suggestion>,
    /// Re-solves made for this request.
    pub solves: usize,
    /// Changes that were re-solved and did not give it a place (what the
    /// family need not try).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_enough: Vec<Change>,
    /// The same changes in words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_enough_words: Vec<String>,
    /// Why there is no suggestion, when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The same as a stable code: `no_single_change` (whole commission) or
    /// `no_single_change_free_places`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The stable code of the suggestion: the change's `kind`
    /// (`drop_half_day`, `drop_day`, `later_entry`, `add_creche`,
    /// `more_points`); its parameters are the other fields of `change`.
    pub code: String,
    pub change: Change,
    /// The change alone, in words.
    pub change_words: String,
    /// The change and the place it gives, in words.
    pub words: String,
    /// The place the re-solve gives the request.
    pub place: Outcome,
    /// For more points: how the amount was shown to be the fewest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fewest: Option<String>,
    /// The same as a stable code and its parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fewest_reason: Option<Fewest>,
    /// Every other request whose place changes, in offer order.
    pub others: Vec<Other>,
    /// True when every other request that loses or gets a worse wish has
    /// fewer points, or equal points decided by the tie-breaks: the policy's
    /// own order.
    pub within_policy: bool,
}

/// How the points a suggestion asks for were shown to be the fewest, by
/// stable code (`code` in the JSON): `points` places the request, and
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Fewest {
    /// `below` does not (both re-solved).
    Bisected { points: i64, below: i64 },
    /// fewer was not searched to the end (the solve budget ran out).
    BudgetSpent { points: i64 },
    /// with `below` it would tie with a request in its way and the
    /// tie-breaks decide (not re-solved: `--skip-ties`).
    TieNotSolved { points: i64, below: i64 },
    /// without extra points it waits.
    NoneWithout { points: i64 },
    /// with `below` it would not fit beside the requests with more points.
    NoFitBelow { points: i64, below: i64 },
}

/// Suggestions for the waiting list of `alloc` (the allocation of `inst`,
/// already validated as `c`, with its `placements`).
pub fn suggest(
    inst: &Instance,
    c: &Commission,
    alloc: &Allocation,
    placements: &[Option<Placement>],
    opts: &SuggestOptions,
    on_request: &mut dyn FnMut(&RequestSuggestions),
) -> Result<Suggestions> {
    let t0 = Instant::now();
    let options = rules::resolve(c);
    let run = Run {
        inst,
        base: Base {
            c,
            options: &options,
            placements,
        },
        view: View::new(c, alloc, placements),
        generator: Generator::new(inst, c),
        opts,
        names: Names::of(c, opts.lang.messages()),
        free: RefCell::new(Load::of(c, placements)),
        solving: Cell::new(Duration::ZERO),
    };
    let mut out = Suggestions {
        commission_id: c.id().to_string(),
        strategy: opts.solve.strategy.name(),
        scope: opts.scope,
        requests: Vec::new(),
        candidates: 0,
        filtered_out: 0,
        solves: 0,
        elapsed: Duration::ZERO,
        solving: Duration::ZERO,
    };
    for w in &alloc.waiting_list {
        if !opts.requests.is_empty() && !opts.requests.contains(&w.request) {
            continue;
        }
        let Some(r) = c.request_index(&w.request) else {
            continue;
        };
        let mut counts = Counts::default();
        let found = run.request(r, &mut counts)?;
        let note_code = found.is_empty().then_some(match opts.scope {
            Scope::Commission => "no_single_change",
            Scope::FreePlaces => "no_single_change_free_places",
        });
        let not_enough = std::mem::take(&mut counts.not_enough);
        let rs = RequestSuggestions {
            request: w.request.clone(),
            points: w.points,
            position: w.position,
            note: note_code.map(|code| run.names.m.t(&format!("note-{}", code.replace('_', "-")))),
            note_code: note_code.map(str::to_string),
            suggestions: found,
            solves: counts.solves,
            not_enough_words: not_enough.iter().map(|c| c.words(&run.names)).collect(),
            not_enough,
        };
        on_request(&rs);
        out.candidates += counts.candidates;
        out.filtered_out += counts.filtered_out;
        out.solves += counts.solves;
        out.requests.push(rs);
    }
    out.elapsed = t0.elapsed();
    out.solving = run.solving.get();
    Ok(out)
}

#[derive(Default)]
pub(super) struct Counts {
    pub(super) candidates: usize,
    pub(super) filtered_out: usize,
    pub(super) solves: usize,
    not_enough: Vec<Change>,
}

pub(super) struct Run<'a> {
    inst: &'a Instance,
    pub(super) base: Base<'a>,
    view: View<'a>,
    generator: Generator<'a>,
    pub(super) opts: &'a SuggestOptions,
    /// The names and language of the texts.
    pub(super) names: Names<'a>,
    /// What every placement of the base holds (for [`Scope::FreePlaces`]).
    free: RefCell<Load>,
    solving: Cell<Duration>,
}

impl Run<'_> {
    fn request(&self, r: usize, n: &mut Counts) -> Result<Vec<Suggestion>> {
        let g = &self.generator;
        let mut found = Vec::new();
        for kind in [g.planning(r), g.entry(r), g.creches(r)] {
            if found.len() >= self.opts.per_request {
                break;
            }
            if let Some(s) = self.first_that_places(r, kind, n)? {
                found.push(s);
            }
        }
        if self.opts.scope == Scope::Commission {
            self.points(r, n, &mut found)?;
        }
        Ok(found)
    }

    pub(super) fn budget_left(&self, n: &Counts) -> bool {
        n.solves < self.opts.solves_per_request
    }

    /// The first change of one kind that places the request: pre-filtered,
    /// the likely ones (points order alone places them) first.
    fn first_that_places(
        &self,
        r: usize,
        changes: Vec<Change>,
        n: &mut Counts,
    ) -> Result<Option<Suggestion>> {
        let id = &self.base.c.requests()[r].id;
        n.candidates += changes.len();
        let mut kept: Vec<(Fit, Change)> = Vec::new();
        for change in changes {
            let fit = self
                .generator
                .changed(id, Some(&change))
                .map_or(Fit::No, |ch| match self.opts.scope {
                    Scope::Commission => self.base.fit(r, &ch.options, ch.planning),
                    // Fits the free places: the policy must place it there.
                    Scope::FreePlaces => {
                        let free = &mut self.free.borrow_mut();
                        if self.base.fits_free(free, r, &ch.options, ch.planning) {
                            Fit::BesideEqual
                        } else {
                            Fit::No
                        }
                    }
                });
            if fit == Fit::No {
                n.filtered_out += 1;
            } else {
                kept.push((fit, change));
            }
        }
        // Smaller changes first (a half-day before a day, an earlier date
        // before a later one); among equals, the likely ones; then the
        // generator's order (stable sort).
        kept.sort_by_key(|(fit, change)| (size(change), std::cmp::Reverse(*fit)));
        for (fit, change) in kept {
            if !self.budget_left(n) {
                break;
            }
            if fit == Fit::BesideHigher && !self.opts.ties {
                continue;
            }
            if let Some(s) = self.try_change(r, change, n)? {
                return Ok(Some(s));
            }
        }
        Ok(None)
    }

    /// Re-solves with `change` alone; a suggestion if the request is placed
    /// (at the crèche whose points it changes, for more points: the points
    /// it lacked *there*).
    pub(super) fn try_change(
        &self,
        r: usize,
        change: Change,
        n: &mut Counts,
    ) -> Result<Option<Suggestion>> {
        let at = match &change {
            Change::MorePoints { creche, .. } => Some(creche.clone()),
            _ => None,
        };
        let id = self.base.c.requests()[r].id.clone();
        let Ok(inst) = change.apply(self.inst, &id) else {
            return Ok(None);
        };
        let Ok(c) = validate(&inst) else {
            return Ok(None);
        };
        let c = match self.opts.scope {
            Scope::Commission => c,
            Scope::FreePlaces => {
                let waiting: Vec<bool> = self.base.placements.iter().map(Option::is_none).collect();
                residual(&c, self.base.placements, &waiting)?
            }
        };
        // Between re-solves: a cancelled job stops here (or inside the solve).
        self.opts.solve.settings.cancel.check()?;
        n.solves += 1;
        let t0 = Instant::now();
        // In the suggestions' language, like every allocation the library makes.
        let opts = SolveOptions {
            lang: self.opts.lang,
            ..self.opts.solve.clone()
        };
        let s = solve(&c, &opts)?;
        self.solving.set(self.solving.get() + t0.elapsed());
        if s.allocation.status == Status::Feasible {
            // Cut short by its time limit, the re-solve proves nothing either way.
            let limit = self.opts.solve.settings.time_limit.unwrap_or_default();
            return Err(Error::SuggestionCutShort {
                request: id,
                change: change.words(&Names::bare(Lang::En.messages())),
                limit: limit.as_secs_f64(),
            });
        }
        let attempt = change.clone();
        let found = self
            .suggestion(&c, &s, &id, change)
            .filter(|x| match (&at, &x.place) {
                (Some(at), Outcome::Placed { creche, .. }) => creche == at,
                _ => true,
            });
        if found.is_none() {
            n.not_enough.push(attempt);
        }
        Ok(found)
    }

    fn suggestion(
        &self,
        c: &Commission,
        s: &Solution,
        id: &str,
        change: Change,
    ) -> Option<Suggestion> {
        let r = c.request_index(id)?;
        s.placements[r]?;
        let view = View::new(c, &s.allocation, &s.placements);
        let (place, others, within_policy) = match self.opts.scope {
            Scope::Commission => {
                let d = diff(&self.view, &view, self.names.m);
                let me = d.rows.iter().find(|x| x.request == id)?;
                let (others, within_policy) = others(&self.view, &view, &d.rows, id, &self.names);
                (me.after.clone(), others, within_policy)
            }
            // Only the waiting requests were re-solved, on the free places:
            // every family placed keeps its place.
            Scope::FreePlaces => (outcome(&view, r), Vec::new(), true),
        };
        let n = &self.names;
        let change_words = change.words(n);
        Some(Suggestion {
            code: change.code().to_string(),
            words: n.m.text(
                "suggestion-words",
                &args! {"change" => change_words.as_str(), "place" => place_words(n, &place)},
            ),
            change_words,
            change,
            place,
            fewest: None,
            fewest_reason: None,
            others,
            within_policy,
        })
    }
}

/// `Toboggan / Bébés (vœu 2) à partir du 4 janvier 2027`.
pub fn place_words(n: &Names, o: &Outcome) -> String {
    match o {
        Outcome::Placed { entry_date, .. } => n.m.text(
            "place-from",
            &args! {"place" => o.words(n), "date" => n.m.date(entry_date)},
        ),
        Outcome::Waiting { .. } => o.words(n),
    }
}

/// How big a change is, within its kind: half-days before days, earlier
/// entries before later ones; crèches are all one size (ordered by nearness).
fn size(change: &Change) -> i64 {
    match change {
        Change::DropHalfDay { .. } => 0,
        Change::DropDay { .. } => 1,
        Change::LaterEntry { days, .. } => *days,
        Change::AddCreche { .. } => 0,
        Change::MorePoints { points, .. } => *points,
    }
}
