//! The changes worth trying for one waiting request, generated cheaply (no
//! solve): a half-day or a day less, a later entry (up to a month), one more
//! crèche near its first wish, more points at a wished crèche.

use std::collections::BTreeSet;

use chrono::Months;

use super::change::Change;
use crate::domain::instance::Instance;
use crate::domain::{Commission, SlotSet};
use crate::rules::{self, RequestOptions};
use crate::validate::validate;

/// The instance's requests by id, and how often crèches are wished together.
pub struct Generator<'a> {
    pub inst: &'a Instance,
    pub c: &'a Commission,
    /// `co[a][b]`: requests that wish both crèche `a` and crèche `b`.
    co: Vec<Vec<usize>>,
}

/// A request's options and planning after a change.
pub struct Changed {
    pub options: RequestOptions,
    pub planning: SlotSet,
}

impl<'a> Generator<'a> {
    pub fn new(inst: &'a Instance, c: &'a Commission) -> Self {
        let n = c.creches().len();
        let mut co = vec![vec![0; n]; n];
        for r in c.requests() {
            for &a in &r.wishes {
                for &b in &r.wishes {
                    co[a][b] += 1;
                }
            }
        }
        Generator { inst, c, co }
    }

    /// The request's options and planning once `change` is applied, read from
    /// its file alone (its options do not depend on the other requests):
    /// `None` when the changed file is not valid (a start past the entry
    /// period, an empty planning).
    pub fn changed(&self, id: &str, change: Option<&Change>) -> Option<Changed> {
        let c = self.alone(id, change)?;
        let mut options = rules::resolve(&c).pop()?;
        // The crèches of the commission alone are a subset: back to the
        // commission's own indices.
        for w in &mut options.wishes {
            w.creche = self.c.creche_index(&c.creches()[w.creche].id)?;
        }
        Some(Changed {
            options,
            planning: c.requests()[0].planning,
        })
    }

    /// The commission of the request alone, with `change` applied: only the
    /// crèches it wishes (or would wish) are copied, so indices of crèches
    /// are its own.
    fn alone(&self, id: &str, change: Option<&Change>) -> Option<Commission> {
        let request = self.inst.requests.iter().find(|r| r.id == id)?;
        let added = match change {
            Some(Change::AddCreche { creche }) => Some(creche),
            _ => None,
        };
        let wished = |creche: &String| request.wishes.contains(creche) || added == Some(creche);
        let mut alone = Instance {
            commission: self.inst.commission.clone(),
            week: self.inst.week.clone(),
            bareme: self.inst.bareme.clone(),
            bareme_labels: Default::default(),
            creches: (self.inst.creches.iter())
                .filter(|c| wished(&c.id))
                .cloned()
                .collect(),
            requests: vec![request.clone()],
        };
        // A group needs two members; options do not depend on it, nor on the
        // points at crèches it does not wish.
        alone.requests[0].sibling_group = None;
        alone.requests[0].creche_criteria.retain(|c, _| wished(c));
        if let Some(change) = change {
            alone = change.apply(&alone, id).ok()?;
        }
        validate(&alone).ok()
    }

    /// Each half-day of the planning, then each whole day of two half-days or
    /// more; never the whole planning.
    pub fn planning(&self, r: usize) -> Vec<Change> {
        let c = self.c;
        let planning = c.requests()[r].planning;
        if planning.len() < 2 {
            return Vec::new();
        }
        let n = c.week().slots.len();
        let mut halves = Vec::new();
        let mut days = Vec::new();
        for (d, day) in c.week().days.iter().enumerate() {
            let here: Vec<usize> = (0..n).filter(|&s| planning.contains(d * n + s)).collect();
            for &s in &here {
                halves.push(Change::DropHalfDay {
                    day: day.clone(),
                    slot: c.week().slots[s].id.clone(),
                });
            }
            if here.len() >= 2 && here.len() < planning.len() as usize {
                days.push(Change::DropDay { day: day.clone() });
            }
        }
        halves.extend(days);
        halves
    }

    /// Later starts, up to a month after the requested one and within the
    /// entry period: the first day of each new set of options (a block that
    /// becomes available in time, a section the child reaches by age).
    pub fn entry(&self, r: usize) -> Vec<Change> {
        let req = &self.c.requests()[r];
        let Some(alone) = self.alone(&req.id, None) else {
            return Vec::new();
        };
        let Some(now) = rules::resolve(&alone).pop().map(|o| option_set(&o)) else {
            return Vec::new();
        };
        let last = req
            .start
            .checked_add_months(Months::new(1))
            .unwrap_or(req.start)
            .min(self.c.entry_to());
        let mut out = Vec::new();
        let mut previous = now.clone();
        let mut day = req.start;
        while let Some(next) = day.succ_opt().filter(|d| *d <= last) {
            day = next;
            // What `LaterEntry` does to the file, on the checked commission.
            let Some(later) = alone.with_start(0, day) else {
                continue;
            };
            let Some(set) = rules::resolve(&later).pop().map(|o| option_set(&o)) else {
                continue;
            };
            if set != previous && !set.is_subset(&now) {
                out.push(Change::LaterEntry {
                    start: day.to_string(),
                    days: (day - req.start).num_days(),
                });
            }
            previous = set;
        }
        out
    }

    /// Up to three crèches not yet wished, near the first wish: in the same
    /// commune, or most often wished together with it by other families (the
    /// instance has no map; families wish crèches near home or work, so the
    /// crèches wished together are the near ones).
    pub fn creches(&self, r: usize) -> Vec<Change> {
        let req = &self.c.requests()[r];
        let Some(&first) = req.wishes.first() else {
            return Vec::new();
        };
        let commune = &self.c.creches()[first].commune;
        let mut near: Vec<(bool, usize, usize)> = (0..self.c.creches().len())
            .filter(|x| !req.wishes.contains(x))
            .map(|x| {
                let same = commune.is_some() && self.c.creches()[x].commune == *commune;
                (same, self.co[first][x], x)
            })
            .filter(|&(same, co, _)| same || co > 0)
            .collect();
        near.sort_by_key(|&(same, co, x)| (!same, std::cmp::Reverse(co), x));
        near.into_iter()
            .take(3)
            .map(|(_, _, x)| Change::AddCreche {
                creche: self.c.creches()[x].id.clone(),
            })
            .collect()
    }
}

/// The (crèche, section, block) triples a request may take.
fn option_set(ro: &RequestOptions) -> BTreeSet<(usize, usize, usize)> {
    ro.wishes
        .iter()
        .flat_map(|w| {
            w.options
                .iter()
                .map(move |o| (w.creche, o.section, o.block))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example_g() -> (Instance, Commission) {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/instances/examples/g_transparency.json"
        );
        let inst = crate::io::read_instance(Some(std::path::Path::new(path))).unwrap();
        let c = validate(&inst).unwrap();
        (inst, c)
    }

    #[test]
    fn half_days_first_then_days_never_the_whole_planning() {
        let (inst, c) = example_g();
        let g = Generator::new(&inst, &c);
        let b = g.planning(c.request_index("B").unwrap());
        // B: mon–thu, 8 half-days then 4 days.
        assert_eq!(b.len(), 12);
        assert_eq!(
            b[0],
            Change::DropHalfDay {
                day: "mon".into(),
                slot: "am".into()
            }
        );
        assert_eq!(b[11], Change::DropDay { day: "thu".into() });
        // H: Monday only; its two half-days, not the day.
        assert_eq!(g.planning(c.request_index("H").unwrap()).len(), 2);
    }

    #[test]
    fn a_later_entry_is_proposed_on_the_day_a_new_place_opens() {
        let (inst, c) = example_g();
        let g = Generator::new(&inst, &c);
        // F's moyens block opens on 2027-02-01, 28 days after its start.
        assert_eq!(
            g.entry(c.request_index("F").unwrap()),
            [Change::LaterEntry {
                start: "2027-02-01".into(),
                days: 28
            }]
        );
        // Nothing new opens for B within a month.
        assert!(g.entry(c.request_index("B").unwrap()).is_empty());
    }

    #[test]
    fn near_creches_are_those_wished_together_with_the_first_wish() {
        let (inst, c) = example_g();
        let g = Generator::new(&inst, &c);
        let ids = |r: &str| -> Vec<Change> { g.creches(c.request_index(r).unwrap()) };
        let add = |x: &str| Change::AddCreche { creche: x.into() };
        // pirouette is wished with lutins (E) and with toboggan (B), once each.
        assert_eq!(ids("H"), [add("lutins"), add("toboggan")]);
        // toboggan is wished with pirouette (B) only.
        assert_eq!(ids("F"), [add("pirouette")]);
    }
}
