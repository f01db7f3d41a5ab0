//! A decisions file checked against the commission: the only constructor of
//! [`Decisions`]. Every problem at once, each with its path
//! (`decisions[3].creche`) and value: unknown requests, crèches, sections,
//! blocks, days and half-days; a place the child cannot take (the rules'
//! reason, [`crate::rules::options`]); two decisions that contradict each
//! other (both named); a sibling group split by a decision; places that do
//! not exist, or are already held by earlier decisions (reservations and
//! placements are counted in order, per block and half-day).
//!
//! A placement that names only the crèche takes the first place there that
//! the child can take and that is still free after the earlier decisions:
//! earliest entry date, then sections and blocks in the instance's order.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::domain::decisions::{Decision, DecisionsFile};
use crate::domain::{Commission, SlotSet};
use crate::error::{Error, Problem, Result};
use crate::i18n::{Lang, Names};
use crate::rules::options::block_problem;
use crate::rules::{self, Opt, RequestOptions};
use crate::solve::load::{Load, Placement};

/// Longest reason a decision may carry, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// One decision, checked: indices into the commission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decided {
    /// The request's place (a wish's option that fits beside the earlier
    /// decisions).
    Place {
        request: usize,
        place: Placement,
    },
    Exclude {
        request: usize,
        creche: usize,
    },
    Defer {
        request: usize,
        renewal_bonus: bool,
    },
    /// `places` places of one half-day (a [`crate::domain::WeekGrid`] index) of a block.
    Reserve {
        creche: usize,
        section: usize,
        block: usize,
        half_day: usize,
        places: u32,
    },
}

/// The commission's decisions, checked against a commission.
#[derive(Debug, Clone, PartialEq)]
pub struct Decisions {
    /// Checked, in the file's order.
    pub list: Vec<Decided>,
    /// The file as given (its reasons, its ids as written).
    pub file: DecisionsFile,
}

impl Decisions {
    /// No decision: the proposal.
    pub fn none(c: &Commission) -> Decisions {
        Decisions {
            list: Vec::new(),
            file: DecisionsFile {
                commission_id: c.id().to_string(),
                decisions: Vec::new(),
            },
        }
    }

    /// The first `n` decisions (each of them was checked with only the ones
    /// before it, so any prefix holds).
    pub fn prefix(&self, n: usize) -> Decisions {
        let n = n.min(self.list.len());
        Decisions {
            list: self.list[..n].to_vec(),
            file: DecisionsFile {
                commission_id: self.file.commission_id.clone(),
                decisions: self.file.decisions[..n].to_vec(),
            },
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The decision placing request `r`, if any: its index and place.
    pub fn placed(&self, r: usize) -> Option<(usize, Placement)> {
        self.list.iter().enumerate().find_map(|(i, d)| match *d {
            Decided::Place { request, place } if request == r => Some((i, place)),
            _ => None,
        })
    }

    /// The decision excluding request `r` from `creche`, if any.
    pub fn excluded(&self, r: usize, creche: usize) -> Option<usize> {
        self.list.iter().position(|d| {
            matches!(*d, Decided::Exclude { request, creche: k } if request == r && k == creche)
        })
    }

    /// The decision deferring request `r`, if any: its index and whether the
    /// renewal bonus is carried.
    pub fn deferred(&self, r: usize) -> Option<(usize, bool)> {
        self.list.iter().enumerate().find_map(|(i, d)| match *d {
            Decided::Defer {
                request,
                renewal_bonus,
            } if request == r => Some((i, renewal_bonus)),
            _ => None,
        })
    }
}

impl Decisions {
    /// Whether the places of an allocation (adopted, indexed like `c`'s
    /// requests) hold every decision: each placement where the commission
    /// put it, no deferred request placed, no request at a crèche it was
    /// excluded from. An error names each decision it does not hold (not
    /// the allocation `decide` wrote for these decisions).
    pub fn held_by(&self, c: &Commission, placements: &[Option<Placement>]) -> Result<()> {
        let mut problems = Vec::new();
        for (i, x) in self.list.iter().enumerate() {
            let (r, ok) = match *x {
                Decided::Place { request, place } => (request, placements[request] == Some(place)),
                Decided::Defer { request, .. } => (request, placements[request].is_none()),
                Decided::Exclude { request, creche } => (
                    request,
                    placements[request].is_none_or(|p| p.creche != creche),
                ),
                Decided::Reserve { .. } => continue,
            };
            if !ok {
                problems.push(Problem::new(
                    "allocation",
                    &c.requests()[r].id,
                    format!(
                        "the allocation does not hold decisions[{i}] ({}): give the \
                         allocation `creche-alloc decide` wrote for these decisions",
                        describe(&self.file.decisions[i])
                    ),
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(problems))
        }
    }
}

/// Checks `file` against `c`; every problem at once in [`Error::Invalid`].
pub fn check(c: &Commission, file: &DecisionsFile) -> Result<Decisions> {
    let mut k = Checker {
        c,
        options: rules::resolve(c),
        problems: Vec::new(),
        load: Load::new(c),
        reserved: BTreeMap::new(),
    };
    if file.commission_id != c.id() {
        k.problems.push(Problem::new(
            "commission_id",
            &file.commission_id,
            format!("decisions of another commission (instance is {})", c.id()),
        ));
    }
    let mut list = Vec::new();
    for (i, d) in file.decisions.iter().enumerate() {
        let before = k.problems.len();
        k.reason(i, d.reason());
        let decided = k.decision(i, d);
        if let Some(decided) = decided {
            k.contradictions(i, &decided, &list, file);
            if k.problems.len() == before {
                k.hold(&decided);
            }
            list.push((i, decided));
        }
    }
    k.sibling_groups(&list);
    if !k.problems.is_empty() {
        return Err(Error::Invalid(k.problems));
    }
    Ok(Decisions {
        list: list.into_iter().map(|(_, d)| d).collect(),
        file: file.clone(),
    })
}

struct Checker<'c> {
    c: &'c Commission,
    options: Vec<RequestOptions>,
    problems: Vec<Problem>,
    /// Places held by the placements checked so far.
    load: Load,
    /// Places reserved so far, per (crèche, section, block, half-day).
    reserved: BTreeMap<(usize, usize, usize, usize), u32>,
}

fn path(i: usize, field: &str) -> String {
    format!("decisions[{i}].{field}")
}

impl Checker<'_> {
    fn bad(&mut self, i: usize, field: &str, value: impl std::fmt::Display, message: String) {
        self.problems
            .push(Problem::new(path(i, field), value, message));
    }

    fn reason(&mut self, i: usize, reason: &str) {
        let n = reason.chars().count();
        if reason.trim().is_empty() {
            let msg = "every decision needs the reason the commission gives".to_string();
            self.bad(i, "reason", "", msg);
        } else if n > MAX_REASON_CHARS {
            let msg = format!("a reason is at most {MAX_REASON_CHARS} characters ({n} here)");
            self.bad(i, "reason", n, msg);
        }
    }

    fn request(&mut self, i: usize, id: &str) -> Option<usize> {
        let r = self.c.request_index(id);
        if r.is_none() {
            self.bad(i, "request", id, "unknown request".into());
        }
        r
    }

    fn creche(&mut self, i: usize, id: &str) -> Option<usize> {
        let k = self.c.creche_index(id);
        if k.is_none() {
            self.bad(i, "creche", id, "unknown crèche".into());
        }
        k
    }

    /// The wish of request `r` at crèche `k` (index into its wishes).
    fn wish(&mut self, i: usize, r: usize, k: usize) -> Option<usize> {
        let w = self.options[r].wishes.iter().position(|w| w.creche == k);
        if w.is_none() {
            let id = &self.c.creches()[k].id;
            let msg = format!(
                "{id} is not among the wishes of {}",
                self.c.requests()[r].id
            );
            self.bad(i, "creche", id.clone(), msg);
        }
        w
    }

    fn decision(&mut self, i: usize, d: &Decision) -> Option<Decided> {
        match d {
            Decision::Place {
                request, creche, ..
            } => {
                let (r, k) = (self.request(i, request), self.creche(i, creche));
                let (r, k) = (r?, k?);
                let wish = self.wish(i, r, k)?;
                let opt = self.place(i, r, k, wish, d)?;
                Some(Decided::Place {
                    request: r,
                    place: Placement {
                        creche: k,
                        wish,
                        opt,
                    },
                })
            }
            Decision::Exclude {
                request, creche, ..
            } => {
                let (r, k) = (self.request(i, request), self.creche(i, creche));
                let (r, k) = (r?, k?);
                self.wish(i, r, k)?;
                Some(Decided::Exclude {
                    request: r,
                    creche: k,
                })
            }
            Decision::Defer {
                request,
                renewal_bonus,
                ..
            } => {
                let r = self.request(i, request);
                if renewal_bonus.is_none() {
                    let msg = "say whether the next commission counts the renewal bonus \
                               (true or false)";
                    self.bad(i, "renewal_bonus", "", msg.into());
                }
                Some(Decided::Defer {
                    request: r?,
                    renewal_bonus: (*renewal_bonus)?,
                })
            }
            Decision::Reserve { .. } => self.reserve(i, d),
        }
    }
}

impl Checker<'_> {
    /// The place of a placement: the first option of the wish that matches
    /// the section, block and entry date given and is still free.
    fn place(&mut self, i: usize, r: usize, k: usize, wish: usize, d: &Decision) -> Option<Opt> {
        let Decision::Place {
            section,
            block,
            entry_date,
            ..
        } = d
        else {
            return None;
        };
        let c = self.c;
        let s = self.section_of(i, k, section.as_deref(), *block)?;
        let date = match entry_date {
            Some(t) => Some(self.date(i, t)?),
            None => None,
        };
        if let (Some(s), Some(b)) = (s, *block) {
            let sec = &c.creches()[k].sections[s];
            if let Some(why) = block_problem(c, &c.requests()[r], sec, &sec.blocks[b]) {
                let words = self.words(k, &why);
                let msg = format!("not a place this request can take: {words}");
                self.bad(i, "block", b, msg);
                return None;
            }
        }
        let w = &self.options[r].wishes[wish];
        let matching =
            |o: &&Opt| s.is_none_or(|s| o.section == s) && block.is_none_or(|b| o.block == b);
        let mut fitting: Vec<Opt> = w
            .options
            .iter()
            .filter(matching)
            .filter(|o| date.is_none_or(|d| o.entry == d))
            .copied()
            .collect();
        if fitting.is_empty() {
            self.no_option(i, r, k, wish, s, date);
            return None;
        }
        fitting.sort_by_key(|o| (o.entry, o.section, o.block));
        let planning = c.requests()[r].planning;
        let free = fitting
            .iter()
            .find(|o| self.free(k, **o, planning))
            .copied();
        if free.is_none() {
            let msg = "no free place left for this placement: on some half-day of the \
                       planning, every place it could take is held by earlier decisions \
                       (placements and reservations)";
            self.bad(i, "creche", &c.creches()[k].id, msg.into());
        }
        free
    }

    /// The section named (checked with the block), `None` when none is.
    #[allow(clippy::option_option)]
    fn section_of(
        &mut self,
        i: usize,
        k: usize,
        section: Option<&str>,
        block: Option<usize>,
    ) -> Option<Option<usize>> {
        let sections = &self.c.creches()[k].sections;
        let Some(id) = section else {
            if let Some(b) = block {
                self.bad(
                    i,
                    "block",
                    b,
                    "a block is numbered within a section: give the section".into(),
                );
                return None;
            }
            return Some(None);
        };
        let Some(s) = sections.iter().position(|s| s.id == id) else {
            let msg = format!("unknown section of crèche {}", self.c.creches()[k].id);
            self.bad(i, "section", id, msg);
            return None;
        };
        let n = sections[s].blocks.len();
        if let Some(b) = block.filter(|&b| b >= n) {
            let msg = format!("no such block: section {id} has {n} (numbered from 0)");
            self.bad(i, "block", b, msg);
            return None;
        }
        Some(Some(s))
    }

    fn date(&mut self, i: usize, text: &str) -> Option<NaiveDate> {
        match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(d) if text.len() == 10 => Some(d),
            _ => {
                self.bad(i, "entry_date", text, "not a date YYYY-MM-DD".into());
                None
            }
        }
    }

    /// Why no option of the wish matches what the placement names.
    fn no_option(
        &mut self,
        i: usize,
        r: usize,
        k: usize,
        wish: usize,
        s: Option<usize>,
        date: Option<NaiveDate>,
    ) {
        let w = &self.options[r].wishes[wish];
        let in_section: Vec<NaiveDate> = w
            .options
            .iter()
            .filter(|o| s.is_none_or(|s| o.section == s))
            .map(|o| o.entry)
            .collect();
        let creche = self.c.creches()[k].id.clone();
        if let Some(why) = w.ineligible.first().cloned() {
            let msg = format!("not a place this request can take: {}", self.words(k, &why));
            self.bad(i, "creche", creche, msg);
        } else if in_section.is_empty() {
            let msg = "no place of this section the request can take (age, planning or \
                       availability)";
            self.bad(i, "section", creche, msg.into());
        } else if let Some(d) = date {
            let mut dates: Vec<String> = in_section.iter().map(|d| d.to_string()).collect();
            dates.dedup();
            let msg = format!("the places there start on {}", dates.join(", "));
            self.bad(i, "entry_date", d, msg);
        }
    }

    /// A rule's reason in English words, as every validation message.
    fn words(&self, k: usize, why: &crate::domain::Reason) -> String {
        Names::of(self.c, Lang::En.messages())
            .reason(&self.c.creches()[k].id, why.code, &why.params)
            .unwrap_or_else(|| why.code.as_str().to_string())
    }

    /// Places of option `o` at crèche `k` left on every half-day of `planning`.
    fn free(&self, k: usize, o: Opt, planning: SlotSet) -> bool {
        let cap = &self.c.creches()[k].sections[o.section].blocks[o.block].capacity;
        planning.iter().all(|h| {
            let held = self.load.used(k, o, h) + self.held(k, o.section, o.block, h);
            held < cap[h]
        })
    }

    fn held(&self, k: usize, s: usize, b: usize, h: usize) -> u32 {
        self.reserved.get(&(k, s, b, h)).copied().unwrap_or(0)
    }

    fn reserve(&mut self, i: usize, d: &Decision) -> Option<Decided> {
        let Decision::Reserve {
            creche,
            section,
            block,
            day,
            half_day,
            places,
            ..
        } = d
        else {
            return None;
        };
        let c = self.c;
        let k = self.creche(i, creche);
        let s = k.and_then(|k| self.section_of(i, k, Some(section), Some(*block)))?;
        let d_index = c.week().day_index(day);
        if d_index.is_none() {
            let msg = format!("not a day of the week grid ({})", c.week().days.join(", "));
            self.bad(i, "day", day, msg);
        }
        let slot = c.week().slot_id_index(half_day);
        if slot.is_none() {
            let ids: Vec<&str> = c.week().slots.iter().map(|s| s.id.as_str()).collect();
            let msg = format!("not a half-day of the week grid ({})", ids.join(", "));
            self.bad(i, "half_day", half_day, msg);
        }
        if *places == 0 {
            self.bad(
                i,
                "places",
                places,
                "a reservation holds at least one place".into(),
            );
        }
        let (k, s, h) = (k?, s?, c.week().slot_index(d_index?, slot?));
        let cap = c.creches()[k].sections[s].blocks[*block].capacity[h];
        let opt = Opt {
            section: s,
            block: *block,
            entry: c.date(),
        };
        let held = self.load.used(k, opt, h) + self.held(k, s, *block, h);
        let left = cap.saturating_sub(held);
        if *places > left {
            let msg = format!(
                "{left} place(s) left on {} in this block ({cap} free, {held} held by earlier \
                 decisions)",
                c.week().code(h)
            );
            self.bad(i, "places", places, msg);
        }
        (*places > 0).then_some(Decided::Reserve {
            creche: k,
            section: s,
            block: *block,
            half_day: h,
            places: *places,
        })
    }

    /// Places a checked decision holds from now on.
    fn hold(&mut self, d: &Decided) {
        match *d {
            Decided::Place { request, place } => {
                let planning = self.c.requests()[request].planning;
                self.load.add(place.creche, place.opt, planning);
            }
            Decided::Reserve {
                creche,
                section,
                block,
                half_day,
                places,
            } => {
                *self
                    .reserved
                    .entry((creche, section, block, half_day))
                    .or_default() += places
            }
            Decided::Exclude { .. } | Decided::Defer { .. } => {}
        }
    }

    /// Decision `i` against every earlier one: a request placed twice,
    /// placed and excluded from the same crèche, placed and deferred; a
    /// repeated exclusion or deferral.
    fn contradictions(
        &mut self,
        i: usize,
        d: &Decided,
        earlier: &[(usize, Decided)],
        file: &DecisionsFile,
    ) {
        for &(j, e) in earlier {
            let said = |x: usize| describe(&file.decisions[x]);
            let msg = match (*d, e) {
                (Decided::Place { request: a, .. }, Decided::Place { request: b, .. })
                    if a == b =>
                {
                    format!("request placed twice: decisions[{j}] already {}", said(j))
                }
                (Decided::Place { request: a, place }, Decided::Exclude { request: b, creche })
                | (Decided::Exclude { request: b, creche }, Decided::Place { request: a, place })
                    if a == b && place.creche == creche =>
                {
                    format!("contradicts decisions[{j}], which {}", said(j))
                }
                (Decided::Place { request: a, .. }, Decided::Defer { request: b, .. })
                | (Decided::Defer { request: b, .. }, Decided::Place { request: a, .. })
                    if a == b =>
                {
                    format!("contradicts decisions[{j}], which {}", said(j))
                }
                (Decided::Exclude { .. }, Decided::Exclude { .. })
                | (Decided::Defer { .. }, Decided::Defer { .. })
                    if same_target(d, &e) =>
                {
                    format!("repeats decisions[{j}], which already {}", said(j))
                }
                _ => continue,
            };
            let msg = format!("decisions[{i}] {}: {msg}", said(i));
            let field =
                if matches!(d, Decided::Exclude { .. }) || matches!(e, Decided::Exclude { .. }) {
                    "creche"
                } else {
                    "request"
                };
            let value = file.decisions[i].request().unwrap_or_default().to_string();
            let value = if field == "creche" {
                file.decisions[i].creche().unwrap_or_default().to_string()
            } else {
                value
            };
            self.bad(i, field, value, msg);
        }
    }

    /// A sibling group is placed together or not at all, and presented
    /// together: a decision placing or deferring one child must be matched
    /// for every other child of its group.
    fn sibling_groups(&mut self, list: &[(usize, Decided)]) {
        let c = self.c;
        for &(i, d) in list {
            let (r, creche) = match d {
                Decided::Place { request, place } => (request, Some(place.creche)),
                Decided::Defer { request, .. } => (request, None),
                _ => continue,
            };
            let Some(g) = c.requests()[r].sibling_group else {
                continue;
            };
            let missing: Vec<&str> = c.sibling_groups()[g]
                .members
                .iter()
                .filter(|&&m| m != r)
                .filter(|&&m| {
                    !list.iter().any(|&(_, e)| match (e, creche) {
                        (Decided::Place { request, place }, Some(k)) => {
                            request == m && place.creche == k
                        }
                        (Decided::Defer { request, .. }, None) => request == m,
                        _ => false,
                    })
                })
                .map(|&m| c.requests()[m].id.as_str())
                .collect();
            if !missing.is_empty() {
                let what = if creche.is_some() { "place" } else { "defer" };
                let msg = format!(
                    "{} is in sibling group {} (siblings together or not at all): {what} {} \
                     too, by another decision",
                    c.requests()[r].id,
                    c.sibling_groups()[g].id,
                    missing.join(", ")
                );
                self.bad(i, "request", &c.requests()[r].id, msg);
            }
        }
    }
}

fn same_target(a: &Decided, b: &Decided) -> bool {
    match (*a, *b) {
        (
            Decided::Exclude {
                request: r,
                creche: k,
            },
            Decided::Exclude {
                request: s,
                creche: l,
            },
        ) => r == s && k == l,
        (Decided::Defer { request: r, .. }, Decided::Defer { request: s, .. }) => r == s,
        _ => false,
    }
}

/// `places D-0044 at toboggan`: a decision in a few words, for messages.
pub fn describe(d: &Decision) -> String {
    match d {
        Decision::Place {
            request, creche, ..
        } => format!("places {request} at {creche}"),
        Decision::Exclude {
            request, creche, ..
        } => format!("excludes {request} from {creche}"),
        Decision::Defer { request, .. } => format!("defers {request}"),
        Decision::Reserve {
            creche,
            section,
            day,
            half_day,
            places,
            ..
        } => format!("reserves {places} place(s) of {creche}/{section} on {day}_{half_day}"),
    }
}
