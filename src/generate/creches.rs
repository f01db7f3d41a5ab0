//! Crèches and their free places.
//!
//! A section's free places this quarter are the places children leave: each
//! leaving child had its own planning, so places vary by day (Wednesday
//! usually has fewer) and sometimes by half-day. Sections `bebes`, `moyens`
//! and `grands` have overlapping age ranges; micro-crèches have one `mixte`
//! section 0-48 months and at most 12 places. Some sections have a second
//! block free only from 1 February or 1 March.

use std::collections::{BTreeMap, BTreeSet};

use super::bareme::section_label;
use super::calendar::{DAYS, FIRST_DAY, STREAM_CRECHE, STREAM_MAP};
use super::names;
use super::rng::SplitMix64;
use super::world::{grid_communes, place_creches, World};
use crate::domain::instance::{Creche, FreeBlock, Places, Section};

/// One section to build: age range, full-time free places (before day
/// variations), and an optional later block (date, places).
#[derive(Debug, Clone, Copy)]
pub(super) struct SectionSpec {
    pub id: &'static str,
    pub min: i64,
    pub max: i64,
    pub base: i64,
    pub later: Option<(&'static str, i64)>,
}

/// Most places one day and half-day of a micro-crèche may have.
const MICRO_MAX_PLACES: i64 = 12;

fn round(x: f64) -> i64 {
    (x + 0.5).floor() as i64
}

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
        label: section_label(spec.id),
        min_age_months: spec.min,
        max_age_months: spec.max,
        free,
    })
}

pub(super) fn build_creche(
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
pub(super) fn generic_creches(n: usize, requests: usize, seed: u64) -> (World, Vec<Creche>) {
    let mut map = SplitMix64::stream(seed, STREAM_MAP, 0);
    let communes = grid_communes(&mut map, (n * 3 / 4 + 1).max(2));
    let creche_commune = place_creches(&mut map, &communes, n);

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
    let mut used_names = BTreeSet::new();
    let mut creches = Vec::with_capacity(n);
    for i in 0..n {
        let mut rng = SplitMix64::stream(seed, STREAM_CRECHE, i as u64);
        let commune = communes[creche_commune[i]].name.clone();
        let name = creche_name(&mut rng, &mut used_names, &commune, micro[i]);
        let specs = if micro[i] {
            let base = micro_places[i];
            vec![SectionSpec {
                id: "mixte",
                min: 0,
                max: 48,
                base,
                later: later_block(&mut rng, base),
            }]
        } else {
            age_sections(&mut rng, big_total * size[i] / size_total)
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

/// A name from the list, not used yet if a few draws allow; otherwise with the
/// commune, then a number. Micro-crèches say so.
fn creche_name(
    rng: &mut SplitMix64,
    used: &mut BTreeSet<String>,
    commune: &str,
    micro: bool,
) -> String {
    let mut base_name = *rng.pick(names::CRECHE_NAMES);
    for _ in 0..4 {
        if !used.contains(base_name) {
            break;
        }
        base_name = *rng.pick(names::CRECHE_NAMES);
    }
    let mut name = base_name.to_string();
    if used.contains(&name) {
        name = format!("{base_name} ({commune})");
    }
    let mut k = 2;
    while used.contains(&name) {
        name = format!("{base_name} ({commune}) {k}");
        k += 1;
    }
    used.insert(name.clone());
    if micro {
        name = format!("Micro-crèche {name}");
    }
    name
}

/// One section in five also has places free only from 1 February or 1 March.
fn later_block(rng: &mut SplitMix64, n: i64) -> Option<(&'static str, i64)> {
    rng.chance(0.2).then(|| {
        let from = if rng.chance(0.5) {
            "2027-02-01"
        } else {
            "2027-03-01"
        };
        (from, rng.range(1, (n / 3).max(1)))
    })
}

/// The three age sections of a crèche with `fte` full-time places to share:
/// overlapping age ranges that differ a little between crèches; now and then
/// a section with no departure this quarter.
fn age_sections(rng: &mut SplitMix64, fte: f64) -> Vec<SectionSpec> {
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
        let later = later_block(rng, base.max(1));
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wednesday_has_no_more_places_than_monday_on_average() {
        let mut rng = SplitMix64::new(3);
        let (mut mon, mut wed) = (0, 0);
        for _ in 0..200 {
            let p = week_places(&mut rng, 4, i64::MAX);
            mon += p["mon"]["am"] + p["mon"]["pm"];
            wed += p["wed"]["am"] + p["wed"]["pm"];
        }
        assert!(wed < mon, "wed {wed} mon {mon}");
    }

    #[test]
    fn micro_places_are_capped() {
        let mut rng = SplitMix64::new(4);
        let p = week_places(&mut rng, 30, MICRO_MAX_PLACES);
        assert!(p.values().flat_map(|s| s.values()).all(|&n| n <= 12));
    }

    #[test]
    fn sections_overlap_in_age() {
        let mut rng = SplitMix64::new(5);
        for _ in 0..50 {
            let s = age_sections(&mut rng, 6.0);
            assert!(s[1].min <= s[0].max && s[2].min <= s[1].max);
            assert!(s.iter().any(|x| x.base > 0 || x.later.is_some()));
        }
    }
}
