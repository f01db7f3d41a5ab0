//! `creche-alloc bench`: the table (or JSON) on standard output, a progress
//! bar on standard error (a line per solve when it is not a terminal).

use indicatif::{ProgressBar, ProgressStyle};

use creche_alloc::args;
use creche_alloc::bench::{self, report, BenchArgs, Progress};
use creche_alloc::i18n::{Lang, Messages};

use super::output::{print, status, stderr_is_terminal, Failure, Result};

pub fn run(a: &BenchArgs, lang: Lang) -> Result {
    let t = lang.messages();
    let bar = stderr_is_terminal().then(|| {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{elapsed_precise} [{bar:30}] {pos}/{len} {msg}")
                .expect("constant template")
                .progress_chars("=> "),
        );
        bar
    });
    let mut shown = Shown {
        bar: bar.as_ref(),
        t,
        done: 0,
        total: 0,
    };
    let result = bench::run(a, &mut |p| shown.progress(p));
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let b = result.map_err(|e| match e {
        bench::BenchError::Lib(e) => Failure::Lib(e),
        other => Failure::Said(other.to_string()),
    })?;
    if a.json {
        print(&creche_alloc::io::to_json(&b.rows))?;
    } else {
        let limit = b
            .time_limit
            .map_or(t.t("bench-no-limit"), |x| format!("{x} s"));
        let head = t.text("bench-head", &args! {"runs" => b.runs, "limit" => limit});
        print(&format!("{head}\n\n{}", report::table(&b.rows)))?;
    }
    if b.failures > 0 {
        return Err(Failure::Said(
            bench::BenchError::Failed(b.failures).to_string(),
        ));
    }
    Ok(())
}

/// The progress of a bench: a bar on a terminal, else a line per solve.
struct Shown<'a> {
    bar: Option<&'a ProgressBar>,
    t: &'a Messages,
    done: usize,
    total: usize,
}

impl Shown<'_> {
    fn progress(&mut self, p: Progress) {
        match p {
            Progress::Total(n) => {
                self.total = n;
                if let Some(bar) = self.bar {
                    bar.set_length(n as u64);
                }
            }
            Progress::Starting {
                name,
                which,
                k,
                runs,
            } => {
                if let Some(bar) = self.bar {
                    bar.set_message(format!("{name} {} ({k}/{runs})", which.arg()));
                }
            }
            Progress::Done {
                name,
                which,
                measured,
            } => {
                self.done += 1;
                match self.bar {
                    Some(bar) => bar.inc(1),
                    None => status(&format!(
                        "[{}/{}] {name} {}: {} {}, {:.0} MB",
                        self.done,
                        self.total,
                        which.arg(),
                        measured.figures.status,
                        report::time(measured.figures.total_ms),
                        measured.peak_rss_mb
                    )),
                }
            }
            Progress::Failed(e) => {
                self.done += 1;
                let line = self
                    .t
                    .text("cli-error", &args! {"message" => e.to_string()});
                match self.bar {
                    Some(bar) => {
                        bar.suspend(|| status(&line));
                        bar.inc(1);
                    }
                    None => status(&line),
                }
            }
        }
    }
}
