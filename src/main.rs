//! Command line: parse, call the library, print. No domain logic here.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use creche_alloc::solve::{self, balanced::DEFAULT_FIT_WEIGHT, SolveOptions, Strategy};
use creche_alloc::{cascade, io, summary, Error};

#[derive(Parser)]
#[command(
    name = "creche-alloc",
    version,
    about = "Place-allocation optimizer for crèche commissions"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

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

#[derive(Subcommand)]
enum Command {
    /// Solve a commission and write its allocation JSON.
    Solve {
        /// Instance JSON; the embedded default commission when absent.
        instance: Option<PathBuf>,
        /// Where to write the allocation JSON (default: standard output after the summary).
        #[arg(long)]
        out: Option<PathBuf>,
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
        /// HiGHS threads (1 keeps results reproducible).
        #[arg(long, default_value_t = 1)]
        threads: u32,
        /// Waiting-list entries shown in the summary.
        #[arg(long, default_value_t = 10)]
        waiting: usize,
        /// Print only the JSON (no summary).
        #[arg(long)]
        quiet: bool,
    },
    /// Validate an instance: every problem, with its JSON path; nothing solved.
    Validate { instance: Option<PathBuf> },
    /// After the commission: replay the events (offers sent, acceptances,
    /// refusals, no-shows, withdrawals) and print the next offers.
    Cascade {
        /// The commission's instance JSON.
        instance: PathBuf,
        /// The allocation JSON the commission adopted.
        allocation: PathBuf,
        /// The events JSON (`{"commission_id", "as_of"?, "events": [...]}`).
        events: PathBuf,
        /// Where to write the resulting state (next offers, waiting list, lifecycle counters).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Where to write the requests carried to the next commission (history updated).
        #[arg(long)]
        carried: Option<PathBuf>,
        /// Waiting-list entries shown.
        #[arg(long, default_value_t = 10)]
        waiting: usize,
    },
    /// Serve the gRPC API (AllocationService, health, reflection) until SIGTERM or ctrl-c.
    Serve(creche_alloc::grpc::ServeArgs),
    /// Solve instances with the optimal and greedy strategies; one table of
    /// model size, times, status, gap, placed, occupancy, inversions, peak memory.
    Bench(creche_alloc::bench::BenchArgs),
    /// One measured solve, its figures as JSON (run by `bench` in a child process).
    #[command(hide = true)]
    BenchOne(creche_alloc::bench::OneArgs),
    /// The procès-verbal of a commission (anonymous), as Markdown or printable HTML.
    Minutes(creche_alloc::transparency::cli::MinutesArgs),
    /// What it would take: for each waiting request, the smallest changes that
    /// would have given it a place, each checked by re-solving.
    Suggest(creche_alloc::transparency::cli::SuggestArgs),
    /// What-if: solve a scenario's variants, compare them with the base, write
    /// an HTML report and a JSON of the figures (docs/scenarios.md).
    Compare {
        /// Scenario JSON (a base instance and named variants).
        scenario: PathBuf,
        /// Directory of report.html and comparison.json (default: `<scenario name>-report`).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Seconds per solve (overrides the scenario's `time_limit`).
        #[arg(long)]
        time_limit: Option<f64>,
        /// HiGHS threads (1 keeps results reproducible).
        #[arg(long, default_value_t = 1)]
        threads: u32,
    },
    /// Generate a realistic commission instance (the same seed gives the same file).
    Generate {
        #[arg(long, visible_alias = "crèches", default_value_t = 7, value_parser = clap::value_parser!(u64).range(1..))]
        creches: u64,
        #[arg(long, default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..))]
        requests: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// A fixed commission instead: `ccmvr` is the default commission (7 crèches of the rules).
        #[arg(long, value_parser = ["ccmvr"], conflicts_with_all = ["creches", "requests", "seed"])]
        preset: Option<String>,
        /// Where to write the instance JSON (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(match e {
                Error::Invalid(_) => 2,
                _ => 1,
            })
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Generate {
            creches,
            requests,
            seed,
            preset,
            out,
        } => {
            use creche_alloc::generate::{ccmvr_default, generate, GenerateOptions};
            let instance = match preset {
                Some(_) => ccmvr_default(),
                None => generate(&GenerateOptions {
                    creches: creches as usize,
                    requests: requests as usize,
                    seed,
                }),
            };
            match out {
                Some(path) => {
                    io::write_json(&path, &instance)?;
                    eprintln!(
                        "{}: {} crèches, {} requests, written to {}",
                        instance.commission.id,
                        instance.creches.len(),
                        instance.requests.len(),
                        path.display()
                    );
                }
                None => print!("{}", io::to_json(&instance)),
            }
            Ok(())
        }
        Command::Solve {
            instance,
            out,
            strategy,
            policy,
            fit_weight,
            time_limit,
            threads,
            waiting,
            quiet,
        } => {
            let commission = io::read_commission(instance.as_deref())?;
            let time_limit = solve::time_limit_arg(time_limit)?;
            if let Some(problem) = solve::fit_weight_problem("--fit-weight", fit_weight) {
                return Err(Error::Invalid(vec![problem]));
            }
            let strategy = match (strategy, policy) {
                (StrategyArg::Greedy, _) => Strategy::Greedy,
                (StrategyArg::Optimal, PolicyArg::Priority) => Strategy::Priority,
                (StrategyArg::Optimal, PolicyArg::Balanced) => Strategy::Balanced { fit_weight },
            };
            let opts = SolveOptions {
                strategy,
                time_limit,
                threads,
            };
            let solution = solve::solve(&commission, &opts)?;
            if !quiet {
                print!("{}", summary::render(&commission, &solution, waiting));
            }
            match out {
                Some(path) => {
                    io::write_json(&path, &solution.allocation)?;
                    if !quiet {
                        println!("\nAllocation written to {}", path.display());
                    }
                }
                None if quiet => print!("{}", io::to_json(&solution.allocation)),
                None => {}
            }
            Ok(())
        }
        Command::Serve(args) => {
            // Server errors (bind, TLS files) are not library errors.
            if let Err(e) = creche_alloc::grpc::serve(args) {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
            Ok(())
        }
        Command::Bench(args) => {
            // Failed solves are listed as they happen; the table shows the others.
            if let Err(e) = creche_alloc::bench::run(&args) {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
            Ok(())
        }
        Command::BenchOne(args) => creche_alloc::bench::run_one(&args),
        Command::Minutes(args) => creche_alloc::transparency::cli::run_minutes(&args),
        Command::Suggest(args) => creche_alloc::transparency::cli::run_suggest(&args),
        Command::Compare {
            scenario,
            out,
            time_limit,
            threads,
        } => {
            use creche_alloc::whatif;
            let opts = whatif::CompareOptions::from_args(time_limit, threads)?;
            whatif::run(&scenario, out.as_deref(), &opts)
        }
        Command::Cascade {
            instance,
            allocation,
            events,
            out,
            carried,
            waiting,
        } => {
            let inst = io::read_instance(Some(&instance))?;
            let commission = creche_alloc::validate::validate(&inst)?;
            let allocation = io::read_allocation(&allocation)?;
            let log = io::read_events(&events)?;
            let state = cascade::replay(&commission, &allocation, &log)?;
            let next = cascade::next_offers(&commission, &state)?;
            print!("{}", summary::render_cascade(&next, waiting));
            if let Some(path) = out {
                io::write_json(&path, &next)?;
                println!("\nState written to {}", path.display());
            }
            if let Some(path) = carried {
                io::write_json(
                    &path,
                    &cascade::carried_requests(&inst, &commission, &state),
                )?;
                println!("Carried requests written to {}", path.display());
            }
            Ok(())
        }
        Command::Validate { instance } => {
            let c = io::read_commission(instance.as_deref())?;
            println!(
                "valid: commission {} with {} crèches, {} requests, {} sibling groups",
                c.id,
                c.creches.len(),
                c.requests.len(),
                c.sibling_groups.len()
            );
            Ok(())
        }
    }
}
