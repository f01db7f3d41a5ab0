//! The documents a person reads, in both languages, on every shipped
//! instance: no raw barème key where the instance gives a label, crèches by
//! name, a malus shown negative, dates and numbers written the language's
//! way, the allocation's reasons in the document's language whatever the
//! language of the allocation file, and beside them codes with machine
//! parameters. Greedy allocations (instant even on the département) stand
//! for any: the documents read the allocation, whatever made it.

use crate::common;

use std::path::{Path, PathBuf};

use creche_alloc::domain::reason::parse_holders;
use creche_alloc::domain::{Allocation, Commission, Instance, Reason, ReasonCode};
use creche_alloc::i18n::{Lang, Names};
use creche_alloc::solve::{solve, SolveOptions, Strategy};
use creche_alloc::summary;
use creche_alloc::transparency::{minutes, Format, RunInfo};
use creche_alloc::whatif::{self, report_html, CompareOptions, Scenario};
use creche_alloc::{io, validate::validate};
use serde_json::json;

/// Every instance file under `instances/` (the default, the generated ones,
/// the worked examples).
fn shipped() -> Vec<PathBuf> {
    let root = common::root().join("instances");
    let mut out = vec![root.join("default.json")];
    for dir in ["generated", "examples"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().contains(".json"))
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}

/// The labelled keys of `text` that it shows raw: `text` without every
/// label's words must not hold a key as a whole word.
fn raw_keys(c: &Commission, text: &str) -> Vec<String> {
    let mut rest = text.to_string();
    let mut labels: Vec<&str> = c.bareme().labels.values().flat_map(|l| l.texts()).collect();
    labels.sort_by_key(|l| std::cmp::Reverse(l.len()));
    for l in labels {
        rest = rest.replace(l, " ");
    }
    let word = |ch: char| ch.is_alphanumeric() || ch == '_';
    c.bareme()
        .labels
        .keys()
        .filter(|key| {
            rest.match_indices(key.as_str()).any(|(at, _)| {
                let before = rest[..at].chars().next_back();
                let after = rest[at + key.len()..].chars().next();
                !before.is_some_and(word) && !after.is_some_and(word)
            })
        })
        .cloned()
        .collect()
}

/// Words of a reason in English, which no French text may show (and the
/// English minutes' own words have none of them).
const ENGLISH: [&str; 12] = [
    "cannot hold",
    "equal points",
    "is above section",
    "is below section",
    "and 1 more",
    "more points",
    "fewer points",
    "no free place",
    "the tie was settled",
    "sibling group",
    "placed ahead",
    "10-week",
];

/// Words of a reason in French, which no English text may show.
const FRENCH: [&str; 12] = [
    "ne peuvent accueillir",
    "égalité de points",
    "au-delà de l'âge",
    "en deçà de l'âge",
    "et 1 autre",
    "plus de points",
    "moins de points",
    "aucune place libre",
    "départage",
    "de la fratrie",
    "placée devant",
    "semaines requises",
];

/// The words of the other language that `text`, written in `lang`, shows.
fn foreign(text: &str, lang: Lang) -> Vec<&'static str> {
    let words = match lang {
        Lang::Fr => ENGLISH,
        Lang::En => FRENCH,
    };
    words.into_iter().filter(|w| text.contains(w)).collect()
}

/// Every reason and note of `a` (code and parameters).
fn coded(a: &Allocation) -> Vec<(String, Reason)> {
    let mut out = Vec::new();
    let wishes = (a.assignments.iter().flat_map(|x| &x.reasons))
        .chain(a.waiting_list.iter().flat_map(|x| &x.reasons));
    for w in wishes {
        let code = w.code.expect("every reason has a code");
        out.push((
            w.creche.clone(),
            Reason {
                code,
                params: w.params.clone(),
            },
        ));
        out.extend(
            w.other_sections
                .iter()
                .map(|r| (w.creche.clone(), r.clone())),
        );
    }
    for x in a.assignments.iter().filter(|x| x.note.is_some()) {
        let code = x.note_code.expect("every note has a code");
        let params = x.note_params.clone();
        out.push((x.creche.clone(), Reason { code, params }));
    }
    out
}

/// What is wrong with the parameters of a reason at `creche`: each must be a
/// machine value of its kind (docs/format.md, *Reason codes*).
fn param_problems(c: &Commission, creche: &str, r: &Reason) -> Vec<String> {
    let cr = &c.creches()[c.creche_index(creche).expect("a crèche id")];
    let int = |v: &str| v.parse::<i64>().is_ok();
    let date = |v: &str| chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok();
    let request = |v: &str| c.request_index(v).is_some();
    let mut out = Vec::new();
    for (k, v) in &r.params {
        let ok = match k.as_str() {
            "section" => cr.sections.iter().any(|s| &s.id == v),
            "half_days" => !v.is_empty() && v.split(',').all(|h| c.week().parse_code(h).is_some()),
            "holders" => parse_holders(v).is_some_and(|l| l.iter().all(|(id, _)| request(id))),
            "winner" => request(v),
            "group" => c.sibling_groups().iter().any(|g| &g.id == v),
            "entry_date" | "latest_date" | "available_from" | "start" => date(v),
            "age_months" | "limit_months" | "weeks" | "families" | "more" | "children"
            | "tolerance_days" | "points" => int(v),
            "settled_by" => [
                "half_days",
                "wish",
                "entry_date",
                "earlier_request",
                "draw",
                "group",
            ]
            .contains(&v.as_str()),
            "cause" => [
                "crossing_points",
                "sibling_group",
                "greedy",
                "balanced",
                "time_limit",
            ]
            .contains(&v.as_str()),
            "case" => ["eligibility", "capacity"].contains(&v.as_str()),
            _ => false,
        };
        if !ok {
            out.push(format!("{:?} {k}={v:?}", r.code));
        }
    }
    out
}

fn read(path: &Path) -> (Instance, Commission) {
    let inst = io::read_instance(Some(path)).unwrap();
    let c = validate(&inst).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (inst, c)
}

#[test]
fn no_document_shows_a_raw_criterion_key_where_the_instance_gives_a_label() {
    let mut labelled = 0;
    for path in shipped() {
        let (inst, c) = read(&path);
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        labelled += usize::from(!c.bareme().labels.is_empty());
        let s = solve(&c, &common::options(Strategy::Greedy)).unwrap();
        let run = RunInfo {
            input_sha256: String::new(),
            threads: 1,
            time_limit: None,
        };
        check_reasons(&name, &c, &s.allocation, &run);
        // A what-if report that shows the criteria: groups, and a barème change.
        let criterion = c.bareme().values.keys().next().unwrap().clone();
        let scenario: Scenario = serde_json::from_value(json!({"title": "t", "policy": "greedy",
            "variants": [{"name": "v", "changes": [
                {"change": "set_points", "criterion": criterion, "points": 9}]}]}))
        .unwrap();
        for lang in [Lang::Fr, Lang::En] {
            for format in [Format::Markdown, Format::Html] {
                let text = minutes(&c, &s.allocation, &run, format, lang, None).unwrap();
                let raw = raw_keys(&c, &text);
                assert!(
                    raw.is_empty(),
                    "{name}, minutes {lang:?} {format:?}: {raw:?}"
                );
                for cr in c.creches() {
                    assert!(
                        text.contains(&cr.name) || text.contains(&cr.name.replace('\'', "&#39;")),
                        "{name}: crèche {} by its name",
                        cr.id
                    );
                }
            }
            let opts = CompareOptions {
                lang,
                ..CompareOptions::default()
            };
            let cmp = whatif::compare(&inst, &scenario, &opts, &mut |_| {}).unwrap();
            let page = report_html::render(&cmp, lang).unwrap();
            let raw = raw_keys(&c, &page);
            assert!(raw.is_empty(), "{name}, report {lang:?}: {raw:?}");
            let words = foreign(&page, lang);
            assert!(words.is_empty(), "{name}, report {lang:?}: {words:?}");
        }
    }
    assert!(
        labelled >= 4,
        "the default and the generated instances carry labels"
    );
}

#[test]
fn the_default_commission_s_minutes_read_as_french_with_names_labels_and_a_signed_malus() {
    let (_, c) = read(&common::root().join("instances").join("default.json"));
    let s = solve(&c, &common::options(Strategy::Greedy)).unwrap();
    let run = RunInfo {
        input_sha256: String::new(),
        threads: 1,
        time_limit: None,
    };
    let fr = minutes(&c, &s.allocation, &run, Format::Markdown, Lang::Fr, None).unwrap();
    for words in [
        "# Procès-verbal de la commission d'attribution ccmvr-2026-10",
        "Commission du 14 octobre 2026, pour les entrées du 1er janvier 2027 au 31 mars 2027",
        "### L'Echap'mômes / Section mixte",
        "### Au royaume des lutins / Bébés",
        "| Famille domiciliée sur la CCMVR | +10 |",
        "| Enfant non présenté dans les 15 jours suivant la date d'accueil (point malus, cumulatif) | −1 |",
        "Historique : +1 par représentation de la demande, −1 par enfant non présenté",
        "| lun. | mar. | mer. | jeu. | ven. |",
        "## Liste d'attente, dans l'ordre des propositions",
        "\u{a0}%)",
    ] {
        assert!(fr.contains(words), "{words:?} not in:\n{}", &fr[..2000]);
    }
    assert!(fr.contains(",") && !fr.contains("84.9"), "decimal comma");
    let en = minutes(&c, &s.allocation, &run, Format::Markdown, Lang::En, None).unwrap();
    for words in [
        "Commission of 14 October 2026, for entries from 1 January 2027 to 31 March 2027",
        "### Au royaume des lutins / Babies",
        "| Family lives in the CCMVR | +10 |",
        "| Child not brought within 15 days of the entry date (malus point, cumulative) | −1 |",
        "| Mon | Tue | Wed | Thu | Fri |",
    ] {
        assert!(en.contains(words), "{words:?}");
    }
}

/// The reasons of `a` (solved in French) on one shipped instance: coded,
/// with machine parameters; the allocation worded in each language shows
/// no word of the other; the minutes in each language, from the allocation
/// worded in the other, neither.
fn check_reasons(name: &str, c: &Commission, fr: &Allocation, run: &RunInfo) {
    let problems: Vec<String> = coded(fr)
        .iter()
        .flat_map(|(creche, r)| param_problems(c, creche, r))
        .collect();
    assert!(problems.is_empty(), "{name}: {problems:?}");
    let mut en = fr.clone();
    Names::of(c, Lang::En.messages()).word_allocation(&mut en);
    for (lang, a, other) in [(Lang::Fr, fr, &en), (Lang::En, &en, fr)] {
        let words = foreign(&io::to_json(a), lang);
        assert!(words.is_empty(), "{name}: allocation {lang:?}: {words:?}");
        // Markdown and HTML word reasons alike (minutes_md::reason_at).
        let text = minutes(c, other, run, Format::Markdown, lang, None).unwrap();
        let words = foreign(&text, lang);
        assert!(words.is_empty(), "{name}: minutes {lang:?}: {words:?}");
    }
}

#[test]
fn the_default_commission_reads_its_reasons_in_the_language_asked_for() {
    let (_, c) = read(&common::root().join("instances").join("default.json"));
    let solved = |lang: Lang| {
        let opts = SolveOptions {
            lang,
            ..SolveOptions::default()
        };
        solve(&c, &opts).unwrap()
    };
    let (fr, en) = (solved(Lang::Fr), solved(Lang::En));
    // French by default.
    assert_eq!(
        solve(&c, &SolveOptions::default()).unwrap().allocation,
        fr.allocation
    );
    let run = RunInfo {
        input_sha256: String::new(),
        threads: 1,
        time_limit: None,
    };
    for (lang, s) in [(Lang::Fr, &fr), (Lang::En, &en)] {
        let json = io::to_json(&s.allocation);
        let summary = summary::render(&c, s, 10, &Names::of(&c, lang.messages()));
        let md = minutes(&c, &s.allocation, &run, Format::Markdown, lang, None).unwrap();
        for (what, text) in [
            ("allocation", &json),
            ("summary", &summary),
            ("minutes", &md),
        ] {
            let words = foreign(text, lang);
            assert!(words.is_empty(), "{what} {lang:?}: {words:?}");
        }
    }
    // The same codes and parameters in both languages: only the words differ.
    assert_eq!(coded(&fr.allocation), coded(&en.allocation));
    // D-0019 waits: at Toboggan the family placed with more points holds the
    // Wednesday afternoon; a tie at Les Marmousets, settled by half-days.
    let d19 = |s: &creche_alloc::solve::Solution| {
        let w = s.allocation.waiting_list.iter();
        w.clone()
            .find(|w| w.request == "D-0019")
            .unwrap()
            .reasons
            .clone()
    };
    let (fr19, en19) = (d19(&fr), d19(&en));
    let toboggan = fr19.iter().find(|r| r.creche == "toboggan").unwrap();
    assert_eq!(toboggan.code, Some(ReasonCode::HeldByMorePoints));
    assert_eq!(toboggan.params["half_days"], "wed_pm");
    assert_eq!(toboggan.params["holders"], "D-0027:23");
    assert_eq!(
        toboggan.reason,
        "les places libres de la section Bébés de la crèche Toboggan le mercredi \
         après-midi ne peuvent accueillir cet enfant avec la famille placée qui a plus \
         de points (D-0027, 23 pts)"
    );
    let lutins = fr19.iter().find(|r| r.creche == "lutins").unwrap();
    assert_eq!(lutins.params["more"], "1");
    assert_eq!(parse_holders(&lutins.params["holders"]).unwrap().len(), 6);
    assert!(
        lutins.reason.ends_with("; et 1 autre)"),
        "{}",
        lutins.reason
    );
    let marmousets = en19.iter().find(|r| r.creche == "marmousets").unwrap();
    assert_eq!(marmousets.params["settled_by"], "half_days");
    assert!(
        marmousets
            .reason
            .starts_with("equal points (21 pts) with D-0058"),
        "{}",
        marmousets.reason
    );
    // The French minutes of the English file are those of the French file but
    // for the allocation's hash and the command that writes that file again.
    let md = |a: &Allocation| {
        let text = minutes(&c, a, &run, Format::Markdown, Lang::Fr, None).unwrap();
        let hash = creche_alloc::transparency::sha256_hex(io::to_json(a).as_bytes());
        text.replace(&hash, "")
    };
    let (of_en, of_fr) = (md(&en.allocation), md(&fr.allocation));
    assert!(of_en.contains("--threads 1 --lang en --out allocation.json"));
    assert_eq!(of_en.replace(" --lang en", ""), of_fr);
}
