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
use crate::domain::Label;
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

/// The labels of [`BAREME`]: the wording of the rules' criteria list
/// (*règlement de fonctionnement* of the Guichet Unique, section III.4) in
/// French, and an English rendering. `malus_absence` is not in that list:
/// its wording follows section III.6 (no-shows).
pub const BAREME_LABELS: &[(&str, &str, &str)] = &[
    (
        "domicile_ccmvr",
        "Famille domiciliée sur la CCMVR",
        "Family lives in the CCMVR",
    ),
    (
        "travail_ccmvr",
        "Au moins un des deux parents travaille sur le territoire de la CCMVR",
        "At least one parent works in the CCMVR",
    ),
    (
        "anteriorite_6_mois",
        "Demande d'accueil effectuée au moins 6 mois avant la date d'accueil souhaitée",
        "Request made at least 6 months before the wished date",
    ),
    (
        "anteriorite_4_6_mois",
        "Demande d'accueil effectuée entre 4 et 6 mois avant la date d'accueil souhaitée",
        "Request made 4 to 6 months before the wished date",
    ),
    (
        "renouvellement",
        "Représentation de la demande d'accueil (sauf si elle fait suite à un refus de place par la famille)",
        "Request presented again (unless after the family refused a place)",
    ),
    (
        "nouvelle_demande_apres_place_non_choisie",
        "Nouvelle demande suite à l'attribution d'une place qui ne correspondait pas au 1er choix de la famille",
        "New request after a place that was not the family's first choice",
    ),
    (
        "monoparentale_active",
        "Famille monoparentale active",
        "Working single parent",
    ),
    (
        "couple_bi_actif",
        "Couple bi-actif",
        "Both parents work",
    ),
    (
        "monoparentale_non_active",
        "Famille monoparentale non active",
        "Single parent not working",
    ),
    (
        "couple_mono_actif",
        "Couple mono-actif",
        "Couple, one parent works",
    ),
    (
        "parent_mineur",
        "Au moins un des parents est mineur",
        "At least one parent is a minor",
    ),
    (
        "orientation_services_sociaux",
        "Enfant adressé par les services sociaux (Département, CIDFF, association à vocation sociale)",
        "Child referred by social services (Département, CIDFF, social association)",
    ),
    (
        "adoption",
        "Adoption (si la demande n'a pas pu être faite entre 4 et 6 mois avant la date d'accueil souhaitée)",
        "Adoption (when the request could not be made 4 to 6 months before the wished date)",
    ),
    (
        "mutation_professionnelle",
        "Mutation professionnelle",
        "Job transfer",
    ),
    (
        "retour_emploi_formation",
        "Famille dont au moins un parent est en recherche d'emploi et trouvant un emploi à pourvoir rapidement ou une formation à effectuer",
        "A parent looking for work finds a job to start soon or a training course",
    ),
    (
        "naissance_multiple",
        "La demande concerne une naissance multiple",
        "Multiple birth",
    ),
    (
        "plusieurs_enfants",
        "La demande concerne plusieurs enfants d'une même famille",
        "Request for several children of one family",
    ),
    (
        "fratrie_dans_structure",
        "Un premier enfant est déjà accueilli dans la structure à la date souhaitée d'accueil",
        "A first child is already in this crèche on the wished date",
    ),
    (
        "fratrie_meme_commune",
        "Un ou plusieurs enfants de la même famille est(sont) accueilli(s) dans une école, une structure enfance/jeunesse ou chez une assistante maternelle de la même commune",
        "Siblings in a school, a childhood or youth structure or with a childminder of the same commune",
    ),
    (
        "enfant_handicap",
        "Enfant en situation de handicap",
        "Child with a disability",
    ),
    (
        "enfant_maladie",
        "Enfant atteint d'une maladie nécessitant une prise en charge particulière",
        "Child with an illness needing particular care",
    ),
    (
        "parent_maladie",
        "Au moins un des deux parents est atteint d'une maladie (y compris les maladies psychiques) ne permettant pas la prise en charge de son enfant au domicile au quotidien",
        "A parent's illness prevents caring for the child at home every day",
    ),
    (
        "membre_famille_handicap",
        "Un membre de la famille est en situation de handicap ou nécessite des soins médicaux particuliers",
        "A family member is disabled or needs particular medical care",
    ),
    (
        "passage_occasionnel_regulier",
        "Passage d'un accueil occasionnel à un accueil régulier (changement du besoin)",
        "From occasional to regular care (a change of need)",
    ),
    (
        "situation_fragile",
        "Situation familiale fragile nécessitant une prise en charge de l'enfant en structure, même en l'absence de suivi par un service social",
        "Fragile family situation needing care in a structure, even without social-services follow-up",
    ),
    (
        "enfant_ase",
        "Enfant confié à l'Aide Sociale à l'Enfance, sur orientation des services sociaux",
        "Child in the care of the Aide Sociale à l'Enfance, referred by social services",
    ),
    (
        "parent_association_communautaire",
        "Parent(s) investi(s) dans une association communautaire",
        "Parent active in a community association",
    ),
    (
        "malus_absence",
        "Enfant non présenté dans les 15 jours suivant la date d'accueil (point malus, cumulatif)",
        "Child not brought within 15 days of the entry date (malus point, cumulative)",
    ),
];

/// The barème labels as the instance's `bareme_labels` (French and English).
pub fn bareme_labels() -> BTreeMap<String, Label> {
    BAREME_LABELS
        .iter()
        .map(|&(k, fr, en)| {
            let by_lang = [("fr", fr), ("en", en)].map(|(l, t)| (l.to_string(), t.to_string()));
            (k.to_string(), Label::ByLang(by_lang.into_iter().collect()))
        })
        .collect()
}

/// The label of a generated section: `Bébés`/`Babies`, `Moyens`/`Middle`,
/// `Grands`/`Big`, `Section mixte`/`Mixed section` (micro-crèches).
pub fn section_label(id: &str) -> Option<Label> {
    let (fr, en) = match id {
        "bebes" => ("Bébés", "Babies"),
        "moyens" => ("Moyens", "Middle"),
        "grands" => ("Grands", "Big"),
        "mixte" => ("Section mixte", "Mixed section"),
        _ => return None,
    };
    let by_lang = [("fr", fr), ("en", en)].map(|(l, t)| (l.to_string(), t.to_string()));
    Some(Label::ByLang(by_lang.into_iter().collect()))
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
        bareme_labels: bareme_labels(),
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
