//! Who uses which half-days of which block: the capacity bookkeeping shared by
//! the greedy baseline, the explanations and the metrics.

use crate::domain::{Commission, SlotSet};
use crate::error::{Error, Result};
use crate::rules::Opt;

/// A request's place: a block of a section of a crèche, from an entry date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub creche: usize,
    /// Index into the request's wishes (rank − 1).
    pub wish: usize,
    pub opt: Opt,
}

/// Half-day usage of every (crèche, section, block).
#[derive(Debug, Clone)]
pub struct Load {
    /// `used[creche][section][block][half_day]`, grown on first use: a
    /// block nobody uses has no row, and reads 0 (an explanation's load
    /// holds one crèche of the département's 400).
    used: Vec<Vec<Vec<Vec<u32>>>>,
}

impl Load {
    pub fn new(c: &Commission) -> Self {
        Load {
            used: vec![Vec::new(); c.creches().len()],
        }
    }

    /// Usage of every placed request.
    pub fn of(c: &Commission, placements: &[Option<Placement>]) -> Self {
        let mut load = Load::new(c);
        for (r, p) in placements.iter().enumerate() {
            if let Some(p) = p {
                load.add(p.creche, p.opt, c.requests()[r].planning);
            }
        }
        load
    }

    pub fn used(&self, creche: usize, opt: Opt, half_day: usize) -> u32 {
        self.used_in(creche, opt.section, opt.block, half_day)
    }

    /// Places used in one half-day of a block.
    pub fn used_in(&self, creche: usize, section: usize, block: usize, half_day: usize) -> u32 {
        self.used[creche]
            .get(section)
            .and_then(|s| s.get(block))
            .and_then(|b| b.get(half_day))
            .copied()
            .unwrap_or(0)
    }

    /// The row of a block, made on first use, long enough for `planning`.
    fn row(&mut self, creche: usize, opt: Opt, planning: SlotSet) -> &mut Vec<u32> {
        let sections = &mut self.used[creche];
        if sections.len() <= opt.section {
            sections.resize(opt.section + 1, Vec::new());
        }
        let blocks = &mut sections[opt.section];
        if blocks.len() <= opt.block {
            blocks.resize(opt.block + 1, Vec::new());
        }
        let row = &mut blocks[opt.block];
        let len = 64 - planning.0.leading_zeros() as usize;
        if row.len() < len {
            row.resize(len, 0);
        }
        row
    }

    /// Planning half-days where the block is full.
    pub fn full_slots(
        &self,
        c: &Commission,
        creche: usize,
        opt: Opt,
        planning: SlotSet,
    ) -> SlotSet {
        let cap = &c.creches()[creche].sections[opt.section].blocks[opt.block].capacity;
        let mut full = SlotSet::EMPTY;
        for h in planning.iter() {
            if self.used(creche, opt, h) >= cap[h] {
                full.insert(h);
            }
        }
        full
    }

    pub fn fits(&self, c: &Commission, creche: usize, opt: Opt, planning: SlotSet) -> bool {
        self.full_slots(c, creche, opt, planning).is_empty()
    }

    pub fn add(&mut self, creche: usize, opt: Opt, planning: SlotSet) {
        let row = self.row(creche, opt, planning);
        for h in planning.iter() {
            row[h] += 1;
        }
    }

    pub fn remove(&mut self, creche: usize, opt: Opt, planning: SlotSet) {
        let row = self.row(creche, opt, planning);
        for h in planning.iter() {
            row[h] -= 1;
        }
    }

    /// Options at `creche` for every member (planning, options) so that all fit
    /// together, searching the combinations in order; the load is unchanged.
    pub fn fit_together(
        &mut self,
        c: &Commission,
        creche: usize,
        members: &[(SlotSet, &[Opt])],
    ) -> Option<Vec<Opt>> {
        let mut chosen = Vec::with_capacity(members.len());
        let found = self.search(c, creche, members, &mut chosen);
        for (o, (planning, _)) in chosen.iter().zip(members) {
            self.remove(creche, *o, *planning);
        }
        found.then_some(chosen)
    }

    fn search(
        &mut self,
        c: &Commission,
        creche: usize,
        members: &[(SlotSet, &[Opt])],
        chosen: &mut Vec<Opt>,
    ) -> bool {
        let Some(&(planning, opts)) = members.get(chosen.len()) else {
            return true;
        };
        for &o in opts {
            if self.fits(c, creche, o, planning) {
                self.add(creche, o, planning);
                chosen.push(o);
                if self.search(c, creche, members, chosen) {
                    return true;
                }
                chosen.pop();
                self.remove(creche, o, planning);
            }
        }
        false
    }
}

/// The commission as it stands once the `pinned` places are held: their
/// half-days taken out of the free places, and only the requests marked in
/// `keep` left (a sibling group only when every member is kept). The
/// désistement cascade offers what is left this way, and "what it would
/// take" re-solves a change on it when the other families keep their places.
/// The pinned places come from an adopted allocation or a replayed state,
/// which never exceed a block's places; if they did, that is an error, never
/// a silent zero.
pub fn residual(c: &Commission, pinned: &[Option<Placement>], keep: &[bool]) -> Result<Commission> {
    let load = Load::of(c, pinned);
    c.residual(|ci, si, bi, h| load.used_in(ci, si, bi, h), keep)
        .map_err(|o| {
            let creche = &c.creches()[o.creche];
            Error::Solver(format!(
                "{} children held in {}/{}/block {} on {}, which has {} places",
                o.held,
                creche.id,
                creche.sections[o.section].id,
                o.block,
                c.week().label(o.half_day),
                o.free
            ))
        })
}
