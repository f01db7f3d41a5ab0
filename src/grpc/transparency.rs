//! The Minutes and Suggest RPCs: `creche-alloc minutes` and `creche-alloc
//! suggest` (`src/cli/`) as jobs of the solver thread.
//!
//! Suggestions re-solve the commission once per change tried (up to
//! `solves_per_request` per request), so a job's time limit is shared out
//! equally over the solves it may make, and the job ends within it. A
//! suggestion is proven by its re-solve: one cut short by its share proves
//! nothing, and the call fails with `DEADLINE_EXCEEDED` rather than return
//! an unproven suggestion (as Cascade does with offers).

use std::time::{Duration, Instant};

use tracing::info;

use super::convert::job_timings_to_proto;
use super::convert_transparency::{
    content_type, minutes_input, request_id_problems, suggest_input, suggestions_to_proto, Hashed,
    MinutesInput, SuggestInput,
};
use super::options;
use super::pb;
use super::status::Failure;
use super::worker::{ms, JobCall, Solved, Task};
use crate::adopt::adopt;
use crate::domain::Allocation;
use crate::error::{Error, Result};
use crate::rules;
use crate::solve::{self, SolveOptions, SolverSettings, Strategy};
use crate::transparency::strategy_of;
use crate::transparency::{minutes, suggest, SuggestOptions, Suggestions};

/// Suggestions for the waiting requests of `a` (the allocation of `h`), as
/// `minutes --suggest` and `suggest --allocation` make them: re-solves with
/// the allocation's strategy and `settings`, whose time limit is shared by
/// every solve `options` allows. Returns them with that share.
fn suggestions(
    h: &Hashed,
    a: &Allocation,
    options: SuggestOptions,
    settings: &SolverSettings,
) -> Result<(Suggestions, Duration)> {
    let limit = settings.time_limit.unwrap_or_default();
    let c = &h.commission;
    let placements = adopt(c, &rules::resolve(c), a)?.into_placements();
    let requests = match options.requests.len() {
        0 => a.waiting_list.len(),
        n => n,
    };
    let per_solve = options::share(limit, options.solves_per_request * requests);
    let opts = SuggestOptions {
        solve: SolveOptions {
            strategy: strategy_of(a.strategy.as_deref())?,
            settings: settings.with_time_limit(Some(per_solve)),
            lang: options.lang,
        },
        ..options
    };
    let s = suggest(&h.instance, c, a, &placements, &opts, &mut |_| {})?;
    Ok((s, per_solve))
}

/// The solver thread's work for one Minutes call.
pub struct MinutesTask(pub Box<MinutesInput>);

/// What the solver thread returns for the minutes.
pub struct MinutesOutput {
    pub text: String,
    pub content_type: &'static str,
    pub input_sha256: String,
    pub suggestions: Option<usize>,
    /// Each re-solve's share of the job's limit (with suggestions).
    pub per_solve: Option<Duration>,
    pub run: Duration,
}

impl Task for MinutesTask {
    type Output = MinutesOutput;

    fn solves(&self) -> bool {
        self.0.suggest
    }

    fn run(self, settings: SolverSettings) -> Result<MinutesOutput> {
        let t0 = Instant::now();
        let m = *self.0;
        let (sg, per_solve) = if m.suggest {
            let (s, t) = suggestions(
                &m.input,
                &m.allocation,
                SuggestOptions {
                    scope: m.scope,
                    lang: m.lang,
                    ..SuggestOptions::default()
                },
                &settings,
            )?;
            (Some(s), Some(t))
        } else {
            (None, None)
        };
        let c = &m.input.commission;
        let text = minutes(c, &m.allocation, &m.run, m.format, m.lang, sg.as_ref())?;
        Ok(MinutesOutput {
            text,
            content_type: content_type(m.format),
            input_sha256: m.input.sha256,
            suggestions: sg.map(|s| s.requests.len()),
            per_solve,
            run: t0.elapsed(),
        })
    }
}

impl JobCall for pb::MinutesRequest {
    type Task = MinutesTask;
    type Response = pb::MinutesResponse;
    const METHOD: &'static str = "Minutes";

    fn task(self) -> std::result::Result<(MinutesTask, Option<Duration>), Failure> {
        let m = minutes_input(self)?;
        let solves = match m.suggest {
            true => SuggestOptions::default().solves_per_request * m.allocation.waiting_list.len(),
            false => 0,
        };
        let requested = options::job_limit(m.per_solve, solves);
        Ok((MinutesTask(Box::new(m)), requested))
    }

    fn response(solved: Solved<MinutesOutput>, server: Duration) -> pb::MinutesResponse {
        let timings =
            job_timings_to_proto(&solved, solved.output.run, server, solved.output.per_solve);
        let out = solved.output;
        info!(
            bytes = out.text.len(),
            suggestions_for = out.suggestions,
            queue_ms = ms(solved.queued),
            run_ms = ms(out.run),
            server_ms = ms(server),
            "minutes"
        );
        pb::MinutesResponse {
            text: out.text,
            content_type: out.content_type.to_string(),
            input_sha256: out.input_sha256,
            timings: Some(timings),
        }
    }
}

/// The solver thread's work for one Suggest call.
pub struct SuggestTask(pub Box<SuggestInput>);

/// What the solver thread returns for suggestions.
pub struct SuggestOutput {
    pub suggestions: Suggestions,
    pub per_solve: Duration,
    pub run: Duration,
}

impl Task for SuggestTask {
    type Output = SuggestOutput;

    fn run(self, settings: SolverSettings) -> Result<SuggestOutput> {
        let t0 = Instant::now();
        let time_limit = settings.time_limit.unwrap_or_default();
        let solves = self.0.solves();
        let SuggestInput {
            input,
            allocation,
            options,
            ..
        } = *self.0;
        let allocation = match allocation {
            Some(a) => a,
            None => {
                // As `suggest` without `--allocation`: the priority policy.
                let limit = options::share(time_limit, solves);
                let opts = SolveOptions {
                    strategy: Strategy::Priority,
                    settings: settings.with_time_limit(Some(limit)),
                    lang: options.lang,
                };
                let s = solve::solve_proven(&input.commission, &opts, "base allocation")?;
                let problems =
                    request_id_problems(&input.commission, Some(&s.allocation), &options.requests);
                if !problems.is_empty() {
                    return Err(Error::Invalid(problems));
                }
                s.allocation
            }
        };
        let left = time_limit.saturating_sub(t0.elapsed());
        let settings = settings.with_time_limit(Some(left));
        let (suggestions, per_solve) = suggestions(&input, &allocation, options, &settings)?;
        Ok(SuggestOutput {
            suggestions,
            per_solve,
            run: t0.elapsed(),
        })
    }
}

impl JobCall for pb::SuggestRequest {
    type Task = SuggestTask;
    type Response = pb::SuggestResponse;
    const METHOD: &'static str = "Suggest";

    fn task(self) -> std::result::Result<(SuggestTask, Option<Duration>), Failure> {
        let s = suggest_input(self)?;
        let requested = options::job_limit(s.per_solve, s.solves());
        Ok((SuggestTask(Box::new(s)), requested))
    }

    fn response(solved: Solved<SuggestOutput>, server: Duration) -> pb::SuggestResponse {
        let out = &solved.output;
        let s = &out.suggestions;
        info!(
            requests = s.requests.len(),
            suggestions = s
                .requests
                .iter()
                .map(|r| r.suggestions.len())
                .sum::<usize>(),
            solves = s.solves,
            queue_ms = ms(solved.queued),
            run_ms = ms(out.run),
            solving_ms = ms(s.solving),
            server_ms = ms(server),
            "suggested"
        );
        pb::SuggestResponse {
            timings: Some(job_timings_to_proto(
                &solved,
                out.run,
                server,
                Some(out.per_solve),
            )),
            ..suggestions_to_proto(s)
        }
    }
}
