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

pub use compare::{check, compare, CompareOptions, Comparison, Progress, VariantResult};
pub use scenario::{load, Scenario};

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::io;

/// Where `compare SCENARIO` writes when `--out` is not given:
/// `out/<stem>-report` in the current directory (`out/` is ignored by git).
pub fn default_out_dir(scenario: &Path) -> PathBuf {
    let name = scenario
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "scenario".to_string());
    let stem = name.trim_end_matches(".gz").trim_end_matches(".json");
    PathBuf::from("out").join(format!("{stem}-report"))
}

/// Files written by [`write_report`].
pub struct Written {
    pub html: PathBuf,
    pub json: PathBuf,
}

/// Writes `report.html` (in language `lang`) and `comparison.json` into
/// `dir` (created if needed).
pub fn write_report(cmp: &Comparison, dir: &Path, lang: Lang) -> Result<Written> {
    let html = dir.join("report.html");
    let json = dir.join("comparison.json");
    let page = report_html::render(cmp, lang)?;
    io::write_json(&json, cmp)?;
    std::fs::write(&html, page).map_err(|source| Error::Write {
        path: html.display().to_string(),
        source,
    })?;
    Ok(Written { html, json })
}
