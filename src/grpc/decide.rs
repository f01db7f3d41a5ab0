//! The Decide RPC: the same as `creche-alloc decide` — the commission's
//! decisions checked against the instance (problems with the decisions
//! file's paths, `decisions[3].creche`), the allocation under them and the
//! consequences of each — one job of the solver thread (one solve per
//! decision, and the proposal). The response carries the library's JSON
//! answer byte for byte beside the typed messages.

use std::time::Duration;

use tracing::info;

use super::convert::{self, collect, Input};
use super::convert_allocation::allocation_to_proto;
use super::convert_whatif::diff_row_to_proto;
use super::status::Failure;
use super::worker::{ms, JobCall, Solved, Task};
use super::{options, pb};
use crate::decide::{self, Consequence, Decisions, Ruling};
use crate::domain::decisions::{Decision, DecisionsFile};
use crate::domain::Commission;
use crate::error::{Error, Problem, Result};
use crate::i18n::Lang;
use crate::io;
use crate::solve::{SolveOptions, SolverSettings, Strategy};

/// The solver thread's work for one Decide call: the decisions already checked.
pub struct DecideTask {
    pub commission: Commission,
    pub decisions: Decisions,
    pub lang: Lang,
}

impl Task for DecideTask {
    type Output = Ruling;

    fn size(&self) -> Option<(usize, usize)> {
        let c = &self.commission;
        Some((c.requests().len(), c.creches().len()))
    }

    fn run(self, settings: SolverSettings) -> crate::Result<Ruling> {
        let opts = SolveOptions {
            strategy: Strategy::Priority,
            settings,
            lang: self.lang,
        };
        decide::decide(&self.commission, &self.decisions, &opts)
    }
}

impl JobCall for pb::DecideRequest {
    type Task = DecideTask;
    type Response = pb::DecideResponse;
    const METHOD: &'static str = "Decide";

    fn task(self) -> std::result::Result<(DecideTask, Option<Duration>), Failure> {
        Ok((decide_input(self)?, None))
    }

    fn response(solved: Solved<Ruling>, server: Duration) -> pb::DecideResponse {
        let ruling = &solved.output;
        info!(
            decisions = ruling.consequences.len(),
            placed = ruling.applied.allocation.metrics.placed,
            queue_ms = ms(solved.queued),
            server_ms = ms(server),
            "decided"
        );
        pb::DecideResponse {
            allocation: Some(allocation_to_proto(&ruling.applied.allocation)),
            consequences: ruling
                .consequences
                .iter()
                .map(consequence_to_proto)
                .collect(),
            decided_json: io::to_json(&ruling.json()),
        }
    }
}

/// The instance and the decisions of a request, checked; every problem of
/// both at once.
pub fn decide_input(req: pb::DecideRequest) -> Result<DecideTask> {
    let mut problems = Vec::new();
    let commission = collect(
        convert::commission_from_input(req.input.map(Input::from)),
        &mut problems,
    )?;
    let file = collect(decisions_in(req.decided), &mut problems)?;
    let lang = options::language(req.language, "language", &mut problems);
    let (Some(commission), Some(file)) = (commission, file) else {
        return Err(Error::Invalid(problems));
    };
    let decisions = collect(decide::check(&commission, &file), &mut problems)?;
    match decisions {
        Some(decisions) if problems.is_empty() => Ok(DecideTask {
            commission,
            decisions,
            lang,
        }),
        _ => Err(Error::Invalid(problems)),
    }
}

fn decisions_in(decided: Option<pb::decide_request::Decided>) -> Result<DecisionsFile> {
    use pb::decide_request::Decided;
    match decided {
        None => Err(Error::Invalid(vec![Problem::new(
            "decisions",
            "",
            "no decisions: set `decisions` or `decisions_json`",
        )])),
        Some(Decided::DecisionsJson(text)) => io::parse_json_as(&text, "decisions_json"),
        Some(Decided::Decisions(list)) => decisions_from_proto(&list),
    }
}

/// `pb::DecisionList` → [`DecisionsFile`]: the kind must be one of the four.
pub fn decisions_from_proto(p: &pb::DecisionList) -> Result<DecisionsFile> {
    let mut problems = Vec::new();
    let mut decisions = Vec::with_capacity(p.decisions.len());
    for (i, d) in p.decisions.iter().enumerate() {
        let reason = d.reason.clone();
        let decision = match d.kind.as_str() {
            "place" => Decision::Place {
                request: d.request.clone(),
                creche: d.creche.clone(),
                section: d.section.clone(),
                block: d.block.map(|b| b as usize),
                entry_date: d.entry_date.clone(),
                reason,
            },
            "exclude" => Decision::Exclude {
                request: d.request.clone(),
                creche: d.creche.clone(),
                reason,
            },
            "defer" => Decision::Defer {
                request: d.request.clone(),
                renewal_bonus: d.renewal_bonus,
                reason,
            },
            "reserve" => Decision::Reserve {
                creche: d.creche.clone(),
                section: d.section.clone().unwrap_or_default(),
                block: d.block.unwrap_or(0) as usize,
                day: d.day.clone(),
                half_day: d.half_day.clone(),
                places: d.places.unwrap_or(1),
                reason,
            },
            other => {
                problems.push(Problem::new(
                    format!("decisions[{i}].kind"),
                    other,
                    "unknown kind: one of place, exclude, defer, reserve",
                ));
                continue;
            }
        };
        decisions.push(decision);
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(DecisionsFile {
        commission_id: p.commission_id.clone(),
        decisions,
    })
}

fn consequence_to_proto(c: &Consequence) -> pb::Consequence {
    pb::Consequence {
        decision: c.decision as u32,
        kind: c.kind.clone(),
        request: c.request.clone().unwrap_or_default(),
        creche: c.creche.clone().unwrap_or_default(),
        reason: c.reason.clone(),
        placed_delta: c.placed_delta,
        blocking_delta: c.blocking_delta,
        changes: c.changes.iter().map(diff_row_to_proto).collect(),
        blocking: c
            .blocking
            .iter()
            .map(|p| pb::PassedOver {
                request: p.request.clone(),
                points: p.points,
                creche: p.creche.clone(),
                holders: p
                    .holders
                    .iter()
                    .map(|h| pb::RankedRequest {
                        request: h.request.clone(),
                        points: h.points,
                    })
                    .collect(),
            })
            .collect(),
        summary: c.summary.clone(),
    }
}
