//! Transparency: what a commission writes down and what the Guichet Unique
//! tells a family that waits.
//!
//! - [`cutoff`]: cut-off points per crèche and section (in the allocation JSON);
//! - [`minutes`]: the procès-verbal as a document model, rendered by
//!   [`minutes_md`] (Markdown) and [`minutes_html`] (printable HTML);
//! - [`candidates`]: the changes worth trying for a request, generated without solving;
//! - [`change`]: one change to one request of an instance (a half-day or a day
//!   less, a later entry, one more crèche, more points at a crèche);
//! - [`fit`]: the cheap pre-filter: would the changed request fit at all beside
//!   the requests with more points;
//! - [`others`]: who else moves when a change places a request, and why;
//! - [`suggest`]: for each waiting request, the smallest changes that give it a
//!   place, each proven by re-solving the commission with that change alone.
//!
//! Everything here is a plain library function (commission, allocation,
//! options → `String` or a serialisable struct), so that an RPC is a thin
//! wrapper (the command line is `src/cli/minutes.rs` and `src/cli/suggest.rs`).
//! Documents are anonymous: requests appear by id only, with dates, points
//! and plannings, never a criterion of their own; crèches, sections and
//! criteria by the names a reader knows.

pub mod candidates;
pub mod change;
pub mod cutoff;
pub mod fit;
mod lacked;
pub mod minutes;
pub mod minutes_decisions;
pub mod minutes_html;
pub mod minutes_md;
pub mod others;
pub mod suggest;

use sha2::{Digest, Sha256};

pub use cutoff::cutoffs;
pub use minutes::{minutes, minutes_decided, Format, Recorded, RunInfo};
pub use suggest::{suggest, SuggestOptions, Suggestions};

use crate::domain::instance::Instance;
use crate::domain::Commission;
use crate::error::{Error, Problem, Result};
use crate::solve::Strategy;

/// SHA-256 of some bytes, lower-case hex (what `sha256sum` prints).
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The strategy an allocation records (`optimal/priority`, `greedy`, …):
/// the one its re-solves use.
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

/// An instance file (the embedded default with `None`), its SHA-256 (of the
/// file's bytes, as `sha256sum` computes it, which the minutes' footer
/// records) and the commission.
pub fn read_hashed(path: Option<&std::path::Path>) -> Result<(Instance, String, Commission)> {
    let bytes = match path {
        Some(p) => std::fs::read(p).map_err(|source| Error::Read {
            path: p.display().to_string(),
            source,
        })?,
        None => crate::io::DEFAULT_INSTANCE.as_bytes().to_vec(),
    };
    let inst = crate::io::read_instance(path)?;
    let c = crate::validate::validate(&inst)?;
    Ok((inst, sha256_hex(&bytes), c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_the_empty_string() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
