//! `creche-alloc cascade`: after the commission, the events replayed and the
//! next offers.

use std::path::PathBuf;

use creche_alloc::i18n::{Lang, Names};
use creche_alloc::{cascade, io, summary};

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
}

pub fn run(a: &Args, lang: Lang) -> Result {
    let t = lang.messages();
    let inst = io::read_instance(Some(&a.instance))?;
    let commission = creche_alloc::validate::validate(&inst)?;
    let allocation = io::read_allocation(&a.allocation)?;
    let log = io::read_events(&a.events)?;
    let state = cascade::replay(&commission, &allocation, &log)?;
    let next = cascade::offers::next_offers_within(&commission, &state, &Default::default(), lang)?;
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
        let carried = cascade::carried_requests(&inst, &commission, &state);
        io::write_json(path, &carried)?;
        written(t, "written-carried", path);
    }
    Ok(())
}
