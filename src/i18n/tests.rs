//! The two message files have the same ids; every id the code asks for is
//! in both; numbers and dates are written each language's way.

use std::collections::BTreeSet;

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
    const PREFIXES: [&str; 38] = [
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
    // Prefixes completed at run time (`status-{status}`, `diff-kind-{code}`)
    // and words that merely look like ids are not asked for as they are.
    let partial = ["diff-kind", "bench-one"];
    let missing: Vec<_> = asked
        .iter()
        .filter(|id| !defined.contains(*id) && !partial.contains(&id.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "asked for but not in the files: {missing:?}"
    );
}

#[test]
fn every_coded_text_has_its_message_in_both_languages() {
    use crate::transparency::change::Change;
    use crate::transparency::others::Why;
    use crate::transparency::suggest::Fewest;
    let s = || "x".to_string();
    let whys = [
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
    ];
    let fewest = [
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
    ];
    let changes = [
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
    ];
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
