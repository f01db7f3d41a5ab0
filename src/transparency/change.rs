//! One change to one request of an instance: what a suggestion proposes.
//!
//! Changes are applied to the *instance* (the JSON document), not to the
//! checked commission, and the result goes through [`crate::validate`] like any
//! file: a suggestion is then exactly what the commission would get if the
//! family's file were written that way, and a test can apply it by hand.

use serde::{Deserialize, Serialize};

use crate::domain::instance::Instance;
use crate::domain::slots::{parse_range, parse_time, Minutes};
use crate::error::Problem;
use crate::i18n::Names;

/// The barème key that carries extra points at one crèche. Only the changed
/// request has it, so no other family's points move.
pub const EXTRA_POINTS_KEY: &str = "suggestion_extra_points";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// One half-day less: the day's time ranges are cut to the other slots.
    DropHalfDay { day: String, slot: String },
    /// One day less.
    DropDay { day: String },
    /// A later requested start (the family accepts entering later).
    LaterEntry { start: String, days: i64 },
    /// One more crèche, as the last wish.
    AddCreche { creche: String },
    /// More rank-1 points, at one crèche only.
    MorePoints { creche: String, points: i64 },
}

impl Change {
    /// The change in words, as said to the family: the message
    /// `change-<kind>` with the change's fields, crèches by name, days and
    /// dates in words.
    pub fn words(&self, n: &Names) -> String {
        n.coded("change", "kind", self)
            .unwrap_or_else(|| format!("{self:?}"))
    }

    /// The stable code of the change (its `kind` in the JSON).
    pub fn code(&self) -> &'static str {
        match self {
            Change::DropHalfDay { .. } => "drop_half_day",
            Change::DropDay { .. } => "drop_day",
            Change::LaterEntry { .. } => "later_entry",
            Change::AddCreche { .. } => "add_creche",
            Change::MorePoints { .. } => "more_points",
        }
    }

    /// A copy of `inst` with the change applied to request `request`.
    pub fn apply(&self, inst: &Instance, request: &str) -> Result<Instance, Problem> {
        let mut out = inst.clone();
        let k = out
            .requests
            .iter()
            .position(|r| r.id == request)
            .ok_or_else(|| Problem::new("request", request, "unknown request"))?;
        let path = format!("requests[{k}]");
        match self {
            Change::DropHalfDay { day, slot } => {
                let keep: Vec<(Minutes, Minutes)> = out
                    .week
                    .slots
                    .iter()
                    .filter(|s| &s.id != slot)
                    .filter_map(|s| Some((parse_time(&s.start)?, parse_time(&s.end)?)))
                    .collect();
                if keep.len() + 1 != out.week.slots.len() {
                    return Err(Problem::new("slot", slot, "slot not in the week"));
                }
                let planning = &mut out.requests[k].planning;
                let ranges = planning.get(day).ok_or_else(|| {
                    Problem::new(format!("{path}.planning"), day, "day not in the planning")
                })?;
                let clipped = clip(ranges, &keep).ok_or_else(|| {
                    Problem::new(
                        format!("{path}.planning.{day}"),
                        ranges.join(" "),
                        "not a time range",
                    )
                })?;
                if clipped.is_empty() {
                    planning.remove(day);
                } else {
                    planning.insert(day.clone(), clipped);
                }
            }
            Change::DropDay { day } => {
                if out.requests[k].planning.remove(day).is_none() {
                    return Err(Problem::new(
                        format!("{path}.planning"),
                        day,
                        "day not in the planning",
                    ));
                }
            }
            Change::LaterEntry { start, .. } => out.requests[k].start = start.clone(),
            Change::AddCreche { creche } => {
                if out.requests[k].wishes.contains(creche) {
                    return Err(Problem::new(
                        format!("{path}.wishes"),
                        creche,
                        "already wished",
                    ));
                }
                out.requests[k].wishes.push(creche.clone());
            }
            Change::MorePoints { creche, points } => {
                if out.bareme.contains_key(EXTRA_POINTS_KEY) {
                    return Err(Problem::new(
                        "bareme",
                        EXTRA_POINTS_KEY,
                        "key already in the barème",
                    ));
                }
                out.bareme.insert(EXTRA_POINTS_KEY.to_string(), *points);
                out.requests[k]
                    .creche_criteria
                    .entry(creche.clone())
                    .or_default()
                    .push(EXTRA_POINTS_KEY.to_string());
            }
        }
        Ok(out)
    }
}

/// The parts of `ranges` inside the `keep` slots (`[start, end)`), adjacent
/// parts merged: a range then covers exactly the kept slots it covered before.
/// `None` if a range does not parse.
fn clip(ranges: &[String], keep: &[(Minutes, Minutes)]) -> Option<Vec<String>> {
    let mut parts: Vec<(Minutes, Minutes)> = Vec::new();
    for r in ranges {
        let (a, b) = parse_range(r)?;
        for &(s, e) in keep {
            let (x, y) = (a.max(s), b.min(e));
            if x < y {
                parts.push((x, y));
            }
        }
    }
    parts.sort_unstable();
    let mut merged: Vec<(Minutes, Minutes)> = Vec::new();
    for (x, y) in parts {
        match merged.last_mut() {
            Some(last) if x <= last.1 => last.1 = last.1.max(y),
            _ => merged.push((x, y)),
        }
    }
    Some(
        merged
            .into_iter()
            .map(|(x, y)| format!("{}-{}", hhmm(x), hhmm(y)))
            .collect(),
    )
}

fn hhmm(m: Minutes) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::validate;

    fn default() -> Instance {
        crate::io::read_instance(None).unwrap()
    }

    #[test]
    fn dropping_a_half_day_cuts_the_ranges_to_the_other_slot() {
        // am 07:30-12:30, pm 12:30-18:30.
        let keep_am = [(450, 750)];
        assert_eq!(
            clip(&["08:00-17:30".into()], &keep_am).unwrap(),
            ["08:00-12:30"]
        );
        let keep_pm = [(750, 1110)];
        assert_eq!(
            clip(&["08:00-17:30".into()], &keep_pm).unwrap(),
            ["12:30-17:30"]
        );
        assert!(clip(&["08:00-12:00".into()], &keep_pm).unwrap().is_empty());
        // Two ranges in one kept slot stay apart; contiguous parts merge.
        assert_eq!(
            clip(&["08:00-09:00".into(), "10:00-13:00".into()], &keep_am).unwrap(),
            ["08:00-09:00", "10:00-12:30"]
        );
        assert_eq!(
            clip(&["08:00-10:00".into(), "10:00-12:00".into()], &keep_am).unwrap(),
            ["08:00-12:00"]
        );
    }

    #[test]
    fn each_change_gives_a_valid_instance_with_that_change_only() {
        let inst = default();
        let id = inst.requests[0].id.clone();
        let c0 = validate(&inst).unwrap();
        let r0 = c0.request_index(&id).unwrap();
        let before = c0.requests()[r0].planning;
        let day = inst.requests[0].planning.keys().next().unwrap().clone();
        let half = Change::DropHalfDay {
            day: day.clone(),
            slot: "pm".into(),
        };
        let c = validate(&half.apply(&inst, &id).unwrap()).unwrap();
        assert_eq!(
            c.requests()[r0].planning.len() + 1,
            before.len(),
            "{:?}",
            inst.requests[0].planning
        );
        let whole = Change::DropDay { day };
        let c = validate(&whole.apply(&inst, &id).unwrap()).unwrap();
        assert_eq!(c.requests()[r0].planning.len() + 2, before.len());
        let later = Change::LaterEntry {
            start: "2027-03-01".into(),
            days: 0,
        };
        let c = validate(&later.apply(&inst, &id).unwrap()).unwrap();
        assert_eq!(c.requests()[r0].start.to_string(), "2027-03-01");
        let more = Change::MorePoints {
            creche: inst.requests[0].wishes[0].clone(),
            points: 3,
        };
        let c = validate(&more.apply(&inst, &id).unwrap()).unwrap();
        let w = c.requests()[r0].wishes[0];
        let b = c.bareme();
        assert_eq!(
            crate::rules::points::points_at(&c.requests()[r0], w, b),
            crate::rules::points::points_at(&c0.requests()[r0], w, c0.bareme()) + 3
        );
        // Every other request is untouched.
        for (a, b) in c
            .requests()
            .iter()
            .zip(c0.requests())
            .filter(|(a, _)| a.id != id)
        {
            assert_eq!(
                crate::rules::points::points_at(a, a.wishes[0], c.bareme()),
                crate::rules::points::points_at(b, b.wishes[0], c0.bareme())
            );
        }
    }

    #[test]
    fn a_change_that_makes_no_sense_is_a_problem_naming_it() {
        let inst = default();
        let id = inst.requests[0].id.clone();
        let e = Change::AddCreche {
            creche: inst.requests[0].wishes[0].clone(),
        }
        .apply(&inst, &id)
        .unwrap_err();
        assert_eq!(e.path, "requests[0].wishes");
        let e = Change::DropDay { day: "sun".into() }
            .apply(&inst, &id)
            .unwrap_err();
        assert_eq!(e.value, "sun");
        let e = Change::DropDay { day: "mon".into() }
            .apply(&inst, "nobody")
            .unwrap_err();
        assert_eq!(e.value, "nobody");
    }
}
