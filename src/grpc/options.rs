//! The options of the calls, checked once: Solve's strategy, time limit and
//! language,
//! and the time limits of the jobs that solve several times (CompareScenarios,
//! Minutes, Suggest). Problems have the path of the request field.

use std::time::Duration;

use super::convert;
use super::pb;
use crate::error::Problem;
use crate::i18n::Lang;
use crate::solve::{balanced::DEFAULT_FIT_WEIGHT, fit_weight_problem, Strategy};

/// Checks the options of a Solve call: its strategy, time limit and the
/// language of the allocation's words; problems have paths `options.*`.
pub(super) fn strategy_of(
    options: Option<&pb::SolveOptions>,
) -> Result<(Strategy, Option<Duration>, Lang), Vec<Problem>> {
    let Some(o) = options else {
        return Ok((Strategy::Priority, None, Lang::Fr));
    };
    let mut problems = Vec::new();
    let strategy = match pb::Strategy::try_from(o.strategy) {
        Ok(pb::Strategy::Unspecified | pb::Strategy::Priority) => Strategy::Priority,
        Ok(pb::Strategy::Greedy) => Strategy::Greedy,
        Ok(pb::Strategy::Balanced) => {
            let fit_weight = o.fit_weight.unwrap_or(DEFAULT_FIT_WEIGHT);
            problems.extend(fit_weight_problem("options.fit_weight", fit_weight));
            Strategy::Balanced { fit_weight }
        }
        Err(_) => {
            problems.push(Problem::new(
                "options.strategy",
                o.strategy,
                "unknown strategy",
            ));
            Strategy::Priority
        }
    };
    let requested = time_limit(o.time_limit.as_ref(), "options.time_limit", &mut problems);
    let lang = language(o.language, "options.language", &mut problems);
    if problems.is_empty() {
        Ok((strategy, requested, lang))
    } else {
        Err(problems)
    }
}

/// A time limit field: `None` when unset; a zero, negative or out-of-range
/// duration is a problem at `path`.
pub(super) fn time_limit(
    d: Option<&prost_types::Duration>,
    path: &str,
    problems: &mut Vec<Problem>,
) -> Option<Duration> {
    let d = d?;
    let ok = convert::duration_from_proto(d).filter(|d| !d.is_zero());
    if ok.is_none() {
        problems.push(Problem::new(
            path,
            format!("{}s{}ns", d.seconds, d.nanos),
            "must be a positive duration",
        ));
    }
    ok
}

/// A `language` field: unset is French, the commission's language; a value
/// that is no language is a problem at `path`.
pub(super) fn language(value: i32, path: &str, problems: &mut Vec<Problem>) -> Lang {
    match pb::Language::try_from(value) {
        Ok(pb::Language::Unspecified | pb::Language::Fr) => Lang::Fr,
        Ok(pb::Language::En) => Lang::En,
        Err(_) => {
            problems.push(Problem::new(
                path,
                value,
                "unknown language: set LANGUAGE_FR or LANGUAGE_EN",
            ));
            Lang::Fr
        }
    }
}

/// The part of a multi-solve job's limit that its solves share; the rest is
/// for the work around them (preparing variants, explanations, figures), so
/// that the job still ends within its limit when every solve uses its share.
const SOLVING_SHARE: f64 = 0.9;

/// What a job that solves up to `solves` times asks of the solver thread so
/// that each solve gets `per_solve` (the call's `time_limit`) as its
/// [`share`]. `None` (no limit asked): the thread's rules decide the job's limit.
pub(super) fn job_limit(per_solve: Option<Duration>, solves: usize) -> Option<Duration> {
    let n = u32::try_from(solves.max(1)).unwrap_or(u32::MAX);
    per_solve.map(|t| {
        t.checked_mul(n)
            .and_then(|all| Duration::try_from_secs_f64(all.as_secs_f64() / SOLVING_SHARE).ok())
            .unwrap_or(Duration::MAX)
    })
}

/// Each solve's share of a job's limit, when the job may solve `solves`
/// times: an equal part of [`SOLVING_SHARE`] of it.
pub(super) fn share(limit: Duration, solves: usize) -> Duration {
    limit.mul_f64(SOLVING_SHARE) / u32::try_from(solves.max(1)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_problems_have_paths() {
        let o = pb::SolveOptions {
            strategy: pb::Strategy::Balanced as i32,
            fit_weight: Some(f64::NAN),
            time_limit: Some(prost_types::Duration {
                seconds: -1,
                nanos: 0,
            }),
            language: 7,
        };
        let p = strategy_of(Some(&o)).unwrap_err();
        let paths: Vec<_> = p.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "options.fit_weight",
                "options.time_limit",
                "options.language"
            ]
        );
        assert_eq!(strategy_of(None).unwrap().0, Strategy::Priority);
    }

    #[test]
    fn a_job_asks_for_its_solves_and_shares_its_limit() {
        let s = Duration::from_secs;
        let close = |a: Duration, b: Duration| a.abs_diff(b) < Duration::from_micros(1);
        // 2 s for each of 3 solves: a job of 6 s plus the time around them.
        let asked = job_limit(Some(s(2)), 3).unwrap();
        assert!(close(asked, s(6).div_f64(SOLVING_SHARE)), "{asked:?}");
        assert!(close(share(asked, 3), s(2)));
        assert!(close(
            job_limit(Some(s(2)), 0).unwrap(),
            s(2).div_f64(SOLVING_SHARE)
        ));
        assert_eq!(job_limit(None, 3), None);
        assert_eq!(job_limit(Some(Duration::MAX), 2), Some(Duration::MAX));
        assert!(close(share(s(10), 3), s(3)));
        assert!(close(share(s(10), 0), s(9)));
        let mut problems = Vec::new();
        let zero = prost_types::Duration::default();
        assert_eq!(time_limit(Some(&zero), "time_limit", &mut problems), None);
        assert_eq!(problems[0].path, "time_limit");
    }
}
