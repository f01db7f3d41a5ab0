//! Points order as rows: the stability rule of the priority policy.
//!
//! A request (or a sibling group, as one) that is not placed at a wished crèche,
//! nor at a better wish, must be *blocked* there: every way it could sit there
//! meets a half-day whose places are all held by requests with at least its
//! points. A "way to sit" is a **configuration**: one option per member (a
//! single child has one per option). For a group this is exact: the group is
//! blocked when no assignment of its members to sections and blocks fits
//! beside the holders with more points — counting each member's own use of a
//! half-day, so twins need two places where both come, and a sibling that could
//! sit in another section does not count against the others.
//!
//! Per claim and configuration the row is `better + blocked(config) ≥ 1`, where
//! `blocked` sums, over the configuration's half-days, either the holders
//! themselves (when one more holder fills the half-day) or a shared indicator
//! `B` with `threshold · B ≤ Σ holders`. Places fixed before solving count as
//! held for sure; a configuration already blocked by them adds no row.

use good_lp::{constraint, Expression, Variable};
use std::collections::BTreeMap;

use super::model::{Model, Vars};
use super::propagate::Users;
use crate::domain::Commission;
use crate::rules::RequestOptions;

/// A block's half-day, full of requests with at least `points`, `threshold` of them.
type FullKey = (usize, usize, usize, usize, i64, u32);

/// What makes a configuration blocked at one half-day.
#[derive(Debug, Clone)]
enum Blocker {
    /// Any one of these options (other requests with at least the points) holds it.
    AnyOf(Vec<usize>),
    /// The shared indicator `k` of [`Stability::full`].
    Full(usize),
}

/// "Full of requests with at least `points`": `threshold · B ≤ Σ holders`.
#[derive(Debug, Clone)]
struct Full {
    holders: Vec<usize>,
    threshold: u32,
}

/// One request (or sibling group) × wish: placed there or better, or blocked in
/// every configuration there.
#[derive(Debug, Clone)]
struct Claim {
    better: Vec<usize>,
    /// Per configuration, the half-days that may block it (any one does).
    configs: Vec<Vec<Blocker>>,
}

/// The points-order rule of a commission, as data: rows and a start solution
/// are both built from it.
pub struct Stability {
    full: Vec<Full>,
    claims: Vec<Claim>,
    /// Columns of the `full` indicators and the claims' departures, once added.
    full_cols: Vec<(Variable, usize)>,
    departure_cols: Vec<(Variable, usize)>,
}

impl Stability {
    pub fn build(
        c: &Commission,
        options: &[RequestOptions],
        vars: &Vars,
        m: &Model,
        claim_points: &[i64],
        users: &Users,
    ) -> Stability {
        let mut blocking = Blockers {
            c,
            vars,
            users,
            full: Vec::new(),
            index: BTreeMap::new(),
        };
        let mut claims = Vec::new();
        for (i, ro) in options.iter().enumerate() {
            // A sibling group claims once, through its first member's wishes.
            let group: Vec<usize> = match c.requests[i].sibling_group {
                Some(g) if c.sibling_groups[g].members[0] != i => continue,
                Some(g) => c.sibling_groups[g].members.clone(),
                None => vec![i],
            };
            if vars.by_request[i].clone().any(|v| vars.fixed[v]) {
                // Placed before solving, at the wish points order gives it.
                continue;
            }
            for w in &ro.wishes {
                let in_model = |j: usize| {
                    vars.by_request[j]
                        .clone()
                        .filter(|&v| vars.list[v].creche == w.creche && m.x[v].is_some())
                        .collect::<Vec<usize>>()
                };
                let Some(&first) = in_model(i).first() else {
                    continue;
                };
                let points = claim_points[first];
                let per_member: Vec<Vec<usize>> = group.iter().map(|&j| in_model(j)).collect();
                let configs: Vec<Vec<Blocker>> = configurations(&per_member)
                    .iter()
                    .filter_map(|config| blocking.blockers(&group, config, points))
                    .collect();
                if configs.is_empty() {
                    // No configuration can ever take the places: the claim holds.
                    continue;
                }
                let better = vars.by_request[i]
                    .clone()
                    .filter(|&v| vars.list[v].wish < w.rank && m.x[v].is_some())
                    .collect();
                claims.push(Claim { better, configs });
            }
        }
        Stability {
            full: blocking.full,
            claims,
            full_cols: Vec::new(),
            departure_cols: Vec::new(),
        }
    }

    /// Adds the indicators, the departures (when `departures`) and the rows;
    /// returns the departure variables.
    pub fn add_rows(&mut self, m: &mut Model, departures: bool) -> Vec<Variable> {
        for f in &self.full {
            let col = m.columns();
            let b = m.binary();
            let row = constraint!(f.threshold as f64 * b <= m.sum(f.holders.iter().copied()));
            m.rows.push(row);
            self.full_cols.push((b, col));
        }
        for claim in &self.claims {
            let departure = departures.then(|| {
                let col = m.columns();
                let d = m.binary();
                self.departure_cols.push((d, col));
                d
            });
            for blockers in &claim.configs {
                // better + departure + blocked ≥ 1, each row built afresh
                // (pre-sized, no expression cloned per configuration).
                let size = claim.better.len() + 1 + blockers.len();
                let mut row = Expression::with_capacity(size);
                m.add_sum(&mut row, claim.better.iter().copied());
                if let Some(d) = departure {
                    row.add_mul(1.0, d);
                }
                for blocker in blockers {
                    match blocker {
                        Blocker::AnyOf(us) => m.add_sum(&mut row, us.iter().copied()),
                        Blocker::Full(k) => row.add_mul(1.0, self.full_cols[*k].0),
                    }
                }
                m.rows.push(constraint!(row >= 1));
            }
        }
        self.departure_cols.iter().map(|&(d, _)| d).collect()
    }

    /// Which claims an allocation keeps without a departure.
    fn kept(&self, taken: &[bool]) -> (Vec<bool>, Vec<bool>) {
        let count = |vs: &[usize]| vs.iter().filter(|&&v| taken[v]).count();
        let full: Vec<bool> = self
            .full
            .iter()
            .map(|f| count(&f.holders) >= f.threshold as usize)
            .collect();
        let kept = self
            .claims
            .iter()
            .map(|claim| {
                count(&claim.better) > 0
                    || claim.configs.iter().all(|bs| {
                        bs.iter().any(|b| match b {
                            Blocker::AnyOf(us) => count(us) > 0,
                            Blocker::Full(k) => full[*k],
                        })
                    })
            })
            .collect();
        (full, kept)
    }

    /// Departures from points order in an allocation.
    pub fn departures(&self, taken: &[bool]) -> usize {
        self.kept(taken).1.iter().filter(|&&k| !k).count()
    }

    /// Column values of an allocation (the greedy one): a warm start for HiGHS.
    pub fn start(&self, vars: &Vars, m: &Model, taken: &[bool]) -> Vec<f64> {
        let mut values = vec![0.0; m.columns()];
        for (&taken, &col) in taken.iter().zip(&m.col).take(vars.list.len()) {
            if let (true, Some(col)) = (taken, col) {
                values[col] = 1.0;
            }
        }
        let (full, kept) = self.kept(taken);
        for (k, &(_, col)) in self.full_cols.iter().enumerate() {
            values[col] = f64::from(u8::from(full[k]));
        }
        for (kept, &(_, col)) in kept.iter().zip(&self.departure_cols) {
            values[col] = f64::from(u8::from(!kept));
        }
        values
    }
}

/// Every choice of one option per member (the product of their option lists).
fn configurations(per_member: &[Vec<usize>]) -> Vec<Vec<usize>> {
    per_member.iter().fold(vec![Vec::new()], |acc, options| {
        acc.iter()
            .flat_map(|prefix| {
                options.iter().map(move |&v| {
                    let mut next = prefix.clone();
                    next.push(v);
                    next
                })
            })
            .collect()
    })
}

/// Builds blockers, sharing the `Full` indicators between claims.
struct Blockers<'a> {
    c: &'a Commission,
    vars: &'a Vars,
    users: &'a Users,
    full: Vec<Full>,
    index: BTreeMap<FullKey, Option<usize>>,
}

impl Blockers<'_> {
    /// The half-days that may block `config` (one option per member of
    /// `group`) for a claim at `points`; `None` when it can never be taken
    /// (the group alone exceeds a half-day's places, or places fixed before
    /// solving already block it).
    fn blockers(&mut self, group: &[usize], config: &[usize], points: i64) -> Option<Vec<Blocker>> {
        let (c, vars) = (self.c, self.vars);
        // The configuration's own use of each block half-day.
        let mut use_of: BTreeMap<(usize, usize, usize, usize), u32> = BTreeMap::new();
        for &v in config {
            let (cr, s, b) = vars.block(v);
            for h in c.requests[vars.list[v].request].planning.iter() {
                *use_of.entry((cr, s, b, h)).or_insert(0) += 1;
            }
        }
        let mut blockers = Vec::new();
        for (&(cr, s, b, h), &need) in &use_of {
            let cap = c.creches[cr].sections[s].blocks[b].capacity[h];
            if cap < need {
                return None;
            }
            let holders: Vec<usize> = self
                .users
                .get(&(cr, s, b, h))
                .into_iter()
                .flatten()
                .take_while(|&&(p, _)| p >= points)
                .map(|&(_, u)| u)
                .collect();
            // Places held before solving count for sure (a group is never fixed).
            let threshold = cap - need + 1;
            let held = holders.iter().filter(|&&u| vars.fixed[u]).count() as u32;
            if held >= threshold {
                return None;
            }
            let open: Vec<usize> = holders.into_iter().filter(|&u| !vars.fixed[u]).collect();
            let threshold = threshold - held;
            if threshold == 1 {
                // Any single holder blocks: no indicator needed, and the group
                // itself is left out (a tighter relaxation).
                let others: Vec<usize> = open
                    .into_iter()
                    .filter(|&u| !group.contains(&vars.list[u].request))
                    .collect();
                if !others.is_empty() {
                    blockers.push(Blocker::AnyOf(others));
                }
                continue;
            }
            // Shared between claims: its holders do not depend on the group (a
            // group's own option among them means the group is placed there,
            // and its claim holds anyway).
            let full = &mut self.full;
            let k = *self
                .index
                .entry((cr, s, b, h, points, threshold))
                .or_insert_with(|| {
                    (open.len() >= threshold as usize).then(|| {
                        full.push(Full {
                            holders: open,
                            threshold,
                        });
                        full.len() - 1
                    })
                });
            if let Some(k) = k {
                blockers.push(Blocker::Full(k));
            }
        }
        Some(blockers)
    }
}
