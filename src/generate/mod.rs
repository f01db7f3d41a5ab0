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
//!   twins and a few sibling pairs of different ages (same `sibling_group`).
//!
//! Randomness comes from [`rng::SplitMix64`], one independent stream per crèche
//! and per family, so a seed gives the same JSON on every machine, and asking
//! for more requests keeps the first families unchanged.

mod ccmvr;
mod names;
pub mod rng;

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};

use crate::domain::instance::{
    Child, CommissionHeader, Creche, FreeBlock, History, Instance, Places, Request, Section, Slot,
    Week,
};
use rng::SplitMix64;

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
#[derive(Debug, Clone, PartialEq, Eq)]
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

// ---------------------------------------------------------------------------
// Geography

#[derive(Debug, Clone)]
struct Commune {
    name: String,
    x: f64,
    y: f64,
    /// Relative population: where families live and crèches are.
    weight: f64,
}

/// Communes, the crèches' communes and the distance scale of wishes.
#[derive(Debug, Clone)]
struct World {
    communes: Vec<Commune>,
    creche_commune: Vec<usize>,
    creche_ids: Vec<String>,
    /// Distance worth one unit of wish noise (grid step, or ~5 km).
    scale: f64,
}

impl World {
    fn distance(&self, a: usize, b: usize) -> f64 {
        let (p, q) = (&self.communes[a], &self.communes[b]);
        let (dx, dy) = (p.x - q.x, p.y - q.y);
        (dx * dx + dy * dy).sqrt()
    }
}

fn isqrt_ceil(k: usize) -> usize {
    let mut w = 1;
    while w * w < k {
        w += 1;
    }
    w
}

fn round(x: f64) -> i64 {
    (x + 0.5).floor() as i64
}

// ---------------------------------------------------------------------------
// Crèches and free places

/// One section to build: age range, full-time free places (before day
/// variations), and an optional later block (date, places).
#[derive(Debug, Clone, Copy)]
struct SectionSpec {
    id: &'static str,
    min: i64,
    max: i64,
    base: i64,
    later: Option<(&'static str, i64)>,
}

/// Most places one day and half-day of a micro-crèche may have.
const MICRO_MAX_PLACES: i64 = 12;

/// The free places of a block: `base` places, each left by a child with its own
/// planning (full time, four days without Wednesday, Monday to Thursday, four
/// days and Wednesday morning, three days, mornings), so Wednesday usually has
/// fewer places and half-days sometimes differ; now and then one more morning.
fn week_places(rng: &mut SplitMix64, base: i64, cap: i64) -> Places {
    // [day][am, pm] for mon..fri.
    const FULL: [[i64; 2]; 5] = [[1, 1]; 5];
    const NO_WED: [[i64; 2]; 5] = [[1, 1], [1, 1], [0, 0], [1, 1], [1, 1]];
    const MON_THU: [[i64; 2]; 5] = [[1, 1], [1, 1], [1, 1], [1, 1], [0, 0]];
    const WED_AM: [[i64; 2]; 5] = [[1, 1], [1, 1], [1, 0], [1, 1], [1, 1]];
    const THREE_A: [[i64; 2]; 5] = [[1, 1], [1, 1], [0, 0], [1, 1], [0, 0]];
    const THREE_B: [[i64; 2]; 5] = [[0, 0], [1, 1], [0, 0], [1, 1], [1, 1]];
    const MORNINGS: [[i64; 2]; 5] = [[1, 0]; 5];
    const LEFT: [([[i64; 2]; 5], f64); 7] = [
        (FULL, 0.45),
        (NO_WED, 0.28),
        (MON_THU, 0.06),
        (WED_AM, 0.08),
        (THREE_A, 0.04),
        (THREE_B, 0.04),
        (MORNINGS, 0.05),
    ];
    let weights: Vec<f64> = LEFT.iter().map(|l| l.1).collect();
    let mut count = [[0i64; 2]; 5];
    for _ in 0..base {
        let pattern = &LEFT[rng.weighted(&weights)].0;
        for (c, p) in count.iter_mut().zip(pattern) {
            c[0] += p[0];
            c[1] += p[1];
        }
    }
    if base > 0 && rng.chance(0.2) {
        count[rng.below(5) as usize][0] += 1; // one more morning somewhere
    }
    let mut places = Places::new();
    for (day, c) in DAYS.iter().zip(count) {
        let mut slots = BTreeMap::new();
        slots.insert("am".to_string(), c[0].clamp(0, cap));
        slots.insert("pm".to_string(), c[1].clamp(0, cap));
        places.insert(day.to_string(), slots);
    }
    places
}

/// A section with its blocks, or `None` when it has no free place at all.
fn build_section(rng: &mut SplitMix64, spec: &SectionSpec, cap: i64) -> Option<Section> {
    let mut free = Vec::new();
    if spec.base > 0 {
        free.push(FreeBlock {
            available_from: FIRST_DAY.into(),
            places: week_places(rng, spec.base, cap),
        });
    }
    if let Some((from, n)) = spec.later {
        if n > 0 {
            free.push(FreeBlock {
                available_from: from.into(),
                places: week_places(rng, n, cap),
            });
        }
    }
    (!free.is_empty()).then(|| Section {
        id: spec.id.into(),
        min_age_months: spec.min,
        max_age_months: spec.max,
        free,
    })
}

fn build_creche(
    rng: &mut SplitMix64,
    id: String,
    name: String,
    commune: String,
    micro: bool,
    specs: &[SectionSpec],
) -> Creche {
    let cap = if micro { MICRO_MAX_PLACES } else { i64::MAX };
    Creche {
        id,
        name,
        commune: Some(commune),
        sections: specs
            .iter()
            .filter_map(|s| build_section(rng, s, cap))
            .collect(),
    }
}

/// Communes on a jittered grid, crèches in communes by population, about one
/// micro-crèche in five, and free places for about one full-time place per 3.5
/// requests.
fn generic_creches(n: usize, requests: usize, seed: u64) -> (World, Vec<Creche>) {
    let mut map = SplitMix64::stream(seed, STREAM_MAP, 0);
    let k = (n * 3 / 4 + 1).max(2);
    let width = isqrt_ceil(k);
    let communes: Vec<Commune> = (0..k)
        .map(|i| {
            let u = map.unit();
            Commune {
                name: names::commune(i),
                x: (i % width) as f64 + 0.6 * map.unit() - 0.3,
                y: (i / width) as f64 + 0.6 * map.unit() - 0.3,
                weight: 0.3 + 3.0 * u * u,
            }
        })
        .collect();
    // Crèches where people live, but a town with one crèche less likely gets another.
    let mut weights: Vec<f64> = communes.iter().map(|c| c.weight).collect();
    let creche_commune: Vec<usize> = (0..n)
        .map(|_| {
            let k = map.weighted(&weights);
            weights[k] *= 0.5;
            k
        })
        .collect();

    // Exactly round(n / 5) micro-crèches, at random positions.
    let mut order: Vec<usize> = (0..n).collect();
    map.shuffle(&mut order);
    let micro_count = (n + 2) / 5;
    let mut micro = vec![false; n];
    for &i in &order[..micro_count] {
        micro[i] = true;
    }
    let micro_places: Vec<i64> = (0..n)
        .map(|i| if micro[i] { map.range(1, 3) } else { 0 })
        .collect();
    let size: Vec<f64> = (0..n)
        .map(|i| {
            if micro[i] {
                0.0
            } else {
                0.6 + 0.8 * map.unit()
            }
        })
        .collect();

    // Full-time-equivalent free places (10 half-days): one for every 3.5
    // requests; a freed place averages about 8.7 half-days.
    let total = requests as f64 / 3.5 * 1.15;
    let micro_total: i64 = micro_places.iter().sum();
    let size_total: f64 = size.iter().sum();
    let big_total = (total - micro_total as f64).max((n - micro_count) as f64);

    let width_ids = n.to_string().len().max(3);
    let creche_ids: Vec<String> = (1..=n).map(|i| format!("c{i:0width_ids$}")).collect();
    let mut used_names = std::collections::BTreeSet::new();
    let mut creches = Vec::with_capacity(n);
    for i in 0..n {
        let mut rng = SplitMix64::stream(seed, STREAM_CRECHE, i as u64);
        let commune = communes[creche_commune[i]].name.clone();
        let mut base_name = *rng.pick(names::CRECHE_NAMES);
        for _ in 0..4 {
            if !used_names.contains(base_name) {
                break;
            }
            base_name = *rng.pick(names::CRECHE_NAMES);
        }
        // A base name still used gets the commune, then a number.
        let mut name = base_name.to_string();
        if used_names.contains(&name) {
            name = format!("{base_name} ({commune})");
        }
        let mut k = 2;
        while used_names.contains(&name) {
            name = format!("{base_name} ({commune}) {k}");
            k += 1;
        }
        used_names.insert(name.clone());
        if micro[i] {
            name = format!("Micro-crèche {name}");
        }

        let later = |rng: &mut SplitMix64, n: i64| {
            rng.chance(0.2).then(|| {
                let from = if rng.chance(0.5) {
                    "2027-02-01"
                } else {
                    "2027-03-01"
                };
                (from, rng.range(1, (n / 3).max(1)))
            })
        };
        let specs: Vec<SectionSpec> = if micro[i] {
            let base = micro_places[i];
            vec![SectionSpec {
                id: "mixte",
                min: 0,
                max: 48,
                base,
                later: later(&mut rng, base),
            }]
        } else {
            let fte = big_total * size[i] / size_total;
            let mut out = Vec::new();
            let bebes_max = *rng.pick(&[15, 18, 18, 18]);
            let moyens_min = *rng.pick(&[12, 12, 15]);
            let moyens_max = *rng.pick(&[24, 27, 30, 30]);
            let grands_min = (*rng.pick(&[24, 24, 27])).min(moyens_max);
            let grands_max = *rng.pick(&[36, 42, 48, 48, 48]);
            for (id, min, max, share) in [
                ("bebes", 0, bebes_max, 0.45),
                ("moyens", moyens_min, moyens_max, 0.30),
                ("grands", grands_min, grands_max, 0.25),
            ] {
                let mut base = round(fte * share * (0.75 + 0.5 * rng.unit()));
                if rng.chance(0.08) {
                    base = 0; // no departure in this section this quarter
                }
                let later = later(&mut rng, base.max(1));
                out.push(SectionSpec {
                    id,
                    min,
                    max,
                    base,
                    later,
                });
            }
            if out.iter().all(|s| s.base == 0 && s.later.is_none()) {
                out[1].base = 1;
            }
            out
        };
        creches.push(build_creche(
            &mut rng,
            creche_ids[i].clone(),
            name,
            commune,
            micro[i],
            &specs,
        ));
    }
    let world = World {
        communes,
        creche_commune,
        creche_ids,
        scale: 1.0,
    };
    (world, creches)
}

// ---------------------------------------------------------------------------
// Families and requests

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Single,
    /// Two requests, same birth date.
    Twins,
    /// Two requests, a baby and an older child.
    Siblings,
}

/// Proportions of the family generator.
#[derive(Debug, Clone, Copy)]
struct Profile {
    /// Per family; twins make two requests, so about twice as many requests.
    p_twins: f64,
    p_siblings: f64,
    p_too_young: f64,
    p_too_old: f64,
    p_renewal: f64,
    p_no_show: f64,
    p_fratrie_structure: f64,
    p_non_resident: f64,
    /// Digits of the request ids (`D-00001`).
    id_digits: usize,
}

impl Profile {
    const GENERATED: Profile = Profile {
        p_twins: 0.01,
        p_siblings: 0.006,
        p_too_young: 0.012,
        p_too_old: 0.008,
        p_renewal: 0.19,
        p_no_show: 0.015,
        p_fratrie_structure: 0.05,
        p_non_resident: 0.04,
        id_digits: 5,
    };
}

/// What a caller imposes on one family (the default commission's set pieces).
#[derive(Debug, Clone, Copy, Default)]
struct Force {
    kind: Option<Kind>,
    /// Age in days at the start date.
    age_days: Option<i64>,
    start: Option<&'static str>,
    no_shows: Option<i64>,
    fratrie_structure: Option<bool>,
    planning: Option<PlanningKind>,
}

/// Generates families until `count` requests exist; requests are numbered in
/// creation order, twins and siblings consecutively with a shared group.
fn families(
    world: &World,
    profile: &Profile,
    count: usize,
    seed: u64,
    force: impl Fn(usize) -> Force,
) -> Vec<Request> {
    let mut out: Vec<Request> = Vec::with_capacity(count);
    let mut groups = 0;
    let mut family = 0;
    let digits = profile.id_digits.max(count.to_string().len());
    while out.len() < count {
        let mut rng = SplitMix64::stream(seed, STREAM_FAMILY, family as u64);
        let mut reqs = family_requests(&mut rng, world, profile, force(family), count - out.len());
        if reqs.len() > 1 {
            groups += 1;
            for r in &mut reqs {
                r.sibling_group = Some(format!("G-{groups:04}"));
            }
        }
        for mut r in reqs {
            r.id = format!("D-{:0digits$}", out.len() + 1);
            out.push(r);
        }
        family += 1;
    }
    out
}

fn family_requests(
    rng: &mut SplitMix64,
    world: &World,
    p: &Profile,
    force: Force,
    room: usize,
) -> Vec<Request> {
    let r = rng.unit();
    let mut kind = force.kind.unwrap_or(if r < p.p_twins {
        Kind::Twins
    } else if r < p.p_twins + p.p_siblings {
        Kind::Siblings
    } else {
        Kind::Single
    });
    if room < 2 {
        kind = Kind::Single;
    }

    // Where the family lives and works.
    let weights: Vec<f64> = world.communes.iter().map(|c| c.weight).collect();
    let resident = !rng.chance(p.p_non_resident);
    let home = rng.weighted(&weights);
    let works_here = !resident || rng.chance(0.45);
    let work = if works_here && rng.chance(0.5) {
        rng.weighted(&weights)
    } else {
        home
    };
    let near_work = !resident || (work != home && rng.chance(0.4));

    // When, who, how.
    let start = force.start.map(date).unwrap_or_else(|| draw_start(rng));
    let age = force.age_days.unwrap_or_else(|| draw_age(rng, p, kind));
    let birth = start - Duration::days(age);
    let older_birth =
        (kind == Kind::Siblings).then(|| start - Duration::days(rng.range(610, 1040)));
    let kind_of_planning = force.planning.unwrap_or_else(|| draw_planning_kind(rng));
    let planning = planning(rng, kind_of_planning);
    let wishes = draw_wishes(rng, world, home, near_work.then_some(work));

    // History, then the request date it implies. A request presented at the
    // July commission (entries October-December) needs a child born by late
    // September; at the May one too (entries July-September), by late July.
    let presented_once = birth <= date("2026-09-20");
    let presented_twice = birth <= date("2026-07-20");
    let renewals = if rng.chance(p.p_renewal) && presented_once {
        if rng.chance(0.75) || !presented_twice {
            1
        } else {
            2
        }
    } else {
        0
    };
    let family_refusals = if renewals == 0 && presented_once && rng.chance(0.05) {
        if rng.chance(0.8) {
            1
        } else {
            2
        }
    } else {
        0
    };
    let no_shows = force.no_shows.unwrap_or_else(|| {
        if rng.chance(p.p_no_show) {
            if rng.chance(0.9) {
                1
            } else {
                2
            }
        } else {
            0
        }
    });
    // `birth` is the youngest child's (siblings: the baby).
    let submitted = draw_submitted(rng, renewals, birth);

    // Rank-1 criteria.
    let mut criteria: Vec<&str> = Vec::new();
    if resident {
        criteria.push("domicile_ccmvr");
    }
    if works_here {
        criteria.push("travail_ccmvr");
    }
    let six = start.checked_sub_months(Months::new(6)).expect("date");
    let four = start.checked_sub_months(Months::new(4)).expect("date");
    let anteriority = if submitted <= six {
        Some("anteriorite_6_mois")
    } else if submitted <= four {
        Some("anteriorite_4_6_mois")
    } else {
        None
    };
    criteria.extend(anteriority);
    if rng.chance(0.02) {
        criteria.push("nouvelle_demande_apres_place_non_choisie");
    }
    let s = rng.unit();
    let (situation, active) = if s < 0.60 {
        ("couple_bi_actif", true)
    } else if s < 0.70 {
        ("monoparentale_active", true)
    } else if s < 0.88 {
        ("couple_mono_actif", false)
    } else if s < 0.95 {
        ("monoparentale_non_active", false)
    } else {
        ("", false) // a couple where neither parent works: no criterion
    };
    if !situation.is_empty() {
        criteria.push(situation);
    }
    let fragile_family = situation == "monoparentale_non_active";
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
    if anteriority.is_none() && rng.chance(0.03) {
        criteria.push("adoption");
    }
    if active && rng.chance(0.03) {
        criteria.push("mutation_professionnelle");
    }
    if !active && rng.chance(0.25) {
        criteria.push("retour_emploi_formation");
    }
    match kind {
        Kind::Twins => criteria.extend(["naissance_multiple", "plusieurs_enfants"]),
        Kind::Siblings => criteria.push("plusieurs_enfants"),
        Kind::Single => {}
    }
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
            criteria.push(c);
        }
    }
    criteria.sort_by_key(|c| BAREME.iter().position(|(k, _)| k == c));

    // A brother or sister already in one of the wished crèches, usually the first.
    let mut creche_criteria = BTreeMap::new();
    let fratrie = force
        .fratrie_structure
        .unwrap_or_else(|| rng.chance(p.p_fratrie_structure));
    if fratrie {
        let k = if wishes.len() == 1 || rng.chance(0.85) {
            0
        } else {
            rng.range(1, wishes.len() as i64 - 1) as usize
        };
        creche_criteria.insert(
            world.creche_ids[wishes[k]].clone(),
            vec!["fratrie_dans_structure".to_string()],
        );
    }

    let template = Request {
        id: String::new(),
        child: child(birth),
        start: start.to_string(),
        planning,
        wishes: wishes
            .iter()
            .map(|&c| world.creche_ids[c].clone())
            .collect(),
        criteria: criteria.iter().map(|c| c.to_string()).collect(),
        creche_criteria,
        history: History {
            renewals,
            family_refusals,
            no_shows,
        },
        sibling_group: None,
        submitted: submitted.to_string(),
        points: None,
    };
    match kind {
        Kind::Single => vec![template],
        Kind::Twins => vec![template.clone(), template],
        Kind::Siblings => {
            let mut older = template.clone();
            older.child = child(older_birth.expect("siblings have an older child"));
            vec![older, template]
        }
    }
}

fn child(birth: NaiveDate) -> Child {
    if birth > date(COMMISSION_DATE) {
        Child {
            birth_date: None,
            expected_birth_date: Some(birth.to_string()),
        }
    } else {
        Child {
            birth_date: Some(birth.to_string()),
            expected_birth_date: None,
        }
    }
}

/// The start date: the first Monday of January, a first of month, or any
/// working day of the quarter.
fn draw_start(rng: &mut SplitMix64) -> NaiveDate {
    let r = rng.unit();
    if r < 0.36 {
        return date(FIRST_DAY);
    }
    if r < 0.40 {
        return date(ENTRY_FROM);
    }
    if r < 0.54 {
        return date("2027-02-01");
    }
    if r < 0.66 {
        return date("2027-03-01");
    }
    let from = date(ENTRY_FROM);
    let days = (date(ENTRY_TO) - from).num_days();
    loop {
        let d = from + Duration::days(rng.range(0, days));
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            return d;
        }
    }
}

/// Age at the start date, in days: mostly babies, then toddlers; a few too
/// young (under 10 weeks) or too old for any section.
fn draw_age(rng: &mut SplitMix64, p: &Profile, kind: Kind) -> i64 {
    if kind == Kind::Siblings {
        return rng.range(90, 330);
    }
    let r = rng.unit();
    if r < p.p_too_young {
        return rng.range(20, 69);
    }
    if r < p.p_too_young + p.p_too_old {
        return rng.range(1495, 1700); // 49 to 55 months
    }
    let r = rng.unit();
    let u = rng.unit();
    if r < 0.52 {
        // 10 weeks to a year, more often young (end of parental leave).
        70 + (295.0 * u * (0.4 + 0.6 * u)) as i64
    } else if r < 0.77 {
        365 + (365.0 * u) as i64
    } else if r < 0.96 {
        730 + (365.0 * u) as i64
    } else {
        // Past 3 years: waiting for school, or school deferred.
        1095 + (270.0 * u) as i64
    }
}

/// The request date: 1 to 12 months before the commission, more often recent;
/// earlier for renewals (presented at the July, then May commission); not before
/// the 4th month of pregnancy.
fn draw_submitted(rng: &mut SplitMix64, renewals: i64, birth: NaiveDate) -> NaiveDate {
    let commission = date(COMMISSION_DATE);
    let mut hi = commission - Duration::days(30);
    if renewals >= 1 {
        hi = hi.min(date("2026-06-14"));
    }
    if renewals >= 2 {
        hi = hi.min(date("2026-04-14"));
    }
    let lo = (commission - Duration::days(365))
        .max(birth - Duration::days(168))
        .min(hi);
    let span = (hi - lo).num_days() as f64;
    let u = rng.unit();
    hi - Duration::days((span * u * u) as i64)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PlanningKind {
    FullTime,
    FourNoWednesday,
    FourOther,
    ThreeDays,
    TwoDays,
    Mornings,
    Mixed,
    Afternoons,
    SplitDays,
}

fn draw_planning_kind(rng: &mut SplitMix64) -> PlanningKind {
    use PlanningKind::*;
    const KINDS: [(PlanningKind, f64); 9] = [
        (FullTime, 0.38),
        (FourNoWednesday, 0.24),
        (FourOther, 0.06),
        (ThreeDays, 0.12),
        (TwoDays, 0.05),
        (Mornings, 0.04),
        (Mixed, 0.08),
        (Afternoons, 0.01),
        (SplitDays, 0.02),
    ];
    let w: Vec<f64> = KINDS.iter().map(|k| k.1).collect();
    KINDS[rng.weighted(&w)].0
}

const FULL_DAYS: &[&str] = &[
    "08:00-17:30",
    "07:30-18:00",
    "08:30-17:00",
    "07:45-18:15",
    "08:15-17:45",
    "09:00-16:30",
];
const MORNINGS: &[&str] = &["08:00-12:00", "07:30-12:15", "08:30-12:00", "08:00-12:30"];
const AFTERNOONS: &[&str] = &["13:30-18:00", "13:00-18:30", "13:30-17:30"];

/// Day → time ranges for a kind of planning, with the family's own hours.
fn planning(rng: &mut SplitMix64, kind: PlanningKind) -> BTreeMap<String, Vec<String>> {
    use PlanningKind::*;
    let full = *rng.pick(FULL_DAYS);
    let morning = *rng.pick(MORNINGS);
    let afternoon = *rng.pick(AFTERNOONS);
    let mut p: Vec<(&str, Vec<&str>)> = Vec::new();
    let days =
        |ds: &[&'static str], range: &'static str| -> Vec<(&'static str, Vec<&'static str>)> {
            ds.iter().map(|&d| (d, vec![range])).collect()
        };
    match kind {
        FullTime => p = days(&DAYS, full),
        FourNoWednesday => p = days(&["mon", "tue", "thu", "fri"], full),
        FourOther => {
            let ds = rng.pick(&[["mon", "tue", "wed", "thu"], ["tue", "wed", "thu", "fri"]]);
            p = days(ds, full);
        }
        ThreeDays => {
            let ds = rng.pick(&[
                ["mon", "tue", "thu"],
                ["mon", "thu", "fri"],
                ["tue", "thu", "fri"],
                ["mon", "tue", "fri"],
                ["mon", "wed", "fri"],
                ["tue", "wed", "thu"],
            ]);
            p = days(ds, full);
        }
        TwoDays => {
            let ds = rng.pick(&[
                ["tue", "thu"],
                ["mon", "thu"],
                ["mon", "tue"],
                ["thu", "fri"],
                ["wed", "fri"],
            ]);
            p = days(ds, full);
        }
        Mornings => {
            let ds: &[&str] = if rng.chance(0.6) {
                &DAYS
            } else {
                &["mon", "tue", "thu", "fri"]
            };
            p = ds.iter().map(|&d| (d, vec![morning])).collect();
        }
        Mixed => {
            // Full days, plus one or two mornings (often Wednesday).
            let (fulls, mornings): (&[&str], &[&str]) = *rng.pick(&[
                (&["mon", "tue", "thu", "fri"][..], &["wed"][..]),
                (&["mon", "tue", "thu"][..], &["wed", "fri"][..]),
                (&["mon", "thu"][..], &["tue", "fri"][..]),
                (&["tue", "wed", "thu"][..], &["mon"][..]),
                (&["mon", "tue", "wed", "thu"][..], &["fri"][..]),
            ]);
            p.extend(fulls.iter().map(|&d| (d, vec![full])));
            p.extend(mornings.iter().map(|&d| (d, vec![morning])));
        }
        Afternoons => {
            p = ["mon", "tue", "thu"]
                .iter()
                .map(|&d| (d, vec![afternoon]))
                .collect();
        }
        SplitDays => {
            // Lunch at home: two ranges a day.
            p = ["mon", "tue", "thu", "fri"]
                .iter()
                .map(|&d| (d, vec!["08:00-11:45", "13:45-17:30"]))
                .collect();
        }
    }
    p.into_iter()
        .map(|(d, rs)| (d.to_string(), rs.iter().map(|r| r.to_string()).collect()))
        .collect()
}

/// 1 to 5 wishes: the crèches nearest home (or work), with some noise.
fn draw_wishes(
    rng: &mut SplitMix64,
    world: &World,
    home: usize,
    work: Option<usize>,
) -> Vec<usize> {
    let n = world.creche_commune.len();
    let k = (rng.weighted(&[12.0, 22.0, 30.0, 18.0, 18.0]) + 1).min(n);
    let mut scored: Vec<(f64, usize)> = (0..n)
        .map(|c| {
            let cc = world.creche_commune[c];
            let mut d = world.distance(home, cc);
            if let Some(w) = work {
                d = d.min(world.distance(w, cc));
            }
            (d / world.scale + 1.5 * rng.unit(), c)
        })
        .collect();
    scored.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(k).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests;
