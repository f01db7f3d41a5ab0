//! The barème criteria of a family, in realistic proportions: residence and
//! work in the territory, antériorité from the request and start dates, the
//! family situation (60 % working couples, 10 % working single parents...),
//! social priorities concentrated on fragile families, twins and siblings,
//! health; and the crèche-specific sibling criteria (a brother or sister
//! already in a wished crèche, or at school or with a childminder in the
//! commune of a wished crèche).

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};

use super::bareme::BAREME;
use super::profile::{Kind, Profile};
use super::rng::SplitMix64;
use super::world::World;

/// What the criteria depend on, drawn before them.
pub(super) struct Situation {
    pub resident: bool,
    pub works_here: bool,
    pub submitted: NaiveDate,
    pub start: NaiveDate,
    pub kind: Kind,
}

/// The family's rank-1 criteria (barème order), and whether a sibling is at
/// school or with a childminder in the family's commune, when the profile
/// makes that criterion crèche-specific.
pub(super) struct Drawn {
    pub criteria: Vec<&'static str>,
    pub sibling_in_commune: bool,
}

/// The criteria that hold for the whole family (every crèche). The order of
/// the draws is part of the output (see [`super::families`]).
pub(super) fn family_criteria(rng: &mut SplitMix64, p: &Profile, s: &Situation) -> Drawn {
    let mut criteria: Vec<&'static str> = Vec::new();
    if s.resident {
        criteria.push("domicile_ccmvr");
    }
    if s.works_here {
        criteria.push("travail_ccmvr");
    }
    let anteriority = anteriority(s);
    criteria.extend(anteriority);
    if rng.chance(0.02) {
        criteria.push("nouvelle_demande_apres_place_non_choisie");
    }
    let (situation, active) = work_situation(rng);
    criteria.extend(situation);
    let fragile_family = situation == Some("monoparentale_non_active");
    let social = social_criteria(rng, fragile_family, &mut criteria);
    if anteriority.is_none() && rng.chance(0.03) {
        criteria.push("adoption");
    }
    if active && rng.chance(0.03) {
        criteria.push("mutation_professionnelle");
    }
    if !active && rng.chance(0.25) {
        criteria.push("retour_emploi_formation");
    }
    match s.kind {
        Kind::Twins => criteria.extend(["naissance_multiple", "plusieurs_enfants"]),
        Kind::Siblings => criteria.push("plusieurs_enfants"),
        Kind::Single => {}
    }
    let sibling_in_commune = health_and_others(rng, p, social, &mut criteria);
    criteria.sort_by_key(|c| BAREME.iter().position(|(k, _)| k == c));
    Drawn {
        criteria,
        sibling_in_commune,
    }
}

/// Antériorité: the request made 6 months or more before the start, or 4 to 6.
fn anteriority(s: &Situation) -> Option<&'static str> {
    let six = s.start.checked_sub_months(Months::new(6)).expect("date");
    let four = s.start.checked_sub_months(Months::new(4)).expect("date");
    if s.submitted <= six {
        Some("anteriorite_6_mois")
    } else if s.submitted <= four {
        Some("anteriorite_4_6_mois")
    } else {
        None
    }
}

/// The family's work situation (`None`: a couple where neither parent
/// works, which no criterion names), and whether its parents work.
fn work_situation(rng: &mut SplitMix64) -> (Option<&'static str>, bool) {
    let u = rng.unit();
    if u < 0.60 {
        (Some("couple_bi_actif"), true)
    } else if u < 0.70 {
        (Some("monoparentale_active"), true)
    } else if u < 0.88 {
        (Some("couple_mono_actif"), false)
    } else if u < 0.95 {
        (Some("monoparentale_non_active"), false)
    } else {
        (None, false)
    }
}

/// A minor parent, an orientation by the social services (and then perhaps
/// a child in the care of the ASE); whether the family is followed socially.
fn social_criteria(
    rng: &mut SplitMix64,
    fragile_family: bool,
    criteria: &mut Vec<&'static str>,
) -> bool {
    if fragile_family && rng.chance(0.15) {
        criteria.push("parent_mineur");
    }
    let social = rng.chance(if fragile_family { 0.25 } else { 0.02 });
    if social {
        criteria.push("orientation_services_sociaux");
        if rng.chance(0.12) {
            criteria.push("enfant_ase");
        }
    }
    social
}

/// Siblings in the commune, health, occasional care, fragility, community
/// involvement; whether a sibling in the commune is to count per crèche.
fn health_and_others(
    rng: &mut SplitMix64,
    p: &Profile,
    social: bool,
    criteria: &mut Vec<&'static str>,
) -> bool {
    let mut sibling_in_commune = false;
    for (c, prob) in [
        ("fratrie_meme_commune", 0.2),
        ("enfant_handicap", 0.01),
        ("enfant_maladie", 0.015),
        ("parent_maladie", 0.01),
        ("membre_famille_handicap", 0.02),
        ("passage_occasionnel_regulier", 0.04),
        ("situation_fragile", if social { 0.3 } else { 0.01 }),
        ("parent_association_communautaire", 0.03),
    ] {
        if rng.chance(prob) {
            if c == "fratrie_meme_commune" && p.commune_siblings_per_creche {
                sibling_in_commune = true;
            } else {
                criteria.push(c);
            }
        }
    }
    sibling_in_commune
}

/// Crèche id → criteria that count at that crèche only: a brother or sister
/// already in one of the wished crèches (`in_structure`; usually the first
/// wish), and a sibling at school or with a childminder in `sibling_commune`,
/// which counts at every wished crèche of that commune.
pub(super) fn creche_criteria(
    rng: &mut SplitMix64,
    world: &World,
    wishes: &[usize],
    in_structure: bool,
    sibling_commune: Option<usize>,
) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if in_structure {
        let k = if wishes.len() == 1 || rng.chance(0.85) {
            0
        } else {
            rng.range(1, wishes.len() as i64 - 1) as usize
        };
        out.insert(
            world.creche_ids[wishes[k]].clone(),
            vec!["fratrie_dans_structure".to_string()],
        );
    }
    if let Some(commune) = sibling_commune {
        for &w in wishes
            .iter()
            .filter(|&&w| world.creche_commune[w] == commune)
        {
            out.entry(world.creche_ids[w].clone())
                .or_default()
                .push("fratrie_meme_commune".to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::world::Commune;

    fn world() -> World {
        let commune = |name: &str| Commune {
            name: name.into(),
            x: 0.0,
            y: 0.0,
            weight: 1.0,
        };
        World {
            communes: vec![commune("A"), commune("B")],
            creche_commune: vec![0, 1, 0],
            creche_ids: vec!["a1".into(), "b1".into(), "a2".into()],
            scale: 1.0,
        }
    }

    #[test]
    fn commune_siblings_count_at_the_wished_creches_of_that_commune() {
        let mut rng = SplitMix64::new(1);
        let cc = creche_criteria(&mut rng, &world(), &[1, 2, 0], false, Some(0));
        let keys: Vec<&str> = cc.keys().map(String::as_str).collect();
        assert_eq!(keys, ["a1", "a2"]);
        assert_eq!(cc["a2"], ["fratrie_meme_commune"]);
    }

    #[test]
    fn both_sibling_criteria_at_one_creche_keep_bareme_order() {
        let mut rng = SplitMix64::new(1);
        let cc = creche_criteria(&mut rng, &world(), &[0], true, Some(0));
        assert_eq!(cc["a1"], ["fratrie_dans_structure", "fratrie_meme_commune"]);
    }
}
