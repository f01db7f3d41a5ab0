//! `creche-alloc suggest`: what it would take, for each waiting request; a
//! progress bar with an estimate of the time left on standard error (plain
//! lines when it is not a terminal).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use creche_alloc::adopt::adopt;
use creche_alloc::args;
use creche_alloc::domain::instance::Instance;
use creche_alloc::domain::{Allocation, Commission};
use creche_alloc::i18n::{Lang, Names};
use creche_alloc::solve::{self, Placement, SolveOptions, Strategy};
use creche_alloc::transparency::minutes_md::suggestion_lines;
use creche_alloc::transparency::suggest::Scope;
use creche_alloc::transparency::{read_hashed, strategy_of, suggest, SuggestOptions, Suggestions};
use creche_alloc::{io, Result as LibResult};

use super::output::{print, status, stderr_is_terminal, Result};
use super::settings::SolverFlags;

/// What it would take: for each waiting request, the smallest changes that
/// would have given it a place, each checked by re-solving.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Instance JSON; the embedded default commission when absent.
    instance: Option<PathBuf>,
    /// The adopted allocation (default: solve the instance with the priority policy).
    #[arg(long)]
    allocation: Option<PathBuf>,
    /// Only this waiting request (repeatable).
    #[arg(long = "request")]
    requests: Vec<String>,
    /// Suggestions per request.
    #[arg(long, default_value_t = 3)]
    per_request: usize,
    /// Re-solves per request, failed ones included.
    #[arg(long, default_value_t = 8)]
    solves_per_request: usize,
    /// Do not re-solve changes after which the request would only tie on
    /// points (faster; a change the tie-breaks would decide may be missed).
    #[arg(long)]
    skip_ties: bool,
    /// Every family placed keeps its place: each change is re-solved on the
    /// places the allocation left free (fast; no "points lacked", and the
    /// place may be worse than a whole re-solve would give). Default: the
    /// whole commission is re-solved, others displaced as the policy allows.
    #[arg(long)]
    keep_places: bool,
    /// Seconds per solve, the base allocation's and each re-solve's (default:
    /// each to proven optimality). A solve cut short fails the command,
    /// naming the request and the change: no suggestion goes unproven.
    #[arg(long)]
    time_limit: Option<f64>,
    #[command(flatten)]
    solver: SolverFlags,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// Write the JSON here.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// The suggestions, with a progress bar over the requests (an estimate of
/// the time left) and a closing line of figures, both on standard error.
pub fn suggestions_with_progress(
    inst: &Instance,
    c: &Commission,
    a: &Allocation,
    placements: &[Option<Placement>],
    opts: &SuggestOptions,
) -> LibResult<Suggestions> {
    let t = opts.lang.messages();
    let total = (a.waiting_list.iter())
        .filter(|w| opts.requests.is_empty() || opts.requests.contains(&w.request))
        .count();
    let bar = stderr_is_terminal().then(|| {
        let bar = ProgressBar::new(total as u64);
        bar.set_style(
            ProgressStyle::with_template(&format!(
                "{{bar:30}} {{pos}}/{{len}} {}  {{elapsed}}, {} {{eta}}  {{msg}}",
                t.t("progress-requests"),
                t.t("progress-left")
            ))
            .expect("a valid template")
            .progress_chars("=> "),
        );
        bar
    });
    let mut done = 0;
    let s = suggest(inst, c, a, placements, opts, &mut |rs| {
        done += 1;
        let line = t.text(
            "suggest-progress-line",
            &args! {
                "k" => done,
                "n" => total,
                "request" => rs.request.as_str(),
                "points" => t.int(rs.points),
                "found" => rs.suggestions.len(),
                "solves" => rs.solves,
            },
        );
        match &bar {
            Some(bar) => {
                bar.set_message(rs.request.clone());
                bar.inc(1);
            }
            None => status(&line),
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let s = s?;
    let secs = |d: Duration| t.number(d.as_secs_f64(), 2);
    status(&t.text(
        "suggest-done",
        &args! {
            "n" => s.requests.len(),
            "elapsed" => secs(s.elapsed),
            "solving" => secs(s.solving),
            "solves" => s.solves,
            "outside" => t.number(s.elapsed.saturating_sub(s.solving).as_secs_f64(), 3),
            "candidates" => s.candidates,
            "filtered" => s.filtered_out,
        },
    ));
    Ok(s)
}

pub fn run(a: &Args, lang: Lang) -> Result {
    let t = lang.messages();
    let settings = a.solver.settings(a.time_limit)?;
    let (inst, _, c) = read_hashed(a.instance.as_deref())?;
    let (alloc, placements, strategy) = match &a.allocation {
        Some(path) => {
            let alloc = io::read_allocation(path)?;
            let placements =
                adopt(&c, &creche_alloc::rules::resolve(&c), &alloc)?.into_placements();
            let strategy = strategy_of(alloc.strategy.as_deref())?;
            (alloc, placements, strategy)
        }
        None => {
            let t0 = Instant::now();
            let opts = SolveOptions {
                strategy: Strategy::Priority,
                settings: settings.clone(),
                lang,
            };
            let s = solve::solve_proven(&c, &opts, "base allocation")?;
            let secs = t.number(t0.elapsed().as_secs_f64(), 2);
            status(&t.text("suggest-base-solved", &args! {"seconds" => secs}));
            (s.allocation, s.placements, Strategy::Priority)
        }
    };
    let opts = SuggestOptions {
        solve: SolveOptions {
            strategy,
            settings,
            lang,
        },
        per_request: a.per_request,
        solves_per_request: a.solves_per_request,
        requests: a.requests.clone(),
        ties: !a.skip_ties,
        scope: Scope::keeping_places(a.keep_places),
        lang,
    };
    let s = suggestions_with_progress(&inst, &c, &alloc, &placements, &opts)?;
    if let Some(path) = &a.out {
        io::write_json(path, &s)?;
    }
    if a.json {
        print(&io::to_json(&s))
    } else {
        print(&text(&s, &Names::of(&c, t)))
    }
}

/// The suggestions as the Guichet Unique reads them on the phone.
fn text(s: &Suggestions, n: &Names) -> String {
    let t = n.m;
    let mut out = format!(
        "{}\n",
        t.text(
            "suggest-title",
            &args! {
                "id" => s.commission_id.as_str(),
                "strategy" => s.strategy.as_str(),
                "scope" => s.scope.words(t),
            }
        )
    );
    for rs in &s.requests {
        let head = t.text("points-short", &args! {"points" => t.int(rs.points)});
        out.push_str(&format!("{:>4}. {} ({head})\n", rs.position, rs.request));
        for line in suggestion_lines(n, rs) {
            out.push_str(&format!("        - {line}\n"));
        }
    }
    out
}
