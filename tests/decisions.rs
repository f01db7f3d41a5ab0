//! The commission decides (issue 19): decisions as data, the allocation under
//! them, their consequences, the procès-verbal and the cascade after them.
//!
//! The instance `contest()` is small enough to work out on paper. Three
//! crèches with one full-time place each (Toboggan, Pirouette, L'Envol) and
//! four full-time children of the same age:
//!
//! | request | points | wishes                      |
//! |---------|--------|-----------------------------|
//! | A       | 30     | Toboggan, Pirouette         |
//! | B       | 22     | Toboggan, Pirouette, Envol  |
//! | C       | 19     | Pirouette, Envol            |
//! | D       | 10     | Toboggan                    |
//!
//! The proposal (strict points order): A Toboggan, B Pirouette (Toboggan is
//! A's), C Envol (Pirouette is B's), D waits.

use crate::common;

use creche_alloc::cascade::{self, EventLog};
use creche_alloc::decide::{self, Ruling};
use creche_alloc::domain::decisions::DecisionsFile;
use creche_alloc::domain::Commission;
use creche_alloc::i18n::Lang;
use creche_alloc::solve::{self, SolveOptions, Strategy};
use creche_alloc::transparency::{minutes_decided, Format, Recorded, RunInfo};
use creche_alloc::validate::{parse_json, validate};
use creche_alloc::{io, Error};
use serde_json::{json, Value};

fn full_time() -> Value {
    let day = json!(["08:00-17:30"]);
    json!({"mon": day, "tue": day, "wed": day, "thu": day, "fri": day})
}

fn creche(id: &str, name: &str) -> Value {
    let one = json!({"am": 1, "pm": 1});
    json!({
        "id": id, "name": name,
        "sections": [{
            "id": "bebes", "min_age_months": 0, "max_age_months": 18,
            "free": [{"available_from": "2027-01-04",
                      "places": {"mon": one, "tue": one, "wed": one, "thu": one, "fri": one}}]
        }]
    })
}

fn request(id: &str, points: i64, wishes: &[&str]) -> Value {
    json!({
        "id": id, "child": {"birth_date": "2026-03-10"}, "start": "2027-01-04",
        "planning": full_time(), "wishes": wishes, "submitted": "2026-05-01", "points": points
    })
}

fn contest() -> Value {
    json!({
        "commission": {"id": "contest", "date": "2026-10-14", "entry_from": "2027-01-01",
                       "entry_to": "2027-03-31", "start_tolerance_days": 0, "seed": 7},
        "week": {"days": ["mon", "tue", "wed", "thu", "fri"],
                 "slots": [{"id": "am", "start": "07:30", "end": "12:30"},
                           {"id": "pm", "start": "12:30", "end": "18:30"}]},
        "bareme": {"domicile_ccmvr": 10},
        "creches": [creche("toboggan", "Toboggan"), creche("pirouette", "Pirouette"),
                    creche("envol", "L'Envol")],
        "requests": [request("A", 30, &["toboggan", "pirouette"]),
                     request("B", 22, &["toboggan", "pirouette", "envol"]),
                     request("C", 19, &["pirouette", "envol"]),
                     request("D", 10, &["toboggan"])]
    })
}

fn commission(v: &Value) -> Commission {
    validate(&parse_json(&v.to_string()).unwrap()).unwrap()
}

fn file(decisions: Value) -> DecisionsFile {
    serde_json::from_value(json!({"commission_id": "contest", "decisions": decisions})).unwrap()
}

fn ruling(c: &Commission, decisions: Value) -> Ruling {
    decide::decide_file(c, &file(decisions), &SolveOptions::new(Strategy::Priority))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn placed_at(r: &Ruling, request: &str) -> Option<String> {
    let a = &r.applied.allocation;
    a.assignments
        .iter()
        .find(|x| x.request == request)
        .map(|x| x.creche.clone())
}

fn problems(e: Error) -> Vec<(String, String)> {
    match e {
        Error::Invalid(p) => p.into_iter().map(|p| (p.path, p.message)).collect(),
        other => panic!("not a validation error: {other}"),
    }
}

fn no_events() -> EventLog {
    EventLog {
        commission_id: "contest".into(),
        as_of: None,
        events: Vec::new(),
    }
}

fn place_d() -> Value {
    json!([{"kind": "place", "request": "D", "creche": "toboggan",
            "reason": "situation sociale urgente"}])
}

#[test]
fn the_proposal_as_worked_out_on_paper() {
    let c = commission(&contest());
    let r = ruling(&c, json!([]));
    assert_eq!(placed_at(&r, "A").as_deref(), Some("toboggan"));
    assert_eq!(placed_at(&r, "B").as_deref(), Some("pirouette"));
    assert_eq!(placed_at(&r, "C").as_deref(), Some("envol"));
    assert_eq!(placed_at(&r, "D"), None);
}

#[test]
fn placing_a_family_with_fewer_points_moves_the_next_by_points_to_its_next_wish() {
    let c = commission(&contest());
    let r = ruling(&c, place_d());
    // D is pinned at Toboggan; A (30) takes its next fitting wish, Pirouette;
    // B (22) then finds Toboggan and Pirouette taken and goes to L'Envol; C
    // (19) finds Pirouette and L'Envol taken by families with more points.
    assert_eq!(placed_at(&r, "D").as_deref(), Some("toboggan"));
    assert_eq!(placed_at(&r, "A").as_deref(), Some("pirouette"));
    assert_eq!(placed_at(&r, "B").as_deref(), Some("envol"));
    assert_eq!(placed_at(&r, "C"), None);
    let q = &r.consequences[0];
    let kinds: Vec<(&str, &str)> = q
        .changes
        .iter()
        .map(|x| (x.request.as_str(), x.kind.code()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("A", "changes_creche"),
            ("B", "changes_creche"),
            ("C", "loses"),
            ("D", "gains")
        ]
    );
    assert_eq!(q.placed_delta, 0);
    // A and B are now passed over at Toboggan by D, who has fewer points.
    let passed: Vec<(&str, &str)> = q
        .blocking
        .iter()
        .map(|p| (p.request.as_str(), p.creche.as_str()))
        .collect();
    assert_eq!(passed, [("A", "toboggan"), ("B", "toboggan")]);
    assert!(q.blocking.iter().all(|p| p.holders[0].request == "D"));
    assert!(
        q.summary
            .starts_with("placer D à Toboggan déplace A (30 points) vers son vœu 2 (Pirouette)"),
        "{}",
        q.summary
    );
    assert!(
        q.summary.contains("laisse C (19 points) en attente"),
        "{}",
        q.summary
    );
    // The allocation says why: D's note is the decision, A's reason at
    // Toboggan a departure caused by it.
    let a = &r.applied.allocation;
    let d = a.assignments.iter().find(|x| x.request == "D").unwrap();
    assert_eq!(
        d.note_code.map(|c| c.as_str()),
        Some("placed_by_commission")
    );
    assert_eq!(d.note_params["decision"], "0");
    let at = a.assignments.iter().find(|x| x.request == "A").unwrap();
    assert_eq!(at.reasons[0].params["cause"], "decision");
}

#[test]
fn excluding_a_family_from_its_first_wish_gives_it_its_best_remaining_wish() {
    let c = commission(&contest());
    let r = ruling(
        &c,
        json!([{"kind": "exclude", "request": "A", "creche": "toboggan",
                "reason": "la directrice signale un changement de situation"}]),
    );
    // A takes Pirouette, its best remaining wish; B (22) then gets Toboggan,
    // its first wish; C (19) keeps L'Envol; D (10) still waits.
    assert_eq!(placed_at(&r, "A").as_deref(), Some("pirouette"));
    assert_eq!(placed_at(&r, "B").as_deref(), Some("toboggan"));
    assert_eq!(placed_at(&r, "C").as_deref(), Some("envol"));
    assert_eq!(placed_at(&r, "D"), None);
    let a = &r.applied.allocation;
    let at = a.assignments.iter().find(|x| x.request == "A").unwrap();
    assert_eq!(
        at.reasons[0].code.map(|c| c.as_str()),
        Some("excluded_by_commission")
    );
    let q = &r.consequences[0];
    assert!(
        q.summary
            .contains("déplace B (22 points) vers son vœu 1 (Toboggan)"),
        "{}",
        q.summary
    );
    assert!(q.blocking.is_empty());
}

fn reserve_friday() -> Value {
    json!([{"kind": "reserve", "creche": "toboggan", "section": "bebes", "block": 0,
            "day": "fri", "half_day": "am", "places": 1, "reason": "accueil d'urgence"}])
}

#[test]
fn a_reserved_friday_place_is_held_in_the_minutes_and_never_offered_by_the_cascade() {
    let v = contest();
    let c = commission(&v);
    let opts = SolveOptions::new(Strategy::Priority);
    let text = reserve_friday().to_string();
    let text = format!(r#"{{"commission_id": "contest", "decisions": {text}}}"#);
    let rec = Recorded::new(&c, &text, "decisions.json", &opts).unwrap();
    let r = decide::decide(&c, &rec.decisions, &opts).unwrap();
    // Toboggan has no Friday morning left for a full-time child.
    assert_eq!(placed_at(&r, "A").as_deref(), Some("pirouette"));
    assert_eq!(placed_at(&r, "B").as_deref(), Some("envol"));
    assert_eq!(placed_at(&r, "D"), None);
    let run = RunInfo::new("0".repeat(64), &Default::default());
    let alloc = &r.applied.allocation;
    let md = minutes_decided(
        &c,
        alloc,
        &run,
        Format::Markdown,
        Lang::Fr,
        None,
        Some(&rec),
    )
    .unwrap();
    assert!(md.contains("## Décisions de la commission"), "{md}");
    assert!(
        md.contains("Toboggan / bebes, bloc 0 : une place tenue en réserve, ven. matin"),
        "{md}"
    );
    assert!(md.contains(&rec.sha256), "{md}");
    assert!(
        md.contains("creche-alloc decide INSTANCE DECISIONS"),
        "{md}"
    );
    // After the commission, nothing happened: Toboggan's place is still
    // free but for the reserved Friday morning, so D (full time) is never
    // offered it; without the decisions in force it would be.
    let state = cascade::replay(&c, alloc, &no_events()).unwrap();
    let settings = Default::default();
    let next =
        cascade::offers::next_offers_decided(&c, &state, &rec.decisions, &settings, Lang::Fr)
            .unwrap();
    assert!(next.new_offers.is_empty(), "{:?}", next.new_offers);
    let plain = cascade::offers::next_offers(&c, &state).unwrap();
    assert_eq!(plain.new_offers[0].request, "D");
}

#[test]
fn contradictory_decisions_are_rejected_naming_both() {
    let c = commission(&contest());
    let got = decide::check(
        &c,
        &file(json!([
            {"kind": "place", "request": "D", "creche": "toboggan", "reason": "urgence"},
            {"kind": "exclude", "request": "D", "creche": "toboggan", "reason": "refus"}
        ])),
    );
    let p = problems(got.unwrap_err());
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].0, "decisions[1].creche");
    assert!(
        p[0].1.contains("decisions[0]") && p[0].1.contains("decisions[1]"),
        "{p:?}"
    );
}

#[test]
fn every_problem_is_named_with_its_path() {
    let c = commission(&contest());
    let got = decide::check(
        &c,
        &file(json!([
            {"kind": "place", "request": "Z", "creche": "toboggan", "reason": "x"},
            {"kind": "place", "request": "C", "creche": "toboggan", "reason": "x"},
            {"kind": "defer", "request": "B", "reason": "x"},
            {"kind": "reserve", "creche": "envol", "section": "bebes", "day": "sat",
             "half_day": "am", "reason": "x"},
            {"kind": "exclude", "request": "A", "creche": "toboggan", "reason": ""},
            {"kind": "place", "request": "D", "creche": "toboggan", "reason": "x"},
            {"kind": "place", "request": "A", "creche": "toboggan", "reason": "x"}
        ])),
    );
    let paths: Vec<String> = problems(got.unwrap_err())
        .into_iter()
        .map(|p| p.0)
        .collect();
    assert_eq!(
        paths,
        [
            "decisions[0].request",
            "decisions[1].creche",
            "decisions[2].renewal_bonus",
            "decisions[3].day",
            "decisions[4].reason",
            "decisions[6].creche"
        ]
    );
}

#[test]
fn a_placement_beyond_the_free_places_is_an_error_naming_it() {
    let c = commission(&contest());
    let mut d = reserve_friday();
    d.as_array_mut()
        .unwrap()
        .push(json!({"kind": "place", "request": "D", "creche": "toboggan", "reason": "urgence"}));
    let p = problems(decide::check(&c, &file(d)).unwrap_err());
    assert_eq!(p[0].0, "decisions[1].creche");
    assert!(p[0].1.contains("no free place left"), "{p:?}");
}

#[test]
fn a_deferred_request_waits_and_is_carried_with_the_bonus_decided() {
    let v = contest();
    let c = commission(&v);
    for bonus in [true, false] {
        let d = json!([{"kind": "defer", "request": "A", "renewal_bonus": bonus,
                        "reason": "dossier incomplet"}]);
        let r = ruling(&c, d.clone());
        assert_eq!(placed_at(&r, "A"), None);
        assert_eq!(placed_at(&r, "B").as_deref(), Some("toboggan"));
        let decisions = decide::check(&c, &file(d)).unwrap();
        let alloc = &r.applied.allocation;
        let state = cascade::replay(&c, alloc, &no_events()).unwrap();
        let inst = parse_json(&v.to_string()).unwrap();
        let carried = cascade::offers::carried_decided(&inst, &c, &state, &decisions);
        let a = carried.iter().find(|x| x.id == "A").expect("A is carried");
        assert_eq!(a.history.renewals, i64::from(bonus));
    }
}

#[test]
fn with_no_decision_the_result_is_the_proposal_byte_for_byte() {
    let default = io::read_commission(None).unwrap();
    for c in [commission(&contest()), default] {
        for lang in [Lang::Fr, Lang::En] {
            let opts = SolveOptions {
                lang,
                ..SolveOptions::new(Strategy::Priority)
            };
            let proposal = solve::solve(&c, &opts).unwrap();
            let none = decide::decide(&c, &decide::Decisions::none(&c), &opts).unwrap();
            assert_eq!(
                io::to_json(&none.applied.allocation),
                io::to_json(&proposal.allocation)
            );
            assert!(none.consequences.is_empty());
        }
    }
}

#[test]
fn the_default_commissions_ten_decisions_hold_and_reproduce() {
    let c = io::read_commission(None).unwrap();
    let path = common::root().join("instances/decisions/default-ten.json");
    let file = io::read_decisions(&path).unwrap();
    let opts = SolveOptions::new(Strategy::Priority);
    let a = decide::decide_file(&c, &file, &opts).unwrap();
    let b = decide::decide_file(&c, &file, &opts).unwrap();
    assert_eq!(a.consequences.len(), 10);
    assert_eq!(io::to_json(&a.json()), io::to_json(&b.json()));
    let decisions = decide::check(&c, &file).unwrap();
    decisions.held_by(&c, &a.applied.placements).unwrap();
}
