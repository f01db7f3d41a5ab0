//! Random small commissions for the property tests: up to 3 crèches of 1–2
//! sections with 1–2 blocks, up to 12 requests with random plannings, ages,
//! wishes, points, sibling pairs and (optionally) crèche-specific criteria.

use proptest::prelude::*;
use serde_json::{json, Value};

pub const DAYS: [&str; 5] = ["mon", "tue", "wed", "thu", "fri"];

#[derive(Debug, Clone)]
pub struct BlockSpec {
    /// Days after 2027-01-01 the block is free from.
    pub from: i64,
    /// Places per half-day (mon am, mon pm, …, fri pm).
    pub places: Vec<i64>,
}

#[derive(Debug, Clone)]
pub struct SectionSpec {
    pub min_age: i64,
    pub span: i64,
    pub blocks: Vec<BlockSpec>,
}

#[derive(Debug, Clone)]
pub struct RequestSpec {
    /// Age in days on 2027-01-01 (negative: unborn, expected birth date).
    pub age_days: i64,
    /// Days after 2027-01-01.
    pub start: i64,
    /// A code per day, see [`ranges`].
    pub days: Vec<u8>,
    /// Crèche indices (taken modulo the number of crèches, repeats dropped).
    pub wishes: Vec<usize>,
    pub points: i64,
    /// Forms a sibling group with the next request (which copies wishes and points).
    pub sibling: bool,
    /// A crèche-specific criterion at this wish (index into wishes).
    pub bonus: Option<usize>,
    /// Days before 2026-10-01 the request was registered.
    pub submitted: i64,
}

#[derive(Debug, Clone)]
pub struct Spec {
    pub creches: Vec<Vec<SectionSpec>>,
    pub requests: Vec<RequestSpec>,
    pub tolerance: i64,
    pub creche_criteria: bool,
    /// Seed of the input-order shuffle.
    pub shuffle: u64,
}

/// Time ranges of a day: 0 absent, 1 morning, 2 afternoon, 3 full day,
/// 4 two ranges (both slots), 5 a range starting exactly at 12:30 (afternoon
/// only), 6 a range ending exactly at 12:30 (morning only).
pub fn ranges(code: u8) -> Vec<&'static str> {
    match code {
        1 => vec!["08:00-12:00"],
        2 => vec!["13:00-17:30"],
        3 => vec!["08:00-17:30"],
        4 => vec!["08:00-10:00", "14:00-16:00"],
        5 => vec!["12:30-15:00"],
        6 => vec!["09:00-12:30"],
        _ => vec![],
    }
}

pub fn block_spec() -> impl Strategy<Value = BlockSpec> {
    (
        prop_oneof![3 => Just(0i64), 1 => 0i64..80],
        prop::collection::vec(
            prop_oneof![1 => Just(0i64), 4 => Just(1i64), 2 => Just(2i64)],
            10,
        ),
    )
        .prop_map(|(from, places)| BlockSpec { from, places })
}

pub fn section_spec() -> impl Strategy<Value = SectionSpec> {
    (
        prop_oneof![
            // (min age, span): babies, middle, big, mixed, or any range
            Just((0i64, 18i64)),
            Just((12, 24)),
            Just((18, 36)),
            Just((0, 36)),
            (0i64..24, 6i64..36),
        ],
        prop::collection::vec(block_spec(), 1..=2),
    )
        .prop_map(|((min_age, span), blocks)| SectionSpec {
            min_age,
            span,
            blocks,
        })
}

pub fn request_spec() -> impl Strategy<Value = RequestSpec> {
    (
        -60i64..1000,
        prop_oneof![2 => Just(3i64), 1 => 0i64..89],
        prop::collection::vec(prop_oneof![3 => Just(0u8), 3 => Just(3u8), 4 => 0u8..7], 5),
        prop::collection::vec(0usize..3, 1..=3),
        0i64..6,
        prop::bool::weighted(0.15),
        prop::option::weighted(0.3, 0usize..3),
        0i64..300,
    )
        .prop_map(
            |(age_days, start, days, wishes, points, sibling, bonus, submitted)| RequestSpec {
                age_days,
                start,
                days,
                wishes,
                points,
                sibling,
                bonus,
                submitted,
            },
        )
}

pub fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec(prop::collection::vec(section_spec(), 1..=2), 1..=3),
        prop::collection::vec(request_spec(), 1..=12),
        prop_oneof![Just(0i64), 0i64..=31],
        prop::bool::weighted(0.4),
        any::<u64>(),
    )
        .prop_map(
            |(creches, requests, tolerance, creche_criteria, shuffle)| Spec {
                creches,
                requests,
                tolerance,
                creche_criteria,
                shuffle,
            },
        )
}

pub fn day(offset: i64) -> String {
    let d = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap() + chrono::Duration::days(offset);
    d.to_string()
}

pub fn build(spec: &Spec) -> Value {
    let n = spec.creches.len();
    let creches: Vec<Value> = spec
        .creches
        .iter()
        .enumerate()
        .map(|(ci, sections)| {
            let sections: Vec<Value> = sections
                .iter()
                .enumerate()
                .map(|(si, s)| {
                    let free: Vec<Value> = s
                        .blocks
                        .iter()
                        .map(|b| {
                            let mut places = serde_json::Map::new();
                            for (d, name) in DAYS.iter().enumerate() {
                                places.insert(
                                    name.to_string(),
                                    json!({"am": b.places[2 * d], "pm": b.places[2 * d + 1]}),
                                );
                            }
                            json!({"available_from": day(b.from), "places": places})
                        })
                        .collect();
                    json!({
                        "id": format!("s{si}"),
                        "min_age_months": s.min_age,
                        "max_age_months": s.min_age + s.span,
                        "free": free
                    })
                })
                .collect();
            json!({"id": format!("c{ci}"), "name": format!("Crèche {ci}"), "sections": sections})
        })
        .collect();

    // Sibling pairs: a request flagged `sibling` and the next one, which takes
    // the same wishes and points (same family).
    let mut group: Vec<Option<String>> = vec![None; spec.requests.len()];
    let mut k = 0;
    while k + 1 < spec.requests.len() {
        if spec.requests[k].sibling {
            group[k] = Some(format!("G{k}"));
            group[k + 1] = Some(format!("G{k}"));
            k += 2;
        } else {
            k += 1;
        }
    }
    let mut wishes_of: Vec<Vec<String>> = Vec::new();
    let mut points_of: Vec<i64> = Vec::new();
    for (k, r) in spec.requests.iter().enumerate() {
        if k > 0 && group[k].is_some() && group[k] == group[k - 1] {
            wishes_of.push(wishes_of[k - 1].clone());
            points_of.push(points_of[k - 1]);
            continue;
        }
        let mut wishes: Vec<String> = Vec::new();
        for w in &r.wishes {
            let id = format!("c{}", w % n);
            if !wishes.contains(&id) {
                wishes.push(id);
            }
        }
        wishes_of.push(wishes);
        points_of.push(r.points);
    }

    let requests: Vec<Value> = spec
        .requests
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let mut planning = serde_json::Map::new();
            for (d, &code) in r.days.iter().enumerate() {
                let rs = ranges(code);
                if !rs.is_empty() {
                    planning.insert(DAYS[d].to_string(), json!(rs));
                }
            }
            if planning.is_empty() {
                planning.insert("mon".into(), json!(["08:00-17:30"]));
            }
            // Born on its start day at the latest (a later birth is invalid input).
            let birth = day((-r.age_days).min(r.start));
            let child = if r.age_days < 0 {
                json!({"expected_birth_date": birth})
            } else {
                json!({"birth_date": birth})
            };
            let wishes = &wishes_of[k];
            let mut creche_criteria = serde_json::Map::new();
            if spec.creche_criteria {
                if let Some(b) = r.bonus {
                    creche_criteria.insert(
                        wishes[b % wishes.len()].clone(),
                        json!(["fratrie_dans_structure"]),
                    );
                }
            }
            let submitted = chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()
                - chrono::Duration::days(r.submitted);
            json!({
                "id": format!("R{k:02}"),
                "child": child,
                "start": day(r.start),
                "planning": planning,
                "wishes": wishes,
                "criteria": [],
                "creche_criteria": creche_criteria,
                "history": {"renewals": 0, "family_refusals": 0, "no_shows": 0},
                "sibling_group": group[k],
                "submitted": submitted.to_string(),
                "points": points_of[k]
            })
        })
        .collect();

    json!({
        "commission": {"id": "prop", "date": "2026-10-14", "entry_from": "2027-01-01",
                       "entry_to": "2027-03-31", "start_tolerance_days": spec.tolerance,
                       "seed": 7},
        "week": {"days": DAYS,
                 "slots": [{"id": "am", "start": "07:30", "end": "12:30"},
                           {"id": "pm", "start": "12:30", "end": "18:30"}]},
        "bareme": {"fratrie_dans_structure": 2},
        "creches": creches,
        "requests": requests
    })
}

/// The same instance with requests and crèches in another order.
pub fn shuffled(inst: &Value, seed: u64) -> Value {
    let mut state = seed | 1;
    let mut next = move || {
        // xorshift64
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out = inst.clone();
    for key in ["requests", "creches"] {
        let list = out[key].as_array_mut().unwrap();
        for i in (1..list.len()).rev() {
            let j = (next() % (i as u64 + 1)) as usize;
            list.swap(i, j);
        }
        if list.len() > 1 && *list == *inst[key].as_array().unwrap() {
            list.reverse();
        }
    }
    out
}
