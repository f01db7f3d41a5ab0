//! The cheap pre-filter of suggestions: would a (changed) request fit at all
//! beside the requests that have more points than it?
//!
//! Under strict points order (the priority policy) a request with more points
//! keeps its crèche and entry date whatever a request with fewer points asks
//! for (its section and block may move, but it is never pushed out). So a change can only give a waiting request a place at a crèche if
//! its new planning fits in what the base allocation leaves free once every
//! holder with *fewer or equal* points is taken out ([`Fit::BesideHigher`]).
//! If it fits even beside the holders with *equal* points too
//! ([`Fit::BesideEqual`]), points order alone says it must be placed. The
//! re-solve decides in every case; this check only spares the re-solves that
//! cannot succeed and tries the likely ones first. It reads the base
//! allocation, so a holder that could move to an equally good place is
//! counted where it is: the filter may (rarely) drop a change the optimizer
//! would have accepted, never accept one without a re-solve.

use crate::domain::{Commission, SlotSet};
use crate::rules::RequestOptions;
use crate::solve::load::Load;
use crate::solve::Placement;

/// How a changed request fits beside the base allocation's holders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fit {
    /// Not even beside the requests with more points: the change cannot help.
    No,
    /// Beside those with more points only: requests with equal points decide.
    BesideHigher,
    /// Beside those with equal points too: points order says it gets a place.
    BesideEqual,
}

/// The base allocation the changes are measured against.
#[derive(Clone, Copy)]
pub struct Base<'a> {
    pub c: &'a Commission,
    pub options: &'a [RequestOptions],
    pub placements: &'a [Option<Placement>],
}

impl Base<'_> {
    /// Points a request claims at a wish: a sibling group claims with its
    /// highest member's points there (as in the priority policy).
    pub fn claim(&self, r: usize, ro: &RequestOptions, k: usize) -> i64 {
        let w = &ro.wishes[k];
        self.others_in_group(r)
            .filter_map(|m| self.options[m].wish_at(w.creche).map(|x| x.points))
            .fold(w.points, i64::max)
    }

    fn others_in_group(&self, r: usize) -> impl Iterator<Item = usize> + '_ {
        self.c.requests()[r]
            .sibling_group
            .map(|g| self.c.sibling_groups()[g].members.as_slice())
            .unwrap_or_default()
            .iter()
            .copied()
            .filter(move |&m| m != r)
    }

    /// Whether request `r`, with options `ro` and planning `planning` (both
    /// possibly changed), fits with its sibling group at its wish `k`, beside
    /// the base holders at that crèche whose points there pass `keep`.
    pub fn fits_at(
        &self,
        r: usize,
        ro: &RequestOptions,
        planning: SlotSet,
        k: usize,
        keep: impl Fn(i64) -> bool,
    ) -> bool {
        let w = &ro.wishes[k];
        if w.options.is_empty() {
            return false;
        }
        let held: Vec<Option<Placement>> = self
            .placements
            .iter()
            .enumerate()
            .map(|(h, p)| {
                p.filter(|p| {
                    p.creche == w.creche && h != r && keep(self.options[h].wishes[p.wish].points)
                })
            })
            .collect();
        self.fits_in(&mut Load::of(self.c, &held), r, ro, planning, k)
    }

    /// Whether request `r` (options `ro`, `planning`) fits with its sibling
    /// group at its wish `k` in what `load` leaves free (`load` is left as it
    /// was).
    fn fits_in(
        &self,
        load: &mut Load,
        r: usize,
        ro: &RequestOptions,
        planning: SlotSet,
        k: usize,
    ) -> bool {
        let w = &ro.wishes[k];
        if w.options.is_empty() {
            return false;
        }
        let mut members = vec![(planning, w.options.as_slice())];
        for m in self.others_in_group(r) {
            match self.options[m].wish_at(w.creche) {
                Some(x) if !x.options.is_empty() => {
                    members.push((self.c.requests()[m].planning, x.options.as_slice()))
                }
                _ => return false,
            }
        }
        load.fit_together(self.c, w.creche, &members).is_some()
    }

    /// The best [`Fit`] of request `r` with options `ro` and `planning` over
    /// its wishes.
    pub fn fit(&self, r: usize, ro: &RequestOptions, planning: SlotSet) -> Fit {
        let mut best = Fit::No;
        for k in 0..ro.wishes.len() {
            let q = self.claim(r, ro, k);
            if self.fits_at(r, ro, planning, k, |p| p > q) {
                if self.fits_at(r, ro, planning, k, |p| p >= q) {
                    return Fit::BesideEqual;
                }
                best = Fit::BesideHigher;
            }
        }
        best
    }

    /// Whether request `r`, with options `ro` and `planning`, fits with its
    /// group at some wish in what the base allocation left free, `free` being
    /// the load of every placement of the base ([`Load::of`]): every holder
    /// keeps its place ([`super::suggest::Scope::FreePlaces`]).
    pub fn fits_free(
        &self,
        free: &mut Load,
        r: usize,
        ro: &RequestOptions,
        planning: SlotSet,
    ) -> bool {
        (0..ro.wishes.len()).any(|k| self.fits_in(free, r, ro, planning, k))
    }

    /// The fewest points `q` (at least its own claim) at which request `r`
    /// would fit at its wish `k` beside the holders with more than `q` points:
    /// with `q` it ties with the best holder it would push out, with `q + 1`
    /// it has more than all of them. `None` when it would not fit even at an
    /// empty crèche section (its group does not fit, or no option).
    pub fn threshold(&self, r: usize, k: usize) -> Option<i64> {
        let ro = &self.options[r];
        let ci = ro.wishes[k].creche;
        let own = self.claim(r, ro, k);
        let mut levels: Vec<i64> = self
            .placements
            .iter()
            .enumerate()
            .filter_map(|(h, p)| {
                p.filter(|p| p.creche == ci)
                    .map(|p| self.options[h].wishes[p.wish].points)
            })
            .filter(|&p| p > own)
            .collect();
        levels.push(own);
        levels.sort_unstable();
        levels.dedup();
        let planning = self.c.requests()[r].planning;
        levels
            .into_iter()
            .find(|&q| self.fits_at(r, ro, planning, k, |p| p > q))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;
    use crate::solve::{solve, SolveOptions, Strategy};

    /// Example g (see `instances/examples/README.md`), solved greedily: the
    /// same allocation as the priority policy, without HiGHS.
    fn example_g() -> (Commission, Vec<RequestOptions>, Vec<Option<Placement>>) {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/instances/examples/g_transparency.json"
        );
        let c = crate::io::read_commission(Some(std::path::Path::new(path))).unwrap();
        let opts = SolveOptions {
            strategy: Strategy::Greedy,
            ..SolveOptions::default()
        };
        let placements = solve(&c, &opts).unwrap().placements;
        (c.clone(), rules::resolve(&c), placements)
    }

    #[test]
    fn thresholds_are_the_points_of_the_holders_in_the_way() {
        let (c, options, placements) = example_g();
        let base = Base {
            c: &c,
            options: &options,
            placements: &placements,
        };
        let r = |id: &str| c.request_index(id).unwrap();
        // B (12) at toboggan (its 2nd wish) needs A's (15) place.
        assert_eq!(base.threshold(r("B"), 1), Some(15));
        // B cannot take pirouette's places at all (thu closed).
        assert_eq!(base.threshold(r("B"), 0), None);
        // H (9) needs C's (10) Monday; D (8) is not in the way.
        assert_eq!(base.threshold(r("H"), 0), Some(10));
    }

    #[test]
    fn a_planning_fits_beside_higher_or_equal_holders_or_not_at_all() {
        let (c, options, placements) = example_g();
        let base = Base {
            c: &c,
            options: &options,
            placements: &placements,
        };
        let h = c.request_index("H").unwrap();
        // As it is, H fits only without C (10 > 9).
        assert_eq!(base.fit(h, &options[h], c.requests()[h].planning), Fit::No);
        // With 10 points it ties with C; with 11 it beats C.
        let mut more = options[h].clone();
        more.wishes[0].points = 10;
        assert_eq!(
            base.fit(h, &more, c.requests()[h].planning),
            Fit::BesideHigher
        );
        more.wishes[0].points = 11;
        assert_eq!(
            base.fit(h, &more, c.requests()[h].planning),
            Fit::BesideEqual
        );
    }
}
