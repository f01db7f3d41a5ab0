//! The flags every solving subcommand shares, made into the library's
//! [`SolverSettings`]: the one place the command line decides how a solve
//! runs. With `--diagnostics`, the library's `tracing` events (each HiGHS
//! stage's time, HiGHS' own log) are written on standard error.

use creche_alloc::solve::{self, SolverSettings};

use super::output::Result;

/// `--threads` and `--diagnostics` (each subcommand says what its
/// `--time-limit` is a limit of).
#[derive(Debug, clap::Args)]
pub struct SolverFlags {
    /// HiGHS threads (1 keeps results reproducible).
    #[arg(long, default_value_t = 1)]
    pub threads: u32,
    /// Show each HiGHS solve's time and HiGHS' own log on standard error.
    #[arg(long)]
    pub diagnostics: bool,
}

impl SolverFlags {
    /// The settings of these flags with `time_limit` (seconds, checked).
    pub fn settings(&self, time_limit: Option<f64>) -> Result<SolverSettings> {
        if self.diagnostics {
            show_diagnostics();
        }
        Ok(SolverSettings {
            threads: self.threads,
            time_limit: solve::time_limit_arg(time_limit)?,
            diagnostics: self.diagnostics,
            ..SolverSettings::default()
        })
    }
}

/// Writes the library's `tracing` events (info and above) on standard error.
fn show_diagnostics() {
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::INFO)
        .with_ansi(super::output::stderr_is_terminal())
        .try_init();
}
