//! The command line: one file per subcommand, each parsing its flags,
//! calling the library and printing. The library never prints.
//!
//! Conventions (those of ripgrep and cargo): results go to standard output,
//! progress and status to standard error; `--json` gives a result as JSON;
//! a closed pipe on standard output ends the command quietly (exit 0); the
//! exit codes are [`EXIT_FAILURE`], [`EXIT_INVALID`] and [`EXIT_USAGE`]
//! (the table is in the top-level `--help` and in the README). Texts a person
//! reads are in the language of `--lang` (French by default); `--help` is in
//! English.

mod bench;
mod cascade;
mod compare;
mod completions;
mod decide;
mod generate;
mod minutes;
mod output;
mod settings;
mod solve;
mod suggest;
mod validate;

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use creche_alloc::args;
use creche_alloc::i18n::Lang;
use creche_alloc::Error;

use output::{print, status, Failure, Result, EXIT_FAILURE, EXIT_INVALID, EXIT_USAGE};

const EXIT_CODES: &str = "Exit codes:
  0   success (also when standard output is a pipe closed early, as by `head`)
  1   failure: a file cannot be read or written, the solver failed, a time limit
      left nothing proven, the server cannot start
  2   invalid input: instance, allocation, events, scenario or a flag's value
      (every problem is listed on standard error with its path)
  64  usage error: unknown flag or subcommand, missing argument";

#[derive(Parser)]
#[command(
    name = "creche-alloc",
    version,
    about = "Place-allocation optimizer for crèche commissions",
    long_about = "Place-allocation optimizer for crèche commissions (commission d'attribution): \
                  solves the allocation, writes the procès-verbal, compares what-if scenarios, \
                  replays the désistements and serves the same over gRPC.",
    after_help = EXIT_CODES
)]
pub struct Cli {
    /// Language of the texts a person reads (documents, summaries, messages).
    #[arg(long, global = true, value_enum, default_value = "fr")]
    pub lang: Lang,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Solve(solve::Args),
    Validate(validate::Args),
    Cascade(cascade::Args),
    Minutes(minutes::Args),
    Decide(decide::Args),
    Suggest(suggest::Args),
    Compare(compare::Args),
    Generate(generate::Args),
    /// Serve the gRPC API (AllocationService, health, reflection) until SIGTERM or ctrl-c.
    Serve(creche_alloc::grpc::ServeArgs),
    /// Solve instances with the optimal and greedy strategies; one table of
    /// model size, times, status, gap, placed, occupancy, inversions, peak memory.
    Bench(creche_alloc::bench::BenchArgs),
    /// One measured solve, its figures as JSON (run by `bench` in a child process).
    #[command(hide = true)]
    BenchOne(creche_alloc::bench::OneArgs),
    Completions(completions::CompletionsArgs),
    Manpage(completions::ManArgs),
}

/// Parses the command line, runs the subcommand, maps the outcome to an
/// exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { 0 };
            // Help and version go to standard output, errors to standard error.
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let t = cli.lang.messages();
    match run(cli.command, cli.lang) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Lib(e)) => {
            status(&t.text("cli-error", &args! {"message" => e.to_string()}));
            ExitCode::from(match e {
                Error::Invalid(_) => EXIT_INVALID,
                _ => EXIT_FAILURE,
            })
        }
        Err(Failure::Said(message)) => {
            status(&t.text("cli-error", &args! {"message" => message}));
            ExitCode::from(EXIT_FAILURE)
        }
        Err(Failure::Exit(code)) => ExitCode::from(code),
    }
}

fn run(command: Command, lang: Lang) -> Result {
    match command {
        Command::Solve(a) => solve::run(&a, lang),
        Command::Validate(a) => validate::run(&a, lang),
        Command::Cascade(a) => cascade::run(&a, lang),
        Command::Minutes(a) => minutes::run(&a, lang),
        Command::Decide(a) => decide::run(&a, lang),
        Command::Suggest(a) => suggest::run(&a, lang),
        Command::Compare(a) => compare::run(&a, lang),
        Command::Generate(a) => generate::run(&a, lang),
        Command::Serve(a) => creche_alloc::grpc::serve(a).map_err(|e| Failure::Said(e.to_string())),
        Command::Bench(a) => bench::run(&a, lang),
        Command::BenchOne(a) => {
            let figures = creche_alloc::bench::run_one(&a)?;
            let line = serde_json::to_string(&figures).expect("figures serialise");
            print(&format!("{line}\n"))
        }
        Command::Completions(a) => completions::completions(&a, &mut Cli::command()),
        Command::Manpage(a) => completions::manpage(&a, Cli::command()),
    }
}
