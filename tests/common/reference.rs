//! Strict points order computed by brute force from its definition, for small
//! commissions without crèche-specific points — independent of the solver's
//! code (it reads the JSON through [`super::checker::Inst`] only).
//!
//! Families (a request, or a sibling group as one) are taken by points, most
//! first; equal points form a tie group. For each tie group in turn, every
//! combination of outcomes of its families is tried (an outcome: waiting, or
//! a wished crèche and an entry date per child); a combination is possible
//! when, at every crèche, the children of every earlier family (at their
//! crèche, entering no later than they were given) and those of the group
//! can be packed into the sections and blocks. The group gets the possible
//! combination that is best for it: most half-days placed, then the highest
//! Σ of `K + 1 − rank` (K: the most wishes of any request), then the least
//! total delay (entry − start), then the highest Σ of earliness (one more
//! than the number of families of the group after it in tie order), then, in
//! tie order, the first family whose outcome differs being better off
//! (placed; a better-ranked crèche; less delay; earlier entries).
//!
//! Tie order: earlier `submitted`, then the seeded draw — FNV-1a of the
//! request id mixed with the commission's seed by SplitMix64, as the format
//! documents.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::Value;

use super::checker::{HalfDay, Inst};

/// A family's outcome: its crèche and each child's entry date, or waiting.
pub type Outcome = Option<(usize, Vec<NaiveDate>)>;

/// A family of the policy.
#[derive(Debug, Clone)]
pub struct Family {
    /// Request indices of the instance, in instance order.
    pub members: Vec<usize>,
    pub points: i64,
    pub tie: (NaiveDate, u64),
    pub half_days: i64,
}

/// The families of the instance, most points first, then tie order.
pub fn families(inst: &Inst, v: &Value) -> Vec<Family> {
    let seed = v["commission"]["seed"].as_u64().unwrap_or(0);
    let mut by_group: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut out = Vec::new();
    for (r, req) in inst.requests.iter().enumerate() {
        match &req.sibling_group {
            Some(g) => by_group.entry(g.clone()).or_default().push(r),
            None => out.push(vec![r]),
        }
    }
    out.extend(by_group.into_values());
    for members in &mut out {
        members.sort_by(|&a, &b| inst.requests[a].id.cmp(&inst.requests[b].id));
    }
    let mut fams: Vec<Family> = out
        .into_iter()
        .map(|members| {
            let submitted =
                |r: usize| super::checker::date(v["requests"][r]["submitted"].as_str().unwrap());
            let tie = members
                .iter()
                .map(|&r| (submitted(r), draw(seed, &inst.requests[r].id)))
                .min()
                .unwrap();
            Family {
                points: members
                    .iter()
                    .map(|&r| inst.family_points(r))
                    .max()
                    .unwrap(),
                half_days: members
                    .iter()
                    .map(|&r| inst.requests[r].covered.len() as i64)
                    .sum(),
                members,
                tie,
            }
        })
        .collect();
    fams.sort_by_key(|f| (std::cmp::Reverse(f.points), f.tie));
    fams
}

/// The documented seeded draw.
pub fn draw(seed: u64, id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let mut z = h ^ seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// One child to pack: its half-days and its (section, block) options.
struct Child {
    covered: Vec<HalfDay>,
    opts: Vec<(usize, usize)>,
}

/// The options of request `r` at crèche `c` entering no later than `bound`.
fn child(inst: &Inst, r: usize, c: usize, bound: NaiveDate) -> Child {
    let mut opts = Vec::new();
    for (s, sec) in inst.creches[c].sections.iter().enumerate() {
        for b in 0..sec.blocks.len() {
            if inst.entry_on(r, c, s, b).is_ok_and(|e| e <= bound) {
                opts.push((s, b));
            }
        }
    }
    Child {
        covered: inst.requests[r].covered.iter().cloned().collect(),
        opts,
    }
}

/// Whether the children fit the crèche's free places (exact search).
fn packs(inst: &Inst, c: usize, children: &[Child]) -> bool {
    let mut used: BTreeMap<(usize, usize, HalfDay), i64> = BTreeMap::new();
    go(inst, c, children, &mut used)
}

fn go(
    inst: &Inst,
    c: usize,
    rest: &[Child],
    used: &mut BTreeMap<(usize, usize, HalfDay), i64>,
) -> bool {
    let Some((first, rest)) = rest.split_first() else {
        return true;
    };
    for &(s, b) in &first.opts {
        let block = &inst.creches[c].sections[s].blocks[b];
        let free = first
            .covered
            .iter()
            .all(|h| used.get(&(s, b, h.clone())).copied().unwrap_or(0) < block.places(h));
        if !free {
            continue;
        }
        for h in &first.covered {
            *used.entry((s, b, h.clone())).or_insert(0) += 1;
        }
        let ok = go(inst, c, rest, used);
        for h in &first.covered {
            *used.get_mut(&(s, b, h.clone())).unwrap() -= 1;
        }
        if ok {
            return true;
        }
    }
    false
}

/// A family's possible outcomes at its wished crèches (ignoring capacity):
/// every combination of one entry date per child, best first.
fn outcomes(inst: &Inst, f: &Family, k: usize) -> Vec<(usize, Vec<NaiveDate>)> {
    let first = &inst.requests[f.members[0]];
    let mut creches: Vec<(i64, usize, usize)> = Vec::new();
    for (order, w) in first.wishes.iter().enumerate() {
        let Some(c) = inst.creche(w) else { continue };
        let ranks: Option<Vec<usize>> = f
            .members
            .iter()
            .map(|&m| inst.requests[m].wishes.iter().position(|x| x == w))
            .collect();
        if let Some(ranks) = ranks {
            let score: i64 = ranks.iter().map(|&i| (k - i) as i64).sum();
            creches.push((score, order, c));
        }
    }
    creches.sort_by_key(|&(score, order, _)| (std::cmp::Reverse(score), order));
    let mut out = Vec::new();
    for (_, _, c) in creches {
        let mut combos: Vec<Vec<NaiveDate>> = vec![vec![]];
        for &m in &f.members {
            let mut dates: Vec<NaiveDate> = (0..inst.creches[c].sections.len())
                .flat_map(|s| (0..inst.creches[c].sections[s].blocks.len()).map(move |b| (s, b)))
                .filter_map(|(s, b)| inst.entry_on(m, c, s, b).ok())
                .collect();
            dates.sort();
            dates.dedup();
            combos = combos
                .into_iter()
                .flat_map(|p| {
                    dates.iter().map(move |&d| {
                        let mut q = p.clone();
                        q.push(d);
                        q
                    })
                })
                .collect();
        }
        let delay = |e: &Vec<NaiveDate>| -> i64 {
            e.iter()
                .zip(&f.members)
                .map(|(d, &m)| (*d - inst.requests[m].start).num_days())
                .sum()
        };
        combos.sort_by(|a, b| delay(a).cmp(&delay(b)).then(a.cmp(b)));
        out.extend(combos.into_iter().map(|e| (c, e)));
    }
    out
}

/// The group measure of a tie group's outcomes (larger is better).
pub type Key = (
    i64,
    i64,
    i64,
    i64,
    Vec<(i64, i64, i64, Vec<std::cmp::Reverse<NaiveDate>>)>,
);

/// The measure of `group`'s outcomes (families in tie order).
pub fn key(inst: &Inst, group: &[&Family], got: &[Outcome]) -> Key {
    let k = inst
        .requests
        .iter()
        .map(|r| r.wishes.len())
        .max()
        .unwrap_or(1);
    let n = group.len() as i64;
    let mut total = (0, 0, 0, 0);
    let mut each = Vec::new();
    for (i, (f, o)) in group.iter().zip(got).enumerate() {
        let Some((c, entries)) = o else {
            each.push((0, 0, 0, vec![]));
            continue;
        };
        let cid = &inst.creches[*c].id;
        let score: i64 = f
            .members
            .iter()
            .map(|&m| {
                (k - inst.requests[m]
                    .wishes
                    .iter()
                    .position(|w| w == cid)
                    .unwrap()) as i64
            })
            .sum();
        let delay: i64 = entries
            .iter()
            .zip(&f.members)
            .map(|(d, &m)| (*d - inst.requests[m].start).num_days())
            .sum();
        total.0 += f.half_days;
        total.1 += score;
        total.2 -= delay;
        total.3 += n - i as i64;
        each.push((
            1,
            score,
            -delay,
            entries.iter().map(|&d| std::cmp::Reverse(d)).collect(),
        ));
    }
    (total.0, total.1, total.2, total.3, each)
}

/// Every family's outcome under strict points order, or `None` when a tie
/// group has more than `limit` combinations to try.
pub fn allocate(inst: &Inst, v: &Value, limit: usize) -> Option<Vec<(Family, Outcome)>> {
    let k = inst
        .requests
        .iter()
        .map(|r| r.wishes.len())
        .max()
        .unwrap_or(1);
    let fams = families(inst, v);
    let mut held: Vec<(usize, usize, NaiveDate)> = Vec::new(); // (request, crèche, bound)
    let mut out = Vec::new();
    let mut start = 0;
    while start < fams.len() {
        let end = start
            + fams[start..]
                .iter()
                .take_while(|f| f.points == fams[start].points)
                .count();
        let group: Vec<&Family> = fams[start..end].iter().collect();
        let cands: Vec<Vec<(usize, Vec<NaiveDate>)>> =
            group.iter().map(|f| outcomes(inst, f, k)).collect();
        let combos: usize = cands.iter().map(|c| c.len() + 1).product();
        if combos > limit {
            return None;
        }
        let best = best_combo(inst, &group, &cands, &held);
        for (f, o) in group.iter().zip(&best) {
            if let Some((c, entries)) = o {
                for (&m, &e) in f.members.iter().zip(entries) {
                    held.push((m, *c, e));
                }
            }
            out.push(((*f).clone(), o.clone()));
        }
        start = end;
    }
    Some(out)
}

/// The best possible combination of outcomes for the group.
fn best_combo(
    inst: &Inst,
    group: &[&Family],
    cands: &[Vec<(usize, Vec<NaiveDate>)>],
    held: &[(usize, usize, NaiveDate)],
) -> Vec<Outcome> {
    let mut best: Option<(Key, Vec<Outcome>)> = None;
    let mut idx = vec![0usize; group.len()];
    loop {
        let got: Vec<Outcome> = idx
            .iter()
            .zip(cands)
            .map(|(&i, c)| {
                if i < c.len() {
                    Some(c[i].clone())
                } else {
                    None
                }
            })
            .collect();
        if possible(inst, group, &got, held) {
            let key = key(inst, group, &got);
            if best.as_ref().is_none_or(|(b, _)| key > *b) {
                best = Some((key, got));
            }
        }
        // Next combination (odometer; index len = waiting).
        let mut d = 0;
        loop {
            if d == idx.len() {
                return best.expect("everyone waiting is possible").1;
            }
            idx[d] += 1;
            if idx[d] <= cands[d].len() {
                break;
            }
            idx[d] = 0;
            d += 1;
        }
    }
}

fn possible(
    inst: &Inst,
    group: &[&Family],
    got: &[Outcome],
    held: &[(usize, usize, NaiveDate)],
) -> bool {
    let mut at: BTreeMap<usize, Vec<Child>> = BTreeMap::new();
    for &(r, c, e) in held {
        at.entry(c).or_default().push(child(inst, r, c, e));
    }
    let mut touched = Vec::new();
    for (f, o) in group.iter().zip(got) {
        if let Some((c, entries)) = o {
            touched.push(*c);
            for (&m, &e) in f.members.iter().zip(entries) {
                at.entry(*c).or_default().push(child(inst, m, *c, e));
            }
        }
    }
    touched.sort();
    touched.dedup();
    touched.into_iter().all(|c| packs(inst, c, &at[&c]))
}
