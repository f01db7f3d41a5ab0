//! Blocking: where an allocation passes a family over for families with
//! fewer points, once sections and blocks are rearranged.
//!
//! A family F is *blocked* at a crèche C when F wished for C and is waiting
//! or placed at a worse wish, and F fits at C together with every family
//! placed at C that has at least F's points there — their sections and blocks
//! rearranged, none of them entering later than it does now; only families
//! with fewer points would leave. A sibling group is one family: all its
//! children must fit, and it claims with its highest member's points there.
//!
//! [`super::metrics::inversions`] looks at one holder at a time; blocking
//! looks at all of them at once, which is what strict points order promises:
//! the priority policy leaves nobody blocked except where crèches rank
//! families in crossing orders and no arrangement satisfies them all.

use chrono::NaiveDate;

use super::load::Placement;
use super::priority::site::{Held, Item, Site};
use super::priority::units::{block_index, units, Units};
use crate::domain::Commission;
use crate::error::Result;
use crate::rules::{claim_points_at, RequestOptions};

/// A family blocked at a crèche, and the families placed there with fewer points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocked {
    /// Requests of the family (one, or a sibling group's), sorted.
    pub requests: Vec<usize>,
    pub creche: usize,
    /// Its claim there.
    pub points: i64,
    /// Requests placed there with fewer points, fewest last.
    pub lower: Vec<usize>,
}

/// The placed children of every crèche, each free to use any option with an
/// entry no later than the one it has: what blocking and the reasons of a
/// waiting family are measured against.
pub struct Holders {
    pub units: Units,
    sites: Vec<Site>,
}

impl Holders {
    pub fn new(
        c: &Commission,
        options: &[RequestOptions],
        placements: &[Option<Placement>],
    ) -> Holders {
        let units = units(c, options);
        let sites = sites(c, options, placements, &units);
        Holders { units, sites }
    }

    /// Whether claimant `u` (every child) fits at `creche` beside the
    /// children held there that `keep` selects (never its own).
    pub fn fits(
        &self,
        c: &Commission,
        u: usize,
        creche: usize,
        keep: impl Fn(&Held) -> bool,
    ) -> Result<bool> {
        let Some(w) = self.units.list[u].wish_at(creche) else {
            return Ok(false);
        };
        let items: Vec<Item> = w
            .seats
            .iter()
            .map(|s| Item {
                planning: c.requests()[s.request].planning,
                opts: &s.blocks,
            })
            .collect();
        let mut nodes = 0;
        let found = self.sites[creche].fits_with(|h| h.unit != u && keep(h), &items, &mut nodes)?;
        Ok(found.is_some())
    }

    /// The children held at `creche`.
    pub fn held(&self, creche: usize) -> &[Held] {
        &self.sites[creche].held
    }

    /// Every family blocked at some crèche, at its best-ranked such wish.
    pub fn blocked(
        &self,
        c: &Commission,
        placements: &[Option<Placement>],
    ) -> Result<Vec<Blocked>> {
        let mut out = Vec::new();
        for (u, unit) in self.units.list.iter().enumerate() {
            let given = placements[unit.members[0]].map(|p| p.creche);
            for w in &unit.wishes {
                if Some(w.creche) == given {
                    break;
                }
                if self.fits(c, u, w.creche, |h| h.claim >= w.claim)? {
                    out.push(Blocked {
                        requests: unit.members.clone(),
                        creche: w.creche,
                        points: w.claim,
                        lower: self.lower(w.creche, w.claim),
                    });
                    break;
                }
            }
        }
        Ok(out)
    }

    /// Requests held at `creche` with a claim below `points`, most points first.
    pub fn lower(&self, creche: usize, points: i64) -> Vec<usize> {
        let mut lower: Vec<(i64, usize)> = self.sites[creche]
            .held
            .iter()
            .filter(|h| h.claim < points)
            .map(|h| (h.claim, h.request))
            .collect();
        lower.sort_by_key(|&(p, r)| (std::cmp::Reverse(p), r));
        lower.into_iter().map(|(_, r)| r).collect()
    }
}

/// Every family blocked at some crèche, at its best-ranked such wish.
pub fn blocked(
    c: &Commission,
    options: &[RequestOptions],
    placements: &[Option<Placement>],
) -> Result<Vec<Blocked>> {
    Holders::new(c, options, placements).blocked(c, placements)
}

/// Requests blocked somewhere (each child of a blocked sibling group counts).
pub fn count(blocked: &[Blocked]) -> usize {
    blocked.iter().map(|b| b.requests.len()).sum()
}

/// Each crèche holding its placed children, each free to use any option
/// with an entry no later than the one it has.
fn sites(
    c: &Commission,
    options: &[RequestOptions],
    placements: &[Option<Placement>],
    units: &Units,
) -> Vec<Site> {
    let mut held: Vec<Vec<(Held, u16)>> = vec![Vec::new(); c.creches().len()];
    for (r, p) in placements.iter().enumerate() {
        let Some(p) = p else { continue };
        let w = &options[r].wishes[p.wish];
        let mut opts: Vec<(NaiveDate, u16)> = w
            .options
            .iter()
            .filter(|o| o.entry <= p.opt.entry)
            .map(|o| (o.entry, block_index(c, p.creche, o.section, o.block)))
            .collect();
        opts.sort();
        let at = block_index(c, p.creche, p.opt.section, p.opt.block);
        let held_child = Held {
            unit: units.of_request[r],
            request: r,
            wish: p.wish,
            planning: c.requests()[r].planning,
            claim: claim_points_at(c, options, r, p.creche),
            opts: opts.iter().map(|&(_, b)| b).collect(),
            entries: opts.iter().map(|&(e, _)| e).collect(),
        };
        held[p.creche].push((held_child, at));
    }
    held.into_iter()
        .enumerate()
        .map(|(k, list)| Site::holding(c, k, list))
        .collect()
}
