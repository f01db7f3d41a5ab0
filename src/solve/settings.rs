//! How a solve runs, decided at the edges and passed in.
//!
//! The command line builds a [`SolverSettings`] from its flags (`src/cli/`),
//! the gRPC server from its configuration and each call's options and deadline
//! (`src/grpc/`); the library reads no environment variable and has no hidden
//! setting. Nothing here can weaken exactness: the gaps are fixed at zero
//! ([`super::session`]), and a time limit shows in the answer (status
//! `feasible`, or a refusal where only a proven allocation may be used). The
//! procès-verbal states the settings an allocation was made with, so that
//! anyone can re-run it.

use std::time::Duration;

use super::cancel::CancelToken;
use crate::domain::Commission;

/// Threads, time limit, diagnostics and cancellation of a solve (or of every
/// solve of a job). The HiGHS random seed is no setting: it is the
/// commission's ([`seed`]), so that the instance alone fixes the draw.
#[derive(Debug, Clone)]
pub struct SolverSettings {
    /// HiGHS threads of the balanced policy (1 keeps results reproducible; the
    /// priority policy's HiGHS parts always run on one).
    pub threads: u32,
    /// Wall-clock limit for the whole solve; `None` solves to proven
    /// optimality. A job that solves several times gives each solve its share.
    pub time_limit: Option<Duration>,
    /// Each HiGHS solve's time and size, and HiGHS' own log, as `tracing`
    /// events (the library never prints; the command line shows them on
    /// standard error, the server in its log).
    pub diagnostics: bool,
    /// Set by whoever asked for the solve when it no longer wants the answer.
    pub cancel: CancelToken,
}

impl Default for SolverSettings {
    fn default() -> Self {
        SolverSettings {
            threads: 1,
            time_limit: None,
            diagnostics: false,
            cancel: CancelToken::default(),
        }
    }
}

impl SolverSettings {
    /// The same settings (same token) with another time limit: one solve's
    /// share of a job's limit.
    pub fn with_time_limit(&self, time_limit: Option<Duration>) -> SolverSettings {
        SolverSettings {
            time_limit,
            ..self.clone()
        }
    }
}

/// HiGHS' `random_seed` for a solve of `c`: the commission's seed, so that a
/// re-run of the same instance makes the same draws (the reproducibility
/// footer of the minutes shows it).
pub fn seed(c: &Commission) -> i32 {
    (c.seed() % i32::MAX as u64) as i32
}
