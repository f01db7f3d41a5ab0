//! `creche-alloc validate`: every problem of an instance at once, with its
//! JSON path; nothing solved.

use std::path::PathBuf;

use creche_alloc::args;
use creche_alloc::i18n::Lang;
use creche_alloc::{io, Error};

use super::output::{print, Failure, Result};

/// Validate an instance: every problem, with its JSON path; nothing solved.
#[derive(clap::Args)]
pub struct Args {
    /// Instance JSON; the embedded default commission when absent.
    instance: Option<PathBuf>,
    /// Print the outcome as JSON on standard output (`valid`, the counts, every
    /// problem with `path`, `value`, `message`); exit 2 when invalid.
    #[arg(long)]
    json: bool,
}

pub fn run(a: &Args, lang: Lang) -> Result {
    let result = io::read_commission(a.instance.as_deref());
    if !a.json {
        let c = result?;
        let t = lang.messages();
        return print(&format!(
            "{}\n",
            t.text(
                "validate-ok",
                &args! {
                    "id" => c.id(),
                    "creches" => c.creches().len(),
                    "requests" => c.requests().len(),
                    "groups" => c.sibling_groups().len(),
                }
            )
        ));
    }
    let report = match &result {
        Ok(c) => serde_json::json!({
            "valid": true,
            "commission_id": c.id(),
            "creches": c.creches().len(),
            "requests": c.requests().len(),
            "sibling_groups": c.sibling_groups().len(),
            "problems": [],
        }),
        Err(Error::Invalid(problems)) => serde_json::json!({
            "valid": false,
            "problems": problems.iter().map(|p| serde_json::json!({
                "path": p.path, "value": p.value, "message": p.message,
            })).collect::<Vec<_>>(),
        }),
        Err(_) => return result.map(|_| ()).map_err(Failure::Lib),
    };
    print(&io::to_json(&report))?;
    match result {
        // Said on standard output already: the exit code tells the rest.
        Err(Error::Invalid(_)) => Err(Failure::Exit(super::output::EXIT_INVALID)),
        _ => Ok(()),
    }
}
