//! Instance → checked [`Commission`], reporting every problem at once, each with
//! its JSON path and value. Nothing is solved unless this succeeds.
//!
//! Every number of the format has a documented range ([`ranges`]), checked
//! here, so that nothing computed from a commission can overflow; the JSON
//! reading ([`json`]) also lists the fields the format does not have.

pub mod json;
pub mod ranges;

pub use json::parse_json_noting;

use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

use crate::domain::commission::{
    Bareme, Block, Child, Commission, Creche, History, Request, Section, SiblingGroup, Validated,
};
use crate::domain::instance::{self, Instance};
use crate::domain::slots::{parse_range, parse_time, SlotDef, SlotSet, WeekGrid, MAX_HALF_DAYS};
use crate::error::{Error, Problem, Result};

/// Reads an instance from JSON text; a field of the wrong type or a missing one
/// is reported with its path. Unknown fields are dropped: [`parse_json_noting`]
/// lists them.
pub fn parse_json(text: &str) -> Result<Instance> {
    parse_json_noting(text).map(|(instance, _)| instance)
}

/// Checks an instance and builds the typed commission.
pub fn validate(inst: &Instance) -> Result<Commission> {
    let mut v = Validator {
        problems: Vec::new(),
    };
    let commission = v.commission(inst);
    if v.problems.is_empty() {
        Ok(commission.expect("no problem means a commission"))
    } else {
        Err(Error::Invalid(v.problems))
    }
}

struct Validator {
    problems: Vec<Problem>,
}

impl Validator {
    fn push(
        &mut self,
        path: impl Into<String>,
        value: impl std::fmt::Display,
        message: impl Into<String>,
    ) {
        self.problems.push(Problem::new(path, value, message));
    }

    /// `n` within `range` ([`ranges`]); else a problem naming the range.
    fn in_range(&mut self, path: impl Into<String>, what: &str, n: i64, range: (i64, i64)) -> bool {
        match ranges::out_of(what, n, range) {
            None => true,
            Some(message) => {
                self.push(path, n, message);
                false
            }
        }
    }

    /// A count or a size already checked to be within a `u32` range.
    fn to_u32(n: i64) -> u32 {
        u32::try_from(n).unwrap_or_default()
    }

    fn date(&mut self, path: &str, text: &str) -> Option<NaiveDate> {
        match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(d) if text.len() == 10 => Some(d),
            _ => {
                self.push(path, text, "not a date YYYY-MM-DD");
                None
            }
        }
    }

    fn unique_ids<'a>(&mut self, what: &str, ids: impl Iterator<Item = (String, &'a str)>) {
        let mut seen = BTreeSet::new();
        for (path, id) in ids {
            if id.is_empty() {
                self.push(path, id, format!("empty {what} id"));
            } else if !seen.insert(id) {
                self.push(path, id, format!("duplicate {what} id"));
            }
        }
    }

    fn commission(&mut self, inst: &Instance) -> Option<Commission> {
        let h = &inst.commission;
        let date = self.date("commission.date", &h.date);
        let period = self.entry_period(h);
        if h.id.is_empty() {
            self.push("commission.id", "", "empty commission id");
        }
        self.in_range(
            "commission.start_tolerance_days",
            "tolerance",
            h.start_tolerance_days,
            ranges::TOLERANCE_DAYS,
        );
        let week = self.week(&inst.week);
        let bareme = self.bareme(inst);
        let creche_ids = self.ids(inst);
        let creches = self.creches(inst, week.as_ref());
        let context = RequestContext {
            week: week.as_ref(),
            bareme: &bareme,
            creche_ids: &creche_ids,
            period,
        };
        let requests = self.requests(inst, &context);
        if !self.problems.is_empty() {
            return None;
        }
        let (requests, sibling_groups) = grouped(requests);
        let (entry_from, entry_to) = period?;
        Some(Commission::from_validated(Validated {
            id: h.id.clone(),
            date: date?,
            entry_from,
            entry_to,
            start_tolerance_days: h.start_tolerance_days,
            seed: h.seed,
            week: week?,
            bareme,
            creches,
            requests,
            sibling_groups,
        }))
    }

    /// The entry period, when both dates parse and are in order.
    fn entry_period(&mut self, h: &instance::CommissionHeader) -> Option<(NaiveDate, NaiveDate)> {
        let entry_from = self.date("commission.entry_from", &h.entry_from);
        let entry_to = self.date("commission.entry_to", &h.entry_to);
        if let (Some(a), Some(b)) = (entry_from, entry_to) {
            if a > b {
                self.push(
                    "commission.entry_to",
                    &h.entry_to,
                    format!("entry period ends before it starts ({})", h.entry_from),
                );
            }
        }
        entry_from.zip(entry_to)
    }

    fn bareme(&mut self, inst: &Instance) -> Bareme {
        for (key, &v) in &inst.bareme {
            self.in_range(format!("bareme.{key}"), "barème value", v, ranges::BAREME);
        }
        for key in inst.bareme_labels.keys() {
            if !inst.bareme.contains_key(key) {
                self.push(
                    format!("bareme_labels.{key}"),
                    key,
                    "label of a criterion the barème does not name",
                );
            }
        }
        Bareme {
            values: inst.bareme.clone(),
            labels: inst.bareme_labels.clone(),
        }
    }

    /// Crèche and request ids unique; the crèche ids sorted, for lookups.
    fn ids<'i>(&mut self, inst: &'i Instance) -> Vec<&'i str> {
        self.unique_ids(
            "crèche",
            (inst.creches.iter().enumerate())
                .map(|(i, c)| (format!("creches[{i}].id"), c.id.as_str())),
        );
        self.unique_ids(
            "request",
            (inst.requests.iter().enumerate())
                .map(|(i, r)| (format!("requests[{i}].id"), r.id.as_str())),
        );
        let mut creche_ids: Vec<&str> = inst.creches.iter().map(|c| c.id.as_str()).collect();
        creche_ids.sort_unstable();
        creche_ids.dedup();
        creche_ids
    }

    /// The valid crèches, sorted by id.
    fn creches(&mut self, inst: &Instance, week: Option<&WeekGrid>) -> Vec<Creche> {
        let mut creches: Vec<Creche> = Vec::new();
        for (ci, c) in inst.creches.iter().enumerate() {
            if let Some(cr) = self.creche(&format!("creches[{ci}]"), c, week) {
                creches.push(cr);
            }
        }
        creches.sort_by(|a, b| a.id.cmp(&b.id));
        creches
    }

    /// The valid requests with their sibling group's id; a group of one is a
    /// problem.
    fn requests(
        &mut self,
        inst: &Instance,
        context: &RequestContext,
    ) -> Vec<(Request, Option<String>)> {
        let mut requests = Vec::new();
        let mut groups: BTreeMap<&str, Vec<(usize, &str)>> = BTreeMap::new();
        for (ri, r) in inst.requests.iter().enumerate() {
            if let Some(g) = &r.sibling_group {
                groups.entry(g).or_default().push((ri, &r.id));
            }
            if let Some(req) = self.request(&format!("requests[{ri}]"), r, context) {
                requests.push((req, r.sibling_group.clone()));
            }
        }
        for (g, members) in groups.iter().filter(|(_, m)| m.len() < 2) {
            let (ri, id) = members[0];
            self.push(
                format!("requests[{ri}].sibling_group"),
                g,
                format!("sibling group of one (request {id}): a group needs at least two requests"),
            );
        }
        requests
    }

    fn week(&mut self, w: &instance::Week) -> Option<WeekGrid> {
        let before = self.problems.len();
        if w.days.is_empty() {
            self.push("week.days", "[]", "the week has no day");
        }
        if w.slots.is_empty() {
            self.push("week.slots", "[]", "the week has no slot");
        }
        self.unique_ids(
            "day",
            w.days
                .iter()
                .enumerate()
                .map(|(i, d)| (format!("week.days[{i}]"), d.as_str())),
        );
        self.unique_ids(
            "slot",
            w.slots
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("week.slots[{i}].id"), s.id.as_str())),
        );
        if w.days.len() * w.slots.len() > MAX_HALF_DAYS {
            self.push(
                "week",
                format!("{} days × {} slots", w.days.len(), w.slots.len()),
                format!("more than {MAX_HALF_DAYS} half-days a week"),
            );
        }
        let mut slots = Vec::new();
        for (i, s) in w.slots.iter().enumerate() {
            let start = parse_time(&s.start);
            let end = parse_time(&s.end);
            if start.is_none() {
                self.push(
                    format!("week.slots[{i}].start"),
                    &s.start,
                    "not a time HH:MM",
                );
            }
            if end.is_none() {
                self.push(format!("week.slots[{i}].end"), &s.end, "not a time HH:MM");
            }
            if let (Some(a), Some(b)) = (start, end) {
                if b <= a {
                    self.push(
                        format!("week.slots[{i}].end"),
                        &s.end,
                        format!("slot ends before it starts ({})", s.start),
                    );
                }
                slots.push(SlotDef {
                    id: s.id.clone(),
                    start: a,
                    end: b,
                });
            }
        }
        for i in 1..slots.len() {
            if slots[i].start < slots[i - 1].end {
                self.push(
                    format!("week.slots[{i}].start"),
                    &w.slots[i].start,
                    format!(
                        "slot overlaps the previous one ({}) or is out of time order",
                        w.slots[i - 1].id
                    ),
                );
            }
        }
        (self.problems.len() == before).then(|| WeekGrid {
            days: w.days.clone(),
            slots,
        })
    }

    fn creche(
        &mut self,
        path: &str,
        c: &instance::Creche,
        week: Option<&WeekGrid>,
    ) -> Option<Creche> {
        let before = self.problems.len();
        self.unique_ids(
            "section",
            c.sections
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("{path}.sections[{i}].id"), s.id.as_str())),
        );
        let mut sections = Vec::new();
        for (si, s) in c.sections.iter().enumerate() {
            let sp = format!("{path}.sections[{si}]");
            let min_ok = self.in_range(
                format!("{sp}.min_age_months"),
                "age",
                s.min_age_months,
                ranges::AGE_MONTHS,
            );
            let max_ok = self.in_range(
                format!("{sp}.max_age_months"),
                "age",
                s.max_age_months,
                ranges::AGE_MONTHS,
            );
            if min_ok && max_ok && s.min_age_months > s.max_age_months {
                self.push(
                    format!("{sp}.min_age_months"),
                    s.min_age_months,
                    format!("section min age exceeds its max age ({})", s.max_age_months),
                );
            }
            let mut blocks = Vec::new();
            for (bi, b) in s.free.iter().enumerate() {
                let bp = format!("{sp}.free[{bi}]");
                let from = self.date(&format!("{bp}.available_from"), &b.available_from);
                let capacity =
                    week.and_then(|w| self.places(&format!("{bp}.places"), &b.places, w));
                if let (Some(available_from), Some(capacity)) = (from, capacity) {
                    blocks.push(Block {
                        available_from,
                        capacity,
                    });
                }
            }
            sections.push(Section {
                id: s.id.clone(),
                label: s.label.clone(),
                min_age_months: Self::to_u32(s.min_age_months),
                max_age_months: Self::to_u32(s.max_age_months),
                blocks,
            });
        }
        (self.problems.len() == before).then(|| Creche {
            id: c.id.clone(),
            name: c.name.clone(),
            commune: c.commune.clone(),
            sections,
        })
    }

    fn places(
        &mut self,
        path: &str,
        places: &instance::Places,
        week: &WeekGrid,
    ) -> Option<Vec<u32>> {
        let before = self.problems.len();
        let mut capacity = vec![0u32; week.half_days()];
        for (day, slots) in places {
            let Some(d) = week.day_index(day) else {
                self.push(format!("{path}.{day}"), day, "day not in the week");
                continue;
            };
            for (slot, &n) in slots {
                let Some(s) = week.slot_id_index(slot) else {
                    self.push(format!("{path}.{day}.{slot}"), slot, "slot not in the week");
                    continue;
                };
                if self.in_range(
                    format!("{path}.{day}.{slot}"),
                    "capacity",
                    n,
                    ranges::PLACES,
                ) {
                    capacity[week.slot_index(d, s)] = Self::to_u32(n);
                }
            }
        }
        (self.problems.len() == before).then_some(capacity)
    }

    fn planning(
        &mut self,
        path: &str,
        planning: &BTreeMap<String, Vec<String>>,
        week: &WeekGrid,
    ) -> Option<SlotSet> {
        let before = self.problems.len();
        let mut set = SlotSet::EMPTY;
        for (day, ranges) in planning {
            let Some(d) = week.day_index(day) else {
                self.push(format!("{path}.{day}"), day, "planning day not in the week");
                continue;
            };
            let mut parsed: Vec<(u32, u32, usize)> = Vec::new();
            for (k, text) in ranges.iter().enumerate() {
                let rp = format!("{path}.{day}[{k}]");
                match parse_range(text) {
                    None => self.push(rp, text, "time range is not HH:MM-HH:MM"),
                    Some((a, b)) if b <= a => {
                        self.push(rp, text, "time range ends before it starts")
                    }
                    Some((a, b)) => {
                        if let Some(&(_, _, j)) =
                            parsed.iter().find(|&&(pa, pb, _)| a < pb && b > pa)
                        {
                            self.push(
                                rp,
                                text,
                                format!("time range overlaps {} of the same day", ranges[j]),
                            );
                        }
                        parsed.push((a, b, k));
                        set = set.union(week.slots_overlapping(d, a, b));
                    }
                }
            }
        }
        if self.problems.len() == before && set.is_empty() {
            self.push(
                path,
                format!("{planning:?}"),
                "planning covers no half-day of the week",
            );
        }
        (self.problems.len() == before).then_some(set)
    }

    fn criteria(&mut self, path: &str, criteria: &[String], bareme: &Bareme) {
        if criteria.len() > ranges::CRITERIA {
            self.push(
                path,
                format!("{} criteria", criteria.len()),
                format!("more than {} criteria in one list", ranges::CRITERIA),
            );
        }
        for (k, c) in criteria.iter().enumerate() {
            if bareme.value(c).is_none() {
                self.push(format!("{path}[{k}]"), c, "criterion not in the barème");
            }
        }
    }

    fn request(
        &mut self,
        path: &str,
        r: &instance::Request,
        context: &RequestContext,
    ) -> Option<Request> {
        let before = self.problems.len();
        let birth = self.child(path, &r.child);
        let start = self.start(path, &r.start, context.period, birth);
        let submitted = self.date(&format!("{path}.submitted"), &r.submitted);
        let planning =
            (context.week).and_then(|w| self.planning(&format!("{path}.planning"), &r.planning, w));
        let wishes = self.wishes(path, &r.wishes, context.creche_ids);
        self.criteria(&format!("{path}.criteria"), &r.criteria, context.bareme);
        let creche_criteria = self.creche_criteria(path, &r.creche_criteria, context);
        let history = self.history(path, &r.history);
        if let Some(p) = r.points {
            self.in_range(format!("{path}.points"), "points", p, ranges::POINTS);
        }
        if r.sibling_group.as_deref() == Some("") {
            self.push(
                format!("{path}.sibling_group"),
                "",
                "empty sibling group id (use null)",
            );
        }
        if self.problems.len() != before {
            return None;
        }
        Some(Request {
            id: r.id.clone(),
            child: birth?,
            start: start?,
            planning: planning?,
            wishes,
            criteria: r.criteria.clone(),
            creche_criteria,
            history,
            sibling_group: None,
            submitted: submitted?,
            points_override: r.points,
        })
    }

    /// The child's birth date, given or expected (one of the two).
    fn child(&mut self, path: &str, child: &instance::Child) -> Option<Child> {
        match (&child.birth_date, &child.expected_birth_date) {
            (Some(b), None) => {
                (self.date(&format!("{path}.child.birth_date"), b)).map(|birth| Child {
                    birth,
                    unborn: false,
                })
            }
            (None, Some(b)) => {
                (self.date(&format!("{path}.child.expected_birth_date"), b)).map(|birth| Child {
                    birth,
                    unborn: true,
                })
            }
            (Some(b), Some(_)) => {
                let why = "give birth_date or expected_birth_date, not both";
                self.push(format!("{path}.child"), b, why);
                None
            }
            (None, None) => {
                let why = "birth_date or expected_birth_date is required";
                self.push(format!("{path}.child"), "", why);
                None
            }
        }
    }

    /// The requested start: inside the entry period, and not before birth.
    fn start(
        &mut self,
        path: &str,
        text: &str,
        period: Option<(NaiveDate, NaiveDate)>,
        birth: Option<Child>,
    ) -> Option<NaiveDate> {
        let start = self.date(&format!("{path}.start"), text);
        if let (Some(s), Some((from, to))) = (start, period) {
            if s < from || s > to {
                let why = format!("start outside the commission's entry period {from}..{to}");
                self.push(format!("{path}.start"), text, why);
            }
        }
        if let (Some(child), Some(s)) = (birth, start) {
            if child.birth > s {
                let field = if child.unborn {
                    "expected_birth_date"
                } else {
                    "birth_date"
                };
                let why =
                    format!("born after the requested start ({s}): a child enters after its birth");
                self.push(format!("{path}.child.{field}"), child.birth, why);
            }
        }
        start
    }

    /// The wished crèches as indices: at least one, each known, none twice.
    fn wishes(&mut self, path: &str, wished: &[String], creche_ids: &[&str]) -> Vec<usize> {
        if wished.is_empty() {
            self.push(
                format!("{path}.wishes"),
                "[]",
                "a request needs at least one wished crèche",
            );
        }
        let mut wishes = Vec::new();
        for (k, w) in wished.iter().enumerate() {
            match creche_ids.binary_search(&w.as_str()).ok() {
                None => self.push(format!("{path}.wishes[{k}]"), w, "unknown crèche"),
                Some(i) if wishes.contains(&i) => {
                    self.push(format!("{path}.wishes[{k}]"), w, "crèche wished twice")
                }
                Some(i) => wishes.push(i),
            }
        }
        wishes
    }

    /// Criteria that count at one crèche only, by the crèche's index.
    fn creche_criteria(
        &mut self,
        path: &str,
        given: &BTreeMap<String, Vec<String>>,
        context: &RequestContext,
    ) -> BTreeMap<usize, Vec<String>> {
        let mut creche_criteria = BTreeMap::new();
        for (cid, cs) in given {
            let at = format!("{path}.creche_criteria.{cid}");
            self.criteria(&at, cs, context.bareme);
            match context.creche_ids.binary_search(&cid.as_str()) {
                Err(_) => self.push(at, cid, "unknown crèche"),
                Ok(i) => {
                    creche_criteria.insert(i, cs.clone());
                }
            }
        }
        creche_criteria
    }

    /// Renewals, refusals and no-shows in range; a third refusal cancels.
    fn history(&mut self, path: &str, h: &instance::History) -> History {
        for (name, n) in [("renewals", h.renewals), ("no_shows", h.no_shows)] {
            self.in_range(format!("{path}.history.{name}"), "count", n, ranges::COUNT);
        }
        let refusals = format!("{path}.history.family_refusals");
        if h.family_refusals >= 3 {
            let why =
                "three refusals cancel a request for good (rules III.4): it cannot be presented";
            self.push(refusals, h.family_refusals, why);
        } else {
            self.in_range(refusals, "count", h.family_refusals, ranges::REFUSALS);
        }
        History {
            renewals: Self::to_u32(h.renewals),
            family_refusals: Self::to_u32(h.family_refusals),
            no_shows: Self::to_u32(h.no_shows),
        }
    }
}

/// What every request is checked against.
struct RequestContext<'a> {
    week: Option<&'a WeekGrid>,
    bareme: &'a Bareme,
    /// Sorted, for lookups.
    creche_ids: &'a [&'a str],
    period: Option<(NaiveDate, NaiveDate)>,
}

/// The requests sorted by id, each with the index of its sibling group, and
/// the groups (by id) with their members' indices.
fn grouped(mut requests: Vec<(Request, Option<String>)>) -> (Vec<Request>, Vec<SiblingGroup>) {
    requests.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    let mut members: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, (_, g)) in requests.iter().enumerate() {
        if let Some(g) = g {
            members.entry(g.clone()).or_default().push(i);
        }
    }
    let groups: Vec<SiblingGroup> = (members.into_iter())
        .map(|(id, members)| SiblingGroup { id, members })
        .collect();
    let requests = (requests.into_iter())
        .map(|(mut r, g)| {
            r.sibling_group = g.and_then(|g| groups.iter().position(|s| s.id == g));
            r
        })
        .collect();
    (requests, groups)
}
