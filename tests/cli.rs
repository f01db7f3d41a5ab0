//! The command line by the conventions of ripgrep and cargo: results on
//! standard output, status and progress on standard error, `--json`, the
//! exit codes of the README (0, 1, 2 for invalid input, 64 for a usage
//! error), a closed pipe ended quietly, every subcommand described in
//! `--help`, completions and a man page generated from the same definition.

use crate::common;

use std::io::Read;
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_creche-alloc"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `creche-alloc ARGS | head -c 10`: the reader takes `keep` bytes and
/// closes the pipe. The command must end quietly, with exit 0.
fn into_closed_pipe(args: &[&str], keep: usize) -> (Option<i32>, String) {
    let mut child = bin()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut stdout = child.stdout.take().unwrap();
    let mut head = vec![0; keep];
    stdout.read_exact(&mut head).expect("the first bytes");
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    (out.status.code(), text(&out.stderr))
}

#[test]
fn a_pipe_closed_early_ends_the_command_quietly() {
    for args in [
        &["solve", "--quiet"][..],
        &["solve", "--json"],
        &["solve", "--strategy", "greedy"],
        &["generate", "--creches", "40", "--requests", "1500"],
    ] {
        let (code, stderr) = into_closed_pipe(args, 10);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn exit_codes_tell_a_usage_error_from_an_invalid_input() {
    let out = run(&["solve", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(64), "{out:?}");
    assert!(text(&out.stderr).contains("--no-such-flag"));
    assert_eq!(run(&["no-such-command"]).status.code(), Some(64));
    assert_eq!(run(&["solve", "--lang", "de"]).status.code(), Some(64));
    // A bad value the library checks is an invalid input.
    let out = run(&["solve", "--time-limit", "0"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    // A file that cannot be read is a failure.
    let out = run(&["validate", "no/such/file.json"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(text(&out.stderr).starts_with("erreur : cannot read no/such/file.json"));
    let out = run(&["validate", "no/such/file.json", "--lang", "en"]);
    assert!(text(&out.stderr).starts_with("error: cannot read"));
    // Help and version are not errors, and go to standard output.
    let out = run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    assert!(help.contains("Exit codes:") && help.contains("64  usage error"));
}

#[test]
fn every_subcommand_has_a_description() {
    let help = text(&run(&["--help"]).stdout);
    let commands = [
        "solve",
        "validate",
        "cascade",
        "minutes",
        "decide",
        "suggest",
        "compare",
        "generate",
        "serve",
        "bench",
        "completions",
        "manpage",
    ];
    for c in commands {
        let line = help
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{c} ")))
            .unwrap_or_else(|| panic!("{c} not listed:\n{help}"));
        assert!(
            line.split_whitespace().count() > 2,
            "{c} has no description: {line}"
        );
        let sub = run(&[c, "--help"]);
        assert_eq!(sub.status.code(), Some(0), "{c} --help");
    }
    // The help of `solve --out` promises a file, not standard output.
    let solve = text(&run(&["solve", "--help"]).stdout);
    assert!(solve.contains("Write the allocation JSON to this file"));
    assert!(solve.contains("--json"));
}

#[test]
fn results_go_to_standard_output_and_status_to_standard_error() {
    let dir = std::env::temp_dir().join(format!("creche-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("allocation.json");
    let out = bin()
        .args(["solve", "--strategy", "greedy", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    // The summary, in French by default, crèches by name and sections by label.
    assert!(
        stdout.starts_with("Commission ccmvr-2026-10 du 14 octobre 2026"),
        "{stdout}"
    );
    assert!(stdout.contains("Au royaume des lutins") && stdout.contains("Bébés"));
    assert!(
        stdout.contains(",") && stdout.contains("\u{a0}%"),
        "decimal comma: {stdout}"
    );
    assert!(!stdout.contains("écrite dans"), "{stdout}");
    assert!(stderr.contains("Attribution écrite dans"), "{stderr}");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    // --json: the same allocation on standard output, nothing else.
    let out = run(&["solve", "--strategy", "greedy", "--json"]);
    let printed: Value = serde_json::from_slice(&out.stdout).expect("only JSON on stdout");
    assert_eq!(printed, written);
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    // --lang en.
    let out = run(&["solve", "--strategy", "greedy", "--lang", "en"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("Commission ccmvr-2026-10 (14 October 2026)"),
        "{stdout}"
    );
    assert!(stdout.contains("Babies"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn validate_json_lists_every_problem_and_exits_2() {
    let out = run(&["validate", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["valid"].clone(), v["requests"].clone()),
        (json!(true), json!(104))
    );

    let mut inst = common::example("a_one_full_time_place.json");
    inst["requests"][0]["wishes"][0] = json!("nowhere");
    inst["bareme_labels"] = json!({"no_such_criterion": "Libellé"});
    let dir = std::env::temp_dir().join(format!("creche-cli-v-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.json");
    std::fs::write(&file, inst.to_string()).unwrap();
    let out = bin()
        .arg("validate")
        .arg(&file)
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], json!(false));
    let paths: Vec<&str> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"requests[0].wishes[0]"), "{paths:?}");
    assert!(
        paths.contains(&"bareme_labels.no_such_criterion"),
        "{paths:?}"
    );
    assert!(out.stderr.is_empty(), "said once, on stdout");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn compare_prints_plain_progress_lines_when_stderr_is_not_a_terminal() {
    let dir = std::env::temp_dir().join(format!("creche-cli-c-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let scenario = dir.join("scenario.json");
    let base = common::examples_dir().join("a_one_full_time_place.json");
    let s = json!({"title": "t", "base": base, "variants": [
        {"name": "greedy", "changes": [{"change": "policy", "policy": "greedy"}]}]});
    std::fs::write(&scenario, s.to_string()).unwrap();
    let out = bin()
        .arg("compare")
        .arg(&scenario)
        .arg("--out")
        .arg(dir.join("report"))
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("[1/2] base : résolue en"), "{stderr}");
    assert!(stderr.contains("[2/2] greedy : résolue en"), "{stderr}");
    assert!(
        !stderr.contains('\r') && !stderr.contains("\u{1b}["),
        "no bar drawn: {stderr:?}"
    );
    let cmp: Value = serde_json::from_slice(&out.stdout).expect("the comparison JSON");
    assert_eq!(cmp["variants"].as_array().unwrap().len(), 2);
    assert!(dir.join("report").join("report.html").exists());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn completions_and_the_man_page_come_from_the_command_line_itself() {
    let out = run(&["completions", "bash"]);
    assert!(out.status.success());
    let script = text(&out.stdout);
    assert!(script.contains("creche-alloc") && script.contains("--lang"));
    let out = run(&["manpage"]);
    assert!(out.status.success());
    let man = text(&out.stdout);
    assert!(
        man.starts_with(".ie") || man.contains(".TH creche-alloc"),
        "{}",
        &man[..200]
    );
    assert!(man.contains("minutes") && man.contains("compare"));
}

/// The default commission's allocation, terminal summary and procès-verbal
/// give their reasons in French by default and in English with `--lang en`,
/// whatever the language of the allocation file the minutes read; the
/// reasons' parameters are machine values.
#[test]
fn reasons_are_in_the_language_asked_for_with_machine_params() {
    // Words of a reason in one language that the other must not show.
    let english = [
        "cannot hold",
        "equal points",
        "is above section",
        "and 1 more",
    ];
    let french = [
        "ne peuvent accueillir",
        "égalité de points",
        "au-delà de l'âge",
        "et 1 autre",
    ];
    let dir = std::env::temp_dir().join(format!("creche-reasons-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let instance = common::root().join("instances").join("default.json");
    let instance = instance.to_str().unwrap();
    let mut files = Vec::new();
    for lang in ["fr", "en"] {
        let path = dir.join(format!("allocation-{lang}.json"));
        let out = run(&["--lang", lang, "solve", "--out", path.to_str().unwrap()]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        files.push((lang, path, text(&out.stdout)));
    }
    for (lang, path, summary) in &files {
        let (own, other) = if *lang == "fr" {
            (french, english)
        } else {
            (english, french)
        };
        let json = std::fs::read_to_string(path).unwrap();
        for (what, body) in [("allocation", &json), ("summary", summary)] {
            assert!(own.iter().any(|w| body.contains(w)), "{lang} {what}");
            for w in other {
                assert!(!body.contains(w), "{lang} {what} shows {w:?}");
            }
        }
        // The minutes in the other language, from this file.
        let other_lang = if *lang == "fr" { "en" } else { "fr" };
        let out = run(&[
            "--lang",
            other_lang,
            "minutes",
            instance,
            path.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let md = text(&out.stdout);
        for w in own {
            assert!(
                !md.contains(w),
                "{other_lang} minutes of the {lang} file show {w:?}"
            );
        }
        let v: Value = serde_json::from_str(&json).unwrap();
        let held: Vec<&Value> = (v["waiting_list"].as_array().unwrap().iter())
            .flat_map(|w| w["reasons"].as_array().unwrap())
            .filter(|r| r["code"] == "held_by_more_points")
            .collect();
        assert!(!held.is_empty());
        for r in held {
            let p = &r["params"];
            let slots = p["half_days"].as_str().unwrap_or("mon_am");
            assert!(
                slots.split(',').all(|h| {
                    let (day, slot) = h.split_once('_').unwrap_or(("", ""));
                    ["mon", "tue", "wed", "thu", "fri"].contains(&day)
                        && ["am", "pm"].contains(&slot)
                }),
                "{p}"
            );
            let holders = p["holders"].as_str().unwrap();
            assert!(
                holders.split(',').all(|h| h
                    .split_once(':')
                    .is_some_and(|(id, pts)| id.starts_with("D-") && pts.parse::<i64>().is_ok())),
                "{p}"
            );
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn decide_explains_each_decision_and_names_a_contradiction() {
    let root = env!("CARGO_MANIFEST_DIR");
    let inst = format!("{root}/instances/default.json");
    let ten = format!("{root}/instances/decisions/default-ten.json");
    let out = run(&["decide", &inst, &ten, "--explain"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains("Conséquences des décisions de la commission"),
        "{said}"
    );
    assert!(said.contains("1. placer D-0094 à Toboggan"), "{said}");
    let dir = std::env::temp_dir().join(format!("decide-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("contradiction.json");
    std::fs::write(
        &bad,
        r#"{"commission_id": "ccmvr-2026-10", "decisions": [
            {"kind": "place", "request": "D-0094", "creche": "toboggan", "reason": "urgence"},
            {"kind": "exclude", "request": "D-0094", "creche": "toboggan", "reason": "non"}]}"#,
    )
    .unwrap();
    let out = run(&["decide", &inst, bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("decisions[1].creche") && err.contains("decisions[0]"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
