//! An independent checker of allocations, written from
//! `shared/instance-format.md` (the JSON contract) and not from the solver code.
//!
//! It reads the instance and the allocation as plain [`serde_json::Value`]s (no
//! type of the crate), recomputes everything it needs (ages, covered slots,
//! points, loads) and returns every rule the allocation breaks, in words. An
//! empty list means the allocation is valid.
//!
//! [`inversions`] counts priority inversions independently, as the format
//! defines them.

use chrono::{Datelike, Duration, NaiveDate};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// No child enters a crèche before it is 10 weeks old.
pub const MIN_AGE_DAYS: i64 = 70;

/// A half-day of the week: (day id, slot id).
pub type HalfDay = (String, String);

#[derive(Debug, Clone)]
pub struct Slot {
    pub id: String,
    pub start: u32,
    pub end: u32,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub available_from: NaiveDate,
    /// (day, slot) → free places; a missing day or slot means 0.
    pub places: BTreeMap<HalfDay, i64>,
}

impl Block {
    pub fn places(&self, h: &HalfDay) -> i64 {
        self.places.get(h).copied().unwrap_or(0)
    }
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub min_age_months: i64,
    pub max_age_months: i64,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
pub struct Creche {
    pub id: String,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone)]
pub struct Req {
    pub id: String,
    /// `birth_date`, or `expected_birth_date` for an unborn child.
    pub birth: NaiveDate,
    pub start: NaiveDate,
    /// Half-days the planning covers.
    pub covered: BTreeSet<HalfDay>,
    pub wishes: Vec<String>,
    pub criteria: Vec<String>,
    pub creche_criteria: BTreeMap<String, Vec<String>>,
    pub renewals: i64,
    pub no_shows: i64,
    pub sibling_group: Option<String>,
    pub points: Option<i64>,
}

/// The instance, read independently of the crate's types.
#[derive(Debug, Clone)]
pub struct Inst {
    pub id: String,
    pub start_tolerance_days: i64,
    pub days: Vec<String>,
    pub slots: Vec<Slot>,
    pub bareme: BTreeMap<String, i64>,
    pub creches: Vec<Creche>,
    pub requests: Vec<Req>,
}

fn s<'a>(v: &'a Value, what: &str) -> &'a str {
    v.as_str()
        .unwrap_or_else(|| panic!("instance: {what} is not a string: {v}"))
}

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .unwrap_or_else(|e| panic!("not a date YYYY-MM-DD: {text:?} ({e})"))
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    if text.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// `HH:MM` → minutes since midnight.
pub fn minutes(text: &str) -> u32 {
    let (h, m) = text
        .split_once(':')
        .unwrap_or_else(|| panic!("not a time HH:MM: {text:?}"));
    h.trim().parse::<u32>().expect("hours") * 60 + m.trim().parse::<u32>().expect("minutes")
}

impl Inst {
    pub fn from_json(v: &Value) -> Inst {
        let week = &v["week"];
        let days: Vec<String> = week["days"]
            .as_array()
            .expect("week.days")
            .iter()
            .map(|d| s(d, "day").to_string())
            .collect();
        let slots: Vec<Slot> = week["slots"]
            .as_array()
            .expect("week.slots")
            .iter()
            .map(|sl| Slot {
                id: s(&sl["id"], "slot id").to_string(),
                start: minutes(s(&sl["start"], "slot start")),
                end: minutes(s(&sl["end"], "slot end")),
            })
            .collect();
        let bareme: BTreeMap<String, i64> = v["bareme"]
            .as_object()
            .map(|o| {
                o.iter()
                    .map(|(k, x)| (k.clone(), x.as_i64().expect("barème value")))
                    .collect()
            })
            .unwrap_or_default();
        let creches = v["creches"]
            .as_array()
            .expect("creches")
            .iter()
            .map(|c| Creche {
                id: s(&c["id"], "crèche id").to_string(),
                sections: c["sections"]
                    .as_array()
                    .expect("sections")
                    .iter()
                    .map(|sec| Section {
                        id: s(&sec["id"], "section id").to_string(),
                        min_age_months: sec["min_age_months"].as_i64().expect("min age"),
                        max_age_months: sec["max_age_months"].as_i64().expect("max age"),
                        blocks: sec["free"]
                            .as_array()
                            .expect("free")
                            .iter()
                            .map(|b| {
                                let mut places = BTreeMap::new();
                                if let Some(days) = b["places"].as_object() {
                                    for (day, slots) in days {
                                        for (slot, n) in slots.as_object().expect("places of a day")
                                        {
                                            places.insert(
                                                (day.clone(), slot.clone()),
                                                n.as_i64().expect("places"),
                                            );
                                        }
                                    }
                                }
                                Block {
                                    available_from: date(s(&b["available_from"], "available_from")),
                                    places,
                                }
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        let requests = v["requests"]
            .as_array()
            .expect("requests")
            .iter()
            .map(|r| {
                let child = &r["child"];
                let birth = child["birth_date"]
                    .as_str()
                    .or_else(|| child["expected_birth_date"].as_str())
                    .expect("birth_date or expected_birth_date");
                let mut covered = BTreeSet::new();
                if let Some(p) = r["planning"].as_object() {
                    for (day, ranges) in p {
                        for range in ranges.as_array().expect("time ranges") {
                            let (a, b) =
                                s(range, "time range").split_once('-').expect("HH:MM-HH:MM");
                            let (a, b) = (minutes(a), minutes(b));
                            for sl in &slots {
                                // A range covers a slot when it overlaps it.
                                if a < sl.end && b > sl.start {
                                    covered.insert((day.clone(), sl.id.clone()));
                                }
                            }
                        }
                    }
                }
                let strings = |x: &Value| -> Vec<String> {
                    x.as_array()
                        .map(|a| a.iter().map(|c| s(c, "string").to_string()).collect())
                        .unwrap_or_default()
                };
                Req {
                    id: s(&r["id"], "request id").to_string(),
                    birth: date(birth),
                    start: date(s(&r["start"], "start")),
                    covered,
                    wishes: strings(&r["wishes"]),
                    criteria: strings(&r["criteria"]),
                    creche_criteria: r["creche_criteria"]
                        .as_object()
                        .map(|o| o.iter().map(|(k, x)| (k.clone(), strings(x))).collect())
                        .unwrap_or_default(),
                    renewals: r["history"]["renewals"].as_i64().unwrap_or(0),
                    no_shows: r["history"]["no_shows"].as_i64().unwrap_or(0),
                    sibling_group: r["sibling_group"].as_str().map(str::to_string),
                    points: r["points"].as_i64(),
                }
            })
            .collect();
        Inst {
            id: s(&v["commission"]["id"], "commission id").to_string(),
            start_tolerance_days: v["commission"]["start_tolerance_days"]
                .as_i64()
                .unwrap_or(0),
            days,
            slots,
            bareme,
            creches,
            requests,
        }
    }

    pub fn creche(&self, id: &str) -> Option<usize> {
        self.creches.iter().position(|c| c.id == id)
    }

    pub fn request(&self, id: &str) -> Option<usize> {
        self.requests.iter().position(|r| r.id == id)
    }

    fn value(&self, criterion: &str) -> i64 {
        self.bareme.get(criterion).copied().unwrap_or(0)
    }

    /// Family points: criteria + renewals − no-shows, or the `points` override.
    pub fn family_points(&self, r: usize) -> i64 {
        let r = &self.requests[r];
        if let Some(p) = r.points {
            return p;
        }
        let criteria: i64 = r.criteria.iter().map(|c| self.value(c)).sum();
        let renewal = self.bareme.get("renouvellement").copied().unwrap_or(1);
        let malus = self.bareme.get("malus_absence").copied().unwrap_or(1);
        criteria + r.renewals * renewal - r.no_shows * malus
    }

    /// Points of request `r` at crèche `creche` (family points + that crèche's criteria).
    pub fn points_at(&self, r: usize, creche: &str) -> i64 {
        let specific: i64 = self.requests[r]
            .creche_criteria
            .get(creche)
            .map(|cs| cs.iter().map(|c| self.value(c)).sum())
            .unwrap_or(0);
        self.family_points(r) + specific
    }

    /// Points `r` claims with at `creche`: a sibling group's highest member's
    /// (among those who wished it), as the group is placed as one.
    pub fn claim_points_at(&self, r: usize, creche: &str) -> i64 {
        let own = self.points_at(r, creche);
        let Some(g) = &self.requests[r].sibling_group else {
            return own;
        };
        (0..self.requests.len())
            .filter(|&m| {
                self.requests[m].sibling_group.as_ref() == Some(g)
                    && self.requests[m].wishes.iter().any(|w| w == creche)
            })
            .map(|m| self.points_at(m, creche))
            .fold(own, i64::max)
    }

    pub fn has_creche_criteria(&self) -> bool {
        self.requests
            .iter()
            .any(|r| r.creche_criteria.values().any(|cs| !cs.is_empty()))
    }

    pub fn free_half_days(&self) -> i64 {
        self.creches
            .iter()
            .flat_map(|c| &c.sections)
            .flat_map(|s| &s.blocks)
            .map(|b| b.places.values().sum::<i64>())
            .sum()
    }

    /// The entry date request `r` would have on block `(c, s, b)`, or why it cannot use it.
    pub fn entry_on(&self, r: usize, c: usize, s: usize, b: usize) -> Result<NaiveDate, String> {
        let req = &self.requests[r];
        let sec = &self.creches[c].sections[s];
        let block = &sec.blocks[b];
        let latest = req.start + Duration::days(self.start_tolerance_days);
        if block.available_from > latest {
            return Err(format!(
                "block available from {} is after start {} + {} days",
                block.available_from, req.start, self.start_tolerance_days
            ));
        }
        let entry = req.start.max(block.available_from);
        let days = (entry - req.birth).num_days();
        if days < MIN_AGE_DAYS {
            return Err(format!(
                "child is {days} days old at {entry}, under 70 days"
            ));
        }
        let age = age_in_months(req.birth, entry);
        if age < sec.min_age_months || age > sec.max_age_months {
            return Err(format!(
                "age {age} months at {entry} is outside section {} [{}, {}]",
                sec.id, sec.min_age_months, sec.max_age_months
            ));
        }
        Ok(entry)
    }
}

/// Whether request `r` could be placed somewhere on an empty commission: a
/// wished crèche with a section and block its age and start allow, with a free
/// place on every half-day of its planning.
pub fn has_an_option(inst: &Inst, r: usize) -> bool {
    inst.requests[r].wishes.iter().any(|w| {
        let Some(c) = inst.creche(w) else {
            return false;
        };
        inst.creches[c].sections.iter().enumerate().any(|(s, sec)| {
            sec.blocks.iter().enumerate().any(|(b, block)| {
                inst.entry_on(r, c, s, b).is_ok()
                    && inst.requests[r]
                        .covered
                        .iter()
                        .all(|h| block.places(h) >= 1)
            })
        })
    })
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// `d` plus `m` months, clamped to the end of a short month.
pub fn plus_months(d: NaiveDate, m: i64) -> NaiveDate {
    let total = d.year() as i64 * 12 + (d.month() as i64 - 1) + m;
    let year = total.div_euclid(12) as i32;
    let month = total.rem_euclid(12) as u32 + 1;
    let day = d.day().min(days_in_month(year, month));
    NaiveDate::from_ymd_opt(year, month, day).expect("valid date")
}

/// Whole months from `birth` to `at`: the largest `m` with `birth + m months <= at`
/// (−1 before birth).
pub fn age_in_months(birth: NaiveDate, at: NaiveDate) -> i64 {
    if at < birth {
        return -1;
    }
    let mut m = 0;
    while plus_months(birth, m + 1) <= at {
        m += 1;
    }
    m
}

/// A placed request as the allocation states it, resolved against the instance.
#[derive(Debug, Clone, Copy)]
struct Placed {
    creche: usize,
    section: usize,
    block: usize,
    wish_rank: usize,
}

type Load = BTreeMap<(usize, usize, usize, HalfDay), i64>;

fn add_load(load: &mut Load, inst: &Inst, r: usize, c: usize, s: usize, b: usize, k: i64) {
    for h in &inst.requests[r].covered {
        *load.entry((c, s, b, h.clone())).or_insert(0) += k;
    }
}

fn str_field<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// Resolves the assignments that name an existing request, crèche, section and
/// block; used by [`inversions`] (whose allocation is assumed checked).
fn placements(inst: &Inst, alloc: &Value) -> BTreeMap<usize, Placed> {
    let mut out = BTreeMap::new();
    for a in alloc["assignments"].as_array().into_iter().flatten() {
        let (Some(r), Some(c)) = (
            str_field(a, "request").and_then(|id| inst.request(id)),
            str_field(a, "creche").and_then(|id| inst.creche(id)),
        ) else {
            continue;
        };
        let Some(s) = str_field(a, "section")
            .and_then(|id| inst.creches[c].sections.iter().position(|x| x.id == id))
        else {
            continue;
        };
        let Some(b) = a["block"].as_u64().map(|b| b as usize) else {
            continue;
        };
        if b >= inst.creches[c].sections[s].blocks.len() {
            continue;
        }
        let wish_rank = inst.requests[r]
            .wishes
            .iter()
            .position(|w| *w == inst.creches[c].id)
            .map(|p| p + 1)
            .unwrap_or(usize::MAX);
        out.insert(
            r,
            Placed {
                creche: c,
                section: s,
                block: b,
                wish_rank,
            },
        );
    }
    out
}

/// Every rule of the format the allocation breaks (empty: the allocation is valid).
pub fn check(instance: &Value, allocation: &Value) -> Vec<String> {
    let inst = Inst::from_json(instance);
    let mut v: Vec<String> = Vec::new();

    if str_field(allocation, "commission_id") != Some(inst.id.as_str()) {
        v.push(format!(
            "commission_id {} is not the instance's {}",
            allocation["commission_id"], inst.id
        ));
    }
    match str_field(allocation, "status") {
        Some("optimal" | "feasible" | "heuristic") => {}
        other => v.push(format!(
            "status {other:?} is not optimal, feasible or heuristic"
        )),
    }

    let empty = Vec::new();
    let assignments = allocation["assignments"].as_array().unwrap_or_else(|| {
        v.push("assignments is not a list".into());
        &empty
    });
    let waiting = allocation["waiting_list"].as_array().unwrap_or_else(|| {
        v.push("waiting_list is not a list".into());
        &empty
    });

    // Every request exactly once in assignments ∪ waiting list.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for e in assignments.iter().chain(waiting.iter()) {
        match str_field(e, "request") {
            Some(id) => *seen.entry(id.to_string()).or_insert(0) += 1,
            None => v.push(format!("entry without a request id: {e}")),
        }
    }
    for (id, n) in &seen {
        if inst.request(id).is_none() {
            v.push(format!("request {id} does not exist in the instance"));
        } else if *n > 1 {
            v.push(format!(
                "request {id} appears {n} times (assignments and waiting list)"
            ));
        }
    }
    for r in &inst.requests {
        if !seen.contains_key(&r.id) {
            v.push(format!(
                "request {} is neither assigned nor on the waiting list",
                r.id
            ));
        }
    }

    // Assignments.
    let mut load: Load = BTreeMap::new();
    let mut placed: BTreeMap<usize, Placed> = BTreeMap::new();
    let mut filled: i64 = 0;
    let mut first_wish = 0usize;
    for a in assignments {
        let Some(rid) = str_field(a, "request") else {
            continue;
        };
        let Some(r) = inst.request(rid) else {
            continue;
        };
        let req = &inst.requests[r];
        filled += req.covered.len() as i64;
        let Some(cid) = str_field(a, "creche") else {
            v.push(format!("{rid}: assignment without a crèche"));
            continue;
        };
        let Some(c) = inst.creche(cid) else {
            v.push(format!("{rid}: crèche {cid} does not exist"));
            continue;
        };
        let rank = req.wishes.iter().position(|w| w == cid).map(|p| p + 1);
        match rank {
            None => v.push(format!("{rid}: placed at {cid}, which it did not wish for")),
            Some(k) => {
                if a["wish_rank"].as_u64() != Some(k as u64) {
                    v.push(format!(
                        "{rid}: wish_rank {} but {cid} is its wish {k}",
                        a["wish_rank"]
                    ));
                }
            }
        }
        if a["wish_rank"].as_u64() == Some(1) {
            first_wish += 1;
        }
        let sid = str_field(a, "section").unwrap_or("");
        let Some(s) = inst.creches[c].sections.iter().position(|x| x.id == sid) else {
            v.push(format!("{rid}: section {sid:?} does not exist at {cid}"));
            continue;
        };
        let sec = &inst.creches[c].sections[s];
        let Some(b) = a["block"].as_u64().map(|b| b as usize) else {
            v.push(format!("{rid}: block {} is not an index", a["block"]));
            continue;
        };
        if b >= sec.blocks.len() {
            v.push(format!(
                "{rid}: block {b} does not exist in {cid}/{sid} ({} blocks)",
                sec.blocks.len()
            ));
            continue;
        }
        let block = &sec.blocks[b];
        let expected_entry = req.start.max(block.available_from);
        match str_field(a, "entry_date").and_then(parse_date) {
            Some(d) if d == expected_entry => {}
            _ => v.push(format!(
                "{rid}: entry_date {} but max(start {}, available_from {}) is {expected_entry}",
                a["entry_date"], req.start, block.available_from
            )),
        }
        let latest = req.start + Duration::days(inst.start_tolerance_days);
        if block.available_from > latest {
            v.push(format!(
                "{rid}: block {cid}/{sid}/{b} available from {} is after start {} + {} days tolerance",
                block.available_from, req.start, inst.start_tolerance_days
            ));
        }
        let age_days = (expected_entry - req.birth).num_days();
        if age_days < MIN_AGE_DAYS {
            v.push(format!(
                "{rid}: child is {age_days} days old at entry {expected_entry}, under the 10-week minimum"
            ));
        }
        let age = age_in_months(req.birth, expected_entry);
        if age < sec.min_age_months || age > sec.max_age_months {
            v.push(format!(
                "{rid}: age {age} months at entry {expected_entry} is outside section {cid}/{sid} [{}, {}]",
                sec.min_age_months, sec.max_age_months
            ));
        }
        let expected_points = inst.points_at(r, cid);
        if a["points"].as_i64() != Some(expected_points) {
            v.push(format!(
                "{rid}: points {} at {cid}, expected {expected_points}",
                a["points"]
            ));
        }
        if let Some(h) = a.get("half_days") {
            if h.as_i64() != Some(req.covered.len() as i64) {
                v.push(format!(
                    "{rid}: half_days {h}, but its planning covers {}",
                    req.covered.len()
                ));
            }
        }
        add_load(&mut load, &inst, r, c, s, b, 1);
        placed.insert(
            r,
            Placed {
                creche: c,
                section: s,
                block: b,
                wish_rank: rank.unwrap_or(usize::MAX),
            },
        );
    }

    // Capacity: every crèche, section, block, day and slot.
    for ((c, s, b, h), n) in &load {
        let block = &inst.creches[*c].sections[*s].blocks[*b];
        let free = block.places(h);
        if *n > free {
            v.push(format!(
                "over capacity: {}/{}/block {b} on {} {}: {n} children for {free} places",
                inst.creches[*c].id, inst.creches[*c].sections[*s].id, h.0, h.1
            ));
        }
    }

    // Sibling groups: all members in the same crèche, or none placed.
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (r, req) in inst.requests.iter().enumerate() {
        if let Some(g) = &req.sibling_group {
            groups.entry(g.as_str()).or_default().push(r);
        }
    }
    for (g, members) in &groups {
        let at: Vec<Option<usize>> = members
            .iter()
            .map(|m| placed.get(m).map(|p| p.creche))
            .collect();
        let all_none = at.iter().all(Option::is_none);
        let same = at.iter().all(|x| x.is_some() && *x == at[0]);
        if !(all_none || same) {
            let desc: Vec<String> = members
                .iter()
                .zip(&at)
                .map(|(m, c)| {
                    format!(
                        "{} at {}",
                        inst.requests[*m].id,
                        c.map(|c| inst.creches[c].id.as_str()).unwrap_or("nowhere")
                    )
                })
                .collect();
            v.push(format!("sibling group {g} is split: {}", desc.join(", ")));
        }
    }

    // Waiting list.
    let mut previous: Option<i64> = None;
    for (k, e) in waiting.iter().enumerate() {
        let rid = str_field(e, "request").unwrap_or("?");
        if e["position"].as_u64() != Some(k as u64 + 1) {
            v.push(format!(
                "waiting list entry {} ({rid}) has position {}",
                k + 1,
                e["position"]
            ));
        }
        let points = e["points"].as_i64();
        match (points, previous) {
            (None, _) => v.push(format!(
                "waiting {rid}: points {} not an integer",
                e["points"]
            )),
            (Some(p), Some(q)) if p > q => v.push(format!(
                "waiting list not in points order: {rid} has {p} after {q}"
            )),
            _ => {}
        }
        if points.is_some() {
            previous = points;
        }
        let Some(r) = inst.request(rid) else {
            continue;
        };
        let req = &inst.requests[r];
        // Offer order is points order: a waiting entry carries its best points
        // over its wishes (equal to its family points without crèche criteria).
        let best = req
            .wishes
            .iter()
            .map(|w| inst.points_at(r, w))
            .max()
            .unwrap_or_else(|| inst.family_points(r));
        if let Some(p) = points {
            if p != best {
                v.push(format!(
                    "waiting {rid}: points {p}, expected {best} (best over its wishes)"
                ));
            }
        }
        let reasons = e["reasons"].as_array().map(Vec::as_slice).unwrap_or(&[]);
        let named: Vec<&str> = reasons
            .iter()
            .filter_map(|x| str_field(x, "creche"))
            .collect();
        for w in &req.wishes {
            let n = named.iter().filter(|c| **c == w).count();
            if n != 1 {
                v.push(format!(
                    "waiting {rid}: {n} reasons for its wish {w} (expected 1)"
                ));
            }
        }
        for c in &named {
            if !req.wishes.iter().any(|w| w == c) {
                v.push(format!(
                    "waiting {rid}: reason for {c}, which it did not wish for"
                ));
            }
        }
        for x in reasons {
            if str_field(x, "reason").is_none_or(|t| t.trim().is_empty()) {
                v.push(format!("waiting {rid}: empty reason for {}", x["creche"]));
            }
        }
    }

    // Metrics.
    let m = &allocation["metrics"];
    let placed_n = assignments.len();
    let expect_int = |v: &mut Vec<String>, key: &str, want: i64| {
        if m[key].as_i64() != Some(want) {
            v.push(format!("metrics.{key} is {}, expected {want}", m[key]));
        }
    };
    expect_int(&mut v, "requests", inst.requests.len() as i64);
    expect_int(&mut v, "placed", placed_n as i64);
    expect_int(&mut v, "places_filled_half_days", filled);
    let free = inst.free_half_days();
    expect_int(&mut v, "free_half_days", free);
    let expect_ratio = |v: &mut Vec<String>, key: &str, want: f64| match m[key].as_f64() {
        Some(x) if (x - want).abs() <= 1e-3 => {}
        _ => v.push(format!("metrics.{key} is {}, expected {want:.4}", m[key])),
    };
    expect_ratio(
        &mut v,
        "occupancy",
        if free == 0 {
            0.0
        } else {
            filled as f64 / free as f64
        },
    );
    expect_ratio(
        &mut v,
        "first_wish_rate",
        if placed_n == 0 {
            0.0
        } else {
            first_wish as f64 / placed_n as f64
        },
    );
    v
}

/// A priority inversion: `higher` (more points at `creche`) is not placed there
/// nor at a better wish, while `lower` is placed there, and `higher` (with its
/// whole sibling group) would fit there if `lower` were removed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Inversion {
    pub higher: String,
    pub lower: String,
    pub creche: String,
}

/// Every priority inversion of a (checked) allocation, as the format defines them.
pub fn inversions(instance: &Value, allocation: &Value) -> Vec<Inversion> {
    let inst = Inst::from_json(instance);
    let placed = placements(&inst, allocation);
    let mut load: Load = BTreeMap::new();
    for (&r, p) in &placed {
        add_load(&mut load, &inst, r, p.creche, p.section, p.block, 1);
    }
    let mut out = Vec::new();
    for (i, req) in inst.requests.iter().enumerate() {
        let placed_rank = placed.get(&i).map(|p| p.wish_rank).unwrap_or(usize::MAX);
        for (k, cid) in req.wishes.iter().enumerate() {
            if k + 1 >= placed_rank {
                break;
            }
            let Some(c) = inst.creche(cid) else { continue };
            let pi = inst.claim_points_at(i, cid);
            for (&j, p) in &placed {
                if j == i || p.creche != c || inst.claim_points_at(j, cid) >= pi {
                    continue;
                }
                add_load(&mut load, &inst, j, p.creche, p.section, p.block, -1);
                if group_fits(&inst, &placed, &mut load, i, c) {
                    out.push(Inversion {
                        higher: req.id.clone(),
                        lower: inst.requests[j].id.clone(),
                        creche: cid.clone(),
                    });
                }
                add_load(&mut load, &inst, j, p.creche, p.section, p.block, 1);
            }
        }
    }
    out.sort();
    out
}

/// Whether request `i` and the members of its sibling group not already at
/// `c` can all be placed at `c` on top of `load` (any section and block each).
fn group_fits(
    inst: &Inst,
    placed: &BTreeMap<usize, Placed>,
    load: &mut Load,
    i: usize,
    c: usize,
) -> bool {
    let members: Vec<usize> = match &inst.requests[i].sibling_group {
        None => vec![i],
        Some(g) => (0..inst.requests.len())
            .filter(|&m| {
                inst.requests[m].sibling_group.as_ref() == Some(g)
                    && (m == i || placed.get(&m).map(|p| p.creche) != Some(c))
            })
            .collect(),
    };
    fit_all(inst, load, &members, c)
}

fn fit_all(inst: &Inst, load: &mut Load, members: &[usize], c: usize) -> bool {
    let Some((&m, rest)) = members.split_first() else {
        return true;
    };
    let cid = &inst.creches[c].id;
    if !inst.requests[m].wishes.iter().any(|w| w == cid) {
        return false;
    }
    for (s, sec) in inst.creches[c].sections.iter().enumerate() {
        for (b, block) in sec.blocks.iter().enumerate() {
            if inst.entry_on(m, c, s, b).is_err() {
                continue;
            }
            let free = inst.requests[m].covered.iter().all(|h| {
                let used = load.get(&(c, s, b, h.clone())).copied().unwrap_or(0);
                block.places(h) - used >= 1
            });
            if !free {
                continue;
            }
            add_load(load, inst, m, c, s, b, 1);
            let ok = fit_all(inst, load, rest, c);
            add_load(load, inst, m, c, s, b, -1);
            if ok {
                return true;
            }
        }
    }
    false
}

/// A family blocked at a crèche, as docs/format.md defines it: it wished for
/// the crèche and is waiting or placed at a worse wish, and all its children
/// fit there together with every child placed there whose family has at least
/// its points there — each of those in any section and block its age and
/// start allow, entering no later than it does now.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Blocked {
    /// The family's requests (one, or a sibling group's), by id.
    pub requests: Vec<String>,
    pub creche: String,
}

/// Every blocked family of a (checked) allocation, at its best such wish.
pub fn blocking(instance: &Value, allocation: &Value) -> Vec<Blocked> {
    let inst = Inst::from_json(instance);
    let placed = placements(&inst, allocation);
    let entry: BTreeMap<usize, NaiveDate> = allocation["assignments"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| {
            let r = inst.request(str_field(a, "request")?)?;
            Some((r, date(str_field(a, "entry_date")?)))
        })
        .collect();
    let mut families: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (r, req) in inst.requests.iter().enumerate() {
        let key = req
            .sibling_group
            .clone()
            .map(|g| format!("group {g}"))
            .unwrap_or(req.id.clone());
        families.entry(key).or_default().push(r);
    }
    let mut out = Vec::new();
    for members in families.values() {
        if let Some(c) = blocked_at(&inst, &placed, &entry, members) {
            let mut ids: Vec<String> = members
                .iter()
                .map(|&m| inst.requests[m].id.clone())
                .collect();
            ids.sort();
            out.push(Blocked {
                requests: ids,
                creche: inst.creches[c].id.clone(),
            });
        }
    }
    out.sort();
    out
}

/// The best-ranked wish (Σ of the children's ranks) at which the family is blocked.
fn blocked_at(
    inst: &Inst,
    placed: &BTreeMap<usize, Placed>,
    entry: &BTreeMap<usize, NaiveDate>,
    members: &[usize],
) -> Option<usize> {
    let rank_sum = |c: &str| -> Option<usize> {
        members
            .iter()
            .map(|&m| inst.requests[m].wishes.iter().position(|w| w == c))
            .sum()
    };
    let now = placed
        .get(&members[0])
        .and_then(|p| rank_sum(&inst.creches[p.creche].id));
    let mut wishes: Vec<(usize, usize)> = inst.requests[members[0]]
        .wishes
        .iter()
        .filter_map(|w| Some((rank_sum(w)?, inst.creche(w)?)))
        .filter(|&(sum, _)| now.is_none_or(|n| sum < n))
        .collect();
    wishes.sort();
    wishes.into_iter().map(|(_, c)| c).find(|&c| {
        let cid = &inst.creches[c].id;
        let points = members
            .iter()
            .map(|&m| inst.claim_points_at(m, cid))
            .max()
            .unwrap();
        let mut kids: Vec<(usize, NaiveDate)> = placed
            .iter()
            .filter(|(r, p)| {
                p.creche == c && !members.contains(r) && inst.claim_points_at(**r, cid) >= points
            })
            .map(|(&r, _)| (r, entry[&r]))
            .collect();
        let far = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
        kids.extend(members.iter().map(|&m| (m, far)));
        pack(inst, c, &kids, &mut BTreeMap::new())
    })
}

/// Whether the children fit crèche `c`, each in a section and block its age
/// and start allow, entering no later than its bound.
fn pack(inst: &Inst, c: usize, kids: &[(usize, NaiveDate)], used: &mut Load) -> bool {
    let Some((&(r, bound), rest)) = kids.split_first() else {
        return true;
    };
    for (s, sec) in inst.creches[c].sections.iter().enumerate() {
        for (b, block) in sec.blocks.iter().enumerate() {
            if !inst.entry_on(r, c, s, b).is_ok_and(|e| e <= bound) {
                continue;
            }
            let free = inst.requests[r]
                .covered
                .iter()
                .all(|h| used.get(&(c, s, b, h.clone())).copied().unwrap_or(0) < block.places(h));
            if !free {
                continue;
            }
            add_load(used, inst, r, c, s, b, 1);
            let ok = pack(inst, c, rest, used);
            add_load(used, inst, r, c, s, b, -1);
            if ok {
                return true;
            }
        }
    }
    false
}
