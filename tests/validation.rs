//! Every kind of bad input, each built by mutating a small valid instance
//! (`instances/examples/a_one_full_time_place.json`): the error must list a
//! problem whose path names the field and whose value is the bad value.

use crate::common;

use std::process::Command;

use common::example;
use creche_alloc::validate::{parse_json, validate};
use creche_alloc::{Error, Problem};
use serde_json::{json, Value};

fn base() -> Value {
    example("a_one_full_time_place.json")
}

/// Parses and validates an instance given as JSON; the problems it has.
fn problems(inst: &Value) -> Vec<Problem> {
    let text = serde_json::to_string_pretty(inst).unwrap();
    let result = parse_json(&text).and_then(|i| validate(&i));
    match result {
        Err(Error::Invalid(p)) => p,
        Err(e) => panic!("expected Error::Invalid, got {e}"),
        Ok(_) => panic!("expected the instance to be rejected:\n{text}"),
    }
}

/// The problems of `base()` mutated by `f`, with one at `path` with `value`.
fn rejects(f: impl FnOnce(&mut Value), path: &str, value: &str) -> Vec<Problem> {
    let mut inst = base();
    f(&mut inst);
    let p = problems(&inst);
    assert!(
        p.iter().any(|p| p.path == path && p.value == value),
        "expected a problem at {path} with value {value:?}, got:\n{}",
        p.iter()
            .map(|p| format!("  {p} [path={:?} value={:?}]", p.path, p.value))
            .collect::<Vec<_>>()
            .join("\n")
    );
    p
}

#[test]
fn the_base_instance_is_valid() {
    let text = serde_json::to_string(&base()).unwrap();
    validate(&parse_json(&text).unwrap()).expect("valid");
}

#[test]
fn unknown_creche_in_a_wish() {
    let p = rejects(
        |i| i["requests"][1]["wishes"] = json!(["toboggan", "nowhere"]),
        "requests[1].wishes[1]",
        "nowhere",
    );
    assert_eq!(p.len(), 1, "{p:?}");
}

#[test]
fn unknown_creche_in_creche_criteria() {
    rejects(
        |i| i["requests"][0]["creche_criteria"] = json!({"nowhere": ["domicile_ccmvr"]}),
        "requests[0].creche_criteria.nowhere",
        "nowhere",
    );
}

#[test]
fn duplicate_creche_id() {
    rejects(
        |i| {
            let c = i["creches"][0].clone();
            i["creches"].as_array_mut().unwrap().push(c);
        },
        "creches[1].id",
        "toboggan",
    );
}

#[test]
fn duplicate_request_id() {
    rejects(
        |i| i["requests"][2]["id"] = json!("A"),
        "requests[2].id",
        "A",
    );
}

#[test]
fn criterion_not_in_the_bareme() {
    rejects(
        |i| i["requests"][0]["criteria"] = json!(["domicile_ccmvr", "martian"]),
        "requests[0].criteria[1]",
        "martian",
    );
}

#[test]
fn creche_criterion_not_in_the_bareme() {
    rejects(
        |i| i["requests"][0]["creche_criteria"] = json!({"toboggan": ["martian"]}),
        "requests[0].creche_criteria.toboggan[0]",
        "martian",
    );
}

#[test]
fn time_range_not_hh_mm() {
    for bad in [
        "8h-17h",
        "08:00",
        "8:00-17:30",
        "08:00-17:61",
        "08:00 to 17:30",
    ] {
        rejects(
            |i| i["requests"][1]["planning"]["tue"] = json!([bad]),
            "requests[1].planning.tue[0]",
            bad,
        );
    }
}

#[test]
fn time_range_ending_before_it_starts() {
    rejects(
        |i| i["requests"][1]["planning"]["mon"] = json!(["17:30-08:00"]),
        "requests[1].planning.mon[0]",
        "17:30-08:00",
    );
}

#[test]
fn overlapping_time_ranges_on_one_day() {
    rejects(
        |i| i["requests"][1]["planning"]["mon"] = json!(["08:00-12:00", "11:00-14:00"]),
        "requests[1].planning.mon[1]",
        "11:00-14:00",
    );
}

#[test]
fn planning_day_not_in_the_week() {
    rejects(
        |i| i["requests"][2]["planning"]["sun"] = json!(["08:00-12:00"]),
        "requests[2].planning.sun",
        "sun",
    );
}

#[test]
fn negative_capacity() {
    rejects(
        |i| i["creches"][0]["sections"][0]["free"][0]["places"]["wed"]["pm"] = json!(-1),
        "creches[0].sections[0].free[0].places.wed.pm",
        "-1",
    );
}

#[test]
fn places_day_not_in_the_week() {
    rejects(
        |i| i["creches"][0]["sections"][0]["free"][0]["places"]["sat"] = json!({"am": 1}),
        "creches[0].sections[0].free[0].places.sat",
        "sat",
    );
}

#[test]
fn places_slot_not_in_the_week() {
    rejects(
        |i| i["creches"][0]["sections"][0]["free"][0]["places"]["mon"]["night"] = json!(1),
        "creches[0].sections[0].free[0].places.mon.night",
        "night",
    );
}

#[test]
fn section_min_age_above_max() {
    rejects(
        |i| i["creches"][0]["sections"][0]["min_age_months"] = json!(20),
        "creches[0].sections[0].min_age_months",
        "20",
    );
}

#[test]
fn sibling_group_of_one() {
    rejects(
        |i| i["requests"][1]["sibling_group"] = json!("G-alone"),
        "requests[1].sibling_group",
        "G-alone",
    );
}

#[test]
fn unparsable_birth_date() {
    rejects(
        |i| i["requests"][0]["child"]["birth_date"] = json!("2026-02-30"),
        "requests[0].child.birth_date",
        "2026-02-30",
    );
}

#[test]
fn unparsable_expected_birth_date() {
    rejects(
        |i| i["requests"][0]["child"] = json!({"expected_birth_date": "next spring"}),
        "requests[0].child.expected_birth_date",
        "next spring",
    );
}

#[test]
fn unparsable_start() {
    rejects(
        |i| i["requests"][1]["start"] = json!("04/01/2027"),
        "requests[1].start",
        "04/01/2027",
    );
}

#[test]
fn unparsable_submitted() {
    rejects(
        |i| i["requests"][2]["submitted"] = json!("2026-5-1"),
        "requests[2].submitted",
        "2026-5-1",
    );
}

#[test]
fn unparsable_available_from() {
    rejects(
        |i| i["creches"][0]["sections"][0]["free"][0]["available_from"] = json!("2027-13-01"),
        "creches[0].sections[0].free[0].available_from",
        "2027-13-01",
    );
}

#[test]
fn unparsable_commission_date() {
    rejects(
        |i| i["commission"]["date"] = json!("tomorrow"),
        "commission.date",
        "tomorrow",
    );
}

#[test]
fn start_outside_the_entry_period() {
    rejects(
        |i| i["requests"][0]["start"] = json!("2027-04-15"),
        "requests[0].start",
        "2027-04-15",
    );
    rejects(
        |i| i["requests"][0]["start"] = json!("2026-12-31"),
        "requests[0].start",
        "2026-12-31",
    );
}

#[test]
fn wrong_json_type_is_reported_with_its_path() {
    let mut inst = base();
    inst["creches"][0]["sections"][0]["free"][0]["places"]["tue"]["am"] = json!("two");
    let p = problems(&inst);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].path, "creches[0].sections[0].free[0].places.tue.am");
    assert!(
        p[0].value == "two" || p[0].message.contains("\"two\""),
        "the bad value should be named: {:?}",
        p[0]
    );

    let mut inst = base();
    inst["requests"][1]["wishes"] = json!("toboggan");
    let p = problems(&inst);
    assert_eq!(p[0].path, "requests[1].wishes", "{p:?}");
}

#[test]
fn several_problems_are_all_reported() {
    let mut inst = base();
    inst["requests"][0]["wishes"] = json!(["nowhere"]);
    inst["requests"][1]["child"]["birth_date"] = json!("2026-02-30");
    inst["requests"][2]["planning"]["mon"] = json!(["17:30-08:00"]);
    inst["creches"][0]["sections"][0]["free"][0]["places"]["mon"]["am"] = json!(-2);
    inst["commission"]["date"] = json!("tomorrow");
    let p = problems(&inst);
    let want = [
        ("requests[0].wishes[0]", "nowhere"),
        ("requests[1].child.birth_date", "2026-02-30"),
        ("requests[2].planning.mon[0]", "17:30-08:00"),
        ("creches[0].sections[0].free[0].places.mon.am", "-2"),
        ("commission.date", "tomorrow"),
    ];
    for (path, value) in want {
        assert!(
            p.iter().any(|p| p.path == path && p.value == value),
            "missing {path} = {value:?} in {p:#?}"
        );
    }
    assert_eq!(p.len(), want.len(), "{p:#?}");
}

fn bad_file(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("validation");
    std::fs::create_dir_all(&dir).unwrap();
    let mut inst = base();
    inst["requests"][0]["wishes"] = json!(["nowhere"]);
    inst["creches"][0]["sections"][0]["free"][0]["places"]["mon"]["am"] = json!(-2);
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(&inst).unwrap()).unwrap();
    path
}

#[test]
fn the_command_line_exits_2_and_names_path_and_value() {
    let exe = env!("CARGO_BIN_EXE_creche-alloc");
    let file = bad_file("bad_validate.json");
    let out = Command::new(exe)
        .arg("validate")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for line in [
        "requests[0].wishes[0]: unknown crèche (value: nowhere)",
        "creches[0].sections[0].free[0].places.mon.am: negative capacity (value: -2)",
    ] {
        assert!(stderr.contains(line), "stderr lacks {line:?}:\n{stderr}");
    }

    let file = bad_file("bad_solve.json");
    let target = file.with_file_name("bad_solve_allocation.json");
    let _ = std::fs::remove_file(&target);
    let out = Command::new(exe)
        .arg("solve")
        .arg(&file)
        .arg("--out")
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("requests[0].wishes[0]") && stderr.contains("nowhere"),
        "{stderr}"
    );
    assert!(
        !target.exists(),
        "solve wrote {} for an invalid instance",
        target.display()
    );
    assert!(out.stdout.is_empty() || !String::from_utf8_lossy(&out.stdout).contains("assignments"));
}

// ---- ranges: every number of the format is bounded (docs/format.md, "Ranges") ----

/// `base()` mutated by `f` is rejected with a problem at `path` whose message
/// names the range `lo..=hi`.
fn out_of_range(f: impl FnOnce(&mut Value), path: &str, value: &str, lo: i64, hi: i64) {
    let p = rejects(f, path, value);
    let range = format!("must be between {lo} and {hi}");
    assert!(
        p.iter()
            .any(|p| p.path == path && p.message.contains(&range)),
        "{path}: {p:?}"
    );
}

#[test]
fn a_huge_tolerance_is_refused_not_a_panic() {
    out_of_range(
        |i| i["commission"]["start_tolerance_days"] = json!(1_000_000_000),
        "commission.start_tolerance_days",
        "1000000000",
        0,
        3650,
    );
    // The bound itself is valid and solves.
    let mut inst = base();
    inst["commission"]["start_tolerance_days"] = json!(3650);
    common::solve_value(&inst, creche_alloc::solve::Strategy::Greedy);
}

#[test]
fn bareme_values_points_and_history_are_bounded() {
    out_of_range(
        |i| i["bareme"]["domicile_ccmvr"] = json!(i64::MAX),
        "bareme.domicile_ccmvr",
        &i64::MAX.to_string(),
        -1_000_000,
        1_000_000,
    );
    out_of_range(
        |i| i["bareme"]["malus_absence"] = json!(i64::MAX),
        "bareme.malus_absence",
        &i64::MAX.to_string(),
        -1_000_000,
        1_000_000,
    );
    out_of_range(
        |i| i["requests"][0]["points"] = json!(i64::MIN),
        "requests[0].points",
        &i64::MIN.to_string(),
        -1_000_000_000,
        1_000_000_000,
    );
    let big = u32::MAX as i64 + 1;
    for field in ["renewals", "no_shows"] {
        out_of_range(
            |i| i["requests"][1]["history"][field] = json!(big),
            &format!("requests[1].history.{field}"),
            &big.to_string(),
            0,
            1000,
        );
    }
    let p = rejects(
        |i| i["requests"][1]["history"]["family_refusals"] = json!(-1),
        "requests[1].history.family_refusals",
        "-1",
    );
    assert_eq!(p[0].message, "negative count");
    rejects(
        |i| i["requests"][1]["criteria"] = json!(vec!["domicile_ccmvr"; 1001]),
        "requests[1].criteria",
        "1001 criteria",
    );
}

#[test]
fn capacities_and_ages_are_bounded() {
    out_of_range(
        |i| i["creches"][0]["sections"][0]["free"][0]["places"]["mon"]["am"] = json!(1_000_001),
        "creches[0].sections[0].free[0].places.mon.am",
        "1000001",
        0,
        1000,
    );
    out_of_range(
        |i| i["creches"][0]["sections"][0]["max_age_months"] = json!(i64::MAX),
        "creches[0].sections[0].max_age_months",
        &i64::MAX.to_string(),
        0,
        72,
    );
    let p = rejects(
        |i| i["creches"][0]["sections"][0]["min_age_months"] = json!(-3),
        "creches[0].sections[0].min_age_months",
        "-3",
    );
    assert_eq!(p[0].message, "negative age");
}

#[test]
fn a_child_born_after_its_start_is_refused() {
    let p = rejects(
        |i| i["requests"][2]["child"]["birth_date"] = json!("2027-01-05"),
        "requests[2].child.birth_date",
        "2027-01-05",
    );
    assert!(p[0]
        .message
        .contains("born after the requested start (2027-01-04)"));
    rejects(
        |i| i["requests"][2]["child"] = json!({"expected_birth_date": "2027-02-01"}),
        "requests[2].child.expected_birth_date",
        "2027-02-01",
    );
    // Born on the start day is no error here (the 10-week minimum then
    // explains why no place fits).
    let mut inst = base();
    inst["requests"][2]["child"]["birth_date"] = json!("2027-01-04");
    validate(&parse_json(&inst.to_string()).unwrap()).expect("valid");
}

#[test]
fn unknown_fields_are_warned_about_on_stderr_with_their_paths() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("validation");
    std::fs::create_dir_all(&dir).unwrap();
    let mut inst = base();
    inst["requests"][1]["critera"] = json!(["domicile_ccmvr"]);
    inst["commission"]["tolerance_days"] = json!(7);
    let file = dir.join("typo.json");
    std::fs::write(&file, serde_json::to_string_pretty(&inst).unwrap()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_creche-alloc"))
        .arg("validate")
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a warning is no error: {stderr}"
    );
    for line in [
        "warning: commission.tolerance_days: unknown field, ignored",
        "warning: requests[1].critera: unknown field, ignored",
    ] {
        assert!(stderr.contains(line), "stderr lacks {line:?}:\n{stderr}");
    }
}
