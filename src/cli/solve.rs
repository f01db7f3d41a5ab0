//! `creche-alloc solve`: the allocation of a commission, its summary on the
//! terminal, its JSON with `--json` (standard output) or `--out` (a file).

use std::path::PathBuf;

use clap::ValueEnum;

use creche_alloc::i18n::{Lang, Names};
use creche_alloc::solve::{self, balanced::DEFAULT_FIT_WEIGHT, SolveOptions, Strategy};
use creche_alloc::{io, summary, Error};

use super::output::{print, written, Result};
use super::settings::SolverFlags;

#[derive(Clone, Copy, ValueEnum)]
enum StrategyArg {
    /// Exact; the policy decides how points and planning fit combine.
    Optimal,
    /// The spreadsheet method: points order, best wish that still fits.
    Greedy,
}

#[derive(Clone, Copy, ValueEnum)]
enum PolicyArg {
    /// Points order first, then occupancy, wishes, earlier request.
    Priority,
    /// Points and planning fit traded in one objective (see --fit-weight).
    Balanced,
}

/// Solve a commission: a summary on the terminal, the allocation JSON with
/// --json or --out.
#[derive(clap::Args)]
pub struct Args {
    /// Instance JSON; the embedded default commission when absent.
    instance: Option<PathBuf>,
    /// Write the allocation JSON to this file (the summary is still printed).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print the allocation JSON on standard output instead of the summary.
    #[arg(long)]
    json: bool,
    #[arg(long, value_enum, default_value = "optimal")]
    strategy: StrategyArg,
    #[arg(long, value_enum, default_value = "priority")]
    policy: PolicyArg,
    /// Points one half-day of planning fit is worth under the balanced policy.
    #[arg(long, default_value_t = DEFAULT_FIT_WEIGHT)]
    fit_weight: f64,
    /// Seconds; the best allocation found is returned with status `feasible`.
    #[arg(long)]
    time_limit: Option<f64>,
    #[command(flatten)]
    solver: SolverFlags,
    /// Waiting-list entries shown in the summary.
    #[arg(long, default_value_t = 10)]
    waiting: usize,
    /// No summary and no status line. Without --out it prints the JSON, as it
    /// always did (kept for scripts; --json is the way to ask for it).
    #[arg(long)]
    quiet: bool,
}

pub fn run(a: &Args, lang: Lang) -> Result {
    let commission = io::read_commission(a.instance.as_deref())?;
    let settings = a.solver.settings(a.time_limit)?;
    if let Some(problem) = solve::fit_weight_problem("--fit-weight", a.fit_weight) {
        return Err(Error::Invalid(vec![problem]).into());
    }
    let strategy = match (a.strategy, a.policy) {
        (StrategyArg::Greedy, _) => Strategy::Greedy,
        (StrategyArg::Optimal, PolicyArg::Priority) => Strategy::Priority,
        (StrategyArg::Optimal, PolicyArg::Balanced) => Strategy::Balanced {
            fit_weight: a.fit_weight,
        },
    };
    let opts = SolveOptions {
        strategy,
        settings,
        lang,
    };
    let solution = solve::solve(&commission, &opts)?;
    let json = a.json || (a.quiet && a.out.is_none());
    if json {
        print(&io::to_json(&solution.allocation))?;
    } else if !a.quiet {
        let names = Names::of(&commission, lang.messages());
        print(&summary::render(&commission, &solution, a.waiting, &names))?;
    }
    if let Some(path) = &a.out {
        io::write_json(path, &solution.allocation)?;
        if !a.quiet {
            written(lang.messages(), "written-allocation", path);
        }
    }
    Ok(())
}
