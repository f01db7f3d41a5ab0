//! `creche-alloc compare`: a scenario's variants solved and compared with the
//! base; the HTML report and the JSON of the figures written, the table
//! printed. Progress on standard error: a bar on a terminal, plain lines
//! otherwise (a CI log, a file).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use creche_alloc::args;
use creche_alloc::i18n::{Lang, Messages};
use creche_alloc::io;
use creche_alloc::whatif::{self, compare, table, CompareOptions, Progress};

use super::output::{print, status, stderr_is_terminal, written, Result};
use super::settings::SolverFlags;

/// What-if: solve a scenario's variants, compare them with the base, write
/// an HTML report and a JSON of the figures (docs/scenarios.md).
#[derive(clap::Args)]
pub struct Args {
    /// Scenario JSON (a base instance and named variants).
    scenario: PathBuf,
    /// Directory of report.html and comparison.json (default: `out/<scenario name>-report`).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print the comparison JSON on standard output instead of the table.
    #[arg(long)]
    json: bool,
    /// Seconds per solve (overrides the scenario's `time_limit`).
    #[arg(long)]
    time_limit: Option<f64>,
    #[command(flatten)]
    solver: SolverFlags,
}

pub fn run(a: &Args, lang: Lang) -> Result {
    let t = lang.messages();
    let opts = CompareOptions {
        settings: a.solver.settings(a.time_limit)?,
        lang,
    };
    let (scenario, base) = whatif::load(&a.scenario)?;
    let mut shown = Shown::new(t);
    let t0 = Instant::now();
    let cmp = compare(&base, &scenario, &opts, &mut |p| shown.on(p));
    if let Some(bar) = &shown.bar {
        bar.finish_and_clear();
    }
    let cmp = cmp?;
    let dir = a
        .out
        .clone()
        .unwrap_or_else(|| whatif::default_out_dir(&a.scenario));
    let files = whatif::write_report(&cmp, &dir, lang)?;
    if a.json {
        print(&io::to_json(&cmp))?;
    } else {
        print(&table::render(&cmp, t))?;
    }
    status(&t.text(
        "compare-done",
        &args! {
            "n" => cmp.variants.len(),
            "seconds" => t.number(t0.elapsed().as_secs_f64(), 2),
            "solving" => t.number(shown.solving.as_secs_f64(), 2),
        },
    ));
    written(t, "written-report", &files.html);
    written(t, "written-figures", &files.json);
    Ok(())
}

/// The comparison's progress on standard error: a bar on a terminal, else a
/// line per variant solved.
struct Shown {
    t: &'static Messages,
    bar: Option<ProgressBar>,
    total: usize,
    solving: Duration,
}

impl Shown {
    fn new(t: &'static Messages) -> Shown {
        let bar = stderr_is_terminal().then(|| {
            let bar = ProgressBar::new(0);
            let template = format!(
                "{{bar:30}} {{pos}}/{{len}} {}  {{elapsed}}  {{msg}}",
                t.t("progress-solved")
            );
            bar.set_style(ProgressStyle::with_template(&template).expect("a valid template"));
            bar
        });
        Shown {
            t,
            bar,
            total: 0,
            solving: Duration::ZERO,
        }
    }

    fn on(&mut self, p: Progress) {
        let t = self.t;
        match p {
            Progress::Prepared { total } => {
                self.total = total;
                if let Some(bar) = &self.bar {
                    bar.set_length(total as u64);
                }
            }
            Progress::Solving { name, .. } => {
                if let Some(bar) = &self.bar {
                    bar.set_message(t.text("compare-solving", &args! {"variant" => name}));
                }
            }
            Progress::Solved {
                index,
                name,
                elapsed,
                reused,
            } => {
                self.solving += elapsed;
                let id = if reused {
                    "compare-reused"
                } else {
                    "compare-solved"
                };
                let line = t.text(
                    id,
                    &args! {
                        "k" => index + 1,
                        "n" => self.total,
                        "variant" => name,
                        "seconds" => t.number(elapsed.as_secs_f64(), 2),
                    },
                );
                match &self.bar {
                    Some(bar) => {
                        bar.println(format!("  {line}"));
                        bar.inc(1);
                    }
                    None => status(&line),
                }
            }
        }
    }
}
