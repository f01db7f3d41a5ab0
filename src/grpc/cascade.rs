//! The Cascade RPC: the same replay and next offers as `creche-alloc
//! cascade`, on the solver thread like Solve (the next offers are a priority
//! solve on the capacity left).
//!
//! The whole cascade — replay, next offers, carried requests — is one job of
//! the solver thread: replaying resolves every request's options, which is
//! solver-side work for a large commission, and the job's time limit follows
//! the call's deadline as for Solve. A cascade cut short by that limit is
//! `DEADLINE_EXCEEDED`: offers go to families, only proven-optimal ones are
//! returned.

use std::time::{Duration, Instant};

use tracing::info;

use super::convert_cascade::{cascade_input, cascade_to_proto, CascadeInput, CascadeTimes};
use super::pb;
use super::status::Failure;
use super::worker::{ms, JobCall, Solved, Task};
use crate::cascade::{self, Cascade};
use crate::domain::instance::Request;
use crate::solve::SolverSettings;

/// The solver thread's work for one Cascade call.
pub struct CascadeTask(pub Box<CascadeInput>);

/// What the solver thread returns for a cascade.
pub struct CascadeOutput {
    pub cascade: Cascade,
    pub carried: Vec<Request>,
    pub events_applied: usize,
    pub duplicates_ignored: usize,
    pub replay: Duration,
    pub offers: Duration,
}

impl Task for CascadeTask {
    type Output = CascadeOutput;

    fn size(&self) -> Option<(usize, usize)> {
        let c = &self.0.commission;
        Some((c.requests().len(), c.creches().len()))
    }

    fn run(self, settings: SolverSettings) -> crate::Result<CascadeOutput> {
        let CascadeInput {
            instance,
            commission,
            allocation,
            events,
            lang,
        } = *self.0;
        let t0 = Instant::now();
        let state = cascade::replay(&commission, &allocation, &events)?;
        let replay = t0.elapsed();
        let t1 = Instant::now();
        settings.cancel.check()?;
        let next = cascade::offers::next_offers_within(&commission, &state, &settings, lang)?;
        let carried = cascade::carried_requests(&instance, &commission, &state);
        Ok(CascadeOutput {
            cascade: next,
            carried,
            events_applied: state.events_applied,
            duplicates_ignored: state.duplicates_ignored,
            replay,
            offers: t1.elapsed(),
        })
    }
}

impl JobCall for pb::CascadeRequest {
    type Task = CascadeTask;
    type Response = pb::CascadeResponse;
    const METHOD: &'static str = "Cascade";

    /// The task of a request, or every problem of its three parts. A cascade
    /// asks for no time limit of its own.
    fn task(self) -> Result<(CascadeTask, Option<Duration>), Failure> {
        Ok((CascadeTask(Box::new(cascade_input(self)?)), None))
    }

    fn response(solved: Solved<CascadeOutput>, server: Duration) -> pb::CascadeResponse {
        let out = &solved.output;
        info!(
            events = out.events_applied,
            new_offers = out.cascade.new_offers.len(),
            waiting = out.cascade.waiting_list.len(),
            carried = out.carried.len(),
            queue_ms = ms(solved.queued),
            replay_ms = ms(out.replay),
            offers_ms = ms(out.offers),
            server_ms = ms(server),
            "cascaded"
        );
        cascade_to_proto(
            &out.cascade,
            &out.carried,
            out.events_applied,
            out.duplicates_ignored,
            CascadeTimes {
                queue: solved.queued,
                replay: out.replay,
                offers: out.offers,
                server,
                time_limit: solved.time_limit,
            },
        )
    }
}
