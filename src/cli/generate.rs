//! `creche-alloc generate`: a realistic commission instance, deterministic in
//! its seed.

use std::path::PathBuf;

use creche_alloc::args;
use creche_alloc::generate::{ccmvr_default, generate, GenerateOptions};
use creche_alloc::i18n::Lang;
use creche_alloc::io;

use super::output::{print, status, Result};

/// Generate a realistic commission instance (the same seed gives the same file).
#[derive(clap::Args)]
pub struct Args {
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
}

pub fn run(a: &Args, lang: Lang) -> Result {
    let instance = match a.preset {
        Some(_) => ccmvr_default(),
        None => generate(&GenerateOptions {
            creches: a.creches as usize,
            requests: a.requests as usize,
            seed: a.seed,
        }),
    };
    let Some(path) = &a.out else {
        return print(&io::to_json(&instance));
    };
    io::write_json(path, &instance)?;
    status(&lang.messages().text(
        "generate-written",
        &args! {
            "id" => instance.commission.id.as_str(),
            "creches" => instance.creches.len(),
            "requests" => instance.requests.len(),
            "path" => path.display().to_string(),
        },
    ));
    Ok(())
}
