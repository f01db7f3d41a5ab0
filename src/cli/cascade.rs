//! `creche-alloc cascade`: after the commission, the events replayed and the
//! next offers.

use std::path::PathBuf;

use creche_alloc::i18n::{Lang, Names};
use creche_alloc::{cascade, decide, io, summary};

use super::output::{print, written, Result};

/// After the commission: replay the events (offers sent, acceptances,
/// refusals, no-shows, withdrawals) and print the next offers.
#[derive(clap::Args)]
pub struct Args {
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
    /// Print the state JSON on standard output instead of the summary.
    #[arg(long)]
    json: bool,
    /// Waiting-list entries shown.
    #[arg(long, default_value_t = 10)]
    waiting: usize,
    /// The commission's decisions the allocation was made under (`decide`):
    /// kept in force for the next offers (reservations held, exclusions
    /// closed); deferred requests carried with the bonus decided.
    #[arg(long)]
    decisions: Option<PathBuf>,
}

pub fn run(a: &Args, lang: Lang) -> Result {
    let t = lang.messages();
    let inst = io::read_instance(Some(&a.instance))?;
    let commission = creche_alloc::validate::validate(&inst)?;
    let allocation = io::read_allocation(&a.allocation)?;
    let log = io::read_events(&a.events)?;
    let state = cascade::replay(&commission, &allocation, &log)?;
    let decisions = match &a.decisions {
        Some(path) => {
            let d = decide::check(&commission, &io::read_decisions(path)?)?;
            let options = creche_alloc::rules::resolve(&commission);
            let adopted = creche_alloc::adopt::adopt(&commission, &options, &allocation)?;
            d.held_by(&commission, adopted.placements())?;
            d
        }
        None => decide::Decisions::none(&commission),
    };
    let next = cascade::offers::next_offers_decided(
        &commission,
        &state,
        &decisions,
        &Default::default(),
        lang,
    )?;
    if a.json {
        print(&io::to_json(&next))?;
    } else {
        let names = Names::of(&commission, t);
        print(&summary::render_cascade(&next, a.waiting, &names))?;
    }
    if let Some(path) = &a.out {
        io::write_json(path, &next)?;
        written(t, "written-state", path);
    }
    if let Some(path) = &a.carried {
        let carried = cascade::offers::carried_decided(&inst, &commission, &state, &decisions);
        io::write_json(path, &carried)?;
        written(t, "written-carried", path);
    }
    Ok(())
}
