//! The default commission: the 7 crèches of the rules (Communauté de communes
//! Marches du Velay-Rochebaron), 104 requests, October 2026 for January-March
//! 2027. Fixed crèches and free places; families from the generator with a
//! fixed seed, plus a few set pieces (twins, siblings of different ages, a child
//! too old, unborn children, no-shows, a sibling already in a crèche).

use super::bareme::{bareme, bareme_labels};
use super::calendar::{header, week, STREAM_CRECHE};
use super::creches::{build_creche, SectionSpec};
use super::families::families;
use super::plannings::PlanningKind;
use super::profile::{Force, Kind, Profile};
use super::rng::SplitMix64;
use super::world::{Commune, World};
use crate::domain::instance::Instance;

/// `ccmvr-2026-10`: commission seed and generator seed.
pub const CCMVR_SEED: u64 = 20261014;
pub const CCMVR_REQUESTS: usize = 104;

/// Communes of the CCMVR: rough position in km from Monistrol-sur-Loire and
/// population in thousands (families live in proportion). Internal: the
/// instance records only the crèches' communes.
const COMMUNES: &[(&str, f64, f64, f64)] = &[
    ("Monistrol-sur-Loire", 0.0, 0.0, 9.0),
    ("Sainte-Sigolène", 9.0, 1.0, 6.0),
    ("Bas-en-Basset", -9.0, 5.0, 4.5),
    ("Beauzac", -7.0, -3.0, 3.0),
    ("Saint-Pal-de-Mons", 9.0, -7.0, 2.3),
    ("La Séauve-sur-Semène", 12.0, -3.0, 1.4),
    ("Les Villettes", 4.0, -5.0, 1.0),
    ("Boisset", -13.0, 9.0, 0.9),
    ("Malvalette", -11.0, 1.0, 0.9),
    ("Tiranges", -18.0, 2.0, 0.45),
    ("Valprivas", -16.0, -4.0, 0.45),
    ("Saint-Pal-de-Chalencon", -20.0, 7.0, 0.45),
    ("Saint-André-de-Chalencon", -18.0, 11.0, 0.35),
    ("Solignac-sous-Roche", -14.0, 13.0, 0.3),
];

struct CrecheSpec {
    id: &'static str,
    name: &'static str,
    commune: usize,
    micro: bool,
    sections: &'static [SectionSpec],
}

const fn sec(id: &'static str, min: i64, max: i64, base: i64) -> SectionSpec {
    SectionSpec {
        id,
        min,
        max,
        base,
        later: None,
    }
}

const fn later(
    id: &'static str,
    min: i64,
    max: i64,
    base: i64,
    from: &'static str,
    n: i64,
) -> SectionSpec {
    SectionSpec {
        id,
        min,
        max,
        base,
        later: Some((from, n)),
    }
}

/// The crèches, in id order. `base` is the number of full-time places freed
/// this quarter before day-by-day variations.
const CRECHES: &[CrecheSpec] = &[
    CrecheSpec {
        id: "echapmomes",
        name: "L'Echap'mômes",
        commune: 5,
        micro: true,
        sections: &[sec("mixte", 0, 48, 3)],
    },
    CrecheSpec {
        id: "envol",
        name: "L'Envol",
        commune: 2,
        micro: false,
        sections: &[
            sec("bebes", 0, 15, 5),
            sec("moyens", 12, 27, 2),
            sec("grands", 24, 48, 1),
        ],
    },
    CrecheSpec {
        id: "lutins",
        name: "Au royaume des lutins",
        commune: 0,
        micro: false,
        sections: &[
            sec("bebes", 0, 18, 8),
            sec("moyens", 15, 30, 4),
            later("grands", 24, 48, 3, "2027-02-01", 1),
        ],
    },
    CrecheSpec {
        id: "marmousets",
        name: "Les Marmousets",
        commune: 3,
        micro: false,
        sections: &[
            sec("bebes", 0, 18, 4),
            sec("moyens", 12, 30, 2),
            sec("grands", 27, 48, 1),
        ],
    },
    CrecheSpec {
        id: "pirouette",
        name: "Pirouette",
        commune: 4,
        micro: false,
        sections: &[
            sec("bebes", 0, 18, 3),
            sec("moyens", 15, 30, 1),
            sec("grands", 24, 42, 1),
        ],
    },
    CrecheSpec {
        id: "ptits-loupiots",
        name: "Les p'tits loupiots",
        commune: 6,
        micro: true,
        sections: &[sec("mixte", 0, 48, 3)],
    },
    CrecheSpec {
        id: "toboggan",
        name: "Toboggan",
        commune: 1,
        micro: false,
        sections: &[
            later("bebes", 0, 18, 4, "2027-03-01", 2),
            sec("moyens", 12, 30, 2),
            sec("grands", 24, 48, 2),
        ],
    },
];

const PROFILE: Profile = Profile {
    p_twins: 0.0,
    p_siblings: 0.0,
    p_too_young: 0.01,
    p_too_old: 0.0,
    p_renewal: 0.19,
    p_no_show: 0.0,
    p_fratrie_structure: 0.04,
    p_non_resident: 0.04,
    commune_siblings_per_creche: false,
    id_digits: 4,
};

/// The set pieces, by family number (0-based).
fn force(family: usize) -> Force {
    let f = Force::default();
    match family {
        7 => Force {
            kind: Some(Kind::Twins),
            ..f
        },
        52 => Force {
            kind: Some(Kind::Twins),
            age_days: Some(235),
            ..f
        },
        33 => Force {
            kind: Some(Kind::Siblings),
            ..f
        },
        61 => Force {
            age_days: Some(1525), // 4 years 2 months: older than every section
            ..f
        },
        20 => Force {
            start: Some("2027-03-01"),
            age_days: Some(100),
            ..f
        },
        85 => Force {
            start: Some("2027-02-01"),
            age_days: Some(84),
            ..f
        },
        30 | 77 => Force {
            no_shows: Some(1),
            ..f
        },
        12 | 45 | 90 => Force {
            fratrie_structure: Some(true),
            ..f
        },
        5 => Force {
            planning: Some(PlanningKind::Mornings),
            ..f
        },
        15 => Force {
            planning: Some(PlanningKind::TwoDays),
            ..f
        },
        25 => Force {
            planning: Some(PlanningKind::Mixed),
            ..f
        },
        _ => f,
    }
}

/// The default commission `ccmvr-2026-10` (shipped as `instances/default.json`).
pub fn ccmvr_default() -> Instance {
    let communes: Vec<Commune> = COMMUNES
        .iter()
        .map(|&(name, x, y, weight)| Commune {
            name: name.to_string(),
            x,
            y,
            weight,
        })
        .collect();
    let creches = CRECHES
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut rng = SplitMix64::stream(CCMVR_SEED, STREAM_CRECHE, i as u64);
            build_creche(
                &mut rng,
                c.id.to_string(),
                c.name.to_string(),
                communes[c.commune].name.clone(),
                c.micro,
                c.sections,
            )
        })
        .collect();
    let world = World {
        creche_commune: CRECHES.iter().map(|c| c.commune).collect(),
        creche_ids: CRECHES.iter().map(|c| c.id.to_string()).collect(),
        communes,
        scale: 5.0,
    };
    let requests = families(&world, &PROFILE, CCMVR_REQUESTS, CCMVR_SEED, force);
    Instance {
        commission: header("ccmvr-2026-10".to_string(), CCMVR_SEED),
        week: week(),
        bareme: bareme(),
        bareme_labels: bareme_labels(),
        creches,
        requests,
    }
}
