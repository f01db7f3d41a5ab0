//! The documents a person reads, in both languages, on every shipped
//! instance: no raw barème key where the instance gives a label, crèches by
//! name, a malus shown negative, dates and numbers written the language's
//! way. Greedy allocations (instant even on the département) stand for any:
//! the documents read the allocation, whatever made it.

mod common;

use std::path::{Path, PathBuf};

use creche_alloc::domain::{Commission, Instance};
use creche_alloc::i18n::Lang;
use creche_alloc::solve::{solve, Strategy};
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
    let mut labels: Vec<&str> = c.bareme.labels.values().flat_map(|l| l.texts()).collect();
    labels.sort_by_key(|l| std::cmp::Reverse(l.len()));
    for l in labels {
        rest = rest.replace(l, " ");
    }
    let word = |ch: char| ch.is_alphanumeric() || ch == '_';
    c.bareme
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
        labelled += usize::from(!c.bareme.labels.is_empty());
        let s = solve(&c, &common::options(Strategy::Greedy)).unwrap();
        let run = RunInfo {
            input_sha256: String::new(),
            threads: 1,
            time_limit: None,
        };
        // A what-if report that shows the criteria: groups, and a barème change.
        let criterion = c.bareme.values.keys().next().unwrap().clone();
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
                for cr in &c.creches {
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
