//! The two message files have the same ids; every id the code asks for is
//! in both; numbers and dates are written each language's way.

use std::collections::BTreeSet;

use super::messages::{EN, FR};
use super::*;

/// The ids of messages defined in a message file (`id = …` at a line start).
fn ids(source: &str) -> BTreeSet<String> {
    source
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim().to_string()))
        .collect()
}

#[test]
fn both_languages_have_the_same_messages() {
    let (fr, en) = (ids(FR), ids(EN));
    let only_fr: Vec<_> = fr.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&fr).collect();
    assert!(
        only_fr.is_empty() && only_en.is_empty(),
        "in fr.ftl only: {only_fr:?}; in en.ftl only: {only_en:?}"
    );
    assert!(fr.len() > 100, "{} messages", fr.len());
    // Both parse, and every message has a value.
    for lang in [Lang::Fr, Lang::En] {
        let m = lang.messages();
        for id in &fr {
            assert!(m.try_text(id, Some(&Args::new())).is_some(), "{id}");
        }
    }
}

/// String literals of the code that look like message ids (`minutes-title`),
/// by their first word.
fn asked_for() -> BTreeSet<String> {
    const PREFIXES: [&str; 43] = [
        "minutes",
        "report",
        "chart",
        "col",
        "row",
        "table",
        "summary",
        "cascade",
        "cli",
        "written",
        "validate",
        "generate",
        "progress",
        "suggest",
        "compare",
        "bench",
        "policy",
        "cutoff",
        "footer",
        "status",
        "headline",
        "others",
        "suggestion",
        "outcome",
        "place",
        "scope",
        "note",
        "diff",
        "variant",
        "points",
        "reason",
        "day",
        "slot",
        "why",
        "fewest",
        "change",
        "both",
        "only",
        "list",
        "section",
        "half",
        "settled",
        "cause",
    ];
    let mut found = BTreeSet::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|x| x != "rs") || path.ends_with("i18n/tests.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for lit in text.split('"').skip(1).step_by(2) {
                let words: Vec<&str> = lit.split('-').collect();
                let id_like = words.len() > 1
                    && words.iter().all(|w| {
                        !w.is_empty()
                            && w.chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                    });
                if id_like && PREFIXES.contains(&words[0]) {
                    found.insert(lit.to_string());
                }
            }
        }
    }
    found
}

#[test]
fn every_message_the_code_asks_for_exists() {
    let defined = ids(FR);
    let asked = asked_for();
    assert!(asked.len() > 100, "{} ids found in the code", asked.len());
    // Prefixes completed at run time (`status-{status}`, `diff-kind-{code}`,
    // `day-long-{day}`), argument names (`half-days`, `settled-by`) and words
    // that merely look like ids are not asked for as they are.
    let partial = [
        "diff-kind",
        "bench-one",
        "day-long",
        "slot-long",
        "half-days",
        "settled-by",
    ];
    let missing: Vec<_> = asked
        .iter()
        .filter(|id| !defined.contains(*id) && !partial.contains(&id.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "asked for but not in the files: {missing:?}"
    );
}

/// One of each reason a suggestion gives for another family's move.
fn sample_whys() -> Vec<crate::transparency::others::Why> {
    use crate::transparency::others::Why;
    let s = || "x".to_string();
    vec![
        Why::SameCreche,
        Why::BetterOff,
        Why::NotInBase,
        Why::HadNoPlace,
        Why::GivesWay {
            creche: s(),
            to: s(),
            their_points: 3,
            own_points: 2,
        },
        Why::TieBreak {
            creche: s(),
            with: s(),
            points: 3,
        },
        Why::Departure {
            creche: s(),
            own_points: 2,
        },
    ]
}

/// One of each way a suggestion's search for the fewest points ends.
fn sample_fewest() -> Vec<crate::transparency::suggest::Fewest> {
    use crate::transparency::suggest::Fewest;
    vec![
        Fewest::Bisected {
            points: 2,
            below: 1,
        },
        Fewest::BudgetSpent { points: 2 },
        Fewest::TieNotSolved {
            points: 2,
            below: 1,
        },
        Fewest::NoneWithout { points: 2 },
        Fewest::NoFitBelow {
            points: 2,
            below: 1,
        },
    ]
}

/// One of each change a suggestion tries.
fn sample_changes() -> Vec<crate::transparency::change::Change> {
    use crate::transparency::change::Change;
    let s = || "x".to_string();
    vec![
        Change::DropHalfDay {
            day: "mon".into(),
            slot: "am".into(),
        },
        Change::DropDay { day: "fri".into() },
        Change::LaterEntry {
            start: "2027-02-01".into(),
            days: 28,
        },
        Change::AddCreche { creche: s() },
        Change::MorePoints {
            creche: s(),
            points: 1,
        },
    ]
}

#[test]
fn every_coded_text_has_its_message_in_both_languages() {
    let (whys, fewest, changes) = (sample_whys(), sample_fewest(), sample_changes());
    for lang in [Lang::Fr, Lang::En] {
        let n = Names::bare(lang.messages());
        for w in &whys {
            assert!(n.coded("why", "code", w).is_some(), "{w:?}");
        }
        for f in &fewest {
            assert!(n.coded("fewest", "code", f).is_some(), "{f:?}");
        }
        for c in &changes {
            let words = c.words(&n);
            assert!(!words.contains("Drop") && !words.contains('{'), "{words}");
        }
    }
    let fr = Names::bare(Lang::Fr.messages());
    assert_eq!(
        changes[2].words(&fr),
        "en entrant le 1er février 2027 (28 jours plus tard)"
    );
    assert_eq!(changes[0].words(&fr), "sans le lun. matin dans le planning");
    let en = Names::bare(Lang::En.messages());
    assert_eq!(changes[4].words(&en), "with 1 more point at x");
}

#[test]
fn numbers_and_dates_are_written_each_language_s_way() {
    let (fr, en) = (Lang::Fr.messages(), Lang::En.messages());
    let d = chrono::NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
    assert_eq!(fr.day_date(d), "4 janvier 2027");
    assert_eq!(en.day_date(d), "4 January 2027");
    assert_eq!(fr.date("2027-03-01"), "1er mars 2027");
    assert_eq!(fr.date("not a date"), "not a date");
    assert_eq!(fr.number(84.94, 1), "84,9");
    assert_eq!(en.number(84.94, 1), "84.9");
    assert_eq!(fr.pct(0.849), "84,9\u{a0}%");
    assert_eq!(fr.int(12000), "12\u{202f}000");
    assert_eq!(en.int(12000), "12,000");
    assert_eq!(fr.signed(-1), "−1");
    assert_eq!(fr.signed(3), "+3");
    assert_eq!(fr.number(-0.04, 1), "−0,0".replace('−', ""));
    assert_eq!(fr.number(-2.5, 1), "−2,5");
}

#[test]
fn plurals_follow_each_language() {
    let (fr, en) = (Lang::Fr.messages(), Lang::En.messages());
    let text = |m: &Messages, n: i64| {
        m.text(
            "headline-more",
            &Args::new().with("n", n).with("placed", 5).with("base", 4),
        )
    };
    assert_eq!(text(fr, 1), "1 famille placée de plus (5 au lieu de 4)");
    assert_eq!(text(fr, 2), "2 familles placées de plus (5 au lieu de 4)");
    assert_eq!(text(en, 1), "1 more family placed (5 instead of 4)");
    assert_eq!(text(en, 2), "2 more families placed (5 instead of 4)");
}

/// One reason of each code and variant, with parameters as the explainer
/// and the rules write them: the rules' first (`[6]` is the first
/// `held_by_more_points`), then points order's, then the commission's.
fn sample_reasons() -> Vec<crate::domain::Reason> {
    let mut out = sample_rule_reasons();
    out.extend(sample_order_reasons());
    out.extend(sample_decision_reasons());
    out
}

fn s(x: &str) -> String {
    x.to_string()
}

/// The families holding a place ahead, as the explainer lists them.
fn holders_params() -> [(&'static str, String); 3] {
    [
        ("families", s("8")),
        (
            "holders",
            s("D-0030:31,D-0036:31,D-0012:25,D-0052:25,D-0021:24,D-0092:24"),
        ),
        ("more", s("2")),
    ]
}

/// The reasons a rule gives (age, planning, free places), one of each.
fn sample_rule_reasons() -> Vec<crate::domain::Reason> {
    use crate::domain::{Reason, ReasonCode as C};
    let age = [
        ("section", s("bebes")),
        ("age_months", s("19")),
        ("limit_months", s("15")),
        ("entry_date", s("2027-01-21")),
    ];
    vec![
        Reason::new(C::AgeAboveSection, &age),
        Reason::new(C::AgeBelowSection, &age),
        Reason::new(
            C::UnderTenWeeks,
            &[("weeks", s("3")), ("entry_date", s("2027-03-17"))],
        ),
        Reason::new(
            C::NotFreeInTime,
            &[
                ("section", s("moyens")),
                ("start", s("2027-01-04")),
                ("tolerance_days", s("31")),
                ("latest_date", s("2027-02-04")),
                ("available_from", s("2027-03-01")),
            ],
        ),
        Reason::new(
            C::PlanningNoPlace,
            &[("section", s("moyens")), ("half_days", s("wed_am,wed_pm"))],
        ),
        Reason::new(C::NoFreePlace, &[]),
    ]
}

/// The reasons points order gives (held, departures, ties), one of each.
fn sample_order_reasons() -> Vec<crate::domain::Reason> {
    use crate::domain::{Reason, ReasonCode as C};
    let holders = holders_params();
    let mut held = vec![
        ("section", s("bebes")),
        ("half_days", s("wed_pm,fri_am,fri_pm")),
    ];
    held.extend(holders.clone());
    let mut held_group = held.clone();
    held_group.extend([("group", s("G-0003")), ("children", s("2"))]);
    let mut anywhere = holders.to_vec();
    anywhere.push(("section", s("bebes")));
    let mut departure = holders.to_vec();
    departure.push(("cause", s("crossing_points")));
    let mut ahead = vec![
        ("families", s("1")),
        ("holders", s("Y:12")),
        ("more", s("0")),
    ];
    ahead.push(("cause", s("greedy")));
    let mut out = vec![
        Reason::new(C::HeldByMorePoints, &held),
        Reason::new(C::HeldByMorePoints, &held_group),
        Reason::new(C::HeldByMorePoints, &anywhere),
        Reason::new(C::Departure, &departure),
        Reason::new(C::PlacedAhead, &ahead),
    ];
    for case in ["eligibility", "capacity"] {
        out.push(Reason::new(
            C::SiblingGroup,
            &[
                ("group", s("G-0003")),
                ("children", s("2")),
                ("case", s(case)),
            ],
        ));
    }
    for by in [
        "half_days",
        "wish",
        "entry_date",
        "earlier_request",
        "draw",
        "group",
    ] {
        out.push(Reason::new(
            C::TieLost,
            &[
                ("winner", s("D-0058")),
                ("points", s("21")),
                ("settled_by", s(by)),
            ],
        ));
    }
    for cause in [
        "greedy",
        "balanced",
        "sibling_group",
        "crossing_points",
        "time_limit",
        "decision",
    ] {
        let mut p = departure.clone();
        p.pop();
        p.push(("cause", s(cause)));
        out.push(Reason::new(C::Departure, &p));
    }
    out
}

/// The reasons of the commission's decisions, one of each.
fn sample_decision_reasons() -> Vec<crate::domain::Reason> {
    use crate::domain::{Reason, ReasonCode as C};
    let mut out = Vec::new();
    let mut by_commission = vec![("decision", s("2"))];
    out.push(Reason::new(C::PlacedByCommission, &by_commission));
    by_commission.extend(holders_params());
    out.push(Reason::new(C::PlacedByCommission, &by_commission));
    out.push(Reason::new(
        C::ExcludedByCommission,
        &[("decision", s("0"))],
    ));
    for bonus in ["true", "false"] {
        out.push(Reason::new(
            C::DeferredByCommission,
            &[("decision", s("1")), ("renewal_bonus", s(bonus))],
        ));
    }
    out
}

#[test]
fn every_reason_code_has_its_words_in_both_languages() {
    let samples = sample_reasons();
    let codes: BTreeSet<_> = samples.iter().map(|r| r.code).collect();
    assert_eq!(codes.len(), crate::domain::ReasonCode::ALL.len());
    // Words of the other language, which a reason must not show.
    let english = [
        "cannot hold",
        "equal points",
        "above",
        "below",
        "more",
        "section max",
    ];
    let french = [
        "ne peuvent",
        "égalité",
        "places libres",
        "autres",
        "mois",
        "départage",
    ];
    for lang in [Lang::Fr, Lang::En] {
        let n = Names::bare(lang.messages());
        let foreign = if lang == Lang::Fr { english } else { french };
        for r in &samples {
            let words = n
                .reason("toboggan", r.code, &r.params)
                .unwrap_or_else(|| panic!("{lang:?}: no words for {r:?}"));
            assert!(!words.contains('{') && !words.contains('_'), "{words}");
            for w in foreign {
                assert!(!words.contains(w), "{lang:?} {r:?}: {w:?} in {words}");
            }
        }
    }
}

#[test]
fn a_reason_reads_as_the_documents_write_it() {
    let samples = sample_reasons();
    let fr = Names::bare(Lang::Fr.messages());
    let held = &samples[6];
    assert_eq!(
        fr.reason("toboggan", held.code, &held.params).unwrap(),
        "les places libres de la section bebes de la crèche toboggan le mercredi \
         après-midi, le vendredi matin et le vendredi après-midi ne peuvent accueillir \
         cet enfant avec les 8 familles placées qui ont plus de points (D-0030, 31 pts ; \
         D-0036, 31 pts ; D-0012, 25 pts ; D-0052, 25 pts ; D-0021, 24 pts ; D-0092, \
         24 pts ; et 2 autres)"
    );
    let en = Names::bare(Lang::En.messages());
    assert_eq!(
        en.reason("toboggan", samples[0].code, &samples[0].params)
            .unwrap(),
        "the child will be 19 months old on entry on 21 January 2027, above the maximum \
         age of the bebes section (15 months)"
    );
}

#[test]
fn a_reason_whose_params_are_not_machine_values_keeps_its_words() {
    use crate::domain::allocation::WishReason;
    use crate::domain::ReasonCode;
    // As written before parameters were machine values.
    let old = WishReason {
        creche: "toboggan".into(),
        code: Some(ReasonCode::HeldByMorePoints),
        params: [
            ("half_days".to_string(), "wed pm".to_string()),
            ("holders".to_string(), "D-0027 (23)".to_string()),
            ("families".to_string(), "1".to_string()),
            ("section".to_string(), "bebes".to_string()),
        ]
        .into(),
        other_sections: Vec::new(),
        reason: "the free places of section bebes at Toboggan on wed pm cannot hold …".into(),
    };
    let fr = Names::bare(Lang::Fr.messages());
    assert_eq!(fr.wish_reason(&old), old.reason);
    let uncoded = WishReason {
        code: None,
        ..old.clone()
    };
    assert_eq!(fr.wish_reason(&uncoded), old.reason);
}
