//! Eligible options → model → solve → allocation → explanation.
//!
//! [`solve`] is the one entry point: it resolves the options of every request
//! ([`crate::rules`]), runs the chosen strategy (the exact priority or balanced
//! policy on HiGHS, or the greedy baseline), then explains the result. How it
//! runs (threads, time limit, diagnostics, cancellation) is the caller's
//! [`SolverSettings`], built at the edges.

pub mod balanced;
pub mod blocking;
pub mod cancel;
pub mod cutoff;
pub mod explain;
pub mod greedy;
pub mod lexicographic;
pub mod load;
pub mod metrics;
pub mod model;
pub mod order;
pub mod priority;
pub mod raw;
pub mod session;
pub mod settings;

use std::time::{Duration, Instant};

use crate::domain::{allocation::SolverReport, Allocation, Commission, Status};
use crate::error::{Error, Problem, Result};
use crate::i18n::Lang;
use crate::rules;
pub use cancel::CancelToken;
pub use explain::Policy;
pub use load::Placement;
pub use raw::{Raw, Stats};
pub use settings::SolverSettings;

use cancel::Stop;
use session::HighsConfig;

/// How to allocate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Strategy {
    /// Exact, strict points order: tie group after tie group, each given what
    /// is best for it while everyone before keeps what it was given.
    Priority,
    /// Exact, points and planning fit in one objective (`fit_weight` points per half-day).
    Balanced { fit_weight: f64 },
    /// The spreadsheet method: points order, best wish that still fits.
    Greedy,
}

impl Strategy {
    pub fn name(&self) -> String {
        match self {
            Strategy::Priority => "optimal/priority".to_string(),
            Strategy::Balanced { fit_weight } => {
                format!("optimal/balanced(fit_weight={fit_weight})")
            }
            Strategy::Greedy => "greedy".to_string(),
        }
    }
}

/// What to solve for, and how to run.
#[derive(Debug, Clone)]
pub struct SolveOptions {
    pub strategy: Strategy,
    pub settings: SolverSettings,
    /// The language of the allocation's words (its reasons and notes; the
    /// codes and parameters beside them are the same in every language).
    pub lang: Lang,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            strategy: Strategy::Priority,
            settings: SolverSettings::default(),
            lang: Lang::Fr,
        }
    }
}

impl SolveOptions {
    /// `strategy` with the default settings (one thread, no time limit),
    /// the words in French.
    pub fn new(strategy: Strategy) -> SolveOptions {
        SolveOptions {
            strategy,
            settings: SolverSettings::default(),
            lang: Lang::Fr,
        }
    }
}

/// What is wrong with a time limit of `seconds` given at `field`, if anything.
pub fn time_limit_problem(field: &str, seconds: f64) -> Option<Problem> {
    (!(seconds.is_finite() && seconds > 0.0))
        .then(|| Problem::new(field, seconds, "must be a positive number of seconds"))
}

/// What is wrong with a balanced-policy `fit_weight` given at `field`, if anything.
pub fn fit_weight_problem(field: &str, weight: f64) -> Option<Problem> {
    (!(weight.is_finite() && weight >= 0.0))
        .then(|| Problem::new(field, weight, "must be a non-negative number"))
}

/// A command line's `--time-limit` in seconds, checked; `None` solves to
/// proven optimality.
pub fn time_limit_arg(seconds: Option<f64>) -> Result<Option<Duration>> {
    match seconds.and_then(|t| time_limit_problem("--time-limit", t)) {
        Some(problem) => Err(Error::Invalid(vec![problem])),
        None => Ok(seconds.map(Duration::from_secs_f64)),
    }
}

/// [`solve`] where only a proven allocation may be used (offers sent to
/// families, the base of suggestions): one cut short by the time limit is
/// [`Error::NotProven`], naming `what`.
pub fn solve_proven(c: &Commission, opts: &SolveOptions, what: &'static str) -> Result<Solution> {
    let s = solve(c, opts)?;
    match (opts.settings.time_limit, s.allocation.status) {
        (Some(limit), Status::Feasible) => Err(Error::NotProven {
            what,
            limit: limit.as_secs_f64(),
        }),
        _ => Ok(s),
    }
}

/// Timings of one run (not in the allocation JSON, which must be reproducible).
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub options: Duration,
    pub build: Duration,
    pub solve: Duration,
    pub explain: Duration,
    pub total: Duration,
}

pub struct Solution {
    pub allocation: Allocation,
    pub placements: Vec<Option<Placement>>,
    pub stats: Stats,
    pub timings: Timings,
}

/// The priority policy; when the time limit comes first, the greedy
/// allocation whole (status `feasible`, explained as greedy), never a mix.
fn priority_or_greedy(
    c: &Commission,
    options: &[rules::RequestOptions],
    config: HighsConfig,
    stop: &Stop,
) -> Result<Raw> {
    match priority::allocate(c, options, config, stop) {
        Err(Error::TimeLimit(_)) => Ok(Raw {
            placements: greedy::allocate(c, options),
            status: Status::Feasible,
            gap: None,
            stats: Stats::default(),
            greedy_fallback: true,
        }),
        other => other,
    }
}

/// The allocation of `c` by `opts.strategy`, explained; run as
/// `opts.settings` say. A cancelled solve is [`Error::Cancelled`], never an
/// allocation.
pub fn solve(c: &Commission, opts: &SolveOptions) -> Result<Solution> {
    opts.settings.cancel.check()?;
    let t0 = Instant::now();
    let options = rules::resolve(c);
    let t_options = t0.elapsed();
    let raw = run(c, &options, opts, t0)?;
    let t1 = Instant::now();
    let allocation = explained(c, &options, &raw, opts, &[], Detail::Shown)?;
    let explain = t1.elapsed();
    Ok(Solution {
        allocation,
        placements: raw.placements,
        timings: Timings {
            options: t_options,
            build: raw.stats.build,
            solve: raw.stats.solve,
            explain,
            total: t0.elapsed(),
        },
        stats: raw.stats,
    })
}

/// The placements of `c` by `opts.strategy` on `options` (resolved by
/// [`rules::resolve`], possibly with wishes closed by the commission's
/// decisions), not yet explained; the time limit counts from `started`.
pub fn run(
    c: &Commission,
    options: &[rules::RequestOptions],
    opts: &SolveOptions,
    started: Instant,
) -> Result<Raw> {
    let s = &opts.settings;
    s.cancel.check()?;
    let stop = Stop {
        deadline: s.time_limit.map(|d| started + d),
        cancel: s.cancel.clone(),
    };
    // The seed is fixed by the commission, so a re-run reproduces the result.
    let config = HighsConfig {
        threads: s.threads,
        seed: settings::seed(c),
        diagnostics: s.diagnostics,
    };
    let limit = s.time_limit.map(|d| d.as_secs_f64()).unwrap_or(0.0);
    let with_limit = |e: crate::Error| match e {
        crate::Error::TimeLimit(_) => crate::Error::TimeLimit(limit),
        other => other,
    };
    match opts.strategy {
        Strategy::Priority => priority_or_greedy(c, options, config, &stop),
        Strategy::Balanced { fit_weight } => {
            balanced::allocate(c, options, fit_weight, config, &stop).map_err(with_limit)
        }
        Strategy::Greedy => Ok(Raw {
            placements: greedy::allocate(c, options),
            status: Status::Heuristic,
            gap: None,
            stats: Stats::default(),
            greedy_fallback: false,
        }),
    }
}

/// How much of an explained allocation to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail<'a> {
    /// Everything: the reasons' words, the cut-off points.
    Shown,
    /// An allocation only compared with another (the consequences of a
    /// decision): the reasons as codes and parameters only, of the requests
    /// marked and of the blocked families; no cut-off points.
    Compared(&'a [bool]),
}

/// The allocation of `raw`'s placements of `c`, explained against `options`
/// in `opts.lang`; `decided[r]`, when given, is the index of the
/// commission's decision that placed request `r` (its note and the cause of
/// the departures it makes).
pub fn explained(
    c: &Commission,
    options: &[rules::RequestOptions],
    raw: &Raw,
    opts: &SolveOptions,
    decided: &[Option<usize>],
    detail: Detail<'_>,
) -> Result<crate::domain::Allocation> {
    let policy = match (opts.strategy, raw.greedy_fallback) {
        (_, true) | (Strategy::Greedy, _) => Policy::Greedy,
        (Strategy::Priority, false) => Policy::Priority,
        (Strategy::Balanced { .. }, false) => Policy::Balanced,
    };
    let explainer = explain::Explainer::new(c, options, &raw.placements, policy)?.decided(decided);
    let (status, gap, name) = (raw.status, raw.gap, opts.strategy.name());
    let mut allocation = match detail {
        Detail::Shown => explainer.allocation(status, gap, name, opts.lang)?,
        Detail::Compared(which) => return explainer.only(which).coded(status, gap, name),
    };
    if !raw.stats.objectives.is_empty() {
        allocation.solver = Some(SolverReport {
            solves: raw.stats.solves,
            variables: raw.stats.columns,
            rows: raw.stats.rows,
            objectives: raw
                .stats
                .objectives
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
        });
    }
    allocation.cutoffs = cutoff::cutoffs(c, options, &raw.placements);
    Ok(allocation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancelled_solve_is_an_error_never_a_fallback_allocation() {
        let c = crate::io::read_commission(None).unwrap();
        for strategy in [
            Strategy::Priority,
            Strategy::Balanced { fit_weight: 1.0 },
            Strategy::Greedy,
        ] {
            let opts = SolveOptions::new(strategy);
            opts.settings.cancel.cancel();
            let got = solve(&c, &opts);
            assert!(matches!(got, Err(Error::Cancelled)), "{strategy:?}");
        }
    }
}
