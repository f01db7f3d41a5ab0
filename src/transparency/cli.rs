//! The `minutes` and `suggest` commands: read the files, call the library,
//! write or print. `main.rs` only dispatches here.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::minutes_md::suggestion_lines;
use super::suggest::Scope;
use super::{minutes, sha256_hex, suggest, Format, RunInfo, SuggestOptions, Suggestions};
use crate::adopt::adopt;
use crate::domain::instance::Instance;
use crate::domain::{Allocation, Commission};
use crate::error::{Error, Problem, Result};
use crate::io;
use crate::solve::{self, Placement, SolveOptions, Strategy};
use crate::validate::validate;

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum FormatArg {
    Md,
    Html,
}

#[derive(Debug, clap::Args)]
pub struct MinutesArgs {
    /// The commission's instance JSON.
    pub instance: PathBuf,
    /// The allocation JSON the commission adopted.
    pub allocation: PathBuf,
    /// Markdown or printable HTML (default: html when --out ends in .html, else md).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Where to write the minutes (default: standard output).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// HiGHS threads the allocation was solved with (recorded in the footer).
    #[arg(long, default_value_t = 1)]
    pub threads: u32,
    /// Time limit the allocation was solved with, in seconds (recorded in the footer).
    #[arg(long)]
    pub time_limit: Option<f64>,
    /// Add "what it would take" for every waiting request (re-solves the commission).
    #[arg(long)]
    pub suggest: bool,
    /// With --suggest: every family placed keeps its place (see `suggest --keep-places`).
    #[arg(long, requires = "suggest")]
    pub keep_places: bool,
}

#[derive(Debug, clap::Args)]
pub struct SuggestArgs {
    /// Instance JSON; the embedded default commission when absent.
    pub instance: Option<PathBuf>,
    /// The adopted allocation (default: solve the instance with the priority policy).
    #[arg(long)]
    pub allocation: Option<PathBuf>,
    /// Only this waiting request (repeatable).
    #[arg(long = "request")]
    pub requests: Vec<String>,
    /// Suggestions per request.
    #[arg(long, default_value_t = 3)]
    pub per_request: usize,
    /// Re-solves per request, failed ones included.
    #[arg(long, default_value_t = 8)]
    pub solves_per_request: usize,
    /// Do not re-solve changes after which the request would only tie on
    /// points (faster; a change the tie-breaks would decide may be missed).
    #[arg(long)]
    pub skip_ties: bool,
    /// Every family placed keeps its place: each change is re-solved on the
    /// places the allocation left free (fast; no "points lacked", and the
    /// place may be worse than a whole re-solve would give). Default: the
    /// whole commission is re-solved, others displaced as the policy allows.
    #[arg(long)]
    pub keep_places: bool,
    /// Seconds per solve, the base allocation's and each re-solve's (default:
    /// each to proven optimality). A solve cut short fails the command,
    /// naming the request and the change: no suggestion goes unproven.
    #[arg(long)]
    pub time_limit: Option<f64>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Write the JSON here.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// The instance, its SHA-256 (of the file's bytes, as `sha256sum` computes
/// it), and the commission.
fn read(path: Option<&Path>) -> Result<(Instance, String, Commission)> {
    let bytes = match path {
        Some(p) => std::fs::read(p).map_err(|source| Error::Read {
            path: p.display().to_string(),
            source,
        })?,
        None => io::DEFAULT_INSTANCE.as_bytes().to_vec(),
    };
    let inst = io::read_instance(path)?;
    let c = validate(&inst)?;
    Ok((inst, sha256_hex(&bytes), c))
}

/// The strategy an allocation records (`optimal/priority`, `greedy`, …).
pub fn strategy_of(recorded: Option<&str>) -> Result<Strategy> {
    let s = recorded.unwrap_or("optimal/priority");
    if s == "optimal/priority" {
        return Ok(Strategy::Priority);
    }
    if s == "greedy" {
        return Ok(Strategy::Greedy);
    }
    s.strip_prefix("optimal/balanced(fit_weight=")
        .and_then(|w| w.strip_suffix(')'))
        .and_then(|w| w.parse().ok())
        .map(|fit_weight| Strategy::Balanced { fit_weight })
        .ok_or_else(|| {
            Error::Invalid(vec![Problem::new(
                "allocation.strategy",
                s,
                "unknown strategy",
            )])
        })
}

fn suggestions(
    inst: &Instance,
    c: &Commission,
    a: &Allocation,
    placements: &[Option<Placement>],
    opts: &SuggestOptions,
) -> Result<Suggestions> {
    let s = suggest(inst, c, a, placements, opts, &mut |rs| {
        eprintln!(
            "  {} ({} pts): {} suggestion(s), {} re-solve(s)",
            rs.request,
            rs.points,
            rs.suggestions.len(),
            rs.solves
        )
    })?;
    eprintln!(
        "Suggestions for {} waiting request(s) in {:.2} s ({:.2} s in {} re-solves, {:.3} s generating and pre-filtering): {} changes generated, {} dropped by the pre-filter.",
        s.requests.len(),
        s.elapsed.as_secs_f64(),
        s.solving.as_secs_f64(),
        s.solves,
        (s.elapsed.saturating_sub(s.solving)).as_secs_f64(),
        s.candidates,
        s.filtered_out,
    );
    Ok(s)
}

pub fn run_minutes(args: &MinutesArgs) -> Result<()> {
    let (inst, hash, c) = read(Some(&args.instance))?;
    let a = io::read_allocation(&args.allocation)?;
    let format = match args.format {
        Some(FormatArg::Html) => Format::Html,
        Some(FormatArg::Md) => Format::Markdown,
        None if args
            .out
            .as_ref()
            .is_some_and(|p| p.extension().is_some_and(|x| x == "html")) =>
        {
            Format::Html
        }
        None => Format::Markdown,
    };
    let run = RunInfo {
        input_sha256: hash,
        threads: args.threads,
        time_limit: args.time_limit,
    };
    let sg = if args.suggest {
        let options = crate::rules::resolve(&c);
        let placements = adopt(&c, &options, &a)?.into_placements();
        let opts = SuggestOptions {
            solve: SolveOptions {
                strategy: strategy_of(a.strategy.as_deref())?,
                time_limit: None,
                threads: args.threads,
            },
            scope: Scope::keeping_places(args.keep_places),
            ..SuggestOptions::default()
        };
        Some(suggestions(&inst, &c, &a, &placements, &opts)?)
    } else {
        None
    };
    let text = minutes(&c, &a, &run, format, sg.as_ref())?;
    match &args.out {
        Some(path) => {
            std::fs::write(path, text).map_err(|source| Error::Write {
                path: path.display().to_string(),
                source,
            })?;
            eprintln!("Minutes written to {}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}

pub fn run_suggest(args: &SuggestArgs) -> Result<()> {
    let time_limit = solve::time_limit_arg(args.time_limit)?;
    let (inst, _, c) = read(args.instance.as_deref())?;
    let (a, placements, strategy) = match &args.allocation {
        Some(path) => {
            let a = io::read_allocation(path)?;
            let placements = adopt(&c, &crate::rules::resolve(&c), &a)?.into_placements();
            let strategy = strategy_of(a.strategy.as_deref())?;
            (a, placements, strategy)
        }
        None => {
            let t0 = Instant::now();
            let opts = SolveOptions {
                time_limit,
                ..SolveOptions::default()
            };
            let s = solve::solve_proven(&c, &opts, "base allocation")?;
            eprintln!(
                "Base allocation solved in {:.2} s.",
                t0.elapsed().as_secs_f64()
            );
            (s.allocation, s.placements, Strategy::Priority)
        }
    };
    let opts = SuggestOptions {
        solve: SolveOptions {
            strategy,
            time_limit,
            ..SolveOptions::default()
        },
        per_request: args.per_request,
        solves_per_request: args.solves_per_request,
        requests: args.requests.clone(),
        ties: !args.skip_ties,
        scope: Scope::keeping_places(args.keep_places),
    };
    let s = suggestions(&inst, &c, &a, &placements, &opts)?;
    if let Some(path) = &args.out {
        io::write_json(path, &s)?;
    }
    if args.json {
        print!("{}", io::to_json(&s));
    } else {
        print!("{}", text(&s));
    }
    Ok(())
}

/// The suggestions as the Guichet Unique reads them on the phone.
pub fn text(s: &Suggestions) -> String {
    let mut out = format!(
        "What it would take, commission {} ({}), {}:\n",
        s.commission_id,
        s.strategy,
        s.scope.words()
    );
    for rs in &s.requests {
        out.push_str(&format!(
            "{:>4}. {} ({} pts)\n",
            rs.position, rs.request, rs.points
        ));
        for line in suggestion_lines(rs) {
            out.push_str(&format!("        - {line}\n"));
        }
    }
    out
}
