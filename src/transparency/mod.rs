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
//! [`cli`] holds the `minutes` and `suggest` commands.
//!
//! Everything here is a plain library function (commission, allocation,
//! options → `String` or a serialisable struct), so that an RPC is a thin
//! wrapper. Documents are anonymous: requests appear by id only, with dates,
//! points and plannings, never a criterion of their own or a crèche's name.

pub mod candidates;
pub mod change;
pub mod cli;
pub mod cutoff;
pub mod fit;
mod lacked;
pub mod minutes;
pub mod minutes_html;
pub mod minutes_md;
pub mod others;
pub mod suggest;

use sha2::{Digest, Sha256};

pub use cutoff::cutoffs;
pub use minutes::{minutes, Format, RunInfo};
pub use suggest::{suggest, SuggestOptions, Suggestions};

use crate::cascade::state::resolve_place;
use crate::cascade::Place;
use crate::domain::{Allocation, Commission};
use crate::error::{Error, Problem, Result};
use crate::rules::RequestOptions;
use crate::solve::Placement;

/// SHA-256 of some bytes, lower-case hex (what `sha256sum` prints).
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The placements an allocation file describes, checked against the
/// commission (every problem at once, with its path in the allocation).
pub fn placements_of(
    c: &Commission,
    options: &[RequestOptions],
    a: &Allocation,
) -> Result<Vec<Option<Placement>>> {
    if a.commission_id != c.id {
        return Err(Error::Invalid(vec![Problem::new(
            "allocation.commission_id",
            &a.commission_id,
            format!("allocation of another commission (instance is {})", c.id),
        )]));
    }
    let mut placements = vec![None; c.requests.len()];
    let mut problems = Vec::new();
    for (k, x) in a.assignments.iter().enumerate() {
        let path = format!("allocation.assignments[{k}]");
        let Some(r) = c.request_index(&x.request) else {
            problems.push(Problem::new(
                format!("{path}.request"),
                &x.request,
                "unknown request",
            ));
            continue;
        };
        if placements[r].is_some() {
            problems.push(Problem::new(
                format!("{path}.request"),
                &x.request,
                "request assigned twice",
            ));
            continue;
        }
        let place = Place {
            creche: x.creche.clone(),
            section: x.section.clone(),
            block: x.block,
            entry_date: x.entry_date.clone(),
        };
        match resolve_place(c, options, r, &place, &path) {
            Ok(p) => placements[r] = Some(p),
            Err(Error::Invalid(mut ps)) => problems.append(&mut ps),
            Err(e) => return Err(e),
        }
    }
    if problems.is_empty() {
        Ok(placements)
    } else {
        Err(Error::Invalid(problems))
    }
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

    #[test]
    fn an_allocation_of_another_commission_or_request_is_rejected_with_its_path() {
        let c = crate::io::read_commission(None).unwrap();
        let options = crate::rules::resolve(&c);
        let mut a = Allocation {
            commission_id: "other".into(),
            status: crate::domain::Status::Heuristic,
            gap: None,
            strategy: None,
            assignments: Vec::new(),
            waiting_list: Vec::new(),
            metrics: crate::solve::metrics::metrics(&c, &options, &vec![None; c.requests.len()]),
            solver: None,
            cutoffs: Vec::new(),
        };
        let Err(Error::Invalid(p)) = placements_of(&c, &options, &a) else {
            panic!("expected invalid")
        };
        assert_eq!(p[0].path, "allocation.commission_id");
        a.commission_id = c.id.clone();
        a.assignments.push(crate::domain::Assignment {
            request: "nobody".into(),
            creche: "toboggan".into(),
            section: "bebes".into(),
            block: 0,
            entry_date: "2027-01-04".into(),
            wish_rank: 1,
            points: 0,
            half_days: 0,
            reasons: Vec::new(),
            note: None,
        });
        let Err(Error::Invalid(p)) = placements_of(&c, &options, &a) else {
            panic!("expected invalid")
        };
        assert_eq!(
            (p[0].path.as_str(), p[0].value.as_str()),
            ("allocation.assignments[0].request", "nobody")
        );
    }
}
