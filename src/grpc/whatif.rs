//! The CompareScenarios RPC: [`crate::whatif::compare`] (what `creche-alloc
//! compare` runs) as one job of the solver thread.
//!
//! The base and every variant are solved one after the other in that job.
//! The job's time limit (what the call's per-solve `time_limit` adds up to
//! over the allocations, else the server's default, capped by its maximum
//! and the call's deadline) is shared out equally, leaving a tenth for the
//! work around the solves (`options::share`), so the whole comparison ends
//! within it and the solver thread is free again by the deadline. A variant
//! stopped by its share is reported `FEASIBLE`, as on the command line.

use std::time::{Duration, Instant};

use tracing::{debug, info};

use super::convert::job_timings_to_proto;
use super::convert_whatif::{compare_input, comparison_to_proto, CompareInput};
use super::options;
use super::pb;
use super::status::Failure;
use super::worker::{ms, JobCall, Solved, Task};
use crate::solve::SolverSettings;
use crate::whatif::{compare, CompareOptions, Comparison, Progress};

/// The solver thread's work for one CompareScenarios call.
pub struct CompareTask(pub Box<CompareInput>);

impl CompareTask {
    /// Allocations to solve: the base and each variant (a variant identical
    /// to an earlier one reuses its result, so this is at most).
    fn solves(&self) -> usize {
        self.0.scenario.variants.len() + 1
    }
}

/// What the solver thread returns for a comparison.
pub struct CompareOutput {
    pub comparison: Comparison,
    /// Each solve's share of the job's limit.
    pub per_solve: Duration,
    pub run: Duration,
}

impl Task for CompareTask {
    type Output = CompareOutput;

    fn run(self, settings: SolverSettings) -> crate::Result<CompareOutput> {
        let t0 = Instant::now();
        let time_limit = settings.time_limit.unwrap_or_default();
        let per_solve = options::share(time_limit, self.solves());
        let CompareInput {
            base,
            scenario,
            lang,
            ..
        } = *self.0;
        let opts = CompareOptions {
            settings: settings.with_time_limit(Some(per_solve)),
            lang,
        };
        let comparison = compare(&base, &scenario, &opts, &mut |p| {
            if let Progress::Solved {
                index,
                elapsed,
                reused,
                ..
            } = p
            {
                debug!(index, reused, solve_ms = ms(elapsed), "variant solved");
            }
        })?;
        Ok(CompareOutput {
            comparison,
            per_solve,
            run: t0.elapsed(),
        })
    }
}

impl JobCall for pb::CompareScenariosRequest {
    type Task = CompareTask;
    type Response = pb::CompareScenariosResponse;
    const METHOD: &'static str = "CompareScenarios";

    fn task(self) -> Result<(CompareTask, Option<Duration>), Failure> {
        let task = CompareTask(Box::new(compare_input(self)?));
        let requested = options::job_limit(task.0.per_solve, task.solves());
        Ok((task, requested))
    }

    fn response(solved: Solved<CompareOutput>, server: Duration) -> pb::CompareScenariosResponse {
        let out = &solved.output;
        info!(
            variants = out.comparison.variants.len() - 1,
            queue_ms = ms(solved.queued),
            run_ms = ms(out.run),
            server_ms = ms(server),
            "compared"
        );
        pb::CompareScenariosResponse {
            timings: Some(job_timings_to_proto(
                &solved,
                out.run,
                server,
                Some(out.per_solve),
            )),
            ..comparison_to_proto(&out.comparison)
        }
    }
}
