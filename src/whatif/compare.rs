//! Scenario → [`Comparison`]: prepare every variant, solve each, figures and
//! per-request differences against the base.
//!
//! Preparing (applying the changes, validating the changed instance) runs on
//! one thread per variant. Solving runs one variant at a time: HiGHS cannot run
//! two solver instances in one process (HiGHS issue #3141), so
//! [`crate::solve::session`] holds a process-wide lock around every HiGHS
//! instance, and solving in parallel would only queue on that lock. A variant
//! identical to an earlier one (same instance, same policy) reuses its result,
//! which is the same because solves are deterministic. A cancelled token
//! stops the comparison before its next solve, or inside the running one.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use super::apply::{self, Applied};
use super::diff::{self, Diff};
use super::figures::{self, Figures, Group, View};
use super::scenario::Scenario;
use crate::domain::{Commission, Instance, Label};
use crate::error::{Error, Problem, Result};
use crate::i18n::{Lang, Names};
use crate::solve::{self, Placement, SolveOptions, SolverSettings};
use crate::validate;

/// How to solve the variants.
#[derive(Debug, Clone, Default)]
pub struct CompareOptions {
    /// Every solve's settings; their time limit is per solve and overrides
    /// the scenario's `time_limit`. Cancelling their token stops the
    /// comparison before its next solve, or inside the running one.
    pub settings: SolverSettings,
    /// The language of the words (changes, reasons).
    pub lang: Lang,
}

/// What [`compare`] reports while it works (the command line draws a progress bar).
#[derive(Debug, Clone)]
pub enum Progress {
    /// Every variant is prepared; `total` allocations (base included) to solve.
    Prepared {
        total: usize,
    },
    Solving {
        index: usize,
        name: String,
    },
    Solved {
        index: usize,
        name: String,
        elapsed: Duration,
        /// Identical to an earlier variant: its result was reused.
        reused: bool,
    },
}

/// Every figure of a scenario: the base first, then each variant with its
/// difference to the base. Serialisable as is (the report's JSON, and the
/// `CompareScenarios` RPC's content).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Comparison {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub commission_id: String,
    /// Days and slots of the week, for the heat maps.
    pub days: Vec<String>,
    pub slots: Vec<String>,
    /// The criterion groups counted in every variant's `groups`.
    pub groups: Vec<Group>,
    /// The base barème's labels (criterion → label), when the instance gives them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub criteria_labels: BTreeMap<String, Label>,
    /// `variants[0]` is the base.
    pub variants: Vec<VariantResult>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct VariantResult {
    /// `base` for the base.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The changes in words (empty for the base).
    pub changes: Vec<String>,
    pub figures: Figures,
    /// Against the base (absent for the base).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<Diff>,
}

/// A variant ready to solve.
struct Prepared {
    name: String,
    description: Option<String>,
    applied: Applied,
    commission: Commission,
}

/// One solved variant (the parts of a [`solve::Solution`] the figures use).
#[derive(Clone)]
struct Solved {
    allocation: crate::domain::Allocation,
    placements: Vec<Option<Placement>>,
}

/// Solves the base and every variant of `scenario` and compares them.
pub fn compare(
    base: &Instance,
    scenario: &Scenario,
    opts: &CompareOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Comparison> {
    let prepared = prepare(base, scenario, opts.lang)?;
    progress(Progress::Prepared {
        total: prepared.len(),
    });
    let time_limit =
        (opts.settings.time_limit).or(scenario.time_limit.map(Duration::from_secs_f64));
    let settings = opts.settings.with_time_limit(time_limit);
    let mut solved: Vec<Solved> = Vec::with_capacity(prepared.len());
    for (i, p) in prepared.iter().enumerate() {
        settings.cancel.check()?;
        let name = p.name.clone();
        progress(Progress::Solving {
            index: i,
            name: name.clone(),
        });
        let t0 = Instant::now();
        let same = prepared[..i].iter().position(|q| {
            q.applied.strategy == p.applied.strategy && q.applied.instance == p.applied.instance
        });
        let s = match same {
            Some(j) => solved[j].clone(),
            None => {
                let options = SolveOptions {
                    strategy: p.applied.strategy,
                    settings: settings.clone(),
                    lang: opts.lang,
                };
                let solution = solve::solve(&p.commission, &options)?;
                Solved {
                    allocation: solution.allocation,
                    placements: solution.placements,
                }
            }
        };
        solved.push(s);
        progress(Progress::Solved {
            index: i,
            name,
            elapsed: t0.elapsed(),
            reused: same.is_some(),
        });
    }
    let views: Vec<View> = prepared
        .iter()
        .zip(&solved)
        .map(|(p, s)| View::new(&p.commission, &s.allocation, &s.placements))
        .collect();
    let groups = figures::groups(scenario, &prepared[0].commission);
    let variants = prepared
        .iter()
        .zip(&views)
        .enumerate()
        .map(|(i, (p, v))| VariantResult {
            name: p.name.clone(),
            description: p.description.clone(),
            changes: p.applied.changes.clone(),
            figures: figures::figures(v, &groups),
            diff: (i > 0).then(|| diff::diff(&views[0], v, opts.lang.messages())),
        })
        .collect();
    let c = &prepared[0].commission;
    Ok(Comparison {
        title: scenario.title.clone(),
        description: scenario.description.clone(),
        commission_id: c.id().to_string(),
        days: c.week().days.clone(),
        slots: c.week().slots.iter().map(|s| s.id.clone()).collect(),
        groups,
        criteria_labels: c.bareme().labels.clone(),
        variants,
    })
}

/// Checks a scenario without solving anything: every variant applied and
/// validated; the number of allocations `compare` would solve (base included).
pub fn check(base: &Instance, scenario: &Scenario) -> Result<usize> {
    prepare(base, scenario, Lang::default()).map(|p| p.len())
}

/// The base and every variant, applied and validated (one thread per
/// variant); every problem of the scenario at once.
fn prepare(base: &Instance, scenario: &Scenario, lang: Lang) -> Result<Vec<Prepared>> {
    let mut problems = apply::check_scenario(scenario, base);
    let base_commission = validate::validate(base).map_err(|e| prefixed(e, "base: "));
    let base_commission = match base_commission {
        Ok(c) => c,
        Err(Error::Invalid(p)) => {
            problems.extend(p);
            return Err(Error::Invalid(problems));
        }
        Err(e) => return Err(e),
    };
    let strategy = scenario.policy.strategy(scenario.fit_weight);
    let names = Names::of(&base_commission, lang.messages());
    let names = &names;
    let results: Vec<std::result::Result<Prepared, Vec<Problem>>> = std::thread::scope(|s| {
        let handles: Vec<_> = scenario
            .variants
            .iter()
            .enumerate()
            .map(|(i, v)| {
                s.spawn(move || {
                    let path = format!("variants[{i}]");
                    let applied = apply::apply(base, strategy, &v.changes, &path, names)?;
                    let commission = validate::validate(&applied.instance).map_err(|e| {
                        match prefixed(e, &format!("{path} ({}): ", v.name)) {
                            Error::Invalid(p) => p,
                            other => vec![Problem::new(path.clone(), "", other.to_string())],
                        }
                    })?;
                    Ok(Prepared {
                        name: v.name.clone(),
                        description: v.description.clone(),
                        applied,
                        commission,
                    })
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("preparing a variant does not panic"))
            .collect()
    });
    let mut out = vec![Prepared {
        name: "base".to_string(),
        description: None,
        applied: Applied {
            instance: base.clone(),
            strategy,
            changes: Vec::new(),
        },
        commission: base_commission,
    }];
    for r in results {
        match r {
            Ok(p) => out.push(p),
            Err(p) => problems.extend(p),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Error::Invalid(problems))
    }
}

/// The problems of an invalid instance with `prefix` before each path.
fn prefixed(e: Error, prefix: &str) -> Error {
    match e {
        Error::Invalid(problems) => Error::Invalid(
            problems
                .into_iter()
                .map(|p| Problem {
                    path: format!("{prefix}{}", p.path),
                    ..p
                })
                .collect(),
        ),
        other => other,
    }
}
