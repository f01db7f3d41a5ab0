//! What a policy returns before explanation: the placements, the status and
//! the solver's figures. Shared by every policy, so it sits apart from the
//! dispatcher in `mod.rs` (a policy never imports its parent).

use std::time::Duration;

use super::lexicographic::Solved;
use super::load::Placement;
use crate::domain::Status;

/// Solver figures of one run.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub solves: usize,
    pub columns: usize,
    pub rows: usize,
    /// Optimum of each lexicographic stage.
    pub objectives: Vec<(String, f64)>,
    pub build: Duration,
    pub solve: Duration,
}

impl From<&Solved> for Stats {
    fn from(s: &Solved) -> Self {
        Stats {
            solves: s.solves,
            columns: s.columns,
            rows: s.rows,
            objectives: s.objectives.clone(),
            build: s.build,
            solve: s.solve,
        }
    }
}

/// Placements before explanation.
pub struct Raw {
    pub placements: Vec<Option<Placement>>,
    pub status: Status,
    pub gap: Option<f64>,
    pub stats: Stats,
    /// An exact policy found nothing in time and returned the greedy
    /// allocation (status `feasible`): explained as greedy.
    pub greedy_fallback: bool,
}
