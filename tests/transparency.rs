//! Transparency (issue 7): the procès-verbal, the cut-off points and what it
//! would take for a waiting family, on the hand-made instances of
//! `instances/examples/` whose answers are worked out on paper in its README
//! (`g_transparency.json`, `h_crossing_points.json`).

use crate::common;

use std::process::Command;

use common::*;
use creche_alloc::domain::{Allocation, Commission, Instance};
use creche_alloc::i18n::{Lang, Names};
use creche_alloc::io;
use creche_alloc::solve::{solve, Solution, Strategy};
use creche_alloc::transparency::change::Change;
use creche_alloc::transparency::suggest::Scope;
use creche_alloc::transparency::{
    minutes, sha256_hex, suggest, Format, RunInfo, SuggestOptions, Suggestions,
};
use creche_alloc::validate::validate;
use serde_json::{json, Value};

fn load(file: &str) -> (Value, Instance, Commission, String) {
    let path = examples_dir().join(file);
    let bytes = std::fs::read(&path).unwrap();
    let inst = io::read_instance(Some(&path)).unwrap();
    let c = validate(&inst).unwrap();
    (example(file), inst, c, sha256_hex(&bytes))
}

fn solved(c: &Commission, strategy: Strategy) -> Solution {
    solve(c, &options(strategy)).unwrap()
}

fn run(hash: &str) -> RunInfo {
    RunInfo {
        input_sha256: hash.to_string(),
        threads: 1,
        time_limit: None,
    }
}

/// Suggestions for the whole waiting list of `s`, with the default options.
fn suggest_all(inst: &Instance, c: &Commission, s: &Solution) -> Suggestions {
    suggest(
        inst,
        c,
        &s.allocation,
        &s.placements,
        &SuggestOptions {
            lang: Lang::En,
            ..SuggestOptions::default()
        },
        &mut |_| {},
    )
    .unwrap()
}

fn both(c: &Commission, a: &Allocation, hash: &str, s: Option<&Suggestions>) -> [String; 2] {
    [Format::Markdown, Format::Html].map(|f| minutes(c, a, &run(hash), f, Lang::En, s).unwrap())
}

/// (request, points) of a cut-off side.
type Side = Option<(String, i64)>;

fn side(v: &Value) -> Side {
    v.as_object().map(|o| {
        (
            o["request"].as_str().unwrap().to_string(),
            o["points"].as_i64().unwrap(),
        )
    })
}

#[test]
fn cutoff_points_of_example_g_as_worked_out_on_paper() {
    let (inst, ..) = load("g_transparency.json");
    let a = solve_value(&inst, Strategy::Priority);
    assert_valid(&inst, &a, "g");
    let cut: Vec<(String, Side, Side)> = a["cutoffs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                format!(
                    "{}/{}",
                    x["creche"].as_str().unwrap(),
                    x["section"].as_str().unwrap()
                ),
                side(&x["last_placed"]),
                side(&x["first_waiting"]),
            )
        })
        .collect();
    let p = |r: &str, n: i64| Some((r.to_string(), n));
    assert_eq!(
        cut,
        vec![
            // E (9) alone at lutins; nobody else wished it.
            ("lutins/bebes".into(), p("E", 9), None),
            // C (10) and D (8) share mon–wed; H (9) needs C's Monday: the last
            // placed has fewer points than the first waiting.
            ("pirouette/bebes".into(), p("D", 8), p("H", 9)),
            // B (12, 2nd wish) waits behind A (15); F is too old for bébés.
            ("toboggan/bebes".into(), p("A", 15), p("B", 12)),
            // F could not take these places by its start: it did not wait there.
            ("toboggan/moyens".into(), None, None),
        ]
    );
}

#[test]
fn the_minutes_list_every_request_reason_departure_and_the_footer() {
    for (file, strategy) in [
        ("g_transparency.json", Strategy::Priority),
        ("h_crossing_points.json", Strategy::Greedy),
    ] {
        let (_, _, c, hash) = load(file);
        let s = solved(&c, strategy);
        let a = &s.allocation;
        for text in both(&c, a, &hash, None) {
            for x in &a.assignments {
                // Dates in words, as the documents write them.
                let date = Lang::En.messages().date(&x.entry_date);
                let row = format!("{} | {} | {} | {date}", x.request, x.points, x.wish_rank);
                let cells = format!(
                    "<td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{date}</td>",
                    x.request, x.points, x.wish_rank
                );
                assert!(
                    text.contains(&row) || text.contains(&cells),
                    "{file}: {} missing",
                    x.request
                );
            }
            for w in &a.waiting_list {
                let md = format!("{}. **{}** ({} pts)", w.position, w.request, w.points);
                let html = format!(
                    "<li value=\"{}\"><b>{}</b> ({} pts)",
                    w.position, w.request, w.points
                );
                assert!(
                    text.contains(&md) || text.contains(&html),
                    "{file}: {}",
                    w.request
                );
                for r in &w.reasons {
                    // Worded in the document's language (English here) from
                    // the code, whatever the language of the allocation's words.
                    let words = Names::of(&c, Lang::En.messages()).wish_reason(r);
                    let escaped = words
                        .replace('&', "&amp;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;")
                        .replace('"', "&quot;");
                    assert!(
                        text.contains(&words) || text.contains(&escaped),
                        "{file}: {words}"
                    );
                }
            }
            assert!(text.contains(&hash), "{file}: input hash");
            assert!(
                text.contains(&sha256_hex(io::to_json(a).as_bytes())),
                "{file}: allocation hash"
            );
            assert!(text.contains(&creche_alloc::solve::model::highs_version()));
            assert!(text.contains(&format!("creche-alloc {}", env!("CARGO_PKG_VERSION"))));
            assert!(text.contains("random_seed 20261014"));
        }
    }
    // Greedy places X (10 at pirouette) ahead of Y (12 there): one departure,
    // with the justification the allocation gives.
    let (_, _, c, hash) = load("h_crossing_points.json");
    let a = solved(&c, Strategy::Greedy).allocation;
    assert_eq!(a.metrics.priority_inversions, 1);
    let [md, html] = both(&c, &a, &hash, None);
    assert!(
        md.contains(
            "| Pirouette | X (10 pts) | Y (12 pts) | placed ahead of a family with more \
             points here (Y, 12 pts): the greedy method"
        ),
        "{md}"
    );
    // The allocation's note is coded: a French procès-verbal words it in French.
    let x = a.assignments.iter().find(|x| x.request == "X").unwrap();
    assert_eq!(
        x.note_code,
        Some(creche_alloc::domain::ReasonCode::PlacedAhead)
    );
    assert_eq!(x.note_params["holders"], "Y:12");
    let fr = minutes(&c, &a, &run(&hash), Format::Markdown, Lang::Fr, None).unwrap();
    assert!(
        fr.contains("| Pirouette | X (10 pts) | Y (12 pts) | placée devant une famille qui a plus de points ici (Y, 12 pts) : la méthode du tableur"),
        "{fr}"
    );
    assert!(html.contains("<td>Pirouette</td><td>X (10 pts)</td><td>Y (12 pts)</td>"));
    assert!(md.contains("the greedy method took requests in points order"));
    assert!(html.contains("@media print"));
    // The priority policy keeps points order: no departure.
    let a = solved(&c, Strategy::Priority).allocation;
    assert!(both(&c, &a, &hash, None)[0].contains("## Departures from points order\n\nNone"));
}

/// Writes a marker into every field of the input that is not an id, a date,
/// a points value or a planning, and gives every request criteria of its
/// own: neither may appear in the minutes (the criteria only as rows of the
/// barème in force). Crèche names are public: the minutes show them.
#[test]
fn the_minutes_are_anonymous() {
    let (mut v, ..) = load("g_transparency.json");
    v["bareme"]["situation_fragile"] = json!(4);
    v["bareme"]["enfant_handicap"] = json!(3);
    for (k, cr) in v["creches"].as_array_mut().unwrap().iter_mut().enumerate() {
        cr["name"] = json!(format!("Public name {k}"));
        cr["commune"] = json!(format!("SECRET-COMMUNE-{k}"));
    }
    for r in v["requests"].as_array_mut().unwrap() {
        // `points` overrides the family points, so the allocation is unchanged.
        r["criteria"] = json!(["situation_fragile", "enfant_handicap"]);
        r["child"]["birth_date"] = json!("2026-03-09");
    }
    v["requests"][5]["child"]["birth_date"] = json!("2025-05-31"); // F stays too old for bébés
    let inst: Instance = serde_json::from_value(v).unwrap();
    let c = validate(&inst).unwrap();
    let s = solved(&c, Strategy::Priority);
    let sg = suggest_all(&inst, &c, &s);
    let [md, html] = both(&c, &s.allocation, "h", Some(&sg));
    for text in [&md, &html] {
        assert!(!text.contains("SECRET"), "a commune leaked");
        assert!(text.contains("Public name 0"), "crèches by their names");
        assert!(
            !text.contains("2026-03-09") && !text.contains("2025-05-31"),
            "a birth date leaked"
        );
        for criterion in ["situation_fragile", "enfant_handicap"] {
            assert_eq!(
                text.matches(criterion).count(),
                1,
                "{criterion}: only its barème row"
            );
        }
    }
    // No label in this instance: the key, and the points signed.
    assert!(md.contains("| situation_fragile | +4 |"));
}

/// The suggestions of example g, worked out on paper in the examples' README.
fn expected() -> Vec<(&'static str, Vec<Value>)> {
    vec![
        (
            "B",
            vec![
                json!({"kind": "drop_day", "day": "thu"}),
                json!({"kind": "add_creche", "creche": "lutins"}),
                json!({"kind": "more_points", "creche": "toboggan", "points": 4}),
            ],
        ),
        (
            "H",
            vec![json!({"kind": "more_points", "creche": "pirouette", "points": 2})],
        ),
        (
            "F",
            vec![json!({"kind": "later_entry", "start": "2027-02-01", "days": 28})],
        ),
    ]
}

/// Each request's suggested changes, as JSON.
fn changes_by_request(sg: &Suggestions) -> Vec<(&str, Vec<Value>)> {
    sg.requests
        .iter()
        .map(|rs| {
            let changes = rs
                .suggestions
                .iter()
                .map(|x| serde_json::to_value(&x.change).unwrap())
                .collect();
            (rs.request.as_str(), changes)
        })
        .collect()
}

/// A change applied to the instance JSON by hand, as a family's file would be
/// rewritten (independently of `Change::apply`).
fn by_hand(inst: &Value, id: &str, change: &Value) -> Value {
    let mut v = inst.clone();
    let r = v["requests"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["id"] == id)
        .unwrap();
    match change["kind"].as_str().unwrap() {
        "drop_day" => {
            r["planning"]
                .as_object_mut()
                .unwrap()
                .remove(change["day"].as_str().unwrap());
        }
        "drop_half_day" => {
            // Every range of the example is 08:00-17:30 (am 07:30-12:30, pm 12:30-18:30).
            let keep = if change["slot"] == "am" {
                "12:30-17:30"
            } else {
                "08:00-12:30"
            };
            r["planning"][change["day"].as_str().unwrap()] = json!([keep]);
        }
        "later_entry" => r["start"] = change["start"].clone(),
        "add_creche" => r["wishes"]
            .as_array_mut()
            .unwrap()
            .push(change["creche"].clone()),
        "more_points" => {
            let creche = change["creche"].as_str().unwrap();
            r["creche_criteria"][creche] = json!(["by_hand_bonus"]);
            v["bareme"]["by_hand_bonus"] = change["points"].clone();
        }
        other => panic!("unknown change {other}"),
    }
    v
}

#[test]
fn every_suggestion_applied_to_the_instance_places_the_request() {
    let (v, inst, c, _) = load("g_transparency.json");
    let s = solved(&c, Strategy::Priority);
    let sg = suggest_all(&inst, &c, &s);
    let got = changes_by_request(&sg);
    assert_eq!(got, expected());
    for rs in &sg.requests {
        assert!(rs.suggestions.len() <= 3);
        for x in &rs.suggestions {
            let change = serde_json::to_value(&x.change).unwrap();
            let changed = by_hand(&v, &rs.request, &change);
            let a = solve_value(&changed, Strategy::Priority);
            assert_valid(&changed, &a, &x.words);
            let placed =
                assignment(&a, &rs.request).unwrap_or_else(|| panic!("{}: {change}", rs.request));
            assert_eq!(
                serde_json::to_value(&x.place).unwrap()["creche"],
                placed["creche"],
                "{}",
                x.words
            );
            // The library applies the same change.
            let lib = x.change.apply(&inst, &rs.request).unwrap();
            assert!(assignment(
                &solve_value(&serde_json::to_value(&lib).unwrap(), Strategy::Priority),
                &rs.request
            )
            .is_some());
            assert!(x.within_policy, "{}", x.words);
            // The fewest points: one less does not place it.
            if let Change::MorePoints { points, .. } = x.change {
                let mut less = change.clone();
                less["points"] = json!(points - 1);
                let a = solve_value(&by_hand(&v, &rs.request, &less), Strategy::Priority);
                assert!(
                    assignment(&a, &rs.request).is_none(),
                    "{}: {points} − 1",
                    rs.request
                );
            }
        }
    }
    // Who else moves, in the policy's own order: dropping Thursday puts B
    // (12) at pirouette, where C (10) and D (8) lose their places.
    let b = &sg.requests[0].suggestions[0];
    let others: Vec<(&str, i64)> = b
        .others
        .iter()
        .map(|o| (o.request.as_str(), o.points))
        .collect();
    assert_eq!(others, [("C", 10), ("D", 8)]);
    assert!(b.others.iter().all(|o| o
        .why
        .starts_with("gives way at Pirouette to B (12 pts there")));
    // Beside the words, a code and its parameters for programs.
    assert!(b.others.iter().all(|o| matches!(
        &o.reason,
        creche_alloc::transparency::others::Why::GivesWay { creche, to, their_points: 12, .. }
            if creche == "pirouette" && to == "B"
    )));
    assert_eq!(b.code, "drop_day");
    // F's later entry moves nobody.
    assert!(sg.requests[2].suggestions[0].others.is_empty());
}

/// The element of a JSON list whose `id` is `id`.
fn with_id<'a>(list: &'a mut Value, id: &Value) -> &'a mut Value {
    list.as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|x| &x["id"] == id)
        .unwrap()
}

/// The places `base` leaves free, by hand from the JSON (independently of
/// `solve::load::residual`): each assigned request's half-days taken out of
/// its block, and only the waiting requests left.
fn free_places_by_hand(inst: &Value, base: &Value) -> Value {
    let read = checker::Inst::from_json(inst);
    let mut v = inst.clone();
    for a in base["assignments"].as_array().unwrap() {
        let r = read.request(a["request"].as_str().unwrap()).unwrap();
        let creche = with_id(&mut v["creches"], &a["creche"]);
        let section = with_id(&mut creche["sections"], &a["section"]);
        let block = &mut section["free"][a["block"].as_u64().unwrap() as usize];
        for (day, slot) in &read.requests[r].covered {
            let n = &mut block["places"][day][slot];
            *n = json!(n.as_i64().unwrap() - 1);
        }
    }
    let waiting: Vec<&Value> = base["waiting_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| &w["request"])
        .collect();
    v["requests"]
        .as_array_mut()
        .unwrap()
        .retain(|r| waiting.contains(&&r["id"]));
    v
}

/// Every suggestion that keeps every family in its place, checked by hand:
/// the change applied to the file, the free places computed from the JSON,
/// solved — the request is placed where the suggestion says, validly.
fn check_free_places_suggestions(v: &Value, base: &Value, sg: &Suggestions) {
    assert_eq!(sg.scope, Scope::FreePlaces);
    for rs in &sg.requests {
        for x in &rs.suggestions {
            assert!(x.others.is_empty() && x.within_policy, "{}", x.words);
            let change = serde_json::to_value(&x.change).unwrap();
            let free = free_places_by_hand(&by_hand(v, &rs.request, &change), base);
            let a = solve_value(&free, Strategy::Priority);
            assert_valid(&free, &a, &x.words);
            let placed = assignment(&a, &rs.request)
                .unwrap_or_else(|| panic!("{}: {}", rs.request, x.words));
            let place = serde_json::to_value(&x.place).unwrap();
            for field in ["creche", "section", "entry_date", "wish_rank"] {
                assert_eq!(place[field], placed[field], "{}: {field}", x.words);
            }
        }
    }
}

#[test]
fn free_places_suggestions_of_example_g_as_worked_out_on_paper() {
    let (v, inst, c, _) = load("g_transparency.json");
    let s = solved(&c, Strategy::Priority);
    let opts = SuggestOptions {
        scope: Scope::FreePlaces,
        lang: Lang::En,
        ..SuggestOptions::default()
    };
    let sg = suggest(&inst, &c, &s.allocation, &s.placements, &opts, &mut |_| {}).unwrap();
    // Only toboggan's moyens place is left free (from 2027-02-01): F takes it
    // by entering then; B and H would need a place someone holds, and more
    // points change nothing when nobody moves.
    let got = changes_by_request(&sg);
    assert_eq!(
        got,
        [
            ("B", vec![]),
            ("H", vec![]),
            (
                "F",
                vec![json!({"kind": "later_entry", "start": "2027-02-01", "days": 28})]
            ),
        ]
    );
    for rs in &sg.requests[..2] {
        assert!(rs
            .note
            .as_deref()
            .unwrap()
            .contains("the places this commission left free"));
    }
    let base = serde_json::to_value(&s.allocation).unwrap();
    check_free_places_suggestions(&v, &base, &sg);
}

#[test]
fn free_places_suggestions_of_the_default_commission_hold_when_checked_by_hand() {
    let v: Value = serde_json::from_str(io::DEFAULT_INSTANCE).unwrap();
    let inst = io::read_instance(None).unwrap();
    let c = validate(&inst).unwrap();
    let s = solved(&c, Strategy::Priority);
    let opts = SuggestOptions {
        scope: Scope::FreePlaces,
        lang: Lang::En,
        ..SuggestOptions::default()
    };
    let sg = suggest(&inst, &c, &s.allocation, &s.placements, &opts, &mut |_| {}).unwrap();
    assert_eq!(sg.requests.len(), s.allocation.waiting_list.len());
    let found: usize = sg.requests.iter().map(|rs| rs.suggestions.len()).sum();
    assert!(found > 0, "no suggestion at all: nothing checked");
    let base = serde_json::to_value(&s.allocation).unwrap();
    check_free_places_suggestions(&v, &base, &sg);
}

#[test]
fn the_minutes_command_writes_html_that_the_suggestions_complete() {
    let dir = std::env::temp_dir().join(format!("creche-transparency-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let instance = examples_dir().join("g_transparency.json");
    let allocation = dir.join("allocation.json");
    let html = dir.join("minutes.html");
    let bin = env!("CARGO_BIN_EXE_creche-alloc");
    let ok = |args: &[&std::ffi::OsStr]| {
        let out = Command::new(bin).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    ok(&[
        "solve".as_ref(),
        instance.as_os_str(),
        "--quiet".as_ref(),
        "--out".as_ref(),
        allocation.as_os_str(),
    ]);
    ok(&[
        "minutes".as_ref(),
        instance.as_os_str(),
        allocation.as_os_str(),
        "--out".as_ref(),
        html.as_os_str(),
        "--suggest".as_ref(),
    ]);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.ends_with("</html>\n"));
    // French by default: the procès-verbal is a French document.
    assert!(page.contains("<html lang=\"fr\">"));
    assert!(page.contains("Ce qu'il faudrait") && page.contains("sans le jeu. dans le planning"));
    // The footer's allocation hash is that of the file `solve --out` wrote.
    assert!(page.contains(&sha256_hex(&std::fs::read(&allocation).unwrap())));
    let out = ok(&["suggest".as_ref(), instance.as_os_str(), "--json".as_ref()]);
    let sg: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sg["requests"].as_array().unwrap().len(), 3);
    std::fs::remove_dir_all(&dir).ok();
}

/// `suggest --time-limit`: a bad value is an input error (exit 2); a base
/// solve or a re-solve cut short fails the command (exit 1) and says what was
/// not proven, never printing an unchecked suggestion.
#[test]
fn the_suggest_command_fails_rather_than_suggest_what_it_has_not_proven() {
    let bin = env!("CARGO_BIN_EXE_creche-alloc");
    let run = |args: &[&str]| {
        let out = Command::new(bin)
            .arg("suggest")
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        (out.status.code(), out.stdout, stderr)
    };
    let (code, _, stderr) = run(&["--time-limit", "0"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("--time-limit") && stderr.contains("positive number of seconds"));

    // The default commission's base solve, 1 ms: not proven, no suggestion.
    let (code, stdout, stderr) = run(&["--time-limit", "0.001"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("base allocation was not proven optimal within the time limit of 0.001 s"),
        "{stderr}"
    );
    assert!(stdout.is_empty());

    // A proven base, then re-solves of 1 ms: the first one cut short is named
    // with its request and change.
    let dir = std::env::temp_dir().join(format!("creche-suggest-limit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let allocation = dir.join("allocation.json");
    let out = Command::new(bin)
        .args(["solve", "--quiet", "--out"])
        .arg(&allocation)
        .output()
        .unwrap();
    assert!(out.status.success());
    let (code, stdout, stderr) = run(&[
        "--allocation",
        allocation.to_str().unwrap(),
        "--time-limit",
        "0.001",
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("\" for request ")
            && stderr.contains(" was cut short by its time limit of 0.001 s"),
        "{stderr}"
    );
    assert!(stdout.is_empty());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn skipping_ties_gives_example_g_the_same_suggestions_with_fewer_solves() {
    let (_, inst, c, _) = load("g_transparency.json");
    let s = solved(&c, Strategy::Priority);
    let run = |ties: bool| {
        let opts = SuggestOptions {
            ties,
            lang: Lang::En,
            ..SuggestOptions::default()
        };
        suggest(&inst, &c, &s.allocation, &s.placements, &opts, &mut |_| {}).unwrap()
    };
    let (exact, fast) = (run(true), run(false));
    let changes = |sg: &Suggestions| -> Vec<Vec<Change>> {
        sg.requests
            .iter()
            .map(|r| r.suggestions.iter().map(|x| x.change.clone()).collect())
            .collect()
    };
    assert_eq!(changes(&exact), changes(&fast));
    // B's tie at toboggan (3 points), H's at pirouette (1 point) and H's
    // lutins wish (a tie with E) are the three re-solves skipped.
    assert_eq!((exact.solves, fast.solves), (8, 5));
    let h = &fast.requests[1].suggestions[0];
    assert!(
        h.fewest.as_deref().unwrap().contains("with 1 it would tie"),
        "{h:?}"
    );
}
