//! `creche-alloc decide`: the allocation under the commission's decisions,
//! its summary on the terminal (with `--explain`, the consequences of each
//! decision), the allocation JSON with `--out`, allocation and consequences
//! as JSON with `--json`.

use std::path::PathBuf;

use creche_alloc::i18n::{Lang, Names};
use creche_alloc::solve::{SolveOptions, Strategy};
use creche_alloc::{decide, io, summary};

use super::output::{print, written, Result};
use super::settings::SolverFlags;

/// The commission decides: apply its decisions (place, exclude, defer,
/// reserve) to the proposal, allocate every other family around them, and
/// say what each decision costs the others.
#[derive(clap::Args)]
pub struct Args {
    /// The commission's instance JSON.
    instance: PathBuf,
    /// The decisions JSON (`{"commission_id", "decisions": [...]}`).
    decisions: PathBuf,
    /// Write the allocation JSON to this file.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print the consequences of each decision.
    #[arg(long)]
    explain: bool,
    /// Print the allocation and the consequences as JSON on standard output.
    #[arg(long)]
    json: bool,
    /// Seconds each allocation may take (one per decision, and the proposal).
    #[arg(long)]
    time_limit: Option<f64>,
    #[command(flatten)]
    solver: SolverFlags,
    /// Waiting-list entries shown in the summary.
    #[arg(long, default_value_t = 10)]
    waiting: usize,
}

pub fn run(a: &Args, lang: Lang) -> Result {
    let t = lang.messages();
    let commission = io::read_commission(Some(&a.instance))?;
    let file = io::read_decisions(&a.decisions)?;
    let opts = SolveOptions {
        strategy: Strategy::Priority,
        settings: a.solver.settings(a.time_limit)?,
        lang,
    };
    let ruling = decide::decide_file(&commission, &file, &opts)?;
    if a.json {
        print(&io::to_json(&ruling.json()))?;
    } else {
        let names = Names::of(&commission, t);
        let mut text = String::new();
        if a.explain {
            text.push_str(&summary::render_consequences(&ruling.consequences, &names));
        }
        let applied = &ruling.applied;
        text.push_str(&summary::render_allocation(
            &applied.held,
            &applied.allocation,
            a.waiting,
            &names,
        ));
        print(&text)?;
    }
    if let Some(path) = &a.out {
        io::write_json(path, &ruling.applied.allocation)?;
        written(t, "written-allocation", path);
    }
    Ok(())
}
