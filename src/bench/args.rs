//! What `creche-alloc bench` is asked (its flags, and the hidden
//! `bench-one`'s) and how it fails.

use std::path::PathBuf;

use crate::error::Error;
use crate::solve::Strategy;

/// The strategies `bench` compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Which {
    /// Exact, the priority policy (the default of `solve`).
    Optimal,
    /// The spreadsheet baseline.
    Greedy,
}

impl Which {
    pub fn strategy(self) -> Strategy {
        match self {
            Which::Optimal => Strategy::Priority,
            Which::Greedy => Strategy::Greedy,
        }
    }

    /// The command-line value.
    pub fn arg(self) -> &'static str {
        match self {
            Which::Optimal => "optimal",
            Which::Greedy => "greedy",
        }
    }
}

/// Flags of `creche-alloc bench`.
#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// Instance files (`.json` or `.json.gz`; `default` is the embedded
    /// commission). None: the default commission and the three shipped
    /// generated instances (7×120, 40×1,500, 400×12,000).
    pub instances: Vec<PathBuf>,
    /// Runs of each (instance, strategy); times are medians, memory the largest.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub runs: u32,
    /// Seconds each solve may take (then `feasible` with its gap); 0: no limit.
    #[arg(long, default_value_t = 60.0)]
    pub time_limit: f64,
    /// Strategies to run, comma-separated.
    #[arg(long, value_enum, value_delimiter = ',', default_values = ["optimal", "greedy"])]
    pub strategy: Vec<Which>,
    /// Print the rows as JSON instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// Flags of the hidden `creche-alloc bench-one`: one measured solve, its
/// figures as one JSON line on standard output.
#[derive(Debug, Clone, clap::Args)]
pub struct OneArgs {
    /// Instance file; the embedded default commission when absent.
    pub instance: Option<PathBuf>,
    #[arg(long, value_enum)]
    pub strategy: Which,
    /// Seconds; none: solve to proven optimality.
    #[arg(long)]
    pub time_limit: Option<f64>,
}

#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error(transparent)]
    Lib(#[from] Error),
    #[error("cannot start {exe}: {source}")]
    Spawn { exe: String, source: std::io::Error },
    #[error("{what}: {message}")]
    Child { what: String, message: String },
    #[error("{0} solve(s) failed (see above)")]
    Failed(usize),
}
