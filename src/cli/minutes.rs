//! `creche-alloc minutes`: the procès-verbal of a commission, Markdown or
//! printable HTML, in the language of `--lang`.

use std::path::PathBuf;

use creche_alloc::adopt::adopt;
use creche_alloc::domain::{Allocation, Commission};
use creche_alloc::i18n::Lang;
use creche_alloc::solve::{self, SolveOptions, SolverSettings};
use creche_alloc::transparency::suggest::Scope;
use creche_alloc::transparency::{
    minutes_decided, read_hashed, strategy_of, Format, Recorded, RunInfo, SuggestOptions,
};
use creche_alloc::{io, Error};

use super::output::{print, written, Result};
use super::suggest::suggestions_with_progress;

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum FormatArg {
    Md,
    Html,
}

/// The procès-verbal of a commission (anonymous), as Markdown or printable HTML.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The commission's instance JSON.
    instance: PathBuf,
    /// The allocation JSON the commission adopted.
    allocation: PathBuf,
    /// Markdown or printable HTML (default: html when --out ends in .html, else md).
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Where to write the minutes (default: standard output).
    #[arg(long)]
    out: Option<PathBuf>,
    /// HiGHS threads the allocation was solved with (recorded in the footer).
    #[arg(long, default_value_t = 1)]
    threads: u32,
    /// Time limit the allocation was solved with, in seconds (recorded in the footer).
    #[arg(long)]
    time_limit: Option<f64>,
    /// Add "what it would take" for every waiting request (re-solves the commission).
    #[arg(long)]
    suggest: bool,
    /// With --suggest: every family placed keeps its place (see `suggest --keep-places`).
    #[arg(long, requires = "suggest")]
    keep_places: bool,
    /// The commission's decisions the allocation was made under (`decide`):
    /// adds the section on the commission's decisions and the file to the footer.
    #[arg(long)]
    decisions: Option<PathBuf>,
}

impl Args {
    /// `--format`, else HTML when `--out` ends in `.html`, else Markdown.
    fn format(&self) -> Format {
        let html_out =
            (self.out.as_ref()).is_some_and(|p| p.extension().is_some_and(|x| x == "html"));
        match self.format {
            Some(FormatArg::Html) => Format::Html,
            Some(FormatArg::Md) => Format::Markdown,
            None if html_out => Format::Html,
            None => Format::Markdown,
        }
    }
}

/// The decisions of `--decisions`, checked, with the consequences of each
/// computed by the allocation's policy.
fn recorded(
    a: &Args,
    c: &Commission,
    alloc: &Allocation,
    solved_with: &SolverSettings,
    lang: Lang,
) -> Result<Option<Recorded>> {
    let Some(path) = &a.decisions else {
        return Ok(None);
    };
    let opts = SolveOptions {
        strategy: strategy_of(alloc.strategy.as_deref())?,
        settings: solved_with.clone(),
        lang,
    };
    let text = io::read_text(path)?;
    Ok(Some(Recorded::new(
        c,
        &text,
        &path.display().to_string(),
        &opts,
    )?))
}

pub fn run(a: &Args, lang: Lang) -> Result {
    let (inst, hash, c) = read_hashed(Some(&a.instance))?;
    let alloc = io::read_allocation(&a.allocation)?;
    let format = a.format();
    // How the allocation was solved, as the footer states it; the
    // suggestions' re-solves take its threads, to proven optimality.
    let solved_with = SolverSettings {
        threads: a.threads,
        time_limit: solve::time_limit_arg(a.time_limit)?,
        ..SolverSettings::default()
    };
    let run = RunInfo::new(hash, &solved_with);
    let sg = if a.suggest {
        let placements = adopt(&c, &creche_alloc::rules::resolve(&c), &alloc)?.into_placements();
        let opts = SuggestOptions {
            solve: SolveOptions {
                strategy: strategy_of(alloc.strategy.as_deref())?,
                settings: solved_with.with_time_limit(None),
                lang,
            },
            scope: Scope::keeping_places(a.keep_places),
            lang,
            ..SuggestOptions::default()
        };
        Some(suggestions_with_progress(
            &inst,
            &c,
            &alloc,
            &placements,
            &opts,
        )?)
    } else {
        None
    };
    let recorded = recorded(a, &c, &alloc, &solved_with, lang)?;
    let text = minutes_decided(
        &c,
        &alloc,
        &run,
        format,
        lang,
        sg.as_ref(),
        recorded.as_ref(),
    )?;
    let Some(path) = &a.out else {
        return print(&text);
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.display().to_string(),
            source,
        })?;
    }
    std::fs::write(path, text).map_err(|source| Error::Write {
        path: path.display().to_string(),
        source,
    })?;
    written(lang.messages(), "written-minutes", path);
    Ok(())
}
