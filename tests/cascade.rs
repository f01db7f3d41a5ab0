//! Désistement cascades: hand-made event chains whose answers are worked out on
//! paper, and a property test over random event sequences.
//!
//! `cascade_full_place.json`: one full-time place at Toboggan; A 15 pts full
//! week (placed by the commission), B 12 full week (already refused twice
//! before), C 10 mon–tue, D 9 wed–fri, E 8 mon–tue.
//! `cascade_mon_tue.json`: the same place; P 15 mon–tue and Q 14 wed–fri share
//! it; R 12 full week, S 10 mon–tue, T 9 mon wait.

use creche_alloc::cascade::{
    next_offers, replay, Cascade, Event, EventKind, EventLog, Place, Stage, State,
};
use creche_alloc::domain::{Allocation, Commission};
use creche_alloc::solve::{self, SolveOptions};
use creche_alloc::{io, validate, Error};
use proptest::prelude::*;

use crate::common;

use common::events::{ev, refused, sent, solved_example};

/// An offer made by a cascade, sent with its place.
fn sent_offer(date: &str, cascade: &Cascade, request: &str) -> Event {
    let o = cascade
        .new_offers
        .iter()
        .find(|o| o.request == request)
        .expect("offered");
    let place = Place {
        creche: o.creche.clone(),
        section: o.section.clone(),
        block: o.block,
        entry_date: o.entry_date.clone(),
    };
    ev(date, request, EventKind::OfferSent { place: Some(place) })
}

fn log(c: &Commission, events: Vec<Event>, as_of: Option<&str>) -> EventLog {
    EventLog {
        commission_id: c.id().to_string(),
        as_of: as_of.map(String::from),
        events,
    }
}

fn run(
    c: &Commission,
    alloc: &Allocation,
    events: Vec<Event>,
    as_of: Option<&str>,
) -> (State, Cascade) {
    let state = replay(c, alloc, &log(c, events, as_of)).unwrap();
    let cascade = next_offers(c, &state).unwrap();
    (state, cascade)
}

fn offered(c: &Cascade) -> Vec<&str> {
    c.new_offers.iter().map(|o| o.request.as_str()).collect()
}

fn stage(c: &Commission, s: &State, id: &str) -> Stage {
    s.requests[c.request_index(id).unwrap()].stage
}

fn rejected(c: &Commission, alloc: &Allocation, events: Vec<Event>) -> String {
    match replay(c, alloc, &log(c, events, None)) {
        Err(Error::Invalid(problems)) => problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
        other => panic!("expected a rejection, got {other:?}"),
    }
}

#[test]
fn the_commission_places_a_and_p_q() {
    let (_, _, alloc) = solved_example("cascade_full_place.json");
    assert_eq!(
        alloc
            .assignments
            .iter()
            .map(|a| a.request.as_str())
            .collect::<Vec<_>>(),
        ["A"]
    );
    let (_, _, alloc) = solved_example("cascade_mon_tue.json");
    assert_eq!(
        alloc
            .assignments
            .iter()
            .map(|a| a.request.as_str())
            .collect::<Vec<_>>(),
        ["P", "Q"]
    );
}

#[test]
fn a_refusal_goes_to_the_next_child_in_points_order() {
    let (_, c, alloc) = solved_example("cascade_full_place.json");
    let (state, cascade) = run(
        &c,
        &alloc,
        vec![sent("2026-10-20", "A"), refused("2026-10-25", "A", false)],
        None,
    );
    assert_eq!(stage(&c, &state, "A"), Stage::Refused);
    assert_eq!(offered(&cascade), ["B"]);
    assert_eq!(cascade.new_offers[0].offer_date, "2026-10-25");
    assert_eq!(cascade.new_offers[0].answer_by, "2026-11-04");
    let waiting: Vec<&str> = cascade
        .waiting_list
        .iter()
        .map(|w| w.request.as_str())
        .collect();
    assert_eq!(waiting, ["C", "D", "E"]);
}

#[test]
fn a_freed_mon_tue_place_skips_the_full_week_child_and_says_why() {
    let (_, c, alloc) = solved_example("cascade_mon_tue.json");
    let events = vec![
        sent("2026-10-20", "P"),
        sent("2026-10-20", "Q"),
        ev("2026-10-22", "Q", EventKind::Accepted),
        refused("2026-10-23", "P", false),
    ];
    let (state, cascade) = run(&c, &alloc, events, None);
    assert_eq!(stage(&c, &state, "Q"), Stage::Accepted);
    assert_eq!(
        offered(&cascade),
        ["S"],
        "S (10, mon-tue) fits; R (12) needs the whole week"
    );
    let r = cascade
        .waiting_list
        .iter()
        .find(|w| w.request == "R")
        .unwrap();
    let (why, params) = (&r.reasons[0].reason, &r.reasons[0].params);
    assert!(
        params["half_days"].contains("wed_") && why.contains("mercredi"),
        "R's reason names the missing half-days: {why} {params:?}"
    );
    let t = cascade
        .waiting_list
        .iter()
        .find(|w| w.request == "T")
        .unwrap();
    let (why, params) = (&t.reasons[0].reason, &t.reasons[0].params);
    assert!(
        params["holders"].split(',').any(|h| h == "S:10") && why.contains("S, 10 pts"),
        "T is behind S: {why} {params:?}"
    );
}

#[test]
fn three_successive_refusals_of_one_place_and_a_third_refusal_cancels_the_request() {
    let (_, c, alloc) = solved_example("cascade_full_place.json");
    let mut events = vec![sent("2026-10-20", "A"), refused("2026-10-25", "A", false)];
    let (_, first) = run(&c, &alloc, events.clone(), None);
    assert_eq!(offered(&first), ["B"]);
    // B had refused twice before this commission: this refusal is its third.
    events.extend([
        sent_offer("2026-10-26", &first, "B"),
        refused("2026-10-28", "B", false),
    ]);
    let (state, second) = run(&c, &alloc, events.clone(), None);
    assert_eq!(stage(&c, &state, "B"), Stage::Cancelled);
    let b = second.lifecycle.iter().find(|l| l.request == "B").unwrap();
    assert!(b.cancelled && !b.carried && b.refusals == 3);
    // The full-time place now serves two complementary part-time children.
    assert_eq!(offered(&second), ["C", "D"]);
    events.extend([
        sent_offer("2026-10-29", &second, "C"),
        sent_offer("2026-10-29", &second, "D"),
        refused("2026-11-02", "C", false),
    ]);
    let (state, third) = run(&c, &alloc, events, None);
    assert_eq!(stage(&c, &state, "D"), Stage::Offered);
    assert_eq!(
        offered(&third),
        ["E"],
        "C's mon-tue half goes to E; D keeps wed-fri"
    );
}

#[test]
fn no_answer_after_ten_days_frees_the_place() {
    let (_, c, alloc) = solved_example("cascade_full_place.json");
    let (state, cascade) = run(
        &c,
        &alloc,
        vec![sent("2026-10-20", "A")],
        Some("2026-10-30"),
    );
    assert_eq!(
        stage(&c, &state, "A"),
        Stage::Offered,
        "day 10 is still in time"
    );
    assert!(cascade.new_offers.is_empty());
    let (state, cascade) = run(
        &c,
        &alloc,
        vec![sent("2026-10-20", "A")],
        Some("2026-10-31"),
    );
    assert_eq!(stage(&c, &state, "A"), Stage::NoAnswer);
    assert_eq!(offered(&cascade), ["B"]);
    let a = cascade.lifecycle.iter().find(|l| l.request == "A").unwrap();
    assert_eq!(a.refusals, 1, "a no-answer counts as a refusal");
    let late = rejected(
        &c,
        &alloc,
        vec![
            sent("2026-10-20", "A"),
            ev("2026-10-31", "A", EventKind::Accepted),
        ],
    );
    assert!(
        late.contains("events[1]") && late.contains("no_answer"),
        "{late}"
    );
}

#[test]
fn a_no_show_after_fifteen_days_frees_the_place_and_carries_the_malus() {
    let (inst, c, alloc) = solved_example("cascade_full_place.json");
    let events = vec![
        sent("2026-10-20", "A"),
        ev("2026-10-22", "A", EventKind::Accepted),
        ev("2027-01-19", "A", EventKind::NoShow),
        ev("2027-01-19", "A", EventKind::CarryRequested),
    ];
    let (state, cascade) = run(&c, &alloc, events.clone(), None);
    assert_eq!(stage(&c, &state, "A"), Stage::NoShow);
    assert_eq!(offered(&cascade), ["B"]);
    let a = cascade.lifecycle.iter().find(|l| l.request == "A").unwrap();
    assert!(a.carried);
    let h = a.next_history.as_ref().unwrap();
    assert_eq!(
        (h.no_shows, h.renewals),
        (1, 0),
        "malus, no renewal bonus after a no-show"
    );
    let carried = creche_alloc::cascade::carried_requests(&inst, &c, &state);
    assert_eq!(carried.len(), 1);
    assert_eq!(carried[0].history.no_shows, 1);
    let early = rejected(
        &c,
        &alloc,
        vec![
            sent("2026-10-20", "A"),
            ev("2026-10-22", "A", EventKind::Accepted),
            ev("2027-01-10", "A", EventKind::NoShow),
        ],
    );
    assert!(
        early.contains("events[2]") && early.contains("2027-01-19"),
        "{early}"
    );
}

#[test]
fn pinned_acceptances_never_move() {
    let (_, c, alloc) = solved_example("cascade_mon_tue.json");
    let q = alloc
        .assignments
        .iter()
        .find(|a| a.request == "Q")
        .unwrap()
        .clone();
    let events = vec![
        sent("2026-10-20", "Q"),
        ev("2026-10-21", "Q", EventKind::Accepted),
        sent("2026-10-20", "P"),
        ev("2026-10-21", "P", EventKind::Withdrawn),
    ];
    let (state, cascade) = run(&c, &alloc, events, None);
    assert!(cascade.new_offers.iter().all(|o| o.request != "Q"));
    let held = state.requests[c.request_index("Q").unwrap()].offer.unwrap();
    assert_eq!(
        (
            c.creches()[held.place.creche].id.as_str(),
            held.place.opt.block
        ),
        (q.creche.as_str(), q.block)
    );
    assert_eq!(stage(&c, &state, "Q"), Stage::Accepted);
}

#[test]
fn replaying_the_same_events_twice_gives_the_identical_state() {
    let (_, c, alloc) = solved_example("cascade_full_place.json");
    let events = vec![sent("2026-10-20", "A"), refused("2026-10-25", "A", false)];
    let once = replay(&c, &alloc, &log(&c, events.clone(), None)).unwrap();
    let again = replay(&c, &alloc, &log(&c, events.clone(), None)).unwrap();
    assert_eq!(once, again);
    let mut doubled = events.clone();
    doubled.extend(events);
    let twice = replay(&c, &alloc, &log(&c, doubled, None)).unwrap();
    assert_eq!(
        twice.requests, once.requests,
        "an event sent twice is not counted twice"
    );
    assert_eq!(twice.duplicates_ignored, 2);
}

#[test]
fn contradicting_events_are_rejected_naming_the_event() {
    let (_, c, alloc) = solved_example("cascade_full_place.json");
    let never = rejected(&c, &alloc, vec![ev("2026-10-20", "B", EventKind::Accepted)]);
    assert!(
        never.contains("events[0]") && never.contains("never made"),
        "{never}"
    );
    let before = rejected(&c, &alloc, vec![sent("2026-10-01", "A")]);
    assert!(
        before.contains("events[0].date") && before.contains("before the commission"),
        "{before}"
    );
    let after_refusal = rejected(
        &c,
        &alloc,
        vec![
            sent("2026-10-20", "A"),
            refused("2026-10-21", "A", false),
            ev("2026-10-22", "A", EventKind::Accepted),
        ],
    );
    assert!(
        after_refusal.contains("events[2]") && after_refusal.contains("refused"),
        "{after_refusal}"
    );
    let unknown = rejected(&c, &alloc, vec![sent("2026-10-20", "Z")]);
    assert!(unknown.contains("unknown request"), "{unknown}");
}

#[test]
fn an_offer_of_a_place_that_is_not_free_is_rejected() {
    let (_, c, alloc) = solved_example("cascade_full_place.json");
    let place = Place {
        creche: "toboggan".into(),
        section: "bebes".into(),
        block: 0,
        entry_date: "2027-01-04".into(),
    };
    let msg = rejected(
        &c,
        &alloc,
        vec![
            sent("2026-10-20", "A"),
            ev(
                "2026-10-21",
                "B",
                EventKind::OfferSent { place: Some(place) },
            ),
        ],
    );
    assert!(msg.contains("not free"), "{msg}");
}

#[test]
fn the_default_commission_cascades() {
    let inst = validate::parse_json(io::DEFAULT_INSTANCE).unwrap();
    let c = validate::validate(&inst).unwrap();
    let alloc = solve::solve(&c, &SolveOptions::default())
        .unwrap()
        .allocation;
    let first = &alloc.assignments[0].request;
    let (_, cascade) = run(
        &c,
        &alloc,
        vec![
            sent("2026-10-20", first),
            refused("2026-10-25", first, false),
        ],
        None,
    );
    assert!(
        cascade.new_offers.iter().all(|o| o.request != *first),
        "a refusing family is not offered again"
    );
}

/// Drives a random but legal sequence of events, checking after each step that
/// the places held never exceed the free places and no accepted place changes.
fn simulate(choices: &[u8]) {
    let (_, c, alloc) = solved_example(if choices.first().copied().unwrap_or(0) % 2 == 0 {
        "cascade_full_place.json"
    } else {
        "cascade_mon_tue.json"
    });
    let mut events: Vec<Event> = Vec::new();
    let mut day = chrono::NaiveDate::from_ymd_opt(2026, 10, 20).unwrap();
    let mut accepted: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for &choice in choices {
        let state = replay(&c, &alloc, &log(&c, events.clone(), Some(&day.to_string()))).unwrap();
        let cascade = next_offers(&c, &state).unwrap();
        // Capacity: the places held fit the free places.
        let load = creche_alloc::solve::load::Load::of(&c, &state.pinned());
        for (ci, cr) in c.creches().iter().enumerate() {
            for (si, s) in cr.sections.iter().enumerate() {
                for (bi, b) in s.blocks.iter().enumerate() {
                    for (h, &cap) in b.capacity.iter().enumerate() {
                        assert!(
                            load.used_in(ci, si, bi, h) <= cap,
                            "over capacity after {events:?}"
                        );
                    }
                }
            }
        }
        // Accepted places never move.
        for (r, s) in state.requests.iter().enumerate() {
            if s.stage == Stage::Accepted {
                let p = s.offer.unwrap().place;
                let here = (p.creche, p.opt.block);
                assert_eq!(
                    *accepted.entry(c.requests()[r].id.clone()).or_insert(here),
                    here
                );
            }
        }
        let date = day.to_string();
        let unsent: Vec<&str> = state
            .requests
            .iter()
            .enumerate()
            .filter(|(_, s)| s.stage == Stage::Offered && s.offer.unwrap().sent.is_none())
            .map(|(r, _)| c.requests()[r].id.as_str())
            .collect();
        let pending: Vec<&str> = state
            .requests
            .iter()
            .enumerate()
            .filter(|(_, s)| s.stage == Stage::Offered && s.offer.unwrap().sent.is_some())
            .map(|(r, _)| c.requests()[r].id.as_str())
            .collect();
        let holding: Vec<&str> = state
            .requests
            .iter()
            .enumerate()
            .filter(|(_, s)| s.stage == Stage::Accepted)
            .map(|(r, _)| c.requests()[r].id.as_str())
            .collect();
        let pick = |list: &[&str]| list[choice as usize % list.len()].to_string();
        match choice % 6 {
            0 if !unsent.is_empty() => events.push(sent(&date, &pick(&unsent))),
            1 if !cascade.new_offers.is_empty() => {
                let o = &cascade.new_offers[choice as usize % cascade.new_offers.len()];
                events.push(sent_offer(&date, &cascade, &o.request.clone()));
            }
            2 if !pending.is_empty() => {
                events.push(ev(&date, &pick(&pending), EventKind::Accepted))
            }
            3 if !pending.is_empty() => events.push(refused(&date, &pick(&pending), false)),
            4 if !holding.is_empty() => {
                events.push(ev(&date, &pick(&holding), EventKind::Withdrawn))
            }
            _ => day += chrono::Duration::days(1 + (choice as i64 % 7)),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn random_event_sequences_keep_capacity_and_acceptances(choices in proptest::collection::vec(any::<u8>(), 1..30)) {
        simulate(&choices);
    }
}

#[test]
fn the_command_line_prints_the_next_offers_and_rejects_a_bad_event() {
    let dir = std::env::temp_dir().join(format!("cascade-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (_, c, alloc) = solved_example("cascade_mon_tue.json");
    let alloc_path = dir.join("allocation.json");
    std::fs::write(&alloc_path, io::to_json(&alloc)).unwrap();
    let instance = format!(
        "{}/instances/examples/cascade_mon_tue.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let good = log(
        &c,
        vec![sent("2026-10-20", "P"), refused("2026-10-23", "P", false)],
        None,
    );
    let events = dir.join("events.json");
    std::fs::write(&events, serde_json::to_string(&good).unwrap()).unwrap();
    let state = dir.join("state.json");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_creche-alloc"))
        .args([
            "cascade",
            &instance,
            alloc_path.to_str().unwrap(),
            events.to_str().unwrap(),
            "--out",
            state.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // In French by default, crèches by their names; the status line on
    // standard error, not mixed with the result.
    assert!(
        stdout.contains("proposition S (10 pts) : Toboggan"),
        "{stdout}"
    );
    assert!(!stdout.contains(state.to_str().unwrap()), "{stdout}");
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    assert_eq!(written["new_offers"][0]["request"], "S");
    // `--json`: the same state on standard output; `--lang en`: in English.
    let run = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_creche-alloc"))
            .args(["cascade", &instance, alloc_path.to_str().unwrap()])
            .arg(&events)
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let json: serde_json::Value = serde_json::from_str(&run(&["--json"])).unwrap();
    assert_eq!(json, written);
    assert!(run(&["--lang", "en"]).contains("offer S (10 pts): Toboggan"));

    let bad = log(&c, vec![ev("2026-10-20", "R", EventKind::Accepted)], None);
    std::fs::write(&events, serde_json::to_string(&bad).unwrap()).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_creche-alloc"))
        .args([
            "cascade",
            &instance,
            alloc_path.to_str().unwrap(),
            events.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("events[0]") && stderr.contains("never made"),
        "{stderr}"
    );
}
