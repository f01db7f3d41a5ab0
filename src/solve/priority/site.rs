//! One crèche's free places and the children it holds, with their sections and
//! blocks still free to move: the exact packing check behind every decision
//! of points order ("does this child fit here, together with everyone kept
//! here, if sections and blocks are rearranged?").
//!
//! The check is a depth-first search over the children that have a choice
//! (a child whose age fits two sections, or whose start allows two blocks);
//! children with one option only are counted once, up front. The site keeps a
//! *witness* (one packing of what it holds), so most checks only try the
//! newcomer on top of it and search only when that fails.

use chrono::NaiveDate;

use crate::domain::{Commission, SlotSet};
use crate::error::{Error, Result};

/// Nodes one packing search may visit before it gives up (never reached on
/// the shipped commissions; a guard against a pathological input).
const NODE_BUDGET: u64 = 5_000_000;

/// A child to fit: its half-days and the site blocks it may use, in order of preference.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    pub planning: SlotSet,
    pub opts: &'a [u16],
}

/// A child a site holds.
#[derive(Debug, Clone)]
pub struct Held {
    pub unit: usize,
    pub request: usize,
    /// Index into the request's wishes.
    pub wish: usize,
    pub planning: SlotSet,
    /// Its claim here (a sibling group's highest member's points).
    pub claim: i64,
    /// The blocks it may use (entry no later than its bound), and their entry dates.
    pub opts: Vec<u16>,
    pub entries: Vec<NaiveDate>,
}

/// Places used per block and half-day, with the half-days already full.
#[derive(Debug, Clone)]
pub struct Grid {
    h: usize,
    cap: Vec<i32>,
    used: Vec<i32>,
    /// Per block, the half-days with no place left.
    full: Vec<u64>,
}

impl Grid {
    fn empty(h: usize, cap: Vec<i32>) -> Grid {
        let blocks = cap.len() / h.max(1);
        let mut full = vec![0u64; blocks];
        for (i, &n) in cap.iter().enumerate() {
            if n <= 0 {
                full[i / h] |= 1 << (i % h);
            }
        }
        Grid {
            h,
            used: vec![0; cap.len()],
            cap,
            full,
        }
    }

    pub fn fits(&self, block: u16, planning: SlotSet) -> bool {
        planning.0 & self.full[block as usize] == 0
    }

    pub fn add(&mut self, block: u16, planning: SlotSet) {
        let b = block as usize;
        for d in planning.iter() {
            let i = b * self.h + d;
            self.used[i] += 1;
            if self.used[i] >= self.cap[i] {
                self.full[b] |= 1 << d;
            }
        }
    }

    pub fn remove(&mut self, block: u16, planning: SlotSet) {
        let b = block as usize;
        for d in planning.iter() {
            let i = b * self.h + d;
            self.used[i] -= 1;
            if self.used[i] < self.cap[i] {
                self.full[b] &= !(1 << d);
            }
        }
    }

    /// Half-days of `planning` with no place left in `block`.
    pub fn full_of(&self, block: u16, planning: SlotSet) -> SlotSet {
        SlotSet(planning.0 & self.full[block as usize])
    }
}

/// One option per item so that all fit on top of `grid`, searched depth first
/// in item order and, for each item, in its option order: the first packing
/// in that order. `grid` is left as it was.
pub fn pack(grid: &mut Grid, items: &[Item], nodes: &mut u64) -> Result<Option<Vec<u16>>> {
    let mut chosen = Vec::with_capacity(items.len());
    let mut visited = 0;
    let found = dfs(grid, items, &mut chosen, &mut visited);
    *nodes += visited;
    let found = found?;
    for (k, item) in items.iter().enumerate().take(chosen.len()) {
        grid.remove(item.opts[chosen[k] as usize], item.planning);
    }
    Ok(found.then_some(chosen))
}

/// [`pack`] with the most constrained items first (fewest options, then most
/// half-days); the options chosen are returned in the items' own order.
pub fn pack_hardest_first(
    grid: &mut Grid,
    items: &[Item],
    nodes: &mut u64,
) -> Result<Option<Vec<u16>>> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| {
        (
            items[i].opts.len(),
            std::cmp::Reverse(items[i].planning.len()),
        )
    });
    let sorted: Vec<Item> = order.iter().map(|&i| items[i]).collect();
    let Some(found) = pack(grid, &sorted, nodes)? else {
        return Ok(None);
    };
    let mut out = vec![0u16; items.len()];
    for (pos, &i) in order.iter().enumerate() {
        out[i] = found[pos];
    }
    Ok(Some(out))
}

fn dfs(grid: &mut Grid, items: &[Item], chosen: &mut Vec<u16>, nodes: &mut u64) -> Result<bool> {
    let Some(item) = items.get(chosen.len()) else {
        return Ok(true);
    };
    *nodes += 1;
    if *nodes > NODE_BUDGET {
        return Err(Error::Solver(format!(
            "a packing search visited more than {NODE_BUDGET} nodes"
        )));
    }
    for (k, &b) in item.opts.iter().enumerate() {
        if grid.fits(b, item.planning) {
            grid.add(b, item.planning);
            chosen.push(k as u16);
            if dfs(grid, items, chosen, nodes)? {
                return Ok(true);
            }
            chosen.pop();
            grid.remove(b, item.planning);
        }
    }
    Ok(false)
}

/// A crèche's places and what it holds.
#[derive(Debug, Clone)]
pub struct Site {
    h: usize,
    cap: Vec<i32>,
    pub held: Vec<Held>,
    /// The witness: the option each held child takes (index into its `opts`).
    choice: Vec<u16>,
    /// The witness's use of the places.
    grid: Grid,
    /// The use by children with one option only (they cannot move).
    hard: Grid,
}

/// A packing found for newcomers: their options, and new options for the
/// held children when they had to move.
#[derive(Debug, Clone)]
pub struct Plan {
    pub extras: Vec<u16>,
    held: Option<Vec<(usize, u16)>>,
}

impl Site {
    pub fn new(c: &Commission, creche: usize) -> Site {
        let h = c.week().half_days();
        let cap: Vec<i32> = c.creches()[creche]
            .sections
            .iter()
            .flat_map(|s| &s.blocks)
            .flat_map(|b| b.capacity.iter().map(|&n| n.min(i32::MAX as u32) as i32))
            .collect();
        Site {
            h,
            grid: Grid::empty(h, cap.clone()),
            hard: Grid::empty(h, cap.clone()),
            cap,
            held: Vec::new(),
            choice: Vec::new(),
        }
    }

    /// A site holding `held`, each child in the block given beside it (an
    /// allocation's actual places, which must fit).
    pub fn holding(c: &Commission, creche: usize, held: Vec<(Held, u16)>) -> Site {
        let mut site = Site::new(c, creche);
        for (h, block) in held {
            let k = h.opts.iter().position(|&b| b == block).unwrap_or(0);
            site.choice.push(k as u16);
            site.held.push(h);
        }
        site.rebuild();
        site
    }

    pub fn empty_grid(&self) -> Grid {
        Grid::empty(self.h, self.cap.clone())
    }

    /// The block each held child takes in the witness.
    pub fn block_of(&self, k: usize) -> u16 {
        self.held[k].opts[self.choice[k] as usize]
    }

    /// Whether `extras` fit together with everything held, and how.
    pub fn fit(&self, extras: &[Item], nodes: &mut u64) -> Result<Option<Plan>> {
        if extras
            .iter()
            .any(|e| !e.opts.iter().any(|&b| self.hard.fits(b, e.planning)))
        {
            return Ok(None);
        }
        if let Some(found) = pack(&mut self.grid.clone(), extras, nodes)? {
            return Ok(Some(Plan {
                extras: found,
                held: None,
            }));
        }
        let flexible: Vec<usize> = (0..self.held.len())
            .filter(|&k| self.held[k].opts.len() > 1)
            .collect();
        if flexible.is_empty() {
            return Ok(None);
        }
        let mut items: Vec<Item> = flexible.iter().map(|&k| self.item(k)).collect();
        items.extend_from_slice(extras);
        let Some(found) = pack_hardest_first(&mut self.hard.clone(), &items, nodes)? else {
            return Ok(None);
        };
        let (moved, extras) = found.split_at(flexible.len());
        Ok(Some(Plan {
            extras: extras.to_vec(),
            held: Some(flexible.into_iter().zip(moved.iter().copied()).collect()),
        }))
    }

    fn item(&self, k: usize) -> Item<'_> {
        Item {
            planning: self.held[k].planning,
            opts: &self.held[k].opts,
        }
    }

    /// Holds `new` (whose options are those of `plan.extras`, in order), moving
    /// held children as the plan says.
    pub fn apply(&mut self, plan: Plan, new: Vec<Held>) {
        if let Some(moves) = plan.held {
            for (k, opt) in moves {
                self.choice[k] = opt;
            }
        }
        self.choice.extend(plan.extras);
        self.held.extend(new);
        self.rebuild();
    }

    /// Lets go of every child of claimant `unit`; returns what it held.
    pub fn release(&mut self, unit: usize) -> Vec<Held> {
        let mut out = Vec::new();
        let mut k = 0;
        while k < self.held.len() {
            if self.held[k].unit == unit {
                out.push(self.held.remove(k));
                self.choice.remove(k);
            } else {
                k += 1;
            }
        }
        self.rebuild();
        out
    }

    fn rebuild(&mut self) {
        self.grid = self.empty_grid();
        self.hard = self.empty_grid();
        for k in 0..self.held.len() {
            let (b, p) = (self.block_of(k), self.held[k].planning);
            self.grid.add(b, p);
            if self.held[k].opts.len() == 1 {
                self.hard.add(b, p);
            }
        }
    }

    /// Whether `extras` fit with the held children `keep` selects, searched
    /// from scratch (the witness may use places those children do not).
    pub fn fits_with(
        &self,
        keep: impl Fn(&Held) -> bool,
        extras: &[Item],
        nodes: &mut u64,
    ) -> Result<Option<Vec<u16>>> {
        let mut items: Vec<Item> = (0..self.held.len())
            .filter(|&k| keep(&self.held[k]))
            .map(|k| self.item(k))
            .collect();
        let kept = items.len();
        items.extend_from_slice(extras);
        let found = pack_hardest_first(&mut self.empty_grid(), &items, nodes)?;
        Ok(found.map(|f| f[kept..].to_vec()))
    }

    /// Settles the sections and blocks for good: the first packing found with
    /// the children in `order` (indices into `held`), each trying its options
    /// earliest entry first. The witness proves one exists.
    pub fn arrange(&mut self, order: &[usize], nodes: &mut u64) -> Result<()> {
        let items: Vec<Item> = order.iter().map(|&k| self.item(k)).collect();
        if let Some(found) = pack(&mut self.empty_grid(), &items, nodes)? {
            for (&k, opt) in order.iter().zip(found) {
                self.choice[k] = opt;
            }
            self.rebuild();
        }
        Ok(())
    }

    /// Places left, counted in half-days over every block (a child uses its
    /// planning's half-days in whichever block it sits).
    pub fn free_half_days(&self) -> i64 {
        let cap: i64 = self.cap.iter().map(|&n| n.max(0) as i64).sum();
        let used: i64 = self.held.iter().map(|h| h.planning.len() as i64).sum();
        cap - used
    }

    /// Places of `block` on half-day `d` left by the children that cannot move.
    pub fn left_for_movable(&self, block: u16, d: usize) -> i32 {
        let i = block as usize * self.h + d;
        self.cap[i] - self.hard.used[i]
    }

    /// The witness's grid (places used by the children held, as they sit now).
    pub fn grid(&self) -> &Grid {
        &self.grid
    }
}
