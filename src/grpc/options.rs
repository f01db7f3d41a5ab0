//! The options of the calls, checked once: Solve's strategy and time limit.
//! Problems have the path of the request field.

use std::time::Duration;

use super::convert;
use super::pb;
use crate::error::Problem;
use crate::solve::{balanced::DEFAULT_FIT_WEIGHT, Strategy};

/// Checks the options of a Solve call; problems have paths `options.*`.
pub(super) fn strategy_of(
    options: Option<&pb::SolveOptions>,
) -> Result<(Strategy, Option<Duration>), Vec<Problem>> {
    let Some(o) = options else {
        return Ok((Strategy::Priority, None));
    };
    let mut problems = Vec::new();
    let strategy = match pb::Strategy::try_from(o.strategy) {
        Ok(pb::Strategy::Unspecified | pb::Strategy::Priority) => Strategy::Priority,
        Ok(pb::Strategy::Greedy) => Strategy::Greedy,
        Ok(pb::Strategy::Balanced) => {
            let fit_weight = o.fit_weight.unwrap_or(DEFAULT_FIT_WEIGHT);
            if !(fit_weight.is_finite() && fit_weight >= 0.0) {
                problems.push(Problem::new(
                    "options.fit_weight",
                    fit_weight,
                    "must be a finite number >= 0",
                ));
            }
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
    if problems.is_empty() {
        Ok((strategy, requested))
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
        };
        let p = strategy_of(Some(&o)).unwrap_err();
        let paths: Vec<_> = p.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["options.fit_weight", "options.time_limit"]);
        assert_eq!(strategy_of(None).unwrap().0, Strategy::Priority);
    }
}
