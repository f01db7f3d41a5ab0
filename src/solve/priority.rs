//! The priority policy: points order first, as hard as the rules allow.
//!
//! **Points order** is a stability rule written into the model: a request `i`
//! that is not placed at a wished crèche `c` (nor at a better-ranked wish) must,
//! at every option it has there, meet a half-day where the places are all held
//! by requests with at least its points at `c` (its own sibling group counted:
//! a group of two needs two places). So no request is left out, or given a
//! worse wish, while a request with fewer points holds a place it could use —
//! nor while several with fewer points share it. Where a rule makes this
//! impossible (siblings, crèche-specific points that cross), a *departure*
//! variable lets the row go, and departures are minimised first.
//!
//! Then, lexicographically, over everything points order leaves free:
//! 1. fewest departures from points order;
//! 2. most half-days filled (occupancy);
//! 3. best-ranked wishes (a first wish scores more than a second);
//! 4. earlier requests (submission date, then the commission's seeded draw).
//!
//! The greedy method (points order, first wish that fits) always satisfies the
//! stability rows when points do not depend on the crèche, so this policy never
//! fills fewer half-days than greedy and never has more inversions.

use good_lp::{constraint, Expression, Variable};
use std::collections::BTreeMap;
use std::time::Instant;

use super::greedy;
use super::load::Placement;
use super::model::{self, Model, Outcome, Sense, Settings, Stage, Vars};
use super::order::tie_order;
use super::{Raw, Stats};
use crate::domain::{Commission, Status};
use crate::error::Result;
use crate::rules::RequestOptions;

/// A block's half-day, full of requests with at least `points`, `threshold` of them.
type Blocking = (usize, usize, usize, usize, i64, u32);

pub fn allocate(
    c: &Commission,
    options: &[RequestOptions],
    settings: Settings,
    deadline: Option<Instant>,
) -> Result<Raw> {
    let t0 = Instant::now();
    let vars = Vars::new(c, options);
    let mut m = Model::base(c, &vars);
    let mut stability = Stability::build(c, options, &vars, &m);
    let greedy = taken_by(&vars, &greedy::allocate(c, options));
    // When the greedy allocation keeps points order everywhere, the fewest
    // departures is 0: the model needs no departure column, and stage 1 is known.
    let departures_needed = stability.departures(&greedy) > 0;
    let departures = stability.add_rows(&mut m, departures_needed);
    let start = stability.start(&vars, &m, &greedy);
    let mut stages = Vec::new();
    if departures_needed {
        stages.push(Stage {
            name: "departures".into(),
            sense: Sense::Minimise,
            objective: departures.iter().copied().sum(),
        });
    }
    stages.extend(model::merge(
        &m,
        tie_breaks(
            c,
            options,
            &vars,
            Some(("half_days", half_days(options, &vars))),
        ),
    ));
    let mut solved =
        model::lexicographic(&m, stages, settings, deadline, t0.elapsed(), Some(start))?;
    if !departures_needed {
        solved.objectives.insert(0, ("departures".to_string(), 0.0));
    }
    Ok(raw(c, &vars, &m, &solved))
}

/// Which options an allocation takes.
fn taken_by(vars: &Vars, placements: &[Option<Placement>]) -> Vec<bool> {
    vars.list
        .iter()
        .map(|var| {
            placements[var.request].is_some_and(|p| p.creche == var.creche && p.opt == var.opt)
        })
        .collect()
}

/// Placements and figures from a solved model.
pub fn raw(c: &Commission, vars: &Vars, m: &Model, solved: &model::Solved) -> Raw {
    let mut placements: Vec<Option<Placement>> = vec![None; c.requests.len()];
    for (v, var) in vars.list.iter().enumerate() {
        if solved.taken(m, v) {
            placements[var.request] = Some(Placement {
                creche: var.creche,
                wish: var.wish,
                opt: var.opt,
            });
        }
    }
    let status = if solved.outcome == Outcome::Optimal {
        Status::Optimal
    } else {
        Status::Feasible
    };
    Raw {
        placements,
        status,
        gap: solved.gap,
        stats: Stats::from(solved),
    }
}

/// What makes an option blocked at one half-day.
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

/// One request (or sibling group) × wish: placed there or better, or blocked
/// there — for a group, some member blocked at every one of its options there.
#[derive(Debug, Clone)]
struct Claim {
    better: Vec<usize>,
    /// Per member, per option, the half-days that may block it (an option is
    /// blocked if any does; a member if all its options are).
    members: Vec<Vec<Vec<Blocker>>>,
}

/// The points-order rule of a commission, as data: rows and a start solution are
/// both built from it.
struct Stability {
    full: Vec<Full>,
    claims: Vec<Claim>,
    /// Columns of the `full` indicators and the claims' departures, once added.
    full_cols: Vec<(Variable, usize)>,
    departure_cols: Vec<(Variable, usize)>,
    /// Per claim of a group, per member: "this member is blocked" indicators.
    member_cols: Vec<Vec<(Variable, usize)>>,
}

impl Stability {
    fn build(c: &Commission, options: &[RequestOptions], vars: &Vars, m: &Model) -> Stability {
        let claim_points = claim_points(c, options, vars);
        let users = users_by_half_day(c, vars, m, &claim_points);
        let mut full: Vec<Full> = Vec::new();
        let mut full_index: BTreeMap<Blocking, Option<usize>> = BTreeMap::new();
        let mut claims = Vec::new();
        for (i, ro) in options.iter().enumerate() {
            // A sibling group claims once, through its first member's wishes.
            let group: Vec<usize> = match c.requests[i].sibling_group {
                Some(g) if c.sibling_groups[g].members[0] != i => continue,
                Some(g) => c.sibling_groups[g].members.clone(),
                None => vec![i],
            };
            for w in &ro.wishes {
                let first_opts: Vec<usize> = vars.by_request[i]
                    .clone()
                    .filter(|&v| vars.list[v].wish == w.rank - 1 && m.x[v].is_some())
                    .collect();
                let Some(&first) = first_opts.first() else {
                    continue;
                };
                let points = claim_points[first];
                let mut members = Vec::new();
                let mut some_member_always_blocked = false;
                for &j in &group {
                    let opts: Vec<usize> = vars.by_request[j]
                        .clone()
                        .filter(|&v| vars.list[v].creche == w.creche && m.x[v].is_some())
                        .collect();
                    let mut blocked_options = Vec::new();
                    for &v in &opts {
                        if let Some(blockers) = option_blockers(
                            c,
                            vars,
                            m,
                            &users,
                            &group,
                            j,
                            v,
                            points,
                            &mut full,
                            &mut full_index,
                        ) {
                            blocked_options.push(blockers);
                        }
                    }
                    if blocked_options.is_empty() {
                        // No option of this member can ever take the place: the
                        // group can never be placed here, the claim holds.
                        some_member_always_blocked = true;
                        break;
                    }
                    members.push(blocked_options);
                }
                if !some_member_always_blocked {
                    let better = vars.by_request[i]
                        .clone()
                        .filter(|&v| vars.list[v].wish < w.rank && m.x[v].is_some())
                        .collect();
                    claims.push(Claim { better, members });
                }
            }
        }
        Stability {
            full,
            claims,
            full_cols: Vec::new(),
            departure_cols: Vec::new(),
            member_cols: Vec::new(),
        }
    }

    /// Adds the indicators, the departures (when `departures`) and the rows;
    /// returns the departure variables.
    fn add_rows(&mut self, m: &mut Model, departures: bool) -> Vec<Variable> {
        for f in &self.full {
            let col = m.columns();
            let b = m.binary();
            let row = constraint!(f.threshold as f64 * b <= m.sum(f.holders.iter().copied()));
            m.rows.push(row);
            self.full_cols.push((b, col));
        }
        for claim in &self.claims {
            let d = departures.then(|| {
                let col = m.columns();
                let d = m.binary();
                self.departure_cols.push((d, col));
                d
            });
            let blocked = |m: &Model, blockers: &[Blocker], full_cols: &[(Variable, usize)]| {
                let mut e = Expression::with_capacity(blockers.len());
                for blocker in blockers {
                    match blocker {
                        Blocker::AnyOf(us) => e += m.sum(us.iter().copied()),
                        Blocker::Full(k) => e += full_cols[*k].0,
                    }
                }
                e
            };
            let mut head = m.sum(claim.better.iter().copied());
            if let Some(d) = d {
                head += d;
            }
            if let [options] = claim.members.as_slice() {
                // A single request: blocked at every option.
                for blockers in options {
                    let row =
                        constraint!(head.clone() + blocked(m, blockers, &self.full_cols) >= 1);
                    m.rows.push(row);
                }
                self.member_cols.push(Vec::new());
                continue;
            }
            // A group: some member blocked at every one of its options.
            let mut cols = Vec::new();
            for options in &claim.members {
                let col = m.columns();
                let beta = m.binary();
                for blockers in options {
                    let row = constraint!(beta <= blocked(m, blockers, &self.full_cols));
                    m.rows.push(row);
                }
                head += beta;
                cols.push((beta, col));
            }
            let row = constraint!(head >= 1);
            m.rows.push(row);
            self.member_cols.push(cols);
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
                    || claim
                        .members
                        .iter()
                        .any(|options| member_blocked(options, &count, &full))
            })
            .collect();
        (full, kept)
    }

    /// Departures from points order in an allocation.
    fn departures(&self, taken: &[bool]) -> usize {
        self.kept(taken).1.iter().filter(|&&k| !k).count()
    }

    /// Column values of an allocation (the greedy one): a warm start for HiGHS.
    fn start(&self, vars: &Vars, m: &Model, taken: &[bool]) -> Vec<f64> {
        let mut values = vec![0.0; m.columns()];
        for v in 0..vars.list.len() {
            if let (true, Some(col)) = (taken[v], m.col[v]) {
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
        let count = |vs: &[usize]| vs.iter().filter(|&&v| taken[v]).count();
        for (claim, cols) in self.claims.iter().zip(&self.member_cols) {
            for (options, &(_, col)) in claim.members.iter().zip(cols) {
                values[col] = f64::from(u8::from(member_blocked(options, &count, &full)));
            }
        }
        values
    }
}

/// A member is blocked when each of its options has a blocked half-day.
fn member_blocked(
    options: &[Vec<Blocker>],
    count: &dyn Fn(&[usize]) -> usize,
    full: &[bool],
) -> bool {
    options.iter().all(|bs| {
        bs.iter().any(|b| match b {
            Blocker::AnyOf(us) => count(us) > 0,
            Blocker::Full(k) => full[*k],
        })
    })
}

/// The half-days that may block option `v` of member `j` (of `group`) for a
/// claim at `points`; `None` when the option can never be taken with its group.
#[allow(clippy::too_many_arguments)]
fn option_blockers(
    c: &Commission,
    vars: &Vars,
    m: &Model,
    users: &Users,
    group: &[usize],
    j: usize,
    v: usize,
    points: i64,
    full: &mut Vec<Full>,
    full_index: &mut BTreeMap<Blocking, Option<usize>>,
) -> Option<Vec<Blocker>> {
    let (cr, s, b) = vars.block(v);
    let cap = &c.creches[cr].sections[s].blocks[b].capacity;
    let mut blockers = Vec::new();
    for h in c.requests[j].planning.iter() {
        let need = group_demand(c, vars, m, j, (cr, s, b), h);
        if cap[h] < need {
            return None;
        }
        let threshold = cap[h] - need + 1;
        let holders = users
            .get(&(cr, s, b, h))
            .into_iter()
            .flatten()
            .take_while(|&&(p, _)| p >= points);
        if threshold == 1 {
            // Any single holder blocks: no indicator needed, and the group
            // itself is left out (a tighter relaxation).
            let others: Vec<usize> = holders
                .map(|&(_, u)| u)
                .filter(|&u| !group.contains(&vars.list[u].request))
                .collect();
            if !others.is_empty() {
                blockers.push(Blocker::AnyOf(others));
            }
            continue;
        }
        let key = (cr, s, b, h, points, threshold);
        let k = *full_index.entry(key).or_insert_with(|| {
            let holders: Vec<usize> = holders.map(|&(_, u)| u).collect();
            (holders.len() >= threshold as usize).then(|| {
                full.push(Full { holders, threshold });
                full.len() - 1
            })
        });
        if let Some(k) = k {
            blockers.push(Blocker::Full(k));
        }
    }
    Some(blockers)
}

/// Points a request claims at an option's crèche: a sibling group claims with
/// its highest member's points there (the group is placed as one).
fn claim_points(c: &Commission, options: &[RequestOptions], vars: &Vars) -> Vec<i64> {
    vars.list
        .iter()
        .map(|var| {
            let own = options[var.request].wishes[var.wish].points;
            match c.requests[var.request].sibling_group {
                Some(g) => c.sibling_groups[g]
                    .members
                    .iter()
                    .filter_map(|&m| options[m].wish_at(var.creche).map(|w| w.points))
                    .max()
                    .unwrap_or(own)
                    .max(own),
                None => own,
            }
        })
        .collect()
}

/// Places a request's sibling group needs at a block's half-day (1 for a single child).
fn group_demand(
    c: &Commission,
    vars: &Vars,
    m: &Model,
    i: usize,
    block: (usize, usize, usize),
    h: usize,
) -> u32 {
    let Some(g) = c.requests[i].sibling_group else {
        return 1;
    };
    c.sibling_groups[g]
        .members
        .iter()
        .filter(|&&j| {
            j == i
                || (c.requests[j].planning.contains(h)
                    && vars.by_request[j]
                        .clone()
                        .any(|v| m.x[v].is_some() && vars.block(v) == block))
        })
        .count() as u32
}

/// The options using each (crèche, section, block, half-day), most claim points first.
type Users = BTreeMap<(usize, usize, usize, usize), Vec<(i64, usize)>>;

fn users_by_half_day(c: &Commission, vars: &Vars, m: &Model, claim_points: &[i64]) -> Users {
    let mut users: Users = BTreeMap::new();
    for (v, var) in vars.list.iter().enumerate() {
        if m.x[v].is_none() {
            continue;
        }
        let (cr, s, b) = vars.block(v);
        for h in c.requests[var.request].planning.iter() {
            users
                .entry((cr, s, b, h))
                .or_default()
                .push((claim_points[v], v));
        }
    }
    for list in users.values_mut() {
        list.sort_by_key(|&(p, v)| (std::cmp::Reverse(p), v));
    }
    users
}

/// The parts after points order: `first` (occupancy, or points and fit), then
/// wishes, then earlier requests.
pub fn tie_breaks(
    c: &Commission,
    options: &[RequestOptions],
    vars: &Vars,
    first: Option<(&'static str, Vec<f64>)>,
) -> Vec<model::Part> {
    let mut parts = Vec::new();
    if let Some((first_name, coef)) = first {
        let range = per_request_max(vars, &coef, c.requests.len()) + 1.0;
        parts.push(model::Part {
            name: first_name,
            coef,
            range,
        });
    }
    let wishes = wish_scores(options, vars);
    let range = per_request_max(vars, &wishes, c.requests.len()) + 1.0;
    parts.push(model::Part {
        name: "wishes",
        coef: wishes,
        range,
    });
    let early = earliness(c, options, vars);
    let range = per_request_max(vars, &early, c.requests.len()) + 1.0;
    parts.push(model::Part {
        name: "earlier",
        coef: early,
        range,
    });
    parts
}

/// Σ over requests of their best coefficient: a bound on the objective.
fn per_request_max(vars: &Vars, coef: &[f64], requests: usize) -> f64 {
    let mut best = vec![0.0f64; requests];
    for (v, var) in vars.list.iter().enumerate() {
        best[var.request] = best[var.request].max(coef[v]);
    }
    best.iter().sum()
}

pub fn half_days(options: &[RequestOptions], vars: &Vars) -> Vec<f64> {
    vars.list
        .iter()
        .map(|v| options[v.request].half_days as f64)
        .collect()
}

/// `max wishes + 1 − rank`: a first wish always scores more than a second.
pub fn wish_scores(options: &[RequestOptions], vars: &Vars) -> Vec<f64> {
    let k = options.iter().map(|o| o.wishes.len()).max().unwrap_or(1) as f64;
    vars.list.iter().map(|v| k - v.wish as f64).collect()
}

/// Among requests with the same points, `1 +` the number after it in tie order
/// (submission date, then seeded draw): the earlier request scores more. Only
/// requests of equal points are compared, which keeps the range small.
pub fn earliness(c: &Commission, options: &[RequestOptions], vars: &Vars) -> Vec<f64> {
    let mut order: Vec<usize> = (0..c.requests.len()).collect();
    tie_order(c, &mut order);
    let mut after: BTreeMap<i64, usize> = BTreeMap::new();
    let mut score = vec![0.0; c.requests.len()];
    for &r in order.iter().rev() {
        let n = after.entry(options[r].priority_points()).or_insert(0);
        *n += 1;
        score[r] = *n as f64;
    }
    vars.list.iter().map(|v| score[v.request]).collect()
}
