//! Stopping a solve before its end: the caller's cancellation and the deadline.
//!
//! A solve stops early for two reasons. Its time limit passes: that is part of
//! its answer (the best allocation found, status `feasible`, or the greedy one
//! whole for the priority policy). Or whoever asked for it is gone (a gRPC
//! caller that cancelled, or whose deadline passed): then nothing is answered,
//! and the solver is freed for the next job as soon as possible.
//!
//! [`CancelToken`] is the second: a flag shared between whoever may give up
//! (the gRPC handler, through a drop guard) and the solve, which looks at it
//! between tie groups, between the solves of a job, and inside HiGHS through
//! its interrupt callback ([`super::session`]). [`Stop`] is both, as the
//! policies see them.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// A flag whoever asked for a solve sets to stop it: cheap to clone, every
/// clone the same flag. It is never cleared.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A token nobody has cancelled yet.
    pub fn new() -> CancelToken {
        CancelToken::default()
    }

    /// Asks every solve holding this token (or a clone) to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Release);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }

    /// [`Error::Cancelled`] once the token is cancelled.
    pub fn check(&self) -> Result<()> {
        if self.is_cancelled() {
            Err(Error::Cancelled)
        } else {
            Ok(())
        }
    }
}

/// When a running solve must stop: its deadline (from its time limit) or its
/// caller's cancellation.
#[derive(Debug, Clone, Default)]
pub struct Stop {
    pub deadline: Option<Instant>,
    pub cancel: CancelToken,
}

impl Stop {
    /// [`Error::Cancelled`] when cancelled, else [`Error::TimeLimit`] (with no
    /// limit named: the caller names it) once the deadline has passed.
    pub fn check(&self) -> Result<()> {
        self.cancel.check()?;
        match self.deadline {
            Some(d) if Instant::now() >= d => Err(Error::TimeLimit(0.0)),
            _ => Ok(()),
        }
    }

    /// Seconds left before the deadline, for HiGHS' `time_limit` (at least a
    /// millisecond: zero would mean no limit); `None` without a deadline.
    pub fn seconds_left(&self) -> Option<f64> {
        self.deadline.map(|d| {
            d.saturating_duration_since(Instant::now())
                .as_secs_f64()
                .max(0.001)
        })
    }

    /// Whether the deadline has passed.
    pub fn expired(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// The same stop with its deadline moved `by` later (time spent waiting
    /// for the process-wide HiGHS lock is not the solve's).
    pub fn later_by(&self, by: Duration) -> Stop {
        Stop {
            deadline: self.deadline.map(|d| d + by),
            cancel: self.cancel.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_shared_by_its_clones_and_cancelled_wins_over_the_deadline() {
        let token = CancelToken::new();
        let stop = Stop {
            deadline: Some(Instant::now() - Duration::from_secs(1)),
            cancel: token.clone(),
        };
        assert!(matches!(stop.check(), Err(Error::TimeLimit(_))));
        token.cancel();
        assert!(stop.cancel.is_cancelled());
        assert!(matches!(stop.check(), Err(Error::Cancelled)));
        assert!(Stop::default().check().is_ok());
        assert_eq!(Stop::default().seconds_left(), None);
    }
}
