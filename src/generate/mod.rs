//! Deterministic generator of realistic commission instances.
//!
//! [`generate`] builds a commission of any size from a seed; [`ccmvr_default`]
//! builds the default commission of the 7 crèches of the rules (shipped as
//! `instances/default.json`). Both use the same machinery:
//!
//! - **Geography.** Communes have coordinates (a jittered grid for generated
//!   instances, rough kilometres for the CCMVR) and a population weight. Each
//!   crèche lies in a commune; each family has a home commune (drawn by weight),
//!   sometimes a work commune, and wishes the crèches nearest to one of them,
//!   with some noise (1 to 5 wishes).
//! - **Free places.** Sections `bebes` (about 0-18 months), `moyens` (about
//!   12-30) and `grands` (about 24-48) with overlapping ranges; micro-crèches
//!   (about 1 in 5) have one section `mixte` 0-48 and at most 12 places. Each
//!   free place was left by a child with its own planning, so places vary by day
//!   (Wednesday usually fewer) and sometimes by half-day; some sections have a
//!   second block free from 1 February or 1 March. In all, about one
//!   full-time-equivalent place (10 half-days) for every 3.5 requests; the
//!   default commission has more (about one for every 2.3 requests), so that
//!   about half its requests are placed.
//! - **Families.** Start dates inside the entry period, ages mostly fitting a
//!   section (a few unborn, too young or too old), plannings from full time to
//!   half-days, criteria in realistic proportions, antériorité derived from the
//!   request and start dates, history (renewals, refusals, no-shows), about 2%
//!   twins and a few sibling pairs of different ages (same `sibling_group`);
//!   crèche-specific sibling criteria: a brother or sister already in a wished
//!   crèche (`fratrie_dans_structure`), or at school or with a childminder in
//!   the commune of a wished crèche (`fratrie_meme_commune`, at those crèches
//!   only; a family-wide criterion in the default commission).
//!
//! One module per part: [`world`] (communes, wishes), [`creches`] (sections
//! and free places), [`families`] (requests, history), [`criteria`],
//! [`plannings`], [`ccmvr`] (the default commission), [`rng`].
//!
//! Randomness comes from [`rng::SplitMix64`], one independent stream per crèche
//! and per family, so a seed gives the same JSON on every machine, and asking
//! for more requests keeps the first families unchanged.

mod ccmvr;
mod creches;
mod criteria;
mod families;
mod names;
mod plannings;
pub mod rng;
mod world;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::domain::instance::{CommissionHeader, Instance, Slot, Week};
use creches::generic_creches;
use families::{families, Force, Profile};

pub use ccmvr::ccmvr_default;

/// The date every generated commission meets (October: entries January-March).
pub const COMMISSION_DATE: &str = "2026-10-14";
pub const ENTRY_FROM: &str = "2027-01-01";
pub const ENTRY_TO: &str = "2027-03-31";
pub const START_TOLERANCE_DAYS: i64 = 31;
/// First working day of the quarter: the main blocks are free from this date.
const FIRST_DAY: &str = "2027-01-04";

/// The barème used by every shipped instance (also `instances/bareme.json`).
pub const BAREME: &[(&str, i64)] = &[
    ("domicile_ccmvr", 10),
    ("travail_ccmvr", 5),
    ("anteriorite_6_mois", 3),
    ("anteriorite_4_6_mois", 2),
    ("renouvellement", 1),
    ("nouvelle_demande_apres_place_non_choisie", 2),
    ("monoparentale_active", 6),
    ("couple_bi_actif", 5),
    ("monoparentale_non_active", 3),
    ("couple_mono_actif", 2),
    ("parent_mineur", 4),
    ("orientation_services_sociaux", 6),
    ("adoption", 3),
    ("mutation_professionnelle", 2),
    ("retour_emploi_formation", 3),
    ("naissance_multiple", 2),
    ("plusieurs_enfants", 2),
    ("fratrie_dans_structure", 3),
    ("fratrie_meme_commune", 1),
    ("enfant_handicap", 3),
    ("enfant_maladie", 3),
    ("parent_maladie", 3),
    ("membre_famille_handicap", 2),
    ("passage_occasionnel_regulier", 1),
    ("situation_fragile", 4),
    ("enfant_ase", 6),
    ("parent_association_communautaire", 1),
    ("malus_absence", 1),
];

/// The barème as the instance's flat object.
pub fn bareme() -> BTreeMap<String, i64> {
    BAREME.iter().map(|&(k, v)| (k.to_string(), v)).collect()
}

/// Monday to Friday, mornings 07:30-12:30 and afternoons 12:30-18:30.
pub fn week() -> Week {
    Week {
        days: DAYS.iter().map(|d| d.to_string()).collect(),
        slots: vec![
            Slot {
                id: "am".into(),
                start: "07:30".into(),
                end: "12:30".into(),
            },
            Slot {
                id: "pm".into(),
                start: "12:30".into(),
                end: "18:30".into(),
            },
        ],
    }
}

const DAYS: [&str; 5] = ["mon", "tue", "wed", "thu", "fri"];

/// Size and seed of a generated commission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateOptions {
    /// Number of crèches (at least 1; 0 is taken as 1).
    pub creches: usize,
    /// Number of requests (twins and siblings count one request per child).
    pub requests: usize,
    pub seed: u64,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            creches: 7,
            requests: 120,
            seed: 1,
        }
    }
}

/// A generated instance shipped under `instances/generated/`.
#[derive(Debug, Clone, Copy)]
pub struct Shipped {
    /// File name in `instances/generated/` (`.gz`: compressed compact JSON).
    pub file: &'static str,
    pub options: GenerateOptions,
}

const fn shipped(file: &'static str, creches: usize, requests: usize, seed: u64) -> Shipped {
    Shipped {
        file,
        options: GenerateOptions {
            creches,
            requests,
            seed,
        },
    }
}

/// The three shipped sizes: a commission, a town, a département. The unit test
/// `shipped_files_match_the_generator` checks the files against these options.
pub const SHIPPED: [Shipped; 3] = [
    shipped("small-7x120.json", 7, 120, 1),
    shipped("town-40x1500.json", 40, 1500, 2),
    shipped("departement-400x12000.json.gz", 400, 12000, 3),
];

/// A commission `gen-<creches>x<requests>-<seed>` meeting on 2026-10-14 for
/// entries from 2027-01-01 to 2027-03-31. Same options, same instance.
pub fn generate(opts: &GenerateOptions) -> Instance {
    let n = opts.creches.max(1);
    let (world, creches) = generic_creches(n, opts.requests, opts.seed);
    let profile = Profile::GENERATED;
    let requests = families(&world, &profile, opts.requests, opts.seed, |_| {
        Force::default()
    });
    Instance {
        commission: header(
            format!("gen-{}x{}-{}", opts.creches, opts.requests, opts.seed),
            opts.seed,
        ),
        week: week(),
        bareme: bareme(),
        creches,
        requests,
    }
}

fn header(id: String, seed: u64) -> CommissionHeader {
    CommissionHeader {
        id,
        date: COMMISSION_DATE.into(),
        entry_from: ENTRY_FROM.into(),
        entry_to: ENTRY_TO.into(),
        start_tolerance_days: START_TOLERANCE_DAYS,
        seed,
    }
}

fn date(s: &str) -> NaiveDate {
    s.parse().expect("constant date")
}

// Purposes of the independent random streams.
const STREAM_MAP: u64 = 1;
const STREAM_CRECHE: u64 = 2;
const STREAM_FAMILY: u64 = 3;

#[cfg(test)]
mod tests;
