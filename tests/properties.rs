//! Property tests on small random valid commissions (256 cases from a fixed
//! seed, see [`config`]): every strategy's allocation passes the independent
//! checker; the priority policy never has more priority inversions than
//! greedy, has none when points do not depend on the crèche, and then fills at
//! least as much as a greedy allocation without inversions; solving is
//! deterministic and independent of input order. Cases the property test
//! found are kept under `tests/regressions/` and replayed by name.

mod common;

use common::checker::{check, inversions, Inversion};
use common::*;
use creche_alloc::solve::Strategy as Solver;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError};
use serde_json::{json, Value};

const DAYS: [&str; 5] = ["mon", "tue", "wed", "thu", "fri"];

#[derive(Debug, Clone)]
struct BlockSpec {
    /// Days after 2027-01-01 the block is free from.
    from: i64,
    /// Places per half-day (mon am, mon pm, …, fri pm).
    places: Vec<i64>,
}

#[derive(Debug, Clone)]
struct SectionSpec {
    min_age: i64,
    span: i64,
    blocks: Vec<BlockSpec>,
}

#[derive(Debug, Clone)]
struct RequestSpec {
    /// Age in days on 2027-01-01 (negative: unborn, expected birth date).
    age_days: i64,
    /// Days after 2027-01-01.
    start: i64,
    /// A code per day, see [`ranges`].
    days: Vec<u8>,
    /// Crèche indices (taken modulo the number of crèches, repeats dropped).
    wishes: Vec<usize>,
    points: i64,
    /// Forms a sibling group with the next request (which copies wishes and points).
    sibling: bool,
    /// A crèche-specific criterion at this wish (index into wishes).
    bonus: Option<usize>,
    /// Days before 2026-10-01 the request was registered.
    submitted: i64,
}

#[derive(Debug, Clone)]
struct Spec {
    creches: Vec<Vec<SectionSpec>>,
    requests: Vec<RequestSpec>,
    tolerance: i64,
    creche_criteria: bool,
    /// Seed of the input-order shuffle.
    shuffle: u64,
}

/// Time ranges of a day: 0 absent, 1 morning, 2 afternoon, 3 full day,
/// 4 two ranges (both slots), 5 a range starting exactly at 12:30 (afternoon
/// only), 6 a range ending exactly at 12:30 (morning only).
fn ranges(code: u8) -> Vec<&'static str> {
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

fn block_spec() -> impl Strategy<Value = BlockSpec> {
    (
        prop_oneof![3 => Just(0i64), 1 => 0i64..80],
        prop::collection::vec(
            prop_oneof![1 => Just(0i64), 4 => Just(1i64), 2 => Just(2i64)],
            10,
        ),
    )
        .prop_map(|(from, places)| BlockSpec { from, places })
}

fn section_spec() -> impl Strategy<Value = SectionSpec> {
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

fn request_spec() -> impl Strategy<Value = RequestSpec> {
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

fn spec() -> impl Strategy<Value = Spec> {
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

fn day(offset: i64) -> String {
    let d = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap() + chrono::Duration::days(offset);
    d.to_string()
}

fn build(spec: &Spec) -> Value {
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
            // A child born (or expected) after its start is invalid input:
            // at the latest, it is born on its start day.
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
fn shuffled(inst: &Value, seed: u64) -> Value {
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

fn text_of(inst: &Value) -> String {
    serde_json::to_string(inst).unwrap()
}

fn show(inversions: &[Inversion]) -> String {
    inversions
        .iter()
        .map(|i| format!("{} over {} at {}", i.lower, i.higher, i.creche))
        .collect::<Vec<_>>()
        .join("; ")
}

/// `cases` cases from a fixed seed, so that a run is reproducible; the
/// environment variables `PROPTEST_CASES` and `PROPTEST_RNG_SEED` (a number, or
/// `random`) override them to explore further.
fn config(cases: u32) -> Config {
    let mut c = Config {
        failure_persistence: None,
        ..Config::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = cases;
    }
    match std::env::var("PROPTEST_RNG_SEED").as_deref() {
        Ok("random") => c.rng_seed = RngSeed::Random,
        Ok(_) => {}
        Err(_) => c.rng_seed = RngSeed::Fixed(20_261_014),
    }
    c
}

/// Every property of one instance, as a proptest result naming the instance.
fn properties_of(inst: &Value, shuffle: u64) -> Result<(), TestCaseError> {
    let solve = |inst: &Value, strategy: Solver| -> Result<String, TestCaseError> {
        try_solve_text(inst, strategy).map_err(|e| {
            TestCaseError::fail(format!(
                "{} failed: {e}\ninstance: {}",
                strategy.name(),
                text_of(inst)
            ))
        })
    };
    let priority_text = solve(inst, Solver::Priority)?;
    let priority: Value = serde_json::from_str(&priority_text).unwrap();
    let balanced: Value =
        serde_json::from_str(&solve(inst, Solver::Balanced { fit_weight: 1.0 })?).unwrap();
    let greedy_text = solve(inst, Solver::Greedy)?;
    let greedy: Value = serde_json::from_str(&greedy_text).unwrap();
    for (name, a) in [
        ("priority", &priority),
        ("balanced", &balanced),
        ("greedy", &greedy),
    ] {
        let v = check(inst, a);
        prop_assert!(
            v.is_empty(),
            "{} violates {:#?}\ninstance: {}\nallocation: {:#}",
            name,
            v,
            text_of(inst),
            a
        );
    }

    let inv_p = inversions(inst, &priority);
    let inv_g = inversions(inst, &greedy);
    prop_assert!(
        inv_p.len() <= inv_g.len(),
        "priority has {} inversions ({}), greedy {} ({})\ninstance: {}\npriority: {:#}",
        inv_p.len(),
        show(&inv_p),
        inv_g.len(),
        show(&inv_g),
        text_of(inst),
        priority
    );
    if !common::checker::Inst::from_json(inst).has_creche_criteria() {
        prop_assert!(
            inv_p.is_empty(),
            "priority has inversions without crèche criteria: {}\ninstance: {}\nallocation: {:#}",
            show(&inv_p),
            text_of(inst),
            priority
        );
        if inv_g.is_empty() {
            prop_assert!(
                filled(&priority) >= filled(&greedy),
                "priority fills {} half-days, greedy (no inversion) {}\ninstance: {}\npriority: {:#}\ngreedy: {:#}",
                filled(&priority),
                filled(&greedy),
                text_of(inst),
                priority,
                greedy
            );
        }
    }

    // Deterministic: the same instance solved again, and the same instance
    // with requests and crèches in another order, give the same bytes.
    let again = solve(inst, Solver::Priority)?;
    prop_assert_eq!(&again, &priority_text, "instance: {}", text_of(inst));
    let other = shuffled(inst, shuffle);
    let reordered = solve(&other, Solver::Priority)?;
    prop_assert_eq!(
        &reordered,
        &priority_text,
        "instance: {}\nreordered: {}",
        text_of(inst),
        text_of(&other)
    );
    let greedy_reordered = solve(&other, Solver::Greedy)?;
    prop_assert_eq!(
        &greedy_reordered,
        &greedy_text,
        "instance: {}",
        text_of(inst)
    );
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn allocations_are_valid_and_respect_points_order(spec in spec()) {
        let inst = build(&spec);
        // A commission where nobody can be placed at all is the test
        // `nobody_can_be_placed_anywhere` below.
        if someone_has_an_option(&inst) {
            properties_of(&inst, spec.shuffle)?;
        }
    }
}

/// The fixings made before solving (`solve::propagate`) never change an
/// optimum: the reduced model and the whole model reach the same value at
/// every lexicographic stage, and the reduced allocation is a valid one.
fn reduction_keeps_the_optima(inst: &Value) -> Result<(), TestCaseError> {
    use creche_alloc::solve::{model::Settings, priority::allocate_with};
    let text = serde_json::to_string(inst).unwrap();
    let commission =
        creche_alloc::validate::validate(&creche_alloc::validate::parse_json(&text).unwrap())
            .unwrap();
    let options = creche_alloc::rules::resolve(&commission);
    let settings = Settings {
        threads: 1,
        seed: (commission.seed % i32::MAX as u64) as i32,
    };
    let objectives = |reduce: bool| {
        allocate_with(&commission, &options, settings, None, reduce)
            .map(|raw| raw.stats.objectives)
            .map_err(|e| TestCaseError::fail(format!("{e}\ninstance: {text}")))
    };
    let (reduced, whole) = (objectives(true)?, objectives(false)?);
    prop_assert_eq!(reduced, whole, "instance: {}", text);
    Ok(())
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn fixings_before_solving_keep_the_optima(spec in spec()) {
        let inst = build(&spec);
        if someone_has_an_option(&inst) {
            reduction_keeps_the_optima(&inst)?;
        }
    }
}

/// The inversions each strategy reports in its metrics are the ones the
/// checker counts independently.
fn reported_inversions_match(inst: &Value) -> Result<(), TestCaseError> {
    for (name, strategy) in STRATEGIES {
        let a = solve_value(inst, strategy);
        let ours = inversions(inst, &a);
        prop_assert_eq!(
            a["metrics"]["priority_inversions"].as_u64().unwrap() as usize,
            ours.len(),
            "{}: reported vs counted independently ({})\ninstance: {}\nallocation: {:#}",
            name,
            show(&ours),
            text_of(inst),
            a
        );
    }
    Ok(())
}

fn regression(name: &str) {
    let inst = read_value(&root().join("tests").join("regressions").join(name));
    if let Err(e) = properties_of(&inst, 1).and_then(|_| reported_inversions_match(&inst)) {
        panic!("{name}: {e}");
    }
}

/// Found by the property test: a sibling group whose members go to two
/// different sections (BABY 4 months in `bebes`, BIG 19 months in `grands`,
/// 10 points each) is placed, and X (11 points, mon in `grands`) waits,
/// although placing X breaks no points order (the group then cannot fit) while
/// placing the group leaves X, with more points, out of a place it would fit.
#[test]
fn regression_siblings_in_two_sections() {
    regression("siblings_in_two_sections.json");
}

/// Found by the property test: HiGHS ends the `wishes` stage of the priority
/// policy with "Solve error" (its presolve reduces the model to empty and the
/// postsolved solution violates a row), and `solve` fails with
/// "solver error: Error".
#[test]
fn regression_priority_solve_error() {
    regression("priority_solve_error.json");
}

/// Found by the property test: one section with two blocks; R05 (3 points,
/// thu + tue pm), R06 (0 points, tue, fits block 1 only) and siblings R02
/// (mon + thu, block 0 only) and R03 (thu), 1 point each, who cannot be placed
/// together whatever the others do. Greedy places R05 in block 0 and R06 in
/// block 1 (5 half-days, no inversion); the priority policy puts R05 in block 1,
/// shutting R06 out (3 half-days), because its points-order rows count R03 as
/// wronged by R06 without checking that R03's sibling could come too.
#[test]
fn regression_siblings_fill_less_than_greedy() {
    regression("siblings_fill_less_than_greedy.json");
}

/// Found by the property test: siblings R00 (mon) and R01 (mon + thu), 2
/// points each, fit together (R00 in block 1, R01 in block 0, the only one open
/// on thursday), but greedy gives each member the first block that fits, puts
/// R00 in block 0 and then finds no room for R01: the group waits with "could
/// not be placed together here" while R02 (0 points) is placed. The reported
/// `priority_inversions` (0) uses the same first-fit test; by the format's
/// definition there are 2 (each sibling over R02).
#[test]
fn regression_greedy_sibling_first_fit() {
    regression("greedy_sibling_first_fit.json");
    let inst = read_value(
        &root()
            .join("tests")
            .join("regressions")
            .join("greedy_sibling_first_fit.json"),
    );
    let greedy = solve_value(&inst, Solver::Greedy);
    assert_eq!(placed_ids(&greedy), ["R00", "R01", "R02"], "{greedy:#}");
}

/// Every other instance kept under tests/regressions/.
#[test]
fn regression_files() {
    let dir = root().join("tests").join("regressions");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".json"))
        .filter(|n| {
            ![
                "siblings_in_two_sections.json",
                "priority_solve_error.json",
                "siblings_fill_less_than_greedy.json",
                "greedy_sibling_first_fit.json",
            ]
            .contains(&n.as_str())
        })
        .collect();
    names.sort();
    for name in names {
        regression(&name);
    }
}

fn someone_has_an_option(inst: &Value) -> bool {
    let i = common::checker::Inst::from_json(inst);
    (0..i.requests.len()).any(|r| common::checker::has_an_option(&i, r))
}

/// No request has any option (here: the only child is under 10 weeks old):
/// every strategy must put everyone on the waiting list with a reason.
#[test]
fn nobody_can_be_placed_anywhere() {
    let mut inst = example("e_age_limits.json");
    inst["requests"]
        .as_array_mut()
        .unwrap()
        .retain(|r| r["id"] == "YOUNG");
    assert!(!someone_has_an_option(&inst));
    for (name, strategy) in STRATEGIES {
        let result = std::panic::catch_unwind(|| solve_value(&inst, strategy));
        let a = result.unwrap_or_else(|_| {
            panic!("{name}: the solver panicked on a commission where nobody can be placed")
        });
        assert_valid(&inst, &a, name);
        assert_eq!(waiting_ids(&a), ["YOUNG"], "{name}");
        assert_eq!(a["metrics"]["placed"], 0, "{name}");
    }
}

/// The inversions the allocation reports are the ones the checker counts.
#[test]
fn reported_inversions_match_the_independent_count() {
    let mut runner = proptest::test_runner::TestRunner::new(config(128));
    runner
        .run(&spec(), |spec| {
            let inst = build(&spec);
            if !someone_has_an_option(&inst) {
                return Ok(());
            }
            reported_inversions_match(&inst)
        })
        .unwrap();
}
