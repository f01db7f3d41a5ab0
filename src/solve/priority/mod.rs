//! The priority policy: strict points order, the commission's own rule.
//!
//! Families are taken in points order; families with equal points form one
//! *tie group*. Each tie group, in turn, gets the allocation that is best for
//! it among those that keep every earlier family where it was given: a family
//! placed keeps its crèche and an entry date no later than the one it was
//! given (its section and block may still change, so that later families
//! fit); a family waiting stays waiting. "Best for the group" is, in order:
//! most half-days placed, better-ranked wishes, earlier entry dates, then the
//! earlier request (tie order: `submitted`, then the seeded draw).
//!
//! So a family's outcome depends only on the families with at least its
//! points, and no family waits, or gets a worse wish, while the places could
//! hold it together with everyone who has more points there.
//!
//! A sibling group is one claimant ("together or not at all"; twins need two
//! places). Where a crèche's own criteria give a family more points there
//! than elsewhere, crèches rank families differently and no single order
//! exists: [`crossing`] then lets a family that a crèche ranks higher take its
//! place there from one it ranks lower, as in family-proposing deferred
//! acceptance, and whatever blocking remains is counted and explained.
//!
//! The work is one tie group at a time, and within it only where claimants
//! compete ([`group`]); a packing check per crèche ([`site`]) decides every
//! "does it fit". No linear program is needed: the competing parts are small
//! and searched exactly ([`search`]).

mod board;
pub mod crossing;
mod group;
mod mip;
mod search;
pub mod site;
pub mod units;

use std::time::Instant;

use board::Board;
pub use group::GroupStats;
use units::{units, Units};

use super::cancel::Stop;
use super::raw::{Raw, Stats};
use super::session::HighsConfig;
use crate::domain::{Commission, Status};
use crate::error::Result;
use crate::rules::RequestOptions;

/// The priority policy's allocation (exact; never cut short except by `stop`:
/// [`Error::TimeLimit`](crate::Error::TimeLimit) or
/// [`Error::Cancelled`](crate::Error::Cancelled),
/// looked at between tie groups and inside HiGHS). Its HiGHS parts take
/// `config`'s seed and diagnostics, on one thread.
pub fn allocate(
    c: &Commission,
    options: &[RequestOptions],
    config: HighsConfig,
    stop: &Stop,
) -> Result<Raw> {
    let t0 = Instant::now();
    let units = units(c, options);
    let mut board = Board::new(c, &units);
    board.highs = HighsConfig {
        threads: 1,
        ..config
    };
    board.stop = stop.clone();
    let mut stats = GroupStats::default();
    let crossing = crossing::possible(&units);
    let mut repairs = crossing::Repairs::default();
    for group in levels(&units).chunk_by(|&a, &b| units.list[a].level == units.list[b].level) {
        stop.check()?;
        group::serve(&mut board, group, &mut stats)?;
        if crossing {
            crossing::repair(&mut board, &mut repairs)?;
        }
    }
    let placements = board.placements()?;
    let solve = t0.elapsed();
    Ok(Raw {
        placements,
        status: Status::Optimal,
        gap: None,
        stats: Stats {
            solves: stats.solves,
            objectives: report(&stats, &repairs, &board),
            solve,
            ..Stats::default()
        },
        greedy_fallback: false,
    })
}

/// Claimants that may be placed somewhere, most points first, then tie order.
fn levels(units: &Units) -> Vec<usize> {
    let mut order: Vec<usize> = (0..units.list.len())
        .filter(|&u| !units.list[u].wishes.is_empty())
        .collect();
    order.sort_by_key(|&u| {
        let unit = &units.list[u];
        (std::cmp::Reverse(unit.level), unit.tie, u)
    });
    order
}

/// The figures of the run, for the `solver` report of the allocation.
fn report(stats: &GroupStats, repairs: &crossing::Repairs, board: &Board) -> Vec<(String, f64)> {
    [
        ("tie_groups", stats.groups as f64),
        ("contended_groups", stats.contended_groups as f64),
        ("searched_parts", stats.searched_parts as f64),
        ("largest_part", stats.largest_part as f64),
        ("search_nodes", stats.search_nodes as f64),
        ("mip_parts", stats.mip_parts as f64),
        ("highs_solves", stats.solves as f64),
        ("packing_checks", board.checks as f64),
        ("packing_nodes", board.nodes as f64),
        ("crossing_moves", repairs.moves as f64),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::cancel::CancelToken;
    use std::path::Path;
    use std::time::Duration;

    fn config(c: &Commission) -> HighsConfig {
        HighsConfig {
            threads: 1,
            seed: crate::solve::settings::seed(c),
            diagnostics: false,
        }
    }

    #[test]
    fn a_cancelled_token_is_seen_before_the_first_tie_group() {
        let c = crate::io::read_commission(None).unwrap();
        let options = crate::rules::resolve(&c);
        let stop = Stop::default();
        stop.cancel.cancel();
        let got = allocate(&c, &options, config(&c), &stop);
        assert!(matches!(got, Err(crate::Error::Cancelled)));
        assert!(allocate(&c, &options, config(&c), &Stop::default()).is_ok());
    }

    #[test]
    fn a_token_cancelled_while_tie_groups_are_served_stops_the_policy() {
        // The town's 1,500 requests take hundreds of milliseconds, tie group
        // after tie group; the token is cancelled a few milliseconds in.
        let path = Path::new("instances/generated/town-40x1500.json");
        let c = crate::io::read_commission(Some(path)).unwrap();
        let options = crate::rules::resolve(&c);
        let cancel = CancelToken::new();
        let stop = Stop {
            deadline: None,
            cancel: cancel.clone(),
        };
        let canceller = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            cancel.cancel();
        });
        let got = allocate(&c, &options, config(&c), &stop);
        canceller.join().unwrap();
        assert!(
            matches!(got, Err(crate::Error::Cancelled)),
            "{:?}",
            got.err()
        );
    }
}
