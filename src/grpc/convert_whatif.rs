//! Proto ⇄ domain for the CompareScenarios RPC: the base instance (a message
//! or JSON text, as for Solve) and the scenario (JSON text, the file of
//! `docs/scenarios.md`) in; the [`Comparison`] out, typed for what callers
//! read most and whole as `comparison.json`.
//!
//! Also the request outcomes and diff kinds that the Suggest RPC shares.

use std::time::Duration;

use super::convert::{self, collect, Input};
use super::convert_allocation::{metrics_to_proto, u32_of};
use super::options;
use super::pb;
use crate::domain::Instance;
use crate::error::{Error, Problem, Result};
use crate::io;
use crate::whatif::diff::{Diff, Kind, Outcome};
use crate::whatif::figures::Figures;
use crate::whatif::{Comparison, Scenario, VariantResult};

/// A CompareScenarios call's input, converted; the instance is valid, the
/// scenario's changes are checked by [`crate::whatif::compare`].
#[derive(Debug)]
pub struct CompareInput {
    pub base: Instance,
    /// Without its `base` and `base_instance`: the base is [`Self::base`].
    pub scenario: Scenario,
    /// The call's `time_limit` (per solve), else the scenario's.
    pub per_solve: Option<Duration>,
    /// The language of the comparison's words.
    pub lang: crate::i18n::Lang,
}

/// Converts a request; every problem of every part at once. The base is the
/// request's instance, or else the scenario's inline `base_instance`; the
/// scenario's `base` (a file path) is ignored: the server reads no file.
pub fn compare_input(req: pb::CompareScenariosRequest) -> Result<CompareInput> {
    let mut problems = Vec::new();
    let mut scenario = collect(scenario_from_json(&req.scenario_json), &mut problems)?;
    let requested = options::time_limit(req.time_limit.as_ref(), "time_limit", &mut problems);
    let lang = options::language(req.language, "language", &mut problems);
    let inline = scenario.as_mut().and_then(|s| s.base_instance.take());
    let base = match (req.input.map(Input::from), inline) {
        (Some(_), Some(_)) => {
            problems.push(Problem::new(
                "base_instance",
                "",
                "the base is in the request's `instance` or `instance_json`, or in the \
                 scenario's `base_instance`, not both",
            ));
            None
        }
        // Validated by `compare`, its problems prefixed `base: ` as on the
        // command line.
        (None, Some(inst)) => Some(*inst),
        (input, None) => collect(
            convert::checked_from_input(input).map(|(i, _)| i),
            &mut problems,
        )?,
    };
    match (base, scenario) {
        (Some(base), Some(mut scenario)) if problems.is_empty() => {
            scenario.base = None;
            let per_solve = requested.or(scenario
                .time_limit
                .and_then(|t| Duration::try_from_secs_f64(t).ok())
                .filter(|t| !t.is_zero()));
            Ok(CompareInput {
                base,
                scenario,
                per_solve,
                lang,
            })
        }
        _ => Err(Error::Invalid(problems)),
    }
}

fn scenario_from_json(text: &str) -> Result<Scenario> {
    if text.trim().is_empty() {
        return Err(Error::Invalid(vec![Problem::new(
            "scenario_json",
            "",
            "no scenario: set `scenario_json` to the scenario file's JSON text",
        )]));
    }
    io::parse_json_as(text, "scenario_json")
}

/// The comparison as the response (without timings): typed variants and the
/// whole `comparison.json`.
pub fn comparison_to_proto(c: &Comparison) -> pb::CompareScenariosResponse {
    pb::CompareScenariosResponse {
        title: c.title.clone(),
        description: c.description.clone(),
        commission_id: c.commission_id.clone(),
        variants: c.variants.iter().map(variant_to_proto).collect(),
        comparison_json: io::to_json(c),
        timings: None,
    }
}

fn variant_to_proto(v: &VariantResult) -> pb::VariantResult {
    pb::VariantResult {
        name: v.name.clone(),
        description: v.description.clone(),
        changes: v.changes.clone(),
        figures: Some(figures_to_proto(&v.figures)),
        diff: v.diff.as_ref().map(diff_to_proto),
    }
}

fn figures_to_proto(f: &Figures) -> pb::VariantFigures {
    let status = match f.status.as_str() {
        "optimal" => pb::AllocationStatus::Optimal,
        "feasible" => pb::AllocationStatus::Feasible,
        "heuristic" => pb::AllocationStatus::Heuristic,
        _ => pb::AllocationStatus::Unspecified,
    };
    pb::VariantFigures {
        strategy: f.strategy.clone(),
        status: status as i32,
        gap: f.gap,
        metrics: Some(metrics_to_proto(&f.metrics)),
        mean_points_placed: f.mean_points_placed,
        min_points_placed: f.min_points_placed,
    }
}

fn diff_to_proto(d: &Diff) -> pb::VariantDiff {
    pb::VariantDiff {
        placed_delta: d.placed_delta,
        half_days_delta: d.half_days_delta,
        inversions_delta: d.inversions_delta,
        blocking_delta: d.blocking_delta,
        gains: u32_of(d.gains),
        losses: u32_of(d.losses),
        creche_changes: u32_of(d.creche_changes),
        place_changes: u32_of(d.place_changes),
        first_change: d.first_change.as_ref().map(|f| pb::FirstChange {
            request: f.request.clone(),
            points: f.points,
            better: f.better,
        }),
        rows: d.rows.iter().map(diff_row_to_proto).collect(),
    }
}

/// One request's change (CompareScenarios, and Decide's consequences).
pub(super) fn diff_row_to_proto(r: &crate::whatif::diff::DiffRow) -> pb::DiffRow {
    pb::DiffRow {
        request: r.request.clone(),
        kind: diff_kind_to_proto(r.kind) as i32,
        points_before: r.points_before,
        points_after: r.points_after,
        before: Some(outcome_to_proto(&r.before)),
        after: Some(outcome_to_proto(&r.after)),
        reason: r.reason.clone(),
    }
}

pub(super) fn diff_kind_to_proto(k: Kind) -> pb::DiffKind {
    match k {
        Kind::Gains => pb::DiffKind::Gains,
        Kind::Loses => pb::DiffKind::Loses,
        Kind::ChangesCreche => pb::DiffKind::ChangesCreche,
        Kind::ChangesPlace => pb::DiffKind::ChangesPlace,
    }
}

pub(super) fn outcome_to_proto(o: &Outcome) -> pb::Outcome {
    use pb::outcome::Outcome as O;
    pb::Outcome {
        outcome: Some(match o {
            Outcome::Placed {
                creche,
                section,
                block,
                entry_date,
                wish_rank,
            } => O::Placed(pb::PlacedOutcome {
                creche: creche.clone(),
                section: section.clone(),
                block: u32_of(*block),
                entry_date: entry_date.clone(),
                wish_rank: u32_of(*wish_rank),
            }),
            Outcome::Waiting { position } => O::Waiting(pb::WaitingOutcome {
                position: u32_of(*position),
            }),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIO: &str = r#"{"title": "t", "base": "../default.json",
        "variants": [{"name": "v", "changes": [{"change": "tolerance", "days": 3}]}]}"#;

    fn request(input: Option<Input>, scenario: &str) -> pb::CompareScenariosRequest {
        pb::CompareScenariosRequest {
            input: input.map(|i| match i {
                Input::Json(j) => pb::compare_scenarios_request::Input::InstanceJson(j),
                Input::Message(m) => pb::compare_scenarios_request::Input::Instance(*m),
            }),
            scenario_json: scenario.to_string(),
            time_limit: None,
            language: 0,
        }
    }

    #[test]
    fn the_base_comes_from_the_request_and_the_file_path_is_ignored() {
        let json = Input::Json(io::DEFAULT_INSTANCE.to_string());
        let got = compare_input(request(Some(json), SCENARIO)).unwrap();
        assert_eq!(got.base, io::read_instance(None).unwrap());
        assert_eq!(got.scenario.base, None);
        assert_eq!(got.per_solve, None);
    }

    #[test]
    fn every_part_is_reported() {
        let Err(Error::Invalid(p)) = compare_input(request(None, "")) else {
            panic!("expected invalid");
        };
        let paths: Vec<&str> = p.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["scenario_json", convert::INPUT_PATH]);
        let Err(Error::Invalid(p)) = compare_input(request(None, r#"{"title": 1}"#)) else {
            panic!("expected invalid");
        };
        assert_eq!(p[0].path, "scenario_json: title");
    }

    #[test]
    fn an_inline_base_is_taken_but_not_beside_the_request_s() {
        let inst = io::read_instance(None).unwrap();
        let scenario = serde_json::json!({"title": "t", "base_instance": inst, "time_limit": 2,
            "variants": [{"name": "v"}]})
        .to_string();
        let got = compare_input(request(None, &scenario)).unwrap();
        assert_eq!(got.base, inst);
        assert_eq!(got.scenario.base_instance, None);
        assert_eq!(got.per_solve, Some(Duration::from_secs(2)));
        let json = Input::Json(io::DEFAULT_INSTANCE.to_string());
        let Err(Error::Invalid(p)) = compare_input(request(Some(json), &scenario)) else {
            panic!("expected invalid");
        };
        assert_eq!(p[0].path, "base_instance");
    }
}
