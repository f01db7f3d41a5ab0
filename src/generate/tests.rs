use super::*;
use crate::domain::instance::{Instance, Request};
use crate::io;
use crate::validate::validate;
use std::collections::{BTreeMap, BTreeSet};

fn opts(creches: usize, requests: usize, seed: u64) -> GenerateOptions {
    GenerateOptions {
        creches,
        requests,
        seed,
    }
}

fn groups(inst: &Instance) -> BTreeMap<String, Vec<&Request>> {
    let mut g: BTreeMap<String, Vec<&Request>> = BTreeMap::new();
    for r in &inst.requests {
        if let Some(id) = &r.sibling_group {
            g.entry(id.clone()).or_default().push(r);
        }
    }
    g
}

fn birth(r: &Request) -> &str {
    r.child
        .birth_date
        .as_deref()
        .or(r.child.expected_birth_date.as_deref())
        .unwrap()
}

#[test]
fn same_seed_same_json() {
    let a = io::to_json(&generate(&opts(7, 120, 1)));
    let b = io::to_json(&generate(&opts(7, 120, 1)));
    assert_eq!(a, b);
    let c = io::to_json(&generate(&opts(7, 120, 2)));
    assert_ne!(a, c);
    assert_eq!(io::to_json(&ccmvr_default()), io::to_json(&ccmvr_default()));
}

#[test]
fn generated_instances_validate() {
    for (n, m, seed) in [
        (7, 120, 1),
        (40, 400, 2),
        (1, 10, 3),
        (3, 1, 4),
        (13, 250, 99),
    ] {
        let inst = generate(&opts(n, m, seed));
        assert_eq!(inst.creches.len(), n);
        assert_eq!(inst.requests.len(), m);
        assert_eq!(inst.commission.id, format!("gen-{n}x{m}-{seed}"));
        assert_eq!(inst.commission.seed, seed);
        if let Err(e) = validate(&inst) {
            panic!("gen-{n}x{m}-{seed} is invalid: {e}");
        }
    }
}

#[test]
fn ids_are_zero_padded_in_creation_order() {
    let inst = generate(&opts(12, 150, 5));
    let ids: Vec<&str> = inst.requests.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids[0], "D-00001");
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    let cids: Vec<&str> = inst.creches.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(cids[0], "c001");
    assert!(cids.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn more_requests_keep_the_first_families() {
    let a = generate(&opts(9, 100, 8));
    let b = generate(&opts(9, 200, 8));
    // The last family of `a` may have been cut to fit; compare the others.
    assert_eq!(a.requests[..95], b.requests[..95]);
}

/// A large generated instance, validated (generated once for the tests
/// of its proportions).
fn large() -> &'static Instance {
    static LARGE: std::sync::OnceLock<Instance> = std::sync::OnceLock::new();
    LARGE.get_or_init(|| {
        let inst = generate(&opts(100, 4000, 11));
        validate(&inst).expect("valid");
        inst
    })
}

/// The share of `inst`'s requests that `f` holds for.
fn share_of(inst: &Instance, f: impl Fn(&Request) -> bool) -> f64 {
    inst.requests.iter().filter(|r| f(r)).count() as f64 / inst.requests.len() as f64
}

#[test]
fn proportions_of_twins_siblings_and_micro_creches() {
    let inst = large();
    let g = groups(inst);
    assert!(g.values().all(|m| m.len() == 2));
    let twins: Vec<_> = g.values().filter(|m| birth(m[0]) == birth(m[1])).collect();
    let twin_share = 2.0 * twins.len() as f64 / inst.requests.len() as f64;
    assert!((0.01..=0.035).contains(&twin_share), "twins {twin_share}");
    for m in &twins {
        assert_eq!(m[0].planning, m[1].planning);
        assert_eq!(m[0].wishes, m[1].wishes);
        assert!(m[0].criteria.iter().any(|c| c == "naissance_multiple"));
    }
    assert!(g.len() > twins.len(), "some siblings of different ages");

    let micro = inst
        .creches
        .iter()
        .filter(|c| c.sections.len() == 1 && c.sections[0].id == "mixte")
        .count();
    assert_eq!(micro, 20);
    for c in inst.creches.iter().filter(|c| c.sections[0].id == "mixte") {
        for b in &c.sections[0].free {
            assert!(b.places.values().flat_map(|s| s.values()).all(|&n| n <= 12));
        }
    }
}

#[test]
fn proportions_of_criteria_and_history() {
    let inst = large();
    let share = |c: &str| share_of(inst, |r| r.criteria.iter().any(|x| x == c));
    assert!(share("domicile_ccmvr") > 0.9);
    assert!((0.5..0.7).contains(&share("couple_bi_actif")));
    assert!((0.06..0.14).contains(&share("monoparentale_active")));
    assert_eq!(share("renouvellement"), 0.0, "renewals come from history");
    let renewed = share_of(inst, |r| r.history.renewals > 0);
    assert!((0.1..0.2).contains(&renewed), "renewals {renewed}");
    assert!(inst.requests.iter().all(|r| r.history.family_refusals < 3));
    let fratrie = share_of(inst, |r| {
        r.creche_criteria
            .values()
            .flatten()
            .any(|c| c == "fratrie_dans_structure")
    });
    assert!((0.03..0.08).contains(&fratrie), "fratrie {fratrie}");
}

#[test]
fn proportions_of_children_plannings_and_free_places() {
    let inst = large();
    assert!(share_of(inst, |r| r.child.expected_birth_date.is_some()) > 0.0);
    let wishes: BTreeSet<usize> = inst.requests.iter().map(|r| r.wishes.len()).collect();
    assert_eq!(wishes, (1..=5).collect());
    let half_day = share_of(inst, |r| {
        r.planning.values().flatten().any(|t| t.ends_with("-12:00"))
    });
    assert!(half_day > 0.0);

    // Free places well below demand: about one full-time place per 3.5 requests.
    let free_half_days: i64 = inst
        .creches
        .iter()
        .flat_map(|c| &c.sections)
        .flat_map(|s| &s.free)
        .flat_map(|b| b.places.values().flat_map(|s| s.values()))
        .sum();
    let fte = free_half_days as f64 / 10.0;
    let ratio = inst.requests.len() as f64 / fte;
    assert!(
        (2.8..4.5).contains(&ratio),
        "requests per free place {ratio}"
    );
}

#[test]
fn submitted_and_start_dates_are_plausible() {
    let inst = generate(&opts(20, 800, 3));
    for r in &inst.requests {
        assert!(r.start.as_str() >= ENTRY_FROM && r.start.as_str() <= ENTRY_TO);
        assert!(r.submitted.as_str() >= "2025-10-14" && r.submitted.as_str() <= "2026-09-14");
        assert!(!r.criteria.iter().any(|c| c == "renouvellement"));
    }
}

#[test]
fn default_commission_has_its_set_pieces() {
    let inst = ccmvr_default();
    let c = validate(&inst).expect("the default commission is valid");
    assert_eq!(inst.commission.id, "ccmvr-2026-10");
    assert_eq!(inst.commission.seed, 20261014);
    assert_eq!(inst.requests.len(), 104);
    assert_eq!(c.creches().len(), 7);
    for id in ["echapmomes", "ptits-loupiots"] {
        let cr = inst.creches.iter().find(|c| c.id == id).unwrap();
        assert_eq!(cr.sections.len(), 1);
        assert_eq!(cr.sections[0].id, "mixte");
    }
    let tob = inst.creches.iter().find(|c| c.id == "toboggan").unwrap();
    assert_eq!(tob.commune.as_deref(), Some("Sainte-Sigolène"));
    assert_eq!(tob.sections[0].free[1].available_from, "2027-03-01");

    let g = groups(&inst);
    let twins = g.values().filter(|m| birth(m[0]) == birth(m[1])).count();
    assert!(twins >= 2);
    assert!(g.values().any(|m| birth(m[0]) != birth(m[1])));
    assert!(inst.requests.iter().any(|r| !r.creche_criteria.is_empty()));
    let no_shows: i64 = inst.requests.iter().map(|r| r.history.no_shows).sum();
    assert!((1..=2).contains(&no_shows));
    assert!(inst.requests.iter().any(|r| r.history.renewals > 0));
    let unborn = inst
        .requests
        .iter()
        .filter(|r| r.child.expected_birth_date.is_some())
        .count();
    assert!(unborn >= 2);
    // One child older than every section it wished.
    let options = crate::rules::options::resolve(&c);
    assert!(c.requests().iter().zip(&options).any(|(r, o)| {
        o.wishes.iter().all(|w| {
            w.ineligible
                .first()
                .is_some_and(|r| r.code == crate::domain::ReasonCode::AgeAboveSection)
        }) && crate::rules::age::age_in_months(r.child.birth, r.start) > 48
    }));
}

#[test]
fn shipped_files_match_the_generator() {
    assert_eq!(io::DEFAULT_INSTANCE, io::to_json(&ccmvr_default()));
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("instances");
    for s in SHIPPED {
        let (file, n, m, seed) = (
            s.file,
            s.options.creches,
            s.options.requests,
            s.options.seed,
        );
        let path = dir.join("generated").join(file);
        let inst = generate(&s.options);
        // A `.gz` file is compared by its decompressed content.
        let expected = if io::is_gzip(&path) {
            io::to_compact_json(&inst)
        } else {
            io::to_json(&inst)
        };
        let shipped = io::read_text(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            shipped == expected,
            "{file} differs from `generate --creches {n} --requests {m} --seed {seed}`"
        );
    }
    // The barème file holds the two instance fields to copy: values and labels.
    let bareme_file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("bareme.json")).unwrap()).unwrap();
    assert_eq!(
        bareme_file["bareme"],
        serde_json::to_value(bareme()).unwrap()
    );
    assert_eq!(
        bareme_file["bareme_labels"],
        serde_json::to_value(super::bareme_labels()).unwrap()
    );
}

#[test]
fn commune_siblings_count_only_at_creches_of_the_family_commune() {
    let inst = generate(&opts(40, 1500, 2));
    let commune: BTreeMap<&str, &str> = inst
        .creches
        .iter()
        .map(|c| (c.id.as_str(), c.commune.as_deref().unwrap()))
        .collect();
    assert!(inst
        .requests
        .iter()
        .all(|r| !r.criteria.iter().any(|c| c == "fratrie_meme_commune")));
    let with: Vec<&Request> = inst
        .requests
        .iter()
        .filter(|r| {
            r.creche_criteria
                .values()
                .flatten()
                .any(|c| c == "fratrie_meme_commune")
        })
        .collect();
    let share = with.len() as f64 / inst.requests.len() as f64;
    assert!((0.05..0.2).contains(&share), "fratrie_meme_commune {share}");
    for r in with {
        let communes: BTreeSet<&str> = r
            .creche_criteria
            .iter()
            .filter(|(_, cs)| cs.iter().any(|c| c == "fratrie_meme_commune"))
            .map(|(id, _)| commune[id.as_str()])
            .collect();
        assert_eq!(communes.len(), 1, "{}: one commune", r.id);
        assert!(r.creche_criteria.keys().all(|id| r.wishes.contains(id)));
    }
}
