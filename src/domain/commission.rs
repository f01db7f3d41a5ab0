//! The checked, typed commission every rule and solver works on.
//!
//! Built only by [`crate::validate`]; its invariants hold by construction:
//! ids are unique, every wish names a crèche (as an index), every criterion is in
//! the barème, dates are parsed, ages are ordered, capacities are non-negative.
//! Crèches and requests are sorted by id so that everything built from a
//! commission (model, output) has a canonical order, whatever the input order.

use chrono::NaiveDate;
use std::collections::BTreeMap;

use super::label::Label;
use super::slots::{SlotSet, WeekGrid};

/// The fields are private: a commission is built by [`crate::validate`]
/// (through [`Commission::from_validated`], which the tidy test lets no other
/// module call) or derived from a valid one by a named, checked derivation
/// ([`Commission::residual`], [`Commission::with_start`]) that keeps every
/// invariant. Readers use the accessors.
#[derive(Debug, Clone)]
pub struct Commission {
    id: String,
    date: NaiveDate,
    entry_from: NaiveDate,
    entry_to: NaiveDate,
    start_tolerance_days: i64,
    seed: u64,
    week: WeekGrid,
    bareme: Bareme,
    /// Sorted by id.
    creches: Vec<Creche>,
    /// Sorted by id.
    requests: Vec<Request>,
    /// Sorted by id; each has at least two members (request indices, sorted).
    sibling_groups: Vec<SiblingGroup>,
}

/// What [`crate::validate`] has checked, handed to [`Commission::from_validated`].
pub struct Validated {
    pub id: String,
    pub date: NaiveDate,
    pub entry_from: NaiveDate,
    pub entry_to: NaiveDate,
    pub start_tolerance_days: i64,
    pub seed: u64,
    pub week: WeekGrid,
    pub bareme: Bareme,
    pub creches: Vec<Creche>,
    pub requests: Vec<Request>,
    pub sibling_groups: Vec<SiblingGroup>,
}

/// More children held in a block on a half-day than it has free places: a
/// residual commission cannot be derived.
#[derive(Debug, Clone, PartialEq)]
pub struct Overdrawn {
    pub creche: usize,
    pub section: usize,
    pub block: usize,
    pub half_day: usize,
    pub held: u32,
    pub free: u32,
}

/// The scoring grid: criterion id → points.
#[derive(Debug, Clone, Default)]
pub struct Bareme {
    pub values: BTreeMap<String, i64>,
    /// Criterion → label (the rules' wording); a key without one is shown as is.
    pub labels: BTreeMap<String, Label>,
}

/// Barème key of the renewal bonus (one per renewal; default 1).
pub const RENEWAL_KEY: &str = "renouvellement";
/// Barème key of the no-show malus (subtracted per no-show; default 1).
pub const NO_SHOW_KEY: &str = "malus_absence";

impl Bareme {
    pub fn value(&self, criterion: &str) -> Option<i64> {
        self.values.get(criterion).copied()
    }
    pub fn renewal_bonus(&self) -> i64 {
        self.value(RENEWAL_KEY).unwrap_or(1)
    }
    pub fn no_show_malus(&self) -> i64 {
        self.value(NO_SHOW_KEY).unwrap_or(1)
    }
}

#[derive(Debug, Clone)]
pub struct Creche {
    pub id: String,
    pub name: String,
    pub commune: Option<String>,
    /// In input order (section ids appear in the output).
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    /// What documents call it (`Bébés`); the id when absent.
    pub label: Option<Label>,
    pub min_age_months: u32,
    pub max_age_months: u32,
    /// In input order: an assignment's `block` is an index into this list.
    pub blocks: Vec<Block>,
}

/// Free places of a section from a date on, per half-day of the week.
#[derive(Debug, Clone)]
pub struct Block {
    pub available_from: NaiveDate,
    /// Indexed by [`WeekGrid::slot_index`].
    pub capacity: Vec<u32>,
}

impl Block {
    pub fn half_days(&self) -> u64 {
        self.capacity.iter().map(|&c| c as u64).sum()
    }
}

#[derive(Debug, Clone)]
pub struct Request {
    pub id: String,
    pub child: Child,
    pub start: NaiveDate,
    /// Half-day slots the planning covers.
    pub planning: SlotSet,
    /// Crèche indices, best first (rank = position + 1).
    pub wishes: Vec<usize>,
    pub criteria: Vec<String>,
    /// Crèche index → criteria counted at that crèche only.
    pub creche_criteria: BTreeMap<usize, Vec<String>>,
    pub history: History,
    pub sibling_group: Option<usize>,
    pub submitted: NaiveDate,
    pub points_override: Option<i64>,
}

#[derive(Debug, Clone, Copy)]
pub struct Child {
    /// Birth date, or expected birth date for an unborn child.
    pub birth: NaiveDate,
    pub unborn: bool,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct History {
    pub renewals: u32,
    pub family_refusals: u32,
    pub no_shows: u32,
}

#[derive(Debug, Clone)]
pub struct SiblingGroup {
    pub id: String,
    /// Request indices, sorted.
    pub members: Vec<usize>,
}

impl Commission {
    /// The commission `validate` has checked. Only `validate` calls this
    /// (`tests/architecture.rs` fails on any other caller).
    pub(crate) fn from_validated(v: Validated) -> Commission {
        Commission {
            id: v.id,
            date: v.date,
            entry_from: v.entry_from,
            entry_to: v.entry_to,
            start_tolerance_days: v.start_tolerance_days,
            seed: v.seed,
            week: v.week,
            bareme: v.bareme,
            creches: v.creches,
            requests: v.requests,
            sibling_groups: v.sibling_groups,
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }
    pub fn date(&self) -> NaiveDate {
        self.date
    }
    pub fn entry_from(&self) -> NaiveDate {
        self.entry_from
    }
    pub fn entry_to(&self) -> NaiveDate {
        self.entry_to
    }
    pub fn start_tolerance_days(&self) -> i64 {
        self.start_tolerance_days
    }
    pub fn seed(&self) -> u64 {
        self.seed
    }
    pub fn week(&self) -> &WeekGrid {
        &self.week
    }
    pub fn bareme(&self) -> &Bareme {
        &self.bareme
    }
    /// Sorted by id.
    pub fn creches(&self) -> &[Creche] {
        &self.creches
    }
    /// Sorted by id.
    pub fn requests(&self) -> &[Request] {
        &self.requests
    }
    /// Sorted by id; each has two members or more.
    pub fn sibling_groups(&self) -> &[SiblingGroup] {
        &self.sibling_groups
    }

    /// The commission as it stands once some places are held: each block's
    /// free places less `held(creche, section, block, half_day)`, and only
    /// the requests with `keep[r]` (a sibling group stays only whole, so
    /// every group keeps two members or more). [`Overdrawn`] when more are
    /// held than a block has.
    pub fn residual(
        &self,
        held: impl Fn(usize, usize, usize, usize) -> u32,
        keep: &[bool],
    ) -> Result<Commission, Overdrawn> {
        let mut rest = self.clone();
        for (ci, cr) in rest.creches.iter_mut().enumerate() {
            for (si, s) in cr.sections.iter_mut().enumerate() {
                for (bi, b) in s.blocks.iter_mut().enumerate() {
                    for (h, free) in b.capacity.iter_mut().enumerate() {
                        let used = held(ci, si, bi, h);
                        *free = free.checked_sub(used).ok_or(Overdrawn {
                            creche: ci,
                            section: si,
                            block: bi,
                            half_day: h,
                            held: used,
                            free: *free,
                        })?;
                    }
                }
            }
        }
        rest.keep_requests(keep);
        Ok(rest)
    }

    /// Only the requests with `keep[r]`, sibling groups re-indexed (a group
    /// with a member left out goes).
    fn keep_requests(&mut self, keep: &[bool]) {
        let kept = |r: usize| keep.get(r).copied().unwrap_or(false);
        let index: Vec<Option<usize>> = (0..self.requests.len())
            .scan(0, |n, r| {
                Some(kept(r).then(|| {
                    *n += 1;
                    *n - 1
                }))
            })
            .collect();
        let groups: Vec<SiblingGroup> = (self.sibling_groups.iter())
            .filter(|g| g.members.iter().all(|&m| kept(m)))
            .map(|g| SiblingGroup {
                id: g.id.clone(),
                members: g.members.iter().filter_map(|&m| index[m]).collect(),
            })
            .collect();
        let old_groups = std::mem::take(&mut self.sibling_groups);
        let requests = std::mem::take(&mut self.requests);
        self.requests = (requests.into_iter().enumerate())
            .filter(|&(r, _)| kept(r))
            .map(|(_, mut req)| {
                req.sibling_group = (req.sibling_group)
                    .and_then(|g| groups.iter().position(|sg| sg.id == old_groups[g].id));
                req
            })
            .collect();
        self.sibling_groups = groups;
    }

    /// The commission with request `r` starting on `start` instead: `None`
    /// when `start` is outside the entry period or before the child's birth
    /// (what validation refuses of a file).
    pub fn with_start(&self, r: usize, start: NaiveDate) -> Option<Commission> {
        let request = self.requests.get(r)?;
        let inside = self.entry_from <= start && start <= self.entry_to;
        if !inside || request.child.birth > start {
            return None;
        }
        let mut changed = self.clone();
        changed.requests[r].start = start;
        Some(changed)
    }

    pub fn creche_index(&self, id: &str) -> Option<usize> {
        self.creches
            .binary_search_by(|c| c.id.as_str().cmp(id))
            .ok()
    }
    pub fn request_index(&self, id: &str) -> Option<usize> {
        self.requests
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()
    }
    /// Total free half-days a week over every block of every section.
    pub fn free_half_days(&self) -> u64 {
        self.creches
            .iter()
            .flat_map(|c| &c.sections)
            .flat_map(|s| &s.blocks)
            .map(Block::half_days)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default() -> Commission {
        crate::io::read_commission(None).unwrap()
    }

    /// The first block with a free place: (crèche, section, block, half-day, free).
    fn first_free(c: &Commission) -> (usize, usize, usize, usize, u32) {
        for (k, cr) in c.creches.iter().enumerate() {
            for (s, sec) in cr.sections.iter().enumerate() {
                for (b, block) in sec.blocks.iter().enumerate() {
                    if let Some(h) = block.capacity.iter().position(|&n| n > 0) {
                        return (k, s, b, h, block.capacity[h]);
                    }
                }
            }
        }
        panic!("the default commission has free places");
    }

    #[test]
    fn a_residual_takes_the_held_places_out_and_keeps_the_requests_asked() {
        let c = default();
        let (k, s, b, h, free) = first_free(&c);
        let all = vec![true; c.requests.len()];
        let held = |k2, s2, b2, h2| u32::from((k2, s2, b2, h2) == (k, s, b, h));
        let rest = c.residual(held, &all).unwrap();
        let block = |x: &Commission| x.creches[k].sections[s].blocks[b].capacity[h];
        assert_eq!(block(&rest), free - 1);
        assert_eq!(rest.free_half_days(), c.free_half_days() - 1);
        assert_eq!(rest.requests.len(), c.requests.len());
        assert_eq!(rest.sibling_groups.len(), c.sibling_groups.len());
        let unchanged = c.residual(|_, _, _, _| 0, &all).unwrap();
        assert_eq!(unchanged.free_half_days(), c.free_half_days());
    }

    #[test]
    fn holding_more_than_a_block_has_is_overdrawn_never_a_wrapped_number() {
        let c = default();
        let (k, s, b, h, free) = first_free(&c);
        let all = vec![true; c.requests.len()];
        let held = |k2, s2, b2, h2| {
            if (k2, s2, b2, h2) == (k, s, b, h) {
                free + 1
            } else {
                0
            }
        };
        let err = c.residual(held, &all).unwrap_err();
        let expected = Overdrawn {
            creche: k,
            section: s,
            block: b,
            half_day: h,
            held: free + 1,
            free,
        };
        assert_eq!(err, expected);
    }

    #[test]
    fn a_sibling_group_stays_only_whole_and_the_others_are_re_indexed() {
        let c = default();
        assert!(
            !c.sibling_groups.is_empty(),
            "the default has sibling groups"
        );
        let gone = &c.sibling_groups[0];
        let mut keep = vec![true; c.requests.len()];
        keep[gone.members[0]] = false;
        let rest = c.residual(|_, _, _, _| 0, &keep).unwrap();
        assert_eq!(rest.requests.len(), c.requests.len() - 1);
        assert_eq!(rest.sibling_groups.len(), c.sibling_groups.len() - 1);
        assert!(rest.sibling_groups.iter().all(|g| g.id != gone.id));
        let left = &c.requests[gone.members[1]].id;
        let r = rest.request_index(left).unwrap();
        assert_eq!(rest.requests[r].sibling_group, None);
        for (gi, g) in rest.sibling_groups.iter().enumerate() {
            let before = c.sibling_groups.iter().find(|x| x.id == g.id).unwrap();
            let ids = |x: &Commission, m: &[usize]| -> Vec<String> {
                m.iter().map(|&i| x.requests[i].id.clone()).collect()
            };
            assert_eq!(ids(&rest, &g.members), ids(&c, &before.members));
            for &m in &g.members {
                assert_eq!(rest.requests[m].sibling_group, Some(gi));
            }
        }
    }

    #[test]
    fn a_start_outside_the_entry_period_or_before_birth_is_refused() {
        let c = default();
        let day = chrono::Days::new(1);
        assert!(c.with_start(0, c.entry_to + day).is_none());
        assert!(c.with_start(0, c.entry_from - day).is_none());
        assert!(c.with_start(c.requests.len(), c.entry_from).is_none());
        let r = (0..c.requests.len())
            .find(|&r| c.requests[r].child.birth > c.entry_from)
            .expect("an unborn child in the default commission");
        let birth = c.requests[r].child.birth;
        assert!(c.with_start(r, birth - day).is_none());
        let moved = c.with_start(r, birth).unwrap();
        assert_eq!(moved.requests[r].start, birth);
        let others = (0..c.requests.len()).filter(|&x| x != r);
        assert!(others
            .into_iter()
            .all(|x| moved.requests[x].start == c.requests[x].start));
    }
}
