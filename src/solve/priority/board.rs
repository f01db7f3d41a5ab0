//! Every crèche's site and the outcome each claimant was given: the state
//! points order builds, tie group after tie group.

use std::collections::HashMap;

use super::site::{Held, Item, Plan, Site};
use super::units::{Unit, Units};
use crate::domain::Commission;
use crate::error::{Error, Result};
use crate::rules::Opt;
use crate::solve::cancel::Stop;
use crate::solve::load::Placement;
use crate::solve::session::HighsConfig;
use crate::solve::settings;

/// A claimant's outcome: one of its wishes (index into [`Unit::wishes`]) and
/// one of the outcomes there (index into `UnitWish::outcomes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Choice {
    pub wish: usize,
    pub outcome: usize,
}

/// Claimants placed together at one crèche, each with its choice there.
pub type Party = Vec<(usize, Choice)>;

pub struct Board<'a> {
    pub c: &'a Commission,
    /// The options of the parts' HiGHS instances (one thread, the
    /// commission's seed) and when the solve must stop.
    pub highs: HighsConfig,
    pub stop: Stop,
    pub units: &'a Units,
    pub sites: Vec<Site>,
    /// What each claimant was given (`None`: waiting).
    pub given: Vec<Option<Choice>>,
    /// Packing search nodes visited.
    pub nodes: u64,
    /// Packing checks made.
    pub checks: u64,
    /// Claimants whose tie group has been served.
    served: Vec<bool>,
    /// Crèches that let a child go since [`Board::settled`].
    freed: Vec<bool>,
    memo: HashMap<(usize, Party), bool>,
    /// `(section, block)` of each site block, per crèche.
    blocks: Vec<Vec<(usize, usize)>>,
}

impl<'a> Board<'a> {
    pub fn new(c: &'a Commission, units: &'a Units) -> Board<'a> {
        let blocks = c
            .creches()
            .iter()
            .map(|cr| {
                cr.sections
                    .iter()
                    .enumerate()
                    .flat_map(|(s, sec)| (0..sec.blocks.len()).map(move |b| (s, b)))
                    .collect()
            })
            .collect();
        Board {
            c,
            highs: HighsConfig {
                threads: 1,
                seed: settings::seed(c),
                diagnostics: false,
            },
            stop: Stop::default(),
            units,
            sites: (0..c.creches().len()).map(|k| Site::new(c, k)).collect(),
            given: vec![None; units.list.len()],
            nodes: 0,
            checks: 0,
            served: vec![false; units.list.len()],
            freed: vec![false; c.creches().len()],
            memo: HashMap::new(),
            blocks,
        }
    }

    pub fn unit(&self, u: usize) -> &'a Unit {
        &self.units.list[u]
    }

    pub fn creche_of(&self, u: usize, ch: Choice) -> usize {
        self.unit(u).wishes[ch.wish].creche
    }

    /// The children of claimant `u` under choice `ch`, as items to pack.
    pub fn items(&self, u: usize, ch: Choice) -> Vec<Item<'a>> {
        let w = &self.unit(u).wishes[ch.wish];
        let o = &w.outcomes[ch.outcome];
        w.seats
            .iter()
            .zip(&o.entries)
            .map(|(seat, &bound)| Item {
                planning: self.c.requests()[seat.request].planning,
                opts: &seat.blocks[..seat.allowed(bound)],
            })
            .collect()
    }

    fn party_items(&self, party: &[(usize, Choice)]) -> Vec<Item<'a>> {
        party
            .iter()
            .flat_map(|&(u, ch)| self.items(u, ch))
            .collect()
    }

    /// Whether the claimants of `party` fit together at `creche` beside
    /// everything held there, and how.
    pub fn fit(&mut self, creche: usize, party: &[(usize, Choice)]) -> Result<Option<Plan>> {
        self.checks += 1;
        let items = self.party_items(party);
        self.sites[creche].fit(&items, &mut self.nodes)
    }

    /// [`Board::fit`] when only the answer matters, remembered until the site
    /// next lets a child go (holding more never makes a failed check pass).
    pub fn fits(&mut self, creche: usize, party: &[(usize, Choice)]) -> Result<bool> {
        let mut key = party.to_vec();
        key.sort();
        if let Some(&known) = self.memo.get(&(creche, key.clone())) {
            if !known {
                return Ok(false);
            }
        }
        let ok = self.fit(creche, party)?.is_some();
        self.memo.insert((creche, key), ok);
        Ok(ok)
    }

    /// Gives every claimant of `party` its choice at `creche` (they must fit).
    pub fn commit(&mut self, creche: usize, party: &[(usize, Choice)]) -> Result<()> {
        if party.is_empty() {
            return Ok(());
        }
        let plan = self.fit(creche, party)?.ok_or_else(|| {
            Error::Solver(format!(
                "points order: a party of {} claimant(s) no longer fits at crèche {}",
                party.len(),
                self.c.creches()[creche].id
            ))
        })?;
        let held = party.iter().flat_map(|&(u, ch)| self.held(u, ch)).collect();
        self.sites[creche].apply(plan, held);
        for &(u, ch) in party {
            self.given[u] = Some(ch);
        }
        Ok(())
    }

    fn held(&self, u: usize, ch: Choice) -> Vec<Held> {
        let w = &self.unit(u).wishes[ch.wish];
        let o = &w.outcomes[ch.outcome];
        w.seats
            .iter()
            .zip(&o.entries)
            .map(|(seat, &bound)| {
                let n = seat.allowed(bound);
                Held {
                    unit: u,
                    request: seat.request,
                    wish: seat.wish,
                    planning: self.c.requests()[seat.request].planning,
                    claim: w.claim,
                    opts: seat.blocks[..n].to_vec(),
                    entries: seat.dates[..n].to_vec(),
                }
            })
            .collect()
    }

    /// Takes claimant `u` out of its crèche (it waits again).
    pub fn release(&mut self, u: usize) {
        if let Some(ch) = self.given[u].take() {
            let creche = self.creche_of(u, ch);
            self.sites[creche].release(u);
            self.memo.retain(|(c, _), _| *c != creche);
            self.freed[creche] = true;
        }
    }

    pub fn mark_served(&mut self, group: &[usize]) {
        for &u in group {
            self.served[u] = true;
        }
    }

    pub fn served(&self, u: usize) -> bool {
        self.served[u]
    }

    /// Whether `creche` let a child go since the last [`Board::settled`].
    pub fn freed(&self, creche: usize) -> bool {
        self.freed[creche]
    }

    /// Nobody is blocked now: forget which crèches let a child go.
    pub fn settled(&mut self) {
        self.freed.iter_mut().for_each(|f| *f = false);
    }

    /// Whether claimant `u` fits at its wish `wish` beside the children held
    /// there with a claim of at least `claim` (the others set aside).
    pub fn fits_beside(&mut self, u: usize, wish: usize, claim: i64) -> Result<bool> {
        let w = &self.unit(u).wishes[wish];
        let items = self.items(
            u,
            Choice {
                wish,
                outcome: w.loosest(),
            },
        );
        self.checks += 1;
        let found = self.sites[w.creche].fits_with(
            |h| h.claim >= claim && h.unit != u,
            &items,
            &mut self.nodes,
        )?;
        Ok(found.is_some())
    }

    /// Settles sections and blocks (most claim points first, then tie order,
    /// each child earliest entry first) and returns every request's placement.
    pub fn placements(&mut self) -> Result<Vec<Option<Placement>>> {
        let mut out = vec![None; self.c.requests().len()];
        for creche in 0..self.sites.len() {
            let site = &self.sites[creche];
            let mut order: Vec<usize> = (0..site.held.len()).collect();
            order.sort_by_key(|&k| {
                let h = &site.held[k];
                (std::cmp::Reverse(h.claim), self.unit(h.unit).tie, h.request)
            });
            self.sites[creche].arrange(&order, &mut self.nodes)?;
            let site = &self.sites[creche];
            for (k, h) in site.held.iter().enumerate() {
                let b = site.block_of(k);
                let at = h
                    .opts
                    .iter()
                    .position(|&x| x == b)
                    .expect("the block is an option");
                let (section, block) = self.blocks[creche][b as usize];
                out[h.request] = Some(Placement {
                    creche,
                    wish: h.wish,
                    opt: Opt {
                        section,
                        block,
                        entry: h.entries[at],
                    },
                });
            }
        }
        Ok(out)
    }
}
