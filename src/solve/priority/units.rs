//! The claimants of strict points order: one request, or a sibling group
//! placed as one ("together or not at all"), each with the crèches it may take
//! in its own order of preference and the outcomes it may have there.
//!
//! An *outcome* is what a family keeps once its tie group has been served: a
//! crèche and, for each child, an entry date no later than the one it was
//! given. Sections and blocks are not part of it: they stay free so that
//! families with fewer points can still fit.

use chrono::NaiveDate;

use crate::domain::Commission;
use crate::rules::{claim_points_at, RequestOptions};
use crate::solve::order::seeded_draw;

/// One child of a claimant at one crèche: its options there, earliest entry
/// first (a bound on the entry date is a prefix of this list).
#[derive(Debug, Clone)]
pub struct Seat {
    pub request: usize,
    /// Index into the request's wishes (rank − 1).
    pub wish: usize,
    /// Site block indices of its options, earliest entry first (then block order).
    pub blocks: Vec<u16>,
    /// The entry date of each option.
    pub dates: Vec<NaiveDate>,
}

impl Seat {
    /// How many options have an entry date no later than `bound`.
    pub fn allowed(&self, bound: NaiveDate) -> usize {
        self.dates.partition_point(|&e| e <= bound)
    }
}

/// One way a claimant can be served at a crèche: an entry bound per child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub entries: Vec<NaiveDate>,
    /// Days between each child's requested start and its entry, summed.
    pub delay: i64,
}

/// A crèche every child of the claimant wished for and may enter.
#[derive(Debug, Clone)]
pub struct UnitWish {
    pub creche: usize,
    /// The claim there: the highest points of the claimant's children there.
    pub claim: i64,
    /// Σ over the children of `K + 1 − rank` (K: most wishes of any request):
    /// a better-ranked wish scores more.
    pub score: i64,
    /// One seat per child, in the claimant's member order.
    pub seats: Vec<Seat>,
    /// Every combination of distinct entry dates, least delay first.
    pub outcomes: Vec<Outcome>,
}

/// A claimant of points order.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Request indices, sorted.
    pub members: Vec<usize>,
    pub half_days: i64,
    /// The points level it is served at: its best claim over its crèches.
    pub level: i64,
    /// Tie order among equal points: earlier `submitted`, then the seeded draw
    /// (of its first child in that order).
    pub tie: (NaiveDate, u64),
    /// The crèches it may take, best first (score, then wish order).
    pub wishes: Vec<UnitWish>,
}

impl UnitWish {
    /// The outcome with every child's latest entry: the most options, so if
    /// it does not fit, no outcome here does.
    pub fn loosest(&self) -> usize {
        (0..self.outcomes.len())
            .max_by_key(|&o| &self.outcomes[o].entries)
            .expect("a wish has an outcome")
    }
}

impl Unit {
    pub fn wish_at(&self, creche: usize) -> Option<&UnitWish> {
        self.wishes.iter().find(|w| w.creche == creche)
    }
}

/// Every claimant of the commission, in canonical order (by first member), and
/// for each request the index of its claimant.
pub struct Units {
    pub list: Vec<Unit>,
    pub of_request: Vec<usize>,
}

/// Site block index of each (crèche, section, block): blocks of a crèche are
/// numbered section by section, in input order.
pub fn block_index(c: &Commission, creche: usize, section: usize, block: usize) -> u16 {
    let before: usize = c.creches()[creche].sections[..section]
        .iter()
        .map(|s| s.blocks.len())
        .sum();
    (before + block) as u16
}

pub fn units(c: &Commission, options: &[RequestOptions]) -> Units {
    let k = options.iter().map(|o| o.wishes.len()).max().unwrap_or(1) as i64;
    let mut list = Vec::new();
    let mut of_request = vec![usize::MAX; c.requests().len()];
    for r in 0..c.requests().len() {
        if of_request[r] != usize::MAX {
            continue;
        }
        let members = match c.requests()[r].sibling_group {
            Some(g) => c.sibling_groups()[g].members.clone(),
            None => vec![r],
        };
        for &m in &members {
            of_request[m] = list.len();
        }
        list.push(unit(c, options, members, k));
    }
    Units { list, of_request }
}

fn unit(c: &Commission, options: &[RequestOptions], members: Vec<usize>, k: i64) -> Unit {
    let first = members[0];
    let mut wishes: Vec<(usize, UnitWish)> = options[first]
        .wishes
        .iter()
        .enumerate()
        .filter_map(|(order, w)| Some((order, unit_wish(c, options, &members, w.creche, k)?)))
        .collect();
    wishes.sort_by_key(|(order, w)| (std::cmp::Reverse(w.score), *order));
    let wishes: Vec<UnitWish> = wishes.into_iter().map(|(_, w)| w).collect();
    let level = wishes
        .iter()
        .map(|w| w.claim)
        .max()
        .unwrap_or(options[first].priority_points());
    let tie = members
        .iter()
        .map(|&m| {
            (
                c.requests()[m].submitted,
                seeded_draw(c.seed(), &c.requests()[m].id),
            )
        })
        .min()
        .expect("a claimant has a member");
    Unit {
        half_days: members.iter().map(|&m| options[m].half_days as i64).sum(),
        members,
        level,
        tie,
        wishes,
    }
}

/// The claimant's wish at `creche`, if every child wished it and has an option there.
fn unit_wish(
    c: &Commission,
    options: &[RequestOptions],
    members: &[usize],
    creche: usize,
    k: i64,
) -> Option<UnitWish> {
    let mut seats = Vec::with_capacity(members.len());
    let mut score = 0;
    for &m in members {
        let wish = options[m].wishes.iter().position(|w| w.creche == creche)?;
        let w = &options[m].wishes[wish];
        if w.options.is_empty() {
            return None;
        }
        let mut opts: Vec<(u16, NaiveDate)> = w
            .options
            .iter()
            .map(|o| (block_index(c, creche, o.section, o.block), o.entry))
            .collect();
        opts.sort_by_key(|&(b, e)| (e, b));
        score += k - wish as i64;
        seats.push(Seat {
            request: m,
            wish,
            blocks: opts.iter().map(|&(b, _)| b).collect(),
            dates: opts.iter().map(|&(_, e)| e).collect(),
        });
    }
    let outcomes = outcomes(c, &seats);
    Some(UnitWish {
        creche,
        claim: claim_points_at(c, options, members[0], creche),
        score,
        seats,
        outcomes,
    })
}

/// Every combination of one distinct entry date per child, least total delay
/// first (then earlier dates for the first child, and so on).
fn outcomes(c: &Commission, seats: &[Seat]) -> Vec<Outcome> {
    let mut all: Vec<Vec<NaiveDate>> = vec![Vec::new()];
    for seat in seats {
        let mut dates = seat.dates.clone();
        dates.dedup();
        all = all
            .into_iter()
            .flat_map(|prefix| {
                dates.iter().map(move |&d| {
                    let mut next = prefix.clone();
                    next.push(d);
                    next
                })
            })
            .collect();
    }
    let mut out: Vec<Outcome> = all
        .into_iter()
        .map(|entries| {
            let delay = entries
                .iter()
                .zip(seats)
                .map(|(e, s)| (*e - c.requests()[s.request].start).num_days())
                .sum();
            Outcome { entries, delay }
        })
        .collect();
    out.sort_by(|a, b| {
        a.delay
            .cmp(&b.delay)
            .then_with(|| a.entries.cmp(&b.entries))
    });
    out
}
