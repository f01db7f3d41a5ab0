//! What-if scenarios: a base commission and named variants (barème, free
//! places, policy, tolerance), each solved and compared with the base.
//!
//! - [`scenario`]: the file format (`docs/scenarios.md`) and the base instance;
//! - [`apply`], [`places`]: changes applied to a copy of the base, checked with JSON paths;
//! - [`compare`]: scenario → [`Comparison`] (a plain, serialisable struct; the
//!   `CompareScenarios` RPC, `src/grpc/whatif.rs`, is a thin wrapper around it);
//! - [`figures`], [`diff`]: figures of one variant, request-by-request differences;
//! - [`charts`], [`report_html`], [`table`]: the SVG charts, the HTML page, the
//!   terminal table.

pub mod apply;
pub mod charts;
pub mod compare;
pub mod diff;
pub mod figures;
pub mod places;
pub mod report_html;
pub mod scenario;
pub mod table;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

pub use compare::{check, compare, CompareOptions, Comparison, Progress, VariantResult};
pub use scenario::{load, Scenario};

use crate::error::{Error, Result};
use crate::io;

/// Where `compare SCENARIO` writes when `--out` is not given: `<stem>-report`
/// in the current directory.
pub fn default_out_dir(scenario: &Path) -> PathBuf {
    let name = scenario
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "scenario".to_string());
    let stem = name.trim_end_matches(".gz").trim_end_matches(".json");
    PathBuf::from(format!("{stem}-report"))
}

/// Files written by [`write_report`].
pub struct Written {
    pub html: PathBuf,
    pub json: PathBuf,
}

/// Writes `report.html` and `comparison.json` into `dir` (created if needed).
pub fn write_report(cmp: &Comparison, dir: &Path) -> Result<Written> {
    let html = dir.join("report.html");
    let json = dir.join("comparison.json");
    let page = report_html::render(cmp)?;
    io::write_json(&json, cmp)?;
    std::fs::write(&html, page).map_err(|source| Error::Write {
        path: html.display().to_string(),
        source,
    })?;
    Ok(Written { html, json })
}

/// The `compare` command: load, solve every variant behind a progress bar
/// (on standard error, hidden when it is not a terminal), write the report,
/// print the table.
pub fn run(path: &Path, out: Option<&Path>, opts: &CompareOptions) -> Result<()> {
    let (scenario, base) = load(path)?;
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} solved  {elapsed}  {msg}")
            .expect("a valid template"),
    );
    let t0 = Instant::now();
    let mut solving = Duration::ZERO;
    let cmp = compare(&base, &scenario, opts, &mut |p| match p {
        Progress::Prepared { total } => bar.set_length(total as u64),
        Progress::Solving { name, .. } => bar.set_message(format!("solving {name}")),
        Progress::Solved {
            name,
            elapsed,
            reused,
            ..
        } => {
            solving += elapsed;
            let how = if reused {
                "same as an earlier variant"
            } else {
                "solved"
            };
            bar.println(format!("  {name}: {how} in {:.2} s", elapsed.as_secs_f64()));
            bar.inc(1);
        }
    });
    bar.finish_and_clear();
    let cmp = cmp?;
    let total = t0.elapsed();
    let dir = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| default_out_dir(path));
    let written = write_report(&cmp, &dir)?;
    print!("{}", table::render(&cmp));
    println!(
        "\n{} allocation(s) in {:.2} s ({:.2} s solving).\nReport: {}\nFigures: {}",
        cmp.variants.len(),
        total.as_secs_f64(),
        solving.as_secs_f64(),
        written.html.display(),
        written.json.display()
    );
    Ok(())
}
