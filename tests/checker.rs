//! Tests of the independent checker itself, on hand-made instances and
//! allocations (no solver involved): a valid allocation passes, each broken one
//! is caught with the right rule.

use crate::common;

use common::checker::{age_in_months, check, date, inversions, Inversion};
use serde_json::{json, Value};

fn week() -> Value {
    json!({
        "days": ["mon", "tue"],
        "slots": [ {"id": "am", "start": "07:30", "end": "12:30"},
                   {"id": "pm", "start": "12:30", "end": "18:30"} ]
    })
}

fn request(id: &str, birth: &str, planning: Value, points: i64, group: Option<&str>) -> Value {
    json!({
        "id": id,
        "child": {"birth_date": birth},
        "start": "2027-01-04",
        "planning": planning,
        "wishes": ["alpha"],
        "criteria": [],
        "creche_criteria": {},
        "history": {"renewals": 0, "family_refusals": 0, "no_shows": 0},
        "sibling_group": group,
        "submitted": "2026-05-01",
        "points": points
    })
}

/// One crèche, a baby section (0-18 months: one place on Monday, two on
/// Tuesday) and a big section (18-36 months: two places every half-day).
fn instance() -> Value {
    json!({
        "commission": {"id": "check", "date": "2026-10-14", "entry_from": "2027-01-01",
                       "entry_to": "2027-03-31", "start_tolerance_days": 0, "seed": 1},
        "week": week(),
        "bareme": {"domicile": 10},
        "creches": [{
            "id": "alpha", "name": "Alpha",
            "sections": [
                {"id": "bebes", "min_age_months": 0, "max_age_months": 18,
                 "free": [{"available_from": "2027-01-04",
                           "places": {"mon": {"am": 1, "pm": 1}, "tue": {"am": 2, "pm": 2}}}]},
                {"id": "grands", "min_age_months": 18, "max_age_months": 36,
                 "free": [{"available_from": "2027-01-04",
                           "places": {"mon": {"am": 2, "pm": 2}, "tue": {"am": 2, "pm": 2}}}]}
            ]
        }],
        "requests": [
            request("P1", "2026-03-10", json!({"mon": ["08:00-17:30"], "tue": ["08:00-17:30"]}), 10, None),
            request("P2", "2026-03-10", json!({"mon": ["08:00-17:30"]}), 8, None),
            request("S1", "2025-01-15", json!({"mon": ["08:00-12:00"]}), 5, Some("G")),
            request("S2", "2025-01-15", json!({"mon": ["08:00-12:00"]}), 5, Some("G")),
            request("O", "2025-01-15", json!({"tue": ["13:00-17:00"]}), 4, None)
        ]
    })
}

fn assignment(r: &str, section: &str, points: i64, half_days: u32) -> Value {
    json!({"request": r, "creche": "alpha", "section": section, "block": 0,
           "entry_date": "2027-01-04", "wish_rank": 1, "points": points,
           "half_days": half_days})
}

fn waiting(r: &str, points: i64, position: usize) -> Value {
    json!({"request": r, "points": points, "position": position,
           "reasons": [{"creche": "alpha", "reason": "no free place on mon am"}]})
}

/// P1 in the baby section, the siblings and O in the big one, P2 waiting.
fn valid() -> Value {
    json!({
        "commission_id": "check",
        "status": "optimal",
        "assignments": [
            assignment("P1", "bebes", 10, 4),
            assignment("S1", "grands", 5, 1),
            assignment("S2", "grands", 5, 1),
            assignment("O", "grands", 4, 1)
        ],
        "waiting_list": [ waiting("P2", 8, 1) ],
        "metrics": {"requests": 5, "placed": 4, "places_filled_half_days": 7,
                    "free_half_days": 14, "occupancy": 0.5, "first_wish_rate": 1.0,
                    "priority_inversions": 0}
    })
}

fn assert_catches(allocation: &Value, expected: &[&str]) {
    let found = check(&instance(), allocation);
    for e in expected {
        assert!(
            found.iter().any(|v| v.contains(e)),
            "expected a violation containing {e:?}, got {found:#?}"
        );
    }
}

#[test]
fn a_valid_allocation_passes() {
    assert_eq!(check(&instance(), &valid()), Vec::<String>::new());
    assert_eq!(inversions(&instance(), &valid()), vec![]);
}

#[test]
fn catches_over_capacity_wrong_section_age_and_split_siblings() {
    // P2 also in the baby section (one place on Monday, P1 holds it), O (23
    // months) in the baby section, S2 on the waiting list while S1 is placed.
    let broken = json!({
        "commission_id": "check",
        "status": "optimal",
        "assignments": [
            assignment("P1", "bebes", 10, 4),
            assignment("P2", "bebes", 8, 2),
            assignment("S1", "grands", 5, 1),
            assignment("O", "bebes", 4, 1)
        ],
        "waiting_list": [ waiting("S2", 5, 1) ],
        "metrics": {"requests": 5, "placed": 4, "places_filled_half_days": 8,
                    "free_half_days": 14, "occupancy": 0.5714, "first_wish_rate": 1.0,
                    "priority_inversions": 0}
    });
    let found = check(&instance(), &broken);
    assert_catches(
        &broken,
        &[
            "over capacity: alpha/bebes/block 0 on mon am: 2 children for 1 places",
            "over capacity: alpha/bebes/block 0 on mon pm: 2 children for 1 places",
            "O: age 23 months at entry 2027-01-04 is outside section alpha/bebes [0, 18]",
            "sibling group G is split",
        ],
    );
    // Tuesday afternoon holds P1 and O: two children for two places is fine.
    assert!(
        !found.iter().any(|v| v.contains("tue")),
        "no Tuesday violation expected: {found:#?}"
    );
    assert_eq!(found.len(), 4, "{found:#?}");
}

/// Applies `f` to a copy of the valid allocation and expects `expected`.
fn mutate(f: impl FnOnce(&mut Value), expected: &str) {
    let mut a = valid();
    f(&mut a);
    assert_catches(&a, &[expected]);
}

#[test]
fn catches_unknown_or_unwished_references() {
    mutate(
        |a| a["assignments"][0]["request"] = json!("NOBODY"),
        "request NOBODY does not exist",
    );
    mutate(
        |a| a["assignments"][0]["creche"] = json!("beta"),
        "crèche beta does not exist",
    );
    mutate(
        |a| a["assignments"][0]["section"] = json!("moyens"),
        "section \"moyens\" does not exist",
    );
    mutate(
        |a| a["assignments"][0]["block"] = json!(1),
        "block 1 does not exist",
    );
    mutate(
        |a| a["assignments"][0]["wish_rank"] = json!(2),
        "wish_rank 2",
    );
}

#[test]
fn catches_requests_missing_or_twice() {
    mutate(
        |a| {
            a["waiting_list"] = json!([]);
        },
        "request P2 is neither assigned nor on the waiting list",
    );
    mutate(
        |a| {
            a["waiting_list"]
                .as_array_mut()
                .unwrap()
                .push(waiting("P1", 10, 2));
        },
        "request P1 appears 2 times",
    );
}

#[test]
fn catches_wrong_dates_and_points() {
    mutate(
        |a| a["assignments"][0]["entry_date"] = json!("2027-01-05"),
        "P1: entry_date",
    );
    mutate(
        |a| a["assignments"][0]["points"] = json!(11),
        "P1: points 11 at alpha, expected 10",
    );
    mutate(
        |a| a["waiting_list"][0]["points"] = json!(7),
        "waiting P2: points 7, expected 8",
    );
}

#[test]
fn catches_a_block_not_yet_available_and_a_child_too_young() {
    let mut inst = instance();
    inst["creches"][0]["sections"][1]["free"][0]["available_from"] = json!("2027-01-05");
    let found = check(&inst, &valid());
    assert!(
        found
            .iter()
            .any(|v| v.contains("S1: block alpha/grands/0 available from 2027-01-05")),
        "{found:#?}"
    );

    let mut inst = instance();
    // Born 2026-10-27: 69 days old on 2027-01-04.
    inst["requests"][0]["child"]["birth_date"] = json!("2026-10-27");
    let found = check(&inst, &valid());
    assert!(
        found.iter().any(|v| v.contains("P1: child is 69 days old")),
        "{found:#?}"
    );
    inst["requests"][0]["child"] = json!({"expected_birth_date": "2026-10-26"});
    let found = check(&inst, &valid());
    assert!(!found.iter().any(|v| v.contains("P1")), "{found:#?}");
}

#[test]
fn catches_waiting_list_disorder_and_missing_reasons() {
    let mut a = valid();
    a["assignments"].as_array_mut().unwrap().remove(3);
    a["waiting_list"]
        .as_array_mut()
        .unwrap()
        .insert(0, waiting("O", 4, 1));
    a["waiting_list"][1]["position"] = json!(2);
    a["metrics"] = json!({"requests": 5, "placed": 3, "places_filled_half_days": 6,
                          "free_half_days": 14, "occupancy": 0.4286, "first_wish_rate": 1.0});
    assert_catches(&a, &["waiting list not in points order: P2 has 8 after 4"]);

    mutate(
        |a| a["waiting_list"][0]["position"] = json!(2),
        "waiting list entry 1 (P2) has position 2",
    );
    mutate(
        |a| a["waiting_list"][0]["reasons"] = json!([]),
        "waiting P2: 0 reasons for its wish alpha",
    );
    mutate(
        |a| a["waiting_list"][0]["reasons"][0]["reason"] = json!(""),
        "waiting P2: empty reason",
    );
}

#[test]
fn catches_wrong_metrics() {
    mutate(|a| a["metrics"]["placed"] = json!(3), "metrics.placed is 3");
    mutate(
        |a| a["metrics"]["places_filled_half_days"] = json!(8),
        "metrics.places_filled_half_days is 8",
    );
    mutate(
        |a| a["metrics"]["free_half_days"] = json!(10),
        "metrics.free_half_days is 10",
    );
    mutate(
        |a| a["metrics"]["occupancy"] = json!(0.6),
        "metrics.occupancy is 0.6",
    );
    mutate(
        |a| a["metrics"]["first_wish_rate"] = json!(0.5),
        "metrics.first_wish_rate is 0.5",
    );
}

#[test]
fn a_time_range_covers_the_slots_it_overlaps() {
    let mut inst = instance();
    // 07:00-07:30 ends when the morning starts, 12:30-13:00 starts when it
    // ends: O still uses Tuesday afternoon only.
    inst["requests"][4]["planning"] = json!({"tue": ["07:00-07:30", "12:30-13:00"]});
    assert_eq!(check(&inst, &valid()), Vec::<String>::new());
    // 12:00-12:31 overlaps both Tuesday slots.
    inst["requests"][4]["planning"] = json!({"tue": ["12:00-12:31"]});
    let found = check(&inst, &valid());
    assert!(
        found
            .iter()
            .any(|v| v.contains("O: half_days 1, but its planning covers 2")),
        "{found:#?}"
    );
    // 11:00-12:30 on Monday is a morning: with the two siblings, 3 children
    // for the 2 Monday-morning places of the big section.
    inst["requests"][4]["planning"] = json!({"mon": ["11:00-12:30"]});
    let found = check(&inst, &valid());
    assert!(
        found.iter().any(|v| v
            .contains("over capacity: alpha/grands/block 0 on mon am: 3 children for 2 places")),
        "{found:#?}"
    );
}

#[test]
fn ages_in_whole_months_clamp_to_month_ends() {
    let age = |b: &str, at: &str| age_in_months(date(b), date(at));
    assert_eq!(age("2026-03-10", "2027-01-04"), 9);
    assert_eq!(age("2026-03-04", "2027-01-04"), 10);
    assert_eq!(age("2026-01-31", "2026-02-27"), 0);
    assert_eq!(age("2026-01-31", "2026-02-28"), 1);
    assert_eq!(age("2026-08-31", "2026-09-30"), 1);
    assert_eq!(age("2024-02-29", "2025-02-28"), 12);
    assert_eq!(age("2027-01-04", "2027-01-04"), 0);
    assert_eq!(age("2027-02-01", "2027-01-04"), -1);
}

#[test]
fn finds_priority_inversions() {
    // P2 (8) holds the Monday place of the baby section; P1 (10) waits and
    // would fit if P2 left.
    let a = json!({
        "commission_id": "check", "status": "optimal",
        "assignments": [ assignment("P2", "bebes", 8, 2) ],
        "waiting_list": [ waiting("P1", 10, 1), waiting("S1", 5, 2), waiting("S2", 5, 3),
                          waiting("O", 4, 4) ],
        "metrics": {"requests": 5, "placed": 1, "places_filled_half_days": 2,
                    "free_half_days": 14, "occupancy": 0.1429, "first_wish_rate": 1.0}
    });
    assert_eq!(check(&instance(), &a), Vec::<String>::new());
    assert_eq!(
        inversions(&instance(), &a),
        vec![Inversion {
            higher: "P1".into(),
            lower: "P2".into(),
            creche: "alpha".into()
        }]
    );
}

#[test]
fn a_sibling_group_inverts_only_if_the_whole_group_fits() {
    // O (4) is 23 months old and asks for Monday morning; the siblings (5)
    // wait. The big section has 2 places on Monday morning.
    let mut inst = instance();
    inst["requests"][4]["planning"] = json!({"mon": ["08:00-12:00"]});
    let a = json!({
        "commission_id": "check", "status": "optimal",
        "assignments": [ assignment("P1", "bebes", 10, 4), assignment("O", "grands", 4, 1) ],
        "waiting_list": [ waiting("P2", 8, 1), waiting("S1", 5, 2), waiting("S2", 5, 3) ],
        "metrics": {"requests": 5, "placed": 2, "places_filled_half_days": 5,
                    "free_half_days": 14, "occupancy": 0.3571, "first_wish_rate": 1.0}
    });
    assert_eq!(check(&inst, &a), Vec::<String>::new());
    // Without O, both siblings fit: one inversion per sibling.
    let inv = inversions(&inst, &a);
    assert_eq!(inv.len(), 2, "{inv:?}");
    assert!(inv.iter().all(|i| i.lower == "O"));

    // With one place only, removing O leaves room for one sibling: no inversion.
    inst["creches"][0]["sections"][1]["free"][0]["places"]["mon"]["am"] = json!(1);
    let mut a = a;
    a["metrics"]["free_half_days"] = json!(13);
    a["metrics"]["occupancy"] = json!(5.0 / 13.0);
    assert_eq!(check(&inst, &a), Vec::<String>::new());
    assert_eq!(inversions(&inst, &a), vec![]);
}

#[test]
fn points_follow_the_bareme_and_history() {
    let mut inst = instance();
    let r = &mut inst["requests"][0];
    r.as_object_mut().unwrap().remove("points");
    r["criteria"] = json!(["domicile"]);
    r["creche_criteria"] = json!({"alpha": ["fratrie"]});
    r["history"] = json!({"renewals": 2, "family_refusals": 1, "no_shows": 1});
    inst["bareme"] = json!({"domicile": 10, "fratrie": 3, "malus_absence": 2});
    // 10 + 3 at alpha + 2 renewals × 1 (default) − 1 no-show × 2.
    let mut a = valid();
    a["assignments"][0]["points"] = json!(13);
    assert_eq!(check(&inst, &a), Vec::<String>::new());
    // The override replaces family points; crèche criteria still count.
    inst["requests"][0]["points"] = json!(4);
    a["assignments"][0]["points"] = json!(7);
    assert_eq!(check(&inst, &a), Vec::<String>::new());
}
